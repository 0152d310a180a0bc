"""Request meters: a job run learns how many requests it sent, retries included, and no more."""

from __future__ import annotations

import asyncio
import random
import threading

import httpx
import pytest

from marketplace_sdk.core._async.engine import AsyncEngine
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._errors import NotFoundError
from marketplace_sdk.core._metering import metered
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._sync.engine import SyncEngine


def _call() -> Call[int]:
    return Call(ApiRequest(method="GET", path="/n", operation="n"), parse=lambda r: r.status_code)


def _flaky() -> httpx.MockTransport:
    answers = [httpx.Response(503)]
    return httpx.MockTransport(lambda request: answers.pop() if answers else httpx.Response(200))


def _config(clock: FakeClock) -> EngineConfig:
    return EngineConfig(
        marketplace="demo", base_url="https://api.example", clock=clock, rng=random.Random(1)
    )


def test_a_meter_counts_every_attempt_including_retries(clock: FakeClock) -> None:
    with SyncEngine(_config(clock), transport=_flaky()) as engine, metered() as meter:
        assert engine.call(_call()) == 200
    assert meter.requests == 2
    assert meter.by_marketplace == {"demo": 2}


def test_requests_outside_the_block_are_not_counted(clock: FakeClock) -> None:
    ok = httpx.MockTransport(lambda request: httpx.Response(200))
    with SyncEngine(_config(clock), transport=ok) as engine:
        engine.call(_call())
        with metered() as meter:
            engine.call(_call())
        engine.call(_call())
    assert meter.requests == 1


def test_a_run_in_another_thread_is_not_counted_by_this_meter(clock: FakeClock) -> None:
    ok = httpx.MockTransport(lambda request: httpx.Response(200))
    with SyncEngine(_config(clock), transport=ok) as engine, metered() as meter:
        worker = threading.Thread(target=lambda: engine.call(_call()))
        worker.start()
        worker.join()
        engine.call(_call())
    assert meter.requests == 1


async def test_the_async_engine_is_metered_too(clock: FakeClock) -> None:
    async with AsyncEngine(_config(clock), transport=_flaky()) as engine:
        with metered() as meter:
            assert await engine.call(_call()) == 200
            other = asyncio.create_task(engine.call(_call()))
        await other
    # The task was created inside the block, so it inherited the meter.
    assert meter.requests == 3


def test_a_meter_counts_failed_attempts_by_class_and_the_retries_made(clock: FakeClock) -> None:
    answers = [
        httpx.Response(200),
        httpx.Response(429, headers={"retry-after": "1"}),
        httpx.Response(503),
    ]

    def handler(request: httpx.Request) -> httpx.Response:
        if len(answers) == 3 and not getattr(handler, "timed_out", False):
            handler.timed_out = True  # type: ignore[attr-defined]
            raise httpx.ReadTimeout("slow", request=request)
        return answers.pop()

    with (
        SyncEngine(_config(clock), transport=httpx.MockTransport(handler)) as engine,
        metered() as meter,
    ):
        assert engine.call(_call()) == 200
    assert meter.requests == 4
    assert meter.retries == 3
    assert meter.failures == {"timeout": 1, "http_503": 1, "http_429": 1}


def test_a_failure_that_is_not_retried_is_counted_without_a_retry(clock: FakeClock) -> None:
    refused = httpx.MockTransport(lambda request: httpx.Response(404))
    with (
        SyncEngine(_config(clock), transport=refused) as engine,
        metered() as meter,
        pytest.raises(NotFoundError),
    ):
        engine.call(_call())
    assert (meter.requests, meter.retries, dict(meter.failures)) == (1, 0, {"http_404": 1})
