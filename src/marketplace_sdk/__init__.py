"""marketplace-sdk: typed marketplace integrations for an order management system.

The channel-agnostic surface lives here: the `Channel` protocol every marketplace implements,
the canonical records an OMS stores, the OMS statuses, the SDK's errors, and the marketplaces'
descriptions (`marketplaces()`, `get_marketplace`), with `open_channel` to open a shop's
channel by marketplace key. Each marketplace's clients, rules and channel live in its own
package (`marketplace_sdk.etsy`, `marketplace_sdk.fnac`).

Examples:
    >>> import marketplace_sdk
    >>> marketplace_sdk.OmsStatus("Ready to Ship").value
    'Ready to Ship'
    >>> str(marketplace_sdk.Money(amount="9.99", currency="EUR"))
    '9.99 EUR'
"""

from marketplace_sdk._version import __version__
from marketplace_sdk.core._async.channel import AsyncChannel
from marketplace_sdk.core._capabilities import Capabilities, Capability, ShippingMode
from marketplace_sdk.core._carriers import CarrierTable, UnknownCarrierError
from marketplace_sdk.core._catalog import DedupeResult, DuplicateSku, dedupe_by_sku
from marketplace_sdk.core._errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    DeadlineExceededError,
    ErrorClass,
    InvalidRequestError,
    InvalidTransition,
    MarketplaceError,
    NotFoundError,
    PermissionDeniedError,
    QuotaExhaustedError,
    RateLimitedError,
    RecordError,
    ResponseParseError,
    ServerError,
    TokenRefreshLostError,
    TokenRevokedError,
    TransportError,
    TransportTimeoutError,
    UnsupportedOperation,
)
from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Cancellation,
    CancelledBy,
    Category,
    CategoryAttribute,
    Order,
    OrderLine,
    OrderShipment,
    OrderTotals,
    PriceUpdate,
    Product,
    ProductDraft,
    Refund,
    Shipment,
    StockUpdate,
    Variant,
)
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._opening import (
    aclose_channel,
    close_channel,
    open_async_channel,
    open_channel,
)
from marketplace_sdk.core._pricing import CurrencyMismatch, PriceError, PriceOutOfRange
from marketplace_sdk.core._profiles import ShopProfile
from marketplace_sdk.core._records import Quarantine, QuarantinedRecord
from marketplace_sdk.core._registry import (
    MarketplaceDescription,
    UnknownMarketplaceError,
    get_marketplace,
    marketplaces,
    register_marketplace,
)
from marketplace_sdk.core._results import BatchResult, ItemResult, Outcome, Reason
from marketplace_sdk.core._status import (
    Conflict,
    ConflictReason,
    MoveTo,
    NoChange,
    OmsStatus,
    StatusFilterError,
    Transition,
    UnknownStatus,
    UnknownStatusError,
)
from marketplace_sdk.core._sync.channel import Channel

__all__ = [
    "Address",
    "ApiError",
    "AsyncChannel",
    "AuthenticationError",
    "BatchResult",
    "Buyer",
    "Cancellation",
    "CancelledBy",
    "Capabilities",
    "Capability",
    "CarrierTable",
    "Category",
    "CategoryAttribute",
    "Channel",
    "Conflict",
    "ConflictError",
    "ConflictReason",
    "CurrencyMismatch",
    "DeadlineExceededError",
    "DedupeResult",
    "DuplicateSku",
    "ErrorClass",
    "InvalidRequestError",
    "InvalidTransition",
    "ItemResult",
    "MarketplaceDescription",
    "MarketplaceError",
    "Money",
    "MoveTo",
    "NoChange",
    "NotFoundError",
    "OmsStatus",
    "Order",
    "OrderLine",
    "OrderShipment",
    "OrderTotals",
    "Outcome",
    "PermissionDeniedError",
    "PriceError",
    "PriceOutOfRange",
    "PriceUpdate",
    "Product",
    "ProductDraft",
    "Quarantine",
    "QuarantinedRecord",
    "QuotaExhaustedError",
    "RateLimitedError",
    "Reason",
    "RecordError",
    "Refund",
    "ResponseParseError",
    "ServerError",
    "Shipment",
    "ShippingMode",
    "ShopProfile",
    "StatusFilterError",
    "StockUpdate",
    "TokenRefreshLostError",
    "TokenRevokedError",
    "Transition",
    "TransportError",
    "TransportTimeoutError",
    "UnknownCarrierError",
    "UnknownMarketplaceError",
    "UnknownStatus",
    "UnknownStatusError",
    "UnsupportedOperation",
    "Variant",
    "__version__",
    "aclose_channel",
    "close_channel",
    "dedupe_by_sku",
    "get_marketplace",
    "marketplaces",
    "open_async_channel",
    "open_channel",
    "register_marketplace",
]
