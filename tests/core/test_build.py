"""`build(Model, **fields)` makes exactly the record `Model(**fields)` makes, or the same error."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Order,
    OrderLine,
    OrderShipment,
    OrderTotals,
    Refund,
)
from marketplace_sdk.core._models.build import build
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._status import OmsStatus

CURRENCIES = st.sampled_from(["EUR", "USD", "JPY", "eur", "EURO", "", "E1R", "ÉUR"])
AMOUNTS = st.one_of(
    st.decimals(allow_nan=True, allow_infinity=True, places=None),
    st.decimals(min_value=-(10**6), max_value=10**6, places=2),
    st.integers(-1000, 1000),
    st.sampled_from(["1.50", " 2 ", "x", 1.5, True, None]),
)
TEXT = st.one_of(st.none(), st.text(max_size=6), st.sampled_from([" A ", "A", "", " ", "\x1c"]))
WHEN = st.one_of(
    st.datetimes(timezones=st.just(UTC)),
    st.datetimes(min_value=datetime(2000, 1, 2), timezones=st.just(timezone(timedelta(hours=2)))),
    st.datetimes(),  # naive: refused
    st.none(),
)


def same(model: type[Any], **fields: Any) -> None:
    """`build` gives what the constructor gives: the same record, or the same refusal."""
    try:
        expected = model(**fields)
    except ValidationError as error:
        refused = str(error)
    else:
        refused = None
    if refused is not None:
        with pytest.raises(ValidationError) as caught:
            build(model, **fields)
        assert str(caught.value) == refused
        return
    got = build(model, **fields)
    assert type(got) is model
    assert list(got.__dict__) == list(expected.__dict__)
    assert got.__dict__ == expected.__dict__
    assert got.model_fields_set == expected.model_fields_set
    assert repr(got) == repr(expected)
    assert got.model_dump_json() == expected.model_dump_json()
    assert got == expected
    assert hash(got) == hash(expected)


def money(draw: st.DrawFn, currency: str = "EUR") -> Money:
    amount = draw(st.decimals(min_value=-1000, max_value=1000, places=2))
    return Money(amount=amount, currency=currency)


@given(AMOUNTS, CURRENCIES)
@settings(max_examples=400)
def test_money_is_built_as_the_constructor_builds_it(amount: Any, currency: str) -> None:
    same(Money, amount=amount, currency=currency)


@st.composite
def lines(draw: st.DrawFn) -> dict[str, Any]:
    return {
        "line_id": draw(st.one_of(st.sampled_from(["1", "2", ""]), st.integers(1, 3))),
        "sku": draw(TEXT),
        "quantity": draw(st.one_of(st.integers(-1, 3), st.just(True), st.just("2"))),
        "unit_price": money(draw),
        "title": draw(TEXT),
        "marketplace_status": draw(TEXT),
        "raw": draw(st.one_of(st.none(), st.just({"x": [1]}))),
    }


@given(lines())
@settings(max_examples=300)
def test_order_lines_are_built_as_the_constructor_builds_them(fields: dict[str, Any]) -> None:
    same(OrderLine, **fields)


@st.composite
def totals(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(st.sampled_from(["EUR", "USD"]))
    parts: dict[str, Money | None] = {
        name: money(draw, currency) if draw(st.booleans()) else None
        for name in ("items", "shipping", "tax", "discount")
    }
    if draw(st.booleans()) and parts["items"] is not None:
        amount = sum(
            (m.amount for k, m in parts.items() if m is not None and k != "discount"), Decimal(0)
        )
        discount = parts["discount"]
        if discount is not None:
            amount -= discount.amount
        parts["total"] = Money(amount=amount, currency=currency)
    else:
        parts["total"] = money(draw, draw(st.sampled_from(["EUR", currency])))
    if draw(st.booleans()):
        parts["tax"] = Money(amount=Decimal("1E+70"), currency=currency)  # past 60 digits
    return {
        name: value for name, value in parts.items() if value is not None or draw(st.booleans())
    }


@given(totals())
@settings(max_examples=400)
def test_totals_are_built_as_the_constructor_builds_them(fields: dict[str, Any]) -> None:
    same(OrderTotals, **fields)


@given(TEXT, TEXT, TEXT, st.one_of(st.none(), st.sampled_from(["FR", "fr", "FRA", "XK", "UK", ""])))
def test_addresses_and_buyers_are_built_as_the_constructors_build_them(
    name: str | None, line1: str | None, phone: str | None, country: str | None
) -> None:
    same(Address, name=name, line1=line1, phone=phone, country_code=country)
    same(Buyer, name=name, email=line1, phone=phone)


@given(WHEN, TEXT, st.lists(st.sampled_from(["1", "2", 3]), max_size=3), TEXT)
def test_shipments_and_refunds_are_built_as_the_constructors_build_them(
    when: datetime | None, text: str | None, line_ids: list[Any], status: str | None
) -> None:
    same(
        OrderShipment,
        carrier=text,
        tracking_number=status,
        shipped_at=when,
        line_ids=tuple(line_ids),
        raw={"a": 1},
    )
    same(
        Refund,
        amount=Money(amount="5", currency="EUR"),
        refunded_at=when,
        reason=text,
        line_ids=tuple(line_ids),
        status=status,
    )


@st.composite
def orders(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(st.sampled_from(["EUR", "USD"]))
    ids = draw(st.lists(st.sampled_from(["1", "2", "3"]), max_size=3))
    order_lines = tuple(
        OrderLine(line_id=i, sku="A", quantity=1, unit_price=Money(amount=1, currency=currency))
        for i in ids
    )
    refund_currency = draw(st.sampled_from([currency, "GBP"]))
    refunds = tuple(
        Refund(amount=Money(amount=1, currency=refund_currency))
        for _ in range(draw(st.integers(0, 2)))
    )
    fields: dict[str, Any] = {
        "order_id": draw(st.sampled_from(["1001", 1001])),
        "created_at": draw(WHEN),
        "updated_at": draw(WHEN),
        "marketplace_status": draw(st.sampled_from(["New", None])),
        "oms_status": draw(st.sampled_from([None, OmsStatus.COMPLETE, "Complete", "bogus"])),
        "lines": draw(st.sampled_from([order_lines, list(order_lines)])),
        "buyer": draw(st.sampled_from([None, Buyer(name="A"), {"name": "A"}])),
        "totals": OrderTotals(total=Money(amount=len(ids), currency=currency)),
        "refunds": refunds,
        "paid": draw(st.sampled_from([None, True, "yes"])),
        "raw": {"order_id": 1001},
    }
    if draw(st.booleans()):
        fields["shipments"] = (OrderShipment(carrier="UPS"),)
    return fields


@given(orders())
@settings(max_examples=400)
def test_orders_are_built_as_the_constructor_builds_them(fields: dict[str, Any]) -> None:
    same(Order, **fields)


def test_a_record_left_without_a_required_field_is_refused_as_by_the_constructor() -> None:
    same(Money, amount=Decimal(1))
    same(OrderLine, line_id="1", quantity=1)


def test_records_built_alike_share_nothing_a_copy_can_change() -> None:
    first = build(Buyer, name="Ann")
    second = build(Buyer, name="Bob")
    changed = first.model_copy(update={"email": "ann@example.com"})
    assert changed.model_fields_set == {"name", "email"}
    assert first.model_fields_set == second.model_fields_set == {"name"}
    assert Buyer(name="Ann").model_copy(update={"email": "a@b.c"}) == changed.model_copy(
        update={"email": "a@b.c"}
    )
