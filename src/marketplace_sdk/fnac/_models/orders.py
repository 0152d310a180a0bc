"""Orders: `orders_query` (paged, filtered by state, date and id) and the records it returns.

An order holds one `order_detail` per line; `offer_seller_id` on a line is the seller's SKU.
Updates (`orders_update`) are in `marketplace_sdk.fnac._models.order_updates`. Each `<order>` of an
answer is read on its own: one the model refuses (a line number that is not one, a date that
cannot be read) is that order's `RecordError`, on the answer's `refused`.

Examples:
    >>> from marketplace_sdk.fnac._xml import to_bytes
    >>> request = OrdersQueryRequest(paging=1, states=[OrderState.CREATED, OrderState.ACCEPTED])
    >>> body = to_bytes(request.to_xml())
    >>> b"<states><state>Created</state><state>Accepted</state></states>" in body
    True
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, ClassVar, Self, cast

from lxml import etree
from pydantic import Field

from marketplace_sdk.fnac._models.common import (
    Address,
    FnacModel,
    OptDecimal,
    OptInt,
    OptStr,
    OrderDetailStateValue,
    OrderState,
    OrderStateValue,
    ProductStateValue,
    RecordDateTime,
    Records,
    RecordsResponse,
    Repeated,
    SortOrder,
)
from marketplace_sdk.fnac._models.requests import (
    AwareDateTime,
    PagedQuery,
    add_list,
    add_texts,
    date_range,
)
from marketplace_sdk.fnac._xml import child_text, leaf_texts, local_name, sub_element

__all__ = [
    "MAX_ORDER_IDS_PER_QUERY",
    "Order",
    "OrderDateType",
    "OrderDetail",
    "OrdersQueryRequest",
    "OrdersQueryResponse",
]

#: `orders_fnac_id` takes at most 50 order ids.
MAX_ORDER_IDS_PER_QUERY = 50

OrderId = Annotated[str, Field(min_length=13, max_length=13)]


class OrderDateType(StrEnum):
    """Which date an `orders_query` date filter applies to (`order_state_constraint`).

    Examples:
        >>> OrderDateType.UPDATED_AT.value
        'UpdatedAt'
    """

    CREATED_AT = "CreatedAt"
    UPDATED_AT = "UpdatedAt"
    ACCEPTED_AT = "AcceptedAt"
    RECEIVED_AT = "ReceivedAt"
    DEBITED_AT = "DebitedAt"
    SHIPPED_AT = "ShippedAt"
    REFUSED_AT = "RefusedAt"
    CANCELLED_AT = "CancelledAt"


class OrdersQueryRequest(PagedQuery):
    """The body of `orders_query`: one page of orders, filtered.

    Examples:
        >>> OrdersQueryRequest(order_fnac_ids=["57BEAFDA828A8"]).order_fnac_ids
        ['57BEAFDA828A8']
    """

    service: ClassVar[str] = "orders_query"

    date_type: OrderDateType | None = None
    date_min: AwareDateTime | None = None
    date_max: AwareDateTime | None = None
    states: list[OrderState] = Field(default_factory=list)
    sort_by: SortOrder | None = None
    product_fnac_id: str | None = None
    order_fnac_ids: list[OrderId] = Field(default_factory=list, max_length=MAX_ORDER_IDS_PER_QUERY)
    offer_fnac_id: str | None = None
    offer_seller_id: str | None = None

    def to_xml(self) -> etree._Element:
        """The `<orders_query>` document."""
        root = self.query_root()
        if self.date_type is not None or self.date_min or self.date_max:
            date_type = (self.date_type or OrderDateType.CREATED_AT).value
            date_range(root, date_type, self.date_min, self.date_max)
        if len(self.states) == 1:
            sub_element(root, "state", self.states[0].value)
        else:
            add_list(root, "states", "state", self.states)
        add_texts(root, sort_by=self.sort_by, product_fnac_id=self.product_fnac_id)
        add_list(root, "orders_fnac_id", "order_fnac_id", self.order_fnac_ids)
        add_texts(root, offer_fnac_id=self.offer_fnac_id, offer_seller_id=self.offer_seller_id)
        return root


class OrderDetail(FnacModel):
    """One line of an order (`order_detail`).

    Examples:
        >>> line = OrderDetail(order_detail_id="1", offer_seller_id="SKU-1", quantity="2",
        ...                    price="20", state="ToAccept")
        >>> line.sku, line.quantity, line.price, line.state
        ('SKU-1', 2, Decimal('20'), <OrderDetailState.TO_ACCEPT: 'ToAccept'>)
    """

    order_detail_id: OptInt = None
    state: OrderDetailStateValue = None
    product_fnac_id: OptStr = None
    product_name: OptStr = None
    offer_fnac_id: OptStr = None
    offer_seller_id: OptStr = None
    price: OptDecimal = None
    fees: OptDecimal = None
    product_state: ProductStateValue = None
    quantity: OptInt = None
    description: OptStr = None
    internal_comment: OptStr = None
    debited_at: RecordDateTime = None
    created_at: RecordDateTime = None
    received_at: RecordDateTime = None
    refused_at: RecordDateTime = None
    product_url: OptStr = None
    image: OptStr = None
    tracking_number: OptStr = None
    tracking_company: OptStr = None
    xeett: OptStr = None
    pseudorvc: OptStr = None
    tracking_client_id: OptStr = None
    shipping_price: OptDecimal = None
    shipping_method: OptStr = None
    promotion_type: OptInt = None
    promotion_uid: OptStr = None

    @property
    def sku(self) -> str | None:
        """The seller's SKU (`offer_seller_id`)."""
        return self.offer_seller_id


class Order(FnacModel):
    """One order as `orders_query` returns it. Its repr leaves out the buyer's personal data.

    Examples:
        >>> Order(order_id="57BEAFDA828A8", state="Created", client_email="a@b.c")
        Order(order_id='57BEAFDA828A8', state=<OrderState.CREATED: 'Created'>, lines=0)
    """

    shop_id: OptStr = None
    client_id: OptStr = None
    client_firstname: OptStr = None
    client_lastname: OptStr = None
    client_email: OptStr = None
    adherent_number: OptStr = None
    order_id: OptStr = None
    client_culture: OptStr = None
    state: OrderStateValue = None
    created_at: RecordDateTime = None
    fees: OptDecimal = None
    invoice_number_reference: OptStr = None
    vat_rate: OptDecimal = None
    nb_messages: OptInt = None
    delivery_note: OptStr = None
    shipping_address: Address | None = None
    billing_address: Address | None = None
    order_details: list[OrderDetail] = Field(default_factory=list)
    raw: str = Field(default="", repr=False)
    """The order's XML as received, for support."""

    repeated = (Repeated("order_details", "order_detail", OrderDetail),)

    def __repr__(self) -> str:
        return (
            f"Order(order_id={self.order_id!r}, state={self.state!r}, "
            f"lines={len(self.order_details)})"
        )

    __str__ = __repr__

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read an `<order>` element.

        As `FnacModel.read` with the two addresses (the first of each) and `order_details`
        read, in one pass over the order's children instead of one per field. An order whose
        every value reads plainly is built without validating it again (`plain.plain_order`:
        the same model); any other is validated, and refused with validation's error.
        """
        plain = _plain_order(node) if cls is Order else None
        if plain is not None:
            return cast(Self, plain)
        return cls.validated_xml(node)

    @classmethod
    def validated_xml(cls, node: etree._Element) -> Self:
        """`from_xml`, validating every value: what `plain.plain_order` is held to.

        Examples:
            >>> from marketplace_sdk.fnac._xml import parse_xml
            >>> Order.validated_xml(parse_xml("<order><nb_messages>2</nb_messages></order>"))
            Order(order_id=None, state=None, lines=0)
        """
        fields: dict[str, object] = {**leaf_texts(node)}
        details: list[OrderDetail] = []
        addresses: dict[str, Address] = {}
        for item in node:
            name = local_name(item)
            if name == "order_detail":
                details.append(OrderDetail.from_xml(item))
            elif name in _ADDRESSES and name not in addresses:
                addresses[name] = Address.from_xml(item)
        fields["order_details"] = details
        for name in _ADDRESSES:
            fields[name] = addresses.get(name)
        fields["raw"] = etree.tostring(node, encoding="unicode")
        return cls.model_validate(fields)


_ADDRESSES = ("shipping_address", "billing_address")


def _plain_order(node: etree._Element) -> Order | None:
    # `plain.plain_order`, imported on the first order read (plain imports this module) and
    # then called directly: an import statement per order cost more than a line's reading.
    global _plain_order
    from marketplace_sdk.fnac._models.plain import plain_order

    _plain_order = plain_order
    return plain_order(node)


def _order_raw(node: etree._Element) -> dict[str, str | None]:
    # As the mapping keeps an order: FNAC's order state and the order's XML.
    return {
        "order_state": child_text(node, "state"),
        "xml": etree.tostring(node, encoding="unicode"),
    }


class OrdersQueryResponse(RecordsResponse):
    """One page of orders; an `<order>` the model refuses is its `RecordError` on `refused`.

    Examples:
        >>> OrdersQueryResponse(page=1, total_paging=2).has_more
        True
    """

    orders: list[Order] = Field(default_factory=list)

    records = Records(
        "orders",
        "order",
        Order,
        kind="order",
        record_id=lambda node: child_text(node, "order_id") or None,
        raw=_order_raw,
    )
