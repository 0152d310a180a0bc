"""Fetching set-aside records again: the way back from the quarantine, after a fix.

A sync job that meets an order it cannot convert hands it to the host as a
`QuarantinedRecord` and moves on (`marketplace_sdk.sync._jobs`); its cursor passes the order's
slice, so polling will not bring it back by itself. Once the cause is fixed (the SDK upgraded,
the seller's data corrected on the marketplace), `refetch_orders` reads those orders again one
by one with `Channel.get_order` and delivers each one that now converts through the same order
sink. One that still does not is set aside again (a new `QuarantinedRecord` for the same key).

Orders and cancellations are fetched again this way, by their order id: a cancellation comes
back as its order, whose status says it is cancelled. Products need no refetch: every catalogue
import reads the whole catalogue again.

Examples:
    >>> from marketplace_sdk.core._records import QuarantinedRecord
    >>> items = [QuarantinedRecord(marketplace="etsy", kind="order", record_id="7",
    ...                            error_type="OverflowError", message="year out of range")]
    >>> refetchable_ids(items)
    ['7']
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Protocol

import attrs

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import Order
from marketplace_sdk.core._records import QuarantinedRecord
from marketplace_sdk.sync._cursors import CursorKey
from marketplace_sdk.sync._jobs import (
    OrderSink,
    QuarantineSink,
    RunReport,
    SetAside,
    ShopSource,
    deliver,
)

__all__ = ["RefetchOutcome", "RefetchSource", "refetch_orders", "refetchable_ids"]

logger = logging.getLogger(__name__)

#: The kinds of record `refetch_orders` fetches again (by their order id).
REFETCHED_KINDS = frozenset({"order", "cancellation"})


class RefetchSource(ShopSource, Protocol):
    """The part of `Channel` `refetch_orders` uses (any `Channel` qualifies).

    Examples:
        >>> RefetchSource.__name__
        'RefetchSource'
    """

    def get_order(self, order_id: str) -> Order:
        """One order, read fresh."""
        ...


@attrs.frozen
class RefetchOutcome:
    """Which orders `refetch_orders` delivered and which it set aside again.

    Attributes:
        delivered: ids of the orders delivered to the order sink (drop their quarantine items).
        still_failing: ids of the orders that still cannot be converted.

    Examples:
        >>> RefetchOutcome(delivered=("1",), still_failing=()).delivered
        ('1',)
    """

    delivered: tuple[str, ...] = ()
    still_failing: tuple[str, ...] = ()


def refetchable_ids(items: Iterable[QuarantinedRecord]) -> list[str]:
    """The order ids `refetch_orders` can fetch again among quarantine items, each once.

    Items of other kinds (products) and items without an id are left out.

    Examples:
        >>> refetchable_ids([])
        []
    """
    ids: dict[str, None] = {}
    for item in items:
        if item.kind in REFETCHED_KINDS and item.record_id:
            ids[item.record_id] = None
    return list(ids)


def refetch_orders(
    source: RefetchSource,
    order_ids: Iterable[str],
    sink: OrderSink,
    *,
    quarantine: QuarantineSink | None = None,
    job_id: str = "orders.refetch",
    batch_size: int = 100,
) -> RunReport:
    """Fetch orders again by id and deliver those that now convert; set the others aside.

    No cursor is read or written. Each id is read with `source.get_order`; an order that
    converts goes to `sink` (in batches), one that still raises `RecordError` goes to
    `quarantine` again (or raises, without it). Any other error (the marketplace busy, an
    order gone) propagates: the host keeps its quarantine items and tries again later.

    Args:
        source: the shop's channel.
        order_ids: the ids to fetch again (`refetchable_ids(items)` from quarantine items).
        sink: the host's order sink, the one the polling jobs use.
        quarantine: the host's quarantine sink.
        job_id: the name in the report's key (for logs).
        batch_size: the most orders per sink call.

    Returns:
        The report: `records` delivered, `quarantined` set aside again, and as `detail` a
        `RefetchOutcome` naming them.

    Examples:
        items = oms.quarantined(shop)
        report = refetch_orders(channel, refetchable_ids(items), oms.upsert_orders,
                                quarantine=oms.store_quarantined)
        oms.forget_quarantined(shop, report.detail.delivered)
    """
    key = CursorKey(source.marketplace, source.shop_id, job_id)
    report = RunReport(job_id=job_id, key=str(key))
    aside = SetAside(quarantine, report, batch_size)
    delivered: list[str] = []
    failing: list[str] = []

    def fetched() -> Iterable[Order]:
        for order_id in dict.fromkeys(order_ids):
            try:
                order = source.get_order(order_id)
            except RecordError as error:
                failing.append(order_id)
                if aside.callback is None:
                    raise
                aside.add(error)
                continue
            delivered.append(order.order_id)
            yield order

    deliver(fetched(), sink, report, batch_size)
    aside.flush()
    report.detail = RefetchOutcome(delivered=tuple(delivered), still_failing=tuple(failing))
    logger.info(
        "%s: %d orders fetched again and delivered, %d still set aside",
        key,
        report.records,
        len(failing),
    )
    return report
