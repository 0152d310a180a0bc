"""FNAC's order status table (from the FNAC integration seed) and the pure rules over it.

FNAC statuses are the seed's words: "To be Shipped", "Shipped", "Received", "Cancelled"
(matched ignoring case, spaces, hyphens and underscores; the FNAC web services' own `ToShip`
is accepted for "To be Shipped"). Turning the other order states of the FNAC web services
(`Created`, `Accepted`, `Refused`, ...) into these words is the FNAC mapping's job. FNAC has
no status of its own for Ready to Ship: the OMS's Ready to Ship drives the shipping workflow.

Example:
    >>> oms_status("To be Shipped", all_lines_in_stock=True)
    <OmsStatus.NEW: 'New'>
    >>> channel_status(OmsStatus.READY_TO_SHIP) is None
    True
    >>> transition(OmsStatus.COMPLETE, "Shipped", all_lines_in_stock=True).reason.value
    'moves_backwards'
"""

from __future__ import annotations

from marketplace_sdk.core._status import Inbound, OmsStatus, StatusRow, StatusTable, Transition
from marketplace_sdk.core._transitions import decide_transition

__all__ = ["FNAC_STATUS_TABLE", "can_cancel", "channel_status", "oms_status", "transition"]

_CANCEL_RULE = (
    '*Orders can only be cancelled before reaching the "Packed" or "Ready to Ship" status.'
)

#: The seed's "Order Status Mapping" table for FNAC, row for row; `details` is the seed's text
#: ("Iconic" in the seed means the marketplace the page is about, here FNAC).
FNAC_STATUS_TABLE = StatusTable(
    marketplace="FNAC",
    rows=(
        StatusRow(
            (OmsStatus.NEW,),
            "To be Shipped",
            "When all items in the order are in stock, the order can be moved to the "
            '"Pending" status.',
            Inbound.ALL_IN_STOCK,
        ),
        StatusRow(
            (OmsStatus.PARTIAL,),
            "To be Shipped",
            "If any item is out of stock, the order will wait until the item becomes available "
            "in OMS as Partial.",
            Inbound.ANY_OUT_OF_STOCK,
        ),
        StatusRow(
            (OmsStatus.IN_TRANSIT,),
            "Shipped",
            "Order is shipped and in-transit for delivery",
        ),
        StatusRow(
            (OmsStatus.COMPLETE,),
            "Received",
            "Upon successful delivery with Status as “Received”, the status is updated to "
            '"Completed" to Anchanto integrated carrier and same “Completed” status is updated '
            "in the OMS.",
        ),
        StatusRow(
            (OmsStatus.RFP,),
            "To be Shipped",
            "Order is fulfilled and ready to be Packed",
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.CANCELED, OmsStatus.CANCEL_IN_PROCESS),
            "Cancelled",
            "If the buyer cancels the order on Iconic, the cancellation status will be "
            f"reflected there. {_CANCEL_RULE}",
        ),
        StatusRow(
            (OmsStatus.CANCELLED_BY_SELLER, OmsStatus.CANCELLED_BY_SELLER_IN_PROCESS),
            None,
            _CANCEL_RULE,
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.READY_TO_SHIP,),
            None,
            "Order is packed and and ready to be picked up by carrier",
            Inbound.NEVER,
        ),
    ),
    aliases={"toship": "To be Shipped", "canceled": "Cancelled"},
)


def oms_status(marketplace_status: str, *, all_lines_in_stock: bool) -> OmsStatus:
    """The OMS status for an incoming FNAC status ("To be Shipped" is New or Partial by stock).

    Raises:
        marketplace_sdk.core._status.UnknownStatusError: not a FNAC status of the table;
            the error's `raw` keeps the value.

    Example:
        >>> oms_status("Received", all_lines_in_stock=True)
        <OmsStatus.COMPLETE: 'Complete'>
    """
    return FNAC_STATUS_TABLE.oms_status(marketplace_status, all_lines_in_stock=all_lines_in_stock)


def channel_status(oms_status: OmsStatus) -> str | None:
    """The FNAC status the table pairs with `oms_status`; `None` for "Not Supported".

    Example:
        >>> channel_status(OmsStatus.IN_TRANSIT)
        'Shipped'
    """
    return FNAC_STATUS_TABLE.channel_status(oms_status)


def can_cancel(oms_status: OmsStatus) -> bool:
    """Whether a FNAC order in `oms_status` may be cancelled (only before Packed/Ready to Ship).

    Example:
        >>> can_cancel(OmsStatus.PARTIAL), can_cancel(OmsStatus.COMPLETE)
        (True, False)
    """
    return FNAC_STATUS_TABLE.can_cancel(oms_status)


def transition(current: OmsStatus | None, incoming: str, *, all_lines_in_stock: bool) -> Transition:
    """What an incoming FNAC status does to an order at `current` (see `decide_transition`).

    Example:
        >>> transition(OmsStatus.NEW, "Cancelled", all_lines_in_stock=True)
        MoveTo(status=<OmsStatus.CANCELED: 'Canceled'>)
    """
    return decide_transition(
        FNAC_STATUS_TABLE, current, incoming, all_lines_in_stock=all_lines_in_stock
    )
