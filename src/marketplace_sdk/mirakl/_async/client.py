"""`AsyncMiraklCatalogClient`: the Mirakl Catalog Manager (MCM) seller API, typed.

A thin executor over `marketplace_sdk.mirakl._endpoints` and the core engine. The engine retries
transport errors, 429s (after `Retry-After`) and 5xx on reads; the client's rate limiter holds
each operation to the call frequency Mirakl states for it (`marketplace_sdk.mirakl._limits`): a
call that would wait longer than `max_wait` seconds for its slot (a second P41 within 15 minutes,
a second A01 the same day) is not sent and raises `QuotaExhaustedError` with `retry_after`.
Method names are Mirakl's own operation names (`list_hierarchies` is H11).

Examples:
    >>> import asyncio
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.mirakl.sandbox import MiraklCatalogSandbox
    >>> sandbox = MiraklCatalogSandbox(clock=FakeClock())
    >>> async def main() -> tuple[ImportStatus, list[str]]:
    ...     async with AsyncMiraklCatalogClient(
    ...         sandbox.api_key, base_url="https://fnac-dev.mirakl.net",
    ...         transport=sandbox.transport(), clock=sandbox.clock,
    ...     ) as client:
    ...         created = await client.import_products(sandbox.example_csv(), filename="p.csv")
    ...         done = await client.wait_for_import(created.import_id)
    ...         errors = await client.import_errors(done)
    ...         return done.import_status, [line.message for line in errors]
    >>> asyncio.run(main())
    (<ImportStatus.COMPLETE: 'COMPLETE'>, [])
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Collection, Sequence
from datetime import datetime

from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._async.base import AsyncMiraklBaseClient
from marketplace_sdk.mirakl._models import (
    Attribute,
    ConversionOptions,
    Hierarchy,
    ImportCreated,
    ImportStatus,
    ProductImport,
    ProductSourceStatus,
    ValueList,
)
from marketplace_sdk.mirakl._reports import ErrorReportLine, ReportFile
from marketplace_sdk.mirakl._shared.client import (
    DEFAULT_IMPORT_TIMEOUT,
    LOST_IMPORT_SLACK,
    MCM_API,
    P42_POLL_INTERVAL,
    lost_import,
)

__all__ = ["AsyncMiraklCatalogClient"]


class AsyncMiraklCatalogClient(AsyncMiraklBaseClient):
    """The Mirakl Catalog Manager seller API for one seller's key on one operator's instance.

    Args:
        api_key: the seller's Mirakl API key (sent as the `Authorization` header).
        base_url: the operator's instance, `https://<instance>.mirakl.net`.
        shop_id: the shop to act for, when the key's user has several (default: its own).
        transport: an httpx transport (the sandbox's, in tests); the network by default.
        clock: where time is read and waits happen (a `FakeClock` in tests).
        limiter: a rate limiter to share between clients of one seller; by default one is made
            from Mirakl's stated call frequencies (`mcm_buckets`).
        rate_overrides: operation code to rates, replacing Mirakl's stated frequencies.
        rate_backend: where the default limiter keeps its counts (SQLite or Redis to share them
            between processes).
        max_wait: the longest the limiter waits for a slot; a longer wait raises
            `QuotaExhaustedError` instead of blocking.
        retry: the engine's retry policy.
        marketplace: the name errors and logs carry (`"fnac"` for Mirakl Fnac, say).

    Examples:
        >>> import asyncio
        >>> client = AsyncMiraklCatalogClient("key", base_url="https://acme.mirakl.net")
        >>> client
        AsyncMiraklCatalogClient(base_url='https://acme.mirakl.net', shop_id=None)
        >>> asyncio.run(client.aclose())
    """

    api = MCM_API

    async def import_products(
        self,
        content: bytes,
        *,
        filename: str,
        content_type: str | None = None,
        operator_format: bool | None = None,
        conversion_type: str | None = None,
        conversion_options: ConversionOptions | None = None,
    ) -> ImportCreated:
        """P41: upload a product file (CSV, XLSX or XML); at most once per 15 minutes.

        Never resent blindly: when the answer is lost (a timeout, a reset, a 5xx), Mirakl may
        have created the import; `find_lost_import` looks for it (P51) before sending again.

        Examples:
            created = await client.import_products(data, filename="products.csv")
        """
        return await self._engine.call(
            endpoints.import_products(
                content,
                filename=filename,
                content_type=content_type,
                operator_format=operator_format,
                conversion_type=conversion_type,
                conversion_options=conversion_options,
                shop_id=self.shop_id,
            )
        )

    async def get_import(self, import_id: int) -> ProductImport:
        """P42: one import's status (once per minute at most).

        Examples:
            status = await client.get_import(created.import_id)
        """
        return await self._engine.call(endpoints.get_import(import_id, shop_id=self.shop_id))

    async def wait_for_import(
        self,
        import_id: int,
        *,
        timeout: float = DEFAULT_IMPORT_TIMEOUT,
        poll_interval: float = P42_POLL_INTERVAL,
    ) -> ProductImport:
        """Poll P42 on the client's clock until the import is final (COMPLETE, FAILED...).

        Raises:
            DeadlineExceededError: the import is still running after `timeout` seconds.

        Examples:
            done = await client.wait_for_import(created.import_id, timeout=3_600)
        """
        poll = self._poll(import_id, timeout, poll_interval)
        while True:
            status = await self.get_import(import_id)
            wait = poll.next_wait(status)
            if wait is None:
                return status
            await self.clock.asleep(wait)

    async def get_error_report(self, import_id: int) -> ReportFile:
        """P44: the non-integrated products report.

        Examples:
            report = await client.get_error_report(done.import_id)
        """
        return await self._engine.call(endpoints.get_error_report(import_id, shop_id=self.shop_id))

    async def get_new_product_report(self, import_id: int) -> ReportFile:
        """P45: the added products report.

        Examples:
            added = await client.get_new_product_report(done.import_id)
        """
        call = endpoints.get_new_product_report(import_id, shop_id=self.shop_id)
        return await self._engine.call(call)

    async def get_transformed_file(self, import_id: int) -> ReportFile:
        """P46: the file in the operator's format.

        Examples:
            transformed = await client.get_transformed_file(done.import_id)
        """
        call = endpoints.get_transformed_file(import_id, shop_id=self.shop_id)
        return await self._engine.call(call)

    async def get_transformation_error_report(self, import_id: int) -> ReportFile:
        """P47: the source file error report (in the uploaded file's format).

        Examples:
            report = await client.get_transformation_error_report(done.import_id)
        """
        call = endpoints.get_transformation_error_report(import_id, shop_id=self.shop_id)
        return await self._engine.call(call)

    async def import_errors(self, status: ProductImport) -> list[ErrorReportLine]:
        """Every rejected row of a finished import: P47's rows, then P44's.

        Raises:
            UnsupportedOperation: a report is not CSV (an XLSX or XML upload's P47); fetch it
                with `get_transformation_error_report` instead.

        Examples:
            for line in await client.import_errors(done): print(line.line, line.message)
        """
        lines: list[ErrorReportLine] = []
        for call in self._error_report_calls(status):
            report = await self._engine.call(call)
            lines.extend(self._error_lines(report, call.request.operation))
        return lines

    def list_imports(
        self,
        *,
        last_request_date: datetime | None = None,
        status: ImportStatus | str | None = None,
        has_transformed_file: bool | None = None,
        page_size: int = endpoints.P51_MAX_PAGE_SIZE,
    ) -> AsyncIterator[ProductImport]:
        """P51: every import (oldest first), fetched page by page as the iteration goes.

        Examples:
            async for product_import in client.list_imports(status="FAILED"): ...
        """
        return self._engine.paginate(
            endpoints.list_imports_paginator(
                page_size=page_size,
                last_request_date=last_request_date,
                status=status,
                has_transformed_file=has_transformed_file,
                shop_id=self.shop_id,
            )
        )

    async def find_lost_import(
        self, sent_at: datetime, *, known: Collection[int] = ()
    ) -> tuple[int | None, int]:
        """P51: the import a P41 sent at `sent_at` created although its answer was lost, as
        `(import id, candidates)`.

        Reads the imports that changed since `sent_at` (less `LOST_IMPORT_SLACK`, for clock
        drift) and keeps those created since then that are not in `known` (the imports the
        caller opened itself). One candidate: the upload's import, to follow as if its answer
        had come. None: the upload created nothing, and sending it again creates no second
        import. Several: the upload's cannot be told apart (`None` and their count).

        Examples:
            import_id, candidates = await client.find_lost_import(sent_at)
        """
        since = sent_at - LOST_IMPORT_SLACK
        listed = [item async for item in self.list_imports(last_request_date=since)]
        return lost_import(listed, known, sent_at)

    async def list_hierarchies(
        self, *, hierarchy: str | None = None, max_level: int | None = None
    ) -> list[Hierarchy]:
        """H11: the catalogue categories (once per hour at most: fetch the tree once, cache it).

        Examples:
            codes = [category.code for category in await client.list_hierarchies()]
        """
        return await self._engine.call(
            endpoints.list_hierarchies(
                hierarchy=hierarchy, max_level=max_level, shop_id=self.shop_id
            )
        )

    async def list_attributes(
        self,
        *,
        hierarchy: str | None = None,
        max_level: int | None = None,
        all_operator_attributes: bool | None = None,
        with_roles: bool | None = None,
    ) -> list[Attribute]:
        """PM11: product attributes (once per hour at most: fetch all at once and cache them).

        Examples:
            attributes = await client.list_attributes(hierarchy="BOOKS-NOVELS")
        """
        return await self._engine.call(
            endpoints.list_attributes(
                hierarchy=hierarchy,
                max_level=max_level,
                all_operator_attributes=all_operator_attributes,
                with_roles=with_roles,
                shop_id=self.shop_id,
            )
        )

    async def list_value_lists(self, *, code: str | None = None) -> list[ValueList]:
        """VL11: the operator's value lists (once per hour at most).

        Examples:
            formats = await client.list_value_lists(code="book-formats")
        """
        return await self._engine.call(endpoints.list_value_lists(code=code, shop_id=self.shop_id))

    async def export_product_statuses(
        self,
        *,
        updated_since: datetime | None = None,
        updated_to: datetime | None = None,
        status: str | None = None,
        provider_unique_identifiers: Sequence[str] = (),
        unique_identifiers: Sequence[tuple[str, str]] = (),
    ) -> list[ProductSourceStatus]:
        """CM11: each product's status in Catalog Manager (LIVE or not, and why).

        Pass `updated_since` for a differential export (once every 5 minutes at most); without
        it the export is full (once every 4 hours at most).

        Examples:
            changed = await client.export_product_statuses(updated_since=last_run)
        """
        return await self._engine.call(
            endpoints.export_product_statuses(
                updated_since=updated_since,
                updated_to=updated_to,
                status=status,
                provider_unique_identifiers=provider_unique_identifiers,
                unique_identifiers=unique_identifiers,
                shop_id=self.shop_id,
            )
        )
