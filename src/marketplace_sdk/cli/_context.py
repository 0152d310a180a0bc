"""Open a sync `Channel` from a stored profile: what every CLI command that talks to a shop uses.

A profile (`marketplace_sdk.cli._profiles`) holds a shop's credentials and API roots, so the
same code reaches the live marketplace or a sandbox served on a loopback port (a profile
connected against `marketplace-sdk sandbox serve` points at the sandbox's URL).

Example:
    A command of the CLI (or a script) reads a stored shop::

        channel = open_channel("etsy", "seller-42")
        order = channel.get_order("1234567")

    and closes its connections when done::

        with channel_session("fnac") as channel:
            results = channel.push_stock([StockUpdate(sku="SKU-1", quantity=3)])
"""

from __future__ import annotations

import os
import weakref
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from marketplace_sdk.cli._profiles import (
    DEFAULT_PROFILE,
    PROFILE_ENV,
    EtsyProfile,
    FnacProfile,
    ProfileError,
    ProfileStore,
    default_home,
)
from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._sync.channel import Channel
from marketplace_sdk.etsy._shared.channel import EtsyChannelOptions
from marketplace_sdk.etsy._sync.channel import EtsyChannel
from marketplace_sdk.etsy._sync.client import EtsyClient
from marketplace_sdk.fnac._auth import FnacCredentials
from marketplace_sdk.fnac._sync.channel import FnacChannel
from marketplace_sdk.fnac._sync.client import DEFAULT_BATCH_POLL_INTERVAL, FnacClient
from marketplace_sdk.mirakl import MiraklCatalogClient

__all__ = ["MARKETPLACES", "channel_session", "close_channel", "open_channel", "profile_name"]

#: The marketplaces the CLI knows.
MARKETPLACES = ("etsy", "fnac")

# The clients behind each channel opened here, so `close_channel` can release their pools.
_Client = EtsyClient | FnacClient | MiraklCatalogClient
_CLIENTS: weakref.WeakKeyDictionary[object, tuple[_Client, ...]] = weakref.WeakKeyDictionary()


def profile_name(profile: str | None = None) -> str:
    """The profile to use: `profile` when given, else `MARKETPLACE_SDK_PROFILE`, else `default`.

    Example:
        >>> profile_name("seller-42")
        'seller-42'
    """
    return profile or os.environ.get(PROFILE_ENV) or DEFAULT_PROFILE


def open_channel(
    marketplace: str,
    profile: str | None = None,
    *,
    store: ProfileStore | None = None,
    clock: Clock | None = None,
    transport: httpx.BaseTransport | None = None,
    catalog_transport: httpx.BaseTransport | None = None,
    poll_interval: float | None = None,
) -> Channel:
    """A sync channel for the shop stored as `profile` (see `profile_name`) of `marketplace`.

    Nothing is sent to the marketplace until the first operation. Close the channel's
    connections with `close_channel` (or use `channel_session`).

    Args:
        marketplace: `"etsy"` or `"fnac"`.
        profile: the profile name; `None` for `MARKETPLACE_SDK_PROFILE` or `default`.
        store: where profiles live (`ProfileStore(default_home())` by default).
        clock: the time source (a `FakeClock` in tests).
        transport: an httpx transport for the marketplace's client (in-process tests);
            by default the profile's base URL is reached over HTTP.
        catalog_transport: the same for FNAC's Mirakl catalogue client.
        poll_interval: seconds between two polls of an FNAC offer batch.

    Raises:
        ProfileError: the marketplace is unknown, or no such profile is stored.

    Example:
        channel = open_channel("etsy", "seller-42")
        for product in channel.iter_products(): ...
    """
    store = store or ProfileStore(default_home())
    clock = clock or SystemClock()
    if marketplace not in MARKETPLACES:
        raise ProfileError(
            f"unknown marketplace {marketplace!r}: use one of {', '.join(MARKETPLACES)}"
        )
    stored = store.load(marketplace, profile_name(profile))
    channel: Channel
    if isinstance(stored, EtsyProfile):
        client = EtsyClient(
            stored.keystring,
            stored.shared_secret,
            store.token_store(stored.name),
            base_url=stored.base_url,
            transport=transport,
            clock=clock,
        )
        channel = EtsyChannel(
            client,
            stored.shop_id,
            clock=clock,
            options=EtsyChannelOptions(shipping_profile_id=stored.shipping_profile_id),
        )
        _CLIENTS[channel] = (client,)
        return channel
    return _fnac_channel(stored, clock, transport, catalog_transport, poll_interval)


def _fnac_channel(
    stored: FnacProfile,
    clock: Clock,
    transport: httpx.BaseTransport | None,
    catalog_transport: httpx.BaseTransport | None,
    poll_interval: float | None,
) -> Channel:
    fnac = FnacClient(
        FnacCredentials(partner_id=stored.partner_id, shop_id=stored.shop_id, key=stored.key),
        base_url=stored.base_url,
        transport=transport,
        clock=clock,
    )
    catalog = MiraklCatalogClient(
        stored.mirakl_api_key,
        base_url=stored.mirakl_url,
        shop_id=stored.mirakl_shop_id,
        transport=catalog_transport,
        clock=clock,
        marketplace="fnac",
    )
    channel = FnacChannel(
        fnac,
        catalog=catalog,
        poll_interval=DEFAULT_BATCH_POLL_INTERVAL if poll_interval is None else poll_interval,
    )
    _CLIENTS[channel] = (fnac, catalog)
    return channel


def close_channel(channel: Channel) -> None:
    """Close the connection pools of a channel `open_channel` made (a no-op for any other).

    Example:
        channel = open_channel("fnac")
        try:
            ...
        finally:
            close_channel(channel)
    """
    for client in _CLIENTS.pop(channel, ()):
        client.close()


@contextmanager
def channel_session(
    marketplace: str,
    profile: str | None = None,
    *,
    store: ProfileStore | None = None,
    clock: Clock | None = None,
) -> Iterator[Channel]:
    """`open_channel` as a context manager that closes the channel's connections on exit.

    Example:
        with channel_session("etsy", "seller-42") as channel:
            order = channel.get_order("1234567")
    """
    channel = open_channel(marketplace, profile, store=store, clock=clock)
    try:
        yield channel
    finally:
        close_channel(channel)
