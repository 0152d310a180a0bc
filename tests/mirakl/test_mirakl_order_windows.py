"""Mirakl order windows lose nothing: over many ways of cutting a shop's history into windows,
every order comes in the window of its last update, and only the overlap brings one again."""

from __future__ import annotations

import random
from datetime import timedelta
from itertools import pairwise

import httpx
from hypothesis import example, given, settings
from hypothesis import strategies as st
from tests.mirakl._sync.orders_harness import Host

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl import MiraklChannelOptions, MiraklSellerClient
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed

HOURS = 24 * 40
OVERLAP = timedelta(minutes=5)


@settings(max_examples=25, deadline=None)
@given(
    cuts=st.lists(st.integers(min_value=1, max_value=HOURS - 1), max_size=6, unique=True),
    page_size=st.integers(min_value=1, max_value=100),
    seed=st.integers(min_value=0, max_value=5),
)
def test_windows_cut_anywhere_bring_every_order_once_per_window(
    cuts: list[int], page_size: int, seed: int
) -> None:
    clock = FakeClock()
    t0 = clock.now()
    sandbox = MiraklSandbox(
        clock=clock, shop=ShopSeed.generated(t0, offers=10, orders=40, days=40, seed=seed)
    )
    start = t0 - timedelta(hours=HOURS)
    bounds = [start, *(start + timedelta(hours=h) for h in sorted(cuts)), t0]
    options = MiraklChannelOptions(order_page_size=page_size, update_overlap=OVERLAP)
    # What the shop holds when the windows are read (the workflow moves on with the clock
    # while the limiter waits: those later updates belong to later windows).
    updated = {o.order_id for o in sandbox.orders.values() if start <= o.updated < t0}
    seen: dict[str, int] = {}
    with MiraklSellerClient(
        sandbox.api_key,
        base_url="https://acme.mirakl.net",
        transport=sandbox.transport(),
        clock=clock,
        max_wait=3_600,
    ) as seller:
        host = Host(seller, clock, options)
        for since, until in pairwise(bounds):
            for order in host.iter_orders(since, until):
                # Mirakl widens the window itself too (MIRAKL-Q02), by the sandbox's overlap.
                widened = OVERLAP + timedelta(seconds=sandbox.update_overlap)
                assert since - widened <= order.updated_at < until
                if order.updated_at >= since:
                    seen[order.order_id] = seen.get(order.order_id, 0) + 1
    assert set(seen) == updated
    assert set(seen.values()) <= {1}


#: Orders of the histories below, and how many may leave the filter at one page (at most).
SHIFT_ORDERS = 60


@settings(max_examples=60, deadline=None)
@example(  # two pages in a row each lose an order: the second step-back goes back further
    seed=0, page_size=1, spare=0, leaves=[(3, 1), (4, 1)], picks=random.Random(0)
)
@given(
    seed=st.integers(min_value=0, max_value=50),
    page_size=st.integers(min_value=1, max_value=12),
    spare=st.integers(min_value=0, max_value=8),
    leaves=st.lists(
        st.tuples(st.integers(min_value=1, max_value=40), st.integers(min_value=1, max_value=8)),
        max_size=3,
    ),
    picks=st.randoms(use_true_random=False),
)
def test_a_small_seen_window_loses_and_repeats_no_order_while_orders_leave_the_scan(
    seed: int,
    page_size: int,
    spare: int,
    leaves: list[tuple[int, int]],
    picks: random.Random,
) -> None:
    # `seen_versions` holds a page plus every order that leaves the filter during the scan (and
    # `spare` more): within that bound a shifted offset scan steps back over the orders that
    # moved up and drops every one it reads again, and none is left unread. Step-backs on
    # consecutive pages add up (each goes back from a page that was itself stepped back to), so
    # the bound is the orders that leave over the scan, not the most between two pages.
    leaving = sum(count for _, count in dict(leaves).items())
    options = MiraklChannelOptions(
        order_page_size=page_size, seen_versions=page_size + leaving + spare
    )
    clock = FakeClock()
    t0 = clock.now()
    sandbox = MiraklSandbox(
        clock=clock,
        shop=ShopSeed.generated(t0, offers=10, orders=SHIFT_ORDERS, days=30, seed=seed),
        enforce_call_frequencies=False,
    )
    since = t0 - timedelta(days=60)
    at_request = dict(leaves)  # request number -> how many orders leave just before it
    requests = 0
    moved: set[str] = set()

    def answer(request: httpx.Request) -> httpx.Response:
        nonlocal requests
        requests += 1
        inside = sorted(
            (o for o in sandbox.orders.values() if since <= o.updated < t0),
            key=lambda o: o.order_id,
        )
        for order in picks.sample(inside, min(at_request.get(requests, 0), len(inside))):
            order.updated = t0 + timedelta(minutes=1)  # updated after the window's end
            moved.add(order.order_id)
        return sandbox(request)

    with MiraklSellerClient(
        sandbox.api_key,
        base_url="https://acme.mirakl.net",
        transport=httpx.MockTransport(answer),
        clock=clock,
        rate_overrides={"OR11": []},
    ) as seller:
        ids = [order.order_id for order in Host(seller, clock, options).iter_orders(since, t0)]
    stayed = {o.order_id for o in sandbox.orders.values() if since <= o.updated < t0}
    assert len(ids) == len(set(ids))  # none repeated
    assert stayed <= set(ids)  # none lost: every order still in the window came
    assert set(ids) <= stayed | moved
