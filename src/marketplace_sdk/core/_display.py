"""Readable tables of canonical records for notebooks (HTML) and terminals (rich).

A record renders as a two-column field table; an iterable of records, or a `BatchResult`, as a
table with one row per record and one column per field. Values are shown the way `repr` shows
them, so buyer names, e-mail addresses, street lines, postal codes and phones stay masked;
`raw` is never shown (it is one attribute away: `record.raw`). `Record`, `ItemResult` and
`BatchResult` use these functions for their `__rich__` and `_repr_html_`, so Jupyter and
`rich.print` show them as tables without any call.

Examples:
    >>> from marketplace_sdk.core._models import Buyer, StockUpdate
    >>> print(to_text(view([StockUpdate(sku="MUG-1", quantity=3)]), width=40))
    ┏━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓
    ┃ sku   ┃ quantity ┃ marketplace_id ┃
    ┡━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩
    │ MUG-1 │ 3        │ —              │
    └───────┴──────────┴────────────────┘
    >>> "Dupont" in record_html(Buyer(name="Jeanne Dupont"))
    False
"""

from __future__ import annotations

import html
import io
import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from enum import Enum

import attrs
from pydantic import BaseModel
from rich.console import Console, RenderableType
from rich.table import Table

__all__ = [
    "DEFAULT_MAX_ROWS",
    "RecordsView",
    "record_html",
    "record_table",
    "records_html",
    "records_table",
    "to_text",
    "view",
]

#: How many rows a table of records shows before it says how many more there are.
DEFAULT_MAX_ROWS = 50

_EMPTY = "—"


@attrs.frozen
class _Grid:
    """A table independent of its output format: cells are text or a nested table."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str | _Grid, ...], ...]
    title: str | None = None
    note: str | None = None


def _shown_fields(model: BaseModel) -> Iterator[tuple[str, object]]:
    # `__repr_args__` is what repr prints: masked buyer data, no `raw`.
    for name, value in model.__repr_args__():
        if name is not None:
            yield name, value


def _has_own_str(value: BaseModel) -> bool:
    return type(value).__str__ is not BaseModel.__str__


def _datetime_text(value: datetime) -> str:
    offset = value.utcoffset()
    if offset is not None and not offset:
        return value.replace(tzinfo=None).isoformat(sep=" ") + "Z"
    return value.isoformat(sep=" ")


def _text(value: object) -> str:
    """One value as short text, masked as in repr."""
    if value is None:
        return _EMPTY
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, datetime):
        return _datetime_text(value)
    if isinstance(value, BaseModel):
        if _has_own_str(value):
            return str(value)
        given = [(name, item) for name, item in _shown_fields(value) if item is not None]
        if len(given) == 1:
            return _text(given[0][1])
        return ", ".join(f"{name}={_text(item)}" for name, item in given) or _EMPTY
    if isinstance(value, Mapping):
        return ", ".join(f"{key}={_text(item)}" for key, item in value.items()) or _EMPTY
    if isinstance(value, list | tuple | set | frozenset):
        if any(isinstance(item, BaseModel) and not _has_own_str(item) for item in value):
            return str(len(value))
        return ", ".join(_text(item) for item in value) or _EMPTY
    return str(value)


def _is_nested_model(value: object) -> bool:
    return isinstance(value, BaseModel) and not _has_own_str(value)


def _is_model_sequence(value: object) -> bool:
    return (
        isinstance(value, list | tuple)
        and bool(value)
        and all(isinstance(item, BaseModel) for item in value)
    )


def _field_rows(model: BaseModel, prefix: str = "") -> list[tuple[str, str | _Grid]]:
    rows: list[tuple[str, str | _Grid]] = []
    for name, value in _shown_fields(model):
        label = f"{prefix}{name}"
        if _is_nested_model(value):
            assert isinstance(value, BaseModel)
            rows.extend(_field_rows(value, prefix=f"{label}."))
        elif _is_model_sequence(value):
            assert isinstance(value, list | tuple)
            rows.append((label, _records_grid(value, columns=None, max_rows=None)))
        else:
            rows.append((label, _text(value)))
    return rows


def _record_grid(record: BaseModel) -> _Grid:
    return _Grid(
        columns=("field", "value"),
        rows=tuple(_field_rows(record)),
        title=type(record).__name__,
    )


def _records_grid(
    records: Iterable[BaseModel],
    *,
    columns: Sequence[str] | None,
    max_rows: int | None,
    title: str | None = None,
) -> _Grid:
    iterator = iter(records)
    taken = list(iterator if max_rows is None else itertools.islice(iterator, max_rows))
    note = None
    if max_rows is not None:
        rest = sum(1 for _ in iterator) if isinstance(records, Sequence) else None
        if rest:
            note = f"… and {rest} more not shown"
        elif rest is None and next(iterator, None) is not None:
            note = "… more not shown"
    shown = [dict(_shown_fields(record)) for record in taken]
    names: list[str] = list(columns) if columns is not None else []
    if columns is None:
        for fields in shown:
            names.extend(name for name in fields if name not in names)
    rows = tuple(tuple(_text(fields.get(name)) for name in names) for fields in shown)
    return _Grid(columns=tuple(names), rows=rows, title=title, note=note)


def _rich(grid: _Grid) -> Table:
    table = Table(title=grid.title, caption=grid.note)
    for column in grid.columns:
        table.add_column(column, overflow="fold")
    for row in grid.rows:
        table.add_row(*(_rich(cell) if isinstance(cell, _Grid) else cell for cell in row))
    return table


def _html(grid: _Grid) -> str:
    out = io.StringIO()
    out.write('<table class="marketplace-sdk">')
    if grid.title:
        out.write(f"<caption>{html.escape(grid.title)}</caption>")
    out.write("<thead><tr>")
    out.write("".join(f"<th>{html.escape(column)}</th>" for column in grid.columns))
    out.write("</tr></thead><tbody>")
    for row in grid.rows:
        cells = (_html(cell) if isinstance(cell, _Grid) else html.escape(cell) for cell in row)
        out.write("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>")
    out.write("</tbody></table>")
    if grid.note:
        out.write(f"<p>{html.escape(grid.note)}</p>")
    return out.getvalue()


def record_table(record: BaseModel) -> Table:
    """A rich table of one record's fields: nested records as dotted rows, lines as a sub-table.

    Examples:
        >>> from marketplace_sdk.core._models import Buyer
        >>> print(to_text(record_table(Buyer(name="Ann Lee")), width=30))
                Buyer
        ┏━━━━━━━┳━━━━━━━━━━━┓
        ┃ field ┃ value     ┃
        ┡━━━━━━━╇━━━━━━━━━━━┩
        │ name  │ A*** L*** │
        │ email │ —         │
        │ phone │ —         │
        └───────┴───────────┘
    """
    return _rich(_record_grid(record))


def records_table(
    records: Iterable[BaseModel],
    *,
    columns: Sequence[str] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    title: str | None = None,
) -> Table:
    """A rich table with one row per record (at most `max_rows`) and one column per field.

    Args:
        records: canonical records (or any pydantic models); an iterator is read only as far
            as `max_rows` and one more.
        columns: the field names to show, in order; default every field of the records.
        max_rows: rows shown before a caption says how many more there are.
        title: a title above the table.

    Examples:
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> table = records_table([StockUpdate(sku="A", quantity=1)], columns=["sku"])
        >>> [column.header for column in table.columns], table.row_count
        (['sku'], 1)
    """
    return _rich(_records_grid(records, columns=columns, max_rows=max_rows, title=title))


def record_html(record: BaseModel) -> str:
    """One record's field table as HTML (what Jupyter shows for a record).

    Examples:
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> record_html(StockUpdate(sku="A", quantity=1)).startswith('<table class=')
        True
    """
    return _html(_record_grid(record))


def records_html(
    records: Iterable[BaseModel],
    *,
    columns: Sequence[str] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    title: str | None = None,
) -> str:
    """The table of `records_table`, as HTML.

    Examples:
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> "<td>MUG-1</td>" in records_html([StockUpdate(sku="MUG-1", quantity=2)])
        True
    """
    return _html(_records_grid(records, columns=columns, max_rows=max_rows, title=title))


def _as_tuple(records: Iterable[BaseModel]) -> tuple[BaseModel, ...]:
    return tuple(records)


@attrs.frozen
class RecordsView:
    """Records held for display: a table in Jupyter (`_repr_html_`) and in rich (`__rich__`).

    Build one with `view`. The records are read once, when the view is made.

    Attributes:
        records: the records shown.
        columns: the fields shown, in order; `None` for all.
        max_rows: rows shown before the table says how many more there are.
        title: the table's title.

    Examples:
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> len(view([StockUpdate(sku="A", quantity=1)]).records)
        1
    """

    records: tuple[BaseModel, ...] = attrs.field(converter=_as_tuple)
    columns: tuple[str, ...] | None = None
    max_rows: int = DEFAULT_MAX_ROWS
    title: str | None = None

    def __rich__(self) -> Table:
        return records_table(
            self.records, columns=self.columns, max_rows=self.max_rows, title=self.title
        )

    def _repr_html_(self) -> str:
        return records_html(
            self.records, columns=self.columns, max_rows=self.max_rows, title=self.title
        )


def view(
    records: Iterable[BaseModel],
    *,
    columns: Sequence[str] | None = None,
    max_rows: int = DEFAULT_MAX_ROWS,
    title: str | None = None,
) -> RecordsView:
    """Show a list or iterator of records as a table: the last line of a notebook cell.

    Examples:
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> view([StockUpdate(sku="A", quantity=1)], columns=["sku"]).columns
        ('sku',)
    """
    return RecordsView(
        tuple(records),
        columns=tuple(columns) if columns is not None else None,
        max_rows=max_rows,
        title=title,
    )


def to_text(renderable: RenderableType | object, *, width: int = 100) -> str:
    """What `rich.print` would show, as plain text (no colours): for logs, docs and doctests.

    Args:
        renderable: a record, a list or tuple of records (shown as `view(records)` shows
            them: a table), a `BatchResult`, a `RecordsView`, or any rich renderable.
        width: the width of the text, in characters.

    Examples:
        >>> from marketplace_sdk.core._results import BatchResult, ItemResult
        >>> "SKU-1" in to_text(BatchResult([ItemResult.ok("SKU-1")]))
        True
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> records = [StockUpdate(sku="MUG-1", quantity=3)]
        >>> to_text(records) == to_text(view(records))
        True
    """
    if isinstance(renderable, list | tuple) and _is_model_sequence(renderable):
        renderable = view(item for item in renderable if isinstance(item, BaseModel))
    console = Console(
        file=io.StringIO(), width=width, color_system=None, force_terminal=False, record=True
    )
    console.print(renderable)
    return "\n".join(line.rstrip() for line in console.export_text().splitlines())
