"""The Channel protocols: a conforming in-memory channel type-checks and is recognised."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Iterable, Iterator, Sequence
from datetime import UTC, datetime

import pytest

from marketplace_sdk.core import RefusedOperations
from marketplace_sdk.core._async.channel import AsyncChannel
from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._errors import NotFoundError, UnsupportedOperation
from marketplace_sdk.core._models import (
    Cancellation,
    Category,
    CategoryAttribute,
    Order,
    OrderTotals,
    PriceUpdate,
    Product,
    ProductDraft,
    Shipment,
    StockUpdate,
)
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.core._results import BatchResult, ItemResult
from marketplace_sdk.core._sync.channel import Channel
from marketplace_sdk.fnac import FNAC_CAPABILITIES

T0 = datetime(2026, 1, 1, tzinfo=UTC)


class MemoryChannel(RefusedOperations):
    """A minimal channel over dicts, with FNAC's capabilities."""

    marketplace = "memory"
    shop_id = "shop-1"

    def __init__(self) -> None:
        self.products = {"MUG": Product(sku="MUG", title="Mug", marketplace_id="1", stock=1)}
        self.orders = {
            "O1": Order(
                order_id="O1",
                created_at=T0,
                updated_at=T0,
                marketplace_status="To be Shipped",
                lines=(),
                totals=OrderTotals(total=Money(amount="1", currency="EUR")),
            )
        }

    @property
    def capabilities(self) -> Capabilities:
        return FNAC_CAPABILITIES

    def iter_categories(self) -> Iterator[Category]:
        yield Category(id="1", name="Home")

    def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        return [CategoryAttribute(id="a", name="Color", category_id=category_id)]

    def iter_products(self, *, quarantine: Quarantine | None = None) -> Iterator[Product]:
        yield from self.products.values()

    def get_product(self, sku: str) -> Product:
        try:
            return self.products[sku]
        except KeyError:
            raise NotFoundError(f"no product {sku}", marketplace=self.marketplace) from None

    def list_product(self, draft: ProductDraft) -> ItemResult:
        if draft.variants:
            self.capabilities.require("variation_product_listing")
        return ItemResult.ok(draft.sku, marketplace_id="2")

    def list_products(
        self,
        drafts: Sequence[ProductDraft],
        *,
        on_result: Callable[[int, ItemResult], None] | None = None,
    ) -> Sequence[ItemResult]:
        return [self.list_product(draft) for draft in drafts]

    def set_active(self, sku: str, active: bool) -> ItemResult:
        self.capabilities.require("activate_deactivate")
        return ItemResult.ok(sku)

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        return BatchResult(
            ItemResult.ok(u.sku)
            if u.sku in self.products
            else ItemResult.rejected(u.sku, message="unknown SKU")
            for u in updates
        )

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        return BatchResult(ItemResult.ok(u.sku) for u in updates)

    def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> Iterator[Order]:
        for order in self.orders.values():
            if updated_since <= order.updated_at < updated_until and (
                statuses is None or order.marketplace_status in statuses
            ):
                yield order

    def get_order(self, order_id: str) -> Order:
        return self.orders[order_id]

    def accept_order(
        self, order_id: str, lines: Collection[str] | None = None
    ) -> Sequence[ItemResult]:
        chosen = self.orders[order_id].line_ids() if lines is None else tuple(lines)
        return BatchResult(ItemResult.ok(line) for line in chosen)

    def ready_to_ship(self, order_id: str, shipment: Shipment) -> ItemResult:
        return ItemResult.ok(order_id)

    def iter_cancellations(
        self, since: datetime, *, quarantine: Quarantine | None = None
    ) -> Iterator[Cancellation]:
        return iter(())


class AsyncMemoryChannel(RefusedOperations):
    """The async twin over the same data."""

    marketplace = "memory"
    shop_id = "shop-1"

    def __init__(self) -> None:
        self._sync = MemoryChannel()

    @property
    def capabilities(self) -> Capabilities:
        return self._sync.capabilities

    async def iter_categories(self) -> AsyncIterator[Category]:
        for category in self._sync.iter_categories():
            yield category

    async def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        return self._sync.get_category_attributes(category_id)

    async def iter_products(
        self, *, quarantine: Quarantine | None = None
    ) -> AsyncIterator[Product]:
        for product in self._sync.iter_products(quarantine=quarantine):
            yield product

    async def get_product(self, sku: str) -> Product:
        return self._sync.get_product(sku)

    async def list_product(self, draft: ProductDraft) -> ItemResult:
        return self._sync.list_product(draft)

    async def list_products(
        self,
        drafts: Sequence[ProductDraft],
        *,
        on_result: Callable[[int, ItemResult], None] | None = None,
    ) -> Sequence[ItemResult]:
        return self._sync.list_products(drafts)

    async def set_active(self, sku: str, active: bool) -> ItemResult:
        return self._sync.set_active(sku, active)

    async def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        return self._sync.push_stock(updates)

    async def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        return self._sync.push_prices(updates)

    async def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> AsyncIterator[Order]:
        for order in self._sync.iter_orders(
            updated_since, updated_until, statuses, quarantine=quarantine
        ):
            yield order

    async def get_order(self, order_id: str) -> Order:
        return self._sync.get_order(order_id)

    async def accept_order(
        self, order_id: str, lines: Collection[str] | None = None
    ) -> Sequence[ItemResult]:
        return self._sync.accept_order(order_id, lines)

    async def ready_to_ship(self, order_id: str, shipment: Shipment) -> ItemResult:
        return self._sync.ready_to_ship(order_id, shipment)

    async def iter_cancellations(
        self, since: datetime, *, quarantine: Quarantine | None = None
    ) -> AsyncIterator[Cancellation]:
        for cancellation in self._sync.iter_cancellations(since, quarantine=quarantine):
            yield cancellation


def failed_stock(channel: Channel, levels: dict[str, int]) -> list[str]:
    """What a host writes: code against the protocol only."""
    results = channel.push_stock(StockUpdate(sku=s, quantity=q) for s, q in levels.items())
    return [result.key for result in results if not result.is_ok]


def test_a_conforming_channel_is_a_channel() -> None:
    channel: Channel = MemoryChannel()  # mypy checks the shape
    assert isinstance(channel, Channel)
    assert failed_stock(channel, {"MUG": 3, "NOPE": 1}) == ["NOPE"]


def test_an_object_missing_operations_is_not_a_channel() -> None:
    assert not isinstance(object(), Channel)
    assert not isinstance(object(), AsyncChannel)


def test_unsupported_operations_name_the_limit() -> None:
    channel: Channel = MemoryChannel()
    with pytest.raises(UnsupportedOperation, match="cannot be put on or taken off sale"):
        channel.set_active("MUG", False)


def test_windows_are_half_open() -> None:
    channel: Channel = MemoryChannel()
    assert [o.order_id for o in channel.iter_orders(T0, T0.replace(day=2))] == ["O1"]
    assert list(channel.iter_orders(T0.replace(day=2), T0.replace(day=3))) == []
    assert list(channel.iter_orders(T0, T0.replace(day=2), statuses={"Shipped"})) == []


async def test_a_conforming_async_channel_is_an_async_channel() -> None:
    channel: AsyncChannel = AsyncMemoryChannel()
    assert isinstance(channel, AsyncChannel)
    assert [p.sku async for p in channel.iter_products()] == ["MUG"]
    results = await channel.accept_order("O1", ["L1", "L2"])
    assert [r.key for r in results] == ["L1", "L2"]
