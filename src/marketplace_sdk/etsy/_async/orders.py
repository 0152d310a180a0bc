"""The order operations of the Etsy channel: windows, webhooks, cancellations, shipping.

Examples:
    order = await channel.get_order("1234567890")
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Collection, Sequence
from datetime import datetime
from functools import partial

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._errors import ApiError, MarketplaceError, RecordError
from marketplace_sdk.core._models import Cancellation, Order, Shipment
from marketplace_sdk.core._records import (
    Quarantine,
    as_kind,
    convert_or_quarantine,
    convert_record,
    set_aside,
)
from marketplace_sdk.core._results import BatchResult, ItemResult
from marketplace_sdk.etsy._async.client import AsyncEtsyClient
from marketplace_sdk.etsy._async.locks import AsyncKeyedLocks
from marketplace_sdk.etsy._endpoints.paging import receipt_documents_by_last_modified
from marketplace_sdk.etsy._endpoints.receipts import ReceiptDocument
from marketplace_sdk.etsy._mapping import (
    CANCELLED,
    etsy_status,
    is_shipped,
    receipt_to_cancellation,
    receipt_to_order,
)
from marketplace_sdk.etsy._mapping.fast import dumped_receipt_order
from marketplace_sdk.etsy._models import ReceiptStatus, ShopReceipt
from marketplace_sdk.etsy._models.common import from_timestamp
from marketplace_sdk.etsy._shared.channel import (
    EtsyChannelOptions,
    error_result,
    status_filter,
    status_key,
    unsure,
)
from marketplace_sdk.etsy._shared.shipping import (
    event_receipt_id,
    receipt_id_of,
    require_whole_receipt,
    sent_result,
    shipment_request,
    shipped_result,
    tracking_refused,
    wanted_order,
)
from marketplace_sdk.etsy._webhooks import WebhookEvent, WebhookEventType

__all__ = ["AsyncEtsyOrders"]

logger = logging.getLogger(__name__)


def _updated_at(receipt: ShopReceipt) -> datetime | None:
    return receipt.updated_at


def _refunded_at(receipt: ShopReceipt) -> datetime | None:
    # The latest refund's time; `None` without a refund, or with a time out of range (the
    # receipt's own reading reports that).
    times = [r.created_timestamp for r in receipt.refunds if r.created_timestamp is not None]
    try:
        return from_timestamp(max(times)) if times else None
    except ValueError:
        return None


#: Receipt statuses that neither the cancellation pass (`was_canceled`) nor the refund pass
#: reads: an open, paid or completed receipt without a refund.
_PLAIN_STATUSES = frozenset(
    {
        ReceiptStatus.OPEN,
        ReceiptStatus.PAYMENT_PROCESSING,
        ReceiptStatus.PAID,
        ReceiptStatus.COMPLETED,
    }
)


def _may_come_again(raw: dict[str, object], since: datetime, until: datetime) -> bool:
    # Whether the cancellation or refund pass, which skip what the window pass read, could
    # bring the receipt (its wire model's dump, `Order.raw`) again: both read only refunds
    # made in the window, so a receipt listing its refunds comes again only with one there;
    # one listing none comes again when canceled or refunded (or in a status Etsy adds), its
    # refund on the ledger only. A plain receipt cancelled or refunded while the run goes on
    # comes again with that news, which is right.
    refunds = raw["refunds"]
    assert isinstance(refunds, list)
    if refunds:
        first, last = since.timestamp(), until.timestamp()
        return any(
            refund["created_timestamp"] is None or first <= refund["created_timestamp"] <= last
            for refund in refunds
        )
    return raw["status"] not in _PLAIN_STATUSES


def _read_raw(document: ReceiptDocument, order: Order | None) -> dict[str, object]:
    # The receipt's dump: the order's raw, else made (its schema kept it: its mapping failed).
    raw: object = order.raw if order is not None else document.raw
    if raw is None:
        raw = ShopReceipt.model_validate(document.data).model_dump(mode="json")
    assert isinstance(raw, dict)
    return raw


def _document_order(document: ReceiptDocument, *, delivered: bool) -> Order:
    return dumped_receipt_order(document.data, document.raw, delivered=delivered)


def _already_set_aside(error: RecordError) -> None:
    # A canceled receipt Etsy's schema refuses: the cancellation pass sets it aside, and the
    # order read by id reports it; reading it here for the order window adds nothing.
    logger.debug("canceled receipt %s left to the cancellation pass", error.record_id)


def _cancelled_since(cancellation: Cancellation, receipt: ShopReceipt, since: datetime) -> bool:
    # Without a refund Etsy shows no time for the cancellation: reported, lest it be lost.
    return not receipt.refunds or cancellation.cancelled_at >= since


class AsyncEtsyOrders:
    """Order operations over `self._client` (mixed into the Etsy channel).

    Examples:
        order = await channel.get_order("1234567890")
    """

    _client: AsyncEtsyClient
    _shop_id: int
    _clock: Clock
    _locks: AsyncKeyedLocks
    _options: EtsyChannelOptions

    async def _delivered_ids(self, start: datetime, end: datetime) -> set[int]:
        # Only ids are read: a receipt Etsy's schema refuses still names its id when it can
        # (the pass over the orders themselves sets it aside).
        delivered: set[int] = set()

        def refused(error: RecordError) -> None:
            if error.record_id is not None and error.record_id.isdigit():
                delivered.add(int(error.record_id))

        receipts = self._client.iter_receipts_by_last_modified(
            self._shop_id, start, end, was_delivered=True, quarantine=refused
        )
        delivered.update([receipt.receipt_id async for receipt in receipts])
        return delivered

    async def _read_order(self, receipt: ShopReceipt, *, delivered: bool) -> Order:
        """The receipt as an `Order`, delivered when Etsy lists it so; or its `RecordError`.

        Its last change is read as the mapping reads it, a time out of range being the
        receipt's `RecordError` before any request is sent for it.
        """
        when = convert_record(
            _updated_at,
            receipt,
            kind="order",
            record_id=str(receipt.receipt_id),
            marketplace="etsy",
        )
        if not delivered and when is not None and is_shipped(receipt):
            delivered = receipt.receipt_id in await self._delivered_ids(when, when)
        return convert_record(
            partial(receipt_to_order, delivered=delivered),
            receipt,
            kind="order",
            record_id=str(receipt.receipt_id),
            marketplace="etsy",
        )

    async def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> AsyncIterator[Order]:
        """Receipts modified in `[updated_since, updated_until)`, with the seed's statuses.

        Delivery is read with one `was_delivered` pass over the same window first. Etsy's
        window does not see a cancellation (ETSY-Q13), so the canceled receipts created within
        `EtsyChannelOptions.cancellation_reach` are read too, and those whose refund (made as
        they were cancelled) falls in the window are yielded, Cancelled; an unpaid order's
        cancellation, which carries no time, is left to `iter_cancellations`. A refund does not
        move the receipt either (ETSY-Q17): the receipts the payment account's ledger shows
        refunded in the window are read again and yielded, their refunds on `Order.refunds`
        (needs the `transactions_r` scope, which the SDK asks for). A receipt that
        cannot be converted, or that Etsy's schema refuses, raises `RecordError`, or goes to
        `quarantine` when given.

        Examples:
            async for order in channel.iter_orders(since, until, statuses=["New"]): ...
        """
        keys = status_filter(statuses)
        delivered = await self._delivered_ids(updated_since, updated_until)
        # The window's receipts come as decoded and go straight to orders (no wire models:
        # `etsy._mapping.fast`), with the same orders and the same refusals.
        documents = self._client.paginate(
            receipt_documents_by_last_modified(self._shop_id, updated_since, updated_until),
            quarantine=quarantine,
        )
        # The receipts the passes below could bring again: remembering only those keeps memory
        # flat however many receipts the window holds.
        read: set[int] = set()
        async for document in documents:
            receipt_id = document.receipt_id
            order = convert_or_quarantine(
                partial(_document_order, delivered=receipt_id in delivered),
                document,
                kind="order",
                record_id=str(receipt_id),
                marketplace="etsy",
                quarantine=quarantine,
            )
            if _may_come_again(_read_raw(document, order), updated_since, updated_until):
                read.add(receipt_id)
            if order is not None and wanted_order(order, updated_until, keys):
                yield order
        # Etsy's window does not see a cancellation (ETSY-Q13): the canceled receipts created
        # within the reach whose refund, made as they were cancelled, falls in the window.
        cancelled = self._client.iter_receipts_by_created(
            self._shop_id,
            updated_until - self._options.cancellation_reach,
            updated_until,
            was_canceled=True,
            quarantine=_already_set_aside,
        )
        async for receipt in cancelled:
            refunded = _refunded_at(receipt)
            if receipt.receipt_id in read or refunded is None:
                continue
            if not updated_since <= refunded < updated_until:
                continue
            order = convert_or_quarantine(
                receipt_to_order,
                receipt,
                kind="order",
                record_id=str(receipt.receipt_id),
                marketplace="etsy",
                quarantine=quarantine,
            )
            if order is not None and (keys is None or status_key(order.marketplace_status) in keys):
                read.add(receipt.receipt_id)
                yield order
        # Nor a refund (ETSY-Q17): the payment account's ledger dates it, and names the receipt.
        for receipt_id in sorted(await self._refunded_ids(updated_since, updated_until) - read):
            try:
                receipt = await self._client.get_shop_receipt(self._shop_id, receipt_id)
                order = await self._read_order(receipt, delivered=False)
            except RecordError as error:
                set_aside(error, quarantine)
                continue
            if keys is None or status_key(order.marketplace_status) in keys:
                yield order

    async def _refunded_ids(self, start: datetime, end: datetime) -> set[int]:
        """The receipts whose refund the ledger records in `[start, end]`."""
        refunds = [
            entry.entry_id
            async for entry in self._client.iter_ledger_entries(self._shop_id, start, end)
            if entry.is_refund
        ]
        receipts: set[int] = set()
        for chunk in range(0, len(refunds), 100):
            payments = await self._client.get_payment_account_ledger_entry_payments(
                self._shop_id, refunds[chunk : chunk + 100]
            )
            receipts.update(p.receipt_id for p in payments if p.receipt_id is not None)
        return receipts

    async def get_order(self, order_id: str) -> Order:
        """One receipt as an `Order`.

        Raises:
            NotFoundError: no such receipt.
            RecordError: the receipt cannot be converted, or Etsy's schema refuses it.

        Examples:
            order = await channel.get_order("1234567890")
        """
        receipt = await self._client.get_shop_receipt(self._shop_id, receipt_id_of(order_id))
        return await self._read_order(receipt, delivered=False)

    async def order_from_webhook(self, event: WebhookEvent) -> Order:
        """The order a verified webhook event names, fetched fresh from Etsy.

        Raises:
            WebhookPayloadError: the event names no receipt.
            RecordError: the receipt cannot be converted, or Etsy's schema refuses it.

        Examples:
            order = await channel.order_from_webhook(verifier.verify(headers, body))
        """
        receipt = await self._client.get_shop_receipt(self._shop_id, event_receipt_id(event))
        delivered = event.event_type == WebhookEventType.ORDER_DELIVERED
        return await self._read_order(receipt, delivered=delivered)

    async def iter_cancellations(
        self, since: datetime, *, quarantine: Quarantine | None = None
    ) -> AsyncIterator[Cancellation]:
        """Receipts cancelled since `since`, found whatever Etsy's `updated_timestamp` does.

        Etsy's last-modified filter does not see a cancellation nor a refund (ETSY-Q13), so
        three passes, each receipt once: the `was_canceled=true` receipts *created* within
        `EtsyChannelOptions.cancellation_reach` (90 days by default) of now; the open ones
        (not shipped, not canceled) created within it, whose full refund before shipping is a
        cancellation for the OMS; and the `was_canceled=true` receipts *modified* since
        `since` (an older order, when Etsy moves it). A cancellation is
        reported when its time (`cancelled_at`: the refund Etsy records with it) is at or
        after `since`, or when Etsy shows no time for it (an unpaid order), which is reported
        by every run while its order is within the reach: the sink applies it by order id.

        A receipt that cannot be converted, or that Etsy's schema refuses, raises
        `RecordError`, or goes to `quarantine`.

        Examples:
            async for cancellation in channel.iter_cancellations(since): ...
        """
        now = self._clock.now()
        seen: set[int] = set()
        refused: set[str] = set()
        route = as_kind("cancellation", quarantine)

        def aside(error: RecordError) -> None:
            # A receipt Etsy's schema refuses comes on several passes: set aside once.
            if error.record_id is None or error.record_id not in refused:
                if error.record_id is not None:
                    refused.add(error.record_id)
                route(error)

        start = now - self._options.cancellation_reach
        passes = (
            self._client.iter_receipts_by_created(
                self._shop_id, start, now, was_canceled=True, quarantine=aside
            ),
            self._client.iter_receipts_by_created(
                self._shop_id, start, now, was_shipped=False, was_canceled=False, quarantine=aside
            ),
            self._client.iter_receipts_by_last_modified(
                self._shop_id, since, now, was_canceled=True, quarantine=aside
            ),
        )
        for receipts in passes:
            async for receipt in receipts:
                if receipt.receipt_id in seen or str(receipt.receipt_id) in refused:
                    continue
                seen.add(receipt.receipt_id)
                cancellation = convert_or_quarantine(
                    receipt_to_cancellation,
                    receipt,
                    kind="cancellation",
                    record_id=str(receipt.receipt_id),
                    marketplace="etsy",
                    quarantine=quarantine,
                )
                if cancellation is not None and _cancelled_since(cancellation, receipt, since):
                    yield cancellation

    async def accept_order(
        self, order_id: str, lines: Collection[str] | None = None
    ) -> Sequence[ItemResult]:
        """Etsy orders need no acceptance: every line is reported ok, nothing is sent.

        With `lines=None` the receipt is read once to name its lines.

        Examples:
            results = await channel.accept_order("1234567890")
        """
        if lines is None:
            order = await self.get_order(order_id)
            lines = order.line_ids()
        return BatchResult(ItemResult.ok(line) for line in lines)

    async def ready_to_ship(self, order_id: str, shipment: Shipment) -> ItemResult:
        """createReceiptShipment, exactly once per order and parcel.

        The carrier is mapped through the channel's carrier table first: one the table
        cannot map raises before anything is sent. The receipt is then read: a shipment of
        this parcel already there is returned without sending (Etsy would add a second one
        and e-mail the buyer again). After a timeout or a server error the receipt is read
        again; if the shipment is not there the result is retry later (the next call reads
        before sending). Etsy ships a receipt whole: a shipment naming some lines only is
        refused. A parcel without tracking is sent with the seller's `untracked_note`; an
        order Etsy wants tracked is rejected with `tracking_required` (ETSY-Q28).

        Raises:
            UnknownCarrierError: the carrier table cannot map `shipment.carrier`.
            UnsupportedOperation: `shipment.line_ids` name some of the receipt's lines only.

        Examples:
            result = await channel.ready_to_ship("1234567890", shipment)
        """
        receipt_id = receipt_id_of(order_id)
        request = shipment_request(
            shipment, self._options.carriers, untracked_note=self._options.untracked_note
        )
        parcel = (shipment.tracking_number, request.carrier_name)
        async with self._locks.holding([-receipt_id]):
            try:
                receipt = await self._client.get_shop_receipt(self._shop_id, receipt_id)
            except MarketplaceError as error:
                return error_result(order_id, error)
            require_whole_receipt(receipt, shipment.line_ids)
            shipped = shipped_result(order_id, receipt, *parcel)
            if shipped is not None:
                return shipped
            if etsy_status(receipt) == CANCELLED:
                return ItemResult.rejected(
                    order_id, message=f"Etsy receipt {receipt_id} is cancelled"
                )
            try:
                sent = await self._client.create_receipt_shipment(
                    self._shop_id, receipt_id, request
                )
            except MarketplaceError as error:
                if unsure(error):
                    return await self._after_unknown_send(order_id, receipt_id, parcel, error)
                needs = tracking_refused(order_id, error) if isinstance(error, ApiError) else None
                return needs if needs is not None else error_result(order_id, error)
            return sent_result(order_id, sent, *parcel)

    async def _after_unknown_send(
        self,
        order_id: str,
        receipt_id: int,
        parcel: tuple[str | None, str | None],
        error: MarketplaceError,
    ) -> ItemResult:
        # Retry later is safe whatever the read says: the next call reads before sending.
        logger.warning(
            "createReceiptShipment for %s got no usable answer; reading back", receipt_id
        )
        try:
            receipt = await self._client.get_shop_receipt(self._shop_id, receipt_id)
        except MarketplaceError:
            return error_result(order_id, error)
        shipped = shipped_result(order_id, receipt, *parcel)
        return shipped if shipped is not None else error_result(order_id, error)
