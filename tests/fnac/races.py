"""A transport that lets the order change between a channel's read and its write."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from marketplace_sdk.fnac.sandbox import FnacSandbox


class BeforeUpdate(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Serve through the sandbox, running `before` once ahead of the first `orders_update`:
    the order changes between the channel's read and its write."""

    def __init__(self, sandbox: FnacSandbox, before: Callable[[], object]) -> None:
        self.inner = sandbox.transport()
        self.before: Callable[[], object] | None = before

    def _maybe_run(self, request: httpx.Request) -> None:
        if self.before is not None and request.url.path.endswith("orders_update"):
            before, self.before = self.before, None
            before()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self._maybe_run(request)
        assert isinstance(self.inner, httpx.BaseTransport)
        return self.inner.handle_request(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self._maybe_run(request)
        assert isinstance(self.inner, httpx.AsyncBaseTransport)
        return await self.inner.handle_async_request(request)
