"""OF21 offers read plain for a push: decoded dicts checked value by value, and their OF01 lines.

A stock push of 10,000 offers reads 100 OF21 pages and sends every offer back whole
(MIRAKL-Q06) as one OF01 line. Validating each page into `Offer` models, building an
`OfferUpdate` from each and writing its line cell by cell cost the SDK more CPU than the
sandbox spends serving the push. Here an offer whose every field is of the plain shape Mirakl
sends for most offers (numbers, text, nulls, a default price equal to the offer's, no discount,
no availability dates, no channel or volume prices, no custom fields) is kept as its decoded
dict and the cells of its OF01 line (`PlainOffer`); every other offer is read by its model as
before, and so is any value of a type the model would convert or refuse. Both give the same
OF01 bytes: `tests/mirakl/test_plain_offers.py` holds the two to it over generated offers.

orjson reads an integer outside 64 bits as a float, rounded; the validating path reads it
whole. So a page where an offer the push wants holds such a float is read again as that path
reads it (`pydantic_core`), and its offers go plain or to their model from that reading.

Examples:
    >>> offer = plain_offer({"offer_id": 1, "shop_sku": "A", "product_sku": "P", "quantity": 2,
    ...                      "price": 9.9, "currency_iso_code": "EUR", "state_code": "11"})
    >>> offer.cells[:6]
    ('A', 'P', 'SKU', '9.9', '2', '11')
    >>> plain_offer({"offer_id": 1, "shop_sku": "A", "product_sku": "P", "price": 9.9,
    ...              "discount": {"discount_price": 8}}) is None
    True
"""

from __future__ import annotations

from collections.abc import Container
from decimal import Decimal
from operator import itemgetter
from typing import Any, Final, NamedTuple

import orjson
import pydantic_core

from marketplace_sdk.core._json import wide_integer
from marketplace_sdk.mirakl._models import Offer, OfferList, OfferUpdate
from marketplace_sdk.mirakl._models.offers import json_numbers

__all__ = [
    "FILE_HEADER",
    "OfferRows",
    "PlainOffer",
    "PlainUpdate",
    "decimal_cell",
    "number_cell",
    "plain_offer",
    "read_offer_rows",
]


class _Absent:
    """A key the offer does not have (told apart from one sent as null)."""

    __slots__ = ()

    def __repr__(self) -> str:
        return "<absent>"


_ABSENT: Final = _Absent()
_NONE = type(None)
_A = _Absent
_NUMBER = (int, float)
#: Floats at least this large (either sign) may be integers outside 64 bits that orjson read
#: rounded (`wide_integer`): a plain offer has none, its model reads such a number.
_LARGE = 9.2e18

#: The OF01 columns, in the order `offer_file` writes them.
FILE_HEADER: tuple[str, ...] = (
    "sku",
    "product-id",
    "product-id-type",
    "price",
    "quantity",
    "state",
    "update-delete",
    "description",
    "internal-description",
    "price-additional-info",
    "leadtime-to-ship",
    "min-order-quantity",
    "max-order-quantity",
    "min-quantity-alert",
    "package-quantity",
    "logistic-class",
    "available-start-date",
    "available-end-date",
    "product-tax-code",
    "discount-price",
    "discount-start-date",
    "discount-end-date",
)
#: Where the price and the quantity sit in a line's cells.
PRICE_CELL = 3
QUANTITY_CELL = 4

#: Each field of `Offer` the push carries back, and the exact types a plain offer may have
#: there (`_Absent`: no such key). A value of any other type (a number as text, a float where
#: an int goes...) is left to the model, which converts or refuses it. The fields no OF01 line
#: or OF24 body carries (title, total price, references, channels...) are not read at all.
_FIELDS: tuple[tuple[str, tuple[type, ...]], ...] = (
    ("shop_sku", (str,)),
    ("product_sku", (str,)),
    ("quantity", (int, _A)),
    ("price", _NUMBER),
    ("currency_iso_code", (str, _NONE, _A)),
    ("state_code", (str, _A)),
    ("description", (str, _NONE, _A)),
    ("internal_description", (str, _NONE, _A)),
    ("price_additional_info", (str, _NONE, _A)),
    ("leadtime_to_ship", (int, _NONE, _A)),
    ("min_order_quantity", (int, _NONE, _A)),
    ("max_order_quantity", (int, _NONE, _A)),
    ("min_quantity_alert", (int, _NONE, _A)),
    ("package_quantity", (int, _NONE, _A)),
    ("logistic_class", (dict, _NONE, _A)),
    ("product_tax_code", (str, _NONE, _A)),
    ("all_prices", (list, _A)),
    # No OF01 column: a plain offer has none of them.
    ("available_start_date", (_NONE, _A)),
    ("available_end_date", (_NONE, _A)),
    ("allow_quote_requests", (_NONE, _A)),
    ("discount", (_NONE, _A)),
    ("msrp", (_NONE, _A)),
    ("eco_contributions", (list, _A)),
    ("offer_additional_fields", (list, _A)),
)
_KEYS = tuple(key for key, _ in _FIELDS)
#: Every field absent, under the offer's own keys: `_VALUES(_ABSENT_FIELDS | raw)` reads the
#: values in one go (a C loop; `dict.get` per key costs half as much again).
_ABSENT_FIELDS = dict.fromkeys(_KEYS, _ABSENT)
_VALUES = itemgetter(*_KEYS)
#: Signatures (each value's type) found plain; bounded, as a shop has few of them.
_PLAIN_SIGNATURES: set[tuple[type, ...]] = set()
_MAX_SIGNATURES = 4096

#: The keys of a default price (`all_prices` item) and the types a plain one may have.
_PRICE_FIELDS: tuple[tuple[str, tuple[type, ...]], ...] = (
    ("channel_code", (_NONE, _A)),
    ("context", (_NONE, _A)),
    ("price", (*_NUMBER, _NONE, _A)),
    ("unit_origin_price", (*_NUMBER, _NONE, _A)),
    ("unit_discount_price", (*_NUMBER, _NONE, _A)),
    ("discount_start_date", (_NONE, _A)),
    ("discount_end_date", (_NONE, _A)),
    ("volume_prices", (list, _A)),
)
_PRICE_KEYS = tuple(key for key, _ in _PRICE_FIELDS)
_ABSENT_PRICE_FIELDS = dict.fromkeys(_PRICE_KEYS, _ABSENT)
_PRICE_VALUES = itemgetter(*_PRICE_KEYS)
_PLAIN_PRICE_SIGNATURES: set[tuple[type, ...]] = set()


def _plain_signature(
    signature: tuple[type, ...],
    fields: tuple[tuple[str, tuple[type, ...]], ...],
    known: set[tuple[type, ...]],
) -> bool:
    if signature in known:
        return True
    if not all(kind in allowed for kind, (_, allowed) in zip(signature, fields, strict=True)):
        return False
    if len(known) < _MAX_SIGNATURES:
        known.add(signature)
    return True


class PlainOffer(NamedTuple):
    """An OF21 offer of the plain shape: the cells of its OF01 line, and the values its model
    needs, flat.

    Nothing here is a dict or a list: a push keeps 10,000 of them while it reads the pages
    after, and the garbage collector walks every container alive on each collection (the
    decoded offers kept whole cost three times their decoding).

    Attributes:
        cells: its OF01 line, one text per `FILE_HEADER` column.
        currency: its `currency_iso_code`.
        values: each `_FIELDS` value as OF21 sent it (`_Absent` for no key), the logistic
            class as `(code, label)` and the default prices as tuples of `_PRICE_FIELDS`.
        offer_id: its `offer_id` as sent.
    """

    cells: tuple[str, ...]
    currency: str | None
    values: tuple[Any, ...]
    offer_id: Any

    @property
    def shop_sku(self) -> str:
        """The offer's shop SKU (its first cell)."""
        return self.cells[0]

    def model(self) -> Offer:
        """The offer as its model reads the fields a push sends back (for OF24).

        Raises:
            pydantic.ValidationError: the model refuses it (its `offer_id`, say).
        """
        data: dict[str, Any] = {"offer_id": self.offer_id}
        for key, value in zip(_KEYS, self.values, strict=True):
            if value is _ABSENT:
                continue
            if key == "logistic_class" and value is not None:
                code, label = value
                value = {"code": code} if label is _ABSENT else {"code": code, "label": label}
            elif key == "all_prices":
                value = [
                    {
                        name: item
                        for name, item in zip(_PRICE_KEYS, price, strict=False)
                        if item is not _ABSENT
                    }
                    for price in value
                ]
            data[key] = value
        return Offer.model_validate(data)


def number_cell(value: int | float) -> str:
    """A JSON number as the OF01 cell the model path writes for it (`_cell` of its Decimal).

    Raises:
        ValueError: a number with more significant digits than a JSON number carries exactly
            (the model path refuses it too).

    Examples:
        >>> number_cell(9.9), number_cell(12), number_cell(5.0), number_cell(1e20)
        ('9.9', '12', '5', '100000000000000000000')
    """
    if type(value) is int:
        return str(value)
    text = repr(value)
    if len(text) <= 16 and "e" not in text:
        # Fifteen digits at most: the model's Decimal converts back to this very float.
        return str(int(value)) if text.endswith(".0") else text
    number = Decimal(text)
    if number == number.to_integral_value():
        return str(int(number))
    if len(number.normalize().as_tuple().digits) > 15:
        raise ValueError(f"{number} has more digits than a JSON number carries exactly")
    return str(float(number))


def _same_number(left: int | float, right: int | float) -> bool:
    if type(left) is type(right):
        return left == right
    return Decimal(str(left)) == Decimal(str(right))


def _plain_prices(items: list[Any], price: int | float) -> tuple[tuple[Any, ...], ...] | None:
    """The default prices of a plain offer, flat (without their empty tiers), or `None`."""
    prices = []
    for item in items:
        if type(item) is not dict:
            return None
        values = _PRICE_VALUES(_ABSENT_PRICE_FIELDS | item)
        if not _plain_signature(tuple(map(type, values)), _PRICE_FIELDS, _PLAIN_PRICE_SIGNATURES):
            return None
        if values[7] is not _ABSENT and values[7]:
            return None  # volume tiers: no OF01 column
        amount, origin, discount = values[2], values[3], values[4]
        if (
            (type(amount) is float and not -_LARGE < amount < _LARGE)
            or (type(origin) is float and not -_LARGE < origin < _LARGE)
            or (type(discount) is float and not -_LARGE < discount < _LARGE)
        ):
            return None  # perhaps an integer outside 64 bits, rounded: the model decides
        if origin is not None and origin is not _ABSENT and not _same_number(origin, price):
            return None  # a default price apart from the offer's: the model decides
        prices.append(values[:7])
    return tuple(prices)


def plain_offer(raw: object) -> PlainOffer | None:
    """`raw` (one decoded OF21 offer) as a `PlainOffer`, or `None` when its model must read it.

    `None` for anything the plain reading does not vouch for: a field of another type than
    Mirakl's usual one, a discount, availability dates, channel or volume prices, a default
    price apart from the offer's, eco-contributions, custom fields, an MSRP, quote requests, a
    price of 9.2e18 or more as a float (perhaps an integer outside 64 bits, which orjson reads
    rounded).

    Examples:
        >>> plain_offer({"offer_id": 1, "shop_sku": "A", "product_sku": "P", "price": "9.9"})
    """
    if type(raw) is not dict:
        return None
    values = _VALUES(_ABSENT_FIELDS | raw)
    if not _plain_signature(tuple(map(type, values)), _FIELDS, _PLAIN_SIGNATURES):
        return None
    (
        shop_sku,
        product_sku,
        quantity,
        price,
        currency,
        state_code,
        description,
        internal_description,
        price_additional_info,
        leadtime,
        min_order,
        max_order,
        min_alert,
        package,
        logistic_class,
        tax_code,
        all_prices,
        *_,
        eco_contributions,
        additional_fields,
    ) = values
    if (eco_contributions is not _ABSENT and eco_contributions) or (
        additional_fields is not _ABSENT and additional_fields
    ):
        return None
    logistic_code: Any = ""
    logistic: Any = logistic_class
    if type(logistic_class) is dict:
        logistic_code = logistic_class.get("code")
        label = logistic_class.get("label", _ABSENT)
        if type(logistic_code) is not str or type(label) not in (str, _NONE, _A):
            return None
        logistic = (logistic_code, label)
    if type(price) is float and not -_LARGE < price < _LARGE:
        return None  # perhaps an integer outside 64 bits, rounded: the model decides
    prices: Any = all_prices
    if all_prices is not _ABSENT:
        # Flat: no tiers (a plain price has none), so the empty list is left out.
        prices = _plain_prices(all_prices, price)
        if prices is None:
            return None
    try:
        price_cell = number_cell(price)
    except ValueError:
        return None
    cells = (
        shop_sku,
        product_sku,
        "SKU",
        price_cell,
        "0" if quantity is _ABSENT else str(quantity),
        "11" if state_code is _ABSENT else state_code,
        "update",
        "" if description is None or description is _ABSENT else description,
        ""
        if internal_description is None or internal_description is _ABSENT
        else internal_description,
        ""
        if price_additional_info is None or price_additional_info is _ABSENT
        else price_additional_info,
        "" if leadtime is None or leadtime is _ABSENT else str(leadtime),
        "" if min_order is None or min_order is _ABSENT else str(min_order),
        "" if max_order is None or max_order is _ABSENT else str(max_order),
        "" if min_alert is None or min_alert is _ABSENT else str(min_alert),
        "" if package is None or package is _ABSENT else str(package),
        logistic_code,
        "",
        "",
        "" if tax_code is None or tax_code is _ABSENT else tax_code,
        "",
        "",
        "",
    )
    # Flat: the logistic class and prices as tuples, the empty lists (no eco-contributions, no
    # custom fields) as absent.
    flat = (*values[:14], logistic, values[15], prices, *values[17:22], _ABSENT, _ABSENT)
    return PlainOffer(
        cells, None if currency is _ABSENT else currency, flat, raw.get("offer_id", _ABSENT)
    )


class _Envelope(OfferList):
    """An OF21 page whose offers are left as they came (read one by one afterwards)."""

    offers: list[Any]


class OfferRows(NamedTuple):
    """One OF21 page read for a push: the wanted offers, in the page's order.

    Attributes:
        offers: each wanted offer, a `PlainOffer`, or the decoded dict its model must read.
        carried: the offers the page carried, wanted or not.
        total: the page's `total_count`.
    """

    offers: list[PlainOffer | dict[str, Any]]
    carried: int
    total: int | None


def read_offer_rows(content: bytes, wanted: Container[str]) -> OfferRows:
    """Read an OF21 page's offers whose shop SKU is in `wanted`; skip the others unread.

    The page is decoded by orjson; a wanted offer holding an integer outside 64 bits (a float
    for orjson, `wide_integer`) has the page decoded again as the validating path decodes it,
    so its value is read whole, never rounded.

    Raises:
        ValueError: the body is not JSON (`orjson.JSONDecodeError`), or is a page without its
            `offers` list (pydantic's `ValidationError`).

    Examples:
        >>> page = read_offer_rows(b'{"offers": [{"offer_id": 1, "shop_sku": "A", '
        ...     b'"product_sku": "P", "price": 5}, {"shop_sku": "B"}], "total_count": 2}', {"A"})
        >>> [offer.shop_sku for offer in page.offers], page.carried, page.total
        (['A'], 2, 2)
    """
    try:
        return _offer_rows(orjson.loads(content), wanted, exact=False)
    except _WideInteger:
        # An integer outside 64 bits, which orjson reads as a float: the page read again as the
        # validating path reads it (pydantic_core, integers whole), then plain or by the model.
        return _offer_rows(pydantic_core.from_json(content), wanted, exact=True)


class _WideInteger(Exception):
    """A wanted offer of orjson's page may hold an integer outside 64 bits, read as a float."""


def _offer_rows(data: Any, wanted: Container[str], *, exact: bool) -> OfferRows:
    """`read_offer_rows` of a decoded page.

    Raises:
        _WideInteger: `exact` is false (orjson's reading) and a wanted offer holds a float
            that may be an integer outside 64 bits.
    """
    offers = data.get("offers") if type(data) is dict else None
    total = data.get("total_count") if type(data) is dict else None
    if type(offers) is not list or type(total) not in (int, _NONE):
        # Not the usual envelope: its model reads it (or says what is wrong with it).
        envelope = _Envelope.model_validate(data)
        offers, total = envelope.offers, envelope.total_count
    rows: list[PlainOffer | dict[str, Any]] = []
    for raw in offers:
        sku = raw.get("shop_sku") if type(raw) is dict else None
        if type(sku) is not str or sku not in wanted:
            continue  # not wanted, or with no SKU to match: the push has no use for it
        found = plain_offer(raw)
        if found is None and not exact and _wide_values(raw):
            raise _WideInteger
        rows.append(raw if found is None else found)
    return OfferRows(rows, len(offers), total)


def _wide_values(value: object) -> bool:
    """Whether a decoded value holds, at any depth, a float orjson may have read from an
    integer outside 64 bits (`wide_integer`): an offer its model reads must get it whole (a
    plain offer has none: `plain_offer` leaves such a number to the model)."""
    if type(value) is float:
        return wide_integer(value)
    if type(value) is dict:
        return any(_wide_values(item) for item in value.values())
    if type(value) is list:
        return any(_wide_values(item) for item in value)
    return False


class PlainUpdate(NamedTuple):
    """A plain offer sent back with a new quantity and/or price: its OF01 line, ready.

    Examples:
        >>> offer = plain_offer({"shop_sku": "A", "product_sku": "P", "price": 5, "quantity": 1})
        >>> PlainUpdate(offer, 3, None).cells()[3:5]
        ['5', '3']
    """

    offer: PlainOffer
    quantity: int | None
    price: Decimal | None

    @property
    def shop_sku(self) -> str:
        """The offer's shop SKU."""
        return self.offer.cells[0]

    def cells(self) -> list[str]:
        """Its OF01 line: the offer's cells with the new quantity and price."""
        cells = list(self.offer.cells)
        if self.quantity is not None:
            cells[QUANTITY_CELL] = str(self.quantity)
        if self.price is not None:
            cells[PRICE_CELL] = decimal_cell(self.price)
        return cells

    def model(self) -> OfferUpdate:
        """The same update as the model path builds it (for OF24).

        Raises:
            pydantic.ValidationError: the offer's model refuses it (a field no plain check
                reads).
        """
        offer = self.offer.model()
        return OfferUpdate.from_offer(offer, quantity=self.quantity, price=self.price)


def decimal_cell(value: Decimal) -> str:
    """A Decimal as its OF01 cell (a JSON number's text, as `offer_file` writes it).

    Raises:
        ValueError: more significant digits than a JSON number carries exactly.

    Examples:
        >>> decimal_cell(Decimal("9.90")), decimal_cell(Decimal("12.00"))
        ('9.9', '12')
    """
    number = json_numbers(value)
    return str(number)
