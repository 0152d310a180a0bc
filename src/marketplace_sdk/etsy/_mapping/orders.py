"""Etsy receipts mapped to canonical orders, statuses, cancellations and shipments.

The seed names four Etsy statuses; `etsy_status` derives one from a receipt by this rule:

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

Examples:
    >>> receipt = ShopReceipt(receipt_id=1, status="Fully Refunded", is_shipped=False)
    >>> etsy_status(receipt)
    'Cancelled'
    >>> etsy_status(ShopReceipt(receipt_id=2, status="Completed", is_shipped=True))
    'In-transit'
"""

from __future__ import annotations

from datetime import datetime

from marketplace_sdk.core._models import (
    Address,
    Buyer,
    Cancellation,
    Order,
    OrderLine,
    OrderTotals,
)
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.etsy._models import ReceiptStatus, ShopReceipt
from marketplace_sdk.etsy._models.common import EtsyMoney
from marketplace_sdk.etsy._pricing import from_etsy_money
from marketplace_sdk.etsy._status import oms_status

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

#: Carrier names Etsy accepts, by the spellings an OMS uses (lower case, no spaces/dashes).
_CARRIERS = {
    "usps": "USPS",
    "ups": "UPS",
    "fedex": "FedEx",
    "dhl": "DHL",
    "dhlexpress": "DHL",
    "royalmail": "Royal Mail",
}


def etsy_carrier_name(carrier: str) -> str:
    """The `carrier_name` Etsy accepts for an OMS carrier; `"other"` for one Etsy does not know.

    Examples:
        >>> etsy_carrier_name("Fed-Ex"), etsy_carrier_name("royal mail"), etsy_carrier_name("Bob")
        ('FedEx', 'Royal Mail', 'other')
    """
    key = "".join(char for char in carrier.lower() if char.isalnum())
    return _CARRIERS.get(key, "other")


def is_shipped(receipt: ShopReceipt) -> bool:
    """Whether the receipt is shipped (flag set or a shipment recorded).

    Examples:
        >>> is_shipped(ShopReceipt(receipt_id=1))
        False
    """
    return bool(receipt.is_shipped) or bool(receipt.shipments)


def etsy_status(receipt: ShopReceipt, *, delivered: bool = False) -> str:
    """The seed's Etsy status for a receipt, by the module's rule.

    Args:
        receipt: the receipt.
        delivered: whether Etsy reported it delivered (receipts carry no such field).

    Examples:
        >>> etsy_status(ShopReceipt(receipt_id=1, is_shipped=True), delivered=True)
        'Delivered'
    """
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
    for money in (receipt.grandtotal, receipt.subtotal, receipt.total_price):
        if money is not None:
            return money.currency_code.upper()
    for line in receipt.transactions:
        if line.price is not None:
            return line.price.currency_code.upper()
    return "USD"


def _lines(receipt: ShopReceipt, currency: str) -> tuple[OrderLine, ...]:
    return tuple(
        OrderLine(
            line_id=str(line.transaction_id),
            sku=line.sku.strip() if line.sku and line.sku.strip() else None,
            quantity=line.quantity,
            unit_price=_money(line.price) or Money.zero(currency),
            title=line.title,
            raw=line.model_dump(mode="json"),
        )
        for line in receipt.transactions
        if line.quantity >= 1
    )


def _totals(receipt: ShopReceipt, lines: tuple[OrderLine, ...], currency: str) -> OrderTotals:
    tax = _money(receipt.total_tax_cost)
    vat = _money(receipt.total_vat_cost)
    if tax is not None and vat is not None:
        tax = tax + vat
    items = _money(receipt.subtotal)
    if items is None:
        items = Money.zero(currency)
        for line in lines:
            items = items + line.line_total
    return OrderTotals(
        items=items,
        shipping=_money(receipt.total_shipping_cost),
        tax=tax if tax is not None else vat,
        discount=_money(receipt.discount_amt),
        total=_money(receipt.grandtotal) or items,
    )


def _when(receipt: ShopReceipt) -> tuple[datetime, datetime]:
    created = receipt.created_at or receipt.updated_at
    if created is None:
        raise ValueError(f"receipt {receipt.receipt_id} has no timestamp")
    return created, receipt.updated_at or created


def receipt_to_order(receipt: ShopReceipt, *, delivered: bool = False) -> Order:
    """The canonical order of a receipt (with its transactions embedded, as Etsy returns them).

    `marketplace_status` is the seed's Etsy status (`etsy_status`), which the status table and
    `etsy.status.transition` read; Etsy's own status stays in `raw["status"]`. `oms_status` is
    set for every status but "New" (New or Partial depends on the OMS's stock).

    Raises:
        ValueError: the receipt has neither a created nor an updated timestamp.

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
    created, updated = _when(receipt)
    currency = _currency(receipt)
    lines = _lines(receipt, currency)
    status = etsy_status(receipt, delivered=delivered)
    address = Address(
        name=receipt.name,
        line1=receipt.first_line,
        line2=receipt.second_line,
        city=receipt.city,
        region=receipt.state,
        postal_code=receipt.zip,
        country_code=receipt.country_iso,
    )
    return Order(
        order_id=str(receipt.receipt_id),
        created_at=created,
        updated_at=updated,
        marketplace_status=status,
        oms_status=None if status == NEW else _oms(status),
        lines=lines,
        buyer=Buyer(name=receipt.name, email=receipt.buyer_email),
        shipping_address=address,
        totals=_totals(receipt, lines, currency),
        raw=receipt.model_dump(mode="json"),
    )


def _oms(status: str) -> OmsStatus:
    return oms_status(status, all_lines_in_stock=True)


def receipt_to_cancellation(receipt: ShopReceipt) -> Cancellation | None:
    """The cancellation a receipt reports, or `None` when `etsy_status` is not "Cancelled".

    Etsy does not say who cancelled, so `cancelled_by` is left unknown; the time is the
    receipt's last change.

    Examples:
        >>> receipt = ShopReceipt(receipt_id=3, status="Canceled", updated_timestamp=1767225600)
        >>> receipt_to_cancellation(receipt).order_id
        '3'
    """
    if etsy_status(receipt) != CANCELLED:
        return None
    when = receipt.updated_at or receipt.created_at
    if when is None:
        raise ValueError(f"receipt {receipt.receipt_id} has no timestamp")
    return Cancellation(
        order_id=str(receipt.receipt_id),
        cancelled_at=when,
        marketplace_status=CANCELLED,
        raw=receipt.model_dump(mode="json"),
    )
