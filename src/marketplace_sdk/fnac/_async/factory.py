"""Opening an FNAC channel from a stored profile: the factory FNAC's description registers.

The channel speaks to two services: FNAC's web services (orders, offers) and the Mirakl
catalogue FNAC's products are imported through.

Examples:
    opened = open_fnac_channel(profile, ChannelSetup(clock=clock))
"""

from __future__ import annotations

import httpx

from marketplace_sdk.core._carriers import carriers_option
from marketplace_sdk.core._profiles import ShopProfile
from marketplace_sdk.core._registry import AsyncOpenedChannel, ChannelSetup
from marketplace_sdk.fnac._async.channel import AsyncFnacChannel
from marketplace_sdk.fnac._async.client import AsyncFnacClient
from marketplace_sdk.fnac._carriers import FNAC_CARRIERS
from marketplace_sdk.fnac._profile import FnacProfile
from marketplace_sdk.mirakl import AsyncMiraklCatalogClient

__all__ = ["CATALOG", "open_fnac_channel"]

#: The role of the Mirakl catalogue client's transport in `ChannelSetup.transports`.
CATALOG = "catalog"


def open_fnac_channel(
    profile: ShopProfile, setup: ChannelSetup[httpx.AsyncBaseTransport]
) -> AsyncOpenedChannel:
    """An FNAC channel from a stored profile: the web services and the Mirakl catalogue.

    `setup.transports` may hold `"api"` (FNAC) and `"catalog"` (Mirakl); `setup.options` may
    set `poll_interval`, the seconds between two polls of an offer batch, and `carriers`, a
    `CarrierTable` or a mapping of OMS carrier names to FNAC codes that extends `FNAC_CARRIERS`.

    Raises:
        TypeError: `profile` is not an `FnacProfile`.

    Examples:
        opened = open_fnac_channel(profile, ChannelSetup(clock=clock))
    """
    stored = FnacProfile.of(profile)
    fnac = AsyncFnacClient(
        stored.credentials,
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
    carriers = carriers_option(setup.options, FNAC_CARRIERS)
    channel = (
        AsyncFnacChannel(fnac, catalog=catalog, carriers=carriers)
        if poll is None
        else AsyncFnacChannel(fnac, catalog=catalog, poll_interval=poll, carriers=carriers)
    )

    async def aclose() -> None:
        await fnac.aclose()
        await catalog.aclose()

    return AsyncOpenedChannel(channel, aclose)
