"""Etsy's description: what the layers above the marketplaces know of Etsy.

Registered as the entry point `etsy` of `marketplace_sdk.marketplaces` (see `pyproject.toml`).

Example:
    >>> ETSY.key, ETSY.title, ETSY.order_acceptance_required
    ('etsy', 'Etsy', False)
    >>> str(ETSY.catalogue_budget)
    '2600 SKUs per 0:15:00'
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

import httpx

from marketplace_sdk.core._profiles import ProfileFiles, ShopProfile
from marketplace_sdk.core._registry import (
    CatalogueBudget,
    ChannelSetup,
    ConnectCommand,
    MarketplaceDescription,
    OpenedAsyncChannel,
    OpenedChannel,
)
from marketplace_sdk.etsy._async.channel import AsyncEtsyChannel
from marketplace_sdk.etsy._async.client import AsyncEtsyClient
from marketplace_sdk.etsy._auth import TokenStore
from marketplace_sdk.etsy._bulk_layout import ETSY_BULK_LAYOUT
from marketplace_sdk.etsy._capabilities import ETSY_CAPABILITIES
from marketplace_sdk.etsy._connect import ETSY_CONNECT, ETSY_SANDBOX, connect
from marketplace_sdk.etsy._pricing import ETSY_PRICE_BOUNDS, resolve_price
from marketplace_sdk.etsy._profile import EtsyProfile
from marketplace_sdk.etsy._shared.channel import EtsyChannelOptions
from marketplace_sdk.etsy._shared.client import DEFAULT_RATES
from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
from marketplace_sdk.etsy._sync.channel import EtsyChannel
from marketplace_sdk.etsy._sync.client import EtsyClient
from marketplace_sdk.etsy._webhooks import ORDER_WEBHOOKS

__all__ = ["ETSY", "ETSY_CATALOGUE_BUDGET"]

#: Etsy: 10,000 requests per rolling day per app, 100 listings per getListingsByShop page
#: (one request with images and inventory). The import takes a quarter of the day's budget,
#: leaving the rest to order polling and stock pushes: 2,500 pages a day, i.e. 26 whole pages
#: (2,600 SKUs) per 15 minutes. The 10 requests per second never bind at that pace. The budget
#: is the app's, shared by every shop it serves: a host importing several shops at once caps
#: each (`CatalogueThrottle.capped`) so their sum stays within it.
_PER_DAY = next(rate.limit for rate in DEFAULT_RATES if rate.interval == 86_400)
_PAGE, _SHARE = 100, 4
_QUARTER_HOUR = timedelta(minutes=15)
_PAGES = _PER_DAY // _SHARE * _QUARTER_HOUR // timedelta(days=1)
ETSY_CATALOGUE_BUDGET = CatalogueBudget(_PAGES * _PAGE, _QUARTER_HOUR)


def _profile(profile: ShopProfile) -> EtsyProfile:
    if not isinstance(profile, EtsyProfile):
        raise TypeError(f"an Etsy channel opens from an EtsyProfile, not {type(profile).__name__}")
    return profile


def _token_store(
    profile: EtsyProfile, options: Mapping[str, object], files: ProfileFiles | None
) -> TokenStore:
    given = options.get("token_store")
    if isinstance(given, TokenStore):
        return given
    if files is None:
        raise ValueError(
            f"the Etsy profile {profile.name!r} keeps its tokens in a file: give the config "
            "directory (`home`) or a `token_store` option"
        )
    return EtsyProfile.token_store(files)


def open_etsy_channel(
    profile: ShopProfile, setup: ChannelSetup[httpx.BaseTransport]
) -> OpenedChannel:
    """A sync Etsy channel from a stored profile (its token pair in the profile's token file).

    Example:
        opened = open_etsy_channel(profile, ChannelSetup(clock=clock, files=files))
    """
    stored = _profile(profile)
    client = EtsyClient(
        stored.keystring,
        stored.shared_secret,
        _token_store(stored, setup.options, setup.files),
        base_url=stored.base_url,
        transport=setup.transport(),
        clock=setup.clock,
    )
    channel = EtsyChannel(
        client,
        stored.shop_id,
        clock=setup.clock,
        options=EtsyChannelOptions(shipping_profile_id=stored.shipping_profile_id),
    )
    return OpenedChannel(channel, client.close)


def open_async_etsy_channel(
    profile: ShopProfile, setup: ChannelSetup[httpx.AsyncBaseTransport]
) -> OpenedAsyncChannel:
    """An async Etsy channel from a stored profile (see `open_etsy_channel`).

    Example:
        opened = open_async_etsy_channel(profile, ChannelSetup(clock=clock, files=files))
    """
    stored = _profile(profile)
    client = AsyncEtsyClient(
        stored.keystring,
        stored.shared_secret,
        _token_store(stored, setup.options, setup.files),
        base_url=stored.base_url,
        transport=setup.transport(),
        clock=setup.clock,
    )
    channel = AsyncEtsyChannel(
        client,
        stored.shop_id,
        clock=setup.clock,
        options=EtsyChannelOptions(shipping_profile_id=stored.shipping_profile_id),
    )
    return OpenedAsyncChannel(channel, client.aclose)


#: Etsy, as the SDK's registry describes it.
ETSY = MarketplaceDescription(
    key="etsy",
    title="Etsy",
    summary="Etsy (Open API v3): connect a shop, look up, push, sync.",
    capabilities=ETSY_CAPABILITIES,
    status_table=ETSY_STATUS_TABLE,
    synced_statuses=("New", "In-transit", "Cancelled", "Delivered"),
    catalogue_budget=ETSY_CATALOGUE_BUDGET,
    price_bounds=ETSY_PRICE_BOUNDS,
    price_rule=resolve_price,
    bulk_layout=ETSY_BULK_LAYOUT,
    profile_model=EtsyProfile,
    open_channel=open_etsy_channel,
    open_async_channel=open_async_etsy_channel,
    webhook=ORDER_WEBHOOKS,
    connect=ConnectCommand(command=ETSY_CONNECT, flow=connect),
    sandbox=ETSY_SANDBOX,
)
