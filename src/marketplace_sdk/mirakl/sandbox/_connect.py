"""A connected `MiraklChannel` on a `MiraklSandbox` shop (the demo's, chaos suite's, benchmarks').

The channel talks to the sandbox in process with the shop's API key, so call frequencies,
imports on the clock, faults and Mirakl's behaviours show exactly as against an operator.

It is the one bridge from the sandbox package to the channel: the server modules never import it.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> clock = FakeClock()
    >>> sandbox = MiraklSandbox(clock=clock)
    >>> channel = connect_channel(sandbox, clock=clock)
    >>> channel.shop_id == str(sandbox.seed.shop_id), len(list(channel.iter_products()))
    (True, 5)
"""

from __future__ import annotations

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._clock import Clock
from marketplace_sdk.mirakl._async.channel import AsyncMiraklChannel
from marketplace_sdk.mirakl._async.client import AsyncMiraklCatalogClient
from marketplace_sdk.mirakl._async.seller import AsyncMiraklSellerClient
from marketplace_sdk.mirakl._capabilities import MIRAKL_CAPABILITIES
from marketplace_sdk.mirakl._shared.options import MiraklChannelOptions
from marketplace_sdk.mirakl._sync.channel import MiraklChannel
from marketplace_sdk.mirakl._sync.client import MiraklCatalogClient
from marketplace_sdk.mirakl._sync.seller import MiraklSellerClient
from marketplace_sdk.mirakl.sandbox._shop import MiraklSandbox

__all__ = ["MIRAKL_SANDBOX_URL", "connect_async_channel", "connect_channel"]

#: The instance URL the sandbox answers for (any host reaches it in process).
MIRAKL_SANDBOX_URL = "https://sandbox.mirakl.net"


def connect_channel(
    sandbox: MiraklSandbox,
    *,
    clock: Clock | None = None,
    catalog: bool = True,
    marketplace: str = "mirakl",
    options: MiraklChannelOptions | None = None,
    capabilities: Capabilities = MIRAKL_CAPABILITIES,
) -> MiraklChannel:
    """The sandbox shop's channel (with its catalogue client unless `catalog=False`).

    Args:
        sandbox: the sandbox.
        clock: the channel's clock (the sandbox's by default).
        catalog: give the channel a catalogue client (categories, attributes, listing).
        marketplace: the channel's key (an operator's, for a named operator's tests).
        options: the channel's options; by default the sandbox's seek pagination is used.
        capabilities: what the operator allows.

    Examples:
        channel = connect_channel(MiraklSandbox(clock=clock), clock=clock)
    """
    clock = clock or sandbox.clock
    seller = MiraklSellerClient(
        sandbox.api_key,
        base_url=MIRAKL_SANDBOX_URL,
        transport=sandbox.transport(),
        clock=clock,
        marketplace=marketplace,
    )
    mirakl = (
        MiraklCatalogClient(
            sandbox.api_key,
            base_url=MIRAKL_SANDBOX_URL,
            transport=sandbox.transport(),
            clock=clock,
            marketplace=marketplace,
        )
        if catalog
        else None
    )
    return MiraklChannel(
        seller,
        catalog=mirakl,
        shop_id=sandbox.seed.shop_id,
        options=options or MiraklChannelOptions(seek_pagination=sandbox.seek_pagination),
        capabilities=capabilities,
    )


def connect_async_channel(
    sandbox: MiraklSandbox,
    *,
    clock: Clock | None = None,
    catalog: bool = True,
    marketplace: str = "mirakl",
    options: MiraklChannelOptions | None = None,
    capabilities: Capabilities = MIRAKL_CAPABILITIES,
) -> AsyncMiraklChannel:
    """`connect_channel`'s asyncio twin.

    Examples:
        channel = connect_async_channel(MiraklSandbox(clock=clock), clock=clock)
    """
    clock = clock or sandbox.clock
    seller = AsyncMiraklSellerClient(
        sandbox.api_key,
        base_url=MIRAKL_SANDBOX_URL,
        transport=sandbox.transport(),
        clock=clock,
        marketplace=marketplace,
    )
    mirakl = (
        AsyncMiraklCatalogClient(
            sandbox.api_key,
            base_url=MIRAKL_SANDBOX_URL,
            transport=sandbox.transport(),
            clock=clock,
            marketplace=marketplace,
        )
        if catalog
        else None
    )
    return AsyncMiraklChannel(
        seller,
        catalog=mirakl,
        shop_id=sandbox.seed.shop_id,
        options=options or MiraklChannelOptions(seek_pagination=sandbox.seek_pagination),
        capabilities=capabilities,
    )
