"""Etsy's OAuth 2.0 authorization-code flow with PKCE, token storage, and the engine's auth hook.

Connecting a shop, step by step (the seller logs into Etsy on Etsy's consent page; the OMS never
sees the seller's password):

1. `start_authorization(keystring, redirect_uri)` makes a PKCE verifier, its S256 challenge and a
   `state`, and the consent URL to send the seller to;
2. Etsy redirects the seller's browser to `redirect_uri?code=...&state=...`;
   `AuthorizationRequest.code_from_redirect(url)` checks `state` and returns the code;
3. `AuthorizationRequest.exchange_call(code)` is the `Call` that trades it (with the verifier)
   for a `TokenPair`; save that pair in the host's `TokenStore`.

From then on `EtsyOAuth` signs every request (`Authorization: Bearer`, and
`x-api-key: keystring:shared_secret`), refreshes the access token (1 hour) before it expires or
when Etsy refuses it, and saves each ROTATED pair to the store before using it: Etsy invalidates
the old refresh token on every refresh. A refused refresh (`invalid_grant`: the seller revoked
the app or changed their password) is a `TokenRevokedError`: ask the seller to reconnect.
The first two steps are shown, as a doctest, in `pkce`.
"""

from __future__ import annotations

from marketplace_sdk.etsy._auth.oauth import EtsyOAuth
from marketplace_sdk.etsy._auth.pkce import (
    CONSENT_URL,
    DEFAULT_SCOPES,
    AuthorizationRequest,
    code_challenge,
    generate_code_verifier,
    start_authorization,
)
from marketplace_sdk.etsy._auth.tokens import (
    TOKEN_PATH,
    JsonFileTokenStore,
    MemoryTokenStore,
    TokenPair,
    TokenStore,
    exchange_code_call,
    refresh_token_call,
)

__all__ = [
    "CONSENT_URL",
    "DEFAULT_SCOPES",
    "TOKEN_PATH",
    "AuthorizationRequest",
    "EtsyOAuth",
    "JsonFileTokenStore",
    "MemoryTokenStore",
    "TokenPair",
    "TokenStore",
    "code_challenge",
    "exchange_code_call",
    "generate_code_verifier",
    "refresh_token_call",
    "start_authorization",
]
