# Generated from src/marketplace_sdk/mirakl/_async/factory.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Opening a Mirakl channel from a stored profile: the factory a Mirakl description registers.

The channel speaks to one instance, the operator's, with two clients on the shop's key: the
seller client (offers and orders) and the catalogue client (categories, attributes, listing).

Examples:
    opened = open_mirakl_channel(profile, ChannelSetup(clock=clock))
"""

from __future__ import annotations

from typing import Any

import attrs
import httpx

from marketplace_sdk.core._carriers import carriers_option
from marketplace_sdk.core._profiles import ShopProfile
from marketplace_sdk.core._registry import ChannelSetup, OpenedChannel
from marketplace_sdk.mirakl._capabilities import mirakl_capabilities
from marketplace_sdk.mirakl._carriers import MIRAKL_CARRIERS
from marketplace_sdk.mirakl._operator import MIRAKL_OPERATOR, MiraklOperator
from marketplace_sdk.mirakl._profile import MiraklProfile
from marketplace_sdk.mirakl._shared.options import MiraklChannelOptions
from marketplace_sdk.mirakl._sync.channel import MiraklChannel
from marketplace_sdk.mirakl._sync.client import MiraklCatalogClient
from marketplace_sdk.mirakl._sync.seller import MiraklSellerClient

__all__ = ["CATALOG", "open_mirakl_channel"]

#: The role of the catalogue client's transport in `ChannelSetup.transports` (the seller
#: client's is `"api"`); without it, the catalogue client shares the seller's transport.
CATALOG = "catalog"


def channel_options(
    operator: MiraklOperator, setup: ChannelSetup[Any], currency: str | None = None
) -> MiraklChannelOptions:
    """The channel options of `operator`, with the setup's `options` or single settings.

    `setup.options` may hold `options` (a whole `MiraklChannelOptions`), else
    `import_timeout` and `file_threshold` (numbers) over the operator's defaults; `currency`
    (the shop's) comes before the operator's.

    Raises:
        TypeError: `options` is not a `MiraklChannelOptions`, or a setting is not a number.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> setup = ChannelSetup(clock=FakeClock(), options={"import_timeout": 600})
        >>> channel_options(MIRAKL_OPERATOR, setup).offers.import_timeout
        600.0
    """
    given = setup.options.get("options")
    if given is not None:
        if not isinstance(given, MiraklChannelOptions):
            raise TypeError(f"option 'options' must be MiraklChannelOptions, not {type(given)}")
        return given
    options = MiraklChannelOptions(
        seek_pagination=operator.seek_pagination, currency=currency or operator.currency
    )
    offers = options.offers
    timeout = setup.number("import_timeout")
    if timeout is not None:
        offers = attrs.evolve(offers, import_timeout=timeout)
    threshold = setup.number("file_threshold")
    if threshold is not None:
        offers = attrs.evolve(offers, file_threshold=int(threshold))
    return attrs.evolve(options, offers=offers)


def open_mirakl_channel(
    profile: ShopProfile,
    setup: ChannelSetup[httpx.BaseTransport],
    *,
    operator: MiraklOperator = MIRAKL_OPERATOR,
) -> OpenedChannel:
    """A Mirakl channel from a stored profile, with the operator's limits and capabilities.

    `setup.transports` may hold `"api"` (and `"catalog"`); `setup.options` may set `carriers`
    (a `CarrierTable`, or OMS names to carrier codes extending `MIRAKL_CARRIERS`) and the
    settings `channel_options` reads.

    Raises:
        TypeError: `profile` is not a `MiraklProfile`, or another operator's.

    Examples:
        opened = open_mirakl_channel(profile, ChannelSetup(clock=clock))
    """
    stored = MiraklProfile.of(profile)
    if stored.marketplace != operator.key:
        raise TypeError(
            f"a {stored.marketplace} profile cannot open a {operator.key} channel: "
            f"give a {operator.key} profile"
        )
    api = setup.transport()
    catalog_transport = setup.transport(CATALOG) or api
    seller = MiraklSellerClient(
        stored.api_key,
        base_url=stored.base_url,
        shop_id=stored.mirakl_shop_id,
        transport=api,
        clock=setup.clock,
        rate_overrides=operator.call_frequencies,
        marketplace=operator.key,
    )
    catalog = MiraklCatalogClient(
        stored.api_key,
        base_url=stored.base_url,
        shop_id=stored.mirakl_shop_id,
        transport=catalog_transport,
        clock=setup.clock,
        rate_overrides=operator.call_frequencies,
        marketplace=operator.key,
    )
    channel = MiraklChannel(
        seller,
        catalog=catalog,
        shop_id=stored.shop_id,
        options=channel_options(operator, setup, stored.currency),
        capabilities=mirakl_capabilities(
            stored.operator or operator.title, catalogue=operator.catalogue
        ),
        carriers=carriers_option(setup.options, MIRAKL_CARRIERS),
    )

    def close() -> None:
        seller.close()
        catalog.close()

    return OpenedChannel(channel, close)
