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

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from decimal import Decimal
from operator import itemgetter
from typing import Any

from lxml import etree

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
from marketplace_sdk.fnac._models import Order as FnacOrder
from marketplace_sdk.fnac._models import OrderDetailState, OrderState
from marketplace_sdk.fnac._models.plain import field_picker, order_shape, text_cleaner

__all__ = ["plain_canonical", "read_order", "shaped_canonical"]


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

#: The fields `_map` reads of the order, of each line and of the shipping address, in the
#: order it takes their values.
_ORDER = ("order_id", "state", "created_at", "client_firstname", "client_lastname", "client_email")
_DETAIL = (
    "order_detail_id",
    "offer_seller_id",
    "quantity",
    "price",
    "state",
    "product_name",
    "created_at",
    "debited_at",
    "received_at",
    "refused_at",
    "shipping_price",
    "tracking_number",
    "tracking_company",
)
_ADDRESS = (
    "firstname",
    "lastname",
    "company",
    "address1",
    "address2",
    "address3",
    "city",
    "state",
    "zipcode",
    "country",
    "mobile",
    "phone",
)
_MOBILE, _PHONE = _ADDRESS.index("mobile"), _ADDRESS.index("phone")
_OrderRow = tuple[Any, ...]
_DetailRow = tuple[Any, ...]
_AddressRow = tuple[Any, ...]
_order_row: Callable[[dict[str, Any]], _OrderRow] = itemgetter(*_ORDER)
_detail_row: Callable[[dict[str, Any]], _DetailRow] = itemgetter(*_DETAIL)
_address_row: Callable[[dict[str, Any]], _AddressRow] = itemgetter(*_ADDRESS)

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


def _address(row: _AddressRow | None) -> Address | None:
    # `orders._address`, its values checked as `build` checks an address.
    if row is None:
        return None
    first, last, company, line1, line2, line3, city, region, zipcode, country, mobile, phone = row
    extra = _name(line2, line3)
    company = (company or "").strip() or None
    code = country_alpha2(country)
    values = (
        _name(first, last) or company,
        company,
        line1,
        extra,
        city,
        region,
        zipcode,
        code,
        mobile or phone,
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


def _map(
    order: _OrderRow, details: Iterable[_DetailRow], address: _AddressRow | None, xml: str
) -> Order:
    # The order from the values of its fields (`_ORDER`, each line's `_DETAIL`, its shipping
    # address's `_ADDRESS`) and its XML, however they were read.
    order_id, order_state, created, first_name, last_name, email = order
    if not order_id or type(order_id) is not str:
        raise _Doubt  # the checked path refuses it, and says why
    state = None if order_state is None else str(order_state)
    status = _seed_status(state) or state or "unknown"
    lines = []
    latest = created
    if created is not None:
        _utc(created)
    items = shipping = Decimal(0)
    parcels: dict[tuple[str | None, str | None], list[tuple[str, int | None]]] = {}
    paid_by_debit = False
    for (
        detail_id,
        sku,
        quantity,
        price,
        detail_state,
        title,
        line_created,
        debited,
        received,
        refused,
        shipping_price,
        number,
        carrier,
    ) in details:
        if price is None or (quantity is not None and quantity < 1) or detail_state == _REFUNDED:
            raise _Doubt
        quantity = quantity or 1
        sku = sku or None
        line_status = None if detail_state is None else str(detail_state)
        if type(quantity) is not int or type(title) not in _TEXT:
            raise _Doubt
        if sku is not None and (type(sku) is not str or sku != sku.strip()):
            raise _Doubt
        line_id = str(detail_id)
        if type(price) is not Decimal or not price.is_finite():
            raise _Doubt  # `_amount`, inline
        kept = _UNIT_PRICES.get(id(price))  # `_unit_price`, inline when kept
        unit_price = kept[1] if kept is not None and kept[0] is price else _unit_price(price)
        lines.append(_line(line_id, sku, quantity, unit_price, title, line_status))
        for value in (line_created, debited, received, refused):
            if value is not None:
                if type(value) is not datetime or value.tzinfo is not UTC:
                    raise _Doubt  # `_utc`, inline: four dates a line
                if latest is None or value > latest:
                    latest = value
        if debited:
            paid_by_debit = True
        if detail_state not in _UNCHARGED_LINES:
            items = items + price * quantity
            if shipping_price is not None:
                shipping = shipping + _amount(shipping_price)
        number = (number or "").strip() or None
        carrier = (carrier or "").strip() or None
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
    shipments: tuple[OrderShipment, ...] = ()
    if parcels:
        made = []
        for (carrier, number), covered in parcels.items():
            raw = {
                "tracking_company": carrier,
                "tracking_number": number,
                "order_detail_ids": [detail_id for _, detail_id in covered],
            }
            made.append(_shipment(carrier, number, tuple([i for i, _ in covered]), raw))
        shipments = tuple(made)
    buyer_phone = None
    if address is not None:
        buyer_phone = address[_MOBILE] or address[_PHONE]
    buyer = (_name(first_name, last_name), email, buyer_phone)
    for text in buyer:
        if type(text) not in _TEXT:
            raise _Doubt
    oms = _oms_status(status)
    if oms is not None and type(oms) is not OmsStatus:
        raise _Doubt
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
        _address(address),
        _totals(_money(items, _CURRENCY), _money(shipping, _CURRENCY), _money(total, _CURRENCY)),
        shipments,
        (),
        paid,
        {"order_state": state, "xml": xml},
    )


def plain_canonical(order: FnacOrder) -> Order | None:
    """`order_to_canonical(order)` when the order is plainly mappable, else `None`.

    Examples:
        >>> plain_canonical(FnacOrder(order_id="1A2B3C4D5E6F7")) is None  # no date at all
        True
    """
    address = order.shipping_address
    try:
        return _map(
            _order_row(order.__dict__),  # read as a dict: half the time of a model's attributes
            [_detail_row(detail.__dict__) for detail in order.order_details],
            None if address is None else _address_row(address.__dict__),
            order.raw,
        )
    except Exception:  # any doubt: the checked path decides, and says why
        return None


class _Plan:
    """How an order of one shape (`plain.order_shape`) is mapped from its tokens: one row of
    `_map`'s values (and of every converted value of the order, for their doubts) read at
    once, and the values of the order, each line and the shipping address selected from it."""

    __slots__ = ("address", "details", "order", "read")

    def __init__(self, shape: Any) -> None:
        addresses = dict(shape.addresses)
        shipping = addresses.pop("shipping_address", None)
        wanted = [(shape.order, _ORDER), *((part, _DETAIL) for part in shape.details)]
        if shipping is not None:
            wanted.append((shipping, _ADDRESS))
        wanted += [(part, ()) for part in addresses.values()]  # read for the doubts only
        self.read, selects = field_picker(wanted)
        self.order = selects[0]
        self.details = tuple(selects[1 : 1 + len(shape.details)])
        self.address = selects[1 + len(shape.details)] if shipping is not None else None

    def map(self, tokens: list[str], raw: str) -> Order:
        row = self.read(tokens, text_cleaner(raw))
        address = self.address
        return _map(
            self.order(row),
            [detail(row) for detail in self.details],
            None if address is None else address(row),
            raw,
        )


def shaped_canonical(node: etree._Element) -> Order | None:
    """`order_to_canonical(FnacOrder.from_xml(node))` read straight from the `<order>`'s text,
    without the wire models, when its shape was seen and every value reads plainly; else
    `None` (the order is then read and mapped the usual way, and refused as always).

    Examples:
        >>> from marketplace_sdk.fnac._mapping import order_to_canonical
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> node = parse_xml("<order><order_id>1A2B3C4D5E6F7</order_id><created_at>"
        ...     "2026-01-05T10:00:00Z</created_at><order_detail><order_detail_id>1"
        ...     "</order_detail_id><price>9.90</price></order_detail></order>")
        >>> shaped_canonical(node) == order_to_canonical(FnacOrder.from_xml(node))
        True
    """
    try:
        found = order_shape(node)
        if found is None:
            return None
        shape, tokens, raw = found
        plan = shape.plan
        if plan is None:
            plan = shape.plan = _Plan(shape)
        assert isinstance(plan, _Plan)
        return plan.map(tokens, raw)
    except Exception:  # any doubt: the wire model's path decides, and says why
        return None


def read_order(node: etree._Element) -> Order | FnacOrder:
    """An `<order>` of an `orders_query` page as the channel reads it: its canonical `Order`
    when `shaped_canonical` is sure of it, else its wire model (for `order_to_canonical`,
    which maps it or says why not; validation refuses it here when FNAC's schema does).

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> type(read_order(parse_xml("<order><order_id>1A2B3C4D5E6F7</order_id></order>")))
        <class 'marketplace_sdk.fnac._models.orders.Order'>
    """
    canonical = shaped_canonical(node)
    return canonical if canonical is not None else FnacOrder.from_xml(node)
