"""Mirakl seller clients, for any Mirakl marketplace: Catalog Manager and offers + orders.

Mirakl runs the product catalogue of many marketplaces (Fnac Darty's "Mirakl Fnac" among them).
This package speaks its seller API for catalogue work: the shop (A01), product imports (P41
upload, P42 status, P51 list, P44-P47 reports, CM11 product statuses) and the operator's
catalogue structure (H11 categories, PM11 attributes, VL11 value lists), with each operation
held to the call frequency Mirakl states for it. Client methods carry Mirakl's operation names
(`get_account` is A01, `list_hierarchies` H11, `export_product_statuses` CM11). Nothing in it is
specific to one marketplace.

`MiraklSellerClient` (and `AsyncMiraklSellerClient`) speaks the marketplace (MMP) seller API
for offers and orders: A01, OF21 offers, OF24 and OF01 offer imports tracked with OF02 and
OF03, OR11 orders by last update, OR21 accept, OR23/OR24 tracking and shipping, OR29/OR30
cancellations, OR28 refunds and SH21 carriers, each operation held to its own call frequency
(`mmp_buckets`). `MIRAKL_STATUS_TABLE` maps every Mirakl order state to an OMS status (with
`oms_status`, `channel_status`, `can_cancel` and `transition`, as every marketplace package);
`MiraklChannelOptions` holds a channel's shop settings.

`MiraklChannel` (and `AsyncMiraklChannel`) is the `Channel` of a shop on any Mirakl operator:
the built-in marketplace `mirakl` takes the operator's URL from each profile, and
`register_operator` makes a named operator ("carrefour") a marketplace of its own.

The sandbox entry point is `marketplace_sdk.mirakl.sandbox` (`MiraklCatalogSandbox`, a stateful
simulator of the same API for tests and notebooks); library code never imports it.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.mirakl.sandbox import MiraklCatalogSandbox
    >>> sandbox = MiraklCatalogSandbox(clock=FakeClock())
    >>> with MiraklCatalogClient(sandbox.api_key, base_url="https://acme.mirakl.net",
    ...                          transport=sandbox.transport(), clock=sandbox.clock) as client:
    ...     [category.code for category in client.list_hierarchies()]
    ['BOOKS', 'BOOKS-NOVELS', 'ELECTRONICS', 'ELECTRONICS-HEADPHONES']
"""

from marketplace_sdk.mirakl._async.channel import AsyncMiraklChannel
from marketplace_sdk.mirakl._async.client import AsyncMiraklCatalogClient
from marketplace_sdk.mirakl._async.seller import AsyncMiraklSellerClient
from marketplace_sdk.mirakl._bulk_layout import MIRAKL_BULK_LAYOUT
from marketplace_sdk.mirakl._capabilities import MIRAKL_CAPABILITIES, mirakl_capabilities
from marketplace_sdk.mirakl._carriers import MIRAKL_CARRIERS
from marketplace_sdk.mirakl._description import MIRAKL, mirakl_description, register_operator
from marketplace_sdk.mirakl._errors import (
    MiraklAcceptanceError,
    MiraklErrorCode,
    MiraklOrderStateError,
)
from marketplace_sdk.mirakl._limits import (
    MCM_CALL_FREQUENCIES,
    MMP_CALL_FREQUENCIES,
    mcm_buckets,
    mmp_buckets,
)
from marketplace_sdk.mirakl._models import (
    Account,
    AdditionalField,
    Address,
    Attribute,
    Cancelation,
    CancelationCreated,
    CancelationRequest,
    CancelationsCreated,
    Carrier,
    ConversionOption,
    ConversionOptions,
    Customer,
    Hierarchy,
    ImportCreated,
    ImportStatus,
    LineDecision,
    Offer,
    OfferDiscount,
    OfferImport,
    OfferImportCreated,
    OfferImportStatus,
    OfferPrice,
    OfferUpdate,
    Order,
    OrderLine,
    OrderState,
    ProductImport,
    ProductSourceStatus,
    Refund,
    RefundCreated,
    RefundRequest,
    RefundsCreated,
    TaxAmount,
    Tracking,
    ValueList,
    ValueListValue,
)
from marketplace_sdk.mirakl._offer_imports import offer_file_skus, offer_import_results
from marketplace_sdk.mirakl._operator import MiraklOperator
from marketplace_sdk.mirakl._pricing import MIRAKL_PRICE_BOUNDS, resolve_price
from marketplace_sdk.mirakl._profile import MiraklProfile
from marketplace_sdk.mirakl._reports import (
    ErrorReportLine,
    ReportFile,
    ReportParseError,
    errors_by_product,
    parse_error_report,
)
from marketplace_sdk.mirakl._shared.client import decode_error
from marketplace_sdk.mirakl._shared.offers import MiraklOfferOptions
from marketplace_sdk.mirakl._shared.options import MiraklChannelOptions
from marketplace_sdk.mirakl._shared.seller import (
    OfferChange,
    OrderDeduplicator,
    decisions_for,
    update_window_start,
)
from marketplace_sdk.mirakl._status import (
    MIRAKL_ORDER_STATES,
    MIRAKL_STATUS_TABLE,
    MIRAKL_SYNCED_STATUSES,
    can_cancel,
    channel_status,
    oms_status,
    transition,
)
from marketplace_sdk.mirakl._sync.channel import MiraklChannel
from marketplace_sdk.mirakl._sync.client import MiraklCatalogClient
from marketplace_sdk.mirakl._sync.seller import MiraklSellerClient

__all__ = [
    "MCM_CALL_FREQUENCIES",
    "MIRAKL",
    "MIRAKL_BULK_LAYOUT",
    "MIRAKL_CAPABILITIES",
    "MIRAKL_CARRIERS",
    "MIRAKL_ORDER_STATES",
    "MIRAKL_PRICE_BOUNDS",
    "MIRAKL_STATUS_TABLE",
    "MIRAKL_SYNCED_STATUSES",
    "MMP_CALL_FREQUENCIES",
    "Account",
    "AdditionalField",
    "Address",
    "AsyncMiraklCatalogClient",
    "AsyncMiraklChannel",
    "AsyncMiraklSellerClient",
    "Attribute",
    "Cancelation",
    "CancelationCreated",
    "CancelationRequest",
    "CancelationsCreated",
    "Carrier",
    "ConversionOption",
    "ConversionOptions",
    "Customer",
    "ErrorReportLine",
    "Hierarchy",
    "ImportCreated",
    "ImportStatus",
    "LineDecision",
    "MiraklAcceptanceError",
    "MiraklCatalogClient",
    "MiraklChannel",
    "MiraklChannelOptions",
    "MiraklErrorCode",
    "MiraklOfferOptions",
    "MiraklOperator",
    "MiraklOrderStateError",
    "MiraklProfile",
    "MiraklSellerClient",
    "Offer",
    "OfferChange",
    "OfferDiscount",
    "OfferImport",
    "OfferImportCreated",
    "OfferImportStatus",
    "OfferPrice",
    "OfferUpdate",
    "Order",
    "OrderDeduplicator",
    "OrderLine",
    "OrderState",
    "ProductImport",
    "ProductSourceStatus",
    "Refund",
    "RefundCreated",
    "RefundRequest",
    "RefundsCreated",
    "ReportFile",
    "ReportParseError",
    "TaxAmount",
    "Tracking",
    "ValueList",
    "ValueListValue",
    "can_cancel",
    "channel_status",
    "decisions_for",
    "decode_error",
    "errors_by_product",
    "mcm_buckets",
    "mirakl_capabilities",
    "mirakl_description",
    "mmp_buckets",
    "offer_file_skus",
    "offer_import_results",
    "oms_status",
    "parse_error_report",
    "register_operator",
    "resolve_price",
    "transition",
    "update_window_start",
]
