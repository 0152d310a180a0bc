"""`read_bulk_file`: a filled template read into typed drafts or updates, and every bad row.

The file is checked as a whole first (readable, the right marketplace's template, no required
column missing, no unknown column), which raises a `BulkFileError`. Then every row is checked
(cells, price rule), and the rows against each other (duplicate SKUs, variation groups in a
layout with `parent_sku`); a bad row is reported and reading goes on. Rows that are valid but
belong to a group with a bad row are held back (`BulkFile.held`): a listing is only made from
a whole group.

Examples:
    >>> import tempfile, pathlib
    >>> from marketplace_sdk.bulk._sheets import write_sheet
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "stock.csv"
    >>> write_sheet(path, ["sku", "stock"], [["MUG-01", "4"], ["MUG-02", "-1"], ["MUG-01", "2"]])
    >>> bulk = read_bulk_file(path, "fnac", mode="update")
    >>> [update.sku for update in bulk.updates], bulk.bad_lines
    (['MUG-01'], (3, 4))
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path

from marketplace_sdk.bulk._errors import (
    BulkFileError,
    MissingColumnsError,
    RowError,
    UnknownColumnsError,
    WrongTemplateError,
)
from marketplace_sdk.bulk._layouts import layouts, template
from marketplace_sdk.bulk._model import BulkFile, BulkListing, BulkUpdate, HeldRow
from marketplace_sdk.bulk._rows import ParsedRow, parse_row
from marketplace_sdk.bulk._sheets import Sheet, read_sheet
from marketplace_sdk.core._bulk_layout import ATTRIBUTE_PREFIX, BulkTemplate
from marketplace_sdk.core._models import PriceUpdate, ProductDraft, StockUpdate, Variant
from marketplace_sdk.core._money import Money

__all__ = ["read_bulk_file"]

#: Columns every row of a variation group repeats, which must agree with the group's first row.
_GROUP_COLUMNS = (
    "title",
    "description",
    "category_id",
    "currency",
    "image_urls",
    "variation_1_name",
    "variation_2_name",
)


def _key(name: str) -> str:
    if name.casefold().startswith(ATTRIBUTE_PREFIX):
        return ATTRIBUTE_PREFIX + name[len(ATTRIBUTE_PREFIX) :].strip()
    return name.strip().casefold().replace(" ", "_")


def _check_header(chosen: BulkTemplate, sheet: Sheet) -> tuple[str, ...]:
    """The header as column keys, or the file-level error that stops the reading."""
    where = chosen.marketplace
    if (
        sheet.marker
        and sheet.marker.startswith("marketplace-sdk bulk ")
        and (sheet.marker != chosen.marker)
    ):
        found = sheet.marker.removeprefix("marketplace-sdk bulk ")
        raise WrongTemplateError(
            f"this file was made from the {found} template, not the {where} {chosen.mode} one",
            found=found,
            marketplace=where,
        )
    keys = tuple(_key(name) for name in sheet.header)
    seen: set[str] = set()
    for key in keys:
        if not key:
            raise BulkFileError("the header has an empty cell between columns", marketplace=where)
        if key in seen:
            raise BulkFileError(f"the header has column {key!r} twice", marketplace=where)
        seen.add(key)
    known = set(chosen.names)
    unknown = [
        key
        for key in keys
        if key not in known and not (chosen.attribute_columns and key.startswith(ATTRIBUTE_PREFIX))
    ]
    if unknown:
        for marketplace, layout in layouts().items():
            for other in layout.templates:
                mode = other.mode
                if other is chosen:
                    continue
                if set(unknown) <= set(other.names) and set(other.required_names) <= seen:
                    raise WrongTemplateError(
                        f"this file looks like the {marketplace} {mode} template (it has "
                        f"{', '.join(unknown)}), not the {where} {chosen.mode} one",
                        found=f"{marketplace} {mode}",
                        marketplace=where,
                    )
        raise UnknownColumnsError(unknown, marketplace=where, mode=chosen.mode)
    missing = [name for name in chosen.required_names if name not in seen]
    if missing:
        raise MissingColumnsError(missing, marketplace=where)
    return keys


class _Rows:
    """The rows of one file as they are checked: cells, parsed rows, errors."""

    def __init__(self, chosen: BulkTemplate, keys: Sequence[str], sheet: Sheet) -> None:
        self.template = chosen
        self.cells: dict[int, dict[str, str]] = {}
        self.parsed: dict[int, ParsedRow] = {}
        self.errors: dict[int, list[RowError]] = defaultdict(list)
        for line, values in sheet.rows:
            if not any(values):
                continue
            cells = dict(zip(keys, values, strict=False))
            self.cells[line] = cells
            parsed, errors = parse_row(chosen, line, cells)
            if len(values) > len(keys):
                errors.append(
                    RowError(
                        line=line,
                        sku=cells.get("sku") or None,
                        column=None,
                        reason=f"{len(values) - len(keys)} value(s) right of the last column",
                    )
                )
            if errors:
                self.errors[line].extend(errors)
            elif parsed is not None:
                self.parsed[line] = parsed

    def fail(self, line: int, column: str | None, reason: str) -> None:
        sku = self.cells[line].get("sku", "").strip() or None
        self.errors[line].append(RowError(line=line, sku=sku, column=column, reason=reason))
        self.parsed.pop(line, None)

    def text(self, line: int, name: str) -> str:
        return self.cells[line].get(name, "").strip()


def _duplicates(rows: _Rows) -> None:
    first: dict[str, int] = {}
    for line in rows.cells:
        sku = rows.text(line, "sku")
        if not sku:
            continue
        if sku in first:
            rows.fail(line, "sku", f"duplicate SKU: line {first[sku]} has it too")
        else:
            first[sku] = line


def _groups(rows: _Rows) -> dict[str, list[int]]:
    """The variation groups by parent SKU, each checked against its first row."""
    groups: dict[str, list[int]] = defaultdict(list)
    for line in rows.cells:
        parent = rows.text(line, "parent_sku")
        if parent:
            groups[parent].append(line)
    for line in rows.cells:
        sku = rows.text(line, "sku")
        if sku in groups and rows.text(line, "parent_sku") != sku:
            members = ", ".join(str(n) for n in groups[sku][:5])
            rows.fail(line, "sku", f"SKU {sku!r} is the parent_sku of line(s) {members}")
    for parent, lines in groups.items():
        head = lines[0]
        seen: dict[tuple[str, ...], int] = {}
        for line in lines:
            if rows.text(line, "sku") == parent:
                rows.fail(line, "parent_sku", "a variation's SKU must differ from its parent_sku")
            for name in _GROUP_COLUMNS:
                if line != head and rows.text(line, name) != rows.text(head, name):
                    rows.fail(
                        line,
                        name,
                        f"{rows.text(line, name)!r} differs from {rows.text(head, name)!r} on "
                        f"line {head}, the first row of parent {parent!r}",
                    )
            values = (rows.text(line, "variation_1_value"), rows.text(line, "variation_2_value"))
            if values[0] and values in seen:
                rows.fail(line, "variation_1_value", f"same variation as line {seen[values]}")
            seen.setdefault(values, line)
    low, high = 1, rows.template.max_stock
    for parent, lines in groups.items():
        parsed = [rows.parsed[line] for line in lines if line in rows.parsed]
        total = sum(row.stock or 0 for row in parsed)
        if len(parsed) == len(lines) and not low <= total <= high:
            rows.fail(
                lines[0],
                "stock",
                f"the stocks of parent {parent!r} add up to {total}: "
                f"{rows.template.listing} takes {low} to {high}",
            )
    for line, row in list(rows.parsed.items()):
        if row.parent_sku is None and row.stock == 0:
            rows.fail(line, "stock", f"{rows.template.listing} needs a stock of {low} to {high}")
    return groups


def _draft(row: ParsedRow) -> ProductDraft:
    assert row.price is not None
    assert row.stock is not None
    return ProductDraft(
        sku=row.sku,
        title=row.title,
        description=row.description,
        price=row.price,
        selling_price=row.selling_price,
        stock=row.stock,
        category_id=row.category_id,
        attributes=dict(row.attributes),
        image_urls=row.image_urls,
    )


def _group_draft(chosen: BulkTemplate, parent: str, rows: Sequence[ParsedRow]) -> ProductDraft:
    """One listing of a variation group: each variation sends its own price (by the rule)."""
    prices: list[Money] = []
    for row in rows:
        assert row.price is not None
        prices.append(chosen.resolve_price(row.price, row.selling_price))
    variants = tuple(
        Variant(sku=row.sku, price=price, stock=row.stock, attributes=dict(row.variation))
        for row, price in zip(rows, prices, strict=True)
    )
    head = rows[0]
    return ProductDraft(
        sku=parent,
        title=head.title,
        description=head.description,
        price=min(prices, key=lambda money: money.amount),
        stock=sum(row.stock or 0 for row in rows),
        category_id=head.category_id,
        image_urls=head.image_urls,
        variants=variants,
    )


def _update(row: ParsedRow) -> BulkUpdate:
    price = None
    if row.price is not None:
        price = PriceUpdate(sku=row.sku, price=row.price, selling_price=row.selling_price)
    stock = None if row.stock is None else StockUpdate(sku=row.sku, quantity=row.stock)
    return BulkUpdate(line=row.line, sku=row.sku, price=price, stock=stock, active=row.active)


def _listings(
    chosen: BulkTemplate, rows: _Rows, groups: Mapping[str, Sequence[int]]
) -> tuple[list[BulkListing], list[HeldRow]]:
    listings: list[BulkListing] = []
    held: list[HeldRow] = []
    done: set[str] = set()
    for line, row in sorted(rows.parsed.items()):
        if row.parent_sku is None:
            listings.append(BulkListing(draft=_draft(row), rows=((line, row.sku),)))
            continue
        if row.parent_sku in done:
            continue
        done.add(row.parent_sku)
        lines = groups[row.parent_sku]
        bad = [n for n in lines if n not in rows.parsed]
        if bad:
            reason = f"not listed: line(s) {', '.join(map(str, bad))} of its group are bad"
            held.extend(
                HeldRow(line=n, sku=rows.parsed[n].sku, reason=reason)
                for n in lines
                if n in rows.parsed
            )
            continue
        members = [rows.parsed[n] for n in lines]
        listings.append(
            BulkListing(
                draft=_group_draft(chosen, row.parent_sku, members),
                rows=tuple((m.line, m.sku) for m in members),
            )
        )
    return listings, held


def read_bulk_file(path: str | Path, marketplace: str, *, mode: str = "create") -> BulkFile:
    """Read and check a filled template: the valid rows typed, and every bad row with its reason.

    Args:
        path: a `.csv` (comma, semicolon or tab separated, UTF-8) or `.xlsx` file.
        marketplace: the marketplace's key (one with a bulk layout).
        mode: `"create"` (new listings) or `"update"` (price, stock, activation).

    Raises:
        BulkFileError: the file cannot be read as this marketplace's template (one of
            `UnreadableFileError`, `WrongTemplateError`, `UnknownColumnsError`,
            `MissingColumnsError`, `ExcelSupportMissing`).
        ValueError: an unknown marketplace or mode.

    Examples:
        See the module docstring.
    """
    chosen = template(marketplace, mode)
    file = Path(path)
    sheet = read_sheet(file)
    keys = _check_header(chosen, sheet)
    rows = _Rows(chosen, keys, sheet)
    _duplicates(rows)
    groups = _groups(rows) if "parent_sku" in chosen.names else {}
    listings: list[BulkListing] = []
    updates: list[BulkUpdate] = []
    held: list[HeldRow] = []
    if chosen.mode == "create":
        listings, held = _listings(chosen, rows, groups)
    else:
        updates = [_update(row) for _, row in sorted(rows.parsed.items())]
    errors = sorted(
        (error for line_errors in rows.errors.values() for error in line_errors),
        key=lambda error: error.line,
    )
    return BulkFile(
        marketplace=chosen.marketplace,
        mode=chosen.mode,
        path=file,
        format=sheet.format,
        row_count=len(rows.cells),
        listings=tuple(listings),
        updates=tuple(updates),
        errors=tuple(errors),
        held=tuple(held),
    )
