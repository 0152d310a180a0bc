"""PKCE (RFC 7636, S256) and Etsy's consent URL: the first half of connecting a shop.

Examples:
    >>> flow = start_authorization("keystring123", "https://oms.example/etsy/callback",
    ...                            state="xyz", verifier="a" * 43)
    >>> flow.url.startswith("https://www.etsy.com/oauth/connect?response_type=code")
    True
    >>> flow.code_from_redirect("https://oms.example/etsy/callback?code=abc&state=xyz")
    'abc'
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Sequence
from urllib.parse import parse_qs, urlencode, urlsplit

import attrs
from pydantic import SecretStr

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._errors import AuthenticationError
from marketplace_sdk.core._request import Call
from marketplace_sdk.etsy._auth.tokens import TokenPair, exchange_code_call

__all__ = [
    "CONSENT_URL",
    "DEFAULT_SCOPES",
    "AuthorizationRequest",
    "code_challenge",
    "generate_code_verifier",
    "start_authorization",
]

#: Etsy's consent page.
CONSENT_URL = "https://www.etsy.com/oauth/connect"
#: The scopes an OMS integration needs (listings, shop, receipts read and write).
DEFAULT_SCOPES: tuple[str, ...] = (
    "listings_r",
    "listings_w",
    "listings_d",
    "shops_r",
    "transactions_r",
    "transactions_w",
)

_VERIFIER = re.compile(r"[A-Za-z0-9._~-]{43,128}")
_VERIFIER_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~"


def generate_code_verifier(length: int = 64) -> str:
    """A random PKCE code verifier: `length` (43 to 128) characters of the RFC 7636 alphabet.

    Examples:
        >>> len(generate_code_verifier())
        64
    """
    if not 43 <= length <= 128:
        raise ValueError("a PKCE code verifier has 43 to 128 characters")
    return "".join(secrets.choice(_VERIFIER_ALPHABET) for _ in range(length))


def code_challenge(verifier: str) -> str:
    """The S256 code challenge of `verifier`: unpadded base64url of its SHA-256.

    Example (RFC 7636, appendix B):
        >>> code_challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM'
    """
    if not _VERIFIER.fullmatch(verifier):
        raise ValueError("a PKCE code verifier is 43 to 128 characters of [A-Za-z0-9._~-]")
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@attrs.frozen(repr=False)
class AuthorizationRequest:
    """One consent attempt: the URL to send the seller to, and what checks the way back.

    Keep it (server side, e.g. in the seller's session) between sending the seller to `url`
    and receiving the redirect: `verifier` must never reach the browser.

    Examples:
        >>> flow = start_authorization("key", "https://oms.example/cb", state="s1",
        ...                            verifier="v" * 43)
        >>> "code_challenge_method=S256" in flow.url
        True
    """

    keystring: str
    redirect_uri: str
    scopes: tuple[str, ...]
    state: str
    verifier: SecretStr
    url: str

    def __repr__(self) -> str:
        return f"AuthorizationRequest(url={self.url!r})"

    def code_from_redirect(self, redirect_url: str) -> str:
        """The authorization code from Etsy's redirect, after checking `state`.

        Raises:
            AuthenticationError: the seller declined (`error=access_denied`), the `state` does
                not match (a forged or stale redirect), or there is no code.

        Examples:
            >>> flow = start_authorization("key", "https://oms.example/cb", state="s1")
            >>> try:
            ...     flow.code_from_redirect("https://oms.example/cb?error=access_denied&state=s1")
            ... except AuthenticationError as err:
            ...     err.message
            'the seller did not authorize the app: access_denied'
        """
        query = parse_qs(urlsplit(redirect_url).query)
        state = query.get("state", [""])[0]
        if not secrets.compare_digest(state, self.state):
            raise AuthenticationError(
                "the redirect's state does not match this authorization request",
                marketplace="etsy",
            )
        if "error" in query:
            raise AuthenticationError(
                f"the seller did not authorize the app: {query['error'][0]}", marketplace="etsy"
            )
        code = query.get("code", [""])[0]
        if not code:
            raise AuthenticationError("the redirect carries no code", marketplace="etsy")
        return code

    def exchange_call(self, code: str, *, clock: Clock | None = None) -> Call[TokenPair]:
        """The call trading `code` for the shop's first `TokenPair`.

        Examples:
            >>> flow = start_authorization("key", "https://oms.example/cb", verifier="v" * 43)
            >>> flow.exchange_call("c0de").request.form["code_verifier"] == "v" * 43
            True
        """
        return exchange_code_call(
            self.keystring,
            self.redirect_uri,
            code,
            self.verifier.get_secret_value(),
            clock=clock,
        )


def start_authorization(
    keystring: str,
    redirect_uri: str,
    scopes: Sequence[str] = DEFAULT_SCOPES,
    *,
    state: str | None = None,
    verifier: str | None = None,
) -> AuthorizationRequest:
    """A new consent attempt: random `state` and PKCE verifier (unless given), and the URL.

    Examples:
        >>> flow = start_authorization("key", "https://oms.example/cb", ["shops_r"], state="s")
        >>> query = flow.url.partition("?")[2]
        >>> query.startswith("response_type=code&client_id=key&redirect_uri=https%3A%2F%2F")
        True
    """
    verifier = verifier or generate_code_verifier()
    state = state or secrets.token_urlsafe(24)
    query = urlencode(
        {
            "response_type": "code",
            "client_id": keystring,
            "redirect_uri": redirect_uri,
            "scope": " ".join(scopes),
            "state": state,
            "code_challenge": code_challenge(verifier),
            "code_challenge_method": "S256",
        }
    )
    return AuthorizationRequest(
        keystring=keystring,
        redirect_uri=redirect_uri,
        scopes=tuple(scopes),
        state=state,
        verifier=SecretStr(verifier),
        url=f"{CONSENT_URL}?{query}",
    )
