"""Named profiles: the credentials of connected shops, kept in files readable only by their owner.

A profile is one shop on one marketplace under a name (`default` unless told), so a support
engineer can hold several sellers. Profiles live in a config directory: `MARKETPLACE_SDK_HOME`
when set, else the platform's user config directory (`~/.config/marketplace-sdk` on Linux).
Inside it, `profiles/<marketplace>-<name>.json` holds the app or shop credentials and
`tokens/etsy-<name>.json` holds an Etsy shop's token pair. Directories are created 0700 and
files 0600, written atomically (a new file renamed over the old one).

Example:
    >>> import tempfile
    >>> store = ProfileStore(Path(tempfile.mkdtemp()))
    >>> path = store.save(FnacProfile(name="shop-a", partner_id="P", shop_id="S", key="k",
    ...                        mirakl_api_key="m", mirakl_url="https://fnac.mirakl.example"))
    >>> loaded = store.load("fnac", "shop-a")
    >>> mode = store.path_of("fnac", "shop-a").stat().st_mode & 0o777
    >>> loaded.partner_id, "k" in repr(loaded.key), oct(mode)
    ('P', False, '0o600')
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Annotated, Literal

import attrs
import typer
from pydantic import BaseModel, ConfigDict, Field, SecretStr, TypeAdapter, ValidationError

from marketplace_sdk.etsy._auth import JsonFileTokenStore
from marketplace_sdk.etsy._shared.client import DEFAULT_BASE_URL as ETSY_BASE_URL
from marketplace_sdk.fnac._endpoints import PRODUCTION_URL as FNAC_BASE_URL

__all__ = [
    "DEFAULT_PROFILE",
    "HOME_ENV",
    "PROFILE_ENV",
    "EtsyProfile",
    "FnacProfile",
    "Profile",
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
#: The profile name used when none is given.
DEFAULT_PROFILE = "default"

_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")


class ProfileError(Exception):
    """A profile is missing, unreadable or badly named; the message says what to do.

    Example:
        >>> str(ProfileError("no profile"))
        'no profile'
    """


class ProfileNameError(ProfileError):
    """A profile name that is not allowed (it could escape the config directory).

    Example:
        >>> isinstance(ProfileNameError("bad"), ProfileError)
        True
    """


class EtsyProfile(BaseModel):
    """A connected Etsy shop: the app's keystring and shared secret, the shop, the API root.

    The token pair is not here: it lives in its own token file, rewritten on every refresh.

    Example:
        >>> profile = EtsyProfile(name="default", keystring="k", shared_secret="s", shop_id=7)
        >>> profile.base_url, "s'" in repr(profile)
        ('https://api.etsy.com', False)
    """

    model_config = ConfigDict(frozen=True)

    marketplace: Literal["etsy"] = "etsy"
    name: str = DEFAULT_PROFILE
    keystring: str
    shared_secret: SecretStr
    shop_id: int
    user_id: int | None = None
    shop_name: str | None = None
    currency_code: str | None = None
    base_url: str = ETSY_BASE_URL
    shipping_profile_id: int | None = None


class FnacProfile(BaseModel):
    """A connected FNAC shop: the web services' partner id, shop id and key, and the Mirakl key.

    Example:
        >>> profile = FnacProfile(partner_id="P", shop_id="S", key="k", mirakl_api_key="m",
        ...                       mirakl_url="https://fnac.mirakl.example")
        >>> profile.base_url
        'https://vendeur.fnac.com/api.php/'
    """

    model_config = ConfigDict(frozen=True)

    marketplace: Literal["fnac"] = "fnac"
    name: str = DEFAULT_PROFILE
    partner_id: str
    shop_id: str
    key: SecretStr
    mirakl_api_key: SecretStr
    mirakl_url: str
    mirakl_shop_id: int | None = None
    shop_name: str | None = None
    base_url: str = FNAC_BASE_URL


#: A stored profile of either marketplace.
Profile = Annotated[EtsyProfile | FnacProfile, Field(discriminator="marketplace")]

_PROFILE: TypeAdapter[EtsyProfile | FnacProfile] = TypeAdapter(Profile)


def default_home(environ: Mapping[str, str] | None = None) -> Path:
    """The config directory: `MARKETPLACE_SDK_HOME`, else the platform's user config directory.

    Example:
        >>> default_home({"MARKETPLACE_SDK_HOME": "/srv/oms/mp"}).as_posix()
        '/srv/oms/mp'
    """
    env = os.environ if environ is None else environ
    configured = env.get(HOME_ENV)
    if configured:
        return Path(configured).expanduser()
    return Path(typer.get_app_dir("marketplace-sdk"))


def _revealed(profile: EtsyProfile | FnacProfile) -> dict[str, object]:
    data = profile.model_dump(mode="json")
    for field, value in profile:
        if isinstance(value, SecretStr):
            data[field] = value.get_secret_value()
    return data


def _write_private(path: Path, data: bytes) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@attrs.frozen
class ProfileStore:
    """The profiles and token files under one config directory.

    Attributes:
        home: the config directory (`default_home()` for the CLI).

    Example:
        >>> import tempfile
        >>> store = ProfileStore(Path(tempfile.mkdtemp()))
        >>> list(store.names())
        []
    """

    home: Path

    @classmethod
    def default(cls) -> ProfileStore:
        """The store in `default_home()`.

        Example:
            store = ProfileStore.default()
        """
        return cls(default_home())

    def path_of(self, marketplace: str, name: str) -> Path:
        """The file holding profile `name` of `marketplace`.

        Example:
            >>> ProfileStore(Path("/cfg")).path_of("etsy", "shop-a").as_posix()
            '/cfg/profiles/etsy-shop-a.json'
        """
        return self.home / "profiles" / f"{marketplace}-{check_name(name)}.json"

    def token_path(self, name: str) -> Path:
        """The file holding the Etsy token pair of profile `name`.

        Example:
            >>> ProfileStore(Path("/cfg")).token_path("default").as_posix()
            '/cfg/tokens/etsy-default.json'
        """
        return self.home / "tokens" / f"etsy-{check_name(name)}.json"

    def token_store(self, name: str) -> JsonFileTokenStore:
        """The Etsy token store of profile `name` (a 0600 JSON file, replaced atomically).

        Example:
            store.token_store("default").load()
        """
        path = self.token_path(name)
        self.ensure_home()
        path.parent.mkdir(mode=0o700, exist_ok=True)
        return JsonFileTokenStore(path)

    def ensure_home(self) -> Path:
        """Create the config directory (mode 0700) when it does not exist yet; return it.

        Example:
            store.ensure_home()
        """
        self.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        return self.home

    def save(self, profile: EtsyProfile | FnacProfile) -> Path:
        """Write `profile` (secrets included) to its 0600 file and return the file's path.

        Example:
            store.save(EtsyProfile(keystring="k", shared_secret="s", shop_id=7))
        """
        path = self.path_of(profile.marketplace, profile.name)
        self.ensure_home()
        _write_private(path, json.dumps(_revealed(profile), indent=2).encode("utf-8"))
        return path

    def load(self, marketplace: str, name: str) -> EtsyProfile | FnacProfile:
        """The stored profile `name` of `marketplace`.

        Raises:
            ProfileError: there is no such profile, or its file cannot be read.

        Example:
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
            profile = _PROFILE.validate_json(text)
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

        Example:
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

        Example:
            store.delete("etsy", "old-shop")
        """
        path = self.path_of(marketplace, name)
        existed = path.exists()
        path.unlink(missing_ok=True)
        if marketplace == "etsy":
            self.token_path(name).unlink(missing_ok=True)
        return existed


def check_name(name: str) -> str:
    """`name` when it is a valid profile name (letters, digits, `.`, `_`, `-`; 64 at most).

    Raises:
        ProfileNameError: the name could escape the config directory or is empty.

    Example:
        >>> check_name("seller-42")
        'seller-42'
    """
    if not _NAME.fullmatch(name):
        raise ProfileNameError(
            f"{name!r} is not a profile name: use letters, digits, '.', '_' or '-' (64 at most)"
        )
    return name
