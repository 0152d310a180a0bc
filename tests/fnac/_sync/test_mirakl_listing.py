# Generated from tests/fnac/_async/test_mirakl_listing.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Listing a product FNAC does not know, through its Mirakl import, with Mirakl's behaviours on.

The FNAC channel imports the product through Mirakl Catalog Manager and remembers the import:
listing again reads it (MIRAKL-Q07: COMPLETE does not mean the product was integrated;
MIRAKL-Q08: a state the SDK does not know is named, not crashed on; MIRAKL-Q01: Mirakl's 429
becomes retry later with its delay).
"""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest
from tests.fnac._sync.support import fnac_channel, fnac_client

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import ProductDraft
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.fnac import IMPORT_REJECTED, PENDING_IMPORT, FnacChannel
from marketplace_sdk.fnac._shared.channel import ANSWER_LOST
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl import MiraklCatalogClient
from marketplace_sdk.testing import Fault


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=3, orders=0, clock=clock)


@pytest.fixture
def channel(sandbox: FnacSandbox, clock: FakeClock) -> FnacChannel:
    return fnac_channel(sandbox, clock)


def _draft(sku: str, ean: str, **attributes: str) -> ProductDraft:
    return ProductDraft(
        sku=sku,
        title="Imported book",
        price=Money(amount="15", currency="EUR"),
        stock=3,
        category_id="BOOKS-NOVELS",
        attributes={"ean": ean, **attributes},
    )


def test_mirakl_q07_a_product_mirakl_refused_in_a_complete_import_is_rejected_with_its_reason(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    draft = _draft("NEW-7", "9781234567873", format="PAPERBACK")  # no author: required
    first = channel.list_product(draft)
    assert first.outcome is Outcome.RETRY_LATER
    assert first.reason is not None
    assert first.reason.code == PENDING_IMPORT

    running = channel.list_product(draft)  # the import runs: no second upload
    assert running.outcome is Outcome.RETRY_LATER
    assert running.marketplace_id == first.marketplace_id
    assert len(sandbox.mirakl.jobs) == 1

    sandbox.advance(sandbox.mirakl.processing_delay + 1)
    (job,) = sandbox.mirakl.jobs.values()
    assert job.status(sandbox.state.clock.monotonic()).value == "COMPLETE"
    refused = channel.list_product(draft)
    assert refused.outcome is Outcome.REJECTED
    assert refused.reason is not None
    assert refused.reason.code == IMPORT_REJECTED
    assert "Attribute is required: [author]" in refused.reason.message
    assert refused.marketplace_id == first.marketplace_id
    assert "NEW-7" not in sandbox.state.offers

    sandbox.advance(900)  # corrected, the product is imported afresh
    fixed = _draft("NEW-7", "9781234567873", format="PAPERBACK", author="A. Writer")
    again = channel.list_product(fixed)
    assert again.outcome is Outcome.RETRY_LATER
    assert again.marketplace_id != first.marketplace_id
    sandbox.advance(sandbox.mirakl.processing_delay + 1)
    assert (channel.list_product(fixed)).is_ok
    assert sandbox.state.offers["NEW-7"].quantity == 3


def test_mirakl_q07_the_operator_s_refusal_reaches_the_listing_too(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    # A 12-digit EAN passes the transformation, and the operator's integration refuses it
    # (P44); FNAC's offer service does not know it either.
    draft = _draft("NEW-8", "978123456787", format="PAPERBACK", author="A. Writer")
    channel.list_product(draft)
    sandbox.advance(sandbox.mirakl.processing_delay + 1)
    refused = channel.list_product(draft)
    assert refused.outcome is Outcome.REJECTED
    assert refused.reason is not None
    assert "Invalid EAN [978123456787]" in refused.reason.message


def test_mirakl_q08_an_import_in_an_unknown_state_is_named_in_the_retry(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    sandbox.mirakl.processing_delay = 3600  # the unlisted state holds for its last 10 minutes
    draft = _draft("NEW-9", "9781234567866", format="PAPERBACK", author="A. Writer")
    channel.list_product(draft)
    sandbox.advance(3000)
    pending = channel.list_product(draft)
    assert pending.outcome is Outcome.RETRY_LATER
    assert pending.reason is not None
    assert pending.reason.code == PENDING_IMPORT
    assert "WAITING_SYNCHRONIZATION_PRODUCT" in pending.reason.message
    assert len(sandbox.mirakl.jobs) == 1


def test_mirakl_q01_mirakl_s_429_on_the_upload_is_retry_later_with_its_delay(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    # Another worker on the same Mirakl key uploaded a file a minute ago.
    with MiraklCatalogClient(
        sandbox.credentials.mirakl_api_key,
        base_url="https://fnac-dev.mirakl.net",
        transport=sandbox.mirakl.transport(),
        clock=clock,
    ) as other_worker:
        other_worker.import_products(sandbox.mirakl.example_csv(), filename="p.csv")
    sandbox.advance(60)
    draft = _draft("NEW-10", "9781234567859", format="PAPERBACK", author="A. Writer")
    # That import still runs (P51 says so): nothing is uploaded while it does.
    waiting = channel.list_product(draft)
    assert waiting.outcome is Outcome.RETRY_LATER
    assert waiting.reason is not None
    assert waiting.reason.code == PENDING_IMPORT
    assert waiting.retry_after is not None
    assert 780 <= waiting.retry_after <= 840  # P41's 15 minutes from the other upload
    assert sandbox.mirakl.throttled == []
    # It has ended, within the 15 minutes: Mirakl's 429 is retry later with its delay.
    sandbox.advance(sandbox.mirakl.processing_delay)
    result = channel.list_product(draft)
    assert result.outcome is Outcome.RETRY_LATER
    assert result.reason is not None
    assert result.reason.code == "mirakl_rate_limited"
    assert result.retry_after is not None
    assert 600 <= result.retry_after <= 660  # Mirakl's Retry-After: P41's 15 minutes, less
    assert sandbox.mirakl.throttled == ["P41"]
    assert len(sandbox.mirakl.jobs) == 1


def test_mirakl_q07_a_refusal_in_a_report_the_sdk_cannot_read_is_still_a_rejection(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    # An operator whose transformation report comes back in the uploaded file's format (XLSX
    # here): the file held this product alone, so the report is its refusal.
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def operator(request: httpx.Request) -> httpx.Response:
        answer = sandbox.mirakl(request)
        if request.url.path.endswith("/transformation_error_report") and answer.is_success:
            return httpx.Response(200, content=b"PK\x03\x04", headers={"content-type": xlsx})
        return answer

    catalog = MiraklCatalogClient(
        sandbox.credentials.mirakl_api_key,
        base_url="https://fnac-dev.mirakl.net",
        transport=httpx.MockTransport(operator),
        clock=clock,
    )
    channel = FnacChannel(fnac_client(sandbox, clock), catalog=catalog)
    draft = _draft("NEW-11", "9781234567842", format="PAPERBACK")  # no author
    channel.list_product(draft)
    sandbox.advance(sandbox.mirakl.processing_delay + 1)
    refused = channel.list_product(draft)
    assert refused.outcome is Outcome.REJECTED
    assert refused.reason is not None
    assert refused.reason.code == IMPORT_REJECTED
    assert "not CSV" in refused.reason.message


def test_issue15_item2_a_second_unknown_product_within_15_minutes_waits_without_a_call(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    first = channel.list_product(
        _draft("NEW-20", "9781234567866", format="PAPERBACK", author="A. Writer")
    )
    assert first.reason is not None
    assert first.reason.code == PENDING_IMPORT
    sandbox.advance(120)
    second = channel.list_product(
        _draft("NEW-21", "9781234567842", format="PAPERBACK", author="B. Writer")
    )
    assert second.outcome is Outcome.RETRY_LATER
    assert second.reason is not None
    assert second.reason.code == "mirakl_rate_limited"
    assert second.retry_after is not None
    assert 700 <= second.retry_after <= 780  # what is left of P41's 15 minutes
    assert sandbox.mirakl.throttled == []  # neither a refused upload nor a wait on P51
    assert len(sandbox.mirakl.jobs) == 1


def test_a_mirakl_upload_whose_answer_was_lost_after_it_applied_is_followed_not_resent(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    sandbox.mirakl.faults.add(Fault.reset(after_apply=True), operation="P41")
    draft = _draft("NEW-30", "9781234567866", format="PAPERBACK", author="A. Writer")
    first = channel.list_product(draft)
    (created,) = sandbox.mirakl.jobs  # P51 found it: carried on as if the answer had come
    assert (first.outcome, first.reason and first.reason.code) == (
        Outcome.RETRY_LATER,
        PENDING_IMPORT,
    )
    assert first.marketplace_id == str(created)
    sandbox.advance(sandbox.mirakl.processing_delay + 1)
    assert (channel.list_product(draft)).is_ok
    assert list(sandbox.mirakl.jobs) == [created]  # exactly one import
    assert sandbox.state.offers["NEW-30"].quantity == 3
    assert sandbox.mirakl.throttled == []


def test_a_mirakl_upload_reset_before_it_arrived_is_imported_once_at_the_next_slot(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    sandbox.mirakl.faults.add(Fault.reset(), operation="P41")
    draft = _draft("NEW-31", "9781234567866", format="PAPERBACK", author="A. Writer")
    first = channel.list_product(draft)
    # P51 shows no import since the upload: it imported nothing, so it may be sent again.
    assert (first.outcome, first.reason and first.reason.code) == (
        Outcome.RETRY_LATER,
        ANSWER_LOST,
    )
    assert sandbox.mirakl.jobs == {}
    held = channel.list_product(draft)  # P41's slot was spent on the lost upload
    assert (held.outcome, held.reason and held.reason.code) == (
        Outcome.RETRY_LATER,
        "mirakl_rate_limited",
    )
    sandbox.advance(900)
    again = channel.list_product(draft)
    (created,) = sandbox.mirakl.jobs
    assert (again.outcome, again.marketplace_id) == (Outcome.RETRY_LATER, str(created))
    sandbox.advance(sandbox.mirakl.processing_delay + 1)
    assert (channel.list_product(draft)).is_ok
    assert list(sandbox.mirakl.jobs) == [created]
    assert sandbox.mirakl.throttled == []
