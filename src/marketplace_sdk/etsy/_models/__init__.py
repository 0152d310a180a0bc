"""Etsy Open API v3 wire models (pydantic), written by hand from Etsy's published schemas.

Why by hand rather than generated: the published document declares `default: null` on
non-nullable values, lists receipt statuses in lower case while live receipts capitalise them,
and omits fields live payloads carry (NOTES.md). A generator would copy those mistakes into
strict types; these models keep Etsy's field names, read enums leniently, accept extra fields
(`extra="allow"`) and are checked against the document's own samples in the tests.

Examples:
    >>> page = EtsyList[ShopReceipt].model_validate(
    ...     {"count": 1, "results": [{"receipt_id": 3, "status": "Paid"}]})
    >>> page.results[0].status
    <ReceiptStatus.PAID: 'paid'>
"""

from __future__ import annotations

from marketplace_sdk.etsy._models.common import (
    EtsyList,
    EtsyModel,
    EtsyMoney,
    JsonObject,
    ListingState,
    ListingStateValue,
    ReceiptStatus,
    ReceiptStatusValue,
    from_timestamp,
)
from marketplace_sdk.etsy._models.inventory import (
    InventoryOffering,
    InventoryOfferingWrite,
    InventoryProduct,
    InventoryProductWrite,
    InventoryUpdate,
    ListingInventory,
    PropertyValue,
    PropertyValueWrite,
)
from marketplace_sdk.etsy._models.listing import (
    DraftListing,
    FormFields,
    Listing,
    ListingImage,
    ListingUpdate,
    WhenMade,
    WhoMade,
)
from marketplace_sdk.etsy._models.payment import LedgerEntry, Payment
from marketplace_sdk.etsy._models.receipt import (
    ReceiptShipmentRequest,
    ShopReceipt,
    ShopReceiptShipment,
    ShopReceiptTransaction,
    ShopRefund,
    TransactionVariation,
)
from marketplace_sdk.etsy._models.shop import (
    Me,
    ProcessingProfile,
    ReturnPolicy,
    ShippingCarrier,
    ShippingCarrierMailClass,
    ShippingProfile,
    ShippingProfileDestination,
    ShippingProfileUpgrade,
    Shop,
    ShopSection,
    User,
)
from marketplace_sdk.etsy._models.taxonomy import (
    SellerTaxonomyNode,
    TaxonomyNodeProperty,
    TaxonomyPropertyScale,
    TaxonomyPropertyValue,
)

# The inventory's `listing` association refers back to `Listing`.
ListingInventory.model_rebuild(_types_namespace={"Listing": Listing})
Listing.model_rebuild()

__all__ = [
    "DraftListing",
    "EtsyList",
    "EtsyModel",
    "EtsyMoney",
    "FormFields",
    "InventoryOffering",
    "InventoryOfferingWrite",
    "InventoryProduct",
    "InventoryProductWrite",
    "InventoryUpdate",
    "JsonObject",
    "LedgerEntry",
    "Listing",
    "ListingImage",
    "ListingInventory",
    "ListingState",
    "ListingStateValue",
    "ListingUpdate",
    "Me",
    "Payment",
    "ProcessingProfile",
    "PropertyValue",
    "PropertyValueWrite",
    "ReceiptShipmentRequest",
    "ReceiptStatus",
    "ReceiptStatusValue",
    "ReturnPolicy",
    "SellerTaxonomyNode",
    "ShippingCarrier",
    "ShippingCarrierMailClass",
    "ShippingProfile",
    "ShippingProfileDestination",
    "ShippingProfileUpgrade",
    "Shop",
    "ShopReceipt",
    "ShopReceiptShipment",
    "ShopReceiptTransaction",
    "ShopRefund",
    "ShopSection",
    "TaxonomyNodeProperty",
    "TaxonomyPropertyScale",
    "TaxonomyPropertyValue",
    "TransactionVariation",
    "User",
    "WhenMade",
    "WhoMade",
    "from_timestamp",
]
