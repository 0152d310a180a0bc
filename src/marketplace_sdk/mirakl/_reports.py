"""Report files of a product import (P44, P45, P46, P47) and the error report parser.

Mirakl returns these reports as files, not JSON: P46 is always CSV, P44 and P45 are CSV when
Catalog Manager is enabled (an operator-defined format otherwise), and P47 comes back in the format
of the file the seller uploaded (CSV, XLSX or XML). The client hands them over as `ReportFile`
(bytes and content type); `parse_error_report` reads a CSV error report into lines and messages.

The spec does not describe the report columns. The parser looks the error message column up by
the names Mirakl uses (`error-message`, `errors`, `error`, `message`, case and `_`/`-`
insensitive) and the source line by `error-line` or `line`; every other column is kept per row.

Examples:
    >>> report = b"error-line;error-message;sku\\n3;Attribute is required: [title];A-1\\n"
    >>> [(line.line, line.message, line.fields["sku"]) for line in parse_error_report(report)]
    [(3, 'Attribute is required: [title]', 'A-1')]
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping

import attrs
from pydantic import BaseModel, ConfigDict, Field

from marketplace_sdk.core._errors import ResponseParseError

__all__ = [
    "ErrorReportLine",
    "ReportFile",
    "ReportParseError",
    "errors_by_product",
    "parse_error_report",
]

_MESSAGE_COLUMNS = ("error-message", "errors", "error", "message", "error-messages")
_LINE_COLUMNS = ("error-line", "line", "line-number")
_WARNING_COLUMNS = ("warning-message", "warnings", "warning")
_DELIMITERS = ";,\t|"
_FILENAME = re.compile(r"""filename\*?=(?:UTF-8'')?"?([^";]+)"?""", re.IGNORECASE)

CSV_TYPES = frozenset({"text/csv", "application/csv", "text/plain"})
_NOT_CSV_TYPES = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.ms-excel",
        "application/xml",
        "text/xml",
        "application/zip",
    }
)


@attrs.frozen
class ReportFile:
    """A report file as Mirakl sent it.

    Attributes:
        content: the file's bytes.
        content_type: the media type Mirakl declared (without parameters).
        filename: the file name from `Content-Disposition`, when given.

    Examples:
        >>> report = ReportFile(b"sku;errors\\nA;bad\\n", "text/csv", "errors.csv")
        >>> report.is_csv, report.text().splitlines()[0]
        (True, 'sku;errors')
    """

    content: bytes = attrs.field(repr=lambda value: f"<{len(value)} bytes>")
    content_type: str
    filename: str | None = None

    @property
    def is_csv(self) -> bool:
        """Whether the file is CSV: by content type, else by file name, else by its first bytes.

        Mirakl often sends reports as `application/octet-stream`, sometimes without a file name;
        then a file that is neither a ZIP (XLSX) nor XML and reads as UTF-8 is taken for CSV.

        Examples:
            >>> ReportFile(b"sku;errors", "application/octet-stream").is_csv
            True
            >>> ReportFile(b"PK" + bytes([3, 4]), "application/octet-stream").is_csv
            False
        """
        if self.content_type in CSV_TYPES:
            return True
        if self.content_type in _NOT_CSV_TYPES:
            return False
        if self.filename and "." in self.filename:
            return self.filename.lower().endswith(".csv")
        head = self.content[:512].lstrip(b"\xef\xbb\xbf").lstrip()
        if head.startswith((b"PK\x03\x04", b"<")):
            return False
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut at the 512th byte is still UTF-8.
            return error.start >= len(head) - 3
        return True

    def text(self, encoding: str = "utf-8-sig") -> str:
        """The content decoded as text (a UTF-8 byte-order mark is dropped)."""
        return self.content.decode(encoding)

    @classmethod
    def from_headers(cls, content: bytes, headers: dict[str, str]) -> ReportFile:
        """Build from a body and its (lower-cased) response headers.

        Examples:
            >>> ReportFile.from_headers(b"x", {"content-type": "text/csv; charset=UTF-8",
            ...     "content-disposition": 'attachment; filename="r.csv"'}).filename
            'r.csv'
        """
        media = headers.get("content-type", "application/octet-stream").split(";")[0].strip()
        match = _FILENAME.search(headers.get("content-disposition", ""))
        return cls(content, media.lower(), match.group(1) if match else None)


class ReportParseError(ResponseParseError, ValueError):
    """A report file that cannot be read as a CSV error report.

    Not UTF-8, no error message column, a malformed CSV (a field past the CSV reader's size
    limit): the report's bytes are not what Mirakl documents. It is a
    `ResponseParseError` like any unreadable answer, and a `ValueError` as this parser raised
    before it was typed.

    Examples:
        >>> try:
        ...     parse_error_report(b"sku;title\\nA;B\\n")
        ... except ReportParseError as error:
        ...     print(error.marketplace, error.error_class.value)
        mirakl system
    """

    def __init__(self, message: str) -> None:
        super().__init__(message, marketplace="mirakl")


class ErrorReportLine(BaseModel):
    """One rejected row of an error report.

    Attributes:
        line: the row's line number in the uploaded file, when the report says.
        message: Mirakl's error message(s) for the row.
        warnings: warnings on the row, when the report has a warnings column.
        fields: the row's other columns (the product's own values), by header.

    Examples:
        >>> ErrorReportLine(line=2, message="The category is unknown.").message
        'The category is unknown.'
    """

    model_config = ConfigDict(frozen=True)

    line: int | None = None
    message: str
    warnings: str | None = None
    fields: dict[str, str] = Field(default_factory=dict, repr=False)


def _normalise(header: str) -> str:
    return header.strip().lower().replace("_", "-").replace(" ", "-")


def _find(headers: list[str], names: tuple[str, ...]) -> str | None:
    by_name = {_normalise(header): header for header in headers}
    for name in names:
        if name in by_name:
            return by_name[name]
    return None


def _delimiter(first_line: str) -> str:
    counts = {delimiter: first_line.count(delimiter) for delimiter in _DELIMITERS}
    best = max(counts, key=lambda delimiter: counts[delimiter])
    return best if counts[best] else ";"


def _line_number(value: str | None) -> int | None:
    if value is None:
        return None
    digits = value.strip()
    return int(digits) if digits.isascii() and digits.isdigit() else None


def parse_error_report(data: bytes | str, *, delimiter: str | None = None) -> list[ErrorReportLine]:
    """Read a CSV error report (P44, or P47 for a CSV upload) into rejected rows.

    The delimiter is guessed from the header line (Mirakl's default is `;`) unless given. Rows
    without an error message (a warning only) are kept with an empty `message`.

    Args:
        data: the report's content.
        delimiter: the CSV delimiter, to override the guess.

    Returns:
        One entry per data row, in file order.

    Raises:
        ReportParseError: the report is not UTF-8, has no error message column, or is not
            readable CSV (a `ResponseParseError`, and a `ValueError` as before).

    Examples:
        >>> parse_error_report("sku,errors\\nA-1,Incorrect number of fields.\\n")[0].line is None
        True
    """
    try:
        text = data.decode("utf-8-sig") if isinstance(data, bytes) else data.removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        raise ReportParseError(f"the error report is not UTF-8 text: {error}") from error
    if not text.strip():
        return []
    try:
        return _parse(text, delimiter)
    except csv.Error as error:
        raise ReportParseError(f"the error report is not readable CSV: {error}") from error


def _parse(text: str, delimiter: str | None) -> list[ErrorReportLine]:
    first_line = text.splitlines()[0]
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter or _delimiter(first_line))
    headers = list(reader.fieldnames or [])
    message_column = _find(headers, _MESSAGE_COLUMNS)
    if message_column is None:
        raise ReportParseError(f"no error message column among {headers!r}")
    line_column = _find(headers, _LINE_COLUMNS)
    warning_column = _find(headers, _WARNING_COLUMNS)
    special = {message_column, line_column, warning_column}
    lines = []
    for row in reader:
        fields = {key: value or "" for key, value in row.items() if key and key not in special}
        lines.append(
            ErrorReportLine(
                line=_line_number(row.get(line_column)) if line_column else None,
                message=(row.get(message_column) or "").strip(),
                warnings=(row.get(warning_column) or "").strip() or None
                if warning_column
                else None,
                fields=fields,
            )
        )
    return lines


def errors_by_product(
    lines: Iterable[ErrorReportLine],
    *,
    sku_column: str = "shop-sku",
    skus_by_line: Mapping[int, str] | None = None,
) -> dict[str | None, list[ErrorReportLine]]:
    """Attribute each refused row of an import to its product.

    A Mirakl import can end `COMPLETE` with rows refused (MIRAKL-Q07): the reasons are only in
    the reports. A row belongs to the SKU in its `sku_column` (the operator's seller-SKU
    attribute; `shop-sku` by default, compared without case or `_`/`-` differences), else to
    the SKU that `skus_by_line` (the uploaded file's line numbers, when the caller wrote it)
    gives for its line. A row neither tells stays under `None`, never dropped.

    Examples:
        >>> rows = parse_error_report(b"error-line;error-message;shop-sku\\n"
        ...                           b"2;Attribute is required: [author];B-2\\n"
        ...                           b"3;Invalid EAN [12];\\n")
        >>> found = errors_by_product(rows, skus_by_line={3: "B-3"})
        >>> {sku: [line.message for line in found[sku]] for sku in found}
        {'B-2': ['Attribute is required: [author]'], 'B-3': ['Invalid EAN [12]']}
    """
    wanted = _normalise(sku_column)
    found: dict[str | None, list[ErrorReportLine]] = {}
    for line in lines:
        sku = next(
            (value.strip() for key, value in line.fields.items() if _normalise(key) == wanted),
            "",
        )
        if not sku and skus_by_line and line.line is not None:
            sku = skus_by_line.get(line.line, "")
        found.setdefault(sku or None, []).append(line)
    return found
