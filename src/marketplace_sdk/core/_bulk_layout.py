"""A marketplace's bulk-file layout: `Column`s of a `Kind`, each `Requirement`, in a `BulkTemplate`
per mode, gathered in a `BulkLayout`.

Each marketplace describes its own layout (which columns each mode has, its price rule and
stock limit) in its package, and names it in its description (`MarketplaceDescription`);
`marketplace_sdk.bulk` reads, checks and applies files against it without naming a marketplace.

Examples:
    >>> column = Column("stock", Kind.INTEGER, Requirement.REQUIRED, "The quantity.")
    >>> column.kind.describe(), column.required.value
    ('whole number', 'yes')
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from enum import StrEnum
from typing import Literal, get_args

import attrs

from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import PriceBounds

__all__ = [
    "ATTRIBUTE_PREFIX",
    "DESCRIPTION_COLUMN",
    "EXAMPLE_SKU_PREFIX",
    "IMAGES_COLUMN",
    "MODES",
    "SKU_COLUMN",
    "TITLE_COLUMN",
    "AttributeColumns",
    "BulkLayout",
    "BulkTemplate",
    "Column",
    "Kind",
    "Mode",
    "PriceRule",
    "Requirement",
    "bounds_words",
    "currency_column",
    "price_column",
    "selling_price_column",
    "stock_column",
]

#: What a bulk file does: list new products, or update existing ones.
Mode = Literal["create", "update"]
MODES: tuple[Mode, ...] = get_args(Mode)

#: Prefix of the extra catalogue attribute columns a layout may accept (`attribute:author`).
ATTRIBUTE_PREFIX = "attribute:"
#: SKUs of the templates' example rows start with this; such a row is refused when read.
EXAMPLE_SKU_PREFIX = "EXAMPLE-"


class Kind(StrEnum):
    """The type of a column's values.

    Examples:
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

    Examples:
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

    Examples:
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


#: A marketplace's price rule: (price, selling price) to the price sent, or a `PriceError`.
PriceRule = Callable[[Money, Money | None], Money]


@attrs.frozen(kw_only=True)
class AttributeColumns:
    """The `attribute:<code>` columns a template accepts, in words for the docs and the notes.

    Attributes:
        description: the docs' description of the columns.
        notes: the Excel template's note on them.
        example: an example value.

    Examples:
        >>> AttributeColumns(description="An attribute.", notes="Add one.", example="x").example
        'x'
    """

    description: str
    notes: str
    example: str = ""


@attrs.frozen(kw_only=True)
class BulkTemplate:
    """A marketplace's template for one mode, with the rules its rows are checked against.

    Attributes:
        marketplace: the marketplace's key.
        mode: `"create"` or `"update"`.
        columns: the columns, in the order the template writes them.
        max_stock: the largest quantity a row may carry.
        resolve_price: the marketplace's price rule (which price is sent, its bounds).
        default_currency: the currency of a row that leaves `currency` empty, if any.
        attributes: the `attribute:<code>` columns, when the template accepts them.
        example_rows: the rows the CSV template carries as an example.
        sends_selling_price: the price rule sends the selling price when there is one (a
            refused price is then reported on `selling_price`).
        listing: how messages name one listing of a variation group (`"an Acme listing"`).

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> template = BulkTemplate(marketplace="acme", mode="update", max_stock=99,
        ...     columns=(Column("sku", Kind.TEXT, Requirement.REQUIRED, "The SKU."),),
        ...     resolve_price=lambda price, selling: price)
        >>> template.required_names, template.marker
        (('sku',), 'marketplace-sdk bulk acme update')
    """

    marketplace: str
    mode: Mode
    columns: tuple[Column, ...]
    max_stock: int
    resolve_price: PriceRule
    default_currency: str | None = None
    attributes: AttributeColumns | None = None
    example_rows: tuple[dict[str, str], ...] = ()
    sends_selling_price: bool = False
    listing: str = "a listing"

    @property
    def attribute_columns(self) -> bool:
        """Whether `attribute:<code>` columns are accepted."""
        return self.attributes is not None

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


@attrs.frozen
class BulkLayout:
    """A marketplace's bulk templates: one to list new products, one to update existing ones.

    Examples:
        layout = BulkLayout(create=create_template, update=update_template)
        layout.template("update").names
    """

    create: BulkTemplate
    update: BulkTemplate

    @classmethod
    def from_create(
        cls,
        create: BulkTemplate,
        *,
        update: tuple[Column, ...],
        update_examples: tuple[dict[str, str], ...] = (),
    ) -> BulkLayout:
        """The layout whose update template has the `update` columns and `create`'s rules.

        The stock limit, the price rule, the default currency and how a listing is named are
        the marketplace's, the same in both modes; `attribute:<code>` columns only make sense
        when creating products, so the update template takes none.

        Examples:
            >>> create = BulkTemplate(marketplace="acme", mode="create", max_stock=9,
            ...     columns=(SKU_COLUMN, TITLE_COLUMN), resolve_price=lambda price, selling: price)
            >>> layout = BulkLayout.from_create(create, update=(SKU_COLUMN,))
            >>> layout.update.mode, layout.update.names, layout.update.max_stock
            ('update', ('sku',), 9)
        """
        updated = attrs.evolve(
            create, mode="update", columns=update, attributes=None, example_rows=update_examples
        )
        return cls(create, updated)

    def template(self, mode: Mode) -> BulkTemplate:
        """The template of `mode`."""
        return self.create if mode == "create" else self.update

    @property
    def templates(self) -> tuple[BulkTemplate, ...]:
        """Both templates, create first."""
        return (self.create, self.update)


# The columns the bulk reader knows by name, as each layout may use them.


def bounds_words(minimum: Decimal, maximum: Decimal) -> str:
    """A price range in a column's `limits` words.

    Examples:
        >>> bounds_words(Decimal("0.20"), Decimal("50000.00"))
        '0.20 to 50,000.00 (the price sent)'
    """
    return f"{minimum:,} to {maximum:,} (the price sent)"


#: The seller's SKU, as an update file names the product to change.
SKU_COLUMN = Column("sku", Kind.TEXT, Requirement.REQUIRED, "The seller's SKU.", example="MUG-01")
#: The product name.
TITLE_COLUMN = Column("title", Kind.TEXT, Requirement.REQUIRED, "The product name.", example="Mug")
#: The product description.
DESCRIPTION_COLUMN = Column(
    "description", Kind.TEXT, Requirement.OPTIONAL, "The product description.", example="A mug."
)
#: The product's images.
IMAGES_COLUMN = Column(
    "image_urls",
    Kind.URLS,
    Requirement.OPTIONAL,
    "The product's images, first one first.",
    example="https://example.com/mug.jpg",
)


def price_column(bounds: PriceBounds, sent: str, *, mode: Mode = "create") -> Column:
    """The OMS price, required to create a product and optional to update one.

    `bounds` are the prices the marketplace accepts; `sent` says which price it gets.

    Examples:
        >>> bounds = PriceBounds(Decimal("1"), Decimal("9"), marketplace="Acme")
        >>> price_column(bounds, "The price is sent.").limits
        '1 to 9 (the price sent)'
        >>> price_column(bounds, "The price is sent.", mode="update").description
        'The new OMS price. The price is sent.'
    """
    creating = mode == "create"
    return Column(
        "price",
        Kind.DECIMAL,
        Requirement.REQUIRED if creating else Requirement.OPTIONAL,
        f"{'The OMS price.' if creating else 'The new OMS price.'} {sent}",
        limits=bounds_words(bounds.minimum, bounds.maximum),
        example="18.00",
    )


def currency_column(
    description: str,
    *,
    allowed: tuple[str, ...],
    example: str,
    required: Requirement = Requirement.OPTIONAL,
) -> Column:
    """The currency of a row's prices, one of `allowed` (ISO 4217 codes).

    Examples:
        >>> currency_column("Euros only.", allowed=("EUR",), example="EUR").required.value
        'no'
    """
    return Column(
        "currency", Kind.CURRENCY, required, description, allowed=allowed, example=example
    )


def selling_price_column(optional_note: str) -> Column:
    """The optional OMS selling price (a reduced price), with the marketplace's note.

    Examples:
        >>> selling_price_column("").description
        'The OMS selling price (a reduced price): never above `price`.'
    """
    return Column(
        "selling_price",
        Kind.DECIMAL,
        Requirement.OPTIONAL,
        f"The OMS selling price (a reduced price): never above `price`. {optional_note}".strip(),
        example="15.00",
    )


def stock_column(maximum: int, note: str, *, mode: Mode = "create") -> Column:
    """The quantity for sale, up to `maximum`: required to create a product, optional to update.

    Examples:
        >>> stock_column(999, "").limits
        '0 to 999'
        >>> stock_column(999, "The new quantity.", mode="update").required.value
        'no'
    """
    return Column(
        "stock",
        Kind.INTEGER,
        Requirement.REQUIRED if mode == "create" else Requirement.OPTIONAL,
        f"The quantity for sale. {note}".strip(),
        limits=f"0 to {maximum:,}",
        example="5",
    )
