"""`marketplace-sdk sandbox serve <key>`: a seeded simulator on a loopback port.

For integrators' own tests and for trying the CLI without a seller account: the command prints
the base URL and the sandbox's test credentials (made-up values, never real secrets), then
serves until Ctrl-C. Connect to it from another shell with the command it prints. There is one
command per registered marketplace with a sandbox; its options come from the marketplace's
description, and the sandbox itself is imported only when the command runs.

Examples:
    >>> from typer.testing import CliRunner
    >>> result = CliRunner().invoke(sandbox_app(), ["serve", "--help"])
    >>> result.exit_code, "Serve a seeded sandbox" in result.output
    (0, True)
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Mapping
from typing import Annotated, cast

import typer
from rich.markup import escape

from marketplace_sdk.cli._output import emit_json, err_console, out_console
from marketplace_sdk.cli._specs import command_function, load_reference, option_parameter
from marketplace_sdk.cli._state import get_state
from marketplace_sdk.core._commands import SandboxServer, SandboxSpec
from marketplace_sdk.core._registry import marketplaces

__all__ = ["sandbox_app"]

_JSON = Annotated[bool, typer.Option("--json", help="Print the connection details as JSON.")]


def _show(details: Mapping[str, object], connect: str, as_json: bool) -> None:
    if as_json:
        emit_json(dict(details))
        return
    console = out_console()
    for key, value in details.items():
        console.print(f"[bold]{escape(key)}[/]: {escape(str(value))}", highlight=False)
    console.print("\nIn another shell, connect the CLI to it:", highlight=False)
    console.print(f"  {escape(connect)}", soft_wrap=True, highlight=False)
    err_console().print("Test values only. Serving until Ctrl-C.")


def _serve_command(key: str, spec: SandboxSpec) -> Callable[..., None]:
    parameters = [
        *(option_parameter(option) for option in spec.command.options),
        inspect.Parameter(
            "as_json", inspect.Parameter.KEYWORD_ONLY, default=False, annotation=_JSON
        ),
    ]

    def run(ctx: typer.Context, values: dict[str, object]) -> None:
        as_json = bool(values.pop("as_json"))
        server = cast(SandboxServer, load_reference(spec.server))
        with server(values) as served:
            _show(served.details, served.connect, as_json)
            get_state(ctx).serve_until(served.details)

    return command_function(f"serve_{key}", parameters, run)


def _either(keys: list[str]) -> str:
    if not keys:
        return "none"
    return keys[0] if len(keys) == 1 else f"{', '.join(keys[:-1])} or {keys[-1]}"


def sandbox_app() -> typer.Typer:
    """The `sandbox` group: `serve <key>` for each registered marketplace with a sandbox.

    Examples:
        app.add_typer(sandbox_app(), name="sandbox")
    """
    sandbox = typer.Typer(
        name="sandbox",
        help="Serve the marketplaces' simulators on a loopback port.",
        no_args_is_help=True,
        add_completion=False,
    )
    served = [(d.key, d.sandbox) for d in marketplaces() if d.sandbox is not None]
    serve = typer.Typer(
        help=f"Serve a seeded sandbox until Ctrl-C ({_either([key for key, _ in served])}).",
        no_args_is_help=True,
    )
    sandbox.add_typer(serve, name="serve")
    for key, spec in served:
        serve.command(key, help=spec.command.help)(_serve_command(key, spec))
    return sandbox
