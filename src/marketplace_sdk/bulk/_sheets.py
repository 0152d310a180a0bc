"""Reading and writing a sheet of text cells as CSV (stdlib) or Excel (openpyxl, lazily).

Every cell is read as stripped text; numbers Excel stores are turned back into the text a
person typed (`3` not `3.0`, `0.1` not `0.1000000000000000055`). A row's `line` is its number
as a spreadsheet shows it: blank rows count, those before the header too.

Examples:
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "items.csv"
    >>> write_sheet(path, ["sku", "stock"], [["A", "3"]])
    >>> sheet = read_sheet(path)
    >>> sheet.header, sheet.rows
    (('sku', 'stock'), ((2, ('A', '3')),))
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Literal

import attrs

from marketplace_sdk.bulk._errors import ExcelSupportMissing, UnreadableFileError

__all__ = ["DATA_SHEET", "NOTES_SHEET", "Format", "Sheet", "format_of", "read_sheet", "write_sheet"]

Format = Literal["csv", "xlsx"]

#: The Excel sheet holding the rows.
DATA_SHEET = "Products"
#: The Excel sheet describing each column.
NOTES_SHEET = "Notes"
#: The last row of an Excel sheet (drop-down lists cover the column down to it).
_LAST_ROW = 1_048_576


@attrs.frozen
class Sheet:
    """The header and rows of a file, as text.

    Attributes:
        format: `"csv"` or `"xlsx"`.
        header: the header cells, stripped.
        rows: `(line, cells)` for each row after the header, cells padded to the header's width.
        marker: the template tag of an Excel file made by `write_template`, if any.

    Examples:
        >>> Sheet("csv", ("sku",), ((2, ("A",)),)).rows[0][0]
        2
    """

    format: Format
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    marker: str | None = None


def format_of(path: Path) -> Format:
    """The format a path's suffix names: `.xlsx` is Excel, anything else CSV.

    Raises:
        UnreadableFileError: an old binary `.xls` workbook.

    Examples:
        >>> format_of(Path("bulk.XLSX")), format_of(Path("bulk.csv"))
        ('xlsx', 'csv')
    """
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise UnreadableFileError(f"{path.name}: .xls workbooks are not read; save it as .xlsx")
    return "xlsx" if suffix in {".xlsx", ".xlsm"} else "csv"


def _require_openpyxl() -> None:
    try:
        import openpyxl  # noqa: F401
    except ImportError:  # pragma: no cover - the test environment has the extra installed
        raise ExcelSupportMissing() from None


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        number = Decimal(repr(value))
        return str(int(number)) if number == number.to_integral_value() else format(number, "f")
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return str(value).strip()


def _pad(cells: Sequence[str], width: int) -> tuple[str, ...]:
    padded = [cell.strip() for cell in cells[:width]]
    extra = [cell for cell in cells[width:] if cell.strip()]
    return (*padded, *([""] * (width - len(padded))), *extra)


def _sheet(format: Format, records: Iterable[Sequence[str]], marker: str | None) -> Sheet:
    iterator = iter(records)
    header = next(iterator, None)
    header_line = 1
    while header is not None and not any(cell.strip() for cell in header):
        header = next(iterator, None)
        header_line += 1
    if header is None:
        raise UnreadableFileError("the file is empty: it needs a header row")
    names = [cell.strip() for cell in header]
    while names and not names[-1]:
        names.pop()
    rows = tuple(
        (line, _pad(cells, len(names)))
        for line, cells in enumerate(iterator, start=header_line + 1)
    )
    return Sheet(format, tuple(names), rows, marker)


def _read_csv(path: Path) -> Sheet:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise UnreadableFileError(
            f"{path.name} is not UTF-8 text (save the CSV as UTF-8)"
        ) from None
    first = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise UnreadableFileError(f"{path.name} is not valid CSV: {error}") from None
    return _sheet("csv", records, None)


def _read_xlsx(path: Path) -> Sheet:
    _require_openpyxl()
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError) as error:
        raise UnreadableFileError(f"{path.name} is not an Excel workbook: {error}") from None
    try:
        sheet = book[DATA_SHEET] if DATA_SHEET in book.sheetnames else book.worksheets[0]
        records = [
            [_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)
        ]
        marker = book.properties.keywords
    finally:
        book.close()
    return _sheet("xlsx", records, marker if isinstance(marker, str) else None)


def read_sheet(path: Path) -> Sheet:
    """The header and rows of a CSV (comma, semicolon or tab separated) or `.xlsx` file.

    Raises:
        UnreadableFileError: the file is missing, empty or not CSV / Excel.
        ExcelSupportMissing: an `.xlsx` file without openpyxl installed.

    Examples:
        See the module docstring.
    """
    if not path.is_file():
        raise UnreadableFileError(f"no file {path.name!r} (looked for {path})")
    return _read_xlsx(path) if format_of(path) == "xlsx" else _read_csv(path)


def _write_xlsx(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    notes: Sequence[Sequence[str]] | None,
    marker: str | None,
    choices: Mapping[str, Sequence[str]],
) -> None:
    _require_openpyxl()
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook()
    data = book.active
    assert data is not None
    data.title = DATA_SHEET
    data.append(list(header))
    for index, name in enumerate(header, start=1):
        data.cell(row=1, column=index).font = Font(bold=True)
        letter = get_column_letter(index)
        # Text format, so Excel keeps SKUs and EANs as typed (no 4.00638E+12, no lost zeros).
        data.column_dimensions[letter].number_format = "@"
        data.column_dimensions[letter].width = max(12, len(name) + 2)
    for row in rows:
        data.append(list(row))
    data.freeze_panes = "A2"
    for index, name in enumerate(header, start=1):
        values = choices.get(name)
        if not values:
            continue
        # A drop-down that warns (but lets the seller keep another value: the reader decides).
        listed = DataValidation(
            type="list",
            formula1='"' + ",".join(values) + '"',
            allow_blank=True,
            showErrorMessage=True,
            errorStyle="warning",
            error=f"{name}: one of {', '.join(values)}",
        )
        letter = get_column_letter(index)
        listed.add(f"{letter}2:{letter}{_LAST_ROW}")
        data.add_data_validation(listed)
    if notes:
        sheet = book.create_sheet(NOTES_SHEET)
        for row in notes:
            sheet.append(list(row))
        for index in range(1, len(notes[0]) + 1):
            sheet.cell(row=1, column=index).font = Font(bold=True)
    if marker:
        book.properties.keywords = marker
    book.save(path)


def write_sheet(
    path: Path,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    format: Format | None = None,
    notes: Sequence[Sequence[str]] | None = None,
    marker: str | None = None,
    choices: Mapping[str, Sequence[str]] | None = None,
) -> None:
    """Write a header and rows as CSV (UTF-8, comma) or `.xlsx` (format from the suffix).

    Excel only: `notes` become a second sheet, `marker` tags the workbook's keywords, and
    `choices` (column name to allowed values) become drop-down lists on those columns.

    Raises:
        ExcelSupportMissing: `.xlsx` without openpyxl installed.

    Examples:
        See the module docstring.
    """
    chosen = format or format_of(path)
    if chosen == "xlsx":
        _write_xlsx(path, header, rows, notes, marker, choices or {})
        return
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
