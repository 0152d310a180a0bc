"""The Celery path end to end: real Redis on loopback, a real worker, real task messages."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime, timedelta
from types import ModuleType
from typing import Any

import pytest
import redis
from celery import beat
from celery.exceptions import TaskRevokedError
from celery.result import AsyncResult
from tests.sync.celery.conftest import Worker, wait_until
from tests.sync.celery.runtime import START, delivered_orders, known_secrets, open_channel

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.sync._cursors import MemoryCursorStore
from marketplace_sdk.sync._runtime import Runtime, run_job
from marketplace_sdk.sync._sink import MemorySink
from marketplace_sdk.sync._specs import JobSpec, ShopRef

TIMEOUT = 30
NINETY_DAYS = 90 * 86400
NEW_ORDERS = JobSpec(
    "orders.new",
    "marketplace_sdk.sync._tasks:new_orders",
    timedelta(minutes=5),
    kwargs={"initial": NINETY_DAYS, "max_span": NINETY_DAYS},
)


def unique_shop(marketplace: str) -> ShopRef:
    return ShopRef(marketplace, f"shop-{uuid.uuid4().hex[:8]}")


def gated(name: str) -> tuple[JobSpec, str, str]:
    gate, started = f"gate:{name}", f"started:{name}"
    spec = JobSpec(
        "gated",
        "tests.sync.celery.runtime:wait_at_gate",
        timedelta(minutes=1),
        kwargs={"gate": gate, "started": started},
    )
    return spec, gate, started


def in_process_run(spec: JobSpec, shop: ShopRef) -> tuple[dict[str, Any], set[str]]:
    clock = FakeClock(START)
    sink = MemorySink()
    runtime = Runtime(
        channel_for=lambda s: open_channel(s, clock),
        cursors=MemoryCursorStore(),
        sink=sink,
        clock=clock,
    )
    return run_job(spec, shop, runtime).to_dict(), set(sink.orders_of(shop))


@pytest.mark.parametrize("marketplace", ["etsy", "fnac"])
def test_a_job_runs_on_a_real_worker_and_its_orders_reach_the_sink(
    celery_app: ModuleType, celery_worker: Worker, marketplace: str
) -> None:
    shop = unique_shop(marketplace)

    result = celery_app.jobs.send(NEW_ORDERS, shop).get(timeout=TIMEOUT)

    expected, expected_orders = in_process_run(NEW_ORDERS, shop)
    assert result["skipped"] is False
    assert result["error"] is None
    assert result["name"] == f"orders.new@{shop}"
    assert result["records"] == expected["records"] > 0
    assert result["api_calls"] == expected["api_calls"] > 0
    assert delivered_orders(str(celery_worker.sink), shop) == expected_orders


def test_a_failing_job_comes_back_as_a_classed_report_and_frees_its_lock(
    celery_app: ModuleType, celery_worker: Worker, redis_client: redis.Redis
) -> None:
    spec = JobSpec("broken", "tests.sync.celery.runtime:no_such_job", timedelta(minutes=5))
    shop = unique_shop("etsy")

    report = celery_app.jobs.send(spec, shop).get(timeout=TIMEOUT)

    assert report["skipped"] is False
    assert report["error_class"] == "configuration"
    assert "no_such_job" in report["error"]
    assert not redis_client.exists(f"{celery_app.LOCK_PREFIX}broken@{shop}")


def test_two_runs_of_one_job_for_one_shop_never_overlap(
    celery_app: ModuleType, celery_worker: Worker, redis_client: redis.Redis
) -> None:
    spec, gate, started = gated(uuid.uuid4().hex)
    shop = unique_shop("etsy")

    first, second = celery_app.jobs.send(spec, shop), celery_app.jobs.send(spec, shop)

    assert redis_client.blpop([started], timeout=TIMEOUT) is not None
    wait_until(lambda: first.ready() or second.ready(), timeout=TIMEOUT, what="one run to end")
    done, running = (first, second) if first.ready() else (second, first)
    skipped = done.get(timeout=TIMEOUT)
    assert not running.ready()  # the run holding the lock is still blocked at its gate
    redis_client.rpush(gate, "open")
    ran = running.get(timeout=TIMEOUT)

    assert skipped["skipped"] is True
    assert skipped["reason"] == "already running"
    assert skipped["name"] == f"gated@{shop}"
    assert ran["skipped"] is False
    assert ran["error"] is None
    assert redis_client.llen(started) == 0  # only one of them ever started
    assert not redis_client.exists(f"{celery_app.LOCK_PREFIX}gated@{shop}")  # released


def test_the_same_job_for_different_shops_runs_in_parallel(
    celery_app: ModuleType, celery_worker: Worker, redis_client: redis.Redis
) -> None:
    spec, gate, started = gated(uuid.uuid4().hex)
    shops = [unique_shop("etsy"), unique_shop("fnac")]

    results = [celery_app.jobs.send(spec, shop) for shop in shops]

    # Both runs are in progress at once: each said it started while the gate was still shut.
    arrivals = [redis_client.blpop([started], timeout=TIMEOUT) for _ in shops]
    assert None not in arrivals
    assert not any(result.ready() for result in results)
    redis_client.rpush(gate, "open", "open")
    reports = [result.get(timeout=TIMEOUT) for result in results]
    assert [report["skipped"] for report in reports] == [False, False]
    assert [report["shop"] for report in reports] == [str(shop) for shop in shops]


def test_a_beat_entry_as_beat_sends_it_runs_on_the_worker(
    celery_app: ModuleType, celery_worker: Worker
) -> None:
    scheduler = beat.Scheduler(app=celery_app.app, lazy=True)
    scheduler.setup_schedule()
    entry = scheduler.schedule["orders.new@etsy/beat-etsy"]

    result: AsyncResult = scheduler.apply_async(entry, advance=False)
    report = result.get(timeout=TIMEOUT)

    assert report["name"] == "orders.new@etsy/beat-etsy"
    assert report["skipped"] is False
    assert report["error"] is None
    assert report["api_calls"] > 0


def test_a_message_that_expired_in_the_queue_is_dropped_not_run(
    celery_app: ModuleType, celery_worker: Worker
) -> None:
    shop = unique_shop("etsy")
    stale = datetime(2026, 1, 1, tzinfo=UTC)  # long before any run of this suite

    result = celery_app.jobs.send(NEW_ORDERS, shop, expires=stale)

    with pytest.raises(TaskRevokedError):
        result.get(timeout=TIMEOUT)
    assert delivered_orders(str(celery_worker.sink), shop) == set()


def _decoded(raw: object) -> str:
    """A queued kombu message with its base64 body decoded (secrets would hide in there)."""
    text = raw.decode(errors="replace") if isinstance(raw, bytes) else str(raw)
    try:
        envelope = json.loads(text)
        body = base64.b64decode(envelope["body"]).decode(errors="replace")
    except (ValueError, KeyError, TypeError):
        return text
    return text + body


def _everything_in(client: redis.Redis) -> str:
    parts: list[str] = []
    for key in client.scan_iter(count=1000):
        kind = client.type(key)
        if kind == b"string":
            parts.append(_decoded(client.get(key) or b""))
        elif kind == b"list":
            parts.extend(_decoded(item) for item in client.lrange(key, 0, -1))
        elif kind == b"hash":
            parts.extend(_decoded(v) for v in client.hgetall(key).values())
        elif kind == b"set":
            parts.extend(_decoded(v) for v in client.smembers(key))
        elif kind == b"zset":
            parts.extend(_decoded(v) for v in client.zrange(key, 0, -1))
        parts.append(key.decode(errors="replace"))
    return "\n".join(parts)


def test_no_credential_travels_through_redis(
    celery_app: ModuleType, celery_worker: Worker, redis_client: redis.Redis
) -> None:
    shops = [unique_shop("etsy"), unique_shop("fnac")]
    for shop in shops:
        assert celery_app.jobs.send(NEW_ORDERS, shop).get(timeout=TIMEOUT)["records"] > 0
    held = f"held-{uuid.uuid4().hex}"  # a queue no worker reads: the message stays as sent
    celery_app.jobs.send(NEW_ORDERS, shops[0], queue=held)

    (raw,) = redis_client.lrange(held, 0, -1)
    args, kwargs, _ = json.loads(base64.b64decode(json.loads(raw)["body"]))
    assert args == [NEW_ORDERS.to_dict(), shops[0].to_dict()]
    assert kwargs == {}
    secrets = known_secrets(str(celery_worker.sink))
    assert len(secrets) >= 5  # the worker opened both shops with real sandbox credentials
    everything = _everything_in(redis_client)
    assert [secret for secret in secrets if secret in everything] == []
