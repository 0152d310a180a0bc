"""Reading a filled file: every bad row reported with its line and reason, none missed."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from tests.bulk.bulkfiles import (
    ETSY_HEADER,
    FNAC_HEADER,
    etsy_file_with_bad_rows,
    etsy_rows,
    fnac_file_with_bad_rows,
    fnac_rows,
    write_rows,
)

from marketplace_sdk.bulk import (
    MissingColumnsError,
    UnknownColumnsError,
    UnreadableFileError,
    WrongTemplateError,
    read_bulk_file,
    write_template,
)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_500_etsy_rows_with_20_bad_ones_report_exactly_those_20(
    tmp_path: Path, suffix: str
) -> None:
    rows, bad = etsy_file_with_bad_rows(500, category="2")
    path = write_rows(tmp_path / f"etsy.{suffix}", ETSY_HEADER, rows)

    bulk = read_bulk_file(path, "etsy")

    assert bulk.row_count == 500
    assert bulk.bad_lines == tuple(sorted(bad))
    for error in bulk.errors:
        assert error.column == bad[error.line], str(error)
        assert error.reason
    # Every valid row is either listed or held because another row of its group is bad.
    listed = {line for listing in bulk.listings for line in listing.lines}
    held = {row.line for row in bulk.held}
    assert listed | held | set(bad) == set(range(2, 502))
    assert not listed & held
    assert len(held) == 2 * 4  # four spoiled variation rows, two siblings each
    assert all("of its group are bad" in row.reason for row in bulk.held)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_500_fnac_rows_with_20_bad_ones_report_exactly_those_20(
    tmp_path: Path, suffix: str
) -> None:
    rows, bad = fnac_file_with_bad_rows(500)
    path = write_rows(tmp_path / f"fnac.{suffix}", FNAC_HEADER, rows)

    bulk = read_bulk_file(path, "fnac")

    assert bulk.bad_lines == tuple(sorted(bad))
    assert {error.line: error.column for error in bulk.errors} == bad
    assert len(bulk.listings) == 480
    assert bulk.held == ()


def test_a_row_with_several_problems_gets_each_one(tmp_path: Path) -> None:
    rows = fnac_rows(3)
    rows[1] |= {"title": "", "price": "x", "stock": "-1", "ean": "1"}
    path = write_rows(tmp_path / "f.csv", FNAC_HEADER, rows)
    bulk = read_bulk_file(path, "fnac")
    assert bulk.bad_lines == (3,)
    assert sorted(str(error.column) for error in bulk.errors) == ["ean", "price", "stock", "title"]


def test_reasons_say_what_to_fix(tmp_path: Path) -> None:
    rows = etsy_rows(8, category="2")
    rows[0] |= {"price": "12,50"}
    rows[1] |= {"price": "10", "selling_price": "12"}
    rows[2] |= {"currency": "XYZ"}
    rows[4]["title"] = "Other"  # a group's second row
    path = write_rows(tmp_path / "e.csv", ETSY_HEADER, rows)
    reasons = {error.line: error.reason for error in read_bulk_file(path, "etsy").errors}
    assert reasons[2] == "not a number: '12,50' (use a dot as the decimal separator)"
    assert "selling price 12 USD is above the price 10 USD" in reasons[3]
    assert reasons[4].startswith("unknown value 'XYZ': allowed are")
    assert reasons[6] == (
        "'Other' differs from 'Tee 4' on line 5, the first row of parent 'TEE-0004'"
    )


def test_blank_rows_are_skipped_but_lines_stay_spreadsheet_lines(tmp_path: Path) -> None:
    rows = fnac_rows(3)
    rows.insert(1, {})
    rows[3]["price"] = "abc"
    path = write_rows(tmp_path / "f.csv", FNAC_HEADER, rows)
    bulk = read_bulk_file(path, "fnac")
    assert bulk.row_count == 3
    assert bulk.bad_lines == (5,)
    assert [listing.lines for listing in bulk.listings] == [(2,), (4,)]


def test_blank_rows_before_the_header_count_in_the_csv_lines(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    body = write_rows(tmp_path / "body.csv", FNAC_HEADER, fnac_rows(2)).read_text("utf-8")
    path.write_text("\n\n" + body, encoding="utf-8")
    bulk = read_bulk_file(path, "fnac")
    assert [listing.lines for listing in bulk.listings] == [(4,), (5,)]


def test_blank_rows_before_the_header_count_in_the_excel_lines(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    records = [list(FNAC_HEADER)] + [[row.get(c, "") for c in FNAC_HEADER] for row in fnac_rows(2)]
    for line, cells in enumerate(records, start=3):
        for column, value in enumerate(cells, start=1):
            sheet.cell(row=line, column=column, value=value or None)
    path = tmp_path / "f.xlsx"
    book.save(path)
    bulk = read_bulk_file(path, "fnac")
    assert [listing.lines for listing in bulk.listings] == [(4,), (5,)]


def test_semicolon_csv_and_header_case_are_accepted(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("SKU;EAN;Title;Price;Stock\nPEN-1;4006381333931;Pen;3.50;4\n", encoding="utf-8")
    bulk = read_bulk_file(path, "fnac")
    assert bulk.errors == ()
    assert bulk.listings[0].draft.stock == 4


def test_a_parent_sku_that_is_also_a_row_sku_is_reported(tmp_path: Path) -> None:
    rows = etsy_rows(8, category="2")
    rows[0]["sku"] = rows[3]["parent_sku"]
    path = write_rows(tmp_path / "e.csv", ETSY_HEADER, rows)
    bulk = read_bulk_file(path, "etsy")
    assert bulk.bad_lines == (2,)
    assert "is the parent_sku of line(s) 5, 6, 7" in bulk.errors[0].reason


def test_a_group_whose_stocks_add_up_to_zero_is_reported_on_its_first_row(tmp_path: Path) -> None:
    rows = etsy_rows(6, category="2")
    for row in rows[3:6]:
        row["stock"] = "0"
    path = write_rows(tmp_path / "e.csv", ETSY_HEADER, rows)
    bulk = read_bulk_file(path, "etsy")
    assert bulk.bad_lines == (5,)
    assert "add up to 0" in bulk.errors[0].reason
    assert {row.line for row in bulk.held} == {6, 7}


def test_update_rows_need_something_to_change(tmp_path: Path) -> None:
    path = tmp_path / "u.csv"
    path.write_text("sku,price,selling_price,stock\nA,,,\nB,,5,\nC,,,3\n", encoding="utf-8")
    bulk = read_bulk_file(path, "fnac", mode="update")
    assert [(e.line, e.column) for e in bulk.errors] == [(2, None), (3, "selling_price")]
    assert "nothing to update" in bulk.errors[0].reason
    assert [update.sku for update in bulk.updates] == ["C"]


def test_a_missing_required_column_stops_the_reading(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("sku,title,stock\nA,Pen,3\n", encoding="utf-8")
    with pytest.raises(MissingColumnsError) as caught:
        read_bulk_file(path, "fnac")
    assert caught.value.columns == ("ean", "price")
    assert "ean, price" in str(caught.value)


def test_an_unknown_column_stops_the_reading(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("sku,ean,title,price,stock,colour\n", encoding="utf-8")
    with pytest.raises(UnknownColumnsError, match="colour"):
        read_bulk_file(path, "fnac")


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_another_marketplaces_template_is_named(tmp_path: Path, suffix: str) -> None:
    path = write_template("etsy", tmp_path / f"etsy.{suffix}")
    with pytest.raises(WrongTemplateError) as caught:
        read_bulk_file(path, "fnac")
    assert caught.value.found.startswith("etsy")
    assert "etsy" in str(caught.value)


def test_a_create_template_read_as_an_update_is_named(tmp_path: Path) -> None:
    path = write_template("fnac", tmp_path / "fnac.csv")
    with pytest.raises(WrongTemplateError, match="fnac create template"):
        read_bulk_file(path, "fnac", mode="update")


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("missing.csv", None, "no file"),
        ("empty.csv", b"", "empty"),
        ("latin.csv", "sku,prix\nA,\xe9\n".encode("latin-1"), "UTF-8"),
        ("broken.xlsx", b"not a zip", "not an Excel workbook"),
        ("old.xls", b"\xd0\xcf", ".xls workbooks are not read"),
    ],
)
def test_unreadable_files_say_why(
    tmp_path: Path, name: str, content: bytes | None, match: str
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(UnreadableFileError, match=match):
        read_bulk_file(path, "fnac")


def test_an_excel_template_is_known_by_its_tag_even_when_the_columns_would_fit(
    tmp_path: Path,
) -> None:
    # FNAC's update columns are all in Etsy's update template: only the workbook's tag tells.
    path = write_template("fnac", tmp_path / "fnac-update.xlsx", mode="update")
    with pytest.raises(WrongTemplateError, match="made from the fnac update template"):
        read_bulk_file(path, "etsy", mode="update")


def test_excel_cells_typed_as_numbers_or_booleans_are_read_as_text(tmp_path: Path) -> None:
    path = write_template("etsy", tmp_path / "u.xlsx", mode="update")
    book = openpyxl.load_workbook(path)
    sheet = book["Products"]
    sheet.append(["A-1", 12.5, None, "USD", 3.0, True])
    sheet.append([1234, None, None, None, None, False])
    book.save(path)
    bulk = read_bulk_file(path, "etsy", mode="update")
    assert bulk.errors == ()
    first, second = bulk.updates
    assert first.price is not None
    assert str(first.price.price) == "12.5 USD"
    assert first.stock is not None
    assert first.stock.quantity == 3
    assert first.active is True
    assert second.sku == "1234"
    assert second.active is False


@pytest.mark.parametrize("mode", ["create", "update"])
def test_an_etsy_price_without_currency_is_reported_once(tmp_path: Path, mode: str) -> None:
    path = tmp_path / "e.csv"
    header = "sku,title,price,currency,stock" if mode == "create" else "sku,price,currency"
    cells = "A,Mug,5,,1" if mode == "create" else "A,5,"
    path.write_text(f"{header}\n{cells}\n", encoding="utf-8")
    errors = read_bulk_file(path, "etsy", mode=mode).errors
    assert [(error.line, error.column) for error in errors] == [(2, "currency")]
