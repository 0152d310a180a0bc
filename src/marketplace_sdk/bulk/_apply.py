"""`apply_bulk`: list or update a bulk file's valid rows through a `Channel`, row by row.

Create mode lists the products with one `Channel.list_products` call (an Etsy group is one
listing; each of its rows gets the listing's outcome; FNAC imports every product it does not
know in one Mirakl file). A listing the marketplace left an unpublished
draft is `draft`, never `ok`; with `publish=True` it is published (`Channel.set_active`) and
the marketplace's refusal, if any, is kept in the row's reason. Update mode sends prices and
stocks in batches of 100 rows (`push_prices`, `push_stock`) and activations one by one
(`set_active`). A refused row never stops the run; an error that needs a person
(credentials revoked, a channel not configured) does: the rows after it are `not_sent`,
and the report's `stopped_by` holds that error.
The result file is written even when the run stops on an unexpected error.

Examples:
    A host lists a checked file and reads the outcome::

        bulk = read_bulk_file("etsy-products.xlsx", "etsy")
        report = apply_bulk(channel, bulk, results_path="etsy-products.results.xlsx")
        print(report.counts)
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from marketplace_sdk.bulk._errors import BulkFileError
from marketplace_sdk.bulk._model import BulkFile, BulkListing, BulkUpdate
from marketplace_sdk.bulk._report import BulkReport, RowOutcome, RowResult, write_results
from marketplace_sdk.core._errors import (
    ApiError,
    ErrorClass,
    MarketplaceError,
    RateLimitedError,
    ResponseParseError,
    TransportError,
)
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.core._sync.channel import Channel

__all__ = ["UPDATE_BATCH_SIZE", "Progress", "apply_bulk"]

logger = logging.getLogger(__name__)

#: Rows of an update file sent per `push_prices` / `push_stock` call.
UPDATE_BATCH_SIZE = 100

#: Called with (rows done, rows to apply) after each product or batch.
Progress = Callable[[int, int], None]

_OUTCOMES = {
    Outcome.OK: RowOutcome.OK,
    Outcome.REJECTED: RowOutcome.REJECTED,
    Outcome.RETRY_LATER: RowOutcome.RETRY_LATER,
    Outcome.UNKNOWN: RowOutcome.UNKNOWN,
}


def _error_item(key: str, error: MarketplaceError) -> ItemResult:
    code = error.code if isinstance(error, ApiError) else None
    lost = isinstance(error, ResponseParseError) or (
        isinstance(error, TransportError) and error.sent
    )
    if lost:  # the row's write may have been applied: never report it rejected
        message = f"{error}: it may have been applied; check before sending it again"
        return ItemResult.unknown(key, message=message, code=code)
    if error.error_class is ErrorClass.TRANSIENT:
        wait = error.retry_after if isinstance(error, RateLimitedError) else None
        return ItemResult.retry_later(key, message=str(error), code=code, retry_after=wait)
    return ItemResult.rejected(key, message=str(error), code=code)


def _row(line: int, sku: str, item: ItemResult) -> RowResult:
    return RowResult(
        line=line,
        sku=sku,
        outcome=RowOutcome.DRAFT if item.draft else _OUTCOMES[item.outcome],
        reason="" if item.reason is None else str(item.reason),
        marketplace_id=item.marketplace_id or "",
    )


class _Run:
    """The results so far, and the error that stopped the run, if one did."""

    def __init__(self, bulk: BulkFile, progress: Progress | None) -> None:
        self.results: dict[int, RowResult] = {}
        self.stopped: MarketplaceError | None = None
        self.done = 0
        self.total = bulk.ready_count
        self.progress = progress
        by_line: dict[int, list[str]] = defaultdict(list)
        skus: dict[int, str] = {}
        for error in bulk.errors:
            by_line[error.line].append(
                f"{error.column}: {error.reason}" if error.column else error.reason
            )
            skus.setdefault(error.line, error.sku or "")
        for line, reasons in by_line.items():
            self.results[line] = RowResult(
                line=line, sku=skus[line], outcome=RowOutcome.INVALID, reason="; ".join(reasons)
            )
        for held in bulk.held:
            self.results[held.line] = RowResult(
                line=held.line, sku=held.sku, outcome=RowOutcome.HELD, reason=held.reason
            )

    def failed(self, error: MarketplaceError) -> None:
        if error.error_class is ErrorClass.CONFIGURATION:
            logger.warning("bulk run stopped: %s", error)
            self.stopped = error

    def not_sent(self, rows: Iterable[tuple[int, str]]) -> None:
        reason = f"not sent: the run stopped on {self.stopped}"
        for line, sku in rows:
            self.results[line] = RowResult(
                line=line, sku=sku, outcome=RowOutcome.NOT_SENT, reason=reason
            )

    def advance(self, rows: int) -> None:
        self.done += rows
        if self.progress is not None:
            self.progress(self.done, self.total)


def _publish(channel: Channel, run: _Run, listing: BulkListing, item: ItemResult) -> ItemResult:
    """Publish a listing left a draft; the draft result, with the refusal, when it fails."""
    # Any row's SKU reaches the listing: a group's own SKU is on no Etsy offering.
    sku = listing.rows[0][1]
    try:
        published = channel.set_active(sku, True)
    except MarketplaceError as error:
        published = _error_item(sku, error)
        run.failed(error)
    if published.is_ok:
        return ItemResult.ok(item.key, marketplace_id=item.marketplace_id)
    return ItemResult.listed_as_draft(
        item.key,
        marketplace_id=item.marketplace_id or "",
        message=f"listing {item.marketplace_id} is still a draft: publishing it was refused: "
        f"{published.reason}",
    )


def _list(channel: Channel, run: _Run, listings: Sequence[BulkListing], publish: bool) -> None:
    items: dict[int, ItemResult] = {}
    reported: set[int] = set()  # listings whose rows `progress` has counted

    def listed(index: int, item: ItemResult) -> None:
        items[index] = item
        reported.add(index)
        run.advance(len(listings[index].rows))

    try:
        # One call for the whole file: a marketplace that imports products by file (FNAC
        # through Mirakl, one import per 15 minutes) sends one file for all of them.
        channel.list_products([listing.draft for listing in listings], on_result=listed)
    except MarketplaceError as error:
        for index, listing in enumerate(listings):
            if index not in items and run.stopped is None:
                items[index] = _error_item(listing.draft.sku, error)
                run.failed(error)
    for index, listing in enumerate(listings):
        item = items.get(index)
        if item is None:
            run.not_sent(listing.rows)
        else:
            if publish and item.draft and run.stopped is None:
                item = _publish(channel, run, listing, item)
            for line, sku in listing.rows:
                run.results[line] = _row(line, sku, item)
        if index not in reported:
            run.advance(len(listing.rows))


def _push(
    run: _Run,
    name: str,
    rows: Sequence[BulkUpdate],
    send: Callable[[Sequence[BulkUpdate]], Sequence[ItemResult]],
    into: dict[int, list[tuple[str, ItemResult]]],
) -> None:
    if not rows or run.stopped is not None:
        return
    try:
        items: Sequence[ItemResult] = send(rows)
    except MarketplaceError as error:
        items = [_error_item(row.sku, error) for row in rows]
        run.failed(error)
    for row, item in zip(rows, items, strict=True):
        into[row.line].append((name, item))


def _combine(row: BulkUpdate, items: Sequence[tuple[str, ItemResult]]) -> RowResult:
    outcomes = {item.outcome for _, item in items}
    outcome = RowOutcome.OK
    if Outcome.REJECTED in outcomes:
        outcome = RowOutcome.REJECTED
    elif Outcome.UNKNOWN in outcomes:
        outcome = RowOutcome.UNKNOWN
    elif Outcome.RETRY_LATER in outcomes:
        outcome = RowOutcome.RETRY_LATER
    reason = "; ".join(f"{name}: {item.reason}" for name, item in items if item.reason)
    ids = [item.marketplace_id for _, item in items if item.marketplace_id]
    return RowResult(
        line=row.line,
        sku=row.sku,
        outcome=outcome,
        reason=reason,
        marketplace_id=ids[0] if ids else "",
    )


def _update(channel: Channel, run: _Run, updates: Sequence[BulkUpdate]) -> None:
    for start in range(0, len(updates), UPDATE_BATCH_SIZE):
        chunk = updates[start : start + UPDATE_BATCH_SIZE]
        items: dict[int, list[tuple[str, ItemResult]]] = defaultdict(list)
        priced = [row for row in chunk if row.price is not None]
        stocked = [row for row in chunk if row.stock is not None]
        _push(
            run,
            "price",
            priced,
            lambda rows: channel.push_prices(r.price for r in rows if r.price),
            items,
        )
        _push(
            run,
            "stock",
            stocked,
            lambda rows: channel.push_stock(r.stock for r in rows if r.stock),
            items,
        )
        for row in chunk:
            if row.active is None or run.stopped is not None:
                continue
            try:
                item = channel.set_active(row.sku, row.active)
            except MarketplaceError as error:
                item = _error_item(row.sku, error)
                run.failed(error)
            items[row.line].append(("active", item))
        for row in chunk:
            if len(items[row.line]) == len(row.changes):
                run.results[row.line] = _combine(row, items[row.line])
            else:
                run.not_sent([(row.line, row.sku)])
        run.advance(len(chunk))


def apply_bulk(
    channel: Channel,
    bulk_file: BulkFile,
    *,
    results_path: str | Path,
    progress: Progress | None = None,
    publish: bool = False,
) -> BulkReport:
    """List (create mode) or update (update mode) the file's valid rows; write the result file.

    Args:
        channel: the connected shop, on the file's marketplace.
        bulk_file: what `read_bulk_file` read.
        results_path: where to write the result file (`.xlsx` for Excel, else CSV).
        progress: called with (rows done, rows to apply) as the run goes.
        publish: create mode: publish each listing the marketplace left a draft (an Etsy
            listing needs an image, a shipping profile and stock to be published); a refusal
            keeps the row `draft` with the marketplace's reason.

    Returns:
        One result per row of the file, bad rows included (`invalid`), and the error that
        stopped the run (`stopped_by`), if one did.

    Raises:
        BulkFileError: the file is for another marketplace than the channel's.

    Examples:
        See the module docstring.
    """
    if channel.marketplace != bulk_file.marketplace:
        raise BulkFileError(
            f"this is a {bulk_file.marketplace} file; the channel is {channel.marketplace}",
            marketplace=channel.marketplace,
        )
    target = Path(results_path)
    run = _Run(bulk_file, progress)
    try:
        if bulk_file.mode == "create":
            _list(channel, run, bulk_file.listings, publish)
        else:
            _update(channel, run, bulk_file.updates)
    finally:
        write_results(target, tuple(run.results[line] for line in sorted(run.results)))
    return BulkReport(
        marketplace=bulk_file.marketplace,
        mode=bulk_file.mode,
        results=tuple(run.results[line] for line in sorted(run.results)),
        results_path=target,
        stopped_by=run.stopped,
    )
