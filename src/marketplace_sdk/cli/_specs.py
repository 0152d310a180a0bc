"""Marketplace commands described as data (`CommandSpec`) turned into typer commands, and the
console a marketplace's connect flow talks through (`ConsoleUI`).

A marketplace package describes its `connect` and `sandbox serve` options as `OptionSpec`s and
never imports typer or rich; this module gives each spec the typer option it stands for, and
implements the flows' UI protocol (`marketplace_sdk.core.ConnectUI`) with rich and the
loopback `RedirectCatcher`.

Examples:
    >>> from typer.testing import CliRunner
    >>> from marketplace_sdk.core import OptionSpec
    >>> def hello(ctx: typer.Context, values: dict[str, object]) -> None:
    ...     typer.echo(f"hello {values['who']}")
    >>> probe = typer.Typer()
    >>> _ = probe.command()(command_function("hello", [option_parameter(
    ...     OptionSpec("who", "Whom to greet.", default="world"))], hello))
    >>> CliRunner().invoke(probe, ["--who", "you"]).output
    'hello you\\n'
"""

from __future__ import annotations

import importlib
import inspect
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Annotated

import typer
from rich.markup import escape

from marketplace_sdk.cli._output import err_console
from marketplace_sdk.cli._redirect import RedirectCatcher
from marketplace_sdk.core._commands import OptionSpec, RedirectWaiter, Styled

__all__ = ["ConsoleUI", "command_function", "load_reference", "markup", "option_parameter"]

#: What runs a built command: the context and the options' values by name.
Body = Callable[[typer.Context, dict[str, object]], None]


def option_parameter(spec: OptionSpec) -> inspect.Parameter:
    """The keyword parameter, annotated with its `typer.Option`, that `spec` stands for.

    Examples:
        >>> option_parameter(OptionSpec("timeout", "Seconds.", type=float, default=3.0)).default
        3.0
    """
    annotation: object = spec.type
    if spec.repeatable:
        annotation = list[spec.type] | None  # type: ignore[name-defined]
    elif spec.default is None:
        annotation = spec.type | None
    option = typer.Option(
        *spec.flags,
        envvar=spec.envvar,
        prompt=spec.prompt,
        hide_input=spec.secret,
        show_default=False if spec.secret else spec.show_default,
        help=spec.help,
        min=spec.minimum,
        max=spec.maximum,
    )
    return inspect.Parameter(
        spec.name,
        inspect.Parameter.KEYWORD_ONLY,
        default=inspect.Parameter.empty if spec.required else spec.default,
        annotation=Annotated[annotation, option],
    )


def command_function(
    name: str, parameters: Sequence[inspect.Parameter], body: Body
) -> Callable[..., None]:
    """A function typer reads as a command taking `parameters`, which calls `body`.

    `body` gets the command's context and every parameter's value by name.

    Examples:
        app.command("connect")(command_function("connect", parameters, run))
    """

    def command(ctx: typer.Context, **values: object) -> None:
        body(ctx, values)

    context = inspect.Parameter(
        "ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context
    )
    command.__signature__ = inspect.Signature([context, *parameters])  # type: ignore[attr-defined]
    command.__annotations__ = {
        "ctx": typer.Context,
        **{parameter.name: parameter.annotation for parameter in parameters},
        "return": None,
    }
    command.__name__ = command.__qualname__ = name.replace("-", "_")
    return command


def load_reference(reference: str) -> object:
    """The object a `"package.module:attribute"` reference names, imported now.

    Examples:
        >>> load_reference("marketplace_sdk.cli._specs:load_reference").__name__
        'load_reference'
    """
    module_name, _, attribute = reference.partition(":")
    target: object = importlib.import_module(module_name)
    for part in attribute.split("."):
        target = getattr(target, part)
    return target


def markup(*parts: str | Styled) -> str:
    """`parts` as rich markup: plain text escaped, styled text in its style.

    Examples:
        >>> markup(Styled("Connected", "green"), " shop [b]")
        '[green]Connected[/] shop \\\\[b]'
    """
    return "".join(
        f"[{part.style}]{escape(part.text)}[/]" if isinstance(part, Styled) else escape(part)
        for part in parts
    )


class ConsoleUI:
    """A connect flow's UI on the terminal: messages on stderr, prompts, browser, redirects.

    Args:
        opener: opens a URL in the browser (`CliState.opener`).

    Examples:
        connected = description.connect.flow(values, ConsoleUI(state.opener), env)
    """

    def __init__(self, opener: Callable[[str], None]) -> None:
        """Write to stderr; open URLs with `opener`, in the background."""
        self._err = err_console()
        self._opener = opener

    def say(self, *parts: str | Styled) -> None:
        """Print a message on stderr."""
        self._err.print(markup(*parts))

    def show_url(self, url: str) -> None:
        """Print a URL on stderr, never wrapped nor highlighted."""
        self._err.print(escape(url), soft_wrap=True, highlight=False)

    def prompt(self, text: str) -> str:
        """Ask on stderr and return the answer."""
        return str(typer.prompt(text, err=True))

    def open_url(self, url: str) -> None:
        """Open `url` in the browser without waiting for it."""
        threading.Thread(target=self._opener, args=(url,), daemon=True).start()

    @contextmanager
    def catch_redirect(self, redirect_uri: str) -> Iterator[RedirectWaiter]:
        """Listen on the loopback `redirect_uri` for the block."""
        with RedirectCatcher(redirect_uri) as catcher:
            yield catcher
