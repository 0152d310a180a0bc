"""The FNAC sandbox's in-memory shop: catalogue, offers, batches, orders and their mail.

Everything is plain attrs records held by one `ShopState`, which also owns the time (an injected
`Clock` plus whatever `advance` added) and a seeded random generator, so two sandboxes built
with the same seed and clock hold the same ids and data.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> state = ShopState(clock=FakeClock(), seed=1)
    >>> len(state.new_order_id())
    13
"""

from __future__ import annotations

import random
import uuid
from datetime import datetime, timedelta
from decimal import Decimal

import attrs

from marketplace_sdk.core._clock import Clock, FakeClock
from marketplace_sdk.fnac.sandbox._behaviours import FNAC_BEHAVIOURS
from marketplace_sdk.testing import Behaviours

__all__ = [
    "Batch",
    "BatchLine",
    "Comment",
    "Incident",
    "Invoice",
    "Message",
    "Offer",
    "Order",
    "OrderLine",
    "Product",
    "ShopState",
    "Token",
]

#: Order states (the XSD's `order_state`).
ORDER_STATES = (
    "Created",
    "Accepted",
    "Refused",
    "ToShip",
    "Shipped",
    "NotReceived",
    "Received",
    "Cancelled",
    "Refunded",
    "Error",
)


@attrs.define
class Product:
    """A product FNAC's catalogue knows, which a seller may offer.

    Examples:
        >>> Product(ean="0711719247159", fnac_id="20005761", name="MotorStorm").isbn
        ''
    """

    ean: str
    fnac_id: str
    name: str
    isbn: str = ""
    image: str = ""
    url: str = ""


@attrs.define
class Offer:
    """A seller's offer: a product, a price and a stock, keyed by the seller's SKU.

    Examples:
        >>> from datetime import UTC
        >>> t = datetime(2026, 1, 1, tzinfo=UTC)
        >>> Offer("SKU-1", "F1", Product("1", "2", "x"), Decimal("9.90"), 3, "11", t, t).quantity
        3
    """

    sku: str
    fnac_id: str
    product: Product
    price: Decimal
    quantity: int
    product_state: str
    created_at: datetime
    updated_at: datetime
    description: str = ""
    internal_comment: str = ""
    showcase: str = ""
    #: Whether the offer ships for free (`offers_query`'s `with_free_shipping`).
    free_shipping: bool = False
    #: The offer's running promotion, if any: its `promotion_type` and `promotion_uid`.
    promotion_type: str = ""
    promotion_uid: str = ""


@attrs.define
class BatchLine:
    """The outcome of one offer of a batch: OK, or the errors FNAC found.

    Examples:
        >>> BatchLine("SKU-1").status
        'OK'
    """

    sku: str
    product_fnac_id: str = ""
    offer_fnac_id: str = ""
    errors: list[tuple[str, str]] = attrs.Factory(list)

    @property
    def status(self) -> str:
        """`OK`, or `ERROR` when the offer was rejected."""
        return "ERROR" if self.errors else "OK"


@attrs.define
class Batch:
    """An `offers_update` call waiting for, or done with, its processing.

    Examples:
        >>> from datetime import UTC
        >>> t = datetime(2026, 1, 1, tzinfo=UTC)
        >>> Batch("B1", [], t, t + timedelta(seconds=30)).done
        False
    """

    batch_id: str
    offers: list[dict[str, str]]
    created_at: datetime
    due_at: datetime
    lines: list[BatchLine] | None = None
    #: When the batch was applied.
    done_at: datetime | None = None
    #: Whether `batch_status` has answered its per-offer detail yet (FNAC-Q03).
    details_served: bool = False

    @property
    def done(self) -> bool:
        """Whether the batch has been processed."""
        return self.lines is not None


@attrs.define
class OrderLine:
    """One order line (FNAC's `order_detail`).

    Examples:
        >>> OrderLine(1, "SKU-1", "F1", Product("1", "2", "x"), 1, Decimal("5")).state
        'ToAccept'
    """

    detail_id: int
    sku: str
    offer_fnac_id: str
    product: Product
    quantity: int
    price: Decimal
    state: str = "ToAccept"
    product_state: str = "11"
    shipping_price: Decimal = Decimal("4.99")
    shipping_method: str = "20"
    tracking_number: str = ""
    tracking_company: str = ""
    refused_at: datetime | None = None
    debited_at: datetime | None = None
    received_at: datetime | None = None

    @property
    def fees(self) -> Decimal:
        """FNAC's commission on the line (the sandbox charges 12% of the line amount)."""
        return (self.price * self.quantity * Decimal("0.12")).quantize(Decimal("0.01"))


@attrs.define
class Order:
    """One order with its lines, buyer and the dates of each state change.

    Examples:
        >>> from datetime import UTC
        >>> t = datetime(2026, 1, 1, tzinfo=UTC)
        >>> Order("57BEAFDA828A8", "C1", "Jeanne", "Martin", t, t, []).state
        'Created'
    """

    order_id: str
    client_id: str
    firstname: str
    lastname: str
    created_at: datetime
    updated_at: datetime
    lines: list[OrderLine]
    state: str = "Created"
    address1: str = "1 rue de la Paix"
    zipcode: str = "75002"
    city: str = "Paris"
    country: str = "FRA"
    accepted_at: datetime | None = None
    refused_at: datetime | None = None
    debited_at: datetime | None = None
    shipped_at: datetime | None = None
    received_at: datetime | None = None
    cancelled_at: datetime | None = None
    to_ship_at: datetime | None = None

    @property
    def fees(self) -> Decimal:
        """The sum of the lines' fees."""
        return sum((line.fees for line in self.lines), Decimal(0))

    def date_of(self, kind: str) -> datetime | None:
        """The date an `orders_query` date filter of type `kind` (e.g. `ShippedAt`) looks at."""
        return {
            "CreatedAt": self.created_at,
            "UpdatedAt": self.updated_at,
            "AcceptedAt": self.accepted_at,
            "RefusedAt": self.refused_at,
            "DebitedAt": self.debited_at,
            "ShippedAt": self.shipped_at,
            "ReceivedAt": self.received_at,
            "CancelledAt": self.cancelled_at,
        }.get(kind)


@attrs.define
class Message:
    """A message about an order or an offer.

    Examples:
        >>> from datetime import UTC
        >>> t = datetime(2026, 1, 1, tzinfo=UTC)
        >>> Message("M1", "ORDER", "57BEAFDA828A8", "CLIENT", "Jeanne", "Hi", "?", t, t).state
        'UNREAD'
    """

    message_id: str
    referer_type: str
    referer: str
    from_type: str
    from_name: str
    subject: str
    description: str
    created_at: datetime
    updated_at: datetime
    state: str = "UNREAD"
    archived: str = "FALSE"


@attrs.define
class Incident:
    """A buyer's claim on order lines, which the seller settles with a refund.

    Examples:
        >>> from datetime import UTC
        >>> t = datetime(2026, 1, 1, tzinfo=UTC)
        >>> Incident("I1", "57BEAFDA828A8", [1], "Not received", t, t).status
        'OPENED'
    """

    incident_id: str
    order_id: str
    detail_ids: list[int]
    message: str
    created_at: datetime
    updated_at: datetime
    status: str = "OPENED"
    type: str = "8"
    refunded: dict[int, datetime] = attrs.Factory(dict)
    #: `TRUE` while the buyer or FNAC waits for the seller's answer.
    waiting_for_seller_answer: str = "FALSE"
    #: Who opened and who closed it (`client`, `call-center`, `seller`, `unknown`).
    opened_by: str = "client"
    closed_by: str = ""
    #: Why it was closed (`incident_close_state`, e.g. 3 for the seller's agreement).
    closed_status: str = ""
    closed_at: datetime | None = None


@attrs.define
class Comment:
    """A buyer's rating and comment on an order, which the seller may answer once.

    Examples:
        >>> from datetime import UTC
        >>> t = datetime(2026, 1, 1, tzinfo=UTC)
        >>> Comment("C1", "57BEAFDA828A8", 5, "Jeanne M.", "Parfait", t).reply
        ''
    """

    comment_id: str
    order_id: str
    rate: int
    client_name: str
    text: str
    created_at: datetime
    reply: str = ""
    #: When the seller last answered it (`None`: never; the comment is unmodified).
    replied_at: datetime | None = None

    @property
    def modified_at(self) -> datetime:
        """When the comment last changed (a `Modified` date filter looks at it)."""
        return self.replied_at or self.created_at


@attrs.define
class Invoice:
    """A monthly shop invoice.

    Examples:
        >>> from datetime import UTC
        >>> Invoice("I1", datetime(2026, 1, 1, tzinfo=UTC), Decimal("100")).order_amount
        Decimal('100')
    """

    invoice_id: str
    created_at: datetime
    order_amount: Decimal


@attrs.frozen
class Token:
    """An issued auth token and the moment it stops being accepted.

    Examples:
        >>> from datetime import UTC
        >>> Token("T", datetime(2026, 1, 1, tzinfo=UTC)).token
        'T'
    """

    token: str
    valid_until: datetime
    #: Expired on purpose (`FnacSandbox.expire_tokens`), whatever the clock says.
    revoked: bool = False


def _fake_clock() -> Clock:
    return FakeClock()


@attrs.define
class ShopState:
    """Everything the sandbox's shop holds, plus its time and its id generator.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> state = ShopState(clock=FakeClock())
        >>> state.advance(60)
        >>> state.now().minute
        1
    """

    clock: Clock = attrs.field(factory=_fake_clock)
    seed: int = 42
    products: dict[str, Product] = attrs.Factory(dict)
    offers: dict[str, Offer] = attrs.Factory(dict)
    batches: dict[str, Batch] = attrs.Factory(dict)
    orders: dict[str, Order] = attrs.Factory(dict)
    messages: dict[str, Message] = attrs.Factory(dict)
    incidents: dict[str, Incident] = attrs.Factory(dict)
    comments: dict[str, Comment] = attrs.Factory(dict)
    invoices: dict[str, Invoice] = attrs.Factory(dict)
    tokens: dict[str, Token] = attrs.Factory(dict)
    skew: float = 0.0
    #: The catalogued behaviours the services consult (`behaviours.on("FNAC-Q02")`).
    behaviours: Behaviours = attrs.Factory(lambda: Behaviours(FNAC_BEHAVIOURS))
    rng: random.Random = attrs.field(init=False)

    def __attrs_post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def now(self) -> datetime:
        """The sandbox's current time (the clock plus any `advance` it could not apply)."""
        return self.clock.now() + timedelta(seconds=self.skew)

    def advance(self, seconds: float) -> None:
        """Move time forward: on the clock itself when it is a `FakeClock`, else by a skew."""
        if seconds < 0:
            raise ValueError("sandbox time does not go backwards")
        if isinstance(self.clock, FakeClock):
            self.clock.advance(seconds)
        else:
            self.skew += seconds

    def new_uuid(self) -> str:
        """A deterministic upper-case uuid, as FNAC writes its ids."""
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4)).upper()

    def new_order_id(self) -> str:
        """A deterministic 13-character order id, like `57BEAFDA828A8`."""
        while True:
            candidate = f"{self.rng.getrandbits(52):013X}"
            if candidate not in self.orders:
                return candidate

    def product_by_reference(self, kind: str, value: str) -> Product | None:
        """The catalogue product a `product_reference` of type `kind` names, if any."""
        for product in self.products.values():
            if kind == "Ean" and product.ean == value:
                return product
            if kind == "Isbn" and product.isbn and product.isbn == value:
                return product
            if kind == "FnacId" and product.fnac_id == value:
                return product
        return None
