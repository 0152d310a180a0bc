"""Etsy's token pair, the token endpoint calls, and where the host stores the pair.

Examples:
    >>> from datetime import UTC, datetime
    >>> store = MemoryTokenStore()
    >>> store.save(TokenPair(access_token="1.a", refresh_token="1.r",
    ...                      expires_at=datetime(2026, 1, 1, tzinfo=UTC)))
    >>> store.load().user_id
    1
"""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime, timedelta
from pathlib import Path
from typing import Protocol, runtime_checkable

import httpx
from pydantic import BaseModel, ConfigDict, SecretStr, field_validator

from marketplace_sdk.core._clock import Clock, SystemClock, ensure_utc
from marketplace_sdk.core._errors import ResponseParseError
from marketplace_sdk.core._files import write_private
from marketplace_sdk.core._request import ApiRequest, Call

__all__ = [
    "TOKEN_PATH",
    "JsonFileTokenStore",
    "MemoryTokenStore",
    "TokenPair",
    "TokenStore",
    "exchange_code_call",
    "refresh_token_call",
]

#: The token endpoint, relative to the API's base URL.
TOKEN_PATH = "/v3/public/oauth/token"


class TokenPair(BaseModel):
    """An access token, its refresh token and when the access token expires.

    Tokens are `SecretStr`: they never show in a repr, a log or an exception.

    Examples:
        >>> from datetime import UTC, datetime
        >>> pair = TokenPair(access_token="12345678.abc", refresh_token="12345678.def",
        ...                  expires_at=datetime(2026, 1, 1, 1, tzinfo=UTC))
        >>> pair.user_id, "abc" in repr(pair)
        (12345678, False)
    """

    model_config = ConfigDict(frozen=True)

    access_token: SecretStr
    refresh_token: SecretStr
    expires_at: datetime
    token_type: str = "Bearer"

    @field_validator("expires_at")
    @classmethod
    def _aware(cls, value: datetime) -> datetime:
        return ensure_utc(value)

    @property
    def user_id(self) -> int | None:
        """The Etsy user id that prefixes Etsy's tokens (`12345678.xxxx`), when present."""
        prefix, dot, _ = self.access_token.get_secret_value().partition(".")
        return int(prefix) if dot and prefix.isdigit() else None

    def expires_within(self, now: datetime, seconds: float) -> bool:
        """Whether the access token expires less than `seconds` after `now`.

        Examples:
            >>> from datetime import UTC, datetime
            >>> pair = TokenPair(access_token="a", refresh_token="r",
            ...                  expires_at=datetime(2026, 1, 1, 0, 1, tzinfo=UTC))
            >>> pair.expires_within(datetime(2026, 1, 1, tzinfo=UTC), 60)
            True
        """
        return self.expires_at - timedelta(seconds=seconds) <= ensure_utc(now)

    def to_storage(self) -> dict[str, str]:
        """The pair as plain strings, secrets revealed, for a `TokenStore` to persist."""
        return {
            "access_token": self.access_token.get_secret_value(),
            "refresh_token": self.refresh_token.get_secret_value(),
            "expires_at": self.expires_at.isoformat(),
            "token_type": self.token_type,
        }


def _parse_token_response(response: httpx.Response, clock: Clock) -> TokenPair:
    try:
        body = response.json()
        expires_in = float(body.get("expires_in", 3600))
        pair = TokenPair(
            access_token=body["access_token"],
            refresh_token=body["refresh_token"],
            expires_at=clock.now() + timedelta(seconds=expires_in),
            token_type=body.get("token_type", "Bearer"),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        # The message names the problem, never the body: it holds tokens.
        raise ResponseParseError(
            f"Etsy's token endpoint answered without a usable token pair ({type(error).__name__})",
            status=response.status_code,
            marketplace="etsy",
        ) from None
    return pair


def _token_request(fields: dict[str, str], operation: str) -> ApiRequest:
    return ApiRequest(
        method="POST",
        path=TOKEN_PATH,
        form=fields,
        operation=operation,
        bucket="default",
        authenticated=False,
        # A refresh that reached Etsy has rotated the refresh token: never resend it blindly.
        # A 5xx from the token endpoint applied nothing and a retry fixes it (ETSY-Q25).
        idempotent=False,
        retry_server_errors=True,
    )


def exchange_code_call(
    keystring: str,
    redirect_uri: str,
    code: str,
    code_verifier: str,
    *,
    clock: Clock | None = None,
) -> Call[TokenPair]:
    """The call trading an authorization code (and the PKCE verifier) for a `TokenPair`.

    Examples:
        >>> call = exchange_code_call("key", "https://oms.example/cb", "c0de", "v" * 43)
        >>> call.request.path, call.request.form["grant_type"]
        ('/v3/public/oauth/token', 'authorization_code')
    """
    when = clock or SystemClock()
    request = _token_request(
        {
            "grant_type": "authorization_code",
            "client_id": keystring,
            "redirect_uri": redirect_uri,
            "code": code,
            "code_verifier": code_verifier,
        },
        "oauthTokenExchange",
    )
    return Call(request, parse=lambda response: _parse_token_response(response, when))


def refresh_token_call(
    keystring: str, refresh_token: SecretStr, *, clock: Clock | None = None
) -> Call[TokenPair]:
    """The call trading a refresh token for a new (rotated) `TokenPair`.

    Examples:
        >>> refresh_token_call("key", SecretStr("1.r")).request.form["grant_type"]
        'refresh_token'
    """
    when = clock or SystemClock()
    request = _token_request(
        {
            "grant_type": "refresh_token",
            "client_id": keystring,
            "refresh_token": refresh_token.get_secret_value(),
        },
        "oauthTokenRefresh",
    )
    return Call(request, parse=lambda response: _parse_token_response(response, when))


@runtime_checkable
class TokenStore(Protocol):
    """Where the host keeps a shop's token pair; the SDK saves every rotated pair here.

    `save` must be durable before it returns: the previous refresh token no longer works.

    Examples:
        >>> isinstance(MemoryTokenStore(), TokenStore)
        True
    """

    def load(self) -> TokenPair | None:
        """The stored pair, or `None` when the shop was never connected."""
        ...

    def save(self, pair: TokenPair) -> None:
        """Replace the stored pair with `pair`."""
        ...


class MemoryTokenStore:
    """A token store in memory (tests, notebooks): lost when the process ends.

    Examples:
        >>> store = MemoryTokenStore()
        >>> store.load() is None
        True
    """

    def __init__(self, pair: TokenPair | None = None) -> None:
        """Start with `pair` (or empty)."""
        self._pair = pair
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"MemoryTokenStore(has_token={self._pair is not None})"

    def load(self) -> TokenPair | None:
        """The pair saved last."""
        with self._lock:
            return self._pair

    def save(self, pair: TokenPair) -> None:
        """Keep `pair`."""
        with self._lock:
            self._pair = pair


class JsonFileTokenStore:
    """A token store in a JSON file readable only by its owner (mode 0600), replaced atomically.

    Examples:
        >>> import tempfile, pathlib
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "etsy-shop-1.json"
        >>> JsonFileTokenStore(path).load() is None
        True
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """Store the pair in `path` (created on first save)."""
        self.path = Path(path)
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"JsonFileTokenStore({str(self.path)!r})"

    def load(self) -> TokenPair | None:
        """The stored pair, or `None` when the file does not exist."""
        with self._lock:
            try:
                text = self.path.read_text(encoding="utf-8")
            except FileNotFoundError:
                return None
        return TokenPair.model_validate(json.loads(text))

    def save(self, pair: TokenPair) -> None:
        """Write `pair` to a new 0600 file next to `path`, flush it, then rename it over `path`."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = json.dumps(pair.to_storage()).encode("utf-8")
        with self._lock:
            write_private(self.path, data)
