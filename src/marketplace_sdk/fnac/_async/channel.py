"""`AsyncFnacChannel`: the `AsyncChannel` protocol over FNAC's web services and Mirakl catalogue.

Its decisions (which lines to accept, whether a shipment is already sent, what to read back
after an unsure write) are the pure ones of `marketplace_sdk.fnac._shared.channel`.

Examples:
    >>> import asyncio
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.fnac._async.client import AsyncFnacClient
    >>> from marketplace_sdk.fnac._auth import FnacCredentials
    >>> from marketplace_sdk.fnac.sandbox import FnacSandbox
    >>> clock = FakeClock()
    >>> sandbox = FnacSandbox.seeded(offers=3, orders=0, clock=clock)
    >>> creds = sandbox.credentials
    >>> client = AsyncFnacClient(FnacCredentials(partner_id=creds.partner_id,
    ...     shop_id=creds.shop_id, key=creds.key), base_url=sandbox.base_url,
    ...     transport=sandbox.transport(), clock=clock)
    >>> channel = AsyncFnacChannel(client)
    >>> async def skus() -> list[str]:
    ...     return sorted([product.sku async for product in channel.iter_products()])
    >>> asyncio.run(skus())
    ['SKU-00001', 'SKU-00002', 'SKU-00003']
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import AsyncIterator, Callable, Collection, Iterable, Sequence
from datetime import datetime
from functools import partial

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._carriers import CarrierTable
from marketplace_sdk.core._catalog import DedupeResult, dedupe_by_sku
from marketplace_sdk.core._errors import (
    ErrorClass,
    InvalidRequestError,
    MarketplaceError,
    NotFoundError,
    RateLimitedError,
    RecordError,
    UnsupportedOperation,
)
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
from marketplace_sdk.core._records import (
    Quarantine,
    as_kind,
    convert_or_quarantine,
    convert_record,
)
from marketplace_sdk.core._refusals import RefusedOperations
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac._async.client import AsyncFnacClient
from marketplace_sdk.fnac._capabilities import FNAC_CAPABILITIES
from marketplace_sdk.fnac._carriers import FNAC_CARRIERS
from marketplace_sdk.fnac._mapping import (
    OffersDraft,
    PreparedUpdates,
    attribute_to_canonical,
    draft_to_import_csv,
    hierarchies_to_categories,
    offer_to_product,
    order_cancellation,
    order_to_canonical,
    read_back_results,
    stock_updates,
    unreported,
)
from marketplace_sdk.fnac._mapping.fast import read_order
from marketplace_sdk.fnac._models import (
    Carrier,
    Offer,
    OffersQueryRequest,
    OrderDateType,
    OrderUpdateResult,
)
from marketplace_sdk.fnac._models import Order as FnacOrder
from marketplace_sdk.fnac._models.offers import SentOffer
from marketplace_sdk.fnac._shared.channel import (
    DEFAULT_BATCHES_IN_FLIGHT,
    IMPORT_MEMORY,
    P41_INTERVAL,
    PENDING_IMPORT,
    PRODUCT_NOT_FOUND,
    TRANSIENT_ERRORS,
    UNSURE_WRITE_ERRORS,
    CatalogueNotConfiguredError,
    SentOffers,
    accept_plan,
    attributes_of,
    carrier_code,
    import_outcome,
    import_row,
    listing_prepared,
    lost_batch,
    lost_upload_results,
    order_result,
    order_update_results,
    orders_window,
    pending_import,
    push_results,
    refused_call,
    retry_later_all,
    same_import_row,
    ship_precheck,
    waiting_for_import,
)
from marketplace_sdk.fnac._shared.client import DEFAULT_BATCH_POLL_INTERVAL, unbatched
from marketplace_sdk.mirakl import (
    AsyncMiraklCatalogClient,
    Attribute,
    ErrorReportLine,
    Hierarchy,
    ProductImport,
    ValueList,
    errors_by_product,
)

__all__ = ["AsyncFnacChannel"]

logger = logging.getLogger(__name__)

#: Up to this many SKUs are read back one `offers_query` each; more, by one pass over all.
READ_BACK_PER_SKU = 20
#: Batch ids the channel remembers having opened, so a lost answer is never matched to one.
REMEMBERED_BATCHES = 1000
#: The elements the other kind of update puts in a combined `<offer>`: a refusal naming one
#: is not the fault of this kind's update.
STOCK_SENT_WITH = frozenset({"price"})
PRICE_SENT_WITH = frozenset({"quantity"})


class AsyncFnacChannel(RefusedOperations):
    """One FNAC shop as a `marketplace_sdk.AsyncChannel`.

    What FNAC's seed rules out (`delete_product`, `sync_brands`, `mark_delivered`,
    `split_order`, `set_active`) and `get_shipping_label` (FNAC prints its labels in its seller
    centre; its web services hand none out) raise `UnsupportedOperation` before any call.

    Args:
        client: the shop's FNAC XML client (partner id, shop id, key).
        catalog: the shop's Mirakl catalogue client (the Mirakl API key); categories,
            attributes and listing products FNAC does not know need it.
        poll_interval: seconds between two `batch_status` polls while offers are applied.
        carriers: the carrier table shipments are mapped through (`FNAC_CARRIERS` by default;
            extend it with the shop's own carrier names).
        batches_in_flight: offer batches a push keeps open at once (4 by default): the next
            10,000 offers are sent while FNAC processes the batches before them.

    Examples:
        See the module docstring.
    """

    def __init__(
        self,
        client: AsyncFnacClient,
        *,
        catalog: AsyncMiraklCatalogClient | None = None,
        poll_interval: float = DEFAULT_BATCH_POLL_INTERVAL,
        carriers: CarrierTable = FNAC_CARRIERS,
        batches_in_flight: int = DEFAULT_BATCHES_IN_FLIGHT,
    ) -> None:
        if batches_in_flight < 1:
            raise ValueError(f"batches_in_flight must be at least 1, not {batches_in_flight}")
        self._batches_in_flight = batches_in_flight
        #: The batches this channel opened, oldest first (a dict keeps their order).
        self._opened: dict[str, None] = {}
        self._client = client
        self._catalog = catalog
        self._poll_interval = poll_interval
        self._hierarchies: list[Hierarchy] | None = None
        self._value_lists: dict[str, ValueList] | None = None
        self._attributes: list[Attribute] | None = None
        self._carriers: list[Carrier] | None = None
        #: SKU to the Mirakl import carrying its product, while FNAC does not know it.
        self._imports: dict[str, int] = {}
        #: For each import this channel sent: the SKU on each line of its file.
        self._import_lines: dict[int, dict[int, str]] = {}
        #: The last import this channel uploaded, and when.
        self._uploaded: tuple[int, datetime] | None = None
        self._carrier_table = carriers

    @property
    def marketplace(self) -> str:
        """Always `"fnac"`."""
        return "fnac"

    @property
    def shop_id(self) -> str:
        """The FNAC shop id of the client's credentials."""
        return self._client.shop_id

    @property
    def capabilities(self) -> Capabilities:
        """`marketplace_sdk.fnac._capabilities.FNAC_CAPABILITIES`."""
        return FNAC_CAPABILITIES

    # Catalogue ---------------------------------------------------------------------------

    def _mirakl(self, operation: str) -> AsyncMiraklCatalogClient:
        if self._catalog is None:
            raise CatalogueNotConfiguredError(operation)
        return self._catalog

    async def _tree(self) -> list[Hierarchy]:
        if self._hierarchies is None:
            self._hierarchies = await self._mirakl("categories").list_hierarchies()
        return self._hierarchies

    async def iter_categories(self) -> AsyncIterator[Category]:
        """FNAC's categories from Mirakl H11 (fetched once per channel: H11 is hourly)."""
        for category in hierarchies_to_categories(await self._tree()):
            yield category

    async def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        """The PM11 attributes of a category, list ones with their VL11 values.

        PM11 and VL11 are read once per channel for the whole catalogue (Mirakl allows each
        once an hour) and filtered per category.

        Raises:
            NotFoundError: no such category.
            CatalogueNotConfiguredError: the channel has no Mirakl client.
        """
        catalog = self._mirakl("category attributes")
        if category_id not in {node.code for node in await self._tree()}:
            raise NotFoundError(f"no FNAC category {category_id!r}", marketplace="FNAC")
        if self._attributes is None:
            self._attributes = await catalog.list_attributes()
        attributes = attributes_of(category_id, await self._tree(), self._attributes)
        if self._value_lists is None:
            self._value_lists = {vl.code: vl for vl in await catalog.list_value_lists()}
        return [
            attribute_to_canonical(item, self._value_lists, category_id=category_id)
            for item in attributes
        ]

    async def iter_products(
        self, *, quarantine: Quarantine | None = None
    ) -> AsyncIterator[Product]:
        """Every offer of the shop as a product, page by page, duplicates as FNAC has them.

        An offer without a seller reference is skipped (logged). An offer that cannot be
        converted, or that FNAC's schema refuses, raises `RecordError`, or goes to
        `quarantine` when given.
        """
        async for offer in self._client.offers_query(quarantine=quarantine):
            if not offer.offer_seller_id:
                logger.warning("FNAC offer %s has no seller reference", offer.offer_fnac_id)
                continue
            product = convert_or_quarantine(
                offer_to_product,
                offer,
                kind="product",
                record_id=offer.offer_seller_id,
                marketplace=self.marketplace,
                quarantine=quarantine,
            )
            if product is not None:
                yield product

    def _product(self, offer: Offer) -> Product:
        return convert_record(
            offer_to_product,
            offer,
            kind="product",
            record_id=offer.offer_seller_id,
            marketplace=self.marketplace,
        )

    async def products_deduped(self) -> DedupeResult:
        """Every product, one per SKU, with the report of the duplicates left out.

        The same name on every channel (`EtsyChannel.products_deduped` too).

        Examples:
            See the module docstring; `channel.products_deduped().duplicates` is the report.
        """
        products = [product async for product in self.iter_products()]
        return dedupe_by_sku(products)

    async def get_product(self, sku: str) -> Product:
        """The offer with this seller reference.

        Raises:
            NotFoundError: the shop has no such offer.
            RecordError: the offer cannot be converted, or FNAC's schema refuses it.
        """
        async for offer in self._client.offers_query(OffersQueryRequest(offer_seller_id=sku)):
            if offer.offer_seller_id == sku:
                return self._product(offer)
        raise NotFoundError(f"no FNAC offer with SKU {sku!r}", marketplace="FNAC")

    async def list_product(self, draft: ProductDraft) -> ItemResult:
        """Create the offer for a single product, importing the product through Mirakl first
        when FNAC's catalogue does not know its EAN (then the result is retry later with code
        `pending_product_import` and the import id as `marketplace_id`).

        One draft of `list_products`: the same reads of earlier imports decide whether the
        product is imported, waits, or is refused for Mirakl's reason.

        Raises:
            UnsupportedOperation: the draft has variants.

        Examples:
            result = await channel.list_product(draft)  # retry_later: pending_product_import
            result = await channel.list_product(draft)  # later: ok, or Mirakl's refusal
        """
        if draft.variants:
            FNAC_CAPABILITIES.require("variation_product_listing")
        (result,) = await self.list_products([draft])
        return result

    async def list_products(
        self,
        drafts: Sequence[ProductDraft],
        *,
        on_result: Callable[[int, ItemResult], None] | None = None,
    ) -> Sequence[ItemResult]:
        """Create the offers of single products; import the products FNAC does not know
        through Mirakl, all in one file (Mirakl takes one P41 import per 15 minutes).

        Every offer goes in one `offers_update` (split by FNAC's call size). A product FNAC
        does not know (ERR_026) is imported, unless an import already decides it:

        - an import this channel sent for it is read (P42 and its reports, once per import):
          still running, or integrated but not yet in FNAC's catalogue, is retry later; a row
          Mirakl refused, even in an import that ended `COMPLETE` (MIRAKL-Q07), is rejected
          with code `product_import_rejected` and Mirakl's reason, a final answer;
        - else Mirakl's imports of the last `IMPORT_MEMORY` are read (P51, and the reports of
          the finished ones), so another process or an earlier run counts too: a row refused
          unchanged is rejected with Mirakl's reason and not imported again (a corrected row
          is); while any import is still running, nothing is uploaded and the product waits
          (retry later, that import's id).

        The products left go in one file, each retry later with code `pending_product_import`
        and the import id; when Mirakl's 15 minutes are not over, retry later with code
        `mirakl_rate_limited` and the wait.

        Raises:
            CatalogueNotConfiguredError: a product must be imported and the channel has no
                Mirakl client.

        Examples:
            results = await channel.list_products(drafts)
        """
        drafts = list(drafts)
        decided: dict[int, ItemResult] = {}
        offers: dict[int, SentOffer] = {}
        for index, draft in enumerate(drafts):
            prepared = listing_prepared(draft)
            if isinstance(prepared, ItemResult):
                decided[index] = prepared
            else:
                offers[index] = prepared

        def settle(index: int, result: ItemResult) -> None:
            decided[index] = result
            if on_result is not None:
                on_result(index, result)

        sent = await self._send(PreparedUpdates(tuple(d.sku for d in drafts), offers, decided))
        unknown: list[int] = []
        for index, result in enumerate(sent):
            if result.reason is not None and result.reason.code == PRODUCT_NOT_FOUND:
                unknown.append(index)
                continue
            if index in offers:
                self._imports.pop(drafts[index].sku, None)
            settle(index, result)
        if unknown:
            imported = await self._import_unknown([drafts[index] for index in unknown])
            for index in unknown:
                settle(index, imported[drafts[index].sku])
        return [decided[index] for index in range(len(drafts))]

    async def _import_unknown(self, drafts: list[ProductDraft]) -> dict[str, ItemResult]:
        """The listing result of each draft FNAC does not know; one P41 upload at most."""
        catalog = self._mirakl("product imports")
        results: dict[str, ItemResult] = {}
        by_import: dict[int, list[str]] = {}
        for draft in drafts:
            if draft.sku in self._imports:
                by_import.setdefault(self._imports[draft.sku], []).append(draft.sku)
        for import_id, skus in by_import.items():
            results.update(await self._import_outcomes(catalog, import_id, skus))
        rest = [draft for draft in drafts if draft.sku not in results]
        if not rest:
            return results
        now = self._client.config.clock.now()
        if self._uploaded is not None and now - self._uploaded[1] < P41_INTERVAL:
            # This channel uploaded within P41's 15 minutes: another upload would be refused,
            # and reading P51 (once a minute) to learn so would only make the caller wait.
            import_id, at = self._uploaded
            wait = (at + P41_INTERVAL - now).total_seconds()
            for draft in rest:
                results[draft.sku] = ItemResult.retry_later(
                    draft.sku,
                    code="mirakl_rate_limited",
                    message=f"Mirakl takes one product import per 15 minutes; import "
                    f"{import_id} was sent {(now - at).total_seconds():.0f}s ago",
                    retry_after=wait,
                )
            return results
        earlier, running = await self._earlier_imports(catalog, rest)
        results.update(earlier)
        rest = [draft for draft in rest if draft.sku not in results]
        if running is not None:
            results.update(
                {draft.sku: waiting_for_import(draft.sku, running, now) for draft in rest}
            )
            return results
        if not rest:
            return results
        name = f"{rest[0].sku}.csv" if len(rest) == 1 else f"products-{len(rest)}.csv"
        sent_at = catalog.clock.now()
        try:
            created = await catalog.import_products(draft_to_import_csv(rest), filename=name)
        except RateLimitedError as error:
            for draft in rest:
                results[draft.sku] = ItemResult.retry_later(
                    draft.sku,
                    code="mirakl_rate_limited",
                    message=f"Mirakl takes one product import per 15 minutes: {error}",
                    retry_after=error.retry_after,
                )
            return results
        except UNSURE_WRITE_ERRORS as error:
            found = await self._lost_upload(catalog, [draft.sku for draft in rest], sent_at, error)
            if isinstance(found, dict):
                results.update(found)
                return results
            import_id = found
        else:
            import_id = created.import_id
        self._uploaded = (import_id, now)
        self._import_lines[import_id] = {
            line: draft.sku for line, draft in enumerate(rest, start=2)
        }
        for draft in rest:
            self._imports[draft.sku] = import_id
            results[draft.sku] = pending_import(draft.sku, import_id)
        return results

    async def _lost_upload(
        self,
        catalog: AsyncMiraklCatalogClient,
        skus: Sequence[str],
        sent_at: datetime,
        error: MarketplaceError,
    ) -> int | dict[str, ItemResult]:
        """The import a P41 sent at `sent_at` created although its answer was lost (P51), to
        follow as if the answer had come; else each SKU's result (`lost_upload_results`).

        Never sent again here: when P51 shows no import, the SKUs are retry later and the next
        listing uploads them, after reading P51 again (`_earlier_imports`: an import Mirakl
        created late, still running, is waited for rather than doubled).
        """
        known = {*self._imports.values(), *self._import_lines}
        try:
            found, candidates = await catalog.find_lost_import(sent_at, known=known)
        except TRANSIENT_ERRORS as unread:
            return lost_upload_results(skus, error, unread)
        if found is None:
            return lost_upload_results(skus, error, candidates)
        logger.warning("Mirakl P41 answer lost; following its import %s", found)
        return found

    async def _earlier_imports(
        self, catalog: AsyncMiraklCatalogClient, drafts: list[ProductDraft]
    ) -> tuple[dict[str, ItemResult], ProductImport | None]:
        """What Mirakl's recent imports say of `drafts`: the rows they refused unchanged, and
        an import still running, if one is (P51, then each finished import's reports)."""
        rows = {draft.sku: import_row(draft) for draft in drafts}
        since = self._client.config.clock.now() - IMPORT_MEMORY
        refused: dict[str, ItemResult] = {}
        running: ProductImport | None = None
        async for earlier in catalog.list_imports(last_request_date=since):
            if not earlier.is_final:
                running = earlier
                continue
            try:
                errors = await catalog.import_errors(earlier)
            except (NotFoundError, UnsupportedOperation):  # gone, or a report not in CSV
                continue
            for sku, lines in errors_by_product(errors).items():
                row = rows.get(sku or "")
                if row is None:
                    continue
                if any(same_import_row(line.fields, row) for line in lines):
                    refused[sku or ""] = import_outcome(sku or "", earlier, lines)
                else:  # a later import of a corrected row: that one decides
                    refused.pop(sku or "", None)
        return refused, running

    async def _import_outcomes(
        self, catalog: AsyncMiraklCatalogClient, import_id: int, skus: list[str]
    ) -> dict[str, ItemResult]:
        """The listing results of `skus` from the Mirakl import carrying them (read once);
        a SKU left out is to be imported afresh."""
        try:
            status = await catalog.get_import(import_id)
            errors = await catalog.import_errors(status) if status.is_final else []
        except NotFoundError:  # Mirakl keeps imports for a while only: import afresh
            for sku in skus:
                del self._imports[sku]
            return {}
        except UnsupportedOperation as error:
            # A report of refused rows is their refusal, even in a format the SDK cannot read.
            errors = [ErrorReportLine(message=f"{error} (import {import_id})")]
        except TRANSIENT_ERRORS as error:
            if error.error_class is not ErrorClass.TRANSIENT:  # an unreadable report: a bug
                raise
            wait = error.retry_after if isinstance(error, RateLimitedError) else None
            message = f"Mirakl product import {import_id} could not be read now: {error}"
            return {
                sku: ItemResult.retry_later(
                    sku, code=PENDING_IMPORT, message=message, retry_after=wait
                )
                for sku in skus
            }
        if status.unknown_status is not None:
            logger.warning(
                "Mirakl product import %s is in unknown state %r", import_id, status.unknown_status
            )
        lines = self._import_lines.get(import_id)
        outcomes: dict[str, ItemResult] = {}
        for sku in skus:
            outcome = import_outcome(sku, status, errors, skus_by_line=lines)
            if outcome.outcome is Outcome.REJECTED:
                del self._imports[sku]  # a corrected product is imported afresh next time
            outcomes[sku] = outcome
        return outcomes

    async def set_active(self, sku: str, active: bool) -> ItemResult:
        """Always raises: FNAC cannot activate or deactivate products from the OMS.

        Raises:
            UnsupportedOperation: always.
        """
        FNAC_CAPABILITIES.refuse("set_active")

    # Inventory and prices ----------------------------------------------------------------

    async def _send(self, prepared: PreparedUpdates) -> Sequence[ItemResult]:
        (results,) = await self._push(prepared.to_send(), (prepared, ()))
        return results

    async def _push(
        self, offers: list[SentOffer], *kinds: tuple[PreparedUpdates, Collection[str]]
    ) -> list[Sequence[ItemResult]]:
        """Send `offers`, then one result list per kind of update they carry (stock, prices)."""
        sent = await self._send_offers(offers)
        answers = [push_results(prepared, sent, sent_with) for prepared, sent_with in kinds]
        missing = sorted({key for results in answers for key in unreported(results)})
        if not missing:
            return answers
        # FNAC-Q03: a finished batch may report no offer at all; read those offers back.
        logger.warning("FNAC batch report left out %d offer(s); reading them back", len(missing))
        try:
            shown = await self._offers_now(missing)
        except TRANSIENT_ERRORS as error:
            logger.warning("reading back FNAC offers failed: %s", error)
            return answers
        return [
            read_back_results(prepared, results, shown)
            for (prepared, _), results in zip(kinds, answers, strict=True)
        ]

    async def _offers_now(self, skus: Collection[str]) -> dict[str, Offer]:
        """The offers with these SKUs as FNAC shows them now (one query per SKU when few)."""
        wanted = set(skus)
        found: dict[str, Offer] = {}
        skipped: list[RecordError] = []  # an offer FNAC's schema refuses is not read back
        if len(wanted) <= READ_BACK_PER_SKU:
            for sku in sorted(wanted):
                request = OffersQueryRequest(offer_seller_id=sku)
                async for offer in self._client.offers_query(request, quarantine=skipped.append):
                    if offer.offer_seller_id == sku:
                        found[sku] = offer
            return found
        async for offer in self._client.offers_query(quarantine=skipped.append):
            if offer.offer_seller_id in wanted:
                found[offer.offer_seller_id] = offer
        return found

    async def _send_offers(self, offers: list[SentOffer]) -> SentOffers:
        """Send `offers` 10,000 per call, keeping up to `batches_in_flight` batches open: the
        next chunk goes out while FNAC processes the ones before it. Each batch's report is
        read into its offers' results as soon as the batch is done."""
        if len(self._opened) > REMEMBERED_BATCHES:
            for forgotten in list(self._opened)[: len(self._opened) - REMEMBERED_BATCHES]:
                del self._opened[forgotten]
        sent = SentOffers(opened=self._opened)
        open_batches: deque[tuple[list[SentOffer], str]] = deque()
        for chunk in endpoints.chunked(offers, endpoints.MAX_OFFERS_PER_UPDATE):
            if len(open_batches) >= self._batches_in_flight:
                await self._wait_batch(*open_batches.popleft(), sent)
            batch_id = await self._open_batch(chunk, sent)
            if batch_id is not None:
                open_batches.append((chunk, batch_id))
        while open_batches:
            await self._wait_batch(*open_batches.popleft(), sent)
        return sent

    async def _open_batch(self, chunk: list[SentOffer], sent: SentOffers) -> str | None:
        """`offers_update` one chunk: the batch id to wait for, or `None` when it is settled.

        When the answer is lost after FNAC may have taken the call (a timeout, a 5xx, an
        answer cut short), the batch FNAC opened is looked for rather than sent again.
        """
        since = self._client.config.clock.now()
        try:
            answer = await self._client._update_offers(chunk)
        except UNSURE_WRITE_ERRORS as error:
            found = await self._lost_batch(chunk, since, sent)
            if found is None:
                sent.refused.update(retry_later_all(chunk, f"offers_update failed: {error}"))
            return found
        except TRANSIENT_ERRORS as error:
            sent.refused.update(retry_later_all(chunk, f"offers_update failed: {error}"))
            return None
        except InvalidRequestError as error:
            sent.refused.update(refused_call(chunk, error))
            return None
        if not answer.batch_id:
            sent.add_report(unbatched(answer))
            return None
        sent.opened[answer.batch_id] = None
        return answer.batch_id

    async def _lost_batch(
        self, chunk: list[SentOffer], since: datetime, sent: SentOffers
    ) -> str | None:
        """The batch FNAC opened for `chunk` although its answer was lost: the one batch
        `batch_query` lists created since the call (by FNAC's clock) with as many lines, that
        this channel did not open itself. None, or more than one: `None`, and the chunk is
        retry later (a FNAC clock behind the SDK's hides the batch: the chunk is then sent
        again, as before this search).
        """
        try:
            listed = await self._client.batch_query(created_min=since)
        except TRANSIENT_ERRORS as error:
            logger.warning("FNAC batch_query after a lost offers_update failed: %s", error)
            return None
        found = lost_batch(listed, len(chunk), sent.opened)
        if found is not None:
            logger.warning("FNAC offers_update answer lost; waiting for its batch %s", found)
            sent.opened[found] = None
        return found

    async def _wait_batch(self, chunk: list[SentOffer], batch_id: str, sent: SentOffers) -> None:
        try:
            # The report read straight into one result per SKU: no model per offer.
            status = await self._client._wait_for_report(
                batch_id, poll_interval=self._poll_interval
            )
        except TRANSIENT_ERRORS as error:
            sent.refused.update(retry_later_all(chunk, f"batch {batch_id}: {error}"))
            return
        sent.add_report(status)

    async def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        """Set quantities (0 to 9,999) through `offers_update`, one result per update."""
        return await self._send(stock_updates(updates))

    async def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        """Set prices (the OMS price, 0.90 to 20,000 EUR), one result per update.

        Each price goes with the offer's quantity, read just before: FNAC may reset the stock
        of an offer updated without one to 1 (FNAC-Q06). A sale between the read and FNAC
        applying the batch is overwritten until the next stock push; `push_stock_and_prices`
        sends the OMS's own quantity instead and reads nothing. When the quantities cannot be
        read, the prices are retry later rather than sent without them.

        Examples:
            >>> from marketplace_sdk.core._money import Money
            >>> _ = PriceUpdate(sku="SKU-00001", price=Money(amount="12.90", currency="EUR"))
        """
        _, prices = await self.push_stock_and_prices((), updates)
        return prices

    async def push_stock_and_prices(
        self, stock: Iterable[StockUpdate], prices: Iterable[PriceUpdate]
    ) -> tuple[Sequence[ItemResult], Sequence[ItemResult]]:
        """Set quantities and prices in the same `offers_update` calls: one `<offer>` per SKU
        carrying its new quantity and its new price (10,000 offers a call).

        A SKU whose stock and price change together is sent with the OMS's quantity, so no
        read is needed and no sale can fall between a read and the write (FNAC-Q06). A price
        without a stock update goes with the quantity read just before, as `push_prices`
        does. Each update gets its own result (one list per kind, in input order), from the
        offer's line of the batch report: a SKU FNAC refused is rejected in both lists; when
        FNAC refuses a whole call naming one element of an offer (`Element 'price' ... line:
        N`), the update that set it is rejected and the other one of that offer is retry
        later.

        Examples:
            stock, prices = await channel.push_stock_and_prices(
                [StockUpdate(sku="SKU-00001", quantity=4)],
                [PriceUpdate(sku="SKU-00001", price=Money(amount="12.90", currency="EUR"))],
            )
        """
        draft = OffersDraft.check(stock, prices)
        alone = draft.prices_alone()
        read: dict[str, int] = {}
        if alone:
            try:
                shown = await self._offers_now(alone)
            except TRANSIENT_ERRORS as error:
                draft = draft.without_prices(alone, f"could not read the offer's stock: {error}")
            else:
                read = {sku: o.quantity for sku, o in shown.items() if o.quantity is not None}
        stocked, priced, offers = draft.offers(read)
        stock_results, price_results = await self._push(
            offers, (stocked, STOCK_SENT_WITH), (priced, PRICE_SENT_WITH)
        )
        return stock_results, price_results

    # Orders ------------------------------------------------------------------------------

    async def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> AsyncIterator[Order]:
        """Orders FNAC changed in the window (its UpdatedAt dates), statuses in seed words.

        An order that cannot be converted, or that FNAC's schema refuses (a date that cannot
        be read among others), raises `RecordError`, or goes to `quarantine` when given.
        """
        request = orders_window(updated_since, updated_until, statuses)
        # Each order goes straight to its canonical `Order` when its reading is sure
        # (`fast.read_order`, without the wire models); any other comes as its wire model.
        async for order in self._client._read_orders(request, read_order, quarantine=quarantine):
            if type(order) is Order:
                yield order
                continue
            assert isinstance(order, FnacOrder)
            canonical = convert_or_quarantine(
                order_to_canonical,
                order,
                kind="order",
                record_id=order.order_id,
                marketplace=self.marketplace,
                quarantine=quarantine,
            )
            if canonical is not None:
                yield canonical

    async def _fnac_order(self, order_id: str) -> FnacOrder:
        for order in await self._client.get_orders([order_id]):
            if order.order_id == order_id:
                return order
        raise NotFoundError(f"no FNAC order {order_id!r}", marketplace="FNAC")

    async def get_order(self, order_id: str) -> Order:
        """One order by its FNAC id.

        Raises:
            NotFoundError: no such order.
            RecordError: the order cannot be converted, or FNAC's schema refuses it.
        """
        return convert_record(
            order_to_canonical,
            await self._fnac_order(order_id),
            kind="order",
            record_id=order_id,
            marketplace=self.marketplace,
        )

    async def accept_order(
        self, order_id: str, lines: Collection[str] | None = None
    ) -> Sequence[ItemResult]:
        """Accept the whole order (`lines` None), or accept `lines` and refuse the others.

        FNAC's order is read first: an order already accepted is not sent again, and after a
        timeout the order is read again before anything is resent.
        """
        order = await self._fnac_order(order_id)
        plan = accept_plan(order, lines)
        if not plan.send:
            return [plan.results[key] for key in plan.lines]
        try:
            answer = await self._client.accept_order(order_id, plan.decisions)
        except UNSURE_WRITE_ERRORS:
            logger.warning("accept of FNAC order %s unsure; reading it again", order_id)
            order = await self._fnac_order(order_id)
            plan = accept_plan(order, lines)
            if not plan.send:
                return [plan.results[key] for key in plan.lines]
            answer = await self._client.accept_order(order_id, plan.decisions)
        return order_update_results(order, answer, plan.results)

    async def _carrier(self, carrier: str) -> str:
        if self._carriers is None:
            self._carriers = await self._client.carriers_query()
        return carrier_code(carrier, self._carriers, self._carrier_table)

    async def _confirm(
        self, order: FnacOrder, tracking: str | None, carrier: str | None
    ) -> ItemResult:
        order_id = order.order_id or ""
        decided = ship_precheck(order)
        if decided is not None:
            return decided
        answer: OrderUpdateResult
        try:
            answer = await self._client.confirm_to_send(
                order_id, tracking_number=tracking, carrier=carrier
            )
        except UNSURE_WRITE_ERRORS:
            logger.warning("shipment of FNAC order %s unsure; reading it again", order_id)
            order = await self._fnac_order(order_id)
            decided = ship_precheck(order)
            if decided is not None:
                return decided
            answer = await self._client.confirm_to_send(
                order_id, tracking_number=tracking, carrier=carrier
            )
        return order_result(order_id, answer)

    async def ready_to_ship(self, order_id: str, shipment: Shipment) -> ItemResult:
        """`confirm_to_send` the whole order with the carrier and tracking number (self ship).

        FNAC's order is read first: an order already Shipped is ok without a call (the buyer is
        never notified twice), and after a timeout the order is read again before resending.
        The carrier goes through the channel's carrier table and must be one FNAC's
        `carriers_query` lists (FNAC-Q12). FNAC answers 200 whatever happened: the result is
        read from every level of the answer (FNAC-Q10, FNAC-Q11).

        Raises:
            UnsupportedOperation: the shipment names some lines only (no partial fulfilment).
            UnknownCarrierError: the carrier cannot be mapped to FNAC's list (nothing sent).

        Examples:
            result = await channel.ready_to_ship("1A2B3C4D5E6F7", shipment)
        """
        order = await self._fnac_order(order_id)
        lines = {str(detail.order_detail_id) for detail in order.order_details}
        if shipment.line_ids and set(shipment.line_ids) != lines:
            FNAC_CAPABILITIES.require("partial_order_fulfilment")
        carrier = await self._carrier(shipment.carrier)
        return await self._confirm(order, shipment.tracking_number, carrier)

    async def ready_to_ship_by_marketplace(self, order_id: str) -> ItemResult:
        """`confirm_to_send` without carrier nor tracking: FNAC's integrated carrier ships it
        and FNAC issues the label and tracking id (the seed's "Shipped by sales channel").

        Examples:
            See `ready_to_ship`; the same reads and exactly-once rules apply.
        """
        order = await self._fnac_order(order_id)
        return await self._confirm(order, None, None)

    async def iter_cancellations(
        self, since: datetime, *, quarantine: Quarantine | None = None
    ) -> AsyncIterator[Cancellation]:
        """Orders FNAC cancelled (Cancelled, Refused, Refunded) since `since`, by CancelledAt.

        An order that cannot be converted, or that FNAC's schema refuses, raises
        `RecordError`, or goes to `quarantine` when given.
        """
        until = self._client.config.clock.now()
        request = orders_window(since, until, ["Cancelled"], date_type=OrderDateType.CANCELLED_AT)
        aside = as_kind("cancellation", quarantine)
        async for order in self._client.orders_query(request, quarantine=aside):
            cancellation = convert_or_quarantine(
                partial(order_cancellation, not_before=since),
                order,
                kind="cancellation",
                record_id=order.order_id,
                marketplace=self.marketplace,
                quarantine=quarantine,
            )
            if cancellation is not None:
                yield cancellation
