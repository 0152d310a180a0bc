"""The pure rules of bulk files, for any input: EAN check digits, the price rule, CSV cells."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.bulk import template
from marketplace_sdk.bulk._rows import ean_is_valid, parse_row
from marketplace_sdk.bulk._sheets import read_sheet, write_sheet

cents = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("60000"), places=2)


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_exactly_one_check_digit_makes_an_ean13(body: int) -> None:
    digits = f"{body:012d}"
    valid = [d for d in range(10) if ean_is_valid(digits + str(d))]
    assert len(valid) == 1


@given(price=cents, selling=st.none() | cents)
def test_fnac_rows_follow_the_price_rule(price: Decimal, selling: Decimal | None) -> None:
    cells = {
        "sku": "A",
        "price": str(price),
        "selling_price": "" if selling is None else str(selling),
    }
    row, errors = parse_row(template("fnac", "update"), 2, cells)
    expected_ok = (selling is None or selling <= price) and Decimal("0.90") <= price <= 20000
    assert (row is not None) is expected_ok
    assert (not errors) is expected_ok
    if row is not None:
        assert row.price is not None
        assert row.price.amount == price
        assert row.price.currency == "EUR"


@given(price=cents, selling=st.none() | cents)
def test_etsy_rows_check_the_price_etsy_is_sent(price: Decimal, selling: Decimal | None) -> None:
    cells = {
        "sku": "A",
        "title": "T",
        "price": str(price),
        "selling_price": "" if selling is None else str(selling),
        "currency": "USD",
        "stock": "1",
    }
    row, errors = parse_row(template("etsy", "create"), 2, cells)
    sent = price if selling is None else selling
    expected_ok = (selling is None or selling <= price) and Decimal("0.20") <= sent <= 50000
    assert (row is not None) is expected_ok
    if not expected_ok:
        assert [error.column for error in errors] in (["price"], ["selling_price"])


@given(st.integers(min_value=-5, max_value=20_000))
def test_stock_is_a_whole_number_within_the_marketplaces_range(stock: int) -> None:
    for marketplace, maximum in (("etsy", 999), ("fnac", 9999)):
        row, errors = parse_row(
            template(marketplace, "update"), 2, {"sku": "A", "stock": str(stock)}
        )
        assert (row is not None) is (0 <= stock <= maximum)
        assert (not errors) is (row is not None)
        if row is not None:
            assert row.stock == stock


text_cells = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    max_size=12,
)


@given(st.lists(st.lists(text_cells, min_size=3, max_size=3), max_size=6))
def test_csv_cells_read_back_as_written(rows: list[list[str]]) -> None:
    path = Path(tempfile.mkdtemp()) / "cells.csv"
    write_sheet(path, ["a", "b", "c"], rows)
    sheet = read_sheet(path)
    assert sheet.header == ("a", "b", "c")
    assert [cells for _, cells in sheet.rows] == [tuple(c.strip() for c in row) for row in rows]
    assert [line for line, _ in sheet.rows] == list(range(2, len(rows) + 2))
