"""The Mirakl catalogue client against the sandbox: import, poll, reports, limits, faults."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import timedelta

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import (
    AuthenticationError,
    DeadlineExceededError,
    ErrorClass,
    NotFoundError,
    PermissionDeniedError,
    QuotaExhaustedError,
    ResponseParseError,
    ServerError,
    TransportError,
    TransportTimeoutError,
    UnsupportedOperation,
)
from marketplace_sdk.core._ratelimit import Rate
from marketplace_sdk.mirakl import AsyncMiraklCatalogClient, ImportStatus
from marketplace_sdk.mirakl._shared.client import LIMITER_MARGIN
from marketplace_sdk.mirakl.sandbox import MiraklCatalogSandbox
from marketplace_sdk.testing import Fault

BASE_URL = "https://fnac-dev.mirakl.net"
BAD_FILE = (
    b"category;shop-sku;title;author;format;ean\n"
    b"BOOKS-NOVELS;B-1;Dune;Frank Herbert;PAPERBACK;9780441013593\n"
    b"BOOKS-NOVELS;B-2;Emma;;HARDCOVER;\n"
    b"BOOKS-NOVELS;B-1;Dune again;Frank Herbert;EBOOK;\n"
)


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklCatalogSandbox:
    return MiraklCatalogSandbox(clock=clock, processing_delay=600)


@pytest.fixture
async def client(sandbox: MiraklCatalogSandbox) -> AsyncIterator[AsyncMiraklCatalogClient]:
    async with AsyncMiraklCatalogClient(
        sandbox.api_key, base_url=BASE_URL, transport=sandbox.transport(), clock=sandbox.clock
    ) as mirakl:
        yield mirakl


async def test_catalogue_import_poll_and_error_reports(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    account = await client.get_account()
    assert account.shop_id == 2000
    categories = await client.list_hierarchies()
    assert [c.code for c in categories if c.parent_code == "BOOKS"] == ["BOOKS-NOVELS"]
    attributes = await client.list_attributes(hierarchy="BOOKS-NOVELS")
    assert "author" in [a.code for a in attributes if a.is_required]
    formats = await client.list_value_lists(code="book-formats")
    assert formats[0].codes == ["PAPERBACK", "HARDCOVER", "EBOOK"]

    created = await client.import_products(BAD_FILE, filename="products.csv")
    started = clock.monotonic()
    done = await client.wait_for_import(created.import_id)

    assert done.import_status is ImportStatus.COMPLETE
    assert clock.monotonic() - started >= sandbox.processing_delay
    errors = await client.import_errors(done)
    assert [(e.line, e.message, e.fields["shop-sku"]) for e in errors] == [
        (3, "Attribute is required: [author]", "B-2"),  # P47: transformation
        (4, "Duplicate product: shop-sku [B-1] already on line 2", "B-1"),  # P44: operator
    ]
    added = await client.get_new_product_report(created.import_id)
    assert b"B-1" in added.content
    refused = await client.get_error_report(created.import_id)
    assert b"Duplicate product" in refused.content
    live = await client.export_product_statuses(updated_since=clock.now() - timedelta(hours=1))
    assert [(p.provider_unique_identifier, p.is_live) for p in live] == [("B-1", True)]
    transformed = await client.get_transformed_file(created.import_id)
    assert transformed.content_type == "text/csv"
    assert sandbox.throttled == []  # our own calls never tripped Mirakl's frequencies


async def test_a_scoped_hierarchy_list_imports_and_product_statuses(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox
) -> None:
    books = await client.list_hierarchies(hierarchy="BOOKS", max_level=1)
    assert [c.code for c in books] == ["BOOKS", "BOOKS-NOVELS"]
    created = await client.import_products(BAD_FILE, filename="products.csv")
    done = await client.wait_for_import(created.import_id)
    assert done.import_status is ImportStatus.COMPLETE
    lines = await client.import_errors(done)
    assert [line.line for line in lines] == [3, 4]
    listed = [item.import_id async for item in client.list_imports()]
    assert listed == [created.import_id]
    statuses = await client.export_product_statuses(provider_unique_identifiers=["B-1"])
    assert [s.provider_unique_identifier for s in statuses] == ["B-1"]
    with pytest.raises(QuotaExhaustedError):
        await client.import_products(BAD_FILE, filename="products.csv")
    assert sandbox.throttled == []


async def test_wait_for_import_polls_once_a_minute(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    created = await client.import_products(sandbox.example_csv(), filename="p.csv")
    done = await client.wait_for_import(created.import_id)
    assert done.is_final
    polls = [seconds for seconds in clock.sleeps if seconds >= LIMITER_MARGIN + 1]
    assert len(polls) == 10  # 600 s of processing, one P42 a minute
    assert all(seconds == 60 for seconds in polls)
    held = [seconds for seconds in clock.sleeps if 1 <= seconds < LIMITER_MARGIN + 1]
    assert held == [pytest.approx(LIMITER_MARGIN, abs=0.01)] * 10  # each slot's transit margin
    assert sandbox.throttled == []
    with pytest.raises(ValueError, match="once per minute"):
        await client.wait_for_import(created.import_id, poll_interval=10)


async def test_wait_for_import_gives_up_at_the_timeout(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    created = await client.import_products(sandbox.example_csv(), filename="p.csv")
    with pytest.raises(DeadlineExceededError, match="still"):
        await client.wait_for_import(created.import_id, timeout=200)
    assert clock.monotonic() <= 200


async def test_second_import_within_15_minutes_is_not_sent(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    await client.import_products(sandbox.example_csv(), filename="p.csv")
    clock.advance(60)
    with pytest.raises(QuotaExhaustedError) as caught:
        await client.import_products(sandbox.example_csv(), filename="p.csv")
    assert caught.value.retry_after == pytest.approx(840 + LIMITER_MARGIN, abs=1)
    assert len(sandbox.jobs) == 1
    clock.advance(841 + LIMITER_MARGIN)
    await client.import_products(sandbox.example_csv(), filename="p.csv")
    assert len(sandbox.jobs) == 2
    assert sandbox.throttled == []


async def test_rate_overrides_loosen_one_operation(sandbox: MiraklCatalogSandbox) -> None:
    sandbox.enforce_call_frequencies = False  # an operator that allows more than the default
    async with AsyncMiraklCatalogClient(
        sandbox.api_key,
        base_url=BASE_URL,
        transport=sandbox.transport(),
        clock=sandbox.clock,
        rate_overrides={"P41": [Rate.per_minute(10)]},
    ) as client:
        for _ in range(3):
            await client.import_products(sandbox.example_csv(), filename="p.csv")
    assert len(sandbox.jobs) == 3


async def test_server_429_waits_for_retry_after(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    created = await client.import_products(sandbox.example_csv(), filename="p.csv")
    sandbox.faults.add(Fault.rate_limited(retry_after=7), operation="P42")
    status = await client.get_import(created.import_id)
    assert status.import_id == created.import_id
    assert 7 in clock.sleeps
    assert clock.monotonic() >= 60  # the retry also waited for P42's own slot


async def test_a_failed_hourly_call_is_not_resent_inside_its_hour(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox
) -> None:
    sandbox.faults.add(Fault.error(503), operation="H11")
    with pytest.raises((QuotaExhaustedError, ServerError)):
        await client.list_hierarchies()
    assert len(sandbox.faults.fired) == 1  # one H11 reached Mirakl; no retry inside the hour
    assert sandbox.throttled == []


async def test_an_answer_cut_short_is_asked_again(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox
) -> None:
    created = await client.import_products(sandbox.example_csv(), filename="p.csv")
    sandbox.faults.add(Fault.malformed(b'{"import_id": 1, "import_st'), operation="P42")
    status = await client.get_import(created.import_id)
    assert status.import_id == created.import_id
    assert len(sandbox.faults.fired) == 1


async def test_an_upload_whose_answer_is_cut_short_is_not_sent_twice(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox
) -> None:
    sandbox.faults.add(Fault.malformed(b'{"import_id": '), operation="P41")
    with pytest.raises(ResponseParseError) as caught:
        await client.import_products(sandbox.example_csv(), filename="p.csv")
    assert caught.value.error_class is ErrorClass.TRANSIENT
    assert len(sandbox.jobs) == 1


async def test_a_timed_out_upload_is_not_sent_twice(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox
) -> None:
    sandbox.faults.add(Fault.timeout_after_apply(), operation="P41")
    with pytest.raises(TransportTimeoutError):
        await client.import_products(sandbox.example_csv(), filename="p.csv")
    assert len(sandbox.jobs) == 1  # applied once; the caller checks P51 before trying again


@pytest.mark.parametrize("after_apply", [True, False])
async def test_a_lost_upload_is_looked_up_in_p51(
    client: AsyncMiraklCatalogClient,
    sandbox: MiraklCatalogSandbox,
    clock: FakeClock,
    after_apply: bool,
) -> None:
    sandbox.faults.add(Fault.reset(after_apply=after_apply), operation="P41")
    sent_at = clock.now()
    with pytest.raises(TransportError) as caught:
        await client.import_products(sandbox.example_csv(), filename="p.csv")
    assert caught.value.sent  # a reset cannot tell whether Mirakl read the upload
    clock.advance(5)
    found = await client.find_lost_import(sent_at)
    assert found == ((*sandbox.jobs, 1) if after_apply else (None, 0))
    assert len(sandbox.jobs) == (1 if after_apply else 0)


async def test_a_lost_upload_is_not_matched_to_an_import_of_the_callers_own_or_an_older_one(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    older = (await client.import_products(sandbox.example_csv(), filename="p.csv")).import_id
    clock.advance(901 + LIMITER_MARGIN)
    sent_at = clock.now()
    mine = (await client.import_products(sandbox.example_csv(), filename="p.csv")).import_id
    assert await client.find_lost_import(sent_at) == (mine, 1)  # older was created before
    clock.advance(61 + LIMITER_MARGIN)
    assert await client.find_lost_import(sent_at, known={mine}) == (None, 0)
    clock.advance(61 + LIMITER_MARGIN)
    early = sent_at - timedelta(minutes=20)
    assert await client.find_lost_import(early) == (None, 2)  # cannot be told apart
    assert older in sandbox.jobs


async def test_errors_are_typed_with_mirakls_message(
    sandbox: MiraklCatalogSandbox, client: AsyncMiraklCatalogClient
) -> None:
    with pytest.raises(NotFoundError) as missing:
        await client.get_import(999)
    assert missing.value.message == "Import 999 not found"
    assert missing.value.marketplace == "mirakl"

    async with AsyncMiraklCatalogClient(
        "wrong-key", base_url=BASE_URL, transport=sandbox.transport(), clock=sandbox.clock
    ) as stranger:
        with pytest.raises(AuthenticationError) as refused:
            await stranger.list_hierarchies()
    assert refused.value.status == 401
    assert "wrong-key" not in str(refused.value)

    async with AsyncMiraklCatalogClient(
        sandbox.api_key,
        base_url=BASE_URL,
        shop_id=1,
        transport=sandbox.transport(),
        clock=sandbox.clock,
        marketplace="fnac",
    ) as other_shop:
        with pytest.raises(PermissionDeniedError) as denied:
            await other_shop.list_value_lists()
    assert denied.value.marketplace == "fnac"


async def test_list_imports_fetches_pages_lazily(
    client: AsyncMiraklCatalogClient, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    ids = []
    for _ in range(3):
        created = await client.import_products(sandbox.example_csv(), filename="p.csv")
        ids.append(created.import_id)
        clock.advance(901)
    sleeps_before = len(clock.sleeps)
    imports = client.list_imports(page_size=2)
    first = await anext(imports)
    second = await anext(imports)
    assert [first.import_id, second.import_id] == ids[:2]
    assert len(clock.sleeps) == sleeps_before  # the second page has not been asked for
    assert [item.import_id async for item in imports] == ids[2:]
    assert len(clock.sleeps) > sleeps_before  # it waited for P51's next slot, then fetched
    assert sandbox.throttled == []


async def test_secrets_stay_out_of_reprs_and_logs(
    client: AsyncMiraklCatalogClient,
    sandbox: MiraklCatalogSandbox,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await client.get_account()
    assert sandbox.api_key not in repr(client)
    assert sandbox.api_key not in repr(client.limiter)
    assert sandbox.api_key not in caplog.text


async def test_non_csv_error_report_is_refused_not_misread(clock: FakeClock) -> None:
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def app(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/transformation_error_report"):
            return httpx.Response(200, content=b"PK\x03\x04", headers={"content-type": xlsx})
        return httpx.Response(
            200,
            json={
                "import_id": 5,
                "import_status": "COMPLETE",
                "has_transformation_error_report": True,
            },
        )

    async with AsyncMiraklCatalogClient(
        "k", base_url=BASE_URL, transport=httpx.MockTransport(app), clock=clock
    ) as client:
        status = await client.get_import(5)
        with pytest.raises(UnsupportedOperation, match="not CSV"):
            await client.import_errors(status)
        report = await client.get_transformation_error_report(5)
        assert report.content == b"PK\x03\x04"


async def test_loopback_server(sandbox: MiraklCatalogSandbox) -> None:
    with sandbox.serve() as server:
        async with AsyncMiraklCatalogClient(
            sandbox.api_key, base_url=server.url, clock=sandbox.clock
        ) as client:
            account = await client.get_account()
            assert account.shop_name == "Sandbox Shop"
            created = await client.import_products(b"category\n", filename="p.csv")
            assert created.import_id == 3001
