"""The marketplace commands as data: each marketplace's `connect` flow and sandbox server.

Connecting a shop differs per marketplace (an OAuth consent, a set of keys checked against
two APIs), yet the command line must not name any marketplace. So a marketplace describes its
command as data (`CommandSpec`: the help and each `OptionSpec`) plus a plain function, and talks
to the person through a small UI protocol (`ConnectUI`: say, show a URL, prompt, open a URL,
catch a redirect) which the CLI implements with its console. A marketplace package therefore
never imports typer, rich or the CLI.

`connect(values, ui, env)` gets the options' values by name, stores the profile with
`env.save`, and returns what the command prints (`Connected`). It raises `ConnectError` for a
refusal the person must act on; the SDK's own errors are reported as for any command.

A sandbox's server is the same: `SandboxSpec` holds its options and a reference
(`"package.module:function"`) to a function imported only when the command runs, which returns
a context manager serving the sandbox and telling how to connect to it (`Served`).

Example:
    >>> spec = CommandSpec(help="Connect a shop.", options=(
    ...     OptionSpec("api_key", "The key.", envvar="ACME_KEY", prompt=True, secret=True),
    ...     OptionSpec("timeout", "Seconds to wait.", type=float, default=30.0, minimum=1),
    ... ))
    >>> [(option.name, option.required) for option in spec.options]
    [('api_key', True), ('timeout', False)]
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

import attrs

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._profiles import ProfileFiles, ShopProfile

__all__ = [
    "REQUIRED",
    "CommandSpec",
    "ConnectEnv",
    "ConnectError",
    "ConnectFlow",
    "ConnectUI",
    "Connected",
    "OptionSpec",
    "RedirectWaiter",
    "SandboxServer",
    "SandboxSpec",
    "Served",
    "Styled",
]


class _Required:
    def __repr__(self) -> str:
        return "REQUIRED"


#: The default of an option that must be given (or prompted for).
REQUIRED: object = _Required()


@attrs.frozen(kw_only=True)
class OptionSpec:
    """One option of a marketplace command: `--<name>` unless `flags` say otherwise.

    Attributes:
        name: the value's name (`shared_secret`, shown as `--shared-secret`).
        help: the option's help text.
        type: `str`, `int`, `float` or `bool`; with `repeatable`, each value's type.
        default: the value when not given; `REQUIRED` when it must be given or prompted for.
        flags: the option's declarations when not just `--<name>` (`"--open/--no-open"`).
        envvar: the environment variable read when the option is not given.
        prompt: ask for the value when it is not given.
        secret: hide what is typed at the prompt, and never show a default.
        show_default: show the default in the help.
        minimum: the smallest number accepted.
        maximum: the largest number accepted.
        repeatable: the option may be given several times (a list of values, `None` if none).

    Example:
        >>> OptionSpec("timeout", "Seconds.", type=float, default=300.0).required
        False
    """

    name: str = attrs.field(kw_only=False)
    help: str = attrs.field(kw_only=False)
    type: type = str
    default: object = REQUIRED
    flags: tuple[str, ...] = ()
    envvar: str | None = None
    prompt: bool = False
    secret: bool = False
    show_default: bool = True
    minimum: float | None = None
    maximum: float | None = None
    repeatable: bool = False

    @property
    def required(self) -> bool:
        """Whether the option has no default (it must be given, or is prompted for)."""
        return self.default is REQUIRED


@attrs.frozen(kw_only=True)
class CommandSpec:
    """A marketplace command: its help (first line: the summary) and its options, in order.

    Example:
        >>> CommandSpec(help="Connect.\\n\\nExample: acme connect").help.splitlines()[0]
        'Connect.'
    """

    help: str
    options: tuple[OptionSpec, ...] = ()


@attrs.frozen
class Styled:
    """A piece of a message shown in a style (`"green"`, `"bold"`), the rest shown as is.

    Example:
        >>> Styled("Connected", "green").text
        'Connected'
    """

    text: str
    style: str


class RedirectWaiter(Protocol):
    """A listener on the redirect URI, waiting for the browser to come back."""

    def wait(self, timeout: float) -> str | None:
        """The URL the browser was redirected to, or `None` after `timeout` seconds."""
        ...


class ConnectUI(Protocol):
    """What a connect flow may do with the person running it (the CLI implements it).

    Example:
        ui.say(Styled("Connected", "green"), " shop 42")
    """

    def say(self, *parts: str | Styled) -> None:
        """Show a message (on stderr) made of `parts`."""
        ...

    def show_url(self, url: str) -> None:
        """Show a URL on its own, never wrapped nor highlighted (to copy it)."""
        ...

    def prompt(self, text: str) -> str:
        """Ask for a value and return what was typed."""
        ...

    def open_url(self, url: str) -> None:
        """Open `url` in the web browser, in the background."""
        ...

    def catch_redirect(self, redirect_uri: str) -> AbstractContextManager[RedirectWaiter]:
        """Listen on the loopback `redirect_uri` (bound at once) until the block ends."""
        ...


@attrs.frozen(kw_only=True)
class ConnectEnv:
    """Where a connect flow stores what it gets.

    Attributes:
        profile: the name the profile is stored under.
        clock: the time source.
        files: where the profile's own files live (a token file, say).
        save: stores the profile (secrets included, readable by its owner only) and returns
            its file's path.

    Example:
        path = env.save(AcmeProfile(name=env.profile, shop_id="7", api_key=key))
    """

    profile: str
    clock: Clock
    files: ProfileFiles
    save: Callable[[ShopProfile], Path]


@attrs.frozen(kw_only=True)
class Connected:
    """What a connect flow reports: the details (`--json`) and the lines people read.

    Example:
        >>> Connected(details={"profile": "a"}, lines=(("Connected.",),)).details["profile"]
        'a'
    """

    details: Mapping[str, object]
    lines: tuple[tuple[str | Styled, ...], ...] = ()


class ConnectError(Exception):
    """A connect flow that cannot finish; the message says what happened, `hint` what to do.

    Attributes:
        message: what happened.
        hint: what to do, if anything.
        authorization: the seller's authorization is missing (exit code 3), rather than the
            input being unusable (exit code 2).

    Example:
        >>> str(ConnectError("no redirect came back", authorization=True))
        'no redirect came back'
    """

    def __init__(self, message: str, *, hint: str | None = None, authorization: bool = False):
        """Keep the message, the hint and whether authorization is what is missing."""
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.authorization = authorization


#: A marketplace's connect flow: the options' values by name, the UI, where to store.
ConnectFlow = Callable[[Mapping[str, object], ConnectUI, ConnectEnv], Connected]


@attrs.frozen(kw_only=True)
class Served:
    """A sandbox being served: its details (URL, test credentials) and the connect command.

    Example:
        >>> Served(details={"base_url": "http://127.0.0.1:9"}, connect="acme connect").connect
        'acme connect'
    """

    details: Mapping[str, object]
    connect: str


#: Serves a seeded sandbox from the options' values, for as long as the block runs.
SandboxServer = Callable[[Mapping[str, object]], AbstractContextManager[Served]]


@attrs.frozen(kw_only=True)
class SandboxSpec:
    """How to serve a marketplace's sandbox: the command's options and the server's reference.

    The server is imported only when the command runs (`"package.module:function"`), so
    library code and the CLI's start never load a sandbox.

    Example:
        >>> SandboxSpec(command=CommandSpec(help="Serve."), server="acme.sandbox:serve").server
        'acme.sandbox:serve'
    """

    command: CommandSpec
    server: str
