"""The templates of each marketplace and mode, as data (the docs render them from here).

A template is chosen by marketplace (`"etsy"`, `"fnac"`) and mode: `"create"` lists new
products, `"update"` changes the price, stock (and on Etsy the activation) of existing ones.
Etsy's create template groups variation rows into one listing by `parent_sku`; FNAC lists
single products only, on an EAN, and takes extra catalogue attributes as `attribute:<code>`
columns (used when FNAC does not know the EAN and the product is imported through Mirakl).

Examples:
    >>> [column.name for column in template("fnac", "update").columns]
    ['sku', 'price', 'selling_price', 'currency', 'stock']
    >>> template("etsy", "create").column("stock").limits
    '0 to 999'
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from marketplace_sdk.bulk._columns import (
    ATTRIBUTE_PREFIX,
    EXAMPLE_SKU_PREFIX,
    MARKETPLACES,
    MODES,
    Column,
    Kind,
    Requirement,
    Template,
)
from marketplace_sdk.core._money import CURRENCY_MINOR_UNITS
from marketplace_sdk.etsy._pricing import ETSY_PRICE_BOUNDS
from marketplace_sdk.etsy._pricing import resolve_price as etsy_price
from marketplace_sdk.fnac._mapping import CURRENCY as FNAC_CURRENCY
from marketplace_sdk.fnac._mapping import MAX_QUANTITY as FNAC_MAX_STOCK
from marketplace_sdk.fnac._pricing import FNAC_PRICE_BOUNDS
from marketplace_sdk.fnac._pricing import resolve_price as fnac_price

__all__ = ["columns_markdown", "template"]


def _bounds(minimum: Decimal, maximum: Decimal) -> str:
    return f"{minimum:,} to {maximum:,} (the price sent)"


#: The largest quantity an Etsy listing (all its variations together) takes.
_ETSY_MAX_STOCK = 999
_ETSY_CURRENCIES = tuple(sorted(CURRENCY_MINOR_UNITS))
_ETSY_PRICE_LIMITS = _bounds(ETSY_PRICE_BOUNDS.minimum, ETSY_PRICE_BOUNDS.maximum)
_FNAC_PRICE_LIMITS = _bounds(FNAC_PRICE_BOUNDS.minimum, FNAC_PRICE_BOUNDS.maximum)

_SKU = Column("sku", Kind.TEXT, Requirement.REQUIRED, "The seller's SKU.", example="MUG-01")


def _price(limits: str, sent: str) -> Column:
    return Column(
        "price", Kind.DECIMAL, Requirement.REQUIRED, f"The OMS price. {sent}", (), limits, "18.00"
    )


def _selling_price(optional_note: str) -> Column:
    return Column(
        "selling_price",
        Kind.DECIMAL,
        Requirement.OPTIONAL,
        f"The OMS selling price (a reduced price): never above `price`. {optional_note}".strip(),
        example="15.00",
    )


_ETSY_SENT = "Etsy is sent the selling price when there is one, else this price."
_FNAC_SENT = "FNAC is sent this price (a selling price is not used)."
_ETSY_CURRENCY = Column(
    "currency",
    Kind.CURRENCY,
    Requirement.REQUIRED,
    "The shop's currency.",
    allowed=_ETSY_CURRENCIES,
    example="USD",
)
_FNAC_CURRENCY = Column(
    "currency",
    Kind.CURRENCY,
    Requirement.OPTIONAL,
    f"FNAC trades in euros: {FNAC_CURRENCY}, or empty.",
    allowed=(FNAC_CURRENCY,),
    example=FNAC_CURRENCY,
)


def _stock(maximum: int, note: str) -> Column:
    return Column(
        "stock",
        Kind.INTEGER,
        Requirement.REQUIRED,
        f"The quantity for sale. {note}".strip(),
        limits=f"0 to {maximum:,}",
        example="5",
    )


_TITLE = Column("title", Kind.TEXT, Requirement.REQUIRED, "The product name.", example="Mug")
_DESCRIPTION = Column(
    "description", Kind.TEXT, Requirement.OPTIONAL, "The product description.", example="A mug."
)
_IMAGES = Column(
    "image_urls",
    Kind.URLS,
    Requirement.OPTIONAL,
    "The product's images, first one first.",
    example="https://example.com/mug.jpg",
)

_ETSY_CREATE = (
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
    _price(_ETSY_PRICE_LIMITS, _ETSY_SENT),
    _selling_price(""),
    _ETSY_CURRENCY,
    _stock(_ETSY_MAX_STOCK, f"A listing's rows must add up to 1 to {_ETSY_MAX_STOCK}."),
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

_ETSY_UPDATE = (
    _SKU,
    Column(
        "price",
        Kind.DECIMAL,
        Requirement.OPTIONAL,
        f"The new OMS price. {_ETSY_SENT}",
        limits=_ETSY_PRICE_LIMITS,
        example="18.00",
    ),
    _selling_price("Needs `price`."),
    attrs.evolve(_ETSY_CURRENCY, required=Requirement.OPTIONAL, description="Needs `price`."),
    attrs.evolve(_stock(_ETSY_MAX_STOCK, "The new quantity."), required=Requirement.OPTIONAL),
    Column(
        "active",
        Kind.YES_NO,
        Requirement.OPTIONAL,
        "Activate (yes) or deactivate (no) the listing.",
        allowed=("yes", "no"),
        example="yes",
    ),
)

_FNAC_CREATE = (
    _SKU,
    Column(
        "ean",
        Kind.EAN,
        Requirement.REQUIRED,
        "The product's EAN: FNAC offers are made on a product of its catalogue.",
        example="4006381333931",
    ),
    _TITLE,
    _DESCRIPTION,
    Column(
        "category_id",
        Kind.TEXT,
        Requirement.OPTIONAL,
        "The Mirakl category code, needed when FNAC does not know the EAN yet.",
        example="BOOKS-NOVELS",
    ),
    _price(_FNAC_PRICE_LIMITS, _FNAC_SENT),
    _selling_price("FNAC does not use it."),
    _FNAC_CURRENCY,
    _stock(FNAC_MAX_STOCK, ""),
    _IMAGES,
)

_FNAC_UPDATE = (
    _SKU,
    Column(
        "price",
        Kind.DECIMAL,
        Requirement.OPTIONAL,
        f"The new OMS price. {_FNAC_SENT}",
        limits=_FNAC_PRICE_LIMITS,
        example="18.00",
    ),
    _selling_price("Needs `price`; FNAC does not use it."),
    _FNAC_CURRENCY,
    attrs.evolve(_stock(FNAC_MAX_STOCK, "The new quantity."), required=Requirement.OPTIONAL),
)

_ETSY_EXAMPLES = (
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

_FNAC_EXAMPLE = {
    "sku": f"{EXAMPLE_SKU_PREFIX}PEN",
    "ean": "4006381333931",
    "title": "Fineliner pen",
    "price": "3.50",
    "currency": FNAC_CURRENCY,
    "stock": "40",
}

_TEMPLATES = {
    ("etsy", "create"): Template(
        "etsy", "create", _ETSY_CREATE, _ETSY_MAX_STOCK, etsy_price, example_rows=_ETSY_EXAMPLES
    ),
    ("etsy", "update"): Template(
        "etsy",
        "update",
        _ETSY_UPDATE,
        _ETSY_MAX_STOCK,
        etsy_price,
        example_rows=({"sku": f"{EXAMPLE_SKU_PREFIX}MUG", "stock": "7", "active": "yes"},),
    ),
    ("fnac", "create"): Template(
        "fnac",
        "create",
        _FNAC_CREATE,
        FNAC_MAX_STOCK,
        fnac_price,
        default_currency=FNAC_CURRENCY,
        attribute_columns=True,
        example_rows=(_FNAC_EXAMPLE,),
    ),
    ("fnac", "update"): Template(
        "fnac",
        "update",
        _FNAC_UPDATE,
        FNAC_MAX_STOCK,
        fnac_price,
        default_currency=FNAC_CURRENCY,
        example_rows=({"sku": f"{EXAMPLE_SKU_PREFIX}PEN", "price": "3.20", "stock": "35"},),
    ),
}


def template(marketplace: str, mode: str = "create") -> Template:
    """The template of `marketplace` (`"etsy"`, `"fnac"`) for `mode` (`"create"`, `"update"`).

    Raises:
        ValueError: an unknown marketplace or mode.

    Example:
        >>> template("etsy").required_names
        ('sku', 'title', 'price', 'currency', 'stock')
    """
    key = (marketplace.strip().lower(), mode.strip().lower())
    if key[0] not in MARKETPLACES:
        raise ValueError(f"no bulk template for marketplace {marketplace!r}: use etsy or fnac")
    if key[1] not in MODES:
        raise ValueError(f"no bulk mode {mode!r}: use create or update")
    return _TEMPLATES[key]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def columns_markdown(marketplace: str, mode: str = "create") -> str:
    """The template's columns as a Markdown table (the docs site prints it).

    Example:
        >>> print(columns_markdown("fnac", "update").splitlines()[2])
        | `sku` | yes | text |  | The seller's SKU. |
    """
    chosen = template(marketplace, mode)
    lines = [
        "| column | required | type | allowed values | description |",
        "|---|---|---|---|---|",
    ]
    for column in chosen.columns:
        allowed = ", ".join(column.allowed)
        if len(column.allowed) > 3:
            allowed = f"{len(column.allowed)} codes: {', '.join(column.allowed[:3])}, ..."
        values = allowed or column.limits
        lines.append(
            f"| `{column.name}` | {column.required.value} | {_cell(column.kind.describe())} | "
            f"{_cell(values)} | {_cell(column.description)} |"
        )
    if chosen.attribute_columns:
        lines.append(
            f"| `{ATTRIBUTE_PREFIX}<code>` | no | text |  | A catalogue attribute by its Mirakl "
            "code (`attribute:author`), sent with a product FNAC must import. |"
        )
    return "\n".join(lines)
