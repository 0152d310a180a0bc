"""Typed errors of the Mirakl seller (MMP) API: its error bodies and OR21's error codes.

Mirakl answers an error with `{"status": 400, "message": "..."}` (MIRAKL-Q06: often as bare as
`"Bad Request"`); the order operations also name a code (OR21's table: `ORDER_INVALID_STATE`,
`ORDER_LINE_ACCEPTANCE_DECISION_MISSING`...). The decoder reads the code from a `code` field,
from the first of an `errors` list, or from the message when it names one of the known codes;
the classifier turns the code into an error class, so a caller catches
`MiraklOrderStateError` rather than parsing messages.

Examples:
    >>> import httpx
    >>> body = {"status": 400, "message": "ORDER_INVALID_STATE: order is SHIPPING"}
    >>> details = decode_seller_error(httpx.Response(400, json=body))
    >>> details.code, classify_seller_error(httpx.Response(400), details).__name__
    ('ORDER_INVALID_STATE', 'MiraklOrderStateError')
"""

from __future__ import annotations

import json
import re
from enum import StrEnum

import httpx

from marketplace_sdk.core._config import ErrorDetails
from marketplace_sdk.core._errors import ApiError, ConflictError, InvalidRequestError, NotFoundError

__all__ = [
    "MiraklAcceptanceError",
    "MiraklErrorCode",
    "MiraklOrderStateError",
    "classify_seller_error",
    "decode_seller_error",
]


class MiraklErrorCode(StrEnum):
    """The error codes Mirakl documents for OR21 (accept or refuse order lines).

    Examples:
        >>> MiraklErrorCode("ORDER_NOT_FOUND").value
        'ORDER_NOT_FOUND'
    """

    ORDER_FULFILLED_UNAUTHORIZED = "ORDER_FULFILLED_UNAUTHORIZED"
    ORDER_INVALID_STATE = "ORDER_INVALID_STATE"
    ORDER_LINE_ACCEPTANCE_DECISION_MISSING = "ORDER_LINE_ACCEPTANCE_DECISION_MISSING"
    ORDER_LINE_DUPLICATE_ID = "ORDER_LINE_DUPLICATE_ID"
    ORDER_LINE_NOT_FOUND = "ORDER_LINE_NOT_FOUND"
    ORDER_LINE_NULL_ELEMENT = "ORDER_LINE_NULL_ELEMENT"
    ORDER_NOT_FOUND = "ORDER_NOT_FOUND"
    ORDER_PARTIAL_ACCEPTANCE_DISABLED = "ORDER_PARTIAL_ACCEPTANCE_DISABLED"
    VALIDATION_ERROR = "VALIDATION_ERROR"


class MiraklOrderStateError(ConflictError):
    """The order is not in a state that allows the operation (`ORDER_INVALID_STATE`,
    `ORDER_FULFILLED_UNAUTHORIZED`): re-read the order before doing anything else.

    `state` is the order's state when the client read it after the refusal (OR24's bare 400,
    MIRAKL-Q11; `"gone"` when the order was not found), else `None`.

    Examples:
        >>> MiraklOrderStateError("Order is SHIPPED", status=400,
        ...                       code="ORDER_INVALID_STATE").error_class.value
        'system'
    """

    state: str | None = None


class MiraklAcceptanceError(InvalidRequestError):
    """OR21 refused the decision itself: a line missing (every line must be decided in one
    call, MIRAKL-Q09), a duplicate or null line, or partial acceptance disabled.

    Examples:
        >>> MiraklAcceptanceError("missing", code="ORDER_LINE_ACCEPTANCE_DECISION_MISSING").code
        'ORDER_LINE_ACCEPTANCE_DECISION_MISSING'
    """


_CLASSES: dict[str, type[ApiError]] = {
    MiraklErrorCode.ORDER_FULFILLED_UNAUTHORIZED: MiraklOrderStateError,
    MiraklErrorCode.ORDER_INVALID_STATE: MiraklOrderStateError,
    MiraklErrorCode.ORDER_LINE_ACCEPTANCE_DECISION_MISSING: MiraklAcceptanceError,
    MiraklErrorCode.ORDER_LINE_DUPLICATE_ID: MiraklAcceptanceError,
    MiraklErrorCode.ORDER_LINE_NULL_ELEMENT: MiraklAcceptanceError,
    MiraklErrorCode.ORDER_PARTIAL_ACCEPTANCE_DISABLED: MiraklAcceptanceError,
    MiraklErrorCode.ORDER_LINE_NOT_FOUND: NotFoundError,
    MiraklErrorCode.ORDER_NOT_FOUND: NotFoundError,
    MiraklErrorCode.VALIDATION_ERROR: InvalidRequestError,
}

_KNOWN_CODE = re.compile(r"\b(" + "|".join(code.value for code in MiraklErrorCode) + r")\b")


def _text(value: object) -> str | None:
    return str(value) if value is not None and value != "" else None


def decode_seller_error(response: httpx.Response) -> ErrorDetails | None:
    """Read a Mirakl seller error body: its message and, when it names one, its code.

    Examples:
        >>> decode_seller_error(httpx.Response(400, json={"status": 400, "message": "Bad Request"}))
        ErrorDetails(code=None, message='Bad Request', request_id=None)
        >>> decode_seller_error(httpx.Response(400, json={"errors": [
        ...     {"code": "ORDER_LINE_DUPLICATE_ID", "message": "twice"}]})).code
        'ORDER_LINE_DUPLICATE_ID'
        >>> decode_seller_error(httpx.Response(502, text="<html>")) is None
        True
    """
    try:
        body = json.loads(response.content)
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    message, code = _text(body.get("message")), _text(body.get("code"))
    errors = body.get("errors")
    if isinstance(errors, list) and errors and isinstance(errors[0], dict):
        code = code or _text(errors[0].get("code"))
        message = message or _text(errors[0].get("message"))
    if code is None and message is not None:
        found = _KNOWN_CODE.search(message)
        code = found.group(1) if found else None
    if message is None and code is None:
        return None
    return ErrorDetails(code=code, message=message)


def classify_seller_error(
    response: httpx.Response, details: ErrorDetails | None
) -> type[ApiError] | None:
    """The error class for a Mirakl code, or `None` to class by HTTP status.

    Authentication, permission, rate-limit and server statuses keep their own classes whatever
    the body says.

    Examples:
        >>> classify_seller_error(httpx.Response(404), ErrorDetails(code="ORDER_NOT_FOUND"))
        <class 'marketplace_sdk.core._errors.NotFoundError'>
        >>> classify_seller_error(httpx.Response(429), ErrorDetails(code="ORDER_NOT_FOUND")) is None
        True
    """
    status = response.status_code
    if details is None or details.code is None or status in (401, 403, 429) or status >= 500:
        return None
    return _CLASSES.get(details.code)
