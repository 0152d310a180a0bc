"""AsyncEtsyChannel parity with EtsyChannel on the main paths, against the sandbox."""

from __future__ import annotations

import asyncio
import math
from datetime import timedelta

from marketplace_sdk.core._async.channel import AsyncChannel
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import Shipment, StockUpdate
from marketplace_sdk.etsy import AsyncEtsyChannel, AsyncEtsyClient
from marketplace_sdk.etsy._auth import MemoryTokenStore, TokenPair
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.testing._faults import Fault


def make_async_channel(sandbox: EtsySandbox, clock: FakeClock) -> AsyncEtsyChannel:
    tokens = sandbox.connect()
    store = MemoryTokenStore(
        TokenPair(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=clock.now() + timedelta(seconds=tokens.expires_in),
        )
    )
    secret = sandbox.api_key.get_secret_value().split(":", 1)[1]
    client = AsyncEtsyClient(
        sandbox.keystring, secret, store, transport=sandbox.transport(), clock=clock
    )
    return AsyncEtsyChannel(client, sandbox.shop_id, clock=clock)


async def test_async_import_orders_push_and_ship(clock: FakeClock) -> None:
    sandbox = EtsySandbox.seeded(listings=400, orders=80, days=90, clock=clock, seed=13)
    channel: AsyncChannel = make_async_channel(sandbox, clock)
    assert isinstance(channel, AsyncChannel)
    assert isinstance(channel, AsyncEtsyChannel)
    sandbox.calls.clear()

    imported = await channel.import_products()

    assert sandbox.calls.count("getListingsByShop") <= math.ceil(400 / 100) + 3
    assert imported.products
    now = clock.now()
    orders = [o async for o in channel.iter_orders(now - timedelta(days=91), now + timedelta(1))]
    assert len(orders) == len(sandbox.world.receipts)
    categories = [c async for c in channel.iter_categories()]
    assert categories

    group = next(p for p in imported.products if p.is_group and len(p.variants) >= 2)
    first, second = group.variants[0], group.variants[1]
    await asyncio.gather(
        channel.push_stock([StockUpdate(sku=first.sku, quantity=81)]),
        channel.push_stock([StockUpdate(sku=second.sku, quantity=82)]),
    )
    after = {v.sku: v.stock for v in (await channel.get_product(first.sku)).variants}
    assert after[first.sku] == 81
    assert after[second.sku] == 82

    receipt_id = sandbox.place_order(sandbox.add_listing("ASYNC-SHIP"))
    sandbox.faults.add(Fault.timeout_after_apply(), operation="createReceiptShipment")
    shipment = Shipment(carrier="usps", tracking_number="9400ASYNC", shipped_at=clock.now())
    first_try = await channel.ready_to_ship(str(receipt_id), shipment)
    second_try = await channel.ready_to_ship(str(receipt_id), shipment)
    assert first_try.is_ok
    assert second_try.is_ok
    assert len(sandbox.receipt(receipt_id).shipments) == 1

    since = clock.now()
    clock.advance(60)
    other = sandbox.place_order(sandbox.add_listing("ASYNC-CANCEL"))
    sandbox.cancel_order(other)
    clock.advance(60)
    cancelled = [c.order_id async for c in channel.iter_cancellations(since)]
    assert cancelled == [str(other)]
