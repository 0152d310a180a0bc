"""Shared machinery of the FNAC endpoint functions: the XML `Call` builder, splitting, paging.

Examples:
    >>> chunked("abcde", 2)
    [['a', 'b'], ['c', 'd'], ['e']]
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import ClassVar, Protocol, TypeVar

import httpx
from lxml import etree

from marketplace_sdk.core._pagination import Page, PageNumberPaginator
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.fnac._auth import XML_HEADERS
from marketplace_sdk.fnac._errors import read_envelope
from marketplace_sdk.fnac._models.common import PagedResponse
from marketplace_sdk.fnac._models.requests import PagedQuery
from marketplace_sdk.fnac._xml import to_bytes

__all__ = [
    "MAX_OFFERS_PER_UPDATE",
    "MAX_ORDERS_PER_UPDATE",
    "PRODUCTION_URL",
    "TEST_URL",
    "chunked",
    "paged",
    "xml_call",
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
Q = TypeVar("Q", bound=PagedQuery)
P = TypeVar("P", bound=PagedResponse)


class _XmlRequest(Protocol):
    service: ClassVar[str]

    def to_xml(self) -> etree._Element: ...


def xml_call(
    body: _XmlRequest,
    read: Callable[[etree._Element], R],
    *,
    idempotent: bool,
    authenticated: bool = True,
    content: bytes | None = None,
) -> Call[R]:
    """`POST <service>` with `body` as XML; the answer is read by `read` after its root errors.

    `content` is `body`'s document when the caller has written it already.

    Examples:
        >>> from marketplace_sdk.fnac._models import CarriersQueryRequest, CarriersQueryResponse
        >>> xml_call(CarriersQueryRequest(), CarriersQueryResponse.from_xml,
        ...          idempotent=True).request.path
        'carriers_query'
    """
    service = body.service

    def parse(response: httpx.Response) -> R:
        return read(read_envelope(response, service))

    request = ApiRequest(
        method="POST",
        path=service,
        content=to_bytes(body.to_xml()) if content is None else content,
        headers=XML_HEADERS,
        idempotent=idempotent,
        operation=service,
        authenticated=authenticated,
    )
    return Call(request, parse=parse)


def chunked(items: Iterable[T], size: int) -> list[list[T]]:
    """Split `items` into lists of at most `size`, in order.

    Examples:
        >>> chunked(range(5), 2)
        [[0, 1], [2, 3], [4]]
    """
    if size < 1:
        raise ValueError("size must be at least 1")
    if isinstance(items, list):  # sliced, not walked: a push chunks 100,000 offers
        return [items[start : start + size] for start in range(0, len(items), size)]
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


def paged(
    request: Q, fetch: Callable[[Q], Call[P]], items: Callable[[P], Sequence[T]]
) -> PageNumberPaginator[T]:
    """A paginator that sends `request` with `paging` set to 1, 2, ... until the last page.

    Pages hold `results_count` items (FNAC's default when unset); each answer's paging fields
    give the total and whether more pages follow. A record the answer's model refused is on
    the page's `refused` (`RecordsResponse`), where it counts as one of the page's records.

    Examples:
        >>> from marketplace_sdk.fnac._models import ShopInvoicesQueryRequest
        >>> from marketplace_sdk.fnac._endpoints import shop_invoices_query
        >>> pager = paged(ShopInvoicesQueryRequest(), shop_invoices_query, lambda a: a.invoices)
        >>> b"<paging>1</paging>" in (pager.first().request.content or b"")
        True
    """

    def page(number: int) -> Call[Page[T]]:
        call = fetch(request.model_copy(update={"paging": number}))
        return call.map(
            lambda answer: Page(
                items=items(answer),
                total=answer.nb_total_result,
                has_more=answer.has_more,
                refused=answer.refused,
            )
        )

    return PageNumberPaginator(page, per_page=request.results_count)
