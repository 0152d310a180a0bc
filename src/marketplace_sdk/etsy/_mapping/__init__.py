"""The one place Etsy wire records and the canonical records are mapped to each other.

`catalog` maps listings, taxonomy nodes and properties; `orders` maps receipts, statuses,
cancellations and carriers; `inventory` plans stock and price writes.

Examples:
    >>> from marketplace_sdk.etsy._mapping import group_sku
    >>> group_sku(5)
    'etsy-listing-5'
"""

from __future__ import annotations

from marketplace_sdk.etsy._mapping.catalog import (
    category_attribute,
    group_listing_id,
    group_sku,
    is_group_listing,
    listing_skus,
    listing_to_product,
    node_to_category,
    walk_categories,
)
from marketplace_sdk.etsy._mapping.inventory import InventoryPlan, plan_inventory_write
from marketplace_sdk.etsy._mapping.orders import (
    CANCELLED,
    DELIVERED,
    IN_TRANSIT,
    NEW,
    etsy_carrier_name,
    etsy_status,
    is_shipped,
    receipt_to_cancellation,
    receipt_to_order,
)

__all__ = [
    "CANCELLED",
    "DELIVERED",
    "IN_TRANSIT",
    "NEW",
    "InventoryPlan",
    "category_attribute",
    "etsy_carrier_name",
    "etsy_status",
    "group_listing_id",
    "group_sku",
    "is_group_listing",
    "is_shipped",
    "listing_skus",
    "listing_to_product",
    "node_to_category",
    "plan_inventory_write",
    "receipt_to_cancellation",
    "receipt_to_order",
    "walk_categories",
]
