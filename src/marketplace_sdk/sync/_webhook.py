"""Fetch an order the moment a marketplace's webhook names it, through the same order sink.

A verified order event (Etsy's: `marketplace_sdk.etsy.WebhookVerifier.verify`) says which order
changed; `fetch_on_webhook` reads that order fresh from the shop (`Channel.get_order`) and hands
it to the host's order sink, so the OMS sees a payment, a cancellation or a shipment within
seconds instead of at the next poll. The event is read by the webhook parser of the channel's
marketplace (`MarketplaceDescription.webhook`): which shop, which order.

It never reads nor moves a polling cursor, forwards or backwards: a webhook can be lost,
delayed, replayed or arrive out of order, so the polling jobs (`sync_orders`,
`sync_cancellations`) stay the safety net and catch everything on their own schedule. The
order delivered here is delivered again by the next poll that covers its update; the sink
upserts by `Order.order_id` (newer `updated_at` wins), so that costs nothing.

Events for another shop are refused with `WebhookShopMismatchError` before any call: one
marketplace app receives the events of every shop connected through it, and the host routes
each event to the channel of its shop.

Examples:
    >>> error = WebhookShopMismatchError("for shop 2, not 1", event_shop="2")
    >>> error.event_shop, error.error_class.value
    ('2', 'configuration')
"""

from __future__ import annotations

import logging
from typing import Protocol

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError
from marketplace_sdk.core._models import Order
from marketplace_sdk.core._registry import get_marketplace
from marketplace_sdk.sync._cursors import CursorKey
from marketplace_sdk.sync._jobs import OrderSink, RunReport, ShopSource
from marketplace_sdk.sync._sink import Sink
from marketplace_sdk.sync._specs import ShopRef

__all__ = ["WebhookOrderSource", "WebhookShopMismatchError", "fetch_on_webhook"]

logger = logging.getLogger(__name__)


class WebhookShopMismatchError(MarketplaceError):
    """A webhook event for another shop than the channel's: route it to that shop's channel.

    Examples:
        >>> error = WebhookShopMismatchError("for shop 2, not 1", event_shop="2")
        >>> error.event_shop, error.error_class.value
        ('2', 'configuration')
    """

    def __init__(
        self, message: str, *, event_shop: str | None, marketplace: str | None = None
    ) -> None:
        """`event_shop` is the shop the event names."""
        super().__init__(message, marketplace=marketplace, error_class=ErrorClass.CONFIGURATION)
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


def fetch_on_webhook(
    source: WebhookOrderSource,
    event: object,
    sink: Sink | OrderSink,
    *,
    job_id: str = "orders.webhook",
) -> RunReport:
    """Fetch the order a verified event names and deliver it through the order sink.

    No cursor is read or written (see the module: polling stays the safety net). The report's
    `key` names the shop and `job_id`, `windows` is empty, and `records` is 1.

    Args:
        source: the channel of the shop the event is for.
        event: a verified event of the channel's marketplace (Etsy's `WebhookVerifier.verify`);
            never pass an unverified body.
        sink: the host's `Sink` (its `orders` method gets the shop and the order), the same
            one the scheduled jobs use; or an order sink (a callable taking a batch of orders),
            as `sync_orders` takes.
        job_id: the name in the report's key (for logs).

    Raises:
        WebhookShopMismatchError: the event is for another shop (nothing is fetched).
        MarketplaceError: the marketplace's payload error: the event names no order, or two
            different shops (Etsy's `WebhookPayloadError`).
        UnsupportedOperation: the marketplace sends no webhooks the SDK reads.
        NotFoundError: the shop has no such order.

    Examples:
        event = verifier.verify(request.headers, request.body)
        fetch_on_webhook(channels[str(event.shop_id)], event, runtime.sink)
    """
    parser = get_marketplace(source.marketplace).webhook_parser()
    shop = parser.shop_id(event)
    if shop is None or shop != source.shop_id:
        raise WebhookShopMismatchError(
            f"webhook {parser.label(event)} is for shop {shop}, not {source.shop_id}",
            event_shop=shop,
            marketplace=source.marketplace,
        )
    order_id = parser.order_id(event)
    order = source.get_order(order_id)
    if callable(sink):
        sink([order])
    else:
        sink.orders(ShopRef(source.marketplace, source.shop_id), [order])
    key = CursorKey(source.marketplace, source.shop_id, job_id)
    logger.info("%s: %s fetched order %s", key, parser.kind(event), order_id)
    return RunReport(job_id=job_id, key=str(key), records=1, batches=1)
