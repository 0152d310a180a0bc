"""The demo's scenario: three sandbox shops, one OMS, a connect and a simulated day of syncs.

`run_demo` starts the Etsy, FNAC and Mirakl sandboxes on one accelerated clock, connects the
three channels the way a host connects real shops, and runs what the OMS embeds: the throttled
catalogue import, the 90-day backfill, then a day of the seeds' schedule while buyers order, the
OMS changes stock (pushed as it changes), FNAC and Mirakl orders are accepted when in stock,
orders ship with tracking, deliveries complete, and buyers cancel, one of them after the OMS
packed the order (a conflict for a person). It ends by checking the OMS against the sandboxes
(`marketplace_sdk.demo._checks`).

Examples:
    result = run_demo(DemoOptions.small())   # a few seconds; DemoOptions() is the full demo
    assert result.ok, [check for summary in result.channels for check in summary.checks]
"""

from __future__ import annotations

import random
import tempfile
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import attrs

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._metering import metered
from marketplace_sdk.core._models import Category, Order, Product
from marketplace_sdk.core._records import QuarantinedRecord
from marketplace_sdk.demo import _day as day
from marketplace_sdk.demo._checks import ChannelSummary, check_channel
from marketplace_sdk.demo._day import DemoShop, DemoWorld
from marketplace_sdk.demo._oms import DemoOms
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._connect import connect_channel as connect_etsy
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.fnac.sandbox._connect import connect_channel as connect_fnac
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed
from marketplace_sdk.mirakl.sandbox._connect import connect_channel as connect_mirakl
from marketplace_sdk.sync._accept import AcceptReport
from marketplace_sdk.sync._cursors import CursorKey, SQLiteCursorStore
from marketplace_sdk.sync._jobs import backfill_done
from marketplace_sdk.sync._runtime import JobRun, Runtime, run_job
from marketplace_sdk.sync._simulate import SimulatedScheduler
from marketplace_sdk.sync._specs import JobSpec, ShopRef
from marketplace_sdk.sync._sync.push import StockPusher
from marketplace_sdk.sync._tasks import standard_schedule

__all__ = ["DEMO_START", "DemoError", "DemoOptions", "DemoResult", "Reporter", "run_demo"]

#: The demo's simulated "now": fixed, so every run prints the same figures.
DEMO_START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@attrs.frozen
class DemoOptions:
    """The size of the demo's world.

    Examples:
        >>> DemoOptions().listings, DemoOptions.small().listings
        (2000, 60)
    """

    listings: int = 2000
    offers: int = 1500
    etsy_orders: int = 300
    fnac_orders: int = 200
    mirakl_offers: int = 1000
    mirakl_orders: int = 200
    history_days: int = 90
    simulated_hours: int = 24
    orders_per_hour: int = 2
    stock_changes_per_hour: int = 40
    seed: int = 42

    @classmethod
    def small(cls) -> DemoOptions:
        """A world small enough for a test or a doctest, with every step of the scenario.

        Examples:
            >>> DemoOptions.small().simulated_hours
            24
        """
        return cls(
            listings=60,
            offers=40,
            etsy_orders=30,
            fnac_orders=20,
            mirakl_offers=40,
            mirakl_orders=20,
            stock_changes_per_hour=5,
        )


class DemoError(RuntimeError):
    """A step of the demo could not run (the SDK, not the check, failed).

    Examples:
        >>> str(DemoError("the backfill failed"))
        'the backfill failed'
    """


class Reporter(Protocol):
    """Where the demo says what it does (the CLI draws progress bars; tests stay quiet).

    Examples:
        class Quiet:
            def say(self, text): pass
            def progress(self, title, total): return lambda advance: None
    """

    def say(self, text: str) -> None:
        """A line of narration."""
        ...

    def progress(self, title: str, total: int | None) -> Callable[[int], None]:
        """Start a progress bar; the returned function advances it."""
        ...


class _Quiet:
    def say(self, text: str) -> None:
        return None

    def progress(self, title: str, total: int | None) -> Callable[[int], None]:
        return lambda advance: None


@attrs.define
class DemoResult:
    """What the demo did, per channel, and whether the OMS agrees with the sandboxes.

    Examples:
        result = run_demo(); sys.exit(0 if result.ok else 1)
    """

    channels: list[ChannelSummary]
    runs: list[JobRun] = attrs.Factory(list)
    simulated: timedelta = timedelta(0)

    @property
    def ok(self) -> bool:
        """True when every check of every channel passed."""
        return all(summary.ok for summary in self.channels)


class _ObservedSink:
    """The OMS, with progress bars fed by what it receives."""

    def __init__(self, oms: DemoOms) -> None:
        self.oms = oms
        self.on_products: Callable[[int], None] = lambda count: None

    def orders(self, shop: ShopRef, batch: Sequence[Order]) -> None:
        self.oms.orders(shop, batch)

    def cancellations(self, shop: ShopRef, batch: Sequence[Any]) -> None:
        self.oms.cancellations(shop, batch)

    def products(self, shop: ShopRef, batch: Sequence[Product]) -> None:
        self.oms.products(shop, batch)
        self.on_products(len(batch))

    def categories(self, shop: ShopRef, batch: Sequence[Category]) -> None:
        self.oms.categories(shop, batch)

    def quarantine(self, shop: ShopRef, batch: Sequence[QuarantinedRecord]) -> None:
        self.oms.quarantine(shop, batch)


def _spec(specs: Sequence[JobSpec], job_id: str) -> JobSpec:
    return next(spec for spec in specs if spec.id == job_id)


def run_demo(options: DemoOptions | None = None, reporter: Reporter | None = None) -> DemoResult:
    """Run the whole scenario and return its summary and checks.

    Examples:
        result = run_demo(DemoOptions(), reporter=RichReporter(console))
    """
    options = options or DemoOptions()
    say = reporter or _Quiet()
    clock = FakeClock(DEMO_START)
    rng = random.Random(options.seed)
    etsy = EtsySandbox.seeded(
        listings=options.listings,
        orders=options.etsy_orders,
        days=options.history_days,
        duplicate_skus=5,
        seed=options.seed,
        clock=clock,
    )
    fnac = FnacSandbox.seeded(
        offers=options.offers,
        orders=options.fnac_orders,
        days=options.history_days,
        seed=options.seed,
        clock=clock,
    )
    mirakl = MiraklSandbox(
        clock=clock,
        shop=ShopSeed.generated(
            clock.now(),
            offers=options.mirakl_offers,
            orders=options.mirakl_orders,
            days=options.history_days,
            seed=options.seed,
        ),
    )
    world = DemoWorld(etsy=etsy, fnac=fnac, mirakl=mirakl)
    say.say(
        f"sandboxes up: Etsy shop with {len(etsy.world.listings)} listings and "
        f"{len(etsy.world.receipts)} receipts; FNAC shop with {len(fnac.state.offers)} offers "
        f"and {len(fnac.state.orders)} orders; Mirakl shop with {len(mirakl.offers.offers)} "
        f"offers and {len(mirakl.book.orders)} orders; over {options.history_days} days"
    )
    oms = DemoOms()
    sink = _ObservedSink(oms)
    with tempfile.TemporaryDirectory(prefix="marketplace-sdk-demo-") as workdir, metered() as meter:
        channels: dict[str, Any] = {
            "etsy": connect_etsy(etsy, clock=clock),
            "fnac": connect_fnac(fnac, clock=clock),
            "mirakl": connect_mirakl(mirakl, clock=clock),
        }
        shops: dict[str, DemoShop] = {}
        for name, channel in channels.items():
            ref = ShopRef(channel.marketplace, channel.shop_id)
            shops[name] = DemoShop(ref, channel, StockPusher(channel, clock=clock))
        say.say(
            "connected: Etsy through OAuth 2.0 with PKCE, FNAC with Partner ID, Shop ID and Key, "
            "Mirakl with the operator's URL and the shop's API key"
        )
        cursors = SQLiteCursorStore(Path(workdir) / "cursors.db")
        by_ref = {(shop.ref.marketplace, shop.ref.shop_id): shop for shop in shops.values()}
        runtime = Runtime(
            channel_for=lambda ref: by_ref[(ref.marketplace, ref.shop_id)].channel,
            cursors=cursors,
            sink=sink,
            clock=clock,
            stock_for=oms.available,
        )
        specs = [
            # The backfill covers the seeded history, however long the options make it.
            attrs.evolve(spec, kwargs={**spec.kwargs, "days": options.history_days})
            if spec.id == "orders.backfill"
            else spec
            for spec in standard_schedule(
                [shop.ref for shop in shops.values()], jitter=timedelta(0)
            )
        ]
        for shop in shops.values():
            _import_catalogue(shop, specs, runtime, sink, say)
        for shop in shops.values():
            _backfill(shop, specs, runtime, say, options.history_days)
        runs = _simulate_day(shops, specs, runtime, oms, clock, rng, options, say, world)
        cursors.close()
        summaries = [
            check_channel(
                shops[name].ref,
                oms,
                channel=shops[name].channel,
                sandbox=sandbox,
                facts=_facts(shops[name], meter.by_marketplace, served=mirakl.calls.count()),
                history_days=options.history_days,
                now=clock.now(),
            )
            for name, sandbox in (("etsy", etsy), ("fnac", fnac), ("mirakl", mirakl))
        ]
    return DemoResult(channels=summaries, runs=runs, simulated=clock.now() - DEMO_START)


def _facts(shop: DemoShop, calls: Any, *, served: int) -> dict[str, Any]:
    """What the checks and the summary need of one shop's run.

    `calls` are the engines' request counts by marketplace name; `served` is how many
    requests the Mirakl sandbox answered. The Mirakl channel's clients count under "mirakl",
    as the FNAC channel's catalogue client does, so the Mirakl shop's count is its sandbox's
    and FNAC's is what is left of "mirakl" with "fnac".
    """
    catalogue = shop.catalogue.report if shop.catalogue is not None else None
    named = sum(
        count for name, count in calls.items() if name.lower() in _API_NAMES[shop.ref.marketplace]
    )
    if shop.ref.marketplace == "mirakl":
        api_calls = served
    elif "mirakl" in _API_NAMES[shop.ref.marketplace]:
        api_calls = named - served
    else:
        api_calls = named
    return {
        "api_calls": api_calls,
        "duplicates": [str(d) for d in catalogue.duplicates] if catalogue is not None else [],
        "categories": catalogue.categories if catalogue is not None else 0,
        "shipped": dict(shop.shipped),
        "accepted": sorted(shop.accepted),
        "left_partial": sorted(shop.left_partial - shop.accepted),
        "pushed": dict(shop.changed),
        "push_calls": shop.push_calls,
        "pushed_ok": shop.pushed_ok,
        "pushed_rejected": shop.pushed_rejected,
        "expected_conflicts": sorted(shop.conflict_orders),
        "backfill_runs": shop.backfill_runs,
    }


#: The engines' marketplace names that count against each channel's calls.
_API_NAMES = {"etsy": {"etsy"}, "fnac": {"fnac", "mirakl"}, "mirakl": {"mirakl"}}


def _import_catalogue(
    shop: DemoShop, specs: Sequence[JobSpec], runtime: Runtime, sink: _ObservedSink, say: Reporter
) -> None:
    advance = say.progress(f"{shop.ref.marketplace}: catalogue import (throttled)", None)
    sink.on_products = advance
    shop.catalogue = run_job(_spec(specs, "catalogue.import"), shop.ref, runtime)
    sink.on_products = lambda count: None
    report = shop.catalogue.report
    if report is not None:
        say.say(
            f"{shop.ref.marketplace}: imported {report.categories} categories and "
            f"{report.records} products in {shop.catalogue.api_calls} requests; "
            f"{len(report.duplicates)} duplicated SKUs reported"
        )


def _backfill(
    shop: DemoShop, specs: Sequence[JobSpec], runtime: Runtime, say: Reporter, days: int
) -> None:
    spec = _spec(specs, "orders.backfill")
    advance = say.progress(f"{shop.ref.marketplace}: {days}-day order backfill", days)
    key = CursorKey(shop.ref.marketplace, shop.ref.shop_id, spec.id)
    records = 0
    while not backfill_done(runtime.cursors, key, horizon=timedelta(days=days)):
        run = run_job(spec, shop.ref, runtime)
        shop.backfill_runs += 1
        if run.report is None:
            raise DemoError(f"{shop.ref}: the backfill failed: {run.error}")
        records += run.records
        advance(len(run.report.windows))
        if not run.report.windows:  # nothing left to fetch, though the horizon says otherwise
            raise DemoError(f"{shop.ref}: the backfill stopped short of {days} days")
    say.say(
        f"{shop.ref.marketplace}: backfilled {records} orders in {shop.backfill_runs} "
        "resumable runs"
    )


def _simulate_day(
    shops: dict[str, DemoShop],
    specs: Sequence[JobSpec],
    runtime: Runtime,
    oms: DemoOms,
    clock: FakeClock,
    rng: random.Random,
    options: DemoOptions,
    say: Reporter,
    world: DemoWorld,
) -> list[JobRun]:
    day_specs = [
        attrs.evolve(spec, run_at_start=False) if spec.id == "catalogue.import" else spec
        for spec in specs
    ]
    advance = say.progress("a simulated day of scheduled syncs", options.simulated_hours)
    accepted_runs: list[JobRun] = []

    def on_run(run: JobRun) -> None:
        if run.report is not None and isinstance(run.report.detail, AcceptReport):
            accepted_runs.append(run)

    scheduler = SimulatedScheduler(day_specs, runtime, clock, on_run=on_run)
    for hour in range(options.simulated_hours):
        day.buyers_order(world, rng, options.orders_per_hour)
        if hour == options.simulated_hours // 6:
            day.buyer_cancels_a_new_order(shops["etsy"], oms, world)
        if hour == options.simulated_hours // 3:
            day.buyer_cancels_a_new_order(shops["mirakl"], oms, world)
        if hour == max(1, options.simulated_hours - 4):
            day.conflicting_cancellations(shops, oms, world)
        day.change_stock(shops, oms, rng, options.stock_changes_per_hour)
        scheduler.run_for(timedelta(minutes=30))
        for shop in shops.values():
            day.flush(shop)
        day.note_acceptance(shops, accepted_runs)
        day.ship_ready_orders(shops, oms, clock)
        day.deliver_shipped(shops, world, clock)
        scheduler.run_for(timedelta(minutes=30))
        advance(1)
    # End of day: the OMS recounts what it changed and pushes it once more, then a last sync:
    # one whole period of the 30-minute status job, so the buyers' last receipts are read even
    # when the final pushes (a Mirakl import followed to its end) took the time of its run.
    for shop in shops.values():
        for sku, quantity in shop.changed.items():
            shop.pusher.stock_changed(sku, quantity)
        day.flush(shop, force=True)
    scheduler.run_for(timedelta(minutes=31))
    day.note_acceptance(shops, accepted_runs)
    say.say(
        f"simulated {options.simulated_hours} hours: {len(scheduler.runs)} scheduled runs, "
        f"{sum(1 for run in scheduler.runs if not run.ok)} failed"
    )
    return scheduler.runs
