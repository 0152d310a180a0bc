"""The sandbox's order services, `orders_query` and `orders_update`, and the order life cycle.

States move Created -> Accepted (or Refused when every line is refused) -> ToShip (FNAC debits
the buyer `debit_delay` seconds after acceptance) -> Shipped (`confirm_to_send` with a tracking
number and carrier) -> Received; the buyer side (cancel, receive, claim) is driven by the
sandbox's helpers. An action that the current state does not allow is answered per order with
ERR_109, as FNAC does; more than 25 orders in one call is refused whole (ERR_105).

Examples:
    >>> from decimal import Decimal
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.fnac._xml import child_text, parse_xml
    >>> from marketplace_sdk.fnac.sandbox._state import OrderLine, Product
    >>> state = ShopState(clock=FakeClock())
    >>> desk = OrderDesk(state)
    >>> order = desk.place("Jeanne", "Martin", [OrderLine(1, "SKU-1", "F1",
    ...     Product("1", "2", "x"), 1, Decimal("10"))])
    >>> answer = desk.orders_update(parse_xml(
    ...     f'<orders_update><order order_id="{order.order_id}" action="accept_all_orders">'
    ...     '<order_detail><action>Accepted</action></order_detail></order></orders_update>'))
    >>> child_text(answer[0], "state")
    'Accepted'
    >>> state.advance(desk.debit_delay)
    >>> desk.process_due()
    >>> order.state
    'ToShip'
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

import attrs
from lxml import etree

from marketplace_sdk.fnac._xml import child_text, children, sub_element
from marketplace_sdk.fnac.sandbox._filters import (
    Filter,
    apply_filters,
    date_window,
    equals,
    one_of,
    text_of,
)
from marketplace_sdk.fnac.sandbox._messages import CARRIERS
from marketplace_sdk.fnac.sandbox._state import Order, OrderLine, ShopState
from marketplace_sdk.fnac.sandbox._wire import (
    Codes,
    ServiceError,
    add_error,
    cdata,
    decimal_text,
    paged_answer,
    response_root,
    stamp,
)

__all__ = ["MAX_ORDERS_PER_CALL", "ORDER_FILTERS", "OrderDesk"]

logger = logging.getLogger(__name__)

#: Orders one `orders_update` call may carry.
MAX_ORDERS_PER_CALL = 25
#: FNAC's recorded code for an order action its state does not allow (FNAC-Q10).
_WRONG_STATE = "ERR_003"
#: The sandbox's own code for a carrier FNAC does not list (FNAC's text is not known).
_UNKNOWN_CARRIER = "ERR_031"

#: The date types of an `orders_query` `<date>` filter (the XSD's `order_state_constraint`).
ORDER_DATE_TYPES = (
    "CreatedAt",
    "UpdatedAt",
    "AcceptedAt",
    "ReceivedAt",
    "DebitedAt",
    "ShippedAt",
    "RefusedAt",
    "CancelledAt",
)


def _date_of(kind: str, order: Order) -> datetime | None:
    return order.date_of(kind)


def _has_line(pick: Callable[[OrderLine], str]) -> Filter[Order]:
    """A filter on the order's lines: any line's `pick` equals the element's text."""

    def read(node: etree._Element, state: ShopState) -> Callable[[Order], bool]:
        wanted = text_of(node)
        return lambda order: any(pick(line).upper() == wanted for line in order.lines)

    return Filter(read)


#: The filters of `orders_query`, as OrdersQueryService.xsd declares them. A singular filter
#: and its list (`state` and `states`) are one filter.
ORDER_FILTERS: dict[str, Filter[Order] | None] = {
    "paging": None,
    "sort_by": None,
    "date": date_window({kind: functools.partial(_date_of, kind) for kind in ORDER_DATE_TYPES}),
    "state": equals(lambda o: o.state, group="state"),
    "states": one_of(lambda o: o.state, group="state"),
    "order_fnac_id": equals(lambda o: o.order_id, group="order"),
    "orders_fnac_id": one_of(lambda o: o.order_id, group="order"),
    "product_fnac_id": _has_line(lambda line: line.product.fnac_id),
    "offer_fnac_id": _has_line(lambda line: line.offer_fnac_id),
    "offer_seller_id": _has_line(lambda line: line.sku),
}

#: Line states that no longer take part in shipping.
_CLOSED_LINE_STATES = frozenset({"Refused", "Cancelled", "Refunded"})
#: For each per-line action: the line states it applies to and the state it leads to.
_LINE_MOVES: dict[str, tuple[frozenset[str], str]] = {
    "Accepted": (frozenset({"ToAccept"}), "Accepted"),
    "Refused": (frozenset({"ToAccept"}), "Refused"),
    "Shipped": (frozenset({"ToShip"}), "Shipped"),
    "Updated": (frozenset({"Shipped"}), "Shipped"),
    "Received": (frozenset({"Shipped", "NotReceived"}), "Received"),
    "Refunded": (frozenset({"ToShip", "Shipped", "NotReceived", "Received"}), "Refunded"),
}
#: The per-line actions each order action takes.
_ORDER_ACTIONS: dict[str, frozenset[str]] = {
    "accept_order": frozenset({"Accepted", "Refused"}),
    "accept_all_orders": frozenset({"Accepted", "Refused"}),
    "confirm_to_send": frozenset({"Shipped"}),
    "confirm_all_to_send": frozenset({"Shipped"}),
    "update": frozenset({"Updated", "Shipped"}),
    "update_all": frozenset({"Updated", "Shipped"}),
    "receive_all_order": frozenset({"Received"}),
    "refund_order": frozenset({"Refunded"}),
}
_ALL_LINES_ACTIONS = frozenset(
    {"accept_all_orders", "confirm_all_to_send", "update_all", "receive_all_order"}
)


@attrs.define
class OrderDesk:
    """Handlers of the order services, and the moves the buyer side makes.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> OrderDesk(ShopState(clock=FakeClock())).debit_delay
        60.0
    """

    state: ShopState
    debit_delay: float = 60.0
    shop_id: str = "00000000-0000-0000-0000-000000000000"

    # -- life cycle -----------------------------------------------------------------------

    def place(
        self, firstname: str, lastname: str, lines: list[OrderLine], *, order_id: str | None = None
    ) -> Order:
        """Record a new order in state Created (its lines ToAccept)."""
        now = self.state.now()
        order = Order(
            order_id=order_id or self.state.new_order_id(),
            client_id=self.state.new_uuid(),
            firstname=firstname,
            lastname=lastname,
            created_at=now,
            updated_at=now,
            lines=lines,
        )
        self.state.orders[order.order_id] = order
        return order

    def process_due(self) -> None:
        """Debit accepted orders whose delay has passed: their accepted lines become ToShip."""
        now = self.state.now()
        for order in self.state.orders.values():
            if order.state == "Accepted" and order.to_ship_at and order.to_ship_at <= now:
                for line in order.lines:
                    if line.state == "Accepted":
                        line.state, line.debited_at = "ToShip", order.to_ship_at
                self._settle(order)

    def _settle(self, order: Order) -> None:
        """Derive the order's state from its lines' states, stamping the date of a change."""
        now = self.state.now()
        states = {line.state for line in order.lines}
        live = states - _CLOSED_LINE_STATES
        before = order.state
        if "ToAccept" in states:
            new = "Created"
        elif not live:
            new = (
                "Refused"
                if states == {"Refused"}
                else "Refunded"
                if "Refunded" in states
                else "Cancelled"
            )
        elif "Accepted" in live:
            new = "Accepted"
        elif "ToShip" in live:
            new = "ToShip"
        elif "NotReceived" in live:
            new = "NotReceived"
        elif live == {"Received"}:
            new = "Received"
        else:
            new = "Shipped"
        if new == before:
            return
        order.state = new
        order.updated_at = now
        if new == "Accepted" and order.accepted_at is None:
            order.accepted_at = now
            # FNAC-Q09: the order stays Accepted until FNAC has debited the buyer.
            delay = self.debit_delay if self.state.behaviours.on("FNAC-Q09") else 0.0
            order.to_ship_at = now + timedelta(seconds=delay)
        elif new == "Refused":
            order.refused_at = now
        elif new == "ToShip":
            order.debited_at = order.to_ship_at or now
        elif new == "Shipped":
            order.shipped_at = now
        elif new == "Received":
            order.received_at = now
        elif new == "Cancelled":
            order.cancelled_at = now
        logger.debug("sandbox order %s: %s -> %s", order.order_id, before, new)

    def buyer_move(self, order: Order, allowed: frozenset[str], to: str) -> None:
        """Move every line in `allowed` states to `to` (a buyer or FNAC move), then settle.

        Raises:
            ValueError: no line of the order is in an allowed state.
        """
        moved = [line for line in order.lines if line.state in allowed]
        if not moved:
            raise ValueError(f"order {order.order_id} is {order.state}: cannot become {to}")
        now = self.state.now()
        for line in moved:
            line.state = to
            if to == "Received":
                line.received_at = now
        self._settle(order)

    # -- orders_update --------------------------------------------------------------------

    def orders_update(self, request: etree._Element) -> etree._Element:
        """Apply each order's action; answer one `<order>` per order with its result."""
        orders = children(request, "order")
        if len(orders) > MAX_ORDERS_PER_CALL and self.state.behaviours.on("FNAC-Q04"):
            raise ServiceError(Codes.TOO_MANY, Codes.TOO_MANY_MESSAGE)
        if not orders:
            raise ServiceError(
                Codes.XML_VALIDATION,
                "XML Validation failed: Element 'orders_update': Missing child element(s). "
                "Expected is ( order ).",
            )
        if self._carriers_refused_whole():
            for node in orders:
                for detail in children(node, "order_detail"):
                    carrier = child_text(detail, "tracking_company")
                    if carrier and not self._known_carrier(carrier):
                        raise ServiceError(
                            Codes.SCHEMA, f"XML Schema Validation failed: carrier '{carrier}'"
                        )
        root = response_root("orders_update")
        failed = False
        for node in orders:
            failed |= not self._update_one(root, node)
        if failed:
            root.set("status", "ERROR")
        return root

    def _update_one(self, root: etree._Element, node: etree._Element) -> bool:
        order_id = (node.get("order_id") or "").strip()
        action = node.get("action") or ""
        out = sub_element(root, "order")
        status = sub_element(out, "status", "OK")
        sub_element(out, "order_id", order_id)
        order = self.state.orders.get(order_id.upper())
        if action not in _ORDER_ACTIONS:
            status.text = "FATAL"
            add_error(out, Codes.SCHEMA, f"XML Schema Validation failed: action '{action}'")
            return False
        if order is None:
            status.text = "FATAL"
            add_error(out, Codes.ORDER_NOT_FOUND, f"Order not found: {order_id}")
            return False
        state_node = sub_element(out, "state", order.state)
        details = children(node, "order_detail")
        results: list[tuple[int, str, str | None, tuple[str, str] | None]] = []
        if action in _ALL_LINES_ACTIONS:
            detail = details[0] if details else None
            line_action = child_text(detail, "action") if detail is not None else None
            for line in order.lines:
                if line_action and line.state in _LINE_MOVES.get(line_action, ((), ""))[0]:
                    results.append(self._move(line, line_action, detail, action))
            if not results:
                results.append((0, "ERROR", None, self._bad_state(order, action)))
        else:
            for detail in details:
                detail_id = int(child_text(detail, "order_detail_id") or 0)
                found = next((ln for ln in order.lines if ln.detail_id == detail_id), None)
                line_action = child_text(detail, "action") or ""
                if found is None:
                    error = (Codes.LINE_NOT_FOUND, f"Order detail not found: {detail_id}")
                    results.append((detail_id, "ERROR", None, error))
                    continue
                results.append(self._move(found, line_action, detail, action))
        self._settle(order)
        state_node.text = order.state
        ok = all(result[1] == "OK" for result in results)
        if not ok:
            ok, results = self._failed_order(out, status, order, action, results)
        for detail_id, line_status, line_state, line_error in results:
            if detail_id == 0:
                continue
            line_node = sub_element(out, "order_detail")
            sub_element(line_node, "order_detail_id", str(detail_id))
            sub_element(line_node, "status", line_status)
            if line_state is not None:
                sub_element(line_node, "state", line_state)
            if line_error is not None:
                add_error(line_node, *line_error)
        return ok

    def _failed_order(
        self,
        out: etree._Element,
        status: etree._Element,
        order: Order,
        action: str,
        results: list[tuple[int, str, str | None, tuple[str, str] | None]],
    ) -> tuple[bool, list[tuple[int, str, str | None, tuple[str, str] | None]]]:
        """Write how an order with failed lines is answered; whether the call stays OK.

        FNAC-Q10: an action the order's state does not allow at all is FATAL for the order
        and every line, with ERR_003. FNAC-Q11: an order whose lines partly fail keeps an OK
        status (the failures only on its lines); so does one whose only failure is an unknown
        carrier (FNAC-Q12's riskier reading). Otherwise: the order says ERROR.
        """
        behaviours = self.state.behaviours
        errors = [r[3] for r in results if r[3] is not None]
        some_ok = any(r[1] == "OK" for r in results)
        if (
            behaviours.on("FNAC-Q10")
            and not some_ok
            and errors
            and all(e[0] == Codes.BAD_STATE for e in errors)
        ):
            error = (_WRONG_STATE, f"Order status is not valid for action {action}")
            status.text = "FATAL"
            add_error(out, *error, severity="FATAL")
            lines: list[tuple[int, str, str | None, tuple[str, str] | None]] = [
                (ln.detail_id, "FATAL", ln.state, error) for ln in order.lines
            ]
            return False, lines
        carrier_only = bool(errors) and all(e[0] == _UNKNOWN_CARRIER for e in errors)
        partial_ok = behaviours.on("FNAC-Q11") and behaviours.on("FNAC-Q11.partial-order-ok")
        if (some_ok and partial_ok) or carrier_only:
            return True, results
        status.text = "ERROR"
        add_error(out, *errors[0])
        return False, results

    def _known_carrier(self, carrier: str) -> bool:
        wanted = carrier.strip().casefold()
        return any(wanted in (code.casefold(), name.casefold()) for code, name in CARRIERS)

    def _carriers_refused_whole(self) -> bool:
        behaviours = self.state.behaviours
        return behaviours.on("FNAC-Q12") and not behaviours.on("FNAC-Q12.refused-in-line")

    def _bad_state(self, order: Order, action: str) -> tuple[str, str]:
        return (
            Codes.BAD_STATE,
            f"Order current status {order.state} is not valid for {action} action",
        )

    def _move(
        self,
        line: OrderLine,
        line_action: str,
        detail: etree._Element | None,
        action: str,
    ) -> tuple[int, str, str | None, tuple[str, str] | None]:
        move = _LINE_MOVES.get(line_action)
        if move is None or line_action not in _ORDER_ACTIONS[action]:
            error = (Codes.SCHEMA, f"Action '{line_action}' is not valid for {action}")
            return line.detail_id, "ERROR", line.state, error
        allowed, target = move
        if line.state not in allowed:
            error = (
                Codes.BAD_STATE,
                f"Order detail current status {line.state} is not valid for {action} action",
            )
            return line.detail_id, "ERROR", line.state, error
        tracking = child_text(detail, "tracking_number") if detail is not None else None
        carrier = child_text(detail, "tracking_company") if detail is not None else None
        if line_action in ("Shipped", "Updated"):
            # FNAC ships without tracking only with the basic shipping method.
            untracked = line_action == "Shipped" and not tracking and not line.tracking_number
            if untracked and line.shipping_method != "20":
                error = (Codes.MISSING_FIELD, "A tracking_number is required")
                return line.detail_id, "ERROR", line.state, error
            if self.state.behaviours.on("FNAC-Q12"):
                refused = self._carrier_refusal(carrier)
                if refused is not None:
                    return line.detail_id, "ERROR", line.state, refused
            if tracking:
                line.tracking_number = tracking[:32]
            if carrier:
                line.tracking_company = carrier[:100]
        now = self.state.now()
        line.state = target
        if target == "Refused":
            line.refused_at = now
        elif target == "Received":
            line.received_at = now
        return line.detail_id, "OK", line.state, None

    def _carrier_refusal(self, carrier: str | None) -> tuple[str, str] | None:
        """FNAC-Q12: a carrier FNAC does not list."""
        if carrier and not self._known_carrier(carrier):
            return (_UNKNOWN_CARRIER, f"Carrier is not valid: {carrier}")
        return None

    # -- orders_query ---------------------------------------------------------------------

    def orders_query(self, request: etree._Element) -> etree._Element:
        """The shop's orders, filtered (`ORDER_FILTERS`) and paged, newest first unless
        `sort_by` is ASC."""
        orders = apply_filters(list(self.state.orders.values()), request, self.state, ORDER_FILTERS)
        ascending = (child_text(request, "sort_by") or "DESC").upper() == "ASC"
        orders.sort(key=lambda o: (o.created_at, o.order_id), reverse=not ascending)
        root, page = paged_answer("orders_query", request, orders)
        for order in page:
            self._write_order(root, order)
        return root

    def _write_order(self, root: etree._Element, order: Order) -> None:
        node = sub_element(root, "order")
        sub_element(node, "shop_id", self.shop_id)
        sub_element(node, "client_id", order.client_id)
        cdata(node, "client_firstname", order.firstname)
        cdata(node, "client_lastname", order.lastname)
        sub_element(node, "order_id", order.order_id)
        sub_element(node, "state", order.state)
        sub_element(node, "created_at", stamp(order.created_at))
        sub_element(node, "fees", decimal_text(order.fees))
        sub_element(node, "vat_rate", "0")
        nb_messages = sum(1 for m in self.state.messages.values() if m.referer == order.order_id)
        sub_element(node, "nb_messages", str(nb_messages))
        for kind in ("shipping_address", "billing_address"):
            address = sub_element(node, kind)
            cdata(address, "firstname", order.firstname)
            cdata(address, "lastname", order.lastname)
            cdata(address, "company", "")
            cdata(address, "address1", order.address1)
            cdata(address, "address2", "")
            cdata(address, "address3", "")
            cdata(address, "zipcode", order.zipcode)
            cdata(address, "city", order.city)
            cdata(address, "country", order.country)
        for line in order.lines:
            self._write_line(node, order, line)

    def _write_line(self, parent: etree._Element, order: Order, line: OrderLine) -> None:
        node = sub_element(parent, "order_detail")
        cdata(node, "product_name", line.product.name)
        sub_element(node, "order_detail_id", str(line.detail_id))
        sub_element(node, "state", line.state)
        sub_element(node, "quantity", str(line.quantity))
        sub_element(node, "price", decimal_text(line.price))
        sub_element(node, "fees", decimal_text(line.fees))
        sub_element(node, "product_fnac_id", line.product.fnac_id)
        sub_element(node, "offer_fnac_id", line.offer_fnac_id)
        cdata(node, "offer_seller_id", line.sku)
        sub_element(node, "product_state", line.product_state)
        cdata(node, "description", "")
        cdata(node, "internal_comment", "")
        sub_element(node, "shipping_price", decimal_text(line.shipping_price))
        sub_element(node, "shipping_method", line.shipping_method)
        sub_element(node, "created_at", stamp(order.created_at))
        if line.debited_at is not None:
            sub_element(node, "debited_at", stamp(line.debited_at))
        sub_element(node, "received_at", stamp(line.received_at))
        if line.refused_at is not None:
            sub_element(node, "refused_at", stamp(line.refused_at))
        cdata(node, "product_url", line.product.url)
        cdata(node, "image", line.product.image)
        cdata(node, "tracking_number", line.tracking_number)
