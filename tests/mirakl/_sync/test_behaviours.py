# Generated from tests/mirakl/_async/test_behaviours.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The Mirakl catalogue client surviving Mirakl's catalogued behaviours, each on (the default).

The sandbox side of each id is in `tests/mirakl/test_sandbox_behaviours.py`.
"""

from __future__ import annotations

import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import (
    DeadlineExceededError,
    QuotaExhaustedError,
    RateLimitedError,
)
from marketplace_sdk.mirakl import ImportStatus, MiraklCatalogClient, errors_by_product
from marketplace_sdk.mirakl.sandbox import MiraklCatalogSandbox

BASE_URL = "https://fnac-dev.mirakl.net"
MIXED_FILE = (
    b"category;shop-sku;title;author;format;ean\n"
    b"BOOKS-NOVELS;B-1;Dune;Frank Herbert;PAPERBACK;9780441013593\n"
    b"BOOKS-NOVELS;B-2;Emma;;HARDCOVER;\n"
    b"BOOKS-NOVELS;B-3;Hamlet;Shakespeare;PAPERBACK;12345\n"
)


def _client(sandbox: MiraklCatalogSandbox) -> MiraklCatalogClient:
    return MiraklCatalogClient(
        sandbox.api_key, base_url=BASE_URL, transport=sandbox.transport(), clock=sandbox.clock
    )


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklCatalogSandbox:
    return MiraklCatalogSandbox(clock=clock, processing_delay=360)


def test_mirakl_q01_the_client_paces_itself_and_waits_out_another_workers_429(
    sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    with _client(sandbox) as worker, _client(sandbox) as other_worker:
        created = worker.import_products(sandbox.example_csv(), filename="p.csv")
        for _ in range(3):  # one client's own polls are paced: never throttled
            worker.get_import(created.import_id)
        assert sandbox.throttled == []
        # Another worker on the same key, without a shared limiter: Mirakl's 429 (plain text,
        # Retry-After in seconds) is waited out and the call succeeds.
        status = other_worker.get_import(created.import_id)
    assert status.import_id == created.import_id
    assert sandbox.throttled == ["P42"]
    assert 60 in clock.sleeps


def test_mirakl_q01_a_retry_after_too_long_to_wait_reaches_the_caller(
    sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    with _client(sandbox) as worker, _client(sandbox) as other_worker:
        worker.import_products(sandbox.example_csv(), filename="p.csv")
        with pytest.raises(RateLimitedError) as caught:
            other_worker.import_products(sandbox.example_csv(), filename="p.csv")
        with pytest.raises(QuotaExhaustedError):  # the client's own limiter: nothing sent
            worker.import_products(sandbox.example_csv(), filename="p.csv")
    assert caught.value.status == 429
    assert caught.value.retry_after == 900
    assert len(sandbox.jobs) == 1
    assert sandbox.throttled == ["P41"]


def test_mirakl_q07_a_complete_import_s_refused_rows_are_attributed_to_their_products(
    sandbox: MiraklCatalogSandbox,
) -> None:
    with _client(sandbox) as client:
        created = client.import_products(MIXED_FILE, filename="p.csv")
        done = client.wait_for_import(created.import_id)
        errors = errors_by_product(client.import_errors(done))
    assert done.import_status is ImportStatus.COMPLETE
    assert {sku: [line.message for line in lines] for sku, lines in errors.items()} == {
        "B-2": ["Attribute is required: [author]"],
        "B-3": ["Invalid EAN [12345]"],
    }
    assert [row["shop-sku"] for row in sandbox.products] == ["B-1"]


def test_mirakl_q08_an_unlisted_state_and_fields_are_kept_and_named(
    sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    sandbox.processing_delay = 3600  # the unlisted state holds for its last 10 minutes
    with _client(sandbox) as client:
        created = client.import_products(sandbox.example_csv(), filename="p.csv")
        clock.advance(3000)
        status = client.get_import(created.import_id)
        assert status.unknown_status == "WAITING_SYNCHRONIZATION_PRODUCT"
        assert not status.is_final
        assert "last_updated_date" in (status.model_extra or {})
        with pytest.raises(DeadlineExceededError, match="WAITING_SYNCHRONIZATION_PRODUCT"):
            client.wait_for_import(created.import_id, timeout=30)
        done = client.wait_for_import(created.import_id)
        assert done.import_status is ImportStatus.COMPLETE
        since = clock.now().replace(year=2025)
        statuses = client.export_product_statuses(updated_since=since)
    assert [entry.status for entry in statuses] == ["LIVE", "LIVE"]
    assert all(entry.model_extra and "last_updated_date" in entry.model_extra for entry in statuses)


def test_mirakl_q13_the_key_goes_raw_and_a_bearer_key_never_leaves(
    sandbox: MiraklCatalogSandbox,
) -> None:
    with _client(sandbox) as client:
        account = client.get_account()  # the sandbox refuses anything but the raw key
    assert account.shop_id == sandbox.seed.shop_id
    with pytest.raises(ValueError, match="Bearer"):
        MiraklCatalogClient(
            f"Bearer {sandbox.api_key}", base_url=BASE_URL, transport=sandbox.transport()
        )
