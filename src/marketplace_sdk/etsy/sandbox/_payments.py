"""The shop's payment account: its ledger entries and the payments they concern.

Derived from the receipts, so it never drifts from them: a paid receipt has one payment and a
payment entry when it was paid; each refund is a negative entry when it was issued (as on live
Etsy, the receipt itself does not change for it, ETSY-Q17). Amounts are integers in the
currency's smallest unit.

Examples:
    >>> from marketplace_sdk.etsy.sandbox._routes import router_for
    >>> path = "http://s/v3/application/shops/1/payment-account/ledger-entries"
    >>> router_for(register).operation_of(httpx.Request("GET", path))
    'getShopPaymentAccountLedgerEntries'
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import attrs
import httpx

from marketplace_sdk.etsy.sandbox._render import ts
from marketplace_sdk.etsy.sandbox._routes import Params, page_of, paging
from marketplace_sdk.etsy.sandbox._state import Receipt
from marketplace_sdk.etsy.sandbox._wire import JSON, SandboxHTTPError, int_param, money
from marketplace_sdk.etsy.sandbox._world import World
from marketplace_sdk.testing import Router, json_response

__all__ = ["LedgerLine", "ledger", "register"]


@attrs.frozen
class LedgerLine:
    """One ledger entry: a payment (positive) or a refund (negative) of a receipt.

    Examples:
        >>> from datetime import UTC, datetime
        >>> LedgerLine(101, 7, 71, "PAYMENT", Decimal("5"), datetime(2026, 1, 1, tzinfo=UTC)).cents
        500
    """

    entry_id: int
    receipt_id: int
    payment_id: int
    ledger_type: str
    amount: Decimal
    created: datetime

    @property
    def cents(self) -> int:
        """The amount in the currency's smallest unit, as the ledger gives it."""
        return int(self.amount * 100)


def _payment_id(receipt: Receipt) -> int:
    return receipt.receipt_id * 10 + 1


def ledger(world: World) -> list[LedgerLine]:
    """The shop's ledger, oldest first.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> ledger(World.empty(FakeClock()))
        []
    """
    lines: list[LedgerLine] = []
    for receipt in world.receipts.values():
        paid = [line.paid for line in receipt.transactions if line.paid is not None]
        if not receipt.is_paid or not paid:
            continue
        payment = _payment_id(receipt)
        total = receipt.subtotal + receipt.shipping_cost
        lines.append(
            LedgerLine(
                receipt.receipt_id * 100, receipt.receipt_id, payment, "PAYMENT", total, min(paid)
            )
        )
        for number, refund in enumerate(receipt.refunds, start=1):
            lines.append(
                LedgerLine(
                    receipt.receipt_id * 100 + number,
                    receipt.receipt_id,
                    payment,
                    "REFUND",
                    -refund.amount,
                    refund.created,
                )
            )
    return sorted(lines, key=lambda line: (line.created, line.entry_id))


def register(router: Router, world: World) -> None:
    """Add the payment-account routes for `world` to `router`."""

    def render_entry(line: LedgerLine) -> JSON:
        created = ts(line.created)
        return {
            "entry_id": line.entry_id,
            "ledger_id": world.seller.shop_id,
            "sequence_number": line.entry_id,
            "amount": line.cents,
            "currency": world.seller.currency,
            "description": "Refund to buyer" if line.ledger_type == "REFUND" else "Payment",
            "balance": 0,
            "create_date": created,
            "created_timestamp": created,
            "ledger_type": line.ledger_type,
            "reference_type": "payment",
            "reference_id": str(line.payment_id),
            "parent_entry_id": 0,
            "payment_adjustments": [],
        }

    def render_payment(receipt: Receipt) -> JSON:
        currency = receipt.currency
        total = receipt.subtotal + receipt.shipping_cost
        left = total - receipt.refunded
        created = ts(receipt.created)
        return {
            "payment_id": _payment_id(receipt),
            "buyer_user_id": receipt.buyer_user_id,
            "shop_id": receipt.shop_id,
            "receipt_id": receipt.receipt_id,
            "amount_gross": money(total, currency),
            "amount_fees": money(Decimal(0), currency),
            "amount_net": money(total, currency),
            # The document's nullable Money fields refuse null under its own validator.
            "posted_gross": money(total, currency),
            "posted_fees": money(Decimal(0), currency),
            "posted_net": money(total, currency),
            "adjusted_gross": money(left, currency),
            "adjusted_fees": money(Decimal(0), currency),
            "adjusted_net": money(left, currency),
            "currency": currency,
            "shop_currency": currency,
            "buyer_currency": currency,
            "shipping_user_id": receipt.buyer_user_id,
            "shipping_address_id": receipt.buyer_user_id,
            "billing_address_id": receipt.buyer_user_id,
            "status": "settled",
            "shipped_timestamp": created,
            "create_timestamp": created,
            "created_timestamp": created,
            "update_timestamp": created,
            "updated_timestamp": created,
            "payment_adjustments": [],
        }

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/payment-account/ledger-entries",
        operation="getShopPaymentAccountLedgerEntries",
    )
    def get_ledger_entries(request: httpx.Request, params: Params) -> httpx.Response:
        world.check_shop(int(params["shop_id"]))
        low = int_param(request, "min_created", minimum=946_684_800)
        high = int_param(request, "max_created", minimum=946_684_800)
        if low is None or high is None:
            raise SandboxHTTPError(400, "min_created and max_created are required")
        lines = [line for line in ledger(world) if low <= ts(line.created) <= high]
        return json_response(200, page_of(lines, paging(request), render_entry))

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/payment-account/ledger-entries/payments",
        operation="getPaymentAccountLedgerEntryPayments",
    )
    def get_entry_payments(request: httpx.Request, params: Params) -> httpx.Response:
        world.check_shop(int(params["shop_id"]))
        wanted = {
            int(part)
            for part in (request.url.params.get("ledger_entry_ids") or "").split(",")
            if part.strip().isdigit()
        }
        if not wanted:
            raise SandboxHTTPError(400, "ledger_entry_ids is required")
        receipt_ids = {line.receipt_id for line in ledger(world) if line.entry_id in wanted}
        payments = [render_payment(world.receipts[rid]) for rid in sorted(receipt_ids)]
        return json_response(200, {"count": len(payments), "results": payments})
