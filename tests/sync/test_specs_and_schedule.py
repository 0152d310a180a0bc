"""Jobs as data and the pure scheduling rules: due times, coalescing, misfires, jitter."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.sync._schedule import due, initial_state, next_due_after
from marketplace_sdk.sync._specs import (
    JobSpec,
    JobSpecError,
    ShopRef,
    format_duration,
    parse_duration,
    resolve_job,
)

START = datetime(2026, 3, 1, tzinfo=UTC)
SHOP = ShopRef("etsy", "42")


def spec(**overrides: object) -> JobSpec:
    fields: dict[str, object] = {
        "id": "orders.new",
        "func": "marketplace_sdk.sync._tasks:new_orders",
        "interval": timedelta(minutes=5),
        "shops": (SHOP,),
    }
    fields.update(overrides)
    return JobSpec(**fields)  # type: ignore[arg-type]


# --- specs as data ----------------------------------------------------------------------------


def test_a_spec_round_trips_through_plain_data_with_per_shop_arguments() -> None:
    original = spec(
        kwargs={"lookback": 600},
        shops=(SHOP, ShopRef("fnac", "S1", kwargs={"lookback": 900})),
        jitter=timedelta(seconds=45),
        misfire_grace=timedelta(minutes=2),
        coalesce=False,
    )
    again = JobSpec.from_dict(original.to_dict())
    assert again == original
    assert again.arguments_for(again.shops[1]) == {"lookback": 900}
    assert again.arguments_for(again.shops[0]) == {"lookback": 600}


@pytest.mark.parametrize(
    ("data", "complaint"),
    [
        ({"id": "a", "func": "m:f"}, "lacks 'interval'"),
        ({"id": "a", "func": "m:f", "interval": "PT5M", "intervall": 3}, "unknown keys"),
        ({"id": "a", "func": "no-colon", "interval": "PT5M"}, "package.module:function"),
        ({"id": "a", "func": "m:f", "interval": "5 min"}, "not ISO 8601"),
        ({"id": "a", "func": "m:f", "interval": "PT0S"}, "must be positive"),
        ({"id": "a", "func": "m:f", "interval": 60, "shops": [{"shop_id": "1"}]}, "lacks"),
    ],
)
def test_bad_specs_are_refused_with_a_clear_typed_error(
    data: dict[str, object], complaint: str
) -> None:
    with pytest.raises(JobSpecError, match=complaint) as caught:
        JobSpec.from_dict(data)
    assert caught.value.error_class.value == "configuration"


def test_job_references_resolve_or_say_what_is_missing() -> None:
    assert resolve_job("marketplace_sdk.sync._tasks:backfill").__name__ == "backfill"
    with pytest.raises(JobSpecError, match="cannot import"):
        resolve_job("no_such_package.jobs:run")
    with pytest.raises(JobSpecError, match="no 'nothing' there"):
        resolve_job("marketplace_sdk.sync._tasks:nothing")


@given(st.integers(min_value=0, max_value=400 * 86400))
def test_durations_round_trip_through_iso_8601(seconds: int) -> None:
    assert parse_duration(format_duration(timedelta(seconds=seconds))) == timedelta(seconds=seconds)


def test_jitter_spreads_shops_deterministically_within_its_bound() -> None:
    jittered = spec(jitter=timedelta(minutes=2))
    shops = [ShopRef("etsy", str(n)) for n in range(50)]
    offsets = [jittered.jitter_for(shop) for shop in shops]
    assert all(timedelta(0) <= offset < timedelta(minutes=2) for offset in offsets)
    assert len(set(offsets)) > 10  # spread, not all at once
    assert offsets == [jittered.jitter_for(shop) for shop in shops]  # stable across calls


# --- due decisions ----------------------------------------------------------------------------


def test_first_run_is_one_interval_after_start_unless_run_at_start() -> None:
    later, now = spec(), spec(id="orders.backfill", run_at_start=True)
    state = initial_state([later, now], START)
    assert state["orders.new@etsy/42"] == START + timedelta(minutes=5)
    assert state["orders.backfill@etsy/42"] == START


def test_a_scheduler_down_for_hours_runs_each_entry_once_not_in_a_burst() -> None:
    entry = spec()
    state = initial_state([entry], START)
    decision = due([entry], state, START + timedelta(hours=3, minutes=2))
    assert [name for name, _ in decision.run] == ["orders.new@etsy/42"]
    assert decision.state["orders.new@etsy/42"] == START + timedelta(hours=3, minutes=5)


def test_without_coalescing_a_run_past_its_grace_is_skipped_and_the_grid_kept() -> None:
    entry = spec(coalesce=False, misfire_grace=timedelta(minutes=1))
    state = initial_state([entry], START)
    on_time = due([entry], state, START + timedelta(minutes=5, seconds=30))
    assert on_time.run
    assert not on_time.skipped
    late = due([entry], on_time.state, START + timedelta(minutes=13))
    assert not late.run
    assert late.skipped == ["orders.new@etsy/42"]
    assert late.state["orders.new@etsy/42"] == START + timedelta(minutes=15)


def test_a_shop_added_later_starts_as_if_the_scheduler_started_then() -> None:
    entry = spec()
    state = initial_state([entry], START)
    grown = entry.with_shops(SHOP, ShopRef("fnac", "S1"))
    decision = due([grown], state, START + timedelta(minutes=5))
    assert [name for name, _ in decision.run] == ["orders.new@etsy/42"]
    assert decision.state["orders.new@fnac/S1"] == START + timedelta(minutes=10)


@settings(max_examples=200)
@given(
    interval=st.integers(min_value=1, max_value=7200),
    steps=st.lists(st.integers(min_value=0, max_value=20000), min_size=1, max_size=30),
)
def test_an_entry_runs_once_per_interval_slot_and_never_misses_a_due_time(
    interval: int, steps: list[int]
) -> None:
    """Whatever the wake-up pattern, an entry runs at most once per slot of its interval grid
    and, whenever the scheduler wakes at or past a due time, it runs (coalesced)."""
    entry = spec(interval=timedelta(seconds=interval))
    state: dict[str, datetime] = initial_state([entry], START)
    first_due = state["orders.new@etsy/42"]
    now, last_slot = START, -1
    for step in steps:
        now += timedelta(seconds=step)
        due_at = state["orders.new@etsy/42"]
        decision = due([entry], state, now)
        ran = bool(decision.run)
        assert ran == (due_at <= now)
        if ran:
            slot = int((now - first_due).total_seconds() // interval)
            assert slot > last_slot
            last_slot = slot
        state = decision.state
        assert state["orders.new@etsy/42"] > now


@given(
    st.integers(min_value=1, max_value=10**6),
    st.integers(min_value=0, max_value=10**7),
)
def test_next_due_is_the_first_grid_point_after_now(interval: int, elapsed: int) -> None:
    now = START + timedelta(seconds=elapsed)
    nxt = next_due_after(START, interval, now)
    assert nxt > now
    assert nxt - timedelta(seconds=interval) <= now
    assert (nxt - START).total_seconds() % interval == 0
