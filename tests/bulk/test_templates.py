"""Templates: written per marketplace and mode, filled like a seller would, read back."""

from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from openpyxl.utils import get_column_letter
from tests.bulk.bulkfiles import MARKETPLACES

from marketplace_sdk.bulk import columns_markdown, read_bulk_file, template, write_template
from marketplace_sdk.core._bulk_layout import EXAMPLE_SKU_PREFIX, MODES
from marketplace_sdk.core._money import Money


def fill_csv(path: Path, rows: list[dict[str, str]]) -> None:
    """Replace a CSV template's example rows with `rows`, keeping its header."""
    with path.open(encoding="utf-8") as handle:
        header = next(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)


def fill_xlsx(path: Path, rows: list[dict[str, object]]) -> None:
    """Add `rows` under an Excel template's header, the way a spreadsheet stores them."""
    book = openpyxl.load_workbook(path)
    sheet = book["Products"]
    header = [cell.value for cell in sheet[1]]
    for row in rows:
        sheet.append([row.get(str(name), None) for name in header])
    book.save(path)


ETSY_ROWS = [
    {
        "sku": "MUG-01",
        "title": "Ceramic mug",
        "category_id": "1207",
        "price": "18.00",
        "selling_price": "15.50",
        "currency": "USD",
        "stock": "5",
        "image_urls": "https://img.example/mug.jpg | https://img.example/mug-2.jpg",
    },
    *(
        {
            "sku": f"TEE-{size}",
            "parent_sku": "TEE",
            "title": "Cotton tee",
            "category_id": "1207",
            "price": price,
            "currency": "USD",
            "stock": stock,
            "variation_1_name": "Size",
            "variation_1_value": size,
        }
        for size, price, stock in (("S", "20.00", "2"), ("M", "22.00", "0"), ("L", "22.00", "4"))
    ),
]

FNAC_ROWS = [
    {
        "sku": "PEN-1",
        "ean": "4006381333931",
        "title": "Fineliner",
        "price": "3.5",
        "stock": "40",
        "attribute:colour": "Black",
    },
    {
        "sku": "BOOK-1",
        "ean": "9781234567897",
        "title": "A novel",
        "category_id": "BOOKS-NOVELS",
        "price": "12.00",
        "selling_price": "9.90",
        "currency": "EUR",
        "stock": "0",
    },
]


@pytest.mark.parametrize("marketplace", MARKETPLACES)
@pytest.mark.parametrize("mode", MODES)
def test_the_csv_template_has_the_columns_and_an_example_the_reader_refuses(
    tmp_path: Path, marketplace: str, mode: str
) -> None:
    path = write_template(marketplace, tmp_path / "t.csv", mode=mode)
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == template(marketplace, mode).names
    assert len(rows) > 1
    assert all(row[0].startswith(EXAMPLE_SKU_PREFIX) for row in rows[1:])

    bulk = read_bulk_file(path, marketplace, mode=mode)
    # The example rows are otherwise valid: only the example SKU is refused.
    assert {(error.column, error.line) for error in bulk.errors} == {
        ("sku", line) for line in range(2, len(rows) + 1)
    }
    assert all("example row" in error.reason for error in bulk.errors)


@pytest.mark.parametrize("marketplace", MARKETPLACES)
@pytest.mark.parametrize("mode", MODES)
def test_the_excel_template_has_a_header_and_a_notes_sheet(
    tmp_path: Path, marketplace: str, mode: str
) -> None:
    path = write_template(marketplace, tmp_path / "t.xlsx", mode=mode)
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["Products", "Notes"]
    header = tuple(cell.value for cell in book["Products"][1])
    assert header == template(marketplace, mode).names
    assert book["Products"].max_row == 1
    notes = {row[0]: row for row in book["Notes"].iter_rows(values_only=True) if row[0]}
    for column in template(marketplace, mode).columns:
        _name, required, kind, allowed, description, _example = notes[column.name]
        assert required == column.required.value
        assert kind
        assert description
        if column.allowed:
            assert str(allowed).startswith(column.allowed[0])
    drop_downs = {
        str(rule.sqref).split(":")[0]: rule.formula1
        for rule in book["Products"].data_validations.dataValidation
    }
    expected = {
        f"{get_column_letter(index)}2": '"' + ",".join(column.allowed) + '"'
        for index, column in enumerate(template(marketplace, mode).columns, start=1)
        if column.allowed
    }
    assert drop_downs == expected
    assert expected  # currency is a choice in every template
    empty = read_bulk_file(path, marketplace, mode=mode)
    assert empty.row_count == 0
    assert empty.is_valid


def test_etsy_csv_round_trip_groups_variations_into_one_listing(tmp_path: Path) -> None:
    path = write_template("etsy", tmp_path / "etsy.csv")
    fill_csv(path, ETSY_ROWS)

    bulk = read_bulk_file(path, "etsy")

    assert bulk.errors == ()
    assert bulk.format == "csv"
    assert [listing.lines for listing in bulk.listings] == [(2,), (3, 4, 5)]
    mug, tee = (listing.draft for listing in bulk.listings)
    assert mug.price == Money(amount="18.00", currency="USD")
    assert mug.selling_price == Money(amount="15.50", currency="USD")
    assert mug.image_urls == ("https://img.example/mug.jpg", "https://img.example/mug-2.jpg")
    assert tee.sku == "TEE"
    assert [v.sku for v in tee.variants] == ["TEE-S", "TEE-M", "TEE-L"]
    assert [v.attributes for v in tee.variants] == [{"Size": s} for s in "SML"]
    assert [v.stock for v in tee.variants] == [2, 0, 4]
    assert tee.stock == 6
    assert tee.price.amount == Decimal("20.00")


def test_etsy_xlsx_round_trip_reads_numbers_excel_stores(tmp_path: Path) -> None:
    path = write_template("etsy", tmp_path / "etsy.xlsx")
    rows: list[dict[str, object]] = [dict(row) for row in ETSY_ROWS]
    rows[0] |= {"price": 18, "selling_price": 15.5, "stock": 5, "category_id": 1207}
    rows[1] |= {"price": 20.0, "stock": 2.0}
    fill_xlsx(path, rows)

    bulk = read_bulk_file(path, "etsy")

    assert bulk.errors == ()
    assert bulk.format == "xlsx"
    mug = bulk.listings[0].draft
    assert mug.price.amount == Decimal("18")
    assert mug.selling_price == Money(amount="15.5", currency="USD")
    assert mug.stock == 5
    assert mug.category_id == "1207"
    assert bulk.listings[1].draft.variants[0].stock == 2


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_fnac_round_trip_keeps_the_ean_and_attributes(tmp_path: Path, suffix: str) -> None:
    path = write_template("fnac", tmp_path / f"fnac.{suffix}")
    rows = [dict(row) for row in FNAC_ROWS]
    if suffix == "csv":
        fill_csv(path, [])
        header = [*template("fnac").names, "attribute:colour"]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=header)
            writer.writeheader()
            writer.writerows(rows)
    else:
        book = openpyxl.load_workbook(path)
        width = len(template("fnac").names)
        book["Products"].cell(row=1, column=width + 1, value="attribute:colour")
        book.save(path)
        fill_xlsx(path, [dict(row) for row in rows])

    bulk = read_bulk_file(path, "fnac")

    assert bulk.errors == ()
    pen, book_draft = (listing.draft for listing in bulk.listings)
    assert pen.attributes == {"ean": "4006381333931", "colour": "Black"}
    assert pen.price == Money(amount="3.5", currency="EUR")
    assert book_draft.category_id == "BOOKS-NOVELS"
    assert book_draft.stock == 0
    assert book_draft.selling_price == Money(amount="9.90", currency="EUR")


def test_update_round_trip(tmp_path: Path) -> None:
    path = write_template("etsy", tmp_path / "u.csv", mode="update")
    fill_csv(
        path,
        [
            {"sku": "A", "price": "10", "selling_price": "8", "currency": "usd"},
            {"sku": "B", "stock": "0"},
            {"sku": "C", "active": "No"},
        ],
    )
    bulk = read_bulk_file(path, "etsy", mode="update")
    assert bulk.errors == ()
    a, b, c = bulk.updates
    assert a.price is not None
    assert a.price.selling_price == Money(amount="8", currency="USD")
    assert a.changes == ("price",)
    assert b.stock is not None
    assert b.stock.quantity == 0
    assert c.active is False


@pytest.mark.parametrize("marketplace", MARKETPLACES)
def test_columns_markdown_lists_every_column(marketplace: str) -> None:
    table = columns_markdown(marketplace)
    for name in template(marketplace).names:
        assert f"| `{name}` |" in table
