"""FNAC's description: what the layers above the marketplaces know of FNAC.

Registered as the entry point `fnac` of `marketplace_sdk.marketplaces` (see `pyproject.toml`).

Example:
    >>> FNAC.key, FNAC.title, FNAC.order_acceptance_required, FNAC.currency
    ('fnac', 'FNAC', True, 'EUR')
    >>> str(FNAC.catalogue_budget)
    '100 SKUs per 0:00:01'
"""

from __future__ import annotations

from datetime import timedelta

import httpx

from marketplace_sdk.core._profiles import ShopProfile
from marketplace_sdk.core._registry import (
    CatalogueBudget,
    ChannelSetup,
    ConnectCommand,
    MarketplaceDescription,
    OpenedAsyncChannel,
    OpenedChannel,
)
from marketplace_sdk.fnac._async.channel import AsyncFnacChannel
from marketplace_sdk.fnac._async.client import AsyncFnacClient
from marketplace_sdk.fnac._auth import FnacCredentials
from marketplace_sdk.fnac._bulk_layout import FNAC_BULK_LAYOUT
from marketplace_sdk.fnac._capabilities import FNAC_CAPABILITIES
from marketplace_sdk.fnac._connect import FNAC_CONNECT, FNAC_SANDBOX, connect
from marketplace_sdk.fnac._mapping import CURRENCY
from marketplace_sdk.fnac._pricing import FNAC_PRICE_BOUNDS, resolve_price
from marketplace_sdk.fnac._profile import FnacProfile
from marketplace_sdk.fnac._status import FNAC_STATUS_TABLE
from marketplace_sdk.fnac._sync.channel import FnacChannel
from marketplace_sdk.fnac._sync.client import FnacClient
from marketplace_sdk.mirakl import AsyncMiraklCatalogClient, MiraklCatalogClient

__all__ = ["FNAC", "FNAC_CATALOGUE_BUDGET"]

#: FNAC: offers_query serves 100 offers a page (`results_count`'s default in FNAC's XSD) and
#: FNAC publishes no call budget for its XML services; the default reads one page a second.
#: Mirakl's limits (`marketplace_sdk.mirakl.MCM_CALL_FREQUENCIES`: H11, PM11, VL11 once an
#: hour) bind the category phase, which waits them out, not the offers.
FNAC_CATALOGUE_BUDGET = CatalogueBudget(100, timedelta(seconds=1))

#: The role of the Mirakl catalogue client's transport in `ChannelSetup.transports`.
CATALOG = "catalog"


def _profile(profile: ShopProfile) -> FnacProfile:
    if not isinstance(profile, FnacProfile):
        raise TypeError(f"an FNAC channel opens from an FnacProfile, not {type(profile).__name__}")
    return profile


def _credentials(profile: FnacProfile) -> FnacCredentials:
    return FnacCredentials(partner_id=profile.partner_id, shop_id=profile.shop_id, key=profile.key)


def open_fnac_channel(
    profile: ShopProfile, setup: ChannelSetup[httpx.BaseTransport]
) -> OpenedChannel:
    """A sync FNAC channel from a stored profile: the web services and the Mirakl catalogue.

    `setup.transports` may hold `"api"` (FNAC) and `"catalog"` (Mirakl); `setup.options` may
    set `poll_interval`, the seconds between two polls of an offer batch.

    Example:
        opened = open_fnac_channel(profile, ChannelSetup(clock=clock))
    """
    stored = _profile(profile)
    fnac = FnacClient(
        _credentials(stored),
        base_url=stored.base_url,
        transport=setup.transport(),
        clock=setup.clock,
    )
    catalog = MiraklCatalogClient(
        stored.mirakl_api_key,
        base_url=stored.mirakl_url,
        shop_id=stored.mirakl_shop_id,
        transport=setup.transport(CATALOG),
        clock=setup.clock,
        marketplace="fnac",
    )
    poll = setup.number("poll_interval")
    channel = (
        FnacChannel(fnac, catalog=catalog)
        if poll is None
        else FnacChannel(fnac, catalog=catalog, poll_interval=poll)
    )

    def close() -> None:
        fnac.close()
        catalog.close()

    return OpenedChannel(channel, close)


def open_async_fnac_channel(
    profile: ShopProfile, setup: ChannelSetup[httpx.AsyncBaseTransport]
) -> OpenedAsyncChannel:
    """An async FNAC channel from a stored profile (see `open_fnac_channel`).

    Example:
        opened = open_async_fnac_channel(profile, ChannelSetup(clock=clock))
    """
    stored = _profile(profile)
    fnac = AsyncFnacClient(
        _credentials(stored),
        base_url=stored.base_url,
        transport=setup.transport(),
        clock=setup.clock,
    )
    catalog = AsyncMiraklCatalogClient(
        stored.mirakl_api_key,
        base_url=stored.mirakl_url,
        shop_id=stored.mirakl_shop_id,
        transport=setup.transport(CATALOG),
        clock=setup.clock,
        marketplace="fnac",
    )
    poll = setup.number("poll_interval")
    channel = (
        AsyncFnacChannel(fnac, catalog=catalog)
        if poll is None
        else AsyncFnacChannel(fnac, catalog=catalog, poll_interval=poll)
    )

    async def aclose() -> None:
        await fnac.aclose()
        await catalog.aclose()

    return OpenedAsyncChannel(channel, aclose)


#: FNAC, as the SDK's registry describes it.
FNAC = MarketplaceDescription(
    key="fnac",
    title="FNAC",
    summary="FNAC / Fnac Darty: connect a shop, look up, push, sync.",
    capabilities=FNAC_CAPABILITIES,
    status_table=FNAC_STATUS_TABLE,
    synced_statuses=("To be Shipped", "Received", "Cancelled", "Shipped"),
    catalogue_budget=FNAC_CATALOGUE_BUDGET,
    price_bounds=FNAC_PRICE_BOUNDS,
    price_rule=resolve_price,
    currency=CURRENCY,
    bulk_layout=FNAC_BULK_LAYOUT,
    profile_model=FnacProfile,
    open_channel=open_fnac_channel,
    open_async_channel=open_async_fnac_channel,
    connect=ConnectCommand(command=FNAC_CONNECT, flow=connect),
    sandbox=FNAC_SANDBOX,
)
