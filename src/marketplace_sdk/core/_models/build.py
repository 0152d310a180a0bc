"""`build`: a canonical record from values a mapping computed, validated only when in doubt.

`build(Model, **fields)` is `Model(**fields)`, the same record, faster: when every value is
plainly what validation would keep (a `str` where a string goes, a finite `Decimal` and a
currency already seen valid for `Money`, a UTC datetime, records of the right class, totals
that add up, line ids each once), the record is built without running pydantic's validation
again; otherwise it is built by the constructor, which refuses what it always refused with the
same error. The checks below mirror each model's rules; `tests/core/test_build.py` holds them
to the constructors over many generated cases.

Examples:
    >>> from decimal import Decimal
    >>> price = build(Money, amount=Decimal("9.90"), currency="EUR")
    >>> price == Money(amount="9.90", currency="EUR")
    True
    >>> from pydantic import ValidationError
    >>> try:
    ...     build(Money, amount=Decimal("1"), currency="euro")
    ... except ValidationError as error:
    ...     print(error.errors()[0]["loc"])
    ('currency',)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from decimal import Context, Decimal, Inexact
from types import MappingProxyType, NoneType
from typing import TypeVar

from marketplace_sdk.core._countries import is_alpha2
from marketplace_sdk.core._models.base import CanonicalModel
from marketplace_sdk.core._models.orders import (
    Order,
    OrderLine,
    OrderShipment,
    OrderTotals,
    Refund,
)
from marketplace_sdk.core._models.people import Address, Buyer
from marketplace_sdk.core._money import Money, is_currency
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.core._unchecked import complete, unchecked

__all__ = ["build"]

M = TypeVar("M", bound=CanonicalModel | Money)

_TEXT = frozenset({str, NoneType})


def _text(*values: object) -> bool:
    return all(type(value) in _TEXT for value in values)


def _utc(value: object) -> bool:
    return type(value) is datetime and value.tzinfo is UTC


def _utc_or_none(value: object) -> bool:
    return value is None or _utc(value)


def _all(kind: type, values: object) -> bool:
    return type(values) is tuple and all(type(value) is kind for value in values)


def _money(fields: Mapping[str, object]) -> bool:
    amount, currency = fields["amount"], fields["currency"]
    return type(amount) is Decimal and amount.is_finite() and is_currency(currency)


def _line(fields: Mapping[str, object]) -> bool:
    sku, quantity = fields["sku"], fields["quantity"]
    return (
        type(fields["line_id"]) is str
        and (sku is None or (type(sku) is str and sku != "" and sku == sku.strip()))
        and type(quantity) is int
        and quantity >= 1
        and type(fields["unit_price"]) is Money
        and _text(fields["title"], fields["marketplace_status"])
    )


#: Adds amounts exactly, or raises `Inexact` (then the constructor decides, as it always did).
_EXACT = Context(prec=60, traps=[Inexact])


def _totals(fields: Mapping[str, object]) -> bool:
    total = fields["total"]
    if type(total) is not Money:
        return False
    amounts = [fields[name] for name in ("items", "shipping", "tax", "discount")]
    for money in amounts:
        if money is not None and (type(money) is not Money or money.currency != total.currency):
            return False
    items, shipping, tax, discount = amounts
    if items is None:
        return True
    assert isinstance(items, Money)
    computed = items.amount
    try:
        for charge in (shipping, tax):
            if isinstance(charge, Money):
                computed = _EXACT.add(computed, charge.amount)
        if isinstance(discount, Money):
            computed = _EXACT.subtract(computed, discount.amount)
    except Inexact:
        return False
    return bool(computed == total.amount)


def _order(fields: Mapping[str, object]) -> bool:
    lines, totals, refunds = fields["lines"], fields["totals"], fields["refunds"]
    if not (
        type(fields["order_id"]) is str
        and _utc(fields["created_at"])
        and _utc(fields["updated_at"])
        and type(fields["marketplace_status"]) is str
        and (fields["oms_status"] is None or type(fields["oms_status"]) is OmsStatus)
        and _all(OrderLine, lines)
        and type(fields["buyer"]) in (Buyer, NoneType)
        and type(fields["shipping_address"]) in (Address, NoneType)
        and type(totals) is OrderTotals
        and _all(OrderShipment, fields["shipments"])
        and _all(Refund, refunds)
        and type(fields["paid"]) in (bool, NoneType)
    ):
        return False
    assert isinstance(lines, tuple)
    assert isinstance(totals, OrderTotals)
    assert isinstance(refunds, tuple)
    ids = {line.line_id for line in lines}
    currency = totals.total.currency
    return len(ids) == len(lines) and all(r.amount.currency == currency for r in refunds)


def _buyer(fields: Mapping[str, object]) -> bool:
    return _text(fields["name"], fields["email"], fields["phone"])


def _address(fields: Mapping[str, object]) -> bool:
    values = tuple(fields.values())
    code = fields["country_code"]
    return _text(*values) and (code is None or is_alpha2(str(code)))


def _ids(value: object) -> bool:
    return _all(str, value)


def _shipment(fields: Mapping[str, object]) -> bool:
    return (
        _text(
            fields["carrier"],
            fields["tracking_number"],
            fields["tracking_url"],
            fields["marketplace_id"],
        )
        and _utc_or_none(fields["shipped_at"])
        and _ids(fields["line_ids"])
    )


def _refund(fields: Mapping[str, object]) -> bool:
    return (
        type(fields["amount"]) is Money
        and _utc_or_none(fields["refunded_at"])
        and _text(fields["reason"], fields["status"])
        and _ids(fields["line_ids"])
    )


#: Per model, whether its fields (all of them, defaults filled in) are plainly valid.
_PLAINLY_VALID: Mapping[type, Callable[[Mapping[str, object]], bool]] = MappingProxyType(
    {
        Money: _money,
        OrderLine: _line,
        OrderTotals: _totals,
        Order: _order,
        Buyer: _buyer,
        Address: _address,
        OrderShipment: _shipment,
        Refund: _refund,
    }
)


def build(model: type[M], **fields: object) -> M:
    """`model(**fields)`: without validating again when every value is plainly valid.

    Raises:
        pydantic.ValidationError: a value the model refuses (as its constructor raises it).

    Examples:
        >>> build(Buyer, name="Ann Lee").name
        'Ann Lee'
    """
    values = complete(model, fields)
    if _PLAINLY_VALID[model](values):
        return unchecked(model, fields, values)
    return model(**fields)
