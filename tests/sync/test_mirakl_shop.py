"""The scheduler's jobs on a Mirakl shop: three simulated days of the seeds' schedule.

As for the Etsy and FNAC shops (`test_end_to_end`): customers order every hour on the Mirakl
sandbox and some cancel, the host ships what the operator has debited and customers confirm
receipt, while the standard schedule runs on the simulated clock, acceptance included. At the
end the host holds exactly the sandbox's orders, each at the operator's current state, none lost
and none twice, and the catalogue, the backfill and the acceptance ran for the shop.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from tests.sync.test_end_to_end import CountingSink

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import Shipment
from marketplace_sdk.mirakl._status import MIRAKL_STATUS_TABLE
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed
from marketplace_sdk.mirakl.sandbox._connect import connect_channel
from marketplace_sdk.sync._accept import AcceptReport
from marketplace_sdk.sync._cursors import CursorKey, SQLiteCursorStore
from marketplace_sdk.sync._jobs import backfill_done
from marketplace_sdk.sync._runtime import Runtime
from marketplace_sdk.sync._simulate import SimulatedScheduler
from marketplace_sdk.sync._specs import ShopRef
from marketplace_sdk.sync._tasks import standard_schedule

DAYS = 3


def _hour_of_events(
    sandbox: MiraklSandbox,
    channel: object,
    sink: CountingSink,
    shop: ShopRef,
    rng: random.Random,
    clock: FakeClock,
) -> int:
    """One hour of the outside world; returns how many orders the host shipped."""
    stocked = sorted(sku for sku, row in sandbox.offers.offers.items() if int(row["quantity"]))
    placed = sandbox.place_order([rng.choice(stocked)])
    if rng.random() < 0.2:
        sandbox.cancel_order(placed.order_id)
    shipped = 0
    for order_id, held in sorted(sink.orders_of(shop).items()):
        state = sandbox.order(order_id).state
        if held.marketplace_status == "SHIPPING" == state and rng.random() < 0.4:
            shipment = Shipment(
                carrier="UPS", tracking_number=f"1Z{order_id}", shipped_at=clock.now()
            )
            assert channel.ready_to_ship(order_id, shipment).is_ok  # type: ignore[attr-defined]
            shipped += 1
        elif state == "SHIPPED" and rng.random() < 0.3:
            sandbox.mark_received(order_id)
    return shipped


def test_three_simulated_days_on_a_mirakl_shop_end_with_exactly_its_orders_and_states(
    clock: FakeClock, tmp_path: Path
) -> None:
    seed = ShopSeed.generated(clock.now(), offers=40, orders=30, days=90, seed=11)
    sandbox = MiraklSandbox(clock=clock, shop=seed)
    channel = connect_channel(sandbox, clock=clock)
    shop = ShopRef(channel.marketplace, channel.shop_id)
    sink = CountingSink()
    cursors = SQLiteCursorStore(tmp_path / "cursors.db")
    runtime = Runtime(
        channel_for=lambda ref: channel,
        cursors=cursors,
        sink=sink,
        clock=clock,
        stock_for=lambda ref: lambda sku: 1_000,  # the OMS has everything: orders are accepted
    )
    specs = standard_schedule([shop])
    assert {spec.id for spec in specs} == {
        "orders.new",
        "orders.status",
        "orders.cancellations",
        "orders.backfill",
        "catalogue.import",
        "orders.accept",  # a Mirakl shop decides its orders, as a FNAC shop does
    }
    scheduler = SimulatedScheduler(specs, runtime, clock)
    rng = random.Random(3)
    shipped = 0
    held_states: set[str] = set()  # every OMS status the host held at the end of some hour
    for _hour in range(DAYS * 24):
        shipped += _hour_of_events(sandbox, channel, sink, shop, rng, clock)
        scheduler.run_for(timedelta(hours=1))
        held_states |= {
            str(MIRAKL_STATUS_TABLE.oms_status(held.marketplace_status, all_lines_in_stock=True))
            for held in sink.orders_of(shop).values()
        }
    scheduler.run_for(timedelta(minutes=10))

    assert shipped > 0
    assert all(run.ok for run in scheduler.runs), [r.error for r in scheduler.runs if not r.ok]
    assert {run.job_id for run in scheduler.runs} == {spec.id for spec in specs}
    stored = sink.orders_of(shop)
    assert set(stored) == set(sandbox.orders)  # none lost, none unknown
    assert sink.received >= len(stored)  # overlapping polls re-sent some; upserts kept one
    assert set(sink.products_of(shop)) == set(sandbox.offers.offers)  # the catalogue import
    key = CursorKey(shop.marketplace, shop.shop_id, "orders.backfill")
    assert backfill_done(cursors, key, horizon=timedelta(days=90))

    reader = connect_channel(sandbox, clock=clock)
    behind = []
    statuses: Counter[str] = Counter()
    for order_id, held in stored.items():
        current = reader.get_order(order_id)
        if (current.marketplace_status, current.updated_at) != (
            held.marketplace_status,
            held.updated_at,
        ):
            behind.append((order_id, held.marketplace_status, current.marketplace_status))
        status = MIRAKL_STATUS_TABLE.oms_status(held.marketplace_status, all_lines_in_stock=True)
        statuses[str(status)] += 1
    assert behind == []
    # The days really moved orders through the table: shipped, received and cancelled ones.
    assert {"In_transit", "Complete", "Canceled"} <= held_states, held_states
    assert {"Complete", "Canceled"} <= set(statuses), statuses
    accepted = [run for run in scheduler.runs if run.job_id == "orders.accept" and run.records]
    assert accepted  # orders were accepted automatically, every line being in stock
    cancelled = {o.order_id for o in sandbox.orders.values() if o.state == "CANCELED"}
    assert cancelled <= {i for i, held in stored.items() if held.marketplace_status == "CANCELED"}


def _acceptance(
    sandbox: MiraklSandbox, clock: FakeClock, levels: Callable[[str], int]
) -> Callable[[], AcceptReport]:
    """Run the standard schedule's `orders.accept` on a fresh channel; each call one run."""
    from marketplace_sdk.sync._cursors import MemoryCursorStore
    from marketplace_sdk.sync._runtime import run_job
    from marketplace_sdk.sync._sink import MemorySink

    channel = connect_channel(sandbox, clock=clock)
    shop = ShopRef(channel.marketplace, channel.shop_id)
    spec = next(s for s in standard_schedule([shop]) if s.id == "orders.accept")
    runtime = Runtime(
        channel_for=lambda ref: channel,
        cursors=MemoryCursorStore(),
        sink=MemorySink(),
        clock=clock,
        stock_for=lambda ref: levels,
    )

    def run() -> AcceptReport:
        report = run_job(spec, shop, runtime).report
        assert report is not None
        assert isinstance(report.detail, AcceptReport)
        return report.detail

    return run


def test_the_first_acceptance_run_decides_orders_already_waiting_days_when_the_shop_connects(
    clock: FakeClock,
) -> None:
    """A shop connected with orders waiting two days: its operator refuses them on day three.

    The first run of `orders.accept` has no watermark; it reaches back far enough to find every
    order still awaiting a decision (MIRAKL-Q09), not only the last day's.
    """
    seed = ShopSeed.generated(clock.now(), offers=10, orders=0, days=1, seed=4)
    sandbox = MiraklSandbox(clock=clock, shop=seed)
    stocked = sorted(sku for sku, row in sandbox.offers.offers.items() if int(row["quantity"]))
    waiting = [sandbox.place_order([sku]).order_id for sku in stocked[:3]]
    clock.advance(2 * 86_400)  # two days later the seller connects the shop
    assert {sandbox.order(order_id).state for order_id in waiting} == {"WAITING_ACCEPTANCE"}
    accept = _acceptance(sandbox, clock, lambda sku: 100)

    report = accept()

    assert sorted(report.accepted) == sorted(waiting)
    assert {sandbox.order(order_id).state for order_id in waiting} != {"WAITING_ACCEPTANCE"}


def test_after_an_operator_refuses_an_order_the_oms_stock_of_its_offers_is_pushed_again(
    clock: FakeClock,
) -> None:
    """MIRAKL-Q09: a refusal zeroes the offers' stock on some operators; the client re-pushes.

    The OMS is short of one unit, so the order is left to it (Partial) and the operator refuses
    it three days later, setting the offer's stock to 0. The next acceptance run pushes the
    OMS's level of that SKU again.
    """
    seed = ShopSeed.generated(clock.now(), offers=10, orders=0, days=1, seed=4)
    sandbox = MiraklSandbox(clock=clock, shop=seed)
    stocked = sorted(sku for sku, row in sandbox.offers.offers.items() if int(row["quantity"]) > 2)
    sku, other = stocked[0], stocked[1]
    levels = {sku: 1, other: 7}  # the OMS's stock: one unit of `sku` short of the order
    accept = _acceptance(sandbox, clock, lambda wanted: levels.get(wanted, 0))
    placed = sandbox.place_order({sku: 2})
    clock.advance(600)
    assert accept().partial == [placed.order_id]

    clock.advance(4 * 86_400)  # no decision: the operator refuses it and zeroes the offer
    assert sandbox.order(placed.order_id).state == "REFUSED"
    assert int(sandbox.offers.offers[sku]["quantity"]) == 0
    quantity_of_other = int(sandbox.offers.offers[other]["quantity"])

    report = accept()

    assert report.restock == [sku]
    assert [result.key for result in report.restocked if result.is_ok] == [sku]
    clock.advance(600)  # the import is processed
    assert int(sandbox.offers.offers[sku]["quantity"]) == 1  # the OMS's level, not 0
    assert int(sandbox.offers.offers[other]["quantity"]) == quantity_of_other  # untouched
