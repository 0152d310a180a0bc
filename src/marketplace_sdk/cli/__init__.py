"""The `marketplace-sdk` command line: connect shops, look things up, push stock and prices,
run the manual syncs and serve the sandboxes.

`app` is the typer application and `main()` the console script's entry point. Every read
command takes `--json` for machines; exit codes are listed in `marketplace_sdk.cli._errors`.

Example:
    >>> from typer.testing import CliRunner
    >>> CliRunner().invoke(app, ["--help"]).exit_code
    0
"""

from marketplace_sdk.cli._app import app, main
from marketplace_sdk.cli._context import channel_session, close_channel, open_channel

__all__ = ["app", "channel_session", "close_channel", "main", "open_channel"]
