"""The seller client's per-operation call frequencies match the MMP document's stated maximums."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from tests.mirakl.call_frequencies import _MAXIMUM, rate_from_words

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import QuotaExhaustedError
from marketplace_sdk.core._ratelimit import Rate, RateLimiter
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.mirakl import (
    MMP_CALL_FREQUENCIES,
    MiraklCatalogClient,
    MiraklSellerClient,
    mmp_buckets,
)
from marketplace_sdk.mirakl._limits import MMP_UNLIMITED_OPERATIONS
from marketplace_sdk.mirakl._shared.seller import MMP_RETRY_DEADLINE
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.testing import Fault

CLIENT_OPERATIONS = [
    "A01",
    "OF01",
    "OF02",
    "OF03",
    "OF21",
    "OF24",
    "OR11",
    "OR21",
    "OR23",
    "OR24",
    "OR28",
    "OR29",
    "OR30",
    "SH21",
]


@pytest.fixture(scope="module")
def stated(shared_specs: Path) -> dict[str, str]:
    path = shared_specs / "mirakl" / "mirakl-mmp-seller-openapi.json"
    document = json.loads(path.read_text("utf-8"))
    found = {}
    for operations in document["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and operation.get("operationId") in CLIENT_OPERATIONS:
                match = _MAXIMUM.search(operation.get("description", ""))
                assert match, operation["operationId"]
                found[operation["operationId"]] = re.sub(r"\s+", " ", match.group(1)).strip()
    return found


@pytest.mark.needs_shared
@pytest.mark.parametrize("operation", ["A01", "OF02", "OF03", "OF24", "SH21"])
def test_single_rate_operations_hold_the_stated_maximum(
    stated: dict[str, str], operation: str
) -> None:
    assert MMP_CALL_FREQUENCIES[operation] == (rate_from_words(stated[operation]),)


@pytest.mark.needs_shared
def test_the_two_mode_maximums_are_read_as_written(stated: dict[str, str]) -> None:
    assert stated["OF01"] == (
        "Once per minute with offers only, once every 15 minutes with offers and products, "
        "for each seller"
    )
    assert MMP_CALL_FREQUENCIES["OF01"] == (Rate.every(60),)
    assert MMP_CALL_FREQUENCIES["OF01-products"] == (Rate.every(900),)
    assert "Asynchronous: once per minute" in stated["OR11"]
    assert MMP_CALL_FREQUENCIES["OR11"] == (Rate.every(60),)


@pytest.mark.needs_shared
def test_the_unlimited_operations_state_no_ceiling(stated: dict[str, str]) -> None:
    for operation in sorted(MMP_UNLIMITED_OPERATIONS - {"OR11-page"}):
        words = stated[operation].lower()
        assert words.startswith(("at each", "each time", "on each")), (operation, words)
        assert operation not in MMP_CALL_FREQUENCIES
    assert set(CLIENT_OPERATIONS) <= set(MMP_CALL_FREQUENCIES) | MMP_UNLIMITED_OPERATIONS


def test_an_external_partner_key_polls_every_15_minutes(clock: FakeClock) -> None:
    buckets = mmp_buckets(overrides={"OR11": [Rate.every(900)]})
    limiter = RateLimiter("mirakl:test", buckets, clock=clock, max_wait=120)
    assert limiter.reserve("OR11") == 0.0
    assert limiter.reserve("OR11-page") == 0.0  # later pages of the same poll
    clock.advance(60)
    with pytest.raises(QuotaExhaustedError) as caught:
        limiter.reserve("OR11")
    assert caught.value.retry_after == pytest.approx(840, abs=1)


def test_a_failing_or11_poll_gets_its_five_attempts_within_the_once_a_minute_slots() -> None:
    # Each retry of the poll waits for OR11's next slot: four 503s cost four minutes.
    clock = FakeClock()
    sandbox = MiraklSandbox(clock=clock)
    sandbox.faults.add(Fault.error(503), operation="OR11", count=4)
    client = MiraklSellerClient(
        sandbox.api_key,
        base_url="https://acme.mirakl.net",
        transport=sandbox.transport(),
        clock=clock,
    )
    started = clock.monotonic()

    orders = list(client.list_orders())

    assert orders
    assert len(sandbox.faults.fired) == 4
    assert clock.monotonic() - started >= 4 * 60


def test_the_catalogue_client_keeps_the_engine_s_usual_retries() -> None:
    catalogue = MiraklCatalogClient("key", base_url="https://acme.mirakl.net")
    seller = MiraklSellerClient("key", base_url="https://acme.mirakl.net")

    assert catalogue._config.retry == RetryPolicy()
    assert seller._config.retry.deadline == MMP_RETRY_DEADLINE >= 4 * 60
    assert seller._config.retry.max_attempts == RetryPolicy().max_attempts
