"""Reading FNAC requests and writing FNAC answers, for the sandbox's service handlers.

The sandbox is an independent implementation of FNAC's server: it reads request bodies with the
lenient XML helpers and writes answers with lxml directly, never through the client's models.
Every answer is HTTP 200 with a `<service>_response status="...">` root, as FNAC does even for
errors. The error codes the sandbox answers with are listed once, in `Codes`.

Examples:
    >>> root = response_root("batch_query", "ERROR")
    >>> add_error(root, Codes.TOKEN, "Invalid token").get("code")
    'ERR_025'
    >>> xml_response(root).headers["content-type"]
    'text/xml; charset=utf-8'
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar
from zoneinfo import ZoneInfo

import httpx
from lxml import etree

from marketplace_sdk.fnac._xml import (
    child_text,
    element,
    format_decimal,
    parse_xml,
    sub_element,
    to_bytes,
)

__all__ = [
    "PARIS",
    "Codes",
    "ServiceError",
    "ServiceHandler",
    "add_error",
    "add_paging",
    "cdata",
    "decimal_of",
    "decimal_text",
    "error_document",
    "in_window",
    "int_text",
    "page_slice",
    "paged_answer",
    "parse_request",
    "response_root",
    "stamp",
    "xml_response",
]

T = TypeVar("T")

#: FNAC's servers answer in Paris time (the recorded samples carry +01:00/+02:00 offsets).
PARIS = ZoneInfo("Europe/Paris")

#: The default page size of every paged query (the XSDs' `results_count` default).
DEFAULT_RESULTS_COUNT = 100


class Codes:
    """Error codes the sandbox answers with.

    Codes seen in FNAC's recorded answers keep their recorded meaning: ERR_096 (request failed
    XML validation), ERR_105 (too many elements in one call), ERR_109 (the order's state does
    not allow the action), ERR_120 (pricing: product not found), ERR_128 (comment not found),
    ERR_146 (XML schema validation failed). ERR_026 ("Product not found" for an offer) is the
    code sellers report from FNAC's offer feed. The recorded samples show no token or login
    failure, so the sandbox uses ERR_025 for an invalid or expired token (as the SDK's error
    examples do) and ERR_001 for refused credentials; the remaining per-offer and per-order
    codes are the sandbox's own.

    Examples:
        >>> Codes.TOO_MANY
        'ERR_105'
    """

    AUTH_FAILED = "ERR_001"
    TOKEN = "ERR_025"
    PRODUCT_NOT_FOUND = "ERR_026"
    PRICE_RANGE = "ERR_027"
    QUANTITY_RANGE = "ERR_028"
    OFFER_NOT_FOUND = "ERR_029"
    MISSING_FIELD = "ERR_030"
    XML_VALIDATION = "ERR_096"
    TOO_MANY = "ERR_105"
    BAD_STATE = "ERR_109"
    ORDER_NOT_FOUND = "ERR_110"
    LINE_NOT_FOUND = "ERR_111"
    PRICING_NOT_FOUND = "ERR_120"
    MESSAGE_NOT_FOUND = "ERR_127"
    COMMENT_NOT_FOUND = "ERR_128"
    BATCH_NOT_FOUND = "ERR_130"
    SCHEMA = "ERR_146"
    UNKNOWN_SERVICE = "ERR_404"

    #: FNAC's own wording for a call over a service's element limit.
    TOO_MANY_MESSAGE = (
        "The limit of requested elements is reached by the service. Try with less elements."
    )


class ServiceError(Exception):
    """Raised by a handler to answer the whole call with `status="ERROR"` and one `<error>`.

    Examples:
        >>> ServiceError(Codes.TOO_MANY, Codes.TOO_MANY_MESSAGE).code
        'ERR_105'
    """

    def __init__(self, code: str, message: str, *, severity: str = "ERROR") -> None:
        """Answer with `code` and `message` at `severity`."""
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.severity = severity


def parse_request(body: bytes) -> etree._Element:
    """The root of a request body, or a `ServiceError` (ERR_096) when it holds no XML.

    Examples:
        >>> parse_request(b"<batch_query/>").tag
        'batch_query'
    """
    try:
        return parse_xml(body)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise ServiceError(Codes.XML_VALIDATION, f"XML Validation failed: {error}") from error


def response_root(service: str, status: str = "OK") -> etree._Element:
    """A new `<service>_response status=...>` root in the FNAC namespace.

    Examples:
        >>> response_root("auth").get("status")
        'OK'
    """
    root = element(f"{service}_response")
    root.set("status", status)
    return root


def add_error(
    parent: etree._Element, code: str, message: str, severity: str = "ERROR"
) -> etree._Element:
    """Append `<error severity=... code=...>message</error>` to `parent`.

    Examples:
        >>> add_error(response_root("auth"), "ERR_1", "no").text
        'no'
    """
    return sub_element(parent, "error", message, severity=severity, code=code)


def cdata(parent: etree._Element, tag: str, text: str) -> etree._Element:
    """Append a child whose text is written as CDATA, as FNAC writes free text.

    Examples:
        >>> cdata(response_root("auth"), "name", "a & b").text
        'a & b'
    """
    node = sub_element(parent, tag)
    node.text = etree.CDATA(text)
    return node


def stamp(value: datetime | None) -> str:
    """A datetime as FNAC writes it: Paris time with its offset; `None` is empty.

    Examples:
        >>> from datetime import UTC
        >>> stamp(datetime(2026, 7, 1, 12, 0, tzinfo=UTC))
        '2026-07-01T14:00:00+02:00'
    """
    if value is None:
        return ""
    return value.astimezone(PARIS).replace(microsecond=0).isoformat()


def decimal_text(value: Decimal) -> str:
    """A money amount without trailing zeros, as FNAC writes prices (`80`, `10.55`).

    Examples:
        >>> decimal_text(Decimal("80.00")), decimal_text(Decimal("10.50"))
        ('80', '10.5')
    """
    normalized = value.normalize()
    if normalized == normalized.to_integral_value():
        normalized = normalized.quantize(Decimal(1))
    return format_decimal(normalized)


def int_text(node: etree._Element, name: str) -> int | None:
    """The integer in child `name`, `None` when absent or empty; ERR_096 when not a number.

    Examples:
        >>> int_text(parse_xml("<a><paging>2</paging></a>"), "paging")
        2
    """
    text = child_text(node, name)
    if not text:
        return None
    try:
        return int(text)
    except ValueError as error:
        raise ServiceError(
            Codes.XML_VALIDATION, f"XML Validation failed: {name} '{text}' is not an integer"
        ) from error


def decimal_of(text: str | None) -> Decimal | None:
    """A decimal read from request text; `None` when absent, empty or not a number.

    Examples:
        >>> decimal_of("10.5"), decimal_of("x")
        (Decimal('10.5'), None)
    """
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def in_window(value: datetime | None, low: datetime | None, high: datetime | None) -> bool:
    """Whether `value` lies within [low, high] (an open bound accepts anything; `None` never).

    Examples:
        >>> in_window(None, None, None)
        False
    """
    if value is None:
        return False
    return (low is None or value >= low) and (high is None or value <= high)


def page_slice(query: etree._Element, items: list[T]) -> tuple[list[T], int, int, int]:
    """The page asked for by `paging` and `results_count`: (items, page, per_page, pages).

    Examples:
        >>> page_slice(parse_xml('<q results_count="2"><paging>2</paging></q>'), [1, 2, 3])
        ([3], 2, 2, 2)
    """
    per_page_text = query.get("results_count")
    try:
        per_page = int(per_page_text) if per_page_text else DEFAULT_RESULTS_COUNT
    except ValueError:
        per_page = 0
    if per_page < 1:
        raise ServiceError(
            Codes.SCHEMA, f"XML Schema Validation failed: results_count '{per_page_text}'"
        )
    page = int_text(query, "paging") or 1
    pages = (len(items) + per_page - 1) // per_page
    start = (max(page, 1) - 1) * per_page
    return items[start : start + per_page], max(page, 1), per_page, pages


def add_paging(root: etree._Element, page: int, per_page: int, pages: int, total: int) -> None:
    """Append `page`, `total_paging`, `nb_total_per_page` and `nb_total_result`.

    Examples:
        >>> root = response_root("orders_query")
        >>> add_paging(root, 1, 10, 0, 0)
        >>> [node.text for node in root]
        ['1', '0', '10', '0']
    """
    sub_element(root, "page", str(page))
    sub_element(root, "total_paging", str(pages))
    sub_element(root, "nb_total_per_page", str(per_page))
    sub_element(root, "nb_total_result", str(total))


def paged_answer(
    service: str, query: etree._Element, items: list[T]
) -> tuple[etree._Element, list[T]]:
    """The answer root of a paged query, with its paging fields, and the items of its page.

    Examples:
        >>> root, page = paged_answer("offers_query", parse_xml("<q><paging>2</paging></q>"), [1])
        >>> root.get("status"), page, [node.text for node in root]
        ('OK', [], ['2', '1', '100', '1'])
    """
    page, number, per_page, pages = page_slice(query, items)
    root = response_root(service)
    add_paging(root, number, per_page, pages, len(items))
    return root, page


def xml_response(root: etree._Element, status_code: int = 200) -> httpx.Response:
    """`root` serialized as an HTTP answer (200 by default, as FNAC answers even errors).

    Examples:
        >>> xml_response(response_root("auth")).status_code
        200
    """
    return httpx.Response(
        status_code,
        headers={"content-type": "text/xml; charset=utf-8"},
        content=to_bytes(root),
    )


def error_document(service: str, code: str, message: str, severity: str = "ERROR") -> bytes:
    """The bytes of a whole-call ERROR answer, for faults that answer without the app.

    Examples:
        >>> b'code="ERR_025"' in error_document("orders_query", "ERR_025", "Invalid token")
        True
    """
    root = response_root(service, "ERROR")
    add_error(root, code, message, severity)
    return to_bytes(root)


#: A service handler: the parsed request root in, the response root out.
ServiceHandler = Callable[[etree._Element], etree._Element]
