"""The HTTP engine's shared steps, used by `AsyncEngine` and its generated twin `SyncEngine`.

`EngineConfig` holds what differs per marketplace (base URL, auth hook, rate limiter, how its
error bodies read). `AsyncEngine` (hand-written, `marketplace_sdk.core._async.engine`) and
`SyncEngine` (generated from it into `marketplace_sdk.core._sync.engine`) run a `Call` through
the same steps, and only the sending differs:

1. renew credentials if they are stale, then add them (`Authenticator.apply`);
2. take budget from the rate limiter (every attempt, retries included), right before sending;
3. send; translate transport failures into `TransportError` (noting whether the request left);
4. read rate-limit headers (`on_response`), turn an error status into the matching `ApiError`,
   else `parse` the body;
5. on a refused credential that a renewal can fix, renew once and resend;
6. retry what `marketplace_sdk.core._retry` says is retryable, within the policy's deadline.

A renewal runs under its own retry rules (those of the renewal request, never those of the call
that needed it): a refresh that may have rotated the token is never sent twice. A refused
renewal, or one whose answer was lost, is latched (`Latch`) until new credentials arrive.

What both engines share lives here: the retry settings of one call (`Retrying`), the renewal
latch, the httpx client settings, the limiter's reservation and the response log line.

Examples:
    >>> settings = client_kwargs(EngineConfig(marketplace="demo", base_url="https://api.example"))
    >>> settings["follow_redirects"], USER_AGENT in settings["headers"].values()
    (False, True)
"""

from __future__ import annotations

import copy
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs
import httpx
import tenacity

from marketplace_sdk._version import __version__
from marketplace_sdk.core._config import EngineConfig, Limiter
from marketplace_sdk.core._errors import (
    DeadlineExceededError,
    MarketplaceError,
    QuotaExhaustedError,
    ResponseParseError,
    TokenRefreshLostError,
    TokenRevokedError,
    TransportError,
)
from marketplace_sdk.core._metering import record_failure, record_retry
from marketplace_sdk.core._redact import redact_url
from marketplace_sdk.core._request import ApiRequest
from marketplace_sdk.core._retry import retry_delay, should_retry

__all__ = [
    "USER_AGENT",
    "Latch",
    "RenewalFailure",
    "Retrying",
    "client_kwargs",
    "log_response",
    "queued",
    "renewal_failure",
    "reserve",
]

logger = logging.getLogger("marketplace_sdk.http")

#: The `User-Agent` every request carries.
USER_AGENT = f"marketplace-sdk/{__version__}"


class Retrying:
    """The tenacity settings both engines share for one call."""

    def __init__(self, config: EngineConfig, request: ApiRequest) -> None:
        self.config = config
        self.request = request
        self.started = config.clock.monotonic()
        self.last_error: BaseException | None = None

    def kwargs(self) -> dict[str, Any]:
        """The keyword arguments of `tenacity.Retrying` / `tenacity.AsyncRetrying`."""
        return {
            "retry": tenacity.retry_if_exception(self._retryable),
            "wait": self._wait,
            "stop": self._stop,
            "before_sleep": self._log_retry,
            "retry_error_callback": self._give_up,
        }

    def _retryable(self, error: BaseException) -> bool:
        if isinstance(error, RenewalFailure):
            # Counted by the renewal's own attempts; a latched one sent nothing.
            return False  # the renewal had its own retries; resending it is its rules' call
        # Every failed attempt passes here once: count it for the run reports.
        record_failure(self.config.marketplace, error)
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
        record_retry(self.config.marketplace)
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
        if self.last_error is None or not error.from_limiter:
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


class RenewalFailure(Exception):
    """Carries the error of a failed credential renewal past the retries of the call it served.

    The call that needed fresh credentials must not retry (and so resend) the renewal under its
    own rules: a GET is retried after a timeout, a token refresh must not be. The engine
    unwraps it, so callers only ever see `error`.
    """

    def __init__(self, error: MarketplaceError) -> None:
        super().__init__(str(error))
        self.error = error


@attrs.frozen
class Latch:
    """A renewal the marketplace refused, or whose answer was lost, held until new credentials.

    While it holds, no renewal is sent: every caller gets the error again. It lets go when the
    credentials change: the auth hook's generation moved on (the shop was reconnected in this
    process) or the renewal it would send differs from the refused one (a new pair was stored,
    by another process, say).

    Examples:
        >>> from marketplace_sdk.core._request import ApiRequest
        >>> refused = ApiRequest(method="POST", path="/token", form={"refresh_token": "r1"})
        >>> latch = Latch(refused, 3, TokenRevokedError("invalid_grant"))
        >>> latch.holds(refused, 3), latch.holds(refused, 4)
        (True, False)
        >>> latch.holds(ApiRequest(method="POST", path="/token", form={"refresh_token": "r2"}), 3)
        False
    """

    request: ApiRequest = attrs.field(repr=False)
    generation: int
    error: TokenRevokedError

    def holds(self, request: ApiRequest, generation: int) -> bool:
        """Whether renewing with `request` at `generation` is the renewal that was refused."""
        return generation == self.generation and request == self.request

    def again(self) -> TokenRevokedError:
        """The latched error for one more caller: the same error, with a traceback of its own.

        Examples:
            >>> from marketplace_sdk.core._request import ApiRequest
            >>> latch = Latch(ApiRequest(method="POST", path="/t"), 0,
            ...               TokenRevokedError("invalid_grant", code="invalid_grant"))
            >>> error = latch.again()
            >>> error is latch.error, str(error) == str(latch.error), error.code
            (False, True, 'invalid_grant')
        """
        error = copy.copy(self.error)
        error.__cause__ = self.error.__cause__
        if hasattr(self.error, "__notes__"):  # a note added to one copy stays on that copy
            error.__notes__ = list(self.error.__notes__)
        return error


def renewal_failure(
    config: EngineConfig, request: ApiRequest, error: MarketplaceError
) -> MarketplaceError:
    """What a failed renewal is raised as: a lost answer to a non-repeatable one, or `error`.

    A renewal that is not idempotent (Etsy's refresh rotates the refresh token) and whose answer
    was lost after it left, or came back unreadable, is a `TokenRefreshLostError`: the token it
    used may be dead, and the new one is known only to the lost answer.

    Examples:
        >>> config = EngineConfig(marketplace="etsy", base_url="https://api.etsy.com")
        >>> refresh = ApiRequest(method="POST", path="/token", idempotent=False)
        >>> type(renewal_failure(config, refresh, TransportError("reset", sent=True))).__name__
        'TokenRefreshLostError'
        >>> type(renewal_failure(config, refresh, TransportError("refused", sent=False))).__name__
        'TransportError'
    """
    if request.is_idempotent:
        return error
    lost = (isinstance(error, TransportError) and error.sent) or isinstance(
        error, ResponseParseError
    )
    if not lost:
        return error
    what = "could not be read" if isinstance(error, ResponseParseError) else "was lost"
    failure = TokenRefreshLostError(
        f"the answer to the token refresh {what} ({type(error).__name__}), after the "
        "marketplace may have rotated the token; the refresh is not sent again: the seller "
        "must reconnect the shop",
        method=request.method,
        url=getattr(error, "url", None),
        marketplace=error.marketplace or config.marketplace,
    )
    failure.__cause__ = error
    return failure


def client_kwargs(config: EngineConfig) -> dict[str, Any]:
    """The httpx client settings of an engine built on `config` (sync and async alike)."""
    return {
        "base_url": config.base_url,
        "timeout": config.timeout,
        "headers": {"User-Agent": USER_AGENT},
        "limits": httpx.Limits(
            max_connections=config.max_connections,
            max_keepalive_connections=config.max_connections,
        ),
        "follow_redirects": False,
    }


def reserve(config: EngineConfig, limiter: Limiter, bucket: str) -> float:
    """Seconds to wait before the next attempt may go (0: now), from the config's limiter.

    Raises:
        QuotaExhaustedError: a long-window budget is spent; it names the marketplace.
    """
    return _named(config, lambda: limiter.reserve(bucket))


def _named(config: EngineConfig, take: Callable[[], float]) -> float:
    try:
        return take()
    except MarketplaceError as error:  # a spent long-window quota: say whose it is
        error.marketplace = error.marketplace or config.marketplace
        if isinstance(error, QuotaExhaustedError):
            error.from_limiter = True
        raise


@contextmanager
def queued(config: EngineConfig, limiter: Limiter, bucket: str) -> Iterator[Callable[[], float]]:
    """One call's place in the limiter's line: `take()` is `reserve` for it, in its priority
    (`RateLimiter.queued`: urgent calls first); a limiter without a line is asked in turn.

    Raises:
        QuotaExhaustedError: from `take()`, as `reserve`.
    """
    line = getattr(limiter, "queued", None)
    if line is None:
        yield lambda: reserve(config, limiter, bucket)
        return
    with line(bucket) as take:
        yield lambda: _named(config, take)


def log_response(
    config: EngineConfig, request: ApiRequest, response: httpx.Response, elapsed: float
) -> None:
    """Log one answer at DEBUG (its URL without secrets, status and time)."""
    if logger.isEnabledFor(logging.DEBUG):
        logger.debug(
            "%s %s -> %d in %.0f ms",
            request.method,
            redact_url(response.request.url, config.secret_params),
            response.status_code,
            elapsed * 1000,
        )
