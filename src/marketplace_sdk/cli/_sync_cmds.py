"""The seeds' manual syncs: `sync orders` (Sync Orders), `sync stock` (Sync Stock) and
`sync products` (the manual product sync), for one marketplace; `sync cancellations` and
`sync accept` (the order jobs by hand) live in `marketplace_sdk.cli._job_cmds`.

`sync orders` keeps a cursor per shop in `cursors.sqlite` in the config directory, so each run
fetches what changed since the last one (with a 5-minute overlap); a run filtered with
`--status` keeps its own cursor per set of statuses, so it never makes the unfiltered run skip
orders (`--status` with `--backfill` is refused, exit 2). Orders are written as JSON lines to
`--out` (or stdout), where the host upserts them by `order_id`. `sync products` imports the
catalogue keeping one product per SKU and reports the duplicates left out.

Examples:
    >>> from typer.testing import CliRunner
    >>> group = typer.Typer()
    >>> add_sync_commands(group, "fnac")
    >>> "orders" in CliRunner().invoke(group, ["sync", "--help"]).output
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from datetime import timedelta
from pathlib import Path
from typing import Annotated, TextIO

import typer

from marketplace_sdk.cli._context import profile_name
from marketplace_sdk.cli._errors import BadInput, handle_errors, status_usage
from marketplace_sdk.cli._inputs import stock_from_file
from marketplace_sdk.cli._job_cmds import add_job_commands
from marketplace_sdk.cli._options import (
    JsonOption,
    ProfileOption,
    QuietOption,
    channel_for,
    command_group,
)
from marketplace_sdk.cli._output import (
    emit_json,
    err_console,
    out_console,
    products_table,
    progress,
    read_all,
    shows_progress,
)
from marketplace_sdk.cli._push_cmds import push_and_report
from marketplace_sdk.cli._state import get_state
from marketplace_sdk.core._catalog import dedupe_by_sku
from marketplace_sdk.core._models import Order

__all__ = ["CURSOR_FILE", "add_sync_commands", "orders_job_id"]

#: The cursor database's file name in the config directory.
CURSOR_FILE = "cursors.sqlite"

#: The job id (cursor) of an unfiltered `sync orders` run.
_ORDERS_JOB = "orders.updated"


def orders_job_id(statuses: Sequence[str] | None) -> str:
    """The cursor's job id of a `sync orders` run keeping only `statuses` (all when empty).

    A filtered run has its own cursor, so it never moves the unfiltered run's one past orders
    of the other statuses.

    Examples:
        >>> orders_job_id(["Shipped", "New", "New"])
        'orders.updated[New,Shipped]'
        >>> orders_job_id(None)
        'orders.updated'
    """
    if not statuses:
        return _ORDERS_JOB
    return f"{_ORDERS_JOB}[{','.join(sorted(set(statuses)))}]"


_OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write records as JSON lines to this file.", dir_okay=False),
]


def _writer(stack: ExitStack, out: Path | None) -> TextIO | None:
    if out is None:
        return None
    return stack.enter_context(out.open("a", encoding="utf-8"))


def add_sync_commands(app: typer.Typer, marketplace: str) -> None:
    """Add the `sync` group (`orders`, `stock`, `products`) to a marketplace's `app`.

    Examples:
        add_sync_commands(group, "etsy")
    """
    sync = command_group(
        app, "sync", "Run the manual syncs (orders, stock, products) and the order jobs by hand."
    )
    add_job_commands(sync, marketplace)

    @sync.command("orders")
    def sync_orders_command(
        ctx: typer.Context,
        profile: ProfileOption = None,
        days: Annotated[
            int, typer.Option(min=1, help="How far back the first run (or --backfill) reaches.")
        ] = 1,
        backfill: Annotated[
            bool, typer.Option(help="Fill every gap of the last --days days (90 at connect).")
        ] = False,
        status: Annotated[
            list[str] | None,
            typer.Option("--status", "-s", help="Keep this status (seed words); repeatable."),
        ] = None,
        out: _OutOption = None,
        as_json: JsonOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Fetch the orders changed since the last run (Sync Orders) and write them out.

        With --backfill a progress bar counts the days of the horizon done (on a terminal,
        without --json or --quiet).

        Example: marketplace-sdk etsy sync orders --out orders.jsonl
        """
        # The sync package (the scheduler among it) loads when a sync runs, not at start.
        from marketplace_sdk.cli._progress import BackfillProgress
        from marketplace_sdk.sync import (
            CursorStore,
            SQLiteCursorStore,
            backfill_orders,
            sync_orders,
        )

        state = get_state(ctx)
        with handle_errors(profile_name(profile)), status_usage(), ExitStack() as stack:
            if backfill and status:
                raise BadInput(
                    "--status cannot be used with --backfill: the backfill fetches every order"
                )
            channel = channel_for(ctx, marketplace, profile)
            database = SQLiteCursorStore(state.store.ensure_home() / CURSOR_FILE)
            stack.callback(database.close)
            cursors: CursorStore = database
            handle = _writer(stack, out)
            bar = stack.enter_context(progress(shows_progress(as_json, quiet)))
            horizon = timedelta(days=days)
            if backfill:
                task = bar.add_task("backfill: days done", total=days)
                cursors = BackfillProgress(cursors, bar, task, horizon)
            else:
                task = bar.add_task("syncing orders", total=None)
            kept: list[Order] = []

            def sink(batch: Sequence[Order]) -> None:
                for order in batch:
                    if handle is not None:
                        handle.write(order.model_dump_json() + "\n")
                    elif as_json:
                        kept.append(order)
                    else:
                        typer.echo(order.model_dump_json())
                if handle is not None:
                    handle.flush()
                if not backfill:
                    bar.advance(task, len(batch))

            if backfill:
                report = backfill_orders(
                    channel, cursors, sink, now=state.clock.now(), horizon=horizon
                )
            else:
                report = sync_orders(
                    channel,
                    cursors,
                    sink,
                    now=state.clock.now(),
                    job_id=orders_job_id(status),
                    statuses=status or None,
                    initial=timedelta(days=days),
                )
        covered = report.covered
        data = {
            "job": report.job_id,
            "orders": report.records,
            "batches": report.batches,
            "from": covered.start.isoformat() if covered else None,
            "to": covered.end.isoformat() if covered else None,
        }
        if as_json:
            emit_json({**data, "records": [order.model_dump(mode="json") for order in kept]})
        else:
            err_console().print(
                f"{report.records} orders synced"
                + (f" ({data['from']} to {data['to']})" if covered else " (nothing new)")
            )

    @sync.command("stock")
    def sync_stock_command(
        ctx: typer.Context,
        file: Annotated[
            Path,
            typer.Argument(help="CSV (sku,quantity) or JSON stock file.", dir_okay=False),
        ],
        profile: ProfileOption = None,
        batch_size: Annotated[int, typer.Option(min=1, help="Updates per marketplace call.")] = 500,
        as_json: JsonOption = False,
    ) -> None:
        """Send every stock level of the OMS file to the shop (Sync Stock).

        Example: marketplace-sdk fnac sync stock stock.csv
        """
        with handle_errors(profile_name(profile)):
            updates = stock_from_file(file)
            channel = channel_for(ctx, marketplace, profile)
            push_and_report(
                updates,
                channel.push_stock,
                label="stock",
                batch_size=batch_size,
                as_json=as_json,
                title="Stock sync",
            )

    @sync.command("products")
    def sync_products_command(
        ctx: typer.Context,
        profile: ProfileOption = None,
        out: _OutOption = None,
        as_json: JsonOption = False,
    ) -> None:
        """Import the catalogue, one product per SKU, and report duplicate SKUs.

        Example: marketplace-sdk etsy sync products --out products.jsonl
        """
        with handle_errors(profile_name(profile)), ExitStack() as stack:
            channel = channel_for(ctx, marketplace, profile)
            read = read_all(channel.iter_products(), "reading products", show=not as_json)
            result = dedupe_by_sku(read)
            handle = _writer(stack, out)
            if handle is not None:
                for product in result.products:
                    handle.write(product.model_dump_json() + "\n")
        duplicates = [
            {"sku": item.sku, "kept": item.kept.marketplace_id, "dropped": list(item.dropped_ids)}
            for item in result.duplicates
        ]
        if as_json:
            emit_json(
                {"read": len(read), "imported": len(result.products), "duplicates": duplicates}
            )
            return
        if out is None:
            out_console().print(products_table(result.products, title=f"{marketplace} catalogue"))
        err_console().print(
            f"{len(result.products)} products imported from {len(read)} read; "
            f"{len(duplicates)} duplicate SKU(s) left out"
        )
        for item in result.duplicates:
            err_console().print(f"[yellow]duplicate:[/] {item.describe()}")
