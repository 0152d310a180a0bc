"""The cancellation job against both sandboxes: old orders too, at least once, cursor rules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from tests.etsy._sync.harness import make_channel
from tests.fnac._sync.support import fnac_channel as sync_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import Cancellation
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.sync._cancellations import sync_cancellations
from marketplace_sdk.sync._cursors import CursorKey, MemoryCursorStore

DAY = 24 * 3600


class Oms:
    """The host's side: applies cancellations by order id, optionally failing."""

    def __init__(self, fail: bool = False) -> None:
        self.cancelled: dict[str, Cancellation] = {}
        self.batches: list[int] = []
        self.fail = fail

    def __call__(self, batch: Sequence[Cancellation]) -> None:
        if self.fail:
            raise ConnectionError("the OMS database went away")
        self.batches.append(len(batch))
        for cancellation in batch:
            self.cancelled[cancellation.order_id] = cancellation


@pytest.fixture
def etsy(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=20, orders=0, clock=clock, seed=3)


def test_an_etsy_order_created_20_days_ago_and_cancelled_today_is_reported(
    etsy: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(etsy, clock)
    store, oms = MemoryCursorStore(), Oms()
    listing = etsy.add_listing("OLD-1", quantity=5)
    old = etsy.place_order(listing)
    recent = etsy.place_order(listing)
    clock.advance(20 * DAY)
    sync_cancellations(channel, store, oms, now=clock.now())  # the hourly job runs on
    assert oms.cancelled == {}

    clock.advance(3600)
    etsy.cancel_order(old)  # created 20 days ago: past the seeds' 5-day reach
    clock.advance(60)
    report = sync_cancellations(channel, store, oms, now=clock.now())

    assert set(oms.cancelled) == {str(old)}
    assert oms.cancelled[str(old)].marketplace_status == "Cancelled"
    assert report.records == 1
    assert str(recent) not in oms.cancelled


def test_the_watermark_moves_to_now_only_after_the_sink_took_everything(
    etsy: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(etsy, clock)
    store = MemoryCursorStore()
    key = CursorKey("etsy", str(etsy.shop_id), "orders.cancellations")
    first = clock.now()
    sync_cancellations(channel, store, Oms(), now=first)
    assert store.load(key).watermark == first

    listing = etsy.add_listing("FAIL-1", quantity=9)
    receipts = [etsy.place_order(listing) for _ in range(3)]
    clock.advance(600)
    for receipt in receipts:
        etsy.cancel_order(receipt)
    clock.advance(3600)
    with pytest.raises(ConnectionError):
        sync_cancellations(channel, store, Oms(fail=True), now=clock.now())
    assert store.load(key).watermark == first  # nothing acknowledged: the cursor stays

    oms = Oms()
    again = clock.now()
    report = sync_cancellations(channel, store, oms, now=again, batch_size=2)
    assert set(oms.cancelled) == {str(receipt) for receipt in receipts}
    assert oms.batches == [2, 1]
    assert store.load(key).watermark == again
    assert report.covered is not None
    assert report.covered.start == first - timedelta(minutes=10)


def test_the_first_run_reaches_back_only_initial(etsy: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(etsy, clock)
    listing = etsy.add_listing("REACH-1", quantity=9)
    two_days_ago = etsy.place_order(listing)
    etsy.cancel_order(two_days_ago)
    clock.advance(2 * DAY)
    store, oms = MemoryCursorStore(), Oms()
    sync_cancellations(channel, store, oms, now=clock.now())  # reaches back 1 day only
    assert oms.cancelled == {}

    late = etsy.place_order(listing)
    etsy.cancel_order(late)  # made visible just before the watermark
    clock.advance(60)
    widened = Oms()
    sync_cancellations(
        channel, MemoryCursorStore(), widened, now=clock.now(), initial=timedelta(days=3)
    )
    assert set(widened.cancelled) == {str(two_days_ago), str(late)}


def test_fnac_cancellations_by_cancellation_date_whatever_the_order_age() -> None:
    clock = FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))
    sandbox = FnacSandbox.seeded(offers=10, orders=0, clock=clock)
    channel = sync_channel(sandbox, clock, catalog=False)
    store, oms = MemoryCursorStore(), Oms()
    old = sandbox.place_order(["SKU-00001"])
    kept = sandbox.place_order(["SKU-00002"])
    sandbox.advance(20 * DAY)
    sync_cancellations(channel, store, oms, now=clock.now())
    assert oms.cancelled == {}

    sandbox.advance(3600)
    sandbox.cancel_order(old.order_id)
    sandbox.advance(60)
    report = sync_cancellations(channel, store, oms, now=clock.now())

    assert set(oms.cancelled) == {old.order_id}
    assert kept.order_id not in oms.cancelled
    assert oms.cancelled[old.order_id].marketplace_status == "Cancelled"
    assert report.records == 1
    key = CursorKey("fnac", channel.shop_id, "orders.cancellations")
    assert store.load(key).watermark == clock.now()


def test_bad_arguments_are_refused_before_any_call(etsy: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(etsy, clock)
    etsy.calls.clear()
    with pytest.raises(ValueError, match="lookback"):
        sync_cancellations(
            channel, MemoryCursorStore(), Oms(), now=clock.now(), lookback=timedelta(-1)
        )
    with pytest.raises(ValueError, match="batch_size"):
        sync_cancellations(channel, MemoryCursorStore(), Oms(), now=clock.now(), batch_size=0)
    assert len(etsy.calls) == 0
