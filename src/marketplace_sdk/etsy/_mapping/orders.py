"""Etsy receipts mapped to canonical orders, statuses, cancellations and shipments.

The seed names four Etsy statuses; `etsy_status` derives one from a receipt by this rule:

0. a status Etsy's document does not list (Etsy adds them without notice, QUIRKS ETSY-Q15) →
   that status, as Etsy sent it: the status rules answer it as unknown (`UnknownStatus`), for a
   person to look at, instead of guessing "New";
1. status "Canceled" → "Cancelled";
2. status "Fully Refunded" on a receipt never shipped → "Cancelled" (the buyer got everything
   back and nothing left the warehouse: for the OMS it is a cancellation);
3. shipped (`is_shipped` or a recorded shipment) and known delivered (`was_delivered` filter,
   `order.delivered` webhook) → "Delivered";
4. shipped → "In-transit";
5. otherwise → "New" (paid or awaiting payment, not shipped).

A refund after shipping ("Fully Refunded" or "Partially Refunded" on a shipped receipt) keeps the
shipping status: the parcel has left, the OMS cannot un-ship it, and the refund is a money
matter (a return), not a cancellation. "Partially Refunded" never cancels.

Money (`OrderTotals`), by Etsy's own definitions of the receipt's fields: `items` is
`total_price` (the listings' price times quantity, before the coupon: the lines must add up to
it; their sum when Etsy leaves it out), `discount` is `discount_amt`, `shipping` is
`total_shipping_cost`, `tax` the sales tax plus the VAT, and `total` is `grandtotal`, what the
buyer pays. `subtotal` is already net of the discount, so it is never taken for `items`. Etsy
does not say whether the VAT and the gift wrap are inside `grandtotal`: each is counted where
`grandtotal` shows it to be (VAT with the tax, gift wrap with the shipping), and a receipt whose
amounts add up by no reading is a `RecordError`, not an order with wrong money. One transaction
id twice on a receipt is refused too (an order's line ids are unique).

Refunds (ETSY-Q17): Etsy never nets a refund out of the receipt's amounts, nor moves its
`updated_timestamp` for one; recent receipts list them in `refunds[]`. Each becomes a `Refund`
on the order (amount, time, reason, Etsy's status) beside the unchanged totals. A refund in
another currency than the receipt is a `RecordError`, never a silently wrong sum.

The shipping address (ETSY-Q31): Etsy withholds it for some regions and apps, sending empty
strings. Such a receipt is still an order, with `shipping_address=None` ("address unavailable":
ship from Etsy's own order page); a field left empty on its own is `None`, never "".

`Order.paid` is the receipt's `is_paid`: an "Open" or "Payment Processing" receipt is not to be
shipped yet, and Etsy does not move `updated_timestamp` when it is paid later (ETSY-Q16).

Every failure to map a receipt (an amount that is not exact, a currency that is not ISO 4217,
amounts in several currencies, a timestamp out of range, a country code ISO 3166-1 does not
know) is a `RecordError` with the receipt's id and payload.

Examples:
    >>> receipt = ShopReceipt(receipt_id=1, status="Fully Refunded", is_shipped=False)
    >>> etsy_status(receipt)
    'Cancelled'
    >>> etsy_status(ShopReceipt(receipt_id=2, status="Completed", is_shipped=True))
    'In-transit'
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from functools import lru_cache
from itertools import product

from pydantic import JsonValue

from marketplace_sdk.core._carriers import CarrierTable
from marketplace_sdk.core._countries import country_alpha2
from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Cancellation,
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
from marketplace_sdk.etsy._carriers import ETSY_CARRIERS
from marketplace_sdk.etsy._models import ReceiptStatus, ShopReceipt
from marketplace_sdk.etsy._models.common import EtsyMoney, from_timestamp
from marketplace_sdk.etsy._pricing import from_etsy_money
from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE, oms_status

__all__ = [
    "CANCELLED",
    "DELIVERED",
    "IN_TRANSIT",
    "NEW",
    "etsy_carrier_name",
    "etsy_status",
    "is_shipped",
    "receipt_to_cancellation",
    "receipt_to_order",
]

NEW = "New"
IN_TRANSIT = "In-transit"
DELIVERED = "Delivered"
CANCELLED = "Cancelled"


def etsy_carrier_name(carrier: str, table: CarrierTable = ETSY_CARRIERS) -> str:
    """The `carrier_name` Etsy is sent for an OMS carrier, by the channel's carrier `table`.

    Raises:
        UnknownCarrierError: the table neither maps the carrier nor has a fallback.

    Examples:
        >>> etsy_carrier_name("Fed-Ex"), etsy_carrier_name("royal mail")
        ('FedEx', 'Royal Mail')
        >>> etsy_carrier_name("Bob", ETSY_CARRIERS.extend(fallback="other"))
        'other'
    """
    return table.resolve(carrier)


def is_shipped(receipt: ShopReceipt) -> bool:
    """Whether the receipt is shipped (flag set or a shipment recorded).

    Examples:
        >>> is_shipped(ShopReceipt(receipt_id=1))
        False
    """
    return bool(receipt.is_shipped) or bool(receipt.shipments)


def etsy_status(receipt: ShopReceipt, *, delivered: bool = False) -> str:
    """The seed's Etsy status for a receipt, by the module's rule.

    A status Etsy's document does not list comes back as Etsy sent it, which the status rules
    answer as unknown.

    Args:
        receipt: the receipt.
        delivered: whether Etsy reported it delivered (receipts carry no such field).

    Examples:
        >>> etsy_status(ShopReceipt(receipt_id=1, is_shipped=True), delivered=True)
        'Delivered'
        >>> etsy_status(ShopReceipt(receipt_id=2, status="On Hold"))
        'On Hold'
    """
    if isinstance(receipt.status, str) and not isinstance(receipt.status, ReceiptStatus):
        return receipt.status.strip() or receipt.status
    shipped = is_shipped(receipt)
    if receipt.status is ReceiptStatus.CANCELED:
        return CANCELLED
    if receipt.status is ReceiptStatus.FULLY_REFUNDED and not shipped:
        return CANCELLED
    if shipped:
        return DELIVERED if delivered else IN_TRANSIT
    return NEW


def _money(value: EtsyMoney | None) -> Money | None:
    return from_etsy_money(value) if value is not None else None


def _currency(receipt: ShopReceipt) -> str:
    for money in (receipt.grandtotal, receipt.total_price, receipt.subtotal):
        if money is not None:
            return money.currency_code.upper()
    for line in receipt.transactions:
        if line.price is not None:
            return line.price.currency_code.upper()
    return "USD"


def _lines(receipt: ShopReceipt, currency: str, raws: list[JsonValue]) -> tuple[OrderLine, ...]:
    lines = []
    for line, raw in zip(receipt.transactions, raws, strict=True):
        if line.quantity < 0:
            raise ValueError(f"transaction {line.transaction_id} has quantity {line.quantity}")
        if line.quantity == 0:
            continue  # nothing bought, nothing to ship, no money: not a line of the order
        price = _money(line.price) or Money.zero(currency)
        if price.currency != currency:
            raise ValueError(
                f"transaction {line.transaction_id} is in {price.currency}, "
                f"the receipt in {currency}"
            )
        lines.append(
            build(
                OrderLine,
                line_id=str(line.transaction_id),
                sku=line.sku.strip() if line.sku and line.sku.strip() else None,
                quantity=line.quantity,
                unit_price=price,
                title=line.title,
                raw=raw,
            )
        )
    return tuple(lines)


def _plus(first: Money | None, second: Money | None) -> Money | None:
    if first is None:
        return second
    return first if second is None else first + second


def _sum(items: Money, shipping: Money | None, tax: Money | None, discount: Money | None) -> Money:
    currency = items.currency
    if all(part is None or part.currency == currency for part in (shipping, tax, discount)):
        # The same sums as the `Money` arithmetic below, without a `Money` for each step.
        amount = items.amount
        for charge in (shipping, tax):
            if charge is not None:
                amount = amount + charge.amount
        if discount is not None:
            amount = amount + -discount.amount
        return build(Money, amount=amount, currency=currency)
    total = items  # which names the currencies it cannot combine
    for charge in (shipping, tax):
        if charge is not None:
            total = total + charge
    if discount is None:
        return total
    return total + build(Money, amount=-discount.amount, currency=discount.currency)


def _readings(receipt: ShopReceipt) -> Iterator[tuple[Money | None, Money | None, Money | None]]:
    """(shipping, tax, discount) by each reading of what `grandtotal` holds, likeliest first."""
    return readings(
        _money(receipt.total_shipping_cost),
        _money(receipt.total_tax_cost),
        _money(receipt.discount_amt),
        _money(receipt.total_vat_cost),
        _money(receipt.gift_wrap_price),
    )


def readings(
    shipping: Money | None,
    tax: Money | None,
    discount: Money | None,
    vat: Money | None,
    gift_wrap: Money | None,
) -> Iterator[tuple[Money | None, Money | None, Money | None]]:
    """(shipping, tax, discount) by each reading of what `grandtotal` holds, likeliest first.

    Examples:
        >>> ten = Money(amount="10", currency="EUR")
        >>> len(list(readings(ten, None, None, ten, None)))
        2
    """
    vat_options = (True, False) if vat is not None and vat.amount else (True,)
    wrap_options = (True, False) if gift_wrap is not None and gift_wrap.amount else (True,)
    for with_vat, with_wrap in product(vat_options, wrap_options):
        yield (
            _plus(shipping, gift_wrap) if with_wrap else shipping,
            _plus(tax, vat) if with_vat else tax,
            discount,
        )


def _items(receipt: ShopReceipt, lines: tuple[OrderLine, ...], currency: str) -> Money:
    return items_of(
        _money(receipt.total_price),
        _money(receipt.subtotal),
        _money(receipt.discount_amt),
        lines,
        currency,
    )


def items_of(
    total_price: Money | None,
    subtotal: Money | None,
    discount: Money | None,
    lines: tuple[OrderLine, ...],
    currency: str,
) -> Money:
    """The order's `items`: `total_price`, checked against the lines, else worked out.

    Raises:
        ValueError: the lines do not add up to `total_price`.

    Examples:
        >>> str(items_of(None, None, None, (), "EUR"))
        '0 EUR'
    """
    if total_price is not None:
        lines_total = sum((line.unit_price.amount * line.quantity for line in lines), Decimal(0))
        if lines_total != total_price.amount:
            raise ValueError(
                f"the transactions add up to {lines_total} {currency}, "
                f"total_price says {total_price}"
            )
        return total_price
    if subtotal is not None:  # documented as total_price minus the coupon
        return subtotal if discount is None else subtotal + discount
    items = Money.zero(currency)
    for line in lines:
        items = items + line.line_total
    return items


def _totals(receipt: ShopReceipt, lines: tuple[OrderLine, ...], currency: str) -> OrderTotals:
    return totals_of(
        _items(receipt, lines, currency), _money(receipt.grandtotal), list(_readings(receipt))
    )


def totals_of(
    items: Money,
    grandtotal: Money | None,
    readings: list[tuple[Money | None, Money | None, Money | None]],
) -> OrderTotals:
    """The totals by the first reading that adds up to `grandtotal`.

    Raises:
        pydantic.ValidationError: no reading adds up (`OrderTotals` says by how much).

    Examples:
        >>> ten = Money(amount="10", currency="EUR")
        >>> str(totals_of(ten, ten, [(None, None, None)]).total)
        '10 EUR'
    """
    for shipping, tax, discount in readings:
        computed = _sum(items, shipping, tax, discount)
        if grandtotal is None or computed.amount == grandtotal.amount:
            return build(
                OrderTotals,
                items=items,
                shipping=shipping,
                tax=tax,
                discount=discount,
                total=grandtotal or computed,
            )
    # No reading adds up: OrderTotals refuses the likeliest one, saying by how much.
    shipping, tax, discount = readings[0]
    return OrderTotals(
        items=items, shipping=shipping, tax=tax, discount=discount, total=grandtotal or items
    )


def _when(receipt: ShopReceipt) -> tuple[datetime, datetime]:
    created = receipt.created_at or receipt.updated_at
    if created is None:
        raise ValueError(f"receipt {receipt.receipt_id} has no timestamp")
    return created, receipt.updated_at or created


def _shipments(receipt: ShopReceipt, raws: list[JsonValue]) -> tuple[OrderShipment, ...]:
    return tuple(
        build(
            OrderShipment,
            carrier=shipment.carrier_name.strip() or None,
            tracking_number=shipment.tracking_code.strip() or None,
            shipped_at=shipment.notified_at,
            marketplace_id=(
                str(shipment.receipt_shipping_id)
                if shipment.receipt_shipping_id is not None
                else None
            ),
            raw=raw,
        )
        for shipment, raw in zip(receipt.shipments, raws, strict=True)
    )


def _refunds(receipt: ShopReceipt, currency: str, raws: list[JsonValue]) -> tuple[Refund, ...]:
    refunds = []
    for refund, raw in zip(receipt.refunds, raws, strict=True):
        amount = _money(refund.amount)
        if amount is None:
            raise ValueError(f"receipt {receipt.receipt_id} has a refund without an amount")
        if amount.currency != currency:
            raise ValueError(
                f"receipt {receipt.receipt_id} is in {currency}, a refund in {amount.currency}"
            )
        refunds.append(
            build(
                Refund,
                amount=amount,
                refunded_at=from_timestamp(refund.created_timestamp),
                reason=(refund.reason or "").strip() or None,
                status=(refund.status or "").strip() or None,
                raw=raw,
            )
        )
    return tuple(sorted(refunds, key=lambda r: r.refunded_at or datetime.min.replace(tzinfo=UTC)))


def _text(value: str | None) -> str | None:
    return value.strip() or None if value is not None else None


def _address(receipt: ShopReceipt) -> Address | None:
    """The receipt's shipping address, or `None` when Etsy withheld it (ETSY-Q31)."""
    line1, line2, city, region, postal_code, country = (
        _text(receipt.first_line),
        _text(receipt.second_line),
        _text(receipt.city),
        _text(receipt.state),
        _text(receipt.zip),
        _text(receipt.country_iso),
    )
    if not (line1 or line2 or city or region or postal_code or country):
        return None
    return build(
        Address,
        name=_text(receipt.name),
        line1=line1,
        line2=line2,
        city=city,
        region=region,
        postal_code=postal_code,
        country_code=country_alpha2(receipt.country_iso),
    )


def receipt_to_order(receipt: ShopReceipt, *, delivered: bool = False) -> Order:
    """The canonical order of a receipt (with its transactions embedded, as Etsy returns them).

    `marketplace_status` is the seed's Etsy status (`etsy_status`), which the status table and
    `etsy.status.transition` read; Etsy's own status stays in `raw["status"]`. `oms_status` is
    set for every status of the table but "New" (New or Partial depends on the OMS's stock),
    and left `None` for a status the table does not know. `shipments` are the receipt's
    shipments (carrier and tracking code).

    Raises:
        RecordError: the receipt cannot be mapped (no timestamp, money that is not exact, not
            in one ISO 4217 currency or not adding up, an unknown country code, ...).

    Examples:
        >>> receipt = ShopReceipt.model_validate({"receipt_id": 9, "status": "Paid",
        ...     "created_timestamp": 1767225600, "buyer_email": "a@example.com",
        ...     "grandtotal": {"amount": 1000, "divisor": 100, "currency_code": "EUR"},
        ...     "transactions": [{"transaction_id": 5, "sku": "MUG", "quantity": 2,
        ...         "price": {"amount": 500, "divisor": 100, "currency_code": "EUR"}}]})
        >>> order = receipt_to_order(receipt)
        >>> order.order_id, order.marketplace_status, order.lines[0].line_id
        ('9', 'New', '5')
        >>> str(order.totals.total)
        '10.00 EUR'
    """
    raw = receipt.model_dump(mode="json")
    with mapping_record("order", record_id=receipt.receipt_id, raw=raw, marketplace="etsy"):
        created, updated = _when(receipt)
        currency = _currency(receipt)
        # Each part's payload is its part of the receipt's: the same JSON, dumped once.
        lines = _lines(receipt, currency, raw["transactions"])
        status = etsy_status(receipt, delivered=delivered)
        return build(
            Order,
            order_id=str(receipt.receipt_id),
            created_at=created,
            updated_at=updated,
            marketplace_status=status,
            oms_status=_oms(status),
            lines=lines,
            buyer=build(Buyer, name=receipt.name, email=receipt.buyer_email),
            shipping_address=_address(receipt),
            totals=_totals(receipt, lines, currency),
            shipments=_shipments(receipt, raw["shipments"]),
            refunds=_refunds(receipt, currency, raw["refunds"]),
            paid=receipt.is_paid,
            raw=raw,
        )


@lru_cache(maxsize=256)
def _oms(status: str) -> OmsStatus | None:
    if status == NEW or ETSY_STATUS_TABLE.canonical_status(status) is None:
        return None
    return oms_status(status, all_lines_in_stock=True)


def receipt_to_cancellation(receipt: ShopReceipt) -> Cancellation | None:
    """The cancellation a receipt reports, or `None` when `etsy_status` is not "Cancelled".

    Etsy does not say who cancelled, so `cancelled_by` is left unknown. Etsy gives no
    cancellation time either, and does not move `updated_timestamp` for one (ETSY-Q13): the
    time is that of the latest refund when the receipt carries one (a paid order is refunded
    as it is cancelled), else the receipt's last change.

    Raises:
        RecordError: the receipt carries no readable timestamp.

    Examples:
        >>> receipt = ShopReceipt(receipt_id=3, status="Canceled", updated_timestamp=1767225600)
        >>> receipt_to_cancellation(receipt).order_id
        '3'
    """
    if etsy_status(receipt) != CANCELLED:
        return None
    raw = receipt.model_dump(mode="json")
    with mapping_record("cancellation", record_id=receipt.receipt_id, raw=raw, marketplace="etsy"):
        when = receipt.updated_at or receipt.created_at
        if when is None:
            raise ValueError(f"receipt {receipt.receipt_id} has no timestamp")
        refunded = [
            at for at in (from_timestamp(r.created_timestamp) for r in receipt.refunds) if at
        ]
        when = max([when, *refunded])
        return Cancellation(
            order_id=str(receipt.receipt_id),
            cancelled_at=when,
            marketplace_status=CANCELLED,
            raw=raw,
        )
