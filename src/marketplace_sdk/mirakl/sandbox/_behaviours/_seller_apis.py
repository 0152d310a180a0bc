"""Catalogued Mirakl behaviours: Mirakl seller APIs.

The SDK's Mirakl client speaks Catalog Manager (MCM: A01, H11, PM11, VL11, P41-P51, CM11), which
FNAC's catalogue runs on; `MiraklSandbox` adds the MMP offers and orders (OF01-OF03, OF21, OF24,
OR11-OR30, SH21) and reproduces their behaviours. The MMP client and channel come with issue 16;
the `sdk_does` of those behaviours says what they do. OR13 (Q04), the deprecated operations (Q15)
and webhooks (Q16) stay out of scope.
"""

from marketplace_sdk.testing import Behaviour, Switch

_NOT_SERVED = (
    "MiraklSandbox serves OR11 and the order actions but not {operations}; nothing of it can be "
    "reproduced until a client calls it."
)


def _later(operations: str) -> str:
    return _NOT_SERVED.format(operations=operations)


#: Switch names, read by the sandbox while it serves.
PLAIN_429 = "MIRAKL-Q01.plain-text-429"
UNLISTED_IMPORT_STATE = "MIRAKL-Q08.unlisted-import-state"
UNLISTED_ORDER_SWITCH = "MIRAKL-Q08.unlisted-order-state"

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
            "differential and every 4 hours full, A01 and SH21 daily; OF01, OF02, OF03, OF24 "
            "and an asynchronous OR11 poll once a minute, OF01 with products every 15 "
            "minutes; OR11's synchronous use, 'at each order page display', has no ceiling: "
            "the sandbox takes a read of named orders by `order_ids` as that use). A call "
            "above it is refused with "
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
            "throttled; an OR11 read of named orders (get_order, the read before an acceptance "
            "or a shipment) has its own unlimited `OR11-ids` bucket, apart from the poll's once "
            "a minute, so shipping N orders takes no minute-long waits; a call whose slot is "
            "further off than `max_wait` is not sent and raises "
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
        reproduced=True,
        marketplace_does=(
            "OR11's start_date/end_date filter on the order's creation date, so an order that "
            "changes later (debited, say) is missed by a created-since poll; start_update_date "
            "filters on the last update, and Mirakl deliberately moves it back a little so "
            "polls overlap and return orders the previous poll already saw."
        ),
        source="mirakl/sdk-php-shop #36; Mirakl MMP seller OpenAPI, OR11 parameters.",
        sdk_does=(
            "The MMP client (issue 16) polls OR11 by start_update_date minus a margin and "
            "de-duplicates by order id and last update date, so an order seen twice is "
            "delivered once. The sandbox moves start_update_date back by `update_overlap` "
            "seconds (5 minutes by default: Mirakl does not publish its delta)."
        ),
    ),
    Behaviour(
        "MIRAKL-Q03",
        "OR11 pagination: default 10, max 100, `paginate=false`, unstable offsets",
        reproduced=True,
        marketplace_does=(
            "OR11 pages 10 orders by default and 100 at most; paginate=false ignores max and "
            "offset; offset pages follow creation dates, so an order leaving the filter during "
            "a scan shifts the later pages; id filters above 100 values are refused with 400. "
            "Connectors reading only the first page lost orders."
        ),
        source=(
            "mirakl/sdk-php-shop #33, #71; stripe/stripe-mirakl-connector #48, #89; "
            "paypal/mirakl-hyperwallet-connector #27."
        ),
        sdk_does=(
            "P51 is read 100 at a time until total_count; the MMP client (issue 16) reads OR11 "
            "the same way (or by seek tokens where the operator offers them), chunks id "
            "filters by 100 and de-duplicates. In the sandbox a `max` above 100 is cut to 100 "
            "without a word (total_count still tells the truth); with the behaviour off any "
            "max and any id list is served."
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
        reproduced=True,
        marketplace_does=(
            "OF01 imports offers in NORMAL mode (upsert, or delete per line with the "
            "update-delete column; deleting an offer that does not exist is an error line), "
            "REPLACE mode (every offer missing from the file is deleted) or the deprecated "
            "PARTIAL_UPDATE; history is kept 60 days, 500 files per seller."
        ),
        source="Mirakl OpenAPI OF01/OF02; Productsup, Lengow and BeezUP integration notes.",
        sdk_does=(
            "The MMP client (issue 16) imports in NORMAL mode only, never REPLACE. The sandbox "
            "serves REPLACE faithfully (every offer the file does not name is deleted, lines "
            "in error keep theirs) and refuses the deprecated PARTIAL_UPDATE with a 400; with "
            "the behaviour off, REPLACE is refused too, so a client can never delete by "
            "omission."
        ),
    ),
    Behaviour(
        "MIRAKL-Q06",
        "OF24 is not a patch: omitted fields are reset; PRI01 replaces all prices",
        reproduced=True,
        marketplace_does=(
            "OF24 resets every offer field it is not sent to its default (discount, "
            "quantities, lead time); PRI01 deletes every price tier missing from the file. A "
            "bad OF24 answers a bare 400."
        ),
        source="Mirakl MMP seller OpenAPI OF24 and PRI01; mirakl/sdk-php-shop #8.",
        sdk_does=(
            "The MMP client (issue 16) reads the offer and sends it back complete (read, "
            "modify, write). The sandbox resets an omitted field (stock included: an OF24 "
            "without quantity leaves 0) and answers an OF24 missing a required field with "
            "{status: 400, message: 'Bad Request'}; with the behaviour off an omitted field "
            "keeps its value. PRI01 is not served."
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
            "The MMP client (issue 16) keeps an unknown order state as its raw string."
        ),
        switches=(
            Switch(
                UNLISTED_IMPORT_STATE,
                f"Between SENT and COMPLETE an import shows {UNLISTED_STATE}, a state the "
                "P42 document does not list.",
                default=True,
            ),
            Switch(
                UNLISTED_ORDER_SWITCH,
                "MiraklSandbox's OR11 lists one order in WAITING_REFUND, a deprecated state "
                "some platforms still answer, absent from OR11's enum.",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "MIRAKL-Q09",
        "OR21 must decide every line in one call; partial acceptance may be disabled",
        reproduced=True,
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
        sdk_does=(
            "The MMP client (issue 16) decides every line in one OR21 call and re-pushes "
            "stock after a refusal. The sandbox answers a subset with 400 "
            "ORDER_LINE_ACCEPTANCE_DECISION_MISSING (ORDER_LINE_DUPLICATE_ID, "
            "ORDER_INVALID_STATE, ORDER_PARTIAL_ACCEPTANCE_DISABLED with "
            "`partial_acceptance=False`) and refuses an order left undecided for "
            "`Timings.auto_refuse_after` (3 days); with the behaviour off, lines can be "
            "decided one call at a time and nothing is refused by itself."
        ),
        switches=(
            Switch(
                "MIRAKL-Q09.stock-zeroed-on-refusal",
                "A refusal (the shop's or the operator's) sets the stock of the refused "
                "lines' offers to 0.",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "MIRAKL-Q10",
        "Between acceptance and shipping: debit wait, hidden address, auto-cancel",
        reproduced=True,
        marketplace_does=(
            "After acceptance an order waits for the customer's debit (some operators cancel "
            "it after 72 h); addresses and contacts are null until shipping (or acceptance); "
            "orders become RECEIVED and CLOSED by themselves after operator-set delays."
        ),
        source="Mirakl OpenAPI OR11 field descriptions; Mirakl operators' partner help.",
        sdk_does=(
            "The MMP client (issue 16) reads addresses only once an order is in SHIPPING and "
            "releases stock on CANCELED. In the sandbox an accepted order goes WAITING_DEBIT, "
            "WAITING_DEBIT_PAYMENT, then SHIPPING once debited (`Timings`), an unpaid one is "
            "CANCELED after 72 h, billing and shipping addresses are null until the order "
            "reaches SHIPPING, and shipped orders turn RECEIVED (7 days) and CLOSED (115 "
            "days); with the behaviour off addresses are always there and unpaid orders wait."
        ),
    ),
    Behaviour(
        "MIRAKL-Q11",
        "OR23 then OR24; OR24 outside SHIPPING returns a bare 400",
        reproduced=True,
        marketplace_does=(
            "OR23 sets tracking (a registered carrier code, or a name and URL); OR24 confirms "
            "shipment only in SHIPPING and answers a bare 400 otherwise; some shipping methods "
            "require tracking."
        ),
        source=(
            "mirakl/sdk-php-shop #56 (staff); mirakl/magento2-seller-connector #25; Mirakl "
            "OpenAPI OR23/OR24/ST23."
        ),
        sdk_does=(
            "The MMP client (issue 16) calls OR23 first, then OR24 only in SHIPPING, and "
            "re-reads the order on a 400. The sandbox computes a registered carrier's URL "
            "(ignoring carrier_url) and answers OR24 outside SHIPPING with {status: 400, "
            "message: 'Bad Request'}; with the behaviour off the 400 names ORDER_INVALID_STATE "
            "and the order's state."
        ),
        switches=(
            Switch(
                "MIRAKL-Q11.tracking-required",
                "OR24 on an order whose shipping type is TRACKED and has no tracking number "
                "is refused: 'Tracking details are mandatory for this shipping method'.",
                default=True,
            ),
        ),
    ),
    Behaviour(
        "MIRAKL-Q12",
        "Refunds and cancellations are line-level and state-gated",
        reproduced=True,
        marketplace_does=(
            "Refunds (OR28) and cancellations (OR29 whole order while can_cancel, OR30 lines) "
            "work per line and per state: a CLOSED order is not refunded, a line refunded "
            "twice is refused, and refunds made in Mirakl are only seen on the order lines."
        ),
        source=(
            "Mirakl OpenAPI OR28/OR29/OR30; Lengow 'Mirakl orders'; stripe-mirakl-connector PR #6."
        ),
        sdk_does=(
            "The MMP client (issue 16) checks can_cancel/can_refund first and reads money back "
            "from the lines' refunds and cancelations. In the sandbox OR29 and OR30 work only "
            "in SHIPPING (can_cancel), OR28 only on SHIPPED or RECEIVED orders, a fully "
            "refunded line answers ORDER_LINE_ALREADY_REFUNDED, and a call with one bad item "
            "changes nothing; with the behaviour off, cancelling works in every state before "
            "shipping and CLOSED orders are refunded."
        ),
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
        reproduced=True,
        marketplace_does=(
            "An order id is the commercial id plus a per-shop suffix (-A); the customer e-mail "
            "is an anonymised relay; timestamps come with and without milliseconds in one "
            "answer; amounts are JSON numbers."
        ),
        source="An integrator's published OR11 log (2025); stripe-mirakl-connector #50.",
        sdk_does=(
            "Mirakl dates the SDK reads are parsed with or without fractional seconds, as UTC; "
            "the MMP client (issue 16) keeps both order_id and commercial_id. The sandbox's "
            "OR11 writes creation and debit dates with milliseconds and the others without, "
            "ids as <commercial id>-A and e-mails on notification.mirakl.net; with the "
            "behaviour off every date is written without milliseconds."
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
            "MiraklSandbox serves none of the deprecated operations (OR12, OR26, OF51; a "
            "PARTIAL_UPDATE import is refused with 400); none of the Catalog Manager "
            "operations the SDK calls is deprecated (a test checks each against the MCM "
            "document)."
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
        out_of_scope=(
            "Nothing to serve: MiraklSandbox, like Mirakl, offers a seller key no order "
            "webhooks, so polling OR11 is the only way a client learns of orders."
        ),
        sdk_does="The orders channel will poll OR11 within its call frequency.",
    ),
)
