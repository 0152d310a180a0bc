"""What a Mirakl channel can and cannot do, for any operator, as data.

No integration seed covers Mirakl; each explanation below says, in our own words, what the
Mirakl seller API (MMP) lets a shop do and how the channel does it. One thing differs between
operators: whether sellers may read the operator's catalogue structure and list offers on its
products from the OMS (`mirakl_capabilities(catalogue=False)` says they may not, and
`iter_categories`, `get_category_attributes` and `list_product(s)` then refuse before any call).

Examples:
    >>> MIRAKL_CAPABILITIES.supports("order_acceptance_required")
    True
    >>> mirakl_capabilities("Acme", catalogue=False).require("single_listing")
    Traceback (most recent call last):
    ...
    marketplace_sdk.core._errors.UnsupportedOperation: [Acme] Acme does not let sellers list offers from the OMS: create them in its back office, then import them.
"""  # noqa: E501

from __future__ import annotations

from marketplace_sdk.core._capabilities import Capabilities, ShippingMode

__all__ = ["MIRAKL_CAPABILITIES", "mirakl_capabilities"]


def mirakl_capabilities(title: str = "Mirakl", *, catalogue: bool = True) -> Capabilities:
    """The capabilities of a Mirakl operator named `title`.

    Args:
        title: the operator's name in messages ("Carrefour").
        catalogue: whether the operator lets sellers read its categories and attributes (H11,
            PM11, VL11) and list offers on its products from the OMS.

    Examples:
        >>> mirakl_capabilities("Decathlon").marketplace
        'Decathlon'
    """
    listing = (
        f"An offer is listed on a product of {title}'s catalogue, named by its product id, "
        "EAN or SKU, one at a time or from a bulk file; a product it lacks is imported into "
        "its catalogue first. Group products are not listed."
        if catalogue
        else f"{title} does not let sellers list offers from the OMS: create them in its back "
        "office, then import them."
    )
    return Capabilities(
        marketplace=title,
        product_import=True,
        variation_product_import=False,
        variation_product_listing=False,
        single_listing=catalogue,
        bulk_listing_file=catalogue,
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
        order_acceptance_required=True,
        explanations={
            "product_import": (
                f"The shop's offers on {title} (SKU, title, price, stock, whether on sale) are "
                "read into the OMS, a hundred per request."
            ),
            "variation_product_import": (
                f"Each {title} offer is one SKU: variations come in as separate products."
            ),
            "variation_product_listing": listing,
            "single_listing": listing,
            "bulk_listing_file": listing,
            "activate_deactivate": (
                "An offer is taken off sale by ending its availability now, and put back on "
                "sale by clearing that end date; its stock and other fields are kept."
            ),
            "product_deletion": f"The OMS never deletes an offer from the {title} shop.",
            "brand_sync": f"Brands are not read from {title}.",
            "auto_product_update": (
                f"An offer changed on {title} is read again at the next product import; "
                "nothing is brought back on its own."
            ),
            "price_push": (
                "Prices go out with the offer's other fields, in the same import as a stock "
                "change of the same SKU; the selling price is sent when the OMS has one."
            ),
            "stock_push": (
                "Stock changes are sent as offer imports, each followed to its end and read "
                "line by line, so every SKU gets its own result."
            ),
            "order_splitting": f"A {title} order is never split into several orders.",
            "partial_order_fulfilment": (
                "An order ships whole: its tracking is set, then the whole order is confirmed "
                "shipped. Lines can still be refused when the order is accepted."
            ),
            "shipping_modes": (
                "The shop ships its orders itself, with a carrier the operator lists."
            ),
            "mark_delivered": (
                f"Delivery is recorded by {title} (or the buyer), never by the OMS."
            ),
            "marketplace_shipping_labels": (f"{title}'s seller API hands out no shipping labels."),
            "get_shipping_label": f"{title}'s seller API hands out no shipping labels.",
            "order_acceptance_required": (
                "A new order waits for the shop to accept or refuse each of its lines; one "
                "left waiting too long is refused by the operator."
            ),
        },
    )


#: The built-in `mirakl` marketplace's capabilities (an operator with a seller catalogue).
MIRAKL_CAPABILITIES = mirakl_capabilities()
