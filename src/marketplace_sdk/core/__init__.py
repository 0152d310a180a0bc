"""The channel-agnostic core: the `Channel` protocol, canonical records, rules, the HTTP engine,
and the marketplace descriptions the layers above read instead of naming a marketplace.

Marketplace descriptions (`MarketplaceDescription`) are registered by the marketplace packages
(entry points of the group `marketplace_sdk.marketplaces`) or in process
(`register_marketplace`); `open_channel` opens a channel by marketplace key from a profile.

Example:
    >>> from marketplace_sdk.core import marketplaces
    >>> all(description.key == description.key.lower() for description in marketplaces())
    True
"""

from marketplace_sdk.core._bulk_layout import (
    AttributeColumns,
    BulkLayout,
    BulkTemplate,
    Column,
    Kind,
    Requirement,
)
from marketplace_sdk.core._commands import (
    CommandSpec,
    Connected,
    ConnectEnv,
    ConnectError,
    ConnectUI,
    OptionSpec,
    SandboxSpec,
    Served,
    Styled,
)
from marketplace_sdk.core._opening import (
    aclose_channel,
    close_channel,
    open_async_channel,
    open_channel,
)
from marketplace_sdk.core._profiles import ProfileFiles, ShopProfile
from marketplace_sdk.core._registry import (
    CatalogueBudget,
    ChannelSetup,
    ConnectCommand,
    MarketplaceDescription,
    OpenedAsyncChannel,
    OpenedChannel,
    UnknownMarketplaceError,
    WebhookParser,
    get_marketplace,
    marketplaces,
    register_marketplace,
    unregister_marketplace,
)

__all__ = [
    "AttributeColumns",
    "BulkLayout",
    "BulkTemplate",
    "CatalogueBudget",
    "ChannelSetup",
    "Column",
    "CommandSpec",
    "ConnectCommand",
    "ConnectEnv",
    "ConnectError",
    "ConnectUI",
    "Connected",
    "Kind",
    "MarketplaceDescription",
    "OpenedAsyncChannel",
    "OpenedChannel",
    "OptionSpec",
    "ProfileFiles",
    "Requirement",
    "SandboxSpec",
    "Served",
    "ShopProfile",
    "Styled",
    "UnknownMarketplaceError",
    "WebhookParser",
    "aclose_channel",
    "close_channel",
    "get_marketplace",
    "marketplaces",
    "open_async_channel",
    "open_channel",
    "register_marketplace",
    "unregister_marketplace",
]
