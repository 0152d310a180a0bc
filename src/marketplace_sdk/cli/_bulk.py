"""`marketplace-sdk <marketplace> bulk`: write a template, check a filled file, apply it.

Exit codes: `template` 0; `validate` 0 when every row is valid, 2 when any row is bad (or the
file cannot be read); `apply` 0 when every row was applied (or listed as a draft, without
`--publish`), 1 when some were refused, must be retried, or stayed drafts that `--publish`
could not publish, 2 when the file has bad rows (the valid ones are still applied unless
`--only-if-valid`), 3 when the shop's profile or credentials are refused.

Examples:
    >>> from typer.testing import CliRunner
    >>> result = CliRunner().invoke(bulk_commands("fnac"), ["--help"])
    >>> result.exit_code, "validate" in result.output
    (0, True)
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from marketplace_sdk.bulk import (
    BulkFile,
    BulkFileError,
    BulkReport,
    Format,
    RowOutcome,
    apply_bulk,
    read_bulk_file,
    write_template,
)
from marketplace_sdk.cli._context import close_channel, open_channel, profile_name
from marketplace_sdk.cli._errors import CliFailure, ExitCode, describe, fail, handle_errors
from marketplace_sdk.cli._options import JsonOption, ProfileOption
from marketplace_sdk.cli._output import err_console, out_console, progress
from marketplace_sdk.cli._profiles import ProfileStore
from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._errors import MarketplaceError

__all__ = ["bulk_commands"]


class BulkMode(StrEnum):
    """What a bulk file does: list new products, or update existing ones."""

    CREATE = "create"
    UPDATE = "update"


class FileFormat(StrEnum):
    """The template's file format."""

    CSV = "csv"
    XLSX = "xlsx"


ModeOption = Annotated[
    BulkMode,
    typer.Option(help="create: list new products; update: change price, stock, activation."),
]
FileArgument = Annotated[
    Path, typer.Argument(dir_okay=False, help="The bulk file (.csv or .xlsx).")
]


def _read(path: Path, marketplace: str, mode: BulkMode) -> BulkFile:
    try:
        return read_bulk_file(path, marketplace, mode=mode.value)
    except BulkFileError as error:
        raise fail(CliFailure(ExitCode.BAD_INPUT, error.message)) from None


def _errors_table(bulk: BulkFile) -> Table:
    table = Table(title=f"{len(bulk.bad_lines)} bad row(s) in {bulk.path.name}")
    table.add_column("Line", justify="right")
    table.add_column("SKU", overflow="fold")
    table.add_column("Column")
    table.add_column("Reason", overflow="fold")
    for error in bulk.errors:
        table.add_row(
            str(error.line), escape(error.sku or ""), error.column or "", escape(error.reason)
        )
    return table


def _summary(bulk: BulkFile) -> str:
    return (
        f"{bulk.row_count} row(s): {bulk.ready_count} ready, {len(bulk.bad_lines)} bad, "
        f"{len(bulk.held)} held back"
    )


def _validation_json(bulk: BulkFile) -> str:
    data = {
        "file": bulk.path.name,
        "marketplace": bulk.marketplace,
        "mode": bulk.mode,
        "rows": bulk.row_count,
        "ready": bulk.ready_count,
        "bad_lines": list(bulk.bad_lines),
        "errors": [error.model_dump() for error in bulk.errors],
        "held": [{"line": row.line, "sku": row.sku, "reason": row.reason} for row in bulk.held],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _report_table(report: BulkReport) -> Table:
    styles = {
        "ok": "green",
        "draft": "yellow",
        "rejected": "red",
        "retry_later": "yellow",
        "invalid": "red",
    }
    table = Table(title=f"Result ({report.marketplace}, {report.mode})")
    table.add_column("Outcome")
    table.add_column("Rows", justify="right")
    for outcome, count in report.counts.items():
        table.add_row(f"[{styles.get(outcome, 'white')}]{outcome}[/]", str(count))
    return table


def _report_json(report: BulkReport) -> str:
    data = {
        "results_path": str(report.results_path),
        "counts": report.counts,
        "results": [result.model_dump(mode="json") for result in report.results],
    }
    return json.dumps(data, indent=2, ensure_ascii=False)


def _exit_code(report: BulkReport, publish: bool) -> ExitCode:
    if report.lines(RowOutcome.INVALID):
        return ExitCode.BAD_INPUT
    # Without --publish a draft is what was asked for; with it, a draft is a refusal.
    done = {RowOutcome.OK} if publish else {RowOutcome.OK, RowOutcome.DRAFT}
    return ExitCode.OK if all(r.outcome in done for r in report.results) else ExitCode.FAILED


def _session(ctx: typer.Context) -> tuple[ProfileStore | None, Clock | None, float | None]:
    """The profile store, clock and poll interval the root command set up, when it did.

    Read by attribute rather than through `cli.state.get_state`, which replaces any object
    that is not a `CliState`: callers (the bulk tests among them) pass a plain namespace.

    Examples:
        store, clock, poll = _session(ctx)
    """
    state = ctx.find_root().obj
    store = getattr(state, "store", None)
    clock = getattr(state, "clock", None)
    poll = getattr(state, "poll_interval", None)
    return (
        store if isinstance(store, ProfileStore) else None,
        clock if isinstance(clock, Clock) else None,
        float(poll) if isinstance(poll, int | float) else None,
    )


def bulk_commands(marketplace: str) -> typer.Typer:
    """The `bulk` command group of `marketplace` (its key; its description has a bulk layout).

    Examples:
        group.add_typer(bulk_commands("etsy"), name="bulk")
    """
    app = typer.Typer(
        name="bulk",
        help=f"Bulk listing and update of {marketplace} products from a CSV or Excel file.",
        no_args_is_help=True,
        add_completion=False,
    )

    @app.command("template")
    def template_command(
        path: FileArgument,
        mode: ModeOption = BulkMode.CREATE,
        file_format: Annotated[
            FileFormat | None,
            typer.Option("--format", help="csv or xlsx (default: from the file's suffix)."),
        ] = None,
    ) -> None:
        """Write the template to fill: the columns this marketplace needs.

        Example: marketplace-sdk etsy bulk template products.xlsx
        """
        chosen: Format | None = None
        if file_format is not None:
            chosen = "xlsx" if file_format is FileFormat.XLSX else "csv"
        try:
            written = write_template(marketplace, path, format=chosen, mode=mode.value)
        except BulkFileError as error:
            raise fail(CliFailure(ExitCode.BAD_INPUT, error.message)) from None
        err_console().print(
            f"Wrote the {marketplace} {mode.value} template to [bold]{escape(str(written))}[/]"
        )

    @app.command("validate")
    def validate_command(
        path: FileArgument, mode: ModeOption = BulkMode.CREATE, as_json: JsonOption = False
    ) -> None:
        """Check every row of a filled file and report each bad one (nothing is sent).

        Exit code 2 when any row is bad.

        Example: marketplace-sdk fnac bulk validate offers.csv --json
        """
        bulk = _read(path, marketplace, mode)
        if as_json:
            typer.echo(_validation_json(bulk))
        else:
            if bulk.errors:
                out_console().print(_errors_table(bulk))
            err_console().print(_summary(bulk))
        if bulk.errors:
            raise typer.Exit(ExitCode.BAD_INPUT)

    @app.command("apply")
    def apply_command(
        ctx: typer.Context,
        path: FileArgument,
        mode: ModeOption = BulkMode.CREATE,
        profile: ProfileOption = None,
        results: Annotated[
            Path | None,
            typer.Option(
                dir_okay=False,
                help="The result file (default: <file>.results.<csv|xlsx> next to the file).",
            ),
        ] = None,
        only_if_valid: Annotated[
            bool, typer.Option(help="Send nothing when any row is bad.")
        ] = False,
        publish: Annotated[
            bool,
            typer.Option(
                help="create: publish each listing the marketplace left a draft (Etsy needs "
                "an image); a refusal keeps the row 'draft' with the reason."
            ),
        ] = False,
        as_json: JsonOption = False,
    ) -> None:
        """List (create) or update (update) the file's valid rows; write a result per row.

        A listing the marketplace keeps as an unpublished draft is reported `draft`, not `ok`.

        Example: marketplace-sdk etsy bulk apply products.xlsx --profile shop-a --publish
        """
        bulk = _read(path, marketplace, mode)
        if bulk.errors:
            # With --json, stdout carries the report alone: the bad rows go to stderr.
            (err_console() if as_json else out_console()).print(_errors_table(bulk))
            if only_if_valid:
                raise fail(
                    CliFailure(
                        ExitCode.BAD_INPUT, f"{_summary(bulk)}; nothing sent (--only-if-valid)"
                    )
                )
        target = results or path.with_name(f"{path.stem}.results{path.suffix or '.csv'}")
        store, clock, poll = _session(ctx)
        name = profile_name(profile)
        with handle_errors(name):
            channel = open_channel(marketplace, name, store=store, clock=clock, poll_interval=poll)
        try:
            with progress(enabled=not as_json) as display:
                task = display.add_task(f"{mode.value} {marketplace}", total=bulk.ready_count)
                report = apply_bulk(
                    channel,
                    bulk,
                    results_path=target,
                    progress=lambda done, total: display.update(task, completed=done),
                    publish=publish,
                )
        except BulkFileError as error:
            raise fail(CliFailure(ExitCode.BAD_INPUT, error.message)) from None
        except MarketplaceError as error:
            raise fail(describe(error, name)) from None
        finally:
            close_channel(channel)
        if as_json:
            typer.echo(_report_json(report))
        else:
            out_console().print(_report_table(report))
            err_console().print(f"Result file: [bold]{escape(str(report.results_path))}[/]")
        if report.stopped_by is not None:
            raise fail(describe(report.stopped_by, name))
        raise typer.Exit(_exit_code(report, publish))

    return app
