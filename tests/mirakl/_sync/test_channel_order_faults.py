# Generated from tests/mirakl/_async/test_channel_order_faults.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Order windows under Mirakl's faults and paging behaviours: 429 with Retry-After, 5xx, cut
and malformed OR11 pages, pages that shift while a window is read (MIRAKL-Q03), seek pages."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

import httpx
import pytest
from tests.mirakl._sync.orders_harness import SIDES, Served, order_side, served

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import DeadlineExceededError, ResponseParseError
from marketplace_sdk.mirakl import MiraklChannelOptions
from marketplace_sdk.mirakl._sync.orders import MiraklOrders
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed
from marketplace_sdk.testing import Fault

T0 = FakeClock().now()


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklSandbox:
    return MiraklSandbox(clock=clock)


@pytest.fixture
def server(sandbox: MiraklSandbox) -> Iterator[Served]:
    with served(sandbox) as running:
        yield running


@pytest.fixture(params=SIDES)
def host(
    request: pytest.FixtureRequest, server: Served, clock: FakeClock
) -> Iterator[MiraklOrders]:
    with order_side(request.param, server, clock, MiraklChannelOptions(order_page_size=3)) as side:
        yield side


#: Where every window of these tests ends: the start of the sandbox's clock.
def _expected(sandbox: MiraklSandbox, days: float = 10) -> set[str]:
    now = T0
    start = now - timedelta(days=days, minutes=5)
    return {o.order_id for o in sandbox.orders.values() if start <= o.updated < now}


def _window(host: MiraklOrders, clock: FakeClock, days: float = 10) -> list[str]:
    return [order.order_id for order in host.iter_orders(T0 - timedelta(days=days), T0)]


def test_a_429_waits_its_retry_after_and_the_window_is_whole(
    host: MiraklOrders, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.rate_limited(retry_after=17), operation="OR11")
    ids = _window(host, clock)
    assert 17 in clock.sleeps
    assert sorted(ids) == sorted(_expected(sandbox))


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_a_server_error_on_a_page_is_retried(
    host: MiraklOrders, sandbox: MiraklSandbox, clock: FakeClock, status: int
) -> None:
    sandbox.faults.add(Fault.error(status), path="/api/orders$", count=2)
    ids = _window(host, clock)
    assert sorted(ids) == sorted(_expected(sandbox))


@pytest.mark.parametrize("fault", [Fault.truncated(0.6), Fault.malformed(b'{"orders": [')])
def test_a_cut_or_malformed_page_is_asked_again_never_read_short(
    host: MiraklOrders, sandbox: MiraklSandbox, clock: FakeClock, server: Served, fault: Fault
) -> None:
    # The third page is cut once (the fault is queued while the second is answered): it is
    # asked for again, and no order is lost.
    def second(request: httpx.Request) -> None:
        if request.url.params.get("offset") == "3" and not sandbox.faults.fired:
            sandbox.faults.add(fault, path="/api/orders$")

    server.before.append(second)
    ids = _window(host, clock)
    assert sorted(ids) == sorted(_expected(sandbox))
    assert len(ids) == len(set(ids))
    offsets = [r.url.params.get("offset") for r in server.requests]
    assert offsets == ["0", "3", "6", "6", "9", "12"]


def test_a_page_cut_every_time_raises_rather_than_reading_it_short(
    host: MiraklOrders, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.truncated(0.5), path="/api/orders$", count=50)
    with pytest.raises((ResponseParseError, DeadlineExceededError)) as raised:
        _window(host, clock)
    error = raised.value
    assert isinstance(error, ResponseParseError) or isinstance(error.__cause__, ResponseParseError)


def test_an_order_leaving_the_window_during_a_scan_shifts_no_other_out(
    host: MiraklOrders, sandbox: MiraklSandbox, clock: FakeClock, server: Served
) -> None:
    # MIRAKL-Q03: offset pages follow creation dates; an order updated after the window's end
    # while the window is read leaves the filter and every later order moves up one place.
    first = min(
        (sandbox.orders[i] for i in _expected(sandbox)), key=lambda o: (o.created, o.order_id)
    )
    expected = _expected(sandbox)
    moved: list[str] = []

    def update_first(request: httpx.Request) -> None:
        if request.url.params.get("offset") == "3" and not moved:
            first.updated = clock.now() + timedelta(minutes=1)
            moved.append(first.order_id)

    server.before.append(update_first)
    ids = _window(host, clock)
    assert moved == [first.order_id]
    assert sorted(ids) == sorted(expected)  # the moved one was read on the first page
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("side", SIDES)
def test_seek_pages_where_the_operator_offers_them(clock: FakeClock, side: str) -> None:
    sandbox = MiraklSandbox(
        clock=clock,
        shop=ShopSeed.generated(clock.now(), offers=20, orders=60),
        seek_pagination=True,
    )
    options = MiraklChannelOptions(seek_pagination=True, order_page_size=7)
    with served(sandbox) as server:
        with order_side(side, server, clock, options) as host:
            ids = _window(host, clock, days=100)
    assert sorted(ids) == sorted(_expected(sandbox, 100))
    pages = [r.url.params for r in server.requests]
    assert all("offset" not in page for page in pages)
    assert sum("page_token" in page for page in pages) == len(pages) - 1 > 3


@pytest.mark.parametrize("side", SIDES)
def test_a_long_history_is_read_whole_across_pages(clock: FakeClock, side: str) -> None:
    sandbox = MiraklSandbox(clock=clock, shop=ShopSeed.generated(clock.now(), orders=250))
    with served(sandbox) as server:
        with order_side(side, server, clock) as host:
            ids = _window(host, clock, days=100)
    assert sorted(ids) == sorted(_expected(sandbox, 100))
    assert len(server.requests) == 3  # 100 a page
