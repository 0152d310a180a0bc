"""Deterministic demo data for the FNAC sandbox: a catalogue, offers, orders over past days in
every state, messages, an incident, comments and monthly invoices.

The same seed and the same clock always give the same shop, ids included.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.fnac.sandbox._offers import OfferDesk
    >>> from marketplace_sdk.fnac.sandbox._orders import OrderDesk
    >>> state = ShopState(clock=FakeClock(), seed=42)
    >>> seed_shop(state, OrderDesk(state), offers=5, orders=8, days=30)
    >>> len(state.offers), len(state.orders)
    (5, 8)
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from marketplace_sdk.fnac.sandbox._orders import OrderDesk
from marketplace_sdk.fnac.sandbox._state import (
    Comment,
    Incident,
    Invoice,
    Message,
    Offer,
    Order,
    OrderLine,
    Product,
    ShopState,
)

__all__ = ["catalogue_product", "seed_shop"]

_TITLES = (
    "Le Petit Prince",
    "Casque audio sans fil",
    "Enceinte Bluetooth",
    "Blu-ray Matrix Reloaded",
    "Manette de jeu",
    "Roman policier",
    "Liseuse 6 pouces",
    "Album vinyle",
    "Clavier mecanique",
    "Lampe de bureau",
)
_FIRSTNAMES = ("Jeanne", "Louis", "Camille", "Hugo", "Lea", "Nathan", "Chloe", "Lucas")
_LASTNAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand")
_CITIES = (("75002", "Paris"), ("69001", "Lyon"), ("13001", "Marseille"), ("33000", "Bordeaux"))
#: The states seeded orders end in, in turn: mostly work to do, some of every other state.
_STATE_CYCLE = (
    "Created",
    "ToShip",
    "Shipped",
    "Received",
    "Created",
    "Accepted",
    "ToShip",
    "Cancelled",
    "Refused",
    "NotReceived",
)
_LINE_STATE = {
    "Created": "ToAccept",
    "Accepted": "Accepted",
    "ToShip": "ToShip",
    "Shipped": "Shipped",
    "Received": "Received",
    "Cancelled": "Cancelled",
    "Refused": "Refused",
    "NotReceived": "NotReceived",
}


def _ean(number: int) -> str:
    body = f"978{number:09d}"
    total = sum(int(digit) * (3 if index % 2 else 1) for index, digit in enumerate(body))
    return body + str((10 - total % 10) % 10)


def catalogue_product(number: int) -> Product:
    """The sandbox catalogue's product number `number` (a valid EAN-13, a name, an image).

    Examples:
        >>> catalogue_product(1).ean
        '9780000000019'
    """
    title = _TITLES[number % len(_TITLES)]
    fnac_id = str(1_000_000 + number)
    return Product(
        ean=_ean(number),
        fnac_id=fnac_id,
        name=f"{title} #{number} ( Sandbox ) - ",
        image=f"https://sandbox.invalid/images/{fnac_id}.jpg",
        url=f"https://sandbox.invalid/product/{fnac_id}",
    )


def seed_shop(
    state: ShopState,
    desk: OrderDesk,
    *,
    offers: int = 20,
    orders: int = 10,
    days: int = 90,
    catalogue: int | None = None,
) -> None:
    """Fill `state` with `offers` offers and `orders` orders spread over the past `days` days.

    The catalogue holds `catalogue` products (twice the offers by default), so half of it is
    free for new offers.
    """
    rng = state.rng
    now = state.now()
    for number in range(1, (catalogue or max(offers * 2, 10)) + 1):
        product = catalogue_product(number)
        state.products[product.ean] = product
    products = list(state.products.values())
    for index in range(offers):
        product = products[index]
        created = now - timedelta(days=days, minutes=-index)
        offer = Offer(
            sku=f"SKU-{index + 1:05d}",
            fnac_id=state.new_uuid(),
            product=product,
            price=Decimal(rng.randrange(199, 9999)) / 100,
            quantity=rng.randrange(0, 40),
            product_state="11",
            created_at=created,
            updated_at=min(created + timedelta(days=rng.randrange(0, days or 1)), now),
            description="New product - 2-3 days shipping, from France",
        )
        state.offers[offer.sku] = offer
    stocked = list(state.offers.values()) or []
    for index in range(orders if stocked else 0):
        _seed_order(state, desk, stocked, index, days)
    _seed_invoices(state, days)


def _seed_order(
    state: ShopState, desk: OrderDesk, stocked: list[Offer], index: int, days: int
) -> None:
    rng = state.rng
    end_state = _STATE_CYCLE[index % len(_STATE_CYCLE)]
    created = state.now() - timedelta(minutes=rng.randrange(30, max(days, 1) * 24 * 60))
    lines = []
    for detail_id in range(1, rng.randrange(1, 4) + 1):
        offer = stocked[rng.randrange(len(stocked))]
        lines.append(
            OrderLine(
                detail_id=detail_id,
                sku=offer.sku,
                offer_fnac_id=offer.fnac_id,
                product=offer.product,
                quantity=rng.randrange(1, 3),
                price=offer.price,
                state=_LINE_STATE[end_state],
                shipping_method="21" if rng.random() < 0.5 else "20",
            )
        )
    zipcode, city = _CITIES[rng.randrange(len(_CITIES))]
    order = desk.place(
        _FIRSTNAMES[rng.randrange(len(_FIRSTNAMES))],
        _LASTNAMES[rng.randrange(len(_LASTNAMES))],
        lines,
    )
    order.state, order.zipcode, order.city = end_state, zipcode, city
    step_hours = rng.randrange(1, 6)
    # The order's whole history happened before now: nothing is dated in the future, so a
    # client's windows up to now see every seeded change.
    order.created_at = min(created, state.now() - _history_span(end_state, step_hours))
    _stamp_history(order, end_state, step_hours)
    if end_state in ("Shipped", "Received", "NotReceived"):
        for line in order.lines:
            line.tracking_number = f"6A{rng.randrange(10**10, 10**11)}"
            line.tracking_company = "LAPOSTE"
    if index % 3 == 0:
        _message(state, order, "Question", "Quand pourrai-je recevoir mon article ?")
    if end_state == "Received":
        comment = Comment(
            state.new_uuid(),
            order.order_id,
            5,
            f"{order.firstname} {order.lastname[0]}.",
            "Parfait, merci !",
            order.received_at or order.created_at,
        )
        state.comments[comment.comment_id] = comment
    if end_state == "NotReceived":
        incident = Incident(
            state.new_uuid(),
            order.order_id,
            [line.detail_id for line in order.lines],
            "Article non recu",
            order.updated_at,
            order.updated_at,
        )
        state.incidents[incident.incident_id] = incident
        _message(state, order, "Nouvelle reclamation", incident.message)


#: The states an order went through to reach each end state, in order.
_PATHS: dict[str, list[str]] = {
    "Created": [],
    "Accepted": ["accepted"],
    "Refused": ["refused"],
    "ToShip": ["accepted", "debited"],
    "Shipped": ["accepted", "debited", "shipped"],
    "Received": ["accepted", "debited", "shipped", "received"],
    "NotReceived": ["accepted", "debited", "shipped"],
    "Cancelled": ["accepted", "cancelled"],
}


def _history_span(end_state: str, step_hours: int) -> timedelta:
    """How long the seeded history of an order ending in `end_state` lasts."""
    steps = len(_PATHS[end_state]) + (1 if end_state == "NotReceived" else 0)
    return timedelta(hours=step_hours * steps)


def _stamp_history(order: Order, end_state: str, step_hours: int) -> None:
    """Fill the dates of the states the order went through, one step apart."""
    step = timedelta(hours=step_hours)
    path = _PATHS[end_state]
    when = order.created_at
    for name in path:
        when += step
        setattr(order, f"{name}_at", when)
        for line in order.lines:
            if name in ("debited", "received", "refused"):
                setattr(line, f"{name}_at", when)
    order.updated_at = when + (step if end_state == "NotReceived" else timedelta(0))
    order.to_ship_at = order.debited_at


def _message(state: ShopState, order: Order, subject: str, text: str) -> None:
    when = order.updated_at
    message = Message(
        state.new_uuid(),
        "ORDER",
        order.order_id,
        "CLIENT",
        order.firstname,
        subject,
        text,
        when,
        when,
    )
    state.messages[message.message_id] = message


def _paid(order: Order) -> Decimal:
    return sum((ln.price * ln.quantity + ln.shipping_price for ln in order.lines), Decimal(0))


def _seed_invoices(state: ShopState, days: int) -> None:
    now = state.now()
    for months_ago in range(1, days // 30 + 1):
        start = now - timedelta(days=30 * months_ago)
        amount = sum(
            (
                _paid(order)
                for order in state.orders.values()
                if start <= order.created_at < start + timedelta(days=30)
                and order.state in ("Shipped", "Received")
            ),
            Decimal(0),
        )
        invoice = Invoice(state.new_uuid(), start + timedelta(days=30), amount)
        state.invoices[invoice.invoice_id] = invoice
