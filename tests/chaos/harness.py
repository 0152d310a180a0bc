"""A full order sync under faults: the backfill, then a simulated day, against one sandbox.

`run_chaos(marketplace, seed)` builds a sandbox shop on a `FakeClock`, connects its channel the
way a host does (no faults yet), then faults a share of every request the sandbox serves
(`FaultPlan.set_random` with `MIXED_FAULTS`: 5xx, 429 with `Retry-After`, timeouts and resets
before and after the server applied the request, truncated bodies; the token endpoint
included) and runs the sync jobs as the demo runs them: the 90-day backfill run after run until
it is done, then the seeds' schedule (`standard_schedule`) on `SimulatedScheduler` for a day
while buyers order and cancel, the OMS ships what it holds as new, and carriers deliver.

At the end the faults stop and the schedule runs one more hour, so every failure a cursor kept
is fetched again: whatever the OMS still lacks then is lost for good. The figures compare the
OMS's store with the sandbox's own state:

- lost: orders the sandbox holds that the OMS does not;
- duplicated: orders the OMS holds that the sandbox does not, or shipments the marketplace
  holds twice for one order the OMS shipped once;
- stale: orders whose status or update time in the OMS is not the marketplace's (read back
  with a fault-free channel on the same sandbox).

With the faults the sandbox fired (by class) and what the SDK's run reports counted (failed
attempts by class, retries, quarantined records, failed runs), the reconnects the host made
and what the token endpoint served and refused.

`run_killed` runs the same sync while the host process is killed at random points and started
again from what the host stores (the OMS's records, the SQLite cursors, the shop's tokens).

`run_stock_chaos` pushes stock through `StockPusher` under the same faults, round after round
of changes, then stops the faults and lets the host send again what did not end ok (as a host
does with a result that says retry later or unknown): every quantity must then be the OMS's.
"""

from __future__ import annotations

import os
import random
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import attrs
from tests.chaos.shops import SHOPS, ChannelSlot, ChaosSize, Killed, Killer, Shop

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import MarketplaceError
from marketplace_sdk.core._metering import metered
from marketplace_sdk.core._models import Cancellation, Order, Shipment
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.sync._cursors import (
    CursorKey,
    CursorStore,
    MemoryCursorStore,
    SQLiteCursorStore,
)
from marketplace_sdk.sync._jobs import backfill_done
from marketplace_sdk.sync._runtime import JobRun, Runtime, run_job
from marketplace_sdk.sync._simulate import SimulatedScheduler
from marketplace_sdk.sync._sink import MemorySink
from marketplace_sdk.sync._specs import JobSpec, ShopRef
from marketplace_sdk.sync._sync.push import StockPusher
from marketplace_sdk.sync._tasks import standard_schedule
from marketplace_sdk.testing import MIXED_FAULTS, Fault

#: `MARKETPLACE_SDK_CHAOS_SEEDS=20` runs seeds 1 to 20 instead of 1 to 5.
SEEDS_ENV = "MARKETPLACE_SDK_CHAOS_SEEDS"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)
RATE = 0.2
MARKETPLACES = ("etsy", "fnac", "mirakl")

#: The SDK's name for what it saw of each fault class the sandbox fires.
SEEN_AS = {
    "http_500": "http_500",
    "http_502": "http_502",
    "http_503": "http_503",
    "http_504": "http_504",
    "http_429": "http_429",
    "timeout_before": "timeout_before_sending",
    "timeout_after_apply": "timeout",
    "reset_before": "connection_lost",
    "reset_after_apply": "connection_lost",
    "truncated_body": "unreadable_body",
}


def seeds() -> tuple[int, ...]:
    """The seeds a chaos run covers: 1 to 5, or as many as `SEEDS_ENV` asks."""
    return tuple(range(1, int(os.environ.get(SEEDS_ENV) or 5) + 1))


@attrs.define
class ChaosFigures:
    """What one chaos run did and how the OMS compares with the sandbox."""

    marketplace: str
    seed: int
    orders_in_shop: int = 0
    lost: list[str] = attrs.Factory(list)
    duplicated: list[str] = attrs.Factory(list)
    stale: list[str] = attrs.Factory(list)
    retries: int = 0
    quarantined: int = 0
    runs: int = 0
    failed_runs: int = 0
    #: Runs that failed on something a retry could have absorbed (not "reconnect the shop").
    unabsorbed: int = 0
    injected: Counter[str] = attrs.Factory(Counter)
    seen: Counter[str] = attrs.Factory(Counter)
    seen_in_runs: Counter[str] = attrs.Factory(Counter)
    errors: Counter[str] = attrs.Factory(Counter)
    disconnected: bool = False
    #: Whether the shop's authorization has a token endpoint (Mirakl's key has none).
    token_endpoint: bool = True
    reconnects: int = 0
    token_faults: int = 0
    token_requests: int = 0
    refused_refreshes: int = 0
    #: Every run: its name, when it started (the clock moves with each backoff) and its outcome.
    timeline: list[tuple[str, datetime, str | None]] = attrs.Factory(list)

    @property
    def clean(self) -> bool:
        """0 lost, 0 duplicated, 0 stale."""
        return not (self.lost or self.duplicated or self.stale)

    def row(self) -> str:
        """One line of the report."""
        return (
            f"{self.marketplace:4} seed {self.seed}: {self.orders_in_shop:4} orders in shop, "
            f"lost {len(self.lost):3}, duplicated {len(self.duplicated)}, stale "
            f"{len(self.stale):2}, retries {self.retries:4}, quarantined {self.quarantined}, "
            f"failed runs {self.failed_runs}/{self.runs}, reconnects {self.reconnects}, token "
            f"endpoint: {self.token_faults} faults, {self.refused_refreshes} refusals of "
            f"{self.token_requests}" + (", left disconnected" if self.disconnected else "")
        )

    def detail(self) -> str:
        """The fault classes fired, seen by the SDK, and the errors of the failed runs."""
        injected = ", ".join(f"{k} {v}" for k, v in sorted(self.injected.items()))
        seen = ", ".join(f"{k} {v}" for k, v in sorted(self.seen.items()))
        errors = "; ".join(f"{v}x {k}" for k, v in self.errors.most_common(4))
        return f"    injected: {injected}\n    SDK saw: {seen}\n    run errors: {errors or '-'}"


class KillingSink(MemorySink):
    """The OMS's store, durable across restarts; the process may die after it stored a batch
    and before it acknowledged it (so before the job saved its cursor), one batch in `rate`."""

    def __init__(self, killer: Killer, rate: float = 0.1) -> None:
        super().__init__()
        self.killer, self.rate = killer, rate

    def orders(self, shop: ShopRef, batch: Sequence[Order]) -> None:
        super().orders(shop, batch)
        self.killer.maybe("after the sink stored a batch, before its acknowledgement", self.rate)

    def cancellations(self, shop: ShopRef, batch: Sequence[Cancellation]) -> None:
        super().cancellations(shop, batch)
        self.killer.maybe("after the sink stored a batch, before its acknowledgement", self.rate)


@attrs.define
class ChaosWorld:
    """One shop under chaos: its sandbox, the OMS, the host process and what happened so far.

    The host process is the runtime (channel, cursor store) and the scheduler; `restart`
    replaces them as a new process would, keeping only what the host stores durably: the
    OMS's records (the sink), the cursors (a SQLite file when `cursor_file` is given) and the
    shop's tokens.
    """

    shop: Shop
    ref: ShopRef
    clock: FakeClock
    sink: MemorySink
    specs: list[JobSpec]
    rng: random.Random
    cursor_file: Path | None = None
    runtime: Runtime = attrs.field(init=False)
    scheduler: SimulatedScheduler = attrs.field(init=False)
    runs: list[JobRun] = attrs.Factory(list)
    shipped: dict[str, str] = attrs.Factory(dict)
    reconnects: int = 0
    restarts: int = 0
    #: Whether the host reconnects the shop when a run says so (a configuration error).
    reconnect: bool = True
    _memory_cursors: MemoryCursorStore = attrs.Factory(MemoryCursorStore)

    def __attrs_post_init__(self) -> None:
        self._start_process()

    @classmethod
    def build(
        cls,
        marketplace: str,
        seed: int,
        size: ChaosSize,
        *,
        cursor_file: Path | None = None,
        sink: MemorySink | None = None,
    ) -> ChaosWorld:
        """A connected shop on a fresh clock; no faults yet."""
        clock = FakeClock(START)
        shop = SHOPS[marketplace](seed, size, clock)
        ref = ShopRef(shop.channel.marketplace, shop.channel.shop_id)
        specs = [
            attrs.evolve(spec, kwargs={**spec.kwargs, "days": size.history_days})
            if spec.id == "orders.backfill"
            else spec
            for spec in standard_schedule([ref], jitter=timedelta(0))
            if spec.id != "catalogue.import"  # products are not what this run measures
        ]
        sink = sink if sink is not None else MemorySink()
        return cls(shop, ref, clock, sink, specs, random.Random(seed), cursor_file)

    def _start_process(self) -> None:
        cursors: CursorStore = (
            SQLiteCursorStore(self.cursor_file)
            if self.cursor_file is not None
            else self._memory_cursors
        )
        self.runtime = Runtime(
            channel_for=lambda _: ChannelSlot(self.shop),
            cursors=cursors,
            sink=self.sink,
            clock=self.clock,
            stock_for=lambda _: lambda sku: 1_000,  # the OMS has everything: FNAC accepts all
        )
        self.new_schedule()

    def new_schedule(self) -> None:
        """The scheduler starts from now: every job that runs at start runs at once."""
        self.scheduler = SimulatedScheduler(
            self.specs, self.runtime, self.clock, on_run=self.runs.append
        )

    def restart(self) -> None:
        """The host process died: a new one starts from what the host stored durably."""
        self.restarts += 1
        self.shop.restart()
        self._start_process()

    def step(self, action: Callable[[], object]) -> None:
        """One thing the host process does; if the process dies in it, it starts again."""
        try:
            action()
        except Killed:
            self.restart()

    def spec(self, job_id: str) -> JobSpec:
        """The spec of `job_id`."""
        return next(spec for spec in self.specs if spec.id == job_id)

    def backfill(self, *, max_runs: int = 200) -> None:
        """Run the backfill until its horizon is done, ten minutes apart as scheduled."""
        spec = self.spec("orders.backfill")
        key = CursorKey(self.ref.marketplace, self.ref.shop_id, spec.id)
        horizon = timedelta(days=int(spec.kwargs["days"]))

        def one_run() -> None:
            run = run_job(spec, self.ref, self.runtime)
            self.runs.append(run)
            self.host_reacts([run])

        for _ in range(max_runs):
            if backfill_done(self.runtime.cursors, key, horizon=horizon):
                return
            self.step(one_run)
            self.clock.advance(spec.interval.total_seconds())

    def host_reacts(self, runs: Sequence[JobRun]) -> None:
        """A run that failed with a configuration error means "reconnect the shop": the OMS
        alerts the seller, who connects the shop again (the cursors carry on from there)."""
        if self.reconnect and any(run.error_class == "configuration" for run in runs):
            self.shop.reconnect()
            self.reconnects += 1

    def run_schedule(self, span: timedelta) -> None:
        """Run the schedule for `span` (to its end even if the process dies on the way)."""
        end = self.clock.now() + span
        self.step(lambda: self.host_reacts(self.scheduler.run_until(end)))
        if self.clock.now() < end:  # a restart in between: the new process runs the rest
            self.step(lambda: self.host_reacts(self.scheduler.run_until(end)))

    def day(self, hours: int, orders_per_hour: int) -> None:
        """`hours` of the schedule while buyers order and cancel and the OMS ships."""
        self.new_schedule()
        for _hour in range(hours):
            for _ in range(orders_per_hour):
                placed = self.shop.buyer_orders(self.rng)
                if self.rng.random() < 0.15:
                    self.shop.buyer_cancels(placed)
            self.run_schedule(timedelta(minutes=30))
            self.step(self.ship_what_is_new)
            self.shop.deliver_some(sorted(self.shipped), self.rng)
            self.run_schedule(timedelta(minutes=30))

    def ship_what_is_new(self) -> None:
        """The OMS ships what it holds as new; a failed shipment is tried again next hour."""
        for order_id, order in sorted(self.sink.orders_of(self.ref).items()):
            if order_id in self.shipped or not self.shop.shippable(order):
                continue
            if self.rng.random() >= 0.5:
                continue
            tracking = f"TRK-{order_id}"
            shipment = Shipment(
                carrier="ups", tracking_number=tracking, shipped_at=self.clock.now()
            )
            try:
                result = self.shop.channel.ready_to_ship(order_id, shipment)
            except MarketplaceError:
                continue
            if result.is_ok:
                self.shipped[order_id] = tracking

    def settle(self, span: timedelta = timedelta(hours=1)) -> list[JobRun]:
        """Stop the faults and run the schedule for `span`: what a cursor kept is fetched."""
        self.shop.faults.set_random(0, seed=0)
        first = len(self.runs)
        self.new_schedule()  # every job runs at least once more
        for _ in range(int(span / timedelta(minutes=30))):
            self.run_schedule(timedelta(minutes=30))
        return self.runs[first:]

    def figures(self, seed: int, settled: Sequence[JobRun]) -> ChaosFigures:
        """Compare the OMS with the sandbox's own state."""
        held = self.sink.orders_of(self.ref)
        truth = self.shop.order_ids()
        figures = ChaosFigures(self.ref.marketplace, seed, orders_in_shop=len(truth))
        figures.lost = sorted(truth - set(held))
        figures.duplicated = sorted(set(held) - truth) + [
            f"{order_id}: shipped {shipments}"
            for order_id in sorted(self.shipped)
            if len(shipments := self.shop.shipments_of(order_id)) > 1
        ]
        since = START - timedelta(days=400)
        reader = self.shop.connect()
        current = {o.order_id: o for o in reader.iter_orders(since, self.clock.now())}
        figures.stale = sorted(
            f"{order_id}: OMS {order.marketplace_status} {order.updated_at:%H:%M}, marketplace "
            f"{current[order_id].marketplace_status} {current[order_id].updated_at:%H:%M}"
            for order_id, order in held.items()
            if order_id in current
            and (order.marketplace_status, order.updated_at)
            != (current[order_id].marketplace_status, current[order_id].updated_at)
        )
        figures.runs = len(self.runs)
        figures.timeline = [(run.name, run.started_at, run.error) for run in self.runs]
        figures.failed_runs = sum(1 for run in self.runs if not run.ok)
        figures.unabsorbed = sum(
            1 for run in self.runs if not run.ok and run.error_class != "configuration"
        )
        figures.errors = Counter(
            (run.error or "")[:90] for run in self.runs if not run.ok and run.error
        )
        for run in self.runs:
            figures.seen_in_runs.update(run.failures)
            figures.quarantined += run.quarantined
        figures.disconnected = any(run.error_class == "configuration" for run in settled)
        figures.injected = self.shop.faults.fired_by_label()
        figures.reconnects = self.reconnects
        figures.token_endpoint = self.shop.has_token_endpoint
        figures.token_faults = self.shop.token_faults()
        figures.token_requests, figures.refused_refreshes = self.shop.token_calls()
        return figures


def run_chaos(
    marketplace: str,
    seed: int,
    *,
    rate: float = RATE,
    size: ChaosSize | None = None,
    mix: Sequence[tuple[Fault, float]] = MIXED_FAULTS,
    operations: Sequence[str] | None = None,
    reconnect: bool = True,
) -> ChaosFigures:
    """A backfill and a simulated day at `rate` faults drawn from `mix`, then the comparison.

    With `reconnect` (the default) the host reconnects the shop when a run fails with a
    configuration error, as the SDK's error classes tell it to; without, a shop whose
    authorization died stays disconnected to the end (the issue's measurement). `operations`
    limits the faults to those operations (the sandbox's operation codes, `"OR11"`...).
    """
    size = size or ChaosSize.from_env()
    world = ChaosWorld.build(marketplace, seed, size)
    world.reconnect = reconnect
    world.shop.faults.set_random(rate, seed=seed, mix=mix, operations=operations)
    with metered() as meter:
        world.backfill()
        world.day(size.hours, size.orders_per_hour)
        settled = world.settle()
    figures = world.figures(seed, settled)
    figures.retries = meter.retries
    figures.seen = meter.failures
    return figures


def run_killed(
    marketplace: str, seed: int, cursor_file: Path, *, rate: float = 0.02, size: ChaosSize
) -> tuple[ChaosFigures, Killer, int]:
    """The backfill and a day while the host process is killed at random points and restarted.

    The process dies before a request reaches the marketplace, after the marketplace applied it
    (the answer never read), and after the sink stored a batch but before it returned (so
    before the cursor moved). Each time a new process starts from what the host stores: the
    OMS's records, the cursors in `cursor_file` (SQLite), the shop's tokens. Returns the
    figures, the killer (its kills by place) and the number of restarts.
    """
    killer = Killer(seed, rate)
    world = ChaosWorld.build(
        marketplace, seed, size, cursor_file=cursor_file, sink=KillingSink(killer)
    )
    world.shop.arm(killer)
    world.restart()  # the process that runs the sync starts on the stored state
    killer.armed = True
    world.backfill()
    world.day(size.hours, size.orders_per_hour)
    killer.armed = False
    settled = world.settle()
    return world.figures(seed, settled), killer, world.restarts - 1


@attrs.define
class StockFigures:
    """What a stock push under faults did, and where the marketplace ended up."""

    marketplace: str
    seed: int
    skus: int = 0
    changes: int = 0
    #: The last result of each SKU's last change before the faults stopped, by outcome.
    outcomes: Counter[str] = attrs.Factory(Counter)
    resent: int = 0
    #: SKUs whose quantity on the marketplace is not the OMS's at the end.
    diverged: list[str] = attrs.Factory(list)
    #: SKUs a result called ok whose quantity was not the one sent (with no newer change).
    false_ok: list[str] = attrs.Factory(list)
    injected: Counter[str] = attrs.Factory(Counter)

    def row(self) -> str:
        """One line of the report."""
        outcomes = ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items()))
        return (
            f"{self.marketplace:6} seed {self.seed}: {self.changes} stock changes on "
            f"{self.skus} SKUs ({outcomes}), {self.resent} sent again, diverged "
            f"{len(self.diverged)}, false ok {len(self.false_ok)}"
        )


def run_stock_chaos(
    marketplace: str,
    seed: int,
    *,
    rate: float = RATE,
    rounds: int = 10,
    mix: Sequence[tuple[Fault, float]] = MIXED_FAULTS,
    operations: Sequence[str] | None = None,
) -> StockFigures:
    """Stock changes pushed round after round at `rate` faults, then the host's resend.

    Each round changes a quarter of the SKUs and flushes the pusher (its retries included);
    the clock moves ten minutes between rounds. Then the faults stop, the pusher is drained,
    and every SKU whose last result was not ok is pushed once more with the OMS's quantity.
    """
    clock = FakeClock(START)
    shop = SHOPS[marketplace](seed, ChaosSize(history_orders=5, listings=24), clock)
    rng = random.Random(seed)
    skus = shop.stock_skus()
    oms = {sku: shop.quantity_of(sku) for sku in skus}
    last: dict[str, tuple[int, Outcome]] = {}
    figures = StockFigures(marketplace, seed, skus=len(skus))
    pusher = StockPusher(ChannelSlot(shop), clock=clock)

    def flush() -> None:
        for settled in pusher.flush(force=True).settled:
            sent = int(getattr(settled.update, "quantity", -1))
            last[settled.update.sku] = (sent, settled.result.outcome)

    shop.faults.set_random(rate, seed=seed, mix=mix, operations=operations)
    for _ in range(rounds):
        for sku in rng.sample(skus, k=max(1, len(skus) // 4)):
            oms[sku] = rng.randint(0, 40)
            pusher.stock_changed(sku, oms[sku])
            figures.changes += 1
        flush()
        clock.advance(600)
    figures.injected = shop.faults.fired_by_label()
    shop.faults.set_random(0, seed=0)
    for _ in range(20):  # the retries the pusher still holds
        if not pusher.pending():
            break
        flush()
        clock.advance(600)
    figures.outcomes = Counter(outcome.value for _, outcome in last.values())
    clock.advance(3_600)  # what the marketplace accepted is processed
    figures.false_ok = sorted(
        f"{sku}: sent {sent}, marketplace {shop.quantity_of(sku)}"
        for sku, (sent, outcome) in last.items()
        if outcome is Outcome.OK and sent == oms[sku] and shop.quantity_of(sku) != sent
    )
    again = [sku for sku in skus if sku in last and last[sku][1] is not Outcome.OK]
    figures.resent = len(again)
    for sku in again:
        pusher.stock_changed(sku, oms[sku])
    flush()
    clock.advance(3_600)
    figures.diverged = sorted(
        f"{sku}: OMS {oms[sku]}, marketplace {shop.quantity_of(sku)}"
        for sku in skus
        if shop.quantity_of(sku) != oms[sku]
    )
    return figures
