"""Etsy Open API v3: clients, channels, OAuth 2.0 with PKCE, webhooks, and Etsy's rules.

What a host needs is here: the clients (`EtsyClient`, `AsyncEtsyClient`, methods named after
Etsy's operations), the `Channel` adapters (`EtsyChannel`, `AsyncEtsyChannel`), connecting a
shop (`start_authorization`, token stores), webhooks, the status table, price rules and
capabilities, and the wire models the client methods take and return. The offline simulator
of Etsy is `marketplace_sdk.etsy.sandbox` (import it from tests and demos; library code never
does).

Examples:
    >>> from marketplace_sdk import etsy
    >>> etsy.resolve_price  # selling price when set, else price  # doctest: +ELLIPSIS
    <function resolve_price at ...>
    >>> etsy.oms_status("Delivered", all_lines_in_stock=True).value
    'Complete'
"""

from marketplace_sdk.etsy._async.channel import AsyncEtsyChannel
from marketplace_sdk.etsy._async.client import AsyncEtsyClient
from marketplace_sdk.etsy._auth import (
    AuthorizationRequest,
    EtsyOAuth,
    JsonFileTokenStore,
    MemoryTokenStore,
    TokenPair,
    TokenStore,
    start_authorization,
)
from marketplace_sdk.etsy._capabilities import ETSY_CAPABILITIES
from marketplace_sdk.etsy._carriers import ETSY_CARRIERS
from marketplace_sdk.etsy._endpoints.paging import (
    DEFAULT_MAX_SPLITS,
    ListingsOutOfReachError,
    WindowSplitBudgetError,
)
from marketplace_sdk.etsy._models import (
    DraftListing,
    EtsyMoney,
    InventoryUpdate,
    Listing,
    ListingInventory,
    ListingState,
    ListingUpdate,
    ReceiptShipmentRequest,
    ReceiptStatus,
    ShopReceipt,
    ShopReceiptTransaction,
)
from marketplace_sdk.etsy._pricing import (
    ETSY_PRICE_BOUNDS,
    from_etsy_money,
    resolve_price,
    to_etsy_money,
)
from marketplace_sdk.etsy._profile import EtsyProfile
from marketplace_sdk.etsy._shared.channel import EtsyChannelOptions
from marketplace_sdk.etsy._shared.client import DEFAULT_BASE_URL, default_rate_limiter
from marketplace_sdk.etsy._status import (
    ETSY_STATUS_TABLE,
    can_cancel,
    channel_status,
    oms_status,
    transition,
)
from marketplace_sdk.etsy._sync.channel import EtsyChannel
from marketplace_sdk.etsy._sync.client import EtsyClient
from marketplace_sdk.etsy._webhooks import (
    MemorySeenWebhookStore,
    SeenWebhookStore,
    WebhookError,
    WebhookEvent,
    WebhookEventType,
    WebhookPayloadError,
    WebhookReplayError,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerifier,
)

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_MAX_SPLITS",
    "ETSY_CAPABILITIES",
    "ETSY_CARRIERS",
    "ETSY_PRICE_BOUNDS",
    "ETSY_STATUS_TABLE",
    "AsyncEtsyChannel",
    "AsyncEtsyClient",
    "AuthorizationRequest",
    "DraftListing",
    "EtsyChannel",
    "EtsyChannelOptions",
    "EtsyClient",
    "EtsyMoney",
    "EtsyOAuth",
    "EtsyProfile",
    "InventoryUpdate",
    "JsonFileTokenStore",
    "Listing",
    "ListingInventory",
    "ListingState",
    "ListingUpdate",
    "ListingsOutOfReachError",
    "MemorySeenWebhookStore",
    "MemoryTokenStore",
    "ReceiptShipmentRequest",
    "ReceiptStatus",
    "SeenWebhookStore",
    "ShopReceipt",
    "ShopReceiptTransaction",
    "TokenPair",
    "TokenStore",
    "WebhookError",
    "WebhookEvent",
    "WebhookEventType",
    "WebhookPayloadError",
    "WebhookReplayError",
    "WebhookSignatureError",
    "WebhookTimestampError",
    "WebhookVerifier",
    "WindowSplitBudgetError",
    "can_cancel",
    "channel_status",
    "default_rate_limiter",
    "from_etsy_money",
    "oms_status",
    "resolve_price",
    "start_authorization",
    "to_etsy_money",
    "transition",
]
