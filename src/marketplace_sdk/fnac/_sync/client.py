"""`FnacClient`: FNAC's XML web services, typed and blocking (`AsyncFnacClient` is its twin).

Thin executors over `marketplace_sdk.fnac._endpoints` and the core engine: the engine authenticates
(`FnacTokenAuth`: token cached until its validity, renewed once on a token error), retries reads,
and turns FNAC's in-body errors into typed errors. The clients split long lists (10,000 offers,
25 orders, 10 pricing references per call), page through queries lazily, and poll offer batches
until FNAC has processed them, waiting on the injected clock.

Example:
    >>> import httpx
    >>> def fnac(request: httpx.Request) -> httpx.Response:
    ...     if request.url.path.endswith("/auth"):
    ...         return httpx.Response(200, content=b'<auth_response status="OK">'
    ...             b"<token>00000000-0000-4000-8000-000000000001</token></auth_response>")
    ...     return httpx.Response(200, content=b'<carriers_query_response status="OK">'
    ...         b'<carrier code="UPS" global="1"><name>UPS</name></carrier>'
    ...         b"</carriers_query_response>")
    >>> credentials = FnacCredentials(partner_id="P", shop_id="S", key="k")
    >>> with FnacClient(credentials, transport=httpx.MockTransport(fnac)) as client:
    ...     client.carriers()[0].code
    'UPS'
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import datetime
from types import TracebackType
from typing import Self

import httpx

from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._config import EngineConfig, Limiter
from marketplace_sdk.core._errors import DeadlineExceededError
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.core._sync.engine import SyncEngine
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac._auth import FnacCredentials, FnacTokenAuth
from marketplace_sdk.fnac._errors import MARKETPLACE, decode_error
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
from marketplace_sdk.fnac._models.orders import MAX_ORDER_IDS_PER_QUERY

__all__ = ["DEFAULT_BATCH_POLL_INTERVAL", "DEFAULT_BATCH_TIMEOUT", "FnacClient"]

#: Seconds between two `batch_status` polls.
DEFAULT_BATCH_POLL_INTERVAL = 10.0
#: Seconds `wait_for_batch` waits for FNAC to process a batch before giving up.
DEFAULT_BATCH_TIMEOUT = 1800.0


def _config(
    credentials: FnacCredentials,
    base_url: str,
    clock: Clock | None,
    limiter: Limiter | None,
    retry: RetryPolicy | None,
) -> EngineConfig:
    clock = clock or SystemClock()
    return EngineConfig(
        marketplace=MARKETPLACE,
        base_url=base_url,
        auth=FnacTokenAuth(credentials, clock=clock),
        limiter=limiter,
        error_decoder=decode_error,
        retry=retry or RetryPolicy(),
        clock=clock,
        secret_params=frozenset({"key", "token"}),
    )


def _accept(order_id: str, decisions: Mapping[int, bool] | None) -> OrderUpdate:
    if decisions is None:
        return OrderUpdate.accept_all(order_id)
    return OrderUpdate.accept(order_id, decisions)


def _ship(
    order_id: str,
    tracking_number: str | None,
    carrier: str | None,
    detail_ids: Iterable[int] | None,
) -> OrderUpdate:
    if detail_ids is None:
        return OrderUpdate.confirm_all_to_send(order_id, tracking_number, carrier)
    return OrderUpdate.confirm_to_send(order_id, detail_ids, tracking_number, carrier)


def _by_ids(order_ids: Iterable[str]) -> list[OrdersQueryRequest]:
    ids = list(dict.fromkeys(order_ids))
    return [
        OrdersQueryRequest(order_fnac_ids=chunk)
        for chunk in endpoints.chunked(ids, MAX_ORDER_IDS_PER_QUERY)
    ]


class FnacClient:
    """FNAC's XML web services, blocking. One client per shop; safe to share between threads.

    Args:
        credentials: the shop's partner id, shop id and key.
        base_url: `endpoints.PRODUCTION_URL` (default) or `endpoints.TEST_URL`.
        transport: an httpx transport (the sandbox's, in tests); the network by default.
        clock: where time is read and waits happen (a `FakeClock` in tests).
        limiter: a rate limiter shared by the calls of this shop.
        retry: the engine's retry policy.

    Example:
        >>> client = FnacClient(FnacCredentials(partner_id="P", shop_id="S", key="k"))
        >>> client
        FnacClient(base_url='https://vendeur.fnac.com/api.php/', shop_id='S')
        >>> client.close()
    """

    def __init__(
        self,
        credentials: FnacCredentials,
        *,
        base_url: str = endpoints.PRODUCTION_URL,
        transport: httpx.BaseTransport | None = None,
        clock: Clock | None = None,
        limiter: Limiter | None = None,
        retry: RetryPolicy | None = None,
    ) -> None:
        self.config = _config(credentials, base_url, clock, limiter, retry)
        self._shop_id = credentials.shop_id
        self._engine = SyncEngine(self.config, transport=transport)

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

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool."""
        self._engine.close()

    # Offers

    def offers(self, request: OffersQueryRequest | None = None) -> Iterator[Offer]:
        """Every offer matching `request` (all by default), fetched page by page as consumed."""
        return self._engine.paginate(endpoints.offers_pages(request))

    def update_offers(self, offers: Iterable[OfferUpdate]) -> list[OffersUpdateResponse]:
        """Send price, stock or deletion updates, 10,000 per call; one batch per call."""
        return [self._engine.call(call) for call in endpoints.offers_update_calls(offers)]

    def batch_status(self, batch_id: str) -> BatchStatusResponse:
        """Where an offers batch stands."""
        return self._engine.call(endpoints.batch_status(batch_id))

    def wait_for_batch(
        self,
        batch_id: str,
        *,
        poll_interval: float = DEFAULT_BATCH_POLL_INTERVAL,
        timeout: float = DEFAULT_BATCH_TIMEOUT,
    ) -> BatchStatusResponse:
        """Poll `batch_status` until FNAC has processed the batch; its per-offer outcomes.

        Raises:
            DeadlineExceededError: the batch is still running after `timeout` seconds.
        """
        clock = self.config.clock
        deadline = clock.monotonic() + timeout
        while True:
            status = self.batch_status(batch_id)
            if status.is_done:
                return status
            if clock.monotonic() + poll_interval > deadline:
                raise DeadlineExceededError(
                    f"offers batch {batch_id} still {status.status} after {timeout:.0f}s",
                    marketplace=MARKETPLACE,
                )
            clock.sleep(poll_interval)

    def update_offers_and_wait(
        self, offers: Iterable[OfferUpdate], *, poll_interval: float = DEFAULT_BATCH_POLL_INTERVAL
    ) -> list[BatchStatusResponse]:
        """`update_offers`, then wait for every batch: the per-offer outcomes of each call."""
        batches = self.update_offers(offers)
        return [
            self.wait_for_batch(batch.batch_id, poll_interval=poll_interval)
            if batch.batch_id
            else BatchStatusResponse(status=batch.status, warnings=batch.warnings)
            for batch in batches
        ]

    def batch_query(
        self, created_min: datetime | None = None, created_max: datetime | None = None
    ) -> BatchQueryResponse:
        """The shop's offer batches."""
        return self._engine.call(endpoints.batch_query(created_min, created_max))

    # Orders

    def orders(self, request: OrdersQueryRequest | None = None) -> Iterator[Order]:
        """Every order matching `request` (state, date window, ids), page by page as consumed."""
        return self._engine.paginate(endpoints.orders_pages(request))

    def get_orders(self, order_ids: Iterable[str]) -> list[Order]:
        """The orders with these ids (50 per call); unknown ids are left out."""
        found: list[Order] = []
        for request in _by_ids(order_ids):
            wanted = set(request.order_fnac_ids)
            pages = self._engine.paginate(endpoints.orders_pages(request))
            found.extend(order for order in pages if order.order_id in wanted)
        return found

    def update_orders(self, updates: Iterable[OrderUpdate]) -> list[OrderUpdateResult]:
        """Send order updates, 25 per call; one outcome per order."""
        results: list[OrderUpdateResult] = []
        for call in endpoints.orders_update_calls(updates):
            results.extend(self._engine.call(call).orders)
        return results

    def accept_order(
        self, order_id: str, decisions: Mapping[int, bool] | None = None
    ) -> OrderUpdateResult:
        """Accept the whole order, or accept/refuse each line (`{order_detail_id: accepted}`)."""
        (result,) = self.update_orders([_accept(order_id, decisions)]) or [OrderUpdateResult()]
        return result

    def confirm_to_send(
        self,
        order_id: str,
        *,
        tracking_number: str | None = None,
        carrier: str | None = None,
        detail_ids: Iterable[int] | None = None,
    ) -> OrderUpdateResult:
        """Mark the order (or the given lines) shipped, with carrier code and tracking number."""
        update = _ship(order_id, tracking_number, carrier, detail_ids)
        (result,) = self.update_orders([update]) or [OrderUpdateResult()]
        return result

    def carriers(self) -> list[Carrier]:
        """The carriers FNAC accepts in `confirm_to_send`."""
        return self._engine.call(endpoints.carriers_query()).carriers

    # Pricing, buyer contact, invoices

    def pricing(
        self, references: Iterable[ProductReference], sellers: PricingSellers | None = None
    ) -> list[PricingProduct]:
        """Competing prices per product, 10 products per call."""
        products: list[PricingProduct] = []
        for call in endpoints.pricing_query_calls(references, sellers):
            products.extend(self._engine.call(call).products)
        return products

    def client_order_comments(
        self, request: ClientOrderCommentsQueryRequest | None = None
    ) -> Iterator[ClientOrderComment]:
        """Buyer ratings, page by page as consumed."""
        return self._engine.paginate(endpoints.client_order_comments_pages(request))

    def reply_to_comments(self, replies: Iterable[CommentReply]) -> list[ItemStatus]:
        """Reply to buyer ratings; one outcome per reply."""
        answer = self._engine.call(endpoints.client_order_comments_update(list(replies)))
        return answer.comments

    def messages(self, request: MessagesQueryRequest | None = None) -> Iterator[Message]:
        """Buyer messages, page by page as consumed."""
        return self._engine.paginate(endpoints.messages_pages(request))

    def update_messages(self, updates: Iterable[MessageUpdate]) -> list[ItemStatus]:
        """Mark read, archive or reply to messages; one outcome per message."""
        return self._engine.call(endpoints.messages_update(list(updates))).messages

    def incidents(self, request: IncidentsQueryRequest | None = None) -> Iterator[Incident]:
        """Buyer claims, page by page as consumed."""
        return self._engine.paginate(endpoints.incidents_pages(request))

    def update_incidents(self, updates: Iterable[IncidentUpdate]) -> list[IncidentUpdateResult]:
        """Refund lines of claimed orders; one outcome per order."""
        return self._engine.call(endpoints.incidents_update(list(updates))).orders

    def shop_invoices(
        self, request: ShopInvoicesQueryRequest | None = None
    ) -> Iterator[ShopInvoice]:
        """FNAC's invoices to the shop, page by page as consumed."""
        return self._engine.paginate(endpoints.shop_invoices_pages(request))
