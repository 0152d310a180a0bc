"""The channel-agnostic core: the HTTP engine a marketplace client runs on, its clocks, rate
limits and retries, and the marketplace descriptions the layers above read instead of naming a
marketplace. (The `Channel` protocol, canonical records, errors and rules an OMS uses are
exported from `marketplace_sdk` itself.)

What a client's user passes in: a `Clock` (`FakeClock` in tests, with the sandboxes), a shared
`RateLimiter` (with a `SQLiteBackend` or `RedisBackend` when several processes spend one
budget) and a `RetryPolicy`. What a marketplace package is built from: `EngineConfig`, the
engines that run a `Call` (`SyncEngine`, `AsyncEngine`), the paginators, the `Authenticator`
hook, the `StatusTable` and `PriceBounds` rules, and its `MarketplaceDescription`.

Marketplace descriptions (`MarketplaceDescription`) are registered by the marketplace packages
(entry points of the group `marketplace_sdk.marketplaces`) or in process
(`register_marketplace`); `open_channel` opens a channel by marketplace key from a profile.

Examples:
    >>> from marketplace_sdk.core import marketplaces
    >>> all(description.key == description.key.lower() for description in marketplaces())
    True
"""

from marketplace_sdk.core._async.engine import AsyncEngine
from marketplace_sdk.core._auth import Authenticator
from marketplace_sdk.core._bulk_layout import (
    AttributeColumns,
    BulkLayout,
    BulkTemplate,
    Column,
    Kind,
    Requirement,
)
from marketplace_sdk.core._clock import Clock, FakeClock, SystemClock
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
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._offsale import MemoryOffSaleStore, OffSale, OffSaleStore
from marketplace_sdk.core._opening import (
    aclose_channel,
    close_channel,
    open_async_channel,
    open_channel,
)
from marketplace_sdk.core._pagination import Page, Paginator
from marketplace_sdk.core._pricing import PriceBounds
from marketplace_sdk.core._profiles import ProfileFiles, ShopProfile
from marketplace_sdk.core._ratelimit import (
    MemoryBackend,
    Rate,
    RateLimitBackend,
    RateLimiter,
    RedisBackend,
    SQLiteBackend,
    urgent,
)
from marketplace_sdk.core._refusals import RefusedOperations
from marketplace_sdk.core._registry import (
    AsyncOpenedChannel,
    CatalogueBudget,
    ChannelSetup,
    ConnectCommand,
    MarketplaceDescription,
    OpenedChannel,
    UnknownMarketplaceError,
    WebhookParser,
    get_marketplace,
    marketplaces,
    register_marketplace,
    unregister_marketplace,
)
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.core._status import StatusTable
from marketplace_sdk.core._sync.engine import SyncEngine

__all__ = [
    "ApiRequest",
    "AsyncEngine",
    "AsyncOpenedChannel",
    "AttributeColumns",
    "Authenticator",
    "BulkLayout",
    "BulkTemplate",
    "Call",
    "CatalogueBudget",
    "ChannelSetup",
    "Clock",
    "Column",
    "CommandSpec",
    "ConnectCommand",
    "ConnectEnv",
    "ConnectError",
    "ConnectUI",
    "Connected",
    "EngineConfig",
    "FakeClock",
    "Kind",
    "MarketplaceDescription",
    "MemoryBackend",
    "MemoryOffSaleStore",
    "OffSale",
    "OffSaleStore",
    "OpenedChannel",
    "OptionSpec",
    "Page",
    "Paginator",
    "PriceBounds",
    "ProfileFiles",
    "Rate",
    "RateLimitBackend",
    "RateLimiter",
    "RedisBackend",
    "RefusedOperations",
    "Requirement",
    "RetryPolicy",
    "SQLiteBackend",
    "SandboxSpec",
    "Served",
    "ShopProfile",
    "StatusTable",
    "Styled",
    "SyncEngine",
    "SystemClock",
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
    "urgent",
]
