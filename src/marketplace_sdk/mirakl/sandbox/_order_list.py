"""OR11's listing rules: filters, offset pages (MIRAKL-Q03) and seek pages, as pure functions.

Offset pages follow creation dates (then order ids), so an order that leaves the filter while a
client scans shifts every later page by one; seek pages carry the last order they showed in an
opaque token, so nothing shifts. `start_update_date` is moved back by `overlap` seconds
(MIRAKL-Q02). A query Mirakl would refuse raises `QueryError` with its message.

Examples:
    >>> import httpx
    >>> offset_page(httpx.QueryParams({"max": "500"}), 1_000, capped=True)
    slice(0, 100, None)
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Iterable
from datetime import datetime, timedelta

import httpx

from marketplace_sdk.mirakl.sandbox._order_records import Order, OrderState

__all__ = ["QueryError", "offset_page", "seek_page", "select_orders"]

_ID_LISTS = ("order_ids", "order_references_for_customer", "order_references_for_seller")


class QueryError(ValueError):
    """An OR11 query Mirakl answers with 400; the message is Mirakl's.

    Examples:
        >>> str(QueryError("limit must be between 1 and 100"))
        'limit must be between 1 and 100'
    """


def _date(value: str) -> datetime:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise QueryError(f"Invalid date [{value}]") from None


def select_orders(
    orders: Iterable[Order],
    query: httpx.QueryParams,
    *,
    capped: bool,
    overlap: float,
    unlisted: bool = True,
) -> list[Order]:
    """The orders `query` selects, in OR11's order (creation date, then id; `order=desc`).

    Orders in a state OR11's enum does not list are shown only when `unlisted` (MIRAKL-Q08).
    """
    chosen = [o for o in orders if unlisted or o.state in OrderState.__members__]
    for name in _ID_LISTS:
        if name not in query:
            continue
        wanted = query[name].split(",")
        if len(wanted) > 100 and capped:
            raise QueryError(f"The limit of 100 is exceeded for the parameter : {name}")
        if name == "order_ids":
            chosen = [order for order in chosen if order.order_id in wanted]
        else:
            chosen = []  # the seeded orders carry no references
    if "order_state_codes" in query:
        states = query["order_state_codes"].split(",")
        unknown = [state for state in states if state not in OrderState.__members__]
        if unknown:
            raise QueryError(f"Unknown order state codes: {', '.join(unknown)}")
        chosen = [order for order in chosen if order.state in states]
    if "start_date" in query:
        chosen = [o for o in chosen if o.created >= _date(query["start_date"])]
    if "end_date" in query:
        chosen = [o for o in chosen if o.created <= _date(query["end_date"])]
    if "start_update_date" in query:
        since = _date(query["start_update_date"]) - timedelta(seconds=overlap)
        chosen = [o for o in chosen if o.updated >= since]
    if "end_update_date" in query:
        chosen = [o for o in chosen if o.updated <= _date(query["end_update_date"])]
    if "customer_debited" in query:
        debited = query["customer_debited"].lower() == "true"
        chosen = [order for order in chosen if (order.debited_at is not None) is debited]
    chosen.sort(key=lambda order: (order.created, order.order_id))
    if query.get("order") == "desc":
        chosen.reverse()
    return chosen


def offset_page(query: httpx.QueryParams, total: int, capped: bool) -> slice:
    """Offset pagination: `max` (default 10; cut to 100 when `capped`) from `offset`."""
    if query.get("paginate", "true").lower() == "false":
        return slice(0, total)
    try:
        size = int(query.get("max", "10"))
        offset = int(query.get("offset", "0"))
    except ValueError:
        raise QueryError("max and offset must be integers") from None
    if size < 1 or offset < 0:
        raise QueryError("max must be positive and offset not negative")
    if capped:
        size = min(size, 100)
    return slice(offset, offset + size)


def seek_page(
    query: httpx.QueryParams, orders: list[Order]
) -> tuple[list[Order], dict[str, object]]:
    """Seek pagination (`limit`, `page_token`): the page, and `next_page_token` if more."""
    try:
        limit = int(query.get("limit", "10"))
    except ValueError:
        raise QueryError("limit must be an integer") from None
    if not 1 <= limit <= 100:
        raise QueryError("limit must be between 1 and 100")
    start = 0
    if "page_token" in query:
        try:
            created, order_id = base64.urlsafe_b64decode(query["page_token"]).decode().split("|")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            raise QueryError("Invalid page_token") from None
        after = (_date(created), order_id)
        start = next(
            (i for i, o in enumerate(orders) if (o.created, o.order_id) > after), len(orders)
        )
    page = orders[start : start + limit]
    extra: dict[str, object] = {}
    if start + limit < len(orders):
        last = page[-1]
        token = f"{last.created.isoformat()}|{last.order_id}".encode()
        extra["next_page_token"] = base64.urlsafe_b64encode(token).decode()
    return page, extra
