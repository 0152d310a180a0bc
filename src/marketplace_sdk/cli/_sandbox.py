"""`marketplace-sdk sandbox serve etsy|fnac`: a seeded simulator on a loopback port.

For integrators' own tests and for trying the CLI without a seller account: the command prints
the base URL and the sandbox's test credentials (made-up values, never real secrets), then
serves until Ctrl-C. Connect to it from another shell with the command it prints.

Example:
    >>> from typer.testing import CliRunner
    >>> "etsy" in CliRunner().invoke(sandbox_app, ["serve", "--help"]).output
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated

import typer
from rich.markup import escape

from marketplace_sdk.cli._etsy import DEFAULT_REDIRECT_URI
from marketplace_sdk.cli._output import emit_json, err_console, out_console
from marketplace_sdk.cli._state import get_state
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac.sandbox import FnacSandbox

__all__ = ["sandbox_app", "serve_app"]

sandbox_app = typer.Typer(
    help="Serve the marketplaces' simulators on a loopback port.", no_args_is_help=True
)
serve_app = typer.Typer(
    help="Serve a seeded sandbox until Ctrl-C (etsy or fnac).", no_args_is_help=True
)
sandbox_app.add_typer(serve_app, name="serve")

_Port = Annotated[int, typer.Option(min=0, max=65535, help="Port on 127.0.0.1 (0: a free one).")]
_Seed = Annotated[int, typer.Option(help="Same seed, same shop.")]
_Days = Annotated[int, typer.Option(min=1, help="Orders spread over this many past days.")]
_Json = Annotated[bool, typer.Option("--json", help="Print the connection details as JSON.")]


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


@serve_app.command("etsy")
def serve_etsy(
    ctx: typer.Context,
    listings: Annotated[int, typer.Option(min=0, help="Listings to seed.")] = 50,
    orders: Annotated[int, typer.Option(min=0, help="Orders (receipts) to seed.")] = 20,
    days: _Days = 90,
    seed: _Seed = 42,
    port: _Port = 0,
    redirect_uri: Annotated[
        list[str] | None,
        typer.Option("--redirect-uri", help="A redirect URI the test app accepts; repeatable."),
    ] = None,
    as_json: _Json = False,
) -> None:
    """Serve a seeded Etsy sandbox (OAuth consent, listings, receipts) on 127.0.0.1.

    Example: marketplace-sdk sandbox serve etsy --listings 100 --orders 30 --port 8780
    """
    sandbox = EtsySandbox.seeded(
        listings=listings, orders=orders, days=days, seed=seed, duplicate_skus=min(5, listings)
    )
    for uri in redirect_uri or [DEFAULT_REDIRECT_URI]:
        if uri not in sandbox.app.redirect_uris:
            sandbox.app.redirect_uris.append(uri)
    secret = sandbox.app.shared_secret.get_secret_value()  # a made-up test value, shown
    with sandbox.serve(port=port) as server:
        details: dict[str, object] = {
            "marketplace": "etsy",
            "base_url": server.url,
            "keystring": sandbox.keystring,
            "shared_secret": secret,
            "redirect_uris": " ".join(sandbox.app.redirect_uris),
            "shop_id": sandbox.shop_id,
            "listings": listings,
            "orders": orders,
        }
        connect = (
            f"ETSY_SHARED_SECRET={secret} marketplace-sdk etsy connect --profile sandbox "
            f"--base-url {server.url} --keystring {sandbox.keystring} "
            f"--redirect-uri {sandbox.app.redirect_uris[-1]}"
        )
        _show(details, connect, as_json)
        get_state(ctx).serve_until(details)


@serve_app.command("fnac")
def serve_fnac(
    ctx: typer.Context,
    offers: Annotated[int, typer.Option(min=0, help="Offers to seed.")] = 50,
    orders: Annotated[int, typer.Option(min=0, help="Orders to seed.")] = 20,
    days: _Days = 90,
    seed: _Seed = 42,
    port: _Port = 0,
    mirakl_port: _Port = 0,
    batch_delay: Annotated[
        float, typer.Option(min=0, help="Seconds before an offer batch is applied.")
    ] = 5.0,
    as_json: _Json = False,
) -> None:
    """Serve a seeded FNAC sandbox (XML web services) and its Mirakl catalogue on 127.0.0.1.

    Example: marketplace-sdk sandbox serve fnac --offers 200 --orders 30
    """
    sandbox = FnacSandbox.seeded(
        offers=offers, orders=orders, days=days, seed=seed, batch_delay=batch_delay
    )
    creds = sandbox.credentials
    with sandbox.serve(port=port) as server, sandbox.mirakl.serve(port=mirakl_port) as mirakl:
        base_url = server.url + "/api.php/"
        details: dict[str, object] = {
            "marketplace": "fnac",
            "base_url": base_url,
            "mirakl_url": mirakl.url,
            "partner_id": creds.partner_id,
            "shop_id": creds.shop_id,
            "key": creds.key,
            "mirakl_api_key": creds.mirakl_api_key,
            "offers": offers,
            "orders": orders,
        }
        connect = (
            f"FNAC_KEY={creds.key} FNAC_MIRAKL_API_KEY={creds.mirakl_api_key} "
            f"marketplace-sdk fnac connect --profile sandbox --base-url {base_url} "
            f"--mirakl-url {mirakl.url} --partner-id {creds.partner_id} --shop-id {creds.shop_id}"
        )
        _show(details, connect, as_json)
        get_state(ctx).serve_until(details)
