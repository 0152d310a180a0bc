"""Stock and price updates from command arguments (`SKU=QTY`, `SKU=PRICE[:SELLING]`) or files.

Files are CSV with a header row (`sku,quantity`; `sku,price[,selling_price][,currency]`) or
JSON (a list of objects with the same keys). A bad row stops the command before anything is
sent, naming the file, the line and what is wrong (`BadInput`, exit code 2).

Examples:
    >>> stock_from_args(["MUG-1=4", "MUG-2=0"])[1]
    StockUpdate(sku='MUG-2', quantity=0, marketplace_id=None)
    >>> prices_from_args(["MUG-1=12.50:9.99"], currency="EUR")[0].selling_price
    Money(amount=Decimal('9.99'), currency='EUR')
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from pathlib import Path

from pydantic import ValidationError

from marketplace_sdk.cli._errors import BadInput
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money

__all__ = ["prices_from_args", "prices_from_file", "stock_from_args", "stock_from_file"]


def _split(argument: str, example: str) -> tuple[str, str]:
    sku, sep, value = argument.partition("=")
    if not sep or not sku.strip() or not value.strip():
        raise BadInput(f"{argument!r} is not SKU=VALUE (for example {example})")
    return sku.strip(), value.strip()


def _quantity(text: str, where: str) -> int:
    try:
        quantity = int(text)
    except ValueError:
        raise BadInput(f"{where}: quantity {text!r} is not a whole number") from None
    if quantity < 0:
        raise BadInput(f"{where}: quantity {quantity} is negative")
    return quantity


def _money(text: str, currency: str, where: str, field: str) -> Money:
    try:
        money = Money(amount=text, currency=currency)
    except ValidationError:
        raise BadInput(f"{where}: {field} {text!r} in {currency!r} is not a price") from None
    if money.amount < 0:
        raise BadInput(f"{where}: {field} {text!r} is negative")
    return money


def stock_from_args(arguments: Iterable[str]) -> list[StockUpdate]:
    """Stock updates from `SKU=QTY` arguments.

    Raises:
        BadInput: an argument is not `SKU=QTY` with a whole, non-negative quantity.

    Examples:
        >>> stock_from_args(["A=1"])[0].quantity
        1
    """
    updates = []
    for argument in arguments:
        sku, value = _split(argument, "MUG-1=4")
        updates.append(StockUpdate(sku=sku, quantity=_quantity(value, repr(argument))))
    return updates


def prices_from_args(arguments: Iterable[str], *, currency: str) -> list[PriceUpdate]:
    """Price updates from `SKU=PRICE` or `SKU=PRICE:SELLING_PRICE` arguments.

    Raises:
        BadInput: an argument is not in that form, or a price is not a decimal amount.

    Examples:
        >>> prices_from_args(["A=10"], currency="USD")[0].price.amount
        Decimal('10')
    """
    updates = []
    for argument in arguments:
        sku, value = _split(argument, "MUG-1=12.50 or MUG-1=12.50:9.99")
        price, _, selling = value.partition(":")
        where = repr(argument)
        updates.append(
            PriceUpdate(
                sku=sku,
                price=_money(price, currency, where, "price"),
                selling_price=_money(selling, currency, where, "selling price")
                if selling
                else None,
            )
        )
    return updates


def _rows(path: Path) -> list[tuple[str, Mapping[str, str]]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise BadInput(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(f"{path}: cannot be read as UTF-8 text ({type(error).__name__})") from None
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise BadInput(f"{path}: not valid JSON (line {error.lineno}: {error.msg})") from None
        if not isinstance(data, list) or not all(isinstance(item, dict) for item in data):
            raise BadInput(f"{path}: expected a JSON list of objects")
        return [
            (
                f"{path}, item {index}",
                {str(k): "" if v is None else str(v) for k, v in item.items()},
            )
            for index, item in enumerate(data, start=1)
        ]
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise BadInput(f"{path}: empty file (expected a header row)")
    rows: list[tuple[str, Mapping[str, str]]] = []
    for row in reader:
        where = f"{path}, line {reader.line_num}"
        if None in row:
            raise BadInput(f"{where}: more values than the header has columns")
        rows.append((where, {key.strip().lower(): _text(value) for key, value in row.items()}))
    return rows


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def _need(row: Mapping[str, str], column: str, where: str) -> str:
    value = row.get(column, "")
    if not value:
        raise BadInput(f"{where}: the {column!r} column is missing or empty")
    return value


def stock_from_file(path: Path) -> list[StockUpdate]:
    """Stock updates from a CSV (`sku,quantity`) or JSON file.

    Raises:
        BadInput: the file is missing, malformed, or a row has no SKU or a bad quantity.

    Examples:
        updates = stock_from_file(Path("stock.csv"))
    """
    updates = []
    for where, row in _rows(path):
        quantity = row.get("quantity") or row.get("stock") or ""
        if not quantity:
            raise BadInput(f"{where}: the 'quantity' column is missing or empty")
        updates.append(
            StockUpdate(sku=_need(row, "sku", where), quantity=_quantity(quantity, where))
        )
    if not updates:
        raise BadInput(f"{path}: no rows")
    return updates


def prices_from_file(path: Path, *, currency: str) -> list[PriceUpdate]:
    """Price updates from a CSV (`sku,price[,selling_price][,currency]`) or JSON file.

    A row's `currency` column, when present, overrides `currency`.

    Raises:
        BadInput: the file is missing, malformed, or a row has no SKU or a bad price.

    Examples:
        updates = prices_from_file(Path("prices.csv"), currency="EUR")
    """
    updates = []
    for where, row in _rows(path):
        row_currency = (row.get("currency") or currency).upper()
        selling = row.get("selling_price", "")
        updates.append(
            PriceUpdate(
                sku=_need(row, "sku", where),
                price=_money(_need(row, "price", where), row_currency, where, "price"),
                selling_price=_money(selling, row_currency, where, "selling price")
                if selling
                else None,
            )
        )
    if not updates:
        raise BadInput(f"{path}: no rows")
    return updates
