"""`AsyncFnacChannel` against the FNAC sandbox: the main paths, as the sync channel does them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.fnac.test_channel_support import async_channel

from marketplace_sdk.core._async.channel import AsyncChannel
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError, UnsupportedOperation
from marketplace_sdk.core._models import Shipment, StockUpdate
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.fnac import AsyncFnacChannel
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.testing import Fault


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=12, orders=6, clock=clock)


@pytest.fixture
def channel(sandbox: FnacSandbox, clock: FakeClock) -> AsyncFnacChannel:
    return async_channel(sandbox, clock)


def test_the_async_channel_implements_the_protocol(channel: AsyncFnacChannel) -> None:
    typed: AsyncChannel = channel
    assert isinstance(typed, AsyncChannel)
    assert typed.marketplace == "fnac"


async def test_products_and_stock(channel: AsyncFnacChannel, sandbox: FnacSandbox) -> None:
    skus = sorted([p.sku async for p in channel.iter_products()])
    assert skus == sorted(sandbox.state.offers)
    assert (await channel.get_product("SKU-00002")).sku == "SKU-00002"
    with pytest.raises(NotFoundError):
        await channel.get_product("NOPE")
    results = await channel.push_stock(
        [StockUpdate(sku="SKU-00001", quantity=9), StockUpdate(sku="GHOST", quantity=1)]
    )
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.REJECTED]
    assert sandbox.state.offers["SKU-00001"].quantity == 9


async def test_orders_accept_ship_and_cancellations(
    channel: AsyncFnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    since = clock.now()
    placed = sandbox.place_order(["SKU-00003"])
    found = [
        o.order_id
        async for o in channel.iter_orders(since, since + timedelta(hours=1), ["To be Shipped"])
    ]
    assert placed.order_id in found
    assert all(r.is_ok for r in await channel.accept_order(placed.order_id))
    sandbox.advance(3600)
    sandbox.faults.add(Fault.timeout_after_apply(), operation="orders_update")
    shipment = Shipment(carrier="UPS", tracking_number="1Z1", shipped_at=clock.now())
    assert (await channel.ready_to_ship(placed.order_id, shipment)).is_ok
    order = await channel.get_order(placed.order_id)
    assert order.marketplace_status == "Shipped"
    other = sandbox.place_order(["SKU-00004"])
    sandbox.cancel_order(other.order_id)
    sandbox.advance(60)
    cancelled = [c.order_id async for c in channel.iter_cancellations(since)]
    assert other.order_id in cancelled


async def test_catalogue_and_unsupported(channel: AsyncFnacChannel) -> None:
    categories = [c async for c in channel.iter_categories()]
    assert categories
    leaf = next(c for c in categories if c.is_leaf)
    assert isinstance(await channel.get_category_attributes(leaf.id), list)
    with pytest.raises(UnsupportedOperation):
        await channel.set_active("SKU-00001", True)
