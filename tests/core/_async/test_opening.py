"""Opening a channel by marketplace key, as a host does, for every registered marketplace.

Written once against `open_async_channel`; the generated twin in `tests/core/_sync` runs the
same against `open_channel`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx

import marketplace_sdk
from marketplace_sdk.core import FakeClock
from marketplace_sdk.etsy import EtsyProfile, MemoryTokenStore, TokenPair
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import FnacProfile
from marketplace_sdk.fnac.sandbox import FnacSandbox


async def test_an_etsy_channel_opens_from_a_profile_and_its_token_store(clock: FakeClock) -> None:
    sandbox = EtsySandbox.seeded(listings=3, orders=2, clock=clock, seed=5)
    tokens = sandbox.connect()
    store = MemoryTokenStore(
        TokenPair(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=clock.now() + timedelta(seconds=tokens.expires_in),
        )
    )
    profile = EtsyProfile(
        keystring=sandbox.keystring,
        shared_secret=sandbox.app.shared_secret,
        shop_id=sandbox.shop_id,
        base_url="https://sandbox.etsy.example",
    )
    transport: httpx.AsyncBaseTransport = sandbox.transport()
    channel = marketplace_sdk.open_async_channel(
        "etsy", profile, clock=clock, transports={"api": transport}, options={"token_store": store}
    )
    assert (channel.marketplace, channel.shop_id) == ("etsy", str(sandbox.shop_id))
    since = datetime(2000, 1, 1, tzinfo=UTC)
    orders = [order async for order in channel.iter_orders(since, clock.now())]
    assert len(orders) == 2
    await marketplace_sdk.aclose_channel(channel)


async def test_an_fnac_channel_opens_from_a_profile(clock: FakeClock) -> None:
    sandbox = FnacSandbox.seeded(offers=3, orders=1, clock=clock)
    creds = sandbox.credentials
    profile = FnacProfile(
        partner_id=creds.partner_id,
        shop_id=creds.shop_id,
        key=creds.key,
        mirakl_api_key=creds.mirakl_api_key,
        mirakl_url="https://fnac.mirakl.example",
        base_url=sandbox.base_url,
    )
    transports: dict[str, httpx.AsyncBaseTransport] = {
        "api": sandbox.transport(),
        "catalog": sandbox.mirakl.transport(),
    }
    channel = marketplace_sdk.open_async_channel(
        "fnac", profile, clock=clock, transports=transports, options={"poll_interval": 1}
    )
    (result,) = await channel.push_stock([marketplace_sdk.StockUpdate(sku="SKU-00001", quantity=2)])
    assert result.is_ok
    assert (channel.marketplace, channel.shop_id) == ("fnac", creds.shop_id)
    await marketplace_sdk.aclose_channel(channel)
