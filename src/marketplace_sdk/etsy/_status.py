"""Etsy's order status table (from the Etsy integration seed) and the pure rules over it.

Etsy statuses are the seed's words: "New", "In-transit", "Delivered", "Cancelled" (matched
ignoring case, spaces, hyphens and underscores; the API's spelling "canceled" is accepted too).
Turning a receipt's fields into one of these words is the Etsy mapping's job.

`oms_status`, `channel_status`, `can_cancel` and `transition` are the table's rules
(`StatusTable`), under the names every marketplace package exports.

Examples:
    >>> oms_status("In-transit", all_lines_in_stock=True)
    <OmsStatus.IN_TRANSIT: 'In_transit'>
    >>> oms_status("New", all_lines_in_stock=False)
    <OmsStatus.PARTIAL: 'Partial'>
    >>> channel_status(OmsStatus.READY_TO_SHIP), channel_status(OmsStatus.COMPLETE)
    ('New', 'Delivered')
    >>> channel_status(OmsStatus.CANCELLED_BY_SELLER) is None
    True
    >>> can_cancel(OmsStatus.NEW), can_cancel(OmsStatus.READY_TO_SHIP)
    (True, False)
    >>> transition(OmsStatus.IN_TRANSIT, "Delivered", all_lines_in_stock=True)
    MoveTo(status=<OmsStatus.COMPLETE: 'Complete'>)
    >>> transition(OmsStatus.READY_TO_SHIP, "Cancelled", all_lines_in_stock=True).reason.value
    'cancelled_after_ready_to_ship'
"""

from __future__ import annotations

from marketplace_sdk.core._status import Inbound, OmsStatus, StatusRow, StatusTable

__all__ = ["ETSY_STATUS_TABLE", "can_cancel", "channel_status", "oms_status", "transition"]

_CANCEL_RULE = (
    '*Orders can only be cancelled before reaching the "Packed" or "Ready to Ship" status.'
)

#: The seed's "Order Status Mapping" table for Etsy, row for row; `details` is the seed's text.
ETSY_STATUS_TABLE = StatusTable(
    marketplace="Etsy",
    rows=(
        StatusRow(
            (OmsStatus.NEW,),
            "New",
            'When all items in the order are in stock, the order can be moved to the "New" status.',
            Inbound.ALL_IN_STOCK,
        ),
        StatusRow(
            (OmsStatus.PARTIAL,),
            "New",
            "If any item is out of stock, the order will wait until the item becomes available "
            "in OMS as Partial.",
            Inbound.ANY_OUT_OF_STOCK,
        ),
        StatusRow(
            (OmsStatus.IN_TRANSIT,),
            "In-transit",
            "Order is shipped and in-transit for delivery",
        ),
        StatusRow(
            (OmsStatus.COMPLETE,),
            "Delivered",
            "Upon successful delivery with Status as “Delivered”, the status is updated to "
            '"Completed" to Anchanto integrated carrier and same “Completed” status is updated '
            "in the OMS.",
        ),
        StatusRow(
            (OmsStatus.RFP,),
            "New",
            "Order is fulfilled and ready to be Packed",
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.CANCELED, OmsStatus.CANCEL_IN_PROCESS),
            "Cancelled",
            "If the buyer cancels the order on Etsy, the cancellation status will be reflected "
            f"there. {_CANCEL_RULE}",
        ),
        StatusRow(
            (OmsStatus.CANCELLED_BY_SELLER, OmsStatus.CANCELLED_BY_SELLER_IN_PROCESS),
            None,
            _CANCEL_RULE,
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.READY_TO_SHIP,),
            "New",
            "Order is packed and and ready to be picked up by carrier",
            Inbound.NEVER,
        ),
    ),
    aliases={"canceled": "Cancelled"},
)


oms_status = ETSY_STATUS_TABLE.oms_status
"""The OMS status for an incoming Etsy status ("New" is New or Partial by stock).

Raises `UnknownStatusError` for a status the table lacks; the error's `raw` keeps the value.

Examples:
    status = oms_status(receipt_status, all_lines_in_stock=True)
"""

channel_status = ETSY_STATUS_TABLE.channel_status
"""The Etsy status the table pairs with an OMS status; `None` for "Not Supported".

Examples:
    etsy_status = channel_status(OmsStatus.COMPLETE)  # 'Delivered'
"""

can_cancel = ETSY_STATUS_TABLE.can_cancel
"""Whether an Etsy order at an OMS status may be cancelled (only before Packed/Ready to Ship).

Examples:
    if can_cancel(order.oms_status): ...
"""

transition = ETSY_STATUS_TABLE.transition
"""What an incoming Etsy status does to an order at `current` (see `StatusTable.transition`).

The answer is `MoveTo`, `NoChange`, `Conflict` or `UnknownStatus`; it never raises.

Examples:
    decision = transition(order.oms_status, receipt_status, all_lines_in_stock=True)
"""
