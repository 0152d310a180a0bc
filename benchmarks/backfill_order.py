"""The 90-day backfill at connect: how soon are the orders that need action in the OMS?

Set-up: a seeded Etsy sandbox (FakeClock, in process, every catalogued behaviour on) with
1,500 receipts over 90 days, of which the paid, unshipped, uncancelled ones need a person
(to pack and ship), spread over the whole 90 days. The backfill job runs as the scheduler runs
it: 15 one-day slices per run, a run every 10 minutes, until it is done. Each order the sink
receives is stamped with the simulated time it arrived.

Figures: the minutes from connecting until every order that needs action is in the OMS (the
goal: the first run, 0 minutes after it starts), until every order is, and the requests spent
(the order of the passes must not cost much more than the plain backfill). "before" is the
oldest-first backfill without the action pass (`action_statuses=None`, oldest first as the
previous release did); "after" is the job's default.

Run with `python -m benchmarks backfill`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

import attrs

from marketplace_sdk.core import FakeClock
from marketplace_sdk.core._models import Order
from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._connect import connect_channel
from marketplace_sdk.sync import MemoryCursorStore, action_statuses
from marketplace_sdk.sync._cursors import CursorKey
from marketplace_sdk.sync._jobs import backfill_done, backfill_orders
from marketplace_sdk.sync._windows import Window

ORDERS = 1_500
RUN_EVERY = timedelta(minutes=10)
SLICES_PER_RUN = 15
HORIZON = timedelta(days=90)


@attrs.frozen
class Figures:
    """One backfill's timeline."""

    label: str
    action_orders: int
    action_minutes: float
    all_minutes: float
    runs: int
    requests: int

    def line(self) -> str:
        goal = "PASS" if self.action_minutes < RUN_EVERY.total_seconds() / 60 else "FAIL"
        return (
            f"  {self.label}: all {self.action_orders} orders needing action in the OMS after "
            f"{self.action_minutes:.1f} min (goal: within the first run, < 10 min) {goal}; "
            f"every order "
            f"after {self.all_minutes:.0f} min, {self.runs} runs, {self.requests} requests"
        )


def _oldest_first(
    channel: object, store: MemoryCursorStore, sink: object, *, now: object, **kwargs: object
) -> None:
    # The previous release's order: the plain slices, oldest first.
    from marketplace_sdk.sync import _jobs

    original = _jobs._newest_first

    def oldest(plan: Sequence[Window], budget: int | None) -> list[Window]:
        ordered = sorted(plan, key=lambda window: window.start)
        return ordered if budget is None else ordered[:budget]

    _jobs._newest_first = oldest
    try:
        backfill_orders(channel, store, sink, now=now, **kwargs)  # type: ignore[arg-type]
    finally:
        _jobs._newest_first = original


def run(*, action_first: bool, orders: int = ORDERS, seed: int = 7) -> Figures:
    """Connect a seeded shop and run the backfill job every 10 minutes until it is done."""
    clock = FakeClock()
    sandbox = EtsySandbox.seeded(listings=200, orders=orders, days=90, clock=clock, seed=seed)
    channel = connect_channel(sandbox, clock=clock)
    start = clock.now()
    need = {
        str(receipt.receipt_id)
        for receipt in sandbox.world.receipts.values()
        if receipt.is_paid
        and not receipt.is_shipped
        and not receipt.is_canceled
        and start - receipt.created < HORIZON
    }
    arrived: dict[str, float] = {}

    def sink(batch: Sequence[Order]) -> None:
        minutes = (clock.now() - start).total_seconds() / 60
        for order in batch:
            arrived.setdefault(order.order_id, minutes)

    store = MemoryCursorStore()
    key = CursorKey("etsy", channel.shop_id, "orders.backfill")
    sandbox.calls.clear()
    runs = 0
    while not backfill_done(store, key, horizon=HORIZON):
        run_at = start + runs * RUN_EVERY
        if clock.now() < run_at:
            clock.advance((run_at - clock.now()).total_seconds())
        kwargs = {"horizon": HORIZON, "max_slices": SLICES_PER_RUN}
        if action_first:
            backfill_orders(
                channel,
                store,
                sink,
                now=clock.now(),
                action_statuses=action_statuses(ETSY_STATUS_TABLE),
                **kwargs,  # type: ignore[arg-type]
            )
        else:
            _oldest_first(channel, store, sink, now=clock.now(), **kwargs)
        runs += 1
    missing = need - arrived.keys()
    assert not missing, f"{len(missing)} orders needing action never arrived"
    return Figures(
        label="after (action first)" if action_first else "before (oldest first)",
        action_orders=len(need),
        action_minutes=max(arrived[order_id] for order_id in need),
        all_minutes=max(arrived.values()),
        runs=runs,
        requests=len(sandbox.calls),
    )


def main() -> None:
    """Print the figures, before and after."""
    print(f"Etsy shop, {ORDERS} receipts over 90 days; backfill of 15 slices every 10 minutes")
    for action_first in (False, True):
        print(run(action_first=action_first).line())


if __name__ == "__main__":
    main()
