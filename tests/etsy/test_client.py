"""EtsyClient and AsyncEtsyClient end to end against the Etsy sandbox (in process)."""

from __future__ import annotations

import asyncio
import math
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from tests.etsy.openapi_contract import validate_request

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import TokenRevokedError
from marketplace_sdk.etsy import AsyncEtsyClient, EtsyClient
from marketplace_sdk.etsy._auth import MemoryTokenStore, TokenPair, start_authorization
from marketplace_sdk.etsy._models import (
    InventoryUpdate,
    ListingUpdate,
    ReceiptShipmentRequest,
    ReceiptStatus,
)
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._app import SandboxTokens


class CheckedTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Validates every request against the published document, then hands it to the sandbox."""

    def __init__(self, sandbox: EtsySandbox) -> None:
        self.inner = sandbox.transport()
        self.requests: list[httpx.Request] = []

    def _check(self, request: httpx.Request) -> None:
        self.requests.append(request)
        if request.url.path != "/v3/public/oauth/token":  # not part of the document
            validate_request(request)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._check(request)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._check(request)
        return await self.inner.handle_async_request(request)


def stored(tokens: SandboxTokens, clock: FakeClock) -> MemoryTokenStore:
    return MemoryTokenStore(
        TokenPair(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=clock.now() + timedelta(seconds=tokens.expires_in),
        )
    )


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=250, orders=120, days=90, clock=clock, seed=3)


def client_for(
    sandbox: EtsySandbox, store: MemoryTokenStore, clock: FakeClock
) -> tuple[EtsyClient, CheckedTransport]:
    transport = CheckedTransport(sandbox)
    client = EtsyClient(
        sandbox.keystring,
        sandbox.api_key.get_secret_value().split(":", 1)[1],
        store,
        transport=transport,
        clock=clock,
    )
    return client, transport


@pytest.mark.usefixtures("shared_specs")
def test_pkce_connect_then_typed_calls(sandbox: EtsySandbox, clock: FakeClock) -> None:
    store = MemoryTokenStore()
    client, transport = client_for(sandbox, store, clock)
    flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])

    redirect = sandbox.approve_consent(flow.url)
    pair = client.connect(flow, redirect)

    assert store.load() == pair
    assert pair.user_id == sandbox.user_id
    me = client.get_me()
    assert me.shop_id == sandbox.shop_id
    assert client.get_shop(sandbox.shop_id).shop_id == sandbox.shop_id
    assert client.get_seller_taxonomy_nodes()
    assert client.get_shop_shipping_profiles(sandbox.shop_id)
    assert transport.requests[-1].headers["authorization"] == (
        f"Bearer {pair.access_token.get_secret_value()}"
    )


@pytest.mark.usefixtures("shared_specs")
def test_import_listings_with_inventory_in_few_requests(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    client, transport = client_for(sandbox, stored(sandbox.connect(), clock), clock)
    active = sum(1 for item in sandbox.world.listings.values() if item.state == "active")

    listings = list(client.iter_listings(sandbox.shop_id))

    assert len(listings) == active
    assert len({item.listing_id for item in listings}) == active
    assert all(item.inventory is not None and item.inventory.products for item in listings)
    assert len(transport.requests) <= math.ceil(active / 100) + 1


@pytest.mark.usefixtures("shared_specs")
def test_stock_push_read_modify_write_keeps_other_products(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    client, _ = client_for(sandbox, stored(sandbox.connect(), clock), clock)
    listing = next(
        item
        for item in client.iter_listings(sandbox.shop_id)
        if item.inventory is not None and len(item.inventory.products) > 1
    )
    inventory = client.get_listing_inventory(listing.listing_id)
    update = InventoryUpdate.from_inventory(inventory)
    update.products[0].offerings[0].quantity = 77

    written = client.update_listing_inventory(listing.listing_id, update)

    assert written.products[0].offerings[0].quantity == 77
    assert [p.sku for p in written.products] == [p.sku for p in inventory.products]
    reread = client.get_listing_inventory(listing.listing_id)
    assert reread.products[0].offerings[0].quantity == 77
    assert reread.products[1].offerings[0].quantity == inventory.products[1].offerings[0].quantity


@pytest.mark.usefixtures("shared_specs")
def test_ninety_days_of_receipts_then_ship_one(sandbox: EtsySandbox, clock: FakeClock) -> None:
    client, _ = client_for(sandbox, stored(sandbox.connect(), clock), clock)
    now = clock.now()

    receipts = list(client.iter_receipts_by_created(sandbox.shop_id, now - timedelta(days=91), now))

    assert len(receipts) == len(sandbox.world.receipts)
    assert len({r.receipt_id for r in receipts}) == len(receipts)
    assert all(isinstance(r.status, ReceiptStatus) for r in receipts)
    open_receipt = next(r for r in receipts if r.is_paid and not r.is_shipped and r.transactions)
    shipped = client.create_receipt_shipment(
        sandbox.shop_id,
        open_receipt.receipt_id,
        ReceiptShipmentRequest(tracking_code="1Z999AA10123456784", carrier_name="ups"),
    )
    assert shipped.is_shipped
    assert shipped.shipments[-1].tracking_code == "1Z999AA10123456784"
    again = client.get_shop_receipt(sandbox.shop_id, open_receipt.receipt_id)
    assert [s.carrier_name for s in again.shipments] == ["ups"]


@pytest.mark.usefixtures("shared_specs")
def test_cancellations_of_old_orders_come_by_last_modified(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    client, _ = client_for(sandbox, stored(sandbox.connect(), clock), clock)
    old = min(
        (r for r in sandbox.world.receipts.values() if not r.is_shipped and r.status != "Canceled"),
        key=lambda r: r.created,
    )
    since = clock.now()
    clock.advance(60)
    sandbox.cancel_order(old.receipt_id)

    changed = list(
        client.iter_receipts_by_last_modified(
            sandbox.shop_id, since, clock.now(), was_canceled=True
        )
    )
    assert [r.receipt_id for r in changed] == [old.receipt_id]
    assert changed[0].status is ReceiptStatus.CANCELED


@pytest.mark.usefixtures("shared_specs")
def test_expired_token_is_refreshed_and_rotated_pair_saved(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    tokens = sandbox.connect()
    store = stored(tokens, clock)
    client, _ = client_for(sandbox, store, clock)
    clock.advance(3600 + 1)

    assert client.get_me().shop_id == sandbox.shop_id

    saved = store.load()
    assert saved is not None
    assert saved.refresh_token.get_secret_value() != tokens.refresh_token
    assert client.auth.generation == 1


@pytest.mark.usefixtures("shared_specs")
def test_password_change_means_reconnect(sandbox: EtsySandbox, clock: FakeClock) -> None:
    client, _ = client_for(sandbox, stored(sandbox.connect(), clock), clock)
    sandbox.change_password()
    with pytest.raises(TokenRevokedError, match="reconnect the shop"):
        client.get_me()


@pytest.mark.usefixtures("shared_specs")
def test_remaining_daily_budget_follows_the_servers_count(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    client, _ = client_for(sandbox, stored(sandbox.connect(), clock), clock)
    assert client.remaining_daily_budget == 10_000
    for _ in range(3):
        client.get_me()
    assert client.remaining_daily_budget == sandbox.remaining_today()
    assert client.remaining_daily_budget is not None
    assert client.remaining_daily_budget < 10_000


@pytest.mark.usefixtures("shared_specs")
def test_listing_activation_round_trip(sandbox: EtsySandbox, clock: FakeClock) -> None:
    client, _ = client_for(sandbox, stored(sandbox.connect(), clock), clock)
    listing = next(iter(client.iter_listings(sandbox.shop_id)))
    off = client.update_listing(
        sandbox.shop_id, listing.listing_id, ListingUpdate(state="inactive")
    )
    assert off.state == "inactive"
    on = client.update_listing(sandbox.shop_id, listing.listing_id, ListingUpdate(state="active"))
    assert on.state == "active"


@pytest.mark.usefixtures("shared_specs")
async def test_async_client_refreshes_once_under_concurrent_calls(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    tokens = sandbox.connect()
    store = stored(tokens, clock)
    transport = CheckedTransport(sandbox)
    secret = sandbox.api_key.get_secret_value().split(":", 1)[1]
    clock.advance(3600 + 1)
    async with AsyncEtsyClient(
        sandbox.keystring, secret, store, transport=transport, clock=clock
    ) as client:
        results = await asyncio.gather(*(client.get_me() for _ in range(8)))
        receipts = [
            r
            async for r in client.iter_receipts_by_created(
                sandbox.shop_id, clock.now() - timedelta(days=95), clock.now()
            )
        ]

    assert {me.shop_id for me in results} == {sandbox.shop_id}
    refreshes = [r for r in transport.requests if r.url.path == "/v3/public/oauth/token"]
    assert len(refreshes) == 1
    assert client.auth.generation == 1
    assert len(receipts) == len(sandbox.world.receipts)


def test_client_repr_shows_no_secret(tmp_path: Path) -> None:
    store = MemoryTokenStore()
    client = EtsyClient("keystring", "TOP-SECRET", store)
    assert "TOP-SECRET" not in repr(client)
    client.close()
