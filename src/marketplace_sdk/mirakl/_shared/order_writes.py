"""What the sync and async Mirakl order mixins share to write orders: the OR21 plan, the
results read from Mirakl's states, the OR24 precheck and the OR23 body. Nothing here sends a
request.

Examples:
    >>> ship_precheck(MiraklOrder(order_id="O-A", order_state="RECEIVED")).is_ok
    True
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence

import attrs

from marketplace_sdk.core._carriers import CarrierTable, carrier_key
from marketplace_sdk.core._models import Shipment
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.mirakl._models import Carrier, LineDecision, OrderState, Tracking
from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._models import OrderLine as MiraklLine

__all__ = [
    "AWAITING_CAPACITY",
    "LINE_REFUSED",
    "ORDER_STATE",
    "AcceptPlan",
    "AwaitingAcceptance",
    "accept_plan",
    "decided",
    "same_tracking",
    "ship_precheck",
    "tracking_for",
]

#: The code of a line result whose line Mirakl shows refused while it was to be accepted.
LINE_REFUSED = "line_refused"
#: The code of a result the order's (or line's) state decided.
ORDER_STATE = "order_state"

#: Line states past acceptance: accepted lines, whatever happened to them since.
_PAST_ACCEPTANCE = frozenset(
    {
        OrderState.WAITING_DEBIT,
        OrderState.WAITING_DEBIT_PAYMENT,
        OrderState.SHIPPING,
        OrderState.SHIPPED,
        OrderState.TO_COLLECT,
        OrderState.RECEIVED,
        OrderState.CLOSED,
        OrderState.INCIDENT_OPEN,
        OrderState.REFUNDED,
        OrderState.WAITING_REFUND,
        OrderState.WAITING_REFUND_PAYMENT,
    }
)
_NOT_SOLD = frozenset({OrderState.REFUSED, OrderState.CANCELED})


def _state(value: OrderState | str) -> str:
    return value.value if isinstance(value, OrderState) else value


@attrs.frozen
class AcceptPlan:
    """What `accept_order` sends: a decision for every line awaiting one, or nothing.

    Attributes:
        decisions: the OR21 decisions (every line waiting for acceptance, MIRAKL-Q09); empty
            when no call is needed.
        results: the results decided without a call (lines already decided, unknown lines, an
            order not awaiting acceptance).
        lines: every line of the order, then the unknown ones asked for (the result order).

    Examples:
        >>> AcceptPlan((), {}, ()).send
        False
    """

    decisions: tuple[LineDecision, ...]
    results: Mapping[str, ItemResult]
    lines: tuple[str, ...]

    @property
    def send(self) -> bool:
        """Whether OR21 is to be called."""
        return bool(self.decisions)

    def ordered(self, results: Mapping[str, ItemResult]) -> list[ItemResult]:
        """One result per line, in `lines` order, `results` over the decided ones."""
        merged = {**self.results, **results}
        return [merged[key] for key in self.lines]


def _line_result(line: MiraklLine, accept: bool, order_state: str) -> ItemResult:
    """A line's result from the state Mirakl shows it in, for the intent (accept or refuse)."""
    key = line.order_line_id
    state = _state(line.order_line_state)
    if state == OrderState.STAGING or order_state == OrderState.STAGING:
        return ItemResult.retry_later(
            key, code=ORDER_STATE, message="Mirakl is still validating the order (STAGING)"
        )
    if state in _NOT_SOLD:
        if not accept:
            return ItemResult.ok(key)
        code = LINE_REFUSED if state == OrderState.REFUSED else ORDER_STATE
        return ItemResult.rejected(key, code=code, message=f"Mirakl shows this line {state}")
    if state in _PAST_ACCEPTANCE:
        if accept:
            return ItemResult.ok(key)
        return ItemResult.rejected(
            key, code=ORDER_STATE, message=f"the line is already accepted ({state})"
        )
    if state == OrderState.WAITING_ACCEPTANCE:
        return ItemResult.rejected(
            key,
            code=ORDER_STATE,
            message=f"the line awaits a decision but the order is {order_state}",
        )
    return ItemResult.unknown(
        key, code=ORDER_STATE, message=f"Mirakl shows the line in a state unknown here: {state}"
    )


def accept_plan(order: MiraklOrder, lines: Collection[str] | None) -> AcceptPlan:
    """Decide an acceptance: every line when `lines` is None, else those, the others refused.

    A WAITING_ACCEPTANCE order gets one decision for each of its lines awaiting one, in one
    OR21 call (MIRAKL-Q09). Any other order needs no call: each line's result says whether
    Mirakl shows it as asked (ok: accepted when to accept, refused or cancelled when to refuse),
    retry later while Mirakl validates it (STAGING). A line id the order lacks is rejected.

    Examples:
        >>> wire = MiraklOrder.model_validate({"order_id": "O-A",
        ...     "order_state": "WAITING_ACCEPTANCE", "order_lines": [
        ...     {"order_line_id": "O-A-1", "order_line_state": "WAITING_ACCEPTANCE"},
        ...     {"order_line_id": "O-A-2", "order_line_state": "WAITING_ACCEPTANCE"}]})
        >>> [(d.id, d.accepted) for d in accept_plan(wire, ["O-A-2"]).decisions]
        [('O-A-1', False), ('O-A-2', True)]
    """
    ids = tuple(line.order_line_id for line in order.order_lines)
    wanted = None if lines is None else set(lines)
    unknown = tuple(dict.fromkeys(line for line in (lines or ()) if line not in ids))
    results: dict[str, ItemResult] = {
        line: ItemResult.rejected(
            line, code="unknown_line", message=f"order {order.order_id} has no line {line}"
        )
        for line in unknown
    }
    state = _state(order.order_state)
    decisions: list[LineDecision] = []
    for line in order.order_lines:
        accept = wanted is None or line.order_line_id in wanted
        waiting = _state(line.order_line_state) == OrderState.WAITING_ACCEPTANCE
        if state == OrderState.WAITING_ACCEPTANCE and waiting:
            decisions.append(LineDecision(id=line.order_line_id, accepted=accept))
        else:
            results[line.order_line_id] = _line_result(line, accept, state)
    return AcceptPlan(tuple(decisions), results, ids + unknown)


def decided(plan: AcceptPlan, outcome: ItemResult | None = None) -> dict[str, ItemResult]:
    """The results of the plan's decided lines: ok when OR21 took them, else `outcome`'s kind.

    Examples:
        >>> plan = AcceptPlan((LineDecision(id="L1", accepted=True),), {}, ("L1",))
        >>> decided(plan)["L1"].is_ok
        True
    """
    results = {}
    for decision in plan.decisions:
        key = decision.id
        if outcome is None:
            results[key] = ItemResult.ok(key)
        else:
            results[key] = outcome.model_copy(update={"key": key})
    return results


#: Order states past the shipment: the parcel left (never ship twice).
_SHIPPED = frozenset(
    {OrderState.SHIPPED, OrderState.TO_COLLECT, OrderState.RECEIVED, OrderState.CLOSED}
)
_NOT_PAID = frozenset(
    {OrderState.STAGING, OrderState.WAITING_DEBIT, OrderState.WAITING_DEBIT_PAYMENT}
)


def ship_precheck(order: MiraklOrder) -> ItemResult | None:
    """The result of `ready_to_ship` when the order's state decides it without a call.

    SHIPPED or later is ok: the shipment was already confirmed, never twice. Before the buyer
    is charged (STAGING, WAITING_DEBIT, WAITING_DEBIT_PAYMENT) it is retry later (MIRAKL-Q10);
    WAITING_ACCEPTANCE needs acceptance first; a cancelled, refused or unknown state is
    rejected naming it. `None`: the order is in SHIPPING and is to be shipped (MIRAKL-Q11).

    Examples:
        >>> ship_precheck(MiraklOrder(order_id="O-A", order_state="SHIPPED")).is_ok
        True
        >>> ship_precheck(MiraklOrder(order_id="O-A", order_state="SHIPPING")) is None
        True
    """
    key = order.order_id
    state = _state(order.order_state)
    if state in _SHIPPED:
        return ItemResult.ok(key)
    if state == OrderState.SHIPPING:
        return None
    if state in _NOT_PAID:
        return ItemResult.retry_later(
            key, code=ORDER_STATE, message=f"Mirakl has not charged the buyer yet ({state})"
        )
    if state == OrderState.WAITING_ACCEPTANCE:
        return ItemResult.rejected(
            key, code=ORDER_STATE, message="accept the order before shipping it"
        )
    return ItemResult.rejected(
        key, code=ORDER_STATE, message=f"the Mirakl order is {state}; it cannot be shipped"
    )


def tracking_for(
    shipment: Shipment, carriers: Sequence[Carrier], table: CarrierTable | None = None
) -> Tracking:
    """The OR23 body for a shipment: a registered carrier's code, else its name (MIRAKL-Q11).

    The carrier's code is the channel's carrier `table`'s (an OMS name to a Mirakl code), or the
    carrier's own code, standard code or label as SH21 lists it (spelling ignored); a code is
    sent only when the operator's SH21 list has it (or the list is empty). A carrier the
    operator does not list goes by its name and tracking URL, which Mirakl takes for a carrier
    it does not know.

    Examples:
        >>> from datetime import UTC, datetime
        >>> at = datetime(2026, 1, 6, tzinfo=UTC)
        >>> known = [Carrier(code="COLISSIMO", label="Colissimo")]
        >>> tracking_for(Shipment(carrier="colissimo", tracking_number="6A1", shipped_at=at),
        ...              known).wire()
        {'carrier_code': 'COLISSIMO', 'tracking_number': '6A1'}
        >>> tracking_for(Shipment(carrier="Coursier Lyon", shipped_at=at), known).wire()
        {'carrier_name': 'Coursier Lyon'}
        >>> table = CarrierTable("Mirakl", {"La Poste": "COLISSIMO"})
        >>> tracking_for(Shipment(carrier="La Poste", shipped_at=at), known, table).carrier_code
        'COLISSIMO'
    """
    listed = {carrier.code.casefold(): carrier.code for carrier in carriers}
    mapped = table.lookup(shipment.carrier) if table is not None else None
    if mapped is not None and (not listed or mapped.casefold() in listed):
        code = listed.get(mapped.casefold(), mapped)
        return Tracking(carrier_code=code, tracking_number=shipment.tracking_number)
    key = carrier_key(shipment.carrier)
    for carrier in carriers:
        names = (carrier.code, carrier.standard_code, carrier.label)
        if any(name and carrier_key(name) == key for name in names):
            return Tracking(carrier_code=carrier.code, tracking_number=shipment.tracking_number)
    return Tracking(
        carrier_name=shipment.carrier,
        carrier_url=shipment.tracking_url,
        tracking_number=shipment.tracking_number,
    )


def same_tracking(order: MiraklOrder, tracking: Tracking) -> bool:
    """Whether Mirakl already holds this tracking for the order (OR23 need not be sent).

    Examples:
        >>> order = MiraklOrder(order_id="O-A", order_state="SHIPPING",
        ...     shipping_carrier_code="UPS", shipping_tracking="1Z9")
        >>> same_tracking(order, Tracking(carrier_code="UPS", tracking_number="1Z9"))
        True
    """
    if (order.shipping_tracking or None) != (tracking.tracking_number or None):
        return False
    if tracking.carrier_code:
        return order.shipping_carrier_code == tracking.carrier_code
    return carrier_key(order.shipping_company or "") == carrier_key(tracking.carrier_name or "")


#: How many orders awaiting acceptance a channel keeps for `accept_order` (see
#: `AwaitingAcceptance`).
AWAITING_CAPACITY = 1_000


class AwaitingAcceptance:
    """What `accept_order` needs of the orders awaiting acceptance a channel last read, so it
    need not read them again.

    Only orders in WAITING_ACCEPTANCE are kept, each until it is taken for a decision or read
    in another state, and only what a decision needs: the order's id and state, and each line's
    id and state (a few hundred bytes, not the ~15 KB wire order). Memory is bounded: past
    `capacity` orders (`AWAITING_CAPACITY`, 1,000 by default) the least recently read are
    forgotten, and `accept_order` on one of those reads it by id first (OR11's synchronous use,
    its own bucket: no minute's wait), so the bound costs one read, never a decision. A kept
    order may be stale: OR21 on an order no longer waiting is refused by Mirakl without effect
    (`ORDER_INVALID_STATE`), after which the order is read.

    Examples:
        >>> kept = AwaitingAcceptance()
        >>> kept.remember(MiraklOrder.model_validate({"order_id": "O-A",
        ...     "order_state": "WAITING_ACCEPTANCE", "order_lines": [
        ...     {"order_line_id": "O-A-1", "order_line_state": "WAITING_ACCEPTANCE"}]}))
        >>> order = kept.take("O-A")
        >>> order.order_id, [line.order_line_id for line in order.order_lines], kept.take("O-A")
        ('O-A', ['O-A-1'], None)
    """

    def __init__(self, capacity: int = AWAITING_CAPACITY) -> None:
        if capacity < 1:
            raise ValueError(f"capacity must be at least 1, not {capacity}")
        self.capacity = capacity
        # order id -> (order state, ((line id, line state), ...))
        self._orders: OrderedDict[str, tuple[object, tuple[tuple[str, object], ...]]] = (
            OrderedDict()
        )

    def __len__(self) -> int:
        return len(self._orders)

    def remember(self, order: MiraklOrder) -> None:
        """Keep `order`'s ids and states when it awaits acceptance, else forget any older read
        of it."""
        if order.order_state != OrderState.WAITING_ACCEPTANCE:
            self._orders.pop(order.order_id, None)
            return
        lines = tuple((line.order_line_id, line.order_line_state) for line in order.order_lines)
        self.remember_states(order.order_id, order.order_state, lines)

    def remember_states(
        self, order_id: str, state: object, lines: tuple[tuple[str, object], ...]
    ) -> None:
        """`remember` of an order read without its model: its id and state, and each line's
        id and state.

        Examples:
            >>> kept = AwaitingAcceptance()
            >>> line = ("O-A-1", "WAITING_ACCEPTANCE")
            >>> kept.remember_states("O-A", "WAITING_ACCEPTANCE", (line,))
            >>> kept.take("O-A").order_lines[0].order_line_id
            'O-A-1'
        """
        if state != OrderState.WAITING_ACCEPTANCE:
            self._orders.pop(order_id, None)
            return
        self._orders[order_id] = (state, lines)
        self._orders.move_to_end(order_id)
        if len(self._orders) > self.capacity:
            self._orders.popitem(last=False)

    def take(self, order_id: str) -> MiraklOrder | None:
        """The kept order (its ids and states only), forgotten from now on; `None` when none
        is kept."""
        kept = self._orders.pop(order_id, None)
        if kept is None:
            return None
        state, lines = kept
        return MiraklOrder.model_validate(
            {
                "order_id": order_id,
                "order_state": state,
                "order_lines": [
                    {"order_line_id": line_id, "order_line_state": line_state}
                    for line_id, line_state in lines
                ],
            }
        )
