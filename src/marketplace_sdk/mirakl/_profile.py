"""A connected Mirakl shop as the CLI stores it: the operator's URL, the shop's API key and id.

The API key is a `SecretStr`: it never shows in a repr, a log line or an error message.

Examples:
    >>> profile = MiraklProfile(shop_id=2000, api_key="k", base_url="https://acme.mirakl.net")
    >>> profile.marketplace, profile.api_key
    ('mirakl', SecretStr('**********'))
"""

from __future__ import annotations

import threading
from typing import Any, Literal, cast

from pydantic import SecretStr, create_model

from marketplace_sdk.core._profiles import DEFAULT_PROFILE, ShopProfile

__all__ = ["MiraklProfile", "operator_profile"]


class MiraklProfile(ShopProfile):
    """A connected shop on a Mirakl operator.

    Attributes:
        api_key: the shop's API key (the operator's back office, "My user settings").
        base_url: the operator's instance, `https://<operator>.mirakl.net`.
        shop_id: the shop's id (A01's, stored when connecting).
        send_shop_id: send `shop_id` with every call: the key's user works for several shops.
        operator: the operator's name in messages, when the profile knows it.
        currency: the shop's currency (A01's), for an order or offer that names none.

    Examples:
        >>> MiraklProfile(shop_id=7, api_key="k", base_url="https://acme.mirakl.net",
        ...               send_shop_id=True).mirakl_shop_id
        7
    """

    marketplace: Literal["mirakl"] = "mirakl"
    name: str = DEFAULT_PROFILE
    api_key: SecretStr
    send_shop_id: bool = False
    operator: str | None = None
    currency: str | None = None

    @property
    def shop_currency(self) -> str | None:
        """The shop's currency (A01's), when connecting read it.

        Examples:
            >>> MiraklProfile(shop_id=7, api_key="k", base_url="https://a.mirakl.net",
            ...               currency="EUR").shop_currency
            'EUR'
        """
        return self.currency

    @property
    def mirakl_shop_id(self) -> int | None:
        """The `shop_id` sent with each call, or `None` to act for the key's default shop.

        Examples:
            >>> MiraklProfile(shop_id=7, api_key="k", base_url="https://a.mirakl.net").mirakl_shop_id
        """
        if not self.send_shop_id:
            return None
        return int(self.shop_id)


_MODELS: dict[str, type[MiraklProfile]] = {"mirakl": MiraklProfile}
_LOCK = threading.Lock()


def operator_profile(key: str) -> type[MiraklProfile]:
    """The profile model of the Mirakl operator registered as `key`: a `MiraklProfile` whose
    `marketplace` is `key`, so stored profiles of several operators are told apart.

    Examples:
        >>> model = operator_profile("carrefour")
        >>> model(shop_id=7, api_key="k", base_url="https://c.mirakl.net").marketplace
        'carrefour'
        >>> operator_profile("carrefour") is model, operator_profile("mirakl") is MiraklProfile
        (True, True)
    """
    with _LOCK:
        if key not in _MODELS:
            name = "".join(part.title() for part in key.split("_")) + "Profile"
            literal = cast(Any, Literal)[key]
            _MODELS[key] = create_model(name, __base__=MiraklProfile, marketplace=(literal, key))
        return _MODELS[key]
