"""`AsyncMiraklSellerClient`: the Mirakl seller (MMP) API for offers and orders, typed.

A sibling of `AsyncMiraklCatalogClient`, not an extension of it: the catalogue client speaks
Catalog Manager (which Fnac Darty uses alone, with its own offers and orders), holds the MCM
call frequencies and class its errors by status; a marketplace that runs offers and orders on
Mirakl needs the MMP operations, their own per-operation ceilings (`mmp_buckets`) and the typed
order errors (`MiraklOrderStateError`). Both share the engine settings and the key handling.

The engine retries transport errors, 429s (after `Retry-After`) and 5xx on reads; writes that
change an order or create an import are never resent blindly. A call that would wait longer
than `max_wait` for its operation's slot raises `QuotaExhaustedError` with `retry_after`.

Examples:
    >>> import asyncio, httpx
    >>> transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"carriers": [
    ...     {"code": "UPS", "label": "UPS"}]}))
    >>> async def main() -> list[str]:
    ...     async with AsyncMiraklSellerClient("key", base_url="https://acme.mirakl.net",
    ...                                        transport=transport) as client:
    ...         return [carrier.code for carrier in await client.list_carriers()]
    >>> asyncio.run(main())
    ['UPS']
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime, timedelta

import httpx
from pydantic import SecretStr

from marketplace_sdk.core._async.client import AsyncApiClient
from marketplace_sdk.core._async.engine import AsyncEngine
from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._errors import (
    DeadlineExceededError,
    InvalidRequestError,
    MarketplaceError,
    RateLimitedError,
    TransportError,
    UnsupportedOperation,
)
from marketplace_sdk.core._ratelimit import Rate, RateLimitBackend, RateLimiter
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.core._results import BatchResult, ItemResult
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._models import (
    Account,
    CancelationRequest,
    CancelationsCreated,
    Carrier,
    LineDecision,
    Offer,
    OfferImport,
    OfferImportCreated,
    OfferImportList,
    OfferUpdate,
    Order,
    OrderState,
    RefundRequest,
    RefundsCreated,
    Tracking,
)
from marketplace_sdk.mirakl._offer_imports import offer_file_skus, offer_import_results
from marketplace_sdk.mirakl._reports import ErrorReportLine, ReportFile, parse_error_report
from marketplace_sdk.mirakl._shared.client import DEFAULT_MAX_WAIT
from marketplace_sdk.mirakl._shared.seller import (
    DEFAULT_OFFER_IMPORT_TIMEOUT,
    DEFAULT_UPDATE_OVERLAP,
    OF02_POLL_INTERVAL,
    OfferChange,
    OrderDeduplicator,
    SellerClientBase,
    seller_engine_config,
    update_window_start,
)

__all__ = ["AsyncMiraklSellerClient"]


class AsyncMiraklSellerClient(SellerClientBase, AsyncApiClient):
    """The Mirakl seller API (offers and orders) for one shop's key on one operator's instance.

    Args:
        api_key: the shop's Mirakl API key (sent as it is as the `Authorization` header).
        base_url: the operator's instance, `https://<instance>.mirakl.net`.
        shop_id: the shop to act for, when the key's user has several (default: its own).
        transport: an httpx transport (a sandbox's, in tests); the network by default.
        clock: where time is read and waits happen (a `FakeClock` in tests).
        limiter: a rate limiter to share between clients of one shop; by default one is made
            from Mirakl's stated call frequencies (`mmp_buckets`).
        rate_overrides: operation code to rates, replacing Mirakl's stated frequencies (an
            External Partner key: `{"OR11": [Rate.every(900)]}`).
        rate_backend: where the default limiter keeps its counts (SQLite or Redis).
        max_wait: the longest the limiter waits for a slot before `QuotaExhaustedError`.
        retry: the engine's retry policy.
        marketplace: the name errors and logs carry (the operator, say `"decathlon"`).

    Examples:
        >>> import asyncio
        >>> client = AsyncMiraklSellerClient("key", base_url="https://acme.mirakl.net", shop_id=7)
        >>> client
        AsyncMiraklSellerClient(base_url='https://acme.mirakl.net', shop_id=7)
        >>> asyncio.run(client.aclose())
    """

    def __init__(
        self,
        api_key: str | SecretStr,
        *,
        base_url: str,
        shop_id: int | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        clock: Clock | None = None,
        limiter: RateLimiter | None = None,
        rate_overrides: Mapping[str, Sequence[Rate]] | None = None,
        rate_backend: RateLimitBackend | None = None,
        max_wait: float = DEFAULT_MAX_WAIT,
        retry: RetryPolicy | None = None,
        marketplace: str = "mirakl",
    ) -> None:
        config = seller_engine_config(
            api_key,
            base_url=base_url,
            shop_id=shop_id,
            clock=clock,
            limiter=limiter,
            rate_overrides=rate_overrides,
            rate_backend=rate_backend,
            max_wait=max_wait,
            retry=retry,
            marketplace=marketplace,
        )
        SellerClientBase.__init__(self, config, shop_id=shop_id)
        AsyncApiClient.__init__(self, AsyncEngine(config, transport=transport))

    async def get_account(self) -> Account:
        """A01: the shop (once per day at most).

        Examples:
            shop = await client.get_account()
        """
        return await self._engine.call(endpoints.get_account(shop_id=self.shop_id))

    # --- offers ---------------------------------------------------------------------------

    def list_offers(
        self,
        *,
        sku: str | None = None,
        product_id: str | None = None,
        offer_state_codes: Sequence[str] = (),
        page_size: int = endpoints.OF21_MAX_PAGE_SIZE,
        quarantine: Quarantine | None = None,
    ) -> AsyncIterator[Offer]:
        """OF21: every offer of the shop, fetched 100 at a time as the iteration goes.

        An offer its wire model refuses raises its `RecordError` in its place, or goes to
        `quarantine` when given (the other offers of the page still come).

        Examples:
            async for offer in client.list_offers(): print(offer.shop_sku, offer.quantity)
        """
        return self._engine.paginate(
            endpoints.list_offers_paginator(
                page_size=page_size,
                sku=sku,
                product_id=product_id,
                offer_state_codes=offer_state_codes,
                shop_id=self.shop_id,
            ),
            quarantine=quarantine,
        )

    async def get_offer(self, sku: str) -> Offer | None:
        """OF21 filtered by shop SKU: the offer, or `None` when the shop has none with it.

        Examples:
            offer = await client.get_offer("MUG-1")
        """
        page = await self._engine.call(endpoints.list_offers(sku=sku, shop_id=self.shop_id))
        return next((offer for offer in page.items if offer.shop_sku == sku), None)

    async def update_offers(self, offers: Sequence[OfferUpdate]) -> OfferImportCreated:
        """OF24: send complete offers (once per minute at most); track the import with OF02.

        Build each `OfferUpdate` with `OfferUpdate.from_offer`: Mirakl resets every field not
        sent (MIRAKL-Q06).

        Examples:
            created = await client.update_offers([OfferUpdate.from_offer(offer, quantity=3)])
        """
        call = endpoints.update_offers(offers, shop_id=self.shop_id)
        return await self._engine.call(call)

    async def push_offer_changes(
        self,
        changes: Mapping[str, OfferChange],
        *,
        timeout: float = DEFAULT_OFFER_IMPORT_TIMEOUT,
    ) -> BatchResult:
        """Set stock and/or price of offers by SKU, keeping every other field; one result each.

        Reads each offer (OF21), sends them whole in one OF24 call, waits for the import (OF02,
        once a minute) and reads the refused lines (OF03): a COMPLETE import can still refuse
        lines (MIRAKL-Q07). A SKU the shop has no offer for is rejected without being sent.

        Examples:
            results = await client.push_offer_changes({"MUG-1": OfferChange(quantity=0)})
        """
        current: dict[str, Offer] = {}
        for sku in changes:
            offer = await self.get_offer(sku)
            if offer is not None:
                current[sku] = offer
        updates, refused = self._updates(changes, current)
        if not updates:
            return BatchResult(refused)
        skus = [update.shop_sku for update in updates]
        sent: Sequence[ItemResult]
        try:
            created = await self.update_offers(updates)
        except (RateLimitedError, TransportError) as error:
            sent = self._unsent_or_unknown(skus, error)
        else:
            try:
                done = await self.wait_for_offer_import(created.import_id, timeout=timeout)
            except DeadlineExceededError as error:
                sent = self._still_running(skus, created.import_id, error)
            else:
                sent = await self.offer_import_results(done, skus)
        by_sku: dict[str, ItemResult] = {item.key: item for item in [*sent, *refused]}
        return BatchResult(by_sku[sku] for sku in changes)

    async def import_offers(
        self,
        content: bytes,
        *,
        filename: str,
        content_type: str | None = None,
        with_products: bool = False,
    ) -> OfferImportCreated:
        """OF01: upload an offer file in NORMAL mode (once per minute at most; every 15 minutes
        `with_products`). Never resent blindly: look for the import first after a timeout.

        Examples:
            created = await client.import_offers(data, filename="offers.csv")
        """
        call = endpoints.import_offers(
            content,
            filename=filename,
            content_type=content_type,
            with_products=with_products,
            shop_id=self.shop_id,
        )
        return await self._engine.call(call)

    async def push_offer_file(
        self,
        content: bytes,
        *,
        filename: str,
        timeout: float = DEFAULT_OFFER_IMPORT_TIMEOUT,
    ) -> BatchResult:
        """OF01 a CSV offer file (NORMAL mode), wait for it, and give each of its SKUs a result.

        The SKUs are the file's `sku` column; an OF03 line that names no SKU is tied to its SKU
        by its line number. As with `push_offer_changes`, a held-back upload is retry later, a
        lost answer unknown, and an import that outlives `timeout` retry later with its id.

        Raises:
            ValueError: the file is not a UTF-8 CSV with a `sku` column.

        Examples:
            results = await client.push_offer_file(data, filename="offers.csv")
        """
        skus_by_line = offer_file_skus(content)
        skus = list(dict.fromkeys(skus_by_line.values()))
        try:
            created = await self.import_offers(content, filename=filename)
        except (RateLimitedError, TransportError) as error:
            return BatchResult(self._unsent_or_unknown(skus, error))
        try:
            done = await self.wait_for_offer_import(created.import_id, timeout=timeout)
        except DeadlineExceededError as error:
            return BatchResult(self._still_running(skus, created.import_id, error))
        return await self.offer_import_results(done, skus, skus_by_line=skus_by_line)

    async def get_offer_import(self, import_id: int) -> OfferImport:
        """OF02: an offer import's status (once per minute at most).

        Examples:
            status = await client.get_offer_import(created.import_id)
        """
        call = endpoints.get_offer_import(import_id, shop_id=self.shop_id)
        return await self._engine.call(call)

    async def list_offer_imports(
        self, *, start_date: datetime | None = None, origins: Sequence[str] = ("API",)
    ) -> OfferImportList:
        """OF04: the shop's offer imports created since `start_date`, newest first (once per
        minute at most): how an import whose OF01 or OF24 answer was lost is found again.

        Examples:
            recent = await client.list_offer_imports(start_date=sent_at)
        """
        call = endpoints.list_offer_imports(
            start_date=start_date, origins=origins, shop_id=self.shop_id
        )
        return await self._engine.call(call)

    async def wait_for_offer_import(
        self,
        import_id: int,
        *,
        timeout: float = DEFAULT_OFFER_IMPORT_TIMEOUT,
        poll_interval: float = OF02_POLL_INTERVAL,
    ) -> OfferImport:
        """Poll OF02 on the client's clock until the import is COMPLETE or FAILED.

        Raises:
            DeadlineExceededError: the import is still running after `timeout` seconds.

        Examples:
            done = await client.wait_for_offer_import(created.import_id)
        """
        poll = self._offer_poll(import_id, timeout, poll_interval)
        while True:
            status = await self.get_offer_import(import_id)
            wait = poll.next_wait(status)
            if wait is None:
                return status
            await self.clock.asleep(wait)

    async def get_offer_error_report(self, import_id: int) -> ReportFile:
        """OF03: the import's refused lines, in the uploaded file's format.

        Examples:
            report = await client.get_offer_error_report(done.import_id)
        """
        call = endpoints.get_offer_error_report(import_id, shop_id=self.shop_id)
        return await self._engine.call(call)

    async def offer_import_errors(self, status: OfferImport) -> list[ErrorReportLine]:
        """The refused lines of a finished import (OF03, read only when Mirakl has a report).

        Raises:
            UnsupportedOperation: the report is not CSV (an XLSX or XML upload's); fetch it
                with `get_offer_error_report` instead.

        Examples:
            for line in await client.offer_import_errors(done): print(line.message)
        """
        if not status.has_error_report:
            return []
        report = await self.get_offer_error_report(status.import_id)
        if not report.is_csv:
            raise UnsupportedOperation(
                f"the OF03 report is {report.content_type}, not CSV; fetch it as a file",
                marketplace=self._config.marketplace,
            )
        return parse_error_report(report.content)

    async def offer_import_results(
        self,
        status: OfferImport,
        skus: Sequence[str],
        *,
        skus_by_line: dict[int, str] | None = None,
    ) -> BatchResult:
        """One result per SKU of a finished import, from OF02's counts and OF03's report.

        Examples:
            results = await client.offer_import_results(done, ["MUG-1", "MUG-2"])
        """
        errors = await self.offer_import_errors(status) if status.is_final else []
        return offer_import_results(status, skus, errors, skus_by_line=skus_by_line)

    # --- orders ---------------------------------------------------------------------------

    def list_orders(
        self,
        *,
        start_update_date: datetime | None = None,
        end_update_date: datetime | None = None,
        start_date: datetime | None = None,
        end_date: datetime | None = None,
        order_ids: Sequence[str] = (),
        order_state_codes: Sequence[OrderState | str] = (),
        seek: bool = False,
        page_size: int = endpoints.OR11_MAX_PAGE_SIZE,
        quarantine: Quarantine | None = None,
    ) -> AsyncIterator[Order]:
        """OR11: every order matching the filters, one poll, page by page until the end.

        Offset pagination by default (to `total_count`, MIRAKL-Q03); `seek=True` where the
        operator offers seek pagination. Only the first page spends from the once-a-minute
        `OR11` bucket. An order its wire model refuses raises its `RecordError` in its place,
        or goes to `quarantine` when given (the other orders of the page still come).

        Examples:
            async for order in client.list_orders(order_state_codes=["WAITING_ACCEPTANCE"]): ...
        """
        return self._engine.paginate(
            endpoints.list_orders_paginator(
                seek=seek,
                page_size=page_size,
                start_update_date=start_update_date,
                end_update_date=end_update_date,
                start_date=start_date,
                end_date=end_date,
                order_ids=order_ids,
                order_state_codes=order_state_codes,
                shop_id=self.shop_id,
            ),
            quarantine=quarantine,
        )

    async def list_updated_orders(
        self,
        since: datetime,
        *,
        until: datetime | None = None,
        overlap: timedelta = DEFAULT_UPDATE_OVERLAP,
        seen: OrderDeduplicator | None = None,
        seek: bool = False,
    ) -> AsyncIterator[Order]:
        """OR11 by last update since `since` minus `overlap`, each order version once.

        Polling by creation date loses orders updated later (MIRAKL-Q02); by update date with
        an overlap it reads some orders again, which `seen` (kept between polls by the caller)
        drops: an order comes out again only when its `last_updated_date` moved.

        Examples:
            seen = OrderDeduplicator()
            async for order in client.list_updated_orders(last_run, seen=seen): ...
        """
        seen = seen if seen is not None else OrderDeduplicator()
        orders = self.list_orders(
            start_update_date=update_window_start(since, overlap),
            end_update_date=until,
            seek=seek,
        )
        async for order in orders:
            if seen.is_new(order):
                yield order

    async def get_order(self, order_id: str) -> Order | None:
        """OR11 filtered by id (OR12 is deprecated, MIRAKL-Q15): the order, or `None`.

        Examples:
            order = await client.get_order("8580226802-A")
        """
        page = await self._engine.call(
            endpoints.list_orders(order_ids=[order_id], shop_id=self.shop_id)
        )
        return next((order for order in page.items if order.order_id == order_id), None)

    async def accept_order(self, order_id: str, decisions: Sequence[LineDecision]) -> None:
        """OR21: accept or refuse every line of the order in one call (MIRAKL-Q09).

        Build the decisions with `decisions_for(order, ...)` so no line is left out.

        Raises:
            MiraklAcceptanceError: Mirakl refused the decision (a line missing, partial
                acceptance disabled...).
            MiraklOrderStateError: the order is no longer waiting for acceptance.

        Examples:
            await client.accept_order(order.order_id, decisions_for(order))
        """
        await self._engine.call(endpoints.accept_order(order_id, decisions, shop_id=self.shop_id))

    async def update_tracking(self, order_id: str, tracking: Tracking) -> None:
        """OR23: the carrier and tracking number (a registered carrier's code, from SH21).

        Examples:
            await client.update_tracking(order_id, Tracking(carrier_code="UPS",
                                                            tracking_number="1Z999"))
        """
        call = endpoints.update_tracking(order_id, tracking, shop_id=self.shop_id)
        await self._engine.call(call)

    async def ship_order(self, order_id: str) -> None:
        """OR24: confirm the shipment (the order must be in SHIPPING, MIRAKL-Q11).

        Outside SHIPPING Mirakl answers a bare 400 "Bad Request"; the client then re-reads the
        order (OR11) and, when it is not in SHIPPING, raises `MiraklOrderStateError` naming its
        state. When the re-read cannot tell (the order is in SHIPPING, or OR11's slot is not
        free), the 400 is raised as it came.

        Raises:
            MiraklOrderStateError: the order is not in SHIPPING (its state in the message).

        Examples:
            await client.ship_order(order_id)
        """
        try:
            await self._engine.call(endpoints.ship_order(order_id, shop_id=self.shop_id))
        except InvalidRequestError as error:
            if error.status != 400 or error.code is not None:
                raise
            try:
                order = await self.get_order(order_id)
            except MarketplaceError:
                raise error from None
            state_error = self._not_shipping(order_id, order, error)
            if state_error is None:
                raise
            raise state_error from error

    async def ship_with_tracking(self, order_id: str, tracking: Tracking) -> None:
        """OR23 then OR24, in the order Mirakl requires (MIRAKL-Q11).

        Examples:
            await client.ship_with_tracking(order_id, Tracking(carrier_code="DHL",
                                                               tracking_number="JD01"))
        """
        await self.update_tracking(order_id, tracking)
        await self.ship_order(order_id)

    async def cancel_order(self, order_id: str) -> None:
        """OR29: cancel the whole order (only while `can_cancel`, MIRAKL-Q12).

        Examples:
            await client.cancel_order(order.order_id)
        """
        await self._engine.call(endpoints.cancel_order(order_id, shop_id=self.shop_id))

    async def cancel_lines(
        self, cancelations: Sequence[CancelationRequest], *, order_tax_mode: str | None = None
    ) -> CancelationsCreated:
        """OR30: cancel order lines (quantities and amounts per line).

        Examples:
            created = await client.cancel_lines([CancelationRequest(...)])
        """
        call = endpoints.cancel_lines(
            cancelations, order_tax_mode=order_tax_mode, shop_id=self.shop_id
        )
        return await self._engine.call(call)

    async def refund_lines(
        self, refunds: Sequence[RefundRequest], *, order_tax_mode: str | None = None
    ) -> RefundsCreated:
        """OR28: refund order lines (before CLOSED, MIRAKL-Q12); never resent blindly.

        Examples:
            created = await client.refund_lines([RefundRequest(...)])
        """
        call = endpoints.refund_lines(refunds, order_tax_mode=order_tax_mode, shop_id=self.shop_id)
        return await self._engine.call(call)

    async def list_carriers(self) -> list[Carrier]:
        """SH21: the operator's carriers (once per day at most: cache them).

        Examples:
            codes = {carrier.label: carrier.code for carrier in await client.list_carriers()}
        """
        return await self._engine.call(endpoints.list_carriers(shop_id=self.shop_id))
