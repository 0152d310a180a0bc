"""Etsy's bulk-file templates, as data (the docs render them from here).

`"create"` lists new products: variation rows are grouped into one listing by `parent_sku`.
`"update"` changes the price, stock and activation of existing listings. Etsy is sent the
selling price when there is one, else the price.

Examples:
    >>> [column.name for column in ETSY_BULK_LAYOUT.update.columns]
    ['sku', 'price', 'selling_price', 'currency', 'stock', 'active']
    >>> ETSY_BULK_LAYOUT.create.column("stock").limits
    '0 to 999'
"""

from __future__ import annotations

import attrs

from marketplace_sdk.core._bulk_layout import (
    EXAMPLE_SKU_PREFIX,
    SKU_COLUMN,
    BulkLayout,
    BulkTemplate,
    Column,
    Kind,
    Requirement,
    currency_column,
    price_column,
    selling_price_column,
    stock_column,
)
from marketplace_sdk.core._money import CURRENCY_MINOR_UNITS
from marketplace_sdk.etsy._pricing import ETSY_PRICE_BOUNDS, resolve_price

__all__ = ["ETSY_BULK_LAYOUT", "ETSY_MAX_STOCK"]

#: The largest quantity an Etsy listing (all its variations together) takes.
ETSY_MAX_STOCK = 999
_CURRENCIES = tuple(sorted(CURRENCY_MINOR_UNITS))
_SENT = "Etsy is sent the selling price when there is one, else this price."
_CURRENCY = currency_column(
    "The shop's currency.", allowed=_CURRENCIES, example="USD", required=Requirement.REQUIRED
)

_CREATE = (
    Column(
        "sku",
        Kind.TEXT,
        Requirement.REQUIRED,
        "The product's SKU; on a variation row, the variation's own SKU.",
        example="TEE-S",
    ),
    Column(
        "parent_sku",
        Kind.TEXT,
        Requirement.OPTIONAL,
        "Groups variation rows into one listing: the group product's SKU (the same on each "
        "of its rows, and the SKU of no row). Empty for a single product.",
        example="TEE",
    ),
    Column(
        "title",
        Kind.TEXT,
        Requirement.REQUIRED,
        "The listing's title (the same on every row of a group).",
        example="Cotton tee",
    ),
    Column(
        "description",
        Kind.TEXT,
        Requirement.OPTIONAL,
        "The listing's description (the same on every row of a group).",
        example="A soft tee.",
    ),
    Column(
        "category_id",
        Kind.INTEGER,
        Requirement.OPTIONAL,
        "The Etsy taxonomy id; empty uses the channel's default taxonomy.",
        example="1207",
    ),
    price_column(ETSY_PRICE_BOUNDS, _SENT),
    selling_price_column(""),
    _CURRENCY,
    stock_column(ETSY_MAX_STOCK, f"A listing's rows must add up to 1 to {ETSY_MAX_STOCK}."),
    Column(
        "image_urls",
        Kind.URLS,
        Requirement.OPTIONAL,
        "The listing's images, first one first (the same on every row of a group).",
        example="https://example.com/tee.jpg",
    ),
    Column(
        "variation_1_name",
        Kind.TEXT,
        Requirement.VARIATION,
        "The first property the group varies on (the same on every row of a group).",
        example="Size",
    ),
    Column(
        "variation_1_value",
        Kind.TEXT,
        Requirement.VARIATION,
        "This row's value of the first property.",
        example="S",
    ),
    Column(
        "variation_2_name",
        Kind.TEXT,
        Requirement.OPTIONAL,
        "A second property, if the group varies on two.",
        example="Colour",
    ),
    Column(
        "variation_2_value",
        Kind.TEXT,
        Requirement.OPTIONAL,
        "This row's value of the second property.",
        example="Blue",
    ),
)

_UPDATE = (
    SKU_COLUMN,
    price_column(ETSY_PRICE_BOUNDS, _SENT, mode="update"),
    selling_price_column("Needs `price`."),
    attrs.evolve(_CURRENCY, required=Requirement.OPTIONAL, description="Needs `price`."),
    stock_column(ETSY_MAX_STOCK, "The new quantity.", mode="update"),
    Column(
        "active",
        Kind.YES_NO,
        Requirement.OPTIONAL,
        "Activate (yes) or deactivate (no) the listing.",
        allowed=("yes", "no"),
        example="yes",
    ),
)

_EXAMPLES = (
    {
        "sku": f"{EXAMPLE_SKU_PREFIX}MUG",
        "title": "Ceramic mug",
        "description": "A hand-thrown mug.",
        "category_id": "1207",
        "price": "18.00",
        "selling_price": "15.00",
        "currency": "USD",
        "stock": "5",
        "image_urls": "https://example.com/mug.jpg",
    },
    *(
        {
            "sku": f"{EXAMPLE_SKU_PREFIX}TEE-{size}",
            "parent_sku": f"{EXAMPLE_SKU_PREFIX}TEE",
            "title": "Cotton tee",
            "category_id": "1207",
            "price": "20.00",
            "currency": "USD",
            "stock": "3",
            "variation_1_name": "Size",
            "variation_1_value": size,
        }
        for size in ("S", "M")
    ),
)

#: Etsy's templates: create (single and variation products) and update.
ETSY_BULK_LAYOUT = BulkLayout.from_create(
    BulkTemplate(
        marketplace="etsy",
        mode="create",
        columns=_CREATE,
        max_stock=ETSY_MAX_STOCK,
        resolve_price=resolve_price,
        example_rows=_EXAMPLES,
        sends_selling_price=True,
        listing="an Etsy listing",
    ),
    update=_UPDATE,
    update_examples=({"sku": f"{EXAMPLE_SKU_PREFIX}MUG", "stock": "7", "active": "yes"},),
)
