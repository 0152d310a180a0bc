# Generated from src/marketplace_sdk/etsy/_async/receipts.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The receipt (order) operations of the Etsy client: receipts, their lines and shipments.

Examples:
    for receipt in client.iter_receipts_by_created(shop_id, since, until):
        ...
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import datetime

from marketplace_sdk.core._pagination import Page
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.core._sync.engine import SyncEngine
from marketplace_sdk.etsy import _endpoints as ep
from marketplace_sdk.etsy._models import (
    LedgerEntry,
    Payment,
    ReceiptShipmentRequest,
    ShopReceipt,
    ShopReceiptTransaction,
)

__all__ = ["ReceiptOperations"]


class ReceiptOperations:
    """Receipt operations over `self._engine` (mixed into the Etsy client).

    Examples:
        receipt = client.get_shop_receipt(shop_id, receipt_id)
    """

    _engine: SyncEngine

    def get_shop_receipts(
        self,
        shop_id: int,
        *,
        min_created: datetime | int | None = None,
        max_created: datetime | int | None = None,
        min_last_modified: datetime | int | None = None,
        max_last_modified: datetime | int | None = None,
        was_paid: bool | None = None,
        was_shipped: bool | None = None,
        was_delivered: bool | None = None,
        was_canceled: bool | None = None,
        limit: int = 100,
        offset: int = 0,
    ) -> Page[ShopReceipt]:
        """`getShopReceipts`: one page (receipts Etsy's schema refuses on its `refused`).

        Examples:
            page = client.get_shop_receipts(shop_id, was_paid=True, min_created=since)
        """
        return self._engine.call(
            ep.get_shop_receipts(
                shop_id,
                min_created=min_created,
                max_created=max_created,
                min_last_modified=min_last_modified,
                max_last_modified=max_last_modified,
                was_paid=was_paid,
                was_shipped=was_shipped,
                was_delivered=was_delivered,
                was_canceled=was_canceled,
                limit=limit,
                offset=offset,
            )
        )

    def iter_receipts_by_created(
        self,
        shop_id: int,
        start: datetime | int,
        end: datetime | int,
        *,
        was_paid: bool | None = None,
        was_shipped: bool | None = None,
        was_delivered: bool | None = None,
        was_canceled: bool | None = None,
        max_splits: int = ep.DEFAULT_MAX_SPLITS,
        quarantine: Quarantine | None = None,
    ) -> Iterator[ShopReceipt]:
        """Every receipt created in `[start, end]`, past the offset cap, each once.

        The window is split where Etsy's offset cap needs it, at most `max_splits` times
        (`WindowSplitBudgetError` past that: Etsy's count is not shrinking). A receipt Etsy's
        schema refuses raises its `RecordError` in its place, or goes to `quarantine`.

        Examples:
            for receipt in client.iter_receipts_by_created(shop_id, since, until): ...
        """
        pager = ep.receipts_by_created(
            shop_id,
            start,
            end,
            max_splits=max_splits,
            was_paid=was_paid,
            was_shipped=was_shipped,
            was_delivered=was_delivered,
            was_canceled=was_canceled,
        )
        return self._engine.paginate(pager, quarantine=quarantine)

    def iter_receipts_by_last_modified(
        self,
        shop_id: int,
        start: datetime | int,
        end: datetime | int,
        *,
        was_canceled: bool | None = None,
        was_delivered: bool | None = None,
        max_splits: int = ep.DEFAULT_MAX_SPLITS,
        quarantine: Quarantine | None = None,
    ) -> Iterator[ShopReceipt]:
        """Every receipt modified in `[start, end]` (old orders cancelled today too), each once.

        The window is split at most `max_splits` times, and a receipt Etsy's schema refuses
        is raised or set aside, as in `iter_receipts_by_created`.

        Examples:
            for r in client.iter_receipts_by_last_modified(shop_id, since, until): ...
        """
        pager = ep.receipts_by_last_modified(
            shop_id,
            start,
            end,
            max_splits=max_splits,
            was_canceled=was_canceled,
            was_delivered=was_delivered,
        )
        return self._engine.paginate(pager, quarantine=quarantine)

    def iter_ledger_entries(
        self, shop_id: int, start: datetime | int, end: datetime | int
    ) -> Iterator[LedgerEntry]:
        """Every payment-account ledger entry created in `[start, end]`, 100 a request.

        Examples:
            for entry in client.iter_ledger_entries(shop_id, since, until): ...
        """
        offset = 0
        while True:
            page = self._engine.call(
                ep.get_shop_payment_account_ledger_entries(shop_id, start, end, offset=offset)
            )
            for entry in page.items:
                yield entry
            if len(page.items) < ep.MAX_LIMIT or offset + ep.MAX_LIMIT > ep.MAX_OFFSET:
                return
            offset += ep.MAX_LIMIT

    def get_payment_account_ledger_entry_payments(
        self, shop_id: int, ledger_entry_ids: Sequence[int]
    ) -> list[Payment]:
        """`getPaymentAccountLedgerEntryPayments`: the payments ledger entries concern.

        Examples:
            payments = client.get_payment_account_ledger_entry_payments(shop_id, [7])
        """
        if not ledger_entry_ids:
            return []
        return self._engine.call(
            ep.get_payment_account_ledger_entry_payments(shop_id, ledger_entry_ids)
        )

    def get_shop_receipt(self, shop_id: int, receipt_id: int) -> ShopReceipt:
        """`getShopReceipt`; a receipt Etsy's schema refuses raises its `RecordError`.

        Examples:
            receipt = client.get_shop_receipt(shop_id, receipt_id)
        """
        return self._engine.call(ep.get_shop_receipt(shop_id, receipt_id))

    def update_shop_receipt(
        self,
        shop_id: int,
        receipt_id: int,
        *,
        was_shipped: bool | None = None,
        was_paid: bool | None = None,
    ) -> ShopReceipt:
        """`updateShopReceipt`.

        Etsy ignores `was_shipped=True` (ETSY-Q29): an order is marked shipped only by
        `create_receipt_shipment`.

        Examples:
            client.update_shop_receipt(shop_id, receipt_id, was_shipped=True)
        """
        return self._engine.call(
            ep.update_shop_receipt(shop_id, receipt_id, was_shipped=was_shipped, was_paid=was_paid)
        )

    def get_shop_receipt_transactions_by_receipt(
        self, shop_id: int, receipt_id: int
    ) -> list[ShopReceiptTransaction]:
        """`getShopReceiptTransactionsByReceipt`: a receipt's lines.

        Examples:
            lines = client.get_shop_receipt_transactions_by_receipt(shop_id, receipt_id)
        """
        return self._engine.call(ep.get_shop_receipt_transactions_by_receipt(shop_id, receipt_id))

    def create_receipt_shipment(
        self, shop_id: int, receipt_id: int, shipment: ReceiptShipmentRequest
    ) -> ShopReceipt:
        """`createReceiptShipment`: e-mails the buyer; never resent after a timeout.

        Check `get_shop_receipt(...).shipments` before calling again after an error.

        Examples:
            client.create_receipt_shipment(shop_id, receipt_id, ReceiptShipmentRequest(
                tracking_code="1Z9", carrier_name="ups"))
        """
        return self._engine.call(ep.create_receipt_shipment(shop_id, receipt_id, shipment))
