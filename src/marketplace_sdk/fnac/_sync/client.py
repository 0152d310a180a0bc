# Generated from src/marketplace_sdk/fnac/_async/client.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""`FnacClient`: FNAC's XML web services, typed, one method per FNAC service.

Thin executors over `marketplace_sdk.fnac._endpoints` and the core engine: the engine authenticates
(`FnacTokenAuth`: token cached until its validity, renewed once on a token error), retries reads,
and turns FNAC's in-body errors into typed errors. The client splits long lists (10,000 offers,
25 orders, 10 pricing references per call), pages through queries lazily, and polls offer
batches until FNAC has processed them, waiting on the injected clock. Its decisions (engine
configuration, order updates, id chunking, when to stop polling) are the pure ones of
`marketplace_sdk.fnac._shared.client`.

Examples:
    >>> import asyncio, httpx
    >>> answers = {
    ...     "auth": b'<auth_response status="OK">'
    ...         b"<token>00000000-0000-4000-8000-000000000001</token></auth_response>",
    ...     "carriers_query": b'<carriers_query_response status="OK">'
    ...         b'<carrier code="UPS" global="1"><name>UPS</name></carrier>'
    ...         b"</carriers_query_response>",
    ...     "batch_status": b'<batch_status_response status="OK">'
    ...         b"<batch_id>B1</batch_id></batch_status_response>",
    ... }
    >>> def fnac(request: httpx.Request) -> httpx.Response:
    ...     return httpx.Response(200, content=answers[request.url.path.rsplit("/", 1)[-1]])
    >>> def main() -> tuple[str | None, bool]:
    ...     credentials = FnacCredentials(partner_id="P", shop_id="S", key="k")
    ...     with FnacClient(credentials, transport=httpx.MockTransport(fnac)) as client:
    ...         carriers = client.carriers_query()
    ...         batch = client.wait_for_batch("B1")
    ...         return carriers[0].code, batch.is_done
    >>> main()
    ('UPS', True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import TypeVar

import httpx
from lxml import etree

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._config import Limiter
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.core._request import Call
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.core._sync.client import ApiClient
from marketplace_sdk.core._sync.engine import SyncEngine
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac._auth import FnacCredentials
from marketplace_sdk.fnac._endpoints._base import xml_call
from marketplace_sdk.fnac._errors import read_envelope
from marketplace_sdk.fnac._mapping import BatchReport, read_batch_report
from marketplace_sdk.fnac._mapping.reports import read_plain_report
from marketplace_sdk.fnac._models import (
    BatchQueryResponse,
    BatchStatusRequest,
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
from marketplace_sdk.fnac._models.offers import SentOffer
from marketplace_sdk.fnac._shared.client import (
    DEFAULT_BATCH_POLL_INTERVAL,
    DEFAULT_BATCH_TIMEOUT,
    BatchPolling,
    accept_update,
    engine_config,
    orders_by_ids,
    outcome_of,
    ship_update,
    unbatched,
)

T = TypeVar("T")

__all__ = ["DEFAULT_BATCH_POLL_INTERVAL", "DEFAULT_BATCH_TIMEOUT", "FnacClient"]


def _read_report(response: httpx.Response) -> BatchReport:
    """A `batch_status` answer read as `read_batch_report(read_envelope(...))` reads it: from
    its bytes alone when it is a plain report (`read_plain_report`), else parsed."""
    plain = read_plain_report(response.content)
    if plain is not None:
        return plain
    return read_batch_report(read_envelope(response, BatchStatusRequest.service))


class FnacClient(ApiClient):
    """FNAC's XML web services. One client per shop, shared by every caller acting for it.

    Each method is named after the FNAC service it calls (`offers_query`, `orders_update`,
    ...); `wait_for_batch`, `offers_update_and_wait`, `get_orders`, `accept_order` and
    `confirm_to_send` are helpers built on them.

    Args:
        credentials: the shop's partner id, shop id and key.
        base_url: `PRODUCTION_URL` (default) or `TEST_URL`.
        transport: an httpx transport (the sandbox's, in tests); the network by default.
        clock: where time is read and waits happen (a `FakeClock` in tests).
        limiter: a rate limiter shared by the calls of this shop.
        retry: the engine's retry policy.

    Examples:
        >>> import asyncio
        >>> def main() -> str:
        ...     credentials = FnacCredentials(partner_id="P", shop_id="S", key="k")
        ...     with FnacClient(credentials) as client:
        ...         return repr(client)
        >>> main()
        "FnacClient(base_url='https://vendeur.fnac.com/api.php/', shop_id='S')"
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
        self.config = engine_config(credentials, base_url, clock, limiter, retry)
        self._shop_id = credentials.shop_id
        super().__init__(SyncEngine(self.config, transport=transport))

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(base_url={self.config.base_url!r}, shop_id={self._shop_id!r})"
        )

    @property
    def shop_id(self) -> str:
        """The FNAC Shop ID this client acts for (not a secret).

        Examples:
            client.shop_id  # 'D76D4330-F144-4BEA-B0C1-1FDECB91CE37'
        """
        return self._shop_id

    # Offers

    def offers_query(
        self,
        request: OffersQueryRequest | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> Iterator[Offer]:
        """Every offer matching `request` (all by default), fetched page by page as consumed.

        An `<offer>` FNAC's schema refuses raises its `RecordError` in its place, or goes to
        `quarantine`.
        """
        return self._engine.paginate(endpoints.offers_pages(request), quarantine=quarantine)

    def offers_update(self, offers: Iterable[OfferUpdate]) -> list[OffersUpdateResponse]:
        """Send price, stock or deletion updates, 10,000 per call; one batch per call."""
        return [self._engine.call(call) for call in endpoints.offers_update_calls(offers)]

    def _update_offers(self, offers: Sequence[SentOffer]) -> OffersUpdateResponse:
        """One `offers_update` call for at most 10,000 offers, rows or models: the channel's
        push (`offers_update` takes models only, and splits them)."""
        return self._engine.call(endpoints.offer_rows_update(offers))

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
        polling = BatchPolling.start(
            batch_id, now=clock.monotonic(), poll_interval=poll_interval, timeout=timeout
        )
        while True:
            status = self.batch_status(batch_id)
            if polling.settled(status, now=clock.monotonic()):
                return status
            clock.sleep(poll_interval)

    def _wait_for_report(
        self, batch_id: str, *, poll_interval: float, timeout: float = DEFAULT_BATCH_TIMEOUT
    ) -> BatchReport:
        """`wait_for_batch` for the channel's push: the report read straight into one result
        per SKU (`read_batch_report`), without a model per offer.

        Raises:
            DeadlineExceededError: the batch is still running after `timeout` seconds.
        """
        clock = self.config.clock
        polling = BatchPolling.start(
            batch_id, now=clock.monotonic(), poll_interval=poll_interval, timeout=timeout
        )
        asked = xml_call(BatchStatusRequest(batch_id=batch_id), read_batch_report, idempotent=True)
        call = Call(asked.request, parse=_read_report)  # a plain report read from its bytes
        while True:
            report = self._engine.call(call)
            if polling.settled(report, now=clock.monotonic()):
                return report
            clock.sleep(poll_interval)

    def offers_update_and_wait(
        self, offers: Iterable[OfferUpdate], *, poll_interval: float = DEFAULT_BATCH_POLL_INTERVAL
    ) -> list[BatchStatusResponse]:
        """`offers_update`, then wait for every batch: the per-offer outcomes of each call."""
        results: list[BatchStatusResponse] = []
        for batch in self.offers_update(offers):
            if batch.batch_id:
                status = self.wait_for_batch(batch.batch_id, poll_interval=poll_interval)
            else:
                status = unbatched(batch)
            results.append(status)
        return results

    def batch_query(
        self, created_min: datetime | None = None, created_max: datetime | None = None
    ) -> BatchQueryResponse:
        """The shop's offer batches."""
        return self._engine.call(endpoints.batch_query(created_min, created_max))

    # Orders

    def orders_query(
        self,
        request: OrdersQueryRequest | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> Iterator[Order]:
        """Every order matching `request` (state, date window, ids), page by page as consumed.

        An `<order>` FNAC's schema refuses (a date that cannot be read among others) raises
        its `RecordError` in its place, or goes to `quarantine`.
        """
        return self._engine.paginate(endpoints.orders_pages(request), quarantine=quarantine)

    def _read_orders(
        self,
        request: OrdersQueryRequest,
        read: Callable[[etree._Element], T],
        *,
        quarantine: Quarantine | None = None,
    ) -> Iterator[T]:
        # `orders_query`, each `<order>` read by `read` (the channel's, straight to canonical
        # orders), refused as `orders_query` refuses it.
        pages = endpoints.orders_read_pages(request, read)
        return self._engine.paginate(pages, quarantine=quarantine)

    def get_orders(
        self, order_ids: Iterable[str], *, quarantine: Quarantine | None = None
    ) -> list[Order]:
        """The orders with these ids (50 per call); unknown ids are left out.

        An order FNAC's schema refuses raises its `RecordError`, or goes to `quarantine`.
        """
        found: list[Order] = []
        for request in orders_by_ids(order_ids):
            wanted = set(request.order_fnac_ids)
            pages = self._engine.paginate(endpoints.orders_pages(request), quarantine=quarantine)
            for order in pages:
                if order.order_id in wanted:
                    found.append(order)
        return found

    def orders_update(self, updates: Iterable[OrderUpdate]) -> list[OrderUpdateResult]:
        """Send order updates, 25 per call; one outcome per order."""
        results: list[OrderUpdateResult] = []
        for call in endpoints.orders_update_calls(updates):
            answer = self._engine.call(call)
            results.extend(answer.orders)
        return results

    def accept_order(
        self, order_id: str, decisions: Mapping[int, bool] | None = None
    ) -> OrderUpdateResult:
        """Accept the whole order, or accept/refuse each line (`{order_detail_id: accepted}`).

        The outcome is the order's in FNAC's answer; an answer silent on the order gives an
        outcome with a `no_outcome` error, never an OK one.
        """
        return self._update_one(accept_update(order_id, decisions))

    def confirm_to_send(
        self,
        order_id: str,
        *,
        tracking_number: str | None = None,
        carrier: str | None = None,
        detail_ids: Iterable[int] | None = None,
    ) -> OrderUpdateResult:
        """Mark the order (or the given lines) shipped, with carrier code and tracking number."""
        return self._update_one(ship_update(order_id, tracking_number, carrier, detail_ids))

    def _update_one(self, update: OrderUpdate) -> OrderUpdateResult:
        # FNAC answers 200 whatever happened: an answer that says nothing of the order is an
        # outcome with an error, never a success (FNAC-Q10).
        (call,) = endpoints.orders_update_calls([update])
        answer = self._engine.call(call)
        return outcome_of(update.order_id, answer)

    def carriers_query(self) -> list[Carrier]:
        """The carriers FNAC accepts in `confirm_to_send`."""
        answer = self._engine.call(endpoints.carriers_query())
        return answer.carriers

    # Pricing, buyer contact, invoices

    def pricing_query(
        self, references: Iterable[ProductReference], sellers: PricingSellers | None = None
    ) -> list[PricingProduct]:
        """Competing prices per product, 10 products per call."""
        products: list[PricingProduct] = []
        for call in endpoints.pricing_query_calls(references, sellers):
            answer = self._engine.call(call)
            products.extend(answer.products)
        return products

    def client_order_comments_query(
        self, request: ClientOrderCommentsQueryRequest | None = None
    ) -> Iterator[ClientOrderComment]:
        """Buyer ratings, page by page as consumed."""
        return self._engine.paginate(endpoints.client_order_comments_pages(request))

    def client_order_comments_update(self, replies: Iterable[CommentReply]) -> list[ItemStatus]:
        """Reply to buyer ratings; one outcome per reply."""
        answer = self._engine.call(endpoints.client_order_comments_update(list(replies)))
        return answer.comments

    def messages_query(self, request: MessagesQueryRequest | None = None) -> Iterator[Message]:
        """Buyer messages, page by page as consumed."""
        return self._engine.paginate(endpoints.messages_pages(request))

    def messages_update(self, updates: Iterable[MessageUpdate]) -> list[ItemStatus]:
        """Mark read, archive or reply to messages; one outcome per message."""
        answer = self._engine.call(endpoints.messages_update(list(updates)))
        return answer.messages

    def incidents_query(self, request: IncidentsQueryRequest | None = None) -> Iterator[Incident]:
        """Buyer claims, page by page as consumed."""
        return self._engine.paginate(endpoints.incidents_pages(request))

    def incidents_update(self, updates: Iterable[IncidentUpdate]) -> list[IncidentUpdateResult]:
        """Refund lines of claimed orders; one outcome per order."""
        answer = self._engine.call(endpoints.incidents_update(list(updates)))
        return answer.orders

    def shop_invoices_query(
        self, request: ShopInvoicesQueryRequest | None = None
    ) -> Iterator[ShopInvoice]:
        """FNAC's invoices to the shop, page by page as consumed."""
        return self._engine.paginate(endpoints.shop_invoices_pages(request))
