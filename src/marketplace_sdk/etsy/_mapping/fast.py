"""Receipts as decoded from JSON straight to canonical orders, with no wire model on the way.

`receipt_order(data)` is `receipt_to_order(ShopReceipt.model_validate(data))`, the same
`Order` (field for field, `raw` included) or the same `RecordError`, in a fraction of the
time: validating a receipt builds about sixteen pydantic models and dumping it again for
`Order.raw` costs nearly as much as decoding its JSON. Here each value is checked as it is read
and `raw` made as `model_dump(mode="json")` makes it, by `etsy._models.plain.dump_receipt`
(every field of the schema, its default where the receipt leaves it out, the statuses Etsy's
document lists in lower case, unknown fields after the known ones); the order is then mapped
by the same rules as `receipt_to_order` (its totals readings tried in the same order), each
record built unchecked where its values are of the types `build` checks for by how they were
made. Whatever this path is not sure of (a value validation would coerce, a float among the
extras, an amount that is not exact, totals that add up by no reading or mix currencies, a
timestamp out of range, anything raised) sends the receipt down the validating path, which
refuses what it always refused, with the same error.

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

from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from marketplace_sdk.core._countries import country_alpha2
from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Order,
    OrderLine,
    OrderShipment,
    OrderTotals,
    Refund,
)
from marketplace_sdk.core._models.build import _EXACT, build
from marketplace_sdk.core._models.trusted import ORDER_FIELDS, new_order, trusted_positional
from marketplace_sdk.core._money import Money, _exact
from marketplace_sdk.core._records import read_record
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.etsy._endpoints._base import record_id_of
from marketplace_sdk.etsy._mapping.orders import (
    CANCELLED,
    DELIVERED,
    IN_TRANSIT,
    NEW,
    _oms,
    items_of,
    receipt_to_order,
)
from marketplace_sdk.etsy._models import ReceiptStatus, ShopReceipt
from marketplace_sdk.etsy._models.plain import dump_receipt
from marketplace_sdk.etsy._pricing import exact_money

__all__ = ["dumped_receipt_order", "receipt_order", "validated_order"]


class _Doubt(Exception):
    """A value this path is not sure of: the validating path decides."""


def _money(value: Any) -> Money | None:
    # `from_etsy_money` of the validated `EtsyMoney`: the same (cached) exact conversion, by
    # its dump's values in order (amount, divisor, currency code: integers and a string).
    if value is None:
        return None
    key = tuple(value.values())
    return _moneys.get(key) or _new_money(key)


def _new_money(key: tuple[Any, ...]) -> Money:
    money = exact_money(*key)
    if len(_moneys) < _MONEYS_MAX:
        _moneys[key] = money
    return money


#: Amounts seen before (receipts repeat a shipping rate, zero tax...); bounded.
_moneys: dict[tuple[object, ...], Money] = {}
_MONEYS_MAX = 4096


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
            _line(
                str(line["transaction_id"]),
                sku.strip() if isinstance(sku, str) and sku.strip() else None,
                quantity,
                price,
                line["title"],
                line,
            )
        )
    return tuple(lines)


# Each record built without validation from the values of these fields, in this order (every
# value of the type `build` checks for, by how it is made here), the others at their default.
_line = trusted_positional(OrderLine, ("line_id", "sku", "quantity", "unit_price", "title", "raw"))
_shipment = trusted_positional(
    OrderShipment, ("carrier", "tracking_number", "shipped_at", "marketplace_id", "raw")
)
_refund = trusted_positional(Refund, ("amount", "refunded_at", "reason", "status", "raw"))
_address_of = trusted_positional(
    Address, ("name", "line1", "line2", "city", "region", "postal_code", "country_code")
)
_buyer = trusted_positional(Buyer, ("name", "email"))
_order_totals = trusted_positional(OrderTotals, ("items", "shipping", "tax", "discount", "total"))


def _shipments(shipments: list[dict[str, object]]) -> tuple[OrderShipment, ...]:
    if not shipments:
        return ()
    made = []
    for shipment in shipments:
        shipping_id = shipment["receipt_shipping_id"]
        made.append(
            _shipment(
                str(shipment["carrier_name"]).strip() or None,
                str(shipment["tracking_code"]).strip() or None,
                _time(shipment["shipment_notification_timestamp"]),
                None if shipping_id is None else str(shipping_id),
                shipment,
            )
        )
    return tuple(made)


def _time(value: object) -> datetime | None:
    # `from_timestamp`; a timestamp out of range raises, and the validating path says so.
    assert value is None or type(value) is int
    return None if value is None else _fromtimestamp(value, UTC)


_fromtimestamp = datetime.fromtimestamp


_EARLIEST = datetime.min.replace(tzinfo=UTC)


def _refunds(refunds: list[dict[str, object]], currency: str) -> tuple[Refund, ...]:
    made = []
    for refund in refunds:
        amount = _money(refund["amount"])
        if amount is None or amount.currency != currency:
            raise _Doubt
        made.append(
            _refund(
                amount,
                _time(refund["created_timestamp"]),
                _text(refund["reason"]),
                _text(refund["status"]),
                refund,
            )
        )
    if len(made) < 2:
        return tuple(made)
    return tuple(sorted(made, key=lambda r: r.refunded_at or _EARLIEST))


def _address(raw: dict[str, object]) -> Address | None:
    # `_text` of each, written out: the dump holds a string or `None` in each of these fields.
    line1, line2, city, region, postal_code, country = _ADDRESS(raw)
    line1 = (line1 and line1.strip()) or None
    line2 = (line2 and line2.strip()) or None
    city = (city and city.strip()) or None
    region = (region and region.strip()) or None
    postal_code = (postal_code and postal_code.strip()) or None
    if not (line1 or line2 or city or region or postal_code or (country and country.strip())):
        return None
    return _address_of(
        _text(raw["name"]),
        line1,
        line2,
        city,
        region,
        postal_code,
        country_alpha2(country),
    )


_ADDRESS = itemgetter("first_line", "second_line", "city", "state", "zip", "country_iso")


def _add(first: Money | None, second: Money | None) -> Money | None:
    # `orders._plus` of two amounts in one currency; `first` itself when the sum is `first` to
    # the last digit (a zero VAT or gift wrap, as most receipts have): `Money` is immutable.
    if first is None or second is None:
        return first if second is None else second
    amount = first.amount + second.amount
    if amount.compare_total(first.amount) == 0:
        return first
    return _exact(amount, first.currency)


def _totals(
    items: Money,
    grandtotal: Money | None,
    shipping: Money | None,
    tax: Money | None,
    discount: Money | None,
    vat: Money | None,
    gift_wrap: Money | None,
) -> OrderTotals:
    # `totals_of(items, grandtotal, list(readings(...)))` when all is in one currency: each
    # reading tried in the same order, its sum made by the same arithmetic in the caller's
    # decimal context, but no `Money` made for a reading that does not add up, and the record
    # built unchecked once the sum is seen to be exact (as `build` checks it). Anything else
    # (another currency, no reading that adds up, an inexact sum) is a doubt.
    currency = items.currency
    for money in (grandtotal, shipping, tax, discount, vat, gift_wrap):
        if money is not None and money.currency != currency:
            raise _Doubt
    vat_options = (True, False) if vat is not None and vat.amount else (True,)
    wrap_options = (True, False) if gift_wrap is not None and gift_wrap.amount else (True,)
    for with_vat in vat_options:
        for with_wrap in wrap_options:
            charges = (
                _add(shipping, gift_wrap) if with_wrap else shipping,
                _add(tax, vat) if with_vat else tax,
            )
            amount = exact = items.amount
            for charge in charges:
                if charge is not None:
                    amount = amount + charge.amount
                    exact = _EXACT.add(exact, charge.amount)
            if discount is not None:
                amount = amount + -discount.amount
                exact = _EXACT.subtract(exact, discount.amount)
            if grandtotal is not None and amount != grandtotal.amount:
                continue
            total = grandtotal or _exact(amount, currency)
            if exact != total.amount or not total.amount.is_finite():
                raise _Doubt
            shipping_now, tax_now = charges
            return _order_totals(items, shipping_now, tax_now, discount, total)
    raise _Doubt


_AMOUNTS = itemgetter(
    "total_price",
    "subtotal",
    "discount_amt",
    "grandtotal",
    "total_shipping_cost",
    "total_tax_cost",
    "total_vat_cost",
    "gift_wrap_price",
)


def _order(raw: dict[str, object], delivered: bool) -> Order:
    transactions: list[dict[str, object]] = raw["transactions"]  # type: ignore[assignment]
    created_timestamp, updated_timestamp = raw["created_timestamp"], raw["updated_timestamp"]
    created = _time(created_timestamp)
    # A receipt never changed since made has both timestamps alike: one datetime serves both.
    updated = created if updated_timestamp == created_timestamp else _time(updated_timestamp)
    created = created or updated
    if created is None:
        raise _Doubt
    currency = _currency(raw, transactions)
    lines = _lines(transactions, currency)
    status = _status(raw, delivered)
    # `_money` of each, written out (eight calls a receipt).
    known = _moneys.get
    total_price, subtotal, discount, grandtotal, shipping, tax, vat, wrap = [
        None if value is None else known(key := tuple(value.values())) or _new_money(key)
        for value in _AMOUNTS(raw)
    ]
    items = items_of(total_price, subtotal, discount, lines, currency)
    totals = _totals(items, grandtotal, shipping, tax, discount, vat, wrap)
    refunds = _refunds(raw["refunds"], currency)  # type: ignore[arg-type]
    oms = _oms(status)
    values = (
        str(raw["receipt_id"]),
        created,
        updated or created,
        status,
        oms,
        lines,
        _buyer(raw["name"], raw["buyer_email"]),
        _address(raw),
        totals,
        _shipments(raw["shipments"]),  # type: ignore[arg-type]
        refunds,
        raw["is_paid"],
        raw,
    )
    # Every value is of the type `build` checks for, by how it was made above; what is left of
    # `Order`'s rules: line ids each once, refunds in the totals' currency.
    if (
        totals.total.currency == currency
        and (len(lines) < 2 or len({line.line_id for line in lines}) == len(lines))
        and (oms is None or type(oms) is OmsStatus)
    ):
        return new_order(*values)
    return build(Order, **dict(zip(ORDER_FIELDS, values, strict=True)))


def validated_order(data: object, *, delivered: bool = False) -> Order:
    """`receipt_to_order(ShopReceipt.model_validate(data))`: the validating path.

    Raises:
        RecordError: Etsy's schema refuses the receipt (as a page's reading refuses it), or
            it cannot be mapped.

    Examples:
        >>> validated_order({"receipt_id": 3, "created_timestamp": 1767225600}).order_id
        '3'
    """
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


def dumped_receipt_order(
    data: object, raw: dict[str, object] | None, *, delivered: bool = False
) -> Order:
    """`receipt_order(data)`, its dump `raw` (`plain.dump_receipt(data)`) already made.

    Raises:
        RecordError: Etsy's schema refuses the receipt, or it cannot be mapped.

    Examples:
        >>> data = {"receipt_id": 3, "created_timestamp": 1767225600}
        >>> dumped_receipt_order(data, dump_receipt(data)).order_id
        '3'
    """
    if raw is not None:
        try:
            return _order(raw, delivered)
        except Exception:  # any doubt: the validating path decides, and says why
            pass
    return validated_order(data, delivered=delivered)


def receipt_order(data: object, *, delivered: bool = False) -> Order:
    """The canonical order of a receipt as decoded from Etsy's JSON (a `dict`).

    The same `Order` as `receipt_to_order(ShopReceipt.model_validate(data))`, `raw` included
    (the receipt as its wire model dumps it), or the same `RecordError`. `data` is taken
    over: parts of it may be kept in `raw` as they are, so do not change it afterwards.

    Raises:
        RecordError: Etsy's schema refuses the receipt, or it cannot be mapped.

    Examples:
        >>> receipt_order({"receipt_id": 3, "created_timestamp": 1767225600}).order_id
        '3'
    """
    return dumped_receipt_order(data, dump_receipt(data), delivered=delivered)
