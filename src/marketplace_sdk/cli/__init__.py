"""The `marketplace-sdk` command line: connect shops, look things up, push stock and prices,
run the manual syncs and serve the sandboxes.

`app` is the typer application and `main()` the console script's entry point; a script reads a
stored shop with `open_channel` (or `channel_session`). Every read command takes `--json` for
machines; `ExitCode` lists the exit codes. The commands of each marketplace come from its
description (`marketplace_sdk.core.MarketplaceDescription`).

Examples:
    >>> from typer.testing import CliRunner
    >>> CliRunner().invoke(app, ["--help"]).exit_code
    0
"""

from marketplace_sdk.cli._app import app, main
from marketplace_sdk.cli._context import channel_session, close_channel, open_channel
from marketplace_sdk.cli._errors import ExitCode
from marketplace_sdk.cli._profiles import ProfileError, ProfileStore

__all__ = [
    "ExitCode",
    "ProfileError",
    "ProfileStore",
    "app",
    "channel_session",
    "close_channel",
    "main",
    "open_channel",
]
