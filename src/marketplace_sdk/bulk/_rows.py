"""One row's checks: each cell against its column, then the price rule; every problem kept.

`parse_row` never stops at the first problem: a row with a bad price and a missing title
gets both errors, and gives no `ParsedRow`.

Examples:
    >>> from marketplace_sdk.bulk._layouts import template
    >>> fnac = template("fnac", "update")
    >>> row, errors = parse_row(fnac, 2, {"sku": "A", "price": "0.50"})
    >>> row is None, [error.column for error in errors]
    (True, ['price'])
    >>> row, errors = parse_row(fnac, 3, {"sku": "A", "price": "12", "stock": "4"})
    >>> str(row.price), row.stock, errors
    ('12 EUR', 4, [])
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation

import attrs

from marketplace_sdk.bulk._errors import RowError
from marketplace_sdk.core._bulk_layout import (
    ATTRIBUTE_PREFIX,
    EXAMPLE_SKU_PREFIX,
    BulkTemplate,
    Column,
    Kind,
    Requirement,
)
from marketplace_sdk.core._errors import MarketplaceError
from marketplace_sdk.core._money import Money

__all__ = ["ParsedRow", "ean_is_valid", "parse_row"]

_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})
_URL = re.compile(r"https?://\S+")
_INTEGER = re.compile(r"[+]?\d+")
_NEGATIVE = re.compile(r"-\d+")
_VARIATION_COLUMNS = (
    "variation_1_name",
    "variation_1_value",
    "variation_2_name",
    "variation_2_value",
)


@attrs.frozen
class ParsedRow:
    """A row whose every cell is valid, as typed values.

    Attributes:
        line: the row's line in the file.
        sku: the SKU.
        parent_sku: the group product's SKU (variation rows), else `None`.
        title: the product name (`""` in update mode).
        description: the description.
        category_id: the category, when given.
        price: the price, when given (always in create mode).
        selling_price: the selling price, when given.
        stock: the quantity, when given (always in create mode).
        image_urls: the images, first one first.
        variation: the `(name, value)` pairs of a variation row.
        attributes: extra attributes (the EAN and `attribute:<code>` columns).
        active: activate (True) or deactivate (False), when given (an update).

    Examples:
        >>> ParsedRow(line=2, sku="A").variation
        ()
    """

    line: int
    sku: str
    parent_sku: str | None = None
    title: str = ""
    description: str = ""
    category_id: str | None = None
    price: Money | None = None
    selling_price: Money | None = None
    stock: int | None = None
    image_urls: tuple[str, ...] = ()
    variation: tuple[tuple[str, str], ...] = ()
    attributes: Mapping[str, str] = attrs.field(factory=dict)
    active: bool | None = None


def ean_is_valid(code: str) -> bool:
    """Whether `code` is an EAN / GTIN (8, 12, 13 or 14 digits) with a right check digit.

    Examples:
        >>> ean_is_valid("4006381333931"), ean_is_valid("4006381333932"), ean_is_valid("12")
        (True, False, False)
    """
    if not code.isdigit() or len(code) not in {8, 12, 13, 14}:
        return False
    digits = [int(char) for char in reversed(code[:-1])]
    total = sum(digit * (3 if index % 2 == 0 else 1) for index, digit in enumerate(digits))
    return (10 - total % 10) % 10 == int(code[-1])


class _Row:
    """The cells of one row and the errors found so far."""

    def __init__(self, template: BulkTemplate, line: int, cells: Mapping[str, str]) -> None:
        self.template = template
        self.line = line
        self.cells = cells
        self.sku = cells.get("sku", "").strip() or None
        self.errors: list[RowError] = []

    def fail(self, column: str | None, reason: str) -> None:
        self.errors.append(RowError(line=self.line, sku=self.sku, column=column, reason=reason))

    def text(self, name: str) -> str:
        return self.cells.get(name, "").strip()

    def value(self, column: Column) -> str | None:
        raw = self.text(column.name)
        if not raw:
            if column.required is Requirement.REQUIRED:
                self.fail(column.name, "required: the cell is empty")
            return None
        if column.allowed and column.kind is not Kind.YES_NO:
            match = next((v for v in column.allowed if v.casefold() == raw.casefold()), None)
            if match is None:
                shown = ", ".join(column.allowed[:8]) + (", ..." if len(column.allowed) > 8 else "")
                self.fail(column.name, f"unknown value {raw!r}: allowed are {shown}")
                return None
            return match
        return raw

    def decimal(self, column: Column) -> Decimal | None:
        raw = self.value(column)
        if raw is None:
            return None
        try:
            number = Decimal(raw)
        except InvalidOperation:
            hint = " (use a dot as the decimal separator)" if "," in raw else ""
            self.fail(column.name, f"not a number: {raw!r}{hint}")
            return None
        if not number.is_finite() or number <= 0:
            self.fail(column.name, f"must be a number above 0, not {raw!r}")
            return None
        return number

    def integer(self, column: Column, maximum: int | None = None) -> int | None:
        raw = self.value(column)
        if raw is None:
            return None
        if not _INTEGER.fullmatch(raw):
            if _NEGATIVE.fullmatch(raw):
                self.fail(column.name, f"must be 0 or more (≥ 0), not {raw!r}")
            else:
                self.fail(column.name, f"not a whole number: {raw!r}")
            return None
        number = int(raw)
        if maximum is not None and number > maximum:
            self.fail(column.name, f"{number} is above {maximum:,}, the most accepted")
            return None
        return number

    def yes_no(self, column: Column) -> bool | None:
        raw = self.value(column)
        if raw is None:
            return None
        if raw.casefold() in _YES:
            return True
        if raw.casefold() in _NO:
            return False
        self.fail(column.name, f"unknown value {raw!r}: allowed are yes, no")
        return None

    def urls(self, column: Column) -> tuple[str, ...]:
        raw = self.value(column)
        if raw is None:
            return ()
        urls = tuple(part for part in re.split(r"[\s|]+", raw) if part)
        bad = [url for url in urls if not _URL.fullmatch(url)]
        if bad:
            self.fail(column.name, f"not an http(s) URL: {bad[0]!r}")
            return ()
        return urls


def _prices(row: _Row, currency: str | None) -> tuple[Money | None, Money | None]:
    template = row.template
    price_column = template.column("price")
    selling_column = template.column("selling_price")
    amount = row.decimal(price_column)
    selling_amount = row.decimal(selling_column)
    if selling_amount is not None and amount is None and not row.text("price"):
        row.fail("selling_price", "a selling price needs a price on the same row")
    if amount is None or currency is None:
        return None, None
    price = Money(amount=amount, currency=currency)
    selling = None if selling_amount is None else Money(amount=selling_amount, currency=currency)
    if selling is not None and selling.amount > price.amount:
        row.fail(
            "selling_price",
            f"the selling price {selling} is above the price {price}: a selling price is the "
            "reduced price",
        )
        return None, None
    try:
        template.resolve_price(price, selling)
    except MarketplaceError as error:
        sent_selling = template.sends_selling_price and selling is not None
        row.fail("selling_price" if sent_selling else "price", error.message)
        return None, None
    return price, selling


def _currency(row: _Row) -> str | None:
    column = row.template.column("currency")
    given = row.value(column)
    if given is None and row.text("currency"):
        return None
    currency = (given or row.template.default_currency or "").upper() or None
    if currency is None and row.text("price") and column.required is not Requirement.REQUIRED:
        row.fail("currency", "required with a price: the cell is empty")
    return currency


def _category(row: _Row) -> str | None:
    column = row.template.column("category_id")
    if column.kind is Kind.INTEGER:
        number = row.integer(column)
        return None if number is None else str(number)
    return row.value(column)


def _variation(row: _Row) -> tuple[tuple[str, str], ...]:
    if "variation_1_name" not in row.template.names:
        return ()
    cells = [row.text(name) for name in _VARIATION_COLUMNS]
    if not row.text("parent_sku"):
        filled = [name for name, cell in zip(_VARIATION_COLUMNS, cells, strict=True) if cell]
        if filled:
            row.fail(filled[0], "variation values need a parent_sku (empty for a single product)")
        return ()
    pairs: list[tuple[str, str]] = []
    for index in (0, 2):
        name, value = cells[index], cells[index + 1]
        if name and value:
            pairs.append((name, value))
        elif index == 0 or name or value:
            missing = _VARIATION_COLUMNS[index if not name else index + 1]
            row.fail(missing, "required on a variation row: the cell is empty")
    return tuple(pairs)


def parse_row(
    template: BulkTemplate, line: int, cells: Mapping[str, str]
) -> tuple[ParsedRow | None, list[RowError]]:
    """Check one row against `template`: a `ParsedRow` when it is valid, and every error.

    `cells` maps column names (as the template spells them, plus `attribute:<code>`) to text.

    Examples:
        See the module docstring.
    """
    row = _Row(template, line, cells)
    if row.sku is None:
        row.fail("sku", "required: the cell is empty")
    elif row.sku.upper().startswith(EXAMPLE_SKU_PREFIX):
        row.fail("sku", "the template's example row: delete it or put your own product here")
    names = set(template.names)
    currency = _currency(row)
    price, selling = _prices(row, currency)
    stock_column = template.column("stock")
    stock = row.integer(stock_column, template.max_stock)
    text = {
        name: row.value(template.column(name))
        for name in ("title", "description", "parent_sku", "ean")
        if name in names
    }
    category = _category(row) if "category_id" in names else None
    images = row.urls(template.column("image_urls")) if "image_urls" in names else ()
    active = row.yes_no(template.column("active")) if "active" in names else None
    variation = _variation(row)
    attributes: dict[str, str] = {}
    if text.get("ean") is not None:
        ean = str(text["ean"])
        if not ean_is_valid(ean):
            row.fail("ean", f"not a valid EAN (8, 12, 13 or 14 digits, check digit): {ean!r}")
        attributes["ean"] = ean
    for name, value in cells.items():
        if name.startswith(ATTRIBUTE_PREFIX) and value.strip():
            attributes[name[len(ATTRIBUTE_PREFIX) :].strip()] = value.strip()
    nothing = price is None and stock is None and active is None
    if template.mode == "update" and not row.errors and nothing:
        changes = ", ".join(n for n in ("price", "stock", "active") if n in names)
        row.fail(None, f"nothing to update: fill at least one of {changes}")
    if row.errors or row.sku is None:
        return None, row.errors
    parsed = ParsedRow(
        line=line,
        sku=row.sku,
        parent_sku=text.get("parent_sku"),
        title=text.get("title") or "",
        description=text.get("description") or "",
        category_id=category,
        price=price,
        selling_price=selling,
        stock=stock,
        image_urls=images,
        variation=variation,
        attributes=attributes,
        active=active,
    )
    return parsed, []
