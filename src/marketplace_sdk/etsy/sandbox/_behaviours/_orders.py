"""Catalogued Etsy behaviours: receipts, cancellations and refunds."""

from marketplace_sdk.testing import Behaviour

ETSY_ORDERS: tuple[Behaviour, ...] = (
    Behaviour(
        "ETSY-Q13",
        "Delta sync by `min_last_modified` misses cancellations, refunds and ship-date changes",
        reproduced=True,
        marketplace_does=(
            "A receipt cancelled or refunded inside a `min_last_modified` window is not in that "
            "window's answer: Etsy treats a receipt as a record of the checkout and does not "
            "count a cancellation, a refund or a new ship date as a change of it. The sandbox "
            "keeps `updated_timestamp` where it was when a receipt is cancelled."
        ),
        source="etsy/open-api #604, #629, #339, #513, #232; staff-confirmed (intended)",
        sdk_does=(
            "`iter_cancellations` does not trust the last-modified window alone: besides it, "
            "every run lists the `was_canceled=true` receipts created within "
            "`EtsyChannelOptions.cancellation_reach` (90 days by default), so a cancellation "
            "of any order placed in that reach is reported by the next hourly run (delay under "
            "one run interval), and at once through the `order.canceled` webhook when the host "
            "subscribes. `cancelled_at` is the time of the refund Etsy records with it."
        ),
    ),
    Behaviour(
        "ETSY-Q14",
        "Canceled receipts: 404 history, `was_canceled` filter and its default flip",
        reproduced=True,
        marketplace_does=(
            "Since mid-2023 a receipt list without `was_canceled` includes the canceled "
            "receipts (before, it left them out); canceled receipts read by id answer 200. "
            "Until early 2022 they answered 404 by id: that history is not reproduced."
        ),
        source="etsy/open-api #160, #338, #153; release notes 2023-04-18 and 2023-05-31; "
        "staff-confirmed",
        sdk_does=(
            "The cancellation pass always sends `was_canceled=true`; the order windows read "
            "both kinds and map a canceled receipt to Cancelled, and `ready_to_ship` refuses a "
            "canceled receipt before sending anything. Switched off, lists without the filter "
            "hide canceled receipts (the older default), and cancellations are still found."
        ),
    ),
    Behaviour(
        "ETSY-Q15",
        "Receipt `status` values are capitalised while the spec enum is lower-case",
        reproduced=True,
        marketplace_does=(
            'Receipts spell their status capitalised ("Paid", "Fully Refunded") where the '
            "document lists lower-case values, and new values appear without notice."
        ),
        source="etsy/open-api #469, #806, #480, #481; release note 2023-05-31",
        sdk_does=(
            "Statuses are read ignoring case; one the document does not list is kept as Etsy "
            "sent it and answered as an unknown status for a person, never taken for New."
        ),
    ),
    Behaviour(
        "ETSY-Q16",
        "`was_paid`/`was_shipped`/`was_delivered` semantics and late-paid receipts",
        reproduced=True,
        marketplace_does=(
            "Each flag splits receipts in two (`false` keeps only those not in that state), "
            "and a receipt paid after it was created does not get a new `updated_timestamp`, "
            "so last-modified and creation windows both miss the payment."
        ),
        source="etsy/open-api #482 (staff), #10, #185",
        sdk_does=(
            "Canonical orders carry `paid` (the receipt's `is_paid`), so an unpaid receipt is "
            "never taken as ready to ship; the payment reaches the OMS through the "
            "`order.paid` webhook (fetched fresh), and the delivery pass sends each flag "
            "explicitly."
        ),
    ),
    Behaviour(
        "ETSY-Q17",
        "Refunds are not reflected on the receipt; money is in the shop currency",
        reproduced=True,
        marketplace_does=(
            "A refund leaves the receipt's totals and `updated_timestamp` as they were; each "
            "refund is listed in the receipt's `refunds[]` (amount, time, reason, status) and "
            "the status becomes Partially or Fully Refunded. Amounts are in the shop's "
            "currency."
        ),
        source="etsy/open-api #339, #513 (staff), #496, #564, #475; recorded 2023 sample",
        sdk_does=(
            "Each `refunds[]` entry becomes a `Refund` on the canonical order, beside totals "
            "that stay what the buyer paid (`Order.refunded()` sums them); a refund in another "
            "currency than the receipt is a `RecordError`. The order windows read the payment "
            "account's ledger for refunds and read those receipts again, so a refund reaches "
            "the OMS with the next order run. The sandbox's ledger and payments show each "
            "refund."
        ),
    ),
    Behaviour(
        "ETSY-Q31",
        "Shipping address may be empty for some regions / apps",
        reproduced=True,
        marketplace_does=(
            "For buyers in some regions Etsy sends the receipt's address fields as empty "
            "strings, even with the address scope, unless the app has a partnership status."
        ),
        source="rhysnhall/etsy-php-sdk #44 (quoting Etsy's reference note)",
        sdk_does=(
            "The order is imported all the same, with `shipping_address=None` (address "
            "unavailable); empty fields become `None`, and `raw` keeps the receipt."
        ),
    ),
)
