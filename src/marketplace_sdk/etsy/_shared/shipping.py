"""The pure side of orders: shipments already on a receipt, bodies, ids and window filters.

Examples:
    >>> receipt_id_of("42")
    42
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from marketplace_sdk.core._carriers import CarrierTable
from marketplace_sdk.core._errors import ApiError, NotFoundError
from marketplace_sdk.core._models import Order, Shipment
from marketplace_sdk.core._results import ItemResult, Outcome, Reason
from marketplace_sdk.etsy._capabilities import ETSY_CAPABILITIES
from marketplace_sdk.etsy._carriers import ETSY_CARRIERS
from marketplace_sdk.etsy._mapping import is_shipped
from marketplace_sdk.etsy._models import ReceiptShipmentRequest, ShopReceipt, ShopReceiptShipment
from marketplace_sdk.etsy._shared.channel import status_key
from marketplace_sdk.etsy._webhooks import WebhookEvent, WebhookPayloadError

__all__ = [
    "TRACKING_NOT_SHOWN",
    "TRACKING_REQUIRED",
    "event_receipt_id",
    "find_shipment",
    "receipt_id_of",
    "require_whole_receipt",
    "sent_result",
    "shipment_request",
    "shipped_result",
    "tracking_refused",
    "wanted_order",
]

#: The reason code of a shipment Etsy recorded without showing its tracking (ETSY-Q27).
TRACKING_NOT_SHOWN = "tracking_not_shown"
#: The reason code of an untracked shipment Etsy refused for want of tracking (ETSY-Q28).
TRACKING_REQUIRED = "tracking_required"


def find_shipment(
    receipt: ShopReceipt, tracking_number: str | None, carrier_name: str | None = None
) -> ShopReceiptShipment | None:
    """The receipt's shipment for this parcel, if Etsy already holds it.

    A tracked parcel is found by its tracking code (ignoring case and spaces), or, when Etsy
    dropped the code of a carrier it does not know (ETSY-Q27), by a code-less shipment of the
    same `carrier_name`. An untracked parcel (`tracking_number` None) is any code-less one.

    Examples:
        >>> receipt = ShopReceipt(receipt_id=1, shipments=[
        ...     ShopReceiptShipment(tracking_code="1Z 99", carrier_name="UPS")])
        >>> find_shipment(receipt, "1z99").carrier_name
        'UPS'
    """
    if tracking_number is None:
        return next((s for s in receipt.shipments if not s.tracking_code.strip()), None)
    wanted = "".join(tracking_number.split()).lower()
    for shipment in receipt.shipments:
        if "".join(shipment.tracking_code.split()).lower() == wanted:
            return shipment
    if carrier_name is not None:
        for shipment in receipt.shipments:
            same = shipment.carrier_name.strip().lower() == carrier_name.strip().lower()
            if same and not shipment.tracking_code.strip():
                return shipment
    return None


def shipment_request(
    shipment: Shipment,
    carriers: CarrierTable = ETSY_CARRIERS,
    *,
    untracked_note: str | None = None,
) -> ReceiptShipmentRequest:
    """The `createReceiptShipment` body for an OMS shipment, its carrier mapped by `carriers`.

    An untracked parcel is sent without carrier nor code (Etsy then marks the receipt shipped
    only), with `untracked_note` as the note to the buyer that lets Etsy complete an order it
    would otherwise want tracked (ETSY-Q28).

    Raises:
        UnknownCarrierError: a tracked parcel's carrier is not in `carriers` (nothing sent).

    Examples:
        >>> from datetime import UTC, datetime
        >>> when = datetime(2026, 1, 1, tzinfo=UTC)
        >>> shipment_request(Shipment(carrier="Fed Ex", tracking_number="X1",
        ...     shipped_at=when)).carrier_name
        'FedEx'
        >>> shipment_request(Shipment(carrier="La Poste", shipped_at=when),
        ...     untracked_note="Sent by letter").to_json()
        {'send_bcc': False, 'note_to_buyer': 'Sent by letter'}
    """
    if shipment.tracking_number is None:
        return ReceiptShipmentRequest(note_to_buyer=untracked_note)
    return ReceiptShipmentRequest(
        tracking_code=shipment.tracking_number, carrier_name=carriers.resolve(shipment.carrier)
    )


def shipped_result(
    order_id: str,
    receipt: ShopReceipt,
    tracking_number: str | None,
    carrier_name: str | None = None,
) -> ItemResult | None:
    """The ok result when the receipt already holds this parcel (see `find_shipment`).

    `None` when it does not: the shipment is still to be sent. An untracked parcel is there
    once the receipt is shipped, whatever its records say. When Etsy holds the parcel
    without its tracking code (a carrier it does not know, ETSY-Q27), the result is ok with a
    `tracking_not_shown` reason for the seller to see.

    Examples:
        >>> receipt = ShopReceipt(receipt_id=1, shipments=[
        ...     ShopReceiptShipment(receipt_shipping_id=4, tracking_code="1Z9")])
        >>> shipped_result("1", receipt, "1Z9").marketplace_id
        '4'
        >>> shipped_result("1", receipt, "OTHER") is None
        True
    """
    shipment = find_shipment(receipt, tracking_number, carrier_name)
    if shipment is None:
        if tracking_number is None and is_shipped(receipt):
            # Marked shipped without a record: an untracked parcel needs nothing more.
            return ItemResult.ok(order_id, raw=receipt.model_dump(mode="json"))
        return None
    shipping_id = shipment.receipt_shipping_id
    reason = None
    if tracking_number is not None and not shipment.tracking_code.strip():
        reason = Reason(
            code=TRACKING_NOT_SHOWN,
            message=(
                f"Etsy marked the order shipped but shows the buyer no tracking: it does not "
                f"know the carrier {shipment.carrier_name!r} (map the carrier to one of Etsy's)"
            ),
        )
    return ItemResult(
        key=order_id,
        outcome=Outcome.OK,
        reason=reason,
        marketplace_id=str(shipping_id) if shipping_id is not None else None,
        raw=receipt.model_dump(mode="json"),
    )


def sent_result(
    order_id: str,
    sent: ShopReceipt,
    tracking_number: str | None,
    carrier_name: str | None = None,
) -> ItemResult:
    """The ok result of a `createReceiptShipment` Etsy answered with the receipt `sent`.

    Examples:
        >>> sent_result("1", ShopReceipt(receipt_id=1), "1Z9").marketplace_id is None
        True
    """
    shipped = shipped_result(order_id, sent, tracking_number, carrier_name)
    return (
        shipped
        if shipped is not None
        else ItemResult.ok(order_id, raw=sent.model_dump(mode="json"))
    )


def tracking_refused(order_id: str, error: ApiError) -> ItemResult | None:
    """The result of an untracked shipment Etsy refused for want of a tracking number.

    Etsy asks for tracking on some orders by rules it does not publish (ETSY-Q28). `None` when
    `error` is another refusal.

    Examples:
        >>> from marketplace_sdk.core._errors import InvalidRequestError
        >>> error = InvalidRequestError("A tracking number is required", status=400)
        >>> tracking_refused("7", error).reason.code
        'tracking_required'
    """
    if "tracking number is required" not in str(error.message).lower():
        return None
    return ItemResult.rejected(
        order_id,
        code=TRACKING_REQUIRED,
        message=(
            "Etsy needs a tracking number for this order: ship it with one, or let the seller "
            "opt in to untracked shipping (EtsyChannelOptions.untracked_note)"
        ),
    )


def require_whole_receipt(receipt: ShopReceipt, line_ids: Collection[str]) -> None:
    """Refuse a shipment of some lines only: Etsy ships a whole receipt at once (ETSY-Q29).

    Raises:
        UnsupportedOperation: `line_ids` name some of the receipt's lines, or lines it lacks.

    Examples:
        >>> require_whole_receipt(ShopReceipt(receipt_id=1), ())
    """
    if not line_ids:
        return
    lines = {str(line.transaction_id) for line in receipt.transactions}
    if set(line_ids) != lines:
        ETSY_CAPABILITIES.require("partial_order_fulfilment")


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
