"""What the FNAC channel can and cannot do, told from the FNAC integration seed.

The seed lists what the integration offers and rules out; each explanation below says the
same thing in our own words (the seed is named as the source on docs/capabilities.md).

Examples:
    >>> FNAC_CAPABILITIES.supports("order_acceptance_required")
    True
    >>> FNAC_CAPABILITIES.require("activate_deactivate")
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._errors.UnsupportedOperation: [FNAC] FNAC offers cannot be put on or taken off sale from the OMS.
"""  # noqa: E501

from __future__ import annotations

from marketplace_sdk.core._capabilities import Capabilities, ShippingMode

__all__ = ["FNAC_CAPABILITIES"]

_LISTING = (
    "Single (non-variation) products can be listed one at a time from the OMS, or created and "
    "updated in bulk from a listing file."
)

#: FNAC's capabilities; each explanation restates the FNAC integration seed in our words (the
#: ones on order acceptance and partial fulfilment, on which the seed is silent, say what
#: FNAC's API does).
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
            "Once a shop is connected, its categories and attributes and its products (name, "
            "SKU, price, stock and first image) are imported into the OMS."
        ),
        "variation_product_import": (
            "Variation (group) products cannot be imported from FNAC into the OMS."
        ),
        "variation_product_listing": _LISTING,
        "single_listing": _LISTING,
        "bulk_listing_file": _LISTING,
        "activate_deactivate": "FNAC offers cannot be put on or taken off sale from the OMS.",
        "product_deletion": "Products cannot be deleted from the FNAC shop through the OMS.",
        "brand_sync": "Brands are not imported from FNAC into the OMS.",
        "auto_product_update": (
            "Changes made to offers on FNAC are not brought back into the OMS automatically."
        ),
        "price_push": "The OMS sends price changes, like stock changes, to the FNAC shop.",
        "stock_push": (
            "Stock is pushed from the OMS to the FNAC shop in real time, whenever it changes."
        ),
        "order_splitting": "A FNAC order cannot be split into several orders.",
        "partial_order_fulfilment": (
            "Orders cannot be split, and the FNAC seed makes no exception for Partial orders."
        ),
        "shipping_modes": (
            "Both modes are offered: the seller ships, or ships with a carrier FNAC integrates."
        ),
        "mark_delivered": (
            "The OMS does not set delivered on FNAC: an order becomes Delivered in the OMS once "
            "the seller records the delivery on FNAC."
        ),
        "marketplace_shipping_labels": (
            "With a carrier FNAC integrates, FNAC makes the label (AWB) and the tracking ID once "
            "the order is marked Ready to Ship."
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
