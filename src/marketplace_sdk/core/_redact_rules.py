"""The redaction pass's rules: which names are secret, and the patterns that find their values.

`marketplace_sdk.core._redact` applies them (`Redactor`); they live here so that the pass
reads as what it does and this module as what it looks for:

- names: headers, parameters, fields and elements whose values are secret;
- rules: a regular expression per shape a secret travels in (JSON, JSON quoted in a string,
  form and query fields, XML elements and attributes, headers echoed as text, bearer tokens,
  URL user info, webhook signing secrets), each with the cheap hints that let most log lines
  skip it;
- values: the ways a known value is found (escaped or not, many at once, or the trailing
  piece a cut-short answer ends with), and the values a body holds under secret names.

Examples:
    >>> is_secret_name("x-api-key"), is_secret_name("shop_id")
    (True, False)
    >>> named_values('{"refresh_token": "r-1", "shop_id": 7}')
    ['r-1']
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Iterable
from urllib.parse import quote, quote_plus

__all__ = [
    "MIN_SECRET_LENGTH",
    "REDACTED",
    "SECRET_HEADERS",
    "SECRET_KEYS",
    "cut_tail",
    "is_secret_name",
    "literal_finder",
    "name_set",
    "named_values",
    "rules",
    "value_tuple",
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
def rules(extra: frozenset[str]) -> tuple[_Rule, ...]:
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
def literal_finder(secrets: frozenset[str]) -> Callable[[str], str] | None:
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


def cut_tail(text: str, secrets: Iterable[str]) -> str:
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
    for pattern in _captures(name_set(extra)):
        for match in pattern.finditer(text):
            captured = match["value"] or match.groupdict().get("text")
            if captured and captured.strip():
                found.append(captured.strip())
    return found


def name_set(names: Iterable[str]) -> frozenset[str]:
    return frozenset(names)


def value_tuple(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(values)
