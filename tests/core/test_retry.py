"""Retry-After values and the wait each gives; which failures are retried."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._errors import (
    ErrorClass,
    InvalidRequestError,
    QuotaExhaustedError,
    RateLimitedError,
    ResponseParseError,
    ServerError,
    TransportError,
)
from marketplace_sdk.core._request import ApiRequest
from marketplace_sdk.core._retry import (
    RetryPolicy,
    backoff_delay,
    parse_retry_after,
    retry_delay,
    should_retry,
)

NOW = datetime(2026, 3, 1, 12, 0, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("header", "wait"),
    [
        ("0", 0.0),
        ("1", 1.0),
        ("2.5", 2.5),
        (" 30 ", 30.0),
        ("86400", 86400.0),  # Etsy's daily limit answer
        ("99999999999", 99999999999.0),  # huge values are returned; the policy refuses to wait
        ("-5", 0.0),
        ("Sun, 01 Mar 2026 12:00:45 GMT", 45.0),
        ("Sunday, 01-Mar-26 12:01:00 GMT", 60.0),  # RFC 850 form
        ("Sun Mar  1 12:00:10 2026", 10.0),  # asctime form, read as UTC
        ("Sun, 01 Mar 2026 11:00:00 GMT", 0.0),  # in the past
        ("", None),
        ("   ", None),
        ("soon", None),
        ("nan", None),
        ("inf", None),
        ("1,5", None),
        (None, None),
    ],
)
def test_retry_after_table(header: str | None, wait: float | None) -> None:
    assert parse_retry_after(header, now=NOW) == wait


@given(st.text())
def test_retry_after_never_raises_and_is_never_negative(header: str) -> None:
    wait = parse_retry_after(header, now=NOW)
    assert wait is None or wait >= 0


@given(st.integers(min_value=1, max_value=60), st.integers(min_value=0, max_value=2**32))
def test_backoff_stays_within_its_capped_exponential_bound(attempt: int, seed: int) -> None:
    policy = RetryPolicy(base_delay=0.5, max_delay=30.0)
    delay = backoff_delay(attempt, policy, random.Random(seed))
    assert 0 <= delay <= min(30.0, 0.5 * 2 ** (attempt - 1))


GET = ApiRequest(method="GET", path="/")
POST = ApiRequest(method="POST", path="/")
#: A write whose 5xx applies nothing (Etsy's token endpoint).
REFRESH = ApiRequest(method="POST", path="/token", retry_server_errors=True)
POLICY = RetryPolicy(max_retry_after=60)


@pytest.mark.parametrize(
    ("error", "request_", "retried"),
    [
        (TransportError("reset", sent=True), GET, True),
        (TransportError("reset", sent=True), POST, False),
        (TransportError("refused", sent=False), POST, True),
        (ServerError("bad gateway", status=502), GET, True),
        (ServerError("bad gateway", status=502), POST, False),
        (ServerError("boom", status=500), GET, True),
        (ServerError("boom", status=500), POST, False),
        (ServerError("boom", status=500), REFRESH, True),
        (ServerError("bad gateway", status=502), REFRESH, True),
        (TransportError("reset", sent=True), REFRESH, False),
        (TransportError("refused", sent=False), REFRESH, True),
        (ServerError("reported in body", status=200), GET, True),
        (RateLimitedError("slow", status=429, retry_after=5), POST, True),
        (RateLimitedError("slow", status=429, retry_after=None), GET, True),
        (RateLimitedError("slow", status=429, retry_after=3600), GET, False),
        (QuotaExhaustedError("daily", retry_after=1), GET, False),
        (InvalidRequestError("bad", status=400), GET, False),
        (ResponseParseError("cut short", error_class=ErrorClass.TRANSIENT), GET, True),
        (ResponseParseError("cut short", error_class=ErrorClass.TRANSIENT), POST, False),
        (ResponseParseError("wrong shape", status=200), GET, False),
        (ValueError("not ours"), GET, False),
    ],
)
def test_which_failures_are_retried(
    error: BaseException, request_: ApiRequest, retried: bool
) -> None:
    assert should_retry(error, request_, POLICY) is retried


def test_retry_delay_prefers_the_servers_wait() -> None:
    rng = random.Random(3)
    assert retry_delay(RateLimitedError("x", retry_after=4.0), 5, POLICY, rng) == 4.0
    assert 0 <= retry_delay(ServerError("x", status=503), 1, RetryPolicy(base_delay=1), rng) <= 1


def test_an_explicit_flag_overrides_the_methods_idempotency() -> None:
    assert ApiRequest(method="POST", path="/q", idempotent=True).is_idempotent
    assert not ApiRequest(method="PUT", path="/x", idempotent=False).is_idempotent
    assert RetryPolicy.none().max_attempts == 1
