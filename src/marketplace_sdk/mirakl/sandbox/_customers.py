"""The operator's front office in the MMP sandbox: customers order, cancel and confirm receipt.

The seller API has no call for these: they happen on the operator's side and the shop only
sees their effects through OR11. A placed order takes stock from the offers it names and
enters the workflow at WAITING_ACCEPTANCE, from where it moves on the sandbox clock exactly
as a seeded order does (the shop accepts it with OR21 or the operator refuses it after the
deadline, MIRAKL-Q09; it waits for the debit, reaches SHIPPING, is shipped, received, closed).
A cancellation at the customer's request (the operator's customer service cancels it) is
possible until the order is shipped: every live line gets a cancellation record for what was
left of it, shipping included, and the order becomes CANCELED. What a cancellation does to the
offers' stock is the operator's setting, so the sandbox leaves it as it is: the shop's next
stock push says what it has. A customer may confirm receipt
of a shipped order before the operator's own delay does it (MIRAKL-Q10).

Each action raises `KeyError` for an unknown offer or order and `ValueError` for what the
order's state or the offer's stock does not allow; a refused action changes nothing.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.mirakl.sandbox._offers import OfferStore
    >>> from marketplace_sdk.mirakl.sandbox._orders import OrderBook
    >>> from marketplace_sdk.mirakl.sandbox._order_records import Timings
    >>> from marketplace_sdk.mirakl.sandbox._shop_seed import ShopSeed
    >>> now = datetime(2026, 1, 1, tzinfo=UTC)
    >>> seed = ShopSeed.default(now)
    >>> offers = OfferStore({sku: p[0] for sku, p in seed.products.items()}, lambda name: True)
    >>> for row in seed.offers:
    ...     offers.put(dict(row))
    >>> front = Customers(OrderBook([], Timings(), lambda name: True), offers, seed.products)
    >>> order = front.place_order({"SKU-MUG": 2}, now)
    >>> order.state, offers.offers["SKU-MUG"]["quantity"]
    ('WAITING_ACCEPTANCE', '118')
    >>> front.cancel_order(order.order_id, now).state
    'CANCELED'
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from decimal import Decimal

from marketplace_sdk.mirakl.sandbox._offers import OfferStore
from marketplace_sdk.mirakl.sandbox._order_records import (
    BEFORE_SHIPPING,
    CUSTOMER_REASON,
    Line,
    Order,
    OrderState,
)
from marketplace_sdk.mirakl.sandbox._orders import OrderBook, _money_record
from marketplace_sdk.mirakl.sandbox._shop_seed import _customer

__all__ = ["CANCELLABLE", "Customers"]

#: The states a customer's cancellation reaches: anything not yet shipped.
CANCELLABLE = frozenset(BEFORE_SHIPPING | {OrderState.SHIPPING})

#: The first commercial id of a placed order when the shop has none that is numeric.
_FIRST_COMMERCIAL_ID = 7_000_000_000

_SHIPPING_PRICE = Decimal("4.90")


class Customers:
    """The operator's customers acting on one shop's offers and orders.

    Args:
        book: the shop's orders (`OrderBook`).
        offers: the shop's offers (`OfferStore`); an order takes stock from them.
        products: the operator's catalogue, product sku to (title, category).

    Examples:
        front = Customers(sandbox.book, sandbox.offers, sandbox.shop.products)
        order = front.place_order(["SKU-MUG"], clock.now())
    """

    def __init__(
        self,
        book: OrderBook,
        offers: OfferStore,
        products: Mapping[str, tuple[str, str]],
    ) -> None:
        self.book = book
        self.offers = offers
        self.products = products
        self._placed = 0
        numeric = [int(o.commercial_id) for o in book.orders.values() if o.commercial_id.isdigit()]
        self._next_commercial = max(numeric, default=_FIRST_COMMERCIAL_ID - 1) + 1

    def place_order(
        self,
        skus: Sequence[str] | Mapping[str, int],
        now: datetime,
        *,
        pays: bool = True,
        shipping_type_code: str = "STD",
    ) -> Order:
        """A customer orders the offers `skus` (a list, or SKU to quantity) at `now`.

        The order waits for the shop's decision (WAITING_ACCEPTANCE) and each offer's
        quantity goes down by what was ordered. With `pays=False` the customer's debit never
        succeeds and the operator cancels the accepted order later (MIRAKL-Q10).

        Raises:
            KeyError: an SKU has no offer.
            ValueError: nothing is ordered, a quantity is not positive, or an offer lacks
                the stock.

        Examples:
            order = front.place_order({"SKU-KETTLE": 1, "SKU-MUG": 4}, clock.now())
        """
        quantities = dict(skus) if isinstance(skus, Mapping) else dict.fromkeys(skus, 1)
        if not quantities:
            raise ValueError("an order needs at least one offer")
        for sku, quantity in quantities.items():
            row = self.offers.offers.get(sku)
            if row is None:
                raise KeyError(f"the shop has no offer {sku!r}")
            if quantity < 1:
                raise ValueError(f"offer {sku}: cannot order {quantity}")
            stock = int(row.get("quantity") or 0)
            if stock < quantity:
                raise ValueError(f"offer {sku} has {stock} in stock, not {quantity}")
        commercial = str(self._next_commercial)
        self._next_commercial += 1
        order_id = f"{commercial}-A"
        lines = []
        for number, (sku, quantity) in enumerate(quantities.items(), start=1):
            row = self.offers.offers[sku]
            row["quantity"] = str(int(row.get("quantity") or 0) - quantity)
            product = row["product-id"]
            title, category = self.products.get(product, (product, "UNKNOWN"))
            lines.append(
                Line(
                    line_id=f"{order_id}-{number}",
                    offer_id=self.offers.offer_ids[sku],
                    offer_sku=sku,
                    product_sku=product,
                    title=title,
                    category_code=category,
                    quantity=quantity,
                    unit_price=Decimal(row["price"]),
                    shipping_price=_SHIPPING_PRICE if number == 1 else Decimal(0),
                    state=OrderState.WAITING_ACCEPTANCE.value,
                    updated=now,
                )
            )
        order = Order(
            order_id=order_id,
            commercial_id=commercial,
            created=now,
            updated=now,
            state=OrderState.WAITING_ACCEPTANCE.value,
            lines=lines,
            customer=_customer(self._placed),
            shipping_type_code=shipping_type_code,
            pays=pays,
        )
        self._placed += 1
        self.book.orders[order_id] = order
        return order

    def cancel_order(
        self, order_id: str, now: datetime, *, reason_code: str = CUSTOMER_REASON
    ) -> Order:
        """The operator cancels the order at the customer's request (until it is shipped).

        Every line still live gets a cancellation of what is left of it (its shipping
        included); the order and its lines become CANCELED.

        Raises:
            KeyError: no such order.
            ValueError: the order is shipped, received, closed, refused or cancelled.

        Examples:
            front.cancel_order("7000000000-A", clock.now())
        """
        order = self.order(order_id)
        if order.state not in CANCELLABLE:
            raise ValueError(f"order {order_id} is {order.state}: the customer cannot cancel it")
        for line in order.lines:
            left = line.quantity - line.cancelled_quantity()
            if line.state in (OrderState.REFUSED, OrderState.CANCELED) or left <= 0:
                continue
            record = _money_record(
                self.book.next_record_id(),
                left,
                line.unit_price * left,
                line.shipping_price,
                reason_code,
                now,
            )
            line.cancelations.append(record)
        order.end(OrderState.CANCELED, now, "Canceled at the customer's request", reason_code)
        return order

    def mark_received(self, order_id: str, now: datetime) -> Order:
        """The customer confirms receipt of a shipped order: it becomes RECEIVED at `now`.

        It closes later on the operator's delay, counted from the shipment as before.

        Raises:
            KeyError: no such order.
            ValueError: the order is not shipped (or is already received).

        Examples:
            front.mark_received("7000000000-A", clock.now())
        """
        order = self.order(order_id)
        if order.state != OrderState.SHIPPED:
            raise ValueError(f"order {order_id} is {order.state}: nothing to receive")
        order.move(OrderState.RECEIVED, now)
        return order

    def order(self, order_id: str) -> Order:
        """The order `order_id` (raises `KeyError` when unknown).

        Examples:
            front.order("8580226802-A").state
        """
        order = self.book.orders.get(order_id)
        if order is None:
            raise KeyError(f"the shop has no order {order_id!r}")
        return order
