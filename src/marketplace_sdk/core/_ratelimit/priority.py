"""Urgent calls: the ones a rate limiter lets go before this process's background calls.

An OMS spends one request budget on work of different weight: a stock write that arrives late
can oversell, a late order poll costs nothing. Calls made inside `urgent()` are urgent; the
`RateLimiter` lets an urgent call waiting for a slot go before background calls waiting in the
same process (`RateLimiter.queued`). The `StockPusher` makes its stock pushes urgent.

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

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

__all__ = ["is_urgent", "urgent"]

_URGENT: ContextVar[bool] = ContextVar("marketplace_sdk_urgent", default=False)


@contextmanager
def urgent() -> Iterator[None]:
    """Make the calls inside the block urgent: they take rate-limit slots before the process's
    background calls (which still get theirs: see `RateLimiter`'s `priority_hold`).

    Examples:
        with urgent():
            channel.push_stock(updates)
    """
    token = _URGENT.set(True)
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
    return _URGENT.get()
