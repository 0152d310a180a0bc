# Generated from tests/etsy/_async/test_channel_wire.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""A record Etsy's schema refuses is that record's `RecordError`: the rest of its page goes on.

The sandbox answers in full; an `AlteringTransport` makes one receipt or listing odd in every
answer that carries it (a string where Etsy's schema has a number), as Etsy sending one odd
record would. The envelope (`count`, `results`) is still read as a whole: a page that is not
whole is an error of the page, never a shorter one.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import timedelta

import pytest
from tests.answers import AlteringTransport, etsy_record_altered
from tests.etsy._sync.harness import make_channel, make_client, stored

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import ErrorClass, RecordError, ResponseParseError
from marketplace_sdk.core._models import Order, Shipment
from marketplace_sdk.etsy import EtsyChannel, WebhookEvent
from marketplace_sdk.etsy.sandbox import EtsySandbox

#: Etsy's schema has an integer there.
ODD_TOTAL = {"grandtotal": {"amount": "twelve", "divisor": 100, "currency_code": "EUR"}}


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=3, orders=0, clock=clock, seed=5)


def channel_through(
    sandbox: EtsySandbox, clock: FakeClock, transport: AlteringTransport
) -> EtsyChannel:
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock, transport=transport)
    return EtsyChannel(client, sandbox.shop_id, clock=clock)


def odd_receipt(sandbox: EtsySandbox, receipt_id: int, **fields: object) -> AlteringTransport:
    """Receipt `receipt_id` odd in every answer: pages of receipts and the receipt alone."""
    alter = etsy_record_altered("receipt_id", receipt_id, **(fields or ODD_TOTAL))
    return AlteringTransport(sandbox.transport(), ("/receipts", f"/receipts/{receipt_id}"), alter)


def webhook(sandbox: EtsySandbox, receipt_id: int, event: str = "order.paid") -> WebhookEvent:
    return WebhookEvent(
        event_type=event,
        shop_id=sandbox.shop_id,
        resource_url=f"https://openapi.etsy.com/v3/application/shops/{sandbox.shop_id}"
        f"/receipts/{receipt_id}",
    )


def read_ids(orders: Iterator[Order], seen: list[str]) -> None:
    """Note each order's id as it comes, up to the error that ends the iteration."""
    for order in orders:
        seen.append(order.order_id)


def reads_of(
    channel: EtsyChannel, sandbox: EtsySandbox, receipt_id: int
) -> list[Callable[[], Order]]:
    """Every way the channel reads one order: by id, and on each kind of webhook."""
    return [
        lambda: channel.get_order(str(receipt_id)),
        lambda: channel.order_from_webhook(webhook(sandbox, receipt_id, "order.shipped")),
        lambda: channel.order_from_webhook(webhook(sandbox, receipt_id, "order.delivered")),
    ]


def six_orders(sandbox: EtsySandbox, clock: FakeClock) -> list[int]:
    listing = sandbox.add_listing("WIRE-1", quantity=50)
    placed = []
    for _ in range(6):
        clock.advance(60)
        placed.append(sandbox.place_order(listing))
    return placed


def test_a_receipt_etsys_schema_refuses_is_its_record_error_and_the_page_goes_on(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    since = clock.now()
    placed = six_orders(sandbox, clock)
    bad = placed[2]
    channel = channel_through(sandbox, clock, odd_receipt(sandbox, bad))
    window = (since, clock.now() + timedelta(seconds=1))

    # by default the iterator raises on the record at fault, after the records before it
    seen: list[str] = []
    with pytest.raises(RecordError) as caught:
        read_ids(channel.iter_orders(*window), seen)
    assert seen == [str(r) for r in placed[:2]]
    error = caught.value
    assert (error.marketplace, error.kind, error.record_id) == ("etsy", "order", str(bad))
    assert error.error_class is ErrorClass.SYSTEM
    assert error.raw["receipt_id"] == bad
    assert error.raw["grandtotal"]["amount"] == "twelve"  # the record as Etsy sent it
    assert type(error.__cause__).__name__ == "ValidationError"
    assert "grandtotal.amount" in error.message
    assert "twelve" not in error.message  # never an input value: it may be a buyer's data

    # given a quarantine, the five others are delivered and the odd one is handed over
    aside: list[RecordError] = []
    orders = [o for o in channel.iter_orders(*window, quarantine=aside.append)]
    assert [o.order_id for o in orders] == [str(r) for r in placed if r != bad]
    assert [(e.kind, e.record_id) for e in aside] == [("order", str(bad))]


def test_reading_the_odd_receipt_alone_raises_its_record_error(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    placed = six_orders(sandbox, clock)
    bad = placed[4]
    channel = channel_through(sandbox, clock, odd_receipt(sandbox, bad))
    for read in (
        lambda: channel.get_order(str(bad)),
        lambda: channel.order_from_webhook(webhook(sandbox, bad)),
        lambda: channel.accept_order(str(bad)),
    ):
        with pytest.raises(RecordError) as caught:
            read()
        assert (caught.value.kind, caught.value.record_id) == ("order", str(bad))
        assert caught.value.raw["receipt_id"] == bad
    assert (channel.get_order(str(placed[0]))).order_id == str(placed[0])


def test_an_odd_cancelled_receipt_is_set_aside_as_a_cancellation(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    since = clock.now()
    placed = six_orders(sandbox, clock)
    for receipt in placed[:3]:
        sandbox.cancel_order(receipt)
    clock.advance(60)
    channel = channel_through(sandbox, clock, odd_receipt(sandbox, placed[1]))
    aside: list[RecordError] = []
    cancellations = [c for c in channel.iter_cancellations(since, quarantine=aside.append)]
    assert sorted(c.order_id for c in cancellations) == sorted(
        str(r) for r in (placed[0], placed[2])
    )
    assert [(e.kind, e.record_id) for e in aside] == [("cancellation", str(placed[1]))]
    with pytest.raises(RecordError) as caught:
        [c for c in channel.iter_cancellations(since)]
    assert caught.value.kind == "cancellation"


def test_a_set_aside_receipt_still_counts_for_paging(
    clock: FakeClock,
) -> None:
    # 150 receipts: the first page holds 100 records, one of them odd; the page is still full,
    # so the second page is read (counting only the records read well would stop at 99)
    sandbox = EtsySandbox.seeded(listings=20, orders=150, days=90, clock=clock, seed=7)
    now = clock.now()
    window = (now - timedelta(days=91), now)
    first = min(sandbox.world.receipts, key=lambda r: (sandbox.receipt(r).updated, r))
    channel = channel_through(sandbox, clock, odd_receipt(sandbox, first))
    aside: list[RecordError] = []
    orders = [o for o in channel.iter_orders(*window, quarantine=aside.append)]
    assert len(orders) == 149
    assert {o.order_id for o in orders} == {str(r) for r in sandbox.world.receipts} - {str(first)}
    assert [e.record_id for e in aside] == [str(first)]


def test_a_page_whose_envelope_is_not_etsys_is_an_error_of_the_page(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    since = clock.now()
    six_orders(sandbox, clock)

    def odd_count(body: bytes) -> bytes:
        data = json.loads(body)
        data["count"] = "many"
        return json.dumps(data).encode()

    transport = AlteringTransport(sandbox.transport(), "/receipts", odd_count)
    channel = channel_through(sandbox, clock, transport)
    aside: list[RecordError] = []
    with pytest.raises(ResponseParseError) as caught:
        [o for o in channel.iter_orders(since, clock.now(), quarantine=aside.append)]
    assert caught.value.error_class is ErrorClass.SYSTEM
    assert aside == []


def test_an_odd_listing_is_set_aside_and_its_sku_read_alone_raises_its_record_error(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    sandbox.add_listing("WIRE-OK", quantity=5)
    odd = sandbox.add_listing("WIRE-ODD", quantity=5)
    alter = etsy_record_altered("listing_id", odd, quantity="plenty")
    transport = AlteringTransport(sandbox.transport(), ("/listings", f"/listings/{odd}"), alter)
    channel = channel_through(sandbox, clock, transport)

    aside: list[RecordError] = []
    products = [p for p in channel.iter_products(quarantine=aside.append)]
    assert "WIRE-ODD" not in {p.sku for p in products}
    assert len(products) == 4
    assert [(e.kind, e.record_id) for e in aside] == [("product", str(odd))]
    assert aside[0].raw["quantity"] == "plenty"

    with pytest.raises(RecordError) as caught:
        [p for p in channel.iter_products()]
    assert caught.value.record_id == str(odd)
    with pytest.raises(RecordError) as caught:
        channel.get_product("WIRE-ODD")
    assert caught.value.record_id == str(odd)
    assert (channel.get_product("WIRE-OK")).sku == "WIRE-OK"


def test_a_shipped_receipt_with_a_time_out_of_range_raises_its_record_error(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    placed = six_orders(sandbox, clock)
    shipper = make_channel(sandbox, clock)
    shipper.ready_to_ship(
        str(placed[0]), Shipment(carrier="UPS", tracking_number="1Z1", shipped_at=clock.now())
    )
    for stamp in (10**20, -(10**20), 253_402_300_800, 1e300):
        channel = channel_through(
            sandbox, clock, odd_receipt(sandbox, placed[0], updated_timestamp=stamp)
        )
        for read in reads_of(channel, sandbox, placed[0]):
            with pytest.raises(RecordError) as caught:
                read()
            assert (caught.value.kind, caught.value.record_id) == ("order", str(placed[0]))
            assert "updated_timestamp" in str(caught.value) or "out of range" in str(caught.value)
