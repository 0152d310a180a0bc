"""What can go wrong with a bulk file: one bad row (`RowError`), or the whole file.

A bad row never stops the reading: every row is checked and each problem is a `RowError`
in `BulkFile.errors`. A file that cannot be read at all (missing required column, unreadable
file, another marketplace's template) raises a `BulkFileError` before any row is looked at.

Examples:
    >>> error = RowError(line=7, sku="MUG-01", column="price", reason="not a number: 'abc'")
    >>> str(error)
    "line 7 (SKU MUG-01), price: not a number: 'abc'"
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError

__all__ = [
    "BulkFileError",
    "ExcelSupportMissing",
    "MissingColumnsError",
    "RowError",
    "UnknownColumnsError",
    "UnreadableFileError",
    "WrongTemplateError",
]


class RowError(BaseModel):
    """One problem on one row of a bulk file.

    Attributes:
        line: the row's number as a spreadsheet shows it (the header is line 1).
        sku: the row's SKU, when it has one.
        column: the column at fault, or `None` for a problem of the whole row.
        reason: what is wrong, in words a seller can act on.

    Examples:
        >>> RowError(line=3, sku=None, column="sku", reason="required").model_dump()
        {'line': 3, 'sku': None, 'column': 'sku', 'reason': 'required'}
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int
    sku: str | None = None
    column: str | None = None
    reason: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f" (SKU {self.sku})" if self.sku else "")
        return (
            f"{where}, {self.column}: {self.reason}" if self.column else f"{where}: {self.reason}"
        )


class BulkFileError(MarketplaceError):
    """A bulk file that cannot be read as a whole; a person must fix the file.

    Examples:
        >>> str(BulkFileError("empty file", marketplace="etsy"))
        '[etsy] empty file'
    """

    default_class = ErrorClass.CONFIGURATION


class UnreadableFileError(BulkFileError):
    """The file is missing, empty, not CSV or not an Excel workbook.

    Examples:
        >>> issubclass(UnreadableFileError, BulkFileError)
        True
    """


class MissingColumnsError(BulkFileError):
    """The header lacks columns the template requires.

    Attributes:
        columns: the missing columns, in template order.

    Examples:
        >>> MissingColumnsError(["sku", "price"], marketplace="fnac").columns
        ('sku', 'price')
    """

    def __init__(self, columns: Sequence[str], *, marketplace: str) -> None:
        self.columns = tuple(columns)
        super().__init__(
            f"the file lacks the required column(s) {', '.join(self.columns)}: "
            f"start from `write_template({marketplace!r}, ...)`",
            marketplace=marketplace,
        )


class UnknownColumnsError(BulkFileError):
    """The header has columns the template does not know (a typo, or a column of another mode).

    Attributes:
        columns: the unknown columns, as written in the file.

    Examples:
        >>> UnknownColumnsError(["colour"], marketplace="etsy", mode="create").columns
        ('colour',)
    """

    def __init__(self, columns: Sequence[str], *, marketplace: str, mode: str) -> None:
        self.columns = tuple(columns)
        super().__init__(
            f"the {marketplace} {mode} template has no column(s) {', '.join(self.columns)}",
            marketplace=marketplace,
        )


class WrongTemplateError(BulkFileError):
    """The file was made from another marketplace's (or mode's) template.

    Attributes:
        found: the marketplace (and mode) the file's template is for.

    Examples:
        >>> str(WrongTemplateError("this is a fnac template", found="fnac", marketplace="etsy"))
        '[etsy] this is a fnac template'
    """

    def __init__(self, message: str, *, found: str, marketplace: str) -> None:
        self.found = found
        super().__init__(message, marketplace=marketplace)


class ExcelSupportMissing(BulkFileError):
    """An `.xlsx` file was asked for but openpyxl is not installed.

    Examples:
        >>> "marketplace-sdk[excel]" in str(ExcelSupportMissing())
        True
    """

    def __init__(self) -> None:
        super().__init__(
            "Excel files need openpyxl: pip install 'marketplace-sdk[excel]'",
        )
