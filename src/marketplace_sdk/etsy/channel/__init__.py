"""The Etsy channel: `EtsyChannel`, `AsyncEtsyChannel` and `EtsyChannelOptions`.

Example:
    >>> from marketplace_sdk.etsy.channel import EtsyChannelOptions
    >>> EtsyChannelOptions().who_made
    'i_did'
"""

from __future__ import annotations

from marketplace_sdk.etsy.channel.async_channel import AsyncEtsyChannel
from marketplace_sdk.etsy.channel.common import EtsyChannelOptions
from marketplace_sdk.etsy.channel.sync_channel import EtsyChannel

__all__ = ["AsyncEtsyChannel", "EtsyChannel", "EtsyChannelOptions"]
