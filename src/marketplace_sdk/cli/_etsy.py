"""`marketplace-sdk etsy ...`: connect an Etsy shop (OAuth 2.0 with PKCE), then the shop commands.

`etsy connect` prints Etsy's consent URL (and opens it in the browser), catches the redirect on
the loopback port of the redirect URI, exchanges the code for the token pair and stores it in a
0600 token file; the app's keystring and shared secret go to the profile's 0600 file. Nothing
secret is printed or logged.

Example:
    >>> from typer.testing import CliRunner
    >>> "connect" in CliRunner().invoke(etsy_app, ["--help"]).output
    True
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated

import typer
from pydantic import SecretStr
from rich.markup import escape

from marketplace_sdk.cli._commands import add_shop_commands
from marketplace_sdk.cli._context import profile_name
from marketplace_sdk.cli._errors import BadInput, CliFailure, ExitCode, fail, handle_errors
from marketplace_sdk.cli._options import ProfileOption
from marketplace_sdk.cli._output import emit_json, err_console
from marketplace_sdk.cli._profiles import EtsyProfile, check_name
from marketplace_sdk.cli._redirect import RedirectCatcher
from marketplace_sdk.cli._state import get_state
from marketplace_sdk.cli._sync_cmds import add_sync_commands
from marketplace_sdk.etsy._auth import CONSENT_URL, DEFAULT_SCOPES, start_authorization
from marketplace_sdk.etsy._shared.client import DEFAULT_BASE_URL
from marketplace_sdk.etsy._sync.client import EtsyClient

__all__ = ["DEFAULT_REDIRECT_URI", "consent_url", "etsy_app"]

#: The redirect URI `etsy connect` listens on unless told otherwise (register it in the app).
DEFAULT_REDIRECT_URI = "http://localhost:8765/callback"

etsy_app = typer.Typer(help="Etsy (Open API v3): connect a shop, look up, push, sync.")


def consent_url(url: str, base_url: str) -> str:
    """`url` (on Etsy's consent page) moved to `base_url`'s `/oauth/connect` for a sandbox.

    Example:
        >>> consent_url("https://www.etsy.com/oauth/connect?x=1", "http://127.0.0.1:9000")
        'http://127.0.0.1:9000/oauth/connect?x=1'
    """
    if base_url.rstrip("/") == DEFAULT_BASE_URL:
        return url
    return base_url.rstrip("/") + "/oauth/connect" + url.removeprefix(CONSENT_URL)


@etsy_app.command("connect")
def connect(
    ctx: typer.Context,
    keystring: Annotated[
        str, typer.Option(envvar="ETSY_KEYSTRING", prompt=True, help="The app's keystring.")
    ],
    shared_secret: Annotated[
        str,
        typer.Option(
            envvar="ETSY_SHARED_SECRET",
            prompt=True,
            hide_input=True,
            help="The app's shared secret (better from ETSY_SHARED_SECRET or the prompt).",
            show_default=False,
        ),
    ],
    profile: ProfileOption = None,
    base_url: Annotated[
        str, typer.Option(envvar="ETSY_BASE_URL", help="The API root (a sandbox's URL).")
    ] = DEFAULT_BASE_URL,
    redirect_uri: Annotated[
        str, typer.Option(help="The app's registered loopback redirect URI.")
    ] = DEFAULT_REDIRECT_URI,
    scope: Annotated[
        list[str] | None, typer.Option("--scope", help="A scope to ask for; repeatable.")
    ] = None,
    shipping_profile_id: Annotated[
        int | None, typer.Option(help="The shipping profile of listings created from the CLI.")
    ] = None,
    timeout: Annotated[
        float, typer.Option(min=1, help="Seconds to wait for the seller's consent.")
    ] = 300.0,
    open_browser: Annotated[
        bool, typer.Option("--open/--no-open", help="Open the consent URL in the browser.")
    ] = True,
    paste: Annotated[
        bool,
        typer.Option(
            "--paste",
            help="Do not listen: paste the URL the browser was redirected to "
            "(when the browser runs on another machine).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Connect an Etsy shop: the seller consents, the token pair is stored (mode 0600).

    Example: ETSY_SHARED_SECRET=... marketplace-sdk etsy connect --keystring KEY --profile shop-a
    """
    state = get_state(ctx)
    name = profile_name(profile)
    err = err_console()
    with handle_errors(name):
        check_name(name)
        secret = SecretStr(shared_secret)
        flow = start_authorization(keystring, redirect_uri, scope or DEFAULT_SCOPES)
        url = consent_url(flow.url, base_url)
        if paste:
            err.print("Open this URL in a browser, sign in as the seller and allow access:")
            err.print(escape(url), soft_wrap=True, highlight=False)
            if open_browser:
                threading.Thread(target=state.opener, args=(url,), daemon=True).start()
            redirect_url: str | None = typer.prompt(
                "Paste the address the browser was sent to (it starts with the redirect URI)",
                err=True,
            ).strip()
        else:
            redirect_url = _catch_redirect(url, redirect_uri, timeout, open_browser, state.opener)
        if redirect_url is None:
            raise fail(
                CliFailure(
                    ExitCode.AUTH,
                    f"no redirect came back within {timeout:g} s",
                    "run the command again and open the URL it prints",
                )
            )
        store = state.store
        client = EtsyClient(
            keystring, secret, store.token_store(name), base_url=base_url, clock=state.clock
        )
        with client:
            client.connect(flow, redirect_url)
            me = client.get_me()
            if me.shop_id is None:
                raise BadInput("the Etsy user who consented has no shop")
            shop = client.get_shop(me.shop_id)
        stored = EtsyProfile(
            name=name,
            keystring=keystring,
            shared_secret=secret,
            shop_id=me.shop_id,
            user_id=me.user_id,
            shop_name=shop.shop_name or None,
            currency_code=shop.currency_code,
            base_url=base_url,
            shipping_profile_id=shipping_profile_id,
        )
        path = store.save(stored)
    result = {
        "marketplace": "etsy",
        "profile": name,
        "shop_id": me.shop_id,
        "shop_name": stored.shop_name,
        "profile_file": str(path),
        "token_file": str(store.token_path(name)),
    }
    if as_json:
        emit_json(result)
        return
    err.print(
        f"[green]Connected[/] Etsy shop {escape(stored.shop_name or '')} ({me.shop_id}) "
        f"as profile [bold]{escape(name)}[/]."
    )
    err.print(f"Credentials: {escape(str(path))} (mode 0600)")
    err.print(f"Tokens: {escape(str(store.token_path(name)))} (mode 0600, refreshed as used)")


def _catch_redirect(
    url: str,
    redirect_uri: str,
    timeout: float,
    open_browser: bool,
    opener: Callable[[str], None],
) -> str | None:
    err = err_console()
    with RedirectCatcher(redirect_uri) as catcher:
        err.print("Open this URL, sign in as the seller and allow access:")
        err.print(escape(url), soft_wrap=True, highlight=False)
        if open_browser:
            threading.Thread(target=opener, args=(url,), daemon=True).start()
        err.print(f"Waiting for Etsy's redirect to {escape(redirect_uri)} ...")
        return catcher.wait(timeout)


add_shop_commands(etsy_app, "etsy")
add_sync_commands(etsy_app, "etsy")
