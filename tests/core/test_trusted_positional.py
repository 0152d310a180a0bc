"""`trusted_positional`: the same record as the constructor, from values already valid."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._models import Buyer, OrderLine
from marketplace_sdk.core._models.trusted import trusted_positional
from marketplace_sdk.core._money import Money

_NAMES = ("line_id", "sku", "quantity", "unit_price", "title", "raw")
_line = trusted_positional(OrderLine, _NAMES)


@given(
    st.text(min_size=1, max_size=5),
    st.one_of(st.none(), st.from_regex(r"[A-Z]{1,4}", fullmatch=True)),
    st.integers(1, 10),
    st.decimals(0, 1000, places=2),
    st.one_of(st.none(), st.text(max_size=5)),
    st.one_of(st.none(), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2)),
)
def test_a_positional_record_is_the_constructed_one(
    line_id: str,
    sku: str | None,
    quantity: int,
    amount: Decimal,
    title: str | None,
    raw: dict[str, int] | None,
) -> None:
    price = Money(amount=amount, currency="EUR")
    built = _line(line_id, sku, quantity, price, title, raw)
    made = OrderLine(
        line_id=line_id, sku=sku, quantity=quantity, unit_price=price, title=title, raw=raw
    )
    assert built == made
    assert list(built.__dict__) == list(made.__dict__)  # repr and iteration follow it
    assert built.raw is raw
    assert built.model_fields_set == made.model_fields_set


def test_a_positional_record_takes_exactly_its_values() -> None:
    buyer = trusted_positional(Buyer, ("name", "email"))
    assert buyer("Ann", None) == Buyer(name="Ann")
    with pytest.raises(TypeError):
        buyer("Ann")
    with pytest.raises(TypeError, match="not its fields"):
        trusted_positional(Buyer, ("name", "nickname"))
    with pytest.raises(TypeError, match="not its fields"):
        trusted_positional(Buyer, ("name", "name"))
