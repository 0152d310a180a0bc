"""Canonical records: Money, JSON round trips, raw payloads, masking, batch results."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Cancellation,
    Category,
    CategoryAttribute,
    Order,
    OrderLine,
    OrderTotals,
    PriceUpdate,
    Product,
    ProductDraft,
    Shipment,
    StockUpdate,
    Variant,
)
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import BatchResult, ItemResult, Outcome
from marketplace_sdk.core._status import OmsStatus

currencies = st.sampled_from(["EUR", "USD", "JPY", "GBP"])
decimals = st.decimals(allow_nan=False, allow_infinity=False)


def eur(amount: str) -> Money:
    return Money(amount=amount, currency="EUR")


def make_order(**overrides: object) -> Order:
    fields: dict[str, object] = {
        "order_id": "1001",
        "created_at": datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
        "updated_at": datetime(2026, 1, 5, 10, 0, tzinfo=UTC),
        "marketplace_status": "New",
        "oms_status": OmsStatus.NEW,
        "lines": [
            OrderLine(line_id="1", sku="MUG-01", quantity=2, unit_price=eur("9.90"), raw={"x": 1})
        ],
        "buyer": Buyer(name="Jeanne Dupont", email="jeanne.dupont@example.com", phone="0612345678"),
        "shipping_address": Address(
            name="Jeanne Dupont",
            line1="12 rue des Lilas",
            line2="Bâtiment B",
            city="Lyon",
            postal_code="69003",
            country_code="FR",
            phone="+33 6 12 34 56 78",
        ),
        "totals": OrderTotals(items=eur("19.80"), shipping=eur("4.90"), total=eur("24.70")),
        "raw": {"order_id": 1001, "client_firstname": "Jeanne"},
    }
    fields.update(overrides)
    return Order.model_validate(fields)


# Money


@given(decimals, currencies)
def test_money_round_trips_through_json_exactly(amount: Decimal, currency: str) -> None:
    money = Money(amount=amount, currency=currency)
    back = Money.model_validate_json(money.model_dump_json())
    assert back == money
    assert str(back.amount) == str(money.amount)  # same digits, same exponent
    assert type(back.amount) is Decimal


@given(st.floats(allow_nan=False))
def test_money_refuses_floats(value: float) -> None:
    with pytest.raises(ValidationError, match="must not be floats"):
        Money(amount=value, currency="EUR")


def test_money_refuses_a_float_in_json() -> None:
    with pytest.raises(ValidationError, match="must not be floats"):
        Money.model_validate_json('{"amount": 12.5, "currency": "EUR"}')


@pytest.mark.parametrize("amount", ["NaN", "Infinity", "abc", "", True])
def test_money_refuses_what_is_not_a_finite_amount(amount: object) -> None:
    with pytest.raises(ValidationError):
        Money(amount=amount, currency="EUR")


@pytest.mark.parametrize("currency", ["eur", "EURO", "E1R", ""])
def test_money_needs_an_iso_currency_code(currency: str) -> None:
    with pytest.raises(ValidationError, match="ISO 4217"):
        Money(amount="1", currency=currency)


def test_money_accepts_str_int_and_decimal() -> None:
    assert Money(amount="1.50", currency="EUR").amount == Decimal("1.50")
    assert Money(amount=3, currency="EUR").amount == Decimal(3)
    assert Money(amount=Decimal("0.1"), currency="EUR").amount == Decimal("0.1")


def test_money_serializes_the_amount_as_text() -> None:
    assert json.loads(eur("0.10").model_dump_json()) == {"amount": "0.10", "currency": "EUR"}


def test_money_arithmetic_keeps_one_currency() -> None:
    assert eur("1.10") + eur("2.20") == eur("3.30")
    assert eur("2.50") * 3 == eur("7.50")
    with pytest.raises(ValueError, match="cannot combine EUR and USD"):
        _ = eur("1") + Money(amount="1", currency="USD")


def test_money_is_frozen() -> None:
    with pytest.raises(ValidationError):
        eur("1").amount = Decimal(2)  # type: ignore[misc]


# Records


def test_order_round_trips_through_json() -> None:
    order = make_order()
    back = Order.model_validate_json(order.model_dump_json())
    assert back == order
    assert back.model_dump_json() == order.model_dump_json()
    assert back.raw is None  # the payload stays with the record it came with


def test_raw_is_reachable_but_not_in_repr_equality_or_json() -> None:
    order = make_order()
    assert order.raw == {"order_id": 1001, "client_firstname": "Jeanne"}
    assert order.lines[0].raw == {"x": 1}
    assert "client_firstname" not in repr(order)
    assert "raw" not in json.loads(order.model_dump_json())
    assert make_order(raw={"other": "payload"}) == order
    assert hash(make_order(raw={"other": "payload"})) == hash(order)


def test_buyer_personal_data_is_masked_in_repr_and_str() -> None:
    order = make_order()
    for text in (repr(order), str(order), repr(order.buyer), repr(order.shipping_address)):
        for secret in ("Jeanne", "Dupont", "jeanne.dupont", "rue des Lilas", "Bâtiment", "69003"):
            assert secret not in text
        assert "12 34 56" not in text
    assert "J*** D***" in repr(order.buyer)
    assert "j***@e***.com" in repr(order.buyer)
    assert "Lyon" in repr(order.shipping_address)  # where it goes, for support
    assert "69***" in repr(order.shipping_address)
    assert order.buyer is not None
    assert order.buyer.name == "Jeanne Dupont"  # the value itself is whole


def test_datetimes_are_utc_and_naive_ones_refused() -> None:
    paris = timezone(timedelta(hours=1))
    order = make_order(created_at=datetime(2026, 1, 5, 10, 30, tzinfo=paris))
    assert order.created_at == datetime(2026, 1, 5, 9, 30, tzinfo=UTC)
    assert order.created_at.tzinfo is UTC
    with pytest.raises(ValidationError):
        make_order(updated_at=datetime(2026, 1, 5, 10, 0))


def test_order_totals_in_one_currency() -> None:
    with pytest.raises(ValidationError, match="mix currencies"):
        OrderTotals(shipping=Money(amount="1", currency="USD"), total=eur("10"))


def test_order_line_total_and_quantity() -> None:
    line = OrderLine(line_id="1", sku=None, quantity=3, unit_price=eur("1.10"))
    assert line.line_total == eur("3.30")
    with pytest.raises(ValidationError):
        OrderLine(line_id="1", sku="A", quantity=0, unit_price=eur("1"))


@pytest.mark.parametrize("sku", ["", "   "])
def test_skus_are_never_empty(sku: str) -> None:
    with pytest.raises(ValidationError):
        StockUpdate(sku=sku, quantity=1)


def test_stock_is_never_negative() -> None:
    with pytest.raises(ValidationError):
        StockUpdate(sku="A", quantity=-1)


def test_price_update_in_one_currency() -> None:
    with pytest.raises(ValidationError, match="same currency"):
        PriceUpdate(sku="A", price=eur("10"), selling_price=Money(amount="9", currency="USD"))


def test_records_refuse_unknown_fields() -> None:
    with pytest.raises(ValidationError):
        StockUpdate.model_validate({"sku": "A", "quantity": 1, "warehouse": "x"})


@pytest.mark.parametrize(
    "record",
    [
        Category(id="1", name="Home", parent_id=None, is_leaf=False),
        CategoryAttribute(id="2", name="Color", required=True, allowed_values=("Red", "Blue")),
        Product(
            sku="TEE",
            title="T-shirt",
            price=eur("15"),
            stock=4,
            image_urls=("https://img.example/1.jpg",),
            marketplace_id="123",
            marketplace_ids={"product_id": "9"},
            variants=(Variant(sku="TEE-M", attributes={"Size": "M"}, price=eur("15"), stock=4),),
            updated_at=datetime(2026, 1, 1, tzinfo=UTC),
        ),
        ProductDraft(sku="MUG", title="Mug", price=eur("9.90"), stock=3, image_urls=("a",)),
        StockUpdate(sku="MUG", quantity=0),
        PriceUpdate(sku="MUG", price=eur("12"), selling_price=eur("9.90")),
        Shipment(
            carrier="Colissimo",
            tracking_number="6A123",
            tracking_url="https://track.example/6A123",
            shipped_at=datetime(2026, 1, 6, tzinfo=UTC),
            line_ids=("1",),
        ),
        Cancellation(
            order_id="1001",
            cancelled_at=datetime(2026, 1, 6, tzinfo=UTC),
            marketplace_status="Cancelled",
            cancelled_by="buyer",
            reason="changed mind",
        ),
        ItemResult.retry_later("A", message="busy", code="429", retry_after=2),
    ],
    ids=lambda record: type(record).__name__,
)
def test_every_record_round_trips_through_json(record: object) -> None:
    cls = type(record)
    assert hasattr(cls, "model_validate_json")
    dumped = record.model_dump_json()  # type: ignore[attr-defined]
    back = cls.model_validate_json(dumped)
    assert back == record
    assert back.model_dump_json() == dumped
    assert hash(back) == hash(record)


def test_group_products() -> None:
    single = Product(sku="A", title="A", marketplace_id="1")
    group = single.model_copy(update={"variants": (Variant(sku="A-1"),)})
    assert not single.is_group
    assert group.is_group


# Batch results


def test_item_results_need_a_reason_unless_ok() -> None:
    with pytest.raises(ValidationError, match="needs the marketplace's reason"):
        ItemResult(key="A", outcome=Outcome.REJECTED)
    with pytest.raises(ValidationError, match="retry_after only"):
        ItemResult.model_validate(
            {"key": "A", "outcome": "rejected", "reason": {"message": "x"}, "retry_after": 1}
        )


def test_batch_result_views_keep_the_order_sent() -> None:
    batch = BatchResult(
        iter(
            [
                ItemResult.ok("A", marketplace_id="1"),
                ItemResult.rejected("B", code="E1", message="bad price"),
                ItemResult.ok("C"),
                ItemResult.retry_later("D", message="rate limited", retry_after=3),
            ]
        )
    )
    assert batch.keys() == ("A", "B", "C", "D")
    assert [r.key for r in batch.ok] == ["A", "C"]
    assert [r.key for r in batch.rejected] == ["B"]
    assert [r.key for r in batch.retry_later] == ["D"]
    assert batch[1].reason is not None
    assert str(batch[1].reason) == "E1: bad price"
    assert [r.key for r in batch[1:3]] == ["B", "C"]
    assert not batch.all_ok
    assert BatchResult().all_ok
    assert len(batch) == 4


def test_item_result_raw_is_kept_out_of_repr() -> None:
    result = ItemResult.rejected("A", message="bad", raw={"token": "x", "error": "E"})
    assert result.raw == {"token": "x", "error": "E"}
    assert "token" not in repr(result)
