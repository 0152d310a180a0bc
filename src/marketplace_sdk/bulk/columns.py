"""The columns of each marketplace's bulk template, as data (the docs render them from here).

A template is chosen by marketplace (`"etsy"`, `"fnac"`) and mode: `"create"` lists new
products, `"update"` changes the price, stock (and on Etsy the activation) of existing ones.
Etsy's create template groups variation rows into one listing by `parent_sku`; FNAC lists
single products only, on an EAN, and takes extra catalogue attributes as `attribute:<code>`
columns (used when FNAC does not know the EAN and the product is imported through Mirakl).

Example:
    >>> [column.name for column in template("fnac", "update").columns]
    ['sku', 'price', 'selling_price', 'currency', 'stock']
    >>> template("etsy", "create").column("stock").limits
    '0 to 999'
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Literal, get_args

import attrs

from marketplace_sdk.core.money import CURRENCY_MINOR_UNITS, Money
from marketplace_sdk.etsy.pricing import ETSY_PRICE_BOUNDS
from marketplace_sdk.etsy.pricing import resolve_price as etsy_price
from marketplace_sdk.fnac.pricing import FNAC_PRICE_BOUNDS
from marketplace_sdk.fnac.pricing import resolve_price as fnac_price

__all__ = [
    "ATTRIBUTE_PREFIX",
    "EXAMPLE_SKU_PREFIX",
    "MARKETPLACES",
    "MODES",
    "Column",
    "Kind",
    "Marketplace",
    "Mode",
    "Requirement",
    "Template",
    "columns_markdown",
    "template",
]

Marketplace = Literal["etsy", "fnac"]
Mode = Literal["create", "update"]
MARKETPLACES: tuple[Marketplace, ...] = get_args(Marketplace)
MODES: tuple[Mode, ...] = get_args(Mode)

#: Prefix of FNAC's extra catalogue attribute columns (`attribute:author`).
ATTRIBUTE_PREFIX = "attribute:"
#: SKUs of the templates' example rows start with this; such a row is refused when read.
EXAMPLE_SKU_PREFIX = "EXAMPLE-"


class Kind(StrEnum):
    """The type of a column's values.

    Example:
        >>> Kind.DECIMAL.describe()
        'decimal number, dot as separator (12.50)'
    """

    TEXT = "text"
    DECIMAL = "decimal"
    INTEGER = "integer"
    CURRENCY = "currency"
    YES_NO = "yes/no"
    URLS = "urls"
    EAN = "ean"

    def describe(self) -> str:
        """The kind in words, for the notes sheet and the docs."""
        return _KIND_WORDS[self]


_KIND_WORDS = {
    Kind.TEXT: "text",
    Kind.DECIMAL: "decimal number, dot as separator (12.50)",
    Kind.INTEGER: "whole number",
    Kind.CURRENCY: "ISO 4217 currency code",
    Kind.YES_NO: "yes or no",
    Kind.URLS: "URLs separated by spaces or |",
    Kind.EAN: "EAN / GTIN: 8, 12, 13 or 14 digits with a valid check digit",
}


class Requirement(StrEnum):
    """When a column must be filled.

    Example:
        >>> Requirement.VARIATION.value
        'on variation rows'
    """

    REQUIRED = "yes"
    OPTIONAL = "no"
    VARIATION = "on variation rows"


@attrs.frozen
class Column:
    """One column of a template.

    Attributes:
        name: the header, as the file must spell it (case and surrounding spaces ignored).
        kind: the type of its values.
        required: when a row must fill it.
        description: what it holds, for the notes sheet and the docs.
        allowed: the only values accepted, when the column is a choice.
        limits: the range accepted, in words (`"0 to 999"`), when there is one.
        example: a value for the notes sheet.

    Example:
        >>> Column("sku", Kind.TEXT, Requirement.REQUIRED, "The SKU.").required.value
        'yes'
    """

    name: str
    kind: Kind
    required: Requirement
    description: str
    allowed: tuple[str, ...] = ()
    limits: str = ""
    example: str = ""


PriceRule = Callable[[Money, Money | None], Money]


@attrs.frozen
class Template:
    """A marketplace's template for one mode, with the rules its rows are checked against.

    Attributes:
        marketplace: `"etsy"` or `"fnac"`.
        mode: `"create"` or `"update"`.
        columns: the columns, in the order the template writes them.
        max_stock: the largest quantity a row may carry.
        resolve_price: the marketplace's price rule (which price is sent, its bounds).
        default_currency: the currency of a row that leaves `currency` empty, if any.
        attribute_columns: whether `attribute:<code>` columns are accepted.
        example_rows: the rows the CSV template carries as an example.

    Example:
        >>> template("fnac", "create").default_currency
        'EUR'
    """

    marketplace: Marketplace
    mode: Mode
    columns: tuple[Column, ...]
    max_stock: int
    resolve_price: PriceRule
    default_currency: str | None = None
    attribute_columns: bool = False
    example_rows: tuple[dict[str, str], ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The column names, in order."""
        return tuple(column.name for column in self.columns)

    @property
    def required_names(self) -> tuple[str, ...]:
        """The columns every file must have in its header."""
        return tuple(c.name for c in self.columns if c.required is Requirement.REQUIRED)

    def column(self, name: str) -> Column:
        """The column called `name`.

        Raises:
            KeyError: the template has no such column.
        """
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(name)

    @property
    def marker(self) -> str:
        """The tag an Excel template carries so a file made from it is recognised."""
        return f"marketplace-sdk bulk {self.marketplace} {self.mode}"


def _bounds(minimum: Decimal, maximum: Decimal) -> str:
    return f"{minimum:,} to {maximum:,} (the price sent)"


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
    "FNAC trades in euros: EUR, or empty.",
    allowed=("EUR",),
    example="EUR",
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
    _stock(999, "A listing's rows must add up to 1 to 999."),
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
    attrs.evolve(_stock(999, "The new quantity."), required=Requirement.OPTIONAL),
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
    _stock(9999, ""),
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
    attrs.evolve(_stock(9999, "The new quantity."), required=Requirement.OPTIONAL),
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
    "currency": "EUR",
    "stock": "40",
}

_TEMPLATES = {
    ("etsy", "create"): Template(
        "etsy", "create", _ETSY_CREATE, 999, etsy_price, example_rows=_ETSY_EXAMPLES
    ),
    ("etsy", "update"): Template(
        "etsy",
        "update",
        _ETSY_UPDATE,
        999,
        etsy_price,
        example_rows=({"sku": f"{EXAMPLE_SKU_PREFIX}MUG", "stock": "7", "active": "yes"},),
    ),
    ("fnac", "create"): Template(
        "fnac",
        "create",
        _FNAC_CREATE,
        9999,
        fnac_price,
        default_currency="EUR",
        attribute_columns=True,
        example_rows=(_FNAC_EXAMPLE,),
    ),
    ("fnac", "update"): Template(
        "fnac",
        "update",
        _FNAC_UPDATE,
        9999,
        fnac_price,
        default_currency="EUR",
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
