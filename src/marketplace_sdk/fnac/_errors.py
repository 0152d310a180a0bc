"""FNAC's errors reported inside HTTP 200 answers, turned into the SDK's typed errors.

FNAC answers most failures with HTTP 200 and `<service>_response status="ERROR">` holding
`<error code="ERR_nnn" severity="ERROR|FATAL|WARNING">message</error>`. An ERROR or FATAL error at
the root of a response fails the call: it is raised as the `ApiError` subclass its code or message
points to, carrying the code and the message. WARNING errors at the root stay on the result as
`warnings`; errors inside an item (one offer, one order, one product) stay on that item.

Token problems (an expired or unknown token) are raised as `AuthenticationError`, so the engine
renews the token once and resends. FNAC's schemas do not list its error codes; a token error is
recognised by ERR_025 or by its message naming the token or the authentication. A refused `auth`
call (wrong partner id, shop id or key) is a `TokenRevokedError`: no renewal helps, the shop must
be reconnected.

Examples:
    >>> from marketplace_sdk.fnac._xml import parse_xml
    >>> root = parse_xml('<pricing_query_response status="ERROR"><error severity="ERROR" '
    ...                  'code="ERR_105">The limit of requested elements is reached</error>'
    ...                  '</pricing_query_response>')
    >>> try:
    ...     raise_for_errors(root, "pricing_query")
    ... except InvalidRequestError as err:
    ...     err.code, err.message
    ('ERR_105', 'The limit of requested elements is reached')
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import httpx
from lxml import etree

from marketplace_sdk.core._config import ErrorDetails
from marketplace_sdk.core._errors import (
    ApiError,
    AuthenticationError,
    ConflictError,
    ErrorClass,
    InvalidRequestError,
    NotFoundError,
    ResponseParseError,
    ServerError,
    TokenRevokedError,
)
from marketplace_sdk.fnac._models.common import FnacError, Severity, errors_of
from marketplace_sdk.fnac._xml import local_name, parse_xml

__all__ = [
    "CODE_CLASSES",
    "decode_error",
    "error_class_for",
    "raise_for_errors",
    "read_envelope",
]

MARKETPLACE = "fnac"

#: Error codes and the class each is raised as (from FNAC's recorded answers, unless noted).
CODE_CLASSES: Mapping[str, type[ApiError]] = {
    # Not in the recorded samples: the codes the SDK's FNAC sandbox uses for login failures.
    "ERR_001": TokenRevokedError,  # partner id, shop id or key refused
    "ERR_025": AuthenticationError,  # missing, unknown or expired token
    "ERR_096": InvalidRequestError,  # XML validation failed (a missing offer_reference, say)
    "ERR_105": InvalidRequestError,  # too many elements in one call
    "ERR_109": ConflictError,  # the order's state does not allow the action
    "ERR_120": NotFoundError,  # product not found / no prices found
    "ERR_128": NotFoundError,  # comment not found
    "ERR_146": InvalidRequestError,  # XML schema validation failed
}

_TOKEN_WORDS = re.compile(r"\btoken\b|authenti|session", re.IGNORECASE)


def error_class_for(error: FnacError, *, service: str = "") -> type[ApiError]:
    """The `ApiError` subclass an ERROR or FATAL `<error>` is raised as.

    Examples:
        >>> error_class_for(FnacError(code="ERR_999", message="Invalid token")).__name__
        'AuthenticationError'
        >>> error_class_for(FnacError(code="ERR_109", message="state")).__name__
        'ConflictError'
    """
    if service == "auth":
        return TokenRevokedError
    if _TOKEN_WORDS.search(error.message or ""):
        return AuthenticationError
    known = CODE_CLASSES.get(error.code or "")
    if known is not None:
        return known
    if error.severity == Severity.FATAL:
        return ServerError
    return InvalidRequestError


def raise_for_errors(root: etree._Element, service: str) -> None:
    """Raise the typed error for the first ERROR or FATAL `<error>` at the root of a response.

    Every root error is kept on the exception's `body` (a list of `FnacError`).

    Examples:
        >>> from marketplace_sdk.fnac._xml import parse_xml
        >>> raise_for_errors(parse_xml('<a status="OK"><error severity="WARNING">w</error></a>'),
        ...                  "offers_update") is None
        True
    """
    errors = errors_of(root)
    blocking = [error for error in errors if not error.is_warning]
    if not blocking:
        return
    first = blocking[0]
    cls = error_class_for(first, service=service)
    message = first.message or f"{service} failed with status {root.get('status')}"
    if len(blocking) > 1:
        message += f" (and {len(blocking) - 1} more error(s))"
    raise cls(message, code=first.code, body=errors, marketplace=MARKETPLACE)


def read_envelope(response: httpx.Response, service: str) -> etree._Element:
    """Parse a response, check it answers `service`, and raise its root errors.

    An empty body, or one that is not well-formed XML (an answer cut short, a proxy's error
    page), is a transient `ResponseParseError`: the engine retries the call when it is
    idempotent, and the document is never read as a shorter one. A well-formed answer of
    another service is a system one: asking again would not change it.

    Raises:
        ResponseParseError: the body is empty or not well-formed XML (transient), or the
            answer of another service (system).
        ApiError: a subclass, for an ERROR or FATAL error at the root.

    Examples:
        >>> response = httpx.Response(200, content=b'<batch_status_response status="OK"/>')
        >>> local_name(read_envelope(response, "batch_status"))
        'batch_status_response'
    """
    try:
        root = parse_xml(response.content)
    except (ValueError, etree.XMLSyntaxError) as error:
        raise ResponseParseError(
            f"{service}: the answer is empty, cut short or not XML ({error})",
            status=response.status_code,
            marketplace=MARKETPLACE,
            error_class=ErrorClass.TRANSIENT,
        ) from error
    expected = f"{service}_response"
    if local_name(root) != expected:
        if errors_of(root):
            raise_for_errors(root, service)
        raise ResponseParseError(
            f"{service}: expected <{expected}>, got <{local_name(root)}>",
            status=response.status_code,
            marketplace=MARKETPLACE,
        )
    raise_for_errors(root, service)
    return root


def decode_error(response: httpx.Response) -> ErrorDetails | None:
    """The code and message of the first `<error>` in an HTTP error answer, if it is FNAC XML.

    This is the engine's `error_decoder` for FNAC.

    Examples:
        >>> decode_error(httpx.Response(500, content=b'<x><error code="ERR_1">down</error></x>'))
        ErrorDetails(code='ERR_1', message='down', request_id=None)
        >>> decode_error(httpx.Response(502, content=b"Bad gateway")) is None
        True
    """
    try:
        root = parse_xml(response.content)
    except (ValueError, etree.XMLSyntaxError):
        return None
    errors = errors_of(root)
    if not errors:
        return None
    return ErrorDetails(code=errors[0].code, message=errors[0].message or None)
