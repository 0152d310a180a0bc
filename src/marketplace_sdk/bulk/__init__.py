"""Bulk listing and update from a CSV or Excel file, per marketplace.

Three steps: `write_template` writes a marketplace's template (columns per marketplace and
mode, from its description's `bulk_layout`); `read_bulk_file` checks every row of a filled file
and reports each bad one with its line and reason (`BulkFile.errors`), without stopping at the
first; `apply_bulk` lists or updates the valid rows through a `Channel` and writes a per-row
result file. Excel needs the `excel` extra (`pip install 'marketplace-sdk[excel]'`); CSV needs
nothing.

Examples:
    >>> import tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> path = write_template("fnac", folder / "fnac.csv", mode="update")
    >>> _ = path.write_text("sku,price,stock\\nPEN-1,3.20,35\\nPEN-2,0.10,\\n")
    >>> bulk = read_bulk_file(path, "fnac", mode="update")
    >>> [update.sku for update in bulk.updates]
    ['PEN-1']
    >>> [str(error) for error in bulk.errors]
    ['line 3 (SKU PEN-2), price: price 0.10 EUR is outside the accepted range 0.90 to 20000.00 EUR']
"""

from __future__ import annotations

from marketplace_sdk.bulk._apply import Progress, apply_bulk
from marketplace_sdk.bulk._errors import (
    BulkFileError,
    ExcelSupportMissing,
    MissingColumnsError,
    RowError,
    UnknownColumnsError,
    UnreadableFileError,
    WrongTemplateError,
)
from marketplace_sdk.bulk._layouts import columns_markdown, layouts, template
from marketplace_sdk.bulk._model import BulkFile, BulkListing, BulkUpdate, HeldRow
from marketplace_sdk.bulk._reader import read_bulk_file
from marketplace_sdk.bulk._report import RESULT_COLUMNS, BulkReport, RowOutcome, RowResult
from marketplace_sdk.bulk._sheets import Format
from marketplace_sdk.bulk._templates import write_template
from marketplace_sdk.core._bulk_layout import (
    BulkLayout,
    BulkTemplate,
    Column,
    Kind,
    Mode,
    Requirement,
)

__all__ = [
    "RESULT_COLUMNS",
    "BulkFile",
    "BulkFileError",
    "BulkLayout",
    "BulkListing",
    "BulkReport",
    "BulkTemplate",
    "BulkUpdate",
    "Column",
    "ExcelSupportMissing",
    "Format",
    "HeldRow",
    "Kind",
    "MissingColumnsError",
    "Mode",
    "Progress",
    "Requirement",
    "RowError",
    "RowOutcome",
    "RowResult",
    "UnknownColumnsError",
    "UnreadableFileError",
    "WrongTemplateError",
    "apply_bulk",
    "columns_markdown",
    "layouts",
    "read_bulk_file",
    "template",
    "write_template",
]
