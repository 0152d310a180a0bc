# Generated from src/marketplace_sdk/core/_async/engine.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The engine that sends every marketplace call, over an httpx client.

The steps it takes are in `marketplace_sdk.core._engine`: budget, auth, send, error mapping,
one renewal on refused credentials, retries within the policy's deadline.

Examples:
    >>> import asyncio, httpx
    >>> from marketplace_sdk.core._request import ApiRequest, Call
    >>> config = EngineConfig(marketplace="demo", base_url="https://api.example")
    >>> transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"n": 1}))
    >>> call = Call(ApiRequest(method="GET", path="/n"), parse=lambda r: r.json()["n"])
    >>> def main() -> int:
    ...     with SyncEngine(config, transport=transport) as engine:
    ...         return engine.call(call)
    >>> main()
    1
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from types import TracebackType
from typing import Self, TypeVar

import httpx
import tenacity

from marketplace_sdk.core._auth import Authenticator
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._engine import Retrying, client_kwargs, log_response, reserve
from marketplace_sdk.core._errors import AuthenticationError, QuotaExhaustedError
from marketplace_sdk.core._metering import record_request
from marketplace_sdk.core._pagination import Page, Paginator
from marketplace_sdk.core._request import Call
from marketplace_sdk.core._responses import handle_response, translate_transport_error

__all__ = ["SyncEngine"]

R = TypeVar("R")
T = TypeVar("T")


class SyncEngine:
    """Runs calls over an httpx client; one engine per client, shared by all its callers.

    The sync engine is safe to share between threads, the async one between the tasks of one
    event loop.

    Examples:
        engine = SyncEngine(config, transport=sandbox.transport())
        shop = engine.call(endpoints.get_shop(42))
    """

    def __init__(
        self,
        config: EngineConfig,
        *,
        transport: httpx.BaseTransport | None = None,
        http_client: httpx.Client | None = None,
    ) -> None:
        """Use `http_client` as given, or build one on `transport` (default: real network)."""
        self.config = config
        self._owns_client = http_client is None
        self._client = http_client or httpx.Client(transport=transport, **client_kwargs(config))
        self._auth_lock = threading.Lock()

    def __repr__(self) -> str:
        config = self.config
        return (
            f"{type(self).__name__}(marketplace={config.marketplace!r}, "
            f"base_url={config.base_url!r})"
        )

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool (when the engine made it).

        Examples:
            engine.close()
        """
        if self._owns_client:
            self._client.close()

    def call(self, call: Call[R]) -> R:
        """Send `call` with rate limiting, auth, retries and error mapping; return its result.

        Examples:
            shop = engine.call(endpoints.get_shop(42))
        """
        retrying = Retrying(self.config, call.request)
        runner = tenacity.Retrying(sleep=self.config.clock.sleep, **retrying.kwargs())
        try:
            result: R = runner(self._attempt_with_auth, call)
        except QuotaExhaustedError as error:
            raise retrying.explain(error) from None
        return result

    def paginate(self, paginator: Paginator[T]) -> Iterator[T]:
        """Iterate every item of every page, fetching each page only when it is reached.

        Examples:
            for receipt in engine.paginate(endpoints.receipts_by_created(42, t0, t1)): ...
        """
        next_call: Call[Page[T]] | None = paginator.first()
        while next_call is not None:
            page = self.call(next_call)
            for item in page.items:
                yield item
            next_call = paginator.next(page)

    def _attempt_with_auth(self, call: Call[R]) -> R:
        auth = self.config.auth if call.request.authenticated else None
        try:
            return self._attempt(call, auth)
        except AuthenticationError as error:
            if auth is None or not auth.can_recover(error):
                raise
            self._refresh(auth, seen=error.auth_generation)
            return self._attempt(call, auth)

    def _attempt(self, call: Call[R], auth: Authenticator | None) -> R:
        request = call.request
        self._take_budget(request.bucket)
        generation = None
        if auth is not None:
            if auth.needs_refresh(self.config.clock.now()):
                self._refresh(auth, seen=auth.generation)
            generation = auth.generation
            request = auth.apply(request)
        http_request = request.to_httpx(self._client)
        started = self.config.clock.monotonic()
        record_request(self.config.marketplace)
        try:
            response = self._client.send(http_request)
        except httpx.TransportError as error:
            raise translate_transport_error(
                self.config, request, http_request.url, error
            ) from error
        log_response(self.config, request, response, self.config.clock.monotonic() - started)
        try:
            return handle_response(self.config, call, request, response)
        except AuthenticationError as error:
            error.auth_generation = generation
            raise

    def _take_budget(self, bucket: str) -> None:
        limiter = self.config.limiter
        if limiter is None:
            return
        while (wait := reserve(self.config, limiter, bucket)) > 0:
            self.config.clock.sleep(wait)

    def _refresh(self, auth: Authenticator, *, seen: int | None) -> None:
        with self._auth_lock:
            stale = seen is None or auth.generation == seen
            if stale or auth.needs_refresh(self.config.clock.now()):
                refresh = auth.refresh_call()
                self._attempt(refresh, None)
