"""The marketplace commands as data: each marketplace's `connect` flow and sandbox server.

Connecting a shop differs per marketplace (an OAuth consent, a set of keys checked against
two APIs), yet the command line must not name any marketplace. So a marketplace describes its
command as data (`CommandSpec`: the help and each `OptionSpec`) plus a plain function, and talks
to the person through a small UI protocol (`ConnectUI`: say, show a URL, prompt, open a URL,
catch a redirect) which the CLI implements with its console. A marketplace package therefore
never imports typer, rich or the CLI.

`connect(values, ui, env)` gets the options' values by name (read back typed with
`int_option`, `number_option` and `list_option`), stores the profile with `env.save`, and
returns what the command prints (`Connected`). It raises `ConnectError` for a
refusal the person must act on; the SDK's own errors are reported as for any command.

A sandbox's server is the same: `SandboxSpec` holds its options and a reference
(`"package.module:function"`) to a function imported only when the command runs, which returns
a context manager serving the sandbox and telling how to connect to it (`Served`). A seeded
sandbox's command ends its counts with `SEEDED_SANDBOX_OPTIONS` (days, seed, port).

Examples:
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
    "SEEDED_SANDBOX_OPTIONS",
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
    "connected",
    "int_option",
    "list_option",
    "number_option",
    "port_option",
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

    Examples:
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


def port_option(name: str = "port") -> OptionSpec:
    """A sandbox command's loopback port option (0 picks a free port).

    Examples:
        >>> port_option("mirakl_port").name, port_option().maximum
        ('mirakl_port', 65535)
    """
    return OptionSpec(
        name, "Port on 127.0.0.1 (0: a free one).", type=int, default=0, minimum=0, maximum=65535
    )


#: The options every seeded sandbox takes after the counts of what it seeds: how many past
#: days its orders are spread over, the seed (same seed, same shop) and its port.
SEEDED_SANDBOX_OPTIONS = (
    OptionSpec("days", "Orders spread over this many past days.", type=int, default=90, minimum=1),
    OptionSpec("seed", "Same seed, same shop.", type=int, default=42),
    port_option(),
)


def int_option(values: Mapping[str, object], name: str) -> int:
    """The whole number a command was given for option `name` (an `OptionSpec` of `type=int`).

    Raises:
        TypeError: the value is not a whole number.

    Examples:
        >>> int_option({"port": 0}, "port")
        0
    """
    value = values[name]
    if not isinstance(value, int):
        raise TypeError(f"option {name!r} must be a whole number, not {value!r}")
    return value


def number_option(values: Mapping[str, object], name: str) -> float:
    """The number a command was given for option `name` (an `OptionSpec` of `type=float`).

    Raises:
        TypeError: the value is not a number.

    Examples:
        >>> number_option({"timeout": 30}, "timeout")
        30.0
    """
    value = values[name]
    if not isinstance(value, int | float):
        raise TypeError(f"option {name!r} must be a number, not {value!r}")
    return float(value)


def list_option(values: Mapping[str, object], name: str) -> list[str] | None:
    """The values a command was given for a `repeatable` option `name`, `None` if none.

    Raises:
        TypeError: the value is not a list.

    Examples:
        >>> list_option({"scope": None}, "scope") is None
        True
    """
    value = values[name]
    if value is not None and not isinstance(value, list):
        raise TypeError(f"option {name!r} must be a list of values, not {value!r}")
    return value


@attrs.frozen(kw_only=True)
class CommandSpec:
    """A marketplace command: its help (first line: the summary) and its options, in order.

    Examples:
        >>> CommandSpec(help="Connect.\\n\\nExample: acme connect").help.splitlines()[0]
        'Connect.'
    """

    help: str
    options: tuple[OptionSpec, ...] = ()


@attrs.frozen
class Styled:
    """A piece of a message shown in a style (`"green"`, `"bold"`), the rest shown as is.

    Examples:
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

    Examples:
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

    Examples:
        path = env.save(AcmeProfile(name=env.profile, shop_id="7", api_key=key))
    """

    profile: str
    clock: Clock
    files: ProfileFiles
    save: Callable[[ShopProfile], Path]


@attrs.frozen(kw_only=True)
class Connected:
    """What a connect flow reports: the details (`--json`) and the lines people read.

    Examples:
        >>> Connected(details={"profile": "a"}, lines=(("Connected.",),)).details["profile"]
        'a'
    """

    details: Mapping[str, object]
    lines: tuple[tuple[str | Styled, ...], ...] = ()


def connected(
    env: ConnectEnv,
    path: Path,
    *,
    shop: str,
    details: Mapping[str, object],
    also: Connected | None = None,
) -> Connected:
    """What a connect flow reports once it saved its profile at `path`: every flow's report.

    The details are the marketplace, the profile's name, `details` (the shop's), the profile's
    file, then `also`'s; the lines say which `shop` is connected as which profile and where
    its credentials are, then `also`'s lines (another file the profile owns, say).

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> path = Path("/cfg/profiles/acme-a.json")
        >>> env = ConnectEnv(profile="a", clock=FakeClock(), save=lambda profile: path,
        ...                  files=ProfileFiles(Path("/cfg"), "acme", "a"))
        >>> report = connected(env, path, shop="Acme shop 7", details={"shop_id": 7})
        >>> list(report.details)
        ['marketplace', 'profile', 'shop_id', 'profile_file']
        >>> report.lines[1]
        ('Credentials: /cfg/profiles/acme-a.json (mode 0600)',)
    """
    extra = also or Connected(details={})
    return Connected(
        details={
            "marketplace": env.files.marketplace,
            "profile": env.profile,
            **details,
            "profile_file": str(path),
            **extra.details,
        },
        lines=(
            (
                Styled("Connected", "green"),
                f" {shop} as profile ",
                Styled(env.profile, "bold"),
                ".",
            ),
            (f"Credentials: {path} (mode 0600)",),
            *extra.lines,
        ),
    )


class ConnectError(Exception):
    """A connect flow that cannot finish; the message says what happened, `hint` what to do.

    Attributes:
        message: what happened.
        hint: what to do, if anything.
        authorization: the seller's authorization is missing (exit code 3), rather than the
            input being unusable (exit code 2).

    Examples:
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

    Examples:
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

    Examples:
        >>> SandboxSpec(command=CommandSpec(help="Serve."), server="acme.sandbox:serve").server
        'acme.sandbox:serve'
    """

    command: CommandSpec
    server: str
