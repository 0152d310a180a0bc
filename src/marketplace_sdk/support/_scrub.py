"""What a recorded support case may keep: secrets removed, buyer data replaced by placeholders.

`Scrubber` cleans one exchange at a time (URL, headers, body), the way `record_case` writes it:

- credentials, through the SDK's one redaction pass (`marketplace_sdk.core._redact`):
  `Authorization`, `x-api-key`, cookies and webhook signatures in headers; OAuth codes,
  verifiers and tokens in form and JSON bodies; FNAC's `partner_id`, `key` and `token` in XML
  (elements and attributes); `whsec_` signing secrets anywhere; bearer tokens and echoed
  headers in free text; every literal value given as a secret, however short. They become
  `[REDACTED]`. A case also drops FNAC's `shop_id`, which says whose shop it is.
- buyer personal data in Etsy JSON (`name`, `buyer_email`, `first_line`, `zip`, ...) and FNAC
  XML (`client_firstname`, `address1`, `zipcode`, `phone`, ...): replaced by placeholders of
  the same shape (`Name 1`, `person1@example.invalid`, `1 Redacted Street`), stable within a
  case (the same buyer gets the same placeholder in every answer), so a replay still parses and
  still joins. Cities and countries are kept, as in `repr`.

Examples:
    >>> scrubber = Scrubber(secrets=("s3cret",))
    >>> scrubber.body('{"buyer_email": "ann@example.com", "access_token": "t", "note": "s3cret"}')
    '{"buyer_email": "person1@example.invalid", "access_token": "[REDACTED]", "note": "[REDACTED]"}'
    >>> scrubber.body("<order><client_firstname><![CDATA[Ann]]></client_firstname></order>")
    '<order><client_firstname><![CDATA[Name 1]]></client_firstname></order>'
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sized

import attrs

from marketplace_sdk.core._redact import REDACTED, Redactor, is_secret_name

__all__ = ["JSON_PERSONAL_KEYS", "XML_PERSONAL_ELEMENTS", "Scrubber"]

#: Etsy JSON keys holding personal data, with the kind of placeholder each gets.
JSON_PERSONAL_KEYS: dict[str, str] = {
    "buyer_email": "email",
    "seller_email": "email",
    "payment_email": "email",
    "primary_email": "email",
    "email": "email",
    "first_name": "name",
    "last_name": "name",
    "first_line": "street",
    "second_line": "street",
    "zip": "postal",
    "formatted_address": "text",
    "message_from_buyer": "text",
    "phone": "phone",
}
#: Keys that are personal only next to an address (`name` is also a taxonomy node's name).
_JSON_ADDRESS_KEYS: dict[str, str] = {"name": "name"}
_ADDRESS_MARKERS = frozenset({"first_line", "formatted_address", "buyer_email"})

#: FNAC XML elements holding personal data, with the kind of placeholder each gets.
XML_PERSONAL_ELEMENTS: dict[str, str] = {
    "client_firstname": "name",
    "client_lastname": "name",
    "client_name": "name",
    "client_email": "email",
    "firstname": "name",
    "lastname": "name",
    "company": "name",
    "address1": "street",
    "address2": "street",
    "address3": "street",
    "zipcode": "postal",
    "phone": "phone",
    "mobile": "phone",
    "nif": "text",
}
#: FNAC's shop id, which every XML request carries (elements and root attributes); the
#: partner id, a credential, is the redaction pass's.
_XML_IDS = ("shop_id",)

_XML_ELEMENT = re.compile(
    r"<(?P<tag>(?:[A-Za-z_][\w.-]*:)?(?P<name>[A-Za-z_][\w.-]*))(?P<attrs>\s[^>]*)?>"
    r"(?:<!\[CDATA\[(?P<cdata>(?:(?!\]\]>).)*)\]\]>|(?P<text>[^<]*))</(?P=tag)>",
    re.DOTALL,
)
_XML_ID_ATTRIBUTE = re.compile(rf"""(\s(?:{"|".join(_XML_IDS)})\s*=\s*)(["'])[^"']*\2""")


def _as_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


def _count(values: Sized) -> str:
    return f"<{len(values)}>"


@attrs.define
class Scrubber:
    """Removes secrets and buyer data from recorded exchanges, with placeholders stable per case.

    Attributes:
        secrets: literal values to remove wherever they appear (keys, tokens, shop ids...).

    Examples:
        >>> scrubber = Scrubber(secrets=["k1"])
        >>> scrubber
        Scrubber(secrets=<1>, _given=<0>)
        >>> scrubber.headers({"Authorization": "Bearer abc", "Accept": "application/json"})
        {'Authorization': '[REDACTED]', 'Accept': 'application/json'}
        >>> scrubber.placeholder("name", "Ann Lee") == scrubber.placeholder("name", "Ann Lee")
        True
    """

    # The repr tells how many secrets and placeholders there are, never which.
    secrets: tuple[str, ...] = attrs.field(default=(), converter=_as_tuple, repr=_count)
    _given: dict[tuple[str, str], str] = attrs.field(factory=dict, init=False, repr=_count)
    _counts: Counter[str] = attrs.field(factory=Counter, init=False, repr=False)

    def add_secret(self, value: str) -> None:
        """Remove `value` too from now on (a token obtained during the session, say).

        Examples:
            >>> scrubber = Scrubber()
            >>> scrubber.add_secret("tok-42")
            >>> scrubber.literals("id tok-42")
            'id [REDACTED]'
        """
        if value and value not in self.secrets:
            self.secrets = (*self.secrets, value)

    def placeholder(self, kind: str, original: str) -> str:
        """The placeholder of `original`: the same one each time within this scrubber.

        Kinds: `name`, `email`, `street`, `postal` (keeps the first two characters, as `repr`
        does), `phone`, `text`.

        Examples:
            >>> scrubber = Scrubber()
            >>> scrubber.placeholder("email", "a@b.fr"), scrubber.placeholder("postal", "75011")
            ('person1@example.invalid', '75***')
        """
        if kind == "postal":
            return f"{original[:2]}***"
        key = (kind, original)
        if key not in self._given:
            self._counts[kind] += 1
            number = self._counts[kind]
            self._given[key] = {
                "name": f"Name {number}",
                "email": f"person{number}@example.invalid",
                "street": f"{number} Redacted Street",
                "phone": f"00000000{number:02d}",
            }.get(kind, REDACTED)
        return self._given[key]

    def secret_values(self) -> tuple[str, ...]:
        """The literal secrets (a `SecretSource`: `record_case` redacts them from logs too).

        Examples:
            >>> Scrubber(secrets=["k1"]).secret_values()
            ('k1',)
        """
        return self.secrets

    @property
    def redactor(self) -> Redactor:
        """The SDK's redaction pass, with this case's literal secrets, however short.

        Examples:
            >>> Scrubber(secrets=["k1"]).redactor.text("key k1")
            'key [REDACTED]'
        """
        return Redactor(secrets=self.secrets, min_length=1)

    def literals(self, text: str) -> str:
        """`text` with every literal secret replaced (the longest first).

        Examples:
            >>> Scrubber(secrets=["k1"]).literals("key=k1")
            'key=[REDACTED]'
        """
        return self.redactor.literals(text)

    def url(self, url: str) -> str:
        """A URL without user info, secret query parameters or literal secrets.

        Examples:
            >>> Scrubber().url("http://host/v1/x?token=t&page=2")
            'http://host/v1/x?token=%5BREDACTED%5D&page=2'
        """
        return self.redactor.url(url)

    def headers(self, headers: dict[str, str]) -> dict[str, str]:
        """Headers with secret values (credentials, cookies, signatures, literals) replaced.

        Examples:
            >>> Scrubber().headers({"x-api-key": "ks:secret", "Accept": "text/xml"})
            {'x-api-key': '[REDACTED]', 'Accept': 'text/xml'}
        """
        return self.redactor.headers(headers)

    def header_lists(self, headers: dict[str, list[str]]) -> dict[str, list[str]]:
        """The same for headers held as lists of values (a recorded response's).

        Examples:
            >>> Scrubber().header_lists({"Set-Cookie": ["a=1", "b=2"], "Age": ["3"]})
            {'Set-Cookie': ['[REDACTED]', '[REDACTED]'], 'Age': ['3']}
        """
        redactor = self.redactor
        return {
            name: [REDACTED if is_secret_name(name) else redactor.literals(v) for v in values]
            for name, values in headers.items()
        }

    def body(self, text: str) -> str:
        """A JSON, XML, form or text body without secrets or buyer data.

        Examples:
            >>> Scrubber().body('<auth><partner_id>P1</partner_id><key>K</key></auth>')
            '<auth><partner_id>[REDACTED]</partner_id><key>[REDACTED]</key></auth>'
        """
        stripped = text.lstrip()
        if stripped.startswith(("{", "[")):
            try:
                document = json.loads(text)
            except ValueError:
                pass
            else:
                return json.dumps(self._json(document), ensure_ascii=False)
        if stripped.startswith("<"):
            text = self._xml(text)
        return self.redactor.excerpt(text)

    def body_bytes(self, body: bytes) -> bytes:
        """`body` scrubbed when it is UTF-8 text; binary bodies only lose literal secrets.

        Examples:
            >>> Scrubber(secrets=["S"]).body_bytes(bytes([255]) + b" S")
            b'\\xff [REDACTED]'
        """
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            for secret in sorted(self.secrets, key=len, reverse=True):
                if secret:
                    body = body.replace(secret.encode(), REDACTED.encode())
            return body
        return self.body(text).encode("utf-8")

    def _json(self, value: object) -> object:
        if isinstance(value, dict):
            address = not _ADDRESS_MARKERS.isdisjoint(value)
            return {key: self._json_field(key, item, address) for key, item in value.items()}
        if isinstance(value, list):
            return [self._json(item) for item in value]
        if isinstance(value, str):
            return self.redactor.text(value)
        return value

    def _json_field(self, key: str, value: object, address: bool) -> object:
        lowered = key.lower()
        if isinstance(value, str) and value:
            if is_secret_name(key) and lowered != "code":
                return REDACTED
            kind = JSON_PERSONAL_KEYS.get(lowered)
            if kind is None and address:
                kind = _JSON_ADDRESS_KEYS.get(lowered)
            if kind is not None:
                return self.placeholder(kind, value)
        return self._json(value)

    def _xml(self, text: str) -> str:
        def element(match: re.Match[str]) -> str:
            name = match["name"].lower()
            kind = XML_PERSONAL_ELEMENTS.get(name)
            if kind is None and name not in _XML_IDS:
                return match[0]
            value = match["cdata"] if match["cdata"] is not None else match["text"] or ""
            if not value.strip():
                return match[0]
            new = REDACTED if kind is None else self.placeholder(kind, value.strip())
            inner = f"<![CDATA[{new}]]>" if match["cdata"] is not None else new
            return f"<{match['tag']}{match['attrs'] or ''}>{inner}</{match['tag']}>"

        text = _XML_ELEMENT.sub(element, text)
        return _XML_ID_ATTRIBUTE.sub(rf"\g<1>\g<2>{REDACTED}\g<2>", text)
