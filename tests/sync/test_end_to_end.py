"""Three simulated days of the seeds' schedule against each sandbox, and a backfill restart.

Orders arrive every hour, buyers cancel, the host ships and carriers deliver while the standard
schedule runs on the simulated clock. At the end the host holds exactly the sandbox's orders,
each at the marketplace's current status and the OMS status the seed table gives, none lost and
none twice.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import Order, Shipment
from marketplace_sdk.etsy import ETSY_STATUS_TABLE
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._connect import connect_channel as connect_etsy
from marketplace_sdk.fnac import FNAC_STATUS_TABLE
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.fnac.sandbox._connect import connect_channel as connect_fnac
from marketplace_sdk.sync._cursors import CursorKey, SQLiteCursorStore
from marketplace_sdk.sync._jobs import backfill_done
from marketplace_sdk.sync._runtime import Runtime, run_job
from marketplace_sdk.sync._simulate import SimulatedScheduler
from marketplace_sdk.sync._sink import MemorySink
from marketplace_sdk.sync._specs import ShopRef
from marketplace_sdk.sync._tasks import standard_schedule

DAYS = 3


class CountingSink(MemorySink):
    """The host's store, counting how often each order was handed over."""

    def __init__(self, fail_after: int | None = None) -> None:
        super().__init__()
        self.handed: Counter[str] = Counter()
        self.fail_after = fail_after

    def orders(self, shop: ShopRef, batch: Sequence[Order]) -> None:
        if self.fail_after is not None and self.deliveries >= self.fail_after:
            raise ConnectionError("the OMS database went away")
        super().orders(shop, batch)
        self.handed.update(order.order_id for order in batch)


def _world(marketplace: str, clock: FakeClock) -> tuple[Any, Any]:
    if marketplace == "etsy":
        etsy = EtsySandbox.seeded(listings=40, orders=40, days=90, clock=clock, seed=11)
        return etsy, connect_etsy(etsy, clock=clock)
    fnac = FnacSandbox.seeded(offers=40, orders=30, days=90, clock=clock, seed=11)
    return fnac, connect_fnac(fnac, clock=clock)


def _hour_of_events(
    sandbox: Any,
    channel: Any,
    sink: CountingSink,
    shop: ShopRef,
    rng: random.Random,
    clock: FakeClock,
) -> int:
    """One hour of the outside world; returns how many orders the host shipped."""
    shipped = 0
    if isinstance(sandbox, EtsySandbox):
        active = sorted(
            listing.listing_id
            for listing in sandbox.world.listings.values()
            if listing.state == "active"
            and all(o.quantity > 0 for p in listing.inventory.products for o in p.offerings)
        )
        placed = sandbox.place_order(rng.choice(active))
        if rng.random() < 0.2:
            sandbox.cancel_order(placed)
        for order_id, order in sorted(sink.orders_of(shop).items()):
            receipt = sandbox.receipt(int(order_id))
            if (
                order.marketplace_status == "New"
                and receipt.status == "Paid"
                and rng.random() < 0.3
            ):
                shipment = Shipment(
                    carrier="ups", tracking_number=f"1Z{order_id}", shipped_at=clock.now()
                )
                assert channel.ready_to_ship(order_id, shipment).is_ok
                shipped += 1
            elif receipt.is_shipped and not receipt.is_delivered and rng.random() < 0.3:
                sandbox.mark_delivered(int(order_id))
        return shipped
    stocked = sorted(sku for sku, offer in sandbox.state.offers.items() if offer.quantity > 0)
    placed = sandbox.place_order([rng.choice(stocked)])
    if rng.random() < 0.2:
        sandbox.cancel_order(placed.order_id)
    for order_id in sorted(sink.orders_of(shop)):
        order = sandbox.order(order_id)
        if order.state == "ToShip" and rng.random() < 0.4:
            shipment = Shipment(
                carrier="La Poste", tracking_number=f"6A{order_id}", shipped_at=clock.now()
            )
            assert channel.ready_to_ship(order_id, shipment).is_ok
            shipped += 1
        elif order.state == "Shipped" and rng.random() < 0.3:
            sandbox.mark_received(order_id)
    return shipped


def _sandbox_ids(sandbox: Any) -> set[str]:
    if isinstance(sandbox, EtsySandbox):
        return {str(receipt_id) for receipt_id in sandbox.world.receipts}
    return set(sandbox.state.orders)


@pytest.mark.parametrize("marketplace", ["etsy", "fnac"])
def test_three_simulated_days_end_with_exactly_the_sandboxs_orders_and_statuses(
    marketplace: str, clock: FakeClock, tmp_path: Path
) -> None:
    sandbox, channel = _world(marketplace, clock)
    shop = ShopRef(channel.marketplace, channel.shop_id)
    sink = CountingSink()
    runtime = Runtime(
        channel_for=lambda ref: channel,
        cursors=SQLiteCursorStore(tmp_path / "cursors.db"),
        sink=sink,
        clock=clock,
        stock_for=lambda ref: lambda sku: 1_000,  # the OMS has everything: FNAC auto-accepts
    )
    scheduler = SimulatedScheduler(standard_schedule([shop]), runtime, clock)
    rng = random.Random(3)
    shipped = 0
    for _hour in range(DAYS * 24):
        shipped += _hour_of_events(sandbox, channel, sink, shop, rng, clock)
        scheduler.run_for(timedelta(hours=1))
    scheduler.run_for(timedelta(minutes=10))

    assert shipped > 0
    assert all(run.ok for run in scheduler.runs), [r.error for r in scheduler.runs if not r.ok]
    stored = sink.orders_of(shop)
    assert set(stored) == _sandbox_ids(sandbox)  # none lost, none unknown
    assert len(stored) == len(set(stored))
    assert sink.received >= len(stored)  # overlapping windows re-sent some; upserts kept one

    table = ETSY_STATUS_TABLE if marketplace == "etsy" else FNAC_STATUS_TABLE
    reader = (
        connect_etsy(sandbox, clock=clock)
        if marketplace == "etsy"
        else connect_fnac(sandbox, clock=clock)
    )
    behind = []
    statuses: Counter[str] = Counter()
    for order_id, held in stored.items():
        current = reader.get_order(order_id)
        if (current.marketplace_status, current.updated_at) != (
            held.marketplace_status,
            held.updated_at,
        ):
            behind.append((order_id, held.marketplace_status, current.marketplace_status))
        if table.canonical_status(held.marketplace_status) is not None:
            statuses[str(table.oms_status(held.marketplace_status, all_lines_in_stock=True))] += 1
    assert behind == []
    # The days really moved orders through the table: shipped, delivered and cancelled ones.
    assert {"In_transit", "Complete", "Canceled"} <= set(statuses)
    if marketplace == "fnac":
        accepted = [run for run in scheduler.runs if run.job_id == "orders.accept" and run.records]
        assert accepted  # orders were accepted automatically, every line being in stock


def test_fnac_backfill_stopped_midway_resumes_from_sqlite_without_gaps(
    clock: FakeClock, tmp_path: Path
) -> None:
    sandbox = FnacSandbox.seeded(offers=30, orders=120, days=90, clock=clock, seed=4)
    path = tmp_path / "cursors.db"
    shop_channel = connect_fnac(sandbox, clock=clock)
    shop = ShopRef(shop_channel.marketplace, shop_channel.shop_id)
    spec = next(s for s in standard_schedule([shop]) if s.id == "orders.backfill")
    spec = spec.__class__.from_dict({**spec.to_dict(), "kwargs": {"slices_per_run": None}})

    crashing = CountingSink(fail_after=5)
    first = Runtime(
        channel_for=lambda ref: shop_channel,
        cursors=SQLiteCursorStore(path),
        sink=crashing,
        clock=clock,
    )
    run = run_job(spec, shop, first)
    assert not run.ok
    assert "went away" in (run.error or "")
    assert 0 < len(crashing.orders_of(shop)) < len(sandbox.state.orders)

    clock.advance(3600)  # the process restarts an hour later: new store object, new channel
    sink = CountingSink()
    again = Runtime(
        channel_for=lambda ref: connect_fnac(sandbox, clock=clock),
        cursors=SQLiteCursorStore(path),
        sink=sink,
        clock=clock,
    )
    resumed = run_job(spec, shop, again)
    assert resumed.ok
    assert resumed.report is not None
    # Only the slices not yet finished: the first pass's (orders needing action, 6 slices of
    # 15 days) and the full pass's (90 one-day slices) together.
    day = timedelta(days=1)
    full = [w for w in resumed.report.windows if w.end - w.start <= day]
    first_pass = [w for w in resumed.report.windows if w.end - w.start > day]
    assert len(first_pass) < 6
    assert len(full) <= 90
    assert 0 < len(resumed.report.windows) < 96
    store = SQLiteCursorStore(path)
    key = CursorKey(shop.marketplace, shop.shop_id, spec.id)
    assert backfill_done(store, key, horizon=timedelta(days=90))
    anchor = store.load(key).anchor
    assert anchor is not None
    delivered = set(crashing.orders_of(shop)) | set(sink.orders_of(shop))
    expected = {
        order.order_id
        for order in sandbox.state.orders.values()
        if anchor - timedelta(days=90) <= order.updated_at < anchor
    }
    assert expected <= delivered
