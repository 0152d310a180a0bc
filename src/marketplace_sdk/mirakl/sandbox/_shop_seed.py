"""The MMP sandbox's seeded shop: the operator's products, the shop's offers, orders, carriers.

Orders are seeded in every state of OR11's enum, dated relative to the sandbox's start so the
clock-driven workflow moves them as time passes (a WAITING_ACCEPTANCE order is refused by the
operator three days after it arrived, unless the shop decides it first).

Examples:
    >>> from datetime import UTC, datetime
    >>> seed = ShopSeed.default(datetime(2026, 1, 1, tzinfo=UTC))
    >>> sorted({order.state for order in seed.orders})[:3]
    ['CANCELED', 'CLOSED', 'RECEIVED']
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import attrs

from marketplace_sdk.mirakl.sandbox._order_records import SHOP_REASON, Line, Order, OrderState

#: A deprecated order state some platforms still answer, absent from OR11's enum (MIRAKL-Q08).
UNLISTED_ORDER_STATE = "WAITING_REFUND"

__all__ = ["CARRIERS", "PRODUCTS", "UNLISTED_ORDER_STATE", "ShopSeed"]

#: The operator's catalogue: product sku to (title, category).
PRODUCTS: Mapping[str, tuple[str, str]] = {
    "PRD-KETTLE": ("Electric kettle 1.7 l", "KITCHEN"),
    "PRD-TOASTER": ("Two-slot toaster", "KITCHEN"),
    "PRD-LAMP": ("Desk lamp", "LIGHTING"),
    "PRD-CHAIR": ("Oak chair", "FURNITURE"),
    "PRD-MUG": ("Stoneware mug", "KITCHEN"),
    "PRD-RUG": ("Wool rug 120x170", "FURNITURE"),
}

#: SH21's carriers: registered codes with their tracking URL templates.
CARRIERS: Sequence[Mapping[str, str]] = (
    {
        "code": "COLISSIMO",
        "label": "Colissimo",
        "standard_code": "COLISSIMO",
        "tracking_url": "https://www.laposte.fr/outils/suivre-vos-envois?code={trackingId}",
    },
    {
        "code": "DHL",
        "label": "DHL",
        "standard_code": "DHL",
        "tracking_url": "https://www.dhl.com/track?AWB={trackingId}",
    },
    {
        "code": "UPS",
        "label": "UPS",
        "standard_code": "UPS",
        "tracking_url": "https://www.ups.com/track?tracknum={trackingId}",
    },
)


def _offer(
    sku: str,
    product: str,
    price: str,
    quantity: int,
    products: Mapping[str, tuple[str, str]] = PRODUCTS,
) -> dict[str, str]:
    return {
        "sku": sku,
        "product-id": product,
        "product-id-type": "SHOP_SKU",
        "price": price,
        "quantity": str(quantity),
        "state": "11",
        "description": f"{products[product][0]}, new",
        "leadtime-to-ship": "2",
        "min-order-quantity": "1",
        "max-order-quantity": "10",
        "logistic-class": "M",
    }


_CUSTOMERS = (
    ("Camille", "Durand", "Lyon", "69002", "12 rue Mercière"),
    ("Louis", "Martin", "Nantes", "44000", "3 quai de la Fosse"),
    ("Inès", "Bernard", "Lille", "59000", "8 rue Esquermoise"),
)


def _customer(index: int) -> dict[str, Any]:
    first, last, city, zip_code, street = _CUSTOMERS[index % len(_CUSTOMERS)]
    address = {
        "firstname": first,
        "lastname": last,
        "street_1": street,
        "city": city,
        "zip_code": zip_code,
        "country": "France",
        "country_iso_code": "FRA",
        "company": "Atelier Durand" if index % 3 == 0 else None,
    }
    return {
        "customer_id": f"CUST-{index:04d}",
        "firstname": first,
        "lastname": last,
        "locale": "fr_FR",
        "billing_address": dict(address),
        "shipping_address": dict(address),
    }


#: (state, hours before the start the order was created, lines as (offer sku, quantity), pays).
_ORDERS: Sequence[tuple[str, float, Sequence[tuple[str, int]], bool]] = (
    (OrderState.STAGING, 0.05, [("SKU-MUG", 2)], True),
    (OrderState.WAITING_ACCEPTANCE, 2, [("SKU-KETTLE", 1), ("SKU-MUG", 4)], True),
    (OrderState.WAITING_ACCEPTANCE, 5, [("SKU-LAMP", 1)], True),
    (OrderState.WAITING_ACCEPTANCE, 30, [("SKU-TOASTER", 1), ("SKU-KETTLE", 1)], True),
    (OrderState.WAITING_DEBIT, 0.1, [("SKU-CHAIR", 2)], True),
    (OrderState.WAITING_DEBIT_PAYMENT, 0.3, [("SKU-LAMP", 2)], False),
    (OrderState.SHIPPING, 20, [("SKU-KETTLE", 1), ("SKU-LAMP", 1)], True),
    (OrderState.SHIPPING, 26, [("SKU-MUG", 6)], True),
    (OrderState.SHIPPED, 50, [("SKU-TOASTER", 1)], True),
    (OrderState.TO_COLLECT, 60, [("SKU-MUG", 1)], True),
    (OrderState.RECEIVED, 24 * 9, [("SKU-CHAIR", 1), ("SKU-MUG", 2)], True),
    (OrderState.CLOSED, 24 * 130, [("SKU-LAMP", 1)], True),
    (OrderState.CANCELED, 24 * 4, [("SKU-KETTLE", 2)], False),
    (OrderState.REFUSED, 24 * 5, [("SKU-TOASTER", 1)], True),
    (UNLISTED_ORDER_STATE, 24 * 6, [("SKU-MUG", 3)], True),
)


@attrs.frozen
class ShopSeed:
    """What an MMP sandbox starts with.

    Attributes:
        products: the operator's catalogue (product sku to title, category).
        offers: the shop's offers as OF01 rows.
        orders: the shop's orders.
        carriers: SH21's carriers.

    Examples:
        >>> from datetime import UTC, datetime
        >>> len(ShopSeed.default(datetime(2026, 1, 1, tzinfo=UTC)).offers)
        5
    """

    products: Mapping[str, tuple[str, str]]
    offers: Sequence[dict[str, str]]
    orders: Sequence[Order]
    carriers: Sequence[Mapping[str, str]]

    @classmethod
    def default(cls, start: datetime) -> ShopSeed:
        """Six products, five offers, fifteen orders across the order states (one unlisted)."""
        offers = [
            _offer("SKU-KETTLE", "PRD-KETTLE", "39.90", 25),
            _offer("SKU-TOASTER", "PRD-TOASTER", "29.50", 12),
            _offer("SKU-LAMP", "PRD-LAMP", "24.99", 40),
            _offer("SKU-CHAIR", "PRD-CHAIR", "89.00", 6),
            _offer("SKU-MUG", "PRD-MUG", "7.90", 120),
        ]
        by_sku = _positions(offers)
        orders = [
            _order(index, 8580226800, start, state, hours, lines, pays, by_sku, PRODUCTS)
            for index, (state, hours, lines, pays) in enumerate(_ORDERS)
        ]
        return cls(products=PRODUCTS, offers=offers, orders=orders, carriers=CARRIERS)

    @classmethod
    def generated(
        cls, start: datetime, *, offers: int = 200, orders: int = 300, days: int = 90, seed: int = 0
    ) -> ShopSeed:
        """A larger shop for backfills and benchmarks, the same for the same arguments.

        `orders` are spread over the `days` before `start` (one in ten in the last three days),
        each in the state its age gives it (the last three days waiting for a decision or being
        shipped, then shipped, received and closed, one in ten cancelled or refused).

        Examples:
            >>> from datetime import UTC, datetime
            >>> shop = ShopSeed.generated(datetime(2026, 1, 1, tzinfo=UTC), offers=20, orders=50)
            >>> len(shop.offers), len(shop.orders), len(shop.products)
            (20, 50, 20)
        """
        rng = random.Random(seed)
        categories = ("KITCHEN", "LIGHTING", "FURNITURE", "GARDEN")
        products = {
            f"PRD-{n:05d}": (f"Product {n}", categories[n % len(categories)])
            for n in range(1, offers + 1)
        }
        rows = [
            _offer(
                f"SKU-{n:05d}",
                f"PRD-{n:05d}",
                f"{rng.randint(500, 20_000) / 100:.2f}",
                rng.randint(0, 100),
                products,
            )
            for n in range(1, offers + 1)
        ]
        by_sku = _positions(rows)
        made = []
        for index in range(orders):
            recent = index % 10 == 0  # one order in ten arrived in the last three days
            hours = rng.uniform(0.5, 70.0 if recent else days * 24.0)
            lines = [
                (rows[rng.randrange(len(rows))]["sku"], rng.randint(1, 3))
                for _ in range(rng.randint(1, 3))
            ]
            lines = list(dict(lines).items())  # one line per offer
            made.append(
                _order(
                    index,
                    9000000000,
                    start,
                    _state_by_age(hours, rng),
                    hours,
                    lines,
                    True,
                    by_sku,
                    products,
                )
            )
        return cls(products=products, offers=rows, orders=made, carriers=CARRIERS)


def _positions(offers: Sequence[Mapping[str, str]]) -> dict[str, tuple[int, Mapping[str, str]]]:
    return {offer["sku"]: (number, offer) for number, offer in enumerate(offers)}


def _state_by_age(hours: float, rng: random.Random) -> str:
    if rng.random() < 0.1 and hours > 24:
        return rng.choice([OrderState.CANCELED, OrderState.REFUSED]).value
    if hours < 70:
        return rng.choice([OrderState.WAITING_ACCEPTANCE, OrderState.SHIPPING]).value
    if hours < 7 * 24 + 20:
        return OrderState.SHIPPED.value
    if hours < 115 * 24 + 20:
        return OrderState.RECEIVED.value
    return OrderState.CLOSED.value


def _order(
    index: int,
    base: int,
    start: datetime,
    state: str,
    hours: float,
    lines: Sequence[tuple[str, int]],
    pays: bool,
    by_sku: Mapping[str, tuple[int, Mapping[str, str]]],
    products: Mapping[str, tuple[str, str]],
) -> Order:
    """One seeded order `hours` old in `state`, with what that state implies stamped on it.

    `by_sku` gives each offer with its position (its OF21 `offer_id` is 2001 + position).
    """
    created = start - timedelta(hours=hours)
    commercial = f"{base + index}"
    order_id = f"{commercial}-A"
    order_lines = []
    for number, (sku, quantity) in enumerate(lines, start=1):
        position, offer = by_sku[sku]
        product = offer["product-id"]
        order_lines.append(
            Line(
                line_id=f"{order_id}-{number}",
                offer_id=2001 + position,
                offer_sku=sku,
                product_sku=product,
                title=products[product][0],
                category_code=products[product][1],
                quantity=quantity,
                unit_price=Decimal(offer["price"]),
                shipping_price=Decimal("4.90") if number == 1 else Decimal(0),
                state=str(state),
                updated=created + timedelta(minutes=5),
            )
        )
    order = Order(
        order_id=order_id,
        commercial_id=commercial,
        created=created,
        updated=created + timedelta(minutes=5),
        state=str(state),
        lines=order_lines,
        customer=_customer(index),
        shipping_type_code="TRACKED" if index % 4 == 3 else "STD",
        pays=pays,
    )
    if state not in (OrderState.STAGING, OrderState.WAITING_ACCEPTANCE):
        order.accepted_at = min(created + timedelta(minutes=3), start)
        order.decided_by_shop = True
    if state in (OrderState.SHIPPING, OrderState.SHIPPED, OrderState.TO_COLLECT):
        order.debited_at = created + timedelta(minutes=40)
    if state in (OrderState.SHIPPED, OrderState.RECEIVED, OrderState.CLOSED, UNLISTED_ORDER_STATE):
        order.debited_at = created + timedelta(minutes=40)
        order.shipped_at = created + timedelta(hours=20)
        order.carrier = {
            "carrier_code": "COLISSIMO",
            "carrier_name": "Colissimo",
            "carrier_url": None,
            "tracking_number": f"6A{commercial}",
        }
    if state in (OrderState.CANCELED, OrderState.REFUSED):
        order.reason, order.reason_code = "Seeded", SHOP_REASON
    return order
