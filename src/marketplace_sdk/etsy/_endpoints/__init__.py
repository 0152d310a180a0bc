"""Every Etsy operation the SDK uses, each defined once as a pure function returning a `Call`.

A function builds the request (method, path exactly as in Etsy's published document, query,
body, `operation` = Etsy's operationId, `bucket="default"` since Etsy budgets per app, and
whether a resend is harmless) and names the parser of the answer. The sync and async clients
only send them; tests check every request against the published document.

Examples:
    >>> call = get_shop_receipt(42, 7)
    >>> call.request.method, call.request.path, call.request.operation, call.request.bucket
    ('GET', '/v3/application/shops/42/receipts/7', 'getShopReceipt', 'default')
"""

from marketplace_sdk.etsy._endpoints._base import API, MAX_LIMIT, MAX_OFFSET, comma_list
from marketplace_sdk.etsy._endpoints.listings import (
    ListingInclude,
    ListingSortOn,
    ListingStateFilter,
    SortOrder,
    create_draft_listing,
    get_listing,
    get_listing_images,
    get_listing_inventory,
    get_listings_by_listing_ids,
    get_listings_by_shop,
    get_listings_inventory_by_listing_ids,
    set_listing_state,
    update_listing,
    update_listing_inventory,
    upload_listing_image,
)
from marketplace_sdk.etsy._endpoints.paging import (
    DEFAULT_MAX_SPLITS,
    DEFAULT_SEEN_PAGES,
    DateWindowPaginator,
    ListingsOutOfReachError,
    TwoEndedPaginator,
    WindowSplitBudgetError,
    listings_by_shop,
    receipts_by_created,
    receipts_by_last_modified,
    split_window,
    transactions_by_listing,
    unseen,
)
from marketplace_sdk.etsy._endpoints.payments import (
    get_payment_account_ledger_entry_payments,
    get_shop_payment_account_ledger_entries,
)
from marketplace_sdk.etsy._endpoints.receipts import (
    ReceiptSortOn,
    create_receipt_shipment,
    get_shop_receipt,
    get_shop_receipt_transactions_by_listing,
    get_shop_receipt_transactions_by_receipt,
    get_shop_receipts,
    unix_seconds,
    update_shop_receipt,
)
from marketplace_sdk.etsy._endpoints.shop import (
    get_me,
    get_properties_by_taxonomy_id,
    get_seller_taxonomy_nodes,
    get_shipping_carriers,
    get_shop,
    get_shop_readiness_state_definitions,
    get_shop_return_policies,
    get_shop_sections,
    get_shop_shipping_profiles,
    get_user,
)

__all__ = [
    "API",
    "DEFAULT_MAX_SPLITS",
    "DEFAULT_SEEN_PAGES",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "DateWindowPaginator",
    "ListingInclude",
    "ListingSortOn",
    "ListingStateFilter",
    "ListingsOutOfReachError",
    "ReceiptSortOn",
    "SortOrder",
    "TwoEndedPaginator",
    "WindowSplitBudgetError",
    "comma_list",
    "create_draft_listing",
    "create_receipt_shipment",
    "get_listing",
    "get_listing_images",
    "get_listing_inventory",
    "get_listings_by_listing_ids",
    "get_listings_by_shop",
    "get_listings_inventory_by_listing_ids",
    "get_me",
    "get_payment_account_ledger_entry_payments",
    "get_properties_by_taxonomy_id",
    "get_seller_taxonomy_nodes",
    "get_shipping_carriers",
    "get_shop",
    "get_shop_payment_account_ledger_entries",
    "get_shop_readiness_state_definitions",
    "get_shop_receipt",
    "get_shop_receipt_transactions_by_listing",
    "get_shop_receipt_transactions_by_receipt",
    "get_shop_receipts",
    "get_shop_return_policies",
    "get_shop_sections",
    "get_shop_shipping_profiles",
    "get_user",
    "listings_by_shop",
    "receipts_by_created",
    "receipts_by_last_modified",
    "set_listing_state",
    "split_window",
    "transactions_by_listing",
    "unix_seconds",
    "unseen",
    "update_listing",
    "update_listing_inventory",
    "update_shop_receipt",
    "upload_listing_image",
]
