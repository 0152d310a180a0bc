# Generated from tests/etsy/_async/test_channel_orders.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""EtsyChannel orders against the sandbox: windows, statuses, cancellations, shipping once."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from tests.answers import AlteringTransport, CuttingTransport
from tests.etsy._sync.harness import make_channel, make_client, stored

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError, RecordError
from marketplace_sdk.core._models import Shipment
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.core._status import OmsStatus, UnknownStatus
from marketplace_sdk.etsy import EtsyChannel, WebhookEvent, WebhookPayloadError, transition
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.testing._faults import Fault


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=60, orders=150, days=90, clock=clock, seed=7)


def shipment(clock: FakeClock, tracking: str = "1Z999AA10123456784") -> Shipment:
    return Shipment(carrier="UPS", tracking_number=tracking, shipped_at=clock.now())


def test_ninety_days_of_orders_each_once_with_seed_statuses(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    now = clock.now()
    window = (now - timedelta(days=91), now + timedelta(seconds=1))
    orders = [order for order in channel.iter_orders(*window)]

    assert len(orders) == len(sandbox.world.receipts)
    assert len({o.order_id for o in orders}) == len(orders)
    assert {o.marketplace_status for o in orders} <= {"New", "In-transit", "Delivered", "Cancelled"}
    for order in orders:
        record = sandbox.receipt(int(order.order_id))
        if record.status == "Canceled":
            assert order.marketplace_status == "Cancelled"
        elif record.is_shipped:
            assert order.marketplace_status in ("In-transit", "Delivered")
        else:
            assert order.marketplace_status == "New"
    new = [order for order in channel.iter_orders(*window, ["new"])]
    assert {o.marketplace_status for o in new} == {"New"}


def test_refund_rule_and_delivered(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    listing = sandbox.add_listing("R-1", quantity=50)
    unshipped = sandbox.place_order(listing)
    sandbox.refund_order(unshipped)
    refunded = channel.get_order(str(unshipped))
    assert refunded.marketplace_status == "Cancelled"

    shipped = sandbox.place_order(listing)
    sent = channel.ready_to_ship(str(shipped), shipment(clock))
    assert sent.is_ok
    sandbox.refund_order(shipped)
    in_transit = channel.get_order(str(shipped))
    assert in_transit.marketplace_status == "In-transit"
    clock.advance(60)
    sandbox.mark_delivered(shipped)
    delivered = channel.get_order(str(shipped))
    assert delivered.marketplace_status == "Delivered"


def test_ship_exactly_once_despite_timeout_after_apply(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-1"))
    sandbox.faults.add(Fault.timeout_after_apply(), operation="createReceiptShipment")

    first = channel.ready_to_ship(str(receipt_id), shipment(clock))
    again = channel.ready_to_ship(str(receipt_id), shipment(clock))

    assert first.is_ok
    assert again.is_ok
    assert first.marketplace_id == again.marketplace_id
    assert len(sandbox.receipt(receipt_id).shipments) == 1
    order = channel.get_order(str(receipt_id))
    assert order.marketplace_status == "In-transit"


def test_a_shipment_applied_with_an_unreadable_answer_is_ok_not_rejected(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-6"))
    sandbox.faults.add(Fault.malformed(b'{"receipt_id": 1'), operation="createReceiptShipment")

    first = channel.ready_to_ship(str(receipt_id), shipment(clock))
    again = channel.ready_to_ship(str(receipt_id), shipment(clock))

    assert first.is_ok
    assert again.is_ok
    assert len(sandbox.receipt(receipt_id).shipments) == 1


def test_unanswered_send_not_applied_is_retry_later_then_ships_once(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-2"))
    sandbox.faults.add(
        Fault.error(503, {"error": "busy"}), operation="createReceiptShipment", count=10
    )

    first = channel.ready_to_ship(str(receipt_id), shipment(clock))

    assert first.outcome is Outcome.RETRY_LATER
    assert not sandbox.receipt(receipt_id).shipments
    sandbox.faults.clear()
    again = channel.ready_to_ship(str(receipt_id), shipment(clock))
    assert again.is_ok
    assert len(sandbox.receipt(receipt_id).shipments) == 1


def test_cancellations_older_than_five_days_are_seen(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    old = min(
        (r for r in sandbox.world.receipts.values() if not r.is_shipped and r.status != "Canceled"),
        key=lambda r: r.created,
    )
    assert clock.now() - old.created > timedelta(days=5)
    since = clock.now()
    clock.advance(60)
    sandbox.cancel_order(old.receipt_id)
    clock.advance(60)

    cancellations = [c for c in channel.iter_cancellations(since)]

    assert [c.order_id for c in cancellations] == [str(old.receipt_id)]
    assert cancellations[0].marketplace_status == "Cancelled"


def test_accept_order_needs_no_call(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    sandbox.calls.clear()
    results = channel.accept_order("123", ["1", "2"])
    assert [r.key for r in results] == ["1", "2"]
    assert all(r.is_ok for r in results)
    assert len(sandbox.calls) == 0


def test_get_order_unknown_and_webhook(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    with pytest.raises(NotFoundError):
        channel.get_order("999999999")
    receipt_id = sandbox.place_order(sandbox.add_listing("HOOK-1"))
    event = WebhookEvent(
        event_type="order.paid",
        shop_id=sandbox.shop_id,
        resource_url=f"https://api.etsy.com/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}",
    )
    order = channel.order_from_webhook(event)
    assert order.order_id == str(receipt_id)
    assert order.marketplace_status == "New"
    assert order.lines
    assert order.lines[0].sku == "HOOK-1"


def test_accept_order_without_lines_reads_the_receipts_lines(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("ACCEPT-1"))
    order = channel.get_order(str(receipt_id))
    sandbox.calls.clear()

    results = channel.accept_order(str(receipt_id))

    assert [r.key for r in results] == list(order.line_ids())
    assert all(r.is_ok for r in results)
    assert sandbox.calls.count("getShopReceipt") == 1
    assert sandbox.calls.count("createReceiptShipment") == 0


def test_a_cancelled_receipt_is_not_shipped(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-4"))
    sandbox.cancel_order(receipt_id)

    result = channel.ready_to_ship(str(receipt_id), shipment(clock))

    assert result.outcome is Outcome.REJECTED
    assert "cancelled" in str(result.reason)
    assert not sandbox.receipt(receipt_id).shipments


def test_shipping_refusals_and_unreadable_receipts_are_results(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-5"))

    sandbox.faults.add(Fault.error(503, {"error": "busy"}), operation="getShopReceipt", count=10)
    unread = channel.ready_to_ship(str(receipt_id), shipment(clock))
    assert unread.outcome is Outcome.RETRY_LATER
    sandbox.faults.clear()

    refusal = Fault.error(400, {"error": "Invalid tracking code"})
    sandbox.faults.add(refusal, operation="createReceiptShipment")
    refused = channel.ready_to_ship(str(receipt_id), shipment(clock))
    assert refused.outcome is Outcome.REJECTED
    assert "Invalid tracking code" in str(refused.reason)
    assert not sandbox.receipt(receipt_id).shipments


def test_a_delivered_webhook_and_a_webhook_without_receipt(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("HOOK-2"))
    sent = channel.ready_to_ship(str(receipt_id), shipment(clock, "HOOK2TRACK"))
    assert sent.is_ok
    url = f"https://api.etsy.com/v3/application/shops/{sandbox.shop_id}/receipts/{receipt_id}"

    delivered = WebhookEvent(
        event_type="order.delivered", shop_id=sandbox.shop_id, resource_url=url
    )
    order = channel.order_from_webhook(delivered)
    assert order.marketplace_status == "Delivered"

    with pytest.raises(WebhookPayloadError):
        channel.order_from_webhook(
            WebhookEvent(
                event_type="order.paid", shop_id=sandbox.shop_id, resource_url="https://x/"
            )
        )
    with pytest.raises(NotFoundError):
        channel.get_order("not-a-receipt")


def test_a_receipts_page_cut_in_half_is_asked_again_not_taken_as_complete(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    transport = CuttingTransport(sandbox.transport(), "/receipts", times=2)
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock, transport=transport)
    channel = EtsyChannel(client, sandbox.shop_id, clock=clock)
    now = clock.now()
    orders = [o for o in channel.iter_orders(now - timedelta(days=91), now)]
    assert transport.cut == 2
    assert {o.order_id for o in orders} == {str(r) for r in sandbox.world.receipts}


def test_a_receipt_the_mapping_cannot_convert_is_a_typed_error_or_set_aside(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    listing = sandbox.add_listing("ODD-1", quantity=50)
    since = clock.now()
    placed = []
    for _ in range(6):
        clock.advance(60)
        placed.append(sandbox.place_order(listing))
    bad = placed[2]
    sandbox.receipt(bad).currency = "EURO"
    window = (since, clock.now() + timedelta(seconds=1))

    with pytest.raises(RecordError) as caught:
        [order for order in channel.iter_orders(*window)]
    error = caught.value
    assert (error.marketplace, error.kind, error.record_id) == ("etsy", "order", str(bad))
    assert error.raw["receipt_id"] == bad
    assert type(error.__cause__).__name__ == "ValidationError"

    aside: list[RecordError] = []
    orders = [o for o in channel.iter_orders(*window, quarantine=aside.append)]
    assert [o.order_id for o in orders] == [str(r) for r in placed if r != bad]
    assert [e.record_id for e in aside] == [str(bad)]
    with pytest.raises(RecordError):
        channel.get_order(str(bad))


def test_a_receipt_with_a_timestamp_out_of_range_is_a_record_error(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    receipt = sandbox.place_order(sandbox.add_listing("ODD-2", quantity=5))

    def far_future(body: bytes) -> bytes:
        data = json.loads(body)
        data["created_timestamp"] = data["updated_timestamp"] = 10**20
        return json.dumps(data).encode()

    transport = AlteringTransport(sandbox.transport(), f"/receipts/{receipt}", far_future)
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock, transport=transport)
    channel = EtsyChannel(client, sandbox.shop_id, clock=clock)
    with pytest.raises(RecordError) as caught:
        channel.get_order(str(receipt))
    assert caught.value.record_id == str(receipt)
    assert isinstance(caught.value.__cause__, OverflowError | ValueError | OSError)


# -- catalogued behaviours (QUIRKS ids), each with the sandbox reproducing it ------------------


def test_etsy_q13_cancellations_are_found_though_etsy_moves_no_timestamp(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    listing = sandbox.add_listing("CANCEL-1", quantity=50)
    old, unpaid, refunded, kept = (
        sandbox.place_order(listing),
        sandbox.place_order(listing, paid=False),
        sandbox.place_order(listing),
        sandbox.place_order(listing),
    )
    clock.advance(20 * 86_400)
    since = clock.now()
    clock.advance(60)
    sandbox.cancel_order(old)  # placed 20 days ago; Etsy keeps its updated_timestamp
    sandbox.cancel_order(unpaid)  # nothing refunded: Etsy shows no time for it
    sandbox.refund_order(refunded)  # refunded in full before shipping: a cancellation
    assert sandbox.receipt(old).updated < since
    clock.advance(60)

    found = {c.order_id: c for c in channel.iter_cancellations(since)}

    assert set(found) == {str(old), str(unpaid), str(refunded)}
    assert str(kept) not in found
    assert found[str(old)].cancelled_at == since + timedelta(seconds=60)
    # The next run reports again only what Etsy shows no time for (the sink upserts by id).
    later = clock.now()
    clock.advance(3600)
    assert [c.order_id for c in channel.iter_cancellations(later)] == [str(unpaid)]


def test_etsy_q13_the_order_window_brings_a_cancellation_etsy_does_not_date(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("CANCEL-3"))
    clock.advance(2 * 86_400)
    since = clock.now()
    sandbox.cancel_order(receipt_id)
    clock.advance(300)

    orders = [o for o in channel.iter_orders(since, clock.now())]

    assert [(o.order_id, o.marketplace_status) for o in orders] == [(str(receipt_id), "Cancelled")]
    # The next window does not bring it again.
    later = clock.now()
    clock.advance(300)
    assert [o.order_id for o in channel.iter_orders(later, clock.now())] == []


def test_etsy_q14_a_canceled_receipt_is_listed_as_cancelled_and_never_shipped(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    since = clock.now()
    receipt_id = sandbox.place_order(sandbox.add_listing("CANCEL-2"))
    sandbox.cancel_order(receipt_id)
    clock.advance(60)
    orders = {o.order_id: o for o in channel.iter_orders(since, clock.now())}
    assert orders[str(receipt_id)].marketplace_status == "Cancelled"
    result = channel.ready_to_ship(str(receipt_id), shipment(clock))
    assert result.outcome is Outcome.REJECTED

    sandbox.behaviours.disable("ETSY-Q14")  # lists without the filter hide it: still found
    assert [c.order_id for c in channel.iter_cancellations(since)] == [str(receipt_id)]


@pytest.mark.parametrize("capitalised", [True, False])
def test_etsy_q15_statuses_in_any_case_and_a_new_one_is_unknown_never_new(
    sandbox: EtsySandbox, clock: FakeClock, capitalised: bool
) -> None:
    if not capitalised:
        sandbox.behaviours.disable("ETSY-Q15")
    channel = make_channel(sandbox, clock)
    listing = sandbox.add_listing("STATUS-1", quantity=5)
    paid, odd = sandbox.place_order(listing), sandbox.place_order(listing)
    sandbox.set_receipt_status(odd, "Awaiting Pickup")

    assert (channel.get_order(str(paid))).marketplace_status == "New"
    order = channel.get_order(str(odd))
    assert order.marketplace_status != "New"
    assert order.oms_status is None
    decision = transition(OmsStatus.NEW, order.marketplace_status, all_lines_in_stock=True)
    assert isinstance(decision, UnknownStatus)


def test_etsy_q16_an_unpaid_order_is_not_paid_until_the_webhook_says_so(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("LATE-1"), paid=False)
    assert (channel.get_order(str(receipt_id))).paid is False
    clock.advance(3600)
    since = clock.now()
    sandbox.pay_order(receipt_id)
    clock.advance(60)
    # Etsy does not count the payment as a change: the window does not bring it...
    assert [o.order_id for o in channel.iter_orders(since, clock.now())] == []
    # ...the order.paid webhook does, read fresh.
    order = channel.order_from_webhook(
        WebhookEvent(
            event_type="order.paid",
            shop_id=sandbox.shop_id,
            resource_url=f"https://api.etsy.com/v3/application/shops/{sandbox.shop_id}"
            f"/receipts/{receipt_id}",
        )
    )
    assert (order.paid, order.marketplace_status) == (True, "New")


def test_etsy_q17_a_partial_refund_reaches_the_order_beside_unchanged_totals(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("REFUND-1", price="30.00"))
    before = channel.get_order(str(receipt_id))
    clock.advance(3600)
    sandbox.refund_order(receipt_id, Decimal("7.50"), reason="Damaged in transit")

    order = channel.get_order(str(receipt_id))

    assert order.totals == before.totals
    assert [(r.amount, r.reason, r.status) for r in order.refunds] == [
        (Money(amount="7.50", currency=order.currency), "Damaged in transit", "SUCCESS")
    ]
    assert order.refunds[0].refunded_at == clock.now()
    assert order.refunded() == Money(amount="7.50", currency=order.currency)
    assert order.marketplace_status == "New"  # a partial refund never cancels


def test_etsy_q31_an_order_whose_address_etsy_withholds_is_still_imported(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    since = clock.now()
    receipt_id = sandbox.place_order(sandbox.add_listing("ADDR-1"), address_withheld=True)
    clock.advance(60)

    orders = {o.order_id: o for o in channel.iter_orders(since, clock.now())}

    order = orders[str(receipt_id)]
    assert order.shipping_address is None
    assert order.lines
    assert order.buyer is not None
    assert order.raw["city"] == ""


def test_etsy_q17_the_order_window_brings_a_refund_through_the_ledger(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("REFUND-2", price="40.00"))
    clock.advance(3 * 86_400)
    since = clock.now()
    sandbox.refund_order(receipt_id, Decimal("10.00"), reason="Goodwill")
    clock.advance(300)

    orders = [o for o in channel.iter_orders(since, clock.now())]

    assert [o.order_id for o in orders] == [str(receipt_id)]
    assert [r.amount.amount for r in orders[0].refunds] == [Decimal("10.00")]
    assert sandbox.calls.count("getPaymentAccountLedgerEntryPayments") == 1
