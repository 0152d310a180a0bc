"""Canonical records: what every channel reads and writes, in the OMS's words.

All records are frozen pydantic models; money is `Money` (Decimal), times are timezone-aware
UTC, SKUs are stripped of surrounding spaces and never empty. JSON round-trips exactly.

Records built from a marketplace payload (`Record` subclasses) keep it in `.raw` for support.
`raw` is left out of `repr`, of equality and of JSON (the OMS stores the canonical record;
the payload is one attribute away: `json.dumps(record.raw)`).

Buyer personal data is masked in `repr` and `str`: names and e-mail addresses keep their first
letter per word (`J*** D***`, `j***@e***.com`), street lines and phone numbers are hidden
(`***`, phones keep their last two digits), postal codes keep their first two characters;
city, region and country are shown, since support needs to know where an order goes.
The values themselves are untouched: `order.buyer.name` is the full name.

Example:
    >>> from datetime import UTC, datetime
    >>> order = Order(
    ...     order_id="1001",
    ...     created_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
    ...     updated_at=datetime(2026, 1, 5, 9, 30, tzinfo=UTC),
    ...     marketplace_status="New",
    ...     lines=[OrderLine(line_id="1", sku="MUG-01", quantity=2,
    ...                      unit_price=Money(amount="9.90", currency="EUR"))],
    ...     buyer=Buyer(name="Jeanne Dupont", email="jeanne@example.com"),
    ...     totals=OrderTotals(total=Money(amount="19.80", currency="EUR")),
    ...     raw={"order_id": "1001"},
    ... )
    >>> order.buyer
    Buyer(name='J*** D***', email='j***@e***.com', phone=None)
    >>> order.raw
    {'order_id': '1001'}
    >>> Order.model_validate_json(order.model_dump_json()) == order
    True
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Annotated, Self

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    StringConstraints,
    model_validator,
)

from marketplace_sdk.core.clock import ensure_utc
from marketplace_sdk.core.money import Money
from marketplace_sdk.core.status import OmsStatus

__all__ = [
    "Address",
    "Buyer",
    "Cancellation",
    "CancelledBy",
    "CanonicalModel",
    "Category",
    "CategoryAttribute",
    "Order",
    "OrderLine",
    "OrderTotals",
    "PriceUpdate",
    "Product",
    "ProductDraft",
    "Record",
    "Shipment",
    "Sku",
    "StockUpdate",
    "UtcDatetime",
    "Variant",
    "mask_text",
]

#: A stock-keeping unit: surrounding spaces stripped, never empty.
Sku = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
#: A timezone-aware datetime, converted to UTC (naive datetimes are refused).
UtcDatetime = Annotated[AwareDatetime, AfterValidator(ensure_utc)]
_Quantity = Annotated[int, Field(ge=0)]


def _freeze(value: object) -> object:
    if isinstance(value, dict):
        return frozenset((key, _freeze(item)) for key, item in value.items())
    if isinstance(value, list | tuple):
        return tuple(_freeze(item) for item in value)
    return value


class CanonicalModel(BaseModel):
    """Base of the canonical records: frozen, no unknown fields, equality by content.

    Example:
        >>> StockUpdate(sku="A", quantity=1) == StockUpdate(sku=" A ", quantity=1)
        True
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        assert isinstance(other, BaseModel)
        return self.model_dump() == other.model_dump()

    def __hash__(self) -> int:
        return hash((type(self), _freeze(self.model_dump())))


class Record(CanonicalModel):
    """A canonical record built from a marketplace payload, which `raw` keeps.

    Example:
        >>> category = Category(id="7", name="Mugs", raw={"taxonomy_id": 7})
        >>> category.raw, "raw" in repr(category), "raw" in category.model_dump_json()
        ({'taxonomy_id': 7}, False, False)
    """

    raw: JsonValue = Field(default=None, repr=False, exclude=True)


def mask_text(value: str) -> str:
    """Each word's first character followed by `***`.

    Example:
        >>> mask_text("Jeanne Dupont")
        'J*** D***'
    """
    return " ".join(f"{word[0]}***" for word in value.split())


def _mask_email(value: str) -> str:
    local, _, domain = value.partition("@")
    host, dot, tld = domain.rpartition(".")
    masked_domain = f"{host[:1]}***{dot}{tld}" if dot else f"{domain[:1]}***"
    return f"{local[:1]}***@{masked_domain}"


def _mask_phone(value: str) -> str:
    digits = [char for char in value if char.isdigit()]
    return "***" + "".join(digits[-2:])


class Buyer(CanonicalModel):
    """The buyer; masked in `repr` (see the module docstring).

    Example:
        >>> Buyer(name="Ann Lee", phone="+33 6 12 34 56 78")
        Buyer(name='A*** L***', email=None, phone='***78')
    """

    name: str | None = None
    email: str | None = None
    phone: str | None = None

    def __repr_args__(self) -> Iterator[tuple[str | None, object]]:
        yield "name", mask_text(self.name) if self.name else self.name
        yield "email", _mask_email(self.email) if self.email else self.email
        yield "phone", _mask_phone(self.phone) if self.phone else self.phone


class Address(CanonicalModel):
    """A postal address; masked in `repr` (see the module docstring).

    Example:
        >>> Address(name="Ann Lee", line1="1 rue de Rivoli", city="Paris", postal_code="75001",
        ...         country_code="FR")
        Address(name='A*** L***', line1='***', line2=None, city='Paris', region=None, postal_code='75***', country_code='FR', phone=None)
    """  # noqa: E501

    name: str | None = None
    line1: str | None = None
    line2: str | None = None
    city: str | None = None
    region: str | None = None
    postal_code: str | None = None
    country_code: str | None = None
    phone: str | None = None

    def __repr_args__(self) -> Iterator[tuple[str | None, object]]:
        yield "name", mask_text(self.name) if self.name else self.name
        yield "line1", "***" if self.line1 else self.line1
        yield "line2", "***" if self.line2 else self.line2
        yield "city", self.city
        yield "region", self.region
        yield "postal_code", f"{self.postal_code[:2]}***" if self.postal_code else None
        yield "country_code", self.country_code
        yield "phone", _mask_phone(self.phone) if self.phone else self.phone


class Category(Record):
    """A marketplace category (Etsy taxonomy node, FNAC/Mirakl hierarchy).

    Example:
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

    Example:
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

    Example:
        >>> Variant(sku="TEE-M", attributes={"Size": "M"}, stock=4).attributes
        {'Size': 'M'}
    """

    sku: Sku
    price: Money | None = None
    stock: _Quantity | None = None
    attributes: dict[str, str] = Field(default_factory=dict)
    image_url: str | None = None
    active: bool | None = None
    marketplace_id: str | None = None


class Product(Record):
    """A product as the marketplace holds it, in the OMS's words.

    Attributes:
        sku: the seller's SKU.
        title: the product name.
        price: the price on the marketplace (the lowest variant's for a group product).
        stock: the quantity on the marketplace.
        image_url: the first image.
        active: whether buyers can see it.
        marketplace_id: the marketplace's own id (Etsy listing id, FNAC offer id).
        marketplace_ids: every other id the marketplace uses for it, by name.
        category_id: the marketplace category.
        variants: the variations, for a group product; empty for a single product.
        updated_at: when the marketplace last changed it, when it says.

    Example:
        >>> Product(sku="MUG-01", title="Mug", marketplace_id="99",
        ...         price=Money(amount="9.90", currency="EUR")).is_group
        False
    """

    sku: Sku
    title: str
    price: Money | None = None
    stock: _Quantity | None = None
    image_url: str | None = None
    active: bool = True
    marketplace_id: str
    marketplace_ids: dict[str, str] = Field(default_factory=dict)
    category_id: str | None = None
    variants: tuple[Variant, ...] = ()
    updated_at: UtcDatetime | None = None

    @property
    def is_group(self) -> bool:
        """Whether this is a group (variation) product."""
        return bool(self.variants)


class ProductDraft(CanonicalModel):
    """What the OMS lists on a marketplace (`Channel.list_product`).

    `price` and `selling_price` are the OMS's two prices; each marketplace's `resolve_price`
    picks the one it sends.

    Example:
        >>> ProductDraft(sku="MUG-01", title="Mug", stock=3,
        ...              price=Money(amount="9.90", currency="EUR")).selling_price is None
        True
    """

    sku: Sku
    title: str
    description: str = ""
    price: Money
    selling_price: Money | None = None
    stock: _Quantity
    category_id: str | None = None
    attributes: dict[str, str] = Field(default_factory=dict)
    image_urls: tuple[str, ...] = ()
    variants: tuple[Variant, ...] = ()


class StockUpdate(CanonicalModel):
    """Set a SKU's available quantity.

    Example:
        >>> StockUpdate(sku="MUG-01", quantity=0).quantity
        0
    """

    sku: Sku
    quantity: _Quantity
    marketplace_id: str | None = None


class PriceUpdate(CanonicalModel):
    """Set a SKU's price from the OMS's price and selling price (same currency).

    Example:
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


class OrderLine(Record):
    """One line of an order.

    Example:
        >>> line = OrderLine(line_id="7", sku="MUG-01", quantity=2,
        ...                  unit_price=Money(amount="9.90", currency="EUR"))
        >>> str(line.line_total)
        '19.80 EUR'
    """

    line_id: str
    sku: Sku | None
    quantity: Annotated[int, Field(ge=1)]
    unit_price: Money
    title: str | None = None
    marketplace_status: str | None = None

    @property
    def line_total(self) -> Money:
        """Unit price times quantity."""
        return self.unit_price * self.quantity


class OrderTotals(CanonicalModel):
    """An order's amounts, all in one currency.

    Example:
        >>> OrderTotals(total=Money(amount="20", currency="EUR")).shipping is None
        True
    """

    items: Money | None = None
    shipping: Money | None = None
    tax: Money | None = None
    discount: Money | None = None
    total: Money

    @model_validator(mode="after")
    def _one_currency(self) -> Self:
        amounts = (self.items, self.shipping, self.tax, self.discount, self.total)
        currencies = {money.currency for money in amounts if money is not None}
        if len(currencies) > 1:
            raise ValueError(f"order totals mix currencies: {sorted(currencies)}")
        return self


class Order(Record):
    """An order, as the marketplace reports it, in the OMS's words.

    Attributes:
        order_id: the marketplace's order id.
        created_at: when the buyer placed it (UTC).
        updated_at: when the marketplace last changed it (UTC).
        marketplace_status: the marketplace status as received.
        oms_status: the OMS status it maps to, when the marketplace status alone decides it;
            `None` when it depends on the OMS's stock (New or Partial: use the marketplace's
            `oms_status(..., all_lines_in_stock=...)`) or the status is unknown.
        lines: the order lines.
        buyer: the buyer (masked in repr).
        shipping_address: where to ship (masked in repr).
        totals: the amounts.

    Example:
        See the module docstring.
    """

    order_id: str
    created_at: UtcDatetime
    updated_at: UtcDatetime
    marketplace_status: str
    oms_status: OmsStatus | None = None
    lines: tuple[OrderLine, ...]
    buyer: Buyer | None = None
    shipping_address: Address | None = None
    totals: OrderTotals

    @property
    def currency(self) -> str:
        """The order's currency."""
        return self.totals.total.currency

    def line_ids(self) -> tuple[str, ...]:
        """The ids of the order's lines, in order."""
        return tuple(line.line_id for line in self.lines)


class Shipment(CanonicalModel):
    """What the OMS sends when an order is Ready to Ship.

    Attributes:
        carrier: the carrier's name.
        tracking_number: the tracking id.
        tracking_url: a tracking page, when the carrier has one.
        shipped_at: when it left (UTC).
        line_ids: the lines shipped; empty for the whole order.

    Example:
        >>> from datetime import UTC, datetime
        >>> Shipment(carrier="La Poste", tracking_number="6A123",
        ...          shipped_at=datetime(2026, 1, 6, tzinfo=UTC)).line_ids
        ()
    """

    carrier: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    tracking_number: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1)]
    tracking_url: str | None = None
    shipped_at: UtcDatetime
    line_ids: tuple[str, ...] = ()


class CancelledBy(StrEnum):
    """Who cancelled an order.

    Example:
        >>> CancelledBy("buyer") is CancelledBy.BUYER
        True
    """

    BUYER = "buyer"
    SELLER = "seller"
    MARKETPLACE = "marketplace"


class Cancellation(Record):
    """A cancellation the marketplace reports.

    Attributes:
        order_id: the order cancelled.
        cancelled_at: when (UTC).
        marketplace_status: the marketplace status as received.
        cancelled_by: who cancelled, when the marketplace says.
        reason: the marketplace's reason text.
        line_ids: the lines cancelled; empty for the whole order.

    Example:
        >>> from datetime import UTC, datetime
        >>> Cancellation(order_id="1001", cancelled_at=datetime(2026, 1, 6, tzinfo=UTC),
        ...              marketplace_status="Cancelled").cancelled_by is None
        True
    """

    order_id: str
    cancelled_at: UtcDatetime
    marketplace_status: str
    cancelled_by: CancelledBy | None = None
    reason: str | None = None
    line_ids: tuple[str, ...] = ()
