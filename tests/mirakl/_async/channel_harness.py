"""The Mirakl channel on a sandbox shop served over loopback: the offers tests' fixtures.

The channel's tests are written once, against the async API; tools/unasync.py generates the
sync tests from them. `served` (the order tests' harness) records every request the sandbox
answers.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager

import httpx
from tests.mirakl._async.orders_harness import Served

from marketplace_sdk.core._capabilities import Capabilities
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl import (
    MIRAKL_CAPABILITIES,
    AsyncMiraklCatalogClient,
    AsyncMiraklChannel,
    AsyncMiraklSellerClient,
    MiraklChannelOptions,
)
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.testing._server import LoopbackServer


class _Recording:
    """The sandbox app, recording each request; faults still match its operation codes."""

    def __init__(self, sandbox: MiraklSandbox) -> None:
        self.sandbox = sandbox
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        return self.sandbox(request)

    def operation_of(self, request: httpx.Request) -> str | None:
        return self.sandbox.operation_of(request)


@contextmanager
def served(sandbox: MiraklSandbox) -> Iterator[Served]:
    """Serve `sandbox` on loopback, recording each request; faults match operation codes."""
    app = _Recording(sandbox)
    with LoopbackServer(app, faults=sandbox.faults) as server:
        yield Served(sandbox, server.url, app.requests)


@asynccontextmanager
async def channel_of(
    server: Served,
    clock: FakeClock,
    *,
    options: MiraklChannelOptions | None = None,
    capabilities: Capabilities = MIRAKL_CAPABILITIES,
) -> AsyncIterator[AsyncMiraklChannel]:
    """A channel of the served shop, its two clients on the socket, on `clock`."""
    key = server.sandbox.api_key
    async with (
        AsyncMiraklSellerClient(key, base_url=server.url, clock=clock, max_wait=3_600) as seller,
        AsyncMiraklCatalogClient(key, base_url=server.url, clock=clock, max_wait=7_200) as catalog,
    ):
        yield AsyncMiraklChannel(
            seller,
            catalog=catalog,
            shop_id=server.sandbox.seed.shop_id,
            options=options,
            capabilities=capabilities,
        )
