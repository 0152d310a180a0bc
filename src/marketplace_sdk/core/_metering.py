"""Count the HTTP requests a piece of work sends, whatever client or channel sends them.

The engines record every attempt they put on the wire (retries included) into the meters active
in the current context, and every attempt that failed, by class (`failure_class`: a timeout, a
dropped connection, an HTTP status, an unreadable body), with the retries they made. A
scheduler wraps a job run in `metered()` and reads the counts for its run report, without the
job or the channel knowing. Meters follow `contextvars`, so a run in one thread or task never
counts another's requests; meters nest (an outer meter sees the inner meter's requests too).

Examples:
    >>> with metered() as meter:
    ...     record_request("etsy")
    ...     record_failure("etsy", TransportTimeoutError("read timed out"))
    ...     record_retry("etsy")
    ...     record_request("etsy")
    >>> meter.requests, dict(meter.by_marketplace), meter.retries, dict(meter.failures)
    (2, {'etsy': 2}, 1, {'timeout': 1})
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

import attrs

from marketplace_sdk.core._errors import (
    ApiError,
    QuotaExhaustedError,
    RateLimitedError,
    ResponseParseError,
    TransportError,
    TransportTimeoutError,
)

__all__ = [
    "RequestMeter",
    "failure_class",
    "metered",
    "record_failure",
    "record_request",
    "record_retry",
]

_active: ContextVar[tuple[RequestMeter, ...]] = ContextVar("marketplace_sdk_meters", default=())


@attrs.define
class RequestMeter:
    """How many requests were sent while the meter was active, in total and per marketplace.

    Attributes:
        requests: attempts put on the wire, retries included.
        by_marketplace: the same, per marketplace.
        retries: attempts sent again after a failed one.
        failures: failed attempts by `failure_class` (retried or not).

    Examples:
        >>> RequestMeter().requests
        0
    """

    requests: int = 0
    by_marketplace: Counter[str] = attrs.Factory(Counter)
    retries: int = 0
    failures: Counter[str] = attrs.Factory(Counter)

    def add(self, marketplace: str) -> None:
        """Count one request to `marketplace`.

        Examples:
            >>> meter = RequestMeter(); meter.add("fnac"); meter.requests
            1
        """
        self.requests += 1
        self.by_marketplace[marketplace] += 1


def failure_class(error: BaseException) -> str:
    """The class a failed attempt is counted under: what went wrong on the wire.

    Examples:
        >>> failure_class(TransportTimeoutError("read timed out", sent=True))
        'timeout'
        >>> failure_class(TransportError("refused", sent=False))
        'connection_refused'
        >>> failure_class(RateLimitedError("slow down", status=429, retry_after=2))
        'http_429'
        >>> failure_class(ResponseParseError("not JSON", status=200))
        'unreadable_body'
    """
    if isinstance(error, TransportTimeoutError):
        return "timeout" if error.sent else "timeout_before_sending"
    if isinstance(error, TransportError):
        return "connection_lost" if error.sent else "connection_refused"
    if isinstance(error, QuotaExhaustedError):
        return "quota_exhausted"
    if isinstance(error, RateLimitedError):
        return "http_429"
    if isinstance(error, ResponseParseError):
        return "unreadable_body"
    if isinstance(error, ApiError) and error.status is not None:
        return f"http_{error.status}"
    return type(error).__name__


def record_failure(marketplace: str, error: BaseException) -> None:
    """Count one failed attempt in every active meter, by `failure_class` (the engines call it).

    Examples:
        >>> record_failure("fnac", TransportError("reset"))  # no meter active
    """
    for meter in _active.get():
        meter.failures[failure_class(error)] += 1


def record_retry(marketplace: str) -> None:
    """Count one retry (an attempt sent again after a failure) in every active meter.

    Examples:
        >>> record_retry("etsy")  # no meter active: nothing to count
    """
    for meter in _active.get():
        meter.retries += 1


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
