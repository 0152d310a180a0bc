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
from collections.abc import Callable, Iterator
from types import TracebackType
from typing import Self, TypeVar

import httpx
import tenacity

from marketplace_sdk.core._auth import Authenticator
from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._engine import (
    Latch,
    RenewalFailure,
    Retrying,
    client_kwargs,
    log_response,
    queued,
    renewal_failure,
)
from marketplace_sdk.core._errors import (
    AuthenticationError,
    MarketplaceError,
    QuotaExhaustedError,
    RecordError,
    TokenRevokedError,
)
from marketplace_sdk.core._metering import record_request
from marketplace_sdk.core._pagination import Page, Paginator
from marketplace_sdk.core._ratelimit import SENT_AT
from marketplace_sdk.core._records import Quarantine, set_aside
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
        self._latch: Latch | None = None

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
        try:
            return self._run(self._attempt_with_auth, call)
        except RenewalFailure as failure:
            # The renewal failed under its own retry rules: raised as is, never retried here.
            raise failure.error from failure.error.__cause__

    def _run(self, attempt: Callable[[Call[R]], R], call: Call[R]) -> R:
        retrying = Retrying(self.config, call.request)
        runner = tenacity.Retrying(sleep=self.config.clock.sleep, **retrying.kwargs())
        try:
            result: R = runner(attempt, call)
        except QuotaExhaustedError as error:
            raise retrying.explain(error) from None
        return result

    def paginate(
        self, paginator: Paginator[T], *, quarantine: Quarantine | None = None
    ) -> Iterator[T]:
        """Iterate every item of every page, fetching each page only when it is reached.

        A record of a page that its wire model refused (`Page.refused`) is raised as its
        `RecordError` in its place, or handed to `quarantine` when one is given, and the
        iteration goes on with the next record.

        Examples:
            for receipt in engine.paginate(endpoints.receipts_by_created(42, t0, t1)): ...
        """
        next_call: Call[Page[T]] | None = paginator.first()
        while next_call is not None:
            page = self.call(next_call)
            for entry in page.entries() if page.refused else page.items:
                if isinstance(entry, RecordError):
                    set_aside(entry, quarantine)
                    continue
                yield entry
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
        generation = None
        if auth is not None:
            if auth.needs_refresh(self.config.clock.now()):
                self._refresh(auth, seen=auth.generation)
            generation = auth.generation
            request = auth.apply(request)
        http_request = request.to_httpx(self._client)
        # The slot is taken last, as the request goes: the server counts it on arrival, and
        # time spent renewing or building after the stamp would let two calls share its second.
        self._take_budget(request.bucket)
        started = self.config.clock.monotonic()
        http_request.extensions[SENT_AT] = started  # for the limiter reading the answer
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
        with queued(self.config, limiter, bucket) as take:
            while (wait := take()) > 0:
                self.config.clock.sleep(wait)

    def _attempt_unauthenticated(self, call: Call[R]) -> R:
        return self._attempt(call, None)

    def _refresh(self, auth: Authenticator, *, seen: int | None) -> None:
        """Renew the credentials once for every caller that found them stale or refused.

        One renewal at a time (single flight): a caller that waited finds the generation moved
        on and goes ahead with the new credentials. A refused renewal, or one whose answer was
        lost, is latched: every caller after it gets that error, and the same renewal is never
        sent again; only new credentials (another generation, or a renewal request that differs:
        a new pair in the store) lift the latch.
        """
        with self._auth_lock:
            stale = seen is None or auth.generation == seen
            if not stale and not auth.needs_refresh(self.config.clock.now()):
                return
            try:
                refresh = auth.refresh_call()
            except MarketplaceError as error:
                raise RenewalFailure(error) from None
            latch = self._latch
            if latch is not None and latch.holds(refresh.request, auth.generation):
                raise RenewalFailure(latch.again())
            self._latch = None
            try:
                self._run(self._attempt_unauthenticated, refresh)
            except MarketplaceError as error:
                failure = renewal_failure(self.config, refresh.request, error)
                if isinstance(failure, TokenRevokedError):
                    self._latch = Latch(refresh.request, auth.generation, failure)
                raise RenewalFailure(failure) from None
