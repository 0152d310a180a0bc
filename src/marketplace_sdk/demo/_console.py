"""The demo on a terminal: progress bars while it runs, a summary table per channel at the end.

Examples:
    console = Console()
    result = run_demo(DemoOptions(), reporter=RichReporter(console))
    render_summary(result, console)
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from marketplace_sdk.demo._checks import ChannelSummary
from marketplace_sdk.demo._scenario import DemoResult

__all__ = ["RichReporter", "render_json", "render_summary"]


class RichReporter:
    """Narration and progress bars on a rich console (one bar per long step).

    Examples:
        result = run_demo(reporter=RichReporter(Console()))
    """

    def __init__(self, console: Console, *, bars: bool = True) -> None:
        self.console = console
        self.bars = bars and console.is_terminal
        self._progress: Progress | None = None

    def say(self, text: str) -> None:
        """Print a line of narration."""
        self._stop()
        self.console.print(f"[bold cyan]›[/] {text}")

    def progress(self, title: str, total: int | None) -> Callable[[int], None]:
        """A progress bar for a long step; returns the function that advances it."""
        self._stop()
        if not self.bars:
            self.console.print(f"[bold cyan]›[/] {title} …")
            return lambda advance: None
        progress = Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=self.console,
            transient=False,
        )
        progress.start()
        self._progress = progress
        task = progress.add_task(title, total=total)
        return lambda advance: progress.advance(task, advance)

    def _stop(self) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None

    def close(self) -> None:
        """Stop the last progress bar."""
        self._stop()


def _channel_table(summary: ChannelSummary) -> Table:
    table = Table(title=f"{summary.marketplace} shop {summary.shop_id}", show_header=False)
    table.add_column("what", style="bold")
    table.add_column("value")
    table.add_row("products imported", f"{summary.products:,} ({summary.categories} categories)")
    table.add_row("duplicated SKUs reported", str(len(summary.duplicates)))
    statuses = ", ".join(
        f"{status} {count}" for status, count in sorted(summary.orders_by_status.items())
    )
    table.add_row("orders by OMS status", f"{summary.orders} — {statuses}")
    if summary.marketplace in ("fnac", "mirakl"):
        table.add_row(
            "acceptance",
            f"{summary.accepted} accepted (every line in stock), {summary.left_partial} left "
            "Partial for the OMS",
        )
    table.add_row("shipped with tracking", str(summary.shipped))
    table.add_row(
        "stock pushed",
        f"{summary.stock_pushed:,} SKU updates in {summary.push_calls} push calls, "
        f"{summary.pushed_rejected} rejected",
    )
    conflicts = "; ".join(f"{order_id}: {text}" for order_id, text in summary.conflicts.items())
    table.add_row("conflicts for a person", conflicts or "none")
    table.add_row("API calls", summary.budget)
    for check in summary.checks:
        mark = "[green]✓[/]" if check.ok else "[bold red]✗[/]"
        table.add_row(f"{mark} {check.name}", check.detail)
    return table


def render_summary(result: DemoResult, console: Console) -> None:
    """Print one table per channel, then the verdict.

    Examples:
        render_summary(result, Console())
    """
    for summary in result.channels:
        console.print(_channel_table(summary))
    failed = sum(1 for run in result.runs if not run.ok)
    console.print(
        f"{len(result.runs)} scheduled runs over {result.simulated} of simulated time, "
        f"{failed} failed"
    )
    if result.ok:
        console.print("[bold green]the OMS agrees with every sandbox[/]")
    else:
        console.print("[bold red]the OMS disagrees with a sandbox: see the ✗ checks above[/]")


def render_json(result: DemoResult) -> str:
    """The summary as JSON (`marketplace-sdk demo --json`).

    Examples:
        print(render_json(result))
    """
    data: dict[str, Any] = {
        "ok": result.ok,
        "simulated_seconds": result.simulated.total_seconds(),
        "scheduled_runs": len(result.runs),
        "failed_runs": sum(1 for run in result.runs if not run.ok),
        "channels": [summary.to_dict() for summary in result.channels],
    }
    return json.dumps(data, indent=2, default=str)
