"""Exit codes a script can rely on, and the SDK's errors turned into what happened and what to do.

| code | meaning |
|---|---|
| 0 | done: every item went through |
| 1 | the operation failed, or some items were rejected or must be retried (partial) |
| 2 | bad usage or input: an unknown option, SKU or order id, a malformed file or value, an operation the marketplace does not support |
| 3 | authorization needed: no profile, refused credentials, an expired or revoked token |
| 4 | the marketplace is unavailable or rate limited: retry later |

Examples:
    >>> from marketplace_sdk.core._errors import TokenRevokedError
    >>> failure = describe(TokenRevokedError("invalid_grant", marketplace="etsy"), "shop-a")
    >>> failure.code, failure.hint
    (<ExitCode.AUTH: 3>, 'reconnect the shop: marketplace-sdk etsy connect --profile shop-a')
"""  # noqa: E501

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from enum import IntEnum

import attrs
import typer
from rich.console import Console
from rich.markup import escape

from marketplace_sdk.cli._profiles import ProfileError, ProfileNameError
from marketplace_sdk.core._errors import (
    ApiError,
    AuthenticationError,
    DeadlineExceededError,
    InvalidRequestError,
    InvalidTransition,
    MarketplaceError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitedError,
    ServerError,
    TokenRevokedError,
    TransportError,
    UnsupportedOperation,
)
from marketplace_sdk.core._status import StatusFilterError

__all__ = [
    "BadInput",
    "CliFailure",
    "ExitCode",
    "describe",
    "fail",
    "handle_errors",
    "status_usage",
]

logger = logging.getLogger(__name__)


class ExitCode(IntEnum):
    """The CLI's exit codes.

    Examples:
        >>> int(ExitCode.UNAVAILABLE)
        4
    """

    OK = 0
    FAILED = 1
    BAD_INPUT = 2
    AUTH = 3
    UNAVAILABLE = 4


class BadInput(Exception):
    """Input the CLI cannot use (a malformed file, a value it cannot parse); exit code 2.

    Examples:
        >>> str(BadInput("stock.csv, line 3: quantity 'x' is not a whole number"))
        "stock.csv, line 3: quantity 'x' is not a whole number"
    """


@attrs.frozen
class CliFailure:
    """What the CLI says about an error: the exit code, what happened and what to do.

    Examples:
        >>> CliFailure(ExitCode.FAILED, "it broke", "try again").code.value
        1
    """

    code: ExitCode
    message: str
    hint: str | None = None


def _connect_hint(marketplace: str | None, profile: str | None) -> str:
    market = marketplace or "<marketplace>"
    suffix = f" --profile {profile}" if profile else ""
    return f"reconnect the shop: marketplace-sdk {market} connect{suffix}"


def describe(error: BaseException, profile: str | None = None) -> CliFailure:
    """The exit code and advice for `error` (raised while serving `profile`).

    Examples:
        >>> from marketplace_sdk.core._errors import RateLimitedError
        >>> describe(RateLimitedError("slow down", retry_after=30)).hint
        'the marketplace asks to wait 30 s; retry later'
    """
    if isinstance(error, ProfileNameError | BadInput):
        return CliFailure(ExitCode.BAD_INPUT, str(error))
    if isinstance(error, ProfileError):
        return CliFailure(ExitCode.AUTH, str(error))
    if not isinstance(error, MarketplaceError):
        return CliFailure(ExitCode.FAILED, f"unexpected error: {type(error).__name__}")
    market = error.marketplace
    if isinstance(error, TokenRevokedError):
        return CliFailure(
            ExitCode.AUTH,
            f"the shop's authorization is no longer valid (expired or revoked): {error}",
            _connect_hint(market, profile),
        )
    if isinstance(error, AuthenticationError | PermissionDeniedError):
        return CliFailure(
            ExitCode.AUTH,
            f"the marketplace refused the credentials: {error}",
            _connect_hint(market, profile),
        )
    if isinstance(error, RateLimitedError):  # QuotaExhaustedError too
        wait = f"{error.retry_after:g} s" if error.retry_after is not None else "a while"
        return CliFailure(
            ExitCode.UNAVAILABLE,
            f"rate limited: {error}",
            f"the marketplace asks to wait {wait}; retry later",
        )
    if isinstance(error, ServerError | TransportError | DeadlineExceededError):
        return CliFailure(
            ExitCode.UNAVAILABLE,
            f"the marketplace is unavailable: {error}",
            "retry later; if it lasts, check the marketplace's status page",
        )
    if isinstance(error, NotFoundError):
        return CliFailure(
            ExitCode.BAD_INPUT,
            f"not found: {error}",
            "check the SKU or id (list them with `products list` or `orders list`)",
        )
    if isinstance(error, StatusFilterError):
        return CliFailure(ExitCode.BAD_INPUT, f"invalid value for '--status': {error.message}")
    if isinstance(error, UnsupportedOperation):
        return CliFailure(ExitCode.BAD_INPUT, f"not supported: {error}")
    if isinstance(error, InvalidRequestError):
        return CliFailure(ExitCode.BAD_INPUT, f"the marketplace refused the request: {error}")
    if isinstance(error, InvalidTransition):
        return CliFailure(ExitCode.FAILED, f"not allowed now: {error}")
    if isinstance(error, ApiError):
        return CliFailure(ExitCode.FAILED, f"the marketplace answered with an error: {error}")
    return CliFailure(ExitCode.FAILED, str(error))


def fail(failure: CliFailure, console: Console | None = None) -> typer.Exit:
    """Print `failure` on stderr and return the `typer.Exit` carrying its code (to raise).

    Examples:
        raise fail(CliFailure(ExitCode.BAD_INPUT, "no such file"))
    """
    err = console or Console(stderr=True, soft_wrap=True)
    err.print(f"[bold red]Error:[/] {escape(failure.message)}")
    if failure.hint:
        err.print(f"[yellow]What to do:[/] {escape(failure.hint)}")
    return typer.Exit(int(failure.code))


@contextmanager
def handle_errors(profile: str | None = None) -> Iterator[None]:
    """Turn the SDK's errors raised inside the block into a message and an exit code.

    Examples:
        with handle_errors(profile):
            channel = open_channel("etsy", profile)
    """
    try:
        yield
    except (MarketplaceError, ProfileError, BadInput) as error:
        logger.info("command failed: %s", type(error).__name__)
        raise fail(describe(error, profile)) from None


@contextmanager
def status_usage(option: str = "'--status' / '-s'") -> Iterator[None]:
    """Report a status filter the marketplace lacks as a usage error of `option` (exit code 2).

    The message lists the statuses the marketplace accepts, in click's usage-error style.

    Examples:
        with handle_errors(profile), status_usage():
            orders = list(channel.iter_orders(start, end, statuses=["Bogus"]))
    """
    try:
        yield
    except StatusFilterError as error:
        raise typer.BadParameter(error.message, param_hint=option) from None
