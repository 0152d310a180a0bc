"""`EtsyChannel`: the `Channel` protocol over an `EtsyClient` (one connected Etsy shop).

Example:
    channel = EtsyChannel(client, shop_id, options=EtsyChannelOptions(shipping_profile_id=7))
    results = channel.push_stock([StockUpdate(sku="MUG-01", quantity=4)])
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import datetime

from marketplace_sdk.core.capabilities import Capabilities
from marketplace_sdk.core.catalog import DedupeResult, DuplicateSku, dedupe_by_sku
from marketplace_sdk.core.clock import Clock, SystemClock
from marketplace_sdk.core.errors import (
    MarketplaceError,
    NotFoundError,
    ServerError,
    TransportError,
)
from marketplace_sdk.core.models import (
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
from marketplace_sdk.core.results import BatchResult, ItemResult
from marketplace_sdk.etsy.capabilities import ETSY_CAPABILITIES
from marketplace_sdk.etsy.channel.common import (
    EtsyChannelOptions,
    chunks,
    draft_inventory,
    draft_listing,
    error_result,
    status_filter,
)
from marketplace_sdk.etsy.channel.index import SkuIndex
from marketplace_sdk.etsy.channel.locks import KeyedLocks
from marketplace_sdk.etsy.channel.push import plan_listing, plan_targets, resolve_prices, settle
from marketplace_sdk.etsy.channel.shipping import (
    event_receipt_id,
    find_shipment,
    receipt_id_of,
    shipment_request,
    shipped_result,
    wanted_order,
)
from marketplace_sdk.etsy.channel.unsupported import UnsupportedEtsyOperations
from marketplace_sdk.etsy.client import EtsyClient
from marketplace_sdk.etsy.endpoints import ListingInclude
from marketplace_sdk.etsy.mapping import (
    CANCELLED,
    category_attribute,
    etsy_status,
    is_shipped,
    listing_to_product,
    receipt_to_cancellation,
    receipt_to_order,
    walk_categories,
)
from marketplace_sdk.etsy.models import (
    Listing,
    ListingUpdate,
    ShopReceipt,
)
from marketplace_sdk.etsy.pricing import resolve_price
from marketplace_sdk.etsy.webhooks import WebhookEvent, WebhookEventType

__all__ = ["EtsyChannel"]

logger = logging.getLogger(__name__)

_INCLUDES: tuple[ListingInclude, ...] = ("Images", "Inventory")


class EtsyChannel(UnsupportedEtsyOperations):
    """One connected Etsy shop as a `Channel` (sync; safe to share between threads).

    Args:
        client: the shop's `EtsyClient`.
        shop_id: the Etsy shop id.
        options: settings for listing and importing (`EtsyChannelOptions`).
        clock: the time source (`iter_cancellations` ends its window at "now").
        image_loader: fetches an image URL's bytes for `list_product` (Etsy takes uploads,
            not URLs); without one, drafts are listed without images and stay drafts.

    Attributes:
        last_import_duplicates: the duplicate SKUs the last `import_products` found.

    Example:
        channel = EtsyChannel(client, shop_id)
        imported = channel.import_products()
        for duplicate in channel.last_import_duplicates:
            print(duplicate.describe())
    """

    def __init__(
        self,
        client: EtsyClient,
        shop_id: int,
        *,
        options: EtsyChannelOptions | None = None,
        clock: Clock | None = None,
        image_loader: Callable[[str], bytes] | None = None,
    ) -> None:
        """Bind the channel to a client and shop; nothing is sent yet."""
        self._client = client
        self._shop_id = shop_id
        self._options = options or EtsyChannelOptions()
        self._clock: Clock = clock or SystemClock()
        self._image_loader = image_loader
        self._locks = KeyedLocks(threading.Lock)
        self._index = SkuIndex()
        self.last_import_duplicates: tuple[DuplicateSku, ...] = ()

    @property
    def marketplace(self) -> str:
        """`"etsy"`."""
        return "etsy"

    @property
    def shop_id(self) -> str:
        """The Etsy shop id, as text."""
        return str(self._shop_id)

    @property
    def capabilities(self) -> Capabilities:
        """Etsy's capabilities (`ETSY_CAPABILITIES`)."""
        return ETSY_CAPABILITIES

    # -- catalogue ---------------------------------------------------------------------------

    def iter_categories(self) -> Iterator[Category]:
        """Every seller taxonomy node, depth first (one request)."""
        return walk_categories(self._client.get_seller_taxonomy_nodes())

    def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        """The properties of a taxonomy node.

        Raises:
            NotFoundError: no such node.
        """
        if not category_id.isdigit():
            raise NotFoundError(f"no Etsy category {category_id!r}", marketplace="etsy")
        props = self._client.get_properties_by_taxonomy_id(int(category_id))
        return tuple(category_attribute(prop, category_id) for prop in props)

    def _listings(self) -> Iterator[Listing]:
        for state in self._options.import_states:
            for listing in self._client.iter_listings(
                self._shop_id, state=state, includes=_INCLUDES
            ):
                self._index.remember(listing)
                yield listing

    def iter_products(self) -> Iterator[Product]:
        """Every listing in the import states, 100 a request with inventory and images.

        Duplicate SKUs are yielded as Etsy has them (see `import_products` to keep one each).
        A single-product listing without a SKU is skipped (logged).
        """
        for listing in self._listings():
            product = listing_to_product(listing)
            if product is None:
                logger.info("skipped Etsy listing %s: it has no SKU", listing.listing_id)
                continue
            yield product
        self._index.mark_complete()

    def import_products(self) -> DedupeResult:
        """Every product, one per SKU by `dedupe_by_sku`; duplicates in `last_import_duplicates`.

        Example:
            result = channel.import_products()
            products, skipped = result.products, result.duplicates
        """
        result = dedupe_by_sku(self.iter_products())
        self.last_import_duplicates = result.duplicates
        return result

    def _listing_id(self, sku: str) -> int | None:
        return self._index_for([sku]).get(sku)

    def _index_for(self, skus: Iterable[str]) -> dict[str, int]:
        if self._index.missing(set(skus)):
            for _ in self.iter_products():
                pass
        return self._index.snapshot()

    def get_product(self, sku: str) -> Product:
        """The product holding `sku` (a group product when `sku` is one of its variants).

        Raises:
            NotFoundError: no listing has this SKU.
        """
        listing_id = self._listing_id(sku.strip())
        if listing_id is None:
            raise NotFoundError(f"no Etsy listing has SKU {sku!r}", marketplace="etsy")
        listing = self._client.get_listing(listing_id, includes=_INCLUDES)
        product = listing_to_product(listing)
        if product is None:
            raise NotFoundError(f"Etsy listing {listing_id} has no SKU", marketplace="etsy")
        return product

    def list_product(self, draft: ProductDraft) -> ItemResult:
        """createDraftListing → updateListingInventory → uploadListingImage → activate.

        The price sent is `resolve_price(draft.price, draft.selling_price)`. The result is ok
        with the new listing id; a refusal after the draft exists names the listing id in its
        message so the draft can be finished on Etsy.
        """
        try:
            price = resolve_price(draft.price, draft.selling_price)
            body = draft_listing(draft, price, self._options)
            inventory = draft_inventory(draft, price, self._options)
        except (MarketplaceError, ValueError) as error:
            return ItemResult.rejected(draft.sku, message=str(error))
        try:
            listing = self._client.create_draft_listing(self._shop_id, body)
        except MarketplaceError as error:
            return error_result(draft.sku, error)
        listing_id = listing.listing_id
        try:
            self._client.update_listing_inventory(listing_id, inventory)
            for rank, url in enumerate(draft.image_urls, start=1):
                if self._image_loader is None:
                    break
                self._client.upload_listing_image(
                    self._shop_id, listing_id, self._image_loader(url), rank=rank
                )
            if draft.image_urls and self._image_loader is not None:
                self._client.update_listing(
                    self._shop_id, listing_id, ListingUpdate(state="active")
                )
        except MarketplaceError as error:
            return error_result(draft.sku, error, context=f"draft listing {listing_id} created")
        for sku in (v.sku for v in draft.variants) if draft.variants else (draft.sku,):
            self._index.add(sku, listing_id)
        return ItemResult.ok(draft.sku, marketplace_id=str(listing_id))

    def set_active(self, sku: str, active: bool) -> ItemResult:
        """Activate or deactivate the listing holding `sku` (updateListing state)."""
        listing_id = self._listing_id(sku.strip())
        if listing_id is None:
            return ItemResult.rejected(sku, message=f"unknown SKU {sku!r}: no Etsy listing has it")
        state = "active" if active else "inactive"
        try:
            self._client.update_listing(self._shop_id, listing_id, ListingUpdate(state=state))
        except MarketplaceError as error:
            return error_result(sku, error)
        return ItemResult.ok(sku, marketplace_id=str(listing_id))

    # -- stock and prices --------------------------------------------------------------------

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        """Set stock levels: one read-modify-write per listing, one result per update."""
        return self._push(list(updates))

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        """Set prices (selling price else price): one write per listing, one result per update."""
        return self._push(list(updates))

    def _push(self, items: Sequence[StockUpdate | PriceUpdate]) -> BatchResult:
        targets = plan_targets(items, self._index_for(item.sku for item in items))
        results = targets.results
        price_items = [item for item in items if isinstance(item, PriceUpdate)]
        prices = resolve_prices(price_items, results) if len(price_items) == len(items) else {}
        for chunk in chunks(targets.listing_ids, 100):
            # Read and write under the listings' locks: an overlapping push waits for this one.
            with self._locks.holding(chunk):
                try:
                    listings = self._client.get_listings_inventory_by_listing_ids(list(chunk))
                except MarketplaceError as error:
                    for listing_id in chunk:
                        settle(listing_id, targets.by_listing[listing_id], items, results, error)
                    continue
                read = {listing.listing_id: listing for listing in listings}
                for listing_id in chunk:
                    positions = targets.by_listing[listing_id]
                    plan = plan_listing(
                        listing_id, read.get(listing_id), positions, items, prices, results
                    )
                    if plan is None or plan.update is None:
                        continue
                    try:
                        self._client.update_listing_inventory(listing_id, plan.update)
                    except MarketplaceError as error:
                        settle(listing_id, positions, items, results, error)
                    else:
                        settle(listing_id, positions, items, results)
        return BatchResult(results[position] for position in range(len(items)))

    # -- orders ------------------------------------------------------------------------------

    def _delivered_ids(self, start: datetime, end: datetime) -> set[int]:
        receipts = self._client.iter_receipts_by_last_modified(
            self._shop_id, start, end, was_delivered=True
        )
        return {receipt.receipt_id for receipt in receipts}

    def _is_delivered(self, receipt: ShopReceipt) -> bool:
        when = receipt.updated_at
        if not is_shipped(receipt) or when is None:
            return False
        return receipt.receipt_id in self._delivered_ids(when, when)

    def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
    ) -> Iterator[Order]:
        """Receipts modified in `[updated_since, updated_until)`, with the seed's statuses.

        Delivery is read with one `was_delivered` pass over the same window first.
        """
        keys = status_filter(statuses)
        delivered = self._delivered_ids(updated_since, updated_until)
        receipts = self._client.iter_receipts_by_last_modified(
            self._shop_id, updated_since, updated_until
        )
        for receipt in receipts:
            order = receipt_to_order(receipt, delivered=receipt.receipt_id in delivered)
            if wanted_order(order, updated_until, keys):
                yield order

    def get_order(self, order_id: str) -> Order:
        """One receipt as an `Order`.

        Raises:
            NotFoundError: no such receipt.
        """
        receipt = self._client.get_shop_receipt(self._shop_id, receipt_id_of(order_id))
        return receipt_to_order(receipt, delivered=self._is_delivered(receipt))

    def order_from_webhook(self, event: WebhookEvent) -> Order:
        """The order a verified webhook event names, fetched fresh from Etsy.

        Example:
            order = channel.order_from_webhook(verifier.verify(headers, body))
        """
        receipt = self._client.get_shop_receipt(self._shop_id, event_receipt_id(event))
        delivered = event.event_type == WebhookEventType.ORDER_DELIVERED
        return receipt_to_order(receipt, delivered=delivered or self._is_delivered(receipt))

    def iter_cancellations(self, since: datetime) -> Iterator[Cancellation]:
        """Receipts cancelled and modified since `since` (any age: not only the last 5 days)."""
        receipts = self._client.iter_receipts_by_last_modified(
            self._shop_id, since, self._clock.now(), was_canceled=True
        )
        for receipt in receipts:
            cancellation = receipt_to_cancellation(receipt)
            if cancellation is not None:
                yield cancellation

    def accept_order(
        self, order_id: str, lines: Collection[str] | None = None
    ) -> Sequence[ItemResult]:
        """Etsy orders need no acceptance: every line is reported ok, nothing is sent.

        With `lines=None` the receipt is read once to name its lines.
        """
        if lines is None:
            lines = self.get_order(order_id).line_ids()
        return BatchResult(ItemResult.ok(line) for line in lines)

    def ready_to_ship(self, order_id: str, shipment: Shipment) -> ItemResult:
        """createReceiptShipment, exactly once per order and tracking number.

        The receipt is read first: a shipment with this tracking code already there is returned
        without sending. After a timeout or a server error the receipt is read again; if the
        shipment is not there the result is retry later (the next call reads before sending).
        """
        receipt_id = receipt_id_of(order_id)
        with self._locks.holding([-receipt_id]):
            try:
                receipt = self._client.get_shop_receipt(self._shop_id, receipt_id)
            except MarketplaceError as error:
                return error_result(order_id, error)
            found = find_shipment(receipt, shipment.tracking_number)
            if found is not None:
                return shipped_result(order_id, receipt, found)
            if etsy_status(receipt) == CANCELLED:
                return ItemResult.rejected(
                    order_id, message=f"Etsy receipt {receipt_id} is cancelled"
                )
            try:
                sent = self._client.create_receipt_shipment(
                    self._shop_id, receipt_id, shipment_request(shipment)
                )
            except (TransportError, ServerError) as error:
                return self._after_unknown_send(order_id, receipt_id, shipment, error)
            except MarketplaceError as error:
                return error_result(order_id, error)
            found = find_shipment(sent, shipment.tracking_number)
            if found is None:
                return ItemResult.ok(order_id, raw=sent.model_dump(mode="json"))
            return shipped_result(order_id, sent, found)

    def _after_unknown_send(
        self, order_id: str, receipt_id: int, shipment: Shipment, error: MarketplaceError
    ) -> ItemResult:
        logger.warning("createReceiptShipment for %s got no answer; reading back", receipt_id)
        try:
            receipt = self._client.get_shop_receipt(self._shop_id, receipt_id)
        except MarketplaceError:
            return error_result(order_id, error)
        found = find_shipment(receipt, shipment.tracking_number)
        if found is not None:
            return shipped_result(order_id, receipt, found)
        return error_result(order_id, error)
