"""Canonical records as a pandas DataFrame, for notebooks (pandas is an optional extra).

`to_dataframe(records)` gives one row per record and one column per field. Nested records
spread into dotted columns (`buyer.name`, `totals.total.amount`); `Money` becomes a Decimal
`.amount` column and a `.currency` column (never a float); datetimes stay timezone-aware
(UTC); `explode="lines"` gives one row per order line instead. Buyer data is masked as in
`repr` unless `mask_personal=False`, and `raw` is left out unless `raw=True`.

pandas is imported only when `to_dataframe` is called: install it with
`pip install 'marketplace-sdk[pandas]'`; without it the call raises `MissingExtraError`.

Examples:
    >>> from marketplace_sdk.core._models import Product
    >>> from marketplace_sdk.core._money import Money
    >>> frame = to_dataframe([Product(sku="MUG-1", title="Mug", marketplace_id="9",
    ...                               price=Money(amount="9.90", currency="EUR"))])
    >>> frame.loc[0, "price.amount"], frame.loc[0, "price.currency"]
    (Decimal('9.90'), 'EUR')
"""

from __future__ import annotations

import importlib
import types
import typing
from collections.abc import Iterable, Sequence
from datetime import datetime
from enum import Enum
from typing import TYPE_CHECKING

from pydantic import BaseModel

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError
from marketplace_sdk.core._money import Money

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["MissingExtraError", "import_extra", "to_dataframe"]


class MissingExtraError(MarketplaceError, ImportError):
    """An optional feature was used without its extra installed; the message says what to install.

    Attributes:
        extra: the extra to install (`pandas`, `support`).

    Examples:
        >>> err = MissingExtraError("pandas", "pandas")
        >>> err.extra, err.error_class.value
        ('pandas', 'configuration')
        >>> str(err)
        "pandas is not installed: pip install 'marketplace-sdk[pandas]'"
    """

    default_class = ErrorClass.CONFIGURATION

    def __init__(self, package: str, extra: str) -> None:
        super().__init__(f"{package} is not installed: pip install 'marketplace-sdk[{extra}]'")
        self.extra = extra


def import_extra(module: str, extra: str) -> types.ModuleType:
    """Import `module`, or raise `MissingExtraError` naming the extra that provides it.

    Examples:
        >>> import_extra("json", "none").__name__
        'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        raise MissingExtraError(module.split(".")[0], extra) from exc


def _model_type(annotation: object) -> type[BaseModel] | None:
    """The pydantic model a field holds (`Money | None` gives `Money`), if any."""
    candidates = typing.get_args(annotation) or (annotation,)
    for candidate in candidates:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            return candidate
    return None


def _is_record_sequence(value: object) -> bool:
    return isinstance(value, tuple | list) and all(isinstance(item, BaseModel) for item in value)


def _fields(model: BaseModel, *, mask: bool) -> list[tuple[str, object, object]]:
    """(name, value, annotation) of each field but `raw`; values masked as in repr when `mask`."""
    shown = dict(model.__repr_args__()) if mask else {}
    result: list[tuple[str, object, object]] = []
    for name, info in type(model).model_fields.items():
        if name == "raw":
            continue
        value = shown[name] if name in shown else getattr(model, name)
        result.append((name, value, info.annotation))
    return result


def _cell(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    return value


def _flatten(
    model: BaseModel | None,
    model_type: type[BaseModel],
    prefix: str,
    *,
    flatten: bool,
    mask: bool,
    skip: str | None = None,
) -> dict[str, object]:
    row: dict[str, object] = {}
    if model is None:
        for name, info in model_type.model_fields.items():
            if name != "raw":
                row.update(_value_columns(f"{prefix}{name}", None, info.annotation, flatten, mask))
        return row
    for name, value, annotation in _fields(model, mask=mask):
        if name != skip:
            row.update(_value_columns(f"{prefix}{name}", value, annotation, flatten, mask))
    return row


def _value_columns(
    key: str, value: object, annotation: object, flatten: bool, mask: bool
) -> dict[str, object]:
    nested = _model_type(annotation)
    if typing.get_origin(annotation) in (tuple, list) and nested is not None:
        items = tuple(value) if isinstance(value, tuple | list) else ()
        return {f"{key}.count": len(items)} if flatten else {key: items}
    if flatten and nested is Money:
        money = value if isinstance(value, Money) else None
        return {
            f"{key}.amount": money.amount if money else None,
            f"{key}.currency": money.currency if money else None,
        }
    if flatten and nested is not None:
        assert value is None or isinstance(value, BaseModel)
        return _flatten(value, nested, f"{key}.", flatten=flatten, mask=mask)
    return {key: _cell(value)}


def _rows(
    record: BaseModel, *, flatten: bool, mask: bool, explode: str | None, raw: bool
) -> list[dict[str, object]]:
    base = _flatten(record, type(record), "", flatten=flatten, mask=mask, skip=explode)
    if raw:
        base["raw"] = getattr(record, "raw", None)
    if explode is None:
        return [base]
    items = getattr(record, explode, None)
    if not isinstance(items, tuple | list) or not _is_record_sequence(items):
        raise ValueError(f"{type(record).__name__}.{explode} is not a list of records")
    rows = []
    for item in items:
        assert isinstance(item, BaseModel)
        row = dict(base)
        row.update(_flatten(item, type(item), f"{explode}.", flatten=True, mask=mask))
        rows.append(row)
    return rows or [base]


def to_dataframe(
    records: Iterable[BaseModel],
    *,
    columns: Sequence[str] | None = None,
    flatten: bool = True,
    explode: str | None = None,
    raw: bool = False,
    mask_personal: bool = True,
) -> pd.DataFrame:
    """A DataFrame of canonical records: one row per record (or per line with `explode`).

    Args:
        records: canonical records (orders, products, item results, ...), read once.
        columns: the columns to keep, in order (names as the frame spells them, such as
            `"totals.total.amount"`); an unknown name raises `ValueError` listing the others.
        flatten: spread nested records and `Money` into dotted columns, and count lists of
            records (`lines.count`); `False` keeps one column per field holding the objects.
        explode: a field holding records (`"lines"`, `"variants"`): one row per item, its
            fields prefixed with the field name (`lines.sku`); a record without items keeps
            one row.
        raw: add a `raw` column with each record's marketplace payload.
        mask_personal: show buyer names, e-mails, street lines, postal codes and phones
            masked as `repr` does; `False` for the values themselves.

    Returns:
        The frame: Decimal amounts, string currencies, timezone-aware UTC datetimes.

    Raises:
        MissingExtraError: pandas is not installed.
        ValueError: an unknown column, or `explode` names a field that holds no records.

    Examples:
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> to_dataframe([StockUpdate(sku="A", quantity=2)]).to_dict("records")
        [{'sku': 'A', 'quantity': 2, 'marketplace_id': None}]
    """
    pandas = import_extra("pandas", "pandas")
    rows: list[dict[str, object]] = []
    for record in records:
        rows.extend(_rows(record, flatten=flatten, mask=mask_personal, explode=explode, raw=raw))
    names: list[str] = []
    for row in rows:
        names.extend(name for name in row if name not in names)
    frame: pd.DataFrame = pandas.DataFrame.from_records(rows, columns=names)
    for name in names:
        given = [row[name] for row in rows if row.get(name) is not None]
        if given and all(isinstance(value, datetime) for value in given):
            frame[name] = pandas.to_datetime(frame[name], utc=True)
    if columns is None:
        return frame
    unknown = [name for name in columns if name not in frame.columns]
    if unknown and rows:
        raise ValueError(f"unknown columns {unknown}; the frame has {list(frame.columns)}")
    return frame.reindex(columns=list(columns))
