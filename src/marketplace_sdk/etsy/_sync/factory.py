# Generated from src/marketplace_sdk/etsy/_async/factory.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Opening an Etsy channel from a stored profile: the factory Etsy's description registers.

Examples:
    opened = open_etsy_channel(profile, ChannelSetup(clock=clock, files=files))
"""

from __future__ import annotations

import httpx

from marketplace_sdk.core._carriers import carriers_option
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
    `carriers`: a `CarrierTable`, or a mapping of OMS carrier names to Etsy carrier names that
    extends `ETSY_CARRIERS`.

    Raises:
        TypeError: `profile` is not an `EtsyProfile`.
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
    channel = EtsyChannel(
        client,
        stored.shop_id,
        clock=setup.clock,
        options=EtsyChannelOptions(
            shipping_profile_id=stored.shipping_profile_id,
            carriers=carriers_option(setup.options, ETSY_CARRIERS),
        ),
    )
    return OpenedChannel(channel, client.close)
