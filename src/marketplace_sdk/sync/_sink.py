"""The host's side of a sync: where records go, and the contract a sink keeps.

The contract (fetch at least once, store idempotently: exactly once in the host's store):

- A sink method returns only once the batch is durably stored. Returning is the
  acknowledgement: only then does the job save its cursor past the batch's slice. The order
  is always acknowledgement first, cursor second, so a crash between the two (the batch
  stored, the cursor not saved) makes the next run fetch and deliver that slice again: a
  repeat, never a loss.
- Raising stops the run. The cursor stays at the last acknowledged slice, and the next run
  fetches that slice again.
- Overlapping windows, retried slices and a crash before the cursor save deliver some records
  more than once. Records carry stable ids (`Order.order_id`, `Cancellation.order_id` +
  `cancelled_at`, `Product.sku`, `Category.id`), so the sink upserts by them and a repeat
  costs nothing.
- A later delivery of the same order carries the marketplace's newer state: upsert wins by
  `updated_at` (a repeat of an older state never overwrites a newer one), never by arrival
  order when the host's store may receive batches out of order.
- A record the SDK cannot convert reaches `quarantine` as a `QuarantinedRecord` (marketplace,
  kind, id, raw payload, error), acknowledged before the cursor moves like any batch, while
  the rest of its slice is delivered. Upsert items by `QuarantinedRecord.key` (the same record
  is set aside again on every run that reads it); when the record is delivered later, after a
  fix (`refetch_orders` fetches orders again by id), drop its item.

`MemorySink` keeps that contract in memory, for tests, the demo and notebooks.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.core._models import Cancellation
    >>> from marketplace_sdk.sync._specs import ShopRef
    >>> sink, shop = MemorySink(), ShopRef("etsy", "42")
    >>> cancelled = Cancellation(order_id="1001", cancelled_at=datetime(2026, 3, 1, tzinfo=UTC),
    ...                          marketplace_status="Cancelled")
    >>> sink.cancellations(shop, [cancelled]); sink.cancellations(shop, [cancelled])
    >>> len(sink.cancellations_of(shop)), sink.deliveries
    (1, 2)
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Protocol

from marketplace_sdk.core._models import Cancellation, Category, Order, Product
from marketplace_sdk.core._records import QuarantinedRecord
from marketplace_sdk.sync._specs import ShopRef

__all__ = ["MemorySink", "Sink"]


class Sink(Protocol):
    """Where a sync job hands the records it fetched for one shop (see the module's contract).

    Examples:
        class OmsSink:
            def orders(self, shop, batch): oms.upsert_orders(shop.marketplace, batch)
            def cancellations(self, shop, batch): oms.apply_cancellations(batch)
            def products(self, shop, batch): oms.upsert_products(batch)
            def categories(self, shop, batch): oms.upsert_categories(batch)
            def quarantine(self, shop, batch): oms.upsert_quarantined(shop, batch)
    """

    def orders(self, shop: ShopRef, batch: Sequence[Order]) -> None:
        """Store orders (upsert by `order_id`, newer `updated_at` wins)."""
        ...

    def cancellations(self, shop: ShopRef, batch: Sequence[Cancellation]) -> None:
        """Apply cancellations (idempotent by order and time)."""
        ...

    def products(self, shop: ShopRef, batch: Sequence[Product]) -> None:
        """Store products (upsert by `sku`)."""
        ...

    def categories(self, shop: ShopRef, batch: Sequence[Category]) -> None:
        """Store categories (upsert by `id`)."""
        ...

    def quarantine(self, shop: ShopRef, batch: Sequence[QuarantinedRecord]) -> None:
        """Store records set aside (upsert by `key`) for a person and a later refetch."""
        ...


class MemorySink:
    """A thread-safe in-memory sink keeping the contract: upserts, newest state wins.

    `deliveries` counts batches received, `received` records received (repeats included), so a
    test can see the overlap that the upsert absorbed; records set aside are not counted there
    but kept apart (`quarantined_of`).

    Examples:
        >>> MemorySink().orders_of(ShopRef("fnac", "S1"))
        {}
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._orders: dict[tuple[str, str], dict[str, Order]] = {}
        self._cancellations: dict[tuple[str, str], dict[str, Cancellation]] = {}
        self._products: dict[tuple[str, str], dict[str, Product]] = {}
        self._categories: dict[tuple[str, str], dict[str, Category]] = {}
        self._quarantined: dict[tuple[str, str], dict[str, QuarantinedRecord]] = {}
        self.deliveries = 0
        self.received = 0

    def __repr__(self) -> str:
        with self._lock:
            counts = {
                "orders": sum(map(len, self._orders.values())),
                "cancellations": sum(map(len, self._cancellations.values())),
                "products": sum(map(len, self._products.values())),
                "categories": sum(map(len, self._categories.values())),
            }
            quarantined = sum(map(len, self._quarantined.values()))
        if quarantined:
            counts["quarantined"] = quarantined
        return f"MemorySink({', '.join(f'{k}={v}' for k, v in counts.items())})"

    @staticmethod
    def _key(shop: ShopRef) -> tuple[str, str]:
        return (shop.marketplace, shop.shop_id)

    def _count(self, size: int) -> None:
        self.deliveries += 1
        self.received += size

    def orders(self, shop: ShopRef, batch: Sequence[Order]) -> None:
        """Upsert orders by id; an older `updated_at` never overwrites a newer one.

        An order delivered supersedes what was set aside under its id (as an order or a
        cancellation): it was fetched again and converted.

        Examples:
            >>> MemorySink().orders(ShopRef("etsy", "1"), [])
        """
        with self._lock:
            self._count(len(batch))
            stored = self._orders.setdefault(self._key(shop), {})
            aside = self._quarantined.get(self._key(shop), {})
            for order in batch:
                known = stored.get(order.order_id)
                if known is None or order.updated_at >= known.updated_at:
                    stored[order.order_id] = order
                for kind in ("order", "cancellation"):
                    aside.pop(f"{shop.marketplace}/{kind}/{order.order_id}", None)

    def cancellations(self, shop: ShopRef, batch: Sequence[Cancellation]) -> None:
        """Record cancellations by order id (the latest wins).

        Examples:
            >>> MemorySink().cancellations(ShopRef("etsy", "1"), [])
        """
        with self._lock:
            self._count(len(batch))
            stored = self._cancellations.setdefault(self._key(shop), {})
            for cancellation in batch:
                known = stored.get(cancellation.order_id)
                if known is None or cancellation.cancelled_at >= known.cancelled_at:
                    stored[cancellation.order_id] = cancellation

    def products(self, shop: ShopRef, batch: Sequence[Product]) -> None:
        """Upsert products by SKU.

        Examples:
            >>> MemorySink().products(ShopRef("etsy", "1"), [])
        """
        with self._lock:
            self._count(len(batch))
            stored = self._products.setdefault(self._key(shop), {})
            for product in batch:
                stored[product.sku] = product

    def categories(self, shop: ShopRef, batch: Sequence[Category]) -> None:
        """Upsert categories by id.

        Examples:
            >>> MemorySink().categories(ShopRef("etsy", "1"), [])
        """
        with self._lock:
            self._count(len(batch))
            stored = self._categories.setdefault(self._key(shop), {})
            for category in batch:
                stored[category.id] = category

    def quarantine(self, shop: ShopRef, batch: Sequence[QuarantinedRecord]) -> None:
        """Upsert the records set aside by their `key` (the latest error wins).

        Examples:
            >>> MemorySink().quarantine(ShopRef("etsy", "1"), [])
        """
        with self._lock:
            stored = self._quarantined.setdefault(self._key(shop), {})
            for item in batch:
                stored[item.key] = item

    def quarantined_of(self, shop: ShopRef) -> dict[str, QuarantinedRecord]:
        """A copy of the records set aside for `shop` and not delivered since, by `key`.

        Examples:
            >>> MemorySink().quarantined_of(ShopRef("etsy", "1"))
            {}
        """
        with self._lock:
            return dict(self._quarantined.get(self._key(shop), {}))

    def orders_of(self, shop: ShopRef) -> dict[str, Order]:
        """A copy of the orders stored for `shop`, by order id.

        Examples:
            >>> MemorySink().orders_of(ShopRef("etsy", "1"))
            {}
        """
        with self._lock:
            return dict(self._orders.get(self._key(shop), {}))

    def cancellations_of(self, shop: ShopRef) -> dict[str, Cancellation]:
        """A copy of the cancellations stored for `shop`, by order id.

        Examples:
            >>> MemorySink().cancellations_of(ShopRef("etsy", "1"))
            {}
        """
        with self._lock:
            return dict(self._cancellations.get(self._key(shop), {}))

    def products_of(self, shop: ShopRef) -> dict[str, Product]:
        """A copy of the products stored for `shop`, by SKU.

        Examples:
            >>> MemorySink().products_of(ShopRef("etsy", "1"))
            {}
        """
        with self._lock:
            return dict(self._products.get(self._key(shop), {}))

    def categories_of(self, shop: ShopRef) -> dict[str, Category]:
        """A copy of the categories stored for `shop`, by id.

        Examples:
            >>> MemorySink().categories_of(ShopRef("etsy", "1"))
            {}
        """
        with self._lock:
            return dict(self._categories.get(self._key(shop), {}))
