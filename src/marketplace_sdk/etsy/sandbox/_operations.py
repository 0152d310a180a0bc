"""Which OAuth scope each simulated operation needs, as `openapi-v3.json` declares it.

Examples:
    >>> OPERATION_SCOPES["getShopReceipts"], OPERATION_SCOPES["getShop"]
    ('transactions_r', None)
"""

from __future__ import annotations

__all__ = ["OMS_SCOPES", "OPERATION_SCOPES"]

#: The scopes an OMS asks for.
OMS_SCOPES = (
    "listings_r",
    "listings_w",
    "listings_d",
    "shops_r",
    "transactions_r",
    "transactions_w",
)

#: The OAuth scope each operation requires, from `openapi-v3.json` (`None`: the API key alone).
OPERATION_SCOPES: dict[str, str | None] = {
    "getMe": "shops_r",
    "getUser": "email_r",
    "getShop": None,
    "getShopByOwnerUserId": None,
    "getListingsByShop": "listings_r",
    "getListingsByListingIds": None,
    "getListing": None,
    "createDraftListing": "listings_w",
    "updateListing": "listings_w",
    "getListingImages": None,
    "getListingImage": None,
    "uploadListingImage": "listings_w",
    "getListingInventory": "listings_r",
    "updateListingInventory": "listings_w",
    "getShopReceipts": "transactions_r",
    "getShopReceipt": "transactions_r",
    "updateShopReceipt": "transactions_w",
    "createReceiptShipment": "transactions_w",
    "getShopReceiptTransactionsByReceipt": "transactions_r",
    "getShopReceiptTransaction": "transactions_r",
    "getShopReceiptTransactionsByShop": "transactions_r",
    "getShopReceiptTransactionsByListing": "transactions_r",
    "getShopPaymentAccountLedgerEntries": "transactions_r",
    "getPaymentAccountLedgerEntryPayments": "transactions_r",
    "getShippingCarriers": None,
    "getSellerTaxonomyNodes": None,
    "getPropertiesByTaxonomyId": None,
    "getShopShippingProfiles": "shops_r",
    "getShopShippingProfile": "shops_r",
    "getShopSections": None,
    "getShopSection": None,
    "getListingsInventoryByListingIds": "listings_r",
    "getShopReadinessStateDefinitions": "shops_r",
    "getShopReadinessStateDefinition": "shops_r",
    "getShopReturnPolicies": None,
    "getShopReturnPolicy": None,
}
