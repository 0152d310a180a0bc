"""The catalogue throttle paces requests: its pure decisions, and an import that obeys them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.etsy._sync.harness import make_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._metering import metered
from marketplace_sdk.core._models import Product
from marketplace_sdk.etsy.sandbox import EtsySandbox, RateLimits
from marketplace_sdk.sync._catalogue import import_catalogue
from marketplace_sdk.sync._cursors import MemoryCursorStore
from marketplace_sdk.sync._throttle import (
    DAY_SECONDS,
    CatalogueThrottle,
    daily_allowance,
    daily_limit,
    request_wait,
    sku_wait,
)

#: Float slack when comparing instants reached by adding waits.
SLACK = 1e-6

shares = st.floats(min_value=0.0005, max_value=1.0)
rates = st.none() | st.floats(min_value=0.01, max_value=50.0)
per_days = st.none() | st.integers(min_value=1, max_value=2_000)
#: What the import does between two requests (reading a page, the host's sink), in seconds.
pauses = st.lists(st.floats(min_value=0.0, max_value=DAY_SECONDS / 4) | st.just(0.0), max_size=120)


def paced(throttle: CatalogueThrottle, per_day: int | None, gaps: list[float]) -> list[float]:
    """When each request goes when the import waits as `request_wait` says after each gap."""
    sent: list[float] = []
    now = 0.0
    for gap in gaps:
        now += gap
        now += request_wait(throttle, now=now, sent=sent, per_day=per_day)
        sent.append(now)
    return sent


@given(shares, rates, per_days, pauses)
def test_paced_requests_never_spend_more_than_the_share_of_any_rolling_day(
    share: float, rate: float | None, per_day: int | None, gaps: list[float]
) -> None:
    throttle = CatalogueThrottle(daily_share=share, requests_per_second=rate)
    sent = paced(throttle, per_day, gaps)
    allowance = daily_allowance(throttle, per_day)
    assert sent == sorted(sent)
    for index, at in enumerate(sent):
        if allowance is not None:
            in_day = sum(1 for other in sent[: index + 1] if other > at - DAY_SECONDS + SLACK)
            assert in_day <= allowance
        if rate is not None and index:
            assert at - sent[index - 1] >= 1 / rate - SLACK


@given(shares, rates, per_days, pauses, st.floats(min_value=0, max_value=2 * DAY_SECONDS))
def test_the_throttle_waits_only_as_long_as_a_rule_needs(
    share: float, rate: float | None, per_day: int | None, gaps: list[float], later: float
) -> None:
    throttle = CatalogueThrottle(daily_share=share, requests_per_second=rate)
    sent = paced(throttle, per_day, gaps)
    now = (sent[-1] if sent else 0.0) + later
    wait = request_wait(throttle, now=now, sent=sent, per_day=per_day)
    assert wait >= 0
    # Once waited, the request may go; and a request no rule holds back goes at once.
    assert request_wait(throttle, now=now + wait, sent=sent, per_day=per_day) <= SLACK
    allowance = daily_allowance(throttle, per_day)
    in_day = sum(1 for at in sent if at > now - DAY_SECONDS)
    spaced = rate is None or not sent or now - sent[-1] >= 1 / rate
    if (allowance is None or in_day < allowance) and spaced:
        assert wait == 0
    # Only the import's last day of requests matters: the older ones may be forgotten.
    recent = [at for at in sent if at > now - DAY_SECONDS]
    assert request_wait(throttle, now=now, sent=recent, per_day=per_day) == wait


@given(st.lists(st.floats(min_value=0, max_value=1e6), max_size=50), st.floats(0, 1e6))
def test_without_a_known_budget_or_rate_the_import_runs_at_the_channels_own_rate(
    sent: list[float], later: float
) -> None:
    sent.sort()
    now = (sent[-1] if sent else 0.0) + later
    assert request_wait(CatalogueThrottle(), now=now, sent=sent, per_day=None) == 0


@given(st.integers(1, 10_000), st.integers(0, 20_000), st.floats(0, 3_600), st.floats(0, 3_600))
def test_the_product_cap_waits_out_its_period_only_once_spent(
    skus: int, used: int, start: float, elapsed: float
) -> None:
    throttle = CatalogueThrottle(skus, timedelta(minutes=15))
    wait = sku_wait(throttle, now=start + elapsed, used=used, period_start=start)
    if used < skus:
        assert wait == 0
    else:
        assert wait == pytest.approx(max(0.0, 900 - elapsed))
    assert sku_wait(CatalogueThrottle(), now=elapsed, used=used, period_start=0) == 0


class Budgeted:
    daily_request_limit: int | None = 40_000


def test_the_days_budget_is_the_channels_when_it_knows_one() -> None:
    throttle = CatalogueThrottle(requests_per_day=5_000)
    assert daily_limit(Budgeted(), throttle) == 40_000
    unknown = Budgeted()
    unknown.daily_request_limit = None
    assert daily_limit(unknown, throttle) == 5_000
    assert daily_limit(object(), CatalogueThrottle()) is None


def test_an_etsy_import_keeps_to_its_share_of_the_budget_the_server_announces(
    clock: FakeClock,
) -> None:
    # The app's budget is 600 a day, not Etsy's published 10,000: the server says so in
    # x-limit-per-day, the client learns it, and a 1 % share is 6 requests a day.
    sandbox = EtsySandbox.seeded(
        listings=250, orders=0, clock=clock, seed=5, rate_limits=RateLimits(per_day=600)
    )
    channel = make_channel(sandbox, clock)
    products: list[Product] = []
    sandbox.calls.clear()
    start = clock.monotonic()
    with metered() as meter:
        import_catalogue(
            channel,
            categories_sink=lambda batch: None,
            products_sink=products.extend,
            store=MemoryCursorStore(),
            clock=clock,
            throttle=CatalogueThrottle(daily_share=0.01),
        )
    days = (clock.monotonic() - start) / DAY_SECONDS
    assert channel.daily_request_limit == 600
    assert {p.sku for p in products} == {p.sku for p in channel.iter_products()}
    assert meter.requests > 6
    assert days >= (meter.requests - 1) // 6  # one day per 6 requests after the first 6
    assert all(call.status != 429 for call in sandbox.calls.calls)
