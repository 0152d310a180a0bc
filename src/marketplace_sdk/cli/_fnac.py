"""`marketplace-sdk fnac ...`: connect an FNAC shop (four credentials), then the shop commands.

`fnac connect` checks the FNAC web services' partner id, shop id and key (it buys a session
token) and the Mirakl API key (it reads the shop, A01), then stores the four in the profile's
0600 file. Nothing secret is printed or logged.

Example:
    >>> from typer.testing import CliRunner
    >>> "connect" in CliRunner().invoke(fnac_app, ["--help"]).output
    True
"""

from __future__ import annotations

from typing import Annotated

import typer
from pydantic import SecretStr
from rich.markup import escape

from marketplace_sdk.cli._commands import add_shop_commands
from marketplace_sdk.cli._context import profile_name
from marketplace_sdk.cli._errors import handle_errors
from marketplace_sdk.cli._options import ProfileOption
from marketplace_sdk.cli._output import emit_json, err_console
from marketplace_sdk.cli._profiles import FnacProfile, check_name
from marketplace_sdk.cli._state import get_state
from marketplace_sdk.cli._sync_cmds import add_sync_commands
from marketplace_sdk.fnac import PRODUCTION_URL, FnacClient, FnacCredentials
from marketplace_sdk.mirakl import MiraklCatalogClient

__all__ = ["fnac_app"]

fnac_app = typer.Typer(help="FNAC / Fnac Darty: connect a shop, look up, push, sync.")


@fnac_app.command("connect")
def connect(
    ctx: typer.Context,
    partner_id: Annotated[
        str, typer.Option(envvar="FNAC_PARTNER_ID", prompt=True, help="FNAC Partner ID.")
    ],
    shop_id: Annotated[str, typer.Option(envvar="FNAC_SHOP_ID", prompt=True, help="FNAC Shop ID.")],
    key: Annotated[
        str,
        typer.Option(
            envvar="FNAC_KEY",
            prompt=True,
            hide_input=True,
            show_default=False,
            help="FNAC web services key (better from FNAC_KEY or the prompt).",
        ),
    ],
    mirakl_api_key: Annotated[
        str,
        typer.Option(
            envvar="FNAC_MIRAKL_API_KEY",
            prompt=True,
            hide_input=True,
            show_default=False,
            help="Mirakl API key (better from FNAC_MIRAKL_API_KEY or the prompt).",
        ),
    ],
    mirakl_url: Annotated[
        str,
        typer.Option(
            envvar="FNAC_MIRAKL_URL", prompt=True, help="The Mirakl instance's URL (catalogue)."
        ),
    ],
    profile: ProfileOption = None,
    base_url: Annotated[
        str, typer.Option(envvar="FNAC_BASE_URL", help="FNAC's API root (a sandbox's URL).")
    ] = PRODUCTION_URL,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Check the four FNAC credentials (web services auth, Mirakl A01) and store them (0600).

    Example: FNAC_KEY=... FNAC_MIRAKL_API_KEY=... marketplace-sdk fnac connect --partner-id P ...
    """
    state = get_state(ctx)
    name = profile_name(profile)
    err = err_console()
    with handle_errors(name):
        check_name(name)
        credentials = FnacCredentials(partner_id=partner_id, shop_id=shop_id, key=SecretStr(key))
        with FnacClient(credentials, base_url=base_url, clock=state.clock) as client:
            # Any call buys a session token first; carriers_query is a cheap read.
            client.carriers_query()
        err.print("[green]FNAC web services:[/] credentials accepted")
        with MiraklCatalogClient(
            mirakl_api_key, base_url=mirakl_url, clock=state.clock, marketplace="fnac"
        ) as catalog:
            account = catalog.get_account()
        err.print(f"[green]Mirakl catalogue:[/] shop {escape(account.shop_name or '')}")
        stored = FnacProfile(
            name=name,
            partner_id=partner_id,
            shop_id=shop_id,
            key=SecretStr(key),
            mirakl_api_key=SecretStr(mirakl_api_key),
            mirakl_url=mirakl_url,
            mirakl_shop_id=account.shop_id,
            shop_name=account.shop_name,
            base_url=base_url,
        )
        path = state.store.save(stored)
    if as_json:
        emit_json(
            {
                "marketplace": "fnac",
                "profile": name,
                "shop_id": shop_id,
                "mirakl_shop_id": account.shop_id,
                "shop_name": account.shop_name,
                "profile_file": str(path),
            }
        )
        return
    err.print(
        f"[green]Connected[/] FNAC shop {escape(shop_id)} as profile [bold]{escape(name)}[/]."
    )
    err.print(f"Credentials: {escape(str(path))} (mode 0600)")


add_shop_commands(fnac_app, "fnac")
add_sync_commands(fnac_app, "fnac")
