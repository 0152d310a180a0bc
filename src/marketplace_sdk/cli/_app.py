"""The typer application: one group per registered marketplace (`marketplace-sdk <key> ...`,
each with its `bulk` file commands), `sandbox`, `support`, `profiles` and `demo`.

The marketplace groups and `sandbox serve <key>` are built from the marketplaces' descriptions
each time the application runs, so a marketplace registered in process is offered too. Nothing
of a sandbox or of the demo is imported until a command needs it: `marketplace-sdk --help`
lists `demo` from its summary alone.

Global options come before the command: `--home` (the config directory), `-v` (log to
stderr) and `--log-file` (log to a file). Logs carry no secret: the SDK redacts credentials
and tokens, and the CLI never logs the values it stores.

Examples:
    >>> from typer.testing import CliRunner
    >>> "sandbox" in CliRunner().invoke(app, ["--help"]).output
    True
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.logging import RichHandler
from rich.markup import escape
from rich.table import Table
from typer.core import TyperCommand, TyperGroup

from marketplace_sdk.cli._marketplace import marketplace_app
from marketplace_sdk.cli._output import emit_json, err_console, out_console
from marketplace_sdk.cli._profiles import HOME_ENV, ProfileError
from marketplace_sdk.cli._serve import sandbox_app
from marketplace_sdk.cli._state import CliState, get_state
from marketplace_sdk.cli._support_cmds import support_app
from marketplace_sdk.core._registry import marketplaces

__all__ = ["app", "main"]

#: The demo's summary, shown by `--help` without importing the demo (which loads sandboxes).
_DEMO_SUMMARY = (
    "Run a full demo sync against the embedded Etsy, FNAC and Mirakl sandboxes, and check it."
)


def _demo_command() -> TyperCommand:
    """The real `demo` command (`marketplace_sdk.demo`), imported when it runs."""
    from marketplace_sdk.demo._command import demo

    holder = typer.Typer(add_completion=False)
    holder.command("demo")(demo)
    command = typer.main.get_command(holder)
    assert isinstance(command, TyperCommand)
    return command


class _RootGroup(TyperGroup):
    """The root group: the static commands, plus those built from the registry on demand."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._built: dict[str, Any] = {}

    @property
    def help(self) -> str:
        """The application's help, naming the registered marketplaces."""
        titles = ", ".join(description.title for description in marketplaces())
        return f"Run marketplace integrations ({titles}) from the command line."

    @help.setter
    def help(self, value: str | None) -> None:
        # typer sets the help it was given; the property above computes it from the registry.
        pass

    def list_commands(self, ctx: Any) -> list[str]:
        static = super().list_commands(ctx)
        keys = [description.key for description in marketplaces()]
        head = [name for name in static if name == "profiles"]
        tail = [name for name in static if name != "profiles"]
        return [*head, "demo", *keys, "sandbox", *tail]

    def get_command(self, ctx: Any, cmd_name: str) -> Any:
        built = self._built.get(cmd_name)
        if built is not None:
            return built
        descriptions = {description.key: description for description in marketplaces()}
        if cmd_name == "demo":
            built = TyperCommand(name="demo", help=_DEMO_SUMMARY)
        elif cmd_name in descriptions:
            built = typer.main.get_command(marketplace_app(descriptions[cmd_name]))
        elif cmd_name == "sandbox":
            built = typer.main.get_command(sandbox_app())
        else:
            return super().get_command(ctx, cmd_name)
        self._built[cmd_name] = built
        return built

    def resolve_command(self, ctx: Any, args: list[str]) -> Any:
        name, command, rest = super().resolve_command(ctx, args)
        if name == "demo":
            command = _demo_command()
        return name, command, rest


app = typer.Typer(
    name="marketplace-sdk",
    cls=_RootGroup,
    no_args_is_help=True,
    add_completion=False,
    # A traceback's local variables could hold a secret: never show them.
    pretty_exceptions_show_locals=False,
)


@app.callback()
def root(
    ctx: typer.Context,
    home: Annotated[
        Path | None,
        typer.Option(
            envvar=HOME_ENV,
            file_okay=False,
            help="Config directory for profiles and tokens (default: the user config dir).",
        ),
    ] = None,
    verbose: Annotated[
        int, typer.Option("--verbose", "-v", count=True, help="Log to stderr (-vv: debug).")
    ] = 0,
    log_file: Annotated[
        Path | None, typer.Option(dir_okay=False, help="Also write the log to this file.")
    ] = None,
) -> None:
    """Run marketplace integrations from the command line.

    Exit codes: 0 ok, 1 failed or partial, 2 bad usage or input, 3 authorization needed,
    4 marketplace unavailable or rate limited.
    """
    state = get_state(ctx)
    if home is not None:
        state.home = home
    _configure_logging(verbose, log_file)


def _configure_logging(verbose: int, log_file: Path | None) -> None:
    logger = logging.getLogger("marketplace_sdk")
    for handler in list(logger.handlers):
        if getattr(handler, "_marketplace_sdk_cli", False):
            logger.removeHandler(handler)
            handler.close()
    handlers: list[logging.Handler] = []
    if verbose:
        handlers.append(RichHandler(console=err_console(), show_path=False, markup=False))
        handlers[-1].setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
    if log_file is not None:
        file_handler = logging.FileHandler(log_file, encoding="utf-8")
        file_handler.setFormatter(
            logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
        )
        file_handler.setLevel(logging.DEBUG)
        handlers.append(file_handler)
    for handler in handlers:
        handler._marketplace_sdk_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    if handlers:
        logger.setLevel(logging.DEBUG if (verbose > 1 or log_file) else logging.INFO)


@app.command("profiles")
def profiles(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON instead of a table.")] = False,
) -> None:
    """List the stored profiles (marketplace, name, shop; never a secret).

    Example: marketplace-sdk profiles --json
    """
    store = get_state(ctx).store
    rows = []
    for marketplace, name in store.names():
        try:
            stored = store.load(marketplace, name)
        except ProfileError as error:
            err_console().print(f"[yellow]warning:[/] {escape(str(error))}")
            rows.append(
                {
                    "marketplace": marketplace,
                    "name": name,
                    "shop_id": None,
                    "shop_name": None,
                    "base_url": None,
                }
            )
            continue
        rows.append(
            {
                "marketplace": marketplace,
                "name": name,
                "shop_id": str(stored.shop_id),
                "shop_name": stored.shop_name,
                "base_url": stored.base_url,
            }
        )
    if as_json:
        emit_json(rows)
        return
    table = Table(title=f"Profiles in {store.home}")
    for column in ("Marketplace", "Profile", "Shop id", "Shop", "API root"):
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*(str(value or "") for value in row.values()))
    out_console().print(table)


app.add_typer(support_app, name="support")


def main() -> None:
    """The console script `marketplace-sdk`.

    Examples:
        marketplace-sdk --help
    """
    app(obj=CliState())
