"""The embedded runner on real APScheduler threads: concurrency, leases, restarts, reports.

No real sleeps: the fake jobs below block on `threading.Event`s the tests open, and the tests
wait on conditions with a timeout. The jobs are referenced by name (`tests.sync.test_runner:...`),
as a stored job would be.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterator
from datetime import timedelta
from pathlib import Path

import attrs
import pytest
from tests.etsy._sync.harness import make_channel

from marketplace_sdk.core._clock import FakeClock, SystemClock
from marketplace_sdk.core._errors import RateLimitedError
from marketplace_sdk.core._metering import record_request
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.sync._cursors import MemoryCursorStore
from marketplace_sdk.sync._jobs import RunReport
from marketplace_sdk.sync._lease import SQLiteLease
from marketplace_sdk.sync._runner import EmbeddedRunner, JobAlreadyRunning, RunnerError
from marketplace_sdk.sync._runtime import JobContext, JobRun, Runtime
from marketplace_sdk.sync._sink import MemorySink
from marketplace_sdk.sync._specs import JobSpec, JobSpecError, ShopRef, resolve_job
from marketplace_sdk.sync._tasks import standard_schedule

WAIT = 20.0  # seconds before a wait gives up: only reached when something is broken


class Probe:
    """What the fake jobs of one test did: who ran, how many at once, and a gate they wait on."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.active: set[str] = set()
        self.peak = 0
        self.started: list[str] = []
        self.gate = threading.Event()

    def wait_for(self, predicate: Callable[[Probe], bool], timeout: float = WAIT) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: predicate(self), timeout)


PROBES: dict[str, Probe] = {}


def probe_job(
    ctx: JobContext,
    *,
    probe: str,
    hold: bool = False,
    records: int = 0,
    api_calls: int = 0,
    takes: float = 0,
    fail_for: str | None = None,
) -> RunReport:
    """A job that reports itself to its probe, optionally blocking until the gate opens."""
    seen = PROBES[probe]
    name = ctx.spec.name_for(ctx.shop)
    with seen.changed:
        seen.active.add(name)
        seen.started.append(name)
        seen.peak = max(seen.peak, len(seen.active))
        seen.changed.notify_all()
    try:
        for _ in range(api_calls):
            record_request(ctx.shop.marketplace)
        ctx.clock.sleep(takes)  # a FakeClock: the run "takes" this long, at once
        if hold:
            assert seen.gate.wait(WAIT), "the test never opened the gate"
        if fail_for == str(ctx.shop):
            raise RateLimitedError("daily quota spent", status=429, marketplace="etsy")
        return RunReport(job_id=ctx.spec.id, key=str(ctx.cursor_key()), records=records)
    finally:
        with seen.changed:
            seen.active.discard(name)
            seen.changed.notify_all()


class Runs:
    """An `on_run` callback that lets a test wait for a number of runs."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.runs: list[JobRun] = []

    def __call__(self, run: JobRun) -> None:
        with self.changed:
            self.runs.append(run)
            self.changed.notify_all()

    def wait(self, count: int, timeout: float = WAIT) -> bool:
        with self.changed:
            return self.changed.wait_for(lambda: len(self.runs) >= count, timeout)


@pytest.fixture
def probe(request: pytest.FixtureRequest) -> Iterator[Probe]:
    PROBES[request.node.name] = probe = Probe()
    yield probe
    probe.gate.set()  # never leave a worker thread blocked
    del PROBES[request.node.name]


@pytest.fixture
def runtime(clock: FakeClock) -> Runtime:
    return Runtime(
        channel_for=lambda shop: shop, cursors=MemoryCursorStore(), sink=MemorySink(), clock=clock
    )


def shops(count: int) -> tuple[ShopRef, ...]:
    return tuple(ShopRef("etsy", f"S{index}") for index in range(count))


def probe_spec(
    request: pytest.FixtureRequest, shop_refs: tuple[ShopRef, ...], **kwargs: object
) -> JobSpec:
    interval = kwargs.pop("interval", timedelta(hours=1))
    run_at_start = bool(kwargs.pop("run_at_start", True))
    job_id = str(kwargs.pop("job_id", "probe"))
    return JobSpec(
        job_id,
        f"{__name__}:probe_job",
        interval,  # type: ignore[arg-type]
        kwargs={"probe": request.node.name, **kwargs},
        shops=shop_refs,
        run_at_start=run_at_start,
    )


def test_jobs_are_resolved_by_reference_to_this_module() -> None:
    assert resolve_job(f"{__name__}:probe_job") is probe_job


def test_never_more_runs_at_once_than_max_workers(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime
) -> None:
    runs = Runs()
    spec = probe_spec(request, shops(6), hold=True)
    with EmbeddedRunner([spec], runtime, max_workers=2, on_run=runs) as runner:
        assert probe.wait_for(lambda seen: len(seen.active) == 2)
        assert not probe.wait_for(lambda seen: len(seen.active) > 2, timeout=0.3)
        assert len(runner.status().running) == 2
        probe.gate.set()
        assert runs.wait(6)
    assert probe.peak == 2
    assert sorted(probe.started) == sorted(spec.name_for(shop) for shop in spec.shops)
    assert all(run.ok for run in runs.runs)


def test_a_manual_run_is_refused_while_that_job_runs_for_that_shop(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime
) -> None:
    runs = Runs()
    spec = probe_spec(request, shops(2), hold=True)
    with EmbeddedRunner([spec], runtime, max_workers=1, on_run=runs) as runner:
        assert probe.wait_for(lambda seen: len(seen.active) == 1)
        (busy,) = probe.active
        busy_shop = busy.split("@", 1)[1]
        with pytest.raises(JobAlreadyRunning, match="already running") as refused:
            runner.run_now("probe", busy_shop)
        assert refused.value.error_class.value == "transient"
        probe.gate.set()
        assert runs.wait(2)
        again = runner.run_now("probe", busy_shop)  # free again: runs, in this thread
    assert again.ok
    assert probe.started.count(busy) == 2
    assert probe.peak == 1


def test_runs_report_records_api_calls_duration_and_errors_and_a_failure_stops_nothing(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime
) -> None:
    runs = Runs()
    failing, fine = ShopRef("etsy", "BROKEN"), ShopRef("etsy", "FINE")
    spec = probe_spec(
        request, (failing, fine), records=3, api_calls=2, takes=2.5, fail_for=str(failing)
    )
    other = probe_spec(request, (failing,), job_id="other", records=1)
    with EmbeddedRunner([spec, other], runtime, max_workers=1, on_run=runs) as runner:
        assert runs.wait(3)
        ok = runner.last_run("probe", fine)
        broken = runner.last_run("probe", "etsy/BROKEN")
        assert runner.last_run("other", failing) is not None
        assert runner.status().role == "leader"
    assert ok is not None
    assert (ok.ok, ok.records, ok.api_calls, ok.duration) == (True, 3, 2, 2.5)
    assert broken is not None
    assert not broken.ok
    assert broken.error_class == "transient"
    assert broken.error is not None
    assert "daily quota spent" in broken.error
    assert (broken.records, broken.api_calls, broken.duration) == (0, 2, 2.5)
    assert sorted(run.name for run in runner.reports()) == sorted(run.name for run in runs.runs)


def test_the_history_keeps_only_the_latest_runs(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime
) -> None:
    runner = EmbeddedRunner([probe_spec(request, shops(1))], runtime, history=3)
    for _ in range(5):
        runner.run_now("probe", "etsy/S0")
    assert len(runner.reports()) == 3
    assert runner.reports()[-1] == runner.last_run("probe", "etsy/S0")


def test_first_runs_are_planned_with_the_jitter_and_run_at_start(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime
) -> None:
    planner = FakeClock(SystemClock().now() + timedelta(hours=2))  # ahead: nothing falls due
    jitter, interval = timedelta(minutes=10), timedelta(hours=1)
    at_start = attrs.evolve(probe_spec(request, shops(4)), jitter=jitter)
    later = attrs.evolve(at_start, id="later", run_at_start=False)
    with EmbeddedRunner([at_start, later], runtime, clock=planner) as runner:
        planned = {entry.name: entry.next_run_at for entry in runner.status().entries}
    start = planner.now()
    for shop in at_start.shops:
        assert planned[at_start.name_for(shop)] == start + at_start.jitter_for(shop)
        assert planned[later.name_for(shop)] == start + interval + later.jitter_for(shop)
    assert len({at_start.jitter_for(shop) for shop in at_start.shops}) > 1  # spread
    assert probe.started == []


def stored_ids(path: Path) -> list[str]:
    with sqlite3.connect(path) as db:
        return sorted(row[0] for row in db.execute("SELECT id FROM apscheduler_jobs"))


def test_the_sqlite_job_store_survives_a_restart_without_duplicates(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime, tmp_path: Path
) -> None:
    path = tmp_path / "jobs.db"
    url = f"sqlite:///{path}"
    first_shops = shops(3)
    spec = probe_spec(request, first_shops, run_at_start=False)
    with EmbeddedRunner([spec], runtime, jobstore=url) as first:
        planned = {entry.name: entry.next_run_at for entry in first.status().entries}
    assert stored_ids(path) == sorted(planned)
    assert all(when is not None for when in planned.values())

    kept, added = first_shops[:2], ShopRef("fnac", "NEW")
    restarted = spec.with_shops(*kept, added)
    with EmbeddedRunner([restarted], runtime, jobstore=url) as second:
        entries = {entry.name: entry.next_run_at for entry in second.status().entries}
        assert len(second.status().entries) == 3
    for shop in kept:  # the stored plan is kept, not restarted from now
        assert entries[spec.name_for(shop)] == planned[spec.name_for(shop)]
    assert entries[spec.name_for(added)] is not None
    assert stored_ids(path) == sorted(entries)  # the removed shop is gone, none twice
    assert probe.started == []  # an hour away: nothing ran


def test_a_standby_runner_runs_nothing_until_the_holder_lets_the_lease_go(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime, tmp_path: Path
) -> None:
    lease_path = tmp_path / "lease.db"
    spec = probe_spec(request, shops(2))
    first_runs, second_runs = Runs(), Runs()
    first = EmbeddedRunner([spec], runtime, lease=SQLiteLease(lease_path, ttl=3), on_run=first_runs)
    second = EmbeddedRunner(
        [spec], runtime, lease=SQLiteLease(lease_path, ttl=3), on_run=second_runs
    )
    try:
        first.start()
        assert first_runs.wait(2)
        second.start()
        assert second.status().role == "standby"
        assert first.status().role == "leader"
        assert not second_runs.wait(1, timeout=1.2)  # past a standby retry and a renewal
        assert second.status().entries[0].next_run_at is None
        assert first.shutdown()
        assert second_runs.wait(2)  # took over within ttl / 3 and ran its start runs
        assert second.status().role == "leader"
    finally:
        first.shutdown()
        second.shutdown()
    assert len(first_runs.runs) == 2


class SwitchLease:
    """A host's own lease (the `Lease` protocol), which the test grants or withdraws."""

    ttl = timedelta(seconds=0.3)
    holder = "switch"

    def __init__(self) -> None:
        self.granted = True
        self.refused = threading.Event()  # asked for it while withdrawn: the runner is paused
        self.renewed = threading.Event()  # renewed while granted: the runner leads again

    @property
    def held(self) -> bool:
        return self.granted

    def acquire(self) -> bool:
        if not self.granted:
            self.refused.set()
        return self.granted

    def renew(self) -> bool:
        if self.granted:
            self.renewed.set()
        return self.granted

    def release(self) -> None:
        self.granted = False


def test_losing_the_lease_pauses_scheduling_and_regaining_it_resumes(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime
) -> None:
    lease = SwitchLease()
    spec = probe_spec(request, shops(1), run_at_start=False)
    with EmbeddedRunner([spec], runtime, lease=lease) as runner:
        assert runner.status().role == "leader"
        lease.granted = False
        assert lease.refused.wait(WAIT)  # its renewal failed, it paused, it asks again
        assert runner.status().role == "standby"
        assert all(entry.next_run_at is None for entry in runner.status().entries)
        runner.add_shop(ShopRef("fnac", "LATE"))  # remembered, scheduled once it leads again
        lease.renewed.clear()
        lease.granted = True
        assert lease.renewed.wait(WAIT)
        status = runner.status()
        assert status.role == "leader"
        assert {entry.shop for entry in status.entries} == {"etsy/S0", "fnac/LATE"}
        assert all(entry.next_run_at is not None for entry in status.entries)
    assert probe.started == []


def test_graceful_shutdown_waits_for_the_running_job_then_releases_the_lease(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime, tmp_path: Path
) -> None:
    lease = SQLiteLease(tmp_path / "lease.db", ttl=30)
    runner = EmbeddedRunner([probe_spec(request, shops(1), hold=True)], runtime, lease=lease)
    runner.start()
    assert probe.wait_for(lambda seen: len(seen.active) == 1)
    outcome: list[bool] = []
    stopper = threading.Thread(target=lambda: outcome.append(runner.shutdown(timeout=WAIT)))
    stopper.start()
    stopper.join(timeout=0.3)
    assert stopper.is_alive()  # still waiting for the job
    assert lease.current() is not None
    probe.gate.set()
    stopper.join(timeout=WAIT)
    assert outcome == [True]
    last = runner.last_run("probe", "etsy/S0")
    assert last is not None
    assert last.ok
    assert lease.current() is None  # released: a standby process takes over at once
    assert runner.status().role == "stopped"


def test_a_shutdown_that_times_out_leaves_the_lease_to_expire(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime, tmp_path: Path
) -> None:
    lease = SQLiteLease(tmp_path / "lease.db", ttl=30)
    runner = EmbeddedRunner([probe_spec(request, shops(1), hold=True)], runtime, lease=lease)
    runner.start()
    assert probe.wait_for(lambda seen: len(seen.active) == 1)
    assert runner.shutdown(timeout=0.1) is False
    info = lease.current()
    assert info is not None
    assert info.holder == lease.holder
    probe.gate.set()
    assert probe.wait_for(lambda seen: not seen.active)


def test_add_shop_runs_a_new_shop_and_remove_shop_unschedules_it(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime
) -> None:
    runs = Runs()
    with EmbeddedRunner([probe_spec(request, shops(1))], runtime, on_run=runs) as runner:
        assert runs.wait(1)
        runner.add_shop(ShopRef("fnac", "NEW"))
        assert runs.wait(2)
        assert runs.runs[-1].shop == "fnac/NEW"
        runner.remove_shop("fnac/NEW")
        assert [entry.shop for entry in runner.status().entries] == ["etsy/S0"]
        with pytest.raises(JobSpecError, match="does not run for shop"):
            runner.run_now("probe", "fnac/NEW")


def test_a_runner_starts_once_and_knows_its_jobs(
    request: pytest.FixtureRequest, probe: Probe, runtime: Runtime
) -> None:
    spec = probe_spec(request, shops(1), run_at_start=False)
    with pytest.raises(JobSpecError, match="two job specs"):
        EmbeddedRunner([spec, spec], runtime)
    runner = EmbeddedRunner([spec], runtime)
    with runner:
        with pytest.raises(RunnerError, match="already started"):
            runner.start()
        with pytest.raises(JobSpecError, match="no job 'nope'"):
            runner.run_now("nope", "etsy/S0")
    with pytest.raises(RunnerError):
        runner.start()
    never_started = EmbeddedRunner([spec], runtime)
    assert never_started.shutdown()
    with pytest.raises(RunnerError):
        never_started.start()


def test_sync_now_runs_the_standard_schedule_against_the_etsy_sandbox(clock: FakeClock) -> None:
    sandbox = EtsySandbox.seeded(listings=10, orders=25, days=30, clock=clock, seed=3)
    channel = make_channel(sandbox, clock)
    sink = MemorySink()
    runtime = Runtime(
        channel_for=lambda shop: channel, cursors=MemoryCursorStore(), sink=sink, clock=clock
    )
    shop = ShopRef(channel.marketplace, channel.shop_id)
    runner = EmbeddedRunner(standard_schedule([shop]), runtime)
    before = len(sandbox.calls)
    first = runner.run_now("orders.backfill", shop)
    assert first.ok, first.error
    assert first.api_calls == len(sandbox.calls) - before
    assert first.api_calls > 0
    backfill = [first] + [runner.run_now("orders.backfill", str(shop)) for _ in range(5)]
    assert all(run.ok for run in backfill)
    assert sum(run.records for run in backfill) == len(sink.orders_of(shop)) > 0
    fresh = runner.run_now("orders.new", str(shop))
    assert fresh.ok
    assert runner.last_run("orders.new", shop) == fresh
    assert [run.job_id for run in runner.reports()] == ["orders.backfill"] * 6 + ["orders.new"]
    assert set(sink.orders_of(shop)) == {str(receipt) for receipt in sandbox.world.receipts}
