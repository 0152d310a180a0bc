"""`marketplace-sdk etsy connect` as data and a flow: OAuth 2.0 with PKCE, a loopback redirect.

The flow prints Etsy's consent URL (and opens it in the browser), catches the redirect on the
loopback port of the redirect URI (or takes the pasted address), exchanges the code for the
token pair, stored in the profile's 0600 token file; the app's keystring and shared secret go
to the profile's 0600 file. Nothing secret is printed or logged. The CLI shows the options and
talks to the person (`ConnectUI`); nothing here imports it.

Examples:
    >>> [option.name for option in ETSY_CONNECT.options][:3]
    ['keystring', 'shared_secret', 'base_url']
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import SecretStr

from marketplace_sdk.core._commands import (
    SEEDED_SANDBOX_OPTIONS,
    CommandSpec,
    Connected,
    ConnectEnv,
    ConnectError,
    ConnectUI,
    OptionSpec,
    SandboxSpec,
    connected,
    list_option,
    number_option,
)
from marketplace_sdk.etsy._auth import CONSENT_URL, DEFAULT_SCOPES, start_authorization
from marketplace_sdk.etsy._profile import TOKENS_FOLDER, EtsyProfile
from marketplace_sdk.etsy._shared.client import DEFAULT_BASE_URL
from marketplace_sdk.etsy._sync.client import EtsyClient

__all__ = ["DEFAULT_REDIRECT_URI", "ETSY_CONNECT", "ETSY_SANDBOX", "connect", "consent_url"]

#: The redirect URI `etsy connect` listens on unless told otherwise (register it in the app).
DEFAULT_REDIRECT_URI = "http://localhost:8765/callback"

#: The options of `marketplace-sdk etsy connect` (the profile and `--json` are the CLI's).
ETSY_CONNECT = CommandSpec(
    help="Connect an Etsy shop: the seller consents, the token pair is stored (mode 0600).\n\n"
    "Example: ETSY_SHARED_SECRET=... marketplace-sdk etsy connect --keystring KEY "
    "--profile shop-a",
    options=(
        OptionSpec("keystring", "The app's keystring.", envvar="ETSY_KEYSTRING", prompt=True),
        OptionSpec(
            "shared_secret",
            "The app's shared secret (better from ETSY_SHARED_SECRET or the prompt).",
            envvar="ETSY_SHARED_SECRET",
            prompt=True,
            secret=True,
        ),
        OptionSpec(
            "base_url",
            "The API root (a sandbox's URL).",
            envvar="ETSY_BASE_URL",
            default=DEFAULT_BASE_URL,
        ),
        OptionSpec(
            "redirect_uri",
            "The app's registered loopback redirect URI.",
            default=DEFAULT_REDIRECT_URI,
        ),
        OptionSpec(
            "scope",
            "A scope to ask for; repeatable.",
            flags=("--scope",),
            repeatable=True,
            default=None,
        ),
        OptionSpec(
            "shipping_profile_id",
            "The shipping profile of listings created from the CLI.",
            type=int,
            default=None,
        ),
        OptionSpec(
            "timeout",
            "Seconds to wait for the seller's consent.",
            type=float,
            default=300.0,
            minimum=1,
        ),
        OptionSpec(
            "open_browser",
            "Open the consent URL in the browser.",
            type=bool,
            default=True,
            flags=("--open/--no-open",),
        ),
        OptionSpec(
            "paste",
            "Do not listen: paste the URL the browser was redirected to "
            "(when the browser runs on another machine).",
            type=bool,
            default=False,
            flags=("--paste",),
        ),
    ),
)

#: `marketplace-sdk sandbox serve etsy`: its options, and the server (imported when it runs).
ETSY_SANDBOX = SandboxSpec(
    command=CommandSpec(
        help="Serve a seeded Etsy sandbox (OAuth consent, listings, receipts) on 127.0.0.1.\n\n"
        "Example: marketplace-sdk sandbox serve etsy --listings 100 --orders 30 --port 8780",
        options=(
            OptionSpec("listings", "Listings to seed.", type=int, default=50, minimum=0),
            OptionSpec("orders", "Orders (receipts) to seed.", type=int, default=20, minimum=0),
            *SEEDED_SANDBOX_OPTIONS,
            OptionSpec(
                "redirect_uri",
                "A redirect URI the test app accepts; repeatable.",
                flags=("--redirect-uri",),
                repeatable=True,
                default=None,
            ),
        ),
    ),
    server="marketplace_sdk.etsy.sandbox._serve:serve",
)


def consent_url(url: str, base_url: str) -> str:
    """`url` (on Etsy's consent page) moved to `base_url`'s `/oauth/connect` for a sandbox.

    Examples:
        >>> consent_url("https://www.etsy.com/oauth/connect?x=1", "http://127.0.0.1:9000")
        'http://127.0.0.1:9000/oauth/connect?x=1'
    """
    if base_url.rstrip("/") == DEFAULT_BASE_URL:
        return url
    return base_url.rstrip("/") + "/oauth/connect" + url.removeprefix(CONSENT_URL)


def _redirect(url: str, values: Mapping[str, object], ui: ConnectUI) -> str | None:
    """The address the seller's browser came back to, caught or pasted; `None` on timeout."""
    redirect_uri = str(values["redirect_uri"])
    if values["paste"]:
        ui.say("Open this URL in a browser, sign in as the seller and allow access:")
        ui.show_url(url)
        if values["open_browser"]:
            ui.open_url(url)
        return ui.prompt(
            "Paste the address the browser was sent to (it starts with the redirect URI)"
        ).strip()
    with ui.catch_redirect(redirect_uri) as catcher:
        ui.say("Open this URL, sign in as the seller and allow access:")
        ui.show_url(url)
        if values["open_browser"]:
            ui.open_url(url)
        ui.say(f"Waiting for Etsy's redirect to {redirect_uri} ...")
        return catcher.wait(number_option(values, "timeout"))


def connect(values: Mapping[str, object], ui: ConnectUI, env: ConnectEnv) -> Connected:
    """Connect an Etsy shop: the seller consents, the token pair and the profile are stored.

    Raises:
        ConnectError: no redirect came back in time, or the seller has no shop.

    Examples:
        connected = connect(values, ui, env)
    """
    keystring = str(values["keystring"])
    secret = SecretStr(str(values["shared_secret"]))
    base_url = str(values["base_url"])
    scopes = list_option(values, "scope") or DEFAULT_SCOPES
    flow = start_authorization(keystring, str(values["redirect_uri"]), scopes)
    redirect_url = _redirect(consent_url(flow.url, base_url), values, ui)
    if redirect_url is None:
        raise ConnectError(
            f"no redirect came back within {number_option(values, 'timeout'):g} s",
            hint="run the command again and open the URL it prints",
            authorization=True,
        )
    client = EtsyClient(
        keystring, secret, EtsyProfile.token_store(env.files), base_url=base_url, clock=env.clock
    )
    with client:
        client.connect(flow, redirect_url)
        me = client.get_me()
        if me.shop_id is None:
            raise ConnectError("the Etsy user who consented has no shop")
        shop = client.get_shop(me.shop_id)
    shipping = values["shipping_profile_id"]
    assert shipping is None or isinstance(shipping, int)
    stored = EtsyProfile(
        name=env.profile,
        keystring=keystring,
        shared_secret=secret,
        shop_id=me.shop_id,
        user_id=me.user_id,
        shop_name=shop.shop_name or None,
        currency_code=shop.currency_code,
        base_url=base_url,
        shipping_profile_id=shipping,
    )
    tokens = env.files.path(TOKENS_FOLDER)
    return connected(
        env,
        env.save(stored),
        shop=f"Etsy shop {stored.shop_name or ''} ({me.shop_id})",
        details={"shop_id": me.shop_id, "shop_name": stored.shop_name},
        also=Connected(
            details={"token_file": str(tokens)},
            lines=((f"Tokens: {tokens} (mode 0600, refreshed as used)",),),
        ),
    )
