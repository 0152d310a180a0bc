"""The engines under concurrency: threads share a `SyncEngine`, tasks an `AsyncEngine`.

Everything else the engine does is tested once for both engines, in `tests/core/_async` and
its generated twin `tests/core/_sync`.
"""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from tests.core.engine_support import (
    BearerAuth,
    RenewalServer,
    TokenServer,
    config,
    invalid_grant,
    json_call,
    revoked_grant,
)

from marketplace_sdk.core._async.engine import AsyncEngine
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import TokenRevokedError
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


def test_fifty_threads_refused_by_invalid_grant_send_one_refresh(clock: FakeClock) -> None:
    server = RenewalServer([invalid_grant()])
    engine = SyncEngine(
        config(clock, auth=BearerAuth(expired=True), classify=revoked_grant),
        transport=httpx.MockTransport(server),
    )
    errors: list[BaseException] = []
    barrier = threading.Barrier(50)

    def work() -> None:
        barrier.wait()
        with pytest.raises(TokenRevokedError) as caught:
            engine.call(json_call())
        errors.append(caught.value)

    threads = [threading.Thread(target=work) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    engine.close()
    assert server.refreshes == 1
    assert len(errors) == 50
    assert {str(error) for error in errors} == {str(errors[0])}


async def test_fifty_tasks_refused_by_invalid_grant_send_one_refresh(clock: FakeClock) -> None:
    server = RenewalServer([invalid_grant()])
    server.issued = 1

    async def handler(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(0)
        return server(request)

    async with AsyncEngine(
        config(clock, auth=BearerAuth(), classify=revoked_grant),
        transport=httpx.MockTransport(handler),
    ) as engine:
        outcomes = await asyncio.gather(
            *(engine.call(json_call()) for _ in range(50)), return_exceptions=True
        )
    assert server.refreshes == 1
    assert server.calls.count("/items") == 50
    assert all(isinstance(outcome, TokenRevokedError) for outcome in outcomes)
    assert {str(outcome) for outcome in outcomes} == {str(outcomes[0])}
