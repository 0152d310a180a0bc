"""The records of the MMP sandbox's orders: states, lines, orders, refusals, operator delays.

Examples:
    >>> OrderState.SHIPPING.value
    'SHIPPING'
    >>> OrderError(400, "ORDER_INVALID_STATE", "no").code
    'ORDER_INVALID_STATE'
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any

import attrs

__all__ = [
    "BEFORE_SHIPPING",
    "CUSTOMER_REASON",
    "OPERATOR_REASON",
    "SHOP_REASON",
    "Line",
    "Order",
    "OrderError",
    "OrderState",
    "Timings",
]


#: OR11's `order_state_reason_code` by who refused or cancelled the order. The MMP document
#: lists no codes (a string); the sandbox names the side that decided, or gives the code that
#: side sent (OR30's `reason_code`, a customer's reason at the operator's front).
SHOP_REASON = "SHOP"
#: The customer cancelled through the operator's front office (`MiraklSandbox.cancel_order`).
CUSTOMER_REASON = "CUSTOMER"
#: The operator's platform refused or cancelled by itself (no decision in time, no debit).
OPERATOR_REASON = "OPERATOR"


class OrderState(StrEnum):
    """OR11's order states (`order_state_codes`), in workflow order.

    Examples:
        >>> OrderState("REFUSED") is OrderState.REFUSED
        True
    """

    STAGING = "STAGING"
    WAITING_ACCEPTANCE = "WAITING_ACCEPTANCE"
    WAITING_DEBIT = "WAITING_DEBIT"
    WAITING_DEBIT_PAYMENT = "WAITING_DEBIT_PAYMENT"
    SHIPPING = "SHIPPING"
    SHIPPED = "SHIPPED"
    TO_COLLECT = "TO_COLLECT"
    RECEIVED = "RECEIVED"
    CLOSED = "CLOSED"
    REFUSED = "REFUSED"
    CANCELED = "CANCELED"


#: States before the customer is charged and the shop may ship.
BEFORE_SHIPPING = frozenset(
    {
        OrderState.STAGING,
        OrderState.WAITING_ACCEPTANCE,
        OrderState.WAITING_DEBIT,
        OrderState.WAITING_DEBIT_PAYMENT,
    }
)


@attrs.frozen
class OrderError:
    """Why the sandbox refused an order action.

    Examples:
        >>> OrderError(404, "ORDER_NOT_FOUND", "Order X not found").status
        404
    """

    status: int
    code: str
    message: str


@attrs.frozen
class Timings:
    """The operator's delays, in seconds (operator settings; Mirakl's are per platform).

    Examples:
        >>> Timings().auto_refuse_after / 86_400
        3.0
    """

    staging: float = 600.0
    auto_refuse_after: float = 3 * 86_400.0
    debit_request: float = 600.0
    debit: float = 1_800.0
    unpaid_cancel_after: float = 72 * 3_600.0
    received_after: float = 7 * 86_400.0
    closed_after: float = 115 * 86_400.0


@attrs.define
class Line:
    """One order line, with its refunds and cancellations (OR11 `order_lines`)."""

    line_id: str
    offer_id: int
    offer_sku: str
    product_sku: str
    title: str
    category_code: str
    quantity: int
    unit_price: Decimal
    shipping_price: Decimal
    state: str
    updated: datetime
    refunds: list[dict[str, Any]] = attrs.Factory(list)
    cancelations: list[dict[str, Any]] = attrs.Factory(list)

    @property
    def price(self) -> Decimal:
        return self.unit_price * self.quantity

    def cancelled_quantity(self) -> int:
        return sum(int(c["quantity"]) for c in self.cancelations)

    def refunded_amount(self) -> Decimal:
        return sum((Decimal(str(r["amount"])) for r in self.refunds), Decimal(0))

    def cancelled_amount(self) -> Decimal:
        return sum((Decimal(str(c["amount"])) for c in self.cancelations), Decimal(0))

    def can_refund(self) -> bool:
        return self.refunded_amount() < self.price - self.cancelled_amount()


@attrs.define
class Order:
    """One order of the shop and everything the workflow stamps on it."""

    order_id: str
    commercial_id: str
    created: datetime
    updated: datetime
    state: str
    lines: list[Line]
    customer: dict[str, Any]
    shipping_type_code: str = "STD"
    pays: bool = True
    accepted_at: datetime | None = None
    decided_by_shop: bool = False
    debited_at: datetime | None = None
    shipped_at: datetime | None = None
    #: Why the order is REFUSED or CANCELED: OR11's `order_state_reason_label`, and its
    #: `order_state_reason_code`, the code the refusing or cancelling side gave.
    reason: str | None = None
    reason_code: str | None = None
    carrier: dict[str, str | None] = attrs.Factory(dict)

    def line(self, line_id: str) -> Line | None:
        return next((line for line in self.lines if line.line_id == line_id), None)

    def end(self, state: OrderState, when: datetime, label: str, code: str) -> None:
        """Refuse or cancel the order at `when`, for the reason `code` its author gave."""
        self.move(state, when)
        self.reason, self.reason_code = label, code

    def move(self, state: OrderState, when: datetime, lines: bool = True) -> None:
        self.state = state.value
        self.updated = when
        if lines:
            for line in self.lines:
                if line.state not in (OrderState.REFUSED, OrderState.CANCELED):
                    line.state = state.value
                    line.updated = when
