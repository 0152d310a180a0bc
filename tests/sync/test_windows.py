"""Window decisions: over any sequence of runs, crashes and failures, coverage has no gap."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.sync._windows import (
    IntervalSet,
    Window,
    backfill_windows,
    incremental_windows,
    split_window,
)

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def at(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


# A run: minutes since the previous run, and how many of its slices the host acknowledged
# before the run ended (all of them, some then a crash, or none: a failure).
runs = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=3 * 24 * 60), st.integers(min_value=0, max_value=5)
    ),
    min_size=1,
    max_size=30,
)


@given(
    runs,
    st.integers(min_value=0, max_value=30),
    st.sampled_from([None, timedelta(hours=1), timedelta(days=1)]),
)
def test_acknowledged_windows_leave_no_gap(
    schedule: list[tuple[int, int]], lookback_minutes: int, max_span: timedelta | None
) -> None:
    lookback = timedelta(minutes=lookback_minutes)
    watermark: datetime | None = None
    covered = IntervalSet()
    first_start: datetime | None = None
    now = T0
    for gap_minutes, acked in schedule:
        now = now + timedelta(minutes=gap_minutes)
        plan = incremental_windows(now, watermark=watermark, lookback=lookback, max_span=max_span)
        assert all(window.end <= now for window in plan), "never beyond the run's fixed bound"
        assert all(a.end == b.start for a, b in itertools.pairwise(plan))
        for window in plan[:acked]:  # the cursor moves only past acknowledged slices
            if first_start is None:
                first_start = window.start
            covered = covered.add(window)
            watermark = window.end
    if watermark is not None and first_start is not None:
        assert covered.covers(Window(first_start, watermark))
    # one more successful run always reaches `now`
    final = now + timedelta(minutes=5)
    plan = incremental_windows(final, watermark=watermark, lookback=lookback, max_span=max_span)
    for window in plan:
        covered = covered.add(window)
    if first_start is not None:
        assert covered.covers(Window(first_start, final))


def test_first_run_reaches_back_the_initial_span() -> None:
    plan = incremental_windows(at(0), watermark=None, initial=timedelta(hours=2), max_span=None)
    assert plan == [Window(at(-120), at(0))]


def test_a_job_that_missed_runs_catches_up_in_bounded_slices() -> None:
    plan = incremental_windows(
        at(0), watermark=at(-3 * 24 * 60), lookback=timedelta(0), max_span=timedelta(days=1)
    )
    assert [window.span for window in plan] == [timedelta(days=1)] * 3
    assert plan[-1].end == at(0)


def test_a_watermark_in_the_future_plans_nothing_and_bad_input_is_refused() -> None:
    assert incremental_windows(at(0), watermark=at(10), lookback=timedelta(minutes=1)) == []
    with pytest.raises(ValueError, match="negative"):
        incremental_windows(at(0), watermark=at(-5), lookback=timedelta(minutes=-1))
    with pytest.raises(ValueError, match="before it starts"):
        Window(at(1), at(0))
    with pytest.raises(ValueError, match="naive"):
        Window(datetime(2026, 1, 1), at(0))
    with pytest.raises(ValueError, match="positive"):
        split_window(Window(at(0), at(10)), timedelta(0))


windows = st.builds(
    lambda start, length: Window(at(start), at(start + length)),
    st.integers(min_value=0, max_value=1000),
    st.integers(min_value=0, max_value=200),
)


@given(st.lists(windows, max_size=20), st.randoms())
def test_interval_sets_merge_to_the_same_union_in_any_order(
    items: list[Window], rnd: object
) -> None:
    shuffled = list(items)
    rnd.shuffle(shuffled)  # type: ignore[attr-defined]
    a, b = IntervalSet.of(items), IntervalSet.of(shuffled)
    assert a == b
    assert all(x.end < y.start for x, y in zip(a.intervals, a.intervals[1:], strict=False))
    for item in items:
        assert a.covers(item)
    assert IntervalSet.from_json(a.to_json()) == a


@given(st.lists(windows, max_size=10))
def test_gaps_and_intervals_partition_the_target(items: list[Window]) -> None:
    done = IntervalSet.of(items)
    target = Window(at(0), at(1200))
    gaps = done.gaps(target)
    assert IntervalSet.of([*gaps, *done.intervals]).covers(target)
    for gap in gaps:
        assert not any(
            interval.start < gap.end and gap.start < interval.end for interval in done.intervals
        )


def test_a_resumed_backfill_fetches_only_the_gaps() -> None:
    connected = at(0)
    plan = backfill_windows(connected, IntervalSet(), horizon=timedelta(days=90))
    assert len(plan) == 90
    done = IntervalSet.of(plan[:40])  # the process stopped after 40 slices
    later = connected + timedelta(days=2)
    remaining = backfill_windows(later, done, horizon=timedelta(days=90), until=connected)
    assert remaining == plan[40:]
    assert backfill_windows(later, IntervalSet.of(plan), until=connected) == []
