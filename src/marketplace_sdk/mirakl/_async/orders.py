"""The order operations of the Mirakl channel: OR11 windows, OR21, OR23/OR24, cancellations.

Examples:
    order = await channel.get_order("8580226802-A")
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable, Collection, Sequence
from datetime import datetime
from functools import partial
from typing import TypeVar

from marketplace_sdk.core._carriers import CarrierTable
from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._errors import (
    ApiError,
    ConflictError,
    DeadlineExceededError,
    InvalidRequestError,
    MarketplaceError,
    RateLimitedError,
    ResponseParseError,
    ServerError,
    TransportError,
    UnsupportedOperation,
)
from marketplace_sdk.core._models import Cancellation, Order, Shipment
from marketplace_sdk.core._pagination import Paginator
from marketplace_sdk.core._records import (
    Quarantine,
    as_kind,
    convert_or_quarantine,
    convert_record,
)
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._async.seller import AsyncMiraklSellerClient
from marketplace_sdk.mirakl._endpoints import OrderDocument
from marketplace_sdk.mirakl._errors import MiraklOrderStateError
from marketplace_sdk.mirakl._mapping import order_cancellation, order_to_canonical
from marketplace_sdk.mirakl._mapping.fast import document_to_canonical
from marketplace_sdk.mirakl._models import Carrier, Tracking
from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._shared.options import MiraklChannelOptions
from marketplace_sdk.mirakl._shared.order_writes import (
    ORDER_STATE,
    AcceptPlan,
    AwaitingAcceptance,
    accept_plan,
    decided,
    same_tracking,
    ship_precheck,
    tracking_for,
)
from marketplace_sdk.mirakl._shared.orders import ShiftGuard, StateFilter, found_order, in_window
from marketplace_sdk.mirakl._shared.seller import OrderDeduplicator, update_window_start

__all__ = ["AsyncMiraklOrders"]

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Failures that held a write back unsent: the limiter's refusal, 429s until the engine gave
#: up (a write is retried only when it was refused unapplied).
HELD_BACK: tuple[type[MarketplaceError], ...] = (RateLimitedError, DeadlineExceededError)
#: Failures after which a write may or may not have been applied: read before resending.
UNSURE_WRITE_ERRORS: tuple[type[MarketplaceError], ...] = (
    TransportError,
    ServerError,
    ResponseParseError,
)


class AsyncMiraklOrders:
    """Order operations over `self._seller` (mixed into the Mirakl channel).

    The channel sets `_seller` (the shop's seller client), `_clock`, `_shop_id` and `_options`.

    Examples:
        order = await channel.get_order("8580226802-A")
    """

    _seller: AsyncMiraklSellerClient
    _clock: Clock
    _shop_id: str
    _options: MiraklChannelOptions
    #: SH21's carriers, read once per channel (SH21 may be called once a day).
    _sh21_carriers: list[Carrier] | None = None
    #: The channel's carrier table (OMS names to Mirakl codes), when it has one.
    _carrier_table: CarrierTable | None = None
    #: Orders read awaiting acceptance, for `accept_order` (made on first use).
    _awaiting: AwaitingAcceptance | None = None

    def _awaiting_orders(self) -> AwaitingAcceptance:
        if self._awaiting is None:
            self._awaiting = AwaitingAcceptance()
        return self._awaiting

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
    ) -> AsyncIterator[MiraklOrder]:
        """One OR11 poll by last update, `since` moved back by the overlap (MIRAKL-Q02)."""
        return self._poll(endpoints.list_orders_paginator, since, until, codes, quarantine)

    def _order_documents(
        self,
        since: datetime,
        until: datetime,
        codes: Collection[str] = (),
        *,
        quarantine: Quarantine | None,
    ) -> AsyncIterator[OrderDocument]:
        """`_wire_orders`, each order as decoded (`OrderDocument`), for the order path."""
        return self._poll(endpoints.list_order_documents_paginator, since, until, codes, quarantine)

    def _poll(
        self,
        paginator: Callable[..., Paginator[T]],
        since: datetime,
        until: datetime,
        codes: Collection[str],
        quarantine: Quarantine | None,
    ) -> AsyncIterator[T]:
        options = self._options
        pages = paginator(
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

    async def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> AsyncIterator[Order]:
        """Orders Mirakl updated in `[updated_since, updated_until)`, by OR11's update filter.

        OR11 is asked from `updated_since` less `MiraklChannelOptions.update_overlap` (an
        update indexed late is read again, not missed: MIRAKL-Q02), to `updated_until`; an
        order updated at `updated_until` or later is left to the next window. Each order
        version comes once per call, even when an offset page shifts (MIRAKL-Q03: the scan
        steps back over the orders that moved up when orders leave the filter while it runs;
        seek pages where the operator offers them, `MiraklChannelOptions.seek_pagination`).
        Memory stays flat however many orders a poll brings: the call remembers the last
        `MiraklChannelOptions.seen_versions` versions read, which drops every repeat while
        fewer than `seen_versions - order_page_size` orders leave the filter during the scan.

        `statuses` are Mirakl's order states (`MIRAKL_STATUS_TABLE`, any case): the OR11
        states are sent as its filter; naming every one of them reads every order, those in a
        state Mirakl added since included (MIRAKL-Q08). An order that cannot be converted, or
        that the wire model refuses, raises `RecordError`, or goes to `quarantine` when given,
        and the others still come.

        Raises:
            StatusFilterError: a status Mirakl's table lacks (before any request).
            RecordError: an order cannot be converted and no `quarantine` was given.

        Examples:
            async for order in channel.iter_orders(since, until, ["WAITING_ACCEPTANCE"]): ...
        """
        wanted = StateFilter.of(statuses, marketplace=self._seller.marketplace)
        seen = OrderDeduplicator(self._options.seen_versions)
        marketplace = self._seller.marketplace
        # Each order as decoded, mapped straight to `Order` (`mirakl._mapping.fast`): the
        # fields de-duplication and acceptance need are read from its dump, no model built.
        canonical = partial(
            document_to_canonical, currency=self._options.currency, marketplace=marketplace
        )
        documents = self._order_documents(
            updated_since, updated_until, wanted.codes, quarantine=quarantine
        )
        async for document in documents:
            if not seen.is_new_version(document.version):
                continue
            self._awaiting_orders().remember_states(document.order_id, *document.states)
            order = convert_or_quarantine(
                canonical,
                document,
                kind="order",
                record_id=document.order_id,
                marketplace=marketplace,
                quarantine=quarantine,
            )
            if order is not None and in_window(order, updated_until) and wanted.wants(order):
                yield order

    async def _wire_order(self, order_id: str) -> MiraklOrder:
        # OR11 by id (OR12 is deprecated, MIRAKL-Q15); an order its wire model refuses is
        # its `RecordError`, never "not found".
        page = await self._seller.call(
            endpoints.list_orders(order_ids=[order_id], shop_id=self._seller.shop_id)
        )
        order = found_order(page, order_id, marketplace=self._seller.marketplace)
        self._awaiting_orders().remember(order)
        return order

    async def get_order(self, order_id: str) -> Order:
        """One order by its Mirakl id (`8580226802-A`; OR11 by id, OR12 is deprecated).

        Raises:
            NotFoundError: no such order.
            RecordError: the order cannot be converted, or the wire model refuses it.

        Examples:
            order = await channel.get_order("8580226802-A")
        """
        return convert_record(
            self._canonical,
            await self._wire_order(order_id),
            kind="order",
            record_id=order_id,
            marketplace=self._seller.marketplace,
        )

    # Acceptance ----------------------------------------------------------------------------

    async def accept_order(
        self, order_id: str, lines: Collection[str] | None = None
    ) -> Sequence[ItemResult]:
        """Accept the whole order (`lines` None), or accept `lines` and refuse the others.

        The order is read first (OR11 by id), then every line awaiting a decision is decided
        in one OR21 call (MIRAKL-Q09). An order already decided is not sent again: each line
        is ok when Mirakl shows it as asked (accepted, or refused when it was to be refused),
        rejected otherwise; while Mirakl still validates the order (STAGING) it is retry
        later. Mirakl's refusal of the decision (`ORDER_PARTIAL_ACCEPTANCE_DISABLED`, ...)
        rejects the decided lines with its code. After a lost answer or a server error the
        order is read again before anything is resent, and sent again only when Mirakl shows
        it still waiting. A refused line may have had its offer's stock zeroed by the
        operator (MIRAKL-Q09): push its stock again. An order a window of this channel read
        awaiting acceptance is decided without reading it again (OR11 is held to a poll a
        minute); Mirakl refuses a decision on an order that moved on, which is then read.

        Raises:
            NotFoundError: no such order.

        Examples:
            results = await channel.accept_order("8580226802-A")
        """
        # An order this channel just read awaiting acceptance is not read again (OR11 may be
        # polled once a minute): Mirakl refuses a decision on an order no longer waiting.
        known = self._awaiting_orders().take(order_id)
        plan = accept_plan(known or await self._wire_order(order_id), lines)
        if not plan.send:
            return plan.ordered({})
        try:
            return await self._decide(order_id, plan, lines)
        except UNSURE_WRITE_ERRORS as error:
            logger.warning("OR21 of Mirakl order %s unsure (%s); reading it again", order_id, error)
            lost = ItemResult.unknown(
                "-", message=f"the OR21 answer was lost ({error}); read the order before resending"
            )
            try:
                again = accept_plan(await self._wire_order(order_id), lines)
            except MarketplaceError:
                return plan.ordered(decided(plan, lost))
            if not again.send:  # the decision was applied, or the order moved on
                return again.ordered({})
            try:
                return await self._decide(order_id, again, lines)
            except UNSURE_WRITE_ERRORS:
                return again.ordered(decided(again, lost))
        finally:
            self._awaiting_orders().take(order_id)  # decided or not, read it afresh next time

    async def _decide(
        self, order_id: str, plan: AcceptPlan, lines: Collection[str] | None
    ) -> Sequence[ItemResult]:
        """OR21 with the plan's decisions; every failure but a lost answer is a result."""
        try:
            await self._seller.accept_order(order_id, plan.decisions)
        except ConflictError:  # no longer awaiting acceptance: Mirakl's state says the rest
            now = accept_plan(await self._wire_order(order_id), lines)
            if now.send:
                message = "Mirakl refused the decision yet shows the order awaiting one"
                return now.ordered(
                    decided(now, ItemResult.rejected("-", code=ORDER_STATE, message=message))
                )
            return now.ordered({})
        except HELD_BACK as error:
            return plan.ordered(decided(plan, _retry_later(error)))
        except InvalidRequestError as error:
            return plan.ordered(decided(plan, _rejected(error)))
        return plan.ordered(decided(plan))

    # Shipping ------------------------------------------------------------------------------

    async def _carriers(self) -> list[Carrier]:
        if self._sh21_carriers is None:
            self._sh21_carriers = await self._seller.list_carriers()
        return self._sh21_carriers

    async def _shipment_tracking(self, shipment: Shipment) -> Tracking:
        """The OR23 body for `shipment`: the code of a carrier SH21 lists (through the
        channel's carrier table), else the carrier's name."""
        return tracking_for(shipment, await self._carriers(), self._carrier_table)

    async def ready_to_ship(self, order_id: str, shipment: Shipment) -> ItemResult:
        """Send the tracking (OR23) then confirm the shipment (OR24), once per order.

        The order is read first: one already shipped is ok without a call (the buyer is never
        notified twice); one not yet charged is retry later and one awaiting acceptance,
        cancelled or refused is rejected, naming its state (MIRAKL-Q10, MIRAKL-Q11). The
        tracking goes first (unless Mirakl already holds it), with SH21's code for a carrier
        the operator registered and the carrier's name otherwise. OR24's bare 400 is read as
        the order's state (the seller client re-reads the order); a lost answer is read again
        before anything is resent, and sent again only when Mirakl still shows SHIPPING.

        Raises:
            NotFoundError: no such order.
            UnsupportedOperation: the shipment names some lines only (OR24 ships the order).

        Examples:
            result = await channel.ready_to_ship("8580226806-A", shipment)
        """
        order = await self._wire_order(order_id)
        ids = {line.order_line_id for line in order.order_lines}
        if shipment.line_ids and set(shipment.line_ids) != ids:
            raise UnsupportedOperation(
                "Mirakl's OR24 ships a whole order; a shipment of some lines only is not sent",
                marketplace=self._seller.marketplace,
            )
        early = ship_precheck(order)
        if early is not None:
            return early
        tracking = await self._shipment_tracking(shipment)
        if not same_tracking(order, tracking):
            refused = await self._send_tracking(order_id, tracking)
            if refused is not None:
                return refused
        try:
            return await self._ship(order_id)
        except UNSURE_WRITE_ERRORS as error:
            logger.warning("OR24 of Mirakl order %s unsure (%s); reading it again", order_id, error)
            lost = ItemResult.unknown(
                order_id,
                message=f"the OR24 answer was lost ({error}); read the order before resending",
            )
            try:
                early = ship_precheck(await self._wire_order(order_id))
            except MarketplaceError:
                return lost
            if early is not None:  # shipped after all, or no longer to ship
                return early
            try:
                return await self._ship(order_id)
            except UNSURE_WRITE_ERRORS:
                return lost

    async def _send_tracking(self, order_id: str, tracking: Tracking) -> ItemResult | None:
        """OR23; `None` when Mirakl took it, else the result (nothing was shipped)."""
        try:
            await self._seller.update_tracking(order_id, tracking)
        except HELD_BACK as error:
            return _keyed(_retry_later(error), order_id)
        except UNSURE_WRITE_ERRORS as error:  # OR23 is retried like a read; nothing shipped
            return ItemResult.retry_later(
                order_id, message=f"OR23 tracking not confirmed ({error}); nothing was shipped"
            )
        except ConflictError as error:
            return ItemResult.rejected(order_id, code=ORDER_STATE, message=error.message)
        except InvalidRequestError as error:
            return _keyed(_rejected(error), order_id)
        return None

    async def _ship(self, order_id: str) -> ItemResult:
        """OR24; a lost answer raises (the caller reads the order before resending)."""
        try:
            await self._seller.ship_order(order_id)
        except MiraklOrderStateError as error:  # MIRAKL-Q11: the state the client re-read
            if error.state in _SHIPPED_STATES:
                return ItemResult.ok(order_id)
            return ItemResult.rejected(order_id, code=ORDER_STATE, message=error.message)
        except HELD_BACK as error:
            return _keyed(_retry_later(error), order_id)
        except InvalidRequestError as error:  # "Tracking details are mandatory...", say
            return _keyed(_rejected(error), order_id)
        return ItemResult.ok(order_id)

    # Cancellations -------------------------------------------------------------------------

    async def iter_cancellations(
        self, since: datetime, *, quarantine: Quarantine | None = None
    ) -> AsyncIterator[Cancellation]:
        """Cancellations, refusals and refunds of orders Mirakl updated since `since`.

        One OR11 poll by last update, from `since` less the overlap to now, every state: a
        CANCELED or REFUSED order is a cancellation of the whole order (by the seller when the
        shop refused it, by the marketplace when the operator did, MIRAKL-Q09/Q10); an order
        going on with lines refused, cancelled (OR30, a quantity or all of it) or wholly
        refunded (MIRAKL-Q12) is a cancellation of those lines, its `marketplace_status` the
        order's own state. Money refunded is on `Order.refunds` (`iter_orders`). Each order
        comes once; an order that cannot be read raises `RecordError`, or goes to `quarantine`.

        Examples:
            async for cancellation in channel.iter_cancellations(since): ...
        """
        now = self._clock.now()
        seen = OrderDeduplicator(self._options.seen_versions)
        aside = as_kind("cancellation", quarantine)  # raises, named so, without a quarantine
        marketplace = self._seller.marketplace
        async for wire in self._wire_orders(since, now, quarantine=aside):
            if not seen.is_new(wire):
                continue
            cancellation = convert_or_quarantine(
                partial(order_cancellation, marketplace=marketplace),
                wire,
                kind="cancellation",
                record_id=wire.order_id,
                marketplace=marketplace,
                quarantine=quarantine,
            )
            if cancellation is not None:
                yield cancellation


#: States in which the order is shipped already (OR24 answers them a bare 400).
_SHIPPED_STATES = frozenset({"SHIPPED", "TO_COLLECT", "RECEIVED", "CLOSED"})


def _keyed(result: ItemResult, key: str) -> ItemResult:
    return result.model_copy(update={"key": key})


def _retry_later(error: MarketplaceError) -> ItemResult:
    # A write held back by 429s (or the limiter) was not applied; say when to come back.
    cause = error if isinstance(error, RateLimitedError) else error.__cause__
    held = cause if isinstance(cause, RateLimitedError) else None
    return ItemResult.retry_later(
        "-",
        code=held.code if held is not None else None,
        message=str(error),
        retry_after=held.retry_after if held is not None else None,
    )


def _rejected(error: ApiError) -> ItemResult:
    return ItemResult.rejected("-", code=error.code, message=error.message or str(error))
