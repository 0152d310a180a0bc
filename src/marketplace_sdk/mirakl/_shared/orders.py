"""What the sync and async Mirakl order mixins share: the status filter and the window rules.
Nothing here sends a request.

Examples:
    >>> StateFilter.of(["shipping", "Shipped"]).codes
    ('SHIPPING', 'SHIPPED')
    >>> StateFilter.of(None).codes
    ()
"""

from __future__ import annotations

import logging
from collections import OrderedDict
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from typing import Generic, TypeVar

import attrs

from marketplace_sdk.core._carriers import CarrierTable, carrier_key
from marketplace_sdk.core._errors import NotFoundError
from marketplace_sdk.core._models import Order, Shipment
from marketplace_sdk.core._pagination import Page, Paginator
from marketplace_sdk.core._request import Call
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.core._status import StatusFilterError, normalize_status
from marketplace_sdk.mirakl._models import Carrier, LineDecision, OrderState, Tracking
from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._models import OrderLine as MiraklLine
from marketplace_sdk.mirakl._status import MIRAKL_ORDER_STATES, MIRAKL_STATUS_TABLE

__all__ = [
    "LINE_REFUSED",
    "ORDER_STATE",
    "AcceptPlan",
    "AwaitingAcceptance",
    "ShiftGuard",
    "StateFilter",
    "accept_plan",
    "decided",
    "found_order",
    "in_window",
    "same_tracking",
    "ship_precheck",
    "tracking_for",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")


@attrs.frozen
class StateFilter:
    """An `iter_orders` status filter: the OR11 state codes to send, and the states to keep.

    Attributes:
        codes: the `order_state_codes` OR11 is sent (empty: no filter, every order comes).
        keep: the states an order must be in to be yielded, normalized; `None` keeps all,
            states Mirakl added included (MIRAKL-Q08).

    Examples:
        >>> StateFilter.of(list(MIRAKL_ORDER_STATES)).keep is None
        True
        >>> StateFilter.of(["WAITING_REFUND"]).codes
        ()
    """

    codes: tuple[str, ...] = ()
    keep: frozenset[str] | None = None

    @classmethod
    def of(cls, statuses: Collection[str] | None, *, marketplace: str = "mirakl") -> StateFilter:
        """The filter for `statuses` (Mirakl's order states, any case; `None` for all).

        Every OR11 state named means no filter at all: an order in a state Mirakl added is
        kept. A deprecated state (WAITING_REFUND) is kept by reading every order, since OR11
        refuses it as a filter.

        Raises:
            StatusFilterError: a status Mirakl's table does not have (before any request).

        Examples:
            >>> StateFilter.of(["Bogus"])
            Traceback (most recent call last):
            ...
            marketplace_sdk.core._status.StatusFilterError: [mirakl] unknown order status \
'Bogus'; use one of: WAITING_ACCEPTANCE, STAGING, WAITING_DEBIT, WAITING_DEBIT_PAYMENT, \
SHIPPING, SHIPPED, TO_COLLECT, RECEIVED, CLOSED, CANCELED, REFUSED, WAITING_REFUND, \
WAITING_REFUND_PAYMENT
        """
        if statuses is None:
            return cls()
        valid = MIRAKL_STATUS_TABLE.marketplace_statuses
        named: dict[str, None] = {}
        unknown: list[str] = []
        for status in statuses:
            state = MIRAKL_STATUS_TABLE.canonical_status(status)
            if state is None:
                unknown.append(status)
            else:
                named.setdefault(state, None)
        if unknown:
            raise StatusFilterError(unknown, valid, marketplace=marketplace)
        if set(MIRAKL_ORDER_STATES) <= set(named):
            return cls()
        keep = frozenset(normalize_status(state) for state in named)
        if all(state in MIRAKL_ORDER_STATES for state in named):
            return cls(tuple(named), keep)
        return cls((), keep)

    def wants(self, order: Order) -> bool:
        """Whether an order in this filter's states (any order when there is no filter).

        Examples:
            >>> from datetime import UTC
            >>> from marketplace_sdk.core._models import OrderTotals
            >>> from marketplace_sdk.core._money import Money
            >>> order = Order(order_id="O-A", created_at=datetime(2026, 1, 1, tzinfo=UTC),
            ...     updated_at=datetime(2026, 1, 1, tzinfo=UTC), marketplace_status="SHIPPED",
            ...     lines=(), totals=OrderTotals(total=Money(amount=0, currency="EUR")))
            >>> StateFilter.of(["shipped"]).wants(order), StateFilter.of(["CLOSED"]).wants(order)
            (True, False)
        """
        return self.keep is None or normalize_status(order.marketplace_status) in self.keep


def in_window(order: Order, until: datetime) -> bool:
    """Whether an order's last update is before the window's end (`[since, until)`).

    OR11's `end_update_date` includes its bound; an order updated at or after `until` belongs
    to the next window. Orders updated a little before `since` come too (the overlap,
    MIRAKL-Q02): the host upserts by id, so reading one again costs nothing.

    Examples:
        >>> from datetime import UTC
        >>> from marketplace_sdk.core._models import OrderTotals
        >>> from marketplace_sdk.core._money import Money
        >>> at = datetime(2026, 1, 1, tzinfo=UTC)
        >>> order = Order(order_id="O-A", created_at=at, updated_at=at,
        ...     marketplace_status="SHIPPED", lines=(),
        ...     totals=OrderTotals(total=Money(amount=0, currency="EUR")))
        >>> in_window(order, at)
        False
    """
    return order.updated_at < until


class ShiftGuard(Generic[T]):
    """An OR11 offset scan that starts again when orders left the filter during it.

    Offset pages follow creation dates: an order updated while a window is read leaves the
    window's `end_update_date`, and every later order moves up one place, so the first order of
    the next page would never be read (MIRAKL-Q03). A page whose `total_count` is lower than
    the scan's first one shows it; the scan then starts again from the first page (the caller
    de-duplicates what it reads twice), at most `restarts` times. Seek pages carry their place
    in their token and need no guard.

    Examples:
        >>> import httpx
        >>> from marketplace_sdk.core._pagination import OffsetPaginator
        >>> from marketplace_sdk.core._request import ApiRequest
        >>> totals = iter([3, 2, 2, 2])
        >>> def fetch(offset: int, limit: int) -> Call[Page[int]]:
        ...     return Call(ApiRequest(method="GET", path=f"/o?offset={offset}"),
        ...                 parse=lambda _: Page(items=[offset], total=next(totals)))
        >>> guard = ShiftGuard(OffsetPaginator(fetch, limit=1))
        >>> first = guard.first().parse(httpx.Response(200))
        >>> second = guard.next(first).parse(httpx.Response(200))
        >>> guard.next(second).request.path, guard.restarted
        ('/o?offset=0', 1)
    """

    def __init__(self, inner: Paginator[T], *, restarts: int = 3) -> None:
        self._inner = inner
        self._restarts = restarts
        self._total: int | None = None
        self.restarted = 0

    def first(self) -> Call[Page[T]]:
        """The call for the scan's first page."""
        return self._inner.first()

    def next(self, page: Page[T]) -> Call[Page[T]] | None:
        """The next page's call, or the first page's again when orders left the filter."""
        if page.total is not None:
            if self._total is not None and page.total < self._total:
                self._total = page.total
                if self.restarted < self._restarts:
                    self.restarted += 1
                    logger.info("OR11 orders left the filter during a scan; reading it again")
                    return self._inner.first()
                logger.warning("OR11 orders keep leaving the filter; the next window reads them")
            elif self._total is None:
                self._total = page.total
        return self._inner.next(page)


def found_order(page: Page[MiraklOrder], order_id: str, *, marketplace: str) -> MiraklOrder:
    """The order `order_id` on an OR11 page asked for it by id.

    Raises:
        RecordError: the page carries the order but its wire model refused it.
        NotFoundError: the page does not carry it.

    Examples:
        >>> page = Page(items=[MiraklOrder(order_id="O-A", order_state="SHIPPED")])
        >>> found_order(page, "O-A", marketplace="mirakl").order_state.value
        'SHIPPED'
    """
    for order in page.items:
        if order.order_id == order_id:
            return order
    for refused in page.refused:
        if refused.error.record_id == order_id:
            raise refused.error
    raise NotFoundError(f"no Mirakl order {order_id!r}", marketplace=marketplace)


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
        >>> from datetime import UTC
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


class AwaitingAcceptance:
    """The orders awaiting acceptance a channel last read, so `accept_order` need not read
    them again (OR11 may be polled once a minute).

    Only orders in WAITING_ACCEPTANCE are kept, each until it is taken for a decision or read
    in another state; memory is bounded (the oldest are forgotten past `capacity`). A kept
    order may be stale: OR21 on an order no longer waiting is refused by Mirakl without effect
    (`ORDER_INVALID_STATE`), after which the order is read.

    Examples:
        >>> kept = AwaitingAcceptance()
        >>> kept.remember(MiraklOrder(order_id="O-A", order_state="WAITING_ACCEPTANCE"))
        >>> kept.take("O-A").order_id, kept.take("O-A")
        ('O-A', None)
    """

    def __init__(self, capacity: int = 10_000) -> None:
        self.capacity = capacity
        self._orders: OrderedDict[str, MiraklOrder] = OrderedDict()

    def __len__(self) -> int:
        return len(self._orders)

    def remember(self, order: MiraklOrder) -> None:
        """Keep `order` when it awaits acceptance, else forget any older read of it."""
        if order.order_state != OrderState.WAITING_ACCEPTANCE:
            self._orders.pop(order.order_id, None)
            return
        self._orders[order.order_id] = order
        self._orders.move_to_end(order.order_id)
        if len(self._orders) > self.capacity:
            self._orders.popitem(last=False)

    def take(self, order_id: str) -> MiraklOrder | None:
        """The kept order, forgotten from now on; `None` when none is kept."""
        return self._orders.pop(order_id, None)
