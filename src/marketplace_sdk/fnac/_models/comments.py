"""Buyer ratings: `client_order_comments_query` and `client_order_comments_update` (replies).

Examples:
    >>> from marketplace_sdk.fnac._xml import to_bytes
    >>> body = to_bytes(ClientOrderCommentsUpdateRequest(
    ...     replies=[CommentReply(comment_id="C1", reply="Thank you")]).to_xml())
    >>> b"<comment_reply>Thank you</comment_reply>" in body
    True
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, ClassVar

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
)
from marketplace_sdk.fnac._models.offers import QuantityMode
from marketplace_sdk.fnac._models.requests import (
    PagedQuery,
    add_texts,
    date_range,
    request_document,
)
from marketplace_sdk.fnac._xml import element, sub_element

__all__ = [
    "ClientOrderComment",
    "ClientOrderCommentsQueryRequest",
    "ClientOrderCommentsQueryResponse",
    "ClientOrderCommentsUpdateRequest",
    "ClientOrderCommentsUpdateResponse",
    "CommentReply",
]


class ClientOrderCommentsQueryRequest(PagedQuery):
    """The body of `client_order_comments_query`.

    `date_type` is `Created` or `Modified`; the rate filter compares the buyer's rating.

    Examples:
        >>> ClientOrderCommentsQueryRequest(paging=1).service
        'client_order_comments_query'
    """

    service: ClassVar[str] = "client_order_comments_query"

    date_type: Annotated[str, Field(pattern="^(Created|Modified)$")] | None = None
    date_min: datetime | None = None
    date_max: datetime | None = None
    rate_mode: QuantityMode | None = None
    rate_value: Annotated[int, Field(ge=0)] | None = None
    client_order_comment_id: str | None = None
    order_fnac_id: str | None = None

    def to_xml(self) -> etree._Element:
        """The `<client_order_comments_query>` document."""
        root = self.query_root()
        if self.date_type is not None:
            date_range(root, self.date_type, self.date_min, self.date_max)
        if self.rate_mode is not None or self.rate_value is not None:
            mode = (self.rate_mode or QuantityMode.EQUALS).value
            sub_element(root, "rate", mode=mode, value=str(self.rate_value or 0))
        add_texts(
            root,
            client_order_comment_id=self.client_order_comment_id,
            order_fnac_id=self.order_fnac_id,
        )
        return root


class ClientOrderComment(FnacModel):
    """A buyer's rating and comment on an order.

    Examples:
        >>> ClientOrderComment(rate="5", is_fast="true").is_fast
        True
    """

    rate: OptInt = None
    order_fnac_id: OptStr = None
    client_order_comment_id: OptStr = None
    client_name: OptStr = None
    comment: OptStr = None
    reply: OptStr = None
    is_received: OptBool = None
    is_fast: OptBool = None
    is_well_packed: OptBool = None
    is_good_shape: OptBool = None
    created_at: OptDateTime = None


class ClientOrderCommentsQueryResponse(FnacResponse, PagedResponse):
    """One page of buyer comments.

    Examples:
        >>> ClientOrderCommentsQueryResponse().comments
        []
    """

    comments: list[ClientOrderComment] = Field(default_factory=list)

    repeated = (Repeated("comments", "client_order_comment", ClientOrderComment),)


class CommentReply(FnacModel):
    """The seller's reply to one buyer comment.

    Examples:
        >>> CommentReply(comment_id="C1", reply="Thanks").reply
        'Thanks'
    """

    comment_id: Annotated[str, Field(min_length=1)]
    reply: Annotated[str, Field(max_length=255)]

    def to_xml(self) -> etree._Element:
        """The `<comment id=...>` element."""
        node = element("comment", id=self.comment_id)
        sub_element(node, "comment_reply", self.reply)
        return node


class ClientOrderCommentsUpdateRequest(FnacModel):
    """The body of `client_order_comments_update`.

    Examples:
        >>> ClientOrderCommentsUpdateRequest(replies=[CommentReply(comment_id="C1",
        ...     reply="Thanks")]).service
        'client_order_comments_update'
    """

    service: ClassVar[str] = "client_order_comments_update"

    replies: list[CommentReply] = Field(min_length=1)

    def to_xml(self) -> etree._Element:
        """The `<client_order_comments_update>` document."""
        return request_document(self.service, self.replies)


class ClientOrderCommentsUpdateResponse(FnacResponse):
    """One outcome per reply (ERR_128: comment not found stays on its item).

    Examples:
        >>> ClientOrderCommentsUpdateResponse().comments
        []
    """

    comments: list[ItemStatus] = Field(default_factory=list)

    repeated = (Repeated("comments", "comment", ItemStatus),)
