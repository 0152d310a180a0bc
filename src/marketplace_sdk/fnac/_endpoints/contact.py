"""Pricing, buyer contact and invoices: `pricing_query`, comments, messages, incidents,
`shop_invoices_query`.

Examples:
    >>> from marketplace_sdk.fnac._models import ProductReference
    >>> pricing_query([ProductReference(value="1")]).request.path
    'pricing_query'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from marketplace_sdk.core._pagination import PageNumberPaginator
from marketplace_sdk.core._request import Call
from marketplace_sdk.fnac._endpoints._base import chunked, paged, xml_call
from marketplace_sdk.fnac._models import (
    MAX_PRICING_REFERENCES,
    ClientOrderComment,
    ClientOrderCommentsQueryRequest,
    ClientOrderCommentsQueryResponse,
    ClientOrderCommentsUpdateRequest,
    ClientOrderCommentsUpdateResponse,
    CommentReply,
    Incident,
    IncidentsQueryRequest,
    IncidentsQueryResponse,
    IncidentsUpdateRequest,
    IncidentsUpdateResponse,
    IncidentUpdate,
    Message,
    MessagesQueryRequest,
    MessagesQueryResponse,
    MessagesUpdateRequest,
    MessagesUpdateResponse,
    MessageUpdate,
    PricingQueryRequest,
    PricingQueryResponse,
    PricingSellers,
    ProductReference,
    ShopInvoice,
    ShopInvoicesQueryRequest,
    ShopInvoicesQueryResponse,
)

__all__ = [
    "client_order_comments_pages",
    "client_order_comments_query",
    "client_order_comments_update",
    "incidents_pages",
    "incidents_query",
    "incidents_update",
    "messages_pages",
    "messages_query",
    "messages_update",
    "pricing_query",
    "pricing_query_calls",
    "shop_invoices_pages",
    "shop_invoices_query",
]


def pricing_query(
    references: Sequence[ProductReference], sellers: PricingSellers | None = None
) -> Call[PricingQueryResponse]:
    """`pricing_query` for at most 10 products.

    Examples:
        >>> pricing_query([ProductReference(value="9780262510875")]).request.path
        'pricing_query'
    """
    body = PricingQueryRequest(product_references=list(references), sellers=sellers)
    return xml_call(body, PricingQueryResponse.from_xml, idempotent=True)


def pricing_query_calls(
    references: Iterable[ProductReference], sellers: PricingSellers | None = None
) -> list[Call[PricingQueryResponse]]:
    """One `pricing_query` call per 10 products.

    Examples:
        >>> len(pricing_query_calls([ProductReference(value=str(n)) for n in range(11)]))
        2
    """
    return [pricing_query(batch, sellers) for batch in chunked(references, MAX_PRICING_REFERENCES)]


def client_order_comments_query(
    request: ClientOrderCommentsQueryRequest,
) -> Call[ClientOrderCommentsQueryResponse]:
    """`client_order_comments_query`: one page of buyer ratings.

    Examples:
        >>> client_order_comments_query(ClientOrderCommentsQueryRequest()).request.path
        'client_order_comments_query'
    """
    return xml_call(request, ClientOrderCommentsQueryResponse.from_xml, idempotent=True)


def client_order_comments_pages(
    request: ClientOrderCommentsQueryRequest | None = None,
) -> PageNumberPaginator[ClientOrderComment]:
    """Every buyer rating matching `request`, page after page.

    Examples:
        >>> client_order_comments_pages().per_page is None
        True
    """
    return paged(
        request or ClientOrderCommentsQueryRequest(),
        client_order_comments_query,
        lambda answer: answer.comments,
    )


def client_order_comments_update(
    replies: Sequence[CommentReply],
) -> Call[ClientOrderCommentsUpdateResponse]:
    """`client_order_comments_update`: reply to buyer ratings.

    Examples:
        >>> client_order_comments_update([CommentReply(comment_id="C1", reply="Thanks")]
        ...                              ).request.is_idempotent
        False
    """
    body = ClientOrderCommentsUpdateRequest(replies=list(replies))
    return xml_call(body, ClientOrderCommentsUpdateResponse.from_xml, idempotent=False)


def messages_query(request: MessagesQueryRequest) -> Call[MessagesQueryResponse]:
    """`messages_query`: one page of buyer messages.

    Examples:
        >>> messages_query(MessagesQueryRequest(paging=1)).request.path
        'messages_query'
    """
    return xml_call(request, MessagesQueryResponse.from_xml, idempotent=True)


def messages_pages(request: MessagesQueryRequest | None = None) -> PageNumberPaginator[Message]:
    """Every message matching `request`, page after page.

    Examples:
        >>> messages_pages(MessagesQueryRequest(results_count=20)).per_page
        20
    """
    return paged(request or MessagesQueryRequest(), messages_query, lambda answer: answer.messages)


def messages_update(messages: Sequence[MessageUpdate]) -> Call[MessagesUpdateResponse]:
    """`messages_update`: mark read or unread, archive, reply.

    Examples:
        >>> from marketplace_sdk.fnac._models import MessageAction
        >>> messages_update([MessageUpdate(message_id="M1", action=MessageAction.ARCHIVE)]
        ...                 ).request.path
        'messages_update'
    """
    body = MessagesUpdateRequest(messages=list(messages))
    return xml_call(body, MessagesUpdateResponse.from_xml, idempotent=False)


def incidents_query(request: IncidentsQueryRequest) -> Call[IncidentsQueryResponse]:
    """`incidents_query`: one page of buyer claims.

    Examples:
        >>> incidents_query(IncidentsQueryRequest(paging=1)).request.path
        'incidents_query'
    """
    return xml_call(request, IncidentsQueryResponse.from_xml, idempotent=True)


def incidents_pages(request: IncidentsQueryRequest | None = None) -> PageNumberPaginator[Incident]:
    """Every incident matching `request`, page after page.

    Examples:
        >>> incidents_pages().first().request.operation
        'incidents_query'
    """
    return paged(
        request or IncidentsQueryRequest(), incidents_query, lambda answer: answer.incidents
    )


def incidents_update(orders: Sequence[IncidentUpdate]) -> Call[IncidentsUpdateResponse]:
    """`incidents_update`: refund lines of claimed orders.

    Examples:
        >>> from marketplace_sdk.fnac._models import IncidentDetailRefund
        >>> incidents_update([IncidentUpdate(order_id="57BEAFDA828A8",
        ...     order_details=[IncidentDetailRefund(order_detail_id=2)])]).request.is_idempotent
        False
    """
    body = IncidentsUpdateRequest(orders=list(orders))
    return xml_call(body, IncidentsUpdateResponse.from_xml, idempotent=False)


def shop_invoices_query(request: ShopInvoicesQueryRequest) -> Call[ShopInvoicesQueryResponse]:
    """`shop_invoices_query`: one page of FNAC's invoices to the shop.

    Examples:
        >>> shop_invoices_query(ShopInvoicesQueryRequest(paging=1)).request.path
        'shop_invoices_query'
    """
    return xml_call(request, ShopInvoicesQueryResponse.from_xml, idempotent=True)


def shop_invoices_pages(
    request: ShopInvoicesQueryRequest | None = None,
) -> PageNumberPaginator[ShopInvoice]:
    """Every invoice matching `request`, page after page.

    Examples:
        >>> shop_invoices_pages().first().request.path
        'shop_invoices_query'
    """
    return paged(
        request or ShopInvoicesQueryRequest(), shop_invoices_query, lambda answer: answer.invoices
    )
