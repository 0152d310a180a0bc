"""Order jobs against the Etsy sandbox: nothing lost, nothing twice, resumable backfill."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path

import pytest
from tests.etsy._sync.harness import make_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import Order
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.sync._cursors import CursorKey, MemoryCursorStore, SQLiteCursorStore
from marketplace_sdk.sync._jobs import backfill_done, backfill_orders, sync_orders

NINETY_DAYS = timedelta(days=90)


class Oms:
    """The host's side: upserts orders by id, optionally failing after some batches."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.orders: dict[str, Order] = {}
        self.deliveries = 0
        self.fail_after = fail_after

    def __call__(self, batch: Sequence[Order]) -> None:
        if self.fail_after is not None and self.deliveries >= self.fail_after:
            raise ConnectionError("the OMS database went away")
        self.deliveries += 1
        for order in batch:
            self.orders[order.order_id] = order


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=40, orders=120, days=90, clock=clock, seed=21)


def test_backfill_then_incremental_runs_end_with_exactly_the_sandbox_orders(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    store, oms = MemoryCursorStore(), Oms()
    report = backfill_orders(channel, store, oms, now=clock.now(), horizon=NINETY_DAYS)
    assert len(report.windows) == 90
    key = CursorKey(channel.marketplace, channel.shop_id, "orders.backfill")
    assert backfill_done(store, key, horizon=NINETY_DAYS)
    first_run = sync_orders(channel, store, oms, now=clock.now())
    assert first_run.windows

    listing = sandbox.add_listing("JOB-1", quantity=20)
    for hour in range(6):
        clock.advance(3600)
        placed = sandbox.place_order(listing)
        if hour == 3:
            sandbox.cancel_order(placed)
        sync_orders(channel, store, oms, now=clock.now())

    assert set(oms.orders) == {str(receipt_id) for receipt_id in sandbox.world.receipts}
    for order_id, order in oms.orders.items():
        if sandbox.receipt(int(order_id)).status == "Canceled":
            assert order.marketplace_status == "Cancelled"


def test_a_backfill_stopped_midway_resumes_from_its_sqlite_cursor_without_gaps(
    sandbox: EtsySandbox, clock: FakeClock, tmp_path: Path
) -> None:
    channel = make_channel(sandbox, clock)
    path = tmp_path / "cursors.db"
    oms = Oms(fail_after=30)
    with pytest.raises(ConnectionError):
        backfill_orders(channel, SQLiteCursorStore(path), oms, now=clock.now(), batch_size=1)
    assert 0 < len(oms.orders) < len(sandbox.world.receipts)

    clock.advance(2 * 3600)  # the worker restarts later
    oms.fail_after = None
    resumed = backfill_orders(channel, SQLiteCursorStore(path), oms, now=clock.now())
    store = SQLiteCursorStore(path)
    key = CursorKey(channel.marketplace, channel.shop_id, "orders.backfill")
    assert backfill_done(store, key, horizon=NINETY_DAYS)
    assert 0 < len(resumed.windows) < 90
    anchor = store.load(key).anchor
    assert anchor is not None
    expected = {
        str(receipt.receipt_id)
        for receipt in sandbox.world.receipts.values()
        if anchor - NINETY_DAYS <= receipt.updated < anchor
    }
    assert expected <= set(oms.orders)


def test_an_incremental_run_that_fails_keeps_its_cursor_at_the_last_acknowledged_slice(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    store = MemoryCursorStore()
    sync_orders(channel, store, Oms(), now=clock.now())
    key = CursorKey(channel.marketplace, channel.shop_id, "orders.updated")
    before = store.load(key).watermark
    clock.advance(60)
    sandbox.place_order(sandbox.add_listing("LATE-1", quantity=5))
    clock.advance(3 * 24 * 3600)  # three days without runs: three slices to catch up
    with pytest.raises(ConnectionError):
        sync_orders(channel, store, Oms(fail_after=0), now=clock.now())
    assert store.load(key).watermark == before
    started = clock.now()  # the run's fixed upper bound, though the clock moves as it runs
    caught_up = sync_orders(channel, store, Oms(), now=started)
    assert [window.span for window in caught_up.windows][:3] == [timedelta(days=1)] * 3
    assert store.load(key).watermark == started


@pytest.mark.parametrize("stop_after", [None, 3, 40])
def test_issue15_item6_orders_needing_action_arrive_in_the_first_run_and_none_is_lost(
    clock: FakeClock, tmp_path: Path, stop_after: int | None
) -> None:
    from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
    from marketplace_sdk.sync import action_statuses

    sandbox = EtsySandbox.seeded(listings=40, orders=300, days=90, clock=clock, seed=5)
    channel = make_channel(sandbox, clock)
    now = clock.now()
    need = {
        str(receipt.receipt_id)
        for receipt in sandbox.world.receipts.values()
        if receipt.is_paid and not receipt.is_shipped and not receipt.is_canceled
    }
    old = [
        order_id
        for order_id in need
        if now - sandbox.receipt(int(order_id)).created > timedelta(days=20)
    ]
    assert need
    assert old  # orders needing action across the 90 days, old ones too
    path = tmp_path / "cursors.db"
    oms = Oms(fail_after=stop_after)  # the OMS may fail mid-run: the next run resumes
    key = CursorKey(channel.marketplace, channel.shop_id, "orders.backfill")

    received: list[str] = []

    def sink(batch: Sequence[Order]) -> None:
        oms(batch)
        received.extend(order.order_id for order in batch)

    def run() -> None:
        backfill_orders(
            channel,
            SQLiteCursorStore(path),
            sink,
            now=clock.now(),
            max_slices=15,
            batch_size=5,
            action_statuses=action_statuses(ETSY_STATUS_TABLE),
        )

    runs = 0
    while not backfill_done(SQLiteCursorStore(path), key, horizon=NINETY_DAYS):
        try:
            run()
        except ConnectionError:
            oms.fail_after = None
        runs += 1
        if runs == 1 and stop_after is None:
            # The first run (10 minutes of a scheduler's runs) brings every one of them.
            assert need <= set(oms.orders)
        clock.advance(600)
    assert need <= set(oms.orders)
    anchor = SQLiteCursorStore(path).load(key).anchor
    assert anchor is not None
    expected = {
        str(receipt.receipt_id)
        for receipt in sandbox.world.receipts.values()
        if anchor - NINETY_DAYS <= receipt.updated < anchor
    }
    assert expected <= set(oms.orders)
    assert set(oms.orders) <= {str(receipt_id) for receipt_id in sandbox.world.receipts}
    if stop_after is None:  # the first pass's orders are not delivered again by the second
        assert len(received) == len(set(received))
