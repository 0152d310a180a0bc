"""Buyer messages: `messages_query` and `messages_update` (mark read, archive, reply).

Examples:
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> page = MessagesQueryResponse.from_xml(parse_xml(
    ...     '<messages_query_response status="OK"><message state="READ" archived="FALSE">'
    ...     '<message_id>M1</message_id><message_referer type="ORDER">57BEAFDA828A8'
    ...     '</message_referer></message></messages_query_response>'))
    >>> page.messages[0].message_referer, page.messages[0].message_referer_type
    ('57BEAFDA828A8', 'ORDER')
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Annotated, ClassVar, Self

from lxml import etree
from pydantic import Field

from marketplace_sdk.fnac._models.common import (
    FnacModel,
    FnacResponse,
    ItemStatus,
    OptBool,
    OptDateTime,
    OptInt,
    OptStr,
    PagedResponse,
    Repeated,
    SortOrder,
)
from marketplace_sdk.fnac._models.requests import (
    PagedQuery,
    add_list,
    add_texts,
    date_range,
    flag,
    request_document,
)
from marketplace_sdk.fnac._xml import child, element, sub_element

__all__ = [
    "Message",
    "MessageAction",
    "MessageFile",
    "MessageSubject",
    "MessageTo",
    "MessageType",
    "MessageUpdate",
    "MessagesQueryRequest",
    "MessagesQueryResponse",
    "MessagesUpdateRequest",
    "MessagesUpdateResponse",
]


class MessageType(StrEnum):
    """What a message is about (`message_type`).

    Examples:
        >>> MessageType.ORDER.value
        'ORDER'
    """

    OFFER = "OFFER"
    ORDER = "ORDER"


class MessageAction(StrEnum):
    """What `messages_update` does with a message (`message_action`).

    Examples:
        >>> MessageAction.MARK_AS_READ.value
        'mark_as_read'
    """

    MARK_AS_READ = "mark_as_read"
    MARK_AS_UNREAD = "mark_as_unread"
    ARCHIVE = "archive"
    MARK_AS_READ_AND_ARCHIVE = "mark_as_read_and_archive"
    UNARCHIVE = "unarchive"
    REPLY = "reply"
    CREATE = "create"
    CONFIRM_SHOP_DELIVERY = "confirm_shop_delivery"


class MessageTo(StrEnum):
    """Who receives a reply (`message_to`).

    Examples:
        >>> MessageTo.CLIENT.value
        'CLIENT'
    """

    CALLCENTER = "CALLCENTER"
    CLIENT = "CLIENT"
    ALL = "ALL"


class MessageSubject(StrEnum):
    """Subject of a new message (`message_subject`).

    Examples:
        >>> MessageSubject.SHIPPING_INFORMATION.value
        'shipping_information'
    """

    PRODUCT_INFORMATION = "product_information"
    SHIPPING_INFORMATION = "shipping_information"
    ORDER_INFORMATION = "order_information"
    OFFER_PROBLEM = "offer_problem"
    OFFER_NOT_RECEIVED = "offer_not_received"
    OTHER_QUESTION = "other_question"


class MessagesQueryRequest(PagedQuery):
    """The body of `messages_query`.

    `date_type` is one of the order date types (`CreatedAt`, `UpdatedAt`, ...); `sort_by` is
    `CREATED_AT` or `UPDATED_AT`, in `sort_order`.

    Examples:
        >>> MessagesQueryRequest(paging=1, message_state="UNREAD").message_state
        'UNREAD'
    """

    service: ClassVar[str] = "messages_query"

    date_type: str | None = None
    date_min: datetime | None = None
    date_max: datetime | None = None
    message_type: MessageType | None = None
    message_archived: bool | None = None
    message_state: Annotated[str, Field(pattern="^(READ|UNREAD)$")] | None = None
    message_id: str | None = None
    product_fnac_id: str | None = None
    order_fnac_id: str | None = None
    offer_fnac_id: str | None = None
    offer_seller_id: str | None = None
    sort_by: Annotated[str, Field(pattern="^(CREATED_AT|UPDATED_AT)$")] | None = None
    sort_order: SortOrder = SortOrder.DESC
    from_types: list[Annotated[str, Field(pattern="^(CLIENT|CALLCENTER|SELLER|SYSTEM)$")]] = Field(
        default_factory=list
    )

    def to_xml(self) -> etree._Element:
        """The `<messages_query>` document."""
        root = self.query_root()
        if self.date_type is not None:
            date_range(root, self.date_type, self.date_min, self.date_max)
        add_texts(
            root,
            message_type=self.message_type,
            message_archived=flag(self.message_archived),
            message_state=self.message_state,
            message_id=self.message_id,
            product_fnac_id=self.product_fnac_id,
            order_fnac_id=self.order_fnac_id,
            offer_fnac_id=self.offer_fnac_id,
            offer_seller_id=self.offer_seller_id,
        )
        if self.sort_by is not None:
            sub_element(root, "sort_by", self.sort_by, type=self.sort_order.value)
        add_list(root, "message_from_types", "from_type", self.from_types)
        return root


class MessageFile(FnacModel):
    """A file attached to a message.

    Examples:
        >>> MessageFile(name="a.pdf").name
        'a.pdf'
    """

    name: OptStr = None
    url: OptStr = None
    filetype: OptStr = None


class Message(FnacModel):
    """One message about an order or an offer.

    Examples:
        >>> Message(message_id="M1", state="UNREAD").state
        'UNREAD'
    """

    message_id: OptStr = None
    state: OptStr = None
    archived: OptBool = None
    message_referer: OptStr = None
    message_referer_type: OptStr = None
    message_from: OptStr = None
    message_from_type: OptStr = None
    message_offer_title: OptStr = None
    message_subject: OptStr = None
    message_description: OptStr = None
    created_at: OptDateTime = None
    updated_at: OptDateTime = None
    answer: OptStr = None
    answer_at: OptDateTime = None
    message_files: list[MessageFile] = Field(default_factory=list)

    repeated = (Repeated("message_files", "message_file", MessageFile),)

    @classmethod
    def from_xml(cls, node: etree._Element) -> Self:
        """Read a `<message state=... archived=...>` element."""
        referer = child(node, "message_referer")
        sender = child(node, "message_from")
        return cls.read(
            node,
            state=node.get("state"),
            archived=node.get("archived"),
            message_referer_type=referer.get("type") if referer is not None else None,
            message_from_type=sender.get("type") if sender is not None else None,
        )


class MessagesQueryResponse(FnacResponse, PagedResponse):
    """One page of messages (the live service adds paging fields the 2017 XSD lacks).

    Examples:
        >>> MessagesQueryResponse(messages_unread_result=2).messages_unread_result
        2
    """

    messages_unread_result: OptInt = None
    messages_read_result: OptInt = None
    messages: list[Message] = Field(default_factory=list)

    repeated = (Repeated("messages", "message", Message),)


class MessageUpdate(FnacModel):
    """One `<message id=... action=...>` of `messages_update` (mark read, archive, reply, ...).

    Examples:
        >>> MessageUpdate(message_id="M1", action=MessageAction.REPLY, message_to=MessageTo.CLIENT,
        ...               message_description="Shipped today").action.value
        'reply'
    """

    message_id: Annotated[str, Field(min_length=1)]
    action: MessageAction
    message_to: MessageTo | None = None
    message_subject: MessageSubject | None = None
    message_description: str | None = None
    message_type: MessageType | None = None

    def to_xml(self) -> etree._Element:
        """The `<message>` element."""
        node = element("message", id=self.message_id, action=self.action.value)
        add_texts(
            node,
            message_to=self.message_to,
            message_subject=self.message_subject,
            message_description=self.message_description,
            message_type=self.message_type,
        )
        return node


class MessagesUpdateRequest(FnacModel):
    """The body of `messages_update`.

    Examples:
        >>> MessagesUpdateRequest(messages=[MessageUpdate(message_id="M1",
        ...     action=MessageAction.ARCHIVE)]).service
        'messages_update'
    """

    service: ClassVar[str] = "messages_update"

    messages: list[MessageUpdate] = Field(min_length=1)

    def to_xml(self) -> etree._Element:
        """The `<messages_update>` document."""
        return request_document(self.service, self.messages)


class MessagesUpdateResponse(FnacResponse):
    """One outcome per message.

    Examples:
        >>> MessagesUpdateResponse(messages=[ItemStatus(id="M1")]).messages[0].ok
        True
    """

    messages: list[ItemStatus] = Field(default_factory=list)

    repeated = (Repeated("messages", "message", ItemStatus),)
