"""Orders: `orders_query`, `orders_update` and `carriers_query`.

Examples:
    >>> carriers_query().request.path
    'carriers_query'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import TypeVar

from lxml import etree

from marketplace_sdk.core._pagination import Page, PageNumberPaginator
from marketplace_sdk.core._request import Call
from marketplace_sdk.fnac._endpoints._base import MAX_ORDERS_PER_UPDATE, chunked, paged, xml_call
from marketplace_sdk.fnac._models import (
    CarriersQueryRequest,
    CarriersQueryResponse,
    Order,
    OrdersQueryRequest,
    OrdersQueryResponse,
    OrdersUpdateRequest,
    OrdersUpdateResponse,
    OrderUpdate,
)

__all__ = [
    "carriers_query",
    "orders_pages",
    "orders_query",
    "orders_read_pages",
    "orders_update",
    "orders_update_calls",
]


def orders_query(request: OrdersQueryRequest) -> Call[OrdersQueryResponse]:
    """`orders_query`: one page of orders.

    Examples:
        >>> orders_query(OrdersQueryRequest(paging=1)).request.path
        'orders_query'
    """
    return xml_call(request, OrdersQueryResponse.from_xml, idempotent=True)


def orders_pages(request: OrdersQueryRequest | None = None) -> PageNumberPaginator[Order]:
    """Every order matching `request`, page after page.

    Examples:
        >>> orders_pages().first().request.content.count(b"<paging>1</paging>")
        1
    """
    return paged(request or OrdersQueryRequest(), orders_query, lambda answer: answer.orders)


T = TypeVar("T")


def orders_read_pages(
    request: OrdersQueryRequest | None, read: Callable[[etree._Element], T]
) -> PageNumberPaginator[T]:
    """`orders_pages`, each `<order>` read by `read` in place of `Order.from_xml`: for a
    reader that takes an order straight to something else (the channel's canonical orders).

    The pages, their paging and their refused records are `orders_pages`' when `read`
    refuses what `Order.from_xml` refuses.

    Examples:
        >>> orders_read_pages(None, Order.from_xml).first().request.path
        'orders_query'
    """
    request = request or OrdersQueryRequest()
    records = OrdersQueryResponse.records
    assert records is not None

    def parse(node: etree._Element) -> Page[T]:
        answer = OrdersQueryResponse.read(node, **OrdersQueryResponse.envelope(node))
        items, refused = records.read_with(node, read)
        return Page(
            items=items, total=answer.nb_total_result, has_more=answer.has_more, refused=refused
        )

    def page(number: int) -> Call[Page[T]]:
        paging = request.model_copy(update={"paging": number})
        return xml_call(paging, parse, idempotent=True)

    return PageNumberPaginator(page, per_page=request.results_count)


def orders_update(orders: Sequence[OrderUpdate]) -> Call[OrdersUpdateResponse]:
    """`orders_update` for at most 25 orders: accept, refuse, ship, update tracking.

    Examples:
        >>> orders_update([OrderUpdate.accept_all("57BEAFDA828A8")]).request.is_idempotent
        False
    """
    if len(orders) > MAX_ORDERS_PER_UPDATE:
        raise ValueError(f"orders_update takes at most {MAX_ORDERS_PER_UPDATE} orders per call")
    body = OrdersUpdateRequest(orders=list(orders))
    return xml_call(body, OrdersUpdateResponse.from_xml, idempotent=False)


def orders_update_calls(orders: Iterable[OrderUpdate]) -> list[Call[OrdersUpdateResponse]]:
    """One `orders_update` call per 25 orders.

    Examples:
        >>> len(orders_update_calls([OrderUpdate.accept_all("57BEAFDA828A8")] * 26))
        2
    """
    return [orders_update(batch) for batch in chunked(orders, MAX_ORDERS_PER_UPDATE)]


def carriers_query() -> Call[CarriersQueryResponse]:
    """`carriers_query`: the carriers a shipment may name.

    Examples:
        >>> carriers_query().request.path
        'carriers_query'
    """
    return xml_call(CarriersQueryRequest(), CarriersQueryResponse.from_xml, idempotent=True)
