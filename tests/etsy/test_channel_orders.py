"""EtsyChannel orders against the sandbox: windows, statuses, cancellations, shipping once."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.etsy.test_channel_sync import make_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError
from marketplace_sdk.core._models import Shipment
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.etsy._webhooks import WebhookEvent
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
    orders = list(channel.iter_orders(now - timedelta(days=91), now + timedelta(seconds=1)))

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
    new = list(channel.iter_orders(now - timedelta(days=91), now + timedelta(seconds=1), ["new"]))
    assert {o.marketplace_status for o in new} == {"New"}


def test_refund_rule_and_delivered(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    listing = sandbox.add_listing("R-1", quantity=50)
    unshipped = sandbox.place_order(listing)
    sandbox.refund_order(unshipped)
    assert channel.get_order(str(unshipped)).marketplace_status == "Cancelled"

    shipped = sandbox.place_order(listing)
    assert channel.ready_to_ship(str(shipped), shipment(clock)).is_ok
    sandbox.refund_order(shipped)
    assert channel.get_order(str(shipped)).marketplace_status == "In-transit"
    clock.advance(60)
    sandbox.mark_delivered(shipped)
    assert channel.get_order(str(shipped)).marketplace_status == "Delivered"


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
    assert channel.get_order(str(receipt_id)).marketplace_status == "In-transit"


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
    assert channel.ready_to_ship(str(receipt_id), shipment(clock)).is_ok
    assert len(sandbox.receipt(receipt_id).shipments) == 1


def test_unknown_carrier_is_sent_as_other(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    receipt_id = sandbox.place_order(sandbox.add_listing("SHIP-3"))
    result = channel.ready_to_ship(
        str(receipt_id),
        Shipment(carrier="Colis Privé", tracking_number="CP1", shipped_at=clock.now()),
    )
    assert result.is_ok
    assert sandbox.receipt(receipt_id).shipments[0].carrier_name == "other"


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

    cancellations = list(channel.iter_cancellations(since))

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
