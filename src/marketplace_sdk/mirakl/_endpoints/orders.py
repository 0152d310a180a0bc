"""Order operations of the Mirakl seller (MMP) API: OR11 list, OR21 accept, OR23 tracking,
OR24 ship, OR29/OR30 cancel, OR28 refund, and SH21 carriers.

OR11 pages by offset (`max` up to 100, sorted by creation date) or, where the operator offers
it, by seek token (`limit`, `page_token` → `next_page_token`). Poll it by last update
(`start_update_date`), not creation (MIRAKL-Q02). The first page of each poll spends from the
once-a-minute bucket `OR11`; the pages after it from `OR11-page`.

The writes that change an order's state (OR21, OR24, OR29, OR30) or create money movements (OR28)
are never resent blindly; OR23 (set the tracking) is.

Examples:
    >>> accept_order("O-A", [LineDecision(id="O-A-1", accepted=True)]).request.json
    {'order_lines': [{'id': 'O-A-1', 'accepted': True}]}
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple, TypeVar
from urllib.parse import quote

import httpx
from pydantic import AliasChoices, Field, ValidationError
from pydantic_core import from_json

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._json import orjson_document
from marketplace_sdk.core._pagination import OffsetPaginator, Page, Paginator, TokenPaginator
from marketplace_sdk.core._records import RefusedRecord, read_record, read_records
from marketplace_sdk.core._request import ApiRequest, Call, QueryValue
from marketplace_sdk.mirakl._endpoints._common import JSON_HEADERS, get_request, iso, with_shop
from marketplace_sdk.mirakl._models import (
    CancelationRequest,
    CancelationsCreated,
    Carrier,
    CarrierList,
    LineDecision,
    Order,
    OrderList,
    OrderState,
    RefundRequest,
    RefundsCreated,
    Tracking,
)
from marketplace_sdk.mirakl._models.plain import dump_order

__all__ = [
    "OR11_BY_ID_BUCKET",
    "OR11_MAX_IDS",
    "OR11_MAX_PAGE_SIZE",
    "OR11_NEXT_PAGE_BUCKET",
    "OrderDocument",
    "accept_order",
    "cancel_lines",
    "cancel_order",
    "list_carriers",
    "list_order_documents",
    "list_order_documents_paginator",
    "list_orders",
    "list_orders_paginator",
    "refund_lines",
    "ship_order",
    "update_tracking",
]

T = TypeVar("T")

#: The largest OR11 page (`max` or `limit`).
OR11_MAX_PAGE_SIZE = 100
#: The most order ids OR11 takes in one filter (more → 400, MIRAKL-Q03).
OR11_MAX_IDS = 100
#: The bucket of the OR11 pages after the first of a poll.
OR11_NEXT_PAGE_BUCKET = "OR11-page"
#: The bucket of OR11 reads of named orders (`order_ids`): OR11's synchronous use, "at each
#: order page display" (MMP seller OpenAPI), apart from the once-a-minute poll.
OR11_BY_ID_BUCKET = "OR11-ids"


def _order_path(order_id: str, suffix: str) -> str:
    if not order_id:
        raise ValueError("order_id is empty")
    return f"/api/orders/{quote(order_id, safe='')}/{suffix}"


def list_orders(
    *,
    offset: int | None = 0,
    page_token: str | None = None,
    limit: int = OR11_MAX_PAGE_SIZE,
    start_update_date: datetime | None = None,
    end_update_date: datetime | None = None,
    start_date: datetime | None = None,
    end_date: datetime | None = None,
    order_ids: Sequence[str] = (),
    order_state_codes: Sequence[OrderState | str] = (),
    first_page: bool = True,
    shop_id: int | None = None,
) -> Call[Page[Order]]:
    """OR11: one page of the shop's orders.

    Offset pagination by default (`offset`, Mirakl's `max` = `limit`, sorted by creation date);
    seek pagination when `offset` is `None` (`limit`, `page_token`; the page names the next
    token). `first_page` False puts the call in the `OR11-page` bucket (a later page of a poll);
    a read of named orders (`order_ids`) is in the `OR11-ids` bucket, OR11's synchronous use,
    never held to the poll's once a minute.

    Args:
        offset: the index of the first order (offset pagination), or `None` for seek.
        page_token: the seek token of the page (seek pagination; `None`: the first page).
        limit: the page size, 1 to 100.
        start_update_date: only orders updated since then (Mirakl widens it: MIRAKL-Q02).
        end_update_date: only orders updated before then.
        start_date: only orders created since then.
        end_date: only orders created before then.
        order_ids: only these orders (100 at most).
        order_state_codes: only orders in these states.
        first_page: whether this is the first page of a poll (bucket `OR11`).
        shop_id: the shop, for users with several.

    Raises:
        ValueError: `limit` out of 1..100, more than 100 order ids, or a naive datetime.

    Examples:
        >>> from datetime import UTC
        >>> call = list_orders(start_update_date=datetime(2026, 1, 1, tzinfo=UTC))
        >>> dict(call.request.query_params())["start_update_date"], call.request.bucket
        ('2026-01-01T00:00:00Z', 'OR11')
        >>> seek = list_orders(offset=None, page_token="abc", first_page=False)
        >>> dict(seek.request.query_params())["page_token"], seek.request.bucket
        ('abc', 'OR11-page')
        >>> list_orders(order_ids=["O-A"]).request.bucket
        'OR11-ids'
    """
    if not 1 <= limit <= OR11_MAX_PAGE_SIZE:
        raise ValueError(f"limit must be between 1 and {OR11_MAX_PAGE_SIZE}, not {limit}")
    if len(order_ids) > OR11_MAX_IDS:
        raise ValueError(f"OR11 takes at most {OR11_MAX_IDS} order ids, not {len(order_ids)}")
    params: dict[str, QueryValue]
    if offset is None:
        params = {"limit": limit, "page_token": page_token}
    else:
        params = {"offset": offset, "max": limit, "paginate": True, "sort": "dateCreated"}
        params["order"] = "asc"
    params = with_shop(
        shop_id,
        **params,
        order_ids=",".join(order_ids) or None,
        order_state_codes=",".join(str(state) for state in order_state_codes) or None,
        start_update_date=iso(start_update_date),
        end_update_date=iso(end_update_date),
        start_date=iso(start_date),
        end_date=iso(end_date),
    )
    request = get_request("OR11", "/api/orders", params)
    if order_ids or not first_page:
        request = ApiRequest(
            method=request.method,
            path=request.path,
            params=request.params,
            headers=request.headers,
            bucket=OR11_BY_ID_BUCKET if order_ids else OR11_NEXT_PAGE_BUCKET,
            operation="OR11",
        )
    cursor = offset or 0

    def parse(response: httpx.Response) -> Page[Order]:
        # The whole page at once first; when an order is refused, the envelope and each order
        # on its own, so one bad order is that order's `RecordError` (set aside by a
        # quarantine) and costs no other. A page that is not a whole document still fails.
        # The page is decoded once, by pydantic's own parser, and its objects validated: a
        # number reads as it always did (`10.0` stays `Decimal("10.0")`, which validating the
        # JSON text directly would make `Decimal("10")`), in one pass over the page.
        try:
            decoded = from_json(response.content)
        except ValueError:
            OrderList.model_validate_json(response.content)  # the ValidationError it always was
            raise
        try:
            data = OrderList.model_validate(decoded)
        except (ValidationError, ArithmeticError):
            # An order's date pushed out of range by its offset (`9999-12-31T23:59:59-14:00`)
            # raises OverflowError, not a ValidationError: that order's refusal too.
            envelope = _OrderEnvelope.model_validate(decoded)
            items, refused = read_records(
                envelope.orders,
                Order.model_validate,
                kind="order",
                record_id=_order_id_of,
                raw=lambda item: item,
                marketplace="mirakl",
                shape="a Mirakl OR11 order",
            )
            if offset is None:
                return Page(items=items, next_token=envelope.next_page_token, refused=refused)
            return Page(items=items, total=envelope.total_count, cursor=cursor, refused=refused)
        if offset is None:
            return Page(items=data.orders, next_token=data.next_page_token)
        return Page(items=data.orders, total=data.total_count, cursor=cursor)

    return Call(request, parse=parse)


class _OrderEnvelope(OrderList):
    """An OR11 page whose orders are read one by one (one of them was refused)."""

    orders: list[Any] = Field(validation_alias=AliasChoices("orders", "data"))


def _order_id_of(item: Any) -> str | None:
    value = item.get("order_id") if isinstance(item, dict) else None
    return str(value) if isinstance(value, str | int) and not isinstance(value, bool) else None


class OrderDocument(NamedTuple):
    """An order of an OR11 page as decoded from Mirakl's JSON, without its wire model.

    The decoded order itself is not kept: its dump holds every value the wire model would (it
    validates to the same model), and parts of it are taken over into the dump, so the rest
    of the decoded page is freed as soon as the page is read.

    Attributes:
        order_id: its id.
        raw: its wire model's `model_dump(mode="json")`, made without the model
            (`mirakl._models.plain`), or the model's own dump when validation had to decide.
        wire: the wire model when validation decided (else `None`: none was built).

    Examples:
        >>> document = OrderDocument("O-A", {"order_id": "O-A", "order_state": "SHIPPED",
        ...     "last_updated_date": "2026-01-05T10:00:00Z", "order_lines": []}, None)
        >>> document.version
        ('O-A', '2026-01-05T10:00:00+00:00')
    """

    order_id: str
    raw: dict[str, Any]
    wire: Order | None

    @property
    def version(self) -> tuple[str, str | None]:
        """`Order.dedupe_key` of the order: its id and last update (MIRAKL-Q02).

        Examples:
            >>> OrderDocument("O-A", {"last_updated_date": None}, None).version
            ('O-A', None)
        """
        stamp = self.raw["last_updated_date"]
        # The dump writes UTC as `Z`, `isoformat` as `+00:00`: the same instant either way.
        return self.order_id, None if stamp is None else f"{stamp[:-1]}+00:00"

    @property
    def states(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        """The order's state and each line's id and state, as OR21's decision needs them.

        Examples:
            >>> OrderDocument("O-A", {"order_state": "SHIPPED", "order_lines": []}, None).states
            ('SHIPPED', ())
        """
        raw = self.raw
        lines = tuple(
            (line["order_line_id"], line["order_line_state"]) for line in raw["order_lines"]
        )
        return raw["order_state"], lines


def _plain_envelope(document: object) -> tuple[list[Any], int | None, str | None] | None:
    # `_OrderEnvelope`'s orders, total and token, read without it when plainly of its shape
    # (an `orders` key wins over `data`, as its alias choices read them).
    if type(document) is not dict or not _ENVELOPE.issuperset(document):
        return None  # anything else (an extra field, `data` beside `orders`): the model reads it
    orders = document.get("orders", _MISSING)
    if orders is _MISSING:
        orders = document.get("data", _MISSING)
    elif "data" in document:
        return None
    total, token = document.get("total_count"), document.get("next_page_token")
    previous = document.get("previous_page_token")
    if (
        type(orders) is not list
        or (total is not None and (type(total) is not int or not -(2**63) < total < 2**63))
        or (token is not None and type(token) is not str)
        or (previous is not None and type(previous) is not str)
    ):
        return None
    return orders, total, token


_MISSING = object()
_ENVELOPE = frozenset({"orders", "data", "total_count", "next_page_token", "previous_page_token"})


def _read_documents(content: bytes, offset: int | None, cursor: int) -> Page[OrderDocument]:
    # The page decoded once (by orjson: a decoder in C, `core._json`); each order its schema
    # keeps as is, dumped without its model; each other one validated as `list_orders`
    # validates it, and set aside in its place when refused. orjson reads a whole number too
    # large for 64 bits as a float, where pydantic's decoder keeps the integer, and nesting
    # pydantic's refuses: such a float, and nesting past the dump's bound, is a doubt (the
    # dump's and the envelope's), and the orders in doubt are validated from pydantic's own
    # decoding of the page, so each reads as it always did (a page it cannot decode fails as
    # it always did).
    envelope = _plain_envelope(orjson_document(content))
    if envelope is None:
        return _validated_documents(content, offset, cursor)
    orders, total, token = envelope
    items: list[OrderDocument] = []
    doubts: list[int] = []
    for position, item in enumerate(orders):
        raw = dump_order(item)
        # What the dump did not take over goes now, not with the page: fewer objects alive
        # for the collector to go through while the rest of the page is read.
        orders[position] = None
        if raw is None:
            doubts.append(position)
            items.append(None)  # type: ignore[arg-type]
        else:
            items.append(OrderDocument(raw["order_id"], raw, None))  # type: ignore[arg-type]
    refused: list[RefusedRecord] = []
    if doubts:
        try:
            checked = _plain_envelope(from_json(content))
        except ValueError:  # deeper than pydantic's decoder reads: the page's own error
            checked = None
        if checked is None or len(checked[0]) != len(orders):
            return _validated_documents(content, offset, cursor)
        for position in doubts:
            item = checked[0][position]
            try:
                wire = _read_order(item)
            except RecordError as error:
                refused.append(RefusedRecord(position, error))
            else:
                items[position] = OrderDocument(wire.order_id, wire.model_dump(mode="json"), wire)
        items = [item for item in items if item is not None]
    if offset is None:
        return Page(items=items, next_token=token, refused=refused)
    return Page(items=items, total=total, cursor=cursor, refused=refused)


def _read_order(item: Any) -> Order:
    return read_record(
        Order.model_validate,
        item,
        kind="order",
        record_id=_order_id_of,
        raw=lambda item: item,
        marketplace="mirakl",
        shape="a Mirakl OR11 order",
    )


def _validated_documents(content: bytes, offset: int | None, cursor: int) -> Page[OrderDocument]:
    # The page as `list_orders` reads it (its errors too), each order with its model.
    page = list_orders(offset=offset).parse(httpx.Response(200, content=content))
    items = [
        OrderDocument(wire.order_id, wire.model_dump(mode="json"), wire) for wire in page.items
    ]
    if offset is None:
        return Page(items=items, next_token=page.next_token, refused=page.refused)
    return Page(items=items, total=page.total, cursor=cursor, refused=page.refused)


def list_order_documents(
    *,
    offset: int | None = 0,
    page_token: str | None = None,
    limit: int = OR11_MAX_PAGE_SIZE,
    start_update_date: datetime | None = None,
    end_update_date: datetime | None = None,
    order_ids: Sequence[str] = (),
    order_state_codes: Sequence[OrderState | str] = (),
    first_page: bool = True,
    shop_id: int | None = None,
) -> Call[Page[OrderDocument]]:
    """OR11 as `list_orders`, each order kept as decoded (`OrderDocument`), for the order path.

    The same request and the same refusals as `list_orders`; the orders its schema keeps come
    without their wire model, for `mirakl._mapping.fast` to map straight to orders.

    Examples:
        >>> body = {"orders": [{"order_id": "O-A", "order_state": "SHIPPED"},
        ...     {"order_id": "O-B"}], "total_count": 2}
        >>> page = list_order_documents().parse(httpx.Response(200, json=body))
        >>> [d.order_id for d in page.items], page.refused[0].error.record_id, page.total
        (['O-A'], 'O-B', 2)
    """
    call = list_orders(
        offset=offset,
        page_token=page_token,
        limit=limit,
        start_update_date=start_update_date,
        end_update_date=end_update_date,
        order_ids=order_ids,
        order_state_codes=order_state_codes,
        first_page=first_page,
        shop_id=shop_id,
    )
    cursor = offset or 0
    return Call(
        call.request, parse=lambda response: _read_documents(response.content, offset, cursor)
    )


def _pages(
    page: Callable[[int | None, str | None, int], Call[Page[T]]], *, seek: bool, page_size: int
) -> Paginator[T]:
    # One OR11 poll's pages: by seek token, or by offset until `total_count`.
    if seek:
        return TokenPaginator(lambda token: page(None, token, page_size))
    return OffsetPaginator(lambda offset, limit: page(offset, None, limit), limit=page_size)


def list_order_documents_paginator(
    *,
    seek: bool = False,
    page_size: int = OR11_MAX_PAGE_SIZE,
    start_update_date: datetime | None = None,
    end_update_date: datetime | None = None,
    order_state_codes: Sequence[OrderState | str] = (),
    shop_id: int | None = None,
) -> Paginator[OrderDocument]:
    """Every page of one OR11 poll as `list_orders_paginator`, as `OrderDocument`s.

    Examples:
        >>> pager = list_order_documents_paginator(seek=True, page_size=20)
        >>> dict(pager.first().request.query_params())
        {'limit': '20'}
    """

    def page(offset: int | None, token: str | None, limit: int) -> Call[Page[OrderDocument]]:
        return list_order_documents(
            offset=offset,
            page_token=token,
            limit=limit,
            start_update_date=start_update_date,
            end_update_date=end_update_date,
            order_state_codes=order_state_codes,
            first_page=token is None if offset is None else offset == 0,
            shop_id=shop_id,
        )

    return _pages(page, seek=seek, page_size=page_size)


def list_orders_paginator(
    *,
    seek: bool = False,
    page_size: int = OR11_MAX_PAGE_SIZE,
    start_update_date: datetime | None = None,
    end_update_date: datetime | None = None,
    start_date: datetime | None = None,
    end_date: datetime | None = None,
    order_ids: Sequence[str] = (),
    order_state_codes: Sequence[OrderState | str] = (),
    shop_id: int | None = None,
) -> Paginator[Order]:
    """Every page of one OR11 poll: by offset until `total_count`, or by seek token.

    Only the first page spends from the once-a-minute `OR11` bucket.

    Examples:
        >>> pager = list_orders_paginator(seek=True, page_size=20)
        >>> dict(pager.first().request.query_params())
        {'limit': '20'}
    """

    def page(offset: int | None, token: str | None, limit: int) -> Call[Page[Order]]:
        return list_orders(
            offset=offset,
            page_token=token,
            limit=limit,
            start_update_date=start_update_date,
            end_update_date=end_update_date,
            start_date=start_date,
            end_date=end_date,
            order_ids=order_ids,
            order_state_codes=order_state_codes,
            first_page=token is None if offset is None else offset == 0,
            shop_id=shop_id,
        )

    return _pages(page, seek=seek, page_size=page_size)


def accept_order(
    order_id: str, decisions: Sequence[LineDecision], *, shop_id: int | None = None
) -> Call[None]:
    """OR21: accept or refuse the order's lines, every line in this one call (MIRAKL-Q09).

    Raises:
        ValueError: no decisions, or a line decided twice (Mirakl would answer
            `ORDER_LINE_DUPLICATE_ID`).

    Examples:
        >>> call = accept_order("O-A", [LineDecision(id="O-A-1", accepted=False)])
        >>> call.request.method, call.request.path, call.request.idempotent
        ('PUT', '/api/orders/O-A/accept', False)
    """
    if not decisions:
        raise ValueError("OR21 needs a decision for every line of the order")
    ids = [decision.id for decision in decisions]
    twice = sorted({line for line in ids if ids.count(line) > 1})
    if twice:
        raise ValueError(f"order lines decided twice: {twice}")
    body = {"order_lines": [{"id": item.id, "accepted": item.accepted} for item in decisions]}
    return _write("OR21", _order_path(order_id, "accept"), body, shop_id).map(_nothing)


def update_tracking(order_id: str, tracking: Tracking, *, shop_id: int | None = None) -> Call[None]:
    """OR23: set the order's carrier and tracking number (before OR24, MIRAKL-Q11).

    Setting the same tracking twice is harmless, so the call is retried like a read.

    Examples:
        >>> update_tracking("O-A", Tracking(carrier_code="UPS", tracking_number="1Z")).request.path
        '/api/orders/O-A/tracking'
    """
    call = _write("OR23", _order_path(order_id, "tracking"), tracking.wire(), shop_id)
    request = call.request
    return Call(
        ApiRequest(
            method="PUT",
            path=request.path,
            params=request.params,
            json=request.json,
            headers=request.headers,
            idempotent=True,
            bucket="OR23",
            operation="OR23",
        ),
        parse=lambda response: None,
    )


def ship_order(order_id: str, *, shop_id: int | None = None) -> Call[None]:
    """OR24: confirm the shipment of an order in SHIPPING (elsewhere: a bare 400, MIRAKL-Q11).

    Examples:
        >>> ship_order("O-A").request.path
        '/api/orders/O-A/ship'
    """
    return _write("OR24", _order_path(order_id, "ship"), None, shop_id).map(_nothing)


def cancel_order(order_id: str, *, shop_id: int | None = None) -> Call[None]:
    """OR29: cancel the whole order (only while its `can_cancel` is true, MIRAKL-Q12).

    Examples:
        >>> cancel_order("O-A").request.bucket
        'OR29'
    """
    return _write("OR29", _order_path(order_id, "cancel"), None, shop_id).map(_nothing)


def cancel_lines(
    cancelations: Sequence[CancelationRequest],
    *,
    order_tax_mode: str | None = None,
    shop_id: int | None = None,
) -> Call[CancelationsCreated]:
    """OR30: cancel order lines (quantities and amounts per line).

    Examples:
        >>> item = CancelationRequest(order_line_id="O-A-1", amount=2, shipping_amount=0,
        ...                           quantity=1, reason_code="34")
        >>> cancel_lines([item]).request.json["cancelations"][0]["reason_code"]
        '34'
    """
    if not cancelations:
        raise ValueError("OR30 needs at least one cancellation")
    body: dict[str, object] = {"cancelations": [item.wire() for item in cancelations]}
    if order_tax_mode is not None:
        body["order_tax_mode"] = order_tax_mode
    return _write("OR30", "/api/orders/cancel", body, shop_id).map(
        lambda response: CancelationsCreated.model_validate_json(response.content)
    )


def refund_lines(
    refunds: Sequence[RefundRequest],
    *,
    order_tax_mode: str | None = None,
    shop_id: int | None = None,
) -> Call[RefundsCreated]:
    """OR28: refund order lines (each call creates refunds: never resent blindly).

    Examples:
        >>> item = RefundRequest(order_line_id="O-A-1", amount="5.5", shipping_amount=0,
        ...                      reason_code="15")
        >>> refund_lines([item]).request.json["refunds"][0]["amount"]
        5.5
    """
    if not refunds:
        raise ValueError("OR28 needs at least one refund")
    body: dict[str, object] = {"refunds": [item.wire() for item in refunds]}
    if order_tax_mode is not None:
        body["order_tax_mode"] = order_tax_mode
    return _write("OR28", "/api/orders/refund", body, shop_id).map(
        lambda response: RefundsCreated.model_validate_json(response.content)
    )


def list_carriers(*, shop_id: int | None = None) -> Call[list[Carrier]]:
    """SH21: the carriers the operator registered (once per day at most: cache them).

    Examples:
        >>> list_carriers().request.path
        '/api/shipping/carriers'
    """
    return Call(
        get_request("SH21", "/api/shipping/carriers", with_shop(shop_id)),
        parse=lambda response: CarrierList.model_validate_json(response.content).carriers,
    )


def _write(operation: str, path: str, body: object, shop_id: int | None) -> Call[httpx.Response]:
    request = ApiRequest(
        method="PUT",
        path=path,
        params=with_shop(shop_id),
        json=body,
        headers=JSON_HEADERS,
        idempotent=False,
        bucket=operation,
        operation=operation,
    )
    return Call(request, parse=lambda response: response)


def _nothing(response: httpx.Response) -> None:
    return None
