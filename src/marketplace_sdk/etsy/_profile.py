"""A connected Etsy shop as the CLI stores it: the app's keystring and shared secret, the shop.

The token pair is not in the profile: it lives in its own file (`tokens/etsy-<name>.json`),
rewritten on every refresh, which the profile owns (removed with it, scrubbed from support
cases).

Examples:
    >>> profile = EtsyProfile(name="default", keystring="k", shared_secret="s", shop_id=7)
    >>> profile.base_url, "s'" in repr(profile)
    ('https://api.etsy.com', False)
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from typing import ClassVar, Literal

from pydantic import SecretStr

from marketplace_sdk.core._profiles import DEFAULT_PROFILE, ProfileFiles, ShopProfile
from marketplace_sdk.etsy._auth import JsonFileTokenStore, TokenStore
from marketplace_sdk.etsy._shared.client import DEFAULT_BASE_URL

__all__ = ["TOKENS_FOLDER", "EtsyProfile"]

#: The folder of a profile's token file, under the config directory.
TOKENS_FOLDER = "tokens"


class EtsyProfile(ShopProfile):
    """A connected Etsy shop: the app's keystring and shared secret, the shop, the API root.

    The token pair is not here: it lives in its own token file (`token_store`), rewritten on
    every refresh.

    Examples:
        >>> EtsyProfile(keystring="k", shared_secret="s", shop_id=7).marketplace
        'etsy'
    """

    owned_folders: ClassVar[tuple[str, ...]] = (TOKENS_FOLDER,)

    marketplace: Literal["etsy"] = "etsy"
    name: str = DEFAULT_PROFILE
    keystring: str
    shared_secret: SecretStr
    shop_id: int
    user_id: int | None = None
    shop_name: str | None = None
    currency_code: str | None = None
    base_url: str = DEFAULT_BASE_URL
    shipping_profile_id: int | None = None

    @property
    def shop_currency(self) -> str | None:
        """The shop's currency, as Etsy gave it at connect."""
        return self.currency_code

    @staticmethod
    def token_store(files: ProfileFiles) -> JsonFileTokenStore:
        """The token store of the profile whose files are `files` (a 0600 JSON file).

        Examples:
            EtsyProfile.token_store(ProfileFiles(home, "etsy", "default")).load()
        """
        return JsonFileTokenStore(files.prepare(TOKENS_FOLDER))

    def channel_token_store(
        self, options: Mapping[str, object], files: ProfileFiles | None
    ) -> TokenStore:
        """The token store of a channel opened from this profile.

        It is the `token_store` option when set, else the profile's token file under `files`.

        Raises:
            ValueError: neither is given.

        Examples:
            store = profile.channel_token_store(setup.options, setup.files)
        """
        given = options.get("token_store")
        if isinstance(given, TokenStore):
            return given
        if files is None:
            raise ValueError(
                f"the Etsy profile {self.name!r} keeps its tokens in a file: give the config "
                "directory (`home`) or a `token_store` option"
            )
        return self.token_store(files)

    def file_secrets(self, files: ProfileFiles) -> Iterator[str]:
        """The access and refresh tokens in the profile's token file.

        Examples:
            secrets = list(profile.file_secrets(files))
        """
        try:
            data = json.loads(files.path(TOKENS_FOLDER).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return
        for key in ("access_token", "refresh_token"):
            if isinstance(data.get(key), str) and data[key]:
                yield data[key]
