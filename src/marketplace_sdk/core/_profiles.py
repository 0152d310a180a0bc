"""A connected shop's stored settings (`ShopProfile`) and the files a profile owns (`ProfileFiles`).

Each marketplace describes its own profile (credentials, shop, API root) as a subclass of
`ShopProfile`; its description (`MarketplaceDescription.profile_model`) names it, so the CLI
stores, lists and opens profiles without knowing any marketplace. A profile may own files
besides its own (a token pair rewritten on every refresh, say): `owned_folders` names their
folders, and `ProfileFiles` says where each one lives: `<home>/<folder>/<marketplace>-<name>.json`.

Examples:
    >>> files = ProfileFiles(Path("/cfg"), "acme", "shop-a")
    >>> files.path("tokens").as_posix()
    '/cfg/tokens/acme-shop-a.json'
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar, Self

import attrs
from pydantic import BaseModel, ConfigDict

__all__ = ["DEFAULT_PROFILE", "ProfileFiles", "ShopProfile"]

#: The profile name used when none is given.
DEFAULT_PROFILE = "default"


@attrs.frozen
class ProfileFiles:
    """Where the files of profile `name` of `marketplace` live, under the config directory `home`.

    Attributes:
        home: the config directory (the CLI's `MARKETPLACE_SDK_HOME`).
        marketplace: the marketplace's key.
        name: the profile's name.

    Examples:
        >>> ProfileFiles(Path("/cfg"), "acme", "default").path("tokens").name
        'acme-default.json'
    """

    home: Path
    marketplace: str
    name: str

    def path(self, folder: str) -> Path:
        """The file this profile keeps in `folder` (not created).

        Examples:
            >>> ProfileFiles(Path("/cfg"), "acme", "a").path("profiles").as_posix()
            '/cfg/profiles/acme-a.json'
        """
        return self.home / folder / f"{self.marketplace}-{self.name}.json"

    def prepare(self, folder: str) -> Path:
        """The file this profile keeps in `folder`, its directories made first (mode 0700).

        Examples:
            path = files.prepare("tokens")
        """
        path = self.path(folder)
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        path.parent.mkdir(mode=0o700, exist_ok=True)
        return path


class ShopProfile(BaseModel):
    """A connected shop: what a marketplace needs to open its channel, stored under a name.

    Subclasses add the credentials and set `marketplace` to a `Literal` of their key; secrets are
    `SecretStr`. `owned_folders` names the folders of the extra files a profile owns (removed
    with it); `file_secrets` yields the secrets those files hold (scrubbed from support cases).

    Attributes:
        marketplace: the marketplace's key.
        name: the profile's name (`default` unless told).
        shop_id: the shop's id on the marketplace.
        shop_name: the shop's name, when the marketplace gives one.
        base_url: the API root (a sandbox's URL for tests).

    Examples:
        >>> class AcmeProfile(ShopProfile):
        ...     marketplace: str = "acme"
        >>> AcmeProfile(shop_id="7", base_url="https://api.acme.example").name
        'default'
    """

    model_config = ConfigDict(frozen=True)

    #: The folders of the extra files a profile of this kind owns (see `ProfileFiles`).
    owned_folders: ClassVar[tuple[str, ...]] = ()

    marketplace: str
    name: str = DEFAULT_PROFILE
    shop_id: int | str
    shop_name: str | None = None
    base_url: str

    @classmethod
    def of(cls, profile: ShopProfile) -> Self:
        """`profile` as this model: a channel factory is given any `ShopProfile`.

        Raises:
            TypeError: `profile` is another model (another marketplace's).

        Examples:
            stored = AcmeProfile.of(profile)
        """
        if not isinstance(profile, cls):
            raise TypeError(f"the channel opens from {cls.__name__}, not {type(profile).__name__}")
        return profile

    @property
    def shop_currency(self) -> str | None:
        """The shop's currency, when the profile knows it.

        Examples:
            currency = profile.shop_currency or "USD"
        """
        return None

    def file_secrets(self, files: ProfileFiles) -> Iterator[str]:
        """The secrets kept in the files this profile owns (none by default).

        Examples:
            secrets = list(profile.file_secrets(files))
        """
        return iter(())
