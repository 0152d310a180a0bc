"""A Mirakl sandbox shop served over loopback, and the order mixin on a seller client of it.

The order tests are written once, against the async API; tools/unasync.py generates the sync
tests from them. Until the channel class exists they drive `AsyncMiraklOrders` through `Host`,
a channel's order side alone, with the attributes a channel sets.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import attrs
import httpx

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl import AsyncMiraklSellerClient, MiraklChannelOptions
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

    def operations(self, method: str = "", path: str = "") -> list[str]:
        """`METHOD path` of the requests answered, those matching `method` and `path`."""
        return [
            f"{r.method} {r.url.path}"
            for r in self.requests
            if r.method.startswith(method) and r.url.path.startswith(path)
        ]

    def seller(self, clock: FakeClock) -> AsyncMiraklSellerClient:
        """A seller client of the shop over the socket, on `clock`."""
        return AsyncMiraklSellerClient(
            self.sandbox.api_key, base_url=self.url, clock=clock, max_wait=3_600
        )


@contextmanager
def served(sandbox: MiraklSandbox) -> Iterator[Served]:
    """Serve `sandbox` on loopback, recording each request it answers."""
    holder: list[Served] = []

    def app(request: httpx.Request) -> httpx.Response:
        holder[0].requests.append(request)
        return sandbox(request)

    with LoopbackServer(app, faults=sandbox.faults) as server:
        holder.append(Served(sandbox, server.url))
        yield holder[0]
