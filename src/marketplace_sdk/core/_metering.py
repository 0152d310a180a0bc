"""Count the HTTP requests a piece of work sends, whatever client or channel sends them.

The engines record every attempt they put on the wire (retries included) into the meters active
in the current context. A scheduler wraps a job run in `metered()` and reads the count for its run
report, without the job or the channel knowing. Meters follow `contextvars`, so a run in one
thread or task never counts another's requests; meters nest (an outer meter sees the inner
meter's requests too).

Examples:
    >>> with metered() as meter:
    ...     record_request("etsy")
    ...     record_request("etsy")
    >>> meter.requests, dict(meter.by_marketplace)
    (2, {'etsy': 2})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import attrs

__all__ = ["RequestMeter", "metered", "record_request"]

_active: ContextVar[tuple[RequestMeter, ...]] = ContextVar("marketplace_sdk_meters", default=())


@attrs.define
class RequestMeter:
    """How many requests were sent while the meter was active, in total and per marketplace.

    Examples:
        >>> RequestMeter().requests
        0
    """

    requests: int = 0
    by_marketplace: Counter[str] = attrs.Factory(Counter)

    def add(self, marketplace: str) -> None:
        """Count one request to `marketplace`.

        Examples:
            >>> meter = RequestMeter(); meter.add("fnac"); meter.requests
            1
        """
        self.requests += 1
        self.by_marketplace[marketplace] += 1


def record_request(marketplace: str) -> None:
    """Count one request in every meter active in this context (the engines call it).

    Examples:
        >>> record_request("etsy")  # no meter active: nothing to count
    """
    for meter in _active.get():
        meter.add(marketplace)


@contextmanager
def metered() -> Iterator[RequestMeter]:
    """Count the requests sent inside the block.

    Examples:
        >>> with metered() as outer:
        ...     with metered() as inner:
        ...         record_request("fnac")
        >>> outer.requests, inner.requests
        (1, 1)
    """
    meter = RequestMeter()
    token = _active.set((*_active.get(), meter))
    try:
        yield meter
    finally:
        _active.reset(token)
