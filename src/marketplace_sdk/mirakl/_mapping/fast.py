"""OR11 orders as decoded from JSON straight to canonical orders, with no wire model on the way.

`decoded_order_to_canonical(data)` is `order_to_canonical(Order.model_validate(data))`, the
same `Order` (field for field, `raw` included) or the same `RecordError`, in a fraction of the
time: validating an OR11 order builds a model per line, customer, address, refund and tax, and
dumping it again for `Order.raw` costs as much again. Here `raw` is the order as its wire model
dumps it, made without the model (`mirakl._models.plain.dump_order`), and the order is mapped
from it by the same rules as `order_to_canonical` (its sums made in the same order, by the same
`Decimal` arithmetic), each record built unchecked where its values are of the types `build`
checks for by how they were made. Whatever this path is not sure of (a line without a unit
price, a currency or country that may be refused, amounts that do not add up exactly, anything
raised) sends the order down the validating path, which refuses what it always refused, with
the same error.

Examples:
    >>> data = {"order_id": "O-A", "order_state": "SHIPPING", "currency_iso_code": "EUR",
    ...     "created_date": "2026-01-05T10:00:00Z", "order_lines": [{"order_line_id": "O-A-1",
    ...     "order_line_state": "SHIPPING", "offer_sku": "MUG", "quantity": 2, "price_unit": 9.5}]}
    >>> order = decoded_order_to_canonical(data)
    >>> order == validated_order(data), str(order.totals.total)
    (True, '19.0 EUR')
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, Inexact
from typing import Any

from marketplace_sdk.core._countries import country_alpha2
from marketplace_sdk.core._models import Address, Buyer, Order, OrderShipment, Refund
from marketplace_sdk.core._models.build import _EXACT, build
from marketplace_sdk.core._models.trusted import (
    ORDER_FIELDS,
    new_address,
    new_order,
    trusted_positional,
)
from marketplace_sdk.core._money import Money, is_currency
from marketplace_sdk.core._records import read_record
from marketplace_sdk.mirakl._endpoints.orders import OrderDocument
from marketplace_sdk.mirakl._mapping.orders import (
    _KNOWN_OMS,
    _PAID,
    _UNPAID,
    UNCHARGED_LINE_STATES,
    _new_line,
    _new_money,
    _new_totals,
    iso_datetime,
    order_to_canonical,
)
from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._models.plain import dump_order
from marketplace_sdk.mirakl._status import known_oms_status

__all__ = [
    "decoded_order_to_canonical",
    "document_to_canonical",
    "dumped_order_to_canonical",
    "validated_order",
]


class _Doubt(Exception):
    """A value this path is not sure of: the validating path decides."""


_ZERO = Decimal(0)
_when = datetime.fromisoformat

# The records `order_to_canonical` builds with `build`, built here without validation from the
# values of the same fields (so with the same fields set), each of the type `build` checks for
# by how it is made below.
_new_buyer = trusted_positional(Buyer, ("name", "phone"))
_new_shipment = trusted_positional(
    OrderShipment, ("carrier", "tracking_number", "tracking_url", "shipped_at", "raw")
)
_new_refund = trusted_positional(
    Refund, ("amount", "refunded_at", "reason", "line_ids", "status", "raw")
)


def _name(first: str | None, second: str | None) -> str | None:
    # `orders._name` of two parts: each stripped, the blank ones left out, joined by a space.
    first = first.strip() if first else ""
    second = second.strip() if second else ""
    if first and second:
        return f"{first} {second}"
    return first or second or None


def _decimal(text: object) -> Decimal | None:
    # The Decimal the wire model holds, from its dump (`str` of it, read back exactly).
    return None if text is None else Decimal(text)  # type: ignore[arg-type]


def _tax_sum(taxes: list[dict[str, Any]]) -> Decimal:
    # `orders._tax_sum`: the same sum, from the same start.
    return sum((Decimal(tax["amount"]) for tax in taxes if tax["amount"] is not None), _ZERO)


#: Unit prices made before, by their dump and currency (an offer's price comes on many
#: orders): `Money` is immutable, so lines share them; bounded, emptied when full.
_unit_prices: dict[tuple[str, str], Money] = {}
_UNIT_PRICES_MAX = 1024


def _lines(
    lines: list[dict[str, Any]], currency: str
) -> tuple[tuple[Any, ...], Decimal, Decimal, Decimal]:
    # `orders._line` of each line and the sums of `orders._totals`, in one pass.
    made = []
    items = shipping = tax = _ZERO
    for line in lines:
        quantity = line["quantity"]
        if quantity < 1:
            raise _Doubt
        cancelations = line["cancelations"]
        left = quantity
        if cancelations:
            left = quantity - sum(c["quantity"] or 0 for c in cancelations)
        unit = line["price_unit"]
        if unit is None:
            raise _Doubt
        sku = line["offer_sku"]
        sku = (sku or "").strip() or None
        count = left if 0 < left < quantity else quantity
        state = line["order_line_state"]
        unit_price = _unit_prices.get((unit, currency))
        if unit_price is None:
            unit_price = _new_money(Decimal(unit), currency)
            if len(_unit_prices) >= _UNIT_PRICES_MAX:
                _unit_prices.clear()
            _unit_prices[unit, currency] = unit_price
        price = unit_price.amount
        made.append(
            _new_line(
                line["order_line_id"],
                sku,
                count,
                unit_price,
                line["product_title"],
                state,
            )
        )
        if state in UNCHARGED_LINE_STATES or left <= 0:
            continue
        items += price * count
        cut = _ZERO
        if cancelations:
            cut = sum(
                (
                    Decimal(c["shipping_amount"])
                    for c in cancelations
                    if c["shipping_amount"] is not None
                ),
                _ZERO,
            )
        shipping += max((_decimal(line["shipping_price"]) or _ZERO) - cut, _ZERO)
        taxes, shipping_taxes = line["taxes"], line["shipping_taxes"]
        if taxes or shipping_taxes:
            tax += _tax_sum(taxes) + _tax_sum(shipping_taxes)
        else:
            tax += _ZERO
    return tuple(made), items, shipping, tax


def _address(address: dict[str, Any] | None) -> Address | None:
    # `orders._address`, from the address's dump.
    if address is None:
        return None
    company = _name(address["company"], address["company_2"])
    return new_address(
        _name(address["firstname"], address["lastname"]) or company,
        company,
        address["street_1"],
        _name(address["street_2"], address["additional_info"]),
        address["city"],
        address["state"],
        address["zip_code"],
        country_alpha2(address["country_iso_code"]),
        address["phone"] or address["phone_secondary"],
    )


def _stamp(text: object) -> datetime | None:
    # A datetime of the dump (UTC, `Z`): what the wire model held.
    return None if text is None else _when(text)  # type: ignore[arg-type]


def _shipments(raw: dict[str, Any], lines: list[dict[str, Any]]) -> tuple[OrderShipment, ...]:
    # `orders._shipments`, from the dump.
    tracking, company = raw["shipping_tracking"], raw["shipping_company"]
    code, url = raw["shipping_carrier_code"], raw["shipping_tracking_url"]
    number = (tracking or "").strip() or None
    carrier = (company or code or "").strip() or None
    if number is None and carrier is None:
        return ()
    shipped = [_when(line["shipped_date"]) for line in lines if line["shipped_date"] is not None]
    order_shipped = iso_datetime(raw.get("shipped_date"))
    if order_shipped is not None:
        shipped.append(order_shipped)
    shipped_at = max(shipped) if shipped else None
    raw_shipment = {
        "shipping_carrier_code": code,
        "shipping_company": company,
        "shipping_tracking": tracking,
        "shipping_tracking_url": url,
    }
    if shipped_at is None or shipped_at.tzinfo is UTC:
        return (_new_shipment(carrier, number, url, shipped_at, raw_shipment),)
    # A date Mirakl wrote with another offset (the order's own `shipped_date`): validated.
    return (
        build(
            OrderShipment,
            carrier=carrier,
            tracking_number=number,
            tracking_url=url,
            shipped_at=shipped_at,
            raw=raw_shipment,
        ),
    )


def _refunds(lines: list[dict[str, Any]], currency: str) -> tuple[Refund, ...]:
    # `orders._refunds`, from the dump: each refund's `raw` is its dump, as there.
    refunds: list[Refund] = []
    for line in lines:
        if not line["refunds"]:
            continue
        for refund in line["refunds"]:
            amount = (_decimal(refund["amount"]) or _ZERO) + (
                _decimal(refund["shipping_amount"]) or _ZERO
            )
            refunds.append(
                _new_refund(
                    _new_money(amount, currency),
                    _stamp(refund["transaction_date"] or refund["created_date"]),
                    refund["reason_code"],
                    (line["order_line_id"],),
                    refund["state"] or refund["refund_state"],
                    refund,
                )
            )
    if len(refunds) > 1:
        refunds.sort(key=lambda refund: (refund.refunded_at is None, refund.refunded_at))
    return tuple(refunds)


def _order(raw: dict[str, Any], currency: str | None) -> Order:
    # `order_to_canonical` of the order whose dump is `raw`.
    order_id = raw["order_id"]
    money = raw["currency_iso_code"] or currency
    if not order_id or not money or not is_currency(money):
        raise _Doubt
    created_text, updated_text = raw["created_date"], raw["last_updated_date"]
    created_text = created_text or updated_text
    updated_text = updated_text or created_text
    if created_text is None:
        raise _Doubt
    created = _when(created_text)
    updated = created if updated_text == created_text else max(created, _when(updated_text))
    wire_lines = raw["order_lines"]
    lines, items, shipping, tax = _lines(wire_lines, money)
    taxed = raw["order_tax_mode"] == "TAX_EXCLUDED"
    total = items + shipping + (tax if taxed else _ZERO)
    try:
        exact = _EXACT.add(items, shipping)
        if taxed:
            exact = _EXACT.add(exact, tax)
    except Inexact:
        raise _Doubt from None
    if exact != total:
        raise _Doubt
    totals = _new_totals(
        _new_money(items, money),
        _new_money(shipping, money),
        _new_money(tax, money) if taxed else None,
        _new_money(total, money),
    )
    state = raw["order_state"]
    customer = raw["customer"]
    if customer is None:
        buyer = address = None
    else:
        shipping_address = customer["shipping_address"]
        buyer = _new_buyer(
            _name(customer["firstname"], customer["lastname"]),
            shipping_address["phone"] if shipping_address is not None else None,
        )
        address = _address(shipping_address)
    if raw["customer_debited_date"] is not None or state in _PAID:
        paid: bool | None = True
    else:
        paid = False if state in _UNPAID else None
    values = (
        order_id,
        created,
        updated,
        state,
        _KNOWN_OMS[state] if state in _KNOWN_OMS else known_oms_status(state),
        lines,
        buyer,
        address,
        totals,
        _shipments(raw, wire_lines),
        _refunds(wire_lines, money),
        paid,
        raw,
    )
    if len(lines) < 2 or len({line.line_id for line in lines}) == len(lines):
        return new_order(*values)
    return build(Order, **dict(zip(ORDER_FIELDS, values, strict=True)))


def validated_order(
    data: object, *, currency: str | None = None, marketplace: str = "mirakl"
) -> Order:
    """`order_to_canonical(Order.model_validate(data))`: the validating path.

    Raises:
        RecordError: the wire model refuses the order (as a page's reading refuses it), or
            it cannot be mapped.

    Examples:
        >>> validated_order({"order_id": "O-A", "order_state": "SHIPPED",
        ...     "created_date": "2026-01-05T10:00:00Z"}, currency="EUR").order_id
        'O-A'
    """
    wire = read_record(
        MiraklOrder.model_validate,
        data,
        kind="order",
        record_id=_order_id_of,
        raw=lambda item: item,
        marketplace=marketplace,
        shape="a Mirakl OR11 order",
    )
    return order_to_canonical(wire, currency=currency, marketplace=marketplace)


def _order_id_of(item: Any) -> str | None:
    value = item.get("order_id") if isinstance(item, dict) else None
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


def dumped_order_to_canonical(
    raw: dict[str, Any], *, currency: str | None = None, marketplace: str = "mirakl"
) -> Order:
    """The canonical order of an OR11 order from its dump (`plain.dump_order` of it).

    The same `Order` as `order_to_canonical(Order.model_validate(data))` for the order `data`
    dumped, `raw` included (it is `raw` itself), or the same `RecordError`. In doubt the dump
    is validated (it validates to the order's model: it holds every value the model read).

    Args:
        raw: the order's dump, taken over as the order's `raw`.
        currency: the currency of an order that names none (the operator's).
        marketplace: the marketplace key its `RecordError` names.

    Raises:
        RecordError: the order cannot be mapped.

    Examples:
        >>> data = {"order_id": "O-A", "order_state": "SHIPPED",
        ...     "created_date": "2026-01-05T10:00:00Z"}
        >>> dumped_order_to_canonical(dump_order(data), currency="EUR").paid
        True
    """
    try:
        return _order(raw, currency)
    except Exception:  # any doubt: the validating path decides, and says why
        pass
    wire = read_record(
        MiraklOrder.model_validate,
        raw,
        kind="order",
        record_id=_order_id_of,
        raw=lambda item: item,
        marketplace=marketplace,
        shape="a Mirakl OR11 order",
    )
    return order_to_canonical(wire, currency=currency, raw=raw, marketplace=marketplace)


def decoded_order_to_canonical(
    data: object, *, currency: str | None = None, marketplace: str = "mirakl"
) -> Order:
    """The canonical order of an OR11 order as decoded from JSON (a `dict`).

    The same `Order` as `order_to_canonical(Order.model_validate(data))`, `raw` included, or
    the same `RecordError`. `data` is taken over: parts of it may be kept in `raw` as they
    are, so do not change it afterwards.

    Raises:
        RecordError: the wire model refuses the order, or it cannot be mapped.

    Examples:
        >>> decoded_order_to_canonical({"order_id": "O-A", "order_state": "SHIPPED",
        ...     "created_date": "2026-01-05T10:00:00Z"}, currency="EUR").order_id
        'O-A'
    """
    raw = dump_order(data)
    if raw is None:
        return validated_order(data, currency=currency, marketplace=marketplace)
    return dumped_order_to_canonical(raw, currency=currency, marketplace=marketplace)


def document_to_canonical(
    document: OrderDocument, *, currency: str | None = None, marketplace: str = "mirakl"
) -> Order:
    """The canonical order of an order of an OR11 page read as documents.

    The same `Order` as `order_to_canonical` of the order's wire model, or the same
    `RecordError`: mapped from its dump when it came without its model, else from the model.

    Raises:
        RecordError: the order cannot be mapped.

    Examples:
        >>> import httpx
        >>> from marketplace_sdk.mirakl._endpoints import list_order_documents
        >>> body = {"orders": [{"order_id": "O-A", "order_state": "SHIPPED",
        ...     "created_date": "2026-01-05T10:00:00Z"}], "total_count": 1}
        >>> page = list_order_documents().parse(httpx.Response(200, json=body))
        >>> document_to_canonical(page.items[0], currency="EUR").marketplace_status
        'SHIPPED'
    """
    if document.wire is not None:
        return order_to_canonical(
            document.wire, currency=currency, raw=document.raw, marketplace=marketplace
        )
    return dumped_order_to_canonical(document.raw, currency=currency, marketplace=marketplace)
