"""Mirakl's order status table (every OR11 order state) and the pure rules over it.

No seed has a Mirakl table: the rows follow the seeds' Etsy and FNAC tables, one row per Mirakl
order state (OR11's `order_state_codes` enum, plus the deprecated WAITING_REFUND and
WAITING_REFUND_PAYMENT some platforms still send, MIRAKL-Q08). The marketplace statuses are
Mirakl's own codes, matched ignoring case, spaces, hyphens and underscores:

* STAGING (Mirakl still validates the order: not yet actionable, MIRAKL-Q08), WAITING_ACCEPTANCE
  (the shop must decide every line, OR21), WAITING_DEBIT and WAITING_DEBIT_PAYMENT (accepted, the
  buyer not yet charged, MIRAKL-Q10) and SHIPPING (paid, to ship) are New or Partial by the OMS's
  stock, as the seeds' "To be Shipped" is; `Order.paid` tells the charged ones apart.
* SHIPPED and TO_COLLECT (waiting at a collection point) are In_transit; RECEIVED and CLOSED are
  Complete.
* CANCELED and REFUSED (the shop refused every line, or the operator refused the order
  unanswered in time, MIRAKL-Q09) are Canceled; the deprecated refund states are a cancellation
  in process.

A state Mirakl adds later is no error: `transition` answers `UnknownStatus` (the raw state kept
for a person), and the mapping keeps the order with that state and no OMS status.

`oms_status`, `channel_status`, `can_cancel` and `transition` are the table's rules
(`StatusTable`), under the names every marketplace package exports.

Examples:
    >>> oms_status("SHIPPING", all_lines_in_stock=False)
    <OmsStatus.PARTIAL: 'Partial'>
    >>> oms_status("to_collect", all_lines_in_stock=True)
    <OmsStatus.IN_TRANSIT: 'In_transit'>
    >>> channel_status(OmsStatus.NEW), channel_status(OmsStatus.READY_TO_SHIP)
    ('WAITING_ACCEPTANCE', 'SHIPPING')
    >>> transition(OmsStatus.NEW, "REFUSED", all_lines_in_stock=True)
    MoveTo(status=<OmsStatus.CANCELED: 'Canceled'>)
    >>> transition(OmsStatus.NEW, "ON_HOLD_FOR_REVIEW", all_lines_in_stock=True).raw
    'ON_HOLD_FOR_REVIEW'
"""

from __future__ import annotations

from marketplace_sdk.core._status import (
    Inbound,
    OmsStatus,
    StatusRow,
    StatusTable,
    UnknownStatusError,
)

__all__ = [
    "MIRAKL_DEPRECATED_STATES",
    "MIRAKL_ORDER_STATES",
    "MIRAKL_SOURCE",
    "MIRAKL_STATUS_TABLE",
    "MIRAKL_SYNCED_STATUSES",
    "can_cancel",
    "channel_status",
    "known_oms_status",
    "oms_status",
    "transition",
]

#: OR11's `order_state_codes` enum, in workflow order: the states a status filter may send.
MIRAKL_ORDER_STATES: tuple[str, ...] = (
    "STAGING",
    "WAITING_ACCEPTANCE",
    "WAITING_DEBIT",
    "WAITING_DEBIT_PAYMENT",
    "SHIPPING",
    "SHIPPED",
    "TO_COLLECT",
    "RECEIVED",
    "CLOSED",
    "REFUSED",
    "CANCELED",
)
#: Order states OR11 no longer lists but some platforms still send (MIRAKL-Q08).
MIRAKL_DEPRECATED_STATES: tuple[str, ...] = ("WAITING_REFUND", "WAITING_REFUND_PAYMENT")

#: Where the table comes from; `details` says each row in the SDK's own words.
MIRAKL_SOURCE = (
    "Mirakl's seller (MMP) API, OR11's order states (MIRAKL-Q08 to Q12); no seed has a Mirakl "
    "table, so the rows pair the states the way the seeds' Etsy and FNAC tables do"
)

_CANCEL_RULE = "Cancelling is possible only until the order reaches Packed or Ready to Ship."


def _by_stock(state: str, meaning: str) -> tuple[StatusRow, StatusRow]:
    # A state before shipping is New or Partial by the OMS's stock, as the seeds' "New" is.
    return (
        StatusRow(
            (OmsStatus.NEW,), state, f"{meaning}; every line in stock: New.", Inbound.ALL_IN_STOCK
        ),
        StatusRow(
            (OmsStatus.PARTIAL,),
            state,
            f"{meaning}; a line lacks stock: Partial.",
            Inbound.ANY_OUT_OF_STOCK,
        ),
    )


#: Every Mirakl order state and the OMS status it maps to; the details in our words.
MIRAKL_STATUS_TABLE = StatusTable(
    marketplace="Mirakl",
    rows=(
        *_by_stock(
            "WAITING_ACCEPTANCE",
            "The buyer ordered and the shop must accept or refuse every line in one OR21 call "
            "before the operator's deadline (MIRAKL-Q09)",
        ),
        *_by_stock(
            "STAGING",
            "Mirakl is still validating the order (fraud check): not yet actionable, the OMS "
            "holds its stock",
        ),
        *_by_stock(
            "WAITING_DEBIT",
            "Accepted; the operator has not charged the buyer yet: do not ship (MIRAKL-Q10)",
        ),
        *_by_stock(
            "WAITING_DEBIT_PAYMENT",
            "Accepted; the buyer's payment is being confirmed: do not ship (MIRAKL-Q10)",
        ),
        *_by_stock("SHIPPING", "Paid: the shop ships it (OR23 tracking, then OR24)"),
        StatusRow(
            (OmsStatus.RFP,),
            "SHIPPING",
            "The OMS has what the order needs and it waits to be packed; Mirakl still shows "
            "SHIPPING.",
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.READY_TO_SHIP,),
            "SHIPPING",
            "Packed: the OMS's Ready to Ship sends the tracking (OR23) and confirms the "
            "shipment (OR24); Mirakl shows SHIPPING until then.",
            Inbound.NEVER,
        ),
        StatusRow(
            (OmsStatus.IN_TRANSIT,),
            "SHIPPED",
            "The shipment is confirmed: the parcel is on its way to the buyer.",
        ),
        StatusRow(
            (OmsStatus.IN_TRANSIT,),
            "TO_COLLECT",
            "The parcel waits for the buyer at a collection point.",
        ),
        StatusRow(
            (OmsStatus.COMPLETE,),
            "RECEIVED",
            "The buyer received the parcel (or the operator marked it received some days "
            "after shipping): the OMS closes the order as Complete.",
        ),
        StatusRow(
            (OmsStatus.COMPLETE,),
            "CLOSED",
            "Mirakl closed the order (no more refunds, MIRAKL-Q12): Complete.",
        ),
        StatusRow(
            (OmsStatus.CANCELED, OmsStatus.CANCEL_IN_PROCESS),
            "CANCELED",
            "The order was cancelled on Mirakl (by the buyer, the operator, an unpaid debit or "
            f"the shop's own OR29) and the OMS follows; release its stock. {_CANCEL_RULE}",
        ),
        StatusRow(
            (OmsStatus.CANCELED,),
            "REFUSED",
            "The shop refused every line, or the operator refused the order unanswered in "
            "time (MIRAKL-Q09): it will not be fulfilled. Push the offers' stock again, the "
            "operator may have zeroed it.",
        ),
        StatusRow(
            (OmsStatus.CANCEL_IN_PROCESS,),
            "WAITING_REFUND",
            "Deprecated state some platforms still send: the order is being refunded; the "
            "OMS holds it as a cancellation in process until CANCELED.",
        ),
        StatusRow(
            (OmsStatus.CANCEL_IN_PROCESS,),
            "WAITING_REFUND_PAYMENT",
            "Deprecated state some platforms still send: the refund is being paid; a "
            "cancellation in process.",
        ),
        StatusRow(
            (OmsStatus.CANCELLED_BY_SELLER, OmsStatus.CANCELLED_BY_SELLER_IN_PROCESS),
            None,
            f"The OMS does not send a seller's cancellation to Mirakl. {_CANCEL_RULE}",
            Inbound.NEVER,
        ),
    ),
    aliases={"cancelled": "CANCELED"},
    source=MIRAKL_SOURCE,
)

#: The states the 30-minute order job syncs: every state OR11 lists. A filter naming all of
#: them sends none (`iter_orders` reads every order then), so a state Mirakl adds is synced too.
MIRAKL_SYNCED_STATUSES: tuple[str, ...] = MIRAKL_ORDER_STATES


oms_status = MIRAKL_STATUS_TABLE.oms_status
"""The OMS status for an incoming Mirakl order state (before shipping: New or Partial by stock).

Raises `UnknownStatusError` for a state the table lacks; the error's `raw` keeps the value.

Examples:
    status = oms_status(order.order_state, all_lines_in_stock=True)
"""

channel_status = MIRAKL_STATUS_TABLE.channel_status
"""The Mirakl state the table pairs with an OMS status; `None` for "Not Supported".

Examples:
    mirakl_state = channel_status(OmsStatus.IN_TRANSIT)  # 'SHIPPED'
"""

can_cancel = MIRAKL_STATUS_TABLE.can_cancel
"""Whether a Mirakl order at an OMS status may be cancelled (only before Packed/Ready to Ship).

Examples:
    if can_cancel(order.oms_status): ...
"""

transition = MIRAKL_STATUS_TABLE.transition
"""What an incoming Mirakl state does to an order at `current` (see `StatusTable.transition`).

The answer is `MoveTo`, `NoChange`, `Conflict` or `UnknownStatus`; it never raises.

Examples:
    decision = transition(order.oms_status, order.marketplace_status, all_lines_in_stock=True)
"""


def known_oms_status(state: str) -> OmsStatus | None:
    """The OMS status a Mirakl order state decides on its own, never raising.

    `None` for a state before shipping (New or Partial depends on the OMS's stock) and for a
    state the table does not know (MIRAKL-Q08: tolerated, kept as received by the mapping).

    Examples:
        >>> known_oms_status("CLOSED"), known_oms_status("SHIPPING"), known_oms_status("NEW_ONE")
        (<OmsStatus.COMPLETE: 'Complete'>, None, None)
    """
    try:
        with_stock = oms_status(state, all_lines_in_stock=True)
        without = oms_status(state, all_lines_in_stock=False)
    except UnknownStatusError:
        return None
    return with_stock if with_stock == without else None
