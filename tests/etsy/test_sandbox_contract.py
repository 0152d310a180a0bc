"""Every answer the Etsy sandbox gives validates against Etsy's published OpenAPI document.

The calls below walk every simulated operation (reads, writes, the errors a client meets); each
request and each response is checked with `tests/etsy/openapi_contract.py`. Statuses the
document does not list for an operation (429 everywhere, 403 on a few) are checked against the
document's `ErrorSchema` instead.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from tests.etsy.openapi_contract import validate_request, validate_response

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import (
    ETSY_API_URL,
    OPERATION_SCOPES,
    EtsySandbox,
    OrderLine,
    RateLimits,
)

pytestmark = pytest.mark.usefixtures("shared_specs")


class Recorder(httpx.BaseTransport):
    """Passes requests to the sandbox and keeps every exchange."""

    def __init__(self, sandbox: EtsySandbox) -> None:
        self.inner = sandbox.transport()
        self.sandbox = sandbox
        self.exchanges: list[tuple[httpx.Request, httpx.Response, str | None]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        self.exchanges.append((request, response, self.sandbox.operation_of(request)))
        return response


@pytest.fixture(scope="module")
def document(shared_specs: Path) -> dict[str, Any]:
    with (shared_specs / "etsy" / "openapi-v3.json").open(encoding="utf-8") as handle:
        loaded: dict[str, Any] = json.load(handle)
    return loaded


def operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in document["paths"].items():
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                yield method.upper(), path, operation


def test_every_route_is_an_operation_of_the_document(document: dict[str, Any]) -> None:
    published = {(method, path): op["operationId"] for method, path, op in operations(document)}
    sandbox = EtsySandbox(clock=FakeClock())
    simulated = {
        (route.method, route.template): route.operation
        for route in sandbox.router.routes
        if route.template.startswith("/v3/application/")
    }
    assert simulated
    for key, operation in simulated.items():
        assert published.get(key) == operation, key


def test_operation_scopes_follow_the_document(document: dict[str, Any]) -> None:
    declared: dict[str, str | None] = {}
    for _, _, operation in operations(document):
        scopes = [
            scope
            for requirement in operation.get("security") or []
            for scope in requirement.get("oauth2", [])
        ]
        declared[operation["operationId"]] = scopes[0] if scopes else None
    for operation_id, scope in OPERATION_SCOPES.items():
        assert declared[operation_id] == scope, operation_id


OFFERING: dict[str, Any] = {
    "price": 12.5,
    "quantity": 4,
    "is_enabled": True,
    "readiness_state_id": None,
}


def _walk(sandbox: EtsySandbox, client: httpx.Client) -> None:
    shop = f"/v3/application/shops/{sandbox.shop_id}"
    listing_ids = sorted(sandbox.world.listings)
    variation = next(i for i in listing_ids if sandbox.world.listings[i].has_variations)
    client.get("/v3/application/users/me")
    client.get(f"/v3/application/users/{sandbox.user_id}")
    client.get(shop)
    client.get(f"/v3/application/users/{sandbox.user_id}/shops")
    client.get(f"{shop}/listings", params={"limit": 100, "includes": ["Images", "Inventory"]})
    for state in ("inactive", "draft", "sold_out", "expired"):
        client.get(f"{shop}/listings", params={"state": state, "limit": 5})
    client.get(f"{shop}/listings", params={"limit": 10, "offset": 12_001})
    client.get(f"{shop}/listings", params={"sort_on": "price", "sort_order": "asc"})
    client.get(
        "/v3/application/listings/batch",
        params={"listing_ids": ",".join(map(str, listing_ids[:5])), "includes": ["Images"]},
    )
    client.get(f"/v3/application/listings/{variation}", params={"includes": ["Images", "Shop"]})
    client.get(f"{shop}/listings", params={"limit": 3, "includes": ["Shipping", "Shop", "User"]})
    client.get("/v3/application/listings/999")
    client.get(f"/v3/application/listings/{variation}/images")
    image_id = sandbox.world.listings[variation].images[0].listing_image_id
    client.get(f"/v3/application/listings/{variation}/images/{image_id}")
    client.get(f"/v3/application/listings/{variation}/inventory")
    client.get(f"/v3/application/listings/{variation}/inventory", params={"includes": "Listing"})
    taxonomy = client.get("/v3/application/seller-taxonomy/nodes").json()
    leaf = taxonomy["results"][1]["children"][0]["id"]
    client.get(f"/v3/application/seller-taxonomy/nodes/{leaf}/properties")
    client.get("/v3/application/seller-taxonomy/nodes/99999/properties")
    client.get("/v3/application/shipping-carriers", params={"origin_country_iso": "US"})
    profiles = client.get(f"{shop}/shipping-profiles").json()["results"]
    client.get(f"{shop}/shipping-profiles/{profiles[0]['shipping_profile_id']}")
    sections = client.get(f"{shop}/sections").json()["results"]
    client.get(f"{shop}/sections/{sections[0]['shop_section_id']}")
    readiness = client.get(f"{shop}/readiness-state-definitions").json()["results"]
    client.get(f"{shop}/readiness-state-definitions/{readiness[0]['readiness_state_id']}")
    policies = client.get(f"{shop}/policies/return").json()["results"]
    client.get(f"{shop}/policies/return/{policies[0]['return_policy_id']}")
    batch = {"listing_ids": ",".join(map(str, listing_ids[:3]))}
    client.get("/v3/application/listings/batch/inventory", params=batch)
    client.get("/v3/application/listings/batch/inventory", params={"listing_ids": "1,2"})

    draft = client.post(
        f"{shop}/listings",
        data={
            "quantity": "3",
            "title": "Contract mug",
            "description": "A mug",
            "price": "12.50",
            "who_made": "i_did",
            "when_made": "made_to_order",
            "taxonomy_id": str(leaf),
            "shipping_profile_id": str(profiles[0]["shipping_profile_id"]),
            "is_supply": "false",
        },
    ).json()
    new_id = draft["listing_id"]
    client.patch(f"{shop}/listings/{new_id}", data={"state": "active"})  # 400: no image yet
    client.post(
        f"{shop}/listings/{new_id}/images",
        files={"image": ("mug.jpg", b"\xff\xd8\xff\xe0jpeg", "image/jpeg")},
        data={"rank": "1", "alt_text": "A mug"},
    )
    client.put(
        f"/v3/application/listings/{new_id}/inventory",
        json={
            "products": [
                {
                    "sku": f"MUG-{color}",
                    "property_values": [
                        {"property_id": 200, "value_ids": [value], "values": [color]}
                    ],
                    "offerings": [
                        {**OFFERING, "readiness_state_id": readiness[0]["readiness_state_id"]}
                    ],
                }
                for color, value in (("Black", 1213), ("White", 1214))
            ],
            "price_on_property": [],
            "quantity_on_property": [200],
            "sku_on_property": [200],
        },
    )
    client.put(
        f"/v3/application/listings/{new_id}/inventory",
        json={"products": [{"product_id": 1, "offerings": []}]},
    )
    client.patch(f"{shop}/listings/{new_id}", data={"state": "active", "title": "Contract mug 2"})

    receipt_id = sandbox.place_order(OrderLine(new_id, quantity=1, sku="MUG-Black"))
    client.get(f"{shop}/receipts", params={"limit": 100, "was_paid": "true"})
    client.get(
        f"{shop}/receipts",
        params={"min_last_modified": 1_700_000_000, "was_shipped": "false", "sort_on": "updated"},
    )
    client.get(f"{shop}/receipts/{receipt_id}")
    client.get(f"{shop}/receipts/{receipt_id}/transactions")
    line = sandbox.receipt(receipt_id).transactions[0].transaction_id
    client.get(f"{shop}/transactions/{line}")
    client.get(f"{shop}/transactions", params={"limit": 5})
    client.get(f"{shop}/listings/{new_id}/transactions")
    client.post(
        f"{shop}/receipts/{receipt_id}/tracking",
        json={"tracking_code": "1Z999", "carrier_name": "UPS"},
    )
    client.post(f"{shop}/receipts/{receipt_id}/tracking", json={"carrier_name": "UPS"})
    other = sandbox.place_order(new_id)
    client.put(f"{shop}/receipts/{other}", data={"was_shipped": "true"})
    client.get(f"{shop}/receipts/{receipt_id + 10**9}")
    sandbox.refund_order(other, Decimal("1.00"))
    entries = client.get(
        f"{shop}/payment-account/ledger-entries",
        params={"min_created": 946_684_800, "max_created": 4_000_000_000, "limit": 100},
    ).json()["results"]
    ids = ",".join(str(entry["entry_id"]) for entry in entries)
    client.get(f"{shop}/payment-account/ledger-entries/payments", params={"ledger_entry_ids": ids})


def test_every_sandbox_answer_validates_against_the_document(
    clock: FakeClock, document: dict[str, Any]
) -> None:
    sandbox = EtsySandbox.seeded(
        listings=60, orders=30, clock=clock, seed=3, rate_limits=RateLimits(per_second=1000)
    )
    tokens = sandbox.connect()
    recorder = Recorder(sandbox)
    headers = {
        "x-api-key": sandbox.api_key.get_secret_value(),
        "authorization": f"Bearer {tokens.access_token}",
    }
    with httpx.Client(transport=recorder, base_url=ETSY_API_URL, headers=headers) as client:
        _walk(sandbox, client)
    documented = {op["operationId"]: op["responses"] for _, _, op in operations(document)}
    seen_statuses = set()
    for request, response, operation in recorder.exchanges:
        assert operation is not None, request.url
        validate_request(request)
        if str(response.status_code) in documented[operation]:
            validate_response(request, response)
        else:
            assert response.status_code in (403, 429), (operation, response.status_code)
            assert isinstance(response.json()["error"], str)
        seen_statuses.add((operation, response.status_code))
    assert set(OPERATION_SCOPES) <= {operation for operation, _ in seen_statuses}
    assert {400, 404, 200, 201} <= {status for _, status in seen_statuses}


def test_error_answers_outside_operations_carry_the_error_schema(clock: FakeClock) -> None:
    sandbox = EtsySandbox(clock=clock, rate_limits=RateLimits(per_second=1, per_day=100))
    client = httpx.Client(transport=sandbox.transport(), base_url=ETSY_API_URL)
    key = {"x-api-key": sandbox.api_key.get_secret_value()}
    client.get(f"/v3/application/shops/{sandbox.shop_id}", headers=key)
    limited = client.get(f"/v3/application/shops/{sandbox.shop_id}", headers=key)
    missing = client.get("/v3/application/nowhere", headers=key)
    for response in (limited, missing):
        assert set(response.json()) == {"error"}
