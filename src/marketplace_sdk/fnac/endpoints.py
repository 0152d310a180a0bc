"""Every FNAC XML operation as a pure function returning a `Call` (the sans-I/O layer).

Each call is `POST <service>` relative to the base URL (`https://vendeur.fnac.com/api.php/`), with
a `text/xml` body whose root is the service name. The authenticator adds `partner_id`, `shop_id`
and `token` to that root when the engine sends it. Parsing is lenient and raises the typed error
of any ERROR at the root of the answer (`marketplace_sdk.fnac.errors`).

FNAC caps some calls; the `*_calls` helpers split a long list into as many calls as needed:
10,000 offers per `offers_update`, 25 orders per `orders_update`, 10 products per
`pricing_query`. The `*_pages` helpers return a `PageNumberPaginator` for the services that page.

Example:
    >>> from marketplace_sdk.fnac.models import OfferUpdate
    >>> calls = offers_update_calls([OfferUpdate(offer_reference=f"SKU-{n}", quantity=1)
    ...                              for n in range(25_000)])
    >>> [call.request.path for call in calls], calls[0].request.is_idempotent
    (['offers_update', 'offers_update', 'offers_update'], False)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from typing import ClassVar, Protocol, TypeVar

import httpx
from lxml import etree

from marketplace_sdk.core.pagination import Page, PageNumberPaginator
from marketplace_sdk.core.request import ApiRequest, Call
from marketplace_sdk.fnac.auth import XML_HEADERS, FnacCredentials
from marketplace_sdk.fnac.errors import read_envelope
from marketplace_sdk.fnac.models import (
    MAX_PRICING_REFERENCES,
    AuthRequest,
    AuthResponse,
    BatchQueryRequest,
    BatchQueryResponse,
    BatchStatusRequest,
    BatchStatusResponse,
    CarriersQueryRequest,
    CarriersQueryResponse,
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
    Offer,
    OffersQueryRequest,
    OffersQueryResponse,
    OffersUpdateRequest,
    OffersUpdateResponse,
    OfferUpdate,
    Order,
    OrdersQueryRequest,
    OrdersQueryResponse,
    OrdersUpdateRequest,
    OrdersUpdateResponse,
    OrderUpdate,
    PricingQueryRequest,
    PricingQueryResponse,
    PricingSellers,
    ProductReference,
    ShopInvoice,
    ShopInvoicesQueryRequest,
    ShopInvoicesQueryResponse,
)
from marketplace_sdk.fnac.models.common import FnacModel
from marketplace_sdk.fnac.xml import to_bytes

__all__ = [
    "MAX_OFFERS_PER_UPDATE",
    "MAX_ORDERS_PER_UPDATE",
    "MAX_PRICING_REFERENCES",
    "PRODUCTION_URL",
    "TEST_URL",
    "auth",
    "batch_query",
    "batch_status",
    "carriers_query",
    "chunked",
    "client_order_comments_pages",
    "client_order_comments_query",
    "client_order_comments_update",
    "incidents_pages",
    "incidents_query",
    "incidents_update",
    "messages_pages",
    "messages_query",
    "messages_update",
    "offers_pages",
    "offers_query",
    "offers_update",
    "offers_update_calls",
    "orders_pages",
    "orders_query",
    "orders_update",
    "orders_update_calls",
    "pricing_query",
    "pricing_query_calls",
    "shop_invoices_pages",
    "shop_invoices_query",
]

#: FNAC's production web services.
PRODUCTION_URL = "https://vendeur.fnac.com/api.php/"
#: FNAC's partner test platform.
TEST_URL = "https://partners-test.mp.fnacdarty.com/api.php/"

#: Offers per `offers_update` call.
MAX_OFFERS_PER_UPDATE = 10_000
#: Orders per `orders_update` call.
MAX_ORDERS_PER_UPDATE = 25

R = TypeVar("R")
T = TypeVar("T")
Q = TypeVar("Q", bound=FnacModel)


class _XmlRequest(Protocol):
    service: ClassVar[str]

    def to_xml(self) -> etree._Element: ...


def _call(
    body: _XmlRequest,
    read: Callable[[etree._Element], R],
    *,
    idempotent: bool,
    authenticated: bool = True,
) -> Call[R]:
    service = body.service

    def parse(response: httpx.Response) -> R:
        return read(read_envelope(response, service))

    request = ApiRequest(
        method="POST",
        path=service,
        content=to_bytes(body.to_xml()),
        headers=XML_HEADERS,
        idempotent=idempotent,
        operation=service,
        authenticated=authenticated,
    )
    return Call(request, parse=parse)


def chunked(items: Iterable[T], size: int) -> list[list[T]]:
    """Split `items` into lists of at most `size`, in order.

    Example:
        >>> chunked(range(5), 2)
        [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise ValueError("size must be at least 1")
    batch: list[T] = []
    batches: list[list[T]] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            batches.append(batch)
            batch = []
    if batch:
        batches.append(batch)
    return batches


def auth(credentials: FnacCredentials) -> Call[AuthResponse]:
    """`auth`: exchange the shop's credentials for a token (clients use `FnacTokenAuth`).

    Example:
        >>> auth(FnacCredentials(partner_id="P", shop_id="S", key="k")).request.authenticated
        False
    """
    body = AuthRequest(
        partner_id=credentials.partner_id, shop_id=credentials.shop_id, key=credentials.key
    )
    return _call(body, AuthResponse.from_xml, idempotent=True, authenticated=False)


def offers_update(offers: Sequence[OfferUpdate]) -> Call[OffersUpdateResponse]:
    """`offers_update` for at most 10,000 offers; the answer names the batch to poll.

    Example:
        >>> offers_update([OfferUpdate(offer_reference="SKU-1", quantity=0)]).request.operation
        'offers_update'
    """
    if len(offers) > MAX_OFFERS_PER_UPDATE:
        raise ValueError(f"offers_update takes at most {MAX_OFFERS_PER_UPDATE} offers per call")
    body = OffersUpdateRequest(offers=list(offers))
    return _call(body, OffersUpdateResponse.from_xml, idempotent=False)


def offers_update_calls(offers: Iterable[OfferUpdate]) -> list[Call[OffersUpdateResponse]]:
    """One `offers_update` call per 10,000 offers.

    Example:
        >>> len(offers_update_calls([OfferUpdate(offer_reference="A", quantity=1)]))
        1
    """
    return [offers_update(batch) for batch in chunked(offers, MAX_OFFERS_PER_UPDATE)]


def batch_status(batch_id: str) -> Call[BatchStatusResponse]:
    """`batch_status`: where an offers batch stands, with one outcome per offer when done.

    Example:
        >>> batch_status("B1").request.is_idempotent
        True
    """
    return _call(
        BatchStatusRequest(batch_id=batch_id), BatchStatusResponse.from_xml, idempotent=True
    )


def batch_query(
    created_min: datetime | None = None, created_max: datetime | None = None
) -> Call[BatchQueryResponse]:
    """`batch_query`: the shop's offer batches.

    Example:
        >>> batch_query().request.path
        'batch_query'
    """
    body = BatchQueryRequest(created_min=created_min, created_max=created_max)
    return _call(body, BatchQueryResponse.from_xml, idempotent=True)


def offers_query(request: OffersQueryRequest) -> Call[OffersQueryResponse]:
    """`offers_query`: one page of offers.

    Example:
        >>> offers_query(OffersQueryRequest(paging=1)).request.path
        'offers_query'
    """
    return _call(request, OffersQueryResponse.from_xml, idempotent=True)


def _pages(
    request: Q,
    per_page: int | None,
    fetch: Callable[[Q], Call[R]],
    items: Callable[[R], Sequence[T]],
    total: Callable[[R], int | None],
    has_more: Callable[[R], bool | None],
) -> PageNumberPaginator[T]:
    def page(number: int) -> Call[Page[T]]:
        call = fetch(request.model_copy(update={"paging": number}))
        return call.map(
            lambda answer: Page(items=items(answer), total=total(answer), has_more=has_more(answer))
        )

    return PageNumberPaginator(page, per_page=per_page)


def offers_pages(request: OffersQueryRequest | None = None) -> PageNumberPaginator[Offer]:
    """Every offer matching `request`, page after page (`paging` is set per page).

    Example:
        >>> offers_pages(OffersQueryRequest(results_count=50)).per_page
        50
    """
    query = request or OffersQueryRequest()
    return _pages(
        query,
        query.results_count,
        offers_query,
        lambda answer: answer.offers,
        lambda answer: answer.nb_total_result,
        lambda answer: answer.has_more,
    )


def orders_query(request: OrdersQueryRequest) -> Call[OrdersQueryResponse]:
    """`orders_query`: one page of orders.

    Example:
        >>> orders_query(OrdersQueryRequest(paging=1)).request.path
        'orders_query'
    """
    return _call(request, OrdersQueryResponse.from_xml, idempotent=True)


def orders_pages(request: OrdersQueryRequest | None = None) -> PageNumberPaginator[Order]:
    """Every order matching `request`, page after page.

    Example:
        >>> orders_pages().first().request.content.count(b"<paging>1</paging>")
        1
    """
    query = request or OrdersQueryRequest()
    return _pages(
        query,
        query.results_count,
        orders_query,
        lambda answer: answer.orders,
        lambda answer: answer.nb_total_result,
        lambda answer: answer.has_more,
    )


def orders_update(orders: Sequence[OrderUpdate]) -> Call[OrdersUpdateResponse]:
    """`orders_update` for at most 25 orders: accept, refuse, ship, update tracking.

    Example:
        >>> orders_update([OrderUpdate.accept_all("57BEAFDA828A8")]).request.is_idempotent
        False
    """
    if len(orders) > MAX_ORDERS_PER_UPDATE:
        raise ValueError(f"orders_update takes at most {MAX_ORDERS_PER_UPDATE} orders per call")
    body = OrdersUpdateRequest(orders=list(orders))
    return _call(body, OrdersUpdateResponse.from_xml, idempotent=False)


def orders_update_calls(orders: Iterable[OrderUpdate]) -> list[Call[OrdersUpdateResponse]]:
    """One `orders_update` call per 25 orders.

    Example:
        >>> len(orders_update_calls([OrderUpdate.accept_all("57BEAFDA828A8")] * 26))
        2
    """
    return [orders_update(batch) for batch in chunked(orders, MAX_ORDERS_PER_UPDATE)]


def carriers_query() -> Call[CarriersQueryResponse]:
    """`carriers_query`: the carriers a shipment may name.

    Example:
        >>> carriers_query().request.path
        'carriers_query'
    """
    return _call(CarriersQueryRequest(), CarriersQueryResponse.from_xml, idempotent=True)


def pricing_query(
    references: Sequence[ProductReference], sellers: PricingSellers | None = None
) -> Call[PricingQueryResponse]:
    """`pricing_query` for at most 10 products.

    Example:
        >>> pricing_query([ProductReference(value="9780262510875")]).request.path
        'pricing_query'
    """
    body = PricingQueryRequest(product_references=list(references), sellers=sellers)
    return _call(body, PricingQueryResponse.from_xml, idempotent=True)


def pricing_query_calls(
    references: Iterable[ProductReference], sellers: PricingSellers | None = None
) -> list[Call[PricingQueryResponse]]:
    """One `pricing_query` call per 10 products.

    Example:
        >>> len(pricing_query_calls([ProductReference(value=str(n)) for n in range(11)]))
        2
    """
    return [pricing_query(batch, sellers) for batch in chunked(references, MAX_PRICING_REFERENCES)]


def client_order_comments_query(
    request: ClientOrderCommentsQueryRequest,
) -> Call[ClientOrderCommentsQueryResponse]:
    """`client_order_comments_query`: one page of buyer ratings.

    Example:
        >>> client_order_comments_query(ClientOrderCommentsQueryRequest()).request.path
        'client_order_comments_query'
    """
    return _call(request, ClientOrderCommentsQueryResponse.from_xml, idempotent=True)


def client_order_comments_pages(
    request: ClientOrderCommentsQueryRequest | None = None,
) -> PageNumberPaginator[ClientOrderComment]:
    """Every buyer rating matching `request`, page after page.

    Example:
        >>> client_order_comments_pages().per_page is None
        True
    """
    query = request or ClientOrderCommentsQueryRequest()
    return _pages(
        query,
        query.results_count,
        client_order_comments_query,
        lambda answer: answer.comments,
        lambda answer: answer.nb_total_result,
        lambda answer: answer.has_more,
    )


def client_order_comments_update(
    replies: Sequence[CommentReply],
) -> Call[ClientOrderCommentsUpdateResponse]:
    """`client_order_comments_update`: reply to buyer ratings.

    Example:
        >>> client_order_comments_update([CommentReply(comment_id="C1", reply="Thanks")]
        ...                              ).request.is_idempotent
        False
    """
    body = ClientOrderCommentsUpdateRequest(replies=list(replies))
    return _call(body, ClientOrderCommentsUpdateResponse.from_xml, idempotent=False)


def messages_query(request: MessagesQueryRequest) -> Call[MessagesQueryResponse]:
    """`messages_query`: one page of buyer messages.

    Example:
        >>> messages_query(MessagesQueryRequest(paging=1)).request.path
        'messages_query'
    """
    return _call(request, MessagesQueryResponse.from_xml, idempotent=True)


def messages_pages(request: MessagesQueryRequest | None = None) -> PageNumberPaginator[Message]:
    """Every message matching `request`, page after page.

    Example:
        >>> messages_pages(MessagesQueryRequest(results_count=20)).per_page
        20
    """
    query = request or MessagesQueryRequest()
    return _pages(
        query,
        query.results_count,
        messages_query,
        lambda answer: answer.messages,
        lambda answer: answer.nb_total_result,
        lambda answer: answer.has_more,
    )


def messages_update(messages: Sequence[MessageUpdate]) -> Call[MessagesUpdateResponse]:
    """`messages_update`: mark read or unread, archive, reply.

    Example:
        >>> from marketplace_sdk.fnac.models import MessageAction
        >>> messages_update([MessageUpdate(message_id="M1", action=MessageAction.ARCHIVE)]
        ...                 ).request.path
        'messages_update'
    """
    body = MessagesUpdateRequest(messages=list(messages))
    return _call(body, MessagesUpdateResponse.from_xml, idempotent=False)


def incidents_query(request: IncidentsQueryRequest) -> Call[IncidentsQueryResponse]:
    """`incidents_query`: one page of buyer claims.

    Example:
        >>> incidents_query(IncidentsQueryRequest(paging=1)).request.path
        'incidents_query'
    """
    return _call(request, IncidentsQueryResponse.from_xml, idempotent=True)


def incidents_pages(request: IncidentsQueryRequest | None = None) -> PageNumberPaginator[Incident]:
    """Every incident matching `request`, page after page.

    Example:
        >>> incidents_pages().first().request.operation
        'incidents_query'
    """
    query = request or IncidentsQueryRequest()
    return _pages(
        query,
        query.results_count,
        incidents_query,
        lambda answer: answer.incidents,
        lambda answer: answer.nb_total_result,
        lambda answer: answer.has_more,
    )


def incidents_update(orders: Sequence[IncidentUpdate]) -> Call[IncidentsUpdateResponse]:
    """`incidents_update`: refund lines of claimed orders.

    Example:
        >>> from marketplace_sdk.fnac.models import IncidentDetailRefund
        >>> incidents_update([IncidentUpdate(order_id="57BEAFDA828A8",
        ...     order_details=[IncidentDetailRefund(order_detail_id=2)])]).request.is_idempotent
        False
    """
    body = IncidentsUpdateRequest(orders=list(orders))
    return _call(body, IncidentsUpdateResponse.from_xml, idempotent=False)


def shop_invoices_query(request: ShopInvoicesQueryRequest) -> Call[ShopInvoicesQueryResponse]:
    """`shop_invoices_query`: one page of FNAC's invoices to the shop.

    Example:
        >>> shop_invoices_query(ShopInvoicesQueryRequest(paging=1)).request.path
        'shop_invoices_query'
    """
    return _call(request, ShopInvoicesQueryResponse.from_xml, idempotent=True)


def shop_invoices_pages(
    request: ShopInvoicesQueryRequest | None = None,
) -> PageNumberPaginator[ShopInvoice]:
    """Every invoice matching `request`, page after page.

    Example:
        >>> shop_invoices_pages().first().request.path
        'shop_invoices_query'
    """
    query = request or ShopInvoicesQueryRequest()
    return _pages(
        query,
        query.results_count,
        shop_invoices_query,
        lambda answer: answer.invoices,
        lambda answer: answer.nb_total_result,
        lambda answer: answer.has_more,
    )
