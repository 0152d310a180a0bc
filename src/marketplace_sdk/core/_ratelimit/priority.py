"""Urgent calls: the ones a rate limiter lets go before this process's background calls.

An OMS spends one request budget on work of different weight: a stock write that arrives late
can oversell, a late order poll costs nothing. Calls made inside `urgent()` are urgent; the
`RateLimiter` lets an urgent call waiting for a slot go before background calls waiting in the
same process (`RateLimiter.queued`). The `StockPusher` makes its stock pushes urgent.

Urgent calls are served oldest first: `urgent(since=...)` names when the work they carry
became due (a stock push, its oldest change), and an urgent call leaves the next slot to an
urgent call of the same process waiting with an older `since`. Without it, a burst's newer
writes interleave with its older ones (two pushes in flight at once) and the oldest changes wait
longest.

The mark lives in a context variable: it follows the code inside the `with` block, awaits and
tasks started there included, and not other threads.

Examples:
    >>> is_urgent()
    False
    >>> with urgent():
    ...     is_urgent()
    True
    >>> is_urgent()
    False
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["is_urgent", "urgency_since", "urgent"]

#: Inside `urgent()`: when its work became due (`math.inf` when not said); else `None`.
_URGENT: ContextVar[float | None] = ContextVar("marketplace_sdk_urgent", default=None)


@contextmanager
def urgent(since: float | None = None) -> Iterator[None]:
    """Make the calls inside the block urgent: they take rate-limit slots before the process's
    background calls (which still get theirs: see `RateLimiter`'s `priority_hold`).

    Args:
        since: when the work became due, in any one clock's seconds (a POSIX timestamp): an
            urgent call leaves the next slot to one waiting with an older `since`. Without it
            the call comes after every urgent call that names one.

    Examples:
        with urgent(since=oldest_change.timestamp()):
            channel.push_stock(updates)
    """
    token = _URGENT.set(math.inf if since is None else since)
    try:
        yield
    finally:
        _URGENT.reset(token)


def is_urgent() -> bool:
    """Whether the current code runs inside `urgent()`.

    Examples:
        >>> is_urgent()
        False
    """
    return _URGENT.get() is not None


def urgency_since() -> float | None:
    """The `since` of the `urgent()` block the code runs in (`math.inf` when it named none), or
    `None` outside one.

    Examples:
        >>> with urgent(since=5.0):
        ...     urgency_since()
        5.0
        >>> urgency_since() is None
        True
    """
    return _URGENT.get()
