"""Named profiles: the credentials of connected shops, kept in files readable only by their owner.

A profile is one shop on one marketplace under a name (`default` unless told), so a support
engineer can hold several sellers. Profiles live in a config directory: `MARKETPLACE_SDK_HOME`
when set, else the platform's user config directory (`~/.config/marketplace-sdk` on Linux).
Inside it, `profiles/<marketplace>-<name>.json` holds the app or shop credentials, in the
profile model of the marketplace's description (`MarketplaceDescription.profile_model`), and
`<folder>/<marketplace>-<name>.json` each file the profile owns besides (a token pair, say:
`ShopProfile.owned_folders`). Directories are created 0700 and files 0600, written atomically
(a new file renamed over the old one).

Examples:
    >>> import tempfile
    >>> from marketplace_sdk.core import get_marketplace
    >>> store = ProfileStore(Path(tempfile.mkdtemp()))
    >>> model = get_marketplace("fnac").profile_model
    >>> path = store.save(model(name="shop-a", partner_id="P", shop_id="S", key="k",
    ...                         mirakl_api_key="m", mirakl_url="https://fnac.mirakl.example"))
    >>> loaded = store.load("fnac", "shop-a")
    >>> mode = store.path_of("fnac", "shop-a").stat().st_mode & 0o777
    >>> loaded.shop_id, "'k'" in repr(loaded), oct(mode)
    ('S', False, '0o600')
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Any, Union

import attrs
import typer
from pydantic import Field, SecretStr, TypeAdapter, ValidationError

from marketplace_sdk.core._files import write_private
from marketplace_sdk.core._profiles import DEFAULT_PROFILE, ProfileFiles, ShopProfile
from marketplace_sdk.core._registry import UnknownMarketplaceError, get_marketplace, marketplaces

__all__ = [
    "DEFAULT_PROFILE",
    "HOME_ENV",
    "PROFILE_ENV",
    "ProfileError",
    "ProfileNameError",
    "ProfileStore",
    "check_name",
    "default_home",
]

#: The environment variable naming the config directory.
HOME_ENV = "MARKETPLACE_SDK_HOME"
#: The environment variable naming the profile used when `--profile` is not given.
PROFILE_ENV = "MARKETPLACE_SDK_PROFILE"

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class ProfileError(Exception):
    """A profile is missing, unreadable or badly named; the message says what to do.

    Examples:
        >>> str(ProfileError("no profile"))
        'no profile'
    """


class ProfileNameError(ProfileError):
    """A profile name that is not allowed (it could escape the config directory).

    Examples:
        >>> isinstance(ProfileNameError("bad"), ProfileError)
        True
    """


_ADAPTERS: dict[tuple[type[ShopProfile], ...], TypeAdapter[ShopProfile]] = {}


def _adapter() -> TypeAdapter[ShopProfile]:
    """Reads a stored profile of any registered marketplace, chosen by its `marketplace` field."""
    models = tuple(description.profile_model for description in marketplaces())
    if not models:
        raise ProfileError("no marketplace is registered: reinstall marketplace-sdk")
    if models not in _ADAPTERS:
        if len(models) == 1:
            _ADAPTERS[models] = TypeAdapter(models[0])
        else:
            union: Any = Union[models]  # noqa: UP007 - the members are only known at run time
            _ADAPTERS[models] = TypeAdapter(Annotated[union, Field(discriminator="marketplace")])
    return _ADAPTERS[models]


def default_home(environ: Mapping[str, str] | None = None) -> Path:
    """The config directory: `MARKETPLACE_SDK_HOME`, else the platform's user config directory.

    Examples:
        >>> default_home({"MARKETPLACE_SDK_HOME": "/srv/oms/mp"}).as_posix()
        '/srv/oms/mp'
    """
    env = os.environ if environ is None else environ
    configured = env.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(typer.get_app_dir("marketplace-sdk"))


def _revealed(profile: ShopProfile) -> dict[str, object]:
    data = profile.model_dump(mode="json")
    for field, value in profile:
        if isinstance(value, SecretStr):
            data[field] = value.get_secret_value()
    return data


@attrs.frozen
class ProfileStore:
    """The profiles and token files under one config directory.

    Attributes:
        home: the config directory (`default_home()` for the CLI).

    Examples:
        >>> import tempfile
        >>> store = ProfileStore(Path(tempfile.mkdtemp()))
        >>> list(store.names())
        []
    """

    home: Path

    @classmethod
    def default(cls) -> ProfileStore:
        """The store in `default_home()`.

        Examples:
            store = ProfileStore.default()
        """
        return cls(default_home())

    def path_of(self, marketplace: str, name: str) -> Path:
        """The file holding profile `name` of `marketplace`.

        Examples:
            >>> ProfileStore(Path("/cfg")).path_of("etsy", "shop-a").as_posix()
            '/cfg/profiles/etsy-shop-a.json'
        """
        return self.home / "profiles" / f"{marketplace}-{check_name(name)}.json"

    def files(self, marketplace: str, name: str) -> ProfileFiles:
        """Where profile `name` of `marketplace` keeps the files it owns (its token file, say).

        Examples:
            >>> ProfileStore(Path("/cfg")).files("acme", "a").path("tokens").as_posix()
            '/cfg/tokens/acme-a.json'
        """
        return ProfileFiles(self.home, marketplace, check_name(name))

    def ensure_home(self) -> Path:
        """Create the config directory (mode 0700) when it does not exist yet; return it.

        Examples:
            store.ensure_home()
        """
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self.home

    def save(self, profile: ShopProfile) -> Path:
        """Write `profile` (secrets included) to its 0600 file and return the file's path.

        Examples:
            store.save(EtsyProfile(keystring="k", shared_secret="s", shop_id=7))
        """
        path = self.path_of(profile.marketplace, profile.name)
        self.ensure_home()
        path.parent.mkdir(mode=0o700, exist_ok=True)
        write_private(path, json.dumps(_revealed(profile), indent=2).encode("utf-8"))
        return path

    def load(self, marketplace: str, name: str) -> ShopProfile:
        """The stored profile `name` of `marketplace`.

        Raises:
            ProfileError: there is no such profile, or its file cannot be read.

        Examples:
            profile = store.load("etsy", "default")
        """
        path = self.path_of(marketplace, name)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise ProfileError(
                f"no {marketplace} profile named {name!r}: run "
                f"`marketplace-sdk {marketplace} connect --profile {name}` first"
            ) from None
        except (OSError, UnicodeDecodeError) as error:
            reason = error.strerror if isinstance(error, OSError) and error.strerror else error
            raise ProfileError(
                f"the {marketplace} profile {name!r} cannot be read ({reason}): check the "
                f"permissions of {path} or connect the shop again"
            ) from None
        try:
            profile = _adapter().validate_json(text)
        except ValidationError as error:
            raise ProfileError(
                f"the {marketplace} profile {name!r} is unreadable "
                f"({error.error_count()} problem(s)): connect the shop again"
            ) from None
        if profile.marketplace != marketplace:
            raise ProfileError(f"the profile {name!r} is not a {marketplace} profile")
        return profile

    def names(self, marketplace: str | None = None) -> Iterator[tuple[str, str]]:
        """`(marketplace, name)` of every stored profile, sorted.

        Examples:
            for marketplace, name in store.names(): ...
        """
        folder = self.home / "profiles"
        if not folder.is_dir():
            return
        for path in sorted(folder.glob("*.json")):
            market, _, name = path.stem.partition("-")
            if name and (marketplace is None or market == marketplace):
                yield market, name

    def delete(self, marketplace: str, name: str) -> bool:
        """Remove profile `name` (and its token file); whether there was one.

        Examples:
            store.delete("etsy", "old-shop")
        """
        path = self.path_of(marketplace, name)
        existed = path.exists()
        path.unlink(missing_ok=True)
        try:
            owned = get_marketplace(marketplace).profile_model.owned_folders
        except UnknownMarketplaceError:
            owned = ()
        files = self.files(marketplace, name)
        for folder in owned:
            files.path(folder).unlink(missing_ok=True)
        return existed


def check_name(name: str) -> str:
    """`name` when it is a valid profile name (letters, digits, `.`, `_`, `-`; 64 at most).

    Raises:
        ProfileNameError: the name could escape the config directory or is empty.

    Examples:
        >>> check_name("seller-42")
        'seller-42'
    """
    if not _NAME.fullmatch(name):
        raise ProfileNameError(
            f"{name!r} is not a profile name: use letters, digits, '.', '_' or '-' (64 at most)"
        )
    return name
