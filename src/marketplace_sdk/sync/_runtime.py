"""What a job run needs from the host, and one run of one job for one shop.

The host builds one `Runtime`: how to open a shop's channel, its cursor store, its sink, the
clock, and (for FNAC acceptance) how to read its own stock. Every runner (the embedded one, the
simulated one, a Celery worker) calls `run_job` with it, which times the run, meters its API
calls and turns any failure into a report rather than a crash of the scheduler.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.sync._cursors import MemoryCursorStore
    >>> from marketplace_sdk.sync._sink import MemorySink
    >>> from marketplace_sdk.sync._specs import JobSpec, ShopRef
    >>> class NoOrders:
    ...     marketplace, shop_id = "etsy", "42"
    ...     def iter_orders(self, since, until, statuses=None, *, quarantine=None):
    ...         return iter(())
    >>> runtime = Runtime(channel_for=lambda shop: NoOrders(), cursors=MemoryCursorStore(),
    ...                   sink=MemorySink(), clock=FakeClock(datetime(2026, 3, 1, tzinfo=UTC)))
    >>> spec = JobSpec("orders.new", "marketplace_sdk.sync:new_orders",
    ...                interval=timedelta(minutes=5))
    >>> run = run_job(spec, ShopRef("etsy", "42"), runtime)
    >>> run.ok, run.records, run.api_calls
    (True, 0, 0)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

import attrs

from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._errors import ErrorClass, MarketplaceError
from marketplace_sdk.core._metering import metered
from marketplace_sdk.core._redact import redact_text
from marketplace_sdk.core._sync.channel import Channel
from marketplace_sdk.sync._accept import StockLookup
from marketplace_sdk.sync._cursors import CursorKey, CursorStore
from marketplace_sdk.sync._jobs import RunReport
from marketplace_sdk.sync._sink import Sink
from marketplace_sdk.sync._specs import JobSpec, ShopRef, resolve_job

__all__ = ["JobContext", "JobRun", "Runtime", "StockLookup", "run_job"]

logger = logging.getLogger(__name__)


@attrs.define
class Runtime:
    """The host's side of every job run.

    Attributes:
        channel_for: opens the `Channel` of a shop (called once per shop and cached).
        cursors: where jobs keep their cursors (`SQLiteCursorStore` in production).
        sink: where records go (see `marketplace_sdk.sync._sink` for the contract).
        clock: the clock runs read `now` from (a `FakeClock` in tests and the demo).
        stock_for: the OMS's stock of a shop, for jobs that decide on it (FNAC acceptance).

    Examples:
        runtime = Runtime(channel_for=oms.channel_for_shop,
                          cursors=SQLiteCursorStore("cursors.db"), sink=OmsSink())
    """

    channel_for: Callable[[ShopRef], Any]
    cursors: CursorStore
    sink: Sink
    clock: Clock = attrs.field(factory=SystemClock)
    stock_for: Callable[[ShopRef], StockLookup] | None = None
    _channels: dict[tuple[str, str], Any] = attrs.field(factory=dict, init=False, repr=False)
    _lock: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False)

    def channel(self, shop: ShopRef) -> Channel:
        """The shop's channel, opened on first use.

        Examples:
            channel = runtime.channel(ShopRef("etsy", "42"))
        """
        key = (shop.marketplace, shop.shop_id)
        with self._lock:
            if key not in self._channels:
                self._channels[key] = self.channel_for(shop)
            channel: Channel = self._channels[key]
            return channel

    def stock(self, shop: ShopRef) -> StockLookup | None:
        """The shop's stock lookup, when the host gave one.

        Examples:
            lookup = runtime.stock(ShopRef("fnac", "S1"))
        """
        return None if self.stock_for is None else self.stock_for(shop)


@attrs.frozen
class JobContext:
    """What a job function receives: the shop, its channel, the host's stores and the run's `now`.

    `now` is read once when the run starts and is the upper bound of every window the run
    covers: records changed during the run are caught by the next one, never skipped.

    Examples:
        def my_job(ctx: JobContext, **kwargs) -> RunReport:
            return sync_orders(ctx.channel, ctx.cursors, ctx.order_sink, now=ctx.now)
    """

    spec: JobSpec
    shop: ShopRef
    runtime: Runtime
    now: datetime

    @property
    def channel(self) -> Channel:
        """The shop's channel."""
        return self.runtime.channel(self.shop)

    @property
    def cursors(self) -> CursorStore:
        """The cursor store."""
        return self.runtime.cursors

    @property
    def sink(self) -> Sink:
        """The host's sink."""
        return self.runtime.sink

    @property
    def clock(self) -> Clock:
        """The clock (for jobs that must wait, e.g. a throttled import)."""
        return self.runtime.clock

    def cursor_key(self, job_id: str | None = None) -> CursorKey:
        """The cursor of this job (or of `job_id`) for this shop.

        Examples:
            state = ctx.cursors.load(ctx.cursor_key())
        """
        return CursorKey(self.shop.marketplace, self.shop.shop_id, job_id or self.spec.id)


@attrs.frozen
class JobRun:
    """The report of one run of one job for one shop.

    Attributes:
        name: `job@marketplace/shop`.
        started_at: the run's `now`.
        duration: seconds, by the runtime clock's monotonic time.
        records: records handed to the sink (repeats from overlapping windows included).
        api_calls: HTTP requests sent, retries included.
        retries: requests sent again after a failed attempt (counted in `api_calls`).
        failures: failed attempts by class (`http_503`, `timeout`, `connection_lost`,
            `unreadable_body`, ...), whether a retry saved them or not.
        quarantined: records set aside (handed to `Sink.quarantine`) because the SDK could
            not convert them; the run still succeeded for the others.
        error: what went wrong, already free of secrets; `None` when the run succeeded.
        error_class: `configuration`, `transient`, `client` or `system` (see `ErrorClass`).
        report: the job's own report, when it finished; `to_dict` carries it as plain data
            (counts, windows, duplicate SKUs as `SkuDuplicate` entries) and `from_dict` reads
            it back.

    Examples:
        >>> from datetime import UTC, datetime
        >>> run = JobRun(name="orders.new@etsy/42", job_id="orders.new", shop="etsy/42",
        ...              started_at=datetime(2026, 3, 1, tzinfo=UTC), duration=0.5, records=3,
        ...              api_calls=2)
        >>> run.ok, run.to_dict()["records"]
        (True, 3)
    """

    name: str
    job_id: str
    shop: str
    started_at: datetime
    duration: float
    records: int = 0
    api_calls: int = 0
    quarantined: int = 0
    error: str | None = None
    error_class: str | None = None
    report: RunReport | None = attrs.field(default=None, eq=False, repr=False)
    retries: int = 0
    failures: dict[str, int] = attrs.field(factory=dict, repr=False)

    @property
    def ok(self) -> bool:
        """Whether the run finished without error."""
        return self.error is None

    def to_dict(self) -> dict[str, Any]:
        """Plain data for logs and dashboards.

        Examples:
            record = run.to_dict()
        """
        return {
            "name": self.name,
            "job_id": self.job_id,
            "shop": self.shop,
            "started_at": self.started_at.isoformat(),
            "duration": round(self.duration, 3),
            "records": self.records,
            "api_calls": self.api_calls,
            "retries": self.retries,
            "failures": dict(sorted(self.failures.items())),
            "quarantined": self.quarantined,
            "error": self.error,
            "error_class": self.error_class,
            "report": None if self.report is None else self.report.to_dict(),
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> JobRun:
        """Read back what `to_dict` wrote (a Celery task's result, a dashboard's record).

        The job's report comes back with its counts, windows and duplicate SKUs (not its
        `detail`); a Celery result for a skipped run has no report.

        Examples:
            run = JobRun.from_dict(jobs.send(spec, shop).get(timeout=600))
            for duplicate in run.report.duplicates: print(duplicate.sku, duplicate.dropped)
        """
        report = data.get("report")
        return cls(
            name=str(data["name"]),
            job_id=str(data["job_id"]),
            shop=str(data["shop"]),
            started_at=datetime.fromisoformat(data["started_at"]),
            duration=float(data.get("duration", 0.0)),
            records=int(data.get("records", 0)),
            api_calls=int(data.get("api_calls", 0)),
            quarantined=int(data.get("quarantined", 0)),
            error=data.get("error"),
            error_class=data.get("error_class"),
            report=None if report is None else RunReport.from_dict(report),
            retries=int(data.get("retries", 0)),
            failures={str(k): int(v) for k, v in dict(data.get("failures") or {}).items()},
        )


def run_job(spec: JobSpec, shop: ShopRef, runtime: Runtime) -> JobRun:
    """Run `spec` once for `shop` now, and report it; never raises for a failing job.

    A failure is logged and reported with its `ErrorClass`: `configuration` (reconnect the shop,
    fix the spec), `transient` (the next run retries), `client` (the job asks for what the
    marketplace cannot do: change the spec) or `system` (a bug: alert a person). The
    job's cursor stayed at its last acknowledged slice, so nothing is lost.

    Examples:
        run = run_job(spec, ShopRef("etsy", "42"), runtime)
        if not run.ok: alert(run.to_dict())
    """
    name = spec.name_for(shop)
    now = runtime.clock.now()
    started = runtime.clock.monotonic()
    report: RunReport | None = None
    error: str | None = None
    error_class: str | None = None
    with metered() as meter:
        try:
            function = resolve_job(spec.func)
            context = JobContext(spec=spec, shop=shop, runtime=runtime, now=now)
            report = function(context, **spec.arguments_for(shop))
        except MarketplaceError as failure:
            error, error_class = str(failure), failure.error_class.value
            logger.warning("%s failed (%s): %s", name, error_class, error)
        except Exception as failure:  # a job bug must not stop the scheduler
            # A host's own exception may quote a DSN or a token: redact it like the SDK's own.
            error = redact_text(f"{type(failure).__name__}: {failure}")
            error_class = ErrorClass.SYSTEM.value
            logger.exception("%s failed", name)
    run = JobRun(
        name=name,
        job_id=spec.id,
        shop=str(shop),
        started_at=now,
        duration=runtime.clock.monotonic() - started,
        records=report.records if report is not None else 0,
        api_calls=meter.requests,
        quarantined=report.quarantined if report is not None else 0,
        error=error,
        error_class=error_class,
        report=report,
        retries=meter.retries,
        failures=dict(meter.failures),
    )
    logger.info(
        "%s: %d records, %d API calls, %.3fs%s%s",
        name,
        run.records,
        run.api_calls,
        run.duration,
        f", {run.quarantined} set aside" if run.quarantined else "",
        "" if run.ok else f", failed: {error}",
    )
    return run
