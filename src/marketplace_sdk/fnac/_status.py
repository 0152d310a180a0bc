"""FNAC's order status table (from the FNAC integration seed) and the pure rules over it.

FNAC statuses are the seed's words: "To be Shipped", "Shipped", "Received", "Cancelled"
(matched ignoring case, spaces, hyphens and underscores; the FNAC web services' own `ToShip`
is accepted for "To be Shipped"). Turning the other order states of the FNAC web services
(`Created`, `Accepted`, `Refused`, ...) into these words is the FNAC mapping's job. FNAC has
no status of its own for Ready to Ship: the OMS's Ready to Ship drives the shipping workflow.

`oms_status`, `channel_status`, `can_cancel` and `transition` are the table's rules
(`StatusTable`), under the names every marketplace package exports.

Examples:
    >>> oms_status("To be Shipped", all_lines_in_stock=True)
    <OmsStatus.NEW: 'New'>
    >>> oms_status("Received", all_lines_in_stock=True)
    <OmsStatus.COMPLETE: 'Complete'>
    >>> channel_status(OmsStatus.IN_TRANSIT)
    'Shipped'
    >>> channel_status(OmsStatus.READY_TO_SHIP) is None
    True
    >>> can_cancel(OmsStatus.PARTIAL), can_cancel(OmsStatus.COMPLETE)
    (True, False)
    >>> transition(OmsStatus.NEW, "Cancelled", all_lines_in_stock=True)
    MoveTo(status=<OmsStatus.CANCELED: 'Canceled'>)
    >>> transition(OmsStatus.COMPLETE, "Shipped", all_lines_in_stock=True).reason.value
    'moves_backwards'
"""

from __future__ import annotations

from marketplace_sdk.core._status import Inbound, OmsStatus, StatusRow, StatusTable

__all__ = [
    "FNAC_SEED",
    "FNAC_STATUS_TABLE",
    "can_cancel",
    "channel_status",
    "oms_status",
    "transition",
]

#: The seed the table is read from; `details` says each row in the SDK's own words.
FNAC_SEED = (
    "the FNAC integration seed (seeds/004_d403667e07cf66db.txt), its Order Status Mapping table"
)

_CANCEL_RULE = "Cancelling is possible only until the order reaches Packed or Ready to Ship."

#: The seed's "Order Status Mapping" table for FNAC, row for row, the details in our words.
FNAC_STATUS_TABLE = StatusTable(
    marketplace="FNAC",
    rows=(
        StatusRow(
            (OmsStatus.NEW,),
            "To be Shipped",
            "Every line is in stock, so the OMS takes the order in as New (the seed calls this "
            "step Pending).",
            Inbound.ALL_IN_STOCK,
        ),
        StatusRow(
            (OmsStatus.PARTIAL,),
            "To be Shipped",
            "A line lacks stock: the OMS holds the order as Partial until that stock arrives.",
            Inbound.ANY_OUT_OF_STOCK,
        ),
        StatusRow(
            (OmsStatus.IN_TRANSIT,),
            "Shipped",
            "FNAC shows the order shipped: the parcel is on its way to the buyer.",
        ),
        StatusRow(
            (OmsStatus.COMPLETE,),
            "Received",
            "FNAC reports the parcel received: the OMS closes the order as Complete, and an "
            "integrated carrier's shipment is marked complete too.",
        ),
        StatusRow(
            (OmsStatus.RFP,),
            "To be Shipped",
            "The OMS has what the order needs and it waits to be packed; FNAC still shows To be "
            "Shipped.",
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.CANCELED, OmsStatus.CANCEL_IN_PROCESS),
            "Cancelled",
            f"The buyer cancelled on FNAC and the OMS follows. {_CANCEL_RULE}",
        ),
        StatusRow(
            (OmsStatus.CANCELLED_BY_SELLER, OmsStatus.CANCELLED_BY_SELLER_IN_PROCESS),
            None,
            f"The OMS does not send a seller's cancellation to FNAC. {_CANCEL_RULE}",
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.READY_TO_SHIP,),
            None,
            "Packed, the order waits for the carrier to collect it; FNAC has no status for this "
            "step, and the OMS's Ready to Ship starts FNAC's shipping workflow.",
            Inbound.NEVER,
        ),
    ),
    aliases={"toship": "To be Shipped", "canceled": "Cancelled"},
    source=FNAC_SEED,
)


oms_status = FNAC_STATUS_TABLE.oms_status
"""The OMS status for an incoming FNAC status ("To be Shipped" is New or Partial by stock).

Raises `UnknownStatusError` for a status the table lacks; the error's `raw` keeps the value.

Examples:
    status = oms_status(order_status, all_lines_in_stock=True)
"""

channel_status = FNAC_STATUS_TABLE.channel_status
"""The FNAC status the table pairs with an OMS status; `None` for "Not Supported".

Examples:
    fnac_status = channel_status(OmsStatus.IN_TRANSIT)  # 'Shipped'
"""

can_cancel = FNAC_STATUS_TABLE.can_cancel
"""Whether an FNAC order at an OMS status may be cancelled (only before Packed/Ready to Ship).

Examples:
    if can_cancel(order.oms_status): ...
"""

transition = FNAC_STATUS_TABLE.transition
"""What an incoming FNAC status does to an order at `current` (see `StatusTable.transition`).

The answer is `MoveTo`, `NoChange`, `Conflict` or `UnknownStatus`; it never raises.

Examples:
    decision = transition(order.oms_status, order_status, all_lines_in_stock=True)
"""
