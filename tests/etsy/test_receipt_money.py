"""Money, identity and status of Etsy receipts mapped to orders (issue 12).

Each test here failed before the fix it pins: the discount counted twice, shipments left in
`raw`, an unknown status read as "New", untyped errors escaping the mapping, countries taken as
sent.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from marketplace_sdk import RecordError, UnknownStatus
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.etsy import ETSY_STATUS_TABLE, Listing, ListingInventory, ShopReceipt
from marketplace_sdk.etsy._mapping import (
    listing_to_product,
    plan_inventory_write,
    receipt_to_cancellation,
    receipt_to_order,
)


def money(cents: int, currency: str = "EUR", divisor: int = 100) -> dict[str, object]:
    return {"amount": cents, "divisor": divisor, "currency_code": currency}


def receipt(**fields: Any) -> ShopReceipt:
    payload: dict[str, Any] = {
        "receipt_id": 3021745515,
        "status": "Paid",
        "created_timestamp": 1767225600,
        "updated_timestamp": 1767312000,
        "country_iso": "NL",
        "total_price": money(24000),
        "subtotal": money(18000),
        "discount_amt": money(6000),
        "total_shipping_cost": money(0),
        "total_tax_cost": money(0),
        "total_vat_cost": money(0),
        "grandtotal": money(18000),
        "transactions": [
            {"transaction_id": 1, "sku": "BAG", "quantity": 2, "price": money(12000)},
        ],
    }
    payload.update(fields)
    return ShopReceipt.model_validate(payload)


def adds_up(order: Any) -> bool:
    totals = order.totals
    zero = Decimal(0)
    parts = [totals.items, totals.shipping, totals.tax]
    computed = sum((m.amount for m in parts if m is not None), zero)
    computed -= totals.discount.amount if totals.discount is not None else zero
    return bool(computed == totals.total.amount)


def test_a_discounted_receipt_counts_the_discount_once() -> None:
    # items 240 + shipping 0 + tax 0 - discount 60 = 180, what the buyer paid.
    order = receipt_to_order(receipt())
    assert order.totals.items == Money(amount="240.00", currency="EUR")
    assert order.totals.discount == Money(amount="60.00", currency="EUR")
    assert order.totals.total == Money(amount="180.00", currency="EUR")
    assert adds_up(order)


@pytest.mark.needs_shared
def test_the_recorded_discounted_receipts_add_up(shared_specs: Path) -> None:
    page = json.loads((shared_specs / "etsy/samples/getShopReceipts.response.json").read_bytes())
    for payload in page["results"]:
        order = receipt_to_order(ShopReceipt.model_validate(payload))
        assert order.totals.discount is not None
        assert order.totals.discount.amount > 0
        assert order.totals.items.amount == Decimal(payload["total_price"]["amount"]) / 100
        assert adds_up(order), order.totals


@pytest.mark.needs_shared
def test_the_recorded_shipments_are_on_the_order(shared_specs: Path) -> None:
    page = json.loads((shared_specs / "etsy/samples/getShopReceipts.response.json").read_bytes())
    payload = page["results"][0]
    order = receipt_to_order(ShopReceipt.model_validate(payload))
    [shipment] = order.shipments
    assert shipment.carrier == "YT-EXPRESS"
    assert shipment.tracking_number == payload["shipments"][0]["tracking_code"]
    assert shipment.marketplace_id == "1202955335209"
    assert shipment.shipped_at is not None
    assert shipment.shipped_at.timestamp() == 1696003200
    assert shipment.line_ids == ()  # Etsy ships whole receipts


def test_every_shipment_of_a_receipt_is_kept_in_order() -> None:
    shipments = [
        {"receipt_shipping_id": 1, "carrier_name": "UPS", "tracking_code": "1Z1"},
        {
            "receipt_shipping_id": 2,
            "carrier_name": "",
            "tracking_code": "",
            "shipment_notification_timestamp": 1767312000,
        },
    ]
    order = receipt_to_order(receipt(shipments=shipments, is_shipped=True))
    assert [(s.carrier, s.tracking_number) for s in order.shipments] == [
        ("UPS", "1Z1"),
        (None, None),
    ]


@pytest.mark.parametrize("shipped", [False, True])
def test_an_unknown_receipt_status_is_surfaced_as_unknown(shipped: bool) -> None:
    order = receipt_to_order(receipt(status="On Hold", is_shipped=shipped))
    assert order.marketplace_status == "On Hold"
    assert order.oms_status is None
    decision = ETSY_STATUS_TABLE.transition(
        OmsStatus.NEW, order.marketplace_status, all_lines_in_stock=True
    )
    assert decision == UnknownStatus("On Hold", "Etsy")


def test_countries_are_iso_alpha_2() -> None:
    order = receipt_to_order(receipt(country_iso="nl"))
    assert order.shipping_address is not None
    assert order.shipping_address.country_code == "NL"
    blank = receipt_to_order(receipt(country_iso="", city="Leiden")).shipping_address
    assert blank is not None
    assert blank.country_code is None


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"grandtotal": money(18000, "EURO")}, id="bad currency"),
        pytest.param({"grandtotal": money(18000, divisor=7)}, id="inexact amount"),
        pytest.param({"total_shipping_cost": money(0, "USD")}, id="mixed currencies"),
        pytest.param(
            {"transactions": [{"transaction_id": 1, "quantity": 2, "price": money(1, "USD")}]},
            id="line in another currency",
        ),
        pytest.param({"created_timestamp": 10**20}, id="huge timestamp"),
        pytest.param({"created_timestamp": 10**12}, id="timestamp past 9999"),
        pytest.param({"created_timestamp": None, "updated_timestamp": None}, id="no timestamp"),
        pytest.param({"country_iso": "XX"}, id="unknown country"),
        pytest.param({"grandtotal": money(20000)}, id="totals do not add up"),
        pytest.param(
            {"transactions": [{"transaction_id": 1, "quantity": 10**20, "price": money(12000)}]},
            id="lines do not add up to total_price",
        ),
        pytest.param(
            {
                "transactions": [
                    {"transaction_id": 1, "quantity": 1, "price": money(12000)},
                    {"transaction_id": 1, "quantity": 1, "price": money(12000)},
                ]
            },
            id="one transaction id twice",
        ),
    ],
)
def test_every_mapping_failure_is_a_record_error(fields: dict[str, Any]) -> None:
    bad = receipt(**fields)
    with pytest.raises(RecordError) as caught:
        receipt_to_order(bad)
    error = caught.value
    assert (error.kind, error.record_id, error.marketplace) == ("order", "3021745515", "etsy")
    assert error.raw == bad.model_dump(mode="json")
    assert isinstance(error.__cause__, ValueError | ArithmeticError)  # chained, not swallowed


def test_a_cancellation_without_a_readable_time_is_a_record_error() -> None:
    bad = ShopReceipt(receipt_id=5, status="Canceled", updated_timestamp=10**20)
    with pytest.raises(RecordError) as caught:
        receipt_to_cancellation(bad)
    assert (caught.value.kind, caught.value.record_id) == ("cancellation", "5")


def test_a_listing_with_a_bad_price_is_a_record_error() -> None:
    listing = Listing.model_validate(
        {
            "listing_id": 7,
            "title": "Mug",
            "price": money(1250, "EURO"),
            "inventory": {
                "products": [
                    {
                        "product_id": 1,
                        "sku": "MUG",
                        "offerings": [{"offering_id": 2, "quantity": 4}],
                    }
                ]
            },
        }
    )
    with pytest.raises(RecordError) as caught:
        listing_to_product(listing)
    assert (caught.value.kind, caught.value.record_id, caught.value.marketplace) == (
        "product",
        "7",
        "etsy",
    )


def test_an_inventory_that_cannot_be_written_back_is_a_record_error() -> None:
    # Found by the fuzz suite: a negative quantity read from Etsy made the write model raise
    # pydantic's ValidationError out of plan_inventory_write.
    inventory = ListingInventory.model_validate(
        {"products": [{"sku": "A", "offerings": [{"quantity": -3, "price": money(500)}]}]}
    )
    with pytest.raises(RecordError) as caught:
        plan_inventory_write(9, inventory, stock={"A": 1})
    assert (caught.value.kind, caught.value.record_id) == ("inventory", "9")
