"""Open a sync `Channel` from a stored profile: what every CLI command that talks to a shop uses.

A profile (`marketplace_sdk.cli._profiles`) holds a shop's credentials and API roots, so the
same code reaches the live marketplace or a sandbox served on a loopback port (a profile
connected against `marketplace-sdk sandbox serve` points at the sandbox's URL). The channel
itself comes from the marketplace's description (`marketplace_sdk.open_channel`).

Examples:
    A command of the CLI (or a script) reads a stored shop::

        channel = open_channel("etsy", "seller-42")
        order = channel.get_order("1234567")

    and closes its connections when done::

        with channel_session("fnac") as channel:
            results = channel.push_stock([StockUpdate(sku="SKU-1", quantity=3)])
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from marketplace_sdk.cli._profiles import (
    DEFAULT_PROFILE,
    PROFILE_ENV,
    ProfileError,
    ProfileStore,
    default_home,
)
from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._opening import close_channel
from marketplace_sdk.core._opening import open_channel as open_marketplace_channel
from marketplace_sdk.core._registry import marketplaces
from marketplace_sdk.core._sync.channel import Channel

__all__ = ["channel_session", "close_channel", "marketplace_keys", "open_channel", "profile_name"]


def marketplace_keys() -> tuple[str, ...]:
    """The keys of the marketplaces the CLI knows (the registered ones).

    Examples:
        >>> all(key == key.lower() for key in marketplace_keys())
        True
    """
    return tuple(description.key for description in marketplaces())


def profile_name(profile: str | None = None) -> str:
    """The profile to use: `profile` when given, else `MARKETPLACE_SDK_PROFILE`, else `default`.

    Examples:
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
        marketplace: the marketplace's key (`marketplace_keys()`).
        profile: the profile name; `None` for `MARKETPLACE_SDK_PROFILE` or `default`.
        store: where profiles live (`ProfileStore(default_home())` by default).
        clock: the time source (a `FakeClock` in tests).
        transport: an httpx transport for the marketplace's client (in-process tests);
            by default the profile's base URL is reached over HTTP.
        catalog_transport: the same for a second service behind the channel (a catalogue).
        poll_interval: seconds between two polls of an offer batch, where the marketplace
            polls its batches.

    Raises:
        ProfileError: the marketplace is unknown, or no such profile is stored.

    Examples:
        channel = open_channel("etsy", "seller-42")
        for product in channel.iter_products(): ...
    """
    store = store or ProfileStore(default_home())
    known = marketplace_keys()
    if marketplace not in known:
        raise ProfileError(f"unknown marketplace {marketplace!r}: use one of {', '.join(known)}")
    stored = store.load(marketplace, profile_name(profile))
    transports = {"api": transport, "catalog": catalog_transport}
    return open_marketplace_channel(
        marketplace,
        stored,
        clock=clock or SystemClock(),
        transports={role: given for role, given in transports.items() if given is not None},
        home=store.home,
        options={} if poll_interval is None else {"poll_interval": poll_interval},
    )


@contextmanager
def channel_session(
    marketplace: str,
    profile: str | None = None,
    *,
    store: ProfileStore | None = None,
    clock: Clock | None = None,
) -> Iterator[Channel]:
    """`open_channel` as a context manager that closes the channel's connections on exit.

    Examples:
        with channel_session("etsy", "seller-42") as channel:
            order = channel.get_order("1234567")
    """
    channel = open_channel(marketplace, profile, store=store, clock=clock)
    try:
        yield channel
    finally:
        close_channel(channel)
