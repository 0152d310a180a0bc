"""`AsyncEtsyChannel`: the `AsyncChannel` protocol over an `AsyncEtsyClient` (one Etsy shop).

The planning (targets, chunks, writes, results) is in `marketplace_sdk.etsy._shared`; this
module only sends what it decides.

Examples:
    channel = AsyncEtsyChannel(client, shop_id, options=EtsyChannelOptions(shipping_profile_id=7))
    results = await channel.push_stock([StockUpdate(sku="MUG-01", quantity=4)])
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable, Sequence

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._catalog import DedupeResult, DuplicateSku, dedupe_by_sku
from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._errors import ApiError, MarketplaceError, NotFoundError, RecordError
from marketplace_sdk.core._models import (
    Category,
    CategoryAttribute,
    PriceUpdate,
    Product,
    ProductDraft,
    StockUpdate,
)
from marketplace_sdk.core._offsale import MemoryOffSaleStore, OffSaleStore
from marketplace_sdk.core._records import Quarantine, convert_record, set_aside
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.etsy._async.client import AsyncEtsyClient
from marketplace_sdk.etsy._async.locks import AsyncKeyedLocks
from marketplace_sdk.etsy._async.orders import AsyncEtsyOrders
from marketplace_sdk.etsy._async.stock import AsyncEtsyStock
from marketplace_sdk.etsy._capabilities import ETSY_CAPABILITIES
from marketplace_sdk.etsy._endpoints import ListingInclude
from marketplace_sdk.etsy._mapping import (
    category_attribute,
    group_listing_id,
    listing_skus,
    listing_to_product,
    walk_categories,
)
from marketplace_sdk.etsy._models import DraftListing, Listing, ListingUpdate
from marketplace_sdk.etsy._pricing import resolve_price
from marketplace_sdk.etsy._shared.channel import (
    EtsyChannelOptions,
    draft_inventory,
    draft_listing,
    draft_skus,
    earlier_draft,
    error_result,
    explain_draft_error,
    unsure,
)
from marketplace_sdk.etsy._shared.index import SkuIndex
from marketplace_sdk.etsy._shared.unsupported import UnsupportedEtsyOperations

__all__ = ["AsyncEtsyChannel"]

logger = logging.getLogger(__name__)

_INCLUDES: tuple[ListingInclude, ...] = ("Images", "Inventory")
#: What indexing SKUs needs of a listing: its inventory (images are the import's).
_INDEX_INCLUDES: tuple[ListingInclude, ...] = ("Inventory",)
#: What getListing still embeds: it ignores `Inventory` since 2026-07-29 (ETSY-Q20).
_LISTING_INCLUDES: tuple[ListingInclude, ...] = ("Images",)


def _index_only(error: RecordError) -> None:
    # Reading listings to find SKUs needs no product: one that cannot be converted is skipped.
    logger.debug("listing %s read for its SKUs only", error.record_id)


class AsyncEtsyChannel(AsyncEtsyOrders, AsyncEtsyStock, UnsupportedEtsyOperations):
    """One connected Etsy shop, behind the `AsyncChannel` protocol.

    Safe to share: between threads for the sync channel, between the tasks of one event loop
    for the async one; overlapping pushes for one listing wait for each other.

    Args:
        client: the shop's `AsyncEtsyClient`.
        shop_id: the Etsy shop id.
        options: settings for listing and importing (`EtsyChannelOptions`).
        clock: the time source (`iter_cancellations` ends its window at "now").
        image_loader: fetches an image URL's bytes for `list_product` (Etsy takes uploads,
            not URLs); without one, drafts are listed without images and stay drafts.
        off_sale: where the channel records the listings it took off sale because every SKU
            of them sold out (Etsy refuses zero stock: ETSY-Q01). Give a store that outlives
            the process (`marketplace_sdk.sync.CursorOffSaleStore` over the host's cursor
            store); without one the records live in memory and, after a restart, an inactive
            listing whose only stock is one placeholder unit is read as one the channel took
            off sale.

    Attributes:
        last_import_duplicates: the duplicate SKUs the last `products_deduped` found.
        last_push_watch: the listings the last stock push took off sale again because a
            seller had re-activated them by hand without real stock (ETSY-Q02).

    Examples:
        channel = AsyncEtsyChannel(client, shop_id)
        imported = await channel.products_deduped()
        for duplicate in imported.duplicates:
            print(duplicate.describe())
    """

    def __init__(
        self,
        client: AsyncEtsyClient,
        shop_id: int,
        *,
        options: EtsyChannelOptions | None = None,
        clock: Clock | None = None,
        image_loader: Callable[[str], Awaitable[bytes]] | None = None,
        off_sale: OffSaleStore | None = None,
    ) -> None:
        """Bind the channel to a client and shop; nothing is sent yet."""
        self._client = client
        self._shop_id = shop_id
        self._options = options or EtsyChannelOptions()
        self._clock: Clock = clock or SystemClock()
        self._image_loader = image_loader
        self._locks = AsyncKeyedLocks()
        self._index = SkuIndex()
        self._unfinished: list[Listing] | None = None
        self.last_import_duplicates: tuple[DuplicateSku, ...] = ()
        self._off_sale: OffSaleStore = off_sale or MemoryOffSaleStore()
        # Without a store that outlives the process, intent is read from Etsy's answers.
        self._derive_off_sale = off_sale is None
        self._readiness: dict[int, dict[str, int]] = {}
        self.last_push_watch: tuple[int, ...] = ()

    @property
    def marketplace(self) -> str:
        """`"etsy"`.

        Examples:
            channel.marketplace
        """
        return "etsy"

    @property
    def shop_id(self) -> str:
        """The Etsy shop id, as text.

        Examples:
            cursor_key = (channel.marketplace, channel.shop_id)
        """
        return str(self._shop_id)

    @property
    def capabilities(self) -> Capabilities:
        """Etsy's capabilities (`ETSY_CAPABILITIES`).

        Examples:
            if channel.capabilities.supports("price_push"): ...
        """
        return ETSY_CAPABILITIES

    @property
    def daily_request_limit(self) -> int | None:
        """The app's requests per rolling day, as the client last learned it from Etsy (a
        catalogue import spends a share of it: `marketplace_sdk.sync.CatalogueThrottle`).

        Examples:
            per_day = channel.daily_request_limit
        """
        return self._client.daily_request_limit

    # -- catalogue ---------------------------------------------------------------------------

    async def iter_categories(self) -> AsyncIterator[Category]:
        """Every seller taxonomy node, depth first (one request).

        Examples:
            async for category in channel.iter_categories(): ...
        """
        for category in walk_categories(await self._client.get_seller_taxonomy_nodes()):
            yield category

    async def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        """The properties of a taxonomy node.

        Raises:
            NotFoundError: no such node.

        Examples:
            attributes = await channel.get_category_attributes("1207")
        """
        if not category_id.isdigit():
            raise NotFoundError(f"no Etsy category {category_id!r}", marketplace="etsy")
        props = await self._client.get_properties_by_taxonomy_id(int(category_id))
        return tuple(category_attribute(prop, category_id) for prop in props)

    async def _listings(
        self, quarantine: Quarantine | None, includes: tuple[ListingInclude, ...] = _INCLUDES
    ) -> AsyncIterator[Listing]:
        def refused(error: RecordError) -> None:
            # Its SKUs as received, so `get_product` reaches its typed error, not "no SKU".
            self._index.remember_refused(error)
            set_aside(error, quarantine)

        for state in self._options.import_states:
            async for listing in self._client.iter_listings(
                self._shop_id, state=state, includes=includes, quarantine=refused
            ):
                self._index.remember(listing)
                self._learn_readiness(listing)
                yield listing

    async def iter_products(
        self, *, quarantine: Quarantine | None = None
    ) -> AsyncIterator[Product]:
        """Every listing in the import states, 100 a request with inventory and images.

        Duplicate SKUs are yielded as Etsy has them (see `import_products` to keep one each).
        A single-product listing without a SKU is skipped (logged). A listing that cannot be
        converted, or that Etsy's schema refuses, raises `RecordError`, or goes to
        `quarantine` when given.

        Examples:
            async for product in channel.iter_products(): ...
        """
        async for listing in self._listings(quarantine):
            try:
                product = self._product(listing)
            except RecordError as error:
                if quarantine is None:
                    raise
                logger.warning("set aside %s", error)
                quarantine(error)
                continue
            if product is None:
                logger.info("skipped Etsy listing %s: it has no SKU", listing.listing_id)
                continue
            yield product
        self._index.mark_complete()

    @staticmethod
    def _product(listing: Listing) -> Product | None:
        # The listing as a product (`None` without a SKU), or the `RecordError` of the listing.
        return convert_record(
            listing_to_product,
            listing,
            kind="product",
            record_id=str(listing.listing_id),
            marketplace="etsy",
        )

    async def products_deduped(self) -> DedupeResult:
        """Every product, one per SKU by `dedupe_by_sku`, with the duplicates left out.

        The same name on every channel (`FnacChannel.products_deduped` too); the duplicates
        are also kept in `last_import_duplicates`.

        Examples:
            result = await channel.products_deduped()
            products, skipped = result.products, result.duplicates
        """
        result = dedupe_by_sku([product async for product in self.iter_products()])
        self.last_import_duplicates = result.duplicates
        return result

    async def import_products(self) -> DedupeResult:
        """Deprecated: the old name of `products_deduped` (warns, then does the same).

        Examples:
            result = await channel.products_deduped()  # instead
        """
        warnings.warn(
            "EtsyChannel.import_products is deprecated; use products_deduped, the name every "
            "channel shares",
            DeprecationWarning,
            stacklevel=2,
        )
        return await self.products_deduped()

    async def _listing_id(self, sku: str) -> int | None:
        # The listing the import keeps for `sku`, when several carry it (the lowest id).
        await self._index_for([sku])
        return self._index.get(sku)

    async def _index_for(self, skus: Iterable[str]) -> dict[str, tuple[int, ...]]:
        if self._index.missing(set(skus)):
            await self._read_index()
        return self._index.snapshot()

    async def _holders_for(self, skus: Iterable[str]) -> dict[str, tuple[int, ...]]:
        # A push must know every listing carrying its SKUs, not only one seen already (a
        # listing the channel created, a page of an import broken off): a complete index.
        if not self._index.complete and any(True for _ in skus):
            await self._read_index()
        return self._index.snapshot()

    async def _read_index(self) -> None:
        # The same pages as an import, without images and without making products.
        async for _ in self._listings(_index_only, _INDEX_INCLUDES):
            pass
        self._index.mark_complete()

    async def get_product(self, sku: str) -> Product:
        """The product holding `sku` (a group product when `sku` is one of its variants).

        Every SKU `iter_products` yields is found here, a group product's own
        `etsy-listing-<listing_id>` included (read straight from its listing). A SKU on none of
        the listings of the import states is looked for among the shop's drafts: a draft
        listing is found too, as a product marked `draft` (and not `active`).

        Raises:
            NotFoundError: no listing of the shop has this SKU.
            RecordError: the listing cannot be converted, or Etsy's schema refuses it.

        Examples:
            product = await channel.get_product("MUG-01")
            group = await channel.get_product("etsy-listing-1234567890")
        """
        wanted = sku.strip()
        listing_id = group_listing_id(wanted)
        if listing_id is None:
            listing_id = await self._listing_id(wanted) or await self._draft_id(wanted)
        if listing_id is None:
            raise NotFoundError(f"no Etsy listing has SKU {sku!r}", marketplace="etsy")
        listing = await self._client.get_listing(listing_id, includes=_LISTING_INCLUDES)
        if listing.shop_id is not None and listing.shop_id != self._shop_id:
            raise NotFoundError(f"Etsy listing {listing_id} is not this shop's", marketplace="etsy")
        # getListing no longer embeds the inventory (ETSY-Q20): read it where Etsy now has it.
        found = await self._client.get_listings_inventory_by_listing_ids([listing_id])
        inventory = next((i.inventory for i in found if i.listing_id == listing_id), None)
        if inventory is None:
            raise NotFoundError(
                f"Etsy returned no inventory for listing {listing_id}", marketplace="etsy"
            )
        listing = listing.model_copy(update={"inventory": inventory})
        self._learn_readiness(listing)
        product = self._product(listing)
        if product is None:
            raise NotFoundError(f"Etsy listing {listing_id} has no SKU", marketplace="etsy")
        if group_listing_id(wanted) is not None and product.sku != wanted:
            raise NotFoundError(
                f"Etsy listing {listing_id} has no variations: its SKU is {product.sku!r}",
                marketplace="etsy",
            )
        return product

    async def _draft_id(self, sku: str) -> int | None:
        """The draft listing carrying `sku` (drafts are outside the import states), if any."""
        self._unfinished = None  # read the drafts as they are now
        holding = [
            listing.listing_id for listing in await self._drafts() if sku in listing_skus(listing)
        ]
        return min(holding) if holding else None

    async def list_product(self, draft: ProductDraft) -> ItemResult:
        """createDraftListing → updateListingInventory → uploadListingImage → activate.

        The price sent is `resolve_price(draft.price, draft.selling_price)`. The result is ok
        with the new listing id; a refusal after the draft exists names the listing id in its
        message so the draft can be finished on Etsy. Etsy publishes a listing only with an
        image: a draft without image URLs, or a channel without an `image_loader`, leaves the
        listing a draft, and the ok result says so (`result.draft`, reason code `draft`);
        `set_active(sku, True)` publishes it later, or reports Etsy's refusal.

        createDraftListing is not idempotent and Etsy can create the listing and answer 500
        (ETSY-Q10), so a product is never listed twice: the shop's drafts are read before the
        first creation (once per channel) and again after a 5xx or a lost answer, and a draft an
        earlier attempt left (`earlier_draft`: one of its SKUs, or its title, description and
        category with no SKU yet) is finished instead of creating another. When that read
        fails the outcome is unknown; the next call for the product reads again first.

        Examples:
            result = await channel.list_product(draft)
        """
        try:
            price = resolve_price(draft.price, draft.selling_price)
            body = draft_listing(draft, price, self._options)
            inventory = draft_inventory(draft, price, self._options)
        except (MarketplaceError, ValueError) as error:
            return ItemResult.rejected(draft.sku, message=str(error))
        # One creation at a time per channel (key 0 is no listing id): two calls for one
        # product must not both find no draft and both create one.
        async with self._locks.holding([0]):
            created = await self._create_once(draft, body)
        if isinstance(created, ItemResult):
            return created
        listing_id = created.listing_id
        publish = bool(draft.image_urls) and self._image_loader is not None
        try:
            await self._client.update_listing_inventory(listing_id, inventory)
            if self._image_loader is not None and not created.images:
                for rank, url in enumerate(draft.image_urls, start=1):
                    await self._client.upload_listing_image(
                        self._shop_id, listing_id, await self._image_loader(url), rank=rank
                    )
            if publish:
                await self._client.update_listing(
                    self._shop_id, listing_id, ListingUpdate(state="active")
                )
        except MarketplaceError as error:
            # The draft stays on Etsy: the next attempt finishes it instead of making another.
            self._remember_draft(created, draft)
            return error_result(draft.sku, error, context=f"draft listing {listing_id} created")
        for sku in draft_skus(draft):
            self._index.add(sku, listing_id)
        if not publish:
            # Etsy publishes a listing only with an image: without one it stays a draft,
            # which no import, stock push or buyer sees until it is published. Listing the
            # product again finishes this draft rather than making another.
            self._remember_draft(created, draft)
            why = "it has no image URL" if not draft.image_urls else "no image_loader uploads"
            return ItemResult.listed_as_draft(
                draft.sku,
                marketplace_id=str(listing_id),
                message=f"Etsy listing {listing_id} is a draft, not for sale ({why}); publish "
                "it with set_active once it has an image (bulk: --publish / publish=True)",
            )
        return ItemResult.ok(draft.sku, marketplace_id=str(listing_id))

    async def list_products(
        self,
        drafts: Sequence[ProductDraft],
        *,
        on_result: Callable[[int, ItemResult], None] | None = None,
    ) -> Sequence[ItemResult]:
        """`list_product` for each draft in turn (Etsy lists one listing at a time).

        An error that stops the batch (refused credentials) is raised; the results before it
        were given to `on_result`.

        Examples:
            results = await channel.list_products(drafts, on_result=lambda i, r: print(i, r))
        """
        results: list[ItemResult] = []
        for index, draft in enumerate(drafts):
            results.append(await self.list_product(draft))
            if on_result is not None:
                on_result(index, results[-1])
        return results

    async def _create_once(self, draft: ProductDraft, body: DraftListing) -> Listing | ItemResult:
        """The draft of `draft` on Etsy: one an earlier attempt left, else a new one."""
        try:
            earlier = earlier_draft(await self._drafts(), draft, body)
        except MarketplaceError as error:
            return error_result(draft.sku, error)
        if earlier is not None:
            logger.info("finishing draft %s an earlier attempt left", earlier.listing_id)
            self._forget_draft(earlier)
            return earlier
        try:
            return await self._client.create_draft_listing(self._shop_id, body)
        except MarketplaceError as error:
            if not unsure(error):
                result = error_result(draft.sku, error, repeatable=False)
                if result.outcome is not Outcome.REJECTED:
                    return result
                return ItemResult.rejected(
                    draft.sku,
                    message=explain_draft_error(error.message),
                    code=error.code if isinstance(error, ApiError) else None,
                )
            failure = error
        logger.warning("createDraftListing %r: %s; reading the drafts back", body.title, failure)
        self._unfinished = None
        try:
            found = earlier_draft(await self._drafts(), draft, body)
        except MarketplaceError:
            return error_result(draft.sku, failure, repeatable=False)
        if found is None:
            return ItemResult.retry_later(
                draft.sku,
                message=f"{failure.message}: the shop's drafts show none was made; "
                "sending it again is safe",
                code=failure.code if isinstance(failure, ApiError) else None,
            )
        self._forget_draft(found)
        return found

    async def _drafts(self) -> list[Listing]:
        # The shop's drafts, read once per channel (and again after an unsure creation).
        if self._unfinished is None:
            self._unfinished = [
                listing
                async for listing in self._client.iter_listings(
                    self._shop_id, state="draft", includes=_INCLUDES, quarantine=_index_only
                )
            ]
        return self._unfinished

    def _remember_draft(self, listing: Listing, draft: ProductDraft) -> None:
        if self._unfinished is not None:
            skus = list(draft_skus(draft))
            self._unfinished.append(listing.model_copy(update={"skus": skus, "inventory": None}))

    def _forget_draft(self, listing: Listing) -> None:
        if self._unfinished is not None:
            self._unfinished = [
                item for item in self._unfinished if item.listing_id != listing.listing_id
            ]

    async def set_active(self, sku: str, active: bool) -> ItemResult:
        """Activate or deactivate the listing holding `sku` (updateListing state).

        Examples:
            await channel.set_active("MUG-01", False)
        """
        listing_id = await self._listing_id(sku.strip())
        if listing_id is None:
            return ItemResult.rejected(sku, message=f"unknown SKU {sku!r}: no Etsy listing has it")
        state = "active" if active else "inactive"
        try:
            listing = await self._client.update_listing(
                self._shop_id, listing_id, ListingUpdate(state=state)
            )
        except MarketplaceError as error:
            return error_result(sku, error)
        if str(listing.state).lower() != state:
            # Etsy can answer 200 for a write it read nothing from (ETSY-Q07).
            return ItemResult.rejected(
                sku,
                message=f"Etsy answered updateListing but listing {listing_id} is "
                f"{listing.state}, not {state}",
            )
        return ItemResult.ok(sku, marketplace_id=str(listing_id))

    # -- stock and prices --------------------------------------------------------------------

    async def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        """Set stock levels: one read-modify-write per listing, one result per update.

        A SKU several listings carry is written to each of them (it is one stock); its one
        result is ok only when every listing took it, else it names those that did not.

        Examples:
            results = await channel.push_stock([StockUpdate(sku="MUG-01", quantity=4)])
        """
        return await self._push(list(updates))

    async def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        """Set prices (selling price else price): one write per listing, one result per update.

        Examples:
            results = await channel.push_prices([PriceUpdate(sku="MUG-01", price=price)])
        """
        return await self._push(list(updates))
