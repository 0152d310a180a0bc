"""The FNAC mapping: offers, orders, cancellations, status names, updates and batch results."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.core._status import OmsStatus, UnknownStatusError
from marketplace_sdk.fnac import FNAC_STATUS_TABLE, OrderState, oms_status
from marketplace_sdk.fnac._mapping import (
    FNAC_STATE_TO_SEED,
    attribute_to_canonical,
    batch_results,
    fnac_states,
    hierarchies_to_categories,
    offer_to_product,
    order_cancellation,
    order_to_canonical,
    price_updates,
    seed_status,
    stock_updates,
)
from marketplace_sdk.fnac._models import (
    Address,
    BatchStatusResponse,
    FnacError,
    Offer,
    OfferStatus,
    OrderDetail,
)
from marketplace_sdk.fnac._models import Order as FnacOrder
from marketplace_sdk.mirakl import Attribute, Hierarchy, ValueList, ValueListValue

T0 = datetime(2026, 1, 5, 10, tzinfo=UTC)


def wire_order(state: str = "Created", **details: object) -> FnacOrder:
    return FnacOrder(
        order_id="1A2B3C4D5E6F7",
        state=state,
        created_at=T0,
        client_firstname="Jeanne",
        client_lastname="Martin",
        client_email="j@example.com",
        shipping_address=Address(
            firstname="Jeanne",
            lastname="Martin",
            address1="1 rue X",
            zipcode="75001",
            city="Paris",
            country="FRA",
            mobile="0600000000",
        ),
        order_details=[
            OrderDetail(
                order_detail_id=1,
                offer_seller_id="SKU-1",
                quantity=2,
                price=Decimal("9.95"),
                shipping_price=Decimal("3.00"),
                state="ToAccept",
                product_name="Mug",
                debited_at=datetime(2026, 1, 6, tzinfo=UTC),
            ),
            OrderDetail(
                order_detail_id=2,
                offer_seller_id="SKU-2",
                quantity=1,
                price=Decimal("5.00"),
                state=details.get("second_state", "ToAccept"),
            ),
        ],
    )


def test_an_offer_becomes_a_product_keyed_by_the_sellers_reference() -> None:
    offer = Offer(
        offer_seller_id="SKU-1",
        offer_fnac_id="OF-1",
        product_fnac_id="P-1",
        product_name="Mug",
        price=Decimal("14.90"),
        quantity=7,
        image="https://img/1.jpg",
    )
    product = offer_to_product(offer)
    assert (product.sku, product.title, product.stock) == ("SKU-1", "Mug", 7)
    assert product.price == Money(amount="14.90", currency="EUR")
    assert product.image_urls == ("https://img/1.jpg",)
    assert product.marketplace_id == "OF-1"
    assert product.marketplace_ids == {"offer_fnac_id": "OF-1", "product_fnac_id": "P-1"}


def test_an_offer_without_a_seller_reference_is_refused() -> None:
    with pytest.raises(RecordError, match="offer_seller_id") as caught:
        offer_to_product(Offer(offer_fnac_id="OF-1"))
    assert (caught.value.kind, caught.value.record_id) == ("product", "OF-1")


def test_an_order_maps_lines_buyer_address_totals_and_status() -> None:
    order = order_to_canonical(wire_order())
    assert order.order_id == "1A2B3C4D5E6F7"
    assert order.marketplace_status == "To be Shipped"
    assert order.oms_status is None  # New or Partial: the OMS's stock decides
    assert order.raw is not None
    assert order.raw["order_state"] == "Created"
    assert [(ln.line_id, ln.sku, ln.quantity) for ln in order.lines] == [
        ("1", "SKU-1", 2),
        ("2", "SKU-2", 1),
    ]
    assert order.lines[0].marketplace_status == "ToAccept"
    assert order.totals.items == Money(amount="24.90", currency="EUR")
    assert order.totals.shipping == Money(amount="3.00", currency="EUR")
    assert order.totals.total == Money(amount="27.90", currency="EUR")
    assert order.buyer is not None
    assert order.buyer.name == "Jeanne Martin"
    assert order.shipping_address is not None
    assert (order.shipping_address.city, order.shipping_address.country_code) == ("Paris", "FR")
    assert order.created_at == T0
    assert order.updated_at == datetime(2026, 1, 6, tzinfo=UTC)
    assert order.updated_at.tzinfo is not None


@pytest.mark.parametrize(
    ("state", "seed", "oms"),
    [
        ("Created", "To be Shipped", None),
        ("Accepted", "To be Shipped", None),
        ("ToShip", "To be Shipped", None),
        ("Shipped", "Shipped", OmsStatus.IN_TRANSIT),
        ("Received", "Received", OmsStatus.COMPLETE),
        ("Cancelled", "Cancelled", OmsStatus.CANCELED),
        ("Refused", "Cancelled", OmsStatus.CANCELED),
        ("Refunded", "Cancelled", OmsStatus.CANCELED),
    ],
)
def test_fnac_states_map_to_the_seed_table(state: str, seed: str, oms: OmsStatus | None) -> None:
    order = order_to_canonical(wire_order(state))
    assert order.marketplace_status == seed
    assert order.oms_status is oms
    assert seed in FNAC_STATUS_TABLE.marketplace_statuses


@pytest.mark.parametrize("state", ["NotReceived", "Error"])
def test_states_without_a_seed_row_stay_fnacs_word_and_are_unknown(state: str) -> None:
    order = order_to_canonical(wire_order(state))
    assert order.marketplace_status == state
    assert order.oms_status is None
    with pytest.raises(UnknownStatusError):
        oms_status(order.marketplace_status, all_lines_in_stock=True)


def test_every_fnac_state_has_a_decision() -> None:
    assert set(FNAC_STATE_TO_SEED) == set(OrderState)


@given(st.sampled_from([s.value for s in OrderState]), st.booleans())
def test_a_mapped_state_is_always_accepted_by_the_status_rules(state: str, stock: bool) -> None:
    seed = seed_status(state)
    if seed is not None:
        assert isinstance(oms_status(seed, all_lines_in_stock=stock), OmsStatus)
        assert state in {s.value for s in fnac_states([seed])}


def test_status_filters_translate_seed_names_to_fnac_states() -> None:
    assert {s.value for s in fnac_states(["To be Shipped"])} == {"Created", "Accepted", "ToShip"}
    assert {s.value for s in fnac_states(["shipped", "NotReceived"])} == {
        "Shipped",
        "NotReceived",
    }
    with pytest.raises(ValueError, match="Delivered"):
        fnac_states(["Delivered"])


def test_a_partial_cancellation_names_its_lines_and_a_refusal_names_the_seller() -> None:
    partial = order_cancellation(wire_order("Accepted", second_state="Cancelled"))
    assert partial.line_ids == ("2",)
    refused = order_cancellation(wire_order("Refused"))
    assert refused.cancelled_by is not None
    assert refused.cancelled_by.value == "seller"
    assert refused.marketplace_status == "Cancelled"
    later = datetime(2026, 2, 1, tzinfo=UTC)
    assert order_cancellation(wire_order("Cancelled"), not_before=later).cancelled_at == later


def test_updates_out_of_fnacs_ranges_are_rejected_before_sending() -> None:
    stock = stock_updates(
        [StockUpdate(sku="A", quantity=9999), StockUpdate(sku="B", quantity=10_000)]
    )
    assert [offer.offer_reference for offer in stock.to_send()] == ["A"]
    assert stock.rejected[1].reason is not None
    prices = price_updates(
        [
            PriceUpdate(sku="A", price=Money(amount="0.89", currency="EUR")),
            PriceUpdate(sku="B", price=Money(amount="20000", currency="EUR")),
            PriceUpdate(sku="C", price=Money(amount="10", currency="USD")),
        ]
    )
    assert [offer.offer_reference for offer in prices.to_send()] == ["B"]
    assert prices.to_send()[0].price == Decimal("20000.00")
    assert prices.rejected[0].reason is not None
    assert prices.rejected[0].reason.code == "price_out_of_range"
    assert prices.rejected[2].reason is not None
    assert prices.rejected[2].reason.code == "currency_mismatch"


@given(st.lists(st.integers(min_value=0, max_value=20_000), max_size=30))
def test_one_result_per_input_in_order(quantities: list[int]) -> None:
    updates = [StockUpdate(sku=f"S{i}", quantity=q) for i, q in enumerate(quantities)]
    prepared = stock_updates(updates)
    done = BatchStatusResponse(
        status="OK",
        offers=[OfferStatus(offer_seller_id=o.offer_reference) for o in prepared.to_send()],
    )
    results = batch_results(prepared, [done])
    assert [r.key for r in results] == [u.sku for u in updates]
    assert [r.is_ok for r in results] == [q <= 9999 for q in quantities]


def test_batch_results_carry_fnacs_code_and_retry_what_it_did_not_report() -> None:
    prepared = stock_updates([StockUpdate(sku=s, quantity=1) for s in ("A", "B", "C")])
    batch = BatchStatusResponse(
        status="OK",
        offers=[
            OfferStatus(offer_seller_id="A", offer_fnac_id="OF-A"),
            OfferStatus(
                offer_seller_id="B",
                status="ERROR",
                errors=[FnacError(code="ERR_029", message="Offer not found: B")],
            ),
        ],
    )
    a, b, c = batch_results(prepared, [batch])
    assert a.is_ok
    assert a.marketplace_id == "OF-A"
    assert b.outcome is Outcome.REJECTED
    assert b.reason is not None
    assert (b.reason.code, b.reason.message) == ("ERR_029", "Offer not found: B")
    assert c.outcome is Outcome.RETRY_LATER


def test_mirakl_structure_maps_to_categories_and_attributes() -> None:
    tree = [
        Hierarchy(code="BOOKS", label="Livres", level=1),
        Hierarchy(code="NOVELS", label="Romans", level=2, parent_code="BOOKS"),
    ]
    categories = hierarchies_to_categories(tree)
    assert [(c.id, c.name, c.parent_id, c.is_leaf) for c in categories] == [
        ("BOOKS", "Livres", None, False),
        ("NOVELS", "Romans", "BOOKS", True),
    ]
    formats = ValueList(
        code="formats",
        values=[ValueListValue(code="POCHE", label="Poche"), ValueListValue(code="BROCHE")],
    )
    listed = attribute_to_canonical(
        Attribute(code="format", type="LIST_MULTIPLE_VALUES", values_list="formats"),
        {"formats": formats},
        category_id="NOVELS",
    )
    assert listed.allowed_values == ("POCHE", "BROCHE")
    assert listed.multi_valued
    assert not listed.required
    assert listed.category_id == "NOVELS"
    free = attribute_to_canonical(
        Attribute(code="title", type="TEXT", required=True, hierarchy_code="BOOKS"), {}
    )
    assert free.required
    assert free.allowed_values == ()
    assert free.category_id == "BOOKS"
