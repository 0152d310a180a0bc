"""The `demo` command (typer): options, progress on the terminal, summary, exit status.

Examples:
    >>> run_command(["--hours", "0"])  # bad options exit 2 (the message goes to stderr)
    2
"""

from __future__ import annotations

from typing import Annotated

import attrs
import typer
from rich.console import Console

from marketplace_sdk.demo._console import RichReporter, render_json, render_summary
from marketplace_sdk.demo._scenario import DemoError, DemoOptions, run_demo

__all__ = ["demo", "run_command"]


def demo(
    listings: Annotated[int, typer.Option(help="Etsy listings in the seeded shop.")] = 2000,
    offers: Annotated[int, typer.Option(help="FNAC offers in the seeded shop.")] = 1500,
    etsy_orders: Annotated[int, typer.Option(help="Etsy receipts over the history.")] = 300,
    fnac_orders: Annotated[int, typer.Option(help="FNAC orders over the history.")] = 200,
    mirakl_offers: Annotated[int, typer.Option(help="Mirakl offers in the seeded shop.")] = 1000,
    mirakl_orders: Annotated[int, typer.Option(help="Mirakl orders over the history.")] = 200,
    hours: Annotated[int, typer.Option(help="Hours of scheduled syncs to simulate.")] = 24,
    seed: Annotated[int, typer.Option(help="Seed of both shops and of the day's events.")] = 42,
    small: Annotated[
        bool, typer.Option(help="A small world (a few seconds, for a quick look).")
    ] = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Run a full demo sync against the embedded Etsy, FNAC and Mirakl sandboxes, and check it.

    Exit status: 0 the OMS agrees with every sandbox; 1 it does not; 2 bad options;
    3 a step of the demo itself failed.
    """
    options = (
        attrs.evolve(DemoOptions.small(), simulated_hours=hours, seed=seed)
        if small
        else DemoOptions(
            listings=listings,
            offers=offers,
            etsy_orders=etsy_orders,
            fnac_orders=fnac_orders,
            mirakl_offers=mirakl_offers,
            mirakl_orders=mirakl_orders,
            simulated_hours=hours,
            seed=seed,
        )
    )
    if min(options.listings, options.offers, options.mirakl_offers, options.simulated_hours) < 1:
        raise typer.BadParameter("listings, offers, Mirakl offers and hours must be at least 1")
    console = Console(stderr=json_output)
    reporter = RichReporter(console, bars=not json_output)
    try:
        result = run_demo(options, reporter=reporter)
    except DemoError as error:
        reporter.close()
        console.print(f"[bold red]the demo could not run:[/] {error}")
        raise typer.Exit(3) from error
    reporter.close()
    if json_output:
        print(render_json(result))
    else:
        render_summary(result, console)
    raise typer.Exit(0 if result.ok else 1)


def run_command(argv: list[str]) -> int:
    """Run `demo` with `argv` and return the exit status.

    Examples:
        status = run_command(["--hours", "12"])
    """
    app = typer.Typer(add_completion=False)
    app.command()(demo)
    try:
        app(argv, prog_name="marketplace-sdk demo")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)
    return 0
