"""The per-operation call frequencies match what Mirakl's document states, and hold."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from tests.mirakl.call_frequencies import rate_from_words, read_stated_maximums, stated_buckets
from tests.mirakl.test_endpoints import ALL_CALLS

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import QuotaExhaustedError
from marketplace_sdk.core._ratelimit import Rate, RateLimiter
from marketplace_sdk.mirakl._limits import MCM_CALL_FREQUENCIES, UNLIMITED_OPERATIONS, mcm_buckets
from marketplace_sdk.mirakl._models import OfferUpdate
from marketplace_sdk.mirakl._shared.seller import MMP_LIMITER_MARGIN
from marketplace_sdk.mirakl._sync.client import MiraklCatalogClient
from marketplace_sdk.mirakl._sync.seller import MiraklSellerClient
from marketplace_sdk.mirakl.sandbox import MiraklCatalogSandbox, MiraklSandbox

SUPPORTED = {name.split("-")[0] for name in ALL_CALLS}


@pytest.fixture(scope="module")
def stated_maximums(shared_specs: Path) -> dict[str, str]:
    return read_stated_maximums(shared_specs)


@pytest.mark.needs_shared
def test_every_supported_operation_with_a_maximum_has_that_rate(
    stated_maximums: dict[str, str],
) -> None:
    covered = set()
    for operation in sorted(SUPPORTED):
        assert operation in stated_maximums, f"{operation} states no maximum usage"
        for bucket, expected in stated_buckets(operation, stated_maximums[operation]).items():
            covered.add(bucket)
            if expected is None:
                assert bucket in UNLIMITED_OPERATIONS
                assert bucket not in MCM_CALL_FREQUENCIES
            else:
                assert MCM_CALL_FREQUENCIES.get(bucket) == (expected,), bucket
    assert set(MCM_CALL_FREQUENCIES) | UNLIMITED_OPERATIONS == covered


@pytest.mark.needs_shared
def test_the_spec_wording_is_read_as_written(stated_maximums: dict[str, str]) -> None:
    assert stated_maximums["P41"] == "Every 15 minutes, for each seller"
    assert stated_buckets("CM11", stated_maximums["CM11"]) == {
        "CM11": Rate.every(300),
        "CM11-full": Rate.every(4 * 3_600),
    }


@pytest.mark.parametrize(
    ("words", "rate"),
    [
        ("Once per day", Rate.every(86_400)),
        ("Every 15 minutes, for each seller", Rate.every(900)),
        ("Every hour", Rate.every(3_600)),
        ("Once per minute", Rate.every(60)),
        ("Each time an error report is needed", None),
    ],
)
def test_wording_reader(words: str, rate: Rate | None) -> None:
    assert rate_from_words(words) == rate


def test_second_import_within_15_minutes_is_refused_not_sent(clock: FakeClock) -> None:
    limiter = RateLimiter("mirakl:test", mcm_buckets(), clock=clock, max_wait=120)
    assert limiter.reserve("P41") == 0.0
    clock.advance(10 * 60)
    with pytest.raises(QuotaExhaustedError) as caught:
        limiter.reserve("P41")
    assert caught.value.retry_after == pytest.approx(300, abs=1)
    clock.advance(301)
    assert limiter.reserve("P41") == 0.0


def test_status_polls_are_spaced_a_minute_apart(clock: FakeClock) -> None:
    limiter = RateLimiter("mirakl:test", mcm_buckets(), clock=clock, max_wait=120)
    assert limiter.reserve("P42") == 0.0
    assert limiter.reserve("P42") == pytest.approx(60, abs=0.01)
    assert limiter.reserve("P44") == 0.0  # reports are unlimited
    assert limiter.reserve("P44") == 0.0


def test_overrides_replace_one_operation_only() -> None:
    buckets = mcm_buckets(overrides={"P41": [Rate.every(3_600)]})
    assert buckets["P41"] == (Rate.every(3_600),)
    assert buckets["P42"] == MCM_CALL_FREQUENCIES["P42"]
    assert buckets["default"] == ()


def test_a_once_a_minute_poll_never_lands_inside_the_servers_minute_when_transit_varies() -> None:
    # Mirakl counts a call when it arrives: the first OF02 poll takes 1.5 s to get there (a
    # slow network, a queue at Mirakl), the next one none. Held exactly one minute from its
    # stamp, the next poll would arrive 1.5 s inside Mirakl's minute (the mirakl_latency run
    # got two such 429s on loopback, with lags of tens of milliseconds); the margin covers it.
    clock = FakeClock()
    sandbox = MiraklSandbox(clock=clock)
    lags = iter([0.0, 1.5, 0.0, 0.7, 0.0])
    inner = sandbox.transport()

    class Late(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            clock.advance(next(lags, 0.0))
            return inner.handle_request(request)

    client = MiraklSellerClient(
        sandbox.api_key, base_url="https://acme.mirakl.net", clock=clock, transport=Late()
    )
    sku = next(iter(sandbox.offers.offers))
    update = OfferUpdate(
        shop_sku=sku, product_id="P", product_id_type="SKU", price=5, quantity=1, state_code="11"
    )
    import_id = client.update_offers([update]).import_id
    for _ in range(4):
        client.get_offer_import(import_id)
    assert sandbox.throttled == []


@pytest.mark.parametrize("lag", [0.7, 1.5])
def test_catalogue_polls_never_land_inside_the_servers_minute_when_transit_varies(
    lag: float,
) -> None:
    # The catalogue client's once-a-minute P42 and P51 have the seller client's exposure: a
    # call that took `lag` seconds to reach Mirakl, followed by one that took none, lands
    # `lag` seconds inside Mirakl's minute unless the slot is held past it.
    clock = FakeClock()
    sandbox = MiraklCatalogSandbox(clock=clock)
    lags = iter([0.0, lag, 0.0, lag, 0.0, lag, 0.0])
    inner = sandbox.transport()

    class Late(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            clock.advance(next(lags, 0.0))
            return inner.handle_request(request)

    with MiraklCatalogClient(
        sandbox.api_key, base_url="https://acme.mirakl.net", clock=clock, transport=Late()
    ) as client:
        import_id = client.import_products(sandbox.example_csv(), filename="p.csv").import_id
        for _ in range(3):
            client.get_import(import_id)
        for _ in range(3):
            assert [item.import_id for item in client.list_imports()] == [import_id]
    assert sandbox.throttled == []
    assert client.limiter.margin == MMP_LIMITER_MARGIN  # one rule for both Mirakl clients
