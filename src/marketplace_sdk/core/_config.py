"""Per-marketplace engine settings: `EngineConfig`, and what a marketplace plugs into it.

Examples:
    >>> EngineConfig(marketplace="fnac", base_url="https://vendeur.fnac.com/api.php/").marketplace
    'fnac'
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Protocol

import attrs
import httpx

from marketplace_sdk.core._auth import Authenticator
from marketplace_sdk.core._clock import Clock, SystemClock
from marketplace_sdk.core._errors import ApiError
from marketplace_sdk.core._redact import Redactor
from marketplace_sdk.core._redact_logs import regather, watch_secrets
from marketplace_sdk.core._request import ApiRequest
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.core._secrets import SecretMemory, carried_secrets, secret_values

__all__ = ["Classifier", "EngineConfig", "ErrorDecoder", "ErrorDetails", "Limiter"]


class Limiter(Protocol):
    """What the engine needs from a rate limiter (`marketplace_sdk.core._ratelimit.RateLimiter`).

    Examples:
        >>> class Unlimited:
        ...     def reserve(self, bucket: str = "default", weight: int = 1) -> float:
        ...         return 0.0
        >>> Unlimited().reserve("default")
        0.0
    """

    def reserve(self, bucket: str = "default", weight: int = 1) -> float:
        """Take budget now and return 0.0, or take nothing and return the seconds to wait."""
        ...


@attrs.frozen
class ErrorDetails:
    """What a marketplace's error decoder reads from an error body.

    Examples:
        >>> ErrorDetails(code="ERR_025", message="Invalid token").code
        'ERR_025'
    """

    code: str | None = None
    message: str | None = None
    request_id: str | None = None


ErrorDecoder = Callable[[httpx.Response], ErrorDetails | None]
Classifier = Callable[[httpx.Response, ErrorDetails | None], type[ApiError] | None]


@attrs.frozen(kw_only=True)
class EngineConfig:
    """Everything that differs between marketplaces, for one client.

    Attributes:
        marketplace: short name used in errors and logs (`"etsy"`, `"fnac"`).
        base_url: the API root; request paths are relative to it.
        auth: the auth hook, or `None` for unauthenticated APIs.
        limiter: the rate limiter shared by every call of this client.
        error_decoder: reads the marketplace's error code and message from an error response.
        on_response: sees every response first (to read rate-limit headers, say).
        classify: picks the error class for an error response; `None` falls back to the status.
        retry: the retry policy.
        timeout: connect/read/write/pool timeouts.
        clock: where time is read and waits happen.
        secret_params: more query or body names to redact in logs and errors (the auth
            hook's own values, when it is a `SecretSource`, are redacted wherever they show).
        max_connections: the connection pool's size.
        rng: the jitter source (seed it in tests).

    Examples:
        >>> EngineConfig(marketplace="etsy", base_url="https://api.etsy.com").retry.max_attempts
        5
    """

    marketplace: str
    base_url: str
    auth: Authenticator | None = None
    limiter: Limiter | None = None
    error_decoder: ErrorDecoder | None = None
    on_response: Callable[[httpx.Response], None] | None = None
    classify: Classifier | None = None
    retry: RetryPolicy = attrs.field(factory=RetryPolicy)
    timeout: httpx.Timeout = attrs.field(factory=lambda: httpx.Timeout(30.0, connect=10.0))
    clock: Clock = attrs.field(factory=SystemClock)
    secret_params: frozenset[str] = frozenset()
    max_connections: int = 10
    rng: random.Random = attrs.field(factory=random.Random, eq=False)

    _seen: SecretMemory = attrs.field(factory=SecretMemory, init=False, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # From now on, this client's keys and tokens are kept out of every SDK log record.
        watch_secrets(self)

    def secret_values(self) -> tuple[str, ...]:
        """The auth hook's secrets now, and the last ones seen (a token renewed a moment ago).

        Examples:
            >>> from marketplace_sdk.core._auth import StaticHeaderAuth
            >>> EngineConfig(marketplace="demo", base_url="https://api.example",
            ...              auth=StaticHeaderAuth({"Authorization": "k-8f2e91"})).secret_values()
            ('k-8f2e91',)
        """
        self._seen.remember(secret_values(self.auth))
        return self._seen.values()

    def redactor(self, request: ApiRequest | None = None) -> Redactor:
        """The redaction pass for this client's errors: its secret names and the secrets known.

        Known secrets are the auth hook's (now and lately) and, given the `request` as it was
        sent, those it carried (its token, the refresh token it spent, FNAC's key).

        Examples:
            >>> from marketplace_sdk.core._auth import StaticHeaderAuth
            >>> config = EngineConfig(marketplace="demo", base_url="https://api.example",
            ...                       auth=StaticHeaderAuth({"Authorization": "k-8f2e91"}))
            >>> config.redactor().text("you sent k-8f2e91")
            'you sent [REDACTED]'
            >>> sent = ApiRequest(method="POST", path="/token", form={"refresh_token": "r-77a1c3"})
            >>> config.redactor(sent).text("r-77a1c3 is spent")
            '[REDACTED] is spent'
        """
        if request is not None:
            fields = {"query": request.params, "form": request.form or {}, "json": request.json}
            carried = carried_secrets(
                headers=request.headers,
                fields={key: value for key, value in fields.items() if value is not None},
                body=request.content,
                extra=self.secret_params,
            )
            if self._seen.remember(carried):
                regather()  # the log records that follow (this error's, say) know them too
        return Redactor(names=self.secret_params, secrets=self.secret_values())
