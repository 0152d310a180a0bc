"""The engines under concurrency: threads share a `SyncEngine`, tasks an `AsyncEngine`.

Everything else the engine does is tested once for both engines, in `tests/core/_async` and
its generated twin `tests/core/_sync`.
"""

from __future__ import annotations

import asyncio
import threading

import httpx
from tests.core.engine_support import BearerAuth, TokenServer, config, json_call

from marketplace_sdk.core._async.engine import AsyncEngine
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._sync.engine import SyncEngine


def test_concurrent_threads_renew_an_expired_token_once(clock: FakeClock) -> None:
    server = TokenServer()
    auth = BearerAuth(expired=True)
    engine = SyncEngine(config(clock, auth=auth), transport=httpx.MockTransport(server))
    results: list[object] = []
    barrier = threading.Barrier(8)

    def work() -> None:
        barrier.wait()
        results.append(engine.call(json_call()))

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.close()
    assert results == [{"ok": True}] * 8
    assert auth.refreshes == 1
    assert server.calls.count("/token") == 1


async def test_concurrent_tasks_renew_a_refused_token_once(clock: FakeClock) -> None:
    server = TokenServer()
    server.issued = 1
    auth = BearerAuth()

    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)
        return server(request)

    async with AsyncEngine(
        config(clock, auth=auth), transport=httpx.MockTransport(handler)
    ) as engine:
        results = await asyncio.gather(*(engine.call(json_call()) for _ in range(10)))
    assert results == [{"ok": True}] * 10
    assert auth.refreshes == 1
