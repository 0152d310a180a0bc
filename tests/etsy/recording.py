"""A transport over the Etsy sandbox (sync and async) that keeps the requests it sends."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from marketplace_sdk.etsy.sandbox import EtsySandbox


class Recording(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """The sandbox's transport (sync and async), keeping every request sent and calling
    `after` with each request once it is answered."""

    def __init__(
        self, sandbox: EtsySandbox, after: Callable[[httpx.Request], None] | None = None
    ) -> None:
        self.inner = sandbox.transport()
        self.requests: list[httpx.Request] = []
        self.after = after or (lambda request: None)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        response = self.inner.handle_request(request)
        self.after(request)
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        response = await self.inner.handle_async_request(request)
        self.after(request)
        return response
