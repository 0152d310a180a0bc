"""Receipts as decoded from JSON straight to canonical orders, with no wire model on the way.

`receipt_order(data)` is `receipt_to_order(ShopReceipt.model_validate(data))`, the same
`Order` (field for field, `raw` included) or the same `RecordError`, in a fraction of the
time: validating a receipt builds about sixteen pydantic models and dumping it again for
`Order.raw` costs nearly as much as decoding its JSON. Here each value is checked as it is read
(an `int` where Etsy's schema has an integer, a `str` where a string goes, money of integer
amount and divisor, a known or new status), `raw` is made as `model_dump(mode="json")` makes it
(every field of the schema, its default where the receipt leaves it out, the statuses Etsy's
document lists in lower case, unknown fields after the known ones), and the order is mapped by
the same rules as `receipt_to_order`. Whatever this path is not sure of (a value validation
would coerce, a float among the extras, an amount that is not exact, totals that add up by no
reading, a timestamp out of range, anything raised) sends the receipt down the validating path,
which refuses what it always refused, with the same error.

Examples:
    >>> data = {"receipt_id": 9, "status": "Paid", "created_timestamp": 1767225600,
    ...     "grandtotal": {"amount": 1000, "divisor": 100, "currency_code": "EUR"},
    ...     "transactions": [{"transaction_id": 5, "sku": "MUG", "quantity": 2,
    ...         "price": {"amount": 500, "divisor": 100, "currency_code": "EUR"}}]}
    >>> order = receipt_order(data)
    >>> order == receipt_to_order(ShopReceipt.model_validate(data)), order.raw["status"]
    (True, 'paid')
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from types import MappingProxyType

from pydantic import BaseModel

from marketplace_sdk.core._countries import country_alpha2
from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Order,
    OrderLine,
    OrderShipment,
    Refund,
)
from marketplace_sdk.core._models.build import build
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._records import read_record
from marketplace_sdk.etsy._endpoints._base import record_id_of
from marketplace_sdk.etsy._mapping.orders import (
    CANCELLED,
    DELIVERED,
    IN_TRANSIT,
    NEW,
    _oms,
    items_of,
    readings,
    receipt_to_order,
    totals_of,
)
from marketplace_sdk.etsy._models import (
    ReceiptStatus,
    ShopReceipt,
    ShopReceiptShipment,
    ShopReceiptTransaction,
    ShopRefund,
    TransactionVariation,
)
from marketplace_sdk.etsy._models.common import EtsyMoney, from_timestamp
from marketplace_sdk.etsy._models.inventory import PropertyValue
from marketplace_sdk.etsy._pricing import exact_money

__all__ = ["SCHEMAS", "dump", "receipt_order"]


class _Doubt(Exception):
    """A value this path is not sure validation keeps as it is: the validating path decides."""


#: Integers pydantic and JSON agree on without a second thought.
_BIG = 2**63

#: What a field holds, by the kinds below.
Kind = str | tuple[str, type[BaseModel]]

#: Per wire model, its fields in declaration order: (name, kind, default; `_REQUIRED` when
#: required). `tests/etsy/test_fast_orders.py` holds each to the model's own fields.
_REQUIRED = object()
SCHEMAS: Mapping[type[BaseModel], tuple[tuple[str, Kind, object], ...]] = MappingProxyType(
    {
        EtsyMoney: (
            ("amount", "int", _REQUIRED),
            ("divisor", "divisor", 100),
            ("currency_code", "str", _REQUIRED),
        ),
        TransactionVariation: (
            ("property_id", "int?", None),
            ("value_id", "int?", None),
            ("formatted_name", "str", ""),
            ("formatted_value", "str", ""),
        ),
        PropertyValue: (
            ("property_id", "int", _REQUIRED),
            ("property_name", "str?", None),
            ("scale_id", "int?", None),
            ("scale_name", "str?", None),
            ("value_ids", "ints", ()),
            ("values", "strs", ()),
        ),
        ShopReceiptTransaction: (
            ("transaction_id", "int", _REQUIRED),
            ("receipt_id", "int?", None),
            ("listing_id", "int?", None),
            ("product_id", "int?", None),
            ("sku", "str?", None),
            ("title", "str?", None),
            ("quantity", "int", 0),
            ("price", ("model?", EtsyMoney), None),
            ("shipping_cost", ("model?", EtsyMoney), None),
            ("is_digital", "bool?", None),
            ("listing_image_id", "int?", None),
            ("transaction_type", "str?", None),
            ("variations", ("models", TransactionVariation), ()),
            ("product_data", ("models", PropertyValue), ()),
            ("created_timestamp", "int?", None),
            ("paid_timestamp", "int?", None),
            ("shipped_timestamp", "int?", None),
            ("expected_ship_date", "int?", None),
            ("shipping_profile_id", "int?", None),
        ),
        ShopReceiptShipment: (
            ("receipt_shipping_id", "int?", None),
            ("shipment_notification_timestamp", "int?", None),
            ("carrier_name", "str", ""),
            ("tracking_code", "str", ""),
        ),
        ShopRefund: (
            ("amount", ("model?", EtsyMoney), None),
            ("created_timestamp", "int?", None),
            ("reason", "str?", None),
            ("note_from_issuer", "str?", None),
            ("status", "str?", None),
        ),
        ShopReceipt: (
            ("receipt_id", "int", _REQUIRED),
            ("receipt_type", "int?", None),
            ("seller_user_id", "int?", None),
            ("buyer_user_id", "int?", None),
            ("status", "status?", None),
            ("is_paid", "bool?", None),
            ("is_shipped", "bool?", None),
            ("is_gift", "bool?", None),
            *(
                (name, "str?", None)
                for name in (
                    "payment_method",
                    "name",
                    "first_line",
                    "second_line",
                    "city",
                    "state",
                    "zip",
                    "formatted_address",
                    "country_iso",
                    "buyer_email",
                    "seller_email",
                    "payment_email",
                    "message_from_buyer",
                    "message_from_seller",
                    "gift_message",
                )
            ),
            ("created_timestamp", "int?", None),
            ("updated_timestamp", "int?", None),
            *(
                (name, ("model?", EtsyMoney), None)
                for name in (
                    "grandtotal",
                    "subtotal",
                    "total_price",
                    "total_shipping_cost",
                    "total_tax_cost",
                    "total_vat_cost",
                    "discount_amt",
                    "gift_wrap_price",
                )
            ),
            ("shipments", ("models", ShopReceiptShipment), ()),
            ("transactions", ("models", ShopReceiptTransaction), ()),
            ("refunds", ("models", ShopRefund), ()),
        ),
    }
)


def _int(value: object) -> bool:
    return type(value) is int and -_BIG < value < _BIG


def _plain(value: object) -> bool:
    # An unknown field's value that `model_dump(mode="json")` gives back equal: no float (JSON
    # mode writes infinities as null), nothing but JSON's own types.
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return True
    if kind is int:
        return _int(value)
    if kind is list:
        assert isinstance(value, list)
        return all(_plain(item) for item in value)
    if kind is dict:
        assert isinstance(value, dict)
        return all(_plain(item) for item in value.values())
    return False


def _status_value(value: object) -> object:
    # A status as the dump of `ReceiptStatusValue` holds it: a listed one in lower case.
    if type(value) is not str:
        raise _Doubt
    assert isinstance(value, str)
    status = ReceiptStatus.parse(value)
    return status.value if isinstance(status, ReceiptStatus) else status


def _extras(data: dict[str, object], dumped: dict[str, object], known: frozenset[str]) -> None:
    # Unknown fields after the known ones, in the order received, as pydantic keeps them.
    for name, value in data.items():
        if name not in known:
            if not _plain(value):
                raise _Doubt
            dumped[name] = value


_MISSING = object()

#: Kinds whose values the dump holds as received.
_AS_IS = frozenset({"int", "int?", "str", "str?", "bool?", "divisor"})

#: The check of a value read into `v`, by kind (Python source, one statement).
_CHECKS = {
    "int": "if type(v) is not int or not -BIG < v < BIG: raise Doubt",
    "int?": "if v is not None and (type(v) is not int or not -BIG < v < BIG): raise Doubt",
    "str": "if type(v) is not str: raise Doubt",
    "str?": "if v is not None and type(v) is not str: raise Doubt",
    "bool?": "if v is not None and type(v) is not bool: raise Doubt",
    "divisor": "if type(v) is not int or not 1 <= v < BIG: raise Doubt",
    "status?": "v = None if v is None else status(v)",
    "ints": (
        "if v is MISSING: v = []\n"
        "    elif type(v) is not list or not all(type(i) is int and -BIG < i < BIG for i in v):"
        " raise Doubt\n"
        "    else: v = list(v)"
    ),
    "strs": (
        "if v is MISSING: v = []\n"
        "    elif type(v) is not list or not all(type(i) is str for i in v): raise Doubt\n"
        "    else: v = list(v)"
    ),
}


def _compile(
    model: type[BaseModel], dumpers: dict[type[BaseModel], Callable[[object], object]]
) -> None:
    """Write `dumpers[model]`: `model.model_validate(data).model_dump(mode="json")`, or `_Doubt`.

    One function per wire model, its checks written out field by field (a loop over the
    schema, dispatching on each field's kind, took twice the time of decoding the JSON).
    """
    fields = SCHEMAS[model]
    nested = {
        f"d_{index}": kind[1] for index, (_, kind, _) in enumerate(fields) if type(kind) is tuple
    }
    body = [
        "def dump(data):",
        "    if type(data) is not dict: raise Doubt",
        "    get = data.get",
    ]
    for index, (name, kind, default) in enumerate(fields):
        if default is _REQUIRED or default == ():
            body.append(f"    v = get({name!r}, MISSING)")
        else:
            body.append(f"    v = get({name!r}, {default!r})")
        if type(kind) is tuple:
            shape = kind[0]
            if shape == "model?":
                body.append(f"    v = None if v is None else d_{index}(v)")
            else:
                body.append("    if v is MISSING: v = []")
                body.append("    elif type(v) is not list: raise Doubt")
                body.append(f"    else: v = [d_{index}(i) for i in v]")
        else:
            assert isinstance(kind, str)
            body.append(f"    {_CHECKS[kind]}")
        body.append(f"    f_{index} = v")
    if all(type(kind) is str and kind in _AS_IS for _, kind, _ in fields):
        # Every value kept as received: a record holding the schema's fields alone, in its
        # order, is its own dump (taken over as `Record.raw` takes payloads over).
        body.append("    if tuple(data) == KEYS: return data")
    items = ", ".join(f"{name!r}: f_{index}" for index, (name, _, _) in enumerate(fields))
    body.append(f"    dumped = {{{items}}}")
    body.append("    if not KNOWN.issuperset(data): extras(data, dumped, KNOWN)")
    body.append("    return dumped")
    scope: dict[str, object] = {
        "Doubt": _Doubt,
        "BIG": _BIG,
        "MISSING": _MISSING,
        "KNOWN": frozenset(name for name, _, _ in fields),
        "KEYS": tuple(name for name, _, _ in fields),
        "status": _status_value,
        "extras": _extras,
    }
    for name, inner in nested.items():
        if inner not in dumpers:
            _compile(inner, dumpers)
        scope[name] = dumpers[inner]
    # The source is written above from SCHEMAS alone, never from input.
    exec("\n".join(body), scope)
    dumpers[model] = scope["dump"]  # type: ignore[assignment]


_DUMPERS: dict[type[BaseModel], Callable[[object], object]] = {}
_compile(ShopReceipt, _DUMPERS)
_dump_receipt = _DUMPERS[ShopReceipt]


def dump(model: type[BaseModel], data: object) -> dict[str, object] | None:
    """What `model.model_validate(data).model_dump(mode="json")` gives, when plainly so.

    `None` when a value is not plainly what validation keeps (the model may coerce or refuse
    it). `model` is `ShopReceipt` or one of the models it holds.

    Examples:
        >>> dump(EtsyMoney, {"amount": 5, "currency_code": "EUR"})
        {'amount': 5, 'divisor': 100, 'currency_code': 'EUR'}
        >>> dump(EtsyMoney, {"amount": "5", "currency_code": "EUR"}) is None
        True
    """
    try:
        return _DUMPERS[model](data)  # type: ignore[return-value]
    except _Doubt:
        return None


def _money(value: object) -> Money | None:
    # `from_etsy_money` of the validated `EtsyMoney`: the same (cached) exact conversion.
    if value is None:
        return None
    assert isinstance(value, dict)
    return exact_money(value["amount"], value["divisor"], value["currency_code"])


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _status(raw: dict[str, object], delivered: bool) -> str:
    # `etsy_status`, read from the dump: a status the document lists is its lower-case value.
    status = raw["status"]
    if isinstance(status, str) and status not in _LISTED:
        return status.strip() or status
    shipped = bool(raw["is_shipped"]) or bool(raw["shipments"])
    if status == ReceiptStatus.CANCELED:
        return CANCELLED
    if status == ReceiptStatus.FULLY_REFUNDED and not shipped:
        return CANCELLED
    if shipped:
        return DELIVERED if delivered else IN_TRANSIT
    return NEW


_LISTED = frozenset(member.value for member in ReceiptStatus)


def _currency(raw: dict[str, object], transactions: list[dict[str, object]]) -> str:
    for name in ("grandtotal", "total_price", "subtotal"):
        money = raw[name]
        if money is not None:
            assert isinstance(money, dict)
            return str(money["currency_code"]).upper()
    for line in transactions:
        price = line["price"]
        if price is not None:
            assert isinstance(price, dict)
            return str(price["currency_code"]).upper()
    return "USD"


def _lines(transactions: list[dict[str, object]], currency: str) -> tuple[OrderLine, ...]:
    lines = []
    for line in transactions:
        quantity = line["quantity"]
        assert isinstance(quantity, int)
        if quantity < 0:
            raise _Doubt
        if quantity == 0:
            continue
        price = _money(line["price"]) or Money.zero(currency)
        if price.currency != currency:
            raise _Doubt
        sku = line["sku"]
        lines.append(
            build(
                OrderLine,
                line_id=str(line["transaction_id"]),
                sku=sku.strip() if isinstance(sku, str) and sku.strip() else None,
                quantity=quantity,
                unit_price=price,
                title=line["title"],
                raw=line,
            )
        )
    return tuple(lines)


def _shipments(shipments: list[dict[str, object]]) -> tuple[OrderShipment, ...]:
    return tuple(
        build(
            OrderShipment,
            carrier=str(shipment["carrier_name"]).strip() or None,
            tracking_number=str(shipment["tracking_code"]).strip() or None,
            shipped_at=_time(shipment["shipment_notification_timestamp"]),
            marketplace_id=(
                str(shipment["receipt_shipping_id"])
                if shipment["receipt_shipping_id"] is not None
                else None
            ),
            raw=shipment,
        )
        for shipment in shipments
    )


def _time(value: object) -> datetime | None:
    assert value is None or type(value) is int
    return from_timestamp(value)


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def _refunds(refunds: list[dict[str, object]], currency: str) -> tuple[Refund, ...]:
    made = []
    for refund in refunds:
        amount = _money(refund["amount"])
        if amount is None or amount.currency != currency:
            raise _Doubt
        made.append(
            build(
                Refund,
                amount=amount,
                refunded_at=_time(refund["created_timestamp"]),
                reason=_text(refund["reason"]),
                status=_text(refund["status"]),
                raw=refund,
            )
        )
    return tuple(sorted(made, key=lambda r: r.refunded_at or _EARLIEST))


def _address(raw: dict[str, object]) -> Address | None:
    line1, line2, city, region, postal_code, country = (
        _text(raw[name])
        for name in ("first_line", "second_line", "city", "state", "zip", "country_iso")
    )
    if not (line1 or line2 or city or region or postal_code or country):
        return None
    return build(
        Address,
        name=_text(raw["name"]),
        line1=line1,
        line2=line2,
        city=city,
        region=region,
        postal_code=postal_code,
        country_code=country_alpha2(raw["country_iso"]),  # type: ignore[arg-type]
    )


def _order(data: object, delivered: bool) -> Order:
    raw: dict[str, object] = _dump_receipt(data)  # type: ignore[assignment]
    transactions: list[dict[str, object]] = raw["transactions"]  # type: ignore[assignment]
    created = _time(raw["created_timestamp"])
    updated = _time(raw["updated_timestamp"])
    created = created or updated
    if created is None:
        raise _Doubt
    currency = _currency(raw, transactions)
    lines = _lines(transactions, currency)
    status = _status(raw, delivered)
    m = _money
    items = items_of(
        m(raw["total_price"]), m(raw["subtotal"]), m(raw["discount_amt"]), lines, currency
    )
    grandtotal = m(raw["grandtotal"])
    ways = list(
        readings(
            m(raw["total_shipping_cost"]),
            m(raw["total_tax_cost"]),
            m(raw["discount_amt"]),
            m(raw["total_vat_cost"]),
            m(raw["gift_wrap_price"]),
        )
    )
    return build(
        Order,
        order_id=str(raw["receipt_id"]),
        created_at=created,
        updated_at=updated or created,
        marketplace_status=status,
        oms_status=_oms(status),
        lines=lines,
        buyer=build(Buyer, name=raw["name"], email=raw["buyer_email"]),
        shipping_address=_address(raw),
        totals=totals_of(items, grandtotal, ways),
        shipments=_shipments(raw["shipments"]),  # type: ignore[arg-type]
        refunds=_refunds(raw["refunds"], currency),  # type: ignore[arg-type]
        paid=raw["is_paid"],
        raw=raw,
    )


def _validated(data: object, delivered: bool) -> Order:
    receipt = read_record(
        ShopReceipt.model_validate,
        data,
        kind="order",
        record_id=lambda item: record_id_of(item, "receipt_id"),
        raw=lambda item: item,
        marketplace="etsy",
        shape="an Etsy ShopReceipt",
    )
    return receipt_to_order(receipt, delivered=delivered)


def receipt_order(data: object, *, delivered: bool = False) -> Order:
    """The canonical order of a receipt as decoded from Etsy's JSON (a `dict`).

    The same `Order` as `receipt_to_order(ShopReceipt.model_validate(data))`, `raw` included
    (the receipt as its wire model dumps it), or the same `RecordError`.

    Raises:
        RecordError: Etsy's schema refuses the receipt, or it cannot be mapped.

    Examples:
        >>> receipt_order({"receipt_id": 3, "created_timestamp": 1767225600}).order_id
        '3'
    """
    try:
        return _order(data, delivered)
    except Exception:  # any doubt: the validating path decides, and says why
        return _validated(data, delivered)


#: For the property tests: the path taken when this one is not sure.
validated: Callable[[object, bool], Order] = _validated
