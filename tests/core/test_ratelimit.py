"""The rate limiter as the HTTP engine and the scheduler see it (in-memory backend, fake clock)."""

from __future__ import annotations

import asyncio
import json
import logging
import math
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyrate_limiter import AbstractBucket, InMemoryBucket, RateItem
from pyrate_limiter import Rate as PyrateRate

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import ErrorClass, QuotaExhaustedError, RateLimitedError
from marketplace_sdk.core._ratelimit import MemoryBackend, Rate, RateLimiter
from marketplace_sdk.core._ratelimit.rules import (
    margin_for_lag,
    unseen_by_us,
    wait_ms,
    window_start,
)

ETSY = {"default": [Rate.per_second(10), Rate.per_day(10_000)]}


def drive(
    limiter: RateLimiter, clock: FakeClock, bucket: str = "default", weight: int = 1
) -> float:
    """What the engine does before each attempt; returns the fake time the call is sent at."""
    while (wait := limiter.reserve(bucket, weight)) > 0:
        clock.sleep(wait)
    return clock.monotonic()


def most_in_any_window(times: Sequence[float], interval: float) -> int:
    """Largest number of `times` inside one half-open window `(t - interval, t]`."""
    ordered = sorted(times)
    return max(
        (sum(1 for other in ordered if end - interval < other <= end) for end in ordered),
        default=0,
    )


# -- Rate ---------------------------------------------------------------------------------


def test_rate_helpers_name_the_usual_windows() -> None:
    assert Rate.per_second(10) == Rate(10, 1)
    assert Rate.per_minute(1) == Rate(1, 60)
    assert Rate.per_hour(1000) == Rate(1000, 3600)
    assert Rate.per_day(10_000) == Rate(10_000, 86_400)
    assert Rate.every(900) == Rate(1, 900)
    assert [str(r) for r in (Rate.per_second(10), Rate.per_day(5), Rate(3, 2.5))] == [
        "10/second",
        "5/day",
        "3/2.5s",
    ]


@pytest.mark.parametrize(
    ("limit", "interval"),
    [(0, 1.0), (-1, 1.0), (True, 1.0), (1.5, 1.0), (1, 0), (1, -2), (1, math.inf)],
)
def test_rate_refuses_meaningless_values(limit: object, interval: object) -> None:
    with pytest.raises(ValueError, match="must be a positive"):
        Rate(limit, interval)  # type: ignore[arg-type]


def test_rate_window_rounds_up_to_the_millisecond() -> None:
    assert Rate(1, 0.0015).interval_ms == 2
    assert Rate(1, 1).interval_ms == 1000
    assert Rate(1, 0.0001).interval_ms == 1


def test_rates_are_usable_as_dict_keys() -> None:
    assert {Rate.per_second(10): 1}[Rate(10, 1.0)] == 1


# -- reserve --------------------------------------------------------------------------------


def test_reserve_grants_up_to_the_limit_then_says_how_long_to_wait(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(3)]}, clock=clock)
    assert [limiter.reserve() for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.reserve() == pytest.approx(1.001)
    clock.advance(0.5)
    assert limiter.reserve() == pytest.approx(0.501)
    clock.advance(0.501)
    assert limiter.reserve() == 0.0


def test_a_denied_reserve_takes_nothing(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    for _ in range(10):
        assert limiter.reserve() == 0.0
    before = limiter.remaining()
    for _ in range(5):
        assert limiter.reserve() > 0
    assert limiter.remaining() == before == {Rate.per_second(10): 0, Rate.per_day(10_000): 9_990}


def test_every_rate_of_the_bucket_is_spent_together(clock: FakeClock) -> None:
    limiter = RateLimiter(
        "etsy:app", {"default": [Rate.per_second(5), Rate.per_minute(7)]}, clock=clock
    )
    sent = [drive(limiter, clock) for _ in range(7)]
    assert sent == [0.0] * 5 + [pytest.approx(1.001)] * 2
    assert limiter.remaining() == {Rate.per_second(5): 3, Rate.per_minute(7): 0}
    # The minute is spent: the wait is the minute's, not the second's.
    assert limiter.reserve() == pytest.approx(60.001 - 1.001)


def test_the_limiter_never_exceeds_its_budget_over_a_simulated_minute(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    sent: list[float] = []
    while (at := drive(limiter, clock)) < 60.0:
        sent.append(at)
    assert most_in_any_window(sent, 1.0) == 10
    # ...and it does not waste the budget either: ten calls in each of the sixty seconds.
    assert len(sent) == 600
    assert limiter.remaining()[Rate.per_day(10_000)] == 10_000 - 601
    assert sum(clock.sleeps) == pytest.approx(clock.monotonic())


def test_a_spent_daily_quota_raises_quota_exhausted_with_retry_after(clock: FakeClock) -> None:
    limiter = RateLimiter(
        "etsy:app", {"default": [Rate.per_second(10), Rate.per_day(5)]}, clock=clock
    )
    for _ in range(5):
        drive(limiter, clock)
    clock.advance(3_600)
    with pytest.raises(QuotaExhaustedError) as caught:
        limiter.reserve()
    err = caught.value
    assert isinstance(err, RateLimitedError)
    assert err.error_class is ErrorClass.TRANSIENT
    assert err.retry_after == pytest.approx(86_400.001 - 3_600)
    assert "5 calls per day (configured" in str(err)
    assert "etsy:app" in str(err)
    assert err.retry_after is not None
    clock.advance(err.retry_after)
    assert limiter.reserve() == 0.0


def test_max_wait_decides_between_waiting_and_raising(clock: FakeClock) -> None:
    buckets = {"P41": [Rate.every(15 * 60)]}
    patient = RateLimiter("mirakl:shop", buckets, clock=clock, max_wait=3_600)
    assert patient.reserve("P41") == 0.0
    assert patient.reserve("P41") == pytest.approx(900.001)

    strict = RateLimiter("mirakl:shop", buckets, clock=clock, backend=MemoryBackend())
    assert strict.reserve("P41") == 0.0
    with pytest.raises(QuotaExhaustedError) as caught:
        strict.reserve("P41")
    assert caught.value.retry_after == pytest.approx(900.001)


def test_mirakl_operations_keep_separate_budgets(clock: FakeClock) -> None:
    limiter = RateLimiter(
        "mirakl:shop",
        {
            "P41": [Rate.every(900)],
            "OF01": [Rate.per_minute(1)],
            "A01": [Rate.per_day(1)],
            "default": [],
        },
        clock=clock,
        max_wait=math.inf,
    )
    assert [limiter.reserve(op) for op in ("P41", "OF01", "A01")] == [0.0, 0.0, 0.0]
    assert limiter.reserve("OF01") == pytest.approx(60.001)
    assert limiter.reserve("A01") == pytest.approx(86_400.001)
    # An operation without a budget of its own falls back to the unlimited default.
    assert all(limiter.reserve("OR11") == 0.0 for _ in range(1_000))


def test_an_unknown_bucket_falls_back_to_default(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    assert limiter.reserve("getShopReceipts") == 0.0
    assert limiter.remaining()[Rate.per_day(10_000)] == 9_999
    assert limiter.remaining("anything") == limiter.remaining()


def test_an_unknown_bucket_without_default_is_a_clear_error(clock: FakeClock) -> None:
    limiter = RateLimiter("mirakl:shop", {"P41": [Rate.every(900)]}, clock=clock)
    with pytest.raises(ValueError, match=r"no bucket 'OF01'.*known: \['P41'\]"):
        limiter.reserve("OF01")


def test_weight_spends_several_slots(clock: FakeClock) -> None:
    limiter = RateLimiter("k", {"default": [Rate.per_second(10)]}, clock=clock)
    assert limiter.reserve(weight=7) == 0.0
    assert limiter.remaining() == {Rate.per_second(10): 3}
    assert limiter.reserve(weight=4) > 0
    assert limiter.reserve(weight=3) == 0.0


@pytest.mark.parametrize("weight", [0, -1, 11])
def test_a_weight_that_can_never_fit_is_refused(clock: FakeClock, weight: int) -> None:
    limiter = RateLimiter("k", {"default": [Rate.per_second(10)]}, clock=clock)
    with pytest.raises(ValueError, match="weight"):
        limiter.reserve(weight=weight)


def test_a_bad_configuration_is_refused_at_construction() -> None:
    with pytest.raises(TypeError, match="is not a Rate"):
        RateLimiter("k", {"default": [(10, 1.0)]})  # type: ignore[list-item]
    with pytest.raises(ValueError, match="max_wait"):
        RateLimiter("k", {"default": []}, max_wait=-1)


def test_two_rates_over_one_window_are_refused() -> None:
    with pytest.raises(ValueError, match="same window"):
        RateLimiter("k", {"default": [Rate.per_second(10), Rate(5, 1.0)]})


def test_buckets_and_repr_show_the_configuration() -> None:
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_day(100), Rate.per_second(2)]})
    assert limiter.buckets == {"default": (Rate.per_second(2), Rate.per_day(100))}
    assert repr(limiter) == (
        "RateLimiter('etsy:app', {'default': ['2/second', '100/day']}, backend=MemoryBackend())"
    )


def test_limiters_sharing_a_backend_share_the_budget(clock: FakeClock) -> None:
    backend = MemoryBackend()
    first = RateLimiter("etsy:app", ETSY, clock=clock, backend=backend)
    second = RateLimiter("etsy:app", ETSY, clock=clock, backend=backend)
    other_key = RateLimiter("etsy:other-app", ETSY, clock=clock, backend=backend)
    grants = [first.reserve() == 0.0 for _ in range(6)] + [
        second.reserve() == 0.0 for _ in range(6)
    ]
    assert grants.count(True) == 10
    assert other_key.reserve() == 0.0


# -- observe --------------------------------------------------------------------------------


def test_observe_lowers_the_budget_to_the_server_remaining(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    drive(limiter, clock)
    limiter.observe("default", remaining=12, interval=86_400)
    assert limiter.remaining() == {Rate.per_second(10): 9, Rate.per_day(10_000): 12}
    grants = [drive(limiter, clock) for _ in range(12)]
    assert len(grants) == 12
    with pytest.raises(QuotaExhaustedError):
        limiter.reserve()


def test_observe_never_raises_the_budget_above_the_server_remaining(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    for _ in range(4):
        drive(limiter, clock)
    limiter.observe("default", remaining=10, interval=1)
    limiter.observe("default", remaining=99_999, interval=86_400, limit=100_000)
    # The day learns the server's 100,000; the server counted 1 call of our 4: no one else's.
    assert limiter.remaining() == {Rate.per_second(10): 6, Rate.per_day(100_000): 99_996}


def test_observe_lowers_only_the_window_it_is_about(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    limiter.observe("default", remaining=0, interval=1)
    assert limiter.remaining() == {Rate.per_second(10): 0, Rate.per_day(10_000): 10_000}
    assert limiter.reserve() == pytest.approx(1.001)
    limiter.observe("default", remaining=500, interval=86_400)
    assert limiter.remaining() == {Rate.per_second(10): 0, Rate.per_day(10_000): 500}
    clock.advance(1.001)
    assert limiter.remaining() == {Rate.per_second(10): 10, Rate.per_day(10_000): 500}


def test_a_server_limit_above_the_configured_one_raises_the_budget(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_day(1_000)]}, clock=clock)
    limiter.observe("default", remaining=49_900, interval=86_400, limit=50_000)
    assert limiter.remaining() == {Rate.per_day(50_000): 49_900}
    assert limiter.buckets["default"] == (Rate.per_day(50_000),)


def test_other_clients_calls_never_spend_a_raised_budget_on_a_first_call(
    clock: FakeClock,
) -> None:
    # Others spent 60,000 of the app's 100,000 a day: far more than the configured 10,000.
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    assert limiter.reserve() == 0.0
    limiter.observe("default", remaining=39_999, interval=86_400, limit=100_000)
    assert limiter.remaining()[Rate.per_day(100_000)] == 39_999
    assert limiter.reserve() == 0.0


def test_a_server_limit_below_the_configured_one_is_learned_and_logged(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    with caplog.at_level(logging.INFO, logger="marketplace_sdk.core._ratelimit"):
        limiter.observe("default", remaining=4_000, interval=86_400, limit=5_000)
    assert limiter.remaining()[Rate.per_day(5_000)] == 4_000
    assert "the server allows 5000/day" in caplog.text


def test_a_learned_per_second_limit_paces_the_next_calls(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    limiter.observe("default", remaining=4, interval=1, limit=4)
    assert [drive(limiter, clock) for _ in range(4)] == [0.0] * 4
    assert limiter.reserve() > 0


def test_observe_does_not_take_our_own_answered_calls_for_someone_elses(
    clock: FakeClock,
) -> None:
    # Ten calls at t=0, counted by the server on arrival; an answer 60 ms on the way comes back
    # at t=1.05, when our window (even widened by the margin) has let them go: its age says
    # they are ours.
    limiter = RateLimiter("etsy:app", ETSY, clock=clock, margin=0.02)
    for _ in range(10):
        assert limiter.reserve() == 0.0
    clock.advance(1.05)
    sent_at = clock.monotonic() - 0.06
    limiter.observe("default", remaining=0, interval=1, limit=10, sent_at=sent_at)
    assert limiter.remaining()[Rate.per_second(10)] == 10
    limiter.observe("default", remaining=0, interval=1, limit=10)  # no age: someone else's
    assert limiter.remaining()[Rate.per_second(10)] == 0


def test_the_margin_grows_to_the_lag_the_server_shows(clock: FakeClock) -> None:
    # Two calls a second allowed. Calls at t=0 and t=1.021 (after the 20 ms margin); the
    # server, counting the first one 35 ms late, still counts both when the second arrives.
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(2)]}, clock=clock, margin=0.02)
    assert limiter.reserve() == 0.0
    assert limiter.reserve() == 0.0
    assert drive(limiter, clock) == pytest.approx(1.021)
    sent_at = clock.monotonic()
    limiter.observe("default", remaining=0, interval=1, limit=2, sent_at=sent_at)
    # The first call was stamped 1.021 s before the answered one: the margin becomes 21 ms.
    clock.advance(1.0)
    assert limiter.reserve() == 0.0
    # The call at 1.021 was answered at once, so the server counted it by then: its slot
    # frees a second after its answer. The unanswered call just taken keeps the margin.
    assert limiter.reserve() == pytest.approx(0.001)
    clock.advance(0.001)
    assert limiter.reserve() == 0.0
    assert limiter.reserve() == pytest.approx(1.021)  # 1 s + the learned 21 ms


def test_a_learned_margin_stays_within_five_percent_of_the_window(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(2)]}, clock=clock)
    assert limiter.reserve() == 0.0
    clock.advance(1.5)
    assert limiter.reserve() == 0.0
    # The server still counts the call of t=0 half a second after our window let it go.
    limiter.observe("default", remaining=0, interval=1, limit=2, sent_at=clock.monotonic())
    # The margin stops at 50 ms; past it, that call is counted as someone else's, spent now.
    # The server counted both by the answer, so both slots free a second after it.
    assert limiter.reserve() == pytest.approx(1.001)
    clock.advance(1.001)
    assert limiter.reserve() == 0.0
    assert limiter.reserve() == 0.0
    assert limiter.reserve() == pytest.approx(1.051)  # those two are unanswered: the margin


def test_an_answered_call_frees_its_slot_a_second_after_its_answer(clock: FakeClock) -> None:
    # A 50 ms margin for calls on their way; these two came back 4 ms after they went, so the
    # server counted them by then: their slots free 1 s after the answers, not 1.05 s after.
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(2)]}, clock=clock, margin=0.05)
    sent_at = clock.monotonic()
    assert [limiter.reserve(), limiter.reserve()] == [0.0, 0.0]
    clock.advance(0.004)
    for _ in range(2):
        limiter.observe("default", remaining=0, interval=1, limit=2, sent_at=sent_at)
    assert limiter.reserve() == pytest.approx(1.001)


def test_a_call_stamped_with_one_still_on_its_way_keeps_the_margin(clock: FakeClock) -> None:
    # Two calls take their slots in the same millisecond; one is answered, the other is not:
    # the server may count the second later, so the margin still holds that stamp.
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(2)]}, clock=clock, margin=0.05)
    sent_at = clock.monotonic()
    assert [limiter.reserve(), limiter.reserve()] == [0.0, 0.0]
    clock.advance(0.004)
    limiter.observe("default", remaining=0, interval=1, limit=2, sent_at=sent_at)
    assert limiter.reserve() == pytest.approx(1.047)
    limiter.observe("default", remaining=0, interval=1, limit=2, sent_at=sent_at)
    assert limiter.reserve() == pytest.approx(1.001)


def test_an_answer_that_could_be_either_of_two_calls_frees_neither(clock: FakeClock) -> None:
    # Another thread took a slot between this call's slot and its send: the answer cannot say
    # which call it was for, so both keep the margin.
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(2)]}, clock=clock, margin=0.05)
    first = clock.monotonic()
    assert limiter.reserve() == 0.0
    clock.advance(0.002)
    assert limiter.reserve() == 0.0
    clock.advance(0.002)
    limiter.observe("default", remaining=0, interval=1, limit=2, sent_at=first + 0.003)
    assert limiter.reserve() == pytest.approx(1.047)


def test_a_slow_answer_never_holds_a_slot_longer_than_the_margin(clock: FakeClock) -> None:
    # A distant server answers 300 ms later: the margin (20 ms) frees the slot first.
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(1)]}, clock=clock, margin=0.02)
    sent_at = clock.monotonic()
    assert limiter.reserve() == 0.0
    clock.advance(0.3)
    limiter.observe("default", remaining=0, interval=1, limit=1, sent_at=sent_at)
    assert limiter.reserve() == pytest.approx(0.721)


def test_an_unusually_slow_answer_holds_its_slot_to_the_answer(clock: FakeClock) -> None:
    # Answers usually come back in 2 ms; one takes 300 ms (a stalled server thread): it may
    # have been counted that late, so its slot is held a second past its answer, not its margin.
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(1)]}, clock=clock, margin=0.02)
    for _ in range(5):
        assert drive(limiter, clock) >= 0.0
        sent_at = clock.monotonic()
        clock.advance(0.002)
        limiter.observe("default", remaining=0, interval=1, limit=1, sent_at=sent_at)
    assert drive(limiter, clock) > 0
    sent_at = clock.monotonic()
    clock.advance(0.3)
    limiter.observe("default", remaining=0, interval=1, limit=1, sent_at=sent_at)
    assert limiter.reserve() == pytest.approx(1.001)


def test_answers_as_slow_as_usual_keep_the_margin(clock: FakeClock) -> None:
    # A distant server answers every call in about 300 ms: the margin frees each slot first.
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(1)]}, clock=clock, margin=0.02)
    for _ in range(6):
        drive(limiter, clock)
        sent_at = clock.monotonic()
        clock.advance(0.3)
        limiter.observe("default", remaining=0, interval=1, limit=1, sent_at=sent_at)
    assert limiter.reserve() == pytest.approx(0.721)


def test_answers_are_not_trusted_over_a_backend_other_processes_share(
    clock: FakeClock, tmp_path: Path
) -> None:
    from marketplace_sdk.core._ratelimit import SQLiteBackend

    backend = SQLiteBackend(tmp_path / "limits.sqlite")
    try:
        limiter = RateLimiter(
            "etsy:app", {"default": [Rate.per_second(1)]}, clock=clock, backend=backend, margin=0.05
        )
        sent_at = clock.monotonic()
        assert limiter.reserve() == 0.0
        clock.advance(0.004)
        limiter.observe("default", remaining=0, interval=1, limit=1, sent_at=sent_at)
        assert limiter.reserve() == pytest.approx(0.997 + 0.05)
    finally:
        backend.close()


@settings(max_examples=300, deadline=None)
@given(
    trips=st.lists(st.tuples(st.integers(0, 50), st.integers(0, 200)), min_size=1, max_size=40),
    limit=st.integers(1, 4),
)
def test_answered_calls_never_land_over_the_limit_in_a_server_second(
    trips: list[tuple[int, int]], limit: int
) -> None:
    # One caller, each call on its way up to the 50 ms margin and back up to 200 ms, any
    # jitter: the server, counting each call on arrival over a sliding second, never counts
    # one too many, whether a slot frees by its answer or by its margin.
    clock = FakeClock()
    limiter = RateLimiter(
        "etsy:app", {"default": [Rate.per_second(limit)]}, clock=clock, margin=0.05
    )
    arrivals: list[float] = []
    for to_server, back in trips:
        while (wait := limiter.reserve()) > 0:
            clock.sleep(wait)
        sent_at = clock.monotonic()
        clock.advance(to_server / 1000)
        arrival = clock.monotonic()
        counted = 1 + sum(1 for earlier in arrivals if arrival - earlier < 1.0)
        assert counted <= limit
        arrivals.append(arrival)
        clock.advance(back / 1000)
        limiter.observe(
            "default", remaining=limit - counted, interval=1, limit=limit, sent_at=sent_at
        )


def test_the_margin_holds_a_slot_past_the_window(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(2)]}, clock=clock, margin=0.02)
    assert [limiter.reserve() for _ in range(3)] == [0.0, 0.0, pytest.approx(1.021)]
    clock.advance(1.001)
    assert limiter.reserve() == pytest.approx(0.020)
    clock.advance(0.020)
    assert limiter.reserve() == 0.0


@pytest.mark.parametrize("margin", [-0.001, math.inf, math.nan])
def test_a_margin_must_be_a_finite_non_negative_time(margin: float) -> None:
    with pytest.raises(ValueError, match="margin"):
        RateLimiter("k", {"default": [Rate.per_second(1)]}, margin=margin)


@settings(max_examples=200, deadline=None)
@given(
    stamps=st.lists(st.integers(0, 5_000), min_size=0, max_size=30),
    interval=st.integers(1, 2_000),
    margin=st.integers(0, 100),
    limit=st.integers(1, 10),
)
def test_a_slot_is_reused_only_once_the_widened_window_let_go(
    stamps: list[int], interval: int, margin: int, limit: int
) -> None:
    # Replay: each call waits as `wait_ms` says, then goes. No `limit + 1` calls ever fall in
    # one window widened by the margin, whatever the arrival pattern.
    sent: list[int] = []
    now = 0
    for gap in stamps:
        now += gap
        blocking = sent[-limit] if len(sent) >= limit else None
        now += wait_ms(blocking, now, interval, margin)
        assert wait_ms(blocking, now, interval, margin) == 0
        sent.append(now)
    for first, last in zip(sent, sent[limit:], strict=False):
        assert last - first > interval + margin


@given(sent=st.integers(0, 10_000), back=st.integers(0, 10_000), interval=st.integers(1, 5_000))
def test_the_learned_margin_brings_the_counted_call_back_into_the_window(
    sent: int, back: int, interval: int
) -> None:
    oldest = sent - back
    margin = margin_for_lag(sent, oldest, interval)
    assert margin >= 0
    assert oldest >= window_start(sent, interval, margin)
    if margin:  # and no smaller margin would do
        assert oldest < window_start(sent, interval, margin - 1)


@given(server=st.integers(0, 10_000), local=st.integers(0, 10_000))
def test_only_calls_beyond_our_own_count_as_someone_elses(server: int, local: int) -> None:
    unseen = unseen_by_us(server, local)
    assert unseen >= 0
    assert unseen == 0 or local + unseen == server


def test_observe_ignores_a_window_the_bucket_does_not_budget(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    limiter = RateLimiter("mirakl:shop", {"default": [Rate.per_minute(10)]}, clock=clock)
    with caplog.at_level(logging.WARNING, logger="marketplace_sdk.core._ratelimit"):
        limiter.observe("default", remaining=0, interval=3_600)
        limiter.observe("default", remaining=0, interval=3_600)
    assert limiter.remaining() == {Rate.per_minute(10): 10}
    assert caplog.text.count("does not budget") == 1


def test_etsy_daily_429_headers_park_the_job_for_a_day(
    shared_specs: Path, clock: FakeClock
) -> None:
    samples = json.loads((shared_specs / "etsy/samples/rate-limit-429.examples.json").read_text())
    headers = {k.lower(): int(v) for k, v in samples["daily_429"]["headers"].items()}
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    drive(limiter, clock)
    limiter.observe(
        "default",
        remaining=headers["x-remaining-this-second"],
        interval=1,
        limit=headers["x-limit-per-second"],
    )
    limiter.observe(
        "default",
        remaining=headers["x-remaining-today"],
        interval=86_400,
        limit=headers["x-limit-per-day"],
    )
    with pytest.raises(QuotaExhaustedError) as caught:
        limiter.reserve()
    assert caught.value.retry_after == pytest.approx(headers["retry-after"], abs=1)


def test_etsy_per_second_429_headers_wait_a_second(shared_specs: Path, clock: FakeClock) -> None:
    samples = json.loads((shared_specs / "etsy/samples/rate-limit-429.examples.json").read_text())
    headers = {k.lower(): int(v) for k, v in samples["per_second_429"]["headers"].items()}
    limiter = RateLimiter("etsy:app", ETSY, clock=clock)
    limiter.observe(
        "default",
        remaining=headers["x-remaining-this-second"],
        interval=1,
        limit=headers["x-limit-per-second"],
    )
    assert limiter.reserve() == pytest.approx(1.001)
    assert limiter.remaining()[Rate.per_day(10_000)] == 10_000


# -- concurrency ----------------------------------------------------------------------------


def test_eight_threads_on_a_frozen_clock_get_exactly_the_limit(clock: FakeClock) -> None:
    limiter = RateLimiter(
        "etsy:app", {"default": [Rate.per_minute(50)]}, clock=clock, max_wait=math.inf
    )
    grants: list[int] = []
    start = threading.Barrier(8)

    def hammer() -> None:
        start.wait()
        mine = sum(1 for _ in range(40) if limiter.reserve() == 0.0)
        grants.append(mine)

    threads = [threading.Thread(target=hammer) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(grants) == 50
    assert limiter.remaining() == {Rate.per_minute(50): 0}


async def test_async_tasks_share_the_limit_through_the_same_reserve(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:app", {"default": [Rate.per_second(4)]}, clock=clock)
    sent: list[float] = []

    async def call() -> None:
        for _ in range(5):
            while (wait := limiter.reserve()) > 0:
                await clock.asleep(wait)
            sent.append(clock.monotonic())
            await asyncio.sleep(0)

    await asyncio.gather(*(call() for _ in range(6)))
    assert len(sent) == 30
    assert most_in_any_window(sent, 1.0) <= 4


# -- property: never more than the limit in any window, never a needless wait --------------

rates_strategy = st.lists(
    st.builds(Rate, st.integers(1, 6), st.sampled_from([0.5, 1.0, 2.0, 5.0, 60.0])),
    min_size=1,
    max_size=3,
    unique_by=lambda rate: rate.interval,
)
steps_strategy = st.lists(
    st.one_of(
        st.tuples(st.just("advance"), st.integers(0, 3_000)),
        st.tuples(st.just("reserve"), st.integers(1, 3)),
    ),
    max_size=80,
)


@settings(max_examples=150, deadline=None)
@given(rates=rates_strategy, steps=steps_strategy)
def test_no_window_ever_holds_more_than_its_limit(
    rates: list[Rate], steps: list[tuple[str, int]]
) -> None:
    clock = FakeClock()
    limiter = RateLimiter("k", {"default": rates}, clock=clock, max_wait=math.inf)
    smallest = min(rate.limit for rate in rates)
    granted: list[tuple[int, int]] = []  # (millisecond, weight)
    for action, value in steps:
        if action == "advance":
            clock.advance(value / 1000)
            continue
        weight = min(value, smallest)
        now = round(clock.monotonic() * 1000)
        # The reference: a call fits when every window [now - interval, now] has room.
        fits = all(
            sum(w for at, w in granted if at >= now - rate.interval_ms) + weight <= rate.limit
            for rate in rates
        )
        wait = limiter.reserve(weight=weight)
        assert (wait == 0.0) == fits
        if fits:
            granted.append((now, weight))
        else:
            # The wait is exact: one millisecond sooner would still not fit.
            wait_ms = round(wait * 1000)
            for later, expect in ((now + wait_ms, True), (now + wait_ms - 1, False)):
                assert expect == all(
                    sum(w for at, w in granted if at >= later - rate.interval_ms) + weight
                    <= rate.limit
                    for rate in rates
                )
    for rate in rates:
        for end, _ in granted:
            in_window = sum(w for at, w in granted if end - rate.interval_ms < at <= end)
            assert in_window <= rate.limit


def test_a_slot_lost_to_another_process_is_waited_for_not_overspent(clock: FakeClock) -> None:
    """Redis checks each window atomically but not all of them at once: simulate the race."""

    class ElsewhereTakesTheLastSlot(InMemoryBucket):
        def put(self, item: RateItem) -> bool:
            # Another process spends the last daily slot between our check and our put.
            self.items.append(RateItem("elsewhere", item.timestamp))
            return super().put(item)

    class RacingBackend(MemoryBackend):
        def open_bucket(self, key: str, bucket: str, rate: Rate) -> AbstractBucket:
            if rate.interval == 86_400:
                return ElsewhereTakesTheLastSlot([PyrateRate(rate.limit, rate.interval_ms)])
            return super().open_bucket(key, bucket, rate)

    limiter = RateLimiter(
        "etsy:app",
        {"default": [Rate.per_second(10), Rate.per_day(3)]},
        clock=clock,
        backend=RacingBackend(),
    )
    assert limiter.reserve() == 0.0  # ours and one elsewhere: one daily slot left
    with pytest.raises(QuotaExhaustedError) as caught:
        limiter.reserve()  # the check sees a free slot; the put loses it
    assert caught.value.retry_after == pytest.approx(86_400.001)
    # Never a call too many; the loser's per-second slot is the price of the race.
    assert limiter.remaining() == {Rate.per_second(10): 8, Rate.per_day(3): 0}
