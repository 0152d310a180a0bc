"""FNAC orders to canonical orders and cancellations.

`Order.marketplace_status` is the FNAC seed's status for FNAC's order state ("To be Shipped"
for Created, Accepted and ToShip; see `marketplace_sdk.fnac._mapping.status`), so it feeds
`marketplace_sdk.fnac._status` directly; for NotReceived and Error, which the seed's table
lacks, it is FNAC's own word, which those rules answer as an unknown status for a person.
Each line keeps FNAC's line state as received, and `raw` keeps FNAC's order state
(`raw["order_state"]`) and the order's XML (`raw["xml"]`).

FNAC's order answer carries no update time: `updated_at` is the latest date it does carry
(creation, debit, reception, refusal of a line), which is never later than the real change.

Money: prices are in euros, taxes included. A line FNAC or the seller refused, or that was
cancelled, stays on the order with its state but is left out of the totals (the buyer is not
charged for it): `items` is the other lines' price times quantity, `shipping` their
`shipping_price`, `total` the two together. The shipping address keeps its company (FNAC's
relay and business addresses carry one, "FNAC.COM" in its recorded orders) and its country as
ISO 3166-1 alpha-2 (FNAC sends alpha-3: "FRA" becomes "FR"). The lines' tracking numbers
become the order's `shipments`, one per tracking number, with the lines it covers.

Refunds (FNAC-Q13): FNAC refunds a whole line, its item and its shipping, never an amount; a
line in state Refunded becomes a `Refund` of its price times quantity plus its shipping price,
naming that line (the order answer carries no refund date nor reason: `incidents_query` has
them). The refunded line stays in the totals: the buyer paid for it, and the refund is beside.

`Order.paid` (FNAC-Q09): FNAC debits the buyer only after the seller accepts, and an order stays
Accepted until then. `paid` is `True` once a line carries a debit date or the order reached
ToShip or later, `False` while it is Created or Accepted, and `None` when FNAC does not say
(Cancelled, Refused, Error or a state FNAC adds). An Accepted order is "To be Shipped" for the
seed's table (the OMS holds its stock) but not ready to ship: `ready_to_ship` answers retry
later until FNAC has debited the buyer.

An order that cannot be mapped (no id, no date, a line without a price or with no quantity, an
unknown country code) is a `RecordError` carrying the order's XML.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.fnac._models import Order as FnacOrder, OrderDetail
    >>> wire = FnacOrder(order_id="1A2B3C4D5E6F7", state="Created",
    ...     created_at=datetime(2026, 1, 5, tzinfo=UTC),
    ...     order_details=[OrderDetail(order_detail_id=1, offer_seller_id="SKU-1",
    ...                                quantity=2, price="9.95", state="ToAccept")])
    >>> order = order_to_canonical(wire)
    >>> order.marketplace_status, order.lines[0].line_id, str(order.totals.total)
    ('To be Shipped', '1', '19.90 EUR')
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

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
from marketplace_sdk.core._models.build import build
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._records import mapping_record
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.fnac._mapping.status import seed_status
from marketplace_sdk.fnac._models import Address as FnacAddress
from marketplace_sdk.fnac._models import Order as FnacOrder
from marketplace_sdk.fnac._models import OrderDetail, OrderDetailState, OrderState
from marketplace_sdk.fnac._status import oms_status

__all__ = [
    "checked_order_to_canonical",
    "order_cancellation",
    "order_to_canonical",
    "order_updated_at",
]

_CURRENCY = "EUR"
_CANCELLED_LINES = frozenset(
    {OrderDetailState.CANCELLED, OrderDetailState.REFUSED, OrderDetailState.REFUNDED}
)
#: Lines the buyer is not charged for: kept on the order, left out of its totals. (A refunded
#: line was charged; the refund is money paid back, not a line that never sold.)
_UNCHARGED_LINES = frozenset({OrderDetailState.CANCELLED, OrderDetailState.REFUSED})


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _name(*parts: str | None) -> str | None:
    joined = " ".join(part for part in parts if part)
    return joined or None


def _address(address: FnacAddress | None) -> Address | None:
    if address is None:
        return None
    extra = _name(address.address2, address.address3)
    company = (address.company or "").strip() or None
    return build(
        Address,
        name=_name(address.firstname, address.lastname) or company,
        company=company,
        line1=address.address1,
        line2=extra,
        city=address.city,
        region=address.state,
        postal_code=address.zipcode,
        country_code=country_alpha2(address.country),
        phone=address.mobile or address.phone,
    )


def _dates(order: FnacOrder) -> Iterable[datetime]:
    if order.created_at is not None:
        yield order.created_at
    for detail in order.order_details:
        for value in (detail.created_at, detail.debited_at, detail.received_at, detail.refused_at):
            if value is not None:
                yield value


def order_updated_at(order: FnacOrder) -> datetime:
    """The latest date an FNAC order carries (FNAC sends no update time).

    Raises:
        ValueError: the order carries no date at all.

    Examples:
        >>> from datetime import UTC, datetime
        >>> order_updated_at(FnacOrder(created_at=datetime(2026, 1, 5, tzinfo=UTC))).day
        5
    """
    dates = list(_dates(order))
    if not dates:
        raise ValueError(f"FNAC order {order.order_id!r} carries no date")
    return max(dates)


def _line(detail: OrderDetail) -> OrderLine:
    if detail.price is None:
        raise ValueError(f"line {detail.order_detail_id} has no price")
    if detail.quantity is not None and detail.quantity < 1:
        raise ValueError(f"line {detail.order_detail_id} has quantity {detail.quantity}")
    return build(
        OrderLine,
        line_id=str(detail.order_detail_id),
        sku=detail.offer_seller_id or None,
        quantity=detail.quantity or 1,  # FNAC's schema default for an omitted quantity
        unit_price=build(Money, amount=detail.price, currency=_CURRENCY),
        title=detail.product_name,
        marketplace_status=_text(detail.state),
    )


def _charged(detail: OrderDetail) -> bool:
    return detail.state not in _UNCHARGED_LINES


def _totals(order: FnacOrder, lines: tuple[OrderLine, ...]) -> OrderTotals:
    # Summed as `Money` would sum them (from a zero `Decimal`), with one `Money` per total.
    items = shipping = Decimal(0)
    for detail, line in zip(order.order_details, lines, strict=True):
        if not _charged(detail):
            continue
        items = items + line.unit_price.amount * line.quantity
        if detail.shipping_price is not None:
            shipping = shipping + _amount(detail.shipping_price)
    return build(
        OrderTotals,
        items=build(Money, amount=items, currency=_CURRENCY),
        shipping=build(Money, amount=shipping, currency=_CURRENCY),
        total=build(Money, amount=items + shipping, currency=_CURRENCY),
    )


def _amount(value: Decimal) -> Decimal:
    # What `Money` makes of a wire amount: the amount itself, once it is a finite decimal.
    if type(value) is Decimal and value.is_finite():
        return value
    return build(Money, amount=value, currency=_CURRENCY).amount


def _shipments(order: FnacOrder) -> tuple[OrderShipment, ...]:
    parcels: dict[tuple[str | None, str | None], list[OrderDetail]] = {}
    for detail in order.order_details:
        number = (detail.tracking_number or "").strip() or None
        carrier = (detail.tracking_company or "").strip() or None
        if number is not None or carrier is not None:
            parcels.setdefault((carrier, number), []).append(detail)
    return tuple(
        build(
            OrderShipment,
            carrier=carrier,
            tracking_number=number,
            line_ids=tuple(str(detail.order_detail_id) for detail in details),
            raw={
                "tracking_company": carrier,
                "tracking_number": number,
                "order_detail_ids": [detail.order_detail_id for detail in details],
            },
        )
        for (carrier, number), details in parcels.items()
    )


#: Order states at which FNAC has debited the buyer.
_DEBITED_STATES = frozenset(
    {
        OrderState.TO_SHIP,
        OrderState.SHIPPED,
        OrderState.NOT_RECEIVED,
        OrderState.RECEIVED,
        OrderState.REFUNDED,
    }
)


def _paid(order: FnacOrder) -> bool | None:
    if order.state in _DEBITED_STATES or any(d.debited_at for d in order.order_details):
        return True
    if order.state in (OrderState.CREATED, OrderState.ACCEPTED):
        return False
    return None


def _refunds(order: FnacOrder, lines: tuple[OrderLine, ...]) -> tuple[Refund, ...]:
    refunds = []
    for detail, line in zip(order.order_details, lines, strict=True):
        if detail.state != OrderDetailState.REFUNDED:
            continue
        amount = line.line_total
        if detail.shipping_price is not None:
            amount = amount + Money(amount=detail.shipping_price, currency=_CURRENCY)
        refunds.append(
            Refund(
                amount=amount,
                line_ids=(line.line_id,),
                raw={"order_detail_id": detail.order_detail_id, "state": _text(detail.state)},
            )
        )
    return tuple(refunds)


@lru_cache(maxsize=256)
def _oms_status(status: str) -> OmsStatus | None:
    if status not in {"Shipped", "Received", "Cancelled"}:
        return None
    return oms_status(status, all_lines_in_stock=True)


#: `seed_status` of each state seen: the same few states, order after order.
_seed_status = lru_cache(maxsize=256)(seed_status)


def order_to_canonical(order: FnacOrder) -> Order:
    """The canonical order for an FNAC order.

    `oms_status` is set when FNAC's state alone decides it (Shipped, Received, Cancelled);
    for "To be Shipped" it depends on the OMS's stock (New or Partial) and is left `None`.

    Raises:
        RecordError: the order cannot be mapped (no id, no date, a line without a price, an
            unknown country code, ...); it carries the order's XML.

    Examples:
        See the module docstring.
    """
    from marketplace_sdk.fnac._mapping.fast import plain_canonical  # here: fast imports this

    plain = plain_canonical(order)
    if plain is not None:
        return plain
    return checked_order_to_canonical(order)


def checked_order_to_canonical(order: FnacOrder) -> Order:
    """`order_to_canonical`, each record built through `build`: what `fast.plain_canonical`
    is held to, and the path of any order it is not sure of.

    Raises:
        RecordError: the order cannot be mapped; it carries the order's XML.

    Examples:
        >>> from marketplace_sdk.core._errors import RecordError
        >>> try:
        ...     checked_order_to_canonical(FnacOrder(order_id="1A2B3C4D5E6F7"))
        ... except RecordError as error:
        ...     print(error.message)
        FNAC order '1A2B3C4D5E6F7' carries no date
    """
    state = _text(order.state)
    raw = {"order_state": state, "xml": order.raw}
    with mapping_record("order", record_id=order.order_id, raw=raw, marketplace="fnac"):
        if not order.order_id:
            raise ValueError("FNAC order without order_id")
        status = _seed_status(state) or state or "unknown"
        lines = tuple(_line(detail) for detail in order.order_details)
        latest = order_updated_at(order)
        created = order.created_at or latest
        buyer_phone = None
        if order.shipping_address is not None:
            buyer_phone = order.shipping_address.mobile or order.shipping_address.phone
        return build(
            Order,
            order_id=order.order_id,
            created_at=created,
            updated_at=max(latest, created),
            marketplace_status=status,
            oms_status=_oms_status(status),
            lines=lines,
            buyer=build(
                Buyer,
                name=_name(order.client_firstname, order.client_lastname),
                email=order.client_email,
                phone=buyer_phone,
            ),
            shipping_address=_address(order.shipping_address),
            totals=_totals(order, lines),
            shipments=_shipments(order),
            refunds=_refunds(order, lines),
            paid=_paid(order),
            raw=raw,
        )


def order_cancellation(order: FnacOrder, *, not_before: datetime | None = None) -> Cancellation:
    """The cancellation an FNAC order in Cancelled, Refused or Refunded state (or with such
    lines) reports.

    FNAC sends no cancellation time: `cancelled_at` is the order's latest date, raised to
    `not_before` (the start of the CancelledAt window it was found in) when earlier. Refused
    orders were cancelled by the seller; for Cancelled and Refunded FNAC does not say who.
    `line_ids` lists the cancelled lines when only some are, and is empty for the whole order.

    Raises:
        RecordError: the order has no id or no date.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from marketplace_sdk.fnac._models import OrderDetail
        >>> wire = FnacOrder(order_id="1A2B3C4D5E6F7", state="Refused",
        ...     created_at=datetime(2026, 1, 5, tzinfo=UTC),
        ...     order_details=[OrderDetail(order_detail_id=1, state="Refused")])
        >>> order_cancellation(wire).cancelled_by.value
        'seller'
    """
    state = _text(order.state) or "unknown"
    raw = {"order_state": state, "xml": order.raw}
    with mapping_record("cancellation", record_id=order.order_id, raw=raw, marketplace="fnac"):
        if not order.order_id:
            raise ValueError("FNAC order without order_id")
        cancelled_at = order_updated_at(order)
        if not_before is not None and cancelled_at < not_before:
            cancelled_at = not_before
        cancelled = [
            str(detail.order_detail_id)
            for detail in order.order_details
            if detail.state in _CANCELLED_LINES
        ]
        whole = len(cancelled) == len(order.order_details)
        return Cancellation(
            order_id=order.order_id,
            cancelled_at=cancelled_at,
            marketplace_status=seed_status(state) or state,
            cancelled_by=CancelledBy.SELLER if order.state == OrderState.REFUSED else None,
            line_ids=() if whole else tuple(cancelled),
            raw=raw,
        )
