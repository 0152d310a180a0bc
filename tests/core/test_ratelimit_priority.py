"""Urgent calls (stock writes) before background calls (order polls) on one rate limiter."""

from __future__ import annotations

import asyncio
import heapq
import random
from collections.abc import Callable
from contextlib import ExitStack

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core import urgent
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._ratelimit import Rate, RateLimiter, is_urgent

PER_SECOND = {"default": [Rate.per_second(1), Rate.per_day(10_000)]}


def full(limiter: RateLimiter) -> None:
    """Spend the second's budget, so every next call has to wait."""
    while limiter.reserve() == 0:
        pass


def test_a_waiting_urgent_call_takes_the_next_slot_before_a_waiting_background_one() -> None:
    clock = FakeClock()
    limiter = RateLimiter("etsy:app", PER_SECOND, clock=clock)
    full(limiter)
    with limiter.queued() as poll:
        assert poll() > 0  # the order poll waits for the next slot
        with urgent(), limiter.queued() as stock:
            first_wait = stock()
            assert first_wait > 0
            clock.sleep(first_wait)
            assert poll() > 0  # the slot that freed is kept for the stock write
            assert stock() == 0
        # the stock write went: the poll takes the next free slot as before
        while (wait := poll()) > 0:
            clock.sleep(wait)
    assert limiter.remaining()[Rate.per_second(1)] == 0


def test_a_background_call_yields_for_priority_hold_at_most() -> None:
    clock = FakeClock()
    limiter = RateLimiter("etsy:app", PER_SECOND, clock=clock, priority_hold=2.0)
    full(limiter)
    with ExitStack() as stack:
        with urgent():
            stack.enter_context(limiter.queued())  # an urgent call waiting, never taking its slot
        poll = stack.enter_context(limiter.queued())
        clock.sleep(1.5)
        assert poll() > 0  # held back: inside the hold, the free slot is the urgent one's
        clock.sleep(0.6)
        assert poll() == 0  # waited past priority_hold: goes in turn like any call


def test_priority_hold_zero_turns_priority_off_and_plain_reserve_never_yields() -> None:
    clock = FakeClock()
    off = RateLimiter("k", {"default": [Rate.per_second(1)]}, clock=clock, priority_hold=0)
    with urgent(), off.queued(), off.queued() as poll:
        assert poll() == 0
    limiter = RateLimiter("k2", {"default": [Rate.per_second(1)]}, clock=clock)
    with urgent(), limiter.queued():
        assert limiter.reserve() == 0  # `reserve` itself keeps its old meaning


def test_a_failed_urgent_call_stops_holding_background_calls_back() -> None:
    clock = FakeClock()
    limiter = RateLimiter("k", {"default": [Rate.per_second(1)]}, clock=clock)
    full(limiter)
    with pytest.raises(RuntimeError), urgent(), limiter.queued():
        raise RuntimeError("the stock write gave up")
    clock.sleep(1.001)
    with limiter.queued() as poll:
        assert poll() == 0


def test_bad_priority_hold_is_refused() -> None:
    for bad in (-1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="priority_hold"):
            RateLimiter("k", PER_SECOND, priority_hold=bad)


def test_urgent_follows_awaits_and_tasks_but_not_the_caller_after_the_block() -> None:
    async def main() -> tuple[bool, bool, bool]:
        async def child() -> bool:
            await asyncio.sleep(0)
            return is_urgent()

        with urgent():
            await asyncio.sleep(0)
            inside = is_urgent()
            in_task = await asyncio.create_task(child())
        return inside, in_task, is_urgent()

    assert asyncio.run(main()) == (True, True, False)


# --- the property: the per-second limit holds and no call is lost ----------------------------


CALLS = st.lists(
    st.tuples(st.floats(0, 3, allow_nan=False), st.booleans(), st.booleans()),
    min_size=1,
    max_size=40,
)


@settings(max_examples=300, deadline=None)
@given(calls=CALLS, limit=st.integers(1, 5), hold=st.sampled_from([0.0, 0.5, 2.0]))
def test_mixed_priorities_keep_the_rate_lose_no_call_and_urgent_goes_first(
    calls: list[tuple[float, bool, bool]], limit: int, hold: float
) -> None:
    """Calls arrive at random times, urgent or not, each waiting as the engine does (sleeping
    for the wait `take()` returns, on one fake clock). Ties go to background calls first, the
    worst order for urgent ones."""
    clock = FakeClock()
    limiter = RateLimiter(
        "k", {"default": [Rate.per_second(limit)]}, clock=clock, priority_hold=hold
    )
    arrivals = sorted(
        (at, not background_first, index, is_stock)
        for index, (at, is_stock, background_first) in enumerate(calls)
    )
    # (time of its next try, urgent tries last on ties, index): a heap of waiting calls
    events: list[tuple[float, int, int]] = []
    lines: dict[int, object] = {}
    arrived: dict[int, float] = {}
    granted: dict[int, float] = {}
    tries: dict[int, list[float]] = {}
    stock = {index: is_stock for _, _, index, is_stock in arrivals}
    with ExitStack() as stack:
        pending = list(arrivals)
        while pending or events:
            next_arrival = pending[0][0] if pending else float("inf")
            next_try = events[0][0] if events else float("inf")
            if next_arrival <= next_try:
                at, _, index, is_stock = pending.pop(0)
                clock.advance(max(0.0, at - clock.monotonic()))
                with ExitStack() as entering:
                    if is_stock:
                        entering.enter_context(urgent())
                    lines[index] = stack.enter_context(limiter.queued())
                arrived[index] = clock.monotonic()
                heapq.heappush(events, (clock.monotonic(), int(is_stock), index))
                continue
            at, _, index = heapq.heappop(events)
            clock.advance(max(0.0, at - clock.monotonic()))
            tries.setdefault(index, []).append(clock.monotonic())
            with ExitStack() as trying:
                if stock[index]:
                    trying.enter_context(urgent())
                take = lines[index]
                assert callable(take)
                wait = take()
            if wait == 0:
                assert index not in granted, "a call was granted twice"
                granted[index] = clock.monotonic()
            else:
                heapq.heappush(events, (clock.monotonic() + wait, int(stock[index]), index))
    assert sorted(granted) == sorted(range(len(calls))), "a call was lost"
    times = sorted(granted.values())
    for first, later in zip(times, times[limit:], strict=False):
        assert later - first >= 1.0 - 1e-9, "more than the limit in one second"
    if hold > 0:
        for b, b_granted in granted.items():
            if stock[b] or b_granted - arrived[b] >= hold:
                continue  # past its hold, a background call goes in turn like any
            for u in granted:
                if not (stock[u] and arrived[u] <= b_granted < granted[u]):
                    continue
                # A background call within its hold went while an urgent one waited: it left
                # the urgent one a slot, which is its at its next try unless a call that does
                # not yield (urgent, or background past its hold) took one first.
                next_try = min(t for t in tries[u] if t >= b_granted)
                others = [
                    c
                    for c, t in granted.items()
                    if c not in (u, b)
                    and b_granted <= t <= next_try
                    and (stock[c] or t - arrived[c] >= hold)
                ]
                assert others or granted[u] == next_try, "a background call took an urgent slot"


def test_the_oldest_urgent_call_takes_the_next_slot_whoever_asks_first() -> None:
    clock = FakeClock()
    limiter = RateLimiter("etsy:app", PER_SECOND, clock=clock)
    full(limiter)
    with ExitStack() as stack:
        with urgent(since=200.0):  # a push of newer changes, in line first
            newer = stack.enter_context(limiter.queued())
        with urgent(since=100.0):  # a push of older changes
            older = stack.enter_context(limiter.queued())
        clock.sleep(newer())
        assert newer() > 0  # the slot that freed is the older push's
        assert older() == 0
        clock.sleep(newer())
        assert newer() == 0  # then the newer push's turn


@settings(max_examples=200)
@given(
    sinces=st.lists(st.integers(0, 50), min_size=2, max_size=8),
    order=st.randoms(use_true_random=False),
)
def test_waiting_urgent_calls_go_oldest_first_whatever_order_they_try_in(
    sinces: list[int], order: random.Random
) -> None:
    """Urgent calls wait on a full limiter of one call a second and try in a random order
    each time a slot frees: each slot goes to the oldest waiting (ties in any order)."""
    clock = FakeClock()
    limiter = RateLimiter("k", {"default": [Rate.per_second(1)]}, clock=clock)
    full(limiter)
    granted: list[int] = []
    with ExitStack() as stack:
        takes: dict[int, Callable[[], float]] = {}
        for index, since in enumerate(sinces):
            with urgent(since=float(since)):
                takes[index] = stack.enter_context(limiter.queued())
        while len(granted) < len(sinces):
            waiting = [index for index in takes if index not in granted]
            order.shuffle(waiting)
            waits = []
            for index in waiting:
                wait = takes[index]()
                if wait == 0:
                    granted.append(index)
                    break
                waits.append(wait)
            else:
                clock.sleep(min(waits))
    assert [sinces[index] for index in granted] == sorted(sinces)
