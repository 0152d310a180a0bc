"""`orders_update`: accept or refuse lines, confirm shipment with tracking, update tracking.

Build one `OrderUpdate` per order with the constructors (`accept`, `accept_all`,
`confirm_to_send`, `confirm_all_to_send`, `update`, `update_all`); FNAC takes at most 25 orders
per call (the endpoint splits longer lists).

Examples:
    >>> update = OrderUpdate.accept("57BEAFDA828A8", {1: True, 2: False})
    >>> tuple((d.order_detail_id, d.action.value) for d in update.order_details)
    ((1, 'Accepted'), (2, 'Refused'))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Annotated, ClassVar

from lxml import etree
from pydantic import Field

from marketplace_sdk.fnac._models.common import (
    ERRORS,
    FnacError,
    FnacModel,
    FnacResponse,
    LineOutcome,
    OptStr,
    OrderStateValue,
    Outcome,
    Repeated,
    ResponseStatus,
    StatusValue,
)
from marketplace_sdk.fnac._models.requests import add_texts, request_document
from marketplace_sdk.fnac._xml import element, sub_element

__all__ = [
    "OrderDetailAction",
    "OrderDetailUpdate",
    "OrderDetailUpdateResult",
    "OrderUpdate",
    "OrderUpdateAction",
    "OrderUpdateResult",
    "OrdersUpdateRequest",
    "OrdersUpdateResponse",
    "RefundReason",
]

Tracking = Annotated[str, Field(min_length=1, max_length=32)]
Carrier = Annotated[str, Field(min_length=1, max_length=100)]


class OrderUpdateAction(StrEnum):
    """What to do with an order (`order_update_action`).

    Examples:
        >>> OrderUpdateAction.CONFIRM_TO_SEND.value
        'confirm_to_send'
    """

    ACCEPT_ORDER = "accept_order"
    CONFIRM_TO_SEND = "confirm_to_send"
    REFUND_ORDER = "refund_order"
    UPDATE = "update"
    ACCEPT_ALL_ORDERS = "accept_all_orders"
    CONFIRM_ALL_TO_SEND = "confirm_all_to_send"
    UPDATE_ALL = "update_all"
    RECEIVE_ALL_ORDER = "receive_all_order"


class OrderDetailAction(StrEnum):
    """What to do with one line (`order_detail_state_update`).

    Examples:
        >>> OrderDetailAction("Shipped") is OrderDetailAction.SHIPPED
        True
    """

    ACCEPTED = "Accepted"
    REFUSED = "Refused"
    SHIPPED = "Shipped"
    REFUNDED = "Refunded"
    UPDATED = "Updated"
    RECEIVED = "Received"


class RefundReason(StrEnum):
    """Why a line is refunded (`refund_reason`).

    Examples:
        >>> RefundReason.NO_STOCK.value
        'no_stock'
    """

    OTHER = "other"
    COUNTERFEIT = "counterfeit"
    RETRACTION = "retraction"
    CANCELLED_CLIENT = "cancelled_client"
    UNMATCH_ARTICLE = "unmatch_article"
    DAMAGED_ARTICLE = "damaged_article"
    UNRECEIVED_ARTICLE = "unreceived_article"
    RETURNED_ARTICLE = "returned_article"
    NO_STOCK = "no_stock"
    SHIPPING_IMPOSSIBLE = "shipping_impossible"


class OrderDetailUpdate(FnacModel):
    """One `<order_detail>` of an order update; without `order_detail_id` it applies to all lines.

    Examples:
        >>> OrderDetailUpdate(action=OrderDetailAction.SHIPPED, tracking_number="TN1",
        ...                   tracking_company="UPS").tracking_company
        'UPS'
    """

    order_detail_id: Annotated[int, Field(ge=1)] | None = None
    action: OrderDetailAction
    tracking_number: Tracking | None = None
    tracking_company: Carrier | None = None
    tracking_client_id: Annotated[str, Field(max_length=100)] | None = None
    refund_reason: RefundReason | None = None

    def to_xml(self) -> etree._Element:
        """The `<order_detail>` element."""
        node = element("order_detail")
        if self.order_detail_id is not None:
            sub_element(node, "order_detail_id", str(self.order_detail_id))
        add_texts(
            node,
            action=self.action,
            tracking_number=self.tracking_number,
            tracking_company=self.tracking_company,
            tracking_client_id=self.tracking_client_id,
            refund_reason=self.refund_reason,
        )
        return node


class OrderUpdate(FnacModel):
    """One `<order action=... order_id=...>` of `orders_update`.

    Examples:
        >>> OrderUpdate.confirm_all_to_send("57BEAFDA828A8", "TN1", "LAPOSTE").action.value
        'confirm_all_to_send'
    """

    order_id: Annotated[str, Field(min_length=13, max_length=13)]
    action: OrderUpdateAction
    order_details: list[OrderDetailUpdate] = Field(min_length=1)

    @classmethod
    def accept(cls, order_id: str, decisions: Mapping[int, bool]) -> OrderUpdate:
        """Accept (True) or refuse (False) each line, by `order_detail_id`."""
        details = [
            OrderDetailUpdate(
                order_detail_id=detail_id,
                action=OrderDetailAction.ACCEPTED if accepted else OrderDetailAction.REFUSED,
            )
            for detail_id, accepted in decisions.items()
        ]
        return cls(order_id=order_id, action=OrderUpdateAction.ACCEPT_ORDER, order_details=details)

    @classmethod
    def accept_all(cls, order_id: str, *, accept: bool = True) -> OrderUpdate:
        """Accept (or refuse) every line of the order at once."""
        action = OrderDetailAction.ACCEPTED if accept else OrderDetailAction.REFUSED
        return cls(
            order_id=order_id,
            action=OrderUpdateAction.ACCEPT_ALL_ORDERS,
            order_details=[OrderDetailUpdate(action=action)],
        )

    @classmethod
    def confirm_to_send(
        cls,
        order_id: str,
        detail_ids: Iterable[int],
        tracking_number: str | None = None,
        tracking_company: str | None = None,
    ) -> OrderUpdate:
        """Mark the given lines shipped, with the carrier and tracking number when known."""
        details = _tracked(OrderDetailAction.SHIPPED, detail_ids, tracking_number, tracking_company)
        return cls(
            order_id=order_id, action=OrderUpdateAction.CONFIRM_TO_SEND, order_details=details
        )

    @classmethod
    def confirm_all_to_send(
        cls,
        order_id: str,
        tracking_number: str | None = None,
        tracking_company: str | None = None,
    ) -> OrderUpdate:
        """Mark every line of the order shipped."""
        details = _tracked(OrderDetailAction.SHIPPED, [None], tracking_number, tracking_company)
        return cls(
            order_id=order_id, action=OrderUpdateAction.CONFIRM_ALL_TO_SEND, order_details=details
        )

    @classmethod
    def update(
        cls,
        order_id: str,
        detail_ids: Iterable[int],
        tracking_number: str,
        tracking_company: str | None = None,
    ) -> OrderUpdate:
        """Change the tracking number (and carrier) of shipped lines."""
        details = _tracked(OrderDetailAction.UPDATED, detail_ids, tracking_number, tracking_company)
        return cls(order_id=order_id, action=OrderUpdateAction.UPDATE, order_details=details)

    @classmethod
    def update_all(
        cls, order_id: str, tracking_number: str, tracking_company: str | None = None
    ) -> OrderUpdate:
        """Change the tracking number (and carrier) of every line."""
        details = _tracked(OrderDetailAction.UPDATED, [None], tracking_number, tracking_company)
        return cls(order_id=order_id, action=OrderUpdateAction.UPDATE_ALL, order_details=details)

    def to_xml(self) -> etree._Element:
        """The `<order>` element."""
        node = element("order", order_id=self.order_id, action=self.action.value)
        for detail in self.order_details:
            node.append(detail.to_xml())
        return node


def _tracked(
    action: OrderDetailAction,
    detail_ids: Iterable[int | None],
    tracking_number: str | None,
    tracking_company: str | None,
) -> list[OrderDetailUpdate]:
    # A line without `order_detail_id` stands for every line of the order.
    return [
        OrderDetailUpdate(
            order_detail_id=detail_id,
            action=action,
            tracking_number=tracking_number,
            tracking_company=tracking_company,
        )
        for detail_id in detail_ids
    ]


class OrdersUpdateRequest(FnacModel):
    """The body of `orders_update`.

    Examples:
        >>> OrdersUpdateRequest(orders=[OrderUpdate.accept_all("57BEAFDA828A8")]).service
        'orders_update'
    """

    service: ClassVar[str] = "orders_update"

    orders: list[OrderUpdate] = Field(min_length=1)

    def to_xml(self) -> etree._Element:
        """The `<orders_update>` document."""
        return request_document(self.service, self.orders)


class OrderDetailUpdateResult(LineOutcome):
    """The outcome for one line.

    Examples:
        >>> OrderDetailUpdateResult(order_detail_id="1", status="OK", state="Accepted").ok
        True
    """


class OrderUpdateResult(Outcome):
    """The outcome for one order: its new state and each line's outcome.

    Examples:
        >>> OrderUpdateResult(order_id="57BEAFDA828A8", status="ERROR").ok
        False
    """

    status: StatusValue = ResponseStatus.OK
    order_id: OptStr = None
    state: OrderStateValue = None
    errors: list[FnacError] = Field(default_factory=list)
    order_details: list[OrderDetailUpdateResult] = Field(default_factory=list)

    repeated = (ERRORS, Repeated("order_details", "order_detail", OrderDetailUpdateResult))


class OrdersUpdateResponse(FnacResponse):
    """One outcome per order of the call.

    Examples:
        >>> OrdersUpdateResponse().orders
        []
    """

    orders: list[OrderUpdateResult] = Field(default_factory=list)

    repeated = (Repeated("orders", "order", OrderUpdateResult),)
