"""Catalogue records: categories, their attributes, products, variants, drafts and updates.

Examples:
    >>> from marketplace_sdk.core._money import Money
    >>> product = Product(sku=" MUG-01 ", title="Mug", marketplace_id="99",
    ...                   price=Money(amount="9.90", currency="EUR"))
    >>> product.sku, product.is_group
    ('MUG-01', False)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from typing import Any, Self

from pydantic import Field, model_validator

from marketplace_sdk.core._models.base import CanonicalModel, Quantity, Record, Sku, UtcDatetime
from marketplace_sdk.core._money import Money

__all__ = [
    "Category",
    "CategoryAttribute",
    "PriceUpdate",
    "Product",
    "ProductDraft",
    "StockUpdate",
    "Variant",
]


class Category(Record):
    """A marketplace category (Etsy taxonomy node, FNAC/Mirakl hierarchy).

    Examples:
        >>> Category(id="1", name="Home", parent_id=None).parent_id is None
        True
    """

    id: str
    name: str
    parent_id: str | None = None
    is_leaf: bool | None = None


class CategoryAttribute(Record):
    """An attribute products of a category carry (colour, size, material).

    Attributes:
        allowed_values: the values the marketplace accepts; empty for free text.
        multi_valued: whether a product may have several values.

    Examples:
        >>> CategoryAttribute(id="200", name="Color", category_id="1", required=True,
        ...                   allowed_values=("Red", "Blue")).allowed_values
        ('Red', 'Blue')
    """

    id: str
    name: str
    category_id: str | None = None
    required: bool = False
    allowed_values: tuple[str, ...] = ()
    multi_valued: bool = False


class Variant(Record):
    """One variation of a group product (or of a draft to list).

    Examples:
        >>> Variant(sku="TEE-M", attributes={"Size": "M"}, stock=4).attributes
        {'Size': 'M'}
    """

    sku: Sku
    price: Money | None = None
    stock: Quantity | None = None
    attributes: dict[str, str] = Field(default_factory=dict)
    image_url: str | None = None
    active: bool | None = None
    marketplace_id: str | None = None


_IMAGE_URL_DEPRECATED = (
    "Product.image_url is deprecated; use Product.image_urls (a tuple, first image first), "
    "named as ProductDraft.image_urls"
)


class Product(Record):
    """A product as the marketplace holds it, in the OMS's words.

    Attributes:
        sku: the seller's SKU.
        title: the product name.
        price: the price on the marketplace (the lowest variant's for a group product).
        stock: the quantity on the marketplace.
        image_urls: the product's images, first one first, as `ProductDraft.image_urls` (the
            import reads the first image, as the seeds ask). `image_url` is its deprecated
            old name: it still reads (the first image) and builds, with a
            `DeprecationWarning`.
        active: whether buyers can see it.
        marketplace_id: the marketplace's own id (Etsy listing id, FNAC offer id).
        marketplace_ids: every other id the marketplace uses for it, by name.
        category_id: the marketplace category.
        variants: the variations, for a group product; empty for a single product.
        updated_at: when the marketplace last changed it, when it says.
        draft: whether it is a draft the marketplace has not published (never `active`):
            created, but not for sale until published (an Etsy draft listing).

    Examples:
        >>> Product(sku="MUG-01", title="Mug", marketplace_id="99",
        ...         price=Money(amount="9.90", currency="EUR")).is_group
        False
    """

    sku: Sku
    title: str
    price: Money | None = None
    stock: Quantity | None = None
    image_urls: tuple[str, ...] = ()
    active: bool = True
    marketplace_id: str
    marketplace_ids: dict[str, str] = Field(default_factory=dict)
    category_id: str | None = None
    variants: tuple[Variant, ...] = ()
    updated_at: UtcDatetime | None = None
    draft: bool = False

    @model_validator(mode="before")
    @classmethod
    def _old_image_url(cls, data: Any) -> Any:
        # `image_url=` built products before `image_urls`; hosts' stored records still have it.
        if isinstance(data, dict) and "image_url" in data:
            warnings.warn(_IMAGE_URL_DEPRECATED, DeprecationWarning, stacklevel=2)
            data = dict(data)
            url = data.pop("image_url")
            data.setdefault("image_urls", (url,) if url else ())
        return data

    @property
    def image_url(self) -> str | None:
        """Deprecated: the first of `image_urls` (`None` without images).

        Examples:
            first = product.image_urls[0] if product.image_urls else None  # instead
        """
        warnings.warn(_IMAGE_URL_DEPRECATED, DeprecationWarning, stacklevel=2)
        return self.image_urls[0] if self.image_urls else None

    @property
    def is_group(self) -> bool:
        """Whether this is a group (variation) product."""
        return bool(self.variants)

    def __repr_args__(self) -> Iterator[tuple[str | None, object]]:
        # `draft` is shown only when set: most products are published.
        for name, value in super().__repr_args__():
            if name != "draft" or value:
                yield name, value


class ProductDraft(CanonicalModel):
    """What the OMS lists on a marketplace (`Channel.list_product`).

    `price` and `selling_price` are the OMS's two prices; each marketplace's `resolve_price`
    picks the one it sends.

    Examples:
        >>> ProductDraft(sku="MUG-01", title="Mug", stock=3,
        ...              price=Money(amount="9.90", currency="EUR")).selling_price is None
        True
    """

    sku: Sku
    title: str
    description: str = ""
    price: Money
    selling_price: Money | None = None
    stock: Quantity
    category_id: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict)
    image_urls: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()


class StockUpdate(CanonicalModel):
    """Set a SKU's available quantity.

    Examples:
        >>> StockUpdate(sku="MUG-01", quantity=0).quantity
        0
    """

    sku: Sku
    quantity: Quantity
    marketplace_id: str | None = None


class PriceUpdate(CanonicalModel):
    """Set a SKU's price from the OMS's price and selling price (same currency).

    Examples:
        >>> PriceUpdate(sku="MUG-01", price=Money(amount="12", currency="EUR"),
        ...             selling_price=Money(amount="9.90", currency="EUR")).sku
        'MUG-01'
    """

    sku: Sku
    price: Money
    selling_price: Money | None = None
    marketplace_id: str | None = None

    @model_validator(mode="after")
    def _one_currency(self) -> Self:
        if self.selling_price is not None and self.selling_price.currency != self.price.currency:
            raise ValueError("price and selling_price must be in the same currency")
        return self
