"""The Etsy client and channel surviving Etsy's catalogued listing, paging, auth and webhook
behaviours, against the sandbox with each behaviour on (its default)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from tests.etsy._async.harness import make_channel, make_client, stored
from tests.etsy._async.test_channel import tee_draft
from tests.etsy.recording import Recording

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import TokenRevokedError
from marketplace_sdk.core._models import PriceUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.etsy import (
    AsyncEtsyChannel,
    DraftListing,
    EtsyChannelOptions,
    ListingUpdate,
    MemoryTokenStore,
    start_authorization,
)
from marketplace_sdk.etsy._webhooks import WebhookReplayError, WebhookVerifier
from marketplace_sdk.etsy.sandbox import EtsySandbox, RateLimits, sign
from marketplace_sdk.etsy.sandbox._listings import MISLEADING_TRIPLE_ERROR
from marketplace_sdk.testing._faults import Fault


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=60, orders=0, clock=clock, seed=8)


async def test_etsy_q10_a_draft_created_then_answered_500_is_finished_once(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    before = set(sandbox.world.listings)
    sandbox.faults.add(Fault.error(500, {"error": "Server Error"}), operation="createDraftListing")

    result = await channel.list_product(tee_draft(sku="TEE-500"))

    assert result.is_ok, result.reason
    assert set(sandbox.world.listings) - before == {int(result.marketplace_id or 0)}
    assert sandbox.calls.count("createDraftListing") == 1
    assert sandbox.listing(int(result.marketplace_id or 0)).state == "active"


async def test_etsy_q10_a_later_attempt_finishes_the_draft_an_earlier_one_left(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    first = make_channel(sandbox, clock)
    assert (await first.list_product(tee_draft(sku="WARM", title="Warm"))).is_ok
    sandbox.faults.add(Fault.error(500), operation="createDraftListing")
    sandbox.faults.add(Fault.error(503), operation="getListingsByShop", count=10)
    lost = await first.list_product(tee_draft(sku="TEE-LOST"))
    assert lost.outcome is Outcome.UNKNOWN
    sandbox.faults.clear()
    before = set(sandbox.world.listings)

    # Another worker (a new channel: nothing in memory) retries the same product.
    retried = await make_channel(sandbox, clock).list_product(tee_draft(sku="TEE-LOST"))

    assert retried.is_ok
    assert set(sandbox.world.listings) == before
    assert sandbox.listing(int(retried.marketplace_id or 0)).state == "active"


async def test_etsy_q10_a_refusal_after_the_draft_is_retried_on_the_same_draft(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    sandbox.faults.add(Fault.error(503), operation="uploadListingImage")
    half = await channel.list_product(tee_draft(sku="TEE-HALF"))
    assert half.outcome is Outcome.RETRY_LATER
    before = set(sandbox.world.listings)

    again = await channel.list_product(tee_draft(sku="TEE-HALF"))

    assert again.is_ok
    assert set(sandbox.world.listings) == before
    assert len(sandbox.listing(int(again.marketplace_id or 0)).images) == 1


async def test_etsy_q07_listing_writes_are_form_encoded_and_an_unapplied_200_is_refused(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    recording = Recording(sandbox)
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock, recording)
    listing_id = next(i for i, item in sandbox.world.listings.items() if item.state == "active")
    await client.update_listing(sandbox.shop_id, listing_id, ListingUpdate(state="inactive"))
    assert sandbox.listing(listing_id).state == "inactive"
    [patch] = [r for r in recording.requests if r.method == "PATCH"]
    assert patch.headers["content-type"] == "application/x-www-form-urlencoded"

    channel = make_channel(sandbox, clock)
    sku = sandbox.listing(listing_id).inventory.products[0].sku
    unchanged = (await client.get_listing(listing_id)).model_dump_json().encode()
    sandbox.faults.add(Fault.malformed(unchanged), operation="updateListing")
    result = await channel.set_active(sku, True)
    assert result.outcome is Outcome.REJECTED
    assert "not active" in str(result.reason)


async def test_etsy_q08_prices_go_through_the_inventory_never_update_listing(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    listing_id = sandbox.add_listing("PRICED", price="10.00")
    sandbox.calls.clear()

    [result] = await channel.push_prices(
        [PriceUpdate(sku="PRICED", price=Money(amount="12.50", currency="USD"))]
    )

    assert result.is_ok
    assert str(sandbox.listing(listing_id).price) == "12.50"
    assert sandbox.calls.count("updateListing") == 0
    with pytest.raises(ValueError, match="price"):
        ListingUpdate(price=12)  # type: ignore[call-arg]


async def test_etsy_q09_update_listing_is_sent_as_patch(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    recording = Recording(sandbox)
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock, recording)
    listing_id = next(iter(sandbox.world.listings))

    await client.update_listing(sandbox.shop_id, listing_id, ListingUpdate(title="Patched"))

    assert [r.method for r in recording.requests if "/listings/" in r.url.path] == ["PATCH"]
    assert sandbox.listing(listing_id).title == "Patched"


async def test_etsy_q11_a_draft_is_checked_before_sending_and_refusals_name_the_field(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock)
    channel = AsyncEtsyChannel(client, sandbox.shop_id, clock=clock)  # no shipping profile
    sandbox.calls.clear()
    no_profile = await channel.list_product(tee_draft(sku="TEE-NOPROFILE"))
    assert no_profile.outcome is Outcome.REJECTED
    assert "shipping_profile_id" in str(no_profile.reason)
    assert len(sandbox.calls) == 0

    channel = make_channel(sandbox, clock)
    sandbox.faults.add(
        Fault.error(400, {"error": MISLEADING_TRIPLE_ERROR}), operation="createDraftListing"
    )
    refused = await channel.list_product(tee_draft(sku="TEE-TRIPLE"))
    assert refused.outcome is Outcome.REJECTED
    assert "who_made, when_made and is_supply" in str(refused.reason)
    listed = await channel.list_product(tee_draft(sku="TEE-TRIPLE"))  # the triple is sent
    assert listed.is_ok


async def test_etsy_q18_ids_past_32_bits_round_trip(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    products = [product async for product in channel.iter_products()]
    assert products
    assert all(int(product.marketplace_id) > 2**31 for product in products)
    product = await channel.get_product(products[0].sku)
    assert product.marketplace_id == products[0].marketplace_id


async def test_etsy_q19_skus_are_read_with_the_owners_token(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    listing_id = sandbox.add_listing("OWNED-SKU")
    product = await channel.get_product("OWNED-SKU")
    assert product.marketplace_id == str(listing_id)
    assert product.sku == "OWNED-SKU"


async def test_etsy_q21_each_listing_once_when_the_shop_changes_between_pages(
    clock: FakeClock,
) -> None:
    sandbox = EtsySandbox.seeded(listings=350, orders=0, clock=clock, seed=9, duplicate_skus=0)

    pages = []

    def change(request: httpx.Request) -> None:
        if sandbox.operation_of(request) == "getListingsByShop":
            pages.append(request)
            clock.advance(1)
            sandbox.add_listing(f"NEW-{len(pages)}")  # the set changes between pages

    transport = Recording(sandbox, change)
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock, transport)
    ids = [listing.listing_id async for listing in client.iter_listings(sandbox.shop_id)]
    assert len(ids) == len(set(ids))
    active_at_start = {
        i
        for i, item in sandbox.world.listings.items()
        if item.state == "active" and not item.inventory.products[0].sku.startswith("NEW-")
    }
    assert active_at_start <= set(ids)


async def test_etsy_q22_the_import_reads_one_state_per_call(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    recording = Recording(sandbox)
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock, recording)
    states = ("active", "inactive", "sold_out", "expired")
    channel = make_channel(sandbox, clock, import_states=states)
    channel._client = client
    products = [product async for product in channel.iter_products()]
    asked = {r.url.params["state"] for r in recording.requests if r.url.path.endswith("/listings")}
    assert asked == set(states)
    wanted = {i for i, item in sandbox.world.listings.items() if item.state in states}
    assert {int(p.marketplace_id) for p in products} <= wanted
    assert products


async def test_etsy_q23_the_client_keeps_under_the_per_second_limit(clock: FakeClock) -> None:
    sandbox = EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=3, per_day=1_000))
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock)
    for _ in range(10):
        assert (await client.get_me()).shop_id == sandbox.shop_id
    assert all(call.status != 429 for call in sandbox.calls)
    assert client.remaining_daily_budget == sandbox.remaining_today()


async def test_etsy_q24_keystring_and_secret_on_calls_and_the_token_endpoint(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    recording = Recording(sandbox)
    store = MemoryTokenStore()
    client = make_client(sandbox, store, clock, recording)
    flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])

    await client.connect(flow, sandbox.approve_consent(flow.url))
    assert (await client.get_me()).shop_id == sandbox.shop_id

    expected = sandbox.api_key.get_secret_value()
    assert {r.headers["x-api-key"] for r in recording.requests} == {expected}
    assert recording.requests[0].url.path == "/v3/public/oauth/token"
    assert expected not in repr(client)


async def test_etsy_q25_an_expired_hour_refreshes_and_keeps_the_rotated_token(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    tokens = sandbox.connect()
    store = stored(tokens, clock)
    client = make_client(sandbox, store, clock)
    for _ in range(3):
        clock.advance(3600 + 1)
        assert (await client.get_me()).shop_id == sandbox.shop_id
    saved = store.load()
    assert saved is not None
    assert saved.refresh_token.get_secret_value() != tokens.refresh_token
    assert client.auth.generation == 3


async def test_etsy_q26_a_password_change_stops_the_channel_with_a_typed_error(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    sandbox.change_password()
    with pytest.raises(TokenRevokedError, match="reconnect the shop"):
        await channel.push_prices([PriceUpdate(sku="ANY", price=Money(amount="5", currency="USD"))])


def test_etsy_q30_etsys_retry_of_a_delivery_is_verified_once(clock: FakeClock) -> None:
    answers = iter([500, 204, 204])
    received: list[httpx.Request] = []

    def receive(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(next(answers, 204))

    sandbox = EtsySandbox(
        clock=clock, webhook_sender=httpx.Client(transport=httpx.MockTransport(receive))
    )
    endpoint = sandbox.register_webhook("http://127.0.0.1:9/hooks")
    sandbox.place_order(sandbox.add_listing("MUG"))
    assert len(received) == 2
    verifier = WebhookVerifier(endpoint.secret.get_secret_value(), clock=clock)
    first, retry = received
    event = verifier.verify(first.headers, first.read())
    assert event.receipt_id is not None
    with pytest.raises(WebhookReplayError):
        verifier.verify(retry.headers, retry.read())


def test_etsy_q30_a_shop_id_sent_as_text_is_read(clock: FakeClock) -> None:
    secret = "whsec_c2VjcmV0"
    body = (
        b'{"event_type":"order.paid","shop_id":"42",'
        b'"resource_url":"https://openapi.etsy.com/v3/application/shops/42/receipts/7"}'
    )
    stamp = int(clock.now().timestamp())
    headers = {
        "webhook-id": "msg_1",
        "webhook-timestamp": str(stamp),
        "webhook-signature": sign(secret, "msg_1", stamp, body),
    }
    event = WebhookVerifier(secret, clock=clock).verify(headers, body)
    assert (event.shop_id, event.receipt_id) == (42, 7)


async def test_etsy_q32_listing_after_the_cutoff_sends_no_legacy_field() -> None:
    clock = FakeClock(datetime(2026, 5, 1, tzinfo=UTC))
    sandbox = EtsySandbox.seeded(listings=3, orders=0, clock=clock)
    channel = make_channel(sandbox, clock)
    assert (await channel.list_product(tee_draft(sku="TEE-2026"))).is_ok
    with pytest.raises(ValueError, match="personalization_instructions"):
        DraftListing(  # type: ignore[call-arg]
            quantity=1,
            title="Ring",
            description="Silver",
            price=5,
            who_made="i_did",
            when_made="made_to_order",
            taxonomy_id=1,
            personalization_instructions="Name",
        )


async def test_etsy_q36_listing_times_are_read_as_seconds(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock)
    clock.advance(timedelta(days=3).total_seconds())
    listing_id = sandbox.add_listing("TIMED")
    listing = await client.get_listing(listing_id)
    assert listing.created_at == sandbox.listing(listing_id).created
    assert listing.created_at == clock.now().replace(microsecond=0)


def test_etsy_q11_options_carry_is_supply() -> None:
    assert EtsyChannelOptions().is_supply is False
