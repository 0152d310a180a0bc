"""Etsy Open API v3: clients, OAuth 2.0 with PKCE, webhooks, and Etsy's status and price rules.

Example:
    >>> from marketplace_sdk import etsy
    >>> etsy.resolve_price  # selling price when set, else price  # doctest: +ELLIPSIS
    <function resolve_price at ...>
    >>> etsy.oms_status("Delivered", all_lines_in_stock=True).value
    'Complete'
"""

from marketplace_sdk.etsy.auth import (
    AuthorizationRequest,
    EtsyOAuth,
    JsonFileTokenStore,
    MemoryTokenStore,
    TokenPair,
    TokenStore,
    start_authorization,
)
from marketplace_sdk.etsy.capabilities import ETSY_CAPABILITIES
from marketplace_sdk.etsy.channel import AsyncEtsyChannel, EtsyChannel, EtsyChannelOptions
from marketplace_sdk.etsy.client import (
    DEFAULT_BASE_URL,
    AsyncEtsyClient,
    EtsyClient,
    default_rate_limiter,
)
from marketplace_sdk.etsy.models import (
    DraftListing,
    InventoryUpdate,
    ListingInventory,
    ListingState,
    ListingUpdate,
    ReceiptShipmentRequest,
    ReceiptStatus,
)
from marketplace_sdk.etsy.pricing import (
    ETSY_PRICE_BOUNDS,
    from_etsy_money,
    resolve_price,
    to_etsy_money,
)
from marketplace_sdk.etsy.status import (
    ETSY_STATUS_TABLE,
    can_cancel,
    channel_status,
    oms_status,
    transition,
)
from marketplace_sdk.etsy.webhooks import WebhookEvent, WebhookEventType, WebhookVerifier

__all__ = [
    "DEFAULT_BASE_URL",
    "ETSY_CAPABILITIES",
    "ETSY_PRICE_BOUNDS",
    "ETSY_STATUS_TABLE",
    "AsyncEtsyChannel",
    "AsyncEtsyClient",
    "AuthorizationRequest",
    "DraftListing",
    "EtsyChannel",
    "EtsyChannelOptions",
    "EtsyClient",
    "EtsyOAuth",
    "InventoryUpdate",
    "JsonFileTokenStore",
    "ListingInventory",
    "ListingState",
    "ListingUpdate",
    "MemoryTokenStore",
    "ReceiptShipmentRequest",
    "ReceiptStatus",
    "TokenPair",
    "TokenStore",
    "WebhookEvent",
    "WebhookEventType",
    "WebhookVerifier",
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
