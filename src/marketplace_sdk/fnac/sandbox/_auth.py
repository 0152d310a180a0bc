"""The sandbox's `auth` service and the token check every other service runs first.

`auth` takes `<partner_id/><shop_id/><key/>` and answers a token (uuid), its validity and the
API version. Every other request must carry `partner_id`, `shop_id` and `token` attributes on
its root; a missing, unknown or expired token is answered with ERR_025. By default a token dies
halfway to the validity it announced (FNAC-Q14 and its switch `expires-before-validity`).

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.fnac._xml import child_text, parse_xml
    >>> creds = SandboxCredentials.generate(ShopState(clock=FakeClock()))
    >>> gate = TokenGate(ShopState(clock=FakeClock()), creds)
    >>> body = (f"<auth><partner_id>{creds.partner_id}</partner_id><shop_id>{creds.shop_id}"
    ...         f"</shop_id><key>{creds.key}</key></auth>")
    >>> answer = gate.authenticate(parse_xml(body))
    >>> answer.get("status"), child_text(answer, "validity")
    ('OK', '2026-01-01T02:00:00+01:00')
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

import attrs
from lxml import etree

from marketplace_sdk.fnac._xml import child_text, sub_element
from marketplace_sdk.fnac.sandbox._state import ShopState, Token
from marketplace_sdk.fnac.sandbox._wire import Codes, ServiceError, add_error, response_root, stamp

__all__ = ["API_VERSION", "SandboxCredentials", "TokenGate"]

logger = logging.getLogger(__name__)

#: The API version `auth` announces (the 2017 XSDs belong to the 2.6 documentation).
API_VERSION = "2.6.0"


@attrs.frozen
class SandboxCredentials:
    """The four credentials a sandbox shop accepts (the seed's Partner ID, Shop ID, Key and
    Mirakl API key). They are sandbox values, but stay out of reprs all the same.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> creds = SandboxCredentials.generate(ShopState(clock=FakeClock(), seed=7))
        >>> "key" in repr(creds), len(creds.partner_id)
        (False, 36)
    """

    partner_id: str
    shop_id: str
    key: str = attrs.field(repr=False)
    mirakl_api_key: str = attrs.field(repr=False)

    @classmethod
    def generate(cls, state: ShopState) -> SandboxCredentials:
        """Deterministic credentials drawn from `state`'s seeded generator."""
        return cls(
            partner_id=state.new_uuid(),
            shop_id=state.new_uuid(),
            key=state.new_uuid(),
            mirakl_api_key=state.new_uuid().lower(),
        )


@attrs.define
class TokenGate:
    """Issues tokens and checks the request header of every other service.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> state = ShopState(clock=FakeClock())
        >>> gate = TokenGate(state, SandboxCredentials.generate(state))
        >>> gate.token_ttl
        3600.0
    """

    state: ShopState
    credentials: SandboxCredentials
    token_ttl: float = 3600.0

    def authenticate(self, request: etree._Element) -> etree._Element:
        """Answer an `auth` request: a new token, or status ERROR for refused credentials."""
        given = (
            child_text(request, "partner_id") or "",
            child_text(request, "shop_id") or "",
            child_text(request, "key") or "",
        )
        expected = (self.credentials.partner_id, self.credentials.shop_id, self.credentials.key)
        if tuple(value.upper() for value in given) != tuple(value.upper() for value in expected):
            logger.info("sandbox auth refused for partner %s", given[0][:8])
            root = response_root("auth", "ERROR")
            add_error(
                root, Codes.AUTH_FAILED, "Authentication failed: unknown partner, shop or key"
            )
            return root
        now = self.state.now()
        token = Token(self.state.new_uuid(), now + timedelta(seconds=self.token_ttl))
        self.state.tokens[token.token] = token
        root = response_root("auth")
        sub_element(root, "token", token.token)
        sub_element(root, "validity", stamp(token.valid_until))
        sub_element(root, "version", API_VERSION)
        return root

    def check(self, request: etree._Element) -> None:
        """Refuse (ERR_025) a request whose header names another shop or a bad token."""
        partner_id = (request.get("partner_id") or "").upper()
        shop_id = (request.get("shop_id") or "").upper()
        token_text = (request.get("token") or "").upper()
        if partner_id != self.credentials.partner_id or shop_id != self.credentials.shop_id:
            raise ServiceError(Codes.TOKEN, "Invalid partner_id or shop_id in the request header")
        if not token_text:
            raise ServiceError(Codes.TOKEN, "Missing token: authenticate first")
        token = self.state.tokens.get(token_text)
        if token is None:
            raise ServiceError(Codes.TOKEN, "Invalid token")
        if token.revoked or self.state.now() >= self.dies_at(token):
            raise ServiceError(Codes.TOKEN, "Token expired: authenticate again")

    def dies_at(self, token: Token) -> datetime:
        """When `token` stops being accepted (FNAC-Q14 and its switch decide).

        Halfway to its announced validity under `FNAC-Q14.expires-before-validity`, at its
        validity without it, never with FNAC-Q14 off.
        """
        behaviours = self.state.behaviours
        if not behaviours.on("FNAC-Q14"):
            return datetime.max.replace(tzinfo=UTC)
        if behaviours.on("FNAC-Q14.expires-before-validity"):
            return token.valid_until - timedelta(seconds=self.token_ttl / 2)
        return token.valid_until

    def expire_all(self) -> None:
        """Make every issued token expired now (the next call needs a new `auth`)."""
        now = self.state.now()
        for key, token in list(self.state.tokens.items()):
            self.state.tokens[key] = Token(token.token, min(token.valid_until, now), revoked=True)
