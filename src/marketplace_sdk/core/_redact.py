"""Redaction: what the SDK may write to a log, a repr, an exception or a cassette.

One pass, used everywhere the SDK keeps or shows text it did not write itself: error messages,
body excerpts and parsed bodies, URLs, headers, support cases, and the records of every logger
the SDK drives (`marketplace_sdk.core._redact_logs`). It removes two kinds of secret:

- **by name**, wherever the name appears: headers (`Authorization`, `x-api-key`, cookies), also
  when a server echoes them back as text (`authorization: <key>`); query strings (`?token=`);
  JSON (`"access_token"`), form (`refresh_token=`) and XML bodies (`<key>`, `token="..."`,
  FNAC's `partner_id`), also when the body was cut short in the middle of the value; bearer
  tokens, URL user info and webhook signing secrets (`whsec_...`) in free text;
- **by value**: the secrets known for the call (its auth hook's keys and tokens, those the
  request carried: `marketplace_sdk.core._secrets`), wherever a server quotes them, also
  percent-, JSON- or XML-escaped, and in an excerpt the trailing piece of one.

Examples:
    >>> redact_url("https://api.example/v1/orders?token=abc&limit=10")
    'https://api.example/v1/orders?token=%5BREDACTED%5D&limit=10'
    >>> redact_text('{"access_token": "abc", "count": 1}')
    '{"access_token": "[REDACTED]", "count": 1}'
    >>> redact_text('{"refresh_token": "12345678.d0b5')
    '{"refresh_token": "[REDACTED]'
    >>> redact_text("you sent x-api-key: keystring:s3cr3t")
    'you sent x-api-key: [REDACTED]'
    >>> Redactor(secrets=("k-8f2e91",)).text("unknown key k-8f2e91")
    'unknown key [REDACTED]'
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import quote, quote_plus

import attrs
import httpx
from pydantic import BaseModel

__all__ = [
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "SECRET_HEADERS",
    "SECRET_KEYS",
    "Redactor",
    "is_secret_name",
    "named_values",
    "redact_headers",
    "redact_text",
    "redact_url",
    "redact_value",
]

REDACTED = "[REDACTED]"

#: Header names whose values are always secret.
SECRET_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "x-api-key",
        "api-key",
        "cookie",
        "set-cookie",
        "webhook-signature",
    }
)

#: Parameter, field and element names whose values are secret (compared case-insensitively).
SECRET_KEYS = frozenset(
    {
        "key",
        "api_key",
        "apikey",
        "token",
        "access_token",
        "refresh_token",
        "id_token",
        "password",
        "passwd",
        "secret",
        "client_secret",
        "shared_secret",
        "code",
        "code_verifier",
        "signature",
        # FNAC's partner id is one of the three parts of a shop's web-service login.
        "partner_id",
    }
)

#: Known secret values shorter than this are not searched for by value (a one-letter test key
#: would blot out every word); they are still removed wherever they travel under their name.
MIN_SECRET_LENGTH = 6

_SUFFIXES = ("_token", "_secret", "_password", "_key", "-token", "-secret", "-key")


def is_secret_name(name: str, extra: Iterable[str] = ()) -> bool:
    """Whether a header, parameter or field called `name` carries a secret.

    Examples:
        >>> is_secret_name("Refresh_Token"), is_secret_name("limit")
        (True, False)
    """
    lowered = name.lower()
    if lowered in SECRET_KEYS or lowered in SECRET_HEADERS:
        return True
    if lowered in {item.lower() for item in extra}:
        return True
    return lowered.endswith(_SUFFIXES)


# -- the patterns ----------------------------------------------------------------------------

# "code" is secret as a form or query field (an OAuth authorization code) but not in JSON or XML
# bodies, where it names the marketplace's error code that errors must keep.
_NAMES = r"[A-Za-z0-9_\-]*(?:key|token|secret|password|passwd|signature|code_verifier|partner_id)"
# Header names, as a server or a library prints them back: `name: value`, `'name': 'value'`,
# `(b'name', b'value')`, `name=value`.
_HEADERS = (
    r"proxy-authorization|authorization|x-api-key|api-key|apikey|cookie|set-cookie"
    r"|webhook-signature|x-[A-Za-z0-9\-]*(?:key|token|secret|signature)"
)
_BEARER = re.compile(r"(?i)\b(bearer\s+)[A-Za-z0-9._~+/=-]+")
_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.\-]*://)[^\s/@:\"'<>]*:[^\s/@\"'<>]*@")
_SIGNING_SECRET = re.compile(r"whsec_[A-Za-z0-9+/=_-]+")


#: A rule of the pass: the lowercase hints one of which the text must hold for it to apply (a
#: cheap test that skips most log lines), the pattern, and its replacement.
_Rule = tuple[tuple[str, ...], re.Pattern[str], str | Callable[[re.Match[str]], str]]

_NAME_HINTS = ("key", "token", "secret", "passw", "signature", "code_verifier", "partner_id")
_HEADER_HINTS = ("authoriz", "api-key", "apikey", "cookie", "signature", "x-")


@functools.lru_cache(maxsize=64)
def _rules(extra: frozenset[str]) -> tuple[_Rule, ...]:
    names = "|".join([_NAMES, *sorted(re.escape(name) for name in extra)])
    hints = (*_NAME_HINTS, *(name.lower() for name in extra))
    secret_name = re.compile(rf"(?i:{names})")

    def field(match: re.Match[str]) -> str:
        # `name=value` or ` name="value`: only names that carry secrets lose their value.
        name = match["name"].rsplit(":", 1)[-1]
        if secret_name.fullmatch(name) or (not match["quote"] and name.lower() == "code"):
            return f"{match['head']}{REDACTED}"
        return match[0]

    return (
        # JSON pairs; the value runs to its closing quote or, in a truncated body, to the end.
        (hints, re.compile(rf'("(?i:{names})"\s*:\s*")(?:[^"\\]|\\.)*'), rf"\g<1>{REDACTED}"),
        # The same pairs inside a JSON string (an error message quoting a JSON body).
        (
            hints,
            re.compile(rf'(\\+"(?i:{names})\\+"\s*:\s*\\+")(?:[^\\"]|\\++(?!"))*+'),
            rf"\g<1>{REDACTED}",
        ),
        (hints, re.compile(rf'("(?i:{names})"\s*:\s*)-?\d[\d.eE+\-]*'), rf'\g<1>"{REDACTED}"'),
        # Form and query fields (`code` too: an OAuth authorization code), and XML attributes.
        (
            (*hints, "code"),
            re.compile(
                r"(?P<head>(?<![A-Za-z0-9_\-])(?P<name>[A-Za-z0-9_\-]+)=(?P<quote>))"
                r"[^&\s\"'<]+"
            ),
            field,
        ),
        (
            hints,
            re.compile(
                r"""(?P<head>\s(?P<name>[A-Za-z0-9_.:\-]+)\s*=\s*(?P<quote>["']))"""
                r"""(?:(?!(?P=quote))[^<])*"""
            ),
            field,
        ),
        # XML elements (text or CDATA, closed or cut short).
        (
            hints,
            re.compile(
                rf"(<(?:[\w.\-]+:)?(?i:{names})(?:\s[^>]*)?>)"
                r"(?:<!\[CDATA\[(?:(?!\]\]>).)*(?:\]\]>|$)|[^<]+)",
                re.DOTALL,
            ),
            rf"\g<1>{REDACTED}",
        ),
        # Headers echoed as text: a quoted value up to its quote, else one (scheme and) token,
        # or the rest of the line for cookies.
        (
            _HEADER_HINTS,
            re.compile(
                rf"""(?i)((?<![\w\-])(?:{_HEADERS})(?:\\*["']\s*[:,]\s*\[?\s*b?|\s*[:=]\s*)"""
                r"""(\\*["']))(?:(?!\2).)*"""
            ),
            rf"\g<1>{REDACTED}",
        ),
        (
            ("cookie",),
            re.compile(r"""(?i)((?<![\w\-])(?:set-cookie|cookie)\s*:\s*)[^\r\n"'<>\\]+"""),
            rf"\g<1>{REDACTED}",
        ),
        (
            _HEADER_HINTS,
            re.compile(
                rf"""(?i)((?<![\w\-])(?:{_HEADERS})\s*[:=]\s*)"""
                r"""(?:(?:bearer|basic|digest|token)\s+)?[^\s"'<>&\\]+"""
            ),
            rf"\g<1>{REDACTED}",
        ),
        (("bearer",), _BEARER, rf"\g<1>{REDACTED}"),
        (("@",), _USERINFO, rf"\g<1>{REDACTED}@"),
        (("whsec_",), _SIGNING_SECRET, REDACTED),
    )


def _variants(secret: str) -> set[str]:
    """`secret` as it may travel: as is, percent-encoded, JSON- and XML-escaped."""
    return {
        secret,
        quote(secret, safe=""),
        quote_plus(secret, safe=""),
        json.dumps(secret)[1:-1],
        html.escape(secret, quote=True),
    }


#: Up to this many known values, one regular expression finds them; past it (a process serving
#: many shops), an index on their first characters keeps each line's cost flat.
_ALTERNATION_LIMIT = 200


@functools.lru_cache(maxsize=64)
def _literal_finder(secrets: frozenset[str]) -> Callable[[str], str] | None:
    variants = sorted(
        {variant for secret in secrets for variant in _variants(secret)}, key=len, reverse=True
    )  # the longest first: "keystring:secret" before "secret"
    if not variants:
        return None
    if len(variants) <= _ALTERNATION_LIMIT:
        pattern = re.compile("|".join(re.escape(variant) for variant in variants))
        return functools.partial(pattern.sub, REDACTED)
    head = min(MIN_SECRET_LENGTH, *(len(variant) for variant in variants))
    index: dict[str, list[str]] = {}
    for variant in variants:
        index.setdefault(variant[:head], []).append(variant)

    def replace(text: str) -> str:
        parts, start, at, last = [], 0, 0, len(text) - head
        while at <= last:
            candidates = index.get(text[at : at + head])
            found = candidates and next((v for v in candidates if text.startswith(v, at)), None)
            if not found:
                at += 1
                continue
            parts += [text[start:at], REDACTED]
            at = start = at + len(found)
        return "".join([*parts, text[start:]])

    return replace


def _cut_tail(text: str, secrets: Iterable[str]) -> str:
    """`text` without a trailing piece of a secret (what a cut-short answer ends with)."""
    for secret in secrets:
        if len(secret) <= MIN_SECRET_LENGTH:
            continue
        head = secret[:MIN_SECRET_LENGTH]
        tail_start = max(0, len(text) - len(secret) + 1)
        index = text.find(head, tail_start)
        while index != -1:
            if secret.startswith(text[index:]):
                return text[:index] + REDACTED
            index = text.find(head, index + 1)
    return text


@functools.lru_cache(maxsize=64)
def _captures(extra: frozenset[str]) -> tuple[re.Pattern[str], ...]:
    """Patterns whose `value` group is a secret a body carries (to remove it by value)."""
    names = "|".join([_NAMES, *sorted(re.escape(name) for name in extra)])
    return (
        re.compile(rf'"(?i:{names})"\s*:\s*"(?P<value>(?:[^"\\]|\\.)+)"'),
        re.compile(rf"(?<![A-Za-z0-9_\-])(?i:{names}|code)=(?P<value>[^&\s\"'<]+)"),
        re.compile(
            rf"<(?:[\w.\-]+:)?(?i:{names})(?:\s[^>]*)?>"
            r"(?:<!\[CDATA\[(?P<value>(?:(?!\]\]>).)+)\]\]>|(?P<text>[^<]+))",
            re.DOTALL,
        ),
        re.compile(rf"""\s(?i:{names})\s*=\s*(["'])(?P<value>(?:(?!\1)[^<])+)\1"""),
    )


def named_values(text: str, extra: Iterable[str] = ()) -> list[str]:
    """The values `text` holds under secret names (JSON, form or XML), to remove them by value.

    Examples:
        >>> named_values('<q partner_id="P-1" shop_id="S" token="T-1"/>')
        ['P-1', 'T-1']
    """
    found = []
    for pattern in _captures(_name_set(extra)):
        for match in pattern.finditer(text):
            captured = match["value"] or match.groupdict().get("text")
            if captured and captured.strip():
                found.append(captured.strip())
    return found


def _name_set(names: Iterable[str]) -> frozenset[str]:
    return frozenset(names)


def _value_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)


# -- the pass --------------------------------------------------------------------------------


@attrs.frozen
class Redactor:
    """One redaction pass: the secret names, and the secret values known for this call.

    Attributes:
        names: field, parameter and element names to redact besides the built-in ones.
        secrets: literal values to remove wherever they appear (keys, tokens, ids).
        min_length: shorter `secrets` are removed only by name; a support case's `Scrubber`
            lowers it to 1 for the values a person listed on purpose.

    Examples:
        >>> redactor = Redactor(names=frozenset({"seller_pin"}), secrets=("tok-42-abc",))
        >>> redactor.text('{"seller_pin": "1234", "note": "use tok-42-abc"}')
        '{"seller_pin": "[REDACTED]", "note": "use [REDACTED]"}'
    """

    names: frozenset[str] = attrs.field(default=frozenset(), converter=_name_set)
    secrets: tuple[str, ...] = attrs.field(default=(), converter=_value_tuple)
    min_length: int = MIN_SECRET_LENGTH

    @functools.cached_property
    def _literals(self) -> frozenset[str]:
        return frozenset(s for s in self.secrets if len(s) >= max(1, self.min_length))

    def literals(self, text: str) -> str:
        """`text` with every known secret value replaced.

        Examples:
            >>> Redactor(secrets=("s3cret-value",)).literals("got s3cret-value")
            'got [REDACTED]'
        """
        finder = _literal_finder(self._literals)
        return text if finder is None else finder(text)

    def text(self, text: str) -> str:
        """A body, message or log line without secrets (JSON, form, XML, headers, free text).

        Examples:
            >>> Redactor().text("<auth><partner_id>P-1</partner_id><key>K-1</key></auth>")
            '<auth><partner_id>[REDACTED]</partner_id><key>[REDACTED]</key></auth>'
        """
        text = self.literals(text)
        lowered = text.lower()  # the rules only replace values: hints found here stay valid
        for hints, pattern, replacement in _rules(self.names):
            if any(hint in lowered for hint in hints):
                text = pattern.sub(replacement, text)
        return text

    def excerpt(self, text: str) -> str:
        """A body that may have been cut short: `text`, and a trailing piece of a known secret.

        An answer cut in transit (or by the excerpt's own length) can end inside a secret the
        server quoted; that piece goes too.

        Examples:
            >>> Redactor(secrets=("s3cret-value",)).excerpt("unknown key s3cret-val")
            'unknown key [REDACTED]'
        """
        return _cut_tail(self.text(text), self._literals)

    def url(self, url: str | httpx.URL) -> str:
        """`url` without user info, secret query parameters or known secrets.

        Examples:
            >>> Redactor().url("https://user:pw@host/path?key=k&page=2")
            'https://host/path?key=%5BREDACTED%5D&page=2'
        """
        parsed = httpx.URL(str(url))
        if parsed.userinfo:
            parsed = parsed.copy_with(username=None, password=None)
        if parsed.query:
            params = [
                (name, REDACTED if is_secret_name(name, self.names) else value)
                for name, value in parsed.params.multi_items()
            ]
            parsed = parsed.copy_with(params=params)
        return self.literals(str(parsed))

    def headers(self, headers: Mapping[str, str] | httpx.Headers) -> dict[str, str]:
        """A copy of `headers`: secret ones replaced, known secrets removed from the others.

        Examples:
            >>> Redactor().headers({"Authorization": "Bearer x", "Accept": "text/xml"})
            {'Authorization': '[REDACTED]', 'Accept': 'text/xml'}
        """
        return {
            name: REDACTED if is_secret_name(name, self.names) else self.literals(value)
            for name, value in headers.items()
        }

    def value(self, value: Any) -> Any:
        """A parsed body (dicts, lists, strings, pydantic models) with its secrets replaced.

        Examples:
            >>> Redactor().value({"refresh_token": "r", "errors": ["Bearer abc refused"]})
            {'refresh_token': '[REDACTED]', 'errors': ['Bearer [REDACTED] refused']}
        """
        if isinstance(value, str):
            redacted = self.text(value)
            return value if redacted == value else redacted  # keeps a str enum as it is
        if isinstance(value, Mapping):
            return {key: self._field(str(key), item) for key, item in value.items()}
        if type(value) in (list, tuple):
            return type(value)(self.value(item) for item in value)
        if isinstance(value, BaseModel):
            changes = {}
            for name, item in value.__dict__.items():
                redacted = self._field(name, item)
                if redacted is not item:
                    changes[name] = redacted
            return value.model_copy(update=changes) if changes else value
        return value

    def _field(self, name: str, item: Any) -> Any:
        scalar = isinstance(item, str | int | float) and not isinstance(item, bool)
        if scalar and item != "" and is_secret_name(name, self.names) and name.lower() != "code":
            return REDACTED
        return self.value(item)

    def error(self, error: BaseException) -> BaseException:
        """Redact, in place, everything `error` shows: message, args, URL, excerpt, body, notes.

        Examples:
            >>> from marketplace_sdk.core._errors import ApiError
            >>> error = Redactor(secrets=("k-8f2e91",)).error(ApiError("bad key k-8f2e91"))
            >>> str(error), error.args
            ('bad key [REDACTED]', ('bad key [REDACTED]',))
        """
        message = getattr(error, "message", None)
        if isinstance(message, str):
            error.message = self.text(message)  # type: ignore[attr-defined]
        excerpt = getattr(error, "body_excerpt", None)
        if isinstance(excerpt, str):
            error.body_excerpt = self.excerpt(excerpt)  # type: ignore[attr-defined]
        url = getattr(error, "url", None)
        if isinstance(url, str):
            error.url = self.url(url)  # type: ignore[attr-defined]
        if hasattr(error, "body"):
            error.body = self.value(error.body)
        error.args = tuple(self.value(arg) for arg in error.args)
        notes = getattr(error, "__notes__", None)
        if isinstance(notes, list):
            notes[:] = [self.text(note) if isinstance(note, str) else note for note in notes]
        return error


# -- the functions the rest of the SDK calls -------------------------------------------------


def redact_text(text: str, extra: Iterable[str] = (), secrets: Iterable[str] = ()) -> str:
    """Replace secret values in a JSON, form, XML or free-text body, cut short or not.

    Extra names (`extra`) are redacted besides the built-in ones; `secrets` are known values
    removed wherever they appear.

    Examples:
        >>> redact_text('<auth><partner_id>p</partner_id><key>k</key></auth>')
        '<auth><partner_id>[REDACTED]</partner_id><key>[REDACTED]</key></auth>'
        >>> redact_text('grant_type=refresh_token&refresh_token=r1&client_id=c')
        'grant_type=refresh_token&refresh_token=[REDACTED]&client_id=c'
    """
    return Redactor(names=_name_set(extra), secrets=_value_tuple(secrets)).text(text)


def redact_headers(
    headers: Mapping[str, str] | httpx.Headers, secrets: Iterable[str] = ()
) -> dict[str, str]:
    """A copy of `headers` with secret values replaced.

    Examples:
        >>> redact_headers({"Authorization": "Bearer x", "Accept": "text/xml"})
        {'Authorization': '[REDACTED]', 'Accept': 'text/xml'}
    """
    return Redactor(secrets=_value_tuple(secrets)).headers(headers)


def redact_url(url: str | httpx.URL, extra: Iterable[str] = (), secrets: Iterable[str] = ()) -> str:
    """`url` with user info dropped and secret query parameters replaced.

    Examples:
        >>> redact_url("https://user:pw@host/path?key=k&page=2")
        'https://host/path?key=%5BREDACTED%5D&page=2'
    """
    return Redactor(names=_name_set(extra), secrets=_value_tuple(secrets)).url(url)


def redact_value(value: Any, extra: Iterable[str] = (), secrets: Iterable[str] = ()) -> Any:
    """A parsed body (dicts, lists, strings, pydantic models) with its secrets replaced.

    Examples:
        >>> redact_value([{"access_token": "a", "shop_id": 7}])
        [{'access_token': '[REDACTED]', 'shop_id': 7}]
    """
    return Redactor(names=_name_set(extra), secrets=_value_tuple(secrets)).value(value)
