"""The Celery adapter: the same `JobSpec`s as beat entries and one task, for many machines.

`configure(app, specs, runtime=...)` registers one task, `marketplace_sdk.run_job`, and one beat
entry per (spec, shop), named `spec.name_for(shop)`. The task's arguments are plain data (the
spec and the shop as dicts), never a credential: each worker process builds its own `Runtime`
from the host's import reference the first time it runs a job, and opens channels from it.

At most one run of a job is in progress for one shop across every worker: the task takes a
per-job, per-shop lock in Redis (`SET key token NX PX ttl`, renewed while the job runs, released
by a compare-and-delete) and reports `skipped` when another run holds it. A beat message that
waited longer than its window in the queue expires instead of running, so a backlog of missed
beats after an outage collapses into the next run (which widens its window) rather than a burst.

A run survives the worker that dies under it. The task acknowledges its message only once the
run is over (`acks_late`), and a pool process killed mid-run gives its message back
(`reject_on_worker_lost`); a whole worker killed leaves it unacknowledged, and the broker hands
it out again after its visibility timeout, which `configure` sets to the lock's lease plus a
third (unless the app sets one). The message that comes back finds the lock the dead run took:
instead of being skipped it waits for that lease to run out (the dead run renews it no more),
then runs.

Installed with the `celery` extra (`pip install 'marketplace-sdk[celery]'`); `marketplace_sdk.sync`
itself never imports it, and importing this module without the extra raises a
`ModuleNotFoundError` that names the extra to install.

Every worker imports the host's runtime by its reference, so the host's package must be
importable in the worker: install it in the worker's environment or put it on the worker's
`PYTHONPATH`. A runtime that cannot be imported fails the task with a `CeleryAdapterError`
carrying the cause's type and message (secrets redacted), not only in the worker's log.

Examples:
    >>> from celery import Celery
    >>> from marketplace_sdk.sync import ShopRef, standard_schedule
    >>> app = Celery("oms", broker="redis://127.0.0.1:6379/0", set_as_current=False)
    >>> jobs = configure(app, standard_schedule([ShopRef("etsy", "42")]),
    ...                  runtime="oms.marketplaces:runtime")
    >>> entry = app.conf.beat_schedule["orders.new@etsy/42"]
    >>> entry["task"], entry["schedule"]
    ('marketplace_sdk.run_job', datetime.timedelta(seconds=300))
    >>> entry["options"]  # this shop's fixed jitter delays it; past its window it expires
    {'expires': 324.0, 'countdown': 24.0}
    >>> jobs.task.acks_late, jobs.task.reject_on_worker_lost
    (True, True)
    >>> app.conf.broker_transport_options  # the lock's lease (10 minutes) plus a third
    {'visibility_timeout': 800.0}
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

import attrs

from marketplace_sdk.sync._extras import require_extra

with require_extra("celery", "marketplace_sdk.sync.celery"):
    import redis
    from celery import Celery
    from celery.result import AsyncResult

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError
from marketplace_sdk.sync._runtime import Runtime, run_job
from marketplace_sdk.sync._specs import JobSpec, JobSpecError, ShopRef, import_reference
from marketplace_sdk.sync.redis_lock import DEFAULT_LOCK_PREFIX, JobLock, LockLease

__all__ = [
    "DEFAULT_LOCK_PREFIX",
    "TASK_NAME",
    "CeleryAdapterError",
    "CeleryJobs",
    "JobLock",
    "LockLease",
    "configure",
    "load_runtime",
    "visibility_timeout_for",
]

logger = logging.getLogger(__name__)

#: The one task the adapter registers.
TASK_NAME = "marketplace_sdk.run_job"

#: How often a message given back by a dead run waits for the lock before it is skipped.
_WAITS_FOR_A_DEAD_RUN = 3
#: How long after the dead run's lease it tries again.
_MARGIN = timedelta(seconds=1)


class CeleryAdapterError(MarketplaceError):
    """The Celery adapter is set up wrongly (no Redis for the lock, a bad runtime reference).

    Examples:
        >>> try:
        ...     load_runtime("no-colon")
        ... except CeleryAdapterError as error:
        ...     print(error.error_class.value, "-", error)
        configuration - runtime 'no-colon' is not 'package.module:attribute'
    """

    default_class = ErrorClass.CONFIGURATION


def load_runtime(reference: str) -> Runtime:
    """Import the host's `Runtime` (or a zero-argument factory returning one) by reference.

    Raises:
        CeleryAdapterError: a malformed reference, a module that cannot be imported (the
            message carries the cause's type and message, redacted, and reminds that the
            host's package must be on the worker's `PYTHONPATH`), a missing attribute, or
            something that is not a `Runtime` nor makes one.

    Examples:
        runtime = load_runtime("oms.marketplaces:build_runtime")
    """
    try:
        target = import_reference(reference, what="runtime")
    except JobSpecError as error:
        raise CeleryAdapterError(error.message) from error.__cause__
    if not isinstance(target, Runtime) and callable(target):
        target = target()
    if not isinstance(target, Runtime):
        raise CeleryAdapterError(f"runtime {reference!r} is not a Runtime nor makes one")
    return target


def visibility_timeout_for(lock_ttl: timedelta) -> timedelta:
    """The broker's visibility timeout that goes with a lock's lease: the lease plus a third.

    A message whose worker died comes back after it; by then the dead run's lease, which it no
    longer renews, has run out, so the run starts again at once.

    Examples:
        >>> visibility_timeout_for(timedelta(minutes=10))
        datetime.timedelta(seconds=800)
    """
    return lock_ttl + lock_ttl / 3


def _redelivered(request: Any) -> bool:
    info = getattr(request, "delivery_info", None) or {}
    return bool(info.get("redelivered"))


def _window(spec: JobSpec) -> timedelta:
    if spec.coalesce:
        return spec.interval
    return max(timedelta(seconds=1), min(spec.misfire_grace, spec.interval))


@attrs.define
class CeleryJobs:
    """The adapter installed on one Celery app: its task, its beat entries, its lock.

    Built by `configure`; the host keeps it to send a job by hand (`send`).

    Attributes:
        app: the Celery app.
        specs: the scheduled specs, by id.
        runtime: the import reference of the host's `Runtime` (or factory).
        lock_url: the Redis of the locks; `None` uses the app's broker.
        lock_prefix: the prefix of every lock key.
        lock_ttl: how long a lock outlives a worker that died holding it.

    Examples:
        jobs = configure(app, specs, runtime="oms.marketplaces:runtime")
        jobs.send(specs[0], ShopRef("etsy", "42"))
    """

    app: Celery = attrs.field(repr=False)
    specs: dict[str, JobSpec]
    runtime: str
    lock_url: str | None = None
    lock_prefix: str = DEFAULT_LOCK_PREFIX
    lock_ttl: timedelta = timedelta(minutes=10)
    task: Any = attrs.field(default=None, init=False, repr=False)
    _loaded: Runtime | None = attrs.field(default=None, init=False, repr=False)
    _lock: JobLock | None = attrs.field(default=None, init=False, repr=False)
    _guard: threading.Lock = attrs.field(factory=threading.Lock, init=False, repr=False)

    def beat_schedule(self) -> dict[str, dict[str, object]]:
        """One beat entry per (spec, shop), named `spec.name_for(shop)`.

        A message expires after the spec's window (its interval when it coalesces, its misfire
        grace otherwise) plus the shop's jitter, which delays it (`countdown`).

        Examples:
            app.conf.beat_schedule = jobs.beat_schedule()
        """
        schedule: dict[str, dict[str, object]] = {}
        for spec in self.specs.values():
            for shop in spec.shops:
                schedule[spec.name_for(shop)] = {
                    "task": TASK_NAME,
                    "schedule": spec.interval,
                    "args": self.arguments(spec, shop),
                    "options": self.options(spec, shop),
                }
        return schedule

    @staticmethod
    def arguments(spec: JobSpec, shop: ShopRef) -> tuple[dict[str, Any], dict[str, Any]]:
        """The task's arguments for one run: the spec (without its shop list) and the shop.

        Examples:
            >>> spec = JobSpec("a", "m:f", timedelta(minutes=5), shops=(ShopRef("etsy", "1"),))
            >>> CeleryJobs.arguments(spec, spec.shops[0])[1]
            {'marketplace': 'etsy', 'shop_id': '1'}
        """
        return spec.with_shops().to_dict(), shop.to_dict()

    @staticmethod
    def options(spec: JobSpec, shop: ShopRef) -> dict[str, float]:
        """The message options of a run: its jitter delay and its expiry.

        Examples:
            >>> spec = JobSpec("a", "m:f", timedelta(minutes=5), coalesce=False,
            ...                misfire_grace=timedelta(seconds=60))
            >>> CeleryJobs.options(spec, ShopRef("etsy", "1"))
            {'expires': 60.0}
        """
        jitter = spec.jitter_for(shop).total_seconds()
        options = {"expires": jitter + _window(spec).total_seconds()}
        if jitter:
            options["countdown"] = jitter
        return options

    def send(self, spec: JobSpec, shop: ShopRef, **options: Any) -> AsyncResult:
        """Queue one run of `spec` for `shop` now (a manual sync, or a run at connect).

        Examples:
            result = jobs.send(spec, ShopRef("etsy", "42"))
            result.get(timeout=600)["records"]
        """
        return self.task.apply_async(args=self.arguments(spec, shop), **options)

    def job_lock(self) -> JobLock:
        """The lock, on the lock Redis (or the broker's), made once per process.

        Examples:
            lock = jobs.job_lock()
        """
        with self._guard:
            if self._lock is None:
                url = self.lock_url or str(self.app.conf.broker_url or "")
                if not url.startswith(("redis://", "rediss://", "unix://")):
                    raise CeleryAdapterError(
                        "the job lock needs Redis: give lock_url when the broker is not Redis"
                    )
                client = redis.Redis.from_url(url)
                self._lock = JobLock(client, prefix=self.lock_prefix, ttl=self.lock_ttl)
            return self._lock

    def host_runtime(self) -> Runtime:
        """The host's `Runtime`, loaded on the first run in this process.

        Examples:
            runtime = jobs.host_runtime()
        """
        with self._guard:
            if self._loaded is None:
                self._loaded = load_runtime(self.runtime)
            return self._loaded

    def run(self, spec_data: Mapping[str, Any], shop_data: Mapping[str, Any]) -> dict[str, Any]:
        """The task's body: one run under the lock, or a `skipped` report when it is held.

        Examples:
            report = jobs.run(spec.to_dict(), ShopRef("etsy", "42").to_dict())
        """
        spec, shop = JobSpec.from_dict(spec_data), ShopRef.from_dict(shop_data)
        name = spec.name_for(shop)
        with self.job_lock().hold(name) as lease:
            if lease is None:
                logger.info("%s skipped: already running", name)
                return {
                    "name": name,
                    "job_id": spec.id,
                    "shop": str(shop),
                    "skipped": True,
                    "reason": "already running",
                    "records": 0,
                    "api_calls": 0,
                    "retries": 0,
                    "failures": {},
                    "quarantined": 0,
                    "error": None,
                    "error_class": None,
                    "report": None,
                }
            run = run_job(spec, shop, self.host_runtime())
        result = {**run.to_dict(), "skipped": False}
        logger.info("%s ran: %s", name, result)
        return result


def configure(
    app: Celery,
    specs: Iterable[JobSpec],
    *,
    runtime: str,
    lock_url: str | None = None,
    lock_prefix: str = DEFAULT_LOCK_PREFIX,
    lock_ttl: timedelta = timedelta(minutes=10),
) -> CeleryJobs:
    """Register the `marketplace_sdk.run_job` task on `app` and its beat entries for `specs`.

    Call it in the module that defines the app, so beat and every worker see the same specs.

    The task is acknowledged late and rejected when its worker is lost, so a run killed with
    its worker comes back; the app's broker gets a visibility timeout consistent with the lock
    (`visibility_timeout_for(lock_ttl)`) unless its `broker_transport_options` already name
    one. A host that also queues its own tasks with a countdown longer than that should set
    it itself, no shorter than `lock_ttl`.

    Args:
        app: the host's Celery app.
        specs: the jobs to schedule (e.g. `standard_schedule(shops)`).
        runtime: `"package.module:attribute"`, the host's `Runtime` or a zero-argument factory;
            each worker process loads it once, on its first run.
        lock_url: the Redis holding the locks (default: the app's broker).
        lock_prefix: the prefix of the lock keys.
        lock_ttl: a lock's lease; a run renews it every third of that while it goes on.

    Examples:
        >>> from celery import Celery
        >>> app = Celery("oms", set_as_current=False)
        >>> jobs = configure(app, [], runtime="oms.marketplaces:runtime")
        >>> jobs.task.name, app.conf.beat_schedule
        ('marketplace_sdk.run_job', {})
    """
    by_id: dict[str, JobSpec] = {}
    for spec in specs:
        if spec.id in by_id:
            raise CeleryAdapterError(f"two job specs share the id {spec.id!r}")
        by_id[spec.id] = spec
    jobs = CeleryJobs(
        app, by_id, runtime, lock_url=lock_url, lock_prefix=lock_prefix, lock_ttl=lock_ttl
    )

    def run_one_job(task: Any, spec: dict[str, Any], shop: dict[str, Any]) -> dict[str, Any]:
        report = jobs.run(spec, shop)
        came_back = _redelivered(task.request) and task.request.retries < _WAITS_FOR_A_DEAD_RUN
        if report["skipped"] and came_back:
            # The message came back because the run it started died, and that run's lock
            # outlives it until its lease runs out: run once it has, rather than skip. (The
            # wait stays under the visibility timeout, or the broker would hand it out again.)
            wait = jobs.job_lock().remaining(report["name"]) + min(lock_ttl / 10, _MARGIN)
            logger.info("%s given back by a dead run: runs in %s", report["name"], wait)
            raise task.retry(countdown=wait.total_seconds(), max_retries=None)
        return report

    jobs.task = app.task(
        name=TASK_NAME, shared=False, bind=True, acks_late=True, reject_on_worker_lost=True
    )(run_one_job)
    transport = dict(app.conf.broker_transport_options or {})
    transport.setdefault("visibility_timeout", visibility_timeout_for(lock_ttl).total_seconds())
    app.conf.broker_transport_options = transport
    schedule = dict(app.conf.beat_schedule or {})
    schedule.update(jobs.beat_schedule())
    app.conf.beat_schedule = schedule
    return jobs
