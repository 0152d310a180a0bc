# Generated from src/marketplace_sdk/fnac/_async/factory.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
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
from marketplace_sdk.core._registry import ChannelSetup, OpenedChannel
from marketplace_sdk.fnac._carriers import FNAC_CARRIERS
from marketplace_sdk.fnac._profile import FnacProfile
from marketplace_sdk.fnac._sync.channel import FnacChannel
from marketplace_sdk.fnac._sync.client import FnacClient
from marketplace_sdk.mirakl import MiraklCatalogClient

__all__ = ["CATALOG", "open_fnac_channel"]

#: The role of the Mirakl catalogue client's transport in `ChannelSetup.transports`.
CATALOG = "catalog"


def open_fnac_channel(
    profile: ShopProfile, setup: ChannelSetup[httpx.BaseTransport]
) -> OpenedChannel:
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
    fnac = FnacClient(
        stored.credentials,
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
    carriers = carriers_option(setup.options, FNAC_CARRIERS)
    channel = (
        FnacChannel(fnac, catalog=catalog, carriers=carriers)
        if poll is None
        else FnacChannel(fnac, catalog=catalog, poll_interval=poll, carriers=carriers)
    )

    def close() -> None:
        fnac.close()
        catalog.close()

    return OpenedChannel(channel, close)
