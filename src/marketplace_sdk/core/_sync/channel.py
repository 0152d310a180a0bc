# Generated from src/marketplace_sdk/core/_async/channel.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The `Channel` protocol: the one shape every marketplace offers the OMS.

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

Examples:
    A host works against the protocol, never a marketplace client::

        def sync_stock(channel: Channel, levels: dict[str, int]) -> list[str]:
            results = channel.push_stock(
                StockUpdate(sku=sku, quantity=qty) for sku, qty in levels.items()
            )
            return [result.key for result in results if not result.is_ok]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Protocol, runtime_checkable

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
from marketplace_sdk.core._results import ItemResult

__all__ = ["Channel"]


@runtime_checkable
class Channel(Protocol):
    """One connected shop on one marketplace.

    Examples:
        >>> from marketplace_sdk.core._sync.channel import Channel
        >>> Channel.__name__
        'Channel'
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

    def iter_categories(self) -> Iterator[Category]:
        """Every category the shop can list in, fetched lazily page by page."""
        ...

    def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        """The attributes of one category (required or not, with their allowed values).

        Raises:
            NotFoundError: no such category.
        """
        ...

    def iter_products(self) -> Iterator[Product]:
        """Every product of the shop, lazily; group products carry their variants.

        Duplicate SKUs are yielded as the marketplace has them; the catalogue import keeps one
        per SKU with `marketplace_sdk.core._catalog.dedupe_by_sku`.
        """
        ...

    def get_product(self, sku: str) -> Product:
        """The product with this SKU.

        Raises:
            NotFoundError: no product has this SKU.
        """
        ...

    def list_product(self, draft: ProductDraft) -> ItemResult:
        """List a new product; ok carries the marketplace's id (a listing id, an import id).

        Raises:
            UnsupportedOperation: `draft` has variants and the marketplace cannot list them.
        """
        ...

    def set_active(self, sku: str, active: bool) -> ItemResult:
        """Activate or deactivate a product.

        Raises:
            UnsupportedOperation: the marketplace has no activation from the OMS (FNAC).
        """
        ...

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        """Set stock levels; one result per update, in order, keyed by SKU."""
        ...

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        """Set prices (the marketplace's `resolve_price` picks which OMS price is sent).

        One result per update, in order; a price out of range is a rejected item.
        """
        ...

    def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
    ) -> Iterator[Order]:
        """Orders changed in `[updated_since, updated_until)`, lazily.

        Args:
            updated_since: the window's start (timezone-aware).
            updated_until: the window's end, fixed when the run starts, so records changed
                during the run are caught by the next window rather than skipped.
            statuses: marketplace statuses to keep, as the seed names them ("New",
                "To be Shipped", ...); `None` for all.
        """
        ...

    def get_order(self, order_id: str) -> Order:
        """One order by its marketplace id.

        Raises:
            NotFoundError: no such order.
        """
        ...

    def accept_order(
        self, order_id: str, lines: Collection[str] | None = None
    ) -> Sequence[ItemResult]:
        """Accept an order's lines (all when `lines` is None); one result per line.

        Where `capabilities.order_acceptance_required` is false, orders need no acceptance:
        every line is reported ok without a call to the marketplace.
        """
        ...

    def ready_to_ship(self, order_id: str, shipment: Shipment) -> ItemResult:
        """Send the shipment (carrier, tracking number) for an order the OMS marked Ready to Ship.

        Never sent twice for the same order and tracking number (the buyer would be notified
        twice): a channel reads before it writes.
        """
        ...

    def iter_cancellations(self, since: datetime) -> Iterator[Cancellation]:
        """Cancellations reported since `since`, lazily (see each marketplace's limits)."""
        ...
