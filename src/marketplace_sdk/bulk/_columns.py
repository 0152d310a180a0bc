"""What a bulk template is made of: `Column`s of a `Kind`, each `Requirement`, in a `Template`.

The templates themselves (which columns each marketplace and mode has) are data in
`marketplace_sdk.bulk._layouts`.

Example:
    >>> column = Column("stock", Kind.INTEGER, Requirement.REQUIRED, "The quantity.")
    >>> column.kind.describe(), column.required.value
    ('whole number', 'yes')
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Literal, get_args

import attrs

from marketplace_sdk.core._money import Money

__all__ = [
    "ATTRIBUTE_PREFIX",
    "EXAMPLE_SKU_PREFIX",
    "MARKETPLACES",
    "MODES",
    "Column",
    "Kind",
    "Marketplace",
    "Mode",
    "PriceRule",
    "Requirement",
    "Template",
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


#: A marketplace's price rule: (price, selling price) to the price sent, or a `PriceError`.
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
        >>> from marketplace_sdk.bulk._layouts import template
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
