"""`marketplace-sdk support record|replay`: turn a look at one seller's problem into a test.

`support record CASE -- <command>` runs any `marketplace-sdk` command and writes every HTTP
exchange it made to the cassette `CASE`, scrubbed: keys, tokens, signatures and buyers' personal
data are removed, and so is every secret of every stored profile, named or not.
`support replay CASE -- <command>` runs the same command against the cassette, with no network:
the case reproduces on any machine, and becomes a regression test with `replay_case`.

Examples:
    marketplace-sdk support record acme-order.yaml -- etsy orders show 3012345678 --profile acme
    marketplace-sdk support replay acme-order.yaml -- etsy orders show 3012345678 --profile acme
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from pydantic import SecretStr
from rich.markup import escape

from marketplace_sdk.cli._errors import ExitCode
from marketplace_sdk.cli._output import err_console
from marketplace_sdk.cli._profiles import ProfileError, ProfileStore
from marketplace_sdk.cli._state import CliState, get_state
from marketplace_sdk.core._frames import MissingExtraError
from marketplace_sdk.support import CaseError, UnmatchedRequestError, record_case, replay_case

__all__ = ["profile_secrets", "support_app"]

support_app = typer.Typer(
    help="Record a command's HTTP exchanges as a scrubbed support case, and replay it.",
    no_args_is_help=True,
)

_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True}


def profile_secrets(store: ProfileStore) -> Iterator[str]:
    """Every secret the stored profiles and token files hold (to scrub them by value too).

    Examples:
        secrets = list(profile_secrets(state.store))
    """
    for marketplace, name in store.names():
        try:
            profile = store.load(marketplace, name)
        except ProfileError:
            continue
        for _field, value in profile:
            if isinstance(value, SecretStr) and value.get_secret_value():
                yield value.get_secret_value()
        yield from profile.file_secrets(store.files(marketplace, name))


def _command_to_run(ctx: typer.Context) -> tuple[CliState, list[str], list[str]]:
    # The CLI's state, the command given after `--`, and every stored secret to scrub.
    state = get_state(ctx)
    args = list(ctx.args)
    if not args:
        raise typer.BadParameter("give the command to run after `--`", param_hint="COMMAND")
    if args[0] == "support":
        raise typer.BadParameter("a support case cannot record another support command")
    return state, args, list(profile_secrets(state.store))


def _run(args: list[str], state: CliState) -> int:
    from marketplace_sdk.cli._app import app

    try:
        # Without standalone mode click returns the command's exit code instead of exiting.
        code = app(args, prog_name="marketplace-sdk", standalone_mode=False, obj=state)
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else int(done.code is not None)
    except typer.Exit as done:
        return int(done.exit_code)
    return code if isinstance(code, int) else 0


def _fail(message: str, code: ExitCode) -> typer.Exit:
    err_console().print(f"[bold red]error:[/] {escape(message)}")
    return typer.Exit(int(code))


@support_app.command("record", context_settings=_PASS_THROUGH)
def record(
    ctx: typer.Context,
    case: Annotated[Path, typer.Argument(dir_okay=False, help="The cassette file to write.")],
    overwrite: Annotated[bool, typer.Option(help="Replace an existing case.")] = False,
) -> None:
    """Run a command (after `--`) and record its exchanges to CASE, scrubbed.

    Examples:
        marketplace-sdk support record case.yaml -- etsy orders show 3012345678
    """
    state, args, secrets = _command_to_run(ctx)
    try:
        with record_case(case, secrets=secrets, overwrite=overwrite) as recorded:
            code = _run(args, state)
    except CaseError as error:
        raise _fail(f"{error} (add --overwrite to replace it)", ExitCode.BAD_INPUT) from None
    except MissingExtraError as error:
        raise _fail(str(error), ExitCode.BAD_INPUT) from None
    err_console().print(
        f"recorded {recorded.interactions} exchange(s) to {case}, scrubbed of keys, tokens, "
        "signatures and buyers' personal data"
    )
    raise typer.Exit(code)


@support_app.command("replay", context_settings=_PASS_THROUGH)
def replay(
    ctx: typer.Context,
    case: Annotated[Path, typer.Argument(dir_okay=False, help="A case written by `record`.")],
) -> None:
    """Run a command (after `--`) against CASE instead of the marketplace, with no network.

    Examples:
        marketplace-sdk support replay case.yaml -- etsy orders show 3012345678
    """
    state, args, secrets = _command_to_run(ctx)
    try:
        with replay_case(case, secrets=secrets) as played:
            code = _run(args, state)
    except UnmatchedRequestError as error:  # before CaseError, its base class
        raise _fail(
            f"{error}: the command asked for something the case did not record "
            "(run the same command, with the same options, as when recording)",
            ExitCode.FAILED,
        ) from None
    except CaseError as error:
        raise _fail(str(error), ExitCode.BAD_INPUT) from None
    except MissingExtraError as error:
        raise _fail(str(error), ExitCode.BAD_INPUT) from None
    if not played.all_played:
        err_console().print("note: the command did not ask for every recorded exchange")
    raise typer.Exit(code)
