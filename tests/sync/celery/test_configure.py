"""What `configure` puts on a Celery app, without a broker: task, beat entries, runtime loading."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

import pytest
from celery import Celery, beat
from tests.sync.celery.conftest import REPO_ROOT, exit_code

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.sync._cursors import MemoryCursorStore
from marketplace_sdk.sync._runtime import Runtime
from marketplace_sdk.sync._sink import MemorySink
from marketplace_sdk.sync._specs import JobSpec, ShopRef
from marketplace_sdk.sync._tasks import standard_schedule
from marketplace_sdk.sync.celery import (
    TASK_NAME,
    CeleryAdapterError,
    CeleryJobs,
    configure,
    load_runtime,
    visibility_timeout_for,
)

SHOPS = [ShopRef("etsy", "42"), ShopRef("fnac", "S1", kwargs={"batch_size": 50})]

RUNTIME = Runtime(
    channel_for=lambda shop: None, cursors=MemoryCursorStore(), sink=MemorySink(), clock=FakeClock()
)


def make_runtime() -> Runtime:
    return RUNTIME


NOT_A_RUNTIME = 42


def an_app(**conf: object) -> Celery:
    app = Celery("tests", set_as_current=False)
    app.conf.update(conf)
    return app


def test_the_beat_schedule_has_one_entry_per_spec_and_shop_at_the_spec_interval() -> None:
    app = an_app()
    specs = standard_schedule(SHOPS)

    configure(app, specs, runtime=f"{__name__}:make_runtime")

    schedule = app.conf.beat_schedule
    wanted = {spec.name_for(shop): spec for spec in specs for shop in spec.shops}
    assert set(schedule) == set(wanted)
    assert len(schedule) >= 3 * len(SHOPS)  # at least new orders, statuses, backfill per shop
    for name, spec in wanted.items():
        entry = schedule[name]
        shop = ShopRef.from_dict(entry["args"][1])
        assert spec.name_for(shop) == name
        assert entry["task"] == TASK_NAME
        assert entry["schedule"] == spec.interval
        assert JobSpec.from_dict(entry["args"][0]) == spec.with_shops()
        assert shop.kwargs == next(s for s in SHOPS if s == shop).kwargs
        jitter = spec.jitter_for(shop).total_seconds()
        assert entry["options"]["expires"] == jitter + spec.interval.total_seconds()
        assert entry["options"].get("countdown", 0) == jitter
    for shop in SHOPS:  # the seeds' figures
        assert schedule[f"orders.new@{shop}"]["schedule"] == timedelta(minutes=5)
        assert schedule[f"orders.status@{shop}"]["schedule"] == timedelta(minutes=30)


def test_celery_beat_reads_the_entries_as_interval_schedules() -> None:
    app = an_app()
    configure(app, standard_schedule(SHOPS), runtime=f"{__name__}:make_runtime")
    scheduler = beat.Scheduler(app=app, lazy=True)
    scheduler.setup_schedule()
    entry = scheduler.schedule["orders.status@fnac/S1"]
    assert entry.task == TASK_NAME
    assert entry.schedule.run_every == timedelta(minutes=30)


def test_a_spec_that_does_not_coalesce_expires_after_its_misfire_grace() -> None:
    spec = JobSpec(
        "orders.new",
        "marketplace_sdk.sync._tasks:new_orders",
        timedelta(minutes=5),
        coalesce=False,
        misfire_grace=timedelta(seconds=45),
    )
    assert CeleryJobs.options(spec, SHOPS[0]) == {"expires": 45.0}


def test_the_task_is_acknowledged_after_the_run_and_given_back_when_its_worker_dies() -> None:
    jobs = configure(an_app(), [], runtime=f"{__name__}:make_runtime")
    assert jobs.task.acks_late is True
    assert jobs.task.reject_on_worker_lost is True


@pytest.mark.parametrize(
    ("lease", "visibility"),
    [(timedelta(minutes=10), 800.0), (timedelta(seconds=3), 4.0), (timedelta(hours=1), 4800.0)],
)
def test_the_brokers_visibility_timeout_is_the_locks_lease_plus_a_third(
    lease: timedelta, visibility: float
) -> None:
    app = an_app(broker_transport_options={"socket_timeout": 5})
    configure(app, [], runtime=f"{__name__}:make_runtime", lock_ttl=lease)
    assert visibility_timeout_for(lease) == timedelta(seconds=visibility)
    assert app.conf.broker_transport_options == {
        "socket_timeout": 5,
        "visibility_timeout": visibility,
    }


def test_a_visibility_timeout_the_host_set_is_kept() -> None:
    app = an_app(broker_transport_options={"visibility_timeout": 7200})
    configure(app, [], runtime=f"{__name__}:make_runtime")
    assert app.conf.broker_transport_options == {"visibility_timeout": 7200}


def test_the_hosts_own_beat_entries_are_kept() -> None:
    app = an_app(beat_schedule={"oms.cleanup": {"task": "oms.cleanup", "schedule": 60}})
    configure(app, standard_schedule(SHOPS[:1]), runtime=f"{__name__}:make_runtime")
    assert app.conf.beat_schedule["oms.cleanup"] == {"task": "oms.cleanup", "schedule": 60}
    assert "orders.new@etsy/42" in app.conf.beat_schedule


def test_two_specs_with_one_id_are_refused() -> None:
    spec = standard_schedule(SHOPS)[0]
    with pytest.raises(CeleryAdapterError, match="share the id"):
        configure(an_app(), [spec, spec], runtime=f"{__name__}:make_runtime")


def test_the_runtime_loads_from_an_instance_or_a_factory() -> None:
    assert load_runtime(f"{__name__}:RUNTIME") is RUNTIME
    assert load_runtime(f"{__name__}:make_runtime") is RUNTIME


@pytest.mark.parametrize(
    ("reference", "message"),
    [
        ("no_colon", "is not 'package.module:attribute'"),
        ("no_such_module_here:runtime", "cannot import"),
        (f"{__name__}:missing", "no 'missing' there"),
        (f"{__name__}:NOT_A_RUNTIME", "is not a Runtime"),
    ],
)
def test_a_bad_runtime_reference_is_a_configuration_error(reference: str, message: str) -> None:
    with pytest.raises(CeleryAdapterError, match=message) as caught:
        load_runtime(reference)
    assert caught.value.error_class.value == "configuration"


def test_the_lock_needs_redis_when_the_broker_is_not_redis() -> None:
    jobs = configure(
        an_app(broker_url="amqp://guest@localhost//"), [], runtime=f"{__name__}:make_runtime"
    )
    with pytest.raises(CeleryAdapterError, match="lock_url"):
        jobs.job_lock()
    other = configure(
        an_app(broker_url="amqp://guest@localhost//"),
        [],
        runtime=f"{__name__}:make_runtime",
        lock_url="redis://127.0.0.1:6390/1",
        lock_prefix="oms:",
    )
    assert other.job_lock().key("a@etsy/1") == "oms:a@etsy/1"


def test_the_sync_package_imports_without_celery() -> None:
    code = (
        "import sys, marketplace_sdk.sync, marketplace_sdk.sync._tasks; "
        "sys.exit('celery' in sys.modules)"
    )
    process = subprocess.Popen([sys.executable, "-c", code], cwd=REPO_ROOT)
    assert exit_code(process, timeout=60) == 0
