"""Mirakl (MMP) orders to canonical orders and cancellations.

`Order.marketplace_status` is Mirakl's order state as received (`SHIPPING`, or a state Mirakl
added that this SDK does not know, MIRAKL-Q08), which `marketplace_sdk.mirakl._status` reads
directly; `oms_status` is set when the state alone decides it (`known_oms_status`). Each line
keeps its own state (`INCIDENT_OPEN`, `REFUNDED`, ...), and `raw` keeps the order as received
(its wire model's JSON dump, unknown fields included).

Money is `Decimal` in the order's `currency_iso_code`. A line the shop refused or that was
cancelled (line state REFUSED or CANCELED) stays on the order with its state but out of the
totals; a line partly cancelled (OR30) counts for the quantity left. `items` is the charged
lines' unit price times quantity, `shipping` their shipping price less what was cancelled of it,
`tax` the taxes Mirakl lists when its prices exclude them (`order_tax_mode` TAX_EXCLUDED; with
TAX_INCLUDED, the default, prices include them and `tax` is `None`), `total` the sum. Refunds
(OR28, MIRAKL-Q12) are `Order.refunds`, one per Mirakl refund (amount plus refunded shipping),
naming its line; they never change the totals.

The buyer's name and phone come from the customer record; the e-mail Mirakl gives is an
anonymised relay to be used through Mirakl's messaging only (MIRAKL-Q14), so it stays in `raw`
and out of `Buyer.email`. Addresses are `None` until Mirakl shows them (MIRAKL-Q10); countries
become ISO 3166-1 alpha-2 ("FRA" is "FR"). The tracking Mirakl holds (OR23) is the order's one
`OrderShipment`.

`Order.paid`: `True` once Mirakl shows the buyer debited (`customer_debited_date`, or SHIPPING
and later), `False` before (STAGING to WAITING_DEBIT_PAYMENT), `None` when Mirakl does not say
(cancelled or refused without a debit, or an unknown state).

An order that cannot be mapped (no id, no date, no currency, a line with no price or no
quantity, an unknown country) is a `RecordError` carrying the order as received.

Examples:
    >>> from marketplace_sdk.mirakl._models import Order as MiraklOrder
    >>> wire = MiraklOrder.model_validate({"order_id": "8580226802-A",
    ...     "order_state": "SHIPPING", "created_date": "2026-01-05T10:00:00Z",
    ...     "currency_iso_code": "EUR", "order_lines": [{"order_line_id": "8580226802-A-1",
    ...     "order_line_state": "SHIPPING", "offer_sku": "MUG-1", "quantity": 2,
    ...     "price_unit": 9.95, "price": 19.9, "shipping_price": 4.9}]})
    >>> order = order_to_canonical(wire)
    >>> order.marketplace_status, order.lines[0].sku, str(order.totals.total), order.paid
    ('SHIPPING', 'MUG-1', '24.80 EUR', True)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from decimal import Decimal, Inexact
from typing import Any

from marketplace_sdk.core._countries import country_alpha2
from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Cancellation,
    CancelledBy,
    Order,
    OrderLine,
    OrderShipment,
    OrderTotals,
    Refund,
)
from marketplace_sdk.core._models.build import _EXACT, build
from marketplace_sdk.core._models.trusted import ORDER_FIELDS, new_order, trusted_positional
from marketplace_sdk.core._money import Money, is_currency
from marketplace_sdk.core._records import mapping_record
from marketplace_sdk.mirakl._models import Address as MiraklAddress
from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._models import OrderLine as MiraklLine
from marketplace_sdk.mirakl._models import OrderState, TaxAmount
from marketplace_sdk.mirakl._status import known_oms_status

__all__ = [
    "UNCHARGED_LINE_STATES",
    "order_cancellation",
    "order_raw",
    "order_to_canonical",
]

#: Line states the buyer is not charged for: kept on the order, left out of its totals.
UNCHARGED_LINE_STATES = frozenset({OrderState.REFUSED.value, OrderState.CANCELED.value})
#: Order states before the operator charged the buyer (MIRAKL-Q10).
_UNPAID = frozenset(
    {
        OrderState.STAGING,
        OrderState.WAITING_ACCEPTANCE,
        OrderState.WAITING_DEBIT,
        OrderState.WAITING_DEBIT_PAYMENT,
    }
)
#: Order states at which the operator has charged the buyer.
_PAID = frozenset(
    {
        OrderState.SHIPPING,
        OrderState.SHIPPED,
        OrderState.TO_COLLECT,
        OrderState.RECEIVED,
        OrderState.CLOSED,
    }
)
_WHOLE_ORDER_CANCELLED = frozenset({OrderState.CANCELED.value, OrderState.REFUSED.value})
#: `known_oms_status` of each state OR11 documents, worked out once (the table is fixed; a
#: state Mirakl added since is looked up on each order, never kept).
_KNOWN_OMS = {state.value: known_oms_status(state.value) for state in OrderState}

# The records every order has, built without validation from the values of these fields, in
# this order, once the checks `build` makes are seen to hold (each caller makes them, and
# falls back to `build`, so what validation refuses is still refused with the same error).
_new_money = trusted_positional(Money, ("amount", "currency"))
_new_line = trusted_positional(
    OrderLine, ("line_id", "sku", "quantity", "unit_price", "title", "marketplace_status")
)
_new_totals = trusted_positional(OrderTotals, ("items", "shipping", "tax", "total"))
_TEXT = (str, type(None))


def _money(amount: Decimal, currency: str) -> Money:
    # `build(Money, ...)`, its checks made inline: a finite Decimal, a valid currency.
    if type(amount) is Decimal and amount.is_finite() and is_currency(currency):
        return _new_money(amount, currency)
    return build(Money, amount=amount, currency=currency)


def _utc(value: object) -> bool:
    return type(value) is datetime and value.tzinfo is UTC


def order_raw(order: MiraklOrder) -> dict[str, Any]:
    """The order as received, JSON-shaped (its wire model keeps unknown fields).

    Examples:
        >>> order_raw(MiraklOrder(order_id="O-A", order_state="SHIPPED", x=1))["x"]
        1
    """
    raw: dict[str, Any] = order.model_dump(mode="json")
    return raw


def _name(*parts: str | None) -> str | None:
    joined = " ".join(part.strip() for part in parts if part and part.strip())
    return joined or None


def _address(address: MiraklAddress | None) -> Address | None:
    if address is None:
        return None
    company = _name(address.company, address.company_2)
    return build(
        Address,
        name=_name(address.firstname, address.lastname) or company,
        company=company,
        line1=address.street_1,
        line2=_name(address.street_2, address.additional_info),
        city=address.city,
        region=address.state,
        postal_code=address.zip_code,
        country_code=country_alpha2(address.country_iso_code),
        phone=address.phone or address.phone_secondary,
    )


def _buyer(order: MiraklOrder) -> Buyer | None:
    customer = order.customer
    if customer is None:
        return None
    shipping = customer.shipping_address
    phone = shipping.phone if shipping is not None else None
    return build(Buyer, name=_name(customer.firstname, customer.lastname), phone=phone)


def _state(value: OrderState | str) -> str:
    return value.value if isinstance(value, OrderState) else value


def _quantity_left(line: MiraklLine) -> int:
    cancelled = sum(c.quantity or 0 for c in line.cancelations)
    return line.quantity - cancelled


def _unit_price(line: MiraklLine) -> Decimal:
    if line.price_unit is not None:
        return line.price_unit
    if line.price is None:
        raise ValueError(f"line {line.order_line_id} has no price")
    if line.quantity < 1:
        raise ValueError(f"line {line.order_line_id} has quantity {line.quantity}")
    unit = line.price / line.quantity
    if unit * line.quantity != line.price:
        raise ValueError(
            f"line {line.order_line_id} has no unit price and its price {line.price} is not "
            f"{line.quantity} times one"
        )
    return unit


def _charged(line: MiraklLine) -> bool:
    return _state(line.order_line_state) not in UNCHARGED_LINE_STATES and _quantity_left(line) > 0


def _line(line: MiraklLine, currency: str) -> OrderLine:
    if line.quantity < 1:
        raise ValueError(f"line {line.order_line_id} has quantity {line.quantity}")
    left = _quantity_left(line)
    line_id = line.order_line_id
    sku = (line.offer_sku or "").strip() or None
    # A partly cancelled line (OR30) is the quantity left to ship; a wholly cancelled one
    # keeps its quantity, out of the totals.
    quantity = left if 0 < left < line.quantity else line.quantity
    unit_price = _money(_unit_price(line), currency)
    title = line.product_title
    status = _state(line.order_line_state)
    if (
        type(line_id) is str
        and type(sku) in _TEXT
        and type(quantity) is int
        and quantity >= 1
        and type(unit_price) is Money
        and type(title) in _TEXT
        and type(status) is str
    ):
        return _new_line(line_id, sku, quantity, unit_price, title, status)
    return build(
        OrderLine,
        line_id=line_id,
        sku=sku,
        quantity=quantity,
        unit_price=unit_price,
        title=title,
        marketplace_status=status,
    )


def _tax_sum(taxes: Iterable[TaxAmount]) -> Decimal:
    return sum((tax.amount for tax in taxes if tax.amount is not None), Decimal(0))


def _totals(
    order: MiraklOrder, lines: Sequence[OrderLine], currency: str
) -> tuple[OrderTotals, Decimal]:
    items = shipping = tax = Decimal(0)
    for wire, line in zip(order.order_lines, lines, strict=True):
        if not _charged(wire):
            continue
        items += line.unit_price.amount * line.quantity
        cancelled_shipping = sum(
            (c.shipping_amount for c in wire.cancelations if c.shipping_amount is not None),
            Decimal(0),
        )
        shipping += max((wire.shipping_price or Decimal(0)) - cancelled_shipping, Decimal(0))
        tax += _tax_sum(wire.taxes) + _tax_sum(wire.shipping_taxes)
    taxed = order.order_tax_mode == "TAX_EXCLUDED"
    total = items + shipping + (tax if taxed else Decimal(0))
    items_money = _money(items, currency)
    shipping_money = _money(shipping, currency)
    tax_money = _money(tax, currency) if taxed else None
    total_money = _money(total, currency)
    # What `build` checks of totals whose amounts are all plain `Money` in one currency: that
    # they add up exactly.
    try:
        exact = _EXACT.add(items, shipping)
        if taxed:
            exact = _EXACT.add(exact, tax)
    except Inexact:
        exact = None
    if exact == total and all(
        type(money) is Money for money in (items_money, shipping_money, total_money)
    ):
        totals = _new_totals(items_money, shipping_money, tax_money, total_money)
    else:
        totals = build(
            OrderTotals,
            items=items_money,
            shipping=shipping_money,
            tax=tax_money,
            total=total_money,
        )
    return totals, total


def _shipments(order: MiraklOrder) -> tuple[OrderShipment, ...]:
    number = (order.shipping_tracking or "").strip() or None
    carrier = (order.shipping_company or order.shipping_carrier_code or "").strip() or None
    if number is None and carrier is None:
        return ()
    shipped = [line.shipped_date for line in order.order_lines if line.shipped_date is not None]
    order_shipped = _extra_datetime(order, "shipped_date")
    if order_shipped is not None:
        shipped.append(order_shipped)
    return (
        build(
            OrderShipment,
            carrier=carrier,
            tracking_number=number,
            tracking_url=order.shipping_tracking_url,
            shipped_at=max(shipped) if shipped else None,
            raw={
                "shipping_carrier_code": order.shipping_carrier_code,
                "shipping_company": order.shipping_company,
                "shipping_tracking": order.shipping_tracking,
                "shipping_tracking_url": order.shipping_tracking_url,
            },
        ),
    )


def _extra_datetime(order: MiraklOrder, name: str) -> datetime | None:
    # A date OR11 sends that the wire model does not name (`shipped_date`).
    return iso_datetime((order.model_extra or {}).get(name))


def iso_datetime(value: object) -> datetime | None:
    """`value` read as an ISO 8601 time with its offset, else `None` (left to `raw`).

    Examples:
        >>> iso_datetime("2026-03-01T10:00:00Z").isoformat(), iso_datetime("soon")
        ('2026-03-01T10:00:00+00:00', None)
    """
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else None


def _refunds(order: MiraklOrder, currency: str) -> tuple[Refund, ...]:
    refunds = []
    for line in order.order_lines:
        for refund in line.refunds:
            amount = (refund.amount or Decimal(0)) + (refund.shipping_amount or Decimal(0))
            refunds.append(
                build(
                    Refund,
                    amount=build(Money, amount=amount, currency=currency),
                    refunded_at=refund.transaction_date or refund.created_date,
                    reason=refund.reason_code,
                    line_ids=(line.order_line_id,),
                    status=refund.state or refund.refund_state,
                    raw=refund.model_dump(mode="json"),
                )
            )
    refunds.sort(key=lambda refund: (refund.refunded_at is None, refund.refunded_at))
    return tuple(refunds)


def _paid(order: MiraklOrder) -> bool | None:
    if order.customer_debited_date is not None or order.order_state in _PAID:
        return True
    if order.order_state in _UNPAID:
        return False
    return None


def _dates(order: MiraklOrder) -> tuple[datetime, datetime]:
    created = order.created_date or order.last_updated_date
    updated = order.last_updated_date or order.created_date
    if created is None or updated is None:
        raise ValueError(f"Mirakl order {order.order_id!r} carries no date")
    return created, max(created, updated)


def order_to_canonical(
    order: MiraklOrder,
    *,
    currency: str | None = None,
    raw: dict[str, Any] | None = None,
    marketplace: str = "mirakl",
) -> Order:
    """The canonical order for a Mirakl order.

    Args:
        order: the order as OR11 gives it.
        currency: the currency of an order that names none (the operator's); an order's own
            `currency_iso_code` always wins.
        raw: the order as received, when the caller has it (else its wire model's dump).
        marketplace: the marketplace key its `RecordError` names (a named operator's).

    Raises:
        RecordError: the order cannot be mapped (no id, no date, no currency, a line without
            a price or quantity, an unknown country code); it carries the order as received.

    Examples:
        See the module docstring.
    """
    payload = raw if raw is not None else order_raw(order)
    with mapping_record("order", record_id=order.order_id, raw=payload, marketplace=marketplace):
        if not order.order_id:
            raise ValueError("Mirakl order without order_id")
        money = order.currency_iso_code or currency
        if not money:
            raise ValueError(f"Mirakl order {order.order_id!r} names no currency")
        created, updated = _dates(order)
        lines = tuple(_line(line, money) for line in order.order_lines)
        totals, _ = _totals(order, lines, money)
        state = _state(order.order_state)
        customer = order.customer
        values = (
            order.order_id,
            created,
            updated,
            state,
            _KNOWN_OMS[state] if state in _KNOWN_OMS else known_oms_status(state),
            lines,
            _buyer(order),
            _address(customer.shipping_address if customer else None),
            totals,
            _shipments(order),
            _refunds(order, money),
            _paid(order),
            payload,
        )
        # The other records are of their classes and in the order's currency by how they are
        # made above; what is left of `build`'s checks: the dates, line ids each once.
        if (
            type(order.order_id) is str
            and _utc(created)
            and _utc(updated)
            and type(state) is str
            and (len(lines) < 2 or len({line.line_id for line in lines}) == len(lines))
        ):
            return new_order(*values)
        return build(Order, **dict(zip(ORDER_FIELDS, values, strict=True)))


def _cancelled_lines(order: MiraklOrder) -> list[MiraklLine]:
    # Lines cancelled or refused, partly cancelled (OR30 on a quantity), or wholly refunded.
    found = []
    for line in order.order_lines:
        state = _state(line.order_line_state)
        refunded = state == "REFUNDED" or (bool(line.refunds) and line.can_refund is False)
        if state in UNCHARGED_LINE_STATES or line.cancelations or refunded:
            found.append(line)
    return found


def _latest(line: MiraklLine) -> datetime | None:
    stamps = [c.created_date for c in line.cancelations if c.created_date is not None]
    stamps += [r.created_date for r in line.refunds if r.created_date is not None]
    if line.last_updated_date is not None:
        stamps.append(line.last_updated_date)
    return max(stamps) if stamps else None


def _cancelled_by(order: MiraklOrder) -> CancelledBy | None:
    if order.order_state == OrderState.REFUSED:
        # Mirakl leaves the decision date empty when the operator refused by itself (Q10).
        if order.acceptance_decision_date is None:
            return CancelledBy.MARKETPLACE
        return CancelledBy.SELLER
    return None


def order_cancellation(
    order: MiraklOrder, *, raw: dict[str, Any] | None = None, marketplace: str = "mirakl"
) -> Cancellation | None:
    """The cancellation a Mirakl order reports, or `None` when nothing of it is cancelled.

    A CANCELED or REFUSED order is cancelled whole (`line_ids` empty, `marketplace_status` its
    state; REFUSED by the seller when the shop decided, by the marketplace when the operator
    refused it unanswered, MIRAKL-Q09/Q10). Otherwise the lines refused, cancelled (wholly or
    for a quantity, OR30) or wholly refunded (MIRAKL-Q12) are a cancellation of those lines,
    with the order's own state as `marketplace_status` (the order goes on). `cancelled_at` is
    the latest cancellation, refund or line update Mirakl dates, else the order's last update.

    Raises:
        RecordError: the order has no id or no date; it carries the order as received.

    Examples:
        >>> wire = MiraklOrder.model_validate({"order_id": "O-A", "order_state": "CANCELED",
        ...     "last_updated_date": "2026-01-05T10:00:00Z", "order_lines": []})
        >>> cancellation = order_cancellation(wire)
        >>> cancellation.marketplace_status, cancellation.line_ids
        ('CANCELED', ())
    """
    payload = raw if raw is not None else order_raw(order)
    with mapping_record(
        "cancellation", record_id=order.order_id, raw=payload, marketplace=marketplace
    ):
        if not order.order_id:
            raise ValueError("Mirakl order without order_id")
        state = _state(order.order_state)
        whole = state in _WHOLE_ORDER_CANCELLED
        lines = order.order_lines if whole else _cancelled_lines(order)
        if not whole and not lines:
            return None
        stamps = [stamp for stamp in map(_latest, lines) if stamp is not None]
        return Cancellation(
            order_id=order.order_id,
            cancelled_at=max(stamps) if stamps else _dates(order)[1],
            marketplace_status=state,
            cancelled_by=_cancelled_by(order),
            reason=order.order_state_reason_label or order.order_state_reason_code,
            line_ids=() if whole else tuple(line.order_line_id for line in lines),
            raw=payload,
        )
