"""The pure side of orders: shipments already on a receipt, bodies, ids and window filters.

Examples:
    >>> receipt_id_of("42")
    42
"""

from __future__ import annotations

from datetime import datetime

from marketplace_sdk.core._errors import NotFoundError
from marketplace_sdk.core._models import Order, Shipment
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.etsy._mapping import etsy_carrier_name
from marketplace_sdk.etsy._models import ReceiptShipmentRequest, ShopReceipt, ShopReceiptShipment
from marketplace_sdk.etsy._shared.channel import status_key
from marketplace_sdk.etsy._webhooks import WebhookEvent, WebhookPayloadError

__all__ = [
    "event_receipt_id",
    "find_shipment",
    "receipt_id_of",
    "sent_result",
    "shipment_request",
    "shipped_result",
    "wanted_order",
]


def find_shipment(receipt: ShopReceipt, tracking_number: str) -> ShopReceiptShipment | None:
    """The receipt's shipment with this tracking code (compared ignoring case and spaces).

    Examples:
        >>> receipt = ShopReceipt(receipt_id=1, shipments=[
        ...     ShopReceiptShipment(tracking_code="1Z 99", carrier_name="UPS")])
        >>> find_shipment(receipt, "1z99").carrier_name
        'UPS'
    """
    wanted = "".join(tracking_number.split()).lower()
    for shipment in receipt.shipments:
        if "".join(shipment.tracking_code.split()).lower() == wanted:
            return shipment
    return None


def shipment_request(shipment: Shipment) -> ReceiptShipmentRequest:
    """The `createReceiptShipment` body for an OMS shipment (carrier mapped, `other` if unknown).

    Examples:
        >>> from datetime import UTC, datetime
        >>> shipment_request(Shipment(carrier="Colis Privé", tracking_number="X1",
        ...     shipped_at=datetime(2026, 1, 1, tzinfo=UTC))).carrier_name
        'other'
    """
    return ReceiptShipmentRequest(
        tracking_code=shipment.tracking_number, carrier_name=etsy_carrier_name(shipment.carrier)
    )


def shipped_result(order_id: str, receipt: ShopReceipt, tracking_number: str) -> ItemResult | None:
    """The ok result when the receipt already holds a shipment with this tracking number.

    `None` when it holds none: the shipment is still to be sent.

    Examples:
        >>> receipt = ShopReceipt(receipt_id=1, shipments=[
        ...     ShopReceiptShipment(receipt_shipping_id=4, tracking_code="1Z9")])
        >>> shipped_result("1", receipt, "1Z9").marketplace_id
        '4'
        >>> shipped_result("1", receipt, "OTHER") is None
        True
    """
    shipment = find_shipment(receipt, tracking_number)
    if shipment is None:
        return None
    shipping_id = shipment.receipt_shipping_id
    return ItemResult.ok(
        order_id,
        marketplace_id=str(shipping_id) if shipping_id is not None else None,
        raw=receipt.model_dump(mode="json"),
    )


def sent_result(order_id: str, sent: ShopReceipt, tracking_number: str) -> ItemResult:
    """The ok result of a `createReceiptShipment` Etsy answered with the receipt `sent`.

    Examples:
        >>> sent_result("1", ShopReceipt(receipt_id=1), "1Z9").marketplace_id is None
        True
    """
    shipped = shipped_result(order_id, sent, tracking_number)
    return (
        shipped
        if shipped is not None
        else ItemResult.ok(order_id, raw=sent.model_dump(mode="json"))
    )


def receipt_id_of(order_id: str) -> int:
    """The receipt id of an order id.

    Raises:
        NotFoundError: not a receipt id.

    Examples:
        >>> receipt_id_of("42")
        42
    """
    if not order_id.strip().isdigit():
        raise NotFoundError(f"no Etsy receipt {order_id!r}", marketplace="etsy")
    return int(order_id)


def event_receipt_id(event: WebhookEvent) -> int:
    """The receipt a verified webhook event names.

    Raises:
        WebhookPayloadError: the event names no receipt.

    Examples:
        >>> event_receipt_id(WebhookEvent(event_type="order.paid",
        ...     resource_url="https://api.etsy.com/v3/application/shops/1/receipts/9"))
        9
    """
    receipt_id = event.receipt_id
    if receipt_id is None:
        raise WebhookPayloadError(f"webhook {event.event_type} names no receipt")
    return receipt_id


def wanted_order(order: Order, until: datetime, keys: frozenset[str] | None) -> bool:
    """Whether an order belongs in a `[since, until)` window run with a status filter.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from marketplace_sdk.etsy._mapping import receipt_to_order
        >>> order = receipt_to_order(ShopReceipt(receipt_id=1, created_timestamp=1767225600))
        >>> wanted_order(order, datetime(2027, 1, 1, tzinfo=UTC), frozenset({"new"}))
        True
    """
    if order.updated_at >= until:
        return False
    return keys is None or status_key(order.marketplace_status) in keys
