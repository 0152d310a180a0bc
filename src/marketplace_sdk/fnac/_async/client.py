"""`AsyncFnacClient`: FNAC's XML web services, typed and async; the twin of `FnacClient`.

Both clients run the same `marketplace_sdk.fnac._endpoints` calls; only the sending differs.

Example:
    >>> import asyncio, httpx
    >>> from marketplace_sdk.fnac._auth import FnacCredentials
    >>> def fnac(request: httpx.Request) -> httpx.Response:
    ...     if request.url.path.endswith("/auth"):
    ...         return httpx.Response(200, content=b'<auth_response status="OK">'
    ...             b"<token>00000000-0000-4000-8000-000000000001</token></auth_response>")
    ...     return httpx.Response(200, content=b'<batch_status_response status="OK">'
    ...         b"<batch_id>B1</batch_id></batch_status_response>")
    >>> async def main() -> bool:
    ...     credentials = FnacCredentials(partner_id="P", shop_id="S", key="k")
    ...     async with AsyncFnacClient(credentials,
    ...                                transport=httpx.MockTransport(fnac)) as client:
    ...         return (await client.wait_for_batch("B1")).is_done
    >>> asyncio.run(main())
    True
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable, Mapping
from datetime import datetime
from types import TracebackType
from typing import Self

import httpx

from marketplace_sdk.core._async.engine import AsyncEngine
from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._config import Limiter
from marketplace_sdk.core._errors import DeadlineExceededError
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac._auth import FnacCredentials
from marketplace_sdk.fnac._errors import MARKETPLACE
from marketplace_sdk.fnac._models import (
    BatchQueryResponse,
    BatchStatusResponse,
    Carrier,
    ClientOrderComment,
    ClientOrderCommentsQueryRequest,
    CommentReply,
    Incident,
    IncidentsQueryRequest,
    IncidentUpdate,
    IncidentUpdateResult,
    ItemStatus,
    Message,
    MessagesQueryRequest,
    MessageUpdate,
    Offer,
    OffersQueryRequest,
    OffersUpdateResponse,
    OfferUpdate,
    Order,
    OrdersQueryRequest,
    OrderUpdate,
    OrderUpdateResult,
    PricingProduct,
    PricingSellers,
    ProductReference,
    ShopInvoice,
    ShopInvoicesQueryRequest,
)
from marketplace_sdk.fnac._sync.client import (
    DEFAULT_BATCH_POLL_INTERVAL,
    DEFAULT_BATCH_TIMEOUT,
    _accept,
    _by_ids,
    _config,
    _ship,
)

__all__ = ["AsyncFnacClient"]


class AsyncFnacClient:
    """FNAC's XML web services, async: the same operations as `FnacClient`, awaited.

    Example:
        >>> import asyncio
        >>> async def main() -> str:
        ...     async with AsyncFnacClient(FnacCredentials(partner_id="P", shop_id="S",
        ...                                                key="k")) as client:
        ...         return repr(client)
        >>> asyncio.run(main())
        "AsyncFnacClient(base_url='https://vendeur.fnac.com/api.php/', shop_id='S')"
    """

    def __init__(
        self,
        credentials: FnacCredentials,
        *,
        base_url: str = endpoints.PRODUCTION_URL,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
        limiter: Limiter | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.config = _config(credentials, base_url, clock, limiter, retry)
        self._shop_id = credentials.shop_id
        self._engine = AsyncEngine(self.config, transport=transport)

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.config.base_url!r}, shop_id={self._shop_id!r})"
        )

    @property
    def shop_id(self) -> str:
        """The FNAC Shop ID this client acts for (not a secret).

        Example:
            client.shop_id  # 'D76D4330-F144-4BEA-B0C1-1FDECB91CE37'
        """
        return self._shop_id

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._engine.aclose()

    def offers(self, request: OffersQueryRequest | None = None) -> AsyncIterator[Offer]:
        """Every offer matching `request`, fetched page by page as consumed."""
        return self._engine.paginate(endpoints.offers_pages(request))

    async def update_offers(self, offers: Iterable[OfferUpdate]) -> list[OffersUpdateResponse]:
        """Send offer updates, 10,000 per call; one batch per call."""
        return [await self._engine.call(call) for call in endpoints.offers_update_calls(offers)]

    async def batch_status(self, batch_id: str) -> BatchStatusResponse:
        """Where an offers batch stands."""
        return await self._engine.call(endpoints.batch_status(batch_id))

    async def wait_for_batch(
        self,
        batch_id: str,
        *,
        poll_interval: float = DEFAULT_BATCH_POLL_INTERVAL,
        timeout: float = DEFAULT_BATCH_TIMEOUT,
    ) -> BatchStatusResponse:
        """Poll `batch_status` until FNAC has processed the batch (see `FnacClient`)."""
        clock = self.config.clock
        deadline = clock.monotonic() + timeout
        while True:
            status = await self.batch_status(batch_id)
            if status.is_done:
                return status
            if clock.monotonic() + poll_interval > deadline:
                raise DeadlineExceededError(
                    f"offers batch {batch_id} still {status.status} after {timeout:.0f}s",
                    marketplace=MARKETPLACE,
                )
            await clock.asleep(poll_interval)

    async def update_offers_and_wait(
        self, offers: Iterable[OfferUpdate], *, poll_interval: float = DEFAULT_BATCH_POLL_INTERVAL
    ) -> list[BatchStatusResponse]:
        """`update_offers`, then wait for every batch: the per-offer outcomes of each call."""
        results: list[BatchStatusResponse] = []
        for batch in await self.update_offers(offers):
            if batch.batch_id:
                results.append(
                    await self.wait_for_batch(batch.batch_id, poll_interval=poll_interval)
                )
            else:
                results.append(BatchStatusResponse(status=batch.status, warnings=batch.warnings))
        return results

    async def batch_query(
        self, created_min: datetime | None = None, created_max: datetime | None = None
    ) -> BatchQueryResponse:
        """The shop's offer batches."""
        return await self._engine.call(endpoints.batch_query(created_min, created_max))

    def orders(self, request: OrdersQueryRequest | None = None) -> AsyncIterator[Order]:
        """Every order matching `request`, page by page as consumed."""
        return self._engine.paginate(endpoints.orders_pages(request))

    async def get_orders(self, order_ids: Iterable[str]) -> list[Order]:
        """The orders with these ids (50 per call); unknown ids are left out."""
        found: list[Order] = []
        for request in _by_ids(order_ids):
            wanted = set(request.order_fnac_ids)
            pages = self._engine.paginate(endpoints.orders_pages(request))
            found.extend([order async for order in pages if order.order_id in wanted])
        return found

    async def update_orders(self, updates: Iterable[OrderUpdate]) -> list[OrderUpdateResult]:
        """Send order updates, 25 per call; one outcome per order."""
        results: list[OrderUpdateResult] = []
        for call in endpoints.orders_update_calls(updates):
            results.extend((await self._engine.call(call)).orders)
        return results

    async def accept_order(
        self, order_id: str, decisions: Mapping[int, bool] | None = None
    ) -> OrderUpdateResult:
        """Accept the whole order, or accept/refuse each line."""
        (result,) = await self.update_orders([_accept(order_id, decisions)]) or [
            OrderUpdateResult()
        ]
        return result

    async def confirm_to_send(
        self,
        order_id: str,
        *,
        tracking_number: str | None = None,
        carrier: str | None = None,
        detail_ids: Iterable[int] | None = None,
    ) -> OrderUpdateResult:
        """Mark the order (or the given lines) shipped, with carrier and tracking number."""
        update = _ship(order_id, tracking_number, carrier, detail_ids)
        (result,) = await self.update_orders([update]) or [OrderUpdateResult()]
        return result

    async def carriers(self) -> list[Carrier]:
        """The carriers FNAC accepts in `confirm_to_send`."""
        return (await self._engine.call(endpoints.carriers_query())).carriers

    async def pricing(
        self, references: Iterable[ProductReference], sellers: PricingSellers | None = None
    ) -> list[PricingProduct]:
        """Competing prices per product, 10 products per call."""
        products: list[PricingProduct] = []
        for call in endpoints.pricing_query_calls(references, sellers):
            products.extend((await self._engine.call(call)).products)
        return products

    def client_order_comments(
        self, request: ClientOrderCommentsQueryRequest | None = None
    ) -> AsyncIterator[ClientOrderComment]:
        """Buyer ratings, page by page as consumed."""
        return self._engine.paginate(endpoints.client_order_comments_pages(request))

    async def reply_to_comments(self, replies: Iterable[CommentReply]) -> list[ItemStatus]:
        """Reply to buyer ratings; one outcome per reply."""
        call = endpoints.client_order_comments_update(list(replies))
        return (await self._engine.call(call)).comments

    def messages(self, request: MessagesQueryRequest | None = None) -> AsyncIterator[Message]:
        """Buyer messages, page by page as consumed."""
        return self._engine.paginate(endpoints.messages_pages(request))

    async def update_messages(self, updates: Iterable[MessageUpdate]) -> list[ItemStatus]:
        """Mark read, archive or reply to messages; one outcome per message."""
        return (await self._engine.call(endpoints.messages_update(list(updates)))).messages

    def incidents(self, request: IncidentsQueryRequest | None = None) -> AsyncIterator[Incident]:
        """Buyer claims, page by page as consumed."""
        return self._engine.paginate(endpoints.incidents_pages(request))

    async def update_incidents(
        self, updates: Iterable[IncidentUpdate]
    ) -> list[IncidentUpdateResult]:
        """Refund lines of claimed orders; one outcome per order."""
        return (await self._engine.call(endpoints.incidents_update(list(updates)))).orders

    def shop_invoices(
        self, request: ShopInvoicesQueryRequest | None = None
    ) -> AsyncIterator[ShopInvoice]:
        """FNAC's invoices to the shop, page by page as consumed."""
        return self._engine.paginate(endpoints.shop_invoices_pages(request))
