"""The demo's OMS: a small, honest host that keeps the sink contract and the seeds' status rules.

It is what an OMS team writes around the SDK, kept in memory: it upserts orders by id (a newer
`updated_at` wins, so overlapping windows cost nothing), decides each order's OMS status with the
marketplace's status table (`decide_transition`: New or Partial by its own stock, forward moves
applied, a buyer cancellation after Ready to Ship held as a conflict for a person), keeps its
stock per SKU, and moves orders forward itself when it packs and ships them.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.core._models import Cancellation
    >>> from marketplace_sdk.sync._specs import ShopRef
    >>> oms = DemoOms()
    >>> shop = ShopRef("fnac", "S1")
    >>> oms.cancellations(shop, [Cancellation(order_id="X1", marketplace_status="Cancelled",
    ...                   cancelled_at=datetime(2026, 3, 1, tzinfo=UTC))])
    >>> oms.order(shop, "X1") is None  # a cancellation for an order not synced yet waits
    True
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Mapping, Sequence

import attrs

from marketplace_sdk.core._models import Cancellation, Category, Order, Product
from marketplace_sdk.core._records import QuarantinedRecord
from marketplace_sdk.core._status import Conflict, MoveTo, OmsStatus, StatusTable, UnknownStatus
from marketplace_sdk.core._transitions import decide_transition
from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
from marketplace_sdk.fnac._status import FNAC_STATUS_TABLE
from marketplace_sdk.mirakl._status import MIRAKL_STATUS_TABLE
from marketplace_sdk.sync._runtime import StockLookup
from marketplace_sdk.sync._specs import ShopRef

__all__ = ["STATUS_TABLES", "DemoOms", "OmsOrder"]

#: Each marketplace's status table, by the channel's marketplace name.
STATUS_TABLES: Mapping[str, StatusTable] = {
    "etsy": ETSY_STATUS_TABLE,
    "fnac": FNAC_STATUS_TABLE,
    "mirakl": MIRAKL_STATUS_TABLE,
}

_Key = tuple[str, str]


@attrs.define
class OmsOrder:
    """An order as the OMS holds it.

    Attributes:
        order: the marketplace's latest version of it.
        status: its OMS status (`None` while the marketplace status is unknown).
        conflict: the open conflict a person must resolve, if any.
        unknown: a marketplace status the table does not know, kept for the report.
        in_stock: whether the OMS had every line in stock when it last decided New or Partial.
        tracking: the tracking number the OMS shipped it with.
    """

    order: Order
    status: OmsStatus | None = None
    conflict: Conflict | None = None
    unknown: str | None = None
    in_stock: bool = True
    tracking: str | None = None


class DemoOms:
    """The demo's host: a `Sink` with the seeds' status rules and its own stock.

    Examples:
        oms = DemoOms(); runtime = Runtime(channel_for=..., cursors=..., sink=oms)
    """

    def __init__(self, tables: Mapping[str, StatusTable] = STATUS_TABLES) -> None:
        self._tables = tables
        self._lock = threading.RLock()
        self._orders: dict[_Key, dict[str, OmsOrder]] = {}
        self._pending_cancellations: dict[_Key, dict[str, Cancellation]] = {}
        self._products: dict[_Key, dict[str, Product]] = {}
        self._categories: dict[_Key, dict[str, Category]] = {}
        self._quarantined: dict[_Key, dict[str, QuarantinedRecord]] = {}
        self._stock: dict[_Key, dict[str, int]] = {}
        self.deliveries = 0
        self.received = 0

    def __repr__(self) -> str:
        with self._lock:
            orders = sum(map(len, self._orders.values()))
            products = sum(map(len, self._products.values()))
        return f"DemoOms(orders={orders}, products={products})"

    @staticmethod
    def _key(shop: ShopRef) -> _Key:
        return (shop.marketplace, shop.shop_id)

    # -- the sink ---------------------------------------------------------------------------

    def orders(self, shop: ShopRef, batch: Sequence[Order]) -> None:
        """Upsert orders and decide their OMS status."""
        with self._lock:
            self.deliveries += 1
            self.received += len(batch)
            stored = self._orders.setdefault(self._key(shop), {})
            for order in batch:
                held = stored.get(order.order_id)
                if held is not None and order.updated_at < held.order.updated_at:
                    continue  # an older copy from an overlapping window
                if held is None:
                    held = stored[order.order_id] = OmsOrder(order=order)
                else:
                    held.order = order
                self._decide(shop, held, order.marketplace_status)
                waiting = self._pending_cancellations.get(self._key(shop), {}).pop(
                    order.order_id, None
                )
                if waiting is not None:
                    self._decide(shop, held, waiting.marketplace_status)

    def cancellations(self, shop: ShopRef, batch: Sequence[Cancellation]) -> None:
        """Apply buyer cancellations (held for later when the order is not synced yet)."""
        with self._lock:
            self.deliveries += 1
            self.received += len(batch)
            stored = self._orders.get(self._key(shop), {})
            for cancellation in batch:
                held = stored.get(cancellation.order_id)
                if held is None:
                    pending = self._pending_cancellations.setdefault(self._key(shop), {})
                    pending[cancellation.order_id] = cancellation
                    continue
                self._decide(shop, held, cancellation.marketplace_status)

    def products(self, shop: ShopRef, batch: Sequence[Product]) -> None:
        """Upsert products by SKU; their marketplace stock seeds the OMS's stock."""
        with self._lock:
            self.deliveries += 1
            self.received += len(batch)
            stored = self._products.setdefault(self._key(shop), {})
            stock = self._stock.setdefault(self._key(shop), {})
            for product in batch:
                stored[product.sku] = product
                levels = [(v.sku, v.stock) for v in product.variants] or [
                    (product.sku, product.stock)
                ]
                for sku, quantity in levels:
                    if quantity is not None and sku not in stock:
                        stock[sku] = quantity

    def categories(self, shop: ShopRef, batch: Sequence[Category]) -> None:
        """Upsert categories by id."""
        with self._lock:
            self.deliveries += 1
            self.received += len(batch)
            stored = self._categories.setdefault(self._key(shop), {})
            for category in batch:
                stored[category.id] = category

    def quarantine(self, shop: ShopRef, batch: Sequence[QuarantinedRecord]) -> None:
        """Keep the records the SDK set aside, by key, for a person to look at."""
        with self._lock:
            stored = self._quarantined.setdefault(self._key(shop), {})
            for item in batch:
                stored[item.key] = item

    def quarantined_of(self, shop: ShopRef) -> dict[str, QuarantinedRecord]:
        """A copy of the records set aside for `shop`, by key."""
        with self._lock:
            return dict(self._quarantined.get(self._key(shop), {}))

    # -- the OMS's own moves ----------------------------------------------------------------

    def _decide(self, shop: ShopRef, held: OmsOrder, incoming: str) -> None:
        table = self._tables[shop.marketplace]
        held.in_stock = self._all_in_stock(shop, held.order)
        decision = decide_transition(table, held.status, incoming, all_lines_in_stock=held.in_stock)
        if isinstance(decision, MoveTo):
            held.status = decision.status
            held.unknown = None
        elif isinstance(decision, Conflict):
            held.conflict = decision
        elif isinstance(decision, UnknownStatus):
            held.unknown = decision.raw

    def _all_in_stock(self, shop: ShopRef, order: Order) -> bool:
        stock = self._stock.get(self._key(shop), {})
        wanted: Counter[str] = Counter()
        for line in order.lines:
            if line.sku:
                wanted[line.sku] += line.quantity
        return all(stock.get(sku, 0) >= quantity for sku, quantity in wanted.items())

    def set_stock(self, shop: ShopRef, sku: str, quantity: int) -> None:
        """The OMS's available quantity of `sku` changes (a delivery, a count, a sale elsewhere).

        Examples:
            oms.set_stock(shop, "MUG-RED", 12)
        """
        with self._lock:
            self._stock.setdefault(self._key(shop), {})[sku] = quantity

    def stock_of(self, shop: ShopRef) -> dict[str, int]:
        """A copy of the OMS's stock for `shop`.

        Examples:
            levels = oms.stock_of(shop)
        """
        with self._lock:
            return dict(self._stock.get(self._key(shop), {}))

    def available(self, shop: ShopRef) -> StockLookup:
        """The stock lookup the acceptance job reads (`Runtime.stock_for`).

        Examples:
            runtime = Runtime(..., stock_for=oms.available)
        """

        def lookup(sku: str) -> int:
            with self._lock:
                return self._stock.get(self._key(shop), {}).get(sku, 0)

        return lookup

    def mark_ready_to_ship(self, shop: ShopRef, order_id: str) -> bool:
        """The warehouse packed the order: Ready to Ship in the OMS (before the marketplace
        hears of it). False when the order cannot move there (cancelled, conflict, unknown).

        Examples:
            oms.mark_ready_to_ship(shop, "1234")
        """
        with self._lock:
            held = self.order(shop, order_id)
            if held is None or held.conflict is not None:
                return False
            if held.status not in (OmsStatus.NEW, OmsStatus.RFP):
                return False
            held.status = OmsStatus.READY_TO_SHIP
            return True

    def record_tracking(self, shop: ShopRef, order_id: str, tracking: str) -> None:
        """Note the tracking number the order was shipped with.

        Examples:
            oms.record_tracking(shop, "1234", "1Z999")
        """
        with self._lock:
            held = self.order(shop, order_id)
            if held is not None:
                held.tracking = tracking

    # -- reading ----------------------------------------------------------------------------

    def order(self, shop: ShopRef, order_id: str) -> OmsOrder | None:
        """The OMS's order, or `None` when it has not been synced.

        Examples:
            held = oms.order(shop, "1234")
        """
        with self._lock:
            return self._orders.get(self._key(shop), {}).get(order_id)

    def orders_of(self, shop: ShopRef) -> dict[str, OmsOrder]:
        """A copy of the shop's orders by id.

        Examples:
            len(oms.orders_of(shop))
        """
        with self._lock:
            return dict(self._orders.get(self._key(shop), {}))

    def products_of(self, shop: ShopRef) -> dict[str, Product]:
        """A copy of the shop's products by SKU.

        Examples:
            len(oms.products_of(shop))
        """
        with self._lock:
            return dict(self._products.get(self._key(shop), {}))

    def categories_of(self, shop: ShopRef) -> dict[str, Category]:
        """A copy of the shop's categories by id.

        Examples:
            len(oms.categories_of(shop))
        """
        with self._lock:
            return dict(self._categories.get(self._key(shop), {}))

    def status_counts(self, shop: ShopRef) -> Counter[str]:
        """How many orders the shop has in each OMS status.

        An order whose marketplace status the seed's table does not name (FNAC's NotReceived,
        an incident) counts as `not in the table (<status>)`: it is left for a person.

        Examples:
            oms.status_counts(shop).most_common()
        """
        with self._lock:
            return Counter(
                str(held.status)
                if held.status is not None
                else f"not in the table ({held.unknown})"
                for held in self._orders.get(self._key(shop), {}).values()
            )

    def conflicts(self, shop: ShopRef) -> dict[str, Conflict]:
        """The open conflicts of the shop, by order id.

        Examples:
            for order_id, conflict in oms.conflicts(shop).items(): print(conflict.message)
        """
        with self._lock:
            return {
                order_id: held.conflict
                for order_id, held in self._orders.get(self._key(shop), {}).items()
                if held.conflict is not None
            }
