"""The inbound transition rule: what an incoming marketplace status does to an OMS order.

`decide_transition` answers with data (`MoveTo`, `NoChange`, `Conflict`, `UnknownStatus`
from `marketplace_sdk.core._status`), never by raising, for any incoming string. A `Conflict`
is for a person to resolve; nothing applies it silently. `StatusTable.transition` applies it
to a table, and each marketplace package exports that as `transition`.

Examples:
    >>> from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
    >>> decide_transition(ETSY_STATUS_TABLE, OmsStatus.RFP, "New", all_lines_in_stock=True)
    NoChange(status=<OmsStatus.RFP: 'RFP'>)
    >>> decide_transition(ETSY_STATUS_TABLE, OmsStatus.IN_TRANSIT, "Cancelled",
    ...                   all_lines_in_stock=True).reason.value
    'cancelled_after_ready_to_ship'
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from marketplace_sdk.core._status import (
    Conflict,
    ConflictReason,
    MoveTo,
    NoChange,
    OmsStatus,
    StatusTable,
    Transition,
    UnknownStatus,
    UnknownStatusError,
)

__all__ = ["decide_transition"]

#: How far an order has progressed; a move to a lower rank goes backwards.
_RANK: Mapping[OmsStatus, int] = MappingProxyType(
    {
        OmsStatus.NEW: 0,
        OmsStatus.PARTIAL: 0,
        OmsStatus.RFP: 1,
        OmsStatus.READY_TO_SHIP: 2,
        OmsStatus.IN_TRANSIT: 3,
        OmsStatus.COMPLETE: 4,
    }
)
_BUYER_CANCELLED = frozenset({OmsStatus.CANCELED, OmsStatus.CANCEL_IN_PROCESS})
_SELLER_CANCELLED = frozenset(
    {OmsStatus.CANCELLED_BY_SELLER, OmsStatus.CANCELLED_BY_SELLER_IN_PROCESS}
)
_CANCELLED = _BUYER_CANCELLED | _SELLER_CANCELLED
_CANCEL_IN_PROCESS = frozenset(
    {OmsStatus.CANCEL_IN_PROCESS, OmsStatus.CANCELLED_BY_SELLER_IN_PROCESS}
)
#: The order has not left the seller yet; the marketplace still shows it as to be shipped.
_NOT_SHIPPED = frozenset({OmsStatus.NEW, OmsStatus.PARTIAL, OmsStatus.RFP, OmsStatus.READY_TO_SHIP})


def decide_transition(
    table: StatusTable, current: OmsStatus | None, incoming: str, *, all_lines_in_stock: bool
) -> Transition:
    """Decide what an incoming marketplace status does to an order now at `current`.

    Rules, in order:

    1. An unknown `incoming` gives `UnknownStatus` (raw kept).
    2. No current status (a new order): `MoveTo` the mapped status.
    3. Same status: `NoChange`.
    4. A buyer cancellation: applied (`MoveTo` Canceled) while `table.can_cancel(current)`;
       it completes a cancellation in process (the seller's or the buyer's); it is a
       `Conflict` from Ready to Ship on.
    5. While a cancellation is in process, the marketplace still showing the order as not
       shipped is `NoChange`; any other active status for a cancelled order (or one being
       cancelled) is a `Conflict`.
    6. The marketplace still shows the order as not shipped while the OMS is at RFP or Ready
       to Ship: `NoChange` (the OMS is ahead; the marketplace catches up when the shipment is
       sent).
    7. Between New and Partial (the stock changed): `MoveTo`.
    8. Forward: `MoveTo`; backward: `Conflict`.

    Examples:
        >>> from marketplace_sdk.fnac._status import FNAC_STATUS_TABLE
        >>> decide_transition(FNAC_STATUS_TABLE, None, "To be Shipped", all_lines_in_stock=False)
        MoveTo(status=<OmsStatus.PARTIAL: 'Partial'>)
    """
    try:
        proposed = table.oms_status(incoming, all_lines_in_stock=all_lines_in_stock)
    except UnknownStatusError:
        return UnknownStatus(incoming, table.marketplace)
    if current is None:
        return MoveTo(proposed)
    current = OmsStatus(current)
    if proposed == current:
        return NoChange(current)
    if proposed in _BUYER_CANCELLED:
        return _cancellation(table, current, incoming, proposed)
    if current in _CANCEL_IN_PROCESS and proposed in _NOT_SHIPPED:
        return NoChange(current)
    if current in _CANCELLED:
        return Conflict(
            current,
            incoming,
            proposed,
            ConflictReason.REOPENED_AFTER_CANCELLATION,
            f"{table.marketplace} reports {incoming!r} for an order the OMS has as {current}; "
            "a cancelled order is not reopened automatically",
        )
    if proposed in _NOT_SHIPPED and current in _NOT_SHIPPED:
        if _RANK[current] > _RANK[proposed]:
            return NoChange(current)
        return MoveTo(proposed)
    if _RANK[proposed] > _RANK[current]:
        return MoveTo(proposed)
    return Conflict(
        current,
        incoming,
        proposed,
        ConflictReason.MOVES_BACKWARDS,
        f"{table.marketplace} reports {incoming!r} ({proposed}) for an order the OMS has as "
        f"{current}; that would move the order backwards",
    )


def _cancellation(
    table: StatusTable, current: OmsStatus, incoming: str, proposed: OmsStatus
) -> Transition:
    if current == OmsStatus.CANCEL_IN_PROCESS:
        return MoveTo(OmsStatus.CANCELED)
    if current == OmsStatus.CANCELLED_BY_SELLER_IN_PROCESS:
        return MoveTo(OmsStatus.CANCELLED_BY_SELLER)
    if current in _CANCELLED:
        return NoChange(current)
    if table.can_cancel(current):
        return MoveTo(proposed)
    return Conflict(
        current,
        incoming,
        proposed,
        ConflictReason.CANCELLED_AFTER_READY_TO_SHIP,
        f"the buyer cancelled on {table.marketplace} an order the OMS has as {current}; "
        "orders can only be cancelled before Packed or Ready to Ship",
    )
