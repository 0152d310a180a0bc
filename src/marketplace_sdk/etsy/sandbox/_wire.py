"""Reading Etsy-style requests and writing Etsy-style answers, for the sandbox's handlers.

Examples:
    >>> import httpx
    >>> request = httpx.Request("GET", "http://sandbox/x?limit=5&was_paid=true")
    >>> int_param(request, "limit", default=25, minimum=1, maximum=100)
    5
    >>> bool_param(request, "was_paid")
    True
"""

from __future__ import annotations

import email.parser
import email.policy
import json
from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from urllib.parse import parse_qsl

import attrs
import httpx

from marketplace_sdk.testing import json_response

__all__ = [
    "JSON",
    "FilePart",
    "SandboxHTTPError",
    "bool_param",
    "bool_value",
    "decimal_value",
    "error_response",
    "form_fields",
    "int_list_param",
    "int_param",
    "json_body",
    "money",
    "multipart_fields",
    "str_list_param",
]

#: A JSON object as the sandbox renders it.
JSON = dict[str, object]

_TRUE = frozenset({"true", "1", "yes"})
_FALSE = frozenset({"false", "0", "no"})


class SandboxHTTPError(Exception):
    """Raised by a handler to answer `status` with Etsy's error body `{"error": message}`.

    Examples:
        >>> SandboxHTTPError(404, "Listing not found").status
        404
    """

    def __init__(self, status: int, message: str, **extra: str) -> None:
        """Answer `status` with `message` (and extra body fields such as `error_description`)."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def error_response(
    status: int,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    extra: Mapping[str, str] | None = None,
) -> httpx.Response:
    """Etsy's error body, `{"error": "..."}`, as a response.

    Examples:
        >>> error_response(400, "bad").json()
        {'error': 'bad'}
    """
    return json_response(status, {"error": message, **(extra or {})}, headers=headers)


def _bad(name: str, value: str, expected: str) -> SandboxHTTPError:
    return SandboxHTTPError(400, f"Invalid value {value!r} for {name!r}: expected {expected}")


def int_param(
    request: httpx.Request,
    name: str,
    *,
    default: int | None = None,
    minimum: int | None = None,
    maximum: int | None = None,
) -> int | None:
    """An integer query parameter, checked against its bounds (400 otherwise).

    Examples:
        >>> int_param(httpx.Request("GET", "http://s/x"), "limit", default=25)
        25
    """
    raw = request.url.params.get(name)
    if raw is None or raw == "":
        return default
    return _int_value(name, raw, minimum, maximum)


def _int_value(name: str, raw: str, minimum: int | None, maximum: int | None) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise _bad(name, raw, "an integer") from None
    if minimum is not None and value < minimum:
        raise _bad(name, raw, f"an integer >= {minimum}")
    if maximum is not None and value > maximum:
        raise _bad(name, raw, f"an integer <= {maximum}")
    return value


def bool_param(request: httpx.Request, name: str) -> bool | None:
    """A boolean query parameter (`true`/`false`), or `None` when absent.

    Examples:
        >>> bool_param(httpx.Request("GET", "http://s/x?was_paid=false"), "was_paid")
        False
    """
    raw = request.url.params.get(name)
    if raw is None or raw == "":
        return None
    return bool_value(name, raw)


def bool_value(name: str, raw: str) -> bool:
    """Parse a boolean as Etsy accepts it on the wire (`true`/`false`, `1`/`0`).

    Examples:
        >>> bool_value("overwrite", "1")
        True
    """
    lowered = raw.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise _bad(name, raw, "true or false")


def int_list_param(request: httpx.Request, name: str) -> list[int]:
    """A list of integers, repeated (`a=1&a=2`) or comma-separated (`a=1,2`).

    Examples:
        >>> int_list_param(httpx.Request("GET", "http://s/x?ids=1,2&ids=3"), "ids")
        [1, 2, 3]
    """
    values: list[int] = []
    for raw in request.url.params.get_list(name):
        values.extend(_int_value(name, part, 1, None) for part in raw.split(",") if part)
    return values


def str_list_param(request: httpx.Request, name: str) -> list[str]:
    """A list of strings, repeated or comma-separated.

    Examples:
        >>> str_list_param(httpx.Request("GET", "http://s/x?includes=Images,Inventory"), "includes")
        ['Images', 'Inventory']
    """
    values: list[str] = []
    for raw in request.url.params.get_list(name):
        values.extend(part.strip() for part in raw.split(",") if part.strip())
    return values


def form_fields(request: httpx.Request) -> dict[str, list[str]]:
    """The urlencoded form body; `name[]` and repeated names collect into lists.

    Examples:
        >>> fields = {"title": "Mug", "tags[]": ["a", "b"]}
        >>> request = httpx.Request("POST", "http://s/x", data=fields)
        >>> form_fields(request)
        {'title': ['Mug'], 'tags': ['a', 'b']}
    """
    content_type = request.headers.get("content-type", "")
    if "application/x-www-form-urlencoded" not in content_type:
        raise SandboxHTTPError(400, "Expected an application/x-www-form-urlencoded body")
    fields: dict[str, list[str]] = {}
    for key, value in parse_qsl(request.content.decode(), keep_blank_values=True):
        fields.setdefault(key.removesuffix("[]"), []).append(value)
    return fields


@attrs.frozen
class FilePart:
    """A file uploaded in a multipart body.

    Examples:
        >>> FilePart("a.jpg", "image/jpeg", b"...").filename
        'a.jpg'
    """

    filename: str
    content_type: str
    content: bytes


def multipart_fields(request: httpx.Request) -> tuple[dict[str, str], dict[str, FilePart]]:
    """Split a multipart/form-data body into text fields and file parts.

    Examples:
        >>> upload = {"image": ("a.jpg", b"jpeg", "image/jpeg")}
        >>> request = httpx.Request("POST", "http://s/x", data={"rank": "1"}, files=upload)
        >>> _ = request.read()  # the transports read the body before the sandbox sees it
        >>> texts, files = multipart_fields(request)
        >>> texts, files["image"].content
        ({'rank': '1'}, b'jpeg')
    """
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        raise SandboxHTTPError(400, "Expected a multipart/form-data body")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + request.content)
    texts: dict[str, str] = {}
    files: dict[str, FilePart] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        filename = part.get_filename()
        if filename is not None:
            files[name] = FilePart(filename, part.get_content_type(), data)
        else:
            texts[name] = data.decode(part.get_content_charset() or "utf-8")
    return texts, files


def json_body(request: httpx.Request) -> JSON:
    """The JSON object in the body (400 when it is not one).

    Examples:
        >>> json_body(httpx.Request("POST", "http://s/x", json={"a": 1}))
        {'a': 1}
    """
    try:
        body = json.loads(request.content or b"null")
    except ValueError:
        raise SandboxHTTPError(400, "The request body is not valid JSON") from None
    if not isinstance(body, dict):
        raise SandboxHTTPError(400, "The request body must be a JSON object")
    return body


_CENT = Decimal("0.01")


def decimal_value(name: str, raw: object) -> Decimal:
    """A price as Etsy reads it on write: a plain number, kept to the cent.

    Examples:
        >>> decimal_value("price", 12.5)
        Decimal('12.50')
    """
    if isinstance(raw, bool) or not isinstance(raw, int | float | str):
        raise SandboxHTTPError(400, f"Expected a number for {name}")
    try:
        value = Decimal(str(raw))
    except InvalidOperation:
        raise SandboxHTTPError(400, f"Expected a number for {name}") from None
    if not value.is_finite():
        raise SandboxHTTPError(400, f"Expected a number for {name}")
    return value.quantize(_CENT, rounding=ROUND_HALF_UP)


def money(amount: Decimal, currency: str) -> JSON:
    """Etsy's Money object (integer amount over a divisor of 100).

    Examples:
        >>> money(Decimal("12.50"), "EUR")
        {'amount': 1250, 'divisor': 100, 'currency_code': 'EUR'}
    """
    return {
        "amount": int((amount * 100).to_integral_value()),
        "divisor": 100,
        "currency_code": currency,
    }
