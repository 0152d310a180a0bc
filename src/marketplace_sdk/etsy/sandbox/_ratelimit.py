"""Etsy's per-app budgets: requests per second and per rolling day, with Etsy's headers.

Every answer to an identified app carries `x-limit-per-second`, `x-remaining-this-second`,
`x-limit-per-day` and `x-remaining-today`. Over budget the sandbox answers 429 with
`retry-after` and the bodies Etsy sends. A refused request does not spend budget.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> limiter = RateLimiter(FakeClock(), RateLimits(per_second=2, per_day=100))
    >>> [limiter.admit("app").allowed for _ in range(3)]
    [True, True, False]
"""

from __future__ import annotations

import math
from collections import deque

import attrs

from marketplace_sdk.core._clock import Clock

__all__ = ["Admission", "RateLimiter", "RateLimits"]

_DAY = 86_400.0


@attrs.frozen(kw_only=True)
class RateLimits:
    """An app's budget (Etsy's defaults: 10 per second, 10,000 per day).

    Examples:
        >>> RateLimits().per_day
        10000
    """

    per_second: int = 10
    per_day: int = 10_000


@attrs.frozen
class Admission:
    """Whether a request may go through, and the headers to answer with.

    Examples:
        >>> Admission(True, {"x-remaining-today": "9999"}).exceeded is None
        True
    """

    allowed: bool
    headers: dict[str, str]
    #: `"second"` or `"day"` when refused.
    exceeded: str | None = None


@attrs.define
class _Usage:
    second: deque[float] = attrs.Factory(deque)
    day: deque[float] = attrs.Factory(deque)


class RateLimiter:
    """Sliding one-second and 24-hour windows per app keystring, on the sandbox's clock.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> limiter = RateLimiter(FakeClock(), RateLimits(per_second=1, per_day=5))
        >>> limiter.admit("app").headers["x-remaining-today"]
        '4'
        >>> limiter.admit("app").headers["retry-after"], limiter.remaining_today("app")
        ('1', 4)
    """

    def __init__(self, clock: Clock, limits: RateLimits) -> None:
        """Count requests on `clock` against `limits`."""
        self.clock = clock
        self.limits = limits
        self._usage: dict[str, _Usage] = {}

    def admit(self, keystring: str) -> Admission:
        """Spend one request of `keystring`'s budget, or refuse it."""
        now = self.clock.monotonic()
        usage = self._usage.setdefault(keystring, _Usage())
        _drop_before(usage.second, now - 1.0)
        _drop_before(usage.day, now - _DAY)
        if len(usage.day) >= self.limits.per_day:
            wait = usage.day[0] + _DAY - now
            headers = self._headers(usage)
            headers["retry-after"] = str(max(1, math.ceil(wait)))
            return Admission(False, headers, "day")
        if len(usage.second) >= self.limits.per_second:
            wait = usage.second[0] + 1.0 - now
            headers = self._headers(usage)
            headers["retry-after"] = str(max(1, math.ceil(wait)))
            return Admission(False, headers, "second")
        usage.second.append(now)
        usage.day.append(now)
        return Admission(True, self._headers(usage))

    def remaining_today(self, keystring: str) -> int:
        """Requests `keystring` may still make in the rolling day."""
        usage = self._usage.get(keystring)
        if usage is None:
            return self.limits.per_day
        _drop_before(usage.day, self.clock.monotonic() - _DAY)
        return max(0, self.limits.per_day - len(usage.day))

    def _headers(self, usage: _Usage) -> dict[str, str]:
        return {
            "x-limit-per-second": str(self.limits.per_second),
            "x-remaining-this-second": str(max(0, self.limits.per_second - len(usage.second))),
            "x-limit-per-day": str(self.limits.per_day),
            "x-remaining-today": str(max(0, self.limits.per_day - len(usage.day))),
        }


def _drop_before(window: deque[float], cutoff: float) -> None:
    while window and window[0] <= cutoff:
        window.popleft()
