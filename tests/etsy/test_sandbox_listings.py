"""Listings, images and inventory in the sandbox: paging, states, and Etsy's write rules."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import ETSY_API_URL, EtsySandbox, RateLimits

OFFER = {"price": 10.0, "quantity": 1, "is_enabled": True, "readiness_state_id": None}


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(
        listings=250, orders=0, clock=clock, seed=11, rate_limits=RateLimits(per_second=10_000)
    )


@pytest.fixture
def client(sandbox: EtsySandbox) -> Iterator[httpx.Client]:
    tokens = sandbox.connect()
    headers = {
        "x-api-key": sandbox.api_key.get_secret_value(),
        "authorization": f"Bearer {tokens.access_token}",
    }
    with httpx.Client(
        transport=sandbox.transport(), base_url=ETSY_API_URL, headers=headers
    ) as client:
        yield client


def shop_path(sandbox: EtsySandbox) -> str:
    return f"/v3/application/shops/{sandbox.shop_id}"


def test_pages_of_100_cover_every_active_listing_once(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    seen: list[int] = []
    offset = 0
    while True:
        body = client.get(
            f"{shop_path(sandbox)}/listings",
            params={"limit": 100, "offset": offset, "includes": "Images,Inventory"},
        ).json()
        seen.extend(result["listing_id"] for result in body["results"])
        assert all("inventory" in r and "images" in r for r in body["results"])
        offset += 100
        if offset >= body["count"]:
            break
    active = {i for i, listing in sandbox.world.listings.items() if listing.state == "active"}
    assert sorted(seen) == sorted(active)
    assert sandbox.calls.count("getListingsByShop") == -(-len(active) // 100)


def test_listings_without_includes_carry_no_associations(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    result = client.get(f"{shop_path(sandbox)}/listings", params={"limit": 1}).json()["results"][0]
    assert "images" not in result
    assert "inventory" not in result


@pytest.mark.parametrize(
    ("params", "ok"),
    [
        ({"limit": 100, "offset": 12_000}, True),
        ({"limit": 100, "offset": 12_001}, False),
        ({"limit": 0}, False),
        ({"limit": 101}, True),  # served as 100 (ETSY-Q21)
        ({"state": "sold"}, False),
    ],
)
def test_paging_bounds(
    sandbox: EtsySandbox, client: httpx.Client, params: dict[str, Any], ok: bool
) -> None:
    response = client.get(f"{shop_path(sandbox)}/listings", params=params)
    assert response.status_code == (200 if ok else 400)
    if not ok:
        assert isinstance(response.json()["error"], str)


def test_state_filter_returns_only_that_state(sandbox: EtsySandbox, client: httpx.Client) -> None:
    body = client.get(
        f"{shop_path(sandbox)}/listings", params={"state": "inactive", "limit": 100}
    ).json()
    expected = [item for item in sandbox.world.listings.values() if item.state == "inactive"]
    assert body["count"] == len(expected) > 0
    assert {r["state"] for r in body["results"]} == {"inactive"}


def test_includes_add_the_named_associations(sandbox: EtsySandbox, client: httpx.Client) -> None:
    result = client.get(
        f"{shop_path(sandbox)}/listings", params={"limit": 1, "includes": "Shipping,Shop,User"}
    ).json()["results"][0]
    assert result["shipping_profile"]["shipping_profile_id"] == result["shipping_profile_id"]
    assert result["shop"]["shop_id"] == sandbox.shop_id
    assert result["user"]["user_id"] == sandbox.user_id
    assert "images" not in result


def test_batch_read_by_ids(sandbox: EtsySandbox, client: httpx.Client) -> None:
    ids = sorted(sandbox.world.listings)[:3]
    body = client.get(
        "/v3/application/listings/batch",
        params={"listing_ids": ",".join(map(str, [*ids, 999_999])), "includes": "Images"},
    ).json()
    assert [r["listing_id"] for r in body["results"]] == ids


def create_draft(sandbox: EtsySandbox, client: httpx.Client, **extra: str) -> dict[str, Any]:
    response = client.post(
        f"{shop_path(sandbox)}/listings",
        data={
            "quantity": "5",
            "title": "Test scarf",
            "description": "Soft",
            "price": "19.99",
            "who_made": "i_did",
            "when_made": "made_to_order",
            "is_supply": "false",
            "taxonomy_id": "5",
            **extra,
        },
    )
    assert response.status_code == 201, response.text
    created: dict[str, Any] = response.json()
    return created


def test_draft_publishes_only_with_an_image_and_a_shipping_profile(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    sandbox.behaviours.disable("ETSY-Q02")  # some listings stay in `edit`: tested by id
    sandbox.behaviours.disable("ETSY-Q11")  # a draft without a shipping profile
    draft = create_draft(sandbox, client)
    assert draft["state"] == "draft"
    assert draft["price"] == {"amount": 1999, "divisor": 100, "currency_code": "USD"}
    path = f"{shop_path(sandbox)}/listings/{draft['listing_id']}"
    no_image = client.patch(path, data={"state": "active"})
    assert no_image.status_code == 400
    assert "image" in no_image.json()["error"]
    image = client.post(f"{path}/images", files={"image": ("a.jpg", b"\xff\xd8jpeg", "image/jpeg")})
    assert image.status_code == 201
    assert image.json()["rank"] == 1
    no_profile = client.patch(path, data={"state": "active"})
    assert "shipping profile" in no_profile.json()["error"]
    profile = next(iter(sandbox.world.profiles))
    active = client.patch(path, data={"state": "active", "shipping_profile_id": str(profile)})
    assert active.json()["state"] == "active"
    assert client.patch(path, data={"state": "inactive"}).json()["state"] == "inactive"
    assert client.patch(path, data={"state": "sold_out"}).status_code == 400


def test_draft_needs_required_fields_and_a_known_taxonomy(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    missing = client.post(f"{shop_path(sandbox)}/listings", data={"title": "x"})
    assert missing.status_code == 400
    assert "price" in missing.json()["error"]
    response = client.post(
        f"{shop_path(sandbox)}/listings",
        data={
            "quantity": "1",
            "title": "t",
            "description": "d",
            "price": "0.10",
            "who_made": "i_did",
            "when_made": "made_to_order",
            "is_supply": "false",
            "taxonomy_id": "5",
            "shipping_profile_id": str(next(iter(sandbox.world.profiles))),
        },
    )
    assert response.status_code == 400
    assert "price" in response.json()["error"]


def variation_body(prices: tuple[float, float], price_on: list[int]) -> dict[str, Any]:
    return {
        "products": [
            {
                "sku": f"TEE-{size}",
                "property_values": [
                    {"property_id": 513, "property_name": "Size", "value_ids": [], "values": [size]}
                ],
                "offerings": [{**OFFER, "price": price, "quantity": 3}],
            }
            for size, price in zip(("S", "M"), prices, strict=True)
        ],
        "price_on_property": price_on,
        "quantity_on_property": [513],
        "sku_on_property": [513],
    }


def test_inventory_update_replaces_every_product(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing_id = next(i for i, item in sandbox.world.listings.items() if item.has_variations)
    path = f"/v3/application/listings/{listing_id}/inventory"
    before = client.get(path).json()
    assert len(before["products"]) > 1
    updated = client.put(
        path, json={"products": [{"sku": "ONLY-ONE", "property_values": [], "offerings": [OFFER]}]}
    )
    assert updated.status_code == 200
    after = client.get(path).json()
    assert [p["sku"] for p in after["products"]] == ["ONLY-ONE"]
    assert after["products"][0]["offerings"][0]["price"] == {
        "amount": 1000,
        "divisor": 100,
        "currency_code": "USD",
    }
    assert after["listing"] is None
    listing = client.get(f"/v3/application/listings/{listing_id}").json()
    assert listing["quantity"] == 1
    assert listing["has_variations"] is False


@pytest.mark.parametrize(
    "body",
    [
        {"products": [{"product_id": 1, "sku": "A", "offerings": [OFFER]}]},
        {"products": [{"sku": "A", "is_deleted": False, "offerings": [OFFER]}]},
        {"products": [{"sku": "A", "offerings": [{**OFFER, "offering_id": 5}]}]},
        {"products": [{"sku": "A", "offerings": [{**OFFER, "is_deleted": False}]}]},
        {
            "products": [
                {
                    "sku": "A",
                    "property_values": [
                        {"property_id": 200, "value_ids": [1], "values": ["Red"], "scale_name": "x"}
                    ],
                    "offerings": [OFFER],
                }
            ]
        },
    ],
    ids=["product_id", "is_deleted", "offering_id", "offering-is_deleted", "scale_name"],
)
def test_read_shape_keys_are_refused_on_write(
    sandbox: EtsySandbox, client: httpx.Client, body: dict[str, Any]
) -> None:
    listing_id = next(iter(sandbox.world.listings))
    response = client.put(f"/v3/application/listings/{listing_id}/inventory", json=body)
    assert response.status_code == 400
    assert response.json() == {"error": "Array contains invalid keys"}


def test_the_read_shape_echoed_back_is_refused(
    sandbox: EtsySandbox, client: httpx.Client, shared_specs: Path
) -> None:
    listing_id = next(iter(sandbox.world.listings))
    sample = json.loads(
        (shared_specs / "etsy/samples/getListingInventory.response.json").read_text()
    )
    sample.pop("listing")
    response = client.put(f"/v3/application/listings/{listing_id}/inventory", json=sample)
    assert response.json() == {"error": "Array contains invalid keys"}


def test_on_property_arrays_must_explain_varying_fields(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing_id = next(iter(sandbox.world.listings))
    path = f"/v3/application/listings/{listing_id}/inventory"
    varying_price_undeclared = client.put(path, json=variation_body((10.0, 12.0), []))
    assert varying_price_undeclared.status_code == 400
    assert "price" in varying_price_undeclared.json()["error"]
    unknown_property = client.put(path, json=variation_body((10.0, 12.0), [200]))
    assert unknown_property.status_code == 400
    ok = client.put(path, json=variation_body((10.0, 12.0), [513]))
    assert ok.status_code == 200, ok.text
    assert ok.json()["price_on_property"] == [513]
    assert client.put(path, json=variation_body((10.0, 10.0), [])).status_code == 200


def test_inventory_update_moves_listing_between_active_and_sold_out(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    # The spec's reading: Etsy itself refuses zero stock and does not renew on restock
    # (ETSY-Q01, Q03, tested by id).
    sandbox.behaviours.disable("ETSY-Q01").disable("ETSY-Q03")
    listing_id = next(i for i, item in sandbox.world.listings.items() if item.state == "active")
    path = f"/v3/application/listings/{listing_id}/inventory"
    empty = {"products": [{"sku": "Z", "offerings": [{**OFFER, "quantity": 0}]}]}
    client.put(path, json=empty)
    assert sandbox.listing(listing_id).state == "sold_out"
    client.put(path, json={"products": [{"sku": "Z", "offerings": [{**OFFER, "quantity": 4}]}]})
    assert sandbox.listing(listing_id).state == "active"


def test_image_upload_ranks_and_reuse(sandbox: EtsySandbox, client: httpx.Client) -> None:
    listing_id = next(iter(sandbox.world.listings))
    path = f"{shop_path(sandbox)}/listings/{listing_id}/images"
    first = client.post(
        path,
        files={"image": ("b.png", b"\x89PNG", "image/png")},
        data={"rank": "1", "alt_text": "front"},
    ).json()
    images = client.get(f"/v3/application/listings/{listing_id}/images").json()
    assert images["results"][0]["listing_image_id"] == first["listing_image_id"]
    assert images["results"][0]["alt_text"] == "front"
    assert [image["rank"] for image in images["results"]] == list(range(1, images["count"] + 1))
    no_file = client.post(path, data={"rank": "1"})
    assert no_file.status_code == 400


def test_offerings_name_one_of_the_shops_processing_profiles(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    profiles = client.get(f"{shop_path(sandbox)}/readiness-state-definitions").json()
    assert {p["readiness_state"] for p in profiles["results"]} == {"ready_to_ship", "made_to_order"}
    known = profiles["results"][0]["readiness_state_id"]
    listing_id = next(iter(sandbox.world.listings))
    path = f"/v3/application/listings/{listing_id}/inventory"
    body = {"products": [{"sku": "R", "offerings": [{**OFFER, "readiness_state_id": known}]}]}
    stored = client.put(path, json=body).json()
    assert stored["products"][0]["offerings"][0]["readiness_state_id"] == known
    body["products"][0]["offerings"][0]["readiness_state_id"] = 4242
    assert client.put(path, json=body).status_code == 400


def test_batch_inventory_read_fails_whole_on_one_unknown_id(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    ids = sorted(sandbox.world.listings)[:100]
    found = client.get("/v3/application/listings/batch/inventory", params={"listing_ids": ids})
    assert [r["listing_id"] for r in found.json()["results"]] == ids
    assert all(r["inventory"]["products"] for r in found.json()["results"])
    missing = client.get(
        "/v3/application/listings/batch/inventory", params={"listing_ids": [*ids[:3], 7]}
    )
    assert missing.status_code == 404
