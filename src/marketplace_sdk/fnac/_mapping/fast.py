"""FNAC orders mapped to canonical orders with each record built once, without validation.

`plain_canonical(order)` is `order_to_canonical(order)`, the same `Order` (field for field, the
fields set and `raw` included), when the order is plainly mappable: `order_to_canonical` builds
each record through `build`, which works each one's defaults out, checks every field and then
builds it; here each value is checked as it is computed, for the same rules, and each record
is built positionally (`trusted_positional`). Whatever this path is not sure of (no id, a line
without a price or with no quantity, a refunded line, a date that is not plainly UTC, a sum
that is not exact, a country code that is not one, anything raised) gives `None`, and
`order_to_canonical` maps the order by the checked path, refusing what it always refused with
the same `RecordError`.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.fnac._models import Order as FnacOrder, OrderDetail
    >>> wire = FnacOrder(order_id="1A2B3C4D5E6F7", state="Created",
    ...     created_at=datetime(2026, 1, 5, tzinfo=UTC),
    ...     order_details=[OrderDetail(order_detail_id=1, offer_seller_id="SKU-1",
    ...                                quantity=2, price="9.95", state="ToAccept")])
    >>> plain_canonical(wire).totals.total.amount
    Decimal('19.90')
    >>> plain_canonical(wire.model_copy(update={"order_id": None})) is None
    True
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from marketplace_sdk.core._countries import country_alpha2, is_alpha2
from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Order,
    OrderLine,
    OrderShipment,
    OrderTotals,
)
from marketplace_sdk.core._models.build import _EXACT
from marketplace_sdk.core._models.trusted import new_address, new_order, trusted_positional
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.fnac._mapping.orders import (
    _CURRENCY,
    _DEBITED_STATES,
    _UNCHARGED_LINES,
    _oms_status,
    _seed_status,
)
from marketplace_sdk.fnac._models import Address as FnacAddress
from marketplace_sdk.fnac._models import Order as FnacOrder
from marketplace_sdk.fnac._models import OrderDetailState, OrderState

__all__ = ["plain_canonical"]


class _Doubt(Exception):
    """Something this path is not sure of: the checked path decides."""


# Each record from the values of these fields, in this order; the others at their default.
# The fields given are those `order_to_canonical` gives `build`, so the fields set are alike.
_money = trusted_positional(Money, ("amount", "currency"))
_line = trusted_positional(
    OrderLine, ("line_id", "sku", "quantity", "unit_price", "title", "marketplace_status")
)
_totals = trusted_positional(OrderTotals, ("items", "shipping", "total"))
_shipment = trusted_positional(OrderShipment, ("carrier", "tracking_number", "line_ids", "raw"))
_buyer = trusted_positional(Buyer, ("name", "email", "phone"))

_REFUNDED = OrderDetailState.REFUNDED
_NOT_YET_PAID = (OrderState.CREATED, OrderState.ACCEPTED)
_TEXT = (str, type(None))


def _text(value: object) -> str | None:
    # `orders._text`: a state as its text.
    return None if value is None else str(value)


def _name(first: str | None, second: str | None) -> str | None:
    # `orders._name` of two parts.
    if first and second:
        return f"{first} {second}"
    return first or second or None


def _utc(value: object) -> datetime:
    # A date `build` keeps as it is; any other is a doubt.
    if type(value) is not datetime or value.tzinfo is not UTC:
        raise _Doubt
    return value


def _amount(value: object) -> Decimal:
    if type(value) is not Decimal or not value.is_finite():
        raise _Doubt
    return value


def _address(address: FnacAddress | None) -> Address | None:
    # `orders._address`, its values checked as `build` checks an address.
    if address is None:
        return None
    extra = _name(address.address2, address.address3)
    company = (address.company or "").strip() or None
    code = country_alpha2(address.country)
    values = (
        _name(address.firstname, address.lastname) or company,
        company,
        address.address1,
        extra,
        address.city,
        address.state,
        address.zipcode,
        code,
        address.mobile or address.phone,
    )
    for value in values:
        if type(value) not in _TEXT:
            raise _Doubt
    if code is not None and not is_alpha2(code):
        raise _Doubt
    return new_address(*values)


#: The `Money` of each unit price seen, by the price's identity: the wire reading gives one
#: `Decimal` per price text (`plain._Memo`), so the lines of one offer share one `Money` (a
#: frozen model), one object fewer per line for the collector. Each entry keeps its `Decimal`,
#: so an identity looked up is the same price's; bounded, started again when full.
_UNIT_PRICES: dict[int, tuple[Decimal, Money]] = {}
_UNIT_PRICES_KEPT = 4096


def _unit_price(unit: Decimal) -> Money:
    kept = _UNIT_PRICES.get(id(unit))
    if kept is not None and kept[0] is unit:
        return kept[1]
    money: Money = _money(unit, _CURRENCY)
    if len(_UNIT_PRICES) >= _UNIT_PRICES_KEPT:
        _UNIT_PRICES.clear()
    _UNIT_PRICES[id(unit)] = (unit, money)
    return money


def _map(order: FnacOrder) -> Order:
    order_id = order.order_id
    if not order_id or type(order_id) is not str:
        raise _Doubt  # the checked path refuses it, and says why
    state = _text(order.state)
    status = _seed_status(state) or state or "unknown"
    details = order.order_details
    lines = []
    latest = created = order.created_at
    if created is not None:
        _utc(created)
    items = shipping = Decimal(0)
    parcels: dict[tuple[str | None, str | None], list[tuple[str, int | None]]] = {}
    paid_by_debit = False
    for detail in details:
        fields = detail.__dict__  # read as a dict: half the time of an attribute of a model
        price = fields["price"]
        quantity = fields["quantity"]
        detail_state = fields["state"]
        if price is None or (quantity is not None and quantity < 1) or detail_state == _REFUNDED:
            raise _Doubt
        quantity = quantity or 1
        sku = fields["offer_seller_id"] or None
        title = fields["product_name"]
        line_status = _text(detail_state)
        if type(quantity) is not int or type(title) not in _TEXT:
            raise _Doubt
        if sku is not None and (type(sku) is not str or sku != sku.strip()):
            raise _Doubt
        detail_id = fields["order_detail_id"]
        line_id = str(detail_id)
        unit = _amount(price)
        lines.append(_line(line_id, sku, quantity, _unit_price(unit), title, line_status))
        debited = fields["debited_at"]
        for value in (fields["created_at"], debited, fields["received_at"], fields["refused_at"]):
            if value is not None and (latest is None or _utc(value) > latest):
                latest = _utc(value)
        if debited:
            paid_by_debit = True
        if detail_state not in _UNCHARGED_LINES:
            items = items + unit * quantity
            if fields["shipping_price"] is not None:
                shipping = shipping + _amount(fields["shipping_price"])
        number = (fields["tracking_number"] or "").strip() or None
        carrier = (fields["tracking_company"] or "").strip() or None
        if number is not None or carrier is not None:
            parcels.setdefault((carrier, number), []).append((line_id, detail_id))
    if latest is None:
        raise _Doubt  # no date at all: the checked path refuses it
    if created is None:
        created = latest
    if len(lines) > 1 and len({line.line_id for line in lines}) != len(lines):
        raise _Doubt
    total = items + shipping
    if _EXACT.add(items, shipping) != total or not total.is_finite():
        raise _Doubt
    shipments = tuple(
        _shipment(
            carrier,
            number,
            tuple(line_id for line_id, _ in covered),
            {
                "tracking_company": carrier,
                "tracking_number": number,
                "order_detail_ids": [detail_id for _, detail_id in covered],
            },
        )
        for (carrier, number), covered in parcels.items()
    )
    shipping_address = order.shipping_address
    buyer_phone = None
    if shipping_address is not None:
        buyer_phone = shipping_address.mobile or shipping_address.phone
    buyer = (_name(order.client_firstname, order.client_lastname), order.client_email, buyer_phone)
    for text in buyer:
        if type(text) not in _TEXT:
            raise _Doubt
    oms = _oms_status(status)
    if oms is not None and type(oms) is not OmsStatus:
        raise _Doubt
    order_state = order.state
    if order_state in _DEBITED_STATES or paid_by_debit:
        paid: bool | None = True
    elif order_state in _NOT_YET_PAID:
        paid = False
    else:
        paid = None
    return new_order(
        order_id,
        created,
        latest if latest > created else created,
        status,
        oms,
        tuple(lines),
        _buyer(*buyer),
        _address(shipping_address),
        _totals(_money(items, _CURRENCY), _money(shipping, _CURRENCY), _money(total, _CURRENCY)),
        shipments,
        (),
        paid,
        {"order_state": state, "xml": order.raw},
    )


def plain_canonical(order: FnacOrder) -> Order | None:
    """`order_to_canonical(order)` when the order is plainly mappable, else `None`.

    Examples:
        >>> plain_canonical(FnacOrder(order_id="1A2B3C4D5E6F7")) is None  # no date at all
        True
    """
    try:
        return _map(order)
    except Exception:  # any doubt: the checked path decides, and says why
        return None
