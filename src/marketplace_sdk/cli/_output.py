"""What the commands print: rich tables for people, JSON (`--json`) for machines.

Tables and JSON go to stdout; messages, warnings and progress bars go to stderr, so
`marketplace-sdk etsy orders list --json | jq` reads clean JSON.

Examples:
    >>> from marketplace_sdk.core._models import StockUpdate
    >>> json_text([StockUpdate(sku="MUG-1", quantity=3)])
    '[\\n  {\\n    "sku": "MUG-1",\\n    "quantity": 3,\\n    "marketplace_id": null\\n  }\\n]'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from typing import TypeVar

import typer
from pydantic import BaseModel, JsonValue
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._models import Order, Product
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.core._status import StatusTable

__all__ = [
    "capabilities_table",
    "emit_json",
    "err_console",
    "json_text",
    "order_detail",
    "orders_table",
    "out_console",
    "products_table",
    "progress",
    "read_all",
    "record_json",
    "results_table",
    "shows_progress",
    "status_map_table",
    "summary",
    "summary_line",
]

T = TypeVar("T")


def out_console() -> Console:
    """A console on stdout (made per call, so it writes where stdout is now).

    Examples:
        out_console().print(products_table(products))
    """
    return Console(soft_wrap=False)


def err_console() -> Console:
    """A console on stderr, for messages and progress.

    Examples:
        err_console().print("[green]Connected[/]")
    """
    return Console(stderr=True, soft_wrap=True)


def record_json(record: BaseModel, *, raw: bool = False) -> dict[str, JsonValue]:
    """`record` as JSON data; with `raw`, the marketplace's payload under `"raw"`.

    Examples:
        >>> from marketplace_sdk.core._models import Category
        >>> record_json(Category(id="7", name="Mugs", raw={"taxonomy_id": 7}), raw=True)["raw"]
        {'taxonomy_id': 7}
    """
    data: dict[str, JsonValue] = record.model_dump(mode="json")
    if raw:
        data["raw"] = getattr(record, "raw", None)
    return data


def json_text(items: object, *, raw: bool = False) -> str:
    """`items` (a record, a list of records, or plain JSON data) as indented JSON text.

    Examples:
        >>> json_text({"ok": 1})
        '{\\n  "ok": 1\\n}'
    """
    data: object
    if isinstance(items, BaseModel):
        data = record_json(items, raw=raw)
    elif isinstance(items, list | tuple):
        data = [
            record_json(item, raw=raw) if isinstance(item, BaseModel) else item for item in items
        ]
    else:
        data = items
    return json.dumps(data, indent=2, ensure_ascii=False)


def emit_json(items: object, *, raw: bool = False) -> None:
    """Write `items` as JSON on stdout.

    Examples:
        emit_json(products)
    """
    typer.echo(json_text(items, raw=raw))


def _money(value: Money | None) -> str:
    return "" if value is None else f"{value.amount} {value.currency}"


def _records_table(title: str, key: str, *columns: str) -> Table:
    # One record a row: the key column never wraps, the others fold long values.
    table = Table(title=title)
    table.add_column(key, no_wrap=True)
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


def products_table(products: Iterable[Product], title: str = "Products") -> Table:
    """A table of products: SKU, title, price, stock, active (or draft), variants, marketplace id.

    Examples:
        out_console().print(products_table(channel.iter_products()))
    """
    table = _records_table(
        title, "SKU", "Title", "Price", "Stock", "Active", "Variants", "Marketplace id"
    )
    for product in products:
        table.add_row(
            escape(product.sku),
            escape(product.title),
            _money(product.price),
            "" if product.stock is None else str(product.stock),
            "draft" if product.draft else "yes" if product.active else "no",
            str(len(product.variants)) if product.variants else "",
            escape(product.marketplace_id),
        )
    return table


def orders_table(orders: Iterable[Order], title: str = "Orders") -> Table:
    """A table of orders: id, created, updated, marketplace and OMS status, lines, total.

    Examples:
        out_console().print(orders_table(orders))
    """
    table = _records_table(
        title, "Order", "Created (UTC)", "Updated (UTC)", "Status", "OMS status", "Lines", "Total"
    )
    for order in orders:
        table.add_row(
            escape(order.order_id),
            f"{order.created_at:%Y-%m-%d %H:%M}",
            f"{order.updated_at:%Y-%m-%d %H:%M}",
            escape(order.marketplace_status),
            "" if order.oms_status is None else str(order.oms_status),
            str(sum(line.quantity for line in order.lines)),
            _money(order.totals.total),
        )
    return table


def order_detail(order: Order) -> Table:
    """One order as a table of its fields and lines (buyer details left out).

    Examples:
        out_console().print(order_detail(channel.get_order("123")))
    """
    table = Table(title=f"Order {escape(order.order_id)}", show_header=False)
    table.add_column("field", style="bold")
    table.add_column("value", overflow="fold")
    table.add_row("status", escape(order.marketplace_status))
    table.add_row("OMS status", "" if order.oms_status is None else str(order.oms_status))
    table.add_row("created", order.created_at.isoformat())
    table.add_row("updated", order.updated_at.isoformat())
    table.add_row("total", _money(order.totals.total))
    for line in order.lines:
        table.add_row(
            f"line {escape(line.line_id)}",
            f"{line.quantity} x {escape(line.sku or '?')} at {_money(line.unit_price)}"
            + (f" ({escape(line.title)})" if line.title else ""),
        )
    return table


def results_table(results: Iterable[ItemResult], title: str = "Results") -> Table:
    """A table of per-item results: key, outcome, reason, retry after.

    Examples:
        out_console().print(results_table(channel.push_stock(updates)))
    """
    table = Table(title=title)
    for column in ("SKU", "Outcome", "Reason", "Retry after (s)"):
        table.add_column(column, overflow="fold")
    styles = {"ok": "green", "rejected": "red", "retry_later": "yellow", "unknown": "magenta"}
    for result in results:
        outcome = str(result.outcome)
        table.add_row(
            escape(result.key),
            f"[{styles.get(outcome, 'white')}]{outcome}[/]",
            "" if result.reason is None else escape(str(result.reason)),
            "" if result.retry_after is None else f"{result.retry_after:g}",
        )
    return table


def summary(results: Sequence[ItemResult]) -> dict[str, int]:
    """How many results are ok, rejected, retry later and of unknown outcome.

    Examples:
        >>> summary([ItemResult.ok("A"), ItemResult.unknown("B", message="answer lost")])
        {'ok': 1, 'rejected': 0, 'retry_later': 0, 'unknown': 1}
    """
    counts = {str(outcome): 0 for outcome in Outcome}
    for result in results:
        counts[str(result.outcome)] += 1
    return counts


def summary_line(counts: dict[str, int]) -> str:
    """`summary` counts as the line a person reads, an unknown outcome included.

    Examples:
        >>> summary_line({"ok": 1, "rejected": 0, "retry_later": 2, "unknown": 1})
        '1 ok, 0 rejected, 2 to retry, 1 of unknown outcome'
    """
    return (
        f"{counts['ok']} ok, {counts['rejected']} rejected, {counts['retry_later']} to retry, "
        f"{counts['unknown']} of unknown outcome"
    )


def status_map_table(table: StatusTable) -> Table:
    """The seed's status table: OMS status, marketplace status, details.

    Examples:
        out_console().print(status_map_table(ETSY_STATUS_TABLE))
    """
    rendered = Table(title=f"{table.marketplace} status mapping", show_lines=True)
    rendered.add_column("OMS status")
    rendered.add_column(f"{table.marketplace} status")
    rendered.add_column("Inbound when")
    rendered.add_column("Details", overflow="fold")
    for row in table:
        rendered.add_row(row.oms_cell, row.marketplace_cell, row.inbound.value, escape(row.details))
    return rendered


def capabilities_table(capabilities: Capabilities) -> Table:
    """The channel's capabilities: behaviour, supported or not, and the seed's words.

    Examples:
        out_console().print(capabilities_table(ETSY_CAPABILITIES))
    """
    table = Table(title=f"{capabilities.marketplace} capabilities")
    table.add_column("Capability")
    table.add_column("Value")
    table.add_column("Explanation", overflow="fold")
    for row in capabilities.rows():
        table.add_row(escape(row.title), escape(row.value), escape(row.explanation))
    return table


def read_all(items: Iterable[T], label: str, *, limit: int = 0, show: bool = True) -> list[T]:
    """The first `limit` of `items` (0: all), read with a progress display counting them.

    Examples:
        products = read_all(channel.iter_products(), "reading products", limit=50)
    """
    found: list[T] = []
    with progress(show) as bar:
        task = bar.add_task(label, total=limit or None)
        for item in islice(items, limit or None):
            found.append(item)
            bar.advance(task)
    return found


def shows_progress(as_json: bool = False, quiet: bool = False) -> bool:
    """Whether a command shows a progress bar: on a terminal, without --json or --quiet.

    Examples:
        with progress(shows_progress(as_json, quiet)) as bar: ...
    """
    return not (as_json or quiet) and err_console().is_terminal


@contextmanager
def progress(enabled: bool = True) -> Iterator[Progress]:
    """A progress display on stderr (a spinner for unknown totals, a bar for known ones).

    Examples:
        with progress() as bar:
            task = bar.add_task("products", total=None)
            bar.advance(task)
    """
    display = Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console(),
        transient=True,
        disable=not enabled,
    )
    with display:
        yield display
