"""Catalogued Mirakl behaviours: Mirakl seller APIs.

The SDK's Mirakl client speaks Catalog Manager (MCM: A01, H11, PM11, VL11, P41-P51, CM11), which
FNAC's catalogue runs on. The behaviours of Mirakl's offer and order operations (OF01, OF24,
OR11, OR21...) are catalogued here too, out of scope until the SDK has a Mirakl offers and orders
channel (issue 16); their `sdk_does` says what that channel will have to do.
"""

from marketplace_sdk.testing import Behaviour, Switch

_OFFERS_AND_ORDERS = (
    "The SDK's Mirakl client covers Catalog Manager only (A01, H11, PM11, VL11, P41-P51, "
    "CM11); it never calls {operations}. Mirakl offers and orders come with issue 16."
)


def _later(operations: str) -> str:
    return _OFFERS_AND_ORDERS.format(operations=operations)


#: Switch names, read by the sandbox while it serves.
PLAIN_429 = "MIRAKL-Q01.plain-text-429"
UNLISTED_IMPORT_STATE = "MIRAKL-Q08.unlisted-import-state"

#: The import state the sandbox shows under `UNLISTED_IMPORT_STATE`: a real Mirakl import
#: status (OF02's), absent from the P42 document's list.
UNLISTED_STATE = "WAITING_SYNCHRONIZATION_PRODUCT"

#: The attribute the sandbox adds to its answers under MIRAKL-Q08 (the document has no such field).
UNDOCUMENTED_FIELD = "last_updated_date"

MIRAKL: tuple[Behaviour, ...] = (
    Behaviour(
        "MIRAKL-Q01",
        "Per-operation call-frequency ceilings; 429 + Retry-After when exceeded",
        reproduced=True,
        marketplace_does=(
            "Every operation has a stated maximum call frequency per seller (P41 once per 15 "
            "minutes, P42 and P51 once a minute, H11, PM11 and VL11 hourly, CM11 every 5 minutes "
            "differential and every 4 hours full, A01 daily). A call above it is refused with "
            "HTTP 429 and a Retry-After header in seconds; the OpenAPI documents declare no 429 "
            "at all, and what the 429 body holds is not known."
        ),
        source=(
            "Mirakl MCM/MMP seller OpenAPI 'Call Frequency' blocks; Mirakl general docs as "
            "quoted by an integrator; mirakl/sdk-php-shop #61, #71. 429 body unconfirmed."
        ),
        sdk_does=(
            "Holds each operation to its stated maximum on the client side (one limiter bucket "
            "per operation code, shareable between processes), so its own calls are never "
            "throttled; a call whose slot is further off than `max_wait` is not sent and raises "
            "QuotaExhaustedError with `retry_after`. A 429 from Mirakl (another worker on the "
            "same key) is a RateLimitedError whatever its body: the engine waits Retry-After and "
            "tries again when the wait is short, and hands it to the caller (the FNAC listing "
            "flow answers retry_later with that delay) when it is long."
        ),
        switches=(
            Switch(
                PLAIN_429,
                "The 429 body is plain text (not Mirakl's JSON error body).",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "MIRAKL-Q02",
        "OR11 date filters: creation vs update; update filter is deliberately overlapping",
        reproduced=False,
        marketplace_does=(
            "OR11's start_date/end_date filter on the order's creation date, so an order that "
            "changes later (debited, say) is missed by a created-since poll; start_update_date "
            "filters on the last update, and Mirakl deliberately moves it back a little so "
            "polls overlap."
        ),
        source="mirakl/sdk-php-shop #36; Mirakl MMP seller OpenAPI, OR11 parameters.",
        out_of_scope=_later("OR11 (list orders)"),
        sdk_does=(
            "The Mirakl orders channel will poll OR11 by start_update_date minus a margin and "
            "de-duplicate by order id and last update date."
        ),
    ),
    Behaviour(
        "MIRAKL-Q03",
        "OR11 pagination: default 10, max 100, `paginate=false`, unstable offsets",
        reproduced=False,
        marketplace_does=(
            "OR11 pages 10 orders by default and 100 at most; paginate=false ignores max and "
            "offset; offset pages follow creation dates, so orders created during a scan shift "
            "the pages; id filters above 100 values are refused with 400. Connectors reading "
            "only the first page lost orders."
        ),
        source=(
            "mirakl/sdk-php-shop #33, #71; stripe/stripe-mirakl-connector #48, #89; "
            "paypal/mirakl-hyperwallet-connector #27."
        ),
        out_of_scope=_later("OR11 (list orders)"),
        sdk_does=(
            "P51, the one offset-paged MCM list the SDK reads, is read 100 at a time until "
            "total_count; the orders channel will do the same on OR11, chunk id filters by 100 "
            "and de-duplicate."
        ),
    ),
    Behaviour(
        "MIRAKL-Q04",
        "OR13 asynchronous export constraints",
        reproduced=False,
        marketplace_does=(
            "OR13 (asynchronous order export) needs a created or updated date range of at most "
            "a year (longer is a 400 whose reason is only in the body) and takes one export "
            "per shop at a time."
        ),
        source="mirakl/sdk-php-shop #63 (staff); Mirakl OpenAPI OR13.",
        out_of_scope=_later("OR13 (asynchronous order export)"),
        sdk_does="The orders channel will split backfills into windows of at most a year.",
    ),
    Behaviour(
        "MIRAKL-Q05",
        "OF01 import modes; REPLACE deletes every offer missing from the file",
        reproduced=False,
        marketplace_does=(
            "OF01 imports offers in NORMAL mode (upsert, or delete per line), REPLACE mode "
            "(every offer missing from the file is deleted) or the deprecated PARTIAL_UPDATE; "
            "history is kept 60 days, 500 files per seller."
        ),
        source="Mirakl OpenAPI OF01/OF02; Productsup, Lengow and BeezUP integration notes.",
        out_of_scope=_later("OF01 (offer import)"),
        sdk_does=(
            "The offers channel will import in NORMAL mode and refuse REPLACE without a "
            "complete, checked file."
        ),
    ),
    Behaviour(
        "MIRAKL-Q06",
        "OF24 is not a patch: omitted fields are reset; PRI01 replaces all prices",
        reproduced=False,
        marketplace_does=(
            "OF24 resets every offer field it is not sent to its default (discount, "
            "quantities, lead time); PRI01 deletes every price tier missing from the file. A "
            "bad OF24 answers a bare 400."
        ),
        source="Mirakl MMP seller OpenAPI OF24 and PRI01; mirakl/sdk-php-shop #8.",
        out_of_scope=_later("OF24 or PRI01 (offer and price writes)"),
        sdk_does=(
            "The offers channel will send complete offers (read, modify, write) and every "
            "price tier with PRI01."
        ),
    ),
    Behaviour(
        "MIRAKL-Q07",
        'Import "COMPLETE" does not mean every line succeeded',
        reproduced=True,
        marketplace_does=(
            "A product import (P41) whose file has bad rows still ends COMPLETE. Rows the "
            "transformation refused (unknown category, a required attribute missing, a value "
            "outside its list) are only in the transformation error report (P47); rows the "
            "operator refused at integration are only in the error report (P44). P42 only "
            "says that the reports exist. The offer imports (OF02/OF03) work the same way."
        ),
        source=(
            "Mirakl OpenAPI P42/P44/P45/P47 and OF02/OF03 schemas; mirakl/sdk-php-shop #5 "
            "(staff), #68. 'COMPLETE with errors' is read from the schema, not staff-confirmed."
        ),
        sdk_does=(
            "`import_errors` reads both reports of a finished import, and `errors_by_product` "
            "attributes each refused row to its product (by its seller-SKU column, else by its "
            "line in the uploaded file). The FNAC channel remembers the import that "
            "carries each product it could not list: listing the product again while the "
            "import runs answers retry_later (no second upload), and after it ends answers "
            "rejected with Mirakl's reason, so bulk files show the failed row with that reason "
            "and nothing refused is reported ok."
        ),
    ),
    Behaviour(
        "MIRAKL-Q08",
        "Order and line states; enums grow without notice",
        reproduced=True,
        marketplace_does=(
            "Mirakl adds fields, enum values and field orders to its answers without notice and "
            "may return attributes its documents do not describe. Order and line states grow "
            "the same way (deprecated ones still appear on some platforms)."
        ),
        source=(
            "Mirakl MMP seller OpenAPI general notes (compatibility); OR11 schema; Lengow "
            "'Mirakl orders statuses'."
        ),
        sdk_does=(
            "Mirakl models keep unknown attributes (`model_extra`) and read enums as strings: "
            "an import state the SDK does not know stays the raw string, is never taken for a "
            "final one, and is named in what the caller sees (the FNAC listing flow answers "
            "retry_later with the state; `wait_for_import` keeps polling and its timeout names "
            "it). Product statuses (CM11) are kept as Mirakl sent them; only LIVE is live. "
            "Order states are for the orders channel (issue 16)."
        ),
        switches=(
            Switch(
                UNLISTED_IMPORT_STATE,
                f"Between SENT and COMPLETE an import shows {UNLISTED_STATE}, a state the "
                "P42 document does not list.",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "MIRAKL-Q09",
        "OR21 must decide every line in one call; partial acceptance may be disabled",
        reproduced=False,
        marketplace_does=(
            "OR21 must accept or refuse every line of an order in one call; a subset, a "
            "duplicate id, a wrong state or mixed decisions on some operators are each refused "
            "with their own code. Operators refuse unanswered orders after a delay, some "
            "zeroing the offers' stock."
        ),
        source=(
            "Mirakl MMP seller OpenAPI OR21 error table; Mirakl operators' seller help. Delay "
            "and stock zeroing are operator settings, unconfirmed as Mirakl-wide."
        ),
        out_of_scope=_later("OR21 (accept or refuse order lines)"),
        sdk_does="The orders channel will decide every line in one OR21 call.",
    ),
    Behaviour(
        "MIRAKL-Q10",
        "Between acceptance and shipping: debit wait, hidden address, auto-cancel",
        reproduced=False,
        marketplace_does=(
            "After acceptance an order waits for the customer's debit (some operators cancel "
            "it after 72 h); addresses and contacts are null until shipping (or acceptance); "
            "orders become RECEIVED and CLOSED by themselves after operator-set delays."
        ),
        source="Mirakl OpenAPI OR11 field descriptions; Mirakl operators' partner help.",
        out_of_scope=_later("OR11 or the order workflow"),
    ),
    Behaviour(
        "MIRAKL-Q11",
        "OR23 then OR24; OR24 outside SHIPPING returns a bare 400",
        reproduced=False,
        marketplace_does=(
            "OR23 sets tracking (a registered carrier code, or a name and URL); OR24 confirms "
            "shipment only in SHIPPING and answers a bare 400 otherwise; some shipping methods "
            "require tracking."
        ),
        source=(
            "mirakl/sdk-php-shop #56 (staff); mirakl/magento2-seller-connector #25; Mirakl "
            "OpenAPI OR23/OR24/ST23."
        ),
        out_of_scope=_later("OR23 or OR24 (tracking and shipment)"),
        sdk_does="The orders channel will call OR23 first, then OR24 only in SHIPPING.",
    ),
    Behaviour(
        "MIRAKL-Q12",
        "Refunds and cancellations are line-level and state-gated",
        reproduced=False,
        marketplace_does=(
            "Refunds (OR28) and cancellations (OR29 whole order while can_cancel, OR30 lines) "
            "work per line and per state: a CLOSED order is not refunded, a line refunded "
            "twice is refused, and refunds made in Mirakl are only seen on the order lines."
        ),
        source=(
            "Mirakl OpenAPI OR28/OR29/OR30; Lengow 'Mirakl orders'; stripe-mirakl-connector PR #6."
        ),
        out_of_scope=_later("OR28, OR29 or OR30 (refunds and cancellations)"),
    ),
    Behaviour(
        "MIRAKL-Q13",
        "Authentication: raw key in `Authorization`, one key per environment",
        reproduced=True,
        marketplace_does=(
            "The seller APIs take the shop's API key itself as the Authorization header, with "
            "no 'Bearer' scheme; a prefixed key is refused as unauthorised. Keys belong to one "
            "environment (test or production). A user with several shops names one with "
            "shop_id. Mirakl Connect (OAuth2 bearer tokens) is a different API."
        ),
        source=(
            "mirakl/sdk-php-shop AbstractApiClient.php and CHANGELOG v1.20.0; Mirakl OpenAPI "
            "securitySchemes."
        ),
        sdk_does=(
            "Sends the key unprefixed as Authorization (a secret, never logged), with shop_id "
            "when given; a key pasted with a 'Bearer ' prefix is refused with a ValueError "
            "before anything is sent; base URL and key are given together per instance."
        ),
    ),
    Behaviour(
        "MIRAKL-Q14",
        "Order identity, e-mail relay and timestamp precision",
        reproduced=False,
        marketplace_does=(
            "An order id is the commercial id plus a per-shop suffix (-A); the customer e-mail "
            "is an anonymised relay; timestamps come with and without milliseconds in one "
            "answer; amounts are JSON numbers."
        ),
        source="An integrator's published OR11 log (2025); stripe-mirakl-connector #50.",
        out_of_scope=_later("OR11 (orders)"),
        sdk_does=(
            "Mirakl dates the SDK reads (P42, P51) are parsed with or without fractional "
            "seconds, as UTC."
        ),
    ),
    Behaviour(
        "MIRAKL-Q15",
        "Deprecated endpoints still in the wild",
        reproduced=False,
        marketplace_does=(
            "Some order and offer operations are deprecated in favour of others (OR12 for OR11 "
            "with order_ids, OR26 for OR28, OF51 for OF52-OF54) yet still answer; test "
            "environments accept smaller export chunks than production."
        ),
        source="Mirakl MMP seller OpenAPI deprecation banners.",
        out_of_scope=(
            "The deprecated operations (OR12, OR26, OF51, PARTIAL_UPDATE) are offer and order "
            "ones; none of the Catalog Manager operations the SDK calls is deprecated (a test "
            "checks each against the MCM document)."
        ),
        sdk_does="The orders channel will use OR11 with order_ids, OR28 and OF52-OF54.",
    ),
    Behaviour(
        "MIRAKL-Q16",
        "No seller webhooks for MMP orders; polling is the contract",
        reproduced=False,
        marketplace_does=(
            "A seller's MMP key gets no order webhooks: sellers are pointed to polling OR11 "
            "(or OR13); webhooks belong to Mirakl Connect and the operator side."
        ),
        source=(
            "mirakl/sdk-php-shop #61; api-evangelist/mirakl asyncapi (Connect). That no "
            "operator offers seller webhooks is unconfirmed."
        ),
        out_of_scope=_later("order webhooks or OR11"),
        sdk_does="The orders channel will poll OR11 within its call frequency.",
    ),
)
