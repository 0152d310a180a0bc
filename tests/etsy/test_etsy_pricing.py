"""Etsy's price mapping: selling price when not null, else price; range; amount/divisor."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import CurrencyMismatch, PriceOutOfRange
from marketplace_sdk.etsy import EtsyMoney, from_etsy_money, resolve_price, to_etsy_money


def usd(amount: str) -> Money:
    return Money(amount=amount, currency="USD")


@pytest.mark.parametrize(
    ("price", "selling_price", "expected"),
    [
        (usd("25.00"), usd("19.99"), usd("19.99")),  # selling price not null: sent
        (usd("25.00"), None, usd("25.00")),  # selling price null: price sent
        (usd("25"), usd("30"), usd("30.00")),  # even when higher than the price
        (usd("9.999"), None, usd("10.00")),  # rounded half up to cents
    ],
)
def test_price_mapping(price: Money, selling_price: Money | None, expected: Money) -> None:
    resolved = resolve_price(price, selling_price)
    assert resolved == expected
    assert str(resolved.amount) == str(expected.amount)


@pytest.mark.parametrize(
    ("price", "selling_price"),
    [
        (usd("10"), usd("0")),  # a zero selling price is not null: used, then refused
        (usd("0.19"), None),
        (usd("50000.01"), None),
        (usd("60000"), usd("50000.005")),
    ],
)
def test_prices_outside_etsys_range_are_refused(price: Money, selling_price: Money | None) -> None:
    with pytest.raises(PriceOutOfRange) as caught:
        resolve_price(price, selling_price)
    assert caught.value.marketplace == "Etsy"


@pytest.mark.parametrize("amount", ["0.20", "50000", "50000.00"])
def test_range_ends_are_accepted(amount: str) -> None:
    assert resolve_price(usd(amount), None).amount == Decimal(amount)


def test_prices_in_two_currencies_are_refused() -> None:
    with pytest.raises(CurrencyMismatch):
        resolve_price(usd("10"), Money(amount="9", currency="EUR"))


prices = st.decimals(min_value=Decimal("0.20"), max_value=Decimal("50000"), places=2)


@given(prices, st.one_of(st.none(), prices))
def test_resolved_prices_are_never_floats(price: Decimal, selling: Decimal | None) -> None:
    resolved = resolve_price(usd(str(price)), usd(str(selling)) if selling is not None else None)
    assert type(resolved.amount) is Decimal
    assert resolved.amount == (selling if selling is not None else price)
    etsy = to_etsy_money(resolved)
    assert isinstance(etsy.amount, int)
    assert from_etsy_money(etsy) == resolved


@pytest.mark.parametrize(
    ("money", "amount", "divisor"),
    [
        (usd("19.99"), 1999, 100),
        (usd("0.2"), 20, 100),
        (Money(amount="1500", currency="JPY"), 1500, 1),
        (Money(amount="12.345", currency="EUR"), 1235, 100),
    ],
)
def test_etsy_money_form(money: Money, amount: int, divisor: int) -> None:
    assert to_etsy_money(money) == EtsyMoney(
        amount=amount, divisor=divisor, currency_code=money.currency
    )


def test_etsy_money_fits_the_published_schema(shared_specs: Path) -> None:
    spec = json.loads((shared_specs / "etsy" / "openapi-v3.json").read_text("utf-8"))
    schema = spec["components"]["schemas"]["Money"]["properties"]
    dumped = to_etsy_money(usd("12.50")).model_dump()
    assert set(dumped) == set(schema)
    assert isinstance(dumped["amount"], int)
    assert isinstance(dumped["divisor"], int)
    assert dumped["divisor"] >= schema["divisor"]["minimum"]
    assert isinstance(dumped["currency_code"], str)


def test_money_read_from_etsy_is_exact() -> None:
    read = from_etsy_money(EtsyMoney(amount=2200, divisor=100, currency_code="eur"))
    assert read == Money(amount="22.00", currency="EUR")
    assert str(read.amount) == "22.00"
