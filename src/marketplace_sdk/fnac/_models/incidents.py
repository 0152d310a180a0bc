"""Incidents (buyer claims): `incidents_query` and `incidents_update` (refund lines).

The live service answers in a shape that differs from the 2017 XSD (see the specs README); the
models read what the recorded responses carry.

Examples:
    >>> from marketplace_sdk.fnac._xml import to_bytes
    >>> update = IncidentUpdate(order_id="57BEAFDA828A8", order_details=[
    ...     IncidentDetailRefund(order_detail_id=2, refund_reason=RefundReason.NO_STOCK)])
    >>> b'order_id="57BEAFDA828A8" action="refund"' in to_bytes(update.to_xml())
    True
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar, Self

from lxml import etree
from pydantic import Field, model_validator

from marketplace_sdk.fnac._models.common import (
    ERRORS,
    FnacError,
    FnacModel,
    FnacResponse,
    LineOutcome,
    OptBool,
    OptDateTime,
    OptDecimal,
    OptInt,
    OptStr,
    OrderStateValue,
    Outcome,
    PagedResponse,
    Repeated,
    ResponseStatus,
    SortOrder,
    StatusValue,
)
from marketplace_sdk.fnac._models.order_updates import RefundReason
from marketplace_sdk.fnac._models.requests import (
    PagedQuery,
    add_list,
    add_texts,
    date_range,
    flag,
    request_document,
)
from marketplace_sdk.fnac._xml import child, element, leaf_texts, sub_element

__all__ = [
    "Incident",
    "IncidentDetail",
    "IncidentDetailRefund",
    "IncidentDetailUpdateResult",
    "IncidentRefund",
    "IncidentUpdate",
    "IncidentUpdateResult",
    "IncidentsQueryRequest",
    "IncidentsQueryResponse",
    "IncidentsUpdateRequest",
    "IncidentsUpdateResponse",
]


class IncidentsQueryRequest(PagedQuery):
    """The body of `incidents_query`.

    `date_type` is `CreatedAt`, `UpdatedAt` or `ClosedAt`; `status` is `OPENED` or `CLOSED`.

    Examples:
        >>> IncidentsQueryRequest(paging=1, status="OPENED").status
        'OPENED'
    """

    service: ClassVar[str] = "incidents_query"

    date_type: Annotated[str, Field(pattern="^(CreatedAt|UpdatedAt|ClosedAt)$")] | None = None
    date_min: datetime | None = None
    date_max: datetime | None = None
    status: Annotated[str, Field(pattern="^(OPENED|CLOSED)$")] | None = None
    types: list[str] = Field(default_factory=list)
    incident_ids: list[str] = Field(default_factory=list)
    closed_statuses: list[str] = Field(default_factory=list)
    waiting_for_seller_answer: bool | None = None
    opened_by: str | None = None
    closed_by: str | None = None
    sort_by: SortOrder | None = None
    order_ids: list[Annotated[str, Field(min_length=13, max_length=13)]] = Field(
        default_factory=list, max_length=50
    )

    def to_xml(self) -> etree._Element:
        """The `<incidents_query>` document."""
        root = self.query_root()
        if self.date_type is not None:
            date_range(root, self.date_type, self.date_min, self.date_max)
        add_texts(root, status=self.status)
        add_list(root, "types", "type", self.types)
        add_list(root, "incidents_id", "incident_id", self.incident_ids)
        add_list(root, "closed_statuses", "closed_status", self.closed_statuses)
        add_texts(
            root,
            waiting_for_seller_answer=flag(self.waiting_for_seller_answer),
            opened_by=self.opened_by,
            closed_by=self.closed_by,
            sort_by=self.sort_by,
        )
        add_list(root, "orders", "order", self.order_ids)
        return root


class IncidentRefund(FnacModel):
    """A refund made on an incident line.

    Examples:
        >>> IncidentRefund(product_amount="260").product_amount
        Decimal('260')
    """

    product_amount: OptDecimal = None
    shipping_amount: OptDecimal = None
    fee_ht_amount: OptDecimal = None
    created_at: OptDateTime = None


class IncidentDetail(FnacModel):
    """One order line concerned by an incident (`order_detail_incident`).

    Examples:
        >>> IncidentDetail(order_detail_id="2", type="8", status="OPENED").order_detail_id
        2
    """

    order_detail_id: OptInt = None
    type: OptStr = None
    status: OptStr = None
    created_at: OptDateTime = None
    updated_at: OptDateTime = None
    refunds: list[IncidentRefund] = Field(default_factory=list)

    repeated = (Repeated("refunds", "refund", IncidentRefund, wrapper="refunds"),)


class Incident(FnacModel):
    """A buyer claim on an order: the header fields and the lines concerned.

    Examples:
        >>> Incident(id="I1", order_id="57BEAFDA828A8", status="OPENED").status
        'OPENED'
    """

    id: OptStr = None
    status: OptStr = None
    waiting_for_seller_answer: OptBool = None
    message: OptStr = None
    opened_by: OptStr = None
    closed_by: OptStr = None
    closed_status: OptStr = None
    created_at: OptDateTime = None
    updated_at: OptDateTime = None
    closed_at: OptDateTime = None
    order_id: OptStr = None
    details: list[IncidentDetail] = Field(default_factory=list)

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read an `<incident id=...>` element."""
        header = child(node, "header")
        fields = leaf_texts(header) if header is not None else {}
        details = _DETAILS.values_in(node)
        return cls.model_validate({**fields, "id": node.get("id"), "details": details})


_DETAILS = Repeated(
    "details", "order_detail_incident", IncidentDetail, wrapper="order_details_incident"
)


class IncidentsQueryResponse(FnacResponse, PagedResponse):
    """One page of incidents.

    Examples:
        >>> IncidentsQueryResponse().incidents
        []
    """

    incidents: list[Incident] = Field(default_factory=list)

    repeated = (Repeated("incidents", "incident", Incident),)


class IncidentDetailRefund(FnacModel):
    """One line to refund in an incident update.

    Examples:
        >>> IncidentDetailRefund(order_detail_id=1).refund_reason is None
        True
    """

    order_detail_id: Annotated[int, Field(ge=1)] | None = None
    refund_reason: RefundReason | None = None


class IncidentUpdate(FnacModel):
    """One `<order action="refund">` of `incidents_update`, by order id or incident id.

    Examples:
        >>> IncidentUpdate(incident_id="I1", order_details=[IncidentDetailRefund()]).action
        'refund'
    """

    order_id: Annotated[str, Field(min_length=13, max_length=13)] | None = None
    incident_id: str | None = None
    action: str = "refund"
    order_details: list[IncidentDetailRefund] = Field(min_length=1)

    @model_validator(mode="after")
    def _needs_target(self) -> IncidentUpdate:
        if self.order_id is None and self.incident_id is None:
            raise ValueError("an incident update needs order_id or incident_id")
        return self

    def to_xml(self) -> etree._Element:
        """The `<order>` element."""
        node = element("order")
        if self.incident_id is not None:
            node.set("incident_id", self.incident_id)
        if self.order_id is not None:
            node.set("order_id", self.order_id)
        node.set("action", self.action)
        for detail in self.order_details:
            item = sub_element(node, "order_detail")
            if detail.order_detail_id is not None:
                sub_element(item, "order_detail_id", str(detail.order_detail_id))
            if detail.refund_reason is not None:
                sub_element(item, "refund_reason", detail.refund_reason.value)
        return node


class IncidentsUpdateRequest(FnacModel):
    """The body of `incidents_update`.

    Examples:
        >>> IncidentsUpdateRequest(orders=[IncidentUpdate(order_id="57BEAFDA828A8",
        ...     order_details=[IncidentDetailRefund(order_detail_id=1)])]).service
        'incidents_update'
    """

    service: ClassVar[str] = "incidents_update"

    orders: list[IncidentUpdate] = Field(min_length=1)

    def to_xml(self) -> etree._Element:
        """The `<incidents_update>` document."""
        return request_document(self.service, self.orders)


class IncidentDetailUpdateResult(LineOutcome):
    """The outcome for one refunded line.

    Examples:
        >>> IncidentDetailUpdateResult(order_detail_id="2", status="FATAL").status
        <ResponseStatus.FATAL: 'FATAL'>
    """


class IncidentUpdateResult(Outcome):
    """The outcome for one order of an incident update (ERR_109 and the like stay here).

    Examples:
        >>> IncidentUpdateResult(status="OK").ok
        True
    """

    status: StatusValue = ResponseStatus.OK
    order_id: OptStr = None
    incident_id: OptStr = None
    incident_status: OptStr = None
    state: OrderStateValue = None
    errors: list[FnacError] = Field(default_factory=list)
    order_details: list[IncidentDetailUpdateResult] = Field(default_factory=list)

    repeated = (ERRORS, Repeated("order_details", "order_detail", IncidentDetailUpdateResult))


class IncidentsUpdateResponse(FnacResponse):
    """One outcome per order.

    Examples:
        >>> IncidentsUpdateResponse().orders
        []
    """

    orders: list[IncidentUpdateResult] = Field(default_factory=list)

    repeated = (Repeated("orders", "order", IncidentUpdateResult),)
