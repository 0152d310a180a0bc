"""The SDK's error hierarchy, rooted at `MarketplaceError`.

Every error is also classed by what the host should do about it (`ErrorClass`):
`CONFIGURATION` (fix the credentials or settings: reconnect the shop), `TRANSIENT` (retry later),
`CLIENT` (the call asks for what the marketplace or the SDK cannot do: change the call, never
retry it) or `SYSTEM` (a bug or an unexpected answer: alert a person). A host decides without
parsing messages:

Examples:
    >>> err = RateLimitedError("slow down", retry_after=2.0)
    >>> err.error_class.value, err.retry_after
    ('transient', 2.0)
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, ClassVar

__all__ = [
    "ApiError",
    "AuthenticationError",
    "ConflictError",
    "DeadlineExceededError",
    "ErrorClass",
    "InvalidRequestError",
    "InvalidTransition",
    "MarketplaceError",
    "NotFoundError",
    "PermissionDeniedError",
    "QuotaExhaustedError",
    "RateLimitedError",
    "RecordError",
    "ResponseParseError",
    "ServerError",
    "TokenRefreshLostError",
    "TokenRevokedError",
    "TransportError",
    "TransportTimeoutError",
    "UnsupportedOperation",
]

#: How many characters of a response body an error keeps.
BODY_EXCERPT_CHARS = 500


class ErrorClass(StrEnum):
    """What the host should do about an error.

    Examples:
        >>> ErrorClass("transient") is ErrorClass.TRANSIENT
        True
    """

    CONFIGURATION = "configuration"
    """Credentials or settings are wrong, revoked or missing: a person must reconnect the shop."""
    TRANSIENT = "transient"
    """Temporary: retry later (after `retry_after` when the error has one)."""
    SYSTEM = "system"
    """A bug or an unexpected answer: retrying will not help; alert a person."""
    CLIENT = "client"
    """The call asks for what the channel cannot do (an unsupported operation, a status filter
    the marketplace does not have): nothing is broken and retrying the same call gives the same
    answer; change the call (or stop making it for this marketplace)."""


class MarketplaceError(Exception):
    """Root of every error the SDK raises on purpose.

    Examples:
        >>> try:
        ...     raise NotFoundError("no such listing", status=404, marketplace="etsy")
        ... except MarketplaceError as err:
        ...     err.error_class.value
        'system'
    """

    default_class: ClassVar[ErrorClass] = ErrorClass.SYSTEM

    def __init__(
        self,
        message: str,
        *,
        marketplace: str | None = None,
        error_class: ErrorClass | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.marketplace = marketplace
        self.error_class = error_class or self.default_class

    def __str__(self) -> str:
        prefix = f"[{self.marketplace}] " if self.marketplace else ""
        return f"{prefix}{self.message}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({str(self)!r}, error_class={self.error_class.value!r})"


class TransportError(MarketplaceError):
    """The request did not get an HTTP answer (DNS, connection, TLS, timeout, broken stream).

    `sent` tells whether the request may have reached the server: `False` only when the error
    proves it never left (a connection error), which is what makes a retry of a write safe.

    Examples:
        >>> TransportError("connection refused", sent=False).sent
        False
    """

    default_class = ErrorClass.TRANSIENT

    def __init__(
        self,
        message: str,
        *,
        method: str | None = None,
        url: str | None = None,
        sent: bool = True,
        marketplace: str | None = None,
    ) -> None:
        super().__init__(message, marketplace=marketplace)
        self.method = method
        self.url = url
        self.sent = sent

    def __str__(self) -> str:
        where = f" ({self.method} {self.url})" if self.method and self.url else ""
        return super().__str__() + where


class TransportTimeoutError(TransportError):
    """The server did not answer in time; a write may or may not have been applied.

    Examples:
        >>> TransportTimeoutError("read timed out").error_class.value
        'transient'
    """


class DeadlineExceededError(MarketplaceError):
    """The overall deadline for a call (all its attempts and waits) ran out.

    Examples:
        >>> DeadlineExceededError("gave up after 60s").error_class.value
        'transient'
    """

    default_class = ErrorClass.TRANSIENT

    def __init__(
        self,
        message: str,
        *,
        last_error: BaseException | None = None,
        marketplace: str | None = None,
    ) -> None:
        super().__init__(message, marketplace=marketplace)
        self.last_error = last_error


class ApiError(MarketplaceError):
    """The marketplace answered, and the answer is an error.

    Carries the method, the URL (secrets removed), the HTTP status, the marketplace's own error
    code and message, its request id, a short excerpt of the body and the parsed body.

    Examples:
        >>> err = ApiError("Listing not found", status=404, code="NOT_FOUND", method="GET",
        ...                url="https://api.example/listings/1")
        >>> str(err)
        'HTTP 404 NOT_FOUND: Listing not found (GET https://api.example/listings/1)'
    """

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        method: str | None = None,
        url: str | None = None,
        request_id: str | None = None,
        body_excerpt: str | None = None,
        body: Any = None,
        marketplace: str | None = None,
        error_class: ErrorClass | None = None,
    ) -> None:
        super().__init__(message, marketplace=marketplace, error_class=error_class)
        self.status = status
        self.code = code
        self.method = method
        self.url = url
        self.request_id = request_id
        self.body_excerpt = body_excerpt[:BODY_EXCERPT_CHARS] if body_excerpt else body_excerpt
        self.body = body

    def __str__(self) -> str:
        parts = []
        if self.marketplace:
            parts.append(f"[{self.marketplace}]")
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.code:
            parts.append(f"{self.code}:")
        elif parts:
            parts[-1] += ":"
        parts.append(self.message)
        text = " ".join(parts)
        if self.method and self.url:
            text += f" ({self.method} {self.url})"
        if self.request_id:
            text += f" [request id {self.request_id}]"
        return text


class AuthenticationError(ApiError):
    """The credentials were refused (HTTP 401 or the marketplace's token error).

    `auth_generation` is the generation of the credentials the refused request carried (set by
    the engine), so that of many calls refused at once only the first renews them.

    Examples:
        >>> AuthenticationError("invalid token", status=401).error_class.value
        'configuration'
    """

    default_class = ErrorClass.CONFIGURATION

    def __init__(self, message: str, *, auth_generation: int | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.auth_generation = auth_generation


class TokenRevokedError(AuthenticationError):
    """The seller's authorization is gone (revoked, password changed, refresh token expired).

    No retry helps: the host must ask the seller to reconnect the shop.

    Examples:
        >>> TokenRevokedError("invalid_grant").error_class.value
        'configuration'
    """


class TokenRefreshLostError(TokenRevokedError):
    """The answer to a token refresh was lost, after the marketplace may have rotated the token.

    The refresh left (then timed out, or the connection broke), or its answer came back but
    could not be read. A marketplace that rotates refresh tokens (Etsy) has then invalidated
    the one the SDK holds, and the new pair is known only to the lost answer: the refresh is
    not sent again, and the host must ask the seller to reconnect the shop. The failure that
    lost the answer is chained (`__cause__`).

    Examples:
        >>> error = TokenRefreshLostError("refresh answer lost", marketplace="etsy")
        >>> error.error_class.value, isinstance(error, TokenRevokedError)
        ('configuration', True)
    """


class PermissionDeniedError(ApiError):
    """Authenticated, but not allowed (HTTP 403: missing scope, wrong shop, missing api key part).

    Examples:
        >>> PermissionDeniedError("missing scope", status=403).error_class.value
        'configuration'
    """

    default_class = ErrorClass.CONFIGURATION


class NotFoundError(ApiError):
    """The resource does not exist (HTTP 404).

    Examples:
        >>> NotFoundError("no such receipt", status=404).status
        404
    """


class InvalidRequestError(ApiError):
    """The marketplace rejected the request's content (HTTP 400/422 or a validation code).

    Examples:
        >>> InvalidRequestError("price out of range", status=400).error_class.value
        'system'
    """


class ConflictError(ApiError):
    """The request conflicts with the resource's current state (HTTP 409).

    Examples:
        >>> ConflictError("already shipped", status=409).status
        409
    """


class RateLimitedError(ApiError):
    """Too many requests (HTTP 429, or the client's own limiter refusing to wait that long).

    `retry_after` is the wait in seconds the marketplace (or limiter) asks for, when known.

    Examples:
        >>> RateLimitedError("per-second limit", status=429, retry_after=1.0).retry_after
        1.0
    """

    default_class = ErrorClass.TRANSIENT

    def __init__(self, message: str, *, retry_after: float | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after = retry_after


class QuotaExhaustedError(RateLimitedError):
    """A long-window budget (for example Etsy's calls per day) is spent.

    Retrying before `retry_after` seconds is pointless; a scheduler should park the job.
    `from_limiter` is true when the client's rate limiter refused to wait (the engine sets it;
    no request was sent), false when the marketplace said so.

    Examples:
        >>> QuotaExhaustedError("daily quota", retry_after=3600.0).retry_after
        3600.0
    """

    def __init__(self, message: str, *, from_limiter: bool = False, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.from_limiter = from_limiter


class ServerError(ApiError):
    """The marketplace failed (HTTP 5xx).

    Examples:
        >>> ServerError("bad gateway", status=502).error_class.value
        'transient'
    """

    default_class = ErrorClass.TRANSIENT


class ResponseParseError(ApiError):
    """The answer could not be read as the documented shape (malformed JSON or XML, say).

    A body that is empty, cut short or not well-formed is `transient` (the engine retries an
    idempotent call; a truncated page is never read as a shorter one); a whole document of the
    wrong shape is `system` (asking again gives the same answer).

    Examples:
        >>> ResponseParseError("not JSON", status=200).error_class.value
        'system'
        >>> ResponseParseError("cut short", error_class=ErrorClass.TRANSIENT).error_class.value
        'transient'
    """


class RecordError(MarketplaceError):
    """One record the marketplace sent cannot be turned into its canonical form.

    The rest of the page is fine: a sync job sets this record aside (a quarantine item for the
    host, with the marketplace's raw payload) and goes on. `kind` says what the record is
    (`"order"`, `"product"`, `"cancellation"`, ...), `record_id` the marketplace's id when it
    could be read, `raw` the payload as received; the cause is chained (`__cause__`).

    Examples:
        >>> error = RecordError("bad currency 'EURO'", kind="order", record_id="7",
        ...                     raw={"receipt_id": 7}, marketplace="etsy")
        >>> str(error), error.record_id, error.error_class.value
        ("[etsy] order 7: bad currency 'EURO'", '7', 'system')
    """

    def __init__(
        self,
        message: str,
        *,
        kind: str,
        record_id: str | None = None,
        raw: Any = None,
        marketplace: str | None = None,
    ) -> None:
        super().__init__(message, marketplace=marketplace)
        self.kind = kind
        self.record_id = record_id
        self.raw = raw

    def __str__(self) -> str:
        prefix = f"[{self.marketplace}] " if self.marketplace else ""
        which = f"{self.kind} {self.record_id}" if self.record_id else f"a {self.kind} with no id"
        return f"{prefix}{which}: {self.message}"


class UnsupportedOperation(MarketplaceError):
    """The channel cannot do this; the message names the marketplace's limit.

    Its class is `client`: a limit of the marketplace, not a failure, so a host's retry logic
    leaves it alone and no one is paged for it.

    Examples:
        >>> error = UnsupportedOperation("FNAC has no product deletion", marketplace="fnac")
        >>> str(error), error.error_class.value
        ('[fnac] FNAC has no product deletion', 'client')
    """

    default_class = ErrorClass.CLIENT


class InvalidTransition(MarketplaceError):
    """A status change that the status rules forbid (for example cancelling a shipped order).

    Examples:
        >>> InvalidTransition("cannot cancel after Ready to Ship").error_class.value
        'system'
    """
