"""Signed order webhooks from the sandbox, captured in process and over loopback."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import ETSY_API_URL, EtsySandbox
from marketplace_sdk.testing import LoopbackServer

SECRET = "whsec_" + base64.b64encode(b"a test secret of enough length!!").decode()


def expected_signature(headers: httpx.Headers, body: bytes) -> str:
    key = base64.b64decode(SECRET.removeprefix("whsec_"))
    message = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


@pytest.fixture
def captured() -> list[httpx.Request]:
    return []


@pytest.fixture
def sandbox(clock: FakeClock, captured: list[httpx.Request]) -> EtsySandbox:
    def receive(request: httpx.Request) -> httpx.Response:
        captured.append(request)
        return httpx.Response(204)

    sender = httpx.Client(transport=httpx.MockTransport(receive))
    sandbox = EtsySandbox(clock=clock, webhook_sender=sender)
    sandbox.register_webhook("http://127.0.0.1:9/etsy-hooks", SECRET)
    return sandbox


def test_order_lifecycle_sends_signed_events(
    sandbox: EtsySandbox, captured: list[httpx.Request], clock: FakeClock
) -> None:
    listing = sandbox.add_listing("MUG", quantity=5)
    receipt_id = sandbox.place_order(listing)
    clock.advance(60)
    client = httpx.Client(transport=sandbox.transport(), base_url=ETSY_API_URL)
    tokens = sandbox.connect()
    client.post(
        f"/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}/tracking",
        json={"tracking_code": "T", "carrier_name": "UPS"},
        headers={
            "x-api-key": sandbox.api_key.get_secret_value(),
            "authorization": f"Bearer {tokens.access_token}",
        },
    )
    sandbox.mark_delivered(receipt_id)
    canceled = sandbox.place_order(listing)
    sandbox.cancel_order(canceled)
    events = [json.loads(request.content) for request in captured]
    assert [event["event_type"] for event in events] == [
        "order.paid",
        "order.shipped",
        "order.delivered",
        "order.paid",
        "order.canceled",
    ]
    assert events[1] == {
        "event_type": "order.shipped",
        "resource_url": f"{ETSY_API_URL}/v3/application/shops/{sandbox.shop_id}"
        f"/receipts/{receipt_id}",
        "shop_id": sandbox.shop_id,
    }
    for request in captured:
        assert request.headers["webhook-signature"] == expected_signature(
            request.headers, request.content
        )
    assert captured[1].headers["webhook-timestamp"] == str(int(clock.now().timestamp()))
    assert len({request.headers["webhook-id"] for request in captured}) == len(captured)
    assert all(delivery.status == 204 for delivery in sandbox.webhooks.deliveries)


def test_failed_deliveries_are_recorded_not_raised(clock: FakeClock) -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    sandbox = EtsySandbox(
        clock=clock,
        webhook_sender=httpx.Client(transport=httpx.MockTransport(refuse)),
        behaviours={"ETSY-Q30": False},  # one attempt, no retries
    )
    sandbox.register_webhook("http://localhost:1/hooks")
    sandbox.place_order(sandbox.add_listing("MUG"))
    [delivery] = sandbox.webhooks.deliveries
    assert delivery.status is None
    assert delivery.error is not None
    assert delivery.event_type == "order.paid"


def test_only_loopback_receivers_and_whsec_secrets(sandbox: EtsySandbox) -> None:
    with pytest.raises(ValueError, match="loopback"):
        sandbox.register_webhook("https://example.com/hooks")
    with pytest.raises(ValueError, match="whsec_"):
        sandbox.register_webhook("http://127.0.0.1:9/hooks", "plain-secret")
    made = sandbox.register_webhook("http://[::1]:9/hooks")
    assert made.secret.get_secret_value().startswith("whsec_")
    assert "whsec_" not in repr(made)


def test_webhooks_reach_a_loopback_receiver(clock: FakeClock) -> None:
    received: list[httpx.Request] = []

    def receiver(request: httpx.Request) -> httpx.Response:
        received.append(request)
        return httpx.Response(200)

    sandbox = EtsySandbox(clock=clock)
    with LoopbackServer(receiver) as server:
        sandbox.register_webhook(server.url + "/hooks", SECRET)
        sandbox.place_order(sandbox.add_listing("MUG"))
    sandbox.close()
    [request] = received
    assert request.url.path == "/hooks"
    assert json.loads(request.content)["event_type"] == "order.paid"
    assert request.headers["webhook-signature"] == expected_signature(
        request.headers, request.content
    )
