"""The FNAC channel's pure decisions, shared by `FnacChannel` and `AsyncFnacChannel`.

Everything here is free of I/O: building queries, deciding which lines to accept or refuse,
reading FNAC's answers into per-line results, and when a write is already applied (the
channel reads the order back after a write whose outcome is unknown, and decides again here).

Examples:
    >>> from datetime import UTC, datetime
    >>> request = orders_window(datetime(2026, 1, 1, tzinfo=UTC),
    ...                         datetime(2026, 1, 2, tzinfo=UTC), ["Shipped"])
    >>> request.date_type.value, [state.value for state in request.states]
    ('UpdatedAt', ['Shipped'])
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime, timedelta

import attrs

from marketplace_sdk.core._carriers import CarrierTable, UnknownCarrierError, carrier_key
from marketplace_sdk.core._errors import (
    ApiError,
    DeadlineExceededError,
    MarketplaceError,
    RateLimitedError,
    ResponseParseError,
    ServerError,
    TransportError,
)
from marketplace_sdk.core._models import ProductDraft
from marketplace_sdk.core._pricing import CurrencyMismatch, PriceError
from marketplace_sdk.core._results import ItemResult, Outcome, Reason
from marketplace_sdk.fnac._capabilities import FNAC_CAPABILITIES
from marketplace_sdk.fnac._carriers import FNAC_CARRIERS
from marketplace_sdk.fnac._mapping import (
    MAX_QUANTITY,
    BatchReport,
    PreparedUpdates,
    draft_ean,
    draft_to_import_csv,
    fnac_states,
    new_offer,
    offer_results,
    reported_results,
)
from marketplace_sdk.fnac._mapping.reported import ReportedResults
from marketplace_sdk.fnac._models import (
    BatchQueryResponse,
    BatchStatusResponse,
    Carrier,
    FnacError,
    OffersUpdateRequest,
    OfferUpdate,
    OrderDateType,
    OrderDetailState,
    OrdersQueryRequest,
    OrderState,
    OrderUpdateResult,
)
from marketplace_sdk.fnac._models import Order as FnacOrder
from marketplace_sdk.fnac._models.offers import SentOffer, sent_reference, sent_update
from marketplace_sdk.fnac._pricing import resolve_price
from marketplace_sdk.fnac._shared.client import NO_OUTCOME
from marketplace_sdk.fnac._xml import parse_xml, to_bytes
from marketplace_sdk.mirakl import (
    MCM_CALL_FREQUENCIES,
    Attribute,
    ErrorReportLine,
    Hierarchy,
    ImportStatus,
    ProductImport,
    errors_by_product,
)

__all__ = [
    "ANSWER_LOST",
    "DEFAULT_BATCHES_IN_FLIGHT",
    "IMPORT_MEMORY",
    "IMPORT_REJECTED",
    "P41_INTERVAL",
    "PENDING_IMPORT",
    "PRODUCT_NOT_FOUND",
    "TRANSIENT_ERRORS",
    "UNSURE_WRITE_ERRORS",
    "AcceptPlan",
    "CatalogueNotConfiguredError",
    "SentOffers",
    "accept_plan",
    "attributes_of",
    "carrier_code",
    "import_outcome",
    "import_row",
    "listing_offer",
    "listing_prepared",
    "lost_batch",
    "lost_upload_results",
    "order_result",
    "order_update_results",
    "orders_window",
    "pending_import",
    "push_results",
    "refused_call",
    "retry_later_all",
    "same_import_row",
    "ship_precheck",
    "waiting_for_import",
]

#: FNAC's per-offer code for an offer on a product its catalogue does not know.
PRODUCT_NOT_FOUND = "ERR_026"
#: The reason code of a listing waiting for its Mirakl product import.
PENDING_IMPORT = "pending_product_import"
#: The reason code of a listing whose Mirakl product import refused the product.
IMPORT_REJECTED = "product_import_rejected"
#: How far back a listing reads Mirakl's product imports for one that decides it already.
IMPORT_MEMORY = timedelta(days=7)
#: The reason code of a listing whose product upload (P41) lost its answer.
ANSWER_LOST = "import_answer_lost"
#: Mirakl takes one product import (P41) per seller in this long.
P41_INTERVAL = timedelta(seconds=MCM_CALL_FREQUENCIES["P41"][0].interval)
#: Failures after which a write may or may not have been applied: read before resending.
UNSURE_WRITE_ERRORS: tuple[type[MarketplaceError], ...] = (
    TransportError,
    ServerError,
    ResponseParseError,
)
#: Failures that leave the items of an offers push to retry later rather than raising.
TRANSIENT_ERRORS: tuple[type[MarketplaceError], ...] = (
    *UNSURE_WRITE_ERRORS,
    RateLimitedError,
    DeadlineExceededError,
)

#: Offer batches a push keeps open at once: the next chunk is sent while FNAC processes the
#: previous ones. FNAC publishes no limit; ACTIVE batches wait in its queue.
DEFAULT_BATCHES_IN_FLIGHT = 4

_ACCEPTED_STATES = frozenset(
    {OrderState.ACCEPTED, OrderState.TO_SHIP, OrderState.SHIPPED, OrderState.RECEIVED}
)
_SHIPPED_STATES = frozenset({OrderState.SHIPPED, OrderState.RECEIVED, OrderState.NOT_RECEIVED})


class CatalogueNotConfiguredError(MarketplaceError):
    """A catalogue operation needs FNAC's Mirakl catalogue, and the channel has no client for it.

    Examples:
        >>> "catalog=MiraklCatalogClient" in str(CatalogueNotConfiguredError("categories"))
        True
    """

    def __init__(self, operation: str) -> None:
        super().__init__(
            f"{operation} come from FNAC's Mirakl catalogue: create the channel with "
            "catalog=MiraklCatalogClient(<Mirakl API key>, base_url=...)",
            marketplace="FNAC",
        )


def orders_window(
    since: datetime,
    until: datetime,
    statuses: Collection[str] | None = None,
    *,
    date_type: OrderDateType = OrderDateType.UPDATED_AT,
) -> OrdersQueryRequest:
    """The `orders_query` for a window by `date_type`, statuses in the seed's words.

    Raises:
        ValueError: a status FNAC does not have, or a naive or empty window.
    """
    if since.tzinfo is None or until.tzinfo is None:
        raise ValueError("the order window needs timezone-aware datetimes")
    if until <= since:
        raise ValueError("the order window is empty: until must be after since")
    states = sorted(fnac_states(statuses)) if statuses else []
    return OrdersQueryRequest(date_type=date_type, date_min=since, date_max=until, states=states)


def _reason(errors: Sequence[FnacError], fallback: str) -> Reason:
    if not errors:
        return Reason(message=fallback)
    message = "; ".join(error.message or error.code or "error" for error in errors)
    return Reason(code=errors[0].code, message=message)


def _line_ids(order: FnacOrder) -> list[str]:
    return [str(detail.order_detail_id) for detail in order.order_details]


@attrs.frozen
class AcceptPlan:
    """What `accept_order` sends: nothing, the whole order, or a decision per line.

    Attributes:
        decisions: `{order_detail_id: accepted}`, or `None` to accept every line at once.
        send: whether a call is needed at all.
        results: results decided without a call (already accepted, unknown lines, bad state).
        lines: every line of the order, in order (the result order).
    """

    decisions: Mapping[int, bool] | None
    send: bool
    results: Mapping[str, ItemResult]
    lines: tuple[str, ...]


def accept_plan(order: FnacOrder, lines: Collection[str] | None) -> AcceptPlan:
    """Decide an acceptance: all lines when `lines` is None, else those accepted, others refused.

    An order FNAC already shows accepted (or further) needs no call: each of its lines is ok,
    except refused ones, which are rejected. An order in another state (cancelled, refused,
    refunded, in error) is rejected line by line. A line id the order does not have is rejected.

    Examples:
        >>> from marketplace_sdk.fnac._models import OrderDetail
        >>> order = FnacOrder(order_id="1A2B3C4D5E6F7", state="Created", order_details=[
        ...     OrderDetail(order_detail_id=1), OrderDetail(order_detail_id=2)])
        >>> dict(accept_plan(order, ["2"]).decisions)
        {1: False, 2: True}
    """
    order_lines = tuple(_line_ids(order))
    state = order.state
    results: dict[str, ItemResult] = {}
    unknown = [line for line in (lines or ()) if line not in order_lines]
    for line in unknown:
        results[line] = ItemResult.rejected(
            line, code="unknown_line", message=f"order {order.order_id} has no line {line}"
        )
    if state in _ACCEPTED_STATES:
        for detail in order.order_details:
            key = str(detail.order_detail_id)
            if detail.state == OrderDetailState.REFUSED:
                results[key] = ItemResult.rejected(
                    key, code=LINE_REFUSED, message="FNAC shows this line refused"
                )
            else:
                results[key] = ItemResult.ok(key)
        return AcceptPlan(None, False, results, order_lines + tuple(unknown))
    if state != OrderState.CREATED:
        for key in order_lines:
            results[key] = ItemResult.rejected(
                key, code="order_state", message=f"FNAC order is {state}; it cannot be accepted"
            )
        return AcceptPlan(None, False, results, order_lines + tuple(unknown))
    decisions: dict[int, bool] | None = None
    if lines is not None:
        wanted = set(lines)
        decisions = {
            detail.order_detail_id: str(detail.order_detail_id) in wanted
            for detail in order.order_details
            if detail.order_detail_id is not None
        }
    return AcceptPlan(decisions, True, results, order_lines + tuple(unknown))


def _blocking(errors: Sequence[FnacError]) -> list[FnacError]:
    return [error for error in errors if not error.is_warning]


def _failure(
    key: str, errors: Sequence[FnacError], status: object, *, unknown: bool = False
) -> ItemResult:
    reason = _reason(errors, f"FNAC answered {status}")
    if unknown:
        return ItemResult.unknown(key, code=reason.code, message=reason.message)
    return ItemResult.rejected(key, code=reason.code, message=reason.message)


#: The code of a line result FNAC shows refused (by the seller's decision or FNAC's own).
LINE_REFUSED = "line_refused"


def _refused(key: str, errors: Sequence[FnacError]) -> ItemResult:
    """A line FNAC answered OK for but shows `Refused`: not accepted, with FNAC's words."""
    said = "; ".join(
        error.message or error.code or "" for error in errors if error.message or error.code
    )
    message = "FNAC shows this line refused" + (f": {said}" if said else "")
    return ItemResult.rejected(key, code=LINE_REFUSED, message=message)


def _no_outcome(errors: Sequence[FnacError]) -> bool:
    return any(error.code == NO_OUTCOME for error in errors) and not any(
        error.code != NO_OUTCOME for error in _blocking(errors)
    )


def order_update_results(
    order: FnacOrder, answer: OrderUpdateResult, decided: Mapping[str, ItemResult]
) -> list[ItemResult]:
    """One result per line of `order` (then the lines in `decided` it lacks) from an answer.

    A line FNAC reports on gets its own outcome; the others take the order's outcome. A line
    FNAC answers OK for but shows `Refused` (the seller refused it, or FNAC did) is rejected
    with code `line_refused` and FNAC's words, never ok. A status is not trusted alone: an
    ERROR or FATAL `<error>` inside an OK line or order fails it (FNAC-Q11), and an answer
    silent on the order leaves its lines unknown when FNAC said OK, rejected when it said ERROR
    (FNAC-Q10).

    Examples:
        >>> from marketplace_sdk.fnac._models import OrderDetail
        >>> order = FnacOrder(order_id="1A2B3C4D5E6F7", order_details=[
        ...     OrderDetail(order_detail_id=1)])
        >>> [r.is_ok for r in order_update_results(order, OrderUpdateResult(status="OK"), {})]
        [True]
    """
    per_line = {
        str(detail.order_detail_id): detail
        for detail in answer.order_details
        if detail.order_detail_id is not None
    }
    order_errors = _blocking(answer.errors)
    unknown = answer.ok and _no_outcome(answer.errors)
    results: list[ItemResult] = []
    for key in _line_ids(order):
        if key in decided:
            results.append(decided[key])
            continue
        detail = per_line.get(key)
        if detail is not None:
            ok, errors, status = detail.ok, _blocking(detail.errors), detail.status
            ok = ok and not errors
        else:
            ok, errors, status = answer.ok and not order_errors, order_errors, answer.status
        if ok and detail is not None and detail.state == OrderDetailState.REFUSED:
            results.append(_refused(key, detail.errors))
        elif ok:
            results.append(ItemResult.ok(key))
        else:
            results.append(_failure(key, errors or order_errors, status, unknown=unknown))
    results.extend(result for key, result in decided.items() if key not in _line_ids(order))
    return results


def order_result(order_id: str, answer: OrderUpdateResult) -> ItemResult:
    """One result for a whole-order update, with FNAC's code and message when refused.

    FNAC answers 200 whatever happened, so every level is read: the order's status, each
    line's status, and any ERROR or FATAL `<error>` nested in an OK order or line (FNAC-Q10,
    FNAC-Q11). An answer silent on the order is unknown when FNAC said OK.

    Examples:
        >>> order_result("1A2B3C4D5E6F7", OrderUpdateResult(status="ERROR")).reason.message
        'FNAC answered ERROR'
        >>> from marketplace_sdk.fnac._models import OrderDetailUpdateResult
        >>> nested = OrderUpdateResult(status="OK", order_details=[OrderDetailUpdateResult(
        ...     order_detail_id=2, status="OK", errors=[FnacError(code="ERR_9", message="no")])])
        >>> order_result("1A2B3C4D5E6F7", nested).reason.code
        'ERR_9'
    """
    errors = _blocking(answer.errors)
    failed = not answer.ok or bool(errors)
    for detail in answer.order_details:
        line_errors = _blocking(detail.errors)
        errors.extend(line_errors)
        failed = failed or not detail.ok or bool(line_errors)
    if not failed:
        return ItemResult.ok(order_id)
    unknown = answer.ok and _no_outcome(answer.errors)
    return _failure(order_id, errors, answer.status, unknown=unknown)


def ship_precheck(order: FnacOrder) -> ItemResult | None:
    """The result of `ready_to_ship` when FNAC's order state decides it without a call.

    Shipped (or further) is ok: the shipment was already sent, never send it twice. Created
    needs acceptance first (rejected); Accepted is still being debited (retry later). `None`:
    the order is ToShip and the shipment is to be sent.

    Examples:
        >>> ship_precheck(FnacOrder(order_id="1A2B3C4D5E6F7", state="Shipped")).is_ok
        True
    """
    key = order.order_id or ""
    if order.state in _SHIPPED_STATES:
        return ItemResult.ok(key)
    if order.state == OrderState.TO_SHIP:
        return None
    if order.state == OrderState.ACCEPTED:
        return ItemResult.retry_later(
            key, code="order_state", message="FNAC is still debiting the buyer (Accepted)"
        )
    if order.state == OrderState.CREATED:
        return ItemResult.rejected(
            key, code="order_state", message="accept the order before shipping it"
        )
    return ItemResult.rejected(
        key, code="order_state", message=f"FNAC order is {order.state}; it cannot be shipped"
    )


def carrier_code(
    carrier: str, carriers: Sequence[Carrier], table: CarrierTable = FNAC_CARRIERS
) -> str:
    """FNAC's code for an OMS carrier: by the channel's carrier `table`, else by a code or
    name FNAC's `carriers` list gives, else the table's fallback.

    A code FNAC's list does not hold is never sent (FNAC-Q12): when `carriers` is not empty,
    the code found must be one of its codes.

    Raises:
        UnknownCarrierError: no code for `carrier`, or one FNAC's list lacks.

    Examples:
        >>> known = [Carrier(code="LAPOSTE", name="La Poste")]
        >>> carrier_code("la-poste", known), carrier_code("LAPOSTE", [])
        ('LAPOSTE', 'LAPOSTE')
    """
    listed = {(known.code or "").casefold(): known.code for known in carriers if known.code}
    by_name = {carrier_key(known.name or ""): known.code for known in carriers if known.code}
    code = (
        table.lookup(carrier)
        or by_name.get(carrier_key(carrier))
        or listed.get(carrier.strip().casefold())
    )
    if code is None and table.fallback is not None:
        code = table.fallback
    if code is None or (listed and code.casefold() not in listed):
        names = table.names() + tuple(code for code in listed.values() if code)
        raise UnknownCarrierError(carrier, marketplace="FNAC", known=tuple(sorted(set(names))))
    return listed.get(code.casefold()) or code


def pending_import(sku: str, import_id: int) -> ItemResult:
    """The result of a listing waiting for Mirakl product import `import_id`.

    Examples:
        >>> pending_import("A", 7).marketplace_id
        '7'
    """
    return ItemResult(
        key=sku,
        outcome=Outcome.RETRY_LATER,
        reason=Reason(
            code=PENDING_IMPORT,
            message=(
                f"FNAC does not know this product yet: Mirakl product import {import_id} was "
                "sent; list it again once the import is integrated to create the offer"
            ),
        ),
        marketplace_id=str(import_id),
    )


def import_outcome(
    sku: str,
    status: ProductImport,
    errors: Sequence[ErrorReportLine] = (),
    *,
    skus_by_line: Mapping[int, str] | None = None,
) -> ItemResult:
    """What a listing is once FNAC still does not know its product and Mirakl import `status`
    carries it (its row on line 2 of a file of its own, else as `skus_by_line` says).

    A Mirakl import ends `COMPLETE` even when it refused rows (MIRAKL-Q07): `errors`, the rows
    of its reports, decide. A refused row is this product's rejection with Mirakl's message;
    an import that failed as a whole rejects it with Mirakl's reason. An import still running,
    in a state this SDK does not know (MIRAKL-Q08, named in the message), or complete without
    refusing the product (FNAC's catalogue has not caught up) is retry later.

    Examples:
        >>> running = ProductImport(import_id=7, import_status="RUNNING")
        >>> import_outcome("A", running).outcome.value
        'retry_later'
        >>> done = ProductImport(import_id=7, import_status="COMPLETE")
        >>> refused = ErrorReportLine(line=2, message="Attribute is required: [author]")
        >>> result = import_outcome("A", done, [refused])
        >>> result.outcome.value, result.reason.code
        ('rejected', 'product_import_rejected')
    """
    import_id = status.import_id
    found = errors_by_product(errors, skus_by_line=skus_by_line or {2: sku})
    mine = [*found.get(sku, []), *found.get(None, [])]
    if status.unknown_status is not None:
        message = (
            f"Mirakl product import {import_id} is in state {status.unknown_status!r}, which "
            "this SDK does not know; list the product again later"
        )
        return _import_result(sku, Outcome.RETRY_LATER, PENDING_IMPORT, message, import_id)
    if mine and status.is_final:
        reasons = "; ".join(
            f"line {line.line}: {line.message}" if line.line else line.message for line in mine
        )
        message = (
            f"Mirakl product import {import_id} refused the product: {reasons}; it is not "
            "imported again until the row changes"
        )
        return _import_result(sku, Outcome.REJECTED, IMPORT_REJECTED, message, import_id)
    if not status.is_final:
        return pending_import(sku, import_id)
    if status.import_status != ImportStatus.COMPLETE:
        reason = status.reason_status or "Mirakl gave no reason"
        message = f"Mirakl product import {import_id} ended {status.import_status}: {reason}"
        return _import_result(sku, Outcome.REJECTED, IMPORT_REJECTED, message, import_id)
    message = (
        f"Mirakl product import {import_id} integrated the product; FNAC's offers do not know "
        "it yet: list it again later"
    )
    return _import_result(sku, Outcome.RETRY_LATER, PENDING_IMPORT, message, import_id)


def import_row(draft: ProductDraft) -> dict[str, str]:
    """The row `draft` has in a P41 product file, by column (`draft_to_import_csv`).

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> draft = ProductDraft(sku="A", title="Mug", stock=1, category_id="HOME",
        ...                      price=Money(amount="9.90", currency="EUR"))
        >>> import_row(draft)["shop-sku"], import_row(draft)["category"]
        ('A', 'HOME')
    """
    header, row = _csv_rows(draft_to_import_csv([draft]))
    return dict(zip(header, row, strict=True))


def same_import_row(fields: Mapping[str, str], row: Mapping[str, str]) -> bool:
    """Whether a refused row of an import report (`ErrorReportLine.fields`) is `row` as it
    would be sent now: the same product, unchanged, which Mirakl would refuse again.

    A column one side lacks counts as empty (a file of several products has the union of
    their attribute columns).

    Examples:
        >>> same_import_row({"shop-sku": "A", "category": "NOPE", "size": ""},
        ...                 {"shop-sku": "A", "category": "NOPE"})
        True
        >>> same_import_row({"shop-sku": "A", "category": "NOPE"},
        ...                 {"shop-sku": "A", "category": "BOOKS"})
        False
    """
    return all(
        (fields.get(column) or "").strip() == (row.get(column) or "").strip()
        for column in {*fields, *row}
    )


def waiting_for_import(sku: str, running: ProductImport, now: datetime) -> ItemResult:
    """Retry later: Mirakl is still running another product import of the shop, and takes one
    at a time (P41 once per 15 minutes), so this product is not sent before it ends; the wait
    is what is left of the 15 minutes since that upload, when Mirakl dates it.

    Examples:
        >>> from datetime import UTC
        >>> running = ProductImport(import_id=9, import_status="RUNNING",
        ...                         date_created=datetime(2026, 1, 1, tzinfo=UTC))
        >>> waiting = waiting_for_import("A", running, datetime(2026, 1, 1, 0, 5, tzinfo=UTC))
        >>> waiting.reason.code, waiting.retry_after
        ('pending_product_import', 600.0)
    """
    message = (
        f"FNAC does not know this product yet, and Mirakl product import "
        f"{running.import_id} ({running.import_status}) is still running; apply it again once "
        "that import has ended"
    )
    wait = None
    if running.date_created is not None:
        wait = max(0.0, (running.date_created + P41_INTERVAL - now).total_seconds())
    return ItemResult(
        key=sku,
        outcome=Outcome.RETRY_LATER,
        reason=Reason(code=PENDING_IMPORT, message=message),
        retry_after=wait,
        marketplace_id=str(running.import_id),
    )


def _import_result(
    sku: str, outcome: Outcome, code: str, message: str, import_id: int
) -> ItemResult:
    return ItemResult(
        key=sku,
        outcome=outcome,
        reason=Reason(code=code, message=message),
        marketplace_id=str(import_id),
    )


def _csv_rows(content: bytes) -> tuple[list[str], list[str]]:
    """The header and first row of a semicolon-separated CSV file."""
    header, row, *_ = csv.reader(io.StringIO(content.decode()), delimiter=";")
    return header, row


_ERROR_LINE = re.compile(r"\bline: (\d+)\s*$")


def offer_at_line(chunk: Sequence[OfferUpdate], line: int) -> int | None:
    """The index in `chunk` of the offer whose element holds `line` of the sent document.

    The document is serialized again exactly as it was sent (one `<offer>` a line, though a
    text holding a line break spans more), and each offer's first line is read back.

    Examples:
        >>> chunk = [OfferUpdate(offer_reference=sku, quantity=1) for sku in "AB"]
        >>> offer_at_line(chunk, 4), offer_at_line(chunk, 1)
        (1, None)
    """
    document = parse_xml(to_bytes(OffersUpdateRequest(offers=list(chunk)).to_xml()))
    starts = [node.sourceline if isinstance(node.sourceline, int) else 0 for node in document]
    found = None
    for index, start in enumerate(starts):
        if start <= line:
            found = index
    return found


def refused_call(chunk: Sequence[SentOffer], error: ApiError) -> dict[str, ItemResult]:
    """The results of an `offers_update` call FNAC refused whole and at once (FNAC-Q06).

    FNAC validates a call against its schema before opening a batch, so nothing of it was
    applied. FNAC's message ends with the line of the element at fault (`... line: 4`); the
    offer on that line is rejected with FNAC's code and message, and the others are retry
    later. When no offer can be named, every offer is rejected.

    Examples:
        >>> from marketplace_sdk.core._errors import InvalidRequestError
        >>> chunk = [OfferUpdate(offer_reference=sku, quantity=1) for sku in "AB"]
        >>> error = InvalidRequestError("Schema failed: Element 'price'. line: 4", code="ERR_146")
        >>> {key: r.outcome.value for key, r in refused_call(chunk, error).items()}
        {'A': 'retry_later', 'B': 'rejected'}
    """
    message = error.message or str(error)
    match = _ERROR_LINE.search(message)
    updates = [sent_update(offer) for offer in chunk]
    culprit = offer_at_line(updates, int(match.group(1))) if match else None
    results: dict[str, ItemResult] = {}
    for index, offer in enumerate(updates):
        key = offer.offer_reference
        if culprit is None or index == culprit or not 0 <= culprit < len(chunk):
            results[key] = ItemResult.rejected(key, code=error.code, message=message)
        else:
            results[key] = ItemResult.retry_later(
                key,
                code=error.code,
                message=f"FNAC refused the whole call for offer {updates[culprit].offer_reference}"
                f": {message}",
            )
    return results


_ELEMENT_AT_FAULT = re.compile(r"\bElement '([A-Za-z_]+)'")


@attrs.define
class SentOffers:
    """What became of the offers of a push, call by call and batch by batch.

    Attributes:
        reported: each offer's result from its batch's report, by SKU (`offer_results`).
        running: whether a batch was still running when the push stopped waiting.
        refused: the results of offers whose call or batch failed as a whole, by SKU.
        opened: the ids of the batches the channel opened, this push's and earlier ones.

    Examples:
        >>> sent = SentOffers()
        >>> sent.add_report(BatchStatusResponse(status="RUNNING"))
        >>> sent.running, dict(sent.reported)
        (True, {})
    """

    reported: ReportedResults = attrs.field(factory=ReportedResults)
    running: bool = False
    refused: dict[str, ItemResult] = attrs.field(factory=dict)
    #: The batches the channel opened (or found after losing the answer), oldest first.
    opened: dict[str, None] = attrs.field(factory=dict)

    def add_report(self, batch: BatchStatusResponse | BatchReport) -> None:
        """Take in a batch's final report (the last report of a SKU wins)."""
        self.running = self.running or not batch.is_done
        self.reported.update(
            batch.results if isinstance(batch, BatchReport) else offer_results(batch)
        )


def push_results(
    prepared: PreparedUpdates,
    sent: SentOffers,
    sent_with: Collection[str] = (),
) -> Sequence[ItemResult]:
    """One result per input of `prepared`, from what became of the offers `sent`: the
    batches' reports and the calls that failed whole.

    `sent_with` names the offer elements another push put in the same `<offer>` (a stock
    update's `quantity` beside a price): when FNAC refused the call for one of those, the
    input it names is not at fault and is retry later instead of rejected.

    Examples:
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> from marketplace_sdk.fnac._mapping import stock_updates
        >>> prepared = stock_updates([StockUpdate(sku="A", quantity=1)])
        >>> refused = {"A": ItemResult.rejected("A", code="ERR_146",
        ...     message="XML Schema Validation failed: Element 'price': too low. line: 2")}
        >>> push_results(prepared, SentOffers(refused=refused))[0].outcome.value
        'rejected'
        >>> push_results(prepared, SentOffers(refused=refused), {"price"})[0].outcome.value
        'retry_later'
    """
    reported = reported_results(prepared, sent.reported, running=sent.running)
    refused = sent.refused
    if not refused:
        return reported
    results = list(reported)
    for index, result in enumerate(results):
        answer = refused.get(result.key)
        if answer is None or result.is_ok or index not in prepared.offers:
            continue
        reason = answer.reason
        fault = _ELEMENT_AT_FAULT.search(reason.message) if reason is not None else None
        if answer.outcome is Outcome.REJECTED and fault and fault.group(1) in sent_with:
            answer = ItemResult.retry_later(
                answer.key,
                code=answer.reason.code if answer.reason else None,
                message=f"FNAC refused the <{fault.group(1)}> sent in the same offer: "
                f"{reason.message if reason else ''}",
            )
        results[index] = answer
    return results


def lost_batch(listed: BatchQueryResponse, lines: int, opened: Collection[str]) -> str | None:
    """The batch an `offers_update` of `lines` offers opened although its answer was lost:
    the only batch `listed` (by `batch_query` since the call) with that many lines that is not
    one of the push's own (`opened`); `None` when there is none, or more than one.

    Examples:
        >>> from marketplace_sdk.fnac._models import BatchInfo
        >>> listed = BatchQueryResponse(batches=[BatchInfo(batch_id="B1", nb_lines=3),
        ...                                      BatchInfo(batch_id="B2", nb_lines=3)])
        >>> lost_batch(listed, 3, {"B1"}), lost_batch(listed, 3, set())
        ('B2', None)
    """
    found = {
        batch.batch_id
        for batch in listed.batches
        if batch.batch_id and batch.nb_lines == lines and batch.batch_id not in opened
    }
    return found.pop() if len(found) == 1 else None


def lost_upload_results(
    skus: Sequence[str], error: MarketplaceError, candidates: int | MarketplaceError
) -> dict[str, ItemResult]:
    """Each SKU's listing result when the answer to the P41 upload carrying it was lost and
    Mirakl's P51 showed no one import it created: retry later when P51 shows none since the
    upload (`candidates` 0: nothing was imported, so sending it again imports nothing twice),
    unknown when P51 shows several that cannot be told apart or could not be read (`candidates`
    is then the reading's error).

    Examples:
        >>> lost = TransportError("reset", sent=True)
        >>> lost_upload_results(["A"], lost, 0)["A"].outcome.value
        'retry_later'
        >>> lost_upload_results(["A"], lost, 2)["A"].outcome.value
        'unknown'
    """
    if isinstance(candidates, MarketplaceError):
        message = (
            f"the Mirakl product import's answer was lost ({error}) and P51 could not be read "
            f"({candidates}): check the shop's imports before importing again"
        )
        return {sku: ItemResult.unknown(sku, code=ANSWER_LOST, message=message) for sku in skus}
    if candidates == 0:
        message = (
            f"the Mirakl product import's answer was lost ({error}) and P51 shows no import "
            "since: it imported nothing, import it again"
        )
        return {sku: ItemResult.retry_later(sku, code=ANSWER_LOST, message=message) for sku in skus}
    message = (
        f"the Mirakl product import's answer was lost ({error}) and {candidates} imports "
        "created since cannot be told apart (P51): check them before importing again"
    )
    return {sku: ItemResult.unknown(sku, code=ANSWER_LOST, message=message) for sku in skus}


def retry_later_all(chunk: Sequence[SentOffer], message: str) -> dict[str, ItemResult]:
    """A retry-later result for every offer of a chunk whose push failed as a whole.

    Examples:
        >>> results = retry_later_all([OfferUpdate(offer_reference="A", quantity=1)], "busy")
        >>> results["A"].outcome.value, results["A"].reason.message
        ('retry_later', 'busy')
    """
    return {
        key: ItemResult.retry_later(key, message=message)
        for key in (sent_reference(offer) for offer in chunk)
    }


def listing_offer(draft: ProductDraft, ean: str) -> OfferUpdate | ItemResult:
    """The offer update creating `draft`'s offer on product `ean`, or why it cannot be sent.

    The price is the OMS price through `resolve_price` (0.90 to 20,000 EUR, and the selling
    price in the same currency); the stock must be 0 to 9,999.

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> draft = ProductDraft(sku="A", title="A", stock=10_000,
        ...                      price=Money(amount="9.90", currency="EUR"))
        >>> listing_offer(draft, "4006381333931").reason.code
        'quantity_out_of_range'
    """
    if draft.stock > MAX_QUANTITY:
        return ItemResult.rejected(
            draft.sku,
            code="quantity_out_of_range",
            message=f"FNAC accepts a quantity of 0 to {MAX_QUANTITY}, not {draft.stock}",
        )
    try:
        price = resolve_price(draft.price, draft.selling_price)
    except PriceError as error:
        code = "currency_mismatch" if isinstance(error, CurrencyMismatch) else "price_out_of_range"
        return ItemResult.rejected(draft.sku, code=code, message=str(error))
    return new_offer(draft.sku, ean, price, draft.stock, draft.description)


def listing_prepared(draft: ProductDraft) -> OfferUpdate | ItemResult:
    """The offer update listing `draft`, or the result that it cannot be listed on FNAC.

    A draft with variants (FNAC lists single products only) or without an EAN is rejected,
    and so is an offer `listing_offer` refuses.

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> draft = ProductDraft(sku="A", title="A", stock=1,
        ...                      price=Money(amount="9.90", currency="EUR"))
        >>> listing_prepared(draft).reason.code
        'missing_ean'
    """
    if draft.variants:
        return ItemResult.rejected(
            draft.sku,
            code="variation_product_listing",
            message=FNAC_CAPABILITIES.explain("variation_product_listing"),
        )
    ean = draft_ean(draft)
    if ean is None:
        return ItemResult.rejected(
            draft.sku, code="missing_ean", message="FNAC offers need the product's EAN"
        )
    return listing_offer(draft, ean)


def attributes_of(
    category_id: str, tree: Sequence[Hierarchy], attributes: Sequence[Attribute]
) -> list[Attribute]:
    """The PM11 attributes that apply to a category: shared ones (no hierarchy) and those of
    the category or any of its ancestors, from one PM11 answer for the whole catalogue.

    Mirakl allows PM11 once an hour, so the channel asks once for every attribute and filters
    here rather than asking once per category.

    Examples:
        >>> tree = [Hierarchy(code="BOOKS"), Hierarchy(code="NOVELS", parent_code="BOOKS")]
        >>> every = [Attribute(code="ean"), Attribute(code="author", hierarchy_code="BOOKS"),
        ...          Attribute(code="volts", hierarchy_code="TOOLS")]
        >>> [a.code for a in attributes_of("NOVELS", tree, every)]
        ['ean', 'author']
    """
    parents = {node.code: node.parent_code for node in tree}
    lineage: set[str] = set()
    current: str | None = category_id
    while current is not None and current not in lineage:
        lineage.add(current)
        current = parents.get(current)
    return [a for a in attributes if not a.hierarchy_code or a.hierarchy_code in lineage]
