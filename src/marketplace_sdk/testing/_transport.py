"""An httpx transport that hands requests to a sandbox app in process, with injected faults.

Examples:
    >>> import httpx
    >>> app = lambda request: httpx.Response(200, json={"path": request.url.path})
    >>> with httpx.Client(transport=SandboxTransport(app), base_url="http://sandbox") as client:
    ...     client.get("/v3/ping").json()
    {'path': '/v3/ping'}
"""

from __future__ import annotations

import threading

import httpx

from marketplace_sdk.testing._faults import App, FaultPlan, apply_fault

__all__ = ["SandboxTransport"]


class SandboxTransport(httpx.BaseTransport, httpx.AsyncBaseTransport):
    """Sync and async httpx transport calling `app(request)` directly, no sockets.

    The request body is read before the app sees it. Faults queued on `faults` fire here
    exactly as on the loopback server: a "timeout after apply" fault lets the app change its
    state and then raises `httpx.ReadTimeout`; a "connect" fault raises `httpx.ConnectError`
    without calling the app. With `serialize` (the default) requests are served one at a time,
    so an app need not be thread-safe; an app that guards its own state passes `False`.

    Examples:
        >>> import httpx
        >>> from marketplace_sdk.testing._faults import Fault
        >>> transport = SandboxTransport(lambda request: httpx.Response(204))
        >>> transport.faults.add(Fault.connect_error())
        >>> client = httpx.Client(transport=transport)
        >>> try:
        ...     client.get("http://sandbox/")
        ... except httpx.ConnectError:
        ...     print("refused")
        refused
        >>> client.get("http://sandbox/").status_code
        204
    """

    def __init__(
        self, app: App, *, faults: FaultPlan | None = None, serialize: bool = True
    ) -> None:
        """Serve `app`; `faults` defaults to a new empty plan (reachable as `.faults`)."""
        self.app = app
        self.faults = faults if faults is not None else FaultPlan()
        self._lock: threading.RLock | None = threading.RLock() if serialize else None

    def _serve(self, request: httpx.Request) -> httpx.Response:
        if self._lock is None:
            response = apply_fault(self.app, request, self.faults)
        else:
            with self._lock:
                response = apply_fault(self.app, request, self.faults)
        # A fresh response owning plain bytes works with both sync and async clients.
        headers = httpx.Headers(response.headers)
        headers.pop("content-length", None)
        headers.pop("transfer-encoding", None)
        return httpx.Response(
            response.status_code,
            headers=headers,
            content=response.read(),
            request=request,
            extensions={"http_version": b"HTTP/1.1"},
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request synchronously."""
        request.read()
        return self._serve(request)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Serve one request for an `httpx.AsyncClient` (the app itself runs synchronously)."""
        await request.aread()
        return self._serve(request)
