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
from marketplace_sdk.mirakl import MMP_CALL_FREQUENCIES, mmp_buckets
from marketplace_sdk.mirakl._limits import MMP_UNLIMITED_OPERATIONS

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
