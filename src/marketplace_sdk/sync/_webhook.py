"""Fetch an order the moment Etsy's webhook names it, through the same order sink.

A verified Etsy order event (`marketplace_sdk.etsy._webhooks.WebhookVerifier.verify`) says
which receipt changed; `fetch_on_webhook` reads that order fresh from the shop
(`Channel.get_order`) and hands it to the host's order sink, so the OMS sees a payment, a
cancellation or a shipment within seconds instead of at the next poll.

It never reads nor moves a polling cursor, forwards or backwards: a webhook can be lost,
delayed, replayed or arrive out of order, so the polling jobs (`sync_orders`,
`sync_cancellations`) stay the safety net and catch everything on their own schedule. The
order delivered here is delivered again by the next poll that covers its update; the sink
upserts by `Order.order_id` (newer `updated_at` wins), so that costs nothing.

Events for another shop are refused with `WebhookShopMismatchError` before any call: one Etsy
app receives the events of every shop connected through it, and the host routes each event to
the channel of its shop.

Examples:
    >>> from marketplace_sdk.etsy._webhooks import WebhookEvent
    >>> event = WebhookEvent(event_type="order.paid", shop_id=42,
    ...     resource_url="https://api.etsy.com/v3/application/shops/42/receipts/7")
    >>> event_shop_id(event), event_order_id(event)
    ('42', '7')
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

from marketplace_sdk.core._errors import ErrorClass
from marketplace_sdk.core._models import Order
from marketplace_sdk.etsy._webhooks import WebhookError, WebhookEvent, WebhookPayloadError
from marketplace_sdk.sync._cursors import CursorKey
from marketplace_sdk.sync._jobs import OrderSink, RunReport, ShopSource

__all__ = [
    "WebhookOrderSource",
    "WebhookShopMismatchError",
    "event_order_id",
    "event_shop_id",
    "fetch_on_webhook",
]

logger = logging.getLogger(__name__)

_SHOP_IN_URL = re.compile(r"/shops/(?P<shop>\d+)/")


class WebhookShopMismatchError(WebhookError):
    """A webhook event for another shop than the channel's: route it to that shop's channel.

    Examples:
        >>> error = WebhookShopMismatchError("for shop 2, not 1", event_shop="2")
        >>> error.event_shop, error.error_class.value
        ('2', 'configuration')
    """

    def __init__(self, message: str, *, event_shop: str | None) -> None:
        """`event_shop` is the shop the event names."""
        super().__init__(message, error_class=ErrorClass.CONFIGURATION)
        self.event_shop = event_shop


class WebhookOrderSource(ShopSource, Protocol):
    """The part of `Channel` `fetch_on_webhook` uses (any `Channel` qualifies).

    Examples:
        >>> WebhookOrderSource.__name__
        'WebhookOrderSource'
    """

    def get_order(self, order_id: str) -> Order:
        """One order, read fresh."""
        ...


def event_shop_id(event: WebhookEvent) -> str | None:
    """The shop an event names: its `shop_id`, else the shop in its `resource_url`.

    Raises:
        WebhookPayloadError: the two disagree.

    Examples:
        >>> event_shop_id(WebhookEvent(event_type="order.paid",
        ...     resource_url="https://api.etsy.com/v3/application/shops/5/receipts/1"))
        '5'
    """
    match = _SHOP_IN_URL.search(event.resource_url)
    in_url = match["shop"] if match else None
    stated = str(event.shop_id) if event.shop_id is not None else None
    if stated is not None and in_url is not None and stated != in_url:
        raise WebhookPayloadError(
            f"webhook names shop {stated} but its resource is in shop {in_url}"
        )
    return stated or in_url


def event_order_id(event: WebhookEvent) -> str:
    """The order (receipt) id an event names.

    Raises:
        WebhookPayloadError: the event names no receipt.

    Examples:
        >>> event_order_id(WebhookEvent(event_type="order.shipped",
        ...     resource_url="https://api.etsy.com/v3/application/shops/5/receipts/88"))
        '88'
    """
    receipt_id = event.receipt_id
    if receipt_id is None:
        raise WebhookPayloadError(f"webhook {event.event_type} names no receipt")
    return str(receipt_id)


def fetch_on_webhook(
    source: WebhookOrderSource,
    event: WebhookEvent,
    sink: OrderSink,
    *,
    job_id: str = "orders.webhook",
) -> RunReport:
    """Fetch the order a verified event names and deliver it through the order sink.

    No cursor is read or written (see the module: polling stays the safety net). The report's
    `key` names the shop and `job_id`, `windows` is empty, and `records` is 1.

    Args:
        source: the channel of the shop the event is for.
        event: a verified event (`WebhookVerifier.verify`); never pass an unverified body.
        sink: the host's order sink, the same one the polling jobs use.
        job_id: the name in the report's key (for logs).

    Raises:
        WebhookShopMismatchError: the event is for another shop (nothing is fetched).
        WebhookPayloadError: the event names no receipt, or two different shops.
        NotFoundError: the shop has no such order.

    Examples:
        event = verifier.verify(request.headers, request.body)
        fetch_on_webhook(channels[str(event.shop_id)], event, oms.upsert_orders)
    """
    shop = event_shop_id(event)
    if shop is None or shop != source.shop_id:
        raise WebhookShopMismatchError(
            f"webhook {event.webhook_id or event.event_type} is for shop {shop}, "
            f"not {source.shop_id}",
            event_shop=shop,
        )
    order_id = event_order_id(event)
    order = source.get_order(order_id)
    sink([order])
    key = CursorKey(source.marketplace, source.shop_id, job_id)
    logger.info("%s: %s fetched order %s", key, event.event_type, order_id)
    return RunReport(job_id=job_id, key=str(key), records=1, batches=1)
