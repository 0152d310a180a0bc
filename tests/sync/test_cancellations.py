"""The cancellation job against both sandboxes: old orders too, at least once, cursor rules."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime, timedelta

import pytest
from tests.etsy._sync.harness import make_channel
from tests.fnac._sync.support import fnac_channel as sync_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import Cancellation
from marketplace_sdk.etsy._mapping import receipt_to_cancellation
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


def _week_of_cancellations(
    clock: FakeClock, *, last_modified_only: bool, cancelled: int = 30, seed: int = 11
) -> tuple[int, timedelta]:
    """Run the hourly job for a simulated week while buyers cancel `cancelled` orders at random
    times; answer how many the job reported and the longest delay to the first report.

    `last_modified_only` reads cancellations as the channel did before ETSY-Q13 was known (one
    `min_last_modified` pass), to measure what that missed.
    """
    rng = random.Random(seed)
    etsy = EtsySandbox.seeded(listings=10, orders=0, clock=clock, seed=seed)
    channel = make_channel(etsy, clock)
    listing = etsy.add_listing("WEEK-1", quantity=10_000)
    open_orders = []
    for _ in range(120):  # a week of orders placed before the week starts (up to 40 days old)
        open_orders.append(etsy.place_order(listing, paid=rng.random() > 0.1))
        clock.advance(rng.uniform(0, 8 * 3600))

    class LastModifiedOnly:
        marketplace, shop_id = channel.marketplace, channel.shop_id

        def iter_cancellations(
            self, since: datetime, *, quarantine: object = None
        ) -> Iterator[Cancellation]:
            for receipt in channel._client.iter_receipts_by_last_modified(
                etsy.shop_id, since, clock.now(), was_canceled=True
            ):
                cancellation = receipt_to_cancellation(receipt)
                if cancellation is not None:
                    yield cancellation

    source = LastModifiedOnly() if last_modified_only else channel
    store, oms = MemoryCursorStore(), Oms()
    cancel_at = sorted(rng.uniform(0, 7 * DAY) for _ in range(cancelled))
    start = clock.now()
    when_cancelled: dict[str, datetime] = {}
    first_seen: dict[str, datetime] = {}
    for hour in range(7 * 24 + 1):
        run_at = start + timedelta(hours=hour)
        while cancel_at and start + timedelta(seconds=cancel_at[0]) <= run_at:
            due = start + timedelta(seconds=cancel_at.pop(0))
            clock.advance((due - clock.now()).total_seconds())
            receipt_id = open_orders.pop(rng.randrange(len(open_orders)))
            etsy.cancel_order(receipt_id)
            when_cancelled[str(receipt_id)] = clock.now()
        clock.advance((run_at - clock.now()).total_seconds())
        sync_cancellations(source, store, oms, now=clock.now())  # type: ignore[arg-type]
        for order_id in oms.cancelled:
            first_seen.setdefault(order_id, clock.now())
    reported = [order_id for order_id in when_cancelled if order_id in first_seen]
    delays = [first_seen[order_id] - when_cancelled[order_id] for order_id in reported]
    return len(reported), max(delays, default=timedelta(0))


def test_etsy_q13_the_hourly_job_reports_every_cancellation_of_a_week_within_the_hour(
    clock: FakeClock,
) -> None:
    found, delay = _week_of_cancellations(clock, last_modified_only=False)
    assert found == 30
    assert delay <= timedelta(hours=1)


def test_etsy_q13_a_last_modified_pass_alone_misses_every_cancellation(
    clock: FakeClock,
) -> None:
    found, _ = _week_of_cancellations(clock, last_modified_only=True)
    assert found == 0
