"""Endpoints of receipts (orders), their transactions (lines) and shipments.

Examples:
    >>> from datetime import UTC, datetime
    >>> call = get_shop_receipts(42, min_created=datetime(2026, 1, 1, tzinfo=UTC), was_paid=True)
    >>> call.request.params["min_created"], call.request.params["was_paid"]
    (1767225600, True)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal, NamedTuple, TypedDict, Unpack

import httpx
from pydantic_core import from_json

from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._json import orjson_document
from marketplace_sdk.core._pagination import Page
from marketplace_sdk.core._records import RefusedRecord, read_record
from marketplace_sdk.core._request import ApiRequest, Call, QueryValue
from marketplace_sdk.etsy._endpoints._base import (
    API,
    MAX_LIMIT,
    check_page,
    form_request,
    get_request,
    list_parser,
    model_parser,
    page_parser,
    record_id_of,
    record_page_parser,
    record_parser,
)
from marketplace_sdk.etsy._endpoints.listings import SortOrder
from marketplace_sdk.etsy._models import (
    EtsyList,
    ReceiptShipmentRequest,
    ShopReceipt,
    ShopReceiptTransaction,
)
from marketplace_sdk.etsy._models.plain import dump_receipt

__all__ = [
    "EARLIEST",
    "ReceiptDocument",
    "ReceiptFlags",
    "ReceiptSortOn",
    "create_receipt_shipment",
    "get_shop_receipt",
    "get_shop_receipt_documents",
    "get_shop_receipt_transactions_by_listing",
    "get_shop_receipt_transactions_by_receipt",
    "get_shop_receipts",
    "unix_seconds",
    "update_shop_receipt",
]

ReceiptSortOn = Literal["created", "updated", "receipt_id"]


class ReceiptFlags(TypedDict, total=False):
    """The receipt states `getShopReceipts` filters on; a flag left out (or `None`) keeps both.

    `was_delivered=True` is the only way the API tells a delivered receipt.

    Examples:
        >>> flags: ReceiptFlags = {"was_paid": True, "was_canceled": False}
    """

    was_paid: bool | None
    was_shipped: bool | None
    was_delivered: bool | None
    was_canceled: bool | None


#: The earliest timestamp Etsy's receipt filters accept (2000-01-01T00:00:00Z).
EARLIEST = 946_684_800


def unix_seconds(when: datetime | int) -> int:
    """A receipt filter value: Unix seconds from an aware datetime (or seconds as given).

    Examples:
        >>> from datetime import UTC, datetime
        >>> unix_seconds(datetime(2000, 1, 1, tzinfo=UTC))
        946684800
    """
    seconds = when if isinstance(when, int) else int(ensure_utc(when).timestamp())
    return max(seconds, EARLIEST)


def _optional_seconds(when: datetime | int | None) -> int | None:
    return None if when is None else unix_seconds(when)


def get_shop_receipts(
    shop_id: int,
    *,
    min_created: datetime | int | None = None,
    max_created: datetime | int | None = None,
    min_last_modified: datetime | int | None = None,
    max_last_modified: datetime | int | None = None,
    limit: int = MAX_LIMIT,
    offset: int = 0,
    sort_on: ReceiptSortOn = "created",
    sort_order: SortOrder = "asc",
    **flags: Unpack[ReceiptFlags],
) -> Call[Page[ShopReceipt]]:
    """`getShopReceipts`: one page of receipts, filtered by creation or last-modified window.

    Windows are Unix seconds (an aware datetime is converted); `flags` filter on the receipt's
    state (`ReceiptFlags`). `min_last_modified` catches cancellations of orders created long ago.

    Examples:
        >>> get_shop_receipts(42).request.params["sort_order"]
        'asc'
    """
    check_page(limit, offset)
    params: dict[str, QueryValue] = {
        "min_created": _optional_seconds(min_created),
        "max_created": _optional_seconds(max_created),
        "min_last_modified": _optional_seconds(min_last_modified),
        "max_last_modified": _optional_seconds(max_last_modified),
        "was_paid": flags.get("was_paid"),
        "was_shipped": flags.get("was_shipped"),
        "was_delivered": flags.get("was_delivered"),
        "was_canceled": flags.get("was_canceled"),
        "limit": limit,
        "offset": offset,
        "sort_on": sort_on,
        "sort_order": sort_order,
    }
    request = get_request(f"{API}/shops/{shop_id}/receipts", "getShopReceipts", params)
    return Call(request, parse=_read_receipts)


_read_receipts = record_page_parser(ShopReceipt, kind="order", id_field="receipt_id")


class ReceiptDocument(NamedTuple):
    """A receipt of a `getShopReceipts` page as decoded from Etsy's JSON, without its model.

    Attributes:
        receipt_id: its id.
        data: the receipt as decoded; `raw` itself when there is one (validating the dump
            gives the same receipt, and the decoded dict is let go at once: a page of fewer
            objects alive is fewer collections of the garbage collector).
        raw: its wire model's `model_dump(mode="json")`, made without the model
            (`etsy._models.plain`), or `None` when validation had to decide (it kept it).

    Examples:
        >>> ReceiptDocument(7, {"receipt_id": 7}, None).receipt_id
        7
    """

    receipt_id: int
    data: Any
    raw: dict[str, object] | None


def _read_documents(response: httpx.Response) -> Page[ReceiptDocument]:
    # The envelope as `record_page_parser` reads it; then each receipt its schema would keep
    # is kept as decoded, and one it refuses is refused as that parser refuses it, in place.
    # The page is decoded by orjson first; while every receipt dumps plainly (no float, no
    # deep nesting: what orjson reads as pydantic_core does, `core._json`), that reading is
    # the page's. From the first receipt in doubt on, the page is read as before.
    content = response.content
    items: list[ReceiptDocument] = []
    fast = _orjson_envelope(content)
    if fast is not None:
        count, results = fast
        for position, item in enumerate(results):
            raw = dump_receipt(item)
            if raw is None:
                break
            results[position] = None  # the decoded receipt goes now, its dump stays
            items.append(ReceiptDocument(raw["receipt_id"], raw, raw))  # type: ignore[arg-type]
        else:
            return Page(items=items, total=count, refused=[])
    count, results = _envelope(content)
    refused: list[RefusedRecord] = []
    # The receipts before the first in doubt read alike either way: kept as dumped.
    for position in range(len(items), len(results)):
        item = results[position]
        raw = dump_receipt(item)
        if raw is not None:
            items.append(ReceiptDocument(raw["receipt_id"], raw, raw))  # type: ignore[arg-type]
            continue
        try:
            receipt = read_record(
                ShopReceipt.model_validate,
                item,
                kind="order",
                record_id=lambda item: record_id_of(item, "receipt_id"),
                raw=lambda item: item,
                marketplace="etsy",
                shape="an Etsy ShopReceipt",
            )
        except RecordError as error:
            refused.append(RefusedRecord(position, error))
        else:
            items.append(ReceiptDocument(receipt.receipt_id, item, None))
    return Page(items=items, total=count, refused=refused)


def _orjson_envelope(content: bytes) -> tuple[int, list[Any]] | None:
    # `_envelope`'s reading by orjson, when plainly the same: an envelope of `count` and
    # `results` alone (anything else in it could nest deeper than pydantic_core reads).
    document = orjson_document(content)
    if type(document) is dict and len(document) == 2:
        count, results = document.get("count"), document.get("results")
        if type(count) is int and type(results) is list:
            return count, results
    return None


def _envelope(content: bytes) -> tuple[int, list[Any]]:
    # `EtsyList[Any].model_validate_json(content)`'s count and results, read by the same JSON
    # parser without a model when the envelope is plainly of its shape.
    try:
        document = from_json(content)
    except ValueError:
        document = None
    if type(document) is dict:
        count, results = document.get("count", 0), document.get("results", _NONE)
        if type(count) is int and type(results) is list:
            return count, results
    envelope = EtsyList[Any].model_validate_json(content)
    return envelope.count, envelope.results


_NONE: list[Any] = []


def get_shop_receipt_documents(
    shop_id: int,
    *,
    min_created: datetime | int | None = None,
    max_created: datetime | int | None = None,
    min_last_modified: datetime | int | None = None,
    max_last_modified: datetime | int | None = None,
    limit: int = MAX_LIMIT,
    offset: int = 0,
    sort_on: ReceiptSortOn = "created",
    sort_order: SortOrder = "asc",
    **flags: Unpack[ReceiptFlags],
) -> Call[Page[ReceiptDocument]]:
    """`getShopReceipts`, each receipt kept as decoded (`ReceiptDocument`), for the order path.

    The same request and the same refusals as `get_shop_receipts`; the receipts its schema
    keeps come without their wire model, for `etsy._mapping.fast` to map straight to orders.

    Examples:
        >>> body = {"count": 2, "results": [{"receipt_id": 1}, {"receipt_id": "two"}]}
        >>> page = get_shop_receipt_documents(42).parse(httpx.Response(200, json=body))
        >>> [r.receipt_id for r in page.items], page.refused[0].error.record_id
        ([1], None)
    """
    call = get_shop_receipts(
        shop_id,
        min_created=min_created,
        max_created=max_created,
        min_last_modified=min_last_modified,
        max_last_modified=max_last_modified,
        limit=limit,
        offset=offset,
        sort_on=sort_on,
        sort_order=sort_order,
        **flags,
    )
    return Call(call.request, parse=_read_documents)


def get_shop_receipt(shop_id: int, receipt_id: int) -> Call[ShopReceipt]:
    """`getShopReceipt`: one receipt with its transactions and shipments.

    A receipt Etsy's schema refuses raises its `RecordError`.

    Examples:
        >>> get_shop_receipt(42, 7).request.path
        '/v3/application/shops/42/receipts/7'
    """
    request = get_request(f"{API}/shops/{shop_id}/receipts/{receipt_id}", "getShopReceipt")
    return Call(request, parse=record_parser(ShopReceipt, kind="order", id_field="receipt_id"))


def update_shop_receipt(
    shop_id: int,
    receipt_id: int,
    *,
    was_shipped: bool | None = None,
    was_paid: bool | None = None,
) -> Call[ShopReceipt]:
    """`updateShopReceipt` (PUT, form-encoded): mark a receipt shipped or paid.

    Examples:
        >>> update_shop_receipt(42, 7, was_shipped=True).request.content
        b'was_shipped=true'
    """
    fields = [
        (name, "true" if value else "false")
        for name, value in (("was_shipped", was_shipped), ("was_paid", was_paid))
        if value is not None
    ]
    if not fields:
        raise ValueError("set was_shipped or was_paid")
    request = form_request(
        "PUT",
        f"{API}/shops/{shop_id}/receipts/{receipt_id}",
        "updateShopReceipt",
        fields,
        idempotent=True,
    )
    return Call(request, parse=model_parser(ShopReceipt))


def get_shop_receipt_transactions_by_receipt(
    shop_id: int, receipt_id: int
) -> Call[list[ShopReceiptTransaction]]:
    """`getShopReceiptTransactionsByReceipt`: a receipt's lines.

    Examples:
        >>> get_shop_receipt_transactions_by_receipt(42, 7).request.path
        '/v3/application/shops/42/receipts/7/transactions'
    """
    request = get_request(
        f"{API}/shops/{shop_id}/receipts/{receipt_id}/transactions",
        "getShopReceiptTransactionsByReceipt",
    )
    return Call(request, parse=list_parser(ShopReceiptTransaction))


def get_shop_receipt_transactions_by_listing(
    shop_id: int, listing_id: int, *, limit: int = MAX_LIMIT, offset: int = 0
) -> Call[Page[ShopReceiptTransaction]]:
    """`getShopReceiptTransactionsByListing`: one page of the lines that sold a listing.

    Examples:
        >>> get_shop_receipt_transactions_by_listing(42, 9).request.path
        '/v3/application/shops/42/listings/9/transactions'
    """
    check_page(limit, offset)
    request = get_request(
        f"{API}/shops/{shop_id}/listings/{listing_id}/transactions",
        "getShopReceiptTransactionsByListing",
        {"limit": limit, "offset": offset},
    )
    return Call(request, parse=page_parser(ShopReceiptTransaction))


def create_receipt_shipment(
    shop_id: int, receipt_id: int, shipment: ReceiptShipmentRequest
) -> Call[ShopReceipt]:
    """`createReceiptShipment` (JSON): record carrier and tracking code; Etsy e-mails the buyer.

    Not idempotent: every success e-mails the buyer again, so the engine never resends it after
    a timeout; read the receipt's `shipments` first to know whether it went through.

    Examples:
        >>> shipment = ReceiptShipmentRequest(tracking_code="1Z9", carrier_name="ups")
        >>> call = create_receipt_shipment(42, 7, shipment)
        >>> call.request.is_idempotent, call.request.json["carrier_name"]
        (False, 'ups')
    """
    request = ApiRequest(
        method="POST",
        path=f"{API}/shops/{shop_id}/receipts/{receipt_id}/tracking",
        json=shipment.to_json(),
        operation="createReceiptShipment",
        bucket="default",
        idempotent=False,
    )
    return Call(request, parse=model_parser(ShopReceipt))
