"""Rounding, bounds and the amount/divisor form, shared by both marketplaces."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._errors import InvalidRequestError
from marketplace_sdk.core._money import CURRENCY_MINOR_UNITS, Money
from marketplace_sdk.core._pricing import (
    CurrencyMismatch,
    PriceBounds,
    PriceOutOfRange,
    from_amount_divisor,
    round_to_minor_unit,
    to_amount_divisor,
)

currencies = st.sampled_from(sorted(CURRENCY_MINOR_UNITS))
amounts = st.decimals(min_value=-(10**9), max_value=10**9, allow_nan=False, places=6)


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        ("9.995", "EUR", "10.00"),
        ("10.125", "EUR", "10.13"),  # half up, not half even
        ("10.124", "EUR", "10.12"),
        ("3", "USD", "3.00"),
        ("1234.5", "JPY", "1235"),
        ("1.0005", "KWD", "1.001"),
        ("-2.345", "EUR", "-2.35"),  # half away from zero
    ],
)
def test_rounding_is_half_up_to_the_minor_unit(amount: str, currency: str, expected: str) -> None:
    rounded = round_to_minor_unit(Money(amount=amount, currency=currency))
    assert str(rounded.amount) == expected
    assert rounded.currency == currency


@given(amounts, currencies)
def test_rounding_stays_decimal_and_is_idempotent(amount: Decimal, currency: str) -> None:
    once = round_to_minor_unit(Money(amount=amount, currency=currency))
    assert type(once.amount) is Decimal
    assert round_to_minor_unit(once) == once
    assert abs(once.amount - amount) <= Decimal("0.5").scaleb(-CURRENCY_MINOR_UNITS[currency])


@given(amounts, currencies)
def test_amount_divisor_round_trips(amount: Decimal, currency: str) -> None:
    rounded = round_to_minor_unit(Money(amount=amount, currency=currency))
    form = to_amount_divisor(rounded)
    assert isinstance(form.amount, int)
    assert form.divisor == 10 ** CURRENCY_MINOR_UNITS[currency]
    back = from_amount_divisor(form.amount, form.divisor, form.currency_code)
    assert back == rounded
    assert str(back.amount) == str(rounded.amount)


def test_amount_divisor_with_a_divisor_that_is_not_a_power_of_ten() -> None:
    assert from_amount_divisor(5, 4, "USD").amount == Decimal("1.25")
    with pytest.raises(ValueError, match="not an exact"):
        from_amount_divisor(1, 3, "USD")


@pytest.mark.parametrize("divisor", [0, -100])
def test_amount_divisor_refuses_a_non_positive_divisor(divisor: int) -> None:
    with pytest.raises(ValueError, match="positive"):
        from_amount_divisor(100, divisor, "USD")


def test_amount_divisor_refuses_a_float_amount() -> None:
    with pytest.raises(TypeError):
        from_amount_divisor(12.5, 100, "USD")  # type: ignore[arg-type]


BOUNDS = PriceBounds(Decimal("0.90"), Decimal("20000"), marketplace="Shop", currency="EUR")


@pytest.mark.parametrize("amount", ["0.90", "0.895", "20000", "20000.004", "15"])
def test_prices_inside_the_bounds_pass_rounded(amount: str) -> None:
    checked = BOUNDS.check(Money(amount=amount, currency="EUR"))
    assert checked == round_to_minor_unit(Money(amount=amount, currency="EUR"))


@pytest.mark.parametrize("amount", ["0.89", "0.894", "0", "-1", "20000.005", "20000.01"])
def test_prices_outside_the_bounds_raise_a_typed_error(amount: str) -> None:
    with pytest.raises(PriceOutOfRange) as caught:
        BOUNDS.check(Money(amount=amount, currency="EUR"))
    err = caught.value
    assert isinstance(err, InvalidRequestError)
    assert err.minimum == Decimal("0.90")
    assert err.maximum == Decimal("20000")
    assert err.price == round_to_minor_unit(Money(amount=amount, currency="EUR"))
    assert err.marketplace == "Shop"
    assert "outside the accepted range" in str(err)


def test_a_bound_in_one_currency_refuses_another() -> None:
    with pytest.raises(CurrencyMismatch, match="in EUR, not USD"):
        BOUNDS.check(Money(amount="10", currency="USD"))
