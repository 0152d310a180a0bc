"""`stock push` and `prices push`: updates from arguments or a file, sent in batches with a
progress bar, one result per SKU.

Examples:
    >>> from typer.testing import CliRunner
    >>> group = typer.Typer()
    >>> add_push_commands(group, "fnac")
    >>> CliRunner().invoke(group, ["stock", "push", "--help"]).exit_code
    0
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from marketplace_sdk.cli._context import profile_name
from marketplace_sdk.cli._errors import BadInput, ExitCode, handle_errors
from marketplace_sdk.cli._inputs import (
    prices_from_args,
    prices_from_file,
    stock_from_args,
    stock_from_file,
)
from marketplace_sdk.cli._options import JsonOption, ProfileOption, channel_for, command_group
from marketplace_sdk.cli._output import (
    emit_json,
    err_console,
    out_console,
    progress,
    results_table,
    summary,
    summary_line,
)
from marketplace_sdk.cli._state import get_state
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._registry import get_marketplace
from marketplace_sdk.core._results import ItemResult

__all__ = ["add_push_commands", "push_and_report", "push_in_batches", "report_results"]

U = TypeVar("U", StockUpdate, PriceUpdate)

_FileOption = Annotated[
    Path | None,
    typer.Option("--file", "-f", help="A CSV or JSON file of updates.", dir_okay=False),
]
_BatchOption = Annotated[
    int, typer.Option("--batch-size", min=1, help="Updates sent per marketplace call.")
]


def push_in_batches(
    updates: Sequence[U],
    push: Callable[[Sequence[U]], Sequence[ItemResult]],
    *,
    label: str,
    batch_size: int,
    as_json: bool = False,
    title: str | None = None,
) -> list[ItemResult]:
    """Send `updates` through `push` in batches of `batch_size`, with a progress bar.

    When a batch raises (refused credentials, the marketplace down) after earlier batches were
    applied, the results of those batches are shown first (a table titled `title`, or JSON
    when `as_json`), then the error propagates for `handle_errors` to report with its exit code.

    Examples:
        results = push_in_batches(updates, channel.push_stock, label="stock", batch_size=500)
    """
    results: list[ItemResult] = []
    try:
        with progress() as bar:
            task = bar.add_task(f"pushing {label}", total=len(updates))
            for start in range(0, len(updates), batch_size):
                chunk = updates[start : start + batch_size]
                results.extend(push(chunk))
                bar.advance(task, len(chunk))
    except Exception:
        if results:
            _report_applied(
                results, total=len(updates), as_json=as_json, title=title or f"{label} push"
            )
        raise
    return results


def _report_applied(
    results: Sequence[ItemResult], *, total: int, as_json: bool, title: str
) -> None:
    """Show what the batches sent before a failing one did (the error is reported next)."""
    counts = summary(results)
    not_sent = total - len(results)
    if as_json:
        emit_json(
            {
                "summary": counts,
                "results": [item.model_dump(mode="json") for item in results],
                "not_sent": not_sent,
                "complete": False,
            }
        )
        return
    out_console().print(results_table(results, title=f"{title} (stopped early)"))
    err_console().print(
        f"stopped after {len(results)} of {total} update(s): {summary_line(counts)}; "
        f"{not_sent} not sent"
    )


def report_results(results: Sequence[ItemResult], *, as_json: bool, title: str) -> None:
    """Print per-item results; exit 1 when any item is not ok (rejected, to retry, unknown).

    Examples:
        report_results(channel.push_stock(updates), as_json=False, title="Stock")
    """
    counts = summary(results)
    if as_json:
        emit_json(
            {"summary": counts, "results": [item.model_dump(mode="json") for item in results]}
        )
    else:
        out_console().print(results_table(results, title=title))
        err_console().print(summary_line(counts))
    if counts["ok"] != len(results):
        raise typer.Exit(int(ExitCode.FAILED))


def push_and_report(
    updates: Sequence[U],
    push: Callable[[Sequence[U]], Sequence[ItemResult]],
    *,
    label: str,
    batch_size: int,
    as_json: bool,
    title: str,
) -> None:
    """`push_in_batches`, then `report_results` under `title` (exit 1 unless every item is ok).

    Examples:
        push_and_report(updates, channel.push_stock, label="stock", batch_size=500,
                        as_json=False, title="Stock push")
    """
    results = push_in_batches(
        updates, push, label=label, batch_size=batch_size, as_json=as_json, title=title
    )
    report_results(results, as_json=as_json, title=title)


def add_push_commands(app: typer.Typer, marketplace: str) -> None:
    """Add `stock push` and `prices push` to a marketplace's `app`.

    Examples:
        add_push_commands(group, "etsy")
    """
    stock = command_group(app, "stock", "Push stock levels to the shop.")
    prices = command_group(app, "prices", "Push prices to the shop.")

    @stock.command("push")
    def stock_push(
        ctx: typer.Context,
        levels: Annotated[
            list[str] | None, typer.Argument(help="SKU=QUANTITY pairs.", show_default=False)
        ] = None,
        file: _FileOption = None,
        profile: ProfileOption = None,
        batch_size: _BatchOption = 500,
        as_json: JsonOption = False,
    ) -> None:
        """Set stock levels from SKU=QTY arguments or a file (CSV: sku,quantity).

        Example: marketplace-sdk etsy stock push MUG-1=4 MUG-2=0
        """
        with handle_errors(profile_name(profile)):
            updates = _collect(levels, file, stock_from_args, stock_from_file)
            channel = channel_for(ctx, marketplace, profile)
            push_and_report(
                updates,
                channel.push_stock,
                label="stock",
                batch_size=batch_size,
                as_json=as_json,
                title="Stock push",
            )

    @prices.command("push")
    def prices_push(
        ctx: typer.Context,
        values: Annotated[
            list[str] | None,
            typer.Argument(help="SKU=PRICE or SKU=PRICE:SELLING_PRICE.", show_default=False),
        ] = None,
        file: _FileOption = None,
        currency: Annotated[
            str | None, typer.Option(help="ISO currency (default: the shop's).")
        ] = None,
        profile: ProfileOption = None,
        batch_size: _BatchOption = 500,
        as_json: JsonOption = False,
    ) -> None:
        """Set prices from arguments or a file (CSV: sku,price[,selling_price][,currency]).

        Example: marketplace-sdk etsy prices push MUG-1=12.50:9.99
        """
        with handle_errors(profile_name(profile)):
            money = (currency or _shop_currency(ctx, marketplace, profile)).upper()
            updates = _collect(
                values,
                file,
                lambda args: prices_from_args(args, currency=money),
                lambda path: prices_from_file(path, currency=money),
            )
            channel = channel_for(ctx, marketplace, profile)
            push_and_report(
                updates,
                channel.push_prices,
                label="prices",
                batch_size=batch_size,
                as_json=as_json,
                title="Price push",
            )


def _collect(
    arguments: list[str] | None,
    file: Path | None,
    from_args: Callable[[list[str]], list[U]],
    from_file: Callable[[Path], list[U]],
) -> list[U]:
    if bool(arguments) == (file is not None):
        raise BadInput("give either SKU=VALUE arguments or --file, not both and not neither")
    return from_file(file) if file is not None else from_args(arguments or [])


def _shop_currency(ctx: typer.Context, marketplace: str, profile: str | None) -> str:
    # A marketplace trading in one currency needs no profile to tell it.
    fixed = get_marketplace(marketplace).currency
    if fixed is not None:
        return fixed
    stored = get_state(ctx).store.load(marketplace, profile_name(profile))
    if stored.shop_currency:
        return stored.shop_currency
    raise BadInput("the shop's currency is not known: give --currency (for example USD)")
