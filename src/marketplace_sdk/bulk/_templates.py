"""`write_template`: a marketplace's empty bulk file, ready to fill in a spreadsheet.

A CSV template is the header row and example rows (SKUs starting `EXAMPLE-`, refused when
read: replace them with your products). An Excel template is the header row on a `Products`
sheet, with drop-down lists on the columns that take a few values, and a `Notes` sheet
describing each column (required, type, allowed values, example).

Examples:
    >>> import tempfile, pathlib
    >>> path = write_template("fnac", pathlib.Path(tempfile.mkdtemp()) / "fnac.csv")
    >>> path.read_text().splitlines()[0]
    'sku,ean,title,description,category_id,price,selling_price,currency,stock,image_urls'
"""

from __future__ import annotations

from pathlib import Path

from marketplace_sdk.bulk._layouts import template
from marketplace_sdk.bulk._sheets import Format, format_of, write_sheet
from marketplace_sdk.core._bulk_layout import ATTRIBUTE_PREFIX, BulkTemplate

__all__ = ["notes_rows", "write_template"]


def notes_rows(chosen: BulkTemplate) -> list[list[str]]:
    """The rows of an Excel template's `Notes` sheet: one per column, then how to fill it.

    Examples:
        >>> notes_rows(template("etsy", "update"))[0]
        ['column', 'required', 'type', 'allowed values', 'description', 'example']
    """
    rows = [["column", "required", "type", "allowed values", "description", "example"]]
    for column in chosen.columns:
        allowed = ", ".join(column.allowed) or column.limits
        rows.append(
            [
                column.name,
                column.required.value,
                column.kind.describe(),
                allowed,
                column.description,
                column.example,
            ]
        )
    if chosen.attributes is not None:
        rows.append(
            [
                f"{ATTRIBUTE_PREFIX}<code>",
                "no",
                "text",
                "",
                chosen.attributes.notes,
                chosen.attributes.example,
            ]
        )
    rows.append([])
    rows.append(
        [
            "how to fill",
            "",
            "",
            "",
            f"One product per row on the Products sheet, for {chosen.marketplace} "
            f"({chosen.mode}). Each bad row is reported with its line and reason; the valid "
            "rows are still applied.",
            "",
        ]
    )
    return rows


def write_template(
    marketplace: str,
    path: str | Path,
    *,
    format: Format | None = None,
    mode: str = "create",
) -> Path:
    """Write `marketplace`'s bulk template for `mode` to `path` and return the path.

    Args:
        marketplace: the marketplace's key (one with a bulk layout).
        path: where to write; an existing file is replaced.
        format: `"csv"` or `"xlsx"`; by default from the suffix (`.xlsx` is Excel).
        mode: `"create"` (list new products) or `"update"` (price, stock, activation).

    Raises:
        ValueError: an unknown marketplace or mode.
        marketplace_sdk.bulk.ExcelSupportMissing: `.xlsx` without openpyxl installed.

    Examples:
        See the module docstring.
    """
    chosen = template(marketplace, mode)
    target = Path(path)
    kind = format or format_of(target)
    header = list(chosen.names)
    if kind == "xlsx":
        choices = {c.name: c.allowed for c in chosen.columns if c.allowed}
        write_sheet(
            target,
            header,
            [],
            format="xlsx",
            notes=notes_rows(chosen),
            marker=chosen.marker,
            choices=choices,
        )
    else:
        examples = [[row.get(name, "") for name in header] for row in chosen.example_rows]
        write_sheet(target, header, examples, format="csv")
    return target
