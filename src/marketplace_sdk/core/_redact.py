"""Redaction: what the SDK may write to a log, a repr, an exception or a cassette.

Credentials travel in headers (`Authorization`, `x-api-key`), query strings (`?token=`), JSON
bodies (`"access_token"`), form bodies (`refresh_token=`) and XML (`<key>`, `token="..."`). These
functions replace every such value with `[REDACTED]`, whatever the case of the name.

Examples:
    >>> redact_url("https://api.example/v1/orders?token=abc&limit=10")
    'https://api.example/v1/orders?token=%5BREDACTED%5D&limit=10'
    >>> redact_text('{"access_token": "abc", "count": 1}')
    '{"access_token": "[REDACTED]", "count": 1}'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import httpx

__all__ = [
    "REDACTED",
    "SECRET_HEADERS",
    "SECRET_KEYS",
    "is_secret_name",
    "redact_headers",
    "redact_text",
    "redact_url",
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
    }
)

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


def redact_headers(headers: Mapping[str, str] | httpx.Headers) -> dict[str, str]:
    """A copy of `headers` with secret values replaced.

    Examples:
        >>> redact_headers({"Authorization": "Bearer x", "Accept": "text/xml"})
        {'Authorization': '[REDACTED]', 'Accept': 'text/xml'}
    """
    return {name: REDACTED if is_secret_name(name) else value for name, value in headers.items()}


def redact_url(url: str | httpx.URL, extra: Iterable[str] = ()) -> str:
    """`url` with user info dropped and secret query parameters replaced.

    Examples:
        >>> redact_url("https://user:pw@host/path?key=k&page=2")
        'https://host/path?key=%5BREDACTED%5D&page=2'
    """
    parsed = httpx.URL(str(url))
    if parsed.userinfo:
        parsed = parsed.copy_with(username=None, password=None)
    extra = tuple(extra)
    if parsed.query:
        params = [
            (name, REDACTED if is_secret_name(name, extra) else value)
            for name, value in parsed.params.multi_items()
        ]
        parsed = parsed.copy_with(params=params)
    return str(parsed)


# "code" is secret as a form or query field (an OAuth authorization code) but not in JSON or XML
# bodies, where it names the marketplace's error code that errors must keep.
_NAMES = r"[A-Za-z0-9_\-]*(?:key|token|secret|password|passwd|signature|code_verifier)"
_JSON_PAIR = re.compile(rf'("(?i:{_NAMES})"\s*:\s*)"(?:[^"\\]|\\.)*"')
_FORM_PAIR = re.compile(rf"(?<![A-Za-z0-9_\-])((?i:{_NAMES}|code)=)[^&\s\"'<]+")
_XML_ELEMENT = re.compile(rf"(<((?i:{_NAMES}))(?:\s[^>]*)?>)[^<]*(</\2>)")
_XML_ATTRIBUTE = re.compile(rf"""(\s(?i:{_NAMES})\s*=\s*)(["'])[^"']*\2""")
_BEARER = re.compile(r"(?i)(bearer\s+)[A-Za-z0-9._~+/=-]+")


def redact_text(text: str, extra: Iterable[str] = ()) -> str:
    """Replace secret values in a JSON, form, XML or free-text body.

    Extra names (`extra`) are redacted in JSON and form bodies besides the built-in ones.

    Examples:
        >>> redact_text('<auth><partner_id>p</partner_id><key>k</key></auth>')
        '<auth><partner_id>p</partner_id><key>[REDACTED]</key></auth>'
        >>> redact_text('grant_type=refresh_token&refresh_token=r1&client_id=c')
        'grant_type=refresh_token&refresh_token=[REDACTED]&client_id=c'
    """
    text = _JSON_PAIR.sub(rf'\1"{REDACTED}"', text)
    text = _FORM_PAIR.sub(rf"\g<1>{REDACTED}", text)
    text = _XML_ELEMENT.sub(rf"\g<1>{REDACTED}\g<3>", text)
    text = _XML_ATTRIBUTE.sub(rf"\g<1>\g<2>{REDACTED}\g<2>", text)
    text = _BEARER.sub(rf"\g<1>{REDACTED}", text)
    for name in extra:
        escaped = re.escape(name)
        text = re.sub(rf'("{escaped}"\s*:\s*)"(?:[^"\\]|\\.)*"', rf'\1"{REDACTED}"', text)
        text = re.sub(rf"(?<![A-Za-z0-9_\-])({escaped}=)[^&\s]*", rf"\g<1>{REDACTED}", text)
    return text
