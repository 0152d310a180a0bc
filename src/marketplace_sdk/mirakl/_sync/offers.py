# Generated from src/marketplace_sdk/mirakl/_async/offers.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The offer and catalogue operations of the Mirakl channel (mixed into `MiraklChannel`).

Offers are read with OF21 and written as imports: a push reads each offer (OF21), sends it
back whole with its new stock and/or price (MIRAKL-Q06) in OF24 calls, or as one OF01 file in
NORMAL mode when it is large (never REPLACE, MIRAKL-Q05), then follows each import (OF02, once a
minute) to its end and reads its error report (OF03) into one `ItemResult` per SKU: a COMPLETE
import can still refuse lines (MIRAKL-Q07), and report lines tied to no SKU leave the others
unknown, never ok. When the answer to an import call is lost, the import is looked for in
OF04's list rather than sent again. Each operation is held to its own call frequency
(`mmp_buckets`) and a 429's Retry-After is waited out by the client.

Categories, attributes and product listing go through the catalogue client (H11, PM11, VL11,
P41), which the operator serves on the same URL.

Examples:
    results = channel.push_stock([StockUpdate(sku="SKU-MUG", quantity=4)])
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._catalog import DedupeResult, dedupe_by_sku
from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._errors import (
    DeadlineExceededError,
    InvalidRequestError,
    MarketplaceError,
    NotFoundError,
    RateLimitedError,
    RecordError,
    ResponseParseError,
    ServerError,
    TransportError,
    UnsupportedOperation,
)
from marketplace_sdk.core._models import (
    Category,
    CategoryAttribute,
    PriceUpdate,
    Product,
    ProductDraft,
    StockUpdate,
)
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import PriceError
from marketplace_sdk.core._records import Quarantine, convert_or_quarantine, convert_record
from marketplace_sdk.core._results import ItemResult, Outcome, Reason
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._models import (
    Attribute,
    Hierarchy,
    Offer,
    OfferImportCreated,
    OfferUpdate,
    ProductImport,
    ValueList,
)
from marketplace_sdk.mirakl._offer_imports import offer_import_outcomes
from marketplace_sdk.mirakl._plain_offers import PlainOffer, PlainUpdate
from marketplace_sdk.mirakl._reports import ErrorReportLine, errors_by_product
from marketplace_sdk.mirakl._shared.catalogue import (
    applicable_attributes,
    categories,
    category_attribute,
    product_file,
)
from marketplace_sdk.mirakl._shared.offers import (
    LOST_IMPORT_SLACK,
    MiraklOfferOptions,
    OfferPush,
    SkuResults,
    all_results,
    complete_updates,
    file_skus_by_line,
    fits_in_file,
    lost_import,
    model_updates,
    offer_file,
    offer_to_product,
)
from marketplace_sdk.mirakl._sync.client import MiraklCatalogClient
from marketplace_sdk.mirakl._sync.seller import MiraklSellerClient

__all__ = ["MiraklOffers"]

logger = logging.getLogger(__name__)

#: Failures after which an import call may have reached Mirakl: look for its import.
UNSURE_WRITE_ERRORS: tuple[type[MarketplaceError], ...] = (
    TransportError,
    ServerError,
    ResponseParseError,
)
#: Failures that leave a push's items to retry later (or unknown, once sent) instead of raising.
TRANSIENT_ERRORS: tuple[type[MarketplaceError], ...] = (
    *UNSURE_WRITE_ERRORS,
    RateLimitedError,
    DeadlineExceededError,
)
#: Failures that leave an import's report unread: its SKUs are unknown, never ok.
REPORT_ERRORS: tuple[type[MarketplaceError], ...] = (*TRANSIENT_ERRORS, UnsupportedOperation)
#: The reason code of the items of an import call whose answer was lost.
ANSWER_LOST = "import_answer_lost"
#: Import ids a channel remembers having opened, so a lost answer is never matched to one.
REMEMBERED_IMPORTS = 1000


def _chunks(items: Sequence[OfferUpdate], size: int) -> Iterable[Sequence[OfferUpdate]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class MiraklOffers:
    """Offers, products and catalogue over `self._seller` and `self._catalog`.

    Examples:
        product = channel.get_product("SKU-MUG")
    """

    _seller: MiraklSellerClient
    _catalog: MiraklCatalogClient | None
    _clock: Clock
    _key: str
    _capabilities: Capabilities
    _offer_options: MiraklOfferOptions
    _price_rule: Callable[[Money, Money | None], Money]
    _opened_imports: dict[int, None]
    _hierarchies: list[Hierarchy] | None
    _attributes: list[Attribute] | None
    _value_lists: dict[str, ValueList] | None
    #: SKU to the P41 import this channel sent for its product, while it is not settled.
    _product_imports: dict[str, int]
    #: SKU to when a P41 carrying it was sent, whose answer was lost and which P51 did not
    #: show yet: looked for again before the product is uploaded again.
    _lost_uploads: dict[str, datetime]
    #: P41 import ids the channel opened, so a lost answer is never matched to one.
    _uploaded_imports: dict[int, None]

    # Catalogue ---------------------------------------------------------------------------

    def _catalogue(self) -> MiraklCatalogClient:
        self._capabilities.require("single_listing")
        if self._catalog is None:
            raise UnsupportedOperation(
                f"{self._capabilities.marketplace}: this channel was opened without a "
                "catalogue client (H11, PM11, VL11, P41)",
                marketplace=self._key,
            )
        return self._catalog

    def _tree(self) -> list[Hierarchy]:
        if self._hierarchies is None:
            self._hierarchies = self._catalogue().list_hierarchies()
        return self._hierarchies

    def iter_categories(self) -> Iterator[Category]:
        """The operator's categories (H11, read once per channel: H11 is hourly).

        Raises:
            UnsupportedOperation: the operator offers sellers no catalogue (its capabilities).
        """
        for category in categories(self._tree()):
            yield category

    def get_category_attributes(self, category_id: str) -> Sequence[CategoryAttribute]:
        """A category's PM11 attributes, list ones with their VL11 values.

        PM11 and VL11 are read once per channel for the whole catalogue (each is hourly).

        Raises:
            NotFoundError: no such category.
            UnsupportedOperation: the operator offers sellers no catalogue.
        """
        catalogue = self._catalogue()
        tree = self._tree()
        if category_id not in {node.code for node in tree}:
            raise NotFoundError(
                f"no {self._capabilities.marketplace} category {category_id!r}",
                marketplace=self._key,
            )
        if self._attributes is None:
            self._attributes = catalogue.list_attributes()
        if self._value_lists is None:
            self._value_lists = {vl.code: vl for vl in catalogue.list_value_lists()}
        return [
            category_attribute(item, self._value_lists, category_id=category_id)
            for item in applicable_attributes(category_id, tree, self._attributes)
        ]

    def list_product(self, draft: ProductDraft) -> ItemResult:
        """Create the shop's offer for a product of the operator's catalogue (see
        `list_products`).

        Raises:
            UnsupportedOperation: the draft has variants, or the operator takes no listing.

        Examples:
            result = channel.list_product(draft)
        """
        if draft.variants:
            self._capabilities.require("variation_product_listing")
        (result,) = self.list_products([draft])
        return result

    def list_products(
        self,
        drafts: Sequence[ProductDraft],
        *,
        on_result: Callable[[int, ItemResult], None] | None = None,
    ) -> Sequence[ItemResult]:
        """Create offers for products of the operator's catalogue, all in one import; create
        the products the operator lacks with one P41 product file first.

        The product is named by the draft's `product_id` attribute, else its `ean` (as an
        EAN), else the draft's own SKU (a product the shop created); the offer is new
        (condition "11", the draft's price and stock), sent by OF24 and read back per SKU.

        A draft the operator refuses for an unknown product, and that names its category,
        has its product imported (one P41 file for all of them, at most one per 15 minutes):
        its result is retry later with code `pending_product_import` and the import id, and
        listing it again once the import is integrated creates the offer. Listed again while
        the import runs, it waits (no second upload); when Mirakl refused the product row,
        even in an import that ended COMPLETE (MIRAKL-Q07), it is rejected with code
        `product_import_rejected` and Mirakl's reason. Other refusals keep Mirakl's message.
        A draft with variants is rejected.

        Raises:
            UnsupportedOperation: the operator takes no listing from sellers (its capabilities).

        Examples:
            results = channel.list_products(drafts)
        """
        self._capabilities.require("single_listing")
        drafts = list(drafts)
        decided: dict[int, ItemResult] = {}
        updates: dict[int, OfferUpdate] = {}
        for index, draft in enumerate(drafts):
            if draft.variants:
                decided[index] = ItemResult.rejected(
                    draft.sku,
                    code="variants",
                    message=self._capabilities.explain("variation_product_listing"),
                )
                continue
            try:
                price = self._price_rule(draft.price, draft.selling_price)
            except PriceError as error:
                decided[index] = ItemResult.rejected(
                    draft.sku, code="invalid_price", message=error.message
                )
                continue
            updates[index] = _new_offer(draft, price)
        # One offer per SKU (OF24 takes a SKU once): the last draft of a SKU is sent.
        last = {update.shop_sku: index for index, update in updates.items()}
        unique = [updates[index] for index in last.values()]
        sent = (self._send_updates(unique)).as_dict() if unique else {}
        unknown = [
            draft
            for index, draft in enumerate(drafts)
            if last.get(draft.sku) == index
            and draft.category_id
            and _unknown_product(sent.get(draft.sku))
            and self._catalog is not None
        ]
        if unknown:
            sent.update(self._import_products(unknown))
        for draft in drafts:
            if (found := sent.get(draft.sku)) is not None and found.is_ok:
                self._product_imports.pop(draft.sku, None)
        results: list[ItemResult] = []
        for index, draft in enumerate(drafts):
            result = decided.get(index) or sent.get(draft.sku) or _no_result(draft.sku)
            results.append(result)
            if on_result is not None:
                on_result(index, result)
        return results

    def _import_products(self, drafts: Sequence[ProductDraft]) -> dict[str, ItemResult]:
        """Import the products of `drafts` (P41) unless an import of theirs decides them."""
        catalogue = self._catalogue()
        results: dict[str, ItemResult] = {}
        statuses: dict[int, ProductImport] = {}
        refused: dict[int, dict[str | None, list[ErrorReportLine]]] = {}
        to_send: list[ProductDraft] = []
        for draft in drafts:
            import_id = self._product_imports.get(draft.sku)
            if import_id is None:
                to_send.append(draft)
                continue
            try:
                if import_id not in statuses:
                    statuses[import_id] = catalogue.get_import(import_id)
                status = statuses[import_id]
                if status.is_final and import_id not in refused:
                    refused[import_id] = errors_by_product(catalogue.import_errors(status))
            except REPORT_ERRORS as error:
                results[draft.sku] = _pending(draft.sku, import_id, f"P42 unread: {error}")
                continue
            if not status.is_final:
                results[draft.sku] = _pending(draft.sku, import_id, "the product import runs")
                continue
            lines = refused[import_id].get(draft.sku)
            if lines:
                del self._product_imports[draft.sku]
                message = "; ".join(line.message for line in lines if line.message) or "refused"
                results[draft.sku] = ItemResult.rejected(
                    draft.sku, code="product_import_rejected", message=message
                )
            else:
                message = f"import {import_id} ended {status.import_status}: list it again"
                results[draft.sku] = _pending(draft.sku, import_id, message)
        if to_send:
            results.update(self._upload_products(catalogue, to_send))
        return results

    def _upload_products(
        self, catalogue: MiraklCatalogClient, drafts: Sequence[ProductDraft]
    ) -> dict[str, ItemResult]:
        """Upload `drafts` in one P41 file; a lost answer is looked for in P51, never resent.

        When P51 shows no import created since a lost upload, nothing was imported: the drafts
        are retry later, and uploaded again on a later listing (P41's slot is spent: Mirakl may
        have counted the call). Before that upload P51 is read again since the lost one, so an
        import Mirakl created late (a gateway that timed out while Mirakl went on) is followed,
        not doubled.
        """
        results = self._lost_uploads_found(catalogue, drafts)
        drafts = [draft for draft in drafts if draft.sku not in results]
        if not drafts:
            return results
        skus = [draft.sku for draft in drafts]
        since = catalogue.clock.now()
        try:
            created = catalogue.import_products(product_file(drafts), filename="products.csv")
        except RateLimitedError as error:
            results.update(
                {
                    sku: ItemResult.retry_later(
                        sku,
                        code="mirakl_rate_limited",
                        message=f"P41 takes one file per 15 minutes: {error}",
                        retry_after=error.retry_after,
                    )
                    for sku in skus
                }
            )
            return results
        except InvalidRequestError as error:
            results.update(all_results(skus, Outcome.REJECTED, f"P41 refused: {error.message}"))
            return results
        except UNSURE_WRITE_ERRORS as error:
            found = self._find_lost(
                "P41",
                "P51",
                skus,
                lambda: catalogue.find_lost_import(since, known=self._uploaded_imports),
                error,
            )
            if not isinstance(found, int):
                for sku, result in found.items():
                    if result.reason is not None and result.reason.code == ANSWER_LOST:
                        self._lost_uploads[sku] = since
                results.update(found)
                return results
            import_id = found
        else:
            import_id = created.import_id
        results.update(self._importing(skus, import_id))
        return results

    def _lost_uploads_found(
        self, catalogue: MiraklCatalogClient, drafts: Sequence[ProductDraft]
    ) -> dict[str, ItemResult]:
        """The drafts of earlier P41 uploads whose answers were lost, looked for again in P51:
        pending on the import found, or unknown while P51 cannot tell; the others (none found)
        are left out, to be uploaded."""
        wanted = {draft.sku for draft in drafts}
        lost = {sku: at for sku, at in self._lost_uploads.items() if sku in wanted}
        if not lost:
            return {}
        earliest = min(lost.values())
        found = self._find_lost(
            "P41",
            "P51",
            list(lost),
            lambda: catalogue.find_lost_import(earliest, known=self._uploaded_imports),
            None,
        )
        if isinstance(found, int):
            results = self._importing(lost, found)
        else:  # P51 unread, or imports that cannot be told apart: still not uploaded again
            results = {sku: item for sku, item in found.items() if item.outcome is Outcome.UNKNOWN}
        for sku in lost:
            if sku not in results or results[sku].outcome is not Outcome.UNKNOWN:
                del self._lost_uploads[sku]
        return results

    def _importing(self, skus: Iterable[str], import_id: int) -> dict[str, ItemResult]:
        """Remember that `skus` are imported by `import_id`; each is pending on it."""
        _remember(self._uploaded_imports, import_id)
        for sku in skus:
            self._product_imports[sku] = import_id
        return {
            sku: _pending(sku, import_id, "the product is being imported (P41)") for sku in skus
        }

    # Products ----------------------------------------------------------------------------

    def iter_products(self, *, quarantine: Quarantine | None = None) -> Iterator[Product]:
        """Every offer of the shop as a product (OF21, 100 a page until `total_count`).

        A page without its `offers` list is an error (`ResponseParseError`), never read as the
        last page. An offer that cannot be read or converted raises `RecordError` (after the
        offers before it), or goes to `quarantine` when given and the others still come.
        """
        for offer in self._seller.list_offers(quarantine=quarantine):
            product = convert_or_quarantine(
                self._product,
                offer,
                kind="product",
                record_id=offer.shop_sku,
                marketplace=self._key,
                quarantine=quarantine,
            )
            if product is not None:
                yield product

    def _product(self, offer: Offer) -> Product:
        return offer_to_product(offer, marketplace=self._key)

    def products_deduped(self) -> DedupeResult:
        """Every product, one per SKU, with the report of the duplicates left out.

        Examples:
            report = (channel.products_deduped()).duplicates
        """
        return dedupe_by_sku([product for product in self.iter_products()])

    def get_product(self, sku: str) -> Product:
        """The shop's offer with this SKU (OF21 filtered by SKU).

        Raises:
            NotFoundError: the shop has no offer with this SKU.
            RecordError: the offer cannot be read or converted.
        """
        for offer in self._seller.list_offers(sku=sku):
            if offer.shop_sku == sku:
                return convert_record(
                    self._product, offer, kind="product", record_id=sku, marketplace=self._key
                )
        raise NotFoundError(
            f"no {self._capabilities.marketplace} offer with SKU {sku!r}", marketplace=self._key
        )

    def set_active(self, sku: str, active: bool) -> ItemResult:
        """Put an offer on sale or take it off, keeping its stock and every other field.

        Mirakl offers have no on/off switch: an offer is off sale after its availability end
        date. Taking it off sets that date to now; putting it back clears it (an OF24 import,
        tracked like a push).

        Examples:
            result = channel.set_active("SKU-MUG", False)
        """
        self._capabilities.require("activate_deactivate")
        offer = self._seller.get_offer(sku)
        if offer is None:
            return ItemResult.rejected(
                sku, code="offer_not_found", message="the shop has no offer with this SKU"
            )
        try:
            update = OfferUpdate.from_offer(offer)
        except (UnsupportedOperation, ValueError) as error:
            return ItemResult.rejected(sku, code="unsupported_offer", message=str(error))
        ended = None if active else self._clock.now()
        update = update.model_copy(update={"available_ended": ended})
        return (self._send_updates([update])).as_dict()[sku]

    # Stock and prices --------------------------------------------------------------------

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        """Set quantities; one result per update, in order (see `push_stock_and_prices`)."""
        stock, _ = self.push_stock_and_prices(updates, ())
        return stock

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        """Set prices (the selling price when set, else the price); one result per update."""
        _, prices = self.push_stock_and_prices((), updates)
        return prices

    def push_stock_and_prices(
        self, stock: Iterable[StockUpdate], prices: Iterable[PriceUpdate]
    ) -> tuple[Sequence[ItemResult], Sequence[ItemResult]]:
        """Set quantities and prices together: one offer per SKU, carrying both.

        Each offer is read (OF21) and sent back whole (MIRAKL-Q06), in OF24 calls, or as one
        OF01 file (NORMAL mode) when the push has more offers than the options'
        `file_threshold`. Each import is followed to its end (OF02) and its error report read
        (OF03): a SKU on a report line is rejected with Mirakl's message, lines tied to no SKU
        leave the others unknown, an import still running at the deadline leaves them retry
        later with its id. A SKU the shop has no offer for is rejected without being sent.

        Examples:
            stock, prices = channel.push_stock_and_prices(
                [StockUpdate(sku="SKU-MUG", quantity=4)],
                [PriceUpdate(sku="SKU-MUG", price=Money(amount="8.50", currency="EUR"))],
            )
        """
        push = OfferPush.check(stock, prices, self._price_rule)
        if not push.changes:
            return push.results({})
        unreadable: list[RecordError] = []
        try:
            current = self._offers_now(push.changes, unreadable.append)
        except TRANSIENT_ERRORS as error:
            message = f"could not read the offers (OF21): {error}"
            return push.results(all_results(push.changes, Outcome.RETRY_LATER, message))
        changes = dict(push.changes)
        by_sku = SkuResults()
        for refused in unreadable:
            # An offer OF21 sends that its model refuses cannot be sent back whole.
            sku = refused.record_id
            if sku in changes and sku not in current:
                del changes[sku]
                by_sku.update(
                    {
                        sku: ItemResult.rejected(
                            sku,
                            code="offer_unreadable",
                            message=f"OF21's offer cannot be read: {refused}",
                        )
                    }
                )
        updates, refused_now, price_only = complete_updates(changes, current, push.currencies)
        by_sku.update(refused_now)
        if updates:
            by_sku.update(self._send_updates(updates))
        return push.results(by_sku, price_only)

    def _offers_now(
        self, skus: Collection[str], unreadable: Quarantine
    ) -> dict[str, Offer | PlainOffer]:
        """The offers with these SKUs as OF21 shows them now: one call per SKU, or one pass
        over the shop's offers (100 a page) when that takes fewer calls. An offer its model
        refuses goes to `unreadable`.

        The pass reads its first page before choosing: its `total_count` tells how many pages
        the rest of the pass takes, against one call per SKU still missing. It keeps the
        offers of the plain shape as `PlainOffer`s (no model built) and reads the others by
        their model.
        """
        wanted = set(skus)
        found: dict[str, Offer | PlainOffer] = {}
        if len(wanted) > self._offer_options.read_each_below:
            offset, size = 0, endpoints.OF21_MAX_PAGE_SIZE
            while True:
                call = endpoints.list_offer_rows(
                    wanted, offset=offset, limit=size, shop_id=self._seller.shop_id
                )
                page = self._seller.call(call)
                self._keep_rows(page.offers, found, unreadable)
                offset += page.carried
                if page.carried < size or (page.total is not None and offset >= page.total):
                    return found
                if offset == size and page.total is not None:
                    left = wanted.difference(found)
                    if len(left) < -(-(page.total - offset) // size):
                        wanted = left  # fewer calls one SKU at a time than the rest of the pass
                        break
        for sku in sorted(wanted):
            for offer in self._seller.list_offers(sku=sku, quarantine=unreadable):
                if offer.shop_sku == sku:
                    found[sku] = offer
        return found

    def _keep_rows(
        self,
        rows: Sequence[PlainOffer | dict[str, Any]],
        found: dict[str, Offer | PlainOffer],
        unreadable: Quarantine,
    ) -> None:
        """File an OF21 page's wanted offers in `found`; those not plain read by their model
        as `list_offers` reads them (a refused one goes to `unreadable`)."""
        others: list[dict[str, Any]] = []
        for row in rows:
            if type(row) is PlainOffer:
                found[row.cells[0]] = row
            else:
                others.append(row)  # type: ignore[arg-type]
        if not others:
            return
        offers, refused = endpoints.read_offers(others)
        for offer in offers:
            found[offer.shop_sku] = offer
        for record in refused:
            unreadable(record.error)

    def _send_updates(self, updates: Sequence[OfferUpdate | PlainUpdate]) -> SkuResults:
        """Send complete offers, by one OF01 file when many, else OF24; a result per SKU."""
        options = self._offer_options
        results = SkuResults()
        in_file: list[OfferUpdate | PlainUpdate] = []
        by_json: list[OfferUpdate | PlainUpdate] = list(updates)
        if len(updates) > options.file_threshold:
            in_file = [
                update
                for update in updates
                if type(update) is PlainUpdate or fits_in_file(update)  # type: ignore[arg-type]
            ]
            by_json = [
                update
                for update in updates
                if type(update) is not PlainUpdate and not fits_in_file(update)  # type: ignore[arg-type]
            ]
        if in_file:
            results.update(self._import_file(in_file))
        models, refused = model_updates(by_json)
        results.update(refused)
        for chunk in _chunks(models, options.of24_batch):
            results.update(self._import_json(chunk))
        return results

    def _opened(self, import_id: int) -> None:
        _remember(self._opened_imports, import_id)

    def _import_json(self, chunk: Sequence[OfferUpdate]) -> SkuResults:
        return self._import(chunk, "OF24", lambda: self._seller.update_offers(chunk), None)

    def _import_file(self, updates: Sequence[OfferUpdate | PlainUpdate]) -> SkuResults:
        content = offer_file(updates)
        return self._import(
            updates,
            "OF01",
            lambda: self._seller.import_offers(content, filename="offers.csv"),
            file_skus_by_line(updates),
        )

    def _import(
        self,
        updates: Sequence[OfferUpdate | PlainUpdate],
        operation: str,
        send: Callable[[], OfferImportCreated],
        skus_by_line: dict[int, str] | None,
    ) -> SkuResults:
        """Open one import (OF24 or OF01, by `send`) and follow it to a result per SKU; a lost
        answer is looked for among the imports opened since, never sent again."""
        skus = [update.shop_sku for update in updates]
        since = self._clock.now()
        try:
            created = send()
        except RateLimitedError as error:
            return SkuResults(_held_back(skus, error))
        except InvalidRequestError as error:
            message = f"{operation} refused: {error.message}"
            return SkuResults(all_results(skus, Outcome.REJECTED, message))
        except UNSURE_WRITE_ERRORS as error:
            found = self._find_lost(
                operation, "OF04", skus, lambda: self._offer_import_since(since), error
            )
            if isinstance(found, dict):
                return SkuResults(found)
            import_id = found
        else:
            import_id = created.import_id
        self._opened(import_id)
        return self._track(import_id, skus, skus_by_line)

    def _find_lost(
        self,
        operation: str,
        listing: str,
        skus: Sequence[str],
        lookup: Callable[[], tuple[int | None, int]],
        error: MarketplaceError | None,
    ) -> int | dict[str, ItemResult]:
        """The import a call whose answer was lost opened (found by `lookup`, which reads
        `listing`: OF04 for OF01 and OF24, P51 for P41), or the SKUs' results.

        `error` is the lost answer's, or `None` when an earlier call's is looked for again.
        """
        lost = f"the {operation} answer was lost" + (f" ({error})" if error else "")
        if isinstance(error, TransportError) and not error.sent:
            message = f"{operation} not sent: {error}"
            return all_results(skus, Outcome.RETRY_LATER, message)
        try:
            found, candidates = lookup()
        except TRANSIENT_ERRORS as unread:
            message = (
                f"{lost} and {listing} could not be read ({unread}): check the shop's imports "
                "before sending again"
            )
            return all_results(skus, Outcome.UNKNOWN, message, code=ANSWER_LOST)
        if found is not None:
            logger.warning("%s answer lost; following its import %s", operation, found)
            return found
        if candidates == 0:
            message = f"{lost} and it opened no import ({listing}): send it again"
            return all_results(skus, Outcome.RETRY_LATER, message, code=ANSWER_LOST)
        message = (
            f"{lost} and {candidates} imports opened since cannot be told apart ({listing}): "
            "check them before sending again"
        )
        return all_results(skus, Outcome.UNKNOWN, message, code=ANSWER_LOST)

    def _offer_import_since(self, since: datetime) -> tuple[int | None, int]:
        """OF04: the import an OF01 or OF24 sent at `since` opened (`lost_import`)."""
        listed = self._seller.list_offer_imports(start_date=since - LOST_IMPORT_SLACK)
        return lost_import(listed.data, self._opened_imports, since)

    def _track(
        self, import_id: int, skus: Sequence[str], skus_by_line: dict[int, str] | None
    ) -> SkuResults:
        """Follow an import to its end (OF02) and read its report (OF03): a result per SKU."""
        timeout = self._offer_options.import_timeout
        try:
            done = self._seller.wait_for_offer_import(import_id, timeout=timeout)
        except DeadlineExceededError as error:
            return SkuResults(
                {
                    sku: ItemResult(
                        key=sku,
                        outcome=Outcome.RETRY_LATER,
                        reason=Reason(code="import_running", message=str(error)),
                        marketplace_id=str(import_id),
                    )
                    for sku in skus
                }
            )
        except TRANSIENT_ERRORS as error:
            message = f"import {import_id} was sent but its status could not be read: {error}"
            return SkuResults(all_results(skus, Outcome.UNKNOWN, message, code="import_unread"))
        try:
            errors = self._seller.offer_import_errors(done) if done.is_final else []
        except REPORT_ERRORS as error:
            message = f"import {import_id} ended {done.status} but its report is unread: {error}"
            return SkuResults(all_results(skus, Outcome.UNKNOWN, message, code="import_unread"))
        ok_id, others = offer_import_outcomes(done, skus, errors, skus_by_line=skus_by_line)
        results = SkuResults(others)
        results.add_ok((sku for sku in skus if sku not in others), ok_id)
        return results


def _remember(imports: dict[int, None], import_id: int) -> None:
    """Add `import_id` to a channel's memory of the imports it opened, the oldest forgotten."""
    imports[import_id] = None
    while len(imports) > REMEMBERED_IMPORTS:
        del imports[next(iter(imports))]


def _held_back(skus: Sequence[str], error: RateLimitedError) -> dict[str, ItemResult]:
    return {
        sku: ItemResult.retry_later(sku, message=str(error), retry_after=error.retry_after)
        for sku in skus
    }


def _pending(sku: str, import_id: int, message: str) -> ItemResult:
    return ItemResult(
        key=sku,
        outcome=Outcome.RETRY_LATER,
        reason=Reason(code="pending_product_import", message=message),
        marketplace_id=str(import_id),
    )


def _unknown_product(result: ItemResult | None) -> bool:
    """Whether an offer was refused because the operator has no such product."""
    if result is None or result.outcome is not Outcome.REJECTED or result.reason is None:
        return False
    text = result.reason.message.lower()
    return "product" in text and any(
        words in text for words in ("not exist", "does not exist", "unknown", "not found")
    )


def _no_result(sku: str) -> ItemResult:
    return ItemResult.unknown(sku, message="no result was read for this offer")


def _new_offer(draft: ProductDraft, price: Money) -> OfferUpdate:
    attributes = {name.strip().lower(): value.strip() for name, value in draft.attributes.items()}
    if attributes.get("product_id"):
        product_id, kind = attributes["product_id"], attributes.get("product_id_type") or "SKU"
    elif attributes.get("ean"):
        product_id, kind = attributes["ean"], "EAN"
    else:
        product_id, kind = draft.sku, "SHOP_SKU"
    return OfferUpdate(
        shop_sku=draft.sku,
        product_id=product_id,
        product_id_type=kind,
        price=price.amount,
        quantity=draft.stock,
        state_code="11",
        description=draft.description or None,
    )
