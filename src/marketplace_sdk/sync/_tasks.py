"""The standard jobs, ready to schedule, and the seeds' schedule as `JobSpec`s.

Each task is a job function (`(ctx, **kwargs) -> RunReport`) wrapping one of the sync jobs with
the shop's channel, the host's cursor store and sink. `standard_schedule` returns the schedule
both seeds describe: new orders every 5 minutes, orders in the listed statuses every 30 minutes,
cancellations every hour, the 90-day backfill at connect, the catalogue import at connect and
then daily, and acceptance every 5 minutes for the marketplaces whose orders wait for it. What
differs per marketplace (the statuses synced, the catalogue budget, acceptance) is read from
its description (`marketplace_sdk.core.MarketplaceDescription`).

Specs name the tasks by their public path, `marketplace_sdk.sync:new_orders` and so on.

Durations in keyword arguments are seconds (specs are JSON-shaped data).

Examples:
    >>> from marketplace_sdk.sync._specs import ShopRef
    >>> [(spec.id, str(spec.interval)) for spec in standard_schedule([ShopRef("etsy", "42")])][:3]
    [('orders.new', '0:05:00'), ('orders.status', '0:30:00'), ('orders.cancellations', '1:00:00')]
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta

import attrs

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError
from marketplace_sdk.core._models import Cancellation, Category, Order, Product, StockUpdate
from marketplace_sdk.core._records import QuarantinedRecord
from marketplace_sdk.core._registry import (
    MarketplaceDescription,
    UnknownMarketplaceError,
    get_marketplace,
)
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.sync._accept import AcceptPolicy, AcceptReport, StockLookup, accept_orders
from marketplace_sdk.sync._cancellations import sync_cancellations
from marketplace_sdk.sync._catalogue import CatalogueThrottle, import_catalogue
from marketplace_sdk.sync._jobs import (
    RunReport,
    action_statuses,
    backfill_done,
    backfill_orders,
    sync_orders,
)
from marketplace_sdk.sync._quarantine import refetch_orders
from marketplace_sdk.sync._runtime import JobContext
from marketplace_sdk.sync._specs import JobSpec, JobSpecError, ShopRef
from marketplace_sdk.sync._windows import incremental_windows

__all__ = [
    "TASKS",
    "accept_new_orders",
    "backfill",
    "cancellations",
    "catalogue",
    "new_orders",
    "refetch",
    "standard_schedule",
    "status_orders",
]

#: The module the standard tasks are imported from by reference (their public path).
TASKS = "marketplace_sdk.sync"

logger = logging.getLogger(__name__)


def _described(marketplace: str) -> MarketplaceDescription | None:
    try:
        return get_marketplace(marketplace)
    except UnknownMarketplaceError:
        return None


def _order_sink(ctx: JobContext) -> _OrderSink:
    return _OrderSink(ctx)


class _OrderSink:
    def __init__(self, ctx: JobContext) -> None:
        self._ctx = ctx

    def __call__(self, batch: Sequence[Order]) -> None:
        self._ctx.sink.orders(self._ctx.shop, batch)


class _QuarantineSink:
    """The host sink's `quarantine`, for the shop of the run: every job sets records aside."""

    def __init__(self, ctx: JobContext) -> None:
        self._ctx = ctx

    def __call__(self, batch: Sequence[QuarantinedRecord]) -> None:
        self._ctx.sink.quarantine(self._ctx.shop, batch)


def new_orders(
    ctx: JobContext,
    *,
    lookback: float = 300,
    initial: float = 86400,
    max_span: float = 86400,
    batch_size: int = 100,
) -> RunReport:
    """Orders created or changed since the last run (every 5 minutes in the seeds).

    Examples:
        JobSpec("orders.new", "marketplace_sdk.sync:new_orders", timedelta(minutes=5))
    """
    return _incremental(ctx, None, lookback, initial, max_span, batch_size)


def _incremental(
    ctx: JobContext,
    statuses: Sequence[str] | None,
    lookback: float,
    initial: float,
    max_span: float,
    batch_size: int,
) -> RunReport:
    return sync_orders(
        ctx.channel,
        ctx.cursors,
        _order_sink(ctx),
        now=ctx.now,
        job_id=ctx.spec.id,
        statuses=statuses,
        lookback=timedelta(seconds=lookback),
        initial=timedelta(seconds=initial),
        max_span=timedelta(seconds=max_span),
        batch_size=batch_size,
        quarantine=_QuarantineSink(ctx),
    )


def status_orders(
    ctx: JobContext,
    *,
    statuses: Sequence[str] | None = None,
    lookback: float = 3600,
    initial: float = 86400,
    max_span: float = 86400,
    batch_size: int = 100,
) -> RunReport:
    """Orders in the seed's synced statuses (every 30 minutes), with a wide lookback.

    The safety net behind `new_orders`: an hour of overlap by default catches an update the
    marketplace indexed late. `statuses` defaults to the statuses the shop's marketplace syncs
    (`MarketplaceDescription.synced_statuses`; every status for a marketplace not registered).

    Examples:
        JobSpec("orders.status", "marketplace_sdk.sync:status_orders", timedelta(minutes=30))
    """
    described = _described(ctx.shop.marketplace)
    wanted = statuses
    if wanted is None and described is not None:
        wanted = described.synced_statuses
    return _incremental(ctx, wanted, lookback, initial, max_span, batch_size)


def backfill(
    ctx: JobContext,
    *,
    days: int = 90,
    slice_days: float = 1,
    slices_per_run: int | None = 15,
    batch_size: int = 100,
    action_first: bool = True,
) -> RunReport:
    """The 90-day backfill at connect, a few slices per run, then nothing once it is done.

    Scheduled often (every 10 minutes by default) so a new shop fills quickly without one
    run holding a worker for long; after the last gap is filled each run reads only its cursor.
    With `action_first` (the default), the orders still to accept or ship
    (`action_statuses` of the marketplace's status table) come first, across the 90 days,
    then every order, newest first (see `backfill_orders`).

    Examples:
        JobSpec("orders.backfill", "marketplace_sdk.sync:backfill", timedelta(minutes=10))
    """
    horizon = timedelta(days=days)
    if backfill_done(ctx.cursors, ctx.cursor_key(), horizon=horizon):
        return RunReport(job_id=ctx.spec.id, key=str(ctx.cursor_key()))
    return backfill_orders(
        ctx.channel,
        ctx.cursors,
        _order_sink(ctx),
        now=ctx.now,
        job_id=ctx.spec.id,
        horizon=horizon,
        slice_span=timedelta(days=slice_days),
        batch_size=batch_size,
        max_slices=slices_per_run,
        quarantine=_QuarantineSink(ctx),
        action_statuses=_action_statuses(ctx) if action_first else None,
    )


def _action_statuses(ctx: JobContext) -> tuple[str, ...] | None:
    described = _described(ctx.shop.marketplace)
    return action_statuses(described.status_table) if described is not None else None


def cancellations(
    ctx: JobContext, *, lookback: float = 600, initial: float = 86400, batch_size: int = 100
) -> RunReport:
    """Cancellations since the last run (hourly in the seeds).

    Each channel reads them as its API allows (see `marketplace_sdk.sync.sync_cancellations`).

    Examples:
        JobSpec("orders.cancellations", "marketplace_sdk.sync:cancellations", timedelta(hours=1))
    """

    def sink(batch: Sequence[Cancellation]) -> None:
        ctx.sink.cancellations(ctx.shop, batch)

    return sync_cancellations(
        ctx.channel,
        ctx.cursors,
        sink,
        now=ctx.now,
        job_id=ctx.spec.id,
        lookback=timedelta(seconds=lookback),
        initial=timedelta(seconds=initial),
        batch_size=batch_size,
        quarantine=_QuarantineSink(ctx),
    )


def refetch(ctx: JobContext, *, order_ids: Sequence[str], batch_size: int = 100) -> RunReport:
    """Fetch set-aside orders again by id, after a fix (see `refetch_orders`), run by hand.

    Orders that now convert reach the host's `Sink.orders`; those that still do not reach
    `Sink.quarantine` again. The report's `detail` names both (`RefetchOutcome`).

    Examples:
        spec = JobSpec("orders.refetch", "marketplace_sdk.sync:refetch", timedelta(days=1))
        ids = refetchable_ids(oms.quarantined(shop))
        run = run_job(attrs.evolve(spec, kwargs={"order_ids": ids}), shop, runtime)
    """
    return refetch_orders(
        ctx.channel,
        order_ids,
        _order_sink(ctx),
        quarantine=_QuarantineSink(ctx),
        job_id=ctx.spec.id,
        batch_size=batch_size,
    )


#: How far the first acceptance run of a shop reaches back, in seconds: a week, longer than any
#: acceptance deadline known (a Mirakl operator refuses an order left unanswered for 3 days,
#: MIRAKL-Q09; FNAC publishes none), so orders already waiting when a shop connects are decided.
FIRST_ACCEPT_REACH = 7 * 86_400.0


def accept_new_orders(
    ctx: JobContext,
    *,
    auto: bool = True,
    lookback: float = 600,
    initial: float = FIRST_ACCEPT_REACH,
) -> RunReport:
    """Accept the orders changed since the last run whose every line the OMS has in stock.

    For marketplaces that need acceptance (`Capabilities.order_acceptance_required`); elsewhere
    every order is "not applicable" and nothing is sent. The OMS's stock comes from
    `Runtime.stock_for`; without it nothing is accepted automatically (every order is left to
    the OMS). The lines awaiting a decision are those in the marketplace's
    `acceptance_line_states` (its description's). The `AcceptReport` is the run report's
    `detail`: orders left Partial name their short lines. An order whose acceptance
    failed (the marketplace busy) is kept in the cursor and tried again by the next run; refused
    credentials stop the run. The first run reaches back `initial` seconds (a week by default,
    `FIRST_ACCEPT_REACH`), so orders already waiting when the shop connects are decided before
    the operator refuses them; later runs cover the time since the last with `lookback`.
    An order the marketplace refused where a refusal may zero its offers' stock (the
    description's `restock_statuses`: Mirakl's `REFUSED`, MIRAKL-Q09) gets the OMS's stock of
    its SKUs pushed again (`AcceptReport.restock`/`restocked`; a push to retry goes next run).

    Examples:
        JobSpec("orders.accept", "marketplace_sdk.sync:accept_new_orders",
                timedelta(minutes=5), shops=accepting_shops)
    """
    key = ctx.cursor_key()
    state = ctx.cursors.load(key)
    report = RunReport(job_id=ctx.spec.id, key=str(key))
    plan = incremental_windows(
        ctx.now,
        watermark=state.watermark,
        lookback=timedelta(seconds=lookback),
        initial=timedelta(seconds=initial),
        max_span=None,
    )
    if not plan:
        return report
    window = plan[0]
    stock = ctx.runtime.stock(ctx.shop)
    described = _described(ctx.shop.marketplace)
    awaiting = described.acceptance_line_states if described is not None else ()
    restock_statuses = frozenset(described.restock_statuses if described is not None else ())
    policy = (
        AcceptPolicy(
            auto=auto and stock is not None,
            awaiting_line_states=frozenset(awaiting),
            restock_statuses=restock_statuses,
        )
        if awaiting
        else AcceptPolicy(auto=auto and stock is not None, restock_statuses=restock_statuses)
    )
    retry = [str(order_id) for order_id in state.extra.get("failed", [])]
    outcome = accept_orders(
        ctx.channel, window, stock=stock or (lambda sku: 0), policy=policy, retry=retry
    )
    pending = [str(sku) for sku in state.extra.get("restock", [])]
    outcome.restock = list(dict.fromkeys([*pending, *outcome.restock]))
    unsent = _restock(ctx, outcome, stock)
    # The window moves on; an order whose acceptance failed is tried again by the next run,
    # and so is a SKU whose stock could not be pushed again.
    moved = state.advance(ctx.now)
    extra = {**moved.extra, "failed": outcome.failed, "restock": unsent}
    ctx.cursors.save(key, attrs.evolve(moved, extra=extra))
    report.windows.append(window)
    report.records = len(outcome.accepted)
    report.detail = outcome
    return report


def _restock(ctx: JobContext, outcome: AcceptReport, stock: StockLookup | None) -> list[str]:
    """Push the OMS's stock of `outcome.restock` again; the SKUs still to push (next run).

    A marketplace that may have zeroed an order's offers after a refusal (MIRAKL-Q09) gets the
    OMS's level back; without the OMS's stock (`Runtime.stock_for`) nothing can be pushed and
    the SKUs are logged for the host.
    """
    if not outcome.restock:
        return []
    if stock is None:
        logger.warning(
            "%s/%s: orders refused; push the OMS's stock of %s again (the marketplace may "
            "have set it to 0)",
            ctx.shop.marketplace,
            ctx.shop.shop_id,
            ", ".join(outcome.restock),
        )
        return []
    updates = [StockUpdate(sku=sku, quantity=max(stock(sku), 0)) for sku in outcome.restock]
    try:
        results = list(ctx.channel.push_stock(updates))
    except MarketplaceError as error:
        if error.error_class is ErrorClass.CONFIGURATION:
            raise
        logger.warning(
            "%s/%s: stock not pushed again: %s", ctx.shop.marketplace, ctx.shop.shop_id, error
        )
        return list(outcome.restock)
    outcome.restocked = results
    # A refused SKU (unknown offer, say) is the host's to see; one to retry goes next run.
    return [r.key for r in results if r.outcome in (Outcome.RETRY_LATER, Outcome.UNKNOWN)]


def catalogue(
    ctx: JobContext,
    *,
    preset: str = "marketplace",
    max_skus: int | None = None,
    per: float = 900,
    batch_size: int = 100,
    daily_share: float | None = None,
) -> RunReport:
    """The catalogue import (categories with attributes, then products), throttled.

    `preset` is `"marketplace"` (what the marketplace's own budget allows, the default) or
    `"seed"` (the seeds' 1,000 SKUs per 15 minutes); `max_skus` per `per` seconds is the
    host's cap for this shop (the stricter throttle applies); `daily_share` replaces the share
    of the day's request budget the import may spend (a quarter by default). An interrupted
    import resumes from its checkpoint on the next run.

    Examples:
        JobSpec("catalogue.import", "marketplace_sdk.sync:catalogue", timedelta(days=1),
                shops=(ShopRef("etsy", "42", kwargs={"max_skus": 500}),))
    """
    if preset == "marketplace":
        throttle = CatalogueThrottle.for_marketplace(ctx.shop.marketplace)
    elif preset == "seed":
        throttle = CatalogueThrottle.seed_preset()
    else:
        raise JobSpecError(f"catalogue preset {preset!r}: use 'marketplace' or 'seed'")
    if max_skus is not None:
        throttle = throttle.capped(max_skus, timedelta(seconds=per))
    if daily_share is not None:
        try:
            throttle = attrs.evolve(throttle, daily_share=daily_share)
        except ValueError as error:
            raise JobSpecError(f"catalogue daily_share: {error}") from None

    def categories(batch: Sequence[Category]) -> None:
        ctx.sink.categories(ctx.shop, batch)

    def products(batch: Sequence[Product]) -> None:
        ctx.sink.products(ctx.shop, batch)

    return import_catalogue(
        ctx.channel,
        categories_sink=categories,
        products_sink=products,
        store=ctx.cursors,
        clock=ctx.clock,
        throttle=throttle,
        job_id=ctx.spec.id,
        batch_size=batch_size,
        quarantine=_QuarantineSink(ctx),
    )


#: The seeds' schedule: job id, task, interval, and whether the job runs once at start.
_STANDARD_JOBS = (
    ("orders.new", "new_orders", timedelta(minutes=5), True),
    ("orders.status", "status_orders", timedelta(minutes=30), False),
    ("orders.cancellations", "cancellations", timedelta(hours=1), False),
    ("orders.backfill", "backfill", timedelta(minutes=10), True),
    ("catalogue.import", "catalogue", timedelta(days=1), True),
)
#: Acceptance, for the shops of the marketplaces whose orders wait for it.
_ACCEPT_JOB = ("orders.accept", "accept_new_orders", timedelta(minutes=5), True)


def standard_schedule(
    shops: Iterable[ShopRef], *, jitter: timedelta = timedelta(seconds=30)
) -> list[JobSpec]:
    """The seeds' schedule for these shops, as specs a runner executes.

    Examples:
        runner = EmbeddedRunner(standard_schedule(shops), runtime)
    """
    every = tuple(shops)
    accepting = tuple(
        shop
        for shop in every
        if (described := _described(shop.marketplace)) is not None
        and described.order_acceptance_required
    )
    planned = [(job, every) for job in _STANDARD_JOBS]
    if accepting:
        planned.append((_ACCEPT_JOB, accepting))
    return [
        JobSpec(
            job_id,
            f"{TASKS}:{task}",
            interval,
            shops=for_shops,
            jitter=jitter,
            run_at_start=run_at_start,
        )
        for (job_id, task, interval, run_at_start), for_shops in planned
    ]
