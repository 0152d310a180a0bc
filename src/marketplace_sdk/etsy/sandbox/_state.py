"""The sandbox's in-memory world: apps, the seller, listings, inventory, receipts, catalogues.

Plain attrs records; the handlers change them and `render` turns them into Etsy's JSON.

Examples:
    >>> from decimal import Decimal
    >>> offering = Offering(offering_id=1, price=Decimal("9.90"), quantity=3)
    >>> Product(product_id=1, sku="A-1", offerings=[offering]).quantity
    3
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

import attrs
from pydantic import SecretStr

__all__ = [
    "Image",
    "Inventory",
    "Listing",
    "ListingWatcher",
    "Offering",
    "Product",
    "PropertyValue",
    "Receipt",
    "ReceiptRefund",
    "SandboxApp",
    "SellerAccount",
    "Shipment",
    "Transaction",
]

#: Listing states as Etsy reads them.
LISTING_STATES = ("active", "inactive", "sold_out", "draft", "expired")
#: A state Etsy reads back although its document does not list it (ETSY-Q02).
EDIT = "edit"


@attrs.define
class SandboxApp:
    """A registered Etsy app: its keystring (client id), shared secret and redirect URIs.

    Examples:
        >>> app = SandboxApp("key", SecretStr("secret"), ["http://localhost/cb"])
        >>> app
        SandboxApp(keystring='key', shared_secret=SecretStr('**********'), redirect_uris=['http://localhost/cb'])
    """

    keystring: str
    shared_secret: SecretStr
    redirect_uris: list[str]


@attrs.define
class SellerAccount:
    """The seller: an Etsy user and the shop they own.

    Examples:
        >>> SellerAccount(user_id=1, shop_id=2, shop_name="Shop", login_name="me").currency
        'USD'
    """

    user_id: int
    shop_id: int
    shop_name: str
    login_name: str
    email: str = "seller@example.com"
    first_name: str = "Sandbox"
    last_name: str = "Seller"
    currency: str = "USD"
    country_iso: str = "US"
    created: datetime | None = None
    #: Bumped by a simulated password change; tokens of an older generation are revoked.
    password_generation: int = 0


@attrs.define
class PropertyValue:
    """A product's value for one listing property (Etsy's `property_values` entry).

    Examples:
        >>> PropertyValue(200, "Primary color", [1213], ["Black"]).values
        ['Black']
    """

    property_id: int
    property_name: str | None
    value_ids: list[int]
    values: list[str]
    scale_id: int | None = None
    scale_name: str | None = None


@attrs.define
class Offering:
    """What a product sells for and how many are available.

    Examples:
        >>> Offering(1, Decimal("9.90"), 3).is_enabled
        True
    """

    offering_id: int
    price: Decimal
    quantity: int
    is_enabled: bool = True
    readiness_state_id: int | None = None


@attrs.define
class Product:
    """One sellable variant of a listing.

    Examples:
        >>> offers = [Offering(2, Decimal("1"), 4), Offering(3, Decimal("1"), 5, False)]
        >>> Product(1, "A", offers).quantity
        4
    """

    product_id: int
    sku: str
    offerings: list[Offering]
    property_values: list[PropertyValue] = attrs.Factory(list)

    @property
    def quantity(self) -> int:
        """Units available across enabled offerings."""
        return sum(offer.quantity for offer in self.offerings if offer.is_enabled)


@attrs.define
class Inventory:
    """A listing's products and which properties set price, quantity, SKU and readiness.

    Examples:
        >>> Inventory([Product(1, "A", [Offering(2, Decimal("1"), 4)])]).price_on_property
        []
    """

    products: list[Product]
    price_on_property: list[int] = attrs.Factory(list)
    quantity_on_property: list[int] = attrs.Factory(list)
    sku_on_property: list[int] = attrs.Factory(list)
    readiness_state_on_property: list[int] = attrs.Factory(list)
    #: Products a write left out: Etsy keeps them, hidden unless `show_deleted` (ETSY-Q35).
    deleted: list[Product] = attrs.Factory(list)


@attrs.define
class Image:
    """A listing image.

    Examples:
        >>> from datetime import UTC, datetime
        >>> Image(1, 2, 1, datetime(2026, 1, 1, tzinfo=UTC)).alt_text
        ''
    """

    listing_image_id: int
    listing_id: int
    rank: int
    created: datetime
    alt_text: str = ""
    content_type: str = "image/jpeg"
    size: int = 0


class ListingWatcher(Protocol):
    """What holds a listing in page order (`ListingTable`): told before a sort field changes."""

    def changing(self, listing: Listing, name: str, value: object) -> None:
        """`listing`'s `name` is about to become `value`."""
        ...


def _tell_table(listing: Listing, attribute: attrs.Attribute[Any], value: Any) -> Any:
    # The listing's table keeps each state's listings sorted: it moves this one first.
    if listing.table is not None:
        listing.table.changing(listing, attribute.name, value)
    return value


@attrs.define
class Listing:
    """A listing with its images and inventory.

    Setting `listing_id`, `state`, `created` or `updated` of a listing in the world's table
    tells the table first, which keeps its page orders (`ListingTable`).

    Examples:
        >>> from datetime import UTC, datetime
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> inventory = Inventory([Product(1, "A", [Offering(2, Decimal("7.5"), 4)])])
        >>> listing = Listing(5, 2, 1, "Mug", "", "active", when, when, inventory)
        >>> listing.price, listing.quantity, listing.has_variations
        (Decimal('7.5'), 4, False)
    """

    listing_id: int = attrs.field(on_setattr=_tell_table)
    shop_id: int
    user_id: int
    title: str
    description: str
    state: str = attrs.field(on_setattr=_tell_table)
    created: datetime = attrs.field(on_setattr=_tell_table)
    updated: datetime = attrs.field(on_setattr=_tell_table)
    inventory: Inventory
    taxonomy_id: int | None = None
    shipping_profile_id: int | None = None
    shop_section_id: int | None = None
    who_made: str | None = "i_did"
    when_made: str | None = "made_to_order"
    is_supply: bool | None = False
    listing_type: str = "physical"
    tags: list[str] = attrs.Factory(list)
    materials: list[str] = attrs.Factory(list)
    images: list[Image] = attrs.Factory(list)
    state_changed: datetime | None = None
    should_auto_renew: bool = False
    is_taxable: bool = True
    #: Etsy froze the listing: it cannot be published (ETSY-Q03).
    frozen: bool = False
    #: The table holding the listing in page order, while it is in one.
    table: ListingWatcher | None = attrs.field(default=None, init=False, repr=False, eq=False)

    @property
    def quantity(self) -> int:
        """Units available across all products."""
        return sum(product.quantity for product in self.inventory.products)

    @property
    def price(self) -> Decimal:
        """The lowest enabled offering price (what Etsy shows as the listing price)."""
        prices = [
            offer.price
            for product in self.inventory.products
            for offer in product.offerings
            if offer.is_enabled
        ]
        return min(prices) if prices else Decimal("0")

    @property
    def has_variations(self) -> bool:
        """Whether any product carries property values."""
        return any(product.property_values for product in self.inventory.products)


@attrs.define
class Transaction:
    """One line of a receipt.

    Examples:
        >>> from datetime import UTC, datetime
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> Transaction(5, 1, 6, 7, "A", "Mug", 2, Decimal("4"), when).quantity
        2
    """

    transaction_id: int
    receipt_id: int
    listing_id: int
    product_id: int | None
    sku: str
    title: str
    quantity: int
    price: Decimal
    created: datetime
    variations: list[PropertyValue] = attrs.Factory(list)
    paid: datetime | None = None
    shipped: datetime | None = None
    listing_image_id: int | None = None
    shipping_profile_id: int | None = None


@attrs.define
class Shipment:
    """A shipment notification recorded on a receipt.

    Examples:
        >>> from datetime import UTC, datetime
        >>> Shipment(1, "UPS", "1Z", datetime(2026, 1, 1, tzinfo=UTC)).carrier_name
        'UPS'
    """

    receipt_shipping_id: int
    carrier_name: str
    tracking_code: str
    notified: datetime


@attrs.define
class ReceiptRefund:
    """A refund the seller issued on a receipt (one entry of its `refunds[]`).

    Examples:
        >>> from datetime import UTC, datetime
        >>> ReceiptRefund(Decimal("5"), datetime(2026, 1, 1, tzinfo=UTC)).status
        'SUCCESS'
    """

    amount: Decimal
    created: datetime
    reason: str = "Seller refund"
    note_from_issuer: str = ""
    status: str = "SUCCESS"


@attrs.define
class Receipt:
    """An order, with its lines, shipments and lifecycle flags.

    `status` is kept as Etsy spells it on live receipts ("Paid", "Completed", "Canceled"...).

    Examples:
        >>> from datetime import UTC, datetime
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> receipt = Receipt(1, 2, 3, 4, "b@example.com", "B", "US", "Canceled", when, when, "USD")
        >>> receipt.is_canceled, receipt.subtotal
        (True, Decimal('0'))
    """

    receipt_id: int
    shop_id: int
    seller_user_id: int
    buyer_user_id: int
    buyer_email: str
    name: str
    country_iso: str
    status: str
    created: datetime
    updated: datetime
    currency: str
    transactions: list[Transaction] = attrs.Factory(list)
    shipments: list[Shipment] = attrs.Factory(list)
    is_paid: bool = True
    is_shipped: bool = False
    is_delivered: bool = False
    shipping_cost: Decimal = Decimal("0")
    refunds: list[ReceiptRefund] = attrs.Factory(list)
    message_from_buyer: str = ""
    #: Etsy withholds the shipping address of this buyer's region from the app (ETSY-Q31).
    address_withheld: bool = False
    #: Shipping e-mails Etsy would have sent the buyer (one per createReceiptShipment).
    buyer_emails: int = 0

    @property
    def subtotal(self) -> Decimal:
        """Sum of the lines."""
        return sum((line.price * line.quantity for line in self.transactions), Decimal("0"))

    @property
    def refunded(self) -> Decimal:
        """Sum of the refunds issued so far."""
        return sum((refund.amount for refund in self.refunds), Decimal("0"))

    @property
    def is_canceled(self) -> bool:
        """Whether the buyer or Etsy canceled the order."""
        return self.status.lower() == "canceled"
