"""FNAC offers to canonical products, and canonical stock/price updates to FNAC offer updates.

An FNAC offer is the seller's listing of a product FNAC's catalogue knows: its SKU is the
seller's offer reference (`offer_seller_id`), its price is in euros and its stock is the
offer's quantity. Updates are checked here before anything is sent: a price goes through
`marketplace_sdk.fnac._pricing.resolve_price` (0.90 to 20,000 EUR) and a quantity must be 0 to
9,999; an update that fails a check becomes a rejected `ItemResult` and is not sent.

Examples:
    >>> from marketplace_sdk.fnac._models import Offer
    >>> product = offer_to_product(Offer(offer_seller_id="SKU-1", offer_fnac_id="F1",
    ...     product_name="Mug", price="14.90", quantity=3))
    >>> product.sku, str(product.price), product.stock, product.marketplace_id
    ('SKU-1', '14.90 EUR', 3, 'F1')
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from itertools import repeat
from operator import attrgetter

import attrs

from marketplace_sdk.core._models import PriceUpdate, Product, StockUpdate
from marketplace_sdk.core._models.trusted import trusted_factory
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import CurrencyMismatch, PriceError
from marketplace_sdk.core._records import mapping_record
from marketplace_sdk.core._result_columns import ResultColumns
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.fnac._mapping.reported import ReportedResults
from marketplace_sdk.fnac._models import (
    MAX_PRICE,
    MIN_PRICE,
    BatchStatusResponse,
    Offer,
    OfferStatus,
    OfferUpdate,
)
from marketplace_sdk.fnac._models.offers import SentOffer, sent_update
from marketplace_sdk.fnac._pricing import resolve_price

__all__ = [
    "BATCH_RUNNING",
    "CURRENCY",
    "DETAIL_MISSING",
    "MAX_QUANTITY",
    "OffersDraft",
    "PreparedUpdates",
    "batch_results",
    "new_offer",
    "offer_results",
    "offer_to_product",
    "price_updates",
    "read_back_results",
    "reported_results",
    "status_result",
    "stock_updates",
    "unreported",
    "with_quantities",
]

#: FNAC France trades in euros.
CURRENCY = "EUR"
#: The largest offer quantity FNAC's `offers_update` accepts.
MAX_QUANTITY = 9999
#: The reason code of an item whose batch FNAC was still processing at the deadline.
BATCH_RUNNING = "batch_running"
#: The reason code of an item a finished batch's report left out (FNAC-Q03).
DETAIL_MISSING = "batch_detail_missing"

_CENT = Decimal("0.01")
#: Amounts read without `Money`: well inside the context's precision, around FNAC's range.
_LOWEST, _HIGHEST = Decimal(0), Decimal(1_000_000)
# Offer updates and results are built from values checked here, without validating them
# again: a push makes one of each per offer (see `marketplace_sdk.core._models.trusted`).
_offer = trusted_factory(OfferUpdate)
_ok = trusted_factory(ItemResult)
# A whole push's updates are read column by column, in C (`OffersDraft.check`).
_SKU, _QUANTITY = attrgetter("sku"), attrgetter("quantity")
_PRICE, _SELLING_PRICE = attrgetter("price"), attrgetter("selling_price")
_AMOUNT, _CURRENCY_OF = attrgetter("amount"), attrgetter("currency")
#: `fnac_amount`'s rounding (half up to cents) as a context, to round a column at once.
_HALF_UP = Context(rounding=ROUND_HALF_UP)


def offer_to_product(offer: Offer) -> Product:
    """The canonical product for an FNAC offer.

    `marketplace_id` is the offer's FNAC id; `marketplace_ids` carries the offer's and the
    product's FNAC ids and the product's EAN when FNAC sends them.

    Raises:
        RecordError: the offer cannot be mapped: no seller reference (no SKU to key it by), a
            negative quantity, a price that is not an amount.

    Examples:
        >>> offer_to_product(Offer(offer_seller_id="A", product_fnac_id="P9")).marketplace_ids
        {'product_fnac_id': 'P9'}
    """
    raw = offer.model_dump(mode="json")
    record_id = offer.offer_seller_id or offer.offer_fnac_id
    with mapping_record("product", record_id=record_id, raw=raw, marketplace="fnac"):
        sku = offer.offer_seller_id
        if not sku or not sku.strip():
            raise ValueError(f"FNAC offer {offer.offer_fnac_id!r} has no offer_seller_id")
        ids = {
            name: value
            for name, value in (
                ("offer_fnac_id", offer.offer_fnac_id),
                ("product_fnac_id", offer.product_fnac_id),
            )
            if value
        }
        return Product(
            sku=sku,
            title=offer.product_name or sku,
            price=None if offer.price is None else Money(amount=offer.price, currency=CURRENCY),
            stock=offer.quantity,
            image_urls=(offer.image,) if offer.image else (),
            marketplace_id=offer.offer_fnac_id or sku,
            marketplace_ids=ids,
            raw=raw,
        )


@attrs.frozen
class PreparedUpdates:
    """Updates checked for FNAC: the offer updates to send and the results already decided.

    Attributes:
        keys: every input SKU, in input order (the order results are reported in).
        offers: the offer updates to send, by input position.
        rejected: results for inputs refused before sending, by input position.

    Examples:
        >>> prepared = stock_updates([StockUpdate(sku="A", quantity=10_000)])
        >>> prepared.offers, prepared.rejected[0].reason.code
        ({}, 'quantity_out_of_range')
    """

    keys: tuple[str, ...]
    offers: dict[int, SentOffer]
    rejected: dict[int, ItemResult]

    def to_send(self) -> list[SentOffer]:
        """The offer updates to send, in input order."""
        return [self.offers[index] for index in sorted(self.offers)]


def stock_updates(updates: Iterable[StockUpdate]) -> PreparedUpdates:
    """Offer updates setting quantities; a quantity above 9,999 is rejected before sending.

    Examples:
        >>> stock_updates([StockUpdate(sku="A", quantity=4)]).to_send()[0].quantity
        4
    """
    keys: list[str] = []
    offers: dict[int, SentOffer] = {}
    rejected: dict[int, ItemResult] = {}
    for index, update in enumerate(updates):
        keys.append(update.sku)
        if update.quantity > MAX_QUANTITY:
            rejected[index] = _quantity_refused(update)
            continue
        offers[index] = _offer(offer_reference=update.sku, quantity=update.quantity)
    return PreparedUpdates(tuple(keys), offers, rejected)


def _quantity_refused(update: StockUpdate) -> ItemResult:
    return ItemResult.rejected(
        update.sku,
        code="quantity_out_of_range",
        message=f"FNAC accepts a quantity of 0 to {MAX_QUANTITY}, not {update.quantity}",
    )


def _price_refused(update: PriceUpdate, error: PriceError) -> ItemResult:
    code = "currency_mismatch" if isinstance(error, CurrencyMismatch) else "price_out_of_range"
    return ItemResult.rejected(update.sku, code=code, message=str(error))


def fnac_amount(update: PriceUpdate) -> Decimal:
    """The amount FNAC is sent for `update`: `resolve_price`'s, without building `Money`.

    A price in EUR within FNAC's range once rounded half up to cents is read here; anything
    else goes through `resolve_price` (its error, or the same amount).

    Raises:
        PriceError: `resolve_price` refuses the price.

    Examples:
        >>> fnac_amount(PriceUpdate(sku="A", price=Money(amount="9.995", currency="EUR")))
        Decimal('10.00')
    """
    price, selling = update.price, update.selling_price
    amount = price.amount
    if (
        price.currency == CURRENCY
        and (selling is None or selling.currency == CURRENCY)
        and amount.is_finite()
        and _LOWEST <= amount <= _HIGHEST
    ):
        rounded = amount.quantize(_CENT, rounding=ROUND_HALF_UP)
        if MIN_PRICE <= rounded <= MAX_PRICE:
            return rounded
    return resolve_price(price, selling).amount


def price_updates(updates: Iterable[PriceUpdate]) -> PreparedUpdates:
    """Offer updates setting prices through `resolve_price`; a price it refuses is rejected.

    Examples:
        >>> low = PriceUpdate(sku="A", price=Money(amount="0.5", currency="EUR"))
        >>> prepared = price_updates([low])
        >>> prepared.rejected[0].reason.code
        'price_out_of_range'
    """
    keys: list[str] = []
    offers: dict[int, SentOffer] = {}
    rejected: dict[int, ItemResult] = {}
    for index, update in enumerate(updates):
        keys.append(update.sku)
        try:
            amount = fnac_amount(update)
        except PriceError as error:
            rejected[index] = _price_refused(update, error)
            continue
        offers[index] = _offer(offer_reference=update.sku, price=amount)
    return PreparedUpdates(tuple(keys), offers, rejected)


def with_quantities(prepared: PreparedUpdates, quantities: Mapping[str, int]) -> PreparedUpdates:
    """`prepared` with each offer update carrying the quantity the offer has now.

    An existing offer updated without `<quantity>` may be reset to the schema's default of 1
    (FNAC-Q06), so price updates carry the stock read just before; an SKU not in `quantities`
    is sent as it was.

    Examples:
        >>> nine = Money(amount="9", currency="EUR")
        >>> prepared = price_updates([PriceUpdate(sku="A", price=nine)])
        >>> with_quantities(prepared, {"A": 4}).to_send()[0].quantity
        4
    """
    offers: dict[int, SentOffer] = {}
    for index, sent in prepared.offers.items():
        offer = sent_update(sent)
        if offer.quantity is None and offer.offer_reference in quantities:
            offer = offer.model_copy(update={"quantity": quantities[offer.offer_reference]})
        offers[index] = offer
    return attrs.evolve(prepared, offers=offers)


@attrs.frozen
class OffersDraft:
    """Stock and price updates checked for FNAC, before their offers are built.

    The offers are built once the quantities to send with prices going alone are known
    (`offers`): one `<offer>` per SKU, carrying its quantity and its price.

    Attributes:
        stock_keys: every stock update's SKU, in input order.
        quantities: the quantity to send, by stock input position.
        stock_rejected: stock results decided before sending, by input position.
        price_keys: every price update's SKU, in input order.
        prices: the price to send (rounded to cents, checked), by price input position.
        price_rejected: price results decided before sending, by input position.

    Examples:
        >>> nine = Money(amount="9", currency="EUR")
        >>> draft = OffersDraft.check([StockUpdate(sku="A", quantity=4)],
        ...     [PriceUpdate(sku="A", price=nine), PriceUpdate(sku="B", price=nine)])
        >>> draft.prices_alone()
        ['B']
        >>> stock, prices, offers = draft.offers({"B": 7})
        >>> [(sku, quantity, str(price)) for sku, quantity, price in offers]
        [('A', 4, '9.00'), ('B', 7, '9.00')]
    """

    stock_keys: tuple[str, ...]
    quantities: dict[int, int]
    stock_rejected: dict[int, ItemResult]
    price_keys: tuple[str, ...]
    prices: dict[int, Decimal]
    price_rejected: dict[int, ItemResult]

    @classmethod
    def check(cls, stock: Iterable[StockUpdate], prices: Iterable[PriceUpdate]) -> OffersDraft:
        """Check every update: a quantity above 9,999 or a price `resolve_price` refuses is a
        rejected result, never sent."""
        stock, prices = list(stock), list(prices)
        plain = cls._all_plain(stock, prices)
        return cls._one_by_one(stock, prices) if plain is None else plain

    @classmethod
    def _one_by_one(cls, stock: list[StockUpdate], prices: list[PriceUpdate]) -> OffersDraft:
        """The draft, each update checked on its own."""
        stock_keys: list[str] = []
        quantities: dict[int, int] = {}
        stock_rejected: dict[int, ItemResult] = {}
        for index, update in enumerate(stock):
            stock_keys.append(update.sku)
            if update.quantity > MAX_QUANTITY:
                stock_rejected[index] = _quantity_refused(update)
            else:
                quantities[index] = update.quantity
        price_keys: list[str] = []
        amounts: dict[int, Decimal] = {}
        price_rejected: dict[int, ItemResult] = {}
        for index, price_update in enumerate(prices):
            price_keys.append(price_update.sku)
            try:
                amounts[index] = fnac_amount(price_update)
            except PriceError as error:
                price_rejected[index] = _price_refused(price_update, error)
        return cls(
            tuple(stock_keys),
            quantities,
            stock_rejected,
            tuple(price_keys),
            amounts,
            price_rejected,
        )

    @classmethod
    def _all_plain(cls, stock: list[StockUpdate], prices: list[PriceUpdate]) -> OffersDraft | None:
        """The draft when every update passes plainly (each quantity within FNAC's bounds,
        each price in euros alone and within them once rounded: a push's usual updates),
        checked column by column in C; `None` when one needs a closer look, update by
        update. The amounts are `fnac_amount`'s."""
        quantities = list(map(_QUANTITY, stock))
        if quantities and max(quantities) > MAX_QUANTITY:
            return None
        count = len(prices)
        if list(map(_SELLING_PRICE, prices)).count(None) != count:
            return None
        moneys = list(map(_PRICE, prices))
        if list(map(_CURRENCY_OF, moneys)).count(CURRENCY) != count:
            return None
        amounts: list[Decimal] = list(map(_AMOUNT, moneys))
        if not all(map(Decimal.is_finite, amounts)):
            return None
        if amounts and not (min(amounts) >= _LOWEST and max(amounts) <= _HIGHEST):
            return None
        try:
            rounded = list(map(_HALF_UP.quantize, amounts, repeat(_CENT)))
        except InvalidOperation:
            return None
        if rounded and not (min(rounded) >= MIN_PRICE and max(rounded) <= MAX_PRICE):
            return None
        return cls(
            tuple(map(_SKU, stock)),
            dict(enumerate(quantities)),
            {},
            tuple(map(_SKU, prices)),
            dict(enumerate(rounded)),
            {},
        )

    def prices_alone(self) -> list[str]:
        """The SKUs with a price to send and no quantity: their quantity is read from FNAC."""
        stocked = {self.stock_keys[index] for index in self.quantities}
        return [sku for index in self.prices if (sku := self.price_keys[index]) not in stocked]

    def without_prices(self, skus: Collection[str], message: str) -> OffersDraft:
        """The draft with the prices of `skus` left unsent: each is retry later with `message`.

        Examples:
            >>> draft = OffersDraft.check([], [PriceUpdate(sku="A", price=Money(amount="9",
            ...     currency="EUR"))]).without_prices({"A"}, "no stock read")
            >>> draft.prices, draft.price_rejected[0].outcome.value
            ({}, 'retry_later')
        """
        kept: dict[int, Decimal] = {}
        rejected = dict(self.price_rejected)
        for index, amount in self.prices.items():
            sku = self.price_keys[index]
            if sku in skus:
                rejected[index] = ItemResult.retry_later(sku, message=message)
            else:
                kept[index] = amount
        return attrs.evolve(self, prices=kept, price_rejected=rejected)

    def offers(
        self, read: Mapping[str, int]
    ) -> tuple[PreparedUpdates, PreparedUpdates, list[SentOffer]]:
        """The offers to send, one row per SKU, and each kind's updates pointing at them.

        A SKU's quantity is its stock update's (the last one when given twice), else the one
        `read` from FNAC for a price going alone, else none (FNAC keeps or resets it,
        FNAC-Q06). SKUs with a stock update come first, in input order.
        """
        return self._offers_at_once() or self._offers_by_sku(read)

    def _offers_at_once(
        self,
    ) -> tuple[PreparedUpdates, PreparedUpdates, list[SentOffer]] | None:
        """`offers` when each SKU has its stock and its price, once, every one sent (a push's
        usual updates), built in C; `None` otherwise."""
        keys = self.stock_keys
        if not (
            keys == self.price_keys
            and len(self.quantities) == len(self.prices) == len(keys)
            and len(set(keys)) == len(keys)
        ):
            return None
        rows: list[SentOffer] = list(
            zip(keys, self.quantities.values(), self.prices.values(), strict=True)
        )
        by_index = dict(enumerate(rows))
        return (
            PreparedUpdates(keys, by_index, self.stock_rejected),
            PreparedUpdates(keys, dict(by_index), self.price_rejected),
            rows,
        )

    def _offers_by_sku(
        self, read: Mapping[str, int]
    ) -> tuple[PreparedUpdates, PreparedUpdates, list[SentOffer]]:
        """`offers`, SKU by SKU."""
        amounts = {self.price_keys[index]: amount for index, amount in self.prices.items()}
        offers: dict[str, SentOffer] = {}
        get = amounts.get
        keys = self.stock_keys
        for index, quantity in self.quantities.items():
            sku = keys[index]
            offers[sku] = (sku, quantity, get(sku))
        for sku, amount in amounts.items():
            if sku not in offers:
                offers[sku] = (sku, read.get(sku), amount)
        stock = PreparedUpdates(
            self.stock_keys,
            {index: offers[self.stock_keys[index]] for index in self.quantities},
            self.stock_rejected,
        )
        prices = PreparedUpdates(
            self.price_keys,
            {index: offers[self.price_keys[index]] for index in self.prices},
            self.price_rejected,
        )
        return stock, prices, list(offers.values())


def status_result(key: str, status: OfferStatus) -> ItemResult:
    """The result of one offer of a batch report: ok when FNAC applied it, else rejected with
    its blocking errors (its warnings when it has none).

    Examples:
        >>> status_result("A", OfferStatus(status="OK", offer_fnac_id="F1")).marketplace_id
        'F1'
    """
    if status.ok:
        return _ok(key=key, outcome=Outcome.OK, marketplace_id=status.offer_fnac_id, raw=None)
    errors = [error for error in status.errors if not error.is_warning] or status.errors
    if not errors:
        return ItemResult.rejected(key, message=f"FNAC answered {status.status} for this offer")
    first = errors[0]
    message = "; ".join(error.message or error.code or "error" for error in errors)
    return ItemResult.rejected(key, code=first.code, message=message)


def offer_results(batch: BatchStatusResponse) -> dict[str, ItemResult]:
    """The result of each offer a batch's report names, by SKU (a SKU's last line wins).

    An offer FNAC applied is ok (its FNAC offer id as `marketplace_id`); one it refused is
    rejected with FNAC's code and message, even under a batch header that says OK (FNAC-Q02).

    Examples:
        >>> from marketplace_sdk.fnac._models import OfferStatus
        >>> done = BatchStatusResponse(status="OK", offers=[OfferStatus(offer_seller_id="A")])
        >>> offer_results(done)["A"].outcome.value
        'ok'
    """
    return {
        status.offer_seller_id: status_result(status.offer_seller_id, status)
        for status in batch.offers
        if status.offer_seller_id
    }


def reported_results(
    prepared: PreparedUpdates, reported: Mapping[str, ItemResult], *, running: bool
) -> ResultColumns:
    """One result per input SKU, in input order, from the offers' results the batch reports
    gave (`reported`, by SKU; see `offer_results`), as columns: an offer applied is kept as
    its FNAC id when `reported` keeps it so (`ReportedResults`), its result built when read.

    An offer no report mentions is retry later, coded `batch_running` (a batch is still
    `running`) or `batch_detail_missing` (a finished batch without the offer's detail,
    FNAC-Q03: `read_back_results` settles it).

    Examples:
        >>> prepared = stock_updates([StockUpdate(sku="A", quantity=1)])
        >>> reported_results(prepared, {}, running=True)[0].reason.code
        'batch_running'
    """
    rejected = prepared.rejected
    keys = prepared.keys
    applied: Mapping[str, str | None] = {}
    others: Mapping[str, ItemResult] = reported
    if isinstance(reported, ReportedResults):
        if not rejected and not reported.others:  # a push's usual end: every offer applied
            plain = reported.results_for(keys)
            if plain is not None:
                return plain
        applied, others = reported.applied, reported.others
    ids: list[str | None] = []
    decided: dict[int, ItemResult] = {}
    for index, key in enumerate(keys):
        result = rejected.get(index) or others.get(key)
        if result is None and key in applied:
            ids.append(applied[key])
            continue
        ids.append(None)
        if result is not None:
            decided[index] = result
        elif running:
            decided[index] = ItemResult.retry_later(
                key, code=BATCH_RUNNING, message="FNAC is still processing the batch"
            )
        else:
            decided[index] = ItemResult.retry_later(
                key,
                code=DETAIL_MISSING,
                message="FNAC's batch report does not mention this offer",
            )
    return ResultColumns(keys, ids, decided)


def batch_results(
    prepared: PreparedUpdates, batches: Sequence[BatchStatusResponse]
) -> ResultColumns:
    """One result per input SKU, in input order, from FNAC's batch statuses: `offer_results`
    of every batch (a later batch wins), then `reported_results`.

    Examples:
        >>> from marketplace_sdk.fnac._models import OfferStatus
        >>> prepared = stock_updates([StockUpdate(sku="A", quantity=1)])
        >>> done = BatchStatusResponse(status="OK", offers=[OfferStatus(offer_seller_id="A")])
        >>> [result.outcome.value for result in batch_results(prepared, [done])]
        ['ok']
    """
    reported: dict[str, ItemResult] = {}
    for batch in batches:
        reported.update(offer_results(batch))
    running = any(not batch.is_done for batch in batches)
    return reported_results(prepared, reported, running=running)


def unreported(results: Sequence[ItemResult]) -> list[str]:
    """The SKUs a finished batch's report left out (FNAC-Q03): to be read back.

    Examples:
        >>> missing = ItemResult.retry_later("A", code=DETAIL_MISSING, message="not in report")
        >>> unreported([missing, ItemResult.ok("B")])
        ['A']
    """
    if isinstance(results, ResultColumns):  # only its retry-later results, none built
        results = results.with_outcome(Outcome.RETRY_LATER)
    return [
        result.key
        for result in results
        if result.reason is not None and result.reason.code == DETAIL_MISSING
    ]


def read_back_results(
    prepared: PreparedUpdates, results: Sequence[ItemResult], offers: Mapping[str, Offer]
) -> list[ItemResult]:
    """`results` with each offer the batch report left out settled by reading it back.

    `offers` holds what `offers_query` shows now, by SKU. An offer showing every value sent
    is ok; one showing another value, or not found, stays retry later (a stock or price set
    can safely be sent again): an offer is never ok without FNAC saying so (FNAC-Q03).

    Examples:
        >>> prepared = stock_updates([StockUpdate(sku="A", quantity=3)])
        >>> missing = [ItemResult.retry_later("A", code=DETAIL_MISSING, message="not in report")]
        >>> shown = {"A": Offer(offer_seller_id="A", offer_fnac_id="F1", quantity=3)}
        >>> [r.outcome.value for r in read_back_results(prepared, missing, shown)]
        ['ok']
        >>> shown = {"A": Offer(offer_seller_id="A", quantity=7)}
        >>> read_back_results(prepared, missing, shown)[0].reason.message
        'FNAC did not report this offer and shows quantity 7, not 3: send it again'
    """
    settled: list[ItemResult] = []
    for index, result in enumerate(results):
        sent = prepared.offers.get(index)
        if sent is None or result.reason is None or result.reason.code != DETAIL_MISSING:
            settled.append(result)
            continue
        want_quantity, want_price = (
            (sent[1], sent[2]) if isinstance(sent, tuple) else (sent.quantity, sent.price)
        )
        shown = offers.get(result.key)
        if shown is None:
            message = "FNAC did not report this offer and has no offer with this SKU"
        else:
            differences = [
                f"{name} {got}, not {want}"
                for name, want, got in (
                    ("quantity", want_quantity, shown.quantity),
                    ("price", want_price, shown.price),
                )
                if want is not None and got != want
            ]
            if not differences:
                settled.append(ItemResult.ok(result.key, marketplace_id=shown.offer_fnac_id))
                continue
            message = (
                f"FNAC did not report this offer and shows {', '.join(differences)}: send it again"
            )
        settled.append(ItemResult.retry_later(result.key, code=DETAIL_MISSING, message=message))
    return settled


def new_offer(
    sku: str,
    ean: str,
    price: Money,
    quantity: int,
    description: str = "",
) -> OfferUpdate:
    """The offer update creating a new offer, condition new, on the product with this EAN.

    Examples:
        >>> new_offer("A", "9780000000001", Money(amount="9.9", currency="EUR"), 2).price
        Decimal('9.90')
    """
    return OfferUpdate(
        offer_reference=sku,
        product_reference=ean,
        price=resolve_price(price).amount,
        product_state="11",
        quantity=quantity,
        description=description[:255] or None,
    )
