"""`Rate`: at most `limit` slots in any window of `interval` seconds.

Examples:
    >>> Rate.per_second(10), Rate.per_day(10_000)
    (Rate(limit=10, interval=1.0), Rate(limit=10000, interval=86400.0))
    >>> print(Rate.every(15 * 60))
    1/900s
"""

from __future__ import annotations

import math

import attrs

__all__ = ["Rate"]


def _positive_int(_instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a positive integer, not {value!r}")


def _positive_finite(_instance: object, attribute: attrs.Attribute[float], value: float) -> None:
    if not (math.isfinite(value) and value > 0):
        raise ValueError(f"{attribute.name} must be a positive number of seconds, not {value!r}")


@attrs.frozen
class Rate:
    """At most `limit` slots in any rolling window of `interval` seconds.

    The window slides: `Rate(10_000, 86_400)` means no 24 hours, whenever they start, hold more
    than 10,000 calls (Etsy's "per rolling day"), not a counter reset at midnight.

    Attributes:
        limit: slots allowed per window (a call usually takes one).
        interval: window length in seconds; counted in whole milliseconds, rounded up.

    Examples:
        >>> Rate(10, 1) == Rate.per_second(10)
        True
        >>> str(Rate.per_minute(1)), str(Rate(5, 2.5))
        ('1/minute', '5/2.5s')
    """

    limit: int = attrs.field(validator=_positive_int)
    interval: float = attrs.field(converter=float, validator=_positive_finite)

    @classmethod
    def per_second(cls, limit: int) -> Rate:
        """`limit` per rolling second.

        Examples:
            >>> Rate.per_second(10).interval
            1.0
        """
        return cls(limit, 1.0)

    @classmethod
    def per_minute(cls, limit: int) -> Rate:
        """`limit` per rolling minute.

        Examples:
            >>> Rate.per_minute(60).interval
            60.0
        """
        return cls(limit, 60.0)

    @classmethod
    def per_hour(cls, limit: int) -> Rate:
        """`limit` per rolling hour.

        Examples:
            >>> Rate.per_hour(1_000).interval
            3600.0
        """
        return cls(limit, 3_600.0)

    @classmethod
    def per_day(cls, limit: int) -> Rate:
        """`limit` per rolling 24 hours.

        Examples:
            >>> Rate.per_day(10_000).interval
            86400.0
        """
        return cls(limit, 86_400.0)

    @classmethod
    def every(cls, seconds: float) -> Rate:
        """Once per `seconds` (Mirakl's "at most once every 15 minutes", say).

        Examples:
            >>> Rate.every(900)
            Rate(limit=1, interval=900.0)
        """
        return cls(1, seconds)

    @property
    def interval_ms(self) -> int:
        """The window in whole milliseconds, rounded up so the budget is never loosened.

        Examples:
            >>> Rate(1, 0.0015).interval_ms
            2
        """
        return max(1, math.ceil(self.interval * 1000 - 1e-9))

    def __str__(self) -> str:
        names = {1.0: "second", 60.0: "minute", 3_600.0: "hour", 86_400.0: "day"}
        if self.interval in names:
            return f"{self.limit}/{names[self.interval]}"
        return f"{self.limit}/{self.interval:g}s"
