"""FNAC's price mapping: always the OMS price, in EUR, within the XSD's 0.90-20,000 range."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import CurrencyMismatch, PriceOutOfRange
from marketplace_sdk.fnac import FNAC_PRICE_BOUNDS, resolve_price


def eur(amount: str) -> Money:
    return Money(amount=amount, currency="EUR")


@pytest.mark.parametrize(
    ("price", "selling_price", "expected"),
    [
        (eur("14.90"), None, eur("14.90")),
        (eur("14.90"), eur("9.90"), eur("14.90")),  # the selling price is never sent
        (eur("14.9"), None, eur("14.90")),
        (eur("0.895"), None, eur("0.90")),
    ],
)
def test_price_mapping(price: Money, selling_price: Money | None, expected: Money) -> None:
    resolved = resolve_price(price, selling_price)
    assert resolved == expected
    assert str(resolved.amount) == str(expected.amount)


@pytest.mark.parametrize("amount", ["0.89", "0.50", "0", "20000.01", "25000"])
def test_prices_outside_the_xsd_range_are_refused(amount: str) -> None:
    with pytest.raises(PriceOutOfRange) as caught:
        resolve_price(eur(amount))
    assert caught.value.marketplace == "FNAC"


@pytest.mark.parametrize(
    ("price", "selling_price"),
    [(Money(amount="10", currency="USD"), None), (eur("10"), Money(amount="9", currency="USD"))],
)
def test_fnac_prices_are_in_euros(price: Money, selling_price: Money | None) -> None:
    with pytest.raises(CurrencyMismatch):
        resolve_price(price, selling_price)


@given(st.decimals(min_value=Decimal("0.90"), max_value=Decimal("20000"), places=2))
def test_resolved_prices_are_never_floats(amount: Decimal) -> None:
    resolved = resolve_price(eur(str(amount)))
    assert type(resolved.amount) is Decimal
    assert resolved.amount == amount


def test_bounds_agree_with_the_xsd(shared_specs: Path) -> None:
    xsd = etree.parse(str(shared_specs / "fnac-legacy" / "xsd" / "common.xsd"))
    ns = {"xs": "http://www.w3.org/2001/XMLSchema"}
    [restriction] = xsd.findall(
        "xs:simpleType[@name='price_090_20000']/xs:restriction", namespaces=ns
    )
    facets = {etree.QName(f).localname: Decimal(str(f.get("value"))) for f in restriction}
    assert facets == {"maxInclusive": Decimal("20000"), "minExclusive": Decimal("0.89")}
    # Prices are sent in cents, so "above 0.89" is "0.90 or more".
    assert FNAC_PRICE_BOUNDS.minimum == facets["minExclusive"] + Decimal("0.01")
    assert FNAC_PRICE_BOUNDS.maximum == facets["maxInclusive"]
