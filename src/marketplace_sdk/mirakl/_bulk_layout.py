"""The bulk-file templates of a Mirakl operator, as data (the docs render them from here).

`"create"` makes the shop's offers on products of the operator's catalogue: the product is
named by `attribute:product_id` (the operator's product SKU), else by its `ean`, else by the
row's own SKU; a row with a `category_id` whose product the operator lacks has it imported
first (P41). `"update"` changes price, stock and whether the offer is on sale. The offer is
sent the selling price when there is one, else the price.

Examples:
    >>> [column.name for column in MIRAKL_BULK_LAYOUT.update.columns]
    ['sku', 'price', 'selling_price', 'currency', 'stock', 'active']
    >>> MIRAKL_BULK_LAYOUT.create.marketplace
    'mirakl'
"""

from __future__ import annotations

import attrs

from marketplace_sdk.core._bulk_layout import (
    DESCRIPTION_COLUMN,
    EXAMPLE_SKU_PREFIX,
    SKU_COLUMN,
    TITLE_COLUMN,
    AttributeColumns,
    BulkLayout,
    BulkTemplate,
    Column,
    Kind,
    PriceRule,
    Requirement,
    currency_column,
    price_column,
    selling_price_column,
    stock_column,
)
from marketplace_sdk.core._money import CURRENCY_MINOR_UNITS
from marketplace_sdk.core._pricing import PriceBounds
from marketplace_sdk.mirakl._pricing import operator_pricing

__all__ = ["MAX_QUANTITY", "MIRAKL_BULK_LAYOUT", "mirakl_bulk_layout"]

#: The largest quantity a row may carry (Mirakl states none; operators refuse absurd ones).
MAX_QUANTITY = 999_999
_CURRENCIES = tuple(sorted(CURRENCY_MINOR_UNITS))


def mirakl_bulk_layout(
    key: str = "mirakl",
    title: str = "Mirakl",
    *,
    pricing: tuple[PriceBounds, PriceRule] | None = None,
) -> BulkLayout:
    """The create and update templates of the Mirakl operator registered as `key`.

    `pricing` is the operator's bounds and price rule (`operator_pricing(title)` by default).

    Examples:
        >>> mirakl_bulk_layout("carrefour", "Carrefour").update.marketplace
        'carrefour'
    """
    bounds, rule = pricing if pricing is not None else operator_pricing(title)
    sent = f"{title} is sent the selling price when there is one, else this price."
    currency = currency_column(
        f"The currency {title}'s offers are priced in (empty: the shop's).",
        allowed=_CURRENCIES,
        example="EUR",
    )
    create = (
        SKU_COLUMN,
        Column(
            "ean",
            Kind.EAN,
            Requirement.OPTIONAL,
            f"The product's EAN, when {title} knows the product by it.",
            example="4006381333931",
        ),
        TITLE_COLUMN,
        DESCRIPTION_COLUMN,
        Column(
            "category_id",
            Kind.TEXT,
            Requirement.OPTIONAL,
            f"{title}'s category code, for a product it does not have yet: the product is "
            "imported first (with the `attribute:` columns), then the offer listed.",
            example="KITCHEN",
        ),
        price_column(bounds, sent),
        selling_price_column(""),
        currency,
        stock_column(MAX_QUANTITY, ""),
    )
    update = (
        SKU_COLUMN,
        price_column(bounds, sent, mode="update"),
        selling_price_column("Needs `price`."),
        attrs.evolve(currency, description="Needs `price`."),
        stock_column(MAX_QUANTITY, "The new quantity.", mode="update"),
        Column(
            "active",
            Kind.YES_NO,
            Requirement.OPTIONAL,
            "Put the offer on sale (yes) or take it off sale (no).",
            allowed=("yes", "no"),
            example="yes",
        ),
    )
    return BulkLayout.from_create(
        BulkTemplate(
            marketplace=key,
            mode="create",
            columns=create,
            max_stock=MAX_QUANTITY,
            resolve_price=rule,
            attributes=AttributeColumns(
                description=f"`attribute:product_id` names the {title} product the offer is "
                "for (its product SKU); the other `attribute:<code>` columns describe a product "
                f"{title} must import (`attribute:brand`).",
                notes="Give `attribute:product_id` when the product has no EAN; add one column "
                "per catalogue attribute of a product to import.",
                example="PRD-MUG",
            ),
            example_rows=(
                {
                    "sku": f"{EXAMPLE_SKU_PREFIX}MUG",
                    "title": "Stoneware mug",
                    "price": "7.90",
                    "currency": "EUR",
                    "stock": "12",
                    "attribute:product_id": "PRD-MUG",
                },
            ),
            sends_selling_price=True,
            listing=f"a {title} offer",
        ),
        update=update,
        update_examples=(
            {
                "sku": f"{EXAMPLE_SKU_PREFIX}MUG",
                "price": "7.50",
                "currency": "EUR",
                "stock": "10",
                "active": "yes",
            },
        ),
    )


#: The built-in `mirakl` marketplace's templates.
MIRAKL_BULK_LAYOUT = mirakl_bulk_layout()
