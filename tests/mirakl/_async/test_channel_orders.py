"""The Mirakl channel's order windows and order reads, against the sandbox over loopback."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import timedelta

import pytest
from tests.mirakl._async.orders_harness import SIDES, Served, order_side, served

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError, RecordError
from marketplace_sdk.core._status import OmsStatus, StatusFilterError
from marketplace_sdk.mirakl import MIRAKL_SYNCED_STATUSES
from marketplace_sdk.mirakl._async.orders import AsyncMiraklOrders
from marketplace_sdk.mirakl.sandbox import MiraklSandbox


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklSandbox:
    return MiraklSandbox(clock=clock)


@pytest.fixture
def server(sandbox: MiraklSandbox) -> Iterator[Served]:
    with served(sandbox) as running:
        yield running


@pytest.fixture(params=SIDES)
async def host(
    request: pytest.FixtureRequest, server: Served, clock: FakeClock
) -> AsyncIterator[AsyncMiraklOrders]:
    async with order_side(request.param, server, clock) as side:
        yield side


def _updated_within(sandbox: MiraklSandbox, since_days: float) -> set[str]:
    now = sandbox.clock.now()
    start = now - timedelta(days=since_days, minutes=5)
    return {o.order_id for o in sandbox.orders.values() if start <= o.updated < now}


async def test_a_window_brings_every_order_updated_in_it_once(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, clock: FakeClock, server: Served
) -> None:
    now = clock.now()
    orders = [order async for order in host.iter_orders(now - timedelta(days=10), now)]
    ids = [order.order_id for order in orders]
    assert len(ids) == len(set(ids))
    assert set(ids) == _updated_within(sandbox, 10)
    assert all(now - timedelta(days=10, minutes=5) <= o.updated_at < now for o in orders)
    first = server.requests[0].url.params
    assert first["start_update_date"] == "2025-12-21T23:55:00Z"
    assert first["end_update_date"] == "2026-01-01T00:00:00Z"
    assert "order_state_codes" not in first


async def test_orders_updated_at_the_windows_end_are_left_to_the_next_window(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    now = clock.now()
    last = max(sandbox.orders.values(), key=lambda order: order.updated)
    until = min(last.updated, now)
    ids = {order.order_id async for order in host.iter_orders(until - timedelta(days=30), until)}
    assert all(sandbox.orders[i].updated < until for i in ids)


async def test_a_status_filter_sends_mirakls_states_and_keeps_those(
    host: AsyncMiraklOrders, clock: FakeClock, server: Served
) -> None:
    now = clock.now()
    orders = [
        order
        async for order in host.iter_orders(
            now - timedelta(days=10), now, ["waiting acceptance", "Shipping"]
        )
    ]
    assert {order.marketplace_status for order in orders} == {"WAITING_ACCEPTANCE", "SHIPPING"}
    assert server.requests[0].url.params["order_state_codes"] == "WAITING_ACCEPTANCE,SHIPPING"


async def test_an_unknown_status_is_refused_before_any_request(
    host: AsyncMiraklOrders, clock: FakeClock, server: Served
) -> None:
    now = clock.now()
    with pytest.raises(StatusFilterError) as raised:
        _ = [order async for order in host.iter_orders(now - timedelta(days=1), now, ["New"])]
    assert raised.value.unknown == ("New",)
    assert "WAITING_ACCEPTANCE" in raised.value.valid
    assert server.requests == []


async def test_the_synced_statuses_bring_orders_in_states_mirakl_added(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, clock: FakeClock, server: Served
) -> None:
    # MIRAKL-Q08: a state OR11's enum does not list, and one nobody knows yet.
    sandbox.orders["8580226808-A"].state = "ON_HOLD_FOR_REVIEW"
    now = clock.now()
    orders = {
        order.order_id: order
        async for order in host.iter_orders(now - timedelta(days=10), now, MIRAKL_SYNCED_STATUSES)
    }
    assert "order_state_codes" not in server.requests[0].url.params
    assert orders["8580226814-A"].marketplace_status == "WAITING_REFUND"
    assert orders["8580226814-A"].oms_status == OmsStatus.CANCEL_IN_PROCESS
    assert orders["8580226808-A"].marketplace_status == "ON_HOLD_FOR_REVIEW"
    assert orders["8580226808-A"].oms_status is None
    assert set(orders) == _updated_within(sandbox, 10)


async def test_a_deprecated_state_filter_is_kept_by_reading_every_order(
    host: AsyncMiraklOrders, clock: FakeClock, server: Served
) -> None:
    now = clock.now()
    window = host.iter_orders(now - timedelta(days=10), now, ["waiting_refund"])
    orders = [order.order_id async for order in window]
    assert orders == ["8580226814-A"]
    assert "order_state_codes" not in server.requests[0].url.params


async def test_get_order_reads_one_order_by_id(host: AsyncMiraklOrders, server: Served) -> None:
    order = await host.get_order("8580226806-A")
    assert order.order_id == "8580226806-A"
    assert order.marketplace_status == "SHIPPING"
    assert order.paid is True
    assert [line.sku for line in order.lines] == ["SKU-KETTLE", "SKU-LAMP"]
    assert server.requests[0].url.params["order_ids"] == "8580226806-A"


async def test_get_order_of_an_unknown_id_is_not_found(host: AsyncMiraklOrders) -> None:
    with pytest.raises(NotFoundError):
        await host.get_order("0000000000-A")


async def test_a_bad_order_is_set_aside_and_the_others_come(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.orders["8580226806-A"].lines[0].offer_id = "not a number"  # type: ignore[assignment]
    sandbox.orders["8580226808-A"].customer["shipping_address"]["country_iso_code"] = "XYZ"
    now = clock.now()
    aside: list[RecordError] = []
    window = host.iter_orders(now - timedelta(days=10), now, quarantine=aside.append)
    ids = {order.order_id async for order in window}
    assert {error.record_id for error in aside} == {"8580226806-A", "8580226808-A"}
    assert all(error.kind == "order" and isinstance(error.raw, dict) for error in aside)
    assert ids == _updated_within(sandbox, 10) - {"8580226806-A", "8580226808-A"}


async def test_a_bad_order_raises_its_record_error_without_a_quarantine(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.orders["8580226808-A"].customer["shipping_address"]["country_iso_code"] = "XYZ"
    now = clock.now()
    with pytest.raises(RecordError) as raised:
        _ = [order async for order in host.iter_orders(now - timedelta(days=10), now)]
    assert raised.value.record_id == "8580226808-A"
    with pytest.raises(RecordError):
        await host.get_order("8580226808-A")
    sandbox.orders["8580226806-A"].lines[0].offer_id = "x"  # type: ignore[assignment]
    with pytest.raises(RecordError) as refused:
        await host.get_order("8580226806-A")
    assert refused.value.record_id == "8580226806-A"


async def test_an_update_just_before_the_window_is_read_again_not_missed(
    host: AsyncMiraklOrders, sandbox: MiraklSandbox, clock: FakeClock, server: Served
) -> None:
    # MIRAKL-Q02: an update indexed late must not fall between two polls; the overlap reads
    # the minutes before the window's start again.
    order = sandbox.orders["8580226806-A"]
    since = order.updated + timedelta(minutes=2)
    ids = {o.order_id async for o in host.iter_orders(since, clock.now())}
    assert "8580226806-A" in ids
    assert server.requests[0].url.params["start_update_date"] == (
        (since - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
    )


async def test_addresses_come_once_mirakl_shows_them(
    host: AsyncMiraklOrders, clock: FakeClock
) -> None:
    # MIRAKL-Q10: no address before the buyer is charged; the order is not lost for it.
    now = clock.now()
    orders = {o.order_id: o async for o in host.iter_orders(now - timedelta(days=10), now)}
    waiting, shipping = orders["8580226801-A"], orders["8580226806-A"]
    assert waiting.shipping_address is None
    assert waiting.paid is False
    assert shipping.shipping_address is not None
    assert shipping.shipping_address.country_code == "FR"
    assert shipping.shipping_address.city == "Lyon"
