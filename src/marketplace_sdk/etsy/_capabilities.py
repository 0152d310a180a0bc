"""What the Etsy channel can and cannot do, in the Etsy seed's words.

Examples:
    >>> ETSY_CAPABILITIES.supports("activate_deactivate")
    True
    >>> ETSY_CAPABILITIES.require("mark_delivered")
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._errors.UnsupportedOperation: [Etsy] Seller can not mark the orders as Delivered and same will not happen from Anchanto OMS.
"""  # noqa: E501

from __future__ import annotations

from marketplace_sdk.core._capabilities import Capabilities, ShippingMode

__all__ = ["ETSY_CAPABILITIES"]

_LISTING = (
    "Sellers can list the single (non-variation) & group (variation) products one by one using "
    "Anchanto OMS user interface or list & update using bulk upload and update (excel template) "
    "feature available in Anchanto OMS."
)

#: Etsy's capabilities; each explanation quotes the Etsy integration seed (the one on order
#: acceptance, on which the seed is silent, says what Etsy's API does, and the one on partial
#: fulfilment, which Etsy's API cannot honour, says why the table departs from the seed).
ETSY_CAPABILITIES = Capabilities(
    marketplace="Etsy",
    product_import=True,
    variation_product_import=True,
    variation_product_listing=True,
    single_listing=True,
    bulk_listing_file=True,
    activate_deactivate=True,
    product_deletion=False,
    brand_sync=False,
    auto_product_update=False,
    price_push=True,
    stock_push=True,
    order_splitting=False,
    partial_order_fulfilment=False,
    shipping_modes=frozenset({ShippingMode.SELF_SHIP}),
    mark_delivered=False,
    marketplace_shipping_labels=False,
    order_acceptance_required=False,
    explanations={
        "product_import": (
            "Auto sync the existing category attributes and products with basic details like "
            "product name, SKU, price, stock & first image from Iconic to Anchanto OMS App once "
            "the seller connects their Iconic account with Anchanto OMS account."
        ),
        "variation_product_import": (
            "Sellers can manually sync group (variation) products from Etsy to Anchanto OMS as "
            "needed."
        ),
        "variation_product_listing": _LISTING,
        "single_listing": _LISTING,
        "bulk_listing_file": _LISTING,
        "activate_deactivate": (
            "Sellers can activate or deactivate products from Anchanto OMS to Etsy store."
        ),
        "product_deletion": "Sellers cannot delete products from Anchanto OMS to Etsy store.",
        "brand_sync": "Sellers cannot sync brands from the Etsy seller center to Anchanto OMS.",
        "auto_product_update": (
            "Auto update products from Etsy store to Anchanto OMS is not available."
        ),
        "price_push": (
            "Sellers can update product prices and stock levels from Anchanto OMS to Etsy store."
        ),
        "stock_push": (
            "Auto sync inventory from Anchanto OMS to the Etsy store as and when it changes in "
            "Anchanto OMS on a real time basis."
        ),
        "order_splitting": "The current integration does not support splitting orders.",
        "partial_order_fulfilment": (
            "Etsy ships a receipt whole: its API has no line-level shipment, and the first "
            "shipment completes the whole order (ETSY-Q29). The seed lets a Partial order be "
            "split and fulfilled in parts, which Etsy cannot record, so a shipment naming some "
            "lines only is refused before anything is sent; ship the order once, whole."
        ),
        "shipping_modes": 'The integration supports "Self Ship delivery".',
        "mark_delivered": (
            "Seller can not mark the orders as Delivered and same will not happen from "
            "Anchanto OMS."
        ),
        "marketplace_shipping_labels": (
            "Etsy does not provide shipping label & invoice on its own so the seller can use an "
            "Anchanto generated shipping label & invoice if needed."
        ),
        "order_acceptance_required": (
            "Etsy orders need no acceptance: a paid order is ready to fulfil, and Ready to Ship "
            "sends the carrier name and tracking ID to Etsy."
        ),
    },
)
