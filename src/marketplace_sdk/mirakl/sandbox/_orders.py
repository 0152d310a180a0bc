"""The MMP sandbox's orders: their states, the clock-driven workflow and the seller's actions.

An order moves the way Mirakl's seller documents and operators' help describe: STAGING, then
WAITING_ACCEPTANCE until the shop decides every line (OR21) or the operator refuses it by
itself; accepted orders wait for the customer's debit (WAITING_DEBIT, WAITING_DEBIT_PAYMENT)
and reach SHIPPING once debited (or are cancelled unpaid); OR23 sets tracking, OR24 ships;
shipped orders become RECEIVED and then CLOSED on their own. Everything timed runs on the
sandbox clock: `OrderBook.settle(now)` applies every transition that fell due, stamped with the
moment it fell due, not the moment somebody looked.

Each action answers `None` when it applied, else an `OrderError` (status, Mirakl code, message);
nothing is changed by a refused call.

The records it moves are in `_order_records`.

Examples:
    >>> book = OrderBook([], Timings(), lambda name: True)
    >>> book.get("X-A").code
    'ORDER_NOT_FOUND'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from marketplace_sdk.mirakl.sandbox._order_records import (
    BEFORE_SHIPPING,
    OPERATOR_REASON,
    SHOP_REASON,
    Line,
    Order,
    OrderError,
    OrderState,
    Timings,
)

__all__ = ["OrderBook", "RefusalHook"]


#: A hook called with the offer SKUs of lines an order refusal touched (stock zeroing).
RefusalHook = Callable[[Sequence[str]], None]


class OrderBook:
    """The shop's orders and the workflow that moves them.

    Args:
        orders: the seeded orders.
        timings: the operator's delays.
        switches: reads a behaviour switch by name (`Behaviours.on`).
        on_refusal: called with the offer SKUs of refused lines.

    Examples:
        >>> OrderBook([], Timings(), lambda name: True).orders
        {}
    """

    def __init__(
        self,
        orders: Sequence[Order],
        timings: Timings,
        switches: Callable[[str], bool],
        on_refusal: RefusalHook | None = None,
        partial_acceptance: bool = True,
    ) -> None:
        self.orders: dict[str, Order] = {order.order_id: order for order in orders}
        self.timings = timings
        self.on = switches
        self.on_refusal = on_refusal
        self.partial_acceptance = partial_acceptance
        self._next_id = 5001

    def _id(self) -> str:
        self._next_id += 1
        return str(self._next_id)

    def next_record_id(self) -> str:
        """A new id for a refund or cancellation record (the customers' front uses it too)."""
        return self._id()

    # -- time ---------------------------------------------------------------------------

    def settle(self, now: datetime) -> None:
        """Apply every timed transition that fell due by `now` (stamped when it fell due)."""
        t = self.timings
        for order in self.orders.values():
            for _ in range(8):  # an order moves at most a few steps per settle
                step = self._due(order, t)
                if step is None or step[1] > now:
                    break
                state, when, reason = step
                if reason is not None:  # the operator refused or cancelled it by itself
                    order.end(state, when, reason, OPERATOR_REASON)
                else:
                    order.move(state, when)
                if state is OrderState.REFUSED:
                    self._refused(order.lines)
                elif state is OrderState.SHIPPING:
                    order.debited_at = when

    def _due(self, order: Order, t: Timings) -> tuple[OrderState, datetime, str | None] | None:
        state = order.state
        if state == OrderState.STAGING:
            return OrderState.WAITING_ACCEPTANCE, order.created + _s(t.staging), None
        if state == OrderState.WAITING_ACCEPTANCE and self.on("MIRAKL-Q09"):
            due = order.created + _s(t.staging + t.auto_refuse_after)
            return OrderState.REFUSED, due, "Refused automatically: no decision in time"
        accepted = order.accepted_at
        if state == OrderState.WAITING_DEBIT and accepted is not None:
            return OrderState.WAITING_DEBIT_PAYMENT, accepted + _s(t.debit_request), None
        if state == OrderState.WAITING_DEBIT_PAYMENT and accepted is not None:
            if order.pays:
                return OrderState.SHIPPING, accepted + _s(t.debit_request + t.debit), None
            if self.on("MIRAKL-Q10"):
                due = accepted + _s(t.unpaid_cancel_after)
                return OrderState.CANCELED, due, "Canceled automatically: customer not debited"
        shipped = order.shipped_at
        if state == OrderState.SHIPPED and shipped is not None:
            return OrderState.RECEIVED, shipped + _s(t.received_after), None
        if state == OrderState.RECEIVED and shipped is not None:
            return OrderState.CLOSED, shipped + _s(t.closed_after), None
        return None

    def _refused(self, lines: Sequence[Line]) -> None:
        if self.on_refusal is not None and self.on("MIRAKL-Q09.stock-zeroed-on-refusal"):
            self.on_refusal([line.offer_sku for line in lines])

    # -- reading ------------------------------------------------------------------------

    def get(self, order_id: str) -> Order | OrderError:
        order = self.orders.get(order_id)
        if order is None:
            return OrderError(404, "ORDER_NOT_FOUND", f"Order {order_id} does not exist")
        return order

    def can_cancel(self, order: Order) -> bool:
        """OR29's `can_cancel`: the shop cancels a debited order it cannot ship."""
        if not self.on("MIRAKL-Q12"):
            return order.state in BEFORE_SHIPPING or order.state == OrderState.SHIPPING
        return order.state == OrderState.SHIPPING

    # -- OR21 ---------------------------------------------------------------------------

    def decide(self, order_id: str, decisions: Sequence[Any], now: datetime) -> OrderError | None:
        """OR21: accept or refuse the lines of a WAITING_ACCEPTANCE order."""
        order = self.get(order_id)
        if isinstance(order, OrderError):
            return order
        if order.state != OrderState.WAITING_ACCEPTANCE:
            return _invalid_state(order, "accept or refuse its lines")
        chosen: dict[str, bool] = {}
        for decision in decisions:
            if not isinstance(decision, Mapping):
                return OrderError(400, "ORDER_LINE_NULL_ELEMENT", "A decision is null")
            if not isinstance(decision.get("accepted"), bool) or not decision.get("id"):
                return OrderError(
                    400, "VALIDATION_ERROR", "Each order line needs an id and accepted (boolean)"
                )
            line_id = str(decision["id"])
            if line_id in chosen:
                return OrderError(400, "ORDER_LINE_DUPLICATE_ID", f"Line {line_id} twice")
            line = order.line(line_id)
            if line is None or line.state != OrderState.WAITING_ACCEPTANCE:
                return OrderError(
                    400, "ORDER_LINE_NOT_FOUND", f"Line {line_id} is not awaiting a decision"
                )
            chosen[line_id] = bool(decision.get("accepted"))
        waiting = [line for line in order.lines if line.state == OrderState.WAITING_ACCEPTANCE]
        missing = [line.line_id for line in waiting if line.line_id not in chosen]
        if missing and self.on("MIRAKL-Q09"):
            return OrderError(
                400,
                "ORDER_LINE_ACCEPTANCE_DECISION_MISSING",
                f"No decision for order lines {', '.join(missing)}",
            )
        if len(set(chosen.values())) > 1 and not self.partial_acceptance:
            return OrderError(
                400, "ORDER_PARTIAL_ACCEPTANCE_DISABLED", "Partial acceptance is disabled"
            )
        refused: list[Line] = []
        for line in waiting:
            if line.line_id not in chosen:
                continue
            line.state = OrderState.WAITING_DEBIT if chosen[line.line_id] else OrderState.REFUSED
            line.updated = now
            if not chosen[line.line_id]:
                refused.append(line)
        order.updated = now
        order.decided_by_shop = True
        undecided = any(line.state == OrderState.WAITING_ACCEPTANCE for line in order.lines)
        if undecided:  # lines left for a later call (only when MIRAKL-Q09 is off)
            pass
        elif any(line.state == OrderState.WAITING_DEBIT for line in order.lines):
            order.state = OrderState.WAITING_DEBIT.value
            order.accepted_at = now
        else:
            order.state = OrderState.REFUSED.value
            order.reason, order.reason_code = "Refused by the shop", SHOP_REASON
            order.accepted_at = now  # OR11's acceptance_decision_date: the shop decided
        if refused:
            self._refused(refused)
        return None

    # -- OR23 / OR24 --------------------------------------------------------------------

    def track(
        self, order_id: str, carrier: dict[str, str | None], now: datetime
    ) -> OrderError | None:
        """OR23: set the carrier and tracking number (SHIPPING or SHIPPED orders)."""
        order = self.get(order_id)
        if isinstance(order, OrderError):
            return order
        if order.state not in (OrderState.SHIPPING, OrderState.SHIPPED):
            return _invalid_state(order, "update its tracking")
        order.carrier = carrier
        order.updated = now
        return None

    def ship(self, order_id: str, now: datetime) -> OrderError | None:
        """OR24: confirm the shipment of a SHIPPING order."""
        order = self.get(order_id)
        if isinstance(order, OrderError):
            return order
        if order.state != OrderState.SHIPPING:
            if self.on("MIRAKL-Q11"):
                return OrderError(400, "", "Bad Request")
            return _invalid_state(order, "confirm its shipment")
        untracked = not order.carrier.get("tracking_number")
        tracked_method = order.shipping_type_code == "TRACKED"
        if tracked_method and untracked and self.on("MIRAKL-Q11.tracking-required"):
            return OrderError(400, "", "Tracking details are mandatory for this shipping method")
        order.shipped_at = now
        order.move(OrderState.SHIPPED, now)
        return None

    # -- OR29 / OR30 / OR28 -------------------------------------------------------------

    def cancel_order(self, order_id: str, now: datetime) -> OrderError | None:
        """OR29: cancel every line of an order while `can_cancel`."""
        order = self.get(order_id)
        if isinstance(order, OrderError):
            return order
        if not self.can_cancel(order):
            return _invalid_state(order, "be cancelled (can_cancel is false)")
        for line in order.lines:
            left = line.quantity - line.cancelled_quantity()
            if line.state in (OrderState.REFUSED, OrderState.CANCELED) or left <= 0:
                continue
            line.cancelations.append(
                _money_record(
                    self._id(), left, line.unit_price * left, Decimal(0), SHOP_REASON, now
                )
            )
        # OR29 takes no reason: the shop cancelled it, and that is all the order says.
        order.end(OrderState.CANCELED, now, "Canceled by the shop", SHOP_REASON)
        return None

    def cancel_lines(
        self, items: Sequence[Mapping[str, Any]], now: datetime
    ) -> list[dict[str, Any]] | OrderError:
        """OR30: cancel quantities of lines; all items or none."""
        found: list[tuple[Order, Line, Mapping[str, Any]]] = []
        for item in items:
            located = self._line(str(item.get("order_line_id")))
            if isinstance(located, OrderError):
                return located
            order, line = located
            gated = self.on("MIRAKL-Q12")
            if gated and (order.state != OrderState.SHIPPING or not self.can_cancel(order)):
                return _invalid_state(order, "have lines cancelled")
            if line.state in (OrderState.REFUSED, OrderState.CANCELED):
                return OrderError(400, "ORDER_LINE_INVALID_STATE", f"Line {line.line_id} is over")
            quantity = int(item.get("quantity") or 0)
            if quantity < 0 or quantity > line.quantity - line.cancelled_quantity():
                return OrderError(
                    400, "VALIDATION_ERROR", f"Cannot cancel {quantity} of line {line.line_id}"
                )
            found.append((order, line, item))
        done: list[dict[str, Any]] = []
        for order, line, item in found:
            record = _money_record(
                self._id(),
                int(item.get("quantity") or 0),
                Decimal(str(item["amount"])),
                Decimal(str(item.get("shipping_amount") or 0)),
                str(item["reason_code"]),
                now,
            )
            line.cancelations.append(record)
            line.updated = now
            if line.cancelled_quantity() >= line.quantity:
                line.state = OrderState.CANCELED.value
            order.updated = now
            over = all(x.state in (OrderState.CANCELED, OrderState.REFUSED) for x in order.lines)
            if over and order.state != OrderState.CANCELED:
                # Its last line cancelled by OR30: the order is, for the reason the shop gave.
                order.state = OrderState.CANCELED.value
                order.reason, order.reason_code = "Canceled by the shop", record["reason_code"]
            done.append({**record, "order_line_id": line.line_id})
        return done

    def refund(
        self, items: Sequence[Mapping[str, Any]], now: datetime
    ) -> list[dict[str, Any]] | OrderError:
        """OR28: refund amounts of shipped lines; all items or none."""
        found: list[tuple[Order, Line, Mapping[str, Any]]] = []
        for item in items:
            located = self._line(str(item.get("order_line_id")))
            if isinstance(located, OrderError):
                return located
            order, line = located
            open_states = {OrderState.SHIPPED, OrderState.RECEIVED}
            if not self.on("MIRAKL-Q12"):
                open_states.add(OrderState.CLOSED)
            if order.state not in open_states:
                return _invalid_state(order, "be refunded")
            if not line.can_refund():
                return OrderError(
                    400, "ORDER_LINE_ALREADY_REFUNDED", f"Line {line.line_id} is fully refunded"
                )
            amount = Decimal(str(item["amount"]))
            left = line.price - line.cancelled_amount() - line.refunded_amount()
            if amount <= 0 or amount > left:
                return OrderError(
                    400, "VALIDATION_ERROR", f"Cannot refund {amount} on line {line.line_id}"
                )
            found.append((order, line, item))
        done: list[dict[str, Any]] = []
        for order, line, item in found:
            record = _money_record(
                self._id(),
                int(item.get("quantity") or 0),
                Decimal(str(item["amount"])),
                Decimal(str(item.get("shipping_amount") or 0)),
                str(item["reason_code"]),
                now,
            )
            record["order_refund_id"] = f"R-{record['id']}"
            record["state"] = "REFUNDED"
            line.refunds.append(record)
            line.updated = now
            order.updated = now
            done.append({**record, "order_line_id": line.line_id})
        return done

    def _line(self, line_id: str) -> tuple[Order, Line] | OrderError:
        for order in self.orders.values():
            line = order.line(line_id)
            if line is not None:
                return order, line
        return OrderError(404, "ORDER_LINE_NOT_FOUND", f"Order line {line_id} does not exist")


def _s(seconds: float) -> timedelta:
    return timedelta(seconds=seconds)


def _invalid_state(order: Order, what: str) -> OrderError:
    return OrderError(
        400, "ORDER_INVALID_STATE", f"Order {order.order_id} is {order.state}: cannot {what}"
    )


def _money_record(
    record_id: str,
    quantity: int,
    amount: Decimal,
    shipping: Decimal,
    reason: str,
    when: datetime,
) -> dict[str, Any]:
    return {
        "id": record_id,
        "quantity": quantity,
        "amount": amount,
        "shipping_amount": shipping,
        "reason_code": reason,
        "created_date": when,
    }
