"""One job run as a runner sees it, and a simulated day of the seeds' schedule on Etsy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.etsy._sync.harness import make_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import RateLimitedError
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.sync._cursors import CursorKey, MemoryCursorStore
from marketplace_sdk.sync._jobs import RunReport
from marketplace_sdk.sync._runtime import JobContext, Runtime, run_job
from marketplace_sdk.sync._simulate import SimulatedScheduler
from marketplace_sdk.sync._sink import MemorySink
from marketplace_sdk.sync._specs import JobSpec, ShopRef
from marketplace_sdk.sync._tasks import standard_schedule
from marketplace_sdk.testing import Fault


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=30, orders=60, days=90, clock=clock, seed=5)


def runtime_for(sandbox: EtsySandbox, clock: FakeClock) -> tuple[Runtime, ShopRef]:
    channel = make_channel(sandbox, clock)
    runtime = Runtime(
        channel_for=lambda shop: channel,
        cursors=MemoryCursorStore(),
        sink=MemorySink(),
        clock=clock,
    )
    return runtime, ShopRef(channel.marketplace, channel.shop_id)


def failing_job(ctx: JobContext, *, kind: str) -> RunReport:
    if kind == "rate":
        raise RateLimitedError("slow down", status=429, marketplace="etsy", retry_after=30)
    raise KeyError("a bug in the host's job")


def test_a_run_reports_records_and_the_api_calls_it_made(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    runtime, shop = runtime_for(sandbox, clock)
    spec = JobSpec("orders.new", "marketplace_sdk.sync._tasks:new_orders", timedelta(minutes=5))
    before = len(sandbox.calls)
    run = run_job(spec, shop, runtime)
    assert run.ok
    assert run.records == len(runtime.sink.orders_of(shop))  # type: ignore[attr-defined]
    assert run.api_calls == len(sandbox.calls) - before > 0
    assert run.name == f"orders.new@{shop}"


def test_a_run_reports_the_faults_it_met_by_class_and_the_retries_that_absorbed_them(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    runtime, shop = runtime_for(sandbox, clock)
    spec = JobSpec("orders.new", "marketplace_sdk.sync._tasks:new_orders", timedelta(minutes=5))
    sandbox.faults.add(Fault.error(503), operation="getShopReceipts")
    sandbox.faults.add(Fault.timeout_after_apply(), operation="getShopReceipts")
    sandbox.faults.add(Fault.rate_limited(retry_after=2), operation="getShopReceipts")

    run = run_job(spec, shop, runtime)

    assert run.ok
    assert run.retries == 3
    assert run.failures == {"http_503": 1, "timeout": 1, "http_429": 1}
    assert run.to_dict()["failures"] == {"http_429": 1, "http_503": 1, "timeout": 1}
    assert run_job(spec, shop, runtime).to_dict()["retries"] == 0  # counted per run


@pytest.mark.parametrize(("kind", "error_class"), [("rate", "transient"), ("bug", "system")])
def test_a_failing_job_is_reported_with_its_class_and_never_raises(
    sandbox: EtsySandbox, clock: FakeClock, kind: str, error_class: str
) -> None:
    runtime, shop = runtime_for(sandbox, clock)
    spec = JobSpec("broken", f"{__name__}:failing_job", timedelta(minutes=5), kwargs={"kind": kind})
    run = run_job(spec, shop, runtime)
    assert not run.ok
    assert run.error_class == error_class
    assert run.to_dict()["error"]


def test_a_simulated_day_of_the_standard_schedule_keeps_the_sink_equal_to_the_sandbox(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    runtime, shop = runtime_for(sandbox, clock)
    scheduler = SimulatedScheduler(standard_schedule([shop], jitter=timedelta(0)), runtime, clock)
    listing = sandbox.add_listing("SIM-1", quantity=500)
    placed = []
    for hour in range(24):
        placed.append(sandbox.place_order(listing))
        if hour == 10:
            sandbox.cancel_order(placed[3])
        scheduler.run_for(timedelta(hours=1))

    sink: MemorySink = runtime.sink  # type: ignore[assignment]
    stored = sink.orders_of(shop)
    assert set(stored) == {str(receipt_id) for receipt_id in sandbox.world.receipts}
    assert stored[str(placed[3])].marketplace_status == "Cancelled"
    assert all(run.ok for run in scheduler.runs)
    by_job: dict[str, int] = {}
    for run in scheduler.runs:
        by_job[run.job_id] = by_job.get(run.job_id, 0) + 1
    assert by_job["orders.new"] == 24 * 12 + 1  # at start, then every 5 minutes
    assert by_job["orders.status"] == 48
    last_new = [run for run in scheduler.runs if run.job_id == "orders.new"][-1]
    cursor = runtime.cursors.load(CursorKey(shop.marketplace, shop.shop_id, "orders.new"))
    assert cursor.watermark == last_new.started_at  # the run's fixed upper bound


def leaking_job(ctx: JobContext) -> RunReport:
    raise RuntimeError("the OMS refused refresh_token=abc123secret")


def test_a_hosts_exception_is_reported_without_the_secret_it_quotes(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    runtime, shop = runtime_for(sandbox, clock)
    spec = JobSpec("leaky", f"{__name__}:leaking_job", timedelta(minutes=5))
    run = run_job(spec, shop, runtime)
    assert run.error is not None
    assert "refresh_token" in run.error
    assert "abc123secret" not in run.error
    assert "abc123secret" not in str(run.to_dict())
