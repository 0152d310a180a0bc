"""The scheduler's cancellation and acceptance jobs, run by hand: `sync cancellations` and
`sync accept`, in the style of `sync orders`.

Both run the same job functions the scheduler runs (`marketplace_sdk.sync.cancellations`,
`marketplace_sdk.sync.accept_new_orders`), with their cursors (`orders.cancellations`,
`orders.accept`) in `cursors.sqlite` in the config directory, so each run covers what changed
since the last one. Cancellations are written as JSON lines to `--out` (or stdout); records the
SDK cannot convert are written there too, as `{"quarantined": ...}` lines. `sync accept` takes
the OMS's stock from a file (`--stock`, CSV `sku,quantity` or JSON, as `sync stock`): orders
whose every line is in stock are accepted, the others are left to the OMS as Partial; without
`--stock` nothing is sent (the OMS's stock is unknown, so each order is left to the OMS).

Examples:
    >>> from typer.testing import CliRunner
    >>> group = typer.Typer()
    >>> add_job_commands(group, "fnac")
    >>> "accept" in CliRunner().invoke(group, ["--help"]).output
    True
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from pydantic import BaseModel
from rich.markup import escape
from rich.table import Table

from marketplace_sdk.cli._context import profile_name
from marketplace_sdk.cli._errors import ExitCode, handle_errors
from marketplace_sdk.cli._inputs import stock_from_file
from marketplace_sdk.cli._options import JsonOption, ProfileOption, QuietOption, channel_for
from marketplace_sdk.cli._output import (
    emit_json,
    err_console,
    out_console,
    progress,
    shows_progress,
)
from marketplace_sdk.cli._state import get_state

if TYPE_CHECKING:
    from rich.progress import Progress, TaskID

    from marketplace_sdk.core._models import Cancellation, Category, Order, Product
    from marketplace_sdk.core._records import QuarantinedRecord
    from marketplace_sdk.sync import AcceptReport, ShopRef

__all__ = ["add_job_commands"]

#: The cursor database's file name in the config directory (as `sync orders`).
_CURSOR_FILE = "cursors.sqlite"

_OutOption = Annotated[
    Path | None,
    typer.Option("--out", "-o", help="Write records as JSON lines to this file.", dir_okay=False),
]
_DaysOption = Annotated[
    int,
    typer.Option(min=1, help="How far back the first run reaches; later runs: since the last."),
]


class _JsonLines:
    """The host's sink for a run by hand: records as JSON lines, or kept for `--json`."""

    def __init__(self, handle: TextIO | None, keep: bool, bar: Progress, task: TaskID) -> None:
        self.handle, self.keep, self.bar, self.task = handle, keep, bar, task
        self.kept: list[dict[str, Any]] = []

    def _write(self, batch: Sequence[BaseModel], wrap: str | None = None) -> None:
        for record in batch:
            data = record.model_dump(mode="json")
            line = {wrap: data} if wrap else data
            if self.keep:
                self.kept.append(line)
            elif self.handle is not None:
                self.handle.write(_json(line) + "\n")
            else:
                typer.echo(_json(line))
        if self.handle is not None:
            self.handle.flush()
        self.bar.advance(self.task, len(batch))

    def orders(self, shop: ShopRef, batch: Sequence[Order]) -> None:
        self._write(batch)

    def cancellations(self, shop: ShopRef, batch: Sequence[Cancellation]) -> None:
        self._write(batch)

    def products(self, shop: ShopRef, batch: Sequence[Product]) -> None:
        self._write(batch)

    def categories(self, shop: ShopRef, batch: Sequence[Category]) -> None:
        self._write(batch)

    def quarantine(self, shop: ShopRef, batch: Sequence[QuarantinedRecord]) -> None:
        self._write(batch, wrap="quarantined")


def _json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False, default=str)


def _available(levels: dict[str, int], sku: str) -> int:
    # A SKU missing from the OMS's stock file has none.
    return levels.get(sku, 0)


def _acceptance_table(report: AcceptReport, title: str) -> Table:
    table = Table(title=title)
    for column in ("Order", "Decision", "OMS status", "Note"):
        table.add_column(column, overflow="fold")
    for item in report.orders:
        table.add_row(
            escape(item.order_id),
            item.decision.value,
            "" if item.oms_status is None else str(item.oms_status),
            escape(item.note),
        )
    return table


def add_job_commands(sync: typer.Typer, marketplace: str) -> None:
    """Add `cancellations` and `accept` to a marketplace's `sync` group.

    Examples:
        add_job_commands(sync_group, "fnac")
    """

    def _run(
        ctx: typer.Context,
        profile: str | None,
        job: str,
        function: str,
        label: str,
        out: Path | None,
        as_json: bool,
        quiet: bool,
        **arguments: Any,
    ) -> tuple[Any, list[dict[str, Any]]]:
        # The sync package (the scheduler among it) loads when a sync runs, not at start.
        from marketplace_sdk.sync import (
            JobContext,
            JobSpec,
            Runtime,
            ShopRef,
            SQLiteCursorStore,
            resolve_job,
        )

        state = get_state(ctx)
        with handle_errors(profile_name(profile)), ExitStack() as stack:
            channel = channel_for(ctx, marketplace, profile)
            cursors = SQLiteCursorStore(state.store.ensure_home() / _CURSOR_FILE)
            stack.callback(cursors.close)
            handle = None if out is None else stack.enter_context(out.open("a", encoding="utf-8"))
            bar = stack.enter_context(progress(shows_progress(as_json, quiet)))
            sink = _JsonLines(handle, as_json, bar, bar.add_task(label, total=None))
            stock = arguments.pop("stock", None)
            runtime = Runtime(
                channel_for=lambda shop: channel,
                cursors=cursors,
                sink=sink,
                clock=state.clock,
                stock_for=None if stock is None else (lambda shop: stock),
            )
            spec = JobSpec(job, function, timedelta(hours=1))
            shop = ShopRef(marketplace, channel.shop_id)
            context = JobContext(spec=spec, shop=shop, runtime=runtime, now=state.clock.now())
            report = resolve_job(function)(context, **arguments)
        return report, sink.kept

    @sync.command("cancellations")
    def sync_cancellations_command(
        ctx: typer.Context,
        profile: ProfileOption = None,
        days: _DaysOption = 1,
        out: _OutOption = None,
        as_json: JsonOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Fetch the cancellations since the last run (the hourly job) and write them out.

        Example: marketplace-sdk etsy sync cancellations --out cancellations.jsonl
        """
        report, kept = _run(
            ctx,
            profile,
            "orders.cancellations",
            "marketplace_sdk.sync:cancellations",
            "syncing cancellations",
            out,
            as_json,
            quiet,
            initial=timedelta(days=days).total_seconds(),
        )
        covered = report.covered
        data = {
            "job": report.job_id,
            "cancellations": report.records,
            "quarantined": report.quarantined,
            "from": covered.start.isoformat() if covered else None,
            "to": covered.end.isoformat() if covered else None,
        }
        if as_json:
            emit_json({**data, "records": kept})
            return
        err_console().print(
            f"{report.records} cancellations synced"
            + (f" ({data['from']} to {data['to']})" if covered else " (nothing new)")
            + (f"; {report.quarantined} set aside" if report.quarantined else "")
        )

    @sync.command("accept")
    def sync_accept_command(
        ctx: typer.Context,
        profile: ProfileOption = None,
        stock: Annotated[
            Path | None,
            typer.Option(
                "--stock",
                help="The OMS's stock (CSV sku,quantity or JSON); without it nothing is sent.",
                dir_okay=False,
            ),
        ] = None,
        days: _DaysOption = 1,
        as_json: JsonOption = False,
        quiet: QuietOption = False,
    ) -> None:
        """Accept the new orders whose every line is in stock (the acceptance job).

        Orders with a short line are left to the OMS (Partial); exit code 1 when an
        acceptance failed.

        Example: marketplace-sdk fnac sync accept --stock stock.csv
        """
        lookup: Callable[[str], int] | None = None
        if stock is not None:
            with handle_errors(profile_name(profile)):
                levels = {update.sku: update.quantity for update in stock_from_file(stock)}
            lookup = partial(_available, levels)
        report, _ = _run(
            ctx,
            profile,
            "orders.accept",
            "marketplace_sdk.sync:accept_new_orders",
            "accepting orders",
            None,
            as_json,
            quiet,
            stock=lookup,
            initial=timedelta(days=days).total_seconds(),
        )
        outcome: AcceptReport | None = report.detail
        orders = [] if outcome is None else outcome.orders
        if as_json:
            emit_json(
                {
                    "job": report.job_id,
                    "orders": [
                        {
                            "order_id": item.order_id,
                            "decision": item.decision.value,
                            "oms_status": None if item.oms_status is None else str(item.oms_status),
                            "note": item.note,
                        }
                        for item in orders
                    ],
                }
            )
        elif outcome is not None:
            out_console().print(_acceptance_table(outcome, f"{marketplace} acceptance"))
        failed = [item for item in orders if item.decision.value == "failed"]
        if not as_json:
            err_console().print(
                f"{len(orders)} orders considered; {report.records} accepted"
                + (f"; {len(failed)} failed" if failed else "")
            )
        if failed:
            raise typer.Exit(int(ExitCode.FAILED))
