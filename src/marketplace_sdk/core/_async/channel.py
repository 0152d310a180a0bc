"""The `AsyncChannel` protocol: the one shape every marketplace offers the OMS.

A channel is one connected shop on one marketplace. The operations group into catalogue
(categories, products, listing, activation), inventory and price (batched pushes with one
`ItemResult` per item), and orders (windows, acceptance, shipment, cancellations).
`capabilities` tells what the marketplace supports; an operation it does not support raises
`marketplace_sdk.core._errors.UnsupportedOperation` naming the limit, before any call is made.
The protocol comes in two forms, awaited and blocking, with the same operations; every
marketplace offers a channel class for each.

Errors: every method raises the SDK's `MarketplaceError` subclasses (`NotFoundError` for an
unknown SKU or order, `RateLimitedError`, `AuthenticationError`, ...). Batch methods do not
raise for one bad item: that item's result is rejected or retry later.

Records that cannot be converted: a record the marketplace sent that the mapping cannot turn
into its canonical form (an unknown currency, a timestamp out of range, a missing id) is a
`RecordError` naming it (kind, id, raw payload, the cause chained). `get_order` and
`get_product` raise it. The iterators (`iter_orders`, `iter_cancellations`, `iter_products`)
raise it too by default, after yielding the records before it, so whoever iterates sees a typed
error on the record at fault and nothing is skipped silently. Given a `quarantine` callback,
they call it with the `RecordError` instead and go on with the next record: one bad record
never stops the others. The sync jobs pass one and hand each error to the host as a
`QuarantinedRecord`. A callback, rather than a second iterator or error items mixed into the
records, keeps the records' type plain and the default loud; it is a plain function on both
forms of the protocol, called in the iterating thread or task, and must return quickly
(collect, do not block).

Examples:
    A host works against the protocol, never a marketplace client::

        async def sync_stock(channel: AsyncChannel, levels: dict[str, int]) -> list[str]:
            results = await channel.push_stock(
                StockUpdate(sku=sku, quantity=qty) for sku, qty in levels.items()
            )
            return [result.key for result in results if not result.is_ok]
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Collection, Iterable, Sequence
from datetime import datetime
from typing import NoReturn, Protocol, runtime_checkable

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._models import (
    Cancellation,
    Category,
    CategoryAttribute,
    Order,
    PriceUpdate,
    Product,
    ProductDraft,
    Shipment,
    StockUpdate,
)
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.core._results import ItemResult

__all__ = ["AsyncChannel"]


@runtime_checkable
class AsyncChannel(Protocol):
    """One connected shop on one marketplace.

    Examples:
        >>> from marketplace_sdk.core._async.channel import AsyncChannel
        >>> AsyncChannel.__name__
        'AsyncChannel'
    """

    @property
    def marketplace(self) -> str:
        """The marketplace's key (`"etsy"`, `"fnac"`), for cursors and logs."""
        ...

    @property
    def shop_id(self) -> str:
        """The shop's id on the marketplace, for cursors and logs."""
        ...

    @property
    def capabilities(self) -> Capabilities:
        """What this marketplace supports (from the seeds)."""
        ...

    def iter_categories(self) -> AsyncIterator[Category]:
        """Every category the shop can list in, fetched lazily page by page."""
        ...

    async def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        """The attributes of one category (required or not, with their allowed values).

        Raises:
            NotFoundError: no such category.
        """
        ...

    def iter_products(self, *, quarantine: Quarantine | None = None) -> AsyncIterator[Product]:
        """Every product of the shop, lazily; group products carry their variants.

        Duplicate SKUs are yielded as the marketplace has them; the catalogue import keeps one
        per SKU with `marketplace_sdk.core._catalog.dedupe_by_sku`.

        Args:
            quarantine: called with the `RecordError` of each product that cannot be
                converted, which is then skipped; without it, such a product raises.

        Raises:
            RecordError: a product cannot be converted and no `quarantine` was given.
        """
        ...

    async def get_product(self, sku: str) -> Product:
        """The product with this SKU.

        Raises:
            NotFoundError: no product has this SKU.
            RecordError: the product cannot be converted.
        """
        ...

    async def list_product(self, draft: ProductDraft) -> ItemResult:
        """List a new product; ok carries the marketplace's id (a listing id, an import id).

        Raises:
            UnsupportedOperation: `draft` has variants and the marketplace cannot list them.
        """
        ...

    async def list_products(
        self,
        drafts: Sequence[ProductDraft],
        *,
        on_result: Callable[[int, ItemResult], None] | None = None,
    ) -> Sequence[ItemResult]:
        """List several new products: one result per draft, in order (a bulk file's run).

        A marketplace that creates catalogue products by file (FNAC through Mirakl) sends one
        file for every draft it does not know, rather than one per draft. A draft with
        variants the marketplace cannot list is rejected, not raised. `on_result` is called
        with each draft's index and result as soon as it is known, so a caller keeps the
        results already in when an error stops the batch.

        Raises:
            MarketplaceError: an error that stops the whole batch (refused credentials, a
                catalogue not configured); the results given to `on_result` stand.
        """
        ...

    async def set_active(self, sku: str, active: bool) -> ItemResult:
        """Activate or deactivate a product.

        Raises:
            UnsupportedOperation: the marketplace has no activation from the OMS (FNAC).
        """
        ...

    async def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        """Set stock levels; one result per update, in order, keyed by SKU."""
        ...

    async def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        """Set prices (the marketplace's `resolve_price` picks which OMS price is sent).

        One result per update, in order; a price out of range is a rejected item.
        """
        ...

    def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> AsyncIterator[Order]:
        """Orders changed in `[updated_since, updated_until)`, lazily.

        Args:
            updated_since: the window's start (timezone-aware).
            updated_until: the window's end, fixed when the run starts, so records changed
                during the run are caught by the next window rather than skipped.
            statuses: marketplace statuses to keep, as the seed names them ("New",
                "To be Shipped", ...); `None` for all.
            quarantine: called with the `RecordError` of each order that cannot be
                converted, which is then skipped; without it, such an order raises.

        Raises:
            StatusFilterError: `statuses` names a status the marketplace lacks (before any
                request; the error lists the valid ones).
            RecordError: an order cannot be converted and no `quarantine` was given.
            ResponseParseError: an answer was cut short every time it was asked for; a
                page is never read as a shorter one.
        """
        ...

    async def get_order(self, order_id: str) -> Order:
        """One order by its marketplace id.

        Raises:
            NotFoundError: no such order.
            RecordError: the order cannot be converted.
        """
        ...

    async def accept_order(
        self, order_id: str, lines: Collection[str] | None = None
    ) -> Sequence[ItemResult]:
        """Accept an order's lines (all when `lines` is None); one result per line.

        Where `capabilities.order_acceptance_required` is false, orders need no acceptance:
        every line is reported ok without a call to the marketplace.
        """
        ...

    async def ready_to_ship(self, order_id: str, shipment: Shipment) -> ItemResult:
        """Send the shipment (carrier, tracking number) for an order the OMS marked Ready to Ship.

        Never sent twice for the same order and tracking number (the buyer would be notified
        twice): a channel reads before it writes. The carrier goes through the channel's
        carrier table (`CarrierTable`); the marketplace's answer is read at every level, so a
        failure inside an "OK" answer is not ok.

        Raises:
            UnknownCarrierError: the channel's carrier table cannot map `shipment.carrier`
                (nothing was sent).
            UnsupportedOperation: `shipment.line_ids` name some lines only, and the
                marketplace ships an order whole.
        """
        ...

    def iter_cancellations(
        self, since: datetime, *, quarantine: Quarantine | None = None
    ) -> AsyncIterator[Cancellation]:
        """Cancellations reported since `since`, lazily (see each marketplace's limits).

        Args:
            since: the earliest report to include.
            quarantine: called with the `RecordError` of each cancellation that cannot be
                converted, which is then skipped; without it, such a cancellation raises.

        Raises:
            RecordError: a cancellation cannot be converted and no `quarantine` was given.
        """
        ...

    # What the seeds rule out: every channel has these methods (through
    # `marketplace_sdk.core.RefusedOperations`), and each raises `UnsupportedOperation` naming
    # the marketplace and the method, before any call; `capabilities.operations_markdown()`
    # lists them.

    def delete_product(self, sku: str) -> NoReturn:
        """Delete a product: not allowed from the OMS on any marketplace.

        Raises:
            UnsupportedOperation: always.
        """
        ...

    def sync_brands(self) -> NoReturn:
        """Sync the marketplace's brands: not offered.

        Raises:
            UnsupportedOperation: always.
        """
        ...

    def mark_delivered(self, order_id: str) -> NoReturn:
        """Mark an order delivered: only the marketplace and the carrier do.

        Raises:
            UnsupportedOperation: always.
        """
        ...

    def split_order(self, order_id: str) -> NoReturn:
        """Split an order: the integration does not.

        Raises:
            UnsupportedOperation: always.
        """
        ...

    def get_shipping_label(self, order_id: str) -> NoReturn:
        """The marketplace's shipping label: no marketplace API hands it out.

        Raises:
            UnsupportedOperation: always.
        """
        ...
