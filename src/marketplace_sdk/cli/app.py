"""The typer application: one sub-command group per marketplace, `sandbox`, and `demo`.

Example:
    >>> from typer.testing import CliRunner
    >>> "sandbox" in CliRunner().invoke(app, ["--help"]).output
    True
"""

from __future__ import annotations

import typer

from marketplace_sdk.cli.demo_cmd import demo_command

__all__ = ["app", "main"]

app = typer.Typer(
    name="marketplace-sdk",
    help="Run marketplace integrations (Etsy, FNAC) from the command line.",
    no_args_is_help=True,
    add_completion=False,
)
app.command("demo")(demo_command)

sandbox_app = typer.Typer(help="Serve the marketplaces' simulators on a loopback port.")
app.add_typer(sandbox_app, name="sandbox")


def main() -> None:
    """The console script `marketplace-sdk`.

    Example:
        marketplace-sdk --help
    """
    app()
