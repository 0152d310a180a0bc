"""Retry rules: which failures are retried, how long to wait, and `Retry-After`.

Pure functions, shared by the sync and async engines (which hand them to tenacity):

- transport errors are retried on idempotent requests; on a write only when the error proves the
  request never left (a connection error), since a timed-out write may have been applied;
- 429 is retried on any request (the marketplace refused it without acting on it), after the
  `Retry-After` it asks for when that is no longer than `RetryPolicy.max_retry_after`;
- 500, 502, 503 and 504 are retried on idempotent requests (and on a request whose 5xx the
  marketplace guarantees applied nothing: `ApiRequest.retry_server_errors`), and so is a
  server failure that the marketplace reports inside a successful HTTP answer;
- an answer that is empty, cut short or not well-formed (a transient `ResponseParseError`) is
  retried on idempotent requests: reading it as a shorter answer would lose records;
- waits otherwise grow exponentially with full jitter (a random wait between 0 and the cap).

Examples:
    >>> from datetime import UTC, datetime
    >>> parse_retry_after("120", now=datetime(2026, 1, 1, tzinfo=UTC))
    120.0
    >>> parse_retry_after("Thu, 01 Jan 2026 00:00:30 GMT", now=datetime(2026, 1, 1, tzinfo=UTC))
    30.0
"""

from __future__ import annotations

import math
import random
from datetime import UTC, datetime

import attrs
from dateutil import parser as date_parser

from marketplace_sdk.core._errors import (
    ErrorClass,
    MarketplaceError,
    QuotaExhaustedError,
    RateLimitedError,
    ResponseParseError,
    ServerError,
    TransportError,
)
from marketplace_sdk.core._request import ApiRequest

__all__ = [
    "RETRYABLE_STATUSES",
    "RetryPolicy",
    "backoff_delay",
    "parse_retry_after",
    "retry_delay",
    "should_retry",
]

#: Server statuses retried on idempotent requests (a read that broke the server may not next time).
RETRYABLE_STATUSES = frozenset({500, 502, 503, 504})


@attrs.frozen(kw_only=True)
class RetryPolicy:
    """How hard the engine tries before giving up.

    Attributes:
        max_attempts: attempts in all, the first included.
        base_delay: the first backoff cap in seconds; it doubles with each attempt.
        max_delay: the largest backoff cap in seconds.
        deadline: seconds for the whole call, all attempts and waits included.
        max_retry_after: the longest `Retry-After` the engine waits for; a longer one is raised
            as `RateLimitedError` (with `retry_after`) for the caller to schedule.

    Examples:
        >>> RetryPolicy(max_attempts=3).max_attempts
        3
    """

    max_attempts: int = attrs.field(default=5, validator=attrs.validators.ge(1))
    base_delay: float = attrs.field(default=0.5, validator=attrs.validators.ge(0))
    max_delay: float = attrs.field(default=30.0, validator=attrs.validators.ge(0))
    deadline: float = attrs.field(default=120.0, validator=attrs.validators.gt(0))
    max_retry_after: float = attrs.field(default=120.0, validator=attrs.validators.ge(0))

    @classmethod
    def none(cls) -> RetryPolicy:
        """A policy that never retries.

        Examples:
            >>> RetryPolicy.none().max_attempts
            1
        """
        return cls(max_attempts=1)


def parse_retry_after(value: str | None, *, now: datetime) -> float | None:
    """Seconds to wait from a `Retry-After` value: delta-seconds or an HTTP date.

    A date in the past gives 0; a value that is neither (garbage, empty, NaN) gives `None`.

    Examples:
        >>> from datetime import UTC, datetime
        >>> parse_retry_after("soon", now=datetime(2026, 1, 1, tzinfo=UTC)) is None
        True
    """
    if value is None:
        return None
    text = value.strip()
    if not text:
        return None
    try:
        seconds = float(text)
    except ValueError:
        pass
    else:
        if math.isnan(seconds) or math.isinf(seconds):
            return None
        return max(0.0, seconds)
    if not any(char.isalpha() for char in text):
        return None
    try:
        when = date_parser.parse(text)
    except (ValueError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - now).total_seconds())


def backoff_delay(attempt: int, policy: RetryPolicy, rng: random.Random) -> float:
    """The exponential backoff with full jitter after failed attempt number `attempt` (1-based).

    Examples:
        >>> policy = RetryPolicy(base_delay=1.0, max_delay=8.0)
        >>> 0 <= backoff_delay(10, policy, random.Random(1)) <= 8.0
        True
    """
    cap = min(policy.max_delay, policy.base_delay * (2 ** max(0, attempt - 1)))
    return rng.uniform(0, cap)


def should_retry(error: BaseException, request: ApiRequest, policy: RetryPolicy) -> bool:
    """Whether `error` on `request` is worth another attempt.

    Examples:
        >>> should_retry(TransportError("reset", sent=True),
        ...              ApiRequest(method="POST", path="/shipments"), RetryPolicy())
        False
    """
    if isinstance(error, QuotaExhaustedError):
        return False
    if isinstance(error, RateLimitedError):
        return error.retry_after is None or error.retry_after <= policy.max_retry_after
    if isinstance(error, TransportError):
        return request.is_idempotent or not error.sent
    if isinstance(error, ServerError):
        # A server failure reported inside a successful HTTP answer (FNAC does this) is retried
        # like a 5xx. A write is not: it may have been applied before the server failed.
        reported_in_body = error.status is None or error.status < 500
        repeatable = request.is_idempotent or request.retry_server_errors
        return repeatable and (error.status in RETRYABLE_STATUSES or reported_in_body)
    if isinstance(error, ResponseParseError):
        # A body cut short reads fine the next time; a well-formed body of the wrong shape not.
        return request.is_idempotent and error.error_class is ErrorClass.TRANSIENT
    return False


def retry_delay(
    error: MarketplaceError | BaseException, attempt: int, policy: RetryPolicy, rng: random.Random
) -> float:
    """The wait before the next attempt: the server's `Retry-After` when it gave one.

    Examples:
        >>> retry_delay(RateLimitedError("slow", retry_after=3.0), 1, RetryPolicy(),
        ...             random.Random(0))
        3.0
    """
    if isinstance(error, RateLimitedError) and error.retry_after is not None:
        return error.retry_after
    return backoff_delay(attempt, policy, rng)
