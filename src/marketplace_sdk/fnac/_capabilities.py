"""What the FNAC channel can and cannot do, in the FNAC seed's words.

Examples:
    >>> FNAC_CAPABILITIES.supports("order_acceptance_required")
    True
    >>> FNAC_CAPABILITIES.require("activate_deactivate")
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._errors.UnsupportedOperation: [FNAC] Sellers cannot activate or deactivate products from Anchanto OMS to FNAC store.
"""  # noqa: E501

from __future__ import annotations

from marketplace_sdk.core._capabilities import Capabilities, ShippingMode

__all__ = ["FNAC_CAPABILITIES"]

_LISTING = (
    "Sellers can list the single (non-variation) products one by one using Anchanto OMS user "
    "interface or list & update using bulk upload and update (excel template) feature available "
    "in Anchanto OMS."
)

#: FNAC's capabilities; each explanation quotes the FNAC integration seed (the ones on order
#: acceptance and partial fulfilment, on which the seed is silent, say what FNAC's API does).
FNAC_CAPABILITIES = Capabilities(
    marketplace="FNAC",
    product_import=True,
    variation_product_import=False,
    variation_product_listing=False,
    single_listing=True,
    bulk_listing_file=True,
    activate_deactivate=False,
    product_deletion=False,
    brand_sync=False,
    auto_product_update=False,
    price_push=True,
    stock_push=True,
    order_splitting=False,
    partial_order_fulfilment=False,
    shipping_modes=frozenset({ShippingMode.SELF_SHIP, ShippingMode.MARKETPLACE}),
    mark_delivered=False,
    marketplace_shipping_labels=True,
    order_acceptance_required=True,
    explanations={
        "product_import": (
            "Auto sync the existing category attributes and products with basic details like "
            "product name, SKU, price, stock & first image from FNAC to Anchanto OMS App once "
            "the seller connects their FNAC account with Anchanto OMS account."
        ),
        "variation_product_import": (
            "Sellers cannot manually sync group (variation) products from FNAC to Anchanto OMS "
            "as needed."
        ),
        "variation_product_listing": _LISTING,
        "single_listing": _LISTING,
        "bulk_listing_file": _LISTING,
        "activate_deactivate": (
            "Sellers cannot activate or deactivate products from Anchanto OMS to FNAC store."
        ),
        "product_deletion": "Sellers cannot delete products from Anchanto OMS to FNAC store.",
        "brand_sync": "Sellers cannot sync brands from the FNAC seller center to Anchanto OMS.",
        "auto_product_update": (
            "Auto update products from FNAC store to Anchanto OMS is not available."
        ),
        "price_push": (
            "Sellers can update product prices and stock levels from Anchanto OMS to FNAC store."
        ),
        "stock_push": (
            "Auto sync inventory from Anchanto OMS to the FNAC store as and when it changes in "
            "Anchanto OMS on a real time basis."
        ),
        "order_splitting": "The current integration does not support splitting orders.",
        "partial_order_fulfilment": (
            "The current integration does not support splitting orders; the FNAC seed names no "
            "exception for Partial orders."
        ),
        "shipping_modes": (
            'The integration supports "Self Ship and Shipped by sales channel" both.'
        ),
        "mark_delivered": (
            'The order status will be updated to "Delivered" in OMS once the seller updates the '
            "delivered status on Sales channel."
        ),
        "marketplace_shipping_labels": (
            "When using FNAC integrated shipping carriers, once FNAC store successfully updates "
            "the Ready to Ship status, a shipping label/AWB and tracking ID will be generated."
        ),
        "get_shipping_label": (
            "FNAC generates the label/AWB of its integrated carriers in its seller centre; its "
            "web services do not hand it out. The tracking ID comes on the order once shipped."
        ),
        "order_acceptance_required": (
            "A new FNAC order waits for approval from the seller (order state Created) until "
            "the seller accepts it."
        ),
    },
)
