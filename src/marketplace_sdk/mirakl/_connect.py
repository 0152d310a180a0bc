"""`marketplace-sdk <operator> connect` as data and a flow: the shop's API key checked with A01.

The flow reads the shop (A01) with the key on the operator's URL, then stores the key, the
shop's id, name and currency in the profile's 0600 file. The key is never printed or logged:
the option is secret, the profile keeps it as a `SecretStr`, and errors carry no header.

Examples:
    >>> from marketplace_sdk.mirakl._operator import MIRAKL_OPERATOR
    >>> [option.name for option in mirakl_connect_command(MIRAKL_OPERATOR).options]
    ['api_key', 'base_url', 'shop_id']
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import SecretStr

from marketplace_sdk.core._commands import (
    REQUIRED,
    CommandSpec,
    Connected,
    ConnectEnv,
    ConnectFlow,
    ConnectUI,
    OptionSpec,
    Styled,
    connected,
)
from marketplace_sdk.mirakl._operator import MiraklOperator
from marketplace_sdk.mirakl._profile import operator_profile
from marketplace_sdk.mirakl._sync.seller import MiraklSellerClient

__all__ = ["mirakl_connect", "mirakl_connect_command"]


def mirakl_connect_command(operator: MiraklOperator) -> CommandSpec:
    """The options of `marketplace-sdk <key> connect` for `operator`.

    Examples:
        >>> carrefour = MiraklOperator(key="carrefour", title="Carrefour",
        ...                            base_url="https://carrefour.mirakl.net")
        >>> mirakl_connect_command(carrefour).options[1].default
        'https://carrefour.mirakl.net'
    """
    return CommandSpec(
        help=f"Check a {operator.title} shop's API key (Mirakl A01) and store it (0600).\n\n"
        f"Example: {operator.env('API_KEY')}=... marketplace-sdk {operator.key} connect"
        + ("" if operator.base_url else " --base-url https://<operator>.mirakl.net"),
        options=(
            OptionSpec(
                "api_key",
                f"The shop's API key (better from {operator.env('API_KEY')} or the prompt).",
                envvar=operator.env("API_KEY"),
                prompt=True,
                secret=True,
            ),
            OptionSpec(
                "base_url",
                f"{operator.title}'s Mirakl instance (a sandbox's URL for tests).",
                envvar=operator.env("URL"),
                default=operator.base_url if operator.base_url else REQUIRED,
                prompt=operator.base_url is None,
            ),
            OptionSpec(
                "shop_id",
                "The shop to act for, when the key's user works for several shops.",
                type=int,
                envvar=operator.env("SHOP_ID"),
                default=None,
                minimum=1,
            ),
        ),
    )


def mirakl_connect(operator: MiraklOperator) -> ConnectFlow:
    """The connect flow of `operator`: check the key with A01, store the profile.

    Examples:
        flow = mirakl_connect(MIRAKL_OPERATOR)
        report = flow(values, ui, env)
    """

    def connect(values: Mapping[str, object], ui: ConnectUI, env: ConnectEnv) -> Connected:
        key = SecretStr(str(values["api_key"]))
        base_url = str(values["base_url"]).rstrip("/")
        chosen = values.get("shop_id")
        shop_id = int(str(chosen)) if chosen is not None else None
        with MiraklSellerClient(
            key, base_url=base_url, shop_id=shop_id, clock=env.clock, marketplace=operator.key
        ) as client:
            account = client.get_account()
        ui.say(
            Styled(f"{operator.title}:", "green"),
            f" shop {account.shop_id} {account.shop_name or ''}".rstrip(),
        )
        stored = operator_profile(operator.key).model_validate(
            {
                "name": env.profile,
                "shop_id": account.shop_id,
                "shop_name": account.shop_name,
                "api_key": key,
                "base_url": base_url,
                "send_shop_id": shop_id is not None,
                "operator": operator.title,
                "currency": account.currency_iso_code,
            }
        )
        return connected(
            env,
            env.save(stored),
            shop=f"{operator.title} shop {account.shop_id}",
            details={
                "shop_id": account.shop_id,
                "shop_name": account.shop_name,
                "base_url": base_url,
            },
        )

    return connect
