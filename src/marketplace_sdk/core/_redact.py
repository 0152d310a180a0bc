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

The names and the patterns it looks for are in `marketplace_sdk.core._redact_rules`.

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
from collections.abc import Iterable, Mapping
from typing import Any

import attrs
import httpx
from pydantic import BaseModel

from marketplace_sdk.core._redact_rules import (
    MIN_SECRET_LENGTH,
    REDACTED,
    SECRET_HEADERS,
    SECRET_KEYS,
    cut_tail,
    is_secret_name,
    literal_finder,
    name_set,
    named_values,
    rules,
    value_tuple,
)

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

    names: frozenset[str] = attrs.field(default=frozenset(), converter=name_set)
    secrets: tuple[str, ...] = attrs.field(default=(), converter=value_tuple)
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
        finder = literal_finder(self._literals)
        return text if finder is None else finder(text)

    def text(self, text: str) -> str:
        """A body, message or log line without secrets (JSON, form, XML, headers, free text).

        Examples:
            >>> Redactor().text("<auth><partner_id>P-1</partner_id><key>K-1</key></auth>")
            '<auth><partner_id>[REDACTED]</partner_id><key>[REDACTED]</key></auth>'
        """
        text = self.literals(text)
        lowered = text.lower()  # the rules only replace values: hints found here stay valid
        for hints, pattern, replacement in rules(self.names):
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
        return cut_tail(self.text(text), self._literals)

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
    return Redactor(names=name_set(extra), secrets=value_tuple(secrets)).text(text)


def redact_headers(
    headers: Mapping[str, str] | httpx.Headers, secrets: Iterable[str] = ()
) -> dict[str, str]:
    """A copy of `headers` with secret values replaced.

    Examples:
        >>> redact_headers({"Authorization": "Bearer x", "Accept": "text/xml"})
        {'Authorization': '[REDACTED]', 'Accept': 'text/xml'}
    """
    return Redactor(secrets=value_tuple(secrets)).headers(headers)


def redact_url(url: str | httpx.URL, extra: Iterable[str] = (), secrets: Iterable[str] = ()) -> str:
    """`url` with user info dropped and secret query parameters replaced.

    Examples:
        >>> redact_url("https://user:pw@host/path?key=k&page=2")
        'https://host/path?key=%5BREDACTED%5D&page=2'
    """
    return Redactor(names=name_set(extra), secrets=value_tuple(secrets)).url(url)


def redact_value(value: Any, extra: Iterable[str] = (), secrets: Iterable[str] = ()) -> Any:
    """A parsed body (dicts, lists, strings, pydantic models) with its secrets replaced.

    Examples:
        >>> redact_value([{"access_token": "a", "shop_id": 7}])
        [{'access_token': '[REDACTED]', 'shop_id': 7}]
    """
    return Redactor(names=name_set(extra), secrets=value_tuple(secrets)).value(value)
