"""A Mirakl sandbox shop served over loopback, and the order mixin on a seller client of it.

The order tests are written once, against the async API; tools/unasync.py generates the sync
tests from them. Each runs twice (`SIDES`): through `Host`, the order mixin alone with the
attributes a channel sets, and through the real `AsyncMiraklChannel`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager

import attrs
import httpx

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl import (
    AsyncMiraklChannel,
    AsyncMiraklSellerClient,
    MiraklChannelOptions,
)
from marketplace_sdk.mirakl._async.orders import AsyncMiraklOrders
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.testing._server import LoopbackServer


class Host(AsyncMiraklOrders):
    """The order side of a Mirakl channel, on one seller client."""

    def __init__(
        self,
        seller: AsyncMiraklSellerClient,
        clock: FakeClock,
        options: MiraklChannelOptions | None = None,
    ) -> None:
        self._seller = seller
        self._clock = clock
        self._shop_id = "2000"
        self._options = options or MiraklChannelOptions()


@attrs.define
class Served:
    """The sandbox on a loopback socket, and every request it answered, in order."""

    sandbox: MiraklSandbox
    url: str
    requests: list[httpx.Request] = attrs.Factory(list)
    #: Called with each request before the sandbox answers it (to move the shop meanwhile).
    before: list[Callable[[httpx.Request], None]] = attrs.Factory(list)

    def operations(self, method: str = "", path: str = "") -> list[str]:
        """`METHOD path` of the requests answered, those matching `method` and `path`."""
        return [
            f"{r.method} {r.url.path}"
            for r in self.requests
            if r.method.startswith(method) and r.url.path.startswith(path)
        ]

    def count(self, method: str, path: str) -> int:
        """How many requests of `method` to exactly `path` were answered."""
        return sum(1 for r in self.requests if r.method == method and r.url.path == path)

    def seller(self, clock: FakeClock) -> AsyncMiraklSellerClient:
        """A seller client of the shop over the socket, on `clock`."""
        return AsyncMiraklSellerClient(
            self.sandbox.api_key, base_url=self.url, clock=clock, max_wait=3_600
        )


@attrs.define
class _Recording:
    """The sandbox as a loopback app that records each request (faults still find their
    operation through `operation_of`)."""

    sandbox: MiraklSandbox
    log: Served | None = None

    def __call__(self, request: httpx.Request) -> httpx.Response:
        assert self.log is not None
        self.log.requests.append(request)
        for hook in self.log.before:
            hook(request)
        return self.sandbox(request)

    def operation_of(self, request: httpx.Request) -> str | None:
        return self.sandbox.operation_of(request)


@contextmanager
def served(sandbox: MiraklSandbox) -> Iterator[Served]:
    """Serve `sandbox` on loopback, recording each request it answers."""
    app = _Recording(sandbox)
    with LoopbackServer(app, faults=sandbox.faults) as server:
        app.log = Served(sandbox, server.url)
        yield app.log


#: The two ways the order tests reach the order side: the mixin alone, and the channel.
SIDES = ("mixin", "channel")


@asynccontextmanager
async def order_side(
    side: str, server: Served, clock: FakeClock, options: MiraklChannelOptions | None = None
) -> AsyncIterator[AsyncMiraklOrders]:
    """The served shop's order side: `Host` (`side="mixin"`) or the channel (`"channel"`)."""
    async with server.seller(clock) as seller:
        if side == "channel":
            yield AsyncMiraklChannel(seller, shop_id=server.sandbox.seed.shop_id, options=options)
        else:
            yield Host(seller, clock, options)
