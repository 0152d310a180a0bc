"""Helpers every Etsy endpoint function shares: paths, query values, bodies and parsers.

The records an OMS syncs (receipts, listings) are read one at a time (`record_page_parser`,
`record_parser`): the body must be whole JSON and the `{count, results}` envelope of Etsy's
shape, or the answer is an error (a `ResponseParseError`: transient when the body is cut short),
but a record Etsy's schema refuses is that record's `RecordError`, set on the page in its place
(`Page.refused`) while the others are read. A page is validated whole first, which gives the
same records when none is refused; only a page with a refusal is read record by record.

Examples:
    >>> comma_list([1, 2, 3])
    '1,2,3'
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar
from urllib.parse import urlencode

import httpx
from pydantic import BaseModel, TypeAdapter, ValidationError

from marketplace_sdk.core._pagination import Page
from marketplace_sdk.core._records import read_record, read_records
from marketplace_sdk.core._request import ApiRequest, QueryValue
from marketplace_sdk.etsy._models import EtsyList

__all__ = [
    "API",
    "MAX_LIMIT",
    "MAX_OFFSET",
    "check_page",
    "comma_list",
    "form_request",
    "get_request",
    "list_parser",
    "model_parser",
    "page_parser",
    "record_id_of",
    "record_page_parser",
    "record_parser",
]

#: Prefix of every Open API v3 application path.
API = "/v3/application"
#: The largest page Etsy serves.
MAX_LIMIT = 100
#: The largest offset Etsy accepts; larger result sets are paged by date windows.
MAX_OFFSET = 12_000

M = TypeVar("M", bound=BaseModel)


def comma_list(values: Iterable[str | int]) -> str:
    """An array query value the way Etsy reads it: comma-separated (`includes=Images,Inventory`).

    Examples:
        >>> comma_list(["Images", "Inventory"])
        'Images,Inventory'
    """
    return ",".join(str(value) for value in values)


def check_page(limit: int, offset: int) -> None:
    """Refuse a page Etsy would refuse: `limit` 1-100, `offset` 0-12,000.

    Examples:
        >>> check_page(101, 0)
        Traceback (most recent call last):
        ...
        ValueError: limit must be between 1 and 100, not 101
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be between 1 and {MAX_LIMIT}, not {limit}")
    if not 0 <= offset <= MAX_OFFSET:
        raise ValueError(f"offset must be between 0 and {MAX_OFFSET}, not {offset}")


def get_request(
    path: str, operation: str, params: dict[str, QueryValue] | None = None
) -> ApiRequest:
    """A GET on the app's shared budget.

    Examples:
        >>> get_request("/v3/application/users/me", "getMe").bucket
        'default'
    """
    return ApiRequest(
        method="GET", path=path, params=params or {}, operation=operation, bucket="default"
    )


def form_request(
    method: str,
    path: str,
    operation: str,
    fields: Sequence[tuple[str, str]],
    *,
    idempotent: bool,
) -> ApiRequest:
    """A form-encoded write; a field given several times repeats (the document's form style).

    Examples:
        >>> request = form_request("PATCH", "/x", "updateListing", [("state", "active")],
        ...                        idempotent=True)
        >>> request.content, request.headers["Content-Type"]
        (b'state=active', 'application/x-www-form-urlencoded')
    """
    return ApiRequest(
        method=method,
        path=path,
        content=urlencode(list(fields)).encode("ascii"),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        operation=operation,
        bucket="default",
        idempotent=idempotent,
    )


def model_parser(model: type[M]) -> Callable[[httpx.Response], M]:
    """A parser reading the body as `model`.

    Examples:
        >>> from marketplace_sdk.etsy._models import Me
        >>> model_parser(Me)(httpx.Response(200, json={"user_id": 1, "shop_id": 2})).shop_id
        2
    """

    def parse(response: httpx.Response) -> M:
        return model.model_validate_json(response.content)

    return parse


def list_parser(model: type[M]) -> Callable[[httpx.Response], list[M]]:
    """A parser reading an `{count, results}` envelope and returning its results.

    Examples:
        >>> from marketplace_sdk.etsy._models import ShopSection
        >>> body = {"count": 1, "results": [{"shop_section_id": 1, "title": "A"}]}
        >>> list_parser(ShopSection)(httpx.Response(200, json=body))[0].title
        'A'
    """

    def parse(response: httpx.Response) -> list[M]:
        return EtsyList[model].model_validate_json(response.content).results  # type: ignore[valid-type]

    return parse


def page_parser(model: type[M]) -> Callable[[httpx.Response], Page[M]]:
    """A parser reading an `{count, results}` envelope as a `Page` (total = `count`).

    Examples:
        >>> from marketplace_sdk.etsy._models import ShopSection
        >>> body = {"count": 7, "results": [{"shop_section_id": 1}]}
        >>> page_parser(ShopSection)(httpx.Response(200, json=body)).total
        7
    """

    def parse(response: httpx.Response) -> Page[M]:
        envelope = EtsyList[model].model_validate_json(response.content)  # type: ignore[valid-type]
        return Page(items=envelope.results, total=envelope.count)

    return parse


#: The longest id read out of a record its model refused (Etsy's ids have 10 to 12 digits).
_ID_DIGITS = 30
#: A whole JSON object, read before the record in it is (a body cut short fails here).
_OBJECT: TypeAdapter[dict[str, Any]] = TypeAdapter(dict[str, Any])


def record_id_of(item: object, field: str) -> str | None:
    """The id `field` of a record as received, when it reads as one (a whole number).

    Examples:
        >>> record_id_of({"receipt_id": 12}, "receipt_id"), record_id_of({"id": "x"}, "id")
        ('12', None)
    """
    value = item.get(field) if isinstance(item, dict) else None
    if isinstance(value, bool) or not isinstance(value, int | str):
        return None
    text = value.strip() if isinstance(value, str) else None
    if text is not None and not (text.isascii() and text.isdigit()):
        return None
    if text is None:
        if not 0 <= value < 10**_ID_DIGITS:  # type: ignore[operator]
            return None
        text = str(value)
    return text if len(text) <= _ID_DIGITS else None


def _reader(model: type[M], *, kind: str, id_field: str) -> dict[str, Any]:
    return {
        "kind": kind,
        "record_id": lambda item: record_id_of(item, id_field),
        "raw": lambda item: item,
        "marketplace": "etsy",
        "shape": f"an Etsy {model.__name__}",
    }


def record_page_parser(
    model: type[M], *, kind: str, id_field: str
) -> Callable[[httpx.Response], Page[M]]:
    """A parser reading an `{count, results}` envelope whole, and each result on its own.

    A result `model` refuses is that record's `RecordError` (`kind`, its `id_field` when it
    reads as an id, the result as received), on the page's `refused` in its place.

    Examples:
        >>> from marketplace_sdk.etsy._models import ShopReceipt
        >>> parse = record_page_parser(ShopReceipt, kind="order", id_field="receipt_id")
        >>> body = {"count": 2, "results": [{"receipt_id": 1}, {"receipt_id": "two"}]}
        >>> page = parse(httpx.Response(200, json=body))
        >>> [r.receipt_id for r in page.items], page.size, page.refused[0].position
        ([1], 2, 1)
    """

    typed = EtsyList[model]  # type: ignore[valid-type]

    def parse(response: httpx.Response) -> Page[M]:
        # The whole page in one pass first: when every record is valid (nearly always), this
        # is the same page as reading them one by one, in a third of the time. Otherwise the
        # envelope and each record are read on their own, so one bad record costs no other.
        try:
            whole = typed.model_validate_json(response.content)
        except ValidationError:
            pass
        else:
            return Page(items=whole.results, total=whole.count)
        envelope = EtsyList[Any].model_validate_json(response.content)
        items, refused = read_records(
            envelope.results, model.model_validate, **_reader(model, kind=kind, id_field=id_field)
        )
        return Page(items=items, total=envelope.count, refused=refused)

    return parse


def record_parser(model: type[M], *, kind: str, id_field: str) -> Callable[[httpx.Response], M]:
    """A parser reading one record: whole JSON, then the object as `model`, or its `RecordError`.

    Examples:
        >>> from marketplace_sdk.etsy._models import ShopReceipt
        >>> parse = record_parser(ShopReceipt, kind="order", id_field="receipt_id")
        >>> try:
        ...     parse(httpx.Response(200, json={"receipt_id": 7, "is_paid": "perhaps"}))
        ... except Exception as error:
        ...     type(error).__name__, error.record_id, error.raw["is_paid"]
        ('RecordError', '7', 'perhaps')
    """

    def parse(response: httpx.Response) -> M:
        document = _OBJECT.validate_json(response.content)
        return read_record(
            model.model_validate, document, **_reader(model, kind=kind, id_field=id_field)
        )

    return parse
