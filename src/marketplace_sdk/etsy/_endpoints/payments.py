"""Endpoints of the shop's payment account: ledger entries, and the payments behind them.

Examples:
    >>> from datetime import UTC, datetime
    >>> when = datetime(2026, 1, 1, tzinfo=UTC)
    >>> call = get_shop_payment_account_ledger_entries(42, when, when)
    >>> call.request.path, call.request.params["min_created"]
    ('/v3/application/shops/42/payment-account/ledger-entries', 1767225600)
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from marketplace_sdk.core._pagination import Page
from marketplace_sdk.core._request import Call
from marketplace_sdk.etsy._endpoints._base import (
    API,
    MAX_LIMIT,
    check_page,
    comma_list,
    get_request,
    list_parser,
    page_parser,
)
from marketplace_sdk.etsy._endpoints.receipts import unix_seconds
from marketplace_sdk.etsy._models import LedgerEntry, Payment

__all__ = [
    "get_payment_account_ledger_entry_payments",
    "get_shop_payment_account_ledger_entries",
]


def get_shop_payment_account_ledger_entries(
    shop_id: int,
    min_created: datetime | int,
    max_created: datetime | int,
    *,
    limit: int = MAX_LIMIT,
    offset: int = 0,
) -> Call[Page[LedgerEntry]]:
    """`getShopPaymentAccountLedgerEntries`: one page of the entries created in a window.

    Examples:
        >>> get_shop_payment_account_ledger_entries(42, 946684800, 946684900).request.operation
        'getShopPaymentAccountLedgerEntries'
    """
    check_page(limit, offset)
    request = get_request(
        f"{API}/shops/{shop_id}/payment-account/ledger-entries",
        "getShopPaymentAccountLedgerEntries",
        {
            "min_created": unix_seconds(min_created),
            "max_created": unix_seconds(max_created),
            "limit": limit,
            "offset": offset,
        },
    )
    return Call(request, parse=page_parser(LedgerEntry))


def get_payment_account_ledger_entry_payments(
    shop_id: int, ledger_entry_ids: Sequence[int]
) -> Call[list[Payment]]:
    """`getPaymentAccountLedgerEntryPayments`: the payments (hence receipts) entries concern.

    Examples:
        >>> call = get_payment_account_ledger_entry_payments(42, [1, 2])
        >>> call.request.params["ledger_entry_ids"]
        '1,2'
    """
    request = get_request(
        f"{API}/shops/{shop_id}/payment-account/ledger-entries/payments",
        "getPaymentAccountLedgerEntryPayments",
        {"ledger_entry_ids": comma_list(ledger_entry_ids)},
    )
    return Call(request, parse=list_parser(Payment))
