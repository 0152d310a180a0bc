"""The filters of the sandbox's after-sale queries: messages, incidents, comments, invoices.

One table per service, naming every element its XSD declares (see `_filters`).

Examples:
    >>> sorted(INVOICE_FILTERS)
    ['date', 'paging']
"""

from __future__ import annotations

from collections.abc import Callable

from lxml import etree

from marketplace_sdk.fnac.sandbox._filters import (
    Filter,
    bound,
    date_window,
    equals,
    one_of,
    text_of,
)
from marketplace_sdk.fnac.sandbox._state import Comment, Incident, Invoice, Message, ShopState

__all__ = ["COMMENT_FILTERS", "INCIDENT_FILTERS", "INVOICE_FILTERS", "MESSAGE_FILTERS"]


def _offers_of(state: ShopState, message: Message) -> list[tuple[str, str, str]]:
    """(offer_fnac_id, offer_seller_id, product_fnac_id) of the offers a message is about.

    A message about an offer names that offer; a message about an order is about the offers
    of the order's lines.
    """
    if message.referer_type == "OFFER":
        wanted = message.referer.upper()
        return [
            (offer.fnac_id, offer.sku, offer.product.fnac_id)
            for offer in state.offers.values()
            if wanted in (offer.fnac_id.upper(), offer.sku.upper())
        ]
    order = state.orders.get(message.referer.upper())
    if order is None:
        return []
    return [(line.offer_fnac_id, line.sku, line.product.fnac_id) for line in order.lines]


def _about_offer(position: int) -> Filter[Message]:
    def read(node: etree._Element, state: ShopState) -> Callable[[Message], bool]:
        wanted = text_of(node)
        return lambda m: any(ids[position].upper() == wanted for ids in _offers_of(state, m))

    return Filter(read)


def _about_order(node: etree._Element, state: ShopState) -> Callable[[Message], bool]:
    wanted = text_of(node)
    return lambda m: m.referer_type == "ORDER" and m.referer.upper() == wanted


#: The filters of `messages_query`, as MessagesQueryService.xsd declares them. Its `date`
#: types are the order date types; messages carry a creation and an update date only.
MESSAGE_FILTERS: dict[str, Filter[Message] | None] = {
    "paging": None,
    "sort_by": None,
    "date": date_window({"CreatedAt": lambda m: m.created_at, "UpdatedAt": lambda m: m.updated_at}),
    "message_type": equals(lambda m: m.referer_type),
    "message_archived": equals(lambda m: m.archived),
    "message_state": equals(lambda m: m.state),
    "message_id": equals(lambda m: m.message_id),
    "product_fnac_id": _about_offer(2),
    "order_fnac_id": Filter(_about_order),
    "offer_fnac_id": _about_offer(0),
    "offer_seller_id": _about_offer(1),
    "message_from_types": one_of(lambda m: m.from_type),
}

#: The filters of `incidents_query`, as IncidentsQueryService.xsd declares them. A singular
#: filter and its list (`type` and `types`) are one filter.
INCIDENT_FILTERS: dict[str, Filter[Incident] | None] = {
    "paging": None,
    "sort_by": None,
    "date": date_window(
        {
            "CreatedAt": lambda i: i.created_at,
            "UpdatedAt": lambda i: i.updated_at,
            "ClosedAt": lambda i: i.closed_at,
        }
    ),
    "status": equals(lambda i: i.status),
    "type": equals(lambda i: i.type, group="type"),
    "types": one_of(lambda i: i.type, group="type"),
    "incident_id": equals(lambda i: i.incident_id, group="id"),
    "incidents_id": one_of(lambda i: i.incident_id, group="id"),
    "closed_status": equals(lambda i: i.closed_status, group="closed_status"),
    "closed_statuses": one_of(lambda i: i.closed_status, group="closed_status"),
    "waiting_for_seller_answer": equals(lambda i: i.waiting_for_seller_answer),
    "opened_by": equals(lambda i: i.opened_by),
    "closed_by": equals(lambda i: i.closed_by),
    "order": equals(lambda i: i.order_id, group="order"),
    "orders": one_of(lambda i: i.order_id, group="order"),
}

#: The filters of `client_order_comments_query` (ClientOrderCommentsQueryService.xsd).
COMMENT_FILTERS: dict[str, Filter[Comment] | None] = {
    "paging": None,
    "date": date_window({"Created": lambda c: c.created_at, "Modified": lambda c: c.modified_at}),
    "rate": bound(lambda c: c.rate),
    "client_order_comment_id": equals(lambda c: c.comment_id),
    "order_fnac_id": equals(lambda c: c.order_id),
}

#: The filters of `shop_invoices_query` (ShopInvoicesQueryService.xsd): a type-less date.
INVOICE_FILTERS: dict[str, Filter[Invoice] | None] = {
    "paging": None,
    "date": date_window({"": lambda i: i.created_at}),
}
