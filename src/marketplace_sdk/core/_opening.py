"""Open a channel by marketplace key, from a profile: `open_channel` and `open_async_channel`.

The marketplace's description builds the clients and the channel from the profile (its model,
or a mapping of the same fields); nothing is sent until the first operation. Release the
connections with `close_channel` (`aclose_channel` for an async channel) when done.

Examples:
    A host opens each connected shop the same way, whatever its marketplace::

        channel = open_channel("fnac", {"shop_id": "S-7", "partner_id": "P", ...})
        try:
            orders = list(channel.iter_orders(start, end))
        finally:
            close_channel(channel)
"""

from __future__ import annotations

import weakref
from collections.abc import Awaitable, Callable, Mapping
from pathlib import Path

import httpx

from marketplace_sdk.core._async.channel import AsyncChannel
from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._profiles import ProfileFiles, ShopProfile
from marketplace_sdk.core._registry import ChannelSetup, MarketplaceDescription, get_marketplace
from marketplace_sdk.core._sync.channel import Channel

__all__ = ["aclose_channel", "close_channel", "open_async_channel", "open_channel"]

_CLOSERS: weakref.WeakKeyDictionary[object, Callable[[], None]] = weakref.WeakKeyDictionary()
_ACLOSERS: weakref.WeakKeyDictionary[object, Callable[[], Awaitable[None]]] = (
    weakref.WeakKeyDictionary()
)


def _profile(
    description: MarketplaceDescription, profile: ShopProfile | Mapping[str, object]
) -> ShopProfile:
    model = description.profile_model
    if isinstance(profile, model):
        return profile
    if isinstance(profile, ShopProfile):
        raise TypeError(
            f"a {profile.marketplace} profile cannot open a {description.key} channel: "
            f"give a {model.__name__}"
        )
    return model.model_validate({**profile, "marketplace": description.key})


def _files(
    description: MarketplaceDescription, profile: ShopProfile, home: Path | None
) -> ProfileFiles | None:
    return None if home is None else ProfileFiles(home, description.key, profile.name)


def open_channel(
    marketplace: str,
    profile: ShopProfile | Mapping[str, object],
    *,
    clock: Clock | None = None,
    transports: Mapping[str, httpx.BaseTransport] | None = None,
    home: Path | None = None,
    options: Mapping[str, object] | None = None,
) -> Channel:
    """A sync channel of `marketplace` for the shop `profile` describes.

    Args:
        marketplace: the marketplace's key (`marketplaces()` lists them).
        profile: its profile model (`MarketplaceDescription.profile_model`), or a mapping of
            the model's fields.
        clock: the time source (a `FakeClock` in tests).
        transports: httpx transports by role (`"api"`, `"catalog"`), for in-process tests.
        home: the config directory holding the profile's own files (a token file), if any.
        options: the marketplace's own settings (`poll_interval`, say).

    Raises:
        UnknownMarketplaceError: no such marketplace is registered.
        pydantic.ValidationError: the mapping is not a valid profile.

    Examples:
        channel = open_channel("etsy", etsy_profile, home=Path("~/.config/marketplace-sdk"))
    """
    description = get_marketplace(marketplace)
    stored = _profile(description, profile)
    setup = ChannelSetup[httpx.BaseTransport](
        clock=clock or SystemClock(),
        transports=dict(transports or {}),
        options=dict(options or {}),
        files=_files(description, stored, home),
    )
    opened = description.open_channel(stored, setup)
    _CLOSERS[opened.channel] = opened.close
    return opened.channel


def close_channel(channel: Channel) -> None:
    """Release the connections of a channel `open_channel` made (a no-op for any other).

    Examples:
        close_channel(channel)
    """
    close = _CLOSERS.pop(channel, None)
    if close is not None:
        close()


def open_async_channel(
    marketplace: str,
    profile: ShopProfile | Mapping[str, object],
    *,
    clock: Clock | None = None,
    transports: Mapping[str, httpx.AsyncBaseTransport] | None = None,
    home: Path | None = None,
    options: Mapping[str, object] | None = None,
) -> AsyncChannel:
    """An async channel of `marketplace` for the shop `profile` describes (see `open_channel`).

    Examples:
        channel = open_async_channel("fnac", fnac_profile)
        order = await channel.get_order("ORDER-1")
        await aclose_channel(channel)
    """
    description = get_marketplace(marketplace)
    stored = _profile(description, profile)
    setup = ChannelSetup[httpx.AsyncBaseTransport](
        clock=clock or SystemClock(),
        transports=dict(transports or {}),
        options=dict(options or {}),
        files=_files(description, stored, home),
    )
    opened = description.open_async_channel(stored, setup)
    _ACLOSERS[opened.channel] = opened.aclose
    return opened.channel


async def aclose_channel(channel: AsyncChannel) -> None:
    """Release the connections of a channel `open_async_channel` made (a no-op for any other).

    Examples:
        await aclose_channel(channel)
    """
    aclose = _ACLOSERS.pop(channel, None)
    if aclose is not None:
        await aclose()
