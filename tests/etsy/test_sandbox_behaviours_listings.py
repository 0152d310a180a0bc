"""Etsy's catalogued listing, paging, auth and webhook behaviours, as the sandbox serves them.

Each test shows the marketplace's answer with the behaviour on (the default) and the spec's
kinder answer once it is switched off.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import ETSY_API_URL, EtsySandbox, RateLimits
from marketplace_sdk.etsy.sandbox._listings import MISLEADING_TRIPLE_ERROR
from marketplace_sdk.etsy.sandbox._webhooks import RETRY_DELAYS
from marketplace_sdk.testing._faults import Fault


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(
        listings=30, orders=0, clock=clock, seed=4, rate_limits=RateLimits(per_second=10_000)
    )


def headers_of(sandbox: EtsySandbox, *, bearer: bool = True) -> dict[str, str]:
    headers = {"x-api-key": sandbox.api_key.get_secret_value()}
    if bearer:
        headers["authorization"] = f"Bearer {sandbox.connect().access_token}"
    return headers


@pytest.fixture
def client(sandbox: EtsySandbox) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=headers_of(sandbox)
    ) as client:
        yield client


def listings_path(sandbox: EtsySandbox) -> str:
    return f"/v3/application/shops/{sandbox.shop_id}/listings"


def draft_form(sandbox: EtsySandbox, **changes: str) -> dict[str, str]:
    form = {
        "quantity": "2",
        "title": "Behaviour scarf",
        "description": "Soft",
        "price": "19.99",
        "who_made": "i_did",
        "when_made": "made_to_order",
        "is_supply": "false",
        "taxonomy_id": "5",
        "shipping_profile_id": str(next(iter(sandbox.world.profiles))),
        **changes,
    }
    return {name: value for name, value in form.items() if value != "-"}


def an_active_listing(sandbox: EtsySandbox) -> int:
    return next(i for i, item in sandbox.world.listings.items() if item.state == "active")


def test_etsy_q07_a_json_body_is_read_as_no_field(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing_id = an_active_listing(sandbox)
    path = f"{listings_path(sandbox)}/{listing_id}"

    answer = client.patch(path, json={"state": "inactive"})

    assert answer.status_code == 200
    assert answer.json()["state"] == "active"
    assert sandbox.listing(listing_id).state == "active"
    sandbox.behaviours.disable("ETSY-Q07")
    assert client.patch(path, json={"state": "inactive"}).status_code == 400


def test_etsy_q08_update_listing_ignores_price_and_quantity(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing_id = an_active_listing(sandbox)
    before = (sandbox.listing(listing_id).price, sandbox.listing(listing_id).quantity)
    path = f"{listings_path(sandbox)}/{listing_id}"

    answer = client.patch(path, data={"price": "1.00", "quantity": "999"})

    assert answer.status_code == 200
    assert (sandbox.listing(listing_id).price, sandbox.listing(listing_id).quantity) == before
    sandbox.behaviours.disable("ETSY-Q08")
    refused = client.patch(path, data={"price": "1.00"})
    assert refused.status_code == 400
    assert "updateListingInventory" in refused.json()["error"]


def test_etsy_q09_put_on_a_listing_is_refused_unless_switched_off(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing_id = an_active_listing(sandbox)
    path = f"{listings_path(sandbox)}/{listing_id}"

    assert client.put(path, data={"state": "inactive"}).status_code == 405
    assert client.patch(path, data={"title": "Patched"}).json()["title"] == "Patched"
    sandbox.behaviours.disable("ETSY-Q09")
    assert client.put(path, data={"state": "inactive"}).json()["state"] == "inactive"


def test_etsy_q10_a_draft_can_be_created_and_answered_500(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    before = set(sandbox.world.listings)

    zero_weight = client.post(listings_path(sandbox), data=draft_form(sandbox, item_weight="0"))

    assert zero_weight.status_code == 500
    assert zero_weight.json() == {"error": "Server Error"}
    [made] = set(sandbox.world.listings) - before
    assert sandbox.listing(made).state == "draft"
    sandbox.faults.add(Fault.error(500, {"error": "Server Error"}), operation="createDraftListing")
    assert client.post(listings_path(sandbox), data=draft_form(sandbox)).status_code == 500
    assert len(set(sandbox.world.listings) - before) == 2

    sandbox.behaviours.disable("ETSY-Q10")
    sandbox.faults.add(Fault.error(500), operation="createDraftListing")
    assert client.post(listings_path(sandbox), data=draft_form(sandbox)).status_code == 500
    assert client.post(listings_path(sandbox), data=draft_form(sandbox, item_weight="0")).is_success
    assert len(set(sandbox.world.listings) - before) == 3


def test_etsy_q11_misleading_draft_refusals(sandbox: EtsySandbox, client: httpx.Client) -> None:
    no_profile = client.post(
        listings_path(sandbox), data=draft_form(sandbox, shipping_profile_id="-")
    )
    assert no_profile.status_code == 400
    assert no_profile.json()["error"] == "A shipping_profile_id is required for physical listings."
    no_supply = client.post(listings_path(sandbox), data=draft_form(sandbox, is_supply="-"))
    assert no_supply.status_code == 400
    assert no_supply.json()["error"] == MISLEADING_TRIPLE_ERROR

    sandbox.behaviours.disable("ETSY-Q11.triple")
    assert client.post(listings_path(sandbox), data=draft_form(sandbox, is_supply="-")).is_success
    sandbox.behaviours.disable("ETSY-Q11")
    assert client.post(
        listings_path(sandbox), data=draft_form(sandbox, shipping_profile_id="-")
    ).is_success


def test_etsy_q18_ids_exceed_32_bits(clock: FakeClock) -> None:
    big = EtsySandbox.seeded(listings=5, orders=5, clock=clock)
    assert min(big.world.listings) > 2**31
    assert min(big.world.receipts) > 2**31
    small = EtsySandbox.seeded(listings=5, orders=5, clock=clock, behaviours={"ETSY-Q18": False})
    assert max(small.world.listings) < 2**31


def test_etsy_q19_skus_only_reach_the_owners_token(sandbox: EtsySandbox) -> None:
    sandbox.behaviours.disable("ETSY-Q20")  # the inventory is included, to show its SKUs too
    listing_id = an_active_listing(sandbox)
    skus = [product.sku for product in sandbox.listing(listing_id).inventory.products]
    path = f"/v3/application/listings/{listing_id}"
    params = {"includes": "Inventory"}
    transport = sandbox.transport()
    with httpx.Client(transport=transport, base_url=ETSY_API_URL) as client:
        anonymous = client.get(path, params=params, headers=headers_of(sandbox, bearer=False))
        owner = client.get(path, params=params, headers=headers_of(sandbox))
        shop = client.get(listings_path(sandbox), headers=headers_of(sandbox))
        assert anonymous.json()["skus"] == []
        assert anonymous.json()["inventory"]["products"][0]["sku"] == ""
        assert owner.json()["skus"] == skus
        assert all(result["skus"] for result in shop.json()["results"])
        sandbox.behaviours.disable("ETSY-Q19")
        again = client.get(path, params=params, headers=headers_of(sandbox, bearer=False))
        assert again.json()["skus"] == skus


def test_etsy_q21_limit_is_clamped_and_offset_capped(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    for number in range(120):
        sandbox.add_listing(f"CLAMP-{number}")
    clamped = client.get(listings_path(sandbox), params={"limit": 500})
    assert clamped.status_code == 200
    assert len(clamped.json()["results"]) == 100
    capped = client.get(listings_path(sandbox), params={"offset": 12_001})
    assert capped.status_code == 400
    assert capped.json()["error"] == "Offset provided is greater than the maximum offset allowed."
    sandbox.behaviours.disable("ETSY-Q21")
    assert client.get(listings_path(sandbox), params={"limit": 500}).status_code == 400


def test_etsy_q21_a_listing_made_between_pages_shifts_newest_first_pages(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    params: dict[str, Any] = {"limit": 10, "sort_on": "created", "sort_order": "desc"}
    first = client.get(listings_path(sandbox), params=params).json()["results"]
    sandbox.advance(1)
    sandbox.add_listing("NEW-BETWEEN-PAGES")
    second = client.get(listings_path(sandbox), params={**params, "offset": 10}).json()
    repeated = {r["listing_id"] for r in first} & {r["listing_id"] for r in second["results"]}
    assert repeated == {first[-1]["listing_id"]}


def test_etsy_q22_one_state_per_call(sandbox: EtsySandbox, client: httpx.Client) -> None:
    both = client.get(listings_path(sandbox), params={"state": "active,inactive", "limit": 100})
    assert both.status_code == 400
    assert "Invalid value (active,inactive) for enum(" in both.json()["error"]
    sold = client.get(listings_path(sandbox), params={"state": "sold out"})
    assert "sold_out, draft, removed, expired, edit)" in sold.json()["error"]
    sandbox.behaviours.disable("ETSY-Q22")
    served = client.get(listings_path(sandbox), params={"state": "active,inactive", "limit": 100})
    states = {result["state"] for result in served.json()["results"]}
    assert states == {"active", "inactive"}


def test_etsy_q23_over_budget_is_a_429_with_etsys_body_and_headers(clock: FakeClock) -> None:
    sandbox = EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=2, per_day=3))
    with httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=headers_of(sandbox)
    ) as client:
        answers = [client.get("/v3/application/users/me") for _ in range(3)]
        assert [a.status_code for a in answers] == [200, 200, 429]
        assert answers[2].json() == {"error": "Exceeded per second rate limit"}
        assert answers[0].headers["x-limit-per-day"] == "3"
        assert answers[1].headers["x-remaining-today"] == "1"
        clock.advance(2)
        assert client.get("/v3/application/users/me").status_code == 200
        daily = client.get("/v3/application/users/me")
        assert daily.json() == {"error": "Exceeded daily rate limit"}
        assert int(daily.headers["retry-after"]) > 80_000
        sandbox.behaviours.disable("ETSY-Q23")
        assert client.get("/v3/application/users/me").status_code == 200


def test_etsy_q24_the_keystring_alone_is_refused(sandbox: EtsySandbox) -> None:
    bearer = headers_of(sandbox)["authorization"]
    with httpx.Client(transport=sandbox.transport(), base_url=ETSY_API_URL) as client:
        alone = {"x-api-key": sandbox.keystring, "authorization": bearer}
        refused = client.get("/v3/application/users/me", headers=alone)
        assert refused.status_code == 403
        assert refused.json() == {"error": "Shared secret is required in x-api-key header."}
        token = client.post(
            "/v3/public/oauth/token",
            data={"grant_type": "refresh_token", "client_id": sandbox.keystring},
        )
        assert token.status_code == 403
        sandbox.behaviours.disable("ETSY-Q24").disable("ETSY-Q24.token-endpoint")
        assert client.get("/v3/application/users/me", headers=alone).status_code == 200
        token = client.post(
            "/v3/public/oauth/token",
            data={"grant_type": "refresh_token", "client_id": sandbox.keystring},
        )
        assert token.json()["error"] == "invalid_grant"


def refresh(client: httpx.Client, sandbox: EtsySandbox, token: str) -> httpx.Response:
    return client.post(
        "/v3/public/oauth/token",
        headers={"x-api-key": sandbox.api_key.get_secret_value()},
        data={
            "grant_type": "refresh_token",
            "client_id": sandbox.keystring,
            "refresh_token": token,
        },
    )


def test_etsy_q25_every_refresh_rotates_the_refresh_token(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    tokens = sandbox.connect()
    assert tokens.expires_in == 3600
    with httpx.Client(transport=sandbox.transport(), base_url=ETSY_API_URL) as client:
        rotated = refresh(client, sandbox, tokens.refresh_token).json()
        assert rotated["refresh_token"] != tokens.refresh_token
        assert refresh(client, sandbox, tokens.refresh_token).json()["error"] == "invalid_grant"
        clock.advance(91 * 86_400)
        expired = refresh(client, sandbox, rotated["refresh_token"]).json()
        assert expired["error"] == "invalid_grant"
        sandbox.behaviours.disable("ETSY-Q25")
        kept = sandbox.connect()
        assert refresh(client, sandbox, kept.refresh_token).status_code == 200
        assert refresh(client, sandbox, kept.refresh_token).status_code == 200


def test_etsy_q26_a_password_change_revokes_every_token(sandbox: EtsySandbox) -> None:
    tokens = sandbox.connect()
    headers = {
        "x-api-key": sandbox.api_key.get_secret_value(),
        "authorization": f"Bearer {tokens.access_token}",
    }
    sandbox.change_password()
    with httpx.Client(transport=sandbox.transport(), base_url=ETSY_API_URL) as client:
        call = client.get("/v3/application/users/me", headers=headers)
        assert call.json() == {
            "error": "invalid_token",
            "error_description": "access token is expired",
        }
        grant = refresh(client, sandbox, tokens.refresh_token).json()
        assert grant == {"error": "invalid_grant", "error_description": "refresh_token is revoked"}
        sandbox.behaviours.disable("ETSY-Q26")
        kept = sandbox.connect()
        sandbox.change_password()
        assert refresh(client, sandbox, kept.refresh_token).status_code == 200


def test_etsy_q30_a_failed_delivery_is_retried_on_etsys_schedule(clock: FakeClock) -> None:
    answers = iter([500, 503, 500, 204])
    seen: list[httpx.Request] = []

    def receive(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(next(answers, 204))

    sender = httpx.Client(transport=httpx.MockTransport(receive))
    sandbox = EtsySandbox(clock=clock, webhook_sender=sender)
    sandbox.register_webhook("http://127.0.0.1:9/hooks")
    sandbox.place_order(sandbox.add_listing("MUG"))
    assert len(seen) == 2  # the first attempt, and its immediate retry
    sandbox.advance(RETRY_DELAYS[1] - 1)
    assert len(seen) == 2
    sandbox.advance(1)
    assert len(seen) == 3
    sandbox.advance(RETRY_DELAYS[2])
    assert len(seen) == 4
    assert {request.headers["webhook-id"] for request in seen} == {seen[0].headers["webhook-id"]}
    assert len({request.headers["webhook-timestamp"] for request in seen}) == 3
    sandbox.advance(86_400)
    assert len(seen) == 4
    assert not sandbox.webhooks.pending
    body = seen[0].read()
    assert b'"event_type":"order.paid"' in body
    assert b'"resource_url"' in body

    quiet = EtsySandbox(
        clock=clock,
        webhook_sender=httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(500))),
        behaviours={"ETSY-Q30": False},
    )
    quiet.register_webhook("http://127.0.0.1:9/hooks")
    quiet.place_order(quiet.add_listing("MUG"))
    quiet.advance(86_400)
    assert len(quiet.webhooks.deliveries) == 1


def test_etsy_q32_legacy_personalization_fields_are_refused_after_the_cutoff() -> None:
    sandbox = EtsySandbox.seeded(
        listings=3, orders=0, clock=FakeClock(datetime(2026, 5, 1, tzinfo=UTC))
    )
    with httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=headers_of(sandbox)
    ) as client:
        legacy = draft_form(sandbox, personalization_instructions="Name to engrave")
        refused = client.post(listings_path(sandbox), data=legacy)
        assert refused.status_code == 400
        assert "personalization_instructions" in refused.json()["error"]
        listing_id = an_active_listing(sandbox)
        update = client.patch(
            f"{listings_path(sandbox)}/{listing_id}", data={"personalization_is_required": "1"}
        )
        assert update.status_code == 400
        assert client.post(listings_path(sandbox), data=draft_form(sandbox)).status_code == 201
        sandbox.behaviours.disable("ETSY-Q32")
        assert client.post(listings_path(sandbox), data=legacy).status_code == 201


def test_etsy_q36_times_are_seconds_with_twin_fields(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing_id = an_active_listing(sandbox)
    body = client.get(f"/v3/application/listings/{listing_id}").json()
    created = int(sandbox.listing(listing_id).created.timestamp())
    assert body["created_timestamp"] == body["creation_timestamp"] == created
    assert body["updated_timestamp"] == body["last_modified_timestamp"]
    sandbox.behaviours.disable("ETSY-Q36")
    body = client.get(f"/v3/application/listings/{listing_id}").json()
    assert body["created_timestamp"] == created
    assert "creation_timestamp" not in body
    assert "last_modified_timestamp" not in body
