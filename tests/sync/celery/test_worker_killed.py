"""A worker killed mid-run (SIGKILL): its run comes back and the shop's sync completes.

Real Redis on loopback, real worker processes of `tests.sync.celery.kill_app` (a 3-second
lease, so the broker's visibility timeout is 4 seconds). The job says it started, waits at a
gate the test holds shut, then syncs the shop's new orders: the test kills the worker while
the run waits (it holds the job's lock then), and the run must start again and end with the
shop's orders in the sink.
"""

from __future__ import annotations

import json
import os
import signal
import uuid
from datetime import timedelta
from types import ModuleType
from typing import Any

import redis
from tests.sync.celery.conftest import Workers, exit_code
from tests.sync.celery.runtime import delivered_orders
from tests.sync.celery.test_worker import NINETY_DAYS, in_process_run, unique_shop

from marketplace_sdk.sync._specs import JobSpec

TIMEOUT = 30
NEW_ORDERS = JobSpec(
    "orders.new",
    "marketplace_sdk.sync._tasks:new_orders",
    timedelta(minutes=5),
    kwargs={"initial": NINETY_DAYS, "max_span": NINETY_DAYS},
)


def gated_sync() -> tuple[JobSpec, str, str]:
    name = uuid.uuid4().hex
    gate, started = f"gate:{name}", f"started:{name}"
    spec = JobSpec(
        "orders.new",
        "tests.sync.celery.runtime:new_orders_after_gate",
        timedelta(minutes=5),
        kwargs={"gate": gate, "started": started, **NEW_ORDERS.kwargs},
    )
    return spec, gate, started


def started_in(client: redis.Redis, started: str) -> dict[str, Any]:
    """The next "started" notice of a run (its process id), failing after `TIMEOUT`."""
    notice = client.blpop([started], timeout=TIMEOUT)
    assert notice is not None, "no run of the job started"
    news: dict[str, Any] = json.loads(notice[1])
    return news


def test_a_run_whose_worker_is_killed_runs_again_on_another_worker_and_completes(
    kill_app: ModuleType, kill_workers: Workers
) -> None:
    client = redis.Redis.from_url(kill_app.BROKER, socket_timeout=60)
    spec, gate, started = gated_sync()
    shop = unique_shop("etsy")
    first = kill_workers.start()

    result = kill_app.jobs.send(spec, shop)
    started_in(client, started)  # running on the first worker, which holds the job's lock
    first.process.send_signal(signal.SIGKILL)
    assert exit_code(first.process, timeout=10) == -signal.SIGKILL
    kill_workers.start()

    started_in(client, started)  # the message came back, and the run started again
    client.rpush(gate, "open")
    report = result.get(timeout=TIMEOUT)

    expected, expected_orders = in_process_run(NEW_ORDERS, shop)
    assert report["skipped"] is False
    assert report["error"] is None
    assert report["records"] == expected["records"] > 0
    assert delivered_orders(str(kill_workers.sink), shop) == expected_orders
    assert not client.exists(f"{kill_app.LOCK_PREFIX}{spec.name_for(shop)}")


def test_a_run_whose_pool_process_is_killed_waits_for_its_lock_then_runs_again(
    kill_app: ModuleType, kill_workers: Workers
) -> None:
    client = redis.Redis.from_url(kill_app.BROKER, socket_timeout=60)
    spec, gate, started = gated_sync()
    shop = unique_shop("fnac")
    kill_workers.start(pool="prefork", concurrency=1)

    result = kill_app.jobs.send(spec, shop)
    child = started_in(client, started)["pid"]
    os.kill(child, signal.SIGKILL)  # the pool process dies holding the lock; its worker lives

    again = started_in(client, started)  # given back at once, run once the dead lease ran out
    client.rpush(gate, "open")
    report = result.get(timeout=TIMEOUT)

    expected, expected_orders = in_process_run(NEW_ORDERS, shop)
    assert again["pid"] != child
    assert report["skipped"] is False
    assert report["error"] is None
    assert report["records"] == expected["records"] > 0
    assert delivered_orders(str(kill_workers.sink), shop) == expected_orders
