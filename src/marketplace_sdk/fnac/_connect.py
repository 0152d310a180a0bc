"""`marketplace-sdk fnac connect` as data and a flow: four credentials checked against two APIs.

The flow checks the FNAC web services' partner id, shop id and key (it buys a session token)
and the Mirakl API key (it reads the shop, A01), then stores the four in the profile's 0600
file. Nothing secret is printed or logged. The CLI shows the options and talks to the person
(`ConnectUI`); nothing here imports it.

Examples:
    >>> [option.name for option in FNAC_CONNECT.options if option.required]
    ['partner_id', 'shop_id', 'key', 'mirakl_api_key', 'mirakl_url']
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import SecretStr

from marketplace_sdk.core._commands import (
    SEEDED_SANDBOX_OPTIONS,
    CommandSpec,
    Connected,
    ConnectEnv,
    ConnectUI,
    OptionSpec,
    SandboxSpec,
    Styled,
    connected,
    port_option,
)
from marketplace_sdk.fnac._auth import FnacCredentials
from marketplace_sdk.fnac._endpoints import PRODUCTION_URL
from marketplace_sdk.fnac._profile import FnacProfile
from marketplace_sdk.fnac._sync.client import FnacClient
from marketplace_sdk.mirakl import MiraklCatalogClient

__all__ = ["FNAC_CONNECT", "FNAC_SANDBOX", "connect"]

#: The options of `marketplace-sdk fnac connect` (the profile and `--json` are the CLI's).
FNAC_CONNECT = CommandSpec(
    help="Check the four FNAC credentials (web services auth, Mirakl A01) and store them "
    "(0600).\n\n"
    "Example: FNAC_KEY=... FNAC_MIRAKL_API_KEY=... marketplace-sdk fnac connect --partner-id P ...",
    options=(
        OptionSpec("partner_id", "FNAC Partner ID.", envvar="FNAC_PARTNER_ID", prompt=True),
        OptionSpec("shop_id", "FNAC Shop ID.", envvar="FNAC_SHOP_ID", prompt=True),
        OptionSpec(
            "key",
            "FNAC web services key (better from FNAC_KEY or the prompt).",
            envvar="FNAC_KEY",
            prompt=True,
            secret=True,
        ),
        OptionSpec(
            "mirakl_api_key",
            "Mirakl API key (better from FNAC_MIRAKL_API_KEY or the prompt).",
            envvar="FNAC_MIRAKL_API_KEY",
            prompt=True,
            secret=True,
        ),
        OptionSpec(
            "mirakl_url",
            "The Mirakl instance's URL (catalogue).",
            envvar="FNAC_MIRAKL_URL",
            prompt=True,
        ),
        OptionSpec(
            "base_url",
            "FNAC's API root (a sandbox's URL).",
            envvar="FNAC_BASE_URL",
            default=PRODUCTION_URL,
        ),
    ),
)

#: `marketplace-sdk sandbox serve fnac`: its options, and the server (imported when it runs).
FNAC_SANDBOX = SandboxSpec(
    command=CommandSpec(
        help="Serve a seeded FNAC sandbox (XML web services) and its Mirakl catalogue on "
        "127.0.0.1.\n\n"
        "Example: marketplace-sdk sandbox serve fnac --offers 200 --orders 30",
        options=(
            OptionSpec("offers", "Offers to seed.", type=int, default=50, minimum=0),
            OptionSpec("orders", "Orders to seed.", type=int, default=20, minimum=0),
            *SEEDED_SANDBOX_OPTIONS,
            port_option("mirakl_port"),
            OptionSpec(
                "batch_delay",
                "Seconds before an offer batch is applied.",
                type=float,
                default=5.0,
                minimum=0,
            ),
        ),
    ),
    server="marketplace_sdk.fnac.sandbox._serve:serve",
)


def connect(values: Mapping[str, object], ui: ConnectUI, env: ConnectEnv) -> Connected:
    """Check the four FNAC credentials against both APIs, then store the profile.

    Examples:
        connected = connect(values, ui, env)
    """
    partner_id, shop_id = str(values["partner_id"]), str(values["shop_id"])
    key, mirakl_api_key = SecretStr(str(values["key"])), SecretStr(str(values["mirakl_api_key"]))
    mirakl_url, base_url = str(values["mirakl_url"]), str(values["base_url"])
    credentials = FnacCredentials(partner_id=partner_id, shop_id=shop_id, key=key)
    with FnacClient(credentials, base_url=base_url, clock=env.clock) as client:
        # Any call buys a session token first; carriers_query is a cheap read.
        client.carriers_query()
    ui.say(Styled("FNAC web services:", "green"), " credentials accepted")
    with MiraklCatalogClient(
        mirakl_api_key, base_url=mirakl_url, clock=env.clock, marketplace="fnac"
    ) as catalog:
        account = catalog.get_account()
    ui.say(Styled("Mirakl catalogue:", "green"), f" shop {account.shop_name or ''}")
    stored = FnacProfile(
        name=env.profile,
        partner_id=partner_id,
        shop_id=shop_id,
        key=key,
        mirakl_api_key=mirakl_api_key,
        mirakl_url=mirakl_url,
        mirakl_shop_id=account.shop_id,
        shop_name=account.shop_name,
        base_url=base_url,
    )
    return connected(
        env,
        env.save(stored),
        shop=f"FNAC shop {shop_id}",
        details={
            "shop_id": shop_id,
            "mirakl_shop_id": account.shop_id,
            "shop_name": account.shop_name,
        },
    )
