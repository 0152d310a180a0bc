"""The offer side of the Mirakl channel, decided without sending anything.

- `offer_to_product`: an OF21 offer as a canonical `Product`.
- `OfferPush`: stock and price updates checked (quantities, `resolve_price`) and folded into
  one change per SKU, so a SKU whose stock and price change together is one offer in one OF24
  call; `OfferPush.results` spreads each SKU's result back over its updates, in input order.
- `complete_updates`: each change applied over the offer as OF21 returned it, every field sent
  back (MIRAKL-Q06); an offer missing or in another currency is refused per item.
- `offer_file`: a large push as one OF01 CSV (NORMAL mode only, MIRAKL-Q05), for the offers
  whose every field a CSV line carries (`fits_in_file`); the others go by OF24.
- `lost_import` (the shared client's): the import an OF01 or OF24 call opened although its
  answer was lost, found in OF04's list rather than sent a second time.

Examples:
    >>> from marketplace_sdk.core._models import StockUpdate
    >>> push = OfferPush.check([StockUpdate(sku="MUG", quantity=4)], [])
    >>> push.changes["MUG"].quantity, push.changes["MUG"].price
    (4, None)
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal

import attrs
from pydantic import ValidationError

from marketplace_sdk.core._errors import UnsupportedOperation
from marketplace_sdk.core._models import PriceUpdate, Product, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import PriceError, round_to_minor_unit
from marketplace_sdk.core._records import mapping_record
from marketplace_sdk.core._result_columns import ResultColumns, plain_ok
from marketplace_sdk.core._results import ItemResult, Outcome, Reason
from marketplace_sdk.mirakl._models import Offer, OfferUpdate
from marketplace_sdk.mirakl._models.offers import json_numbers
from marketplace_sdk.mirakl._plain_offers import FILE_HEADER, PlainOffer, PlainUpdate
from marketplace_sdk.mirakl._pricing import resolve_price
from marketplace_sdk.mirakl._shared.client import LOST_IMPORT_SLACK, lost_import
from marketplace_sdk.mirakl._shared.seller import DEFAULT_OFFER_IMPORT_TIMEOUT, OfferChange

__all__ = [
    "LOST_IMPORT_SLACK",
    "OFFER_NOT_FOUND",
    "MiraklOfferOptions",
    "OfferPush",
    "SkuResults",
    "complete_updates",
    "file_skus_by_line",
    "fits_in_file",
    "lost_import",
    "model_updates",
    "offer_file",
    "offer_to_product",
]

#: The reason code of an update for a SKU the shop has no offer for.
OFFER_NOT_FOUND = "offer_not_found"


@attrs.frozen(kw_only=True)
class MiraklOfferOptions:
    """How the channel pushes offers.

    Attributes:
        file_threshold: a push of more offers than this goes as one OF01 file (NORMAL mode)
            rather than OF24 calls of `of24_batch` offers, once a minute each.
        of24_batch: offers per OF24 call.
        import_timeout: seconds a push waits for an import to end (OF02, once a minute) before
            its items are retry later with the import's id.
        read_each_below: up to this many SKUs are read one OF21 call each; more, by one pass
            over every offer of the shop, unless that pass takes more calls (pages of 100).

    Examples:
        >>> MiraklOfferOptions().file_threshold
        1000
    """

    file_threshold: int = attrs.field(default=1000, validator=attrs.validators.ge(1))
    of24_batch: int = attrs.field(default=1000, validator=attrs.validators.ge(1))
    import_timeout: float = attrs.field(
        default=DEFAULT_OFFER_IMPORT_TIMEOUT, validator=attrs.validators.gt(0)
    )
    read_each_below: int = attrs.field(default=20, validator=attrs.validators.ge(0))


def offer_to_product(offer: Offer, *, marketplace: str = "mirakl") -> Product:
    """The canonical product of an OF21 offer.

    `marketplace_id` is the offer id; `marketplace_ids` carries it and the operator's product
    SKU. The price is written to the currency's minor unit (OF21 sends `7.9` for 7.90). An
    offer with no `active` flag is active while it has stock.

    Raises:
        RecordError: the offer cannot be mapped (a blank SKU, a price with no currency).

    Examples:
        >>> product = offer_to_product(Offer(offer_id=7, shop_sku="MUG", product_sku="P1",
        ...     product_title="Mug", quantity=3, price="7.90", currency_iso_code="EUR"))
        >>> product.sku, str(product.price), product.stock, product.marketplace_id
        ('MUG', '7.90 EUR', 3, '7')
    """
    raw = offer.model_dump(mode="json")
    with mapping_record("product", record_id=offer.shop_sku, raw=raw, marketplace=marketplace):
        if not offer.shop_sku.strip():
            raise ValueError(f"offer {offer.offer_id} has no shop SKU")
        price = None
        if offer.price is not None:
            if not offer.currency_iso_code:
                raise ValueError(f"offer {offer.shop_sku!r} has a price and no currency")
            price = round_to_minor_unit(Money(amount=offer.price, currency=offer.currency_iso_code))
        extra = offer.model_extra or {}
        category = extra.get("category_code")
        return Product(
            sku=offer.shop_sku,
            title=offer.product_title or offer.shop_sku,
            price=price,
            stock=offer.quantity,
            active=offer.active if offer.active is not None else offer.quantity > 0,
            marketplace_id=str(offer.offer_id),
            marketplace_ids={"offer_id": str(offer.offer_id), "product_sku": offer.product_sku},
            category_id=category if isinstance(category, str) and category else None,
            raw=raw,
        )


def _refused(key: str, code: str, message: str) -> ItemResult:
    return ItemResult.rejected(key, code=code, message=message)


class SkuResults:
    """Results by SKU, the plain ok ones held as their marketplace id (no object each): a push
    of 10,000 offers that all went through holds 10,000 ids, not 10,000 `ItemResult`s.

    Examples:
        >>> results = SkuResults()
        >>> results.add_ok(["A", "B"], "2035")
        >>> results.update({"B": ItemResult.rejected("B", message="bad price")})
        >>> results.get("A").marketplace_id, results.get("B").outcome.value, results.get("C")
        ('2035', 'rejected', None)
    """

    __slots__ = ("_ok", "_other")

    def __init__(self, results: Mapping[str, ItemResult] | None = None) -> None:
        """Hold `results` (none by default)."""
        self._ok: dict[str, str | None] = {}
        self._other: dict[str, ItemResult] = dict(results or {})

    def add_ok(self, skus: Iterable[str], marketplace_id: str | None) -> None:
        """Each of `skus` applied, with `marketplace_id`."""
        other = self._other
        for sku in skus:
            self._ok[sku] = marketplace_id
            if sku in other:
                del other[sku]

    def update(self, results: Mapping[str, ItemResult] | SkuResults) -> None:
        """Take the results of `results`, replacing any held for the same SKU."""
        if isinstance(results, SkuResults):
            for sku in results._other:
                self._ok.pop(sku, None)
            self._other.update(results._other)
            for sku, marketplace_id in results._ok.items():
                self._ok[sku] = marketplace_id
                self._other.pop(sku, None)
            return
        for sku, result in results.items():
            self._ok.pop(sku, None)
            self._other[sku] = result

    def get(self, sku: str) -> ItemResult | None:
        """The result of `sku`, or `None` when none is held."""
        found = self._other.get(sku)
        if found is not None:
            return found
        if sku in self._ok:
            return plain_ok(sku, self._ok[sku])
        return None

    def plain_ok_id(self, sku: str) -> tuple[bool, str | None]:
        """Whether `sku`'s result is a plain ok one, and its marketplace id."""
        if sku in self._ok:
            return True, self._ok[sku]
        return False, None

    def as_dict(self) -> dict[str, ItemResult]:
        """Every result, built."""
        built = {sku: plain_ok(sku, found) for sku, found in self._ok.items()}
        built.update(self._other)
        return built


@attrs.frozen
class OfferPush:
    """Stock and price updates checked and folded into one change per SKU.

    A later update of a SKU replaces an earlier one of the same kind (the offer is sent once,
    with the last value); every update gets the result of its SKU's offer.

    Attributes:
        stock_keys: every stock update's SKU, in input order.
        price_keys: every price update's SKU, in input order.
        changes: the change to send, by SKU.
        currencies: the currency of each SKU's price change.
        stock_decided: stock results decided before sending, by input position.
        price_decided: price results decided before sending, by input position.

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> push = OfferPush.check([StockUpdate(sku="A", quantity=2)],
        ...     [PriceUpdate(sku="A", price=Money(amount="9.999", currency="EUR"))])
        >>> push.changes["A"]
        OfferChange(quantity=2, price=Decimal('10.00'))
    """

    stock_keys: tuple[str, ...]
    price_keys: tuple[str, ...]
    changes: dict[str, OfferChange]
    currencies: dict[str, str]
    stock_decided: dict[int, ItemResult]
    price_decided: dict[int, ItemResult]

    @classmethod
    def check(
        cls,
        stock: Iterable[StockUpdate],
        prices: Iterable[PriceUpdate],
        price_rule: Callable[[Money, Money | None], Money] = resolve_price,
    ) -> OfferPush:
        """Check every update; a price `price_rule` refuses is a rejected result, never sent."""
        quantities: dict[str, int] = {}
        stock_keys: list[str] = []
        for update in stock:
            stock_keys.append(update.sku)
            quantities[update.sku] = update.quantity
        amounts: dict[str, Money] = {}
        price_keys: list[str] = []
        price_decided: dict[int, ItemResult] = {}
        for index, price_update in enumerate(prices):
            price_keys.append(price_update.sku)
            try:
                amounts[price_update.sku] = price_rule(
                    price_update.price, price_update.selling_price
                )
            except PriceError as error:
                price_decided[index] = _refused(price_update.sku, "invalid_price", error.message)
                amounts.pop(price_update.sku, None)
        changes = {
            sku: OfferChange(
                quantity=quantities.get(sku),
                price=amounts[sku].amount if sku in amounts else None,
            )
            for sku in dict.fromkeys([*quantities, *amounts])
        }
        return cls(
            tuple(stock_keys),
            tuple(price_keys),
            changes,
            {sku: money.currency for sku, money in amounts.items()},
            {},
            price_decided,
        )

    def results(
        self,
        by_sku: Mapping[str, ItemResult] | SkuResults,
        price_only: Mapping[str, ItemResult] | None = None,
    ) -> tuple[ResultColumns, ResultColumns]:
        """One result per stock update and one per price update, each in input order, as
        columns (a plain ok result is built only when read).

        `price_only` holds results that concern a SKU's price alone (its currency refused
        while its stock went through).
        """
        price_only = price_only or {}
        results = by_sku if isinstance(by_sku, SkuResults) else SkuResults(by_sku)

        def columns(
            keys: Sequence[str], decided: Mapping[int, ItemResult], kind: str
        ) -> ResultColumns:
            ids: list[str | None] = []
            others: dict[int, ItemResult] = {}
            for index, sku in enumerate(keys):
                ids.append(None)
                given = decided.get(index)
                if given is None and kind == "price":
                    given = price_only.get(sku)
                if given is not None:
                    others[index] = given
                    continue
                plain, found_id = results.plain_ok_id(sku)
                if plain:
                    ids[index] = found_id
                    continue
                found = results.get(sku)
                if found is None:  # a bug upstream must not pass for a result
                    found = ItemResult.unknown(sku, message="no result was read for this offer")
                others[index] = found
            return ResultColumns(keys, ids, others)

        return (
            columns(self.stock_keys, self.stock_decided, "stock"),
            columns(self.price_keys, self.price_decided, "price"),
        )


#: An update to send: a model, or a plain offer's OF01 line with its change (`PlainUpdate`).
AnyUpdate = OfferUpdate | PlainUpdate


def complete_updates(
    changes: Mapping[str, OfferChange],
    current: Mapping[str, Offer | PlainOffer],
    currencies: Mapping[str, str],
) -> tuple[list[AnyUpdate], dict[str, ItemResult], dict[str, ItemResult]]:
    """Each change over its offer as OF21 returned it: every field is sent back (MIRAKL-Q06).

    Returns the updates to send, the results of SKUs refused before sending (no offer, a
    price the offer cannot take), and price-only refusals (a price in another currency than
    the offer's: the stock of that SKU is still sent). A plain offer (`PlainOffer`) becomes a
    `PlainUpdate`: its OF01 line with the new quantity and price; any other, an `OfferUpdate`.

    Examples:
        >>> offer = Offer(offer_id=1, shop_sku="A", product_sku="P", quantity=1, price=5,
        ...               currency_iso_code="EUR")
        >>> updates, refused, prices = complete_updates(
        ...     {"A": OfferChange(quantity=3, price="6"), "B": OfferChange(quantity=1)},
        ...     {"A": offer}, {"A": "USD"})
        >>> [(u.shop_sku, u.quantity, u.price) for u in updates], refused["B"].reason.code
        ([('A', 3, Decimal('5'))], 'offer_not_found')
        >>> prices["A"].reason.code
        'currency_mismatch'
    """
    updates: list[AnyUpdate] = []
    refused: dict[str, ItemResult] = {}
    price_only: dict[str, ItemResult] = {}
    for sku, change in changes.items():
        offer = current.get(sku)
        if offer is None:
            refused[sku] = _refused(sku, OFFER_NOT_FOUND, "the shop has no offer with this SKU")
            continue
        plain = type(offer) is PlainOffer
        currency = offer.currency if plain else offer.currency_iso_code  # type: ignore[union-attr]
        price = change.price
        wanted = currencies.get(sku)
        if price is not None and currency and wanted != currency:
            price_only[sku] = _refused(
                sku, "currency_mismatch", f"the offer is priced in {currency}, not {wanted}"
            )
            price = None
            if change.quantity is None:
                continue
        quantity = change.quantity
        if plain:
            new_price = None if price is None else Decimal(str(price))
            if (quantity is None or quantity >= 0) and (new_price is None or new_price > 0):
                updates.append(PlainUpdate(offer, quantity, new_price))  # type: ignore[arg-type]
                continue
            try:  # a value `from_offer` refuses: its model says so
                offer = offer.model()  # type: ignore[union-attr]
            except ValidationError as error:
                refused[sku] = _refused(sku, "offer_unreadable", f"OF21's offer: {error}")
                continue
        try:
            updates.append(
                OfferUpdate.from_offer(offer, quantity=quantity, price=price)  # type: ignore[arg-type]
            )
        except UnsupportedOperation as error:
            refused[sku] = _refused(sku, "unsupported_offer", error.message)
        except ValueError as error:
            refused[sku] = _refused(sku, "invalid_offer", str(error))
    return updates, refused, price_only


def model_updates(
    updates: Iterable[AnyUpdate],
) -> tuple[list[OfferUpdate], dict[str, ItemResult]]:
    """Each update as its `OfferUpdate` (for OF24), and the SKUs whose offer's model refuses
    a field the plain reading does not look at (rejected, never sent half-read).

    Examples:
        >>> update = OfferUpdate(shop_sku="A", product_id="P", product_id_type="SKU", price=5,
        ...                      quantity=1, state_code="11")
        >>> model_updates([update])[0] == [update]
        True
    """
    models: list[OfferUpdate] = []
    refused: dict[str, ItemResult] = {}
    for update in updates:
        if type(update) is not PlainUpdate:
            models.append(update)  # type: ignore[arg-type]
            continue
        try:
            models.append(update.model())
        except ValidationError as error:
            sku = update.shop_sku
            refused[sku] = _refused(sku, "offer_unreadable", f"OF21's offer: {error}")
    return models, refused


#: OF01 columns and the `OfferUpdate` field each one carries.
_FILE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("sku", "shop_sku"),
    ("product-id", "product_id"),
    ("product-id-type", "product_id_type"),
    ("price", "price"),
    ("quantity", "quantity"),
    ("state", "state_code"),
    ("update-delete", "update_delete"),
    ("description", "description"),
    ("internal-description", "internal_description"),
    ("price-additional-info", "price_additional_info"),
    ("leadtime-to-ship", "leadtime_to_ship"),
    ("min-order-quantity", "min_order_quantity"),
    ("max-order-quantity", "max_order_quantity"),
    ("min-quantity-alert", "min_quantity_alert"),
    ("package-quantity", "package_quantity"),
    ("logistic-class", "logistic_class"),
    ("available-start-date", "available_started"),
    ("available-end-date", "available_ended"),
    ("product-tax-code", "product_tax_code"),
)
_DISCOUNT_COLUMNS = ("discount-price", "discount-start-date", "discount-end-date")


def fits_in_file(update: OfferUpdate) -> bool:
    """Whether an OF01 CSV line carries every field of `update` (else it goes by OF24).

    Channel prices, volume tiers, discount ranges, eco-contributions, custom fields, an MSRP
    or quote requests have no plain column: such an offer is sent by OF24, whole.

    Examples:
        >>> fits_in_file(OfferUpdate(shop_sku="A", product_id="P", product_id_type="SKU",
        ...                          price=5, quantity=1, state_code="11"))
        True
    """
    if update.eco_contributions or update.offer_additional_fields:
        return False
    if update.msrp is not None or update.allow_quote_requests is not None:
        return False
    if update.discount is not None and update.discount.ranges:
        return False
    for item in update.all_prices:
        if item.channel_code is not None or item.volume_prices:
            return False
        if item.unit_origin_price is not None and item.unit_origin_price != update.price:
            return False
    return True


def _cell(value: object) -> str:
    if value is None:
        return ""
    converted = json_numbers(value)
    if isinstance(converted, bool):
        return "true" if converted else "false"
    return str(converted)


def offer_file(updates: Sequence[AnyUpdate]) -> bytes:
    """The OF01 CSV (`;`, UTF-8, every cell quoted) of offers that `fits_in_file`: every field
    in its column. A `PlainUpdate` brings its line ready.

    Raises:
        ValueError: an update does not fit in a file.

    Examples:
        >>> data = offer_file([OfferUpdate(shop_sku="A", product_id="P", product_id_type="SKU",
        ...                                price="9.90", quantity=2, state_code="11")])
        >>> data.decode().splitlines()[1].split(";")[:6]
        ['"A"', '"P"', '"SKU"', '"9.9"', '"2"', '"11"']
    """
    buffer = io.StringIO()
    # Every cell quoted: a description may hold `;`, quotes or line breaks (a lone `\r` too).
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n", quoting=csv.QUOTE_ALL)
    writer.writerow(FILE_HEADER)
    writer.writerows(map(_file_line, updates))
    return buffer.getvalue().encode("utf-8")


def _file_line(update: AnyUpdate) -> list[str]:
    if type(update) is PlainUpdate:
        return update.cells()
    assert isinstance(update, OfferUpdate)
    if not fits_in_file(update):
        raise ValueError(f"offer {update.shop_sku!r} has fields an OF01 line cannot carry")
    discount = update.discount
    return [_cell(getattr(update, name)) for _, name in _FILE_COLUMNS] + [
        _cell(discount.price if discount else None),
        _cell(discount.start_date if discount else None),
        _cell(discount.end_date if discount else None),
    ]


def file_skus_by_line(updates: Iterable[AnyUpdate]) -> dict[int, str]:
    """The SKU of each data line of `offer_file(updates)`, by line number (the header is
    line 1): what `offer_file_skus` reads back from the file, without reading it.

    Examples:
        >>> file_skus_by_line([OfferUpdate(shop_sku=" A ", product_id="P",
        ...     product_id_type="SKU", price=5, quantity=1, state_code="11")])
        {2: 'A'}
    """
    skus = (update.shop_sku.strip() for update in updates)
    return {number: sku for number, sku in enumerate(skus, start=2) if sku}


def all_results(
    keys: Iterable[str], outcome: Outcome, message: str, code: str | None = None
) -> dict[str, ItemResult]:
    """The same result for every key (a whole call refused, lost or still running).

    Examples:
        >>> all_results(["A"], Outcome.RETRY_LATER, "busy")["A"].outcome.value
        'retry_later'
    """
    return {
        key: ItemResult(key=key, outcome=outcome, reason=Reason(code=code, message=message))
        for key in keys
    }
