"""OAuth 2.0 as Etsy runs it: consent with PKCE (S256), code exchange, rotating refresh tokens.

Access tokens live 3600 s on the sandbox's clock and refresh tokens 90 days; every refresh
issues a new pair and the old refresh token stops working. A simulated password change revokes
every token of the user (`invalid_grant` on refresh, 401 on calls).

Examples:
    >>> import base64, hashlib
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from pydantic import SecretStr
    >>> from marketplace_sdk.etsy.sandbox._world import World
    >>> world = World.empty(FakeClock())
    >>> world.apps["key"] = SandboxApp("key", SecretStr("secret"), ["http://localhost/cb"])
    >>> server = OAuthServer(world)
    >>> verifier = "v" * 43
    >>> challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest())
    >>> url = server.consent({"response_type": "code", "client_id": "key",
    ...     "redirect_uri": "http://localhost/cb", "scope": "listings_r", "state": "xyz",
    ...     "code_challenge": challenge.decode().rstrip("="), "code_challenge_method": "S256"})
    >>> url.startswith("http://localhost/cb?code=")
    True
"""

from __future__ import annotations

import base64
import hashlib
import re
import string
from collections.abc import Mapping
from datetime import datetime, timedelta
from urllib.parse import urlencode

import attrs
import httpx

from marketplace_sdk.etsy.sandbox._state import SandboxApp
from marketplace_sdk.etsy.sandbox._wire import SandboxHTTPError, form_fields
from marketplace_sdk.etsy.sandbox._world import World
from marketplace_sdk.testing import json_response

__all__ = ["SCOPES", "Grant", "OAuthServer"]

#: The scopes Etsy's authorization server knows.
SCOPES = frozenset(
    {
        "address_r", "address_w", "billing_r", "cart_r", "cart_w", "email_r", "favorites_r",
        "favorites_w", "feedback_r", "listings_d", "listings_r", "listings_w", "profile_r",
        "profile_w", "recommend_r", "recommend_w", "shops_r", "shops_w", "transactions_r",
        "transactions_w",
    }
)  # fmt: skip

ACCESS_TOKEN_TTL = timedelta(seconds=3600)
REFRESH_TOKEN_TTL = timedelta(days=90)
CODE_TTL = timedelta(minutes=10)

_VERIFIER = re.compile(r"^[A-Za-z0-9._~-]{43,128}$")
_ALPHABET = string.ascii_letters + string.digits + "-_"


@attrs.define
class Grant:
    """What a token stands for: a user, an app, scopes, and when it stops working.

    Examples:
        >>> from datetime import UTC, datetime
        >>> Grant(1, "key", frozenset({"shops_r"}), datetime(2026, 1, 1, tzinfo=UTC), 0).user_id
        1
    """

    user_id: int
    client_id: str
    scopes: frozenset[str]
    expires_at: datetime
    generation: int


@attrs.define
class _PendingCode:
    client_id: str
    redirect_uri: str
    scopes: frozenset[str]
    challenge: str
    user_id: int
    expires_at: datetime


class OAuthServer:
    """Etsy's authorization server for the sandbox's single seller.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> server = OAuthServer(World.empty(FakeClock()))
        >>> server.refresh_tokens()
        0
    """

    def __init__(self, world: World) -> None:
        """Serve consent and tokens for the apps and seller of `world`."""
        self.world = world
        self._codes: dict[str, _PendingCode] = {}
        self._access: dict[str, Grant] = {}
        self._refresh: dict[str, Grant] = {}

    # consent ---------------------------------------------------------------------------------

    def consent(self, query: Mapping[str, str], *, approve: bool = True) -> str:
        """The seller's answer on the consent page: the redirect URL with `code` and `state`.

        Raises `SandboxHTTPError` (400) for a request Etsy would not show a consent page for
        (unknown client, redirect URI not registered, no S256 challenge, unknown scope).
        """
        client_id = query.get("client_id", "")
        app = self.world.apps.get(client_id)
        if app is None:
            raise SandboxHTTPError(400, "invalid_client", error_description="Unknown client_id")
        redirect_uri = query.get("redirect_uri", "")
        if redirect_uri not in app.redirect_uris:
            raise SandboxHTTPError(
                400, "invalid_request", error_description="redirect_uri is not registered"
            )
        if query.get("response_type") != "code":
            raise SandboxHTTPError(
                400, "unsupported_response_type", error_description="response_type must be code"
            )
        if query.get("code_challenge_method") != "S256" or not query.get("code_challenge"):
            raise SandboxHTTPError(
                400, "invalid_request", error_description="PKCE with S256 is required"
            )
        scopes = frozenset(query.get("scope", "").split())
        if not scopes or not scopes <= SCOPES:
            raise SandboxHTTPError(400, "invalid_scope", error_description="Unknown scope")
        state = query.get("state", "")
        if not approve:
            params = {"error": "access_denied", "error_description": "The user denied access"}
            return f"{redirect_uri}?{urlencode({**params, 'state': state})}"
        code = self._token_text(32)
        self._codes[code] = _PendingCode(
            client_id=client_id,
            redirect_uri=redirect_uri,
            scopes=scopes,
            challenge=query["code_challenge"],
            user_id=self.world.seller.user_id,
            expires_at=self.world.now() + CODE_TTL,
        )
        return f"{redirect_uri}?{urlencode({'code': code, 'state': state})}"

    def handle_connect(self, request: httpx.Request) -> httpx.Response:
        """`GET /oauth/connect`: the seller approves at once; 302 to the redirect URI."""
        query = dict(request.url.params.items())
        approve = query.pop("sandbox_decision", "approve") != "deny"
        return httpx.Response(302, headers={"location": self.consent(query, approve=approve)})

    # token endpoint --------------------------------------------------------------------------

    def handle_token(self, request: httpx.Request) -> httpx.Response:
        """`POST /v3/public/oauth/token`: the `authorization_code` and `refresh_token` grants."""
        fields = {name: values[-1] for name, values in form_fields(request).items()}
        grant_type = fields.get("grant_type")
        app = self.world.apps.get(fields.get("client_id", ""))
        if app is None:
            raise SandboxHTTPError(401, "invalid_client", error_description="Unknown client_id")
        if grant_type == "authorization_code":
            grant = self._exchange_code(app, fields)
        elif grant_type == "refresh_token":
            grant = self._use_refresh_token(app, fields.get("refresh_token", ""))
        else:
            raise SandboxHTTPError(
                400, "unsupported_grant_type", error_description="Unsupported grant_type"
            )
        access, refresh = self._issue(grant)
        body = {
            "access_token": access,
            "token_type": "Bearer",
            "expires_in": int(ACCESS_TOKEN_TTL.total_seconds()),
            "refresh_token": refresh,
        }
        return json_response(200, body, headers={"cache-control": "no-store"})

    def _exchange_code(self, app: SandboxApp, fields: Mapping[str, str]) -> Grant:
        pending = self._codes.pop(fields.get("code", ""), None)
        if pending is None or pending.client_id != app.keystring:
            raise _invalid_grant("The authorization code is invalid or was already used")
        if self.world.now() >= pending.expires_at:
            raise _invalid_grant("The authorization code has expired")
        if fields.get("redirect_uri") != pending.redirect_uri:
            raise _invalid_grant("redirect_uri does not match the authorization request")
        verifier = fields.get("code_verifier", "")
        if not _VERIFIER.match(verifier):
            raise SandboxHTTPError(
                400, "invalid_request", error_description="code_verifier must be 43-128 characters"
            )
        if _s256(verifier) != pending.challenge:
            raise _invalid_grant("code_verifier does not match the code_challenge")
        return Grant(
            user_id=pending.user_id,
            client_id=app.keystring,
            scopes=pending.scopes,
            expires_at=self.world.now(),
            generation=self.world.seller.password_generation,
        )

    def _use_refresh_token(self, app: SandboxApp, token: str) -> Grant:
        # Etsy rotates the refresh token on every refresh (ETSY-Q25); off, the old one lives on.
        rotate = self.world.behaviours.on("ETSY-Q25")
        grant = self._refresh.pop(token, None) if rotate else self._refresh.get(token)
        if grant is None or grant.client_id != app.keystring:
            raise _invalid_grant("The refresh token is invalid, revoked or already used")
        if grant.generation != self.world.seller.password_generation:
            raise _invalid_grant("refresh_token is revoked")
        if self.world.now() >= grant.expires_at:
            raise _invalid_grant("The refresh token has expired")
        return grant

    def _issue(self, grant: Grant) -> tuple[str, str]:
        now = self.world.now()
        access = f"{grant.user_id}.{self._token_text(48)}"
        refresh = f"{grant.user_id}.{self._token_text(48)}"
        self._access[access] = attrs.evolve(grant, expires_at=now + ACCESS_TOKEN_TTL)
        self._refresh[refresh] = attrs.evolve(grant, expires_at=now + REFRESH_TOKEN_TTL)
        return access, refresh

    def _token_text(self, length: int) -> str:
        return "".join(self.world.rng.choices(_ALPHABET, k=length))

    # checks on API calls ---------------------------------------------------------------------

    def check_api_key(self, header: str | None) -> str:
        """The keystring of a valid `x-api-key: keystring:shared_secret`, or a 403.

        Examples:
            >>> from marketplace_sdk.core._clock import FakeClock
            >>> from pydantic import SecretStr
            >>> world = World.empty(FakeClock())
            >>> world.apps["key"] = SandboxApp("key", SecretStr("secret"), [])
            >>> OAuthServer(world).check_api_key("key:secret")
            'key'
            >>> try:
            ...     OAuthServer(world).check_api_key("key")
            ... except SandboxHTTPError as refusal:
            ...     print(refusal.status, refusal.message)
            403 Shared secret is required in x-api-key header.
        """
        if not header:
            raise SandboxHTTPError(403, "Missing x-api-key header.")
        keystring, _, secret = header.partition(":")
        app = self.world.apps.get(keystring)
        if app is None:
            raise SandboxHTTPError(403, "Invalid API key: the keystring is not known.")
        if not secret:
            if not self.world.behaviours.on("ETSY-Q24"):
                return keystring  # before February 2026 the keystring alone was enough
            raise SandboxHTTPError(403, "Shared secret is required in x-api-key header.")
        if secret != app.shared_secret.get_secret_value():
            raise SandboxHTTPError(403, "Invalid API key: the shared secret does not match.")
        return keystring

    def authenticate(self, authorization: str | None, client_id: str) -> Grant:
        """The grant behind an `Authorization: Bearer` header, or a 401."""
        if not authorization or not authorization.lower().startswith("bearer "):
            raise SandboxHTTPError(
                401, "invalid_token", error_description="Missing bearer access token"
            )
        token = authorization[7:].strip()
        grant = self._access.get(token)
        if grant is None or grant.client_id != client_id:
            raise SandboxHTTPError(401, "invalid_token", error_description="Invalid access token")
        if grant.generation != self.world.seller.password_generation:
            # Etsy words a token a password change revoked as an expired one (ETSY-Q26).
            raise SandboxHTTPError(
                401, "invalid_token", error_description="access token is expired"
            )
        if self.world.now() >= grant.expires_at:
            raise SandboxHTTPError(
                401, "invalid_token", error_description="The access token is expired"
            )
        return grant

    # simulated events ------------------------------------------------------------------------

    def expire_access_tokens(self) -> int:
        """Make every access token expired now (refresh tokens keep working); returns how many."""
        now = self.world.now()
        for token, grant in list(self._access.items()):
            self._access[token] = attrs.evolve(grant, expires_at=now)
        return len(self._access)

    def revoke_all(self) -> None:
        """A password change: every access and refresh token of the seller stops working."""
        self.world.seller.password_generation += 1

    def refresh_tokens(self) -> int:
        """How many refresh tokens can still be used (rotation leaves one per session)."""
        return len(self._refresh)


def _invalid_grant(description: str) -> SandboxHTTPError:
    return SandboxHTTPError(400, "invalid_grant", error_description=description)


def _s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")
