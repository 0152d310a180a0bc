"""Every request the Etsy endpoint functions build matches Etsy's published document."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from tests.etsy.openapi_contract import spec_path, validate_request, validate_response

from marketplace_sdk.core._request import Call
from marketplace_sdk.etsy import (
    DraftListing,
    EtsyOAuth,
    InventoryUpdate,
    ListingInventory,
    ListingUpdate,
    MemoryTokenStore,
    ReceiptShipmentRequest,
    ShopReceipt,
    TokenPair,
)
from marketplace_sdk.etsy import _endpoints as ep

SHOP, LISTING, RECEIPT = 42, 1001, 5005
JAN = datetime(2026, 1, 1, tzinfo=UTC)
FEB = datetime(2026, 2, 1, tzinfo=UTC)

INVENTORY = ListingInventory.model_validate(
    {
        "products": [
            {
                "product_id": 1,
                "sku": "RING-S",
                "is_deleted": False,
                "property_values": [
                    {
                        "property_id": 100,
                        "property_name": "Size",
                        "scale_id": 19,
                        "scale_name": "US",
                        "value_ids": [7],
                        "values": ["S"],
                    }
                ],
                "offerings": [
                    {
                        "offering_id": 11,
                        "quantity": 4,
                        "is_enabled": True,
                        "is_deleted": False,
                        "price": {"amount": 1599, "divisor": 100, "currency_code": "USD"},
                        "readiness_state_id": 3,
                    }
                ],
            }
        ],
        "price_on_property": [100],
        "quantity_on_property": [100],
        "sku_on_property": [100],
    }
)

CALLS: dict[str, Call[object]] = {
    "getMe": ep.get_me(),
    "getUser": ep.get_user(7),
    "getShop": ep.get_shop(SHOP),
    "getShopSections": ep.get_shop_sections(SHOP),
    "getShopShippingProfiles": ep.get_shop_shipping_profiles(SHOP),
    "getShopReadinessStateDefinitions": ep.get_shop_readiness_state_definitions(SHOP),
    "getShopReturnPolicies": ep.get_shop_return_policies(SHOP),
    "getShippingCarriers": ep.get_shipping_carriers("us"),
    "getSellerTaxonomyNodes": ep.get_seller_taxonomy_nodes(),
    "getPropertiesByTaxonomyId": ep.get_properties_by_taxonomy_id(1207),
    "getListingsByShop": ep.get_listings_by_shop(
        SHOP, state="draft", includes=["Images", "Inventory"], offset=12_000, sort_order="desc"
    ),
    "getListingsByListingIds": ep.get_listings_by_listing_ids([1, 2, 3], includes=["Images"]),
    "getListing": ep.get_listing(LISTING, includes=["Images", "Shop"]),
    "createDraftListing": ep.create_draft_listing(
        SHOP,
        DraftListing(
            quantity=5,
            title="Silver ring",
            description="Hand made",
            price=Decimal("15.99"),
            who_made="i_did",
            when_made="made_to_order",
            taxonomy_id=1207,
            shipping_profile_id=9,
            readiness_state_id=3,
            tags=["ring", "silver"],
            image_ids=[77, 78],
            type="physical",
        ),
    ),
    "updateListing": ep.update_listing(
        SHOP, LISTING, ListingUpdate(state="inactive", tags=["a", "b"], is_supply=False)
    ),
    "getListingImages": ep.get_listing_images(LISTING),
    "uploadListingImage": ep.upload_listing_image(
        SHOP, LISTING, b"\xff\xd8\xff\xe0fake-jpeg", rank=1, overwrite=True, alt_text="front"
    ),
    "getListingInventory": ep.get_listing_inventory(LISTING, show_deleted=True),
    "updateListingInventory": ep.update_listing_inventory(
        LISTING, InventoryUpdate.from_inventory(INVENTORY)
    ),
    "getListingsInventoryByListingIds": ep.get_listings_inventory_by_listing_ids([1, 2]),
    "getShopReceipts": ep.get_shop_receipts(
        SHOP,
        min_created=JAN,
        max_created=FEB,
        min_last_modified=JAN,
        max_last_modified=FEB,
        was_paid=True,
        was_shipped=False,
        was_delivered=False,
        was_canceled=False,
        offset=200,
        sort_on="updated",
    ),
    "getShopReceipt": ep.get_shop_receipt(SHOP, RECEIPT),
    "updateShopReceipt": ep.update_shop_receipt(SHOP, RECEIPT, was_shipped=True),
    "getShopReceiptTransactionsByReceipt": ep.get_shop_receipt_transactions_by_receipt(
        SHOP, RECEIPT
    ),
    "getShopReceiptTransactionsByListing": ep.get_shop_receipt_transactions_by_listing(
        SHOP, LISTING
    ),
    "createReceiptShipment": ep.create_receipt_shipment(
        SHOP,
        RECEIPT,
        ReceiptShipmentRequest(
            tracking_code="1Z999", carrier_name="ups", send_bcc=True, note_to_buyer="Thanks"
        ),
    ),
}

NOT_IDEMPOTENT = {"createDraftListing", "uploadListingImage", "createReceiptShipment"}


def to_httpx(call: Call[object]) -> httpx.Request:
    token = TokenPair(access_token="111.access", refresh_token="111.refresh", expires_at=FEB)
    auth = EtsyOAuth("keystring", "secret", MemoryTokenStore(token))
    with httpx.Client(base_url="https://api.etsy.com") as client:
        return auth.apply(call.request).to_httpx(client)


@pytest.fixture(scope="module")
def operations(shared_specs: Path) -> dict[str, tuple[str, str]]:
    document = json.loads(spec_path().read_text())
    found = {}
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            if isinstance(operation, dict) and "operationId" in operation:
                found[operation["operationId"]] = (method.upper(), path)
    return found


@pytest.mark.parametrize("operation_id", sorted(CALLS))
def test_request_matches_the_published_operation(
    operation_id: str, operations: dict[str, tuple[str, str]]
) -> None:
    call = CALLS[operation_id]
    request = to_httpx(call)

    validate_request(request)
    method, template = operations[operation_id]
    assert call.request.operation == operation_id
    assert request.method == method
    assert re.fullmatch(re.sub(r"\{[^}]+\}", r"[0-9]+", template), request.url.path)
    assert call.request.bucket == "default"
    assert call.request.is_idempotent is (operation_id not in NOT_IDEMPOTENT)


def test_every_operation_the_issue_names_is_covered() -> None:
    wanted = {
        "getMe", "getShop", "getListingsByShop", "getListingsByListingIds", "getListing",
        "createDraftListing", "updateListing", "getListingImages", "uploadListingImage",
        "getListingInventory", "updateListingInventory", "getShopReceipts", "getShopReceipt",
        "updateShopReceipt", "getShopReceiptTransactionsByReceipt", "createReceiptShipment",
        "getShippingCarriers", "getSellerTaxonomyNodes", "getPropertiesByTaxonomyId",
        "getShopShippingProfiles", "getShopReadinessStateDefinitions", "getShopSections",
    }  # fmt: skip
    assert wanted <= set(CALLS)


def test_inventory_write_body_is_the_documented_write_shape() -> None:
    body = json.loads(to_httpx(CALLS["updateListingInventory"]).content)
    product = body["products"][0]
    assert set(product) == {"sku", "property_values", "offerings"}
    assert product["offerings"] == [
        {"price": 15.99, "quantity": 4, "is_enabled": True, "readiness_state_id": 3}
    ]
    assert "scale_name" not in product["property_values"][0]
    assert body["price_on_property"] == [100]


def test_receipt_windows_are_unix_seconds() -> None:
    params = dict(to_httpx(CALLS["getShopReceipts"]).url.params)
    assert params["min_created"] == str(int(JAN.timestamp()))
    assert params["max_last_modified"] == str(int(FEB.timestamp()))
    assert params["was_paid"] == "true"


@pytest.mark.parametrize(
    "build",
    [
        lambda: ep.get_listings_by_shop(SHOP, limit=101),
        lambda: ep.get_listings_by_shop(SHOP, offset=12_001),
        lambda: ep.get_shop_receipts(SHOP, limit=0),
        lambda: ep.get_listings_by_listing_ids(list(range(1, 102))),
        lambda: ep.get_listings_by_listing_ids([]),
        lambda: ep.update_listing(SHOP, LISTING, ListingUpdate()),
        lambda: ep.update_shop_receipt(SHOP, RECEIPT),
    ],
)
def test_requests_etsy_would_refuse_are_refused_early(build: object) -> None:
    with pytest.raises(ValueError):  # noqa: PT011
        build()  # type: ignore[operator]


def sample(shared_specs: Path, name: str) -> object:
    return json.loads((shared_specs / "etsy" / "samples" / name).read_text())


def test_receipts_page_parses_a_documented_answer(shared_specs: Path) -> None:
    call = CALLS["getShopReceipts"]
    response = httpx.Response(200, json=sample(shared_specs, "getShopReceipts.response.json"))
    validate_response(to_httpx(call), response)
    page = call.parse(response)
    assert page.total == 10  # type: ignore[attr-defined]
    assert [r.receipt_id for r in page.items] == [3021745515, 3028255336]  # type: ignore[attr-defined]


def test_inventory_parses_a_documented_answer(shared_specs: Path) -> None:
    call = CALLS["getListingInventory"]
    response = httpx.Response(200, json=sample(shared_specs, "getListingInventory.response.json"))
    validate_response(to_httpx(call), response)
    assert call.parse(response).products[0].sku == "731737"  # type: ignore[attr-defined]


def test_a_receipts_page_read_whole_holds_what_reading_each_receipt_gives(
    shared_specs: Path,
) -> None:
    body = sample(shared_specs, "getShopReceipts.response.json")
    assert isinstance(body, dict)
    page = ep.get_shop_receipts(42).parse(httpx.Response(200, json=body))
    one_by_one = [ShopReceipt.model_validate(item) for item in body["results"]]
    assert page.items == one_by_one
    assert [r.model_dump(mode="json") for r in page.items] == [
        r.model_dump(mode="json") for r in one_by_one
    ]
    assert page.refused == ()


def test_one_receipt_the_schema_refuses_leaves_the_others_on_the_page(
    shared_specs: Path,
) -> None:
    body = sample(shared_specs, "getShopReceipts.response.json")
    assert isinstance(body, dict)
    bad = json.loads(json.dumps(body))
    bad["results"][0]["grandtotal"] = {"amount": "twelve", "divisor": 100}
    page = ep.get_shop_receipts(42).parse(httpx.Response(200, json=bad))
    assert [r.receipt_id for r in page.items] == [body["results"][1]["receipt_id"]]
    assert [r.position for r in page.refused] == [0]
    assert page.refused[0].error.raw["grandtotal"]["amount"] == "twelve"
