"""Etsy's order status table (read from the Etsy integration seed) and the pure rules over it.

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

__all__ = [
    "ETSY_SEED",
    "ETSY_STATUS_TABLE",
    "can_cancel",
    "channel_status",
    "oms_status",
    "transition",
]

#: The seed the table is read from; `details` says each row in the SDK's own words.
ETSY_SEED = (
    "the Etsy integration seed (seeds/000_7939bc9825f0bff7.txt), its Order Status Mapping table"
)

_CANCEL_RULE = "Cancelling is possible only until the order reaches Packed or Ready to Ship."

#: The seed's "Order Status Mapping" table for Etsy, row for row, the details in our words.
ETSY_STATUS_TABLE = StatusTable(
    marketplace="Etsy",
    rows=(
        StatusRow(
            (OmsStatus.NEW,),
            "New",
            "Every line is in stock, so the OMS takes the order in as New.",
            Inbound.ALL_IN_STOCK,
        ),
        StatusRow(
            (OmsStatus.PARTIAL,),
            "New",
            "A line lacks stock: the OMS holds the order as Partial until that stock arrives.",
            Inbound.ANY_OUT_OF_STOCK,
        ),
        StatusRow(
            (OmsStatus.IN_TRANSIT,),
            "In-transit",
            "The parcel has left and is on its way to the buyer.",
        ),
        StatusRow(
            (OmsStatus.COMPLETE,),
            "Delivered",
            "Etsy reports the parcel delivered: the OMS closes the order as Complete, and an "
            "integrated carrier's shipment is marked complete too.",
        ),
        StatusRow(
            (OmsStatus.RFP,),
            "New",
            "The OMS has what the order needs and it waits to be packed; Etsy still shows New.",
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.CANCELED, OmsStatus.CANCEL_IN_PROCESS),
            "Cancelled",
            f"The buyer cancelled on Etsy and the OMS follows. {_CANCEL_RULE}",
        ),
        StatusRow(
            (OmsStatus.CANCELLED_BY_SELLER, OmsStatus.CANCELLED_BY_SELLER_IN_PROCESS),
            None,
            f"The OMS does not send a seller's cancellation to Etsy. {_CANCEL_RULE}",
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.READY_TO_SHIP,),
            "New",
            "Packed, the order waits for the carrier to collect it; Etsy shows New until the "
            "shipment is sent.",
            Inbound.NEVER,
        ),
    ),
    aliases={"canceled": "Cancelled"},
    source=ETSY_SEED,
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
