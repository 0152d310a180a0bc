"""`marketplace-sdk <key> ...`: one command group per registered marketplace, from its description.

Each group has the marketplace's `connect` (its options and flow come from its description),
the shop commands every marketplace shares (`products`, `orders`, `stock`, `prices`,
`status-map`, `capabilities`, `sync`) and, when it takes bulk files, `bulk`.

`connect` checks the profile name, runs the marketplace's flow (which stores the profile, 0600)
and prints what it reports, or JSON with `--json`. A flow's `ConnectError` exits 3 when the
seller's authorization is missing, else 2; the SDK's errors exit as for any command.

Examples:
    >>> from typer.testing import CliRunner
    >>> from marketplace_sdk.core import get_marketplace
    >>> group = marketplace_app(get_marketplace("fnac"))
    >>> "connect" in CliRunner().invoke(group, ["--help"]).output
    True
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Annotated

import typer

from marketplace_sdk.cli._bulk import bulk_commands
from marketplace_sdk.cli._commands import add_shop_commands
from marketplace_sdk.cli._context import profile_name
from marketplace_sdk.cli._errors import BadInput, CliFailure, ExitCode, fail, handle_errors
from marketplace_sdk.cli._options import ProfileOption
from marketplace_sdk.cli._output import emit_json
from marketplace_sdk.cli._profiles import check_name
from marketplace_sdk.cli._specs import ConsoleUI, command_function, option_parameter
from marketplace_sdk.cli._state import get_state
from marketplace_sdk.cli._sync_cmds import add_sync_commands
from marketplace_sdk.core._commands import ConnectEnv, ConnectError
from marketplace_sdk.core._registry import MarketplaceDescription

__all__ = ["connect_command", "marketplace_app"]

_JSON = Annotated[bool, typer.Option("--json", help="Print the result as JSON.")]


def connect_command(description: MarketplaceDescription) -> Callable[..., None]:
    """The `connect` command of `description`: its options, then `--profile` and `--json`.

    The options without a default come first, then `--profile`, then the others, as the
    help lists them.

    Examples:
        group.command("connect", help=spec.help)(connect_command(description))
    """
    options = description.connect.command.options
    parameters = [
        *(option_parameter(option) for option in options if option.required),
        inspect.Parameter(
            "profile", inspect.Parameter.KEYWORD_ONLY, default=None, annotation=ProfileOption
        ),
        *(option_parameter(option) for option in options if not option.required),
        inspect.Parameter(
            "as_json", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=_JSON
        ),
    ]

    def run(ctx: typer.Context, values: dict[str, object]) -> None:
        state = get_state(ctx)
        profile = values.pop("profile")
        as_json = bool(values.pop("as_json"))
        name = profile_name(profile if isinstance(profile, str) else None)
        ui = ConsoleUI(state.opener)
        with handle_errors(name):
            check_name(name)
            store = state.store
            env = ConnectEnv(
                profile=name,
                clock=state.clock,
                files=store.files(description.key, name),
                save=store.save,
            )
            try:
                connected = description.connect.flow(values, ui, env)
            except ConnectError as error:
                if not error.authorization:
                    raise BadInput(error.message) from None
                raise fail(CliFailure(ExitCode.AUTH, error.message, error.hint)) from None
        if as_json:
            emit_json(dict(connected.details))
            return
        for line in connected.lines:
            ui.say(*line)

    return command_function("connect", parameters, run)


def marketplace_app(description: MarketplaceDescription) -> typer.Typer:
    """The command group `marketplace-sdk <key>` of a registered marketplace.

    Examples:
        app.add_typer(marketplace_app(get_marketplace("etsy")), name="etsy")
    """
    app = typer.Typer(name=description.key, help=description.summary, add_completion=False)
    app.command("connect", help=description.connect.command.help)(connect_command(description))
    add_shop_commands(app, description.key)
    add_sync_commands(app, description.key)
    if description.bulk_layout is not None:
        app.add_typer(bulk_commands(description.key), name="bulk")
    return app
