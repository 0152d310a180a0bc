"""Lazy paging past Etsy's offset cap, with de-duplication by id across pages.

Etsy serves at most 100 records a page and refuses offsets past 12,000 (NOTES.md), and the same
record can come back on two pages (etsy/open-api #510). Two strategies go further:

- receipts (`receipts_by_created`, `receipts_by_last_modified`): a `DateWindowPaginator` pages
  one time window; when the window's first page says it holds more than the cap allows, the
  window is split in two halves (which overlap by a second, so neither reading of Etsy's bounds
  loses a record) and each half is paged in turn, recursively, within a budget of splits
  (`max_splits`, by default `DEFAULT_MAX_SPLITS`): when Etsy's count does not shrink as the
  window narrows, splitting would go on to one-second windows (one 1-day window once made
  345,594 calls), so past the budget a `WindowSplitBudgetError` is raised instead;
- listings (`listings_by_shop`), which Etsy cannot filter by date: a `TwoEndedPaginator` pages
  oldest first up to the cap, then newest first until it meets what it has already seen, which
  reaches 24,200 listings per state (a larger state is logged and flagged as `truncated`).

Both return each id once (`unseen`), and both are `Paginator`s the engines drive lazily. A
`DateWindowPaginator` remembers the ids of its last `seen_pages` pages only (`RecentIds`, by
default `DEFAULT_SEEN_PAGES`: 2,000 ids), so its memory stays flat however many receipts a pass
reads; that drops every duplicate as long as at most `seen_pages` x 100 receipts arrive ahead
of the cursor during a pass (a window's receipts are sorted by a time its upper bound fixed when
the pass started, so receipts placed or changed later fall outside it, and shifts come from Etsy
serving a record twice, etsy/open-api #510, and from split windows overlapping by a second,
which are consecutive pages). A `TwoEndedPaginator` keeps every id: its two ends meet on a
record read up to 12,100 records earlier, and its catalogue is bounded by the offset cap. A
record Etsy's schema refused (`Page.refused`) counts like the others: it fills its page (a page
of 100 with one refused record is full, and the next page is read), and once its id is read it
is served once, like any record.

Examples:
    >>> unseen([1, 2, 2, 3], key=lambda n: n, seen={1})
    [2, 3]
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from typing import Generic, Literal, TypeVar, Unpack

from marketplace_sdk.core._errors import MarketplaceError, RecordError
from marketplace_sdk.core._pagination import OffsetPaginator, Page, RecentIds
from marketplace_sdk.core._request import Call
from marketplace_sdk.etsy._endpoints._base import MAX_LIMIT, MAX_OFFSET
from marketplace_sdk.etsy._endpoints.listings import (
    ListingInclude,
    ListingSortOn,
    ListingStateFilter,
    SortOrder,
    get_listings_by_shop,
)
from marketplace_sdk.etsy._endpoints.receipts import (
    ReceiptDocument,
    ReceiptFlags,
    get_shop_receipt_documents,
    get_shop_receipt_transactions_by_listing,
    get_shop_receipts,
    unix_seconds,
)
from marketplace_sdk.etsy._models import Listing, ShopReceipt, ShopReceiptTransaction

__all__ = [
    "DEFAULT_MAX_SPLITS",
    "DEFAULT_SEEN_PAGES",
    "DateWindowPaginator",
    "ListingsOutOfReachError",
    "TwoEndedPaginator",
    "WindowSplitBudgetError",
    "listings_by_shop",
    "receipt_documents_by_last_modified",
    "receipts_by_created",
    "receipts_by_last_modified",
    "split_window",
    "transactions_by_listing",
    "unseen",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: Etsy's budget of requests per app and rolling day (its published default).
DAILY_REQUESTS = 10_000
#: Records one window can page before the offset cap: 12,100.
WINDOW_CAPACITY = MAX_OFFSET + MAX_LIMIT
#: Halvings that narrow a 90-day window to a few seconds (2**23 seconds is 97 days).
MAX_DEPTH = 23

#: The splits one pass over a window may make, derived from Etsy's limits: a split is only
#: needed for a window holding more than `WINDOW_CAPACITY` records, so its halves hold at least
#: half as many on average; the most a day's `DAILY_REQUESTS` can read (100 records a request:
#: 1,000,000 records) then needs about 2 * 1,000,000 / 12,100 = 165 splits, plus `MAX_DEPTH`
#: for records bunched in time. More splits than that cannot be read in a day anyway: Etsy's
#: count is not shrinking with the window.
DEFAULT_MAX_SPLITS = 2 * DAILY_REQUESTS * MAX_LIMIT // WINDOW_CAPACITY + MAX_DEPTH

#: Pages whose ids a `DateWindowPaginator` remembers to drop a record served twice: duplicates
#: from shifts of up to 20 x 100 = 2,000 receipts are dropped, in about 150 KB however long
#: the pass.
DEFAULT_SEEN_PAGES = 20

#: `fetch(window_start, window_end, offset, limit)` builds the call for one page of a window.
WindowFetch = Callable[[int, int, int, int], Call[Page[T]]]


def unseen(items: Iterable[T], *, key: Callable[[T], int | None], seen: Collection[int]) -> list[T]:
    """The items whose id is not in `seen`, first occurrence only, in order (pure).

    An item whose id cannot be read (`key` gives `None`) cannot be matched: it is kept.

    Examples:
        >>> unseen(["a", "bb", "cc"], key=len, seen=set())
        ['a', 'bb']
        >>> unseen(["a", "", ""], key=lambda text: len(text) or None, seen=set())
        ['a', '', '']
    """
    fresh: list[T] = []
    taken: set[int] = set()
    for item in items:
        ident = key(item)
        if ident is not None:
            if ident in seen or ident in taken:
                continue
            taken.add(ident)
        fresh.append(item)
    return fresh


def split_window(start: int, end: int) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """Two halves of `[start, end]` overlapping by one second, or `None` when too narrow.

    The overlap keeps a record stamped on the middle second whether Etsy treats `max_*` as
    inclusive or exclusive; de-duplication drops the copy.

    Examples:
        >>> split_window(0, 10)
        ((0, 6), (5, 10))
        >>> split_window(0, 2) is None
        True
    """
    if end - start < 3:
        return None
    middle = (start + end) // 2
    return (start, middle + 1), (middle, end)


class WindowSplitBudgetError(MarketplaceError):
    """A date window needed more splits than its budget: Etsy's count did not shrink with it.

    Raised instead of going on splitting (a request storm that spends the app's daily budget).
    Nothing is skipped silently: the records already yielded were delivered, the rest were not.
    `window` is the whole window (Unix seconds), `splits` the splits made, `total` the count
    Etsy reported for the window being split when the budget ran out.

    Examples:
        >>> error = WindowSplitBudgetError((0, 86_400), splits=188, total=50_000)
        >>> error.error_class.value, error.splits
        ('system', 188)
    """

    def __init__(self, window: tuple[int, int], *, splits: int, total: int | None) -> None:
        super().__init__(
            f"getShopReceipts window {window[0]}-{window[1]} needed more than {splits} splits: "
            f"Etsy still reports {total} records as the window narrows, so its count is not "
            "shrinking; stopped instead of splitting further (raise max_splits only for a "
            "window that truly holds that many)",
            marketplace="etsy",
        )
        self.window = window
        self.splits = splits
        self.total = total


class _DistinctPages(Generic[T]):
    """What both paginators share: the page size, the offset cap, and each id served once."""

    def __init__(
        self,
        key: Callable[[T], int],
        *,
        limit: int,
        max_offset: int,
        seen: set[int] | RecentIds | None = None,
    ) -> None:
        self._key = key
        self.limit = limit
        self.max_offset = max_offset
        self.truncated = False
        self._seen: set[int] | RecentIds = set() if seen is None else seen

    def _ident(self, entry: T | RecordError) -> int | None:
        if not isinstance(entry, RecordError):
            return self._key(entry)
        record_id = entry.record_id
        return int(record_id) if record_id is not None and record_id.isdigit() else None

    def _fresh(self, page: Page[T]) -> list[T | RecordError]:
        # The page's records (refused ones included) whose id no earlier page served, now
        # remembered as served.
        fresh = unseen(page.entries(), key=self._ident, seen=self._seen)
        self._seen.update([ident for ident in map(self._ident, fresh) if ident is not None])
        return fresh

    def _full(self, offset: int, raw: int, total: int | None) -> bool:
        # A full page that does not reach the total (when Etsy gave one): more may follow.
        return raw >= self.limit and (total is None or offset + raw < total)


class DateWindowPaginator(_DistinctPages[T]):
    """Pages records between `start` and `end` (Unix seconds), splitting windows past the cap.

    Args:
        fetch: builds one page's call.
        start: the window's start (Unix seconds).
        end: the window's end (Unix seconds).
        key: a record's id, for de-duplication.
        limit: records per page.
        max_offset: the largest offset the marketplace serves.
        max_splits: the splits this pass may make before it raises `WindowSplitBudgetError`
            (`DEFAULT_MAX_SPLITS`, derived from Etsy's limits).
        seen_pages: the pages whose ids are remembered to drop a record served twice
            (`DEFAULT_SEEN_PAGES`; see the module for the bound this gives).

    Examples:
        >>> pager = DateWindowPaginator(lambda lo, hi, offset, limit: None, start=0, end=10,
        ...                             key=lambda item: 0)
        >>> pager.truncated, pager.max_splits, pager.seen_pages
        (False, 188, 20)
    """

    def __init__(
        self,
        fetch: WindowFetch[T],
        *,
        start: int,
        end: int,
        key: Callable[[T], int],
        limit: int = MAX_LIMIT,
        max_offset: int = MAX_OFFSET,
        max_splits: int = DEFAULT_MAX_SPLITS,
        seen_pages: int = DEFAULT_SEEN_PAGES,
    ) -> None:
        """`fetch` builds one page's call; `key` gives a record's id for de-duplication."""
        if end < start:
            raise ValueError("the window ends before it starts")
        if max_splits < 0:
            raise ValueError("max_splits cannot be negative")
        super().__init__(key, limit=limit, max_offset=max_offset, seen=RecentIds(seen_pages))
        self.max_splits = max_splits
        self.seen_pages = seen_pages
        self._fetch = fetch
        self.start = start
        self.end = end
        self.windows_split = 0
        self._pending: list[tuple[int, int]] = []
        self._next: tuple[tuple[int, int], int] | None = None

    def first(self) -> Call[Page[T]]:
        """The first page of the whole window."""
        return self._page((self.start, self.end), 0)

    def next(self, page: Page[T]) -> Call[Page[T]] | None:
        """The next page of this window, else the first page of the next pending window."""
        if self._next is not None:
            window, offset = self._next
            return self._page(window, offset)
        if self._pending:
            return self._page(self._pending.pop(), 0)
        return None

    def _page(self, window: tuple[int, int], offset: int) -> Call[Page[T]]:
        self._next = None
        call = self._fetch(window[0], window[1], offset, self.limit)
        return call.map(lambda page: self._accept(window, offset, page))

    def _accept(self, window: tuple[int, int], offset: int, page: Page[T]) -> Page[T]:
        total = page.total
        if offset == 0 and total is not None and total > self.max_offset + self.limit:
            halves = split_window(*window)
            if halves is not None:
                if self.windows_split >= self.max_splits:
                    raise WindowSplitBudgetError(
                        (self.start, self.end), splits=self.windows_split, total=total
                    )
                self.windows_split += 1
                # Pushed second half first: the earlier half is paged first.
                self._pending.extend((halves[1], halves[0]))
                return Page(items=[], total=total, has_more=True, cursor=offset)
        raw = page.size
        fresh = self._fresh(page)
        more = self._full(offset, raw, total)
        if more and offset + raw > self.max_offset:
            self.truncated = True
            more = False
            logger.warning(
                "Etsy window %s-%s holds %s records, more than one second's window can page; "
                "the rest of it is skipped",
                window[0],
                window[1],
                total,
            )
        self._next = (window, offset + raw) if more else None
        return Page.of_entries(fresh, total=total, has_more=more, cursor=offset)


class ListingsOutOfReachError(MarketplaceError):
    """A state holds more listings than every ordering Etsy offers can page past its cap.

    Raised instead of ending the catalogue short (ETSY-Q21): the listings already yielded
    were delivered; `read` of Etsy's `total` were reached.

    Examples:
        >>> ListingsOutOfReachError(read=72_000, total=80_000).error_class.value
        'system'
    """

    def __init__(self, *, read: int, total: int | None) -> None:
        super().__init__(
            f"Etsy lists {total} records but only {read} can be reached through its offset "
            "cap in every ordering it offers; the rest were not read",
            marketplace="etsy",
        )
        self.read = read
        self.total = total


class TwoEndedPaginator(_DistinctPages[T]):
    """Pages a list in ascending order up to the cap, then descending until the two ends meet.

    `fetch(offset, limit, descending)` builds one page's call. When the two ends cannot meet
    (more than twice the cap), each of `more` (`fetch(offset, limit)` in another ordering) is
    paged up to the cap in turn until every record Etsy counts was read; past them all,
    `ListingsOutOfReachError` is raised rather than a shorter list returned (ETSY-Q21).

    Examples:
        >>> TwoEndedPaginator(lambda offset, limit, descending: None, key=id).truncated
        False
    """

    def __init__(
        self,
        fetch: Callable[[int, int, bool], Call[Page[T]]],
        *,
        key: Callable[[T], int],
        limit: int = MAX_LIMIT,
        max_offset: int = MAX_OFFSET,
        more: Sequence[Callable[[int, int], Call[Page[T]]]] = (),
    ) -> None:
        """`fetch` builds one page's call; `key` gives a record's id for de-duplication."""
        super().__init__(key, limit=limit, max_offset=max_offset)
        self._fetch = fetch
        self._more = list(more)
        self._next: tuple[int, bool] | None = None
        self._other: tuple[int, int] | None = None

    def first(self) -> Call[Page[T]]:
        """The first page, oldest first."""
        return self._page(0, descending=False)

    def next(self, page: Page[T]) -> Call[Page[T]] | None:
        """The next page in the current direction, the first page backwards, or `None`."""
        if self._other is not None:
            ordering, offset = self._other
            return self._other_page(ordering, offset)
        if self._next is None:
            return None
        offset, descending = self._next
        return self._page(offset, descending=descending)

    def _page(self, offset: int, *, descending: bool) -> Call[Page[T]]:
        self._next = None
        call = self._fetch(offset, self.limit, descending)
        return call.map(lambda page: self._accept(offset, descending, page))

    def _other_page(self, ordering: int, offset: int) -> Call[Page[T]]:
        self._other = None
        call = self._more[ordering](offset, self.limit)
        return call.map(lambda page: self._accept_other(ordering, offset, page))

    def _complete(self, total: int | None) -> bool:
        return total is not None and len(self._seen) >= total

    def _accept(self, offset: int, descending: bool, page: Page[T]) -> Page[T]:
        raw = page.size
        fresh = self._fresh(page)
        met = descending and len(fresh) < raw
        more = self._full(offset, raw, page.total)
        if self._complete(page.total):
            more = False  # the two ends met exactly, without a shared record
        if met or not more:
            self._next = None
        elif offset + raw <= self.max_offset:
            self._next = (offset + raw, descending)
        elif not descending:
            self._next = (0, True)
        else:
            self._past_both_ends(page.total, 0)
        return Page.of_entries(fresh, total=page.total, has_more=self._has_more(), cursor=offset)

    def _accept_other(self, ordering: int, offset: int, page: Page[T]) -> Page[T]:
        raw = page.size
        fresh = self._fresh(page)
        if not self._complete(page.total) and self._full(offset, raw, page.total):
            if offset + raw <= self.max_offset:
                self._other = (ordering, offset + raw)
            else:
                self._past_both_ends(page.total, ordering + 1)
        return Page.of_entries(fresh, total=page.total, has_more=self._has_more(), cursor=offset)

    def _past_both_ends(self, total: int | None, ordering: int) -> None:
        if ordering < len(self._more):
            logger.info("Etsy list of %s records: paging it in another ordering", total)
            self._other = (ordering, 0)
            return
        self.truncated = True
        raise ListingsOutOfReachError(read=len(self._seen), total=total)

    def _has_more(self) -> bool:
        return self._next is not None or self._other is not None


def listings_by_shop(
    shop_id: int,
    *,
    state: ListingStateFilter = "active",
    includes: Sequence[ListingInclude] = ("Images", "Inventory"),
) -> TwoEndedPaginator[Listing]:
    """Every listing of the shop in `state`, 100 a request, with images and inventory embedded.

    Examples:
        >>> pager = listings_by_shop(42)
        >>> pager.first().request.params["includes"]
        'Images,Inventory'
    """

    def fetch(offset: int, limit: int, descending: bool) -> Call[Page[Listing]]:
        return get_listings_by_shop(
            shop_id,
            state=state,
            includes=includes,
            limit=limit,
            offset=offset,
            sort_on="created",
            sort_order="desc" if descending else "asc",
        )

    def other(
        sort_on: ListingSortOn, order: SortOrder
    ) -> Callable[[int, int], Call[Page[Listing]]]:
        def fetch_other(offset: int, limit: int) -> Call[Page[Listing]]:
            return get_listings_by_shop(
                shop_id,
                state=state,
                includes=includes,
                limit=limit,
                offset=offset,
                sort_on=sort_on,
                sort_order=order,
            )

        return fetch_other

    # Past both ends of the cap (more than 24,200 listings in a state), other orderings
    # reach other listings (ETSY-Q21).
    more = [other(key, order) for key in ("price", "updated") for order in ("asc", "desc")]
    return TwoEndedPaginator(fetch, key=lambda listing: listing.listing_id, more=more)


def _receipt_id(receipt: ShopReceipt) -> int:
    return receipt.receipt_id


def _receipts_between(
    shop_id: int,
    start: datetime | int,
    end: datetime | int,
    by: Literal["created", "last_modified"],
    flags: ReceiptFlags,
    max_splits: int,
) -> DateWindowPaginator[ShopReceipt]:
    def fetch(lo: int, hi: int, offset: int, limit: int) -> Call[Page[ShopReceipt]]:
        # The window bounds the `by` time: min_created/max_created, or the last_modified pair.
        window = {f"min_{by}": lo, f"max_{by}": hi}
        return get_shop_receipts(
            shop_id,
            **window,
            limit=limit,
            offset=offset,
            sort_on="created" if by == "created" else "updated",
            sort_order="asc",
            **flags,
        )

    return DateWindowPaginator(
        fetch,
        start=unix_seconds(start),
        end=unix_seconds(end),
        key=_receipt_id,
        max_splits=max_splits,
    )


def receipts_by_created(
    shop_id: int,
    start: datetime | int,
    end: datetime | int,
    *,
    max_splits: int = DEFAULT_MAX_SPLITS,
    **flags: Unpack[ReceiptFlags],
) -> DateWindowPaginator[ShopReceipt]:
    """Every receipt created between `start` and `end`, oldest first, each once.

    `max_splits` bounds the window splits (`DateWindowPaginator`).

    Examples:
        >>> pager = receipts_by_created(42, 1_767_225_600, 1_767_312_000, was_paid=True)
        >>> pager.first().request.params["max_created"]
        1767312000
    """
    return _receipts_between(shop_id, start, end, "created", flags, max_splits)


def receipts_by_last_modified(
    shop_id: int,
    start: datetime | int,
    end: datetime | int,
    *,
    max_splits: int = DEFAULT_MAX_SPLITS,
    **flags: Unpack[ReceiptFlags],
) -> DateWindowPaginator[ShopReceipt]:
    """Every receipt last modified between `start` and `end` (cancellations of old orders too).

    `max_splits` bounds the window splits (`DateWindowPaginator`).

    Examples:
        >>> pager = receipts_by_last_modified(42, 1_767_225_600, 1_767_312_000, was_canceled=True)
        >>> pager.first().request.params["sort_on"]
        'updated'
    """
    return _receipts_between(shop_id, start, end, "last_modified", flags, max_splits)


def receipt_documents_by_last_modified(
    shop_id: int,
    start: datetime | int,
    end: datetime | int,
    *,
    max_splits: int = DEFAULT_MAX_SPLITS,
    **flags: Unpack[ReceiptFlags],
) -> DateWindowPaginator[ReceiptDocument]:
    """`receipts_by_last_modified`, each receipt kept as decoded (`ReceiptDocument`).

    The same requests, windows and refusals; the order path maps the receipts without their
    wire models (`etsy._mapping.fast`).

    Examples:
        >>> pager = receipt_documents_by_last_modified(42, 1_767_225_600, 1_767_312_000)
        >>> pager.first().request.params["sort_on"]
        'updated'
    """

    def fetch(lo: int, hi: int, offset: int, limit: int) -> Call[Page[ReceiptDocument]]:
        return get_shop_receipt_documents(
            shop_id,
            min_last_modified=lo,
            max_last_modified=hi,
            limit=limit,
            offset=offset,
            sort_on="updated",
            sort_order="asc",
            **flags,
        )

    return DateWindowPaginator(
        fetch,
        start=unix_seconds(start),
        end=unix_seconds(end),
        key=_document_id,
        max_splits=max_splits,
    )


def _document_id(document: ReceiptDocument) -> int:
    return document.receipt_id


def transactions_by_listing(
    shop_id: int, listing_id: int
) -> OffsetPaginator[ShopReceiptTransaction]:
    """Every sold line of a listing, 100 a request, up to Etsy's 12,000 offset cap.

    The paginator's `truncated` turns True when the cap stopped it.

    Examples:
        >>> pager = transactions_by_listing(42, 9)
        >>> pager.first().request.params["limit"], pager.limit
        (100, 100)
    """
    return OffsetPaginator(
        lambda offset, limit: get_shop_receipt_transactions_by_listing(
            shop_id, listing_id, limit=limit, offset=offset
        ),
        limit=MAX_LIMIT,
        max_offset=MAX_OFFSET,
    )
