"""FNAC authentication: partner id, shop id and key buy a session token that every call carries.

`POST auth` with the three credentials returns a token and its `validity`. Every other request
carries `partner_id`, `shop_id` and `token` as attributes of its root element; `FnacTokenAuth`
adds them (the engine calls `apply` on each request), renews the token shortly before it expires,
and once more when FNAC reports a token error. The partner id, the key and the token never appear
in a repr, a log or an error: the auth hands them to the redaction pass. Buying a token with the
fixed key can be repeated, so a lost `auth` answer is simply asked again; refused credentials
(`TokenRevokedError`) are asked once: the engine latches the refusal, and every later call of
the client gets it without another `auth` call.

Examples:
    >>> from marketplace_sdk.core._request import ApiRequest
    >>> creds = FnacCredentials(partner_id="P", shop_id="S", key="secret-key")
    >>> creds
    FnacCredentials(shop_id='S', key=SecretStr('**********'))
    >>> auth = FnacTokenAuth(creds)
    >>> auth.store_token("T0KEN", validity=None)
    >>> request = ApiRequest(method="POST", path="batch_query", content=b"<batch_query/>")
    >>> auth.apply(request).content
    b'<batch_query partner_id="P" shop_id="S" token="T0KEN"/>'
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta

import attrs
import httpx
from lxml import etree
from pydantic import BaseModel, ConfigDict, Field, SecretStr

from marketplace_sdk.core._clock import Clock, SystemClock, ensure_utc
from marketplace_sdk.core._errors import ApiError, AuthenticationError, TokenRevokedError
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.fnac._errors import MARKETPLACE, read_envelope
from marketplace_sdk.fnac._models.auth import AuthRequest, AuthResponse
from marketplace_sdk.fnac._xml import parse_xml, to_bytes

__all__ = ["XML_HEADERS", "FnacCredentials", "FnacTokenAuth"]

logger = logging.getLogger(__name__)

#: Headers of every FNAC request.
XML_HEADERS = {"Content-Type": "text/xml; charset=utf-8", "Accept": "text/xml"}

#: How long a token is trusted when FNAC gives no usable `validity`.
DEFAULT_VALIDITY = timedelta(minutes=30)


class FnacCredentials(BaseModel):
    """The three FNAC web-service credentials of one shop (the fourth, the Mirakl API key,
    belongs to the catalogue client).

    Examples:
        >>> FnacCredentials(partner_id="P", shop_id="S", key="k").key.get_secret_value()
        'k'
    """

    model_config = ConfigDict(frozen=True)

    # Part of the login (with the key): kept out of the repr like it.
    partner_id: str = Field(repr=False)
    shop_id: str
    key: SecretStr


@attrs.define(repr=False)
class FnacTokenAuth:
    """The `Authenticator` for FNAC's XML services: a cached token, renewed before `validity`.

    Attributes:
        credentials: partner id, shop id and key.
        renew_before: how long before `validity` the token is renewed.
        clock: used only when FNAC's answer has no usable validity.

    Examples:
        >>> from datetime import UTC
        >>> auth = FnacTokenAuth(FnacCredentials(partner_id="P", shop_id="S", key="k"))
        >>> auth.needs_refresh(datetime(2026, 1, 1, tzinfo=UTC))
        True
    """

    credentials: FnacCredentials
    renew_before: timedelta = timedelta(minutes=5)
    clock: Clock = attrs.field(factory=SystemClock)
    _token: SecretStr | None = attrs.field(default=None, init=False)
    _validity: datetime | None = attrs.field(default=None, init=False)
    _generation: int = attrs.field(default=0, init=False)

    def __repr__(self) -> str:
        state = "no token" if self._token is None else f"token valid until {self._validity}"
        return f"FnacTokenAuth(shop_id={self.credentials.shop_id!r}, {state})"

    def secret_values(self) -> list[str]:
        """The partner id, the key and the current token, for the redaction pass.

        Examples:
            >>> auth = FnacTokenAuth(FnacCredentials(partner_id="P", shop_id="S", key="k"))
            >>> auth.secret_values()
            ['P', 'k']
        """
        values = [self.credentials.partner_id, self.credentials.key.get_secret_value()]
        if self._token is not None:
            values.append(self._token.get_secret_value())
        return values

    @property
    def generation(self) -> int:
        """Incremented each time a new token is stored."""
        return self._generation

    @property
    def validity(self) -> datetime | None:
        """When the current token expires (UTC), or `None` without a token."""
        return self._validity

    def store_token(self, token: str | SecretStr, validity: datetime | None) -> None:
        """Keep a new token; without a usable validity it is trusted for `DEFAULT_VALIDITY`."""
        now = self.clock.now()
        if validity is None or ensure_utc(validity) <= now:
            if validity is not None:
                logger.warning("FNAC token validity %s is past; trusting it briefly", validity)
            validity = now + DEFAULT_VALIDITY
        self._token = token if isinstance(token, SecretStr) else SecretStr(token)
        self._validity = ensure_utc(validity)
        self._generation += 1

    def apply(self, request: ApiRequest) -> ApiRequest:
        """Set `partner_id`, `shop_id` and `token` on the root element of the request's XML body."""
        if request.content is None:
            return request
        header = {"partner_id": self.credentials.partner_id, "shop_id": self.credentials.shop_id}
        if self._token is not None:
            header["token"] = self._token.get_secret_value()
        content = _with_header(request.content, header)
        if content is None:
            root = parse_xml(request.content)
            for name, value in header.items():
                root.set(name, value)
            declared = request.content.lstrip().startswith(b"<?xml")
            content = to_bytes(root) if declared else etree.tostring(root)
        return attrs.evolve(request, content=content)

    def needs_refresh(self, now: datetime) -> bool:
        """True without a token, or once `now` is within `renew_before` of its validity."""
        if self._token is None or self._validity is None:
            return True
        return now >= self._validity - self.renew_before

    def refresh_call(self) -> Call[None]:
        """The `auth` call; its parse stores the new token, or raises `TokenRevokedError`."""
        body = AuthRequest(
            partner_id=self.credentials.partner_id,
            shop_id=self.credentials.shop_id,
            key=self.credentials.key,
        ).to_xml()
        request = ApiRequest(
            method="POST",
            path="auth",
            content=to_bytes(body),
            headers=XML_HEADERS,
            idempotent=True,
            operation="auth",
            authenticated=False,
        )
        return Call(request, parse=self._store_response)

    def _store_response(self, response: httpx.Response) -> None:
        answer = AuthResponse.from_xml(read_envelope(response, "auth"))
        if answer.token is None or not answer.token.get_secret_value():
            raise TokenRevokedError(
                "FNAC answered the auth call without a token", marketplace=MARKETPLACE
            )
        self.store_token(answer.token, answer.validity)
        logger.info("FNAC token renewed, valid until %s", self._validity)

    def can_recover(self, error: ApiError) -> bool:
        """True for a token error (expired or unknown token); never for refused credentials."""
        return isinstance(error, AuthenticationError) and not isinstance(error, TokenRevokedError)


# The start of a document `to_bytes` wrote, up to its root element's name.
_WRITTEN = re.compile(rb"<\?xml version='1\.0' encoding='utf-8'\?>\n<[A-Za-z_][\w.-]*")
_PLAIN_VALUE = re.compile(r"[ !#-%'-;=?-~]*")


def _with_header(content: bytes, header: dict[str, str]) -> bytes | None:
    """`content` with `header` set on its root element, as parsing it, setting them and
    `to_bytes` would write it; `None` when the document is not one `to_bytes` wrote or a value
    would need escaping (the caller then takes that longer way).

    A request of 10,000 offers is 1.2 MB: reading and writing it again for three attributes
    cost more CPU than building it.

    Examples:
        >>> _with_header(to_bytes(etree.Element("batch_query")), {"shop_id": "S"}).endswith(
        ...     b'<batch_query shop_id="S"/>')
        True
    """
    start = _WRITTEN.match(content)
    if start is None or any(_PLAIN_VALUE.fullmatch(value) is None for value in header.values()):
        return None
    end = content.find(b">", start.end())
    if end < 0:
        return None
    if content[end - 1 : end] == b"/":
        end -= 1
    tag = content[start.end() : end]
    if any(f" {name}=".encode() in tag for name in header):
        return None  # set already: lxml would replace the value where it stands
    added = "".join(f' {name}="{value}"' for name, value in header.items()).encode()
    return content[:end] + added + content[end:]
