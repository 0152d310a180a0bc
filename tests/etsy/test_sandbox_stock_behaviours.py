"""Etsy's stock and inventory behaviours in the sandbox (ETSY-Q01..Q06, Q12, Q20, Q33, Q35, Q37).

Each test shows what Etsy does (the behaviour on, as by default) and that switching it off
gives the reading of the published spec.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import ETSY_API_URL, EtsySandbox, RateLimits
from marketplace_sdk.etsy.sandbox._state import Listing

OFFER = {"price": 10.0, "quantity": 1, "is_enabled": True, "readiness_state_id": None}


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(
        listings=60, orders=0, clock=clock, seed=5, rate_limits=RateLimits(per_second=10_000)
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


def _active(sandbox: EtsySandbox, *, even: bool | None = None, variations: bool = False) -> Listing:
    return next(
        listing
        for listing in sandbox.world.listings.values()
        if listing.state == "active"
        and listing.has_variations is variations
        and (even is None or (listing.listing_id % 2 == 0) is even)
    )


def _inventory_path(listing: Listing) -> str:
    return f"/v3/application/listings/{listing.listing_id}/inventory"


def _listing_path(sandbox: EtsySandbox, listing: Listing) -> str:
    return f"/v3/application/shops/{sandbox.shop_id}/listings/{listing.listing_id}"


def _single(quantity: int, **offer: Any) -> dict[str, Any]:
    return {"products": [{"sku": "Z", "offerings": [{**OFFER, "quantity": quantity, **offer}]}]}


def _variations(sizes: tuple[str, ...], quantities: tuple[int, ...]) -> dict[str, Any]:
    return {
        "products": [
            {
                "sku": f"TEE-{size}",
                "property_values": [{"property_id": 513, "value_ids": [], "values": [size]}],
                "offerings": [{**OFFER, "quantity": quantity}],
            }
            for size, quantity in zip(sizes, quantities, strict=True)
        ],
        "price_on_property": [],
        "quantity_on_property": [513],
        "sku_on_property": [513],
    }


def test_etsy_q01_all_zero_inventory_is_refused_in_every_state(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = _active(sandbox)
    path = _inventory_path(listing)
    for state in ("active", "inactive"):
        listing.state = state
        refused = client.put(path, json=_single(0))
        assert refused.status_code == 400
        assert refused.json() == {"error": "One offering must have quantity greater than 0"}
    disabled = client.put(path, json=_single(1, is_enabled=False))
    assert disabled.status_code == 400  # no enabled offering with stock either
    assert client.put(path, json=_variations(("S", "M"), (0, 2))).status_code == 200

    sandbox.behaviours.disable("ETSY-Q01")
    listing.state = "active"
    assert client.put(path, json=_single(0)).status_code == 200
    assert sandbox.listing(listing.listing_id).state == "sold_out"


def test_etsy_q02_deactivation_leaves_some_listings_in_edit(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    even, odd = _active(sandbox, even=True), _active(sandbox, even=False)
    assert (
        client.patch(_listing_path(sandbox, even), data={"state": "inactive"}).json()["state"]
        == "edit"
    )
    assert (
        client.patch(_listing_path(sandbox, odd), data={"state": "inactive"}).json()["state"]
        == "inactive"
    )
    inactive = client.get(
        f"/v3/application/shops/{sandbox.shop_id}/listings", params={"state": "inactive"}
    ).json()["results"]
    assert {even.listing_id, odd.listing_id} <= {item["listing_id"] for item in inactive}

    sandbox.behaviours.disable("ETSY-Q02")
    other = next(
        listing
        for listing in sandbox.world.listings.values()
        if listing.state == "active" and listing.listing_id % 2 == 0
    )
    assert (
        client.patch(_listing_path(sandbox, other), data={"state": "inactive"}).json()["state"]
        == "inactive"
    )


def test_etsy_q03_reactivation_fails_for_sold_out_edit_and_frozen_listings(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    sold_out = _active(sandbox, even=False)
    client.put(_inventory_path(sold_out), json=_single(1))
    sandbox.world.listings[sold_out.listing_id].inventory.products[0].offerings[0].quantity = 0
    sold_out.state = "sold_out"
    restocked = client.put(_inventory_path(sold_out), json=_single(3))
    assert restocked.status_code == 200
    assert sandbox.listing(sold_out.listing_id).state == "sold_out"  # no renewal by stock
    server_error = client.patch(_listing_path(sandbox, sold_out), data={"state": "active"})
    assert (server_error.status_code, server_error.json()) == (500, {"error": "Server Error"})

    edit = _active(sandbox, even=True)
    client.patch(_listing_path(sandbox, edit), data={"state": "inactive"})
    refused = client.patch(_listing_path(sandbox, edit), data={"state": "active"})
    assert refused.status_code == 400
    assert "Cannot activate a listing in this state: state = edit" in refused.json()["error"]

    frozen = next(
        listing
        for listing in sandbox.world.listings.values()
        if listing.state == "active"
        and listing.listing_id % 2 == 1
        and listing.listing_id != sold_out.listing_id
    )
    client.patch(_listing_path(sandbox, frozen), data={"state": "inactive"})
    frozen.frozen = True
    refused = client.patch(_listing_path(sandbox, frozen), data={"state": "active"})
    assert "frozen" in refused.json()["error"]

    sandbox.behaviours.disable("ETSY-Q03")
    assert (
        client.patch(_listing_path(sandbox, frozen), data={"state": "active"}).json()["state"]
        == "active"
    )
    assert (
        client.patch(_listing_path(sandbox, sold_out), data={"state": "active"}).json()["state"]
        == "active"
    )


def test_etsy_q04_only_the_write_shape_is_accepted(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = _active(sandbox)
    path = _inventory_path(listing)
    read = client.get(path).json()
    echoed = {key: value for key, value in read.items() if key != "listing"}
    assert client.put(path, json=echoed).status_code == 400
    money = _single(2, price={"amount": 1250, "divisor": 100, "currency_code": "USD"})
    assert client.put(path, json=money).status_code == 400

    sandbox.behaviours.disable("ETSY-Q04")
    assert client.put(path, json=echoed).status_code == 200
    accepted = client.put(path, json=money)
    assert accepted.status_code == 200
    assert accepted.json()["products"][0]["offerings"][0]["price"]["amount"] == 1250


def test_etsy_q05_a_write_deletes_the_products_it_leaves_out(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = _active(sandbox, variations=True)
    path = _inventory_path(listing)
    assert client.put(path, json=_variations(("S", "M", "L"), (1, 2, 3))).status_code == 200
    partial = client.put(path, json=_variations(("S",), (5,)))
    assert partial.status_code == 200
    assert [p["sku"] for p in client.get(path).json()["products"]] == ["TEE-S"]

    sandbox.behaviours.disable("ETSY-Q05")
    assert client.put(path, json=_variations(("S", "M", "L"), (1, 2, 3))).status_code == 200
    client.put(path, json=_variations(("S",), (5,)))
    kept = {p["sku"]: p["offerings"][0]["quantity"] for p in client.get(path).json()["products"]}
    assert kept == {"TEE-S": 5, "TEE-M": 2, "TEE-L": 3}


def _two_properties(order: list[int]) -> dict[str, Any]:
    return {
        "products": [
            {
                "sku": f"TEE-{size}-{color}",
                "property_values": [
                    {"property_id": 513, "value_ids": [], "values": [size]},
                    {"property_id": 514, "value_ids": [], "values": [color]},
                ],
                "offerings": [{**OFFER, "quantity": 2}],
            }
            for size in ("S", "M")
            for color in ("Red", "Blue")
        ],
        "price_on_property": [],
        "quantity_on_property": order,
        "sku_on_property": [513, 514],
    }


def test_etsy_q06_on_property_arrays_follow_the_products_order(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    path = _inventory_path(_active(sandbox, variations=True))
    refused = client.put(path, json=_two_properties([514, 513]))
    assert refused.status_code == 400
    assert "same order as in products" in refused.json()["error"]
    assert client.put(path, json=_two_properties([513, 514])).status_code == 200

    sandbox.behaviours.disable("ETSY-Q06")
    assert client.put(path, json=_two_properties([514, 513])).status_code == 200


def test_etsy_q12_readiness_reads_null_off_active_single_listing_reads(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = _active(sandbox)
    profile = next(iter(sandbox.world.processing_profiles))
    path = _inventory_path(listing)
    assert client.put(path, json=_single(4, readiness_state_id=profile)).status_code == 200

    def single() -> object:
        return client.get(path).json()["products"][0]["offerings"][0]["readiness_state_id"]

    def batch() -> object:
        body = client.get(
            "/v3/application/listings/batch/inventory", params={"listing_ids": listing.listing_id}
        ).json()
        return body["results"][0]["inventory"]["products"][0]["offerings"][0]["readiness_state_id"]

    assert (single(), batch()) == (profile, None)
    listing.state = "inactive"
    assert single() is None
    client.put(path, json=_single(4, readiness_state_id=None))
    assert (
        sandbox.listing(listing.listing_id).inventory.products[0].offerings[0].readiness_state_id
        is None
    )

    sandbox.behaviours.disable("ETSY-Q12")
    client.put(path, json=_single(4, readiness_state_id=profile))
    assert (single(), batch()) == (profile, profile)


def test_etsy_q20_get_listing_ignores_includes_inventory(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    listing = _active(sandbox)
    one = client.get(
        f"/v3/application/listings/{listing.listing_id}", params={"includes": "Inventory,Images"}
    )
    assert one.status_code == 200
    assert "inventory" not in one.json()
    assert "images" in one.json()
    batch = client.get(
        "/v3/application/listings/batch",
        params={"listing_ids": listing.listing_id, "includes": "Inventory"},
    ).json()["results"][0]
    assert "inventory" not in batch

    sandbox.behaviours.disable("ETSY-Q20.silently-ignored")
    refused = client.get(
        f"/v3/application/listings/{listing.listing_id}", params={"includes": "Inventory"}
    )
    assert refused.status_code == 400

    sandbox.behaviours.disable("ETSY-Q20")
    embedded = client.get(
        f"/v3/application/listings/{listing.listing_id}", params={"includes": "Inventory"}
    )
    assert "inventory" in embedded.json()


def _three_properties() -> dict[str, Any]:
    return {
        "products": [
            {
                "sku": f"X-{size}",
                "property_values": [
                    {"property_id": 513, "value_ids": [], "values": [size]},
                    {"property_id": 514, "value_ids": [], "values": ["Red"]},
                    {"property_id": 515, "value_ids": [], "values": ["Cotton"]},
                ],
                "offerings": [{**OFFER, "quantity": 1}],
            }
            for size in ("S", "M")
        ],
        "price_on_property": [],
        "quantity_on_property": [513],
        "sku_on_property": [513],
    }


def test_etsy_q33_three_variations_need_max_variations_supported(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    path = _inventory_path(_active(sandbox, variations=True))
    refused = client.put(path, json=_three_properties())
    assert refused.status_code == 400
    assert "at most 2 variations" in refused.json()["error"]
    opted_in = client.put(path, params={"max_variations_supported": 3}, json=_three_properties())
    assert opted_in.status_code == 200
    assert len(opted_in.json()["products"][0]["property_values"]) == 3

    sandbox.behaviours.disable("ETSY-Q33")
    assert client.put(path, json=_three_properties()).status_code == 200


def test_etsy_q35_deleted_products_show_only_when_asked(
    sandbox: EtsySandbox, client: httpx.Client
) -> None:
    path = _inventory_path(_active(sandbox, variations=True))
    client.put(path, json=_variations(("S", "M"), (1, 2)))
    client.put(path, json=_variations(("S",), (1,)))
    assert [p["sku"] for p in client.get(path).json()["products"]] == ["TEE-S"]
    shown = client.get(path, params={"show_deleted": "true"}).json()["products"]
    assert {(p["sku"], p["is_deleted"]) for p in shown} >= {("TEE-S", False), ("TEE-M", True)}

    sandbox.behaviours.disable("ETSY-Q35")
    always = client.get(path).json()["products"]
    assert ("TEE-M", True) in {(p["sku"], p["is_deleted"]) for p in always}


def test_etsy_q37_quantity_ceiling_is_a_switch(sandbox: EtsySandbox, client: httpx.Client) -> None:
    path = _inventory_path(_active(sandbox))
    refused = client.put(path, json=_single(1000))
    assert refused.status_code == 400
    assert "at most 999" in refused.json()["error"]
    assert client.put(path, json=_single(999)).status_code == 200

    sandbox.behaviours.disable("ETSY-Q37.quantity-ceiling")
    assert client.put(path, json=_single(5000)).status_code == 200
