"""The pure Etsy mapping: listings, receipts, statuses, carriers and inventory writes."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._carriers import UnknownCarrierError
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.etsy import (
    ETSY_CARRIERS,
    ETSY_STATUS_TABLE,
    Listing,
    ListingInventory,
    ShopReceipt,
)
from marketplace_sdk.etsy._mapping import (
    etsy_carrier_name,
    etsy_status,
    listing_to_product,
    plan_inventory_write,
    receipt_to_cancellation,
    receipt_to_order,
)
from marketplace_sdk.etsy._models import ShopReceiptShipment

STATUSES = [
    "Paid",
    "Completed",
    "Open",
    "Payment Processing",
    "Canceled",
    "Fully Refunded",
    "Partially Refunded",
]


def money(cents: int, currency: str = "EUR") -> dict[str, object]:
    return {"amount": cents, "divisor": 100, "currency_code": currency}


@pytest.mark.parametrize(
    ("status", "shipped", "delivered", "expected"),
    [
        ("Paid", False, False, "New"),
        ("Open", False, False, "New"),
        ("Completed", True, False, "In-transit"),
        ("Completed", True, True, "Delivered"),
        ("Canceled", False, False, "Cancelled"),
        ("Fully Refunded", False, False, "Cancelled"),
        ("Fully Refunded", True, False, "In-transit"),
        ("Fully Refunded", True, True, "Delivered"),
        ("Partially Refunded", False, False, "New"),
        ("Partially Refunded", True, False, "In-transit"),
    ],
)
def test_status_rule(status: str, shipped: bool, delivered: bool, expected: str) -> None:
    receipt = ShopReceipt(receipt_id=1, status=status, is_shipped=shipped)
    assert etsy_status(receipt, delivered=delivered) == expected


@given(
    status=st.sampled_from(STATUSES),
    shipped=st.booleans(),
    with_shipment=st.booleans(),
    delivered=st.booleans(),
)
def test_every_receipt_gets_a_status_of_the_seed_table(
    status: str, shipped: bool, with_shipment: bool, delivered: bool
) -> None:
    shipments = (
        [ShopReceiptShipment(tracking_code="T", carrier_name="UPS")] if with_shipment else []
    )
    receipt = ShopReceipt(receipt_id=1, status=status, is_shipped=shipped, shipments=shipments)
    word = etsy_status(receipt, delivered=delivered)
    assert ETSY_STATUS_TABLE.oms_status(word, all_lines_in_stock=True) in set(OmsStatus)
    if status == "Canceled":
        assert word == "Cancelled"
    if not (shipped or with_shipment) and status not in ("Canceled", "Fully Refunded"):
        assert word == "New"


def test_receipt_to_order_lines_totals_people() -> None:
    receipt = ShopReceipt.model_validate(
        {
            "receipt_id": 77,
            "status": "Completed",
            "is_shipped": True,
            "created_timestamp": 1767225600,
            "updated_timestamp": 1767312000,
            "name": "Ada Lovelace",
            "first_line": "12 Road",
            "city": "London",
            "zip": "N1",
            "country_iso": "GB",
            "buyer_email": "ada@example.com",
            "subtotal": money(1500),
            "total_shipping_cost": money(400),
            "total_tax_cost": money(100),
            "total_vat_cost": money(50),
            "discount_amt": money(0),
            "grandtotal": money(2050),
            "transactions": [
                {"transaction_id": 5, "sku": "MUG", "quantity": 3, "price": money(500)},
            ],
        }
    )
    order = receipt_to_order(receipt)
    assert order.order_id == "77"
    assert order.marketplace_status == "In-transit"
    assert order.oms_status is OmsStatus.IN_TRANSIT
    assert order.created_at.tzinfo is not None
    assert order.updated_at > order.created_at
    assert [(line.line_id, line.sku, line.quantity) for line in order.lines] == [("5", "MUG", 3)]
    assert order.lines[0].unit_price == Money(amount="5.00", currency="EUR")
    assert order.totals.total == Money(amount="20.50", currency="EUR")
    assert order.totals.tax == Money(amount="1.50", currency="EUR")
    assert order.shipping_address is not None
    assert order.shipping_address.city == "London"
    assert order.buyer is not None
    assert "Ada" not in repr(order)
    assert receipt_to_cancellation(receipt) is None


def test_new_order_leaves_oms_status_to_the_stock_rule() -> None:
    receipt = ShopReceipt(receipt_id=1, status="Paid", created_timestamp=1767225600)
    assert receipt_to_order(receipt).oms_status is None
    cancelled = ShopReceipt(receipt_id=2, status="Canceled", updated_timestamp=1767225600)
    cancellation = receipt_to_cancellation(cancelled)
    assert cancellation is not None
    assert cancellation.marketplace_status == "Cancelled"


@pytest.mark.parametrize(
    ("oms", "etsy"),
    [
        ("UPS", "UPS"),
        ("usps", "USPS"),
        ("Fed Ex", "FedEx"),
        ("Royal-Mail", "Royal Mail"),
        ("DHL Express", "DHL"),
    ],
)
def test_carrier_names(oms: str, etsy: str) -> None:
    assert etsy_carrier_name(oms) == etsy


@pytest.mark.parametrize("oms", ["Chronopost", "", "Colis Privé"])
def test_etsy_q27_a_carrier_the_table_cannot_map_is_a_typed_error(oms: str) -> None:
    with pytest.raises(UnknownCarrierError, match="carrier table") as caught:
        etsy_carrier_name(oms)
    assert caught.value.error_class.value == "configuration"
    assert etsy_carrier_name(oms, ETSY_CARRIERS.extend(fallback="other")) == "other"


def test_single_and_group_listings() -> None:
    single = Listing.model_validate(
        {
            "listing_id": 10,
            "title": "Mug",
            "state": "inactive",
            "images": [
                {"listing_image_id": 2, "rank": 2, "url_fullxfull": "https://i/2.jpg"},
                {"listing_image_id": 1, "rank": 1, "url_fullxfull": "https://i/1.jpg"},
            ],
            "inventory": {
                "products": [
                    {
                        "product_id": 3,
                        "sku": "MUG",
                        "offerings": [{"offering_id": 4, "quantity": 6, "price": money(990)}],
                    }
                ]
            },
        }
    )
    product = listing_to_product(single)
    assert product is not None
    assert (product.sku, product.stock, product.active) == ("MUG", 6, False)
    assert product.image_urls == ("https://i/1.jpg",)
    assert product.marketplace_ids == {"listing_id": "10", "product_id": "3", "offering_id": "4"}

    group = Listing.model_validate(
        {
            "listing_id": 11,
            "title": "Tee",
            "state": "active",
            "inventory": {
                "products": [
                    {
                        "sku": f"TEE-{size}",
                        "offerings": [{"quantity": n, "price": money(p)}],
                        "property_values": [
                            {"property_id": 100, "property_name": "Size", "values": [size]}
                        ],
                    }
                    for size, n, p in (("S", 1, 1200), ("M", 2, 1000))
                ],
                "price_on_property": [100],
            },
        }
    )
    tee = listing_to_product(group)
    assert tee is not None
    assert tee.is_group
    assert tee.sku == "etsy-listing-11"
    assert tee.stock == 3
    assert tee.price == Money(amount="10.00", currency="EUR")
    assert [v.attributes for v in tee.variants] == [{"Size": "S"}, {"Size": "M"}]


def inventory(quantities: list[int], *, vary: bool = True) -> ListingInventory:
    return ListingInventory.model_validate(
        {
            "products": [
                {
                    "product_id": n,
                    "sku": f"V-{n}",
                    "offerings": [{"offering_id": 100 + n, "quantity": q, "price": money(500)}],
                    "property_values": [
                        {"property_id": 513, "property_name": "Kind", "values": [f"k{n}"]}
                    ],
                }
                for n, q in enumerate(quantities)
            ],
            "quantity_on_property": [513] if vary else [],
        }
    )


@given(
    quantities=st.lists(st.integers(0, 999), min_size=1, max_size=8),
    data=st.data(),
)
def test_stock_write_changes_only_the_skus_asked(
    quantities: list[int], data: st.DataObject
) -> None:
    chosen = data.draw(st.sets(st.integers(0, len(quantities) - 1)))
    wanted = {f"V-{n}": data.draw(st.integers(0, 999)) for n in chosen}

    plan = plan_inventory_write(1, inventory(quantities), stock=wanted)

    assert plan.rejected == {}
    assert plan.applied == frozenset(wanted)
    if not wanted:
        assert plan.update is None
        return
    assert plan.update is not None
    written = {p.sku: p.offerings[0].quantity for p in plan.update.products}
    expected = {f"V-{n}": wanted.get(f"V-{n}", q) for n, q in enumerate(quantities)}
    assert written == expected
    assert all("offering_id" not in str(p.to_json()) for p in plan.update.products)


def test_shared_value_is_set_on_the_whole_group_or_refused() -> None:
    shared = inventory([1, 2], vary=False)
    plan = plan_inventory_write(1, shared, stock={"V-0": 5})
    assert plan.update is not None
    assert [p.offerings[0].quantity for p in plan.update.products] == [5, 5]

    clash = plan_inventory_write(1, shared, stock={"V-0": 5, "V-1": 6})
    assert clash.update is None
    assert set(clash.rejected) == {"V-0", "V-1"}
    assert "one quantity" in clash.rejected["V-0"]


def test_price_write_and_unknown_sku() -> None:
    plan = plan_inventory_write(
        3, inventory([1]), prices={"V-0": Decimal("7.25"), "GHOST": Decimal(1)}
    )
    assert plan.update is not None
    assert plan.update.products[0].offerings[0].price == Decimal("7.25")
    assert plan.rejected == {"GHOST": "SKU 'GHOST' is not on listing 3"}
