"""Webhook-triggered fetches against the Etsy sandbox's signed deliveries."""

from __future__ import annotations

import json
from collections.abc import Sequence

import httpx
import pytest
from tests.etsy._sync.harness import make_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError
from marketplace_sdk.core._models import Order
from marketplace_sdk.etsy import EtsyChannel, WebhookEvent, WebhookPayloadError, WebhookVerifier
from marketplace_sdk.etsy._webhooks import signed_headers
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.sync._cursors import MemoryCursorStore
from marketplace_sdk.sync._jobs import sync_orders
from marketplace_sdk.sync._webhook import WebhookShopMismatchError, fetch_on_webhook

DAY = 24 * 3600


class Receiver:
    """The host's webhook endpoint, in process: keeps what the sandbox posts."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return httpx.Response(204)


class Oms:
    def __init__(self) -> None:
        self.orders: dict[str, Order] = {}
        self.batches = 0

    def __call__(self, batch: Sequence[Order]) -> None:
        self.batches += 1
        for order in batch:
            self.orders[order.order_id] = order


@pytest.fixture
def receiver() -> Receiver:
    return Receiver()


@pytest.fixture
def sandbox(clock: FakeClock, receiver: Receiver) -> EtsySandbox:
    sender = httpx.Client(transport=httpx.MockTransport(receiver))
    return EtsySandbox.seeded(listings=10, orders=0, clock=clock, seed=8, webhook_sender=sender)


@pytest.fixture
def verifier(sandbox: EtsySandbox, clock: FakeClock) -> WebhookVerifier:
    endpoint = sandbox.register_webhook("http://127.0.0.1:8000/etsy/webhooks")
    return WebhookVerifier(endpoint.secret, clock=clock)


def events(receiver: Receiver, verifier: WebhookVerifier) -> list[WebhookEvent]:
    return [verifier.verify(request.headers, request.content) for request in receiver.requests]


def test_a_cancellation_webhook_delivers_the_fresh_order_at_once(
    sandbox: EtsySandbox, clock: FakeClock, receiver: Receiver, verifier: WebhookVerifier
) -> None:
    channel = make_channel(sandbox, clock)
    receipt = sandbox.place_order(sandbox.add_listing("HOOK-1", quantity=4))
    clock.advance(20 * DAY)
    sandbox.cancel_order(receipt)
    last = receiver.requests[-1]  # the order.paid delivery of 20 days ago is long handled
    canceled = verifier.verify(last.headers, last.content)
    assert canceled.event_type == "order.canceled"

    oms = Oms()
    report = fetch_on_webhook(channel, canceled, oms)

    assert oms.orders[str(receipt)].marketplace_status == "Cancelled"
    assert (report.records, report.batches, report.windows) == (1, 1, [])
    assert report.key == f"etsy/{sandbox.shop_id}/orders.webhook"


def test_polling_stays_the_safety_net_and_delivers_the_webhooks_order_again(
    sandbox: EtsySandbox, clock: FakeClock, receiver: Receiver, verifier: WebhookVerifier
) -> None:
    channel = make_channel(sandbox, clock)
    store = MemoryCursorStore()
    polled = clock.now()
    sync_orders(channel, store, Oms(), now=polled)

    clock.advance(600)
    receipt = sandbox.place_order(sandbox.add_listing("HOOK-2", quantity=4))
    (paid,) = events(receiver, verifier)
    hooked = Oms()
    fetch_on_webhook(channel, paid, hooked)
    assert set(hooked.orders) == {str(receipt)}

    oms = Oms()
    clock.advance(600)
    sync_orders(channel, store, oms, now=clock.now())  # the poll finds the same order again
    assert str(receipt) in oms.orders
    assert oms.orders[str(receipt)] == hooked.orders[str(receipt)]


def test_an_event_for_another_shop_is_refused_before_any_call(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel: EtsyChannel = make_channel(sandbox, clock)
    other = sandbox.shop_id + 1
    event = WebhookEvent(
        event_type="order.paid",
        shop_id=other,
        resource_url=f"https://api.etsy.com/v3/application/shops/{other}/receipts/5",
    )
    sandbox.calls.clear()
    oms = Oms()

    with pytest.raises(WebhookShopMismatchError) as raised:
        fetch_on_webhook(channel, event, oms)

    assert raised.value.event_shop == str(other)
    assert len(sandbox.calls) == 0
    assert oms.batches == 0


def test_events_naming_no_receipt_or_two_shops_are_payload_errors(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    shop = sandbox.shop_id
    no_receipt = WebhookEvent(event_type="order.paid", shop_id=shop, resource_url="")
    with pytest.raises(WebhookPayloadError, match="names no receipt"):
        fetch_on_webhook(channel, no_receipt, Oms())
    two_shops = WebhookEvent(
        event_type="order.paid",
        shop_id=shop,
        resource_url=f"https://api.etsy.com/v3/application/shops/{shop + 1}/receipts/5",
    )
    with pytest.raises(WebhookPayloadError, match="resource is in shop"):
        fetch_on_webhook(channel, two_shops, Oms())


def test_a_signed_event_for_an_unknown_receipt_is_not_found(
    sandbox: EtsySandbox, clock: FakeClock, verifier: WebhookVerifier
) -> None:
    channel = make_channel(sandbox, clock)
    secret = sandbox.webhooks.endpoints[0].secret
    body = json.dumps(
        {
            "event_type": "order.paid",
            "shop_id": sandbox.shop_id,
            "resource_url": f"https://api.etsy.com/v3/application/shops/{sandbox.shop_id}"
            "/receipts/999999999",
        }
    ).encode()
    event = verifier.verify(signed_headers(secret, "msg_x", clock.now(), body), body)
    oms = Oms()
    with pytest.raises(NotFoundError):
        fetch_on_webhook(channel, event, oms)
    assert oms.batches == 0
