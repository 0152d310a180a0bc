"""FNAC's bulk-file templates, as data (the docs render them from here).

FNAC lists single products only, on an EAN, and takes extra catalogue attributes as
`attribute:<code>` columns (used when FNAC does not know the EAN and the product is imported
through Mirakl). FNAC is sent the price; a selling price is not used.

Examples:
    >>> [column.name for column in FNAC_BULK_LAYOUT.update.columns]
    ['sku', 'price', 'selling_price', 'currency', 'stock']
    >>> FNAC_BULK_LAYOUT.create.default_currency
    'EUR'
"""

from __future__ import annotations

from marketplace_sdk.core._bulk_layout import (
    DESCRIPTION_COLUMN,
    EXAMPLE_SKU_PREFIX,
    IMAGES_COLUMN,
    SKU_COLUMN,
    TITLE_COLUMN,
    AttributeColumns,
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
from marketplace_sdk.fnac._mapping import CURRENCY, MAX_QUANTITY
from marketplace_sdk.fnac._pricing import FNAC_PRICE_BOUNDS, resolve_price

__all__ = ["FNAC_BULK_LAYOUT"]

_SENT = "FNAC is sent this price (a selling price is not used)."
_CURRENCY = currency_column(
    f"FNAC trades in euros: {CURRENCY}, or empty.", allowed=(CURRENCY,), example=CURRENCY
)

_CREATE = (
    SKU_COLUMN,
    Column(
        "ean",
        Kind.EAN,
        Requirement.REQUIRED,
        "The product's EAN: FNAC offers are made on a product of its catalogue.",
        example="4006381333931",
    ),
    TITLE_COLUMN,
    DESCRIPTION_COLUMN,
    Column(
        "category_id",
        Kind.TEXT,
        Requirement.OPTIONAL,
        "The Mirakl category code, needed when FNAC does not know the EAN yet.",
        example="BOOKS-NOVELS",
    ),
    price_column(FNAC_PRICE_BOUNDS, _SENT),
    selling_price_column("FNAC does not use it."),
    _CURRENCY,
    stock_column(MAX_QUANTITY, ""),
    IMAGES_COLUMN,
)

_UPDATE = (
    SKU_COLUMN,
    price_column(FNAC_PRICE_BOUNDS, _SENT, mode="update"),
    selling_price_column("Needs `price`; FNAC does not use it."),
    _CURRENCY,
    stock_column(MAX_QUANTITY, "The new quantity.", mode="update"),
)

_ATTRIBUTES = AttributeColumns(
    description="A catalogue attribute by its Mirakl code (`attribute:author`), sent with a "
    "product FNAC must import.",
    notes="Add one column per catalogue attribute FNAC needs to import a product it does "
    "not know (attribute:author).",
    example="A. Writer",
)

_EXAMPLE = {
    "sku": f"{EXAMPLE_SKU_PREFIX}PEN",
    "ean": "4006381333931",
    "title": "Fineliner pen",
    "price": "3.50",
    "currency": CURRENCY,
    "stock": "40",
}

#: FNAC's templates: create (single products on an EAN) and update.
FNAC_BULK_LAYOUT = BulkLayout.from_create(
    BulkTemplate(
        marketplace="fnac",
        mode="create",
        columns=_CREATE,
        max_stock=MAX_QUANTITY,
        resolve_price=resolve_price,
        default_currency=CURRENCY,
        attributes=_ATTRIBUTES,
        example_rows=(_EXAMPLE,),
    ),
    update=_UPDATE,
    update_examples=({"sku": f"{EXAMPLE_SKU_PREFIX}PEN", "price": "3.20", "stock": "35"},),
)
