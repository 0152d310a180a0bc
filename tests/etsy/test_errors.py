"""Etsy's error bodies, daily-quota 429s and rate-limit headers, through the engine."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._errors import NotFoundError, PermissionDeniedError, QuotaExhaustedError
from marketplace_sdk.core._ratelimit import Rate, RateLimiter
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.core._sync.engine import SyncEngine
from marketplace_sdk.etsy._errors import classify, decode_error, rate_limit_observer


def engine(handler: httpx.MockTransport, clock: FakeClock, limiter: RateLimiter | None = None):
    config = EngineConfig(
        marketplace="etsy",
        base_url="https://api.etsy.com",
        clock=clock,
        limiter=limiter,
        error_decoder=decode_error,
        classify=classify,
        on_response=rate_limit_observer(limiter) if limiter else None,
        retry=RetryPolicy(max_attempts=3),
    )
    return SyncEngine(config, transport=handler)


def get(path: str = "/v3/application/shops/1") -> Call[int]:
    return Call(ApiRequest(method="GET", path=path, operation="getShop"), parse=lambda r: 1)


@pytest.fixture
def rate_limit_samples(shared_specs: Path) -> dict[str, dict[str, object]]:
    text = (shared_specs / "etsy" / "samples" / "rate-limit-429.examples.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


def sample_response(sample: dict[str, object]) -> httpx.Response:
    headers = sample["headers"]
    assert isinstance(headers, dict)
    body = sample.get("body")
    return httpx.Response(int(str(sample["status"])), headers=headers, json=body)


def test_daily_429_is_quota_exhausted_with_the_servers_wait(
    rate_limit_samples: dict[str, dict[str, object]], clock: FakeClock
) -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return sample_response(rate_limit_samples["daily_429"])

    with (
        engine(httpx.MockTransport(handler), clock) as client,
        pytest.raises(QuotaExhaustedError) as caught,
    ):
        client.call(get())
    assert caught.value.retry_after == 86_400
    assert len(calls) == 1  # never retried: the day must free up first
    assert clock.sleeps == []


def test_per_second_429_is_waited_out_and_retried(
    rate_limit_samples: dict[str, dict[str, object]], clock: FakeClock
) -> None:
    answers = [sample_response(rate_limit_samples["per_second_429"]), httpx.Response(200)]

    with engine(httpx.MockTransport(lambda request: answers.pop(0)), clock) as client:
        assert client.call(get()) == 1
    assert answers == []


def test_per_second_429_body_is_not_a_quota(
    rate_limit_samples: dict[str, dict[str, object]],
) -> None:
    response = sample_response(rate_limit_samples["per_second_429"])
    assert classify(response, decode_error(response)) is None
    details = decode_error(response)
    assert details is not None
    assert details.message == "Exceeded per second rate limit"


def test_daily_body_without_headers_is_a_quota() -> None:
    response = httpx.Response(429, json={"error": "Exceeded daily rate limit"})
    assert classify(response, decode_error(response)) is QuotaExhaustedError


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (403, {"error": "Shared secret is required in x-api-key header."}, PermissionDeniedError),
        (404, {"error": "Listing not found"}, NotFoundError),
    ],
)
def test_api_errors_keep_etsys_message(
    status: int, body: dict[str, str], error: type[Exception], clock: FakeClock
) -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body))
    with engine(transport, clock) as client, pytest.raises(error) as caught:
        client.call(get())
    assert body["error"] in str(caught.value)


def test_decoder_survives_bodies_that_are_not_json() -> None:
    assert decode_error(httpx.Response(502, text="<html>Bad gateway</html>")) is None
    assert decode_error(httpx.Response(500, json=["odd"])) is None


def test_headers_lower_the_local_budget(clock: FakeClock) -> None:
    limiter = RateLimiter(
        "etsy:test", {"default": [Rate.per_second(10), Rate.per_day(10_000)]}, clock=clock
    )
    headers = {
        "x-limit-per-second": "10",
        "x-remaining-this-second": "9",
        "x-limit-per-day": "10000",
        "x-remaining-today": "250",
    }
    transport = httpx.MockTransport(lambda request: httpx.Response(200, headers=headers))
    with engine(transport, clock, limiter) as client:
        client.call(get())
    assert limiter.remaining()[Rate.per_day(10_000)] == 250


def test_observer_ignores_missing_and_garbage_headers(clock: FakeClock) -> None:
    limiter = RateLimiter("etsy:test", {"default": [Rate.per_day(100)]}, clock=clock)
    observe = rate_limit_observer(limiter)
    observe(httpx.Response(200))
    observe(httpx.Response(200, headers={"x-remaining-today": "lots"}))
    assert limiter.remaining()[Rate.per_day(100)] == 100


def test_issue15_item7_a_spent_day_names_the_servers_budget_and_warns_once_per_threshold(
    clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    # The server's budget is 30 calls a day, not the 10,000 the client is configured with.
    limit = 30
    served = 0

    def handler(request: httpx.Request) -> httpx.Response:
        nonlocal served
        served += 1
        headers = {"x-limit-per-day": str(limit), "x-remaining-today": str(limit - served)}
        return httpx.Response(200, json={}, headers=headers)

    limiter = RateLimiter(
        "etsy:app", {"default": [Rate.per_second(10), Rate.per_day(10_000)]}, clock=clock
    )
    client = engine(httpx.MockTransport(handler), clock, limiter)
    with caplog.at_level("WARNING", logger="marketplace_sdk.core._ratelimit.limiter"):
        for _ in range(limit):
            client.call(get())
            clock.advance(0.5)
        with pytest.raises(QuotaExhaustedError) as raised:
            client.call(get())

    assert served == limit  # the 31st call was never sent
    message = str(raised.value)
    assert "10000" not in message
    assert "30 calls per day (announced by the server)" in message
    assert "30 of 30 used" in message
    low = [r.getMessage() for r in caplog.records if "left" in r.getMessage()]
    # One warning per threshold crossed (10 %, 5 %, 1 % left), not one per answer.
    assert len(low) == 3, low
    assert "3 of the 30 calls per day left" in low[0]
