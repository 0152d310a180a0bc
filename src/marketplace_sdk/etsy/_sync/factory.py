# Generated from src/marketplace_sdk/etsy/_async/factory.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Opening an Etsy channel from a stored profile: the factory Etsy's description registers.

Examples:
    opened = open_etsy_channel(profile, ChannelSetup(clock=clock, files=files))
"""

from __future__ import annotations

import httpx

from marketplace_sdk.core._carriers import carriers_option
from marketplace_sdk.core._offsale import OffSaleStore
from marketplace_sdk.core._profiles import ShopProfile
from marketplace_sdk.core._registry import ChannelSetup, OpenedChannel
from marketplace_sdk.etsy._carriers import ETSY_CARRIERS
from marketplace_sdk.etsy._profile import EtsyProfile
from marketplace_sdk.etsy._shared.channel import EtsyChannelOptions
from marketplace_sdk.etsy._sync.channel import EtsyChannel
from marketplace_sdk.etsy._sync.client import EtsyClient

__all__ = ["open_etsy_channel"]


def open_etsy_channel(
    profile: ShopProfile, setup: ChannelSetup[httpx.BaseTransport]
) -> OpenedChannel:
    """An Etsy channel from a stored profile (its token pair in the profile's token file).

    `setup.options` may give a `token_store` to use instead of the profile's token file, and
    an `off_sale` store (`marketplace_sdk.core.OffSaleStore`) for the listings the channel takes
    off sale when they sell out.
    `carriers`: a `CarrierTable`, or a mapping of OMS carrier names to Etsy carrier names that
    extends `ETSY_CARRIERS`.

    Raises:
        TypeError: `profile` is not an `EtsyProfile`, or `off_sale` is not an `OffSaleStore`.
        ValueError: no token store is given and `setup` says nothing of the profile's files.

    Examples:
        opened = open_etsy_channel(profile, ChannelSetup(clock=clock, files=files))
    """
    stored = EtsyProfile.of(profile)
    client = EtsyClient(
        stored.keystring,
        stored.shared_secret,
        stored.channel_token_store(setup.options, setup.files),
        base_url=stored.base_url,
        transport=setup.transport(),
        clock=setup.clock,
    )
    off_sale = setup.options.get("off_sale")
    if off_sale is not None and not isinstance(off_sale, OffSaleStore):
        raise TypeError(f"option 'off_sale' must be an OffSaleStore, not {type(off_sale).__name__}")
    channel = EtsyChannel(
        client,
        stored.shop_id,
        clock=setup.clock,
        options=EtsyChannelOptions(
            shipping_profile_id=stored.shipping_profile_id,
            carriers=carriers_option(setup.options, ETSY_CARRIERS),
        ),
        off_sale=off_sale,
    )
    return OpenedChannel(channel, client.close)
