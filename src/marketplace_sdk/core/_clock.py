"""Injectable time: every clock read and every wait in the SDK goes through a `Clock`.

Tests and the sandboxes use `FakeClock`, whose `sleep` advances time instantly, so no test
waits for real time.

Examples:
    >>> clock = FakeClock()
    >>> clock.sleep(30)
    >>> clock.monotonic()
    30.0
"""

from __future__ import annotations

import asyncio
import threading
import time
from datetime import UTC, datetime, timedelta
from typing import Protocol, runtime_checkable

__all__ = ["Clock", "FakeClock", "SystemClock", "ensure_utc"]


@runtime_checkable
class Clock(Protocol):
    """Where the SDK reads the time and waits.

    Examples:
        >>> isinstance(SystemClock(), Clock)
        True
    """

    def now(self) -> datetime:
        """Current time, timezone-aware UTC."""
        ...

    def monotonic(self) -> float:
        """Seconds on a monotonic scale, for measuring intervals."""
        ...

    def sleep(self, seconds: float) -> None:
        """Block the calling thread for `seconds`."""
        ...

    async def asleep(self, seconds: float) -> None:
        """Suspend the calling task for `seconds`."""
        ...


class SystemClock:
    """The real clock.

    Examples:
        >>> SystemClock().now().tzinfo is not None
        True
    """

    def now(self) -> datetime:
        """Current time, timezone-aware UTC."""
        return datetime.now(UTC)

    def monotonic(self) -> float:
        """`time.monotonic()`."""
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        """`time.sleep()`, ignoring non-positive waits."""
        if seconds > 0:
            time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        """`asyncio.sleep()`, ignoring non-positive waits."""
        if seconds > 0:
            await asyncio.sleep(seconds)


class FakeClock:
    """A clock that only moves when told to, or when something sleeps on it.

    Thread-safe. `sleep` and `asleep` advance the clock by the requested time and return at
    once, recording each wait in `sleeps`.

    Examples:
        >>> clock = FakeClock(datetime(2026, 1, 1, tzinfo=UTC))
        >>> clock.advance(3600)
        >>> clock.now().hour
        1
    """

    def __init__(self, start: datetime | None = None) -> None:
        """Start at `start` (default 2026-01-01T00:00:00Z)."""
        self._start = ensure_utc(start or datetime(2026, 1, 1, tzinfo=UTC))
        self._elapsed = 0.0
        self._lock = threading.Lock()
        self.sleeps: list[float] = []

    def now(self) -> datetime:
        """Start time plus everything slept or advanced so far."""
        with self._lock:
            return self._start + timedelta(seconds=self._elapsed)

    def monotonic(self) -> float:
        """Seconds elapsed since the clock was made."""
        with self._lock:
            return self._elapsed

    def advance(self, seconds: float) -> None:
        """Move the clock forward by `seconds` (negative values are refused)."""
        if seconds < 0:
            raise ValueError("a clock does not go backwards")
        with self._lock:
            self._elapsed += seconds

    def set(self, when: datetime) -> None:
        """Jump to `when`, which must not be earlier than now."""
        self.advance((ensure_utc(when) - self.now()).total_seconds())

    def sleep(self, seconds: float) -> None:
        """Record the wait and advance the clock by it, without blocking."""
        seconds = max(0.0, seconds)
        with self._lock:
            self.sleeps.append(seconds)
            self._elapsed += seconds

    async def asleep(self, seconds: float) -> None:
        """Like `sleep`, then yield once to the event loop so other tasks run."""
        self.sleep(seconds)
        await asyncio.sleep(0)


def ensure_utc(value: datetime) -> datetime:
    """Return `value` as timezone-aware UTC; naive datetimes are refused.

    Examples:
        >>> ensure_utc(datetime(2026, 1, 1, tzinfo=UTC)).isoformat()
        '2026-01-01T00:00:00+00:00'
    """
    if value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"naive datetime {value.isoformat()} has no timezone; pass an aware one")
    return value.astimezone(UTC)
