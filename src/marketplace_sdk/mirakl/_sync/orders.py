# Generated from src/marketplace_sdk/mirakl/_async/orders.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The order operations of the Mirakl channel: OR11 windows, OR21, OR23/OR24, cancellations.

Examples:
    order = channel.get_order("8580226802-A")
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterator
from datetime import datetime

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._models import Order
from marketplace_sdk.core._records import Quarantine, convert_or_quarantine, convert_record
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._mapping import order_to_canonical
from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._shared.options import MiraklChannelOptions
from marketplace_sdk.mirakl._shared.orders import (
    ShiftGuard,
    StateFilter,
    found_order,
    in_window,
)
from marketplace_sdk.mirakl._shared.seller import OrderDeduplicator, update_window_start
from marketplace_sdk.mirakl._sync.seller import MiraklSellerClient

__all__ = ["MiraklOrders"]

logger = logging.getLogger(__name__)


class MiraklOrders:
    """Order operations over `self._seller` (mixed into the Mirakl channel).

    The channel sets `_seller` (the shop's seller client), `_clock`, `_shop_id` and `_options`.

    Examples:
        order = channel.get_order("8580226802-A")
    """

    _seller: MiraklSellerClient
    _clock: Clock
    _shop_id: str
    _options: MiraklChannelOptions

    def _canonical(self, order: MiraklOrder) -> Order:
        return order_to_canonical(
            order, currency=self._options.currency, marketplace=self._seller.marketplace
        )

    def _wire_orders(
        self,
        since: datetime,
        until: datetime,
        codes: Collection[str] = (),
        *,
        quarantine: Quarantine | None,
    ) -> Iterator[MiraklOrder]:
        """One OR11 poll by last update, `since` moved back by the overlap (MIRAKL-Q02)."""
        options = self._options
        pages = endpoints.list_orders_paginator(
            seek=options.seek_pagination,
            page_size=options.order_page_size,
            start_update_date=update_window_start(since, options.update_overlap),
            end_update_date=until,
            order_state_codes=tuple(codes),
            shop_id=self._seller.shop_id,
        )
        if not options.seek_pagination:
            pages = ShiftGuard(pages)
        return self._seller.paginate(pages, quarantine=quarantine)

    def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> Iterator[Order]:
        """Orders Mirakl updated in `[updated_since, updated_until)`, by OR11's update filter.

        OR11 is asked from `updated_since` less `MiraklChannelOptions.update_overlap` (an
        update indexed late is read again, not missed: MIRAKL-Q02), to `updated_until`; an
        order updated at `updated_until` or later is left to the next window. Each order
        version comes once per call, even when an offset page shifts (MIRAKL-Q03: the scan
        starts again when orders leave the filter while it runs; seek pages where the operator
        offers them, `MiraklChannelOptions.seek_pagination`).

        `statuses` are Mirakl's order states (`MIRAKL_STATUS_TABLE`, any case): the OR11
        states are sent as its filter; naming every one of them reads every order, those in a
        state Mirakl added since included (MIRAKL-Q08). An order that cannot be converted, or
        that the wire model refuses, raises `RecordError`, or goes to `quarantine` when given,
        and the others still come.

        Raises:
            StatusFilterError: a status Mirakl's table lacks (before any request).
            RecordError: an order cannot be converted and no `quarantine` was given.

        Examples:
            for order in channel.iter_orders(since, until, ["WAITING_ACCEPTANCE"]): ...
        """
        wanted = StateFilter.of(statuses, marketplace=self._seller.marketplace)
        seen = OrderDeduplicator()
        wire_orders = self._wire_orders(
            updated_since, updated_until, wanted.codes, quarantine=quarantine
        )
        for wire in wire_orders:
            if not seen.is_new(wire):
                continue
            order = convert_or_quarantine(
                self._canonical,
                wire,
                kind="order",
                record_id=wire.order_id,
                marketplace=self._seller.marketplace,
                quarantine=quarantine,
            )
            if order is not None and in_window(order, updated_until) and wanted.wants(order):
                yield order

    def _wire_order(self, order_id: str) -> MiraklOrder:
        # OR11 by id (OR12 is deprecated, MIRAKL-Q15); an order its wire model refuses is
        # its `RecordError`, never "not found".
        page = self._seller.call(
            endpoints.list_orders(order_ids=[order_id], shop_id=self._seller.shop_id)
        )
        return found_order(page, order_id, marketplace=self._seller.marketplace)

    def get_order(self, order_id: str) -> Order:
        """One order by its Mirakl id (`8580226802-A`; OR11 by id, OR12 is deprecated).

        Raises:
            NotFoundError: no such order.
            RecordError: the order cannot be converted, or the wire model refuses it.

        Examples:
            order = channel.get_order("8580226802-A")
        """
        return convert_record(
            self._canonical,
            self._wire_order(order_id),
            kind="order",
            record_id=order_id,
            marketplace=self._seller.marketplace,
        )
