"""Rate limiting for the HTTP engine: several rolling-window rates per (marketplace, credential).

Built on pyrate-limiter v4's buckets (windowed logs in memory, SQLite or Redis); the limiter
adds several named buckets per key, a never-sleeping `reserve` shared by the sync and async
executors, budgets lowered from the server's remaining-budget headers, and a typed error for a
spent daily quota.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> etsy = RateLimiter(
    ...     "etsy:app-1",
    ...     {"default": [Rate.per_second(10), Rate.per_day(10_000)]},
    ...     clock=FakeClock(),
    ... )
    >>> etsy.reserve()
    0.0
    >>> etsy.remaining()[Rate.per_day(10_000)]
    9999
"""

from marketplace_sdk.core._ratelimit.backends import (
    MemoryBackend,
    RateLimitBackend,
    RedisBackend,
    SQLiteBackend,
)
from marketplace_sdk.core._ratelimit.limiter import DEFAULT_BUCKET, SENT_AT, RateLimiter
from marketplace_sdk.core._ratelimit.priority import is_urgent, urgent
from marketplace_sdk.core._ratelimit.rate import Rate

__all__ = [
    "DEFAULT_BUCKET",
    "SENT_AT",
    "MemoryBackend",
    "Rate",
    "RateLimitBackend",
    "RateLimiter",
    "RedisBackend",
    "SQLiteBackend",
    "is_urgent",
    "urgent",
]
