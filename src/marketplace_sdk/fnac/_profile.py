"""A connected FNAC shop as the CLI stores it: the web services' credentials and the Mirakl key.

Examples:
    >>> profile = FnacProfile(partner_id="P", shop_id="S", key="k", mirakl_api_key="m",
    ...                       mirakl_url="https://fnac.mirakl.example")
    >>> profile.base_url
    'https://vendeur.fnac.com/api.php/'
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, SecretStr

from marketplace_sdk.core._profiles import DEFAULT_PROFILE, ShopProfile
from marketplace_sdk.fnac._auth import FnacCredentials
from marketplace_sdk.fnac._endpoints import PRODUCTION_URL

__all__ = ["FnacProfile"]


class FnacProfile(ShopProfile):
    """A connected FNAC shop: the web services' partner id, shop id and key, and the Mirakl key.

    Examples:
        >>> FnacProfile(partner_id="P", shop_id="S", key="k", mirakl_api_key="m",
        ...             mirakl_url="https://fnac.mirakl.example").marketplace
        'fnac'
    """

    marketplace: Literal["fnac"] = "fnac"
    name: str = DEFAULT_PROFILE
    # Part of the web services' login (with the key): kept out of the repr like it.
    partner_id: str = Field(repr=False)
    shop_id: str
    key: SecretStr
    mirakl_api_key: SecretStr
    mirakl_url: str
    mirakl_shop_id: int | None = None
    shop_name: str | None = None
    base_url: str = PRODUCTION_URL

    @property
    def credentials(self) -> FnacCredentials:
        """The web services' credentials: partner id, shop id and key.

        Examples:
            client = FnacClient(profile.credentials, base_url=profile.base_url)
        """
        return FnacCredentials(partner_id=self.partner_id, shop_id=self.shop_id, key=self.key)
