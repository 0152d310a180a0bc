"""What the Etsy channel can and cannot do, told from the Etsy integration seed.

The seed lists what the integration offers and rules out; each explanation below says the
same thing in our own words (the seed is named as the source on docs/capabilities.md).

Examples:
    >>> ETSY_CAPABILITIES.supports("activate_deactivate")
    True
    >>> ETSY_CAPABILITIES.require("mark_delivered")
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._errors.UnsupportedOperation: [Etsy] Etsy has no delivered state a seller can set, so the OMS cannot mark an Etsy order delivered.
"""  # noqa: E501

from __future__ import annotations

from marketplace_sdk.core._capabilities import Capabilities, ShippingMode

__all__ = ["ETSY_CAPABILITIES"]

_LISTING = (
    "Single products and variation (group) products can be listed one at a time from the OMS, "
    "or created and updated in bulk from a listing file."
)

#: Etsy's capabilities; each explanation restates the Etsy integration seed in our words (the
#: one on order acceptance, on which the seed is silent, says what Etsy's API does, and the one
#: on partial fulfilment, which Etsy's API cannot honour, says why the table departs from it).
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
            "Once a shop is connected, its categories and attributes and its products (name, "
            "SKU, price, stock and first image) are imported into the OMS."
        ),
        "variation_product_import": (
            "Variation (group) products can be imported from Etsy into the OMS on demand."
        ),
        "variation_product_listing": _LISTING,
        "single_listing": _LISTING,
        "bulk_listing_file": _LISTING,
        "activate_deactivate": "The OMS can put an Etsy listing on sale or take it off sale.",
        "product_deletion": "Products cannot be deleted from the Etsy shop through the OMS.",
        "brand_sync": "Brands are not imported from Etsy into the OMS.",
        "auto_product_update": (
            "Changes made to products on Etsy are not brought back into the OMS automatically."
        ),
        "price_push": "The OMS sends price changes, like stock changes, to the Etsy shop.",
        "stock_push": (
            "Stock is pushed from the OMS to the Etsy shop in real time, whenever it changes."
        ),
        "order_splitting": "An Etsy order cannot be split into several orders.",
        "partial_order_fulfilment": (
            "Etsy ships a receipt whole: its API has no line-level shipment, and the first "
            "shipment completes the whole order (ETSY-Q29). The seed lets a Partial order be "
            "split and fulfilled in parts, which Etsy cannot record, so a shipment naming some "
            "lines only is refused before anything is sent; ship the order once, whole."
        ),
        "shipping_modes": "Etsy orders are shipped by the seller (self ship) only.",
        "mark_delivered": (
            "Etsy has no delivered state a seller can set, so the OMS cannot mark an Etsy order "
            "delivered."
        ),
        "marketplace_shipping_labels": (
            "Etsy prints no label or invoice for the seller; use the OMS's own label and invoice "
            "when one is needed."
        ),
        "order_acceptance_required": (
            "Etsy orders need no acceptance: a paid order is ready to fulfil, and Ready to Ship "
            "sends the carrier name and tracking ID to Etsy."
        ),
    },
)
