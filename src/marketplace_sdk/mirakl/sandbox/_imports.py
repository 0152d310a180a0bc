"""How the sandbox processes a P41 product file: parse, transform, integrate, report.

Pure: `process_file` turns an uploaded file into an `ImportOutcome` (the rows that failed the
transformation, with their messages; the rows the operator refused; the products created), and
`ImportJob` says, for a time since the upload, which status the import is in and which reports
exist. The app only stores jobs and renders them.

The file is CSV (`;`, `,` or tab separated, with a header of attribute codes) or XLSX (first
sheet, first row the header). Rules, in Mirakl's two steps:

* transformation (report P47: the uploaded columns plus `error-line` and `error-message`, as
  CSV even for an XLSX upload, where Mirakl would answer in the uploaded format): the category
  must exist; every attribute the category requires must be
  filled; a `LIST` attribute's value must be in its value list;
* integration by the operator (report P44): a `shop-sku` already used by an earlier row of the
  file is refused, and so is an `ean` that is not 8 or 13 digits.

Examples:
    >>> from marketplace_sdk.mirakl.sandbox._seed import CatalogSeed
    >>> data = (b"category;shop-sku;title;author;format\\n"
    ...         b"BOOKS-NOVELS;B-1;Dune;Herbert;PAPERBACK\\n"
    ...         b"BOOKS-NOVELS;B-2;Emma;;HARDCOVER\\n")
    >>> outcome = process_file(data, "p.csv", CatalogSeed.default())
    >>> [p["shop-sku"] for p in outcome.created]
    ['B-1']
    >>> [(e.line, e.message) for e in outcome.transform_errors]
    [(3, 'Attribute is required: [author]')]
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from datetime import datetime, timedelta
from xml.etree import ElementTree

import attrs

from marketplace_sdk.mirakl.sandbox._seed import CatalogSeed
from marketplace_sdk.mirakl.sandbox._wire import ImportState

__all__ = [
    "ImportJob",
    "ImportOutcome",
    "RowError",
    "Stage",
    "UnreadableFile",
    "mirakl_date",
    "process_file",
    "read_table",
]

_XLSX_NS = {"x": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
_CELL_REF = re.compile(r"([A-Z]+)")
_EAN = re.compile(r"^(\d{8}|\d{13})$")


def mirakl_date(value: datetime) -> str:
    """A UTC datetime as Mirakl writes it (`2026-01-01T00:00:00Z`).

    Examples:
        >>> from datetime import UTC
        >>> mirakl_date(datetime(2026, 1, 1, tzinfo=UTC))
        '2026-01-01T00:00:00Z'
    """
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


class UnreadableFile(ValueError):
    """The uploaded file could not be read as a table (the import's transformation fails)."""


@attrs.frozen
class RowError:
    """A refused row: its line in the file, the message, and the row as uploaded."""

    line: int
    message: str
    row: dict[str, str]


@attrs.frozen
class ImportOutcome:
    """What processing a file produced.

    Attributes:
        headers: the file's columns, in order.
        lines_read: data rows read.
        transform_errors: rows refused by the transformation (P47).
        integration_errors: rows the operator refused (P44).
        created: products integrated (P45), as operator-format rows.
        failure: why the whole file failed, when it did (TRANSFORMATION_FAILED).
    """

    headers: list[str]
    lines_read: int
    transform_errors: list[RowError]
    integration_errors: list[RowError]
    created: list[dict[str, str]]
    transformed: list[dict[str, str]]
    failure: str | None = None


def _column_index(ref: str) -> int:
    letters = _CELL_REF.match(ref)
    index = 0
    for char in letters.group(1) if letters else "A":
        index = index * 26 + (ord(char) - ord("A") + 1)
    return index - 1


def _xlsx_rows(data: bytes) -> list[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        shared: list[str] = []
        if "xl/sharedStrings.xml" in archive.namelist():
            root = ElementTree.fromstring(archive.read("xl/sharedStrings.xml"))
            shared = [
                "".join(t.text or "" for t in si.iter(f"{{{_XLSX_NS['x']}}}t"))
                for si in root.findall("x:si", _XLSX_NS)
            ]
        sheet = ElementTree.fromstring(archive.read("xl/worksheets/sheet1.xml"))
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as error:
        raise UnreadableFile(f"not a readable XLSX workbook: {error}") from error
    rows: list[list[str]] = []
    for row in sheet.iter(f"{{{_XLSX_NS['x']}}}row"):
        values: dict[int, str] = {}
        for cell in row.findall("x:c", _XLSX_NS):
            kind = cell.get("t")
            if kind == "inlineStr":
                text = "".join(t.text or "" for t in cell.iter(f"{{{_XLSX_NS['x']}}}t"))
            else:
                raw = cell.findtext("x:v", default="", namespaces=_XLSX_NS)
                text = shared[int(raw)] if kind == "s" and raw.isdigit() else raw
            values[_column_index(cell.get("r", "A"))] = text
        rows.append([values.get(i, "") for i in range(max(values, default=-1) + 1)])
    return rows


def read_table(data: bytes, filename: str) -> list[list[str]]:
    """The file's rows (header first), from CSV or XLSX.

    Raises:
        UnreadableFile: not UTF-8 CSV, not a workbook, or no header.

    Examples:
        >>> read_table(b"a;b\\n1;2\\n", "x.csv")
        [['a', 'b'], ['1', '2']]
    """
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise UnreadableFile("the file is not UTF-8 text") from error
        first = text.splitlines()[0] if text.strip() else ""
        delimiter = max(";,\t", key=first.count) if first else ";"
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [row for row in rows if any(cell.strip() for cell in row)]
    if not rows:
        raise UnreadableFile("the file has no header line")
    return rows


def _transform_errors(row: dict[str, str], seed: CatalogSeed) -> list[str]:
    category = row.get("category", "").strip()
    if seed.hierarchy(category) is None:
        return [f"The category is unknown: [{category}]" if category else "Category is required"]
    lists = seed.list_codes()
    messages = []
    for attr in seed.attributes_for(category):
        value = row.get(attr["code"], "").strip()
        if not value:
            if attr["requirement_level"] == "REQUIRED":
                messages.append(f"Attribute is required: [{attr['code']}]")
            continue
        allowed = lists.get(attr["type_parameter"]) if attr["type"] == "LIST" else None
        if allowed is not None and value not in allowed:
            messages.append(f"Value [{value}] is not in the list [{attr['type_parameter']}]")
    return messages


def process_file(data: bytes, filename: str, seed: CatalogSeed) -> ImportOutcome:
    """Process an uploaded product file against the catalogue `seed`."""
    try:
        rows = read_table(data, filename)
    except UnreadableFile as error:
        return ImportOutcome([], 0, [], [], [], [], failure=str(error))
    headers = [cell.strip() for cell in rows[0]]
    transform_errors: list[RowError] = []
    transformed: list[tuple[int, dict[str, str]]] = []
    for offset, cells in enumerate(rows[1:]):
        line = offset + 2
        row = {name: (cells[i] if i < len(cells) else "") for i, name in enumerate(headers)}
        messages = _transform_errors(row, seed)
        if messages:
            transform_errors.append(RowError(line, " | ".join(messages), row))
        else:
            transformed.append((line, row))
    integration_errors: list[RowError] = []
    created: list[dict[str, str]] = []
    first_line: dict[str, int] = {}
    for line, row in transformed:
        sku = row["shop-sku"].strip()
        ean = row.get("ean", "").strip()
        if sku in first_line:
            message = f"Duplicate product: shop-sku [{sku}] already on line {first_line[sku]}"
            integration_errors.append(RowError(line, message, row))
        elif ean and not _EAN.match(ean):
            integration_errors.append(RowError(line, f"Invalid EAN [{ean}]", row))
        else:
            first_line[sku] = line
            created.append(row)
    return ImportOutcome(
        headers,
        len(rows) - 1,
        transform_errors,
        integration_errors,
        created,
        [row for _, row in transformed],
    )


@attrs.frozen
class Stage:
    """An import status and the seconds after the upload from which it holds."""

    status: ImportState
    after: float


def _stages(delay: float, failed: bool, whole: bool = False) -> Sequence[Stage]:
    step = delay / 6
    if failed:
        return (
            Stage(ImportState.TRANSFORMATION_WAITING, 0),
            Stage(ImportState.TRANSFORMATION_RUNNING, step),
            Stage(ImportState.TRANSFORMATION_FAILED, 2 * step),
        )
    return (
        Stage(ImportState.TRANSFORMATION_WAITING, 0),
        Stage(ImportState.TRANSFORMATION_RUNNING, step),
        Stage(ImportState.WAITING, 2 * step),
        Stage(ImportState.RUNNING, 3 * step),
        Stage(ImportState.SENT, 4 * step),
        Stage(ImportState.FAILED if whole else ImportState.COMPLETE, delay),
    )


@attrs.frozen
class ImportJob:
    """One import in the sandbox: the upload, its outcome and its timeline.

    `delay` is the seconds from upload to `COMPLETE`; the stages in between are evenly spaced.
    `uploaded_at` is on the clock's monotonic scale, `uploaded_wall` the same instant in UTC.
    `all_or_nothing` (MIRAKL-Q07 switched off at upload): a file with a refused row ends
    `FAILED` and creates nothing, instead of `COMPLETE` with its good rows created.
    """

    import_id: int
    shop_id: int
    filename: str
    uploaded_at: float
    uploaded_wall: datetime
    delay: float
    outcome: ImportOutcome
    conversion_type: str | None = None
    all_or_nothing: bool = False

    @property
    def fails_whole(self) -> bool:
        """Whether the import ends `FAILED` because a row was refused (MIRAKL-Q07 off)."""
        outcome = self.outcome
        return self.all_or_nothing and bool(outcome.transform_errors or outcome.integration_errors)

    def stage_at(self, now: float) -> Stage:
        """The stage the import is in at monotonic time `now`."""
        elapsed = now - self.uploaded_at
        stages = _stages(self.delay, self.outcome.failure is not None, self.fails_whole)
        return [stage for stage in stages if stage.after <= elapsed][-1]

    def integrating(self, now: float) -> bool:
        """Whether the import is in the last sixth of its `SENT` stage (being synchronised)."""
        return self.status(now) is ImportState.SENT and now - self.uploaded_at >= 5 * self.delay / 6

    def integrated(self, now: float) -> bool:
        """Whether the operator's integration has ended (`COMPLETE`, or `FAILED` as a whole)."""
        return self.status(now) in (ImportState.COMPLETE, ImportState.FAILED)

    @property
    def created_at(self) -> str:
        """The upload time as Mirakl writes dates."""
        return mirakl_date(self.uploaded_wall)

    def changed_at(self, now: float) -> datetime:
        """The wall time of the import's latest status change (at monotonic time `now`)."""
        return self.uploaded_wall + timedelta(seconds=self.stage_at(now).after)

    @property
    def completes_at(self) -> datetime:
        """The wall time at which the import is (or will be) `COMPLETE`."""
        return self.uploaded_wall + timedelta(seconds=self.delay)

    def status(self, now: float) -> ImportState:
        """The import's status at `now`."""
        return self.stage_at(now).status

    def transformed(self, now: float) -> bool:
        """Whether the transformation has finished successfully by `now`."""
        return self.status(now) in (
            ImportState.WAITING,
            ImportState.RUNNING,
            ImportState.SENT,
            ImportState.COMPLETE,
            ImportState.FAILED,
        )
