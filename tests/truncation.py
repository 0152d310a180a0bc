"""A transport that cuts real answers short, as a dropped connection or a proxy would.

The sandbox answers in full; `CuttingTransport` passes each request to it and, for the answers
whose request path ends with `path`, keeps only the first half of the body (`times` times, or
always). The status and headers stay those of the real answer, so nothing but the body tells
the client that the answer is incomplete.
"""

from __future__ import annotations

import httpx


class CuttingTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Serve through `inner`, cutting the body of matching answers in half."""

    def __init__(
        self,
        inner: httpx.BaseTransport | httpx.AsyncBaseTransport,
        path: str,
        *,
        times: int | None = 1,
    ) -> None:
        """Cut the answers to requests whose path ends with `path`; `times=None`: every one."""
        self.inner = inner
        self.path = path
        self.remaining = times
        self.cut = 0

    def _maybe_cut(self, request: httpx.Request, response: httpx.Response) -> httpx.Response:
        if not request.url.path.endswith(self.path) or self.remaining == 0:
            return response
        if self.remaining is not None:
            self.remaining -= 1
        self.cut += 1
        body = response.content
        headers = httpx.Headers(response.headers)
        headers.pop("content-length", None)
        return httpx.Response(
            response.status_code, headers=headers, content=body[: len(body) // 2], request=request
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request synchronously."""
        assert isinstance(self.inner, httpx.BaseTransport)
        response = self.inner.handle_request(request)
        response.read()
        return self._maybe_cut(request, response)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request for an `httpx.AsyncClient`."""
        assert isinstance(self.inner, httpx.AsyncBaseTransport)
        response = await self.inner.handle_async_request(request)
        await response.aread()
        return self._maybe_cut(request, response)
