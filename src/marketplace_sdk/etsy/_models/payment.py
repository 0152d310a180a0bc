"""Wire models of the shop's payment account: ledger entries and the payments they concern.

Etsy nets no refund out of a receipt and does not move its `updated_timestamp` for one
(ETSY-Q17): the payment account's ledger is where a refund shows up in time, as an entry that
names the payment (and through it the receipt) it adjusts.

Examples:
    >>> entry = LedgerEntry(entry_id=1, ledger_type="REFUND", amount=-750, currency="USD")
    >>> entry.is_refund
    True
"""

from __future__ import annotations

from marketplace_sdk.etsy._models.common import EtsyModel, JsonObject

__all__ = ["LedgerEntry", "Payment"]


class LedgerEntry(EtsyModel):
    """One entry of the shop's payment account ledger (schema `PaymentAccountLedgerEntry`).

    Examples:
        >>> LedgerEntry(entry_id=2, ledger_type="PAYMENT", amount=3000).is_refund
        False
    """

    entry_id: int
    ledger_id: int | None = None
    sequence_number: int | None = None
    amount: int | None = None
    currency: str | None = None
    description: str | None = None
    balance: int | None = None
    created_timestamp: int | None = None
    ledger_type: str | None = None
    reference_type: str | None = None
    reference_id: str | None = None
    payment_adjustments: list[JsonObject] | None = None

    @property
    def is_refund(self) -> bool:
        """Whether the entry records a refund (Etsy's words for its type vary: any naming one)."""
        words = (self.ledger_type, self.reference_type, self.description)
        return any("refund" in (word or "").lower() for word in words)


class Payment(EtsyModel):
    """A buyer's payment for a receipt (schema `Payment`); only what the SDK reads is typed.

    Examples:
        >>> Payment(payment_id=5, receipt_id=9).receipt_id
        9
    """

    payment_id: int
    receipt_id: int | None = None
    shop_id: int | None = None
    status: str | None = None
