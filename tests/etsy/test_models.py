"""Etsy wire models: the published samples parse, and the lenient rules hold."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._money import Money
from marketplace_sdk.etsy import (
    EtsyMoney,
    InventoryUpdate,
    Listing,
    ListingInventory,
    ListingState,
    ReceiptStatus,
    ShopReceipt,
)
from marketplace_sdk.etsy._models import EtsyList, SellerTaxonomyNode


@pytest.fixture
def samples(shared_specs: Path) -> Path:
    return shared_specs / "etsy" / "samples"


def test_sample_receipts_keep_ids_statuses_lines_prices_and_dates(samples: Path) -> None:
    body = json.loads((samples / "getShopReceipts.response.json").read_text())
    page = EtsyList[ShopReceipt].model_validate(body)

    assert page.count == 10
    first = page.results[0]
    assert first.receipt_id == 3021745515
    assert first.status is ReceiptStatus.FULLY_REFUNDED
    assert first.created_at == datetime(2023, 9, 25, 16, 39, 22, tzinfo=UTC)
    assert first.grandtotal is not None
    assert first.grandtotal.to_money() == Money(amount="112.50", currency="USD")
    line = first.transactions[0]
    assert (line.transaction_id, line.listing_id, line.quantity) == (3735908460, 1572338361, 1)
    assert line.price is not None
    assert line.price.to_money() == Money(amount="150.00", currency="USD")
    assert [v.formatted_value for v in line.variations] == ["Brown", "Cowhide + Synthetic"]
    assert first.shipments[0].carrier_name == "YT-EXPRESS"
    assert first.refunds[0].amount is not None
    # Fields the document does not list stay reachable for support.
    assert first.model_extra is not None
    assert "create_timestamp" in first.model_extra
    assert page.results[1].status is ReceiptStatus.COMPLETED


def test_sample_inventory_parses_with_money_prices(samples: Path) -> None:
    body = json.loads((samples / "getListingInventory.response.json").read_text())
    inventory = ListingInventory.model_validate(body)

    product = inventory.products[0]
    assert product.sku == "731737"
    assert product.offerings[0].price is not None
    assert product.offerings[0].price.to_money() == Money(amount="22.00", currency="EUR")
    assert inventory.price_on_property == [1]
    assert inventory.listing is None


def test_inventory_write_shape_has_no_read_only_keys(samples: Path) -> None:
    body = json.loads((samples / "getListingInventory.response.json").read_text())
    update = InventoryUpdate.from_inventory(ListingInventory.model_validate(body)).to_json()

    text = json.dumps(update)
    for key in ("product_id", "offering_id", "is_deleted", "scale_name", "currency_code"):
        assert key not in text
    offering = update["products"][0]["offerings"][0]  # type: ignore[index]
    assert offering == {
        "price": 22.0,
        "quantity": 1,
        "is_enabled": True,
        "readiness_state_id": None,
    }


def test_inventory_write_drops_deleted_products_and_offerings() -> None:
    money = {"amount": 100, "divisor": 100, "currency_code": "USD"}
    inventory = ListingInventory.model_validate(
        {
            "products": [
                {
                    "product_id": 1,
                    "sku": "KEEP",
                    "offerings": [
                        {"offering_id": 1, "quantity": 1, "price": money},
                        {"offering_id": 2, "quantity": 9, "price": money, "is_deleted": True},
                    ],
                },
                {"product_id": 2, "sku": "GONE", "is_deleted": True, "offerings": []},
            ]
        }
    )
    update = InventoryUpdate.from_inventory(inventory)
    assert [p.sku for p in update.products] == ["KEEP"]
    assert [o.quantity for o in update.products[0].offerings] == [1]


@given(
    st.sampled_from(list(ReceiptStatus)),
    st.lists(st.booleans(), min_size=30, max_size=30),
)
def test_receipt_status_is_read_whatever_the_case(status: ReceiptStatus, upper: list[bool]) -> None:
    spelled = "".join(c.upper() if up else c for c, up in zip(status.value, upper, strict=False))
    receipt = ShopReceipt.model_validate({"receipt_id": 1, "status": f" {spelled} "})
    assert receipt.status is status


@given(st.text(min_size=1).filter(lambda s: s.strip().lower() not in set(ReceiptStatus)))
def test_unknown_receipt_status_is_kept_verbatim(raw: str) -> None:
    assert ShopReceipt.model_validate({"receipt_id": 1, "status": raw}).status == raw


def test_listing_state_is_lenient_and_includes_parse() -> None:
    listing = Listing.model_validate(
        {
            "listing_id": 1,
            "state": "SOLD_OUT",
            "images": [
                {"listing_image_id": 2, "rank": 2, "url_fullxfull": "b"},
                {"listing_image_id": 1, "rank": 1, "url_fullxfull": "a"},
            ],
            "inventory": {"products": [{"product_id": 1, "sku": "S"}]},
        }
    )
    assert listing.state is ListingState.SOLD_OUT
    assert listing.first_image is not None
    assert listing.first_image.url_fullxfull == "a"
    assert listing.inventory is not None
    assert listing.inventory.products[0].sku == "S"
    assert Listing.model_validate({"listing_id": 2, "state": "unlisted"}).state == "unlisted"


def test_taxonomy_tree_is_recursive() -> None:
    tree = SellerTaxonomyNode.model_validate(
        {"id": 1, "name": "A", "children": [{"id": 2, "name": "B", "children": [{"id": 3}]}]}
    )
    assert [node.id for node in tree.walk()] == [1, 2, 3]


@given(st.integers(min_value=-(10**12), max_value=10**12), st.sampled_from([1, 10, 100, 1000]))
def test_money_round_trips_through_the_canonical_money(amount: int, divisor: int) -> None:
    wire = EtsyMoney(amount=amount, divisor=divisor, currency_code="EUR")
    money = wire.to_money()
    assert money.amount == Decimal(amount) / divisor
    assert EtsyMoney.from_money(money, divisor=divisor) == wire


def test_money_refuses_precision_it_cannot_carry() -> None:
    with pytest.raises(ValueError, match="precision"):
        EtsyMoney.from_money(Money(amount="1.005", currency="EUR"))


def test_receipt_repr_hides_buyer_details() -> None:
    receipt = ShopReceipt.model_validate(
        {"receipt_id": 1, "name": "Ada", "city": "Paris", "buyer_email": "a@b.c", "new_pii": "x"}
    )
    text = repr(receipt)
    assert "receipt_id=1" in text
    for secret in ("Ada", "Paris", "a@b.c", "new_pii"):
        assert secret not in text
