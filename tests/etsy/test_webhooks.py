"""Etsy webhook verification: valid, tampered, stale, replayed; and the signing helper."""

from __future__ import annotations

import base64
import json
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy import (
    MemorySeenWebhookStore,
    WebhookEventType,
    WebhookPayloadError,
    WebhookReplayError,
    WebhookSignatureError,
    WebhookTimestampError,
    WebhookVerifier,
)
from marketplace_sdk.etsy._webhooks import sign, signed_headers

SECRET = "whsec_" + base64.b64encode(b"etsy-webhook-test-secret-32bytes").decode()
OTHER = "whsec_" + base64.b64encode(b"some-other-secret-of-32-bytes!!!").decode()


def body(event: str = "order.paid", receipt: int = 7) -> bytes:
    return json.dumps(
        {
            "event_type": event,
            "resource_url": f"https://openapi.etsy.com/v3/application/shops/42/receipts/{receipt}",
            "shop_id": 42,
        }
    ).encode()


@pytest.mark.parametrize(
    "event", ["order.paid", "order.canceled", "order.shipped", "order.delivered"]
)
def test_valid_delivery_becomes_a_typed_event(clock: FakeClock, event: str) -> None:
    payload = body(event, receipt=123)
    headers = signed_headers(SECRET, "msg_1", clock.now(), payload)

    result = WebhookVerifier(SECRET, clock=clock).verify(headers, payload)

    assert result.event_type is WebhookEventType(event)
    assert (result.shop_id, result.receipt_id, result.webhook_id) == (42, 123, "msg_1")
    assert result.timestamp == clock.now()


def test_header_names_are_matched_in_any_case(clock: FakeClock) -> None:
    payload = body()
    headers = {k.title(): v for k, v in signed_headers(SECRET, "m", clock.now(), payload).items()}
    assert WebhookVerifier(SECRET, clock=clock).verify(headers, payload).receipt_id == 7


@given(st.binary(min_size=1), st.integers(0, 10_000))
def test_any_change_to_the_body_is_refused(extra: bytes, position: int) -> None:
    clock = FakeClock()
    payload = body()
    headers = signed_headers(SECRET, "msg_1", clock.now(), payload)
    cut = position % (len(payload) + 1)
    tampered = payload[:cut] + extra + payload[cut:]
    with pytest.raises(WebhookSignatureError):
        WebhookVerifier(SECRET, clock=clock).verify(headers, tampered)


def test_wrong_secret_missing_headers_and_other_versions_are_refused(clock: FakeClock) -> None:
    payload = body()
    verifier = WebhookVerifier(SECRET, clock=clock)
    with pytest.raises(WebhookSignatureError):
        verifier.verify(signed_headers(OTHER, "m1", clock.now(), payload), payload)
    with pytest.raises(WebhookSignatureError, match="missing"):
        verifier.verify({"webhook-id": "m2"}, payload)
    good = signed_headers(SECRET, "m3", clock.now(), payload)
    with pytest.raises(WebhookSignatureError):
        verifier.verify(
            {**good, "webhook-signature": good["webhook-signature"].replace("v1", "v2")}, payload
        )
    # a forged id under a valid signature of another id does not pass either
    with pytest.raises(WebhookSignatureError):
        verifier.verify({**good, "webhook-id": "m4"}, payload)


def test_rotating_secrets_any_listed_signature_may_match(clock: FakeClock) -> None:
    payload = body()
    stamp = int(clock.now().timestamp())
    headers = {
        "webhook-id": "m",
        "webhook-timestamp": str(stamp),
        "webhook-signature": " ".join(sign(key, "m", stamp, payload) for key in (OTHER, SECRET)),
    }
    assert WebhookVerifier(SECRET, clock=clock).verify(headers, payload).webhook_id == "m"


@pytest.mark.parametrize("skew", [-301, 301, -86_400])
def test_stale_or_future_timestamps_are_refused(clock: FakeClock, skew: int) -> None:
    clock.advance(100_000)
    payload = body()
    headers = signed_headers(SECRET, "m", clock.now() + timedelta(seconds=skew), payload)
    with pytest.raises(WebhookTimestampError):
        WebhookVerifier(SECRET, clock=clock, tolerance=300).verify(headers, payload)


def test_a_replayed_delivery_is_refused(clock: FakeClock) -> None:
    payload = body()
    headers = signed_headers(SECRET, "msg_1", clock.now(), payload)
    verifier = WebhookVerifier(SECRET, clock=clock)
    verifier.verify(headers, payload)
    clock.advance(10)
    with pytest.raises(WebhookReplayError):
        verifier.verify(headers, payload)


def test_a_refused_delivery_does_not_burn_its_id(clock: FakeClock) -> None:
    payload = body()
    verifier = WebhookVerifier(SECRET, clock=clock)
    with pytest.raises(WebhookSignatureError):
        verifier.verify(signed_headers(OTHER, "msg_9", clock.now(), payload), payload)
    assert verifier.verify(signed_headers(SECRET, "msg_9", clock.now(), payload), payload)


def test_seen_store_stays_bounded(clock: FakeClock) -> None:
    store = MemorySeenWebhookStore(max_entries=3, clock=clock)
    until = clock.now() + timedelta(hours=1)
    for n in range(10):
        assert store.add(f"id-{n}", until=until)
    assert len(store) == 3
    assert not store.add("id-9", until=until)


def test_signed_garbage_is_a_payload_error(clock: FakeClock) -> None:
    for payload in (b"not json", b"[1, 2]", b'{"shop_id": 1}'):
        headers = signed_headers(SECRET, f"m-{len(payload)}", clock.now(), payload)
        with pytest.raises(WebhookPayloadError):
            WebhookVerifier(SECRET, clock=clock).verify(headers, payload)


@pytest.mark.parametrize("seconds", [10**20, -(10**20), 10**12, 2**63])
def test_a_signed_timestamp_out_of_range_is_a_timestamp_error(
    clock: FakeClock, seconds: int
) -> None:
    # Issue 12: a correctly signed but absurd timestamp raised OverflowError or ValueError.
    payload = body()
    headers = signed_headers(SECRET, "m-huge", seconds, payload)
    with pytest.raises(WebhookTimestampError, match="out of range"):
        WebhookVerifier(SECRET, clock=clock).verify(headers, payload)


def test_a_signed_deeply_nested_body_is_a_payload_error(clock: FakeClock) -> None:
    # Issue 12: a correctly signed body nested past Python's recursion limit raised
    # RecursionError out of json.loads.
    for payload in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 50_000 + b"1" + b"}" * 50_000):
        headers = signed_headers(SECRET, f"m-deep-{payload[:1]!r}", clock.now(), payload)
        with pytest.raises(WebhookPayloadError):
            WebhookVerifier(SECRET, clock=clock).verify(headers, payload)


def test_unknown_event_types_are_kept(clock: FakeClock) -> None:
    payload = body("order.refunded")
    headers = signed_headers(SECRET, "m", clock.now(), payload)
    assert (
        WebhookVerifier(SECRET, clock=clock).verify(headers, payload).event_type == "order.refunded"
    )


def test_secret_never_in_repr() -> None:
    assert "whsec" not in repr(WebhookVerifier(SECRET))
    assert SECRET[6:] not in repr(WebhookVerifier(SECRET))


def test_a_malformed_secret_is_refused() -> None:
    with pytest.raises(ValueError, match="whsec_"):
        WebhookVerifier("whsec_not base64!")
