"""The embedded runner: the host's job specs, run in this process on APScheduler 3.

One APScheduler job per spec and shop (`spec.name_for(shop)`), on an interval trigger shifted by
the spec's deterministic jitter, with the spec's coalescing, at most one instance at a time, and
its misfire grace; a bounded thread pool runs them (`max_workers`). Each run goes through
`run_job`, so a failing job is reported, never fatal, and `on_run` and `reports()` see every
run's records, API calls, duration and error.

With a `jobstore` URL (`"sqlite:///jobs.db"`) the schedule survives restarts: a restarted runner
keeps each entry's stored next run time, updates what changed and removes the entries of shops
and specs that are gone. With a `Lease`, only the process holding it schedules; the others wait
on standby and take over when the holder stops renewing.

Why stored jobs name a module-level function: the SQLAlchemy job store pickles each job, and a
bound method or a closure would drag the `Runtime` (open HTTP clients, locks, the host's sink)
into the pickle, which cannot work and must not be stored. So each stored job is
`marketplace_sdk.sync._runner:_run_entry` with plain data (the spec and shop as dicts, and the
runner's id); `_run_entry` finds the live runner, and its runtime, in this process's registry.

Examples:
    >>> from datetime import timedelta
    >>> from marketplace_sdk.sync._cursors import MemoryCursorStore
    >>> from marketplace_sdk.sync._runtime import Runtime
    >>> from marketplace_sdk.sync._sink import MemorySink
    >>> from marketplace_sdk.sync._specs import JobSpec, ShopRef
    >>> class NoOrders:
    ...     marketplace, shop_id = "etsy", "42"
    ...     def iter_orders(self, since, until, statuses=None, *, quarantine=None):
    ...         return iter(())
    >>> runtime = Runtime(channel_for=lambda shop: NoOrders(), cursors=MemoryCursorStore(),
    ...                   sink=MemorySink())
    >>> spec = JobSpec("orders.new", "marketplace_sdk.sync:new_orders",
    ...                timedelta(minutes=5), shops=(ShopRef("etsy", "42"),))
    >>> with EmbeddedRunner([spec], runtime, max_workers=2) as runner:
    ...     run = runner.run_now("orders.new", "etsy/42")  # the seeds' "Sync now"
    ...     [entry.name for entry in runner.status().entries], runner.status().role
    (['orders.new@etsy/42'], 'leader')
    >>> run.ok, runner.last_run("orders.new", "etsy/42") == run
    (True, True)
"""

from __future__ import annotations

import contextlib
import logging
import threading
import uuid
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.interval import IntervalTrigger

from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.sync._lease import Lease
from marketplace_sdk.sync._runner_status import (
    EntryStatus,
    JobAlreadyRunning,
    Role,
    RunnerError,
    RunnerStatus,
)
from marketplace_sdk.sync._runtime import JobRun, Runtime, run_job
from marketplace_sdk.sync._specs import JobSpec, JobSpecError, ShopRef

__all__ = ["EmbeddedRunner", "EntryStatus", "JobAlreadyRunning", "RunnerError", "RunnerStatus"]

logger = logging.getLogger(__name__)

_ENTRY = "marketplace_sdk.sync._runner:_run_entry"
_RUNNERS: dict[str, EmbeddedRunner] = {}
_RUNNERS_LOCK = threading.Lock()


def _run_entry(runner_id: str, spec: Mapping[str, Any], shop: Mapping[str, Any]) -> None:
    """What every stored APScheduler job calls (by reference; see the module docstring)."""
    with _RUNNERS_LOCK:
        runner = _RUNNERS.get(runner_id)
    if runner is None:
        logger.warning("no live runner %s in this process; %s skipped", runner_id, spec.get("id"))
        return
    runner._scheduled_run(JobSpec.from_dict(spec), ShopRef.from_dict(shop))


def _shop_name(shop: ShopRef | str) -> str:
    return str(shop)


class EmbeddedRunner:
    """Run job specs on a schedule in this process (the default runner).

    Args:
        specs: the jobs and their shops (`standard_schedule(shops)`, or the host's own).
        runtime: channels, cursors, sink and clock for the runs.
        jobstore: `"sqlite:///path.db"` (any SQLAlchemy URL) to keep the schedule across
            restarts; `None` keeps it in memory.
        lease: when given, schedule only while holding it (standby otherwise, retrying every
            `ttl / 3`); `None` for a single process.
        max_workers: runs in progress at once, over all jobs and shops.
        on_run: called with every finished `JobRun` (in the worker thread; errors are logged).
        history: how many `JobRun`s `reports()` keeps.
        clock: the wall clock first run times are planned on; APScheduler waits in real time,
            so this is the real clock outside tests of the planning.

    Examples:
        with EmbeddedRunner(standard_schedule(shops), runtime, jobstore="sqlite:///jobs.db",
                            lease=SQLiteLease("lease.db"), on_run=log_run) as runner:
            serve_forever()
    """

    def __init__(
        self,
        specs: Iterable[JobSpec],
        runtime: Runtime,
        *,
        jobstore: str | None = None,
        lease: Lease | None = None,
        max_workers: int = 4,
        on_run: Callable[[JobRun], object] | None = None,
        history: int = 1000,
        clock: Clock | None = None,
    ) -> None:
        if max_workers < 1 or history < 1:
            raise ValueError("max_workers and history must be at least 1")
        self._specs: dict[str, JobSpec] = {}
        for spec in specs:
            if spec.id in self._specs:
                raise JobSpecError(f"two job specs are named {spec.id!r}")
            self._specs[spec.id] = spec
        self.runtime = runtime
        self.id = f"runner-{uuid.uuid4().hex[:12]}"
        self._jobstore = jobstore
        self._lease = lease
        self._max_workers = max_workers
        self._on_run = on_run
        self._clock = clock or SystemClock()
        self._lock = threading.RLock()  # role, specs and the APScheduler calls
        self._idle = threading.Condition()  # running entries, history, stopping
        self._running: set[str] = set()
        self._history: deque[JobRun] = deque(maxlen=history)
        self._last: dict[str, JobRun] = {}
        self._role: Role = "stopped"
        self._started = self._stopping = False
        self._scheduler: Any = None
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    def __repr__(self) -> str:
        return f"EmbeddedRunner({len(self._specs)} specs, role={self._role!r})"

    def __enter__(self) -> EmbeddedRunner:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.shutdown()

    @property
    def specs(self) -> list[JobSpec]:
        """The specs as they stand (after `add_shop` / `remove_shop`)."""
        with self._lock:
            return list(self._specs.values())

    # --- life cycle ----------------------------------------------------------------------------

    def start(self) -> None:
        """Start scheduling (or wait on standby for the lease); returns at once.

        Examples:
            runner.start()
        """
        with self._lock:
            if self._started or self._stopping:
                raise RunnerError("this runner was already started (a runner starts once)")
            self._started = True
        with _RUNNERS_LOCK:
            _RUNNERS[self.id] = self
        if self._lease is None:
            self._lead()
            return
        self._role = "standby"
        self._check_lease()
        self._watcher = threading.Thread(target=self._watch, name=f"{self.id}-lease", daemon=True)
        self._watcher.start()

    def shutdown(self, wait: bool = True, timeout: float | None = None) -> bool:
        """Stop: no new runs; with `wait`, let running ones finish (up to `timeout` seconds).

        The lease is released once no run is in progress here; when runs are still going at
        the timeout it is left to expire, so no other process starts the same job meanwhile.
        Returns whether every run had finished.

        Examples:
            finished = runner.shutdown(timeout=60)
        """
        with self._idle:
            self._stopping = True
        self._stop.set()
        if self._watcher is not None and self._watcher is not threading.current_thread():
            self._watcher.join()
        with self._lock:
            scheduler, self._role = self._scheduler, "stopped"
        if scheduler is not None and scheduler.running:
            scheduler.shutdown(wait=False)
        with self._idle:
            finished = self._idle.wait_for(lambda: not self._running, timeout if wait else 0)
        if self._lease is not None and finished:
            self._lease.release()
        with _RUNNERS_LOCK:
            _RUNNERS.pop(self.id, None)
        return finished

    # --- the lease -----------------------------------------------------------------------------

    def _watch(self) -> None:
        assert self._lease is not None
        period = self._lease.ttl.total_seconds() / 3
        while not self._stop.wait(period):
            self._check_lease()

    def _check_lease(self) -> None:
        lease = self._lease
        assert lease is not None
        try:
            if self._role == "leader":
                if not lease.renew():
                    logger.warning("%s lost its lease to another process: standby", self.id)
                    self._pause()
            elif lease.acquire():
                logger.info("%s holds the lease (%s): scheduling", self.id, lease.holder)
                self._lead()
        except Exception:
            logger.exception("%s: the lease could not be checked", self.id)
            if self._role == "leader" and not lease.held:
                self._pause()

    def _lead(self) -> None:
        with self._lock:
            if self._stopping:
                return
            if self._scheduler is None:
                store: Any = MemoryJobStore()
                if self._jobstore is not None:  # SQLAlchemy loads only when a store is asked for
                    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore

                    store = SQLAlchemyJobStore(url=self._jobstore)
                self._scheduler = BackgroundScheduler(
                    jobstores={"default": store},
                    executors={"default": ThreadPoolExecutor(self._max_workers)},
                    timezone=UTC,
                )
                self._scheduler.start(paused=True)
            self._reconcile()
            self._scheduler.resume()
            self._role = "leader"

    def _pause(self) -> None:
        with self._lock:
            if self._scheduler is not None and self._scheduler.running:
                self._scheduler.pause()
            if self._role == "leader":
                self._role = "standby"

    # --- the APScheduler entries ---------------------------------------------------------------

    def _wanted(self) -> dict[str, tuple[JobSpec, ShopRef]]:
        return {
            spec.name_for(shop): (spec, shop)
            for spec in self._specs.values()
            for shop in spec.shops
        }

    def _reconcile(self) -> None:
        stored = {job.id: job for job in self._scheduler.get_jobs()}
        wanted = self._wanted()
        for name in stored.keys() - wanted.keys():
            logger.info("%s: removing %s (its spec or shop is gone)", self.id, name)
            self._scheduler.remove_job(name)
        for name, (spec, shop) in wanted.items():
            self._schedule(spec, shop, stored.get(name))

    def _schedule(self, spec: JobSpec, shop: ShopRef, stored: Any = None) -> None:
        interval = spec.interval.total_seconds()
        if (
            stored is not None
            and stored.next_run_time is not None
            and (getattr(stored.trigger, "interval", None) == spec.interval)
        ):
            trigger, next_run = stored.trigger, stored.next_run_time  # a restart keeps its plan
        else:
            start = self._clock.now() + spec.jitter_for(shop)
            trigger = IntervalTrigger(seconds=interval, start_date=start, timezone=UTC)
            next_run = start if spec.run_at_start else start + spec.interval
        self._scheduler.add_job(
            _ENTRY,
            trigger,
            args=[self.id, spec.with_shops().to_dict(), shop.to_dict()],
            id=spec.name_for(shop),
            name=spec.name_for(shop),
            coalesce=spec.coalesce,
            max_instances=1,
            # The rules of `sync.schedule`: a coalesced run always runs once, however late;
            # otherwise a run later than the grace is skipped (APScheduler wants >= 1 second).
            misfire_grace_time=None
            if spec.coalesce
            else max(1, int(spec.misfire_grace.total_seconds())),
            next_run_time=next_run,
            replace_existing=True,
        )

    def add_shop(self, shop: ShopRef, jobs: Iterable[str] | None = None) -> None:
        """Schedule the jobs `jobs` (default: every spec) for a newly connected shop.

        Examples:
            runner.add_shop(ShopRef("fnac", "S-7"))
        """
        with self._lock:
            for spec_id in list(jobs) if jobs is not None else list(self._specs):
                spec = self._spec(spec_id)
                if any(str(known) == str(shop) for known in spec.shops):
                    continue
                self._specs[spec_id] = spec = spec.with_shops(*spec.shops, shop)
                if self._role == "leader":
                    self._schedule(spec, shop)

    def remove_shop(self, shop: ShopRef | str) -> None:
        """Stop scheduling every job of a disconnected shop (a run in progress finishes).

        Examples:
            runner.remove_shop("fnac/S-7")
        """
        with self._lock:
            for spec_id, spec in list(self._specs.items()):
                kept = tuple(known for known in spec.shops if str(known) != _shop_name(shop))
                if len(kept) == len(spec.shops):
                    continue
                self._specs[spec_id] = spec.with_shops(*kept)
                if self._scheduler is not None and self._role == "leader":
                    with contextlib.suppress(JobLookupError):
                        self._scheduler.remove_job(f"{spec_id}@{_shop_name(shop)}")

    # --- runs ----------------------------------------------------------------------------------

    def _spec(self, job_id: str) -> JobSpec:
        try:
            return self._specs[job_id]
        except KeyError:
            raise JobSpecError(f"no job {job_id!r} in this runner") from None

    def _scheduled_run(self, spec: JobSpec, shop: ShopRef) -> None:
        if self._lease is not None and not self._lease.held:
            logger.warning("%s: lease not held, %s not run", self.id, spec.name_for(shop))
            return
        try:
            self._execute(spec, shop, manual=False)
        except JobAlreadyRunning:
            logger.info("%s is still running (by hand): this run is skipped", spec.name_for(shop))

    def _execute(self, spec: JobSpec, shop: ShopRef, *, manual: bool) -> JobRun | None:
        name = spec.name_for(shop)
        with self._idle:
            if name in self._running:
                raise JobAlreadyRunning(f"{name} is already running; try again when it ends")
            if self._stopping and not manual:
                return None
            self._running.add(name)
        try:
            run = run_job(spec, shop, self.runtime)
        finally:
            with self._idle:
                self._running.discard(name)
                self._idle.notify_all()
        with self._idle:
            self._history.append(run)
            self._last[name] = run
        if self._on_run is not None:
            try:
                self._on_run(run)
            except Exception:
                logger.exception("on_run failed for %s", name)
        return run

    def run_now(self, job_id: str, shop: ShopRef | str) -> JobRun:
        """Run a job for one of its shops now, in this thread ("Sync now"), and report it.

        Raises `JobAlreadyRunning` when that job is running for that shop already, and
        `JobSpecError` for a job or shop this runner does not know.

        Examples:
            run = runner.run_now("orders.new", "etsy/42")
        """
        with self._lock:
            spec = self._spec(job_id)
        for known in spec.shops:
            if str(known) == _shop_name(shop):
                run = self._execute(spec, known, manual=True)
                assert run is not None  # a manual run is never skipped
                return run
        raise JobSpecError(f"job {job_id!r} does not run for shop {_shop_name(shop)!r}")

    def reports(self) -> list[JobRun]:
        """The latest runs (up to `history`), oldest first.

        Examples:
            failed = [run for run in runner.reports() if not run.ok]
        """
        with self._idle:
            return list(self._history)

    def last_run(self, job_id: str, shop: ShopRef | str) -> JobRun | None:
        """The last finished run of a job for a shop in this process.

        Examples:
            run = runner.last_run("orders.new", "etsy/42")
        """
        with self._idle:
            return self._last.get(f"{job_id}@{_shop_name(shop)}")

    def status(self) -> RunnerStatus:
        """Role, lease holder, and per entry: next run time, whether running, last run.

        Examples:
            for entry in runner.status().entries: print(entry.name, entry.next_run_at)
        """
        with self._lock:
            role, wanted = self._role, self._wanted()
            jobs = self._scheduler.get_jobs() if role == "leader" else []
        next_runs: dict[str, datetime | None] = {job.id: job.next_run_time for job in jobs}
        with self._idle:
            entries = tuple(
                EntryStatus(
                    name=name,
                    job_id=spec.id,
                    shop=str(shop),
                    next_run_at=next_runs.get(name),
                    running=name in self._running,
                    last_run=self._last.get(name),
                )
                for name, (spec, shop) in wanted.items()
            )
        holder = self._lease.holder if self._lease is not None else None
        return RunnerStatus(role=role, lease_holder=holder, entries=entries)
