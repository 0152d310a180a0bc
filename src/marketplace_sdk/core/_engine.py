"""The HTTP engine: one code path for every marketplace call, sent sync or async.

`EngineConfig` holds what differs per marketplace (base URL, auth hook, rate limiter, how its
error bodies read). `SyncEngine` and `AsyncEngine` run a `Call` through the same steps, and only
the sending differs:

1. take budget from the rate limiter (every attempt, retries included);
2. renew credentials if they are stale, then add them (`Authenticator.apply`);
3. send; translate transport failures into `TransportError` (noting whether the request left);
4. read rate-limit headers (`on_response`), turn an error status into the matching `ApiError`,
   else `parse` the body;
5. on a refused credential that a renewal can fix, renew once and resend;
6. retry what `marketplace_sdk.core._retry` says is retryable, within the policy's deadline.

Example:
    >>> import httpx
    >>> from marketplace_sdk.core._request import ApiRequest, Call
    >>> transport = httpx.MockTransport(lambda request: httpx.Response(200, json={"n": 1}))
    >>> with SyncEngine(EngineConfig(marketplace="demo", base_url="https://api.example"),
    ...                 transport=transport) as engine:
    ...     engine.call(Call(ApiRequest(method="GET", path="/n"), parse=lambda r: r.json()["n"]))
    1
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterator
from types import TracebackType
from typing import Any, Self, TypeVar

import httpx
import tenacity

from marketplace_sdk._version import __version__
from marketplace_sdk.core._auth import Authenticator
from marketplace_sdk.core._config import EngineConfig, ErrorDetails, Limiter
from marketplace_sdk.core._errors import (
    AuthenticationError,
    DeadlineExceededError,
    MarketplaceError,
    QuotaExhaustedError,
)
from marketplace_sdk.core._metering import record_request
from marketplace_sdk.core._pagination import Page, Paginator
from marketplace_sdk.core._redact import redact_url
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._responses import handle_response, translate_transport_error
from marketplace_sdk.core._retry import retry_delay, should_retry

__all__ = [
    "USER_AGENT",
    "AsyncEngine",
    "EngineConfig",
    "ErrorDetails",
    "Limiter",
    "SyncEngine",
]

logger = logging.getLogger("marketplace_sdk.http")

R = TypeVar("R")
T = TypeVar("T")

#: The `User-Agent` every request carries.
USER_AGENT = f"marketplace-sdk/{__version__}"


def _headers() -> dict[str, str]:
    return {"User-Agent": USER_AGENT}


class _Retrying:
    """The tenacity settings both engines share for one call."""

    def __init__(self, config: EngineConfig, request: ApiRequest) -> None:
        self.config = config
        self.request = request
        self.started = config.clock.monotonic()
        self.last_error: BaseException | None = None

    def kwargs(self) -> dict[str, Any]:
        return {
            "retry": tenacity.retry_if_exception(self._retryable),
            "wait": self._wait,
            "stop": self._stop,
            "before_sleep": self._log_retry,
            "retry_error_callback": self._give_up,
        }

    def _retryable(self, error: BaseException) -> bool:
        return should_retry(error, self.request, self.config.retry)

    def _wait(self, state: tenacity.RetryCallState) -> float:
        error = state.outcome.exception() if state.outcome else None
        assert error is not None  # tenacity only waits after a failed attempt
        self.last_error = error
        return retry_delay(error, state.attempt_number, self.config.retry, self.config.rng)

    def _stop(self, state: tenacity.RetryCallState) -> bool:
        if state.attempt_number >= self.config.retry.max_attempts:
            return True
        elapsed = self.config.clock.monotonic() - self.started
        return elapsed + (state.upcoming_sleep or 0.0) > self.config.retry.deadline

    def _log_retry(self, state: tenacity.RetryCallState) -> None:
        error = state.outcome.exception() if state.outcome else None
        logger.warning(
            "%s %s: attempt %d failed (%s); retrying in %.2fs",
            self.request.method,
            self.request.operation or self.request.path,
            state.attempt_number,
            error,
            state.upcoming_sleep,
        )

    def explain(self, error: QuotaExhaustedError) -> BaseException:
        """What to raise when the limiter refuses a retry: the failure that needed the retry.

        An operation allowed once per long window (Mirakl's P41, say) has no budget left for a
        retry; the host should see the 503 or connection error that caused it, not only "budget
        spent".
        """
        if self.last_error is None or not getattr(error, "_from_limiter", False):
            return error
        self.last_error.add_note(f"not retried: {error}")
        return self.last_error

    def _give_up(self, state: tenacity.RetryCallState) -> Any:
        error = state.outcome.exception() if state.outcome else None
        assert error is not None
        if state.attempt_number >= self.config.retry.max_attempts:
            raise error
        raise DeadlineExceededError(
            f"{self.request.method} {self.request.operation or self.request.path}: gave up after "
            f"{state.attempt_number} attempts within the {self.config.retry.deadline:g}s deadline;"
            f" last error: {error}",
            last_error=error,
            marketplace=self.config.marketplace,
        ) from error


def _client_kwargs(config: EngineConfig) -> dict[str, Any]:
    return {
        "base_url": config.base_url,
        "timeout": config.timeout,
        "headers": _headers(),
        "limits": httpx.Limits(
            max_connections=config.max_connections,
            max_keepalive_connections=config.max_connections,
        ),
        "follow_redirects": False,
    }


class SyncEngine:
    """Runs calls over an `httpx.Client`; safe to share between threads.

    Example:
        >>> import httpx
        >>> engine = SyncEngine(EngineConfig(marketplace="demo", base_url="https://api.example"),
        ...                     transport=httpx.MockTransport(lambda r: httpx.Response(200)))
        >>> engine.close()
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
        self._client = http_client or httpx.Client(transport=transport, **_client_kwargs(config))
        self._auth_lock = threading.Lock()

    def __repr__(self) -> str:
        config = self.config
        return f"SyncEngine(marketplace={config.marketplace!r}, base_url={config.base_url!r})"

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
        """Close the connection pool (when the engine made it)."""
        if self._owns_client:
            self._client.close()

    def call(self, call: Call[R]) -> R:
        """Send `call` with rate limiting, auth, retries and error mapping; return its result."""
        retrying = _Retrying(self.config, call.request)
        runner = tenacity.Retrying(sleep=self.config.clock.sleep, **retrying.kwargs())
        try:
            result: R = runner(self._attempt_with_auth, call)
        except QuotaExhaustedError as error:
            raise retrying.explain(error) from None
        return result

    def paginate(self, paginator: Paginator[T]) -> Iterator[T]:
        """Iterate every item of every page, fetching each page only when it is reached."""
        next_call: Call[Page[T]] | None = paginator.first()
        while next_call is not None:
            page = self.call(next_call)
            yield from page.items
            next_call = paginator.next(page)

    def _attempt_with_auth(self, call: Call[R]) -> R:
        auth = self.config.auth if call.request.authenticated else None
        try:
            return self._attempt(call, auth)
        except AuthenticationError as error:
            if auth is None or not auth.can_recover(error):
                raise
            self._refresh(auth, seen=getattr(error, "_auth_generation", None))
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
        _log_response(self.config, request, response, self.config.clock.monotonic() - started)
        try:
            return handle_response(self.config, call, request, response)
        except AuthenticationError as error:
            error._auth_generation = generation  # type: ignore[attr-defined]
            raise

    def _take_budget(self, bucket: str) -> None:
        limiter = self.config.limiter
        if limiter is None:
            return
        while (wait := _reserve(self.config, limiter, bucket)) > 0:
            self.config.clock.sleep(wait)

    def _refresh(self, auth: Authenticator, *, seen: int | None) -> None:
        with self._auth_lock:
            stale = seen is None or auth.generation == seen
            if stale or auth.needs_refresh(self.config.clock.now()):
                refresh = auth.refresh_call()
                self._attempt(refresh, None)


class AsyncEngine:
    """Runs calls over an `httpx.AsyncClient`; safe to share between tasks of one event loop.

    Example:
        >>> import asyncio, httpx
        >>> async def main() -> None:
        ...     async with AsyncEngine(EngineConfig(marketplace="demo",
        ...             base_url="https://api.example"),
        ...             transport=httpx.MockTransport(lambda r: httpx.Response(200))) as engine:
        ...         pass
        >>> asyncio.run(main())
    """

    def __init__(
        self,
        config: EngineConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        http_client: httpx.AsyncClient | None = None,
    ) -> None:
        """Use `http_client` as given, or build one on `transport` (default: real network)."""
        self.config = config
        self._owns_client = http_client is None
        self._client = http_client or httpx.AsyncClient(
            transport=transport, **_client_kwargs(config)
        )
        self._auth_lock: asyncio.Lock | None = None

    def __repr__(self) -> str:
        config = self.config
        return f"AsyncEngine(marketplace={config.marketplace!r}, base_url={config.base_url!r})"

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        """Close the connection pool (when the engine made it)."""
        if self._owns_client:
            await self._client.aclose()

    async def call(self, call: Call[R]) -> R:
        """Send `call` with rate limiting, auth, retries and error mapping; return its result."""
        retrying = _Retrying(self.config, call.request)
        runner = tenacity.AsyncRetrying(sleep=self.config.clock.asleep, **retrying.kwargs())
        try:
            result: R = await runner(self._attempt_with_auth, call)
        except QuotaExhaustedError as error:
            raise retrying.explain(error) from None
        return result

    async def paginate(self, paginator: Paginator[T]) -> AsyncIterator[T]:
        """Iterate every item of every page, fetching each page only when it is reached."""
        next_call: Call[Page[T]] | None = paginator.first()
        while next_call is not None:
            page = await self.call(next_call)
            for item in page.items:
                yield item
            next_call = paginator.next(page)

    async def _attempt_with_auth(self, call: Call[R]) -> R:
        auth = self.config.auth if call.request.authenticated else None
        try:
            return await self._attempt(call, auth)
        except AuthenticationError as error:
            if auth is None or not auth.can_recover(error):
                raise
            await self._refresh(auth, seen=getattr(error, "_auth_generation", None))
            return await self._attempt(call, auth)

    async def _attempt(self, call: Call[R], auth: Authenticator | None) -> R:
        request = call.request
        await self._take_budget(request.bucket)
        generation = None
        if auth is not None:
            if auth.needs_refresh(self.config.clock.now()):
                await self._refresh(auth, seen=auth.generation)
            generation = auth.generation
            request = auth.apply(request)
        http_request = request.to_httpx(self._client)
        started = self.config.clock.monotonic()
        record_request(self.config.marketplace)
        try:
            response = await self._client.send(http_request)
        except httpx.TransportError as error:
            raise translate_transport_error(
                self.config, request, http_request.url, error
            ) from error
        _log_response(self.config, request, response, self.config.clock.monotonic() - started)
        try:
            return handle_response(self.config, call, request, response)
        except AuthenticationError as error:
            error._auth_generation = generation  # type: ignore[attr-defined]
            raise

    async def _take_budget(self, bucket: str) -> None:
        limiter = self.config.limiter
        if limiter is None:
            return
        while (wait := _reserve(self.config, limiter, bucket)) > 0:
            await self.config.clock.asleep(wait)

    async def _refresh(self, auth: Authenticator, *, seen: int | None) -> None:
        if self._auth_lock is None:
            self._auth_lock = asyncio.Lock()
        async with self._auth_lock:
            stale = seen is None or auth.generation == seen
            if stale or auth.needs_refresh(self.config.clock.now()):
                refresh = auth.refresh_call()
                await self._attempt(refresh, None)


def _reserve(config: EngineConfig, limiter: Limiter, bucket: str) -> float:
    try:
        return limiter.reserve(bucket)
    except MarketplaceError as error:  # a spent long-window quota: say whose it is
        error.marketplace = error.marketplace or config.marketplace
        error._from_limiter = True  # type: ignore[attr-defined]
        raise


def _log_response(
    config: EngineConfig, request: ApiRequest, response: httpx.Response, elapsed: float
) -> None:
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %d in %.0f ms",
            request.method,
            redact_url(response.request.url, config.secret_params),
            response.status_code,
            elapsed * 1000,
        )
