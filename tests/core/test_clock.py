"""Clocks: the fake one moves only when told; the system one is real and aware."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta, timezone

import pytest

from marketplace_sdk.core._clock import Clock, FakeClock, SystemClock, ensure_utc


def test_fake_clock_advances_on_sleep_and_records_waits() -> None:
    clock = FakeClock(datetime(2026, 5, 1, tzinfo=UTC))
    clock.sleep(1.5)
    clock.sleep(-3)
    asyncio.run(clock.asleep(2))
    assert clock.sleeps == [1.5, 0.0, 2]
    assert clock.monotonic() == 3.5
    assert clock.now() == datetime(2026, 5, 1, 0, 0, 3, 500000, tzinfo=UTC)


def test_fake_clock_never_goes_backwards() -> None:
    clock = FakeClock()
    clock.set(clock.now() + timedelta(hours=2))
    assert clock.monotonic() == 7200
    with pytest.raises(ValueError, match="backwards"):
        clock.set(clock.now() - timedelta(seconds=1))


def test_system_clock_is_aware_and_skips_non_positive_sleeps() -> None:
    clock = SystemClock()
    assert isinstance(clock, Clock)
    assert clock.now().tzinfo is UTC
    before = clock.monotonic()
    clock.sleep(0)
    asyncio.run(clock.asleep(0))
    assert clock.monotonic() - before < 1


def test_ensure_utc_converts_offsets_and_refuses_naive_times() -> None:
    paris = timezone(timedelta(hours=2))
    assert ensure_utc(datetime(2026, 6, 1, 12, tzinfo=paris)) == datetime(
        2026, 6, 1, 10, tzinfo=UTC
    )
    with pytest.raises(ValueError, match="naive"):
        ensure_utc(datetime(2026, 6, 1))
