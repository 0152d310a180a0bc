"""Options and helpers shared by the marketplace commands.

Examples:
    >>> import typer
    >>> from typer.testing import CliRunner
    >>> probe = typer.Typer()
    >>> @probe.command()
    ... def show(profile: ProfileOption = None, as_json: JsonOption = False) -> None:
    ...     typer.echo(f"{profile} {as_json}")
    >>> CliRunner().invoke(probe, ["-p", "shop-a", "--json"]).output.split()
    ['shop-a', 'True']
"""

from __future__ import annotations

from typing import Annotated

import typer

from marketplace_sdk.cli._context import close_channel, open_channel
from marketplace_sdk.cli._profiles import PROFILE_ENV
from marketplace_sdk.cli._state import get_state
from marketplace_sdk.core._sync.channel import Channel

__all__ = ["JsonOption", "ProfileOption", "QuietOption", "channel_for", "command_group"]

#: `--profile/-p`: which stored shop to use.
ProfileOption = Annotated[
    str | None,
    typer.Option(
        "--profile",
        "-p",
        envvar=PROFILE_ENV,
        help="The stored shop to use (default: 'default').",
        show_default=False,
    ),
]
#: `--json`: machine-readable output on stdout.
JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON instead of tables.")]
#: `--quiet`: no progress display (it is off anyway when stderr is not a terminal).
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Show no progress bar (none off a terminal either).")
]


def channel_for(ctx: typer.Context, marketplace: str, profile: str | None) -> Channel:
    """The channel of `profile`, closed when the command ends.

    Examples:
        channel = channel_for(ctx, "etsy", profile)
    """
    state = get_state(ctx)
    channel = open_channel(
        marketplace,
        profile,
        store=state.store,
        clock=state.clock,
        poll_interval=state.poll_interval,
    )
    ctx.call_on_close(lambda: close_channel(channel))
    return channel


def command_group(app: typer.Typer, name: str, help: str) -> typer.Typer:
    """A group of subcommands added to `app` as `name`; without a subcommand it shows its help.

    Examples:
        orders = command_group(app, "orders", "Look up the shop's orders.")
    """
    group = typer.Typer(help=help, no_args_is_help=True)
    app.add_typer(group, name=name)
    return group
