"""FNAC order acceptance against the FNAC sandbox: in stock, short, moved on, manual."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.etsy._sync.harness import make_channel
from tests.fnac._sync.support import fnac_channel as sync_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import FnacChannel
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.sync._accept import AcceptPolicy, accept_orders
from marketplace_sdk.sync._windows import Window


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=10, orders=0, clock=clock)


@pytest.fixture
def channel(sandbox: FnacSandbox, clock: FakeClock) -> FnacChannel:
    return sync_channel(sandbox, clock, catalog=False)


def updates(sandbox: FnacSandbox) -> int:
    return sandbox.calls.count("orders_update")


def test_in_stock_is_accepted_short_is_left_partial_and_cancelled_is_not_applicable(
    sandbox: FnacSandbox, channel: FnacChannel
) -> None:
    in_stock = sandbox.place_order({"SKU-00001": 2, "SKU-00002": 1})
    short = sandbox.place_order({"SKU-00001": 1, "SKU-00003": 3})
    cancelled = sandbox.place_order(["SKU-00004"])
    sandbox.cancel_order(cancelled.order_id)
    levels = {"SKU-00001": 5, "SKU-00002": 1, "SKU-00003": 1, "SKU-00004": 10}

    report = accept_orders(
        channel,
        [in_stock.order_id, short.order_id, cancelled.order_id],
        stock=lambda sku: levels.get(sku, 0),
    )

    assert report.accepted == [in_stock.order_id]
    assert report.partial == [short.order_id]
    assert report.not_applicable == [cancelled.order_id]
    assert sandbox.order(in_stock.order_id).state == "Accepted"
    assert sandbox.order(short.order_id).state == "Created"  # untouched on FNAC
    assert sandbox.order(cancelled.order_id).state == "Cancelled"
    partial = report.get(short.order_id)
    assert partial.oms_status is OmsStatus.PARTIAL
    assert [(line.sku, line.wanted, line.available, line.missing) for line in partial.short] == [
        ("SKU-00003", 3, 1, 2)
    ]
    assert report.get(in_stock.order_id).oms_status is OmsStatus.NEW
    assert report.get(cancelled.order_id).oms_status is OmsStatus.CANCELED
    assert updates(sandbox) == 1


def test_an_order_already_accepted_is_not_accepted_twice(
    sandbox: FnacSandbox, channel: FnacChannel
) -> None:
    order = sandbox.place_order(["SKU-00001"])
    levels = {"SKU-00001": 3}
    first = accept_orders(channel, [order.order_id], stock=lambda sku: levels.get(sku, 0))
    assert first.accepted == [order.order_id]
    sandbox.advance(120)  # FNAC debits the buyer: ToShip

    again = accept_orders(channel, [order.order_id], stock=lambda sku: levels.get(sku, 0))

    assert again.not_applicable == [order.order_id]
    assert updates(sandbox) == 1
    assert sandbox.order(order.order_id).state == "ToShip"


def test_the_host_copy_is_read_again_before_deciding(
    sandbox: FnacSandbox, channel: FnacChannel
) -> None:
    order = sandbox.place_order(["SKU-00002"])
    stale = channel.get_order(order.order_id)  # the host's copy, still awaiting acceptance
    sandbox.cancel_order(order.order_id)

    report = accept_orders(channel, [stale], stock=lambda sku: 10)

    assert report.not_applicable == [order.order_id]
    assert updates(sandbox) == 0


def test_without_automatic_acceptance_every_order_is_left_to_the_oms(
    sandbox: FnacSandbox, channel: FnacChannel
) -> None:
    full = sandbox.place_order(["SKU-00001"])
    short = sandbox.place_order(["SKU-00002"])
    levels = {"SKU-00001": 4}

    report = accept_orders(
        channel,
        [full.order_id, short.order_id],
        stock=lambda sku: levels.get(sku, 0),
        policy=AcceptPolicy(auto=False),
    )

    assert report.left_to_oms == [full.order_id]
    assert report.get(full.order_id).oms_status is OmsStatus.NEW
    assert report.partial == [short.order_id]
    assert updates(sandbox) == 0
    assert {sandbox.order(o.order_id).state for o in (full, short)} == {"Created"}


def test_the_last_unit_goes_to_one_order_only_within_a_run(
    sandbox: FnacSandbox, channel: FnacChannel
) -> None:
    first = sandbox.place_order(["SKU-00005"])
    second = sandbox.place_order(["SKU-00005"])
    ids = [first.order_id, second.order_id]

    report = accept_orders(channel, ids, stock=lambda sku: 1)
    assert report.accepted == [first.order_id]
    assert report.partial == [second.order_id]

    unreserved = sandbox.place_order(["SKU-00006"])
    also = sandbox.place_order(["SKU-00006"])
    loose = accept_orders(
        channel,
        [unreserved.order_id, also.order_id],
        stock=lambda sku: 1,
        policy=AcceptPolicy(reserve=False),
    )
    assert loose.accepted == [unreserved.order_id, also.order_id]


def test_a_window_lists_the_orders_and_unknown_ids_fail_alone(
    sandbox: FnacSandbox, channel: FnacChannel, clock: FakeClock
) -> None:
    start = clock.now()
    placed = [sandbox.place_order([f"SKU-0000{n}"]) for n in (1, 2, 3)]
    sandbox.advance(60)
    levels = {"SKU-00001": 1, "SKU-00003": 1}

    report = accept_orders(
        channel, Window(start, clock.now() + timedelta(seconds=1)), stock=lambda s: levels.get(s, 0)
    )
    assert sorted(report.accepted) == sorted([placed[0].order_id, placed[2].order_id])
    assert report.partial == [placed[1].order_id]

    missing = accept_orders(channel, ["0NOSUCHORDER1", placed[1].order_id], stock=lambda s: 9)
    assert missing.failed == ["0NOSUCHORDER1"]
    assert missing.accepted == [placed[1].order_id]


def test_etsy_orders_need_no_acceptance(clock: FakeClock) -> None:
    etsy = EtsySandbox.seeded(listings=5, orders=0, clock=clock, seed=2)
    channel = make_channel(etsy, clock)
    receipt = etsy.place_order(etsy.add_listing("ETSY-1", quantity=3))
    etsy.calls.clear()

    report = accept_orders(channel, [str(receipt)], stock=lambda sku: 0)

    assert report.not_applicable == [str(receipt)]
    assert len(etsy.calls) == 0


def test_an_acceptance_that_failed_is_tried_again_by_the_next_scheduled_run(
    sandbox: FnacSandbox, channel: FnacChannel, clock: FakeClock
) -> None:
    """The window moves on, but an order FNAC could not accept is not forgotten."""
    from marketplace_sdk.sync._cursors import MemoryCursorStore
    from marketplace_sdk.sync._runtime import Runtime, run_job
    from marketplace_sdk.sync._sink import MemorySink
    from marketplace_sdk.sync._specs import ShopRef
    from marketplace_sdk.sync._tasks import standard_schedule

    placed = sandbox.place_order([next(iter(sandbox.state.offers))])
    shop = ShopRef(channel.marketplace, channel.shop_id)
    spec = next(s for s in standard_schedule([shop]) if s.id == "orders.accept")
    runtime = Runtime(
        channel_for=lambda ref: channel,
        cursors=MemoryCursorStore(),
        sink=MemorySink(),
        clock=clock,
        stock_for=lambda ref: lambda sku: 100,
    )
    clock.advance(1200)  # past the job's 10-minute lookback once the first run has passed
    sandbox.fail_next("orders_update", "ERR_999", "Internal error")
    first = run_job(spec, shop, runtime)
    assert first.report is not None
    assert first.report.detail.failed == [placed.order_id]  # type: ignore[attr-defined]

    clock.advance(3600)  # the order is outside the next window now
    second = run_job(spec, shop, runtime)
    assert second.report is not None
    assert second.report.detail.accepted == [placed.order_id]  # type: ignore[attr-defined]
    assert sandbox.order(placed.order_id).state != "Created"
