"""Lazy pagination, described once and driven by the sync or async engine.

A `Paginator` says which call fetches the first page and, given a page, which call fetches the
next one (or `None` at the end). It is pure: the engines run it, fetching page N+1 only when the
caller has consumed page N. Three strategies cover the marketplaces: offset/limit, page number and
next-token.

A page counts every record the marketplace sent on it, those its wire model refused included
(`Page.refused`, `Page.size`): a page of 100 with one record set aside is still a full page, so
paging goes on past it.

Examples:
    >>> import httpx
    >>> from marketplace_sdk.core._request import ApiRequest, Call
    >>> def fetch(offset: int, limit: int) -> Call[Page[int]]:
    ...     items = list(range(offset, min(offset + limit, 5)))
    ...     return Call(ApiRequest(method="GET", path=f"/n?offset={offset}"),
    ...                 parse=lambda _: Page(items=items, total=5))
    >>> pager = OffsetPaginator(fetch, limit=2)
    >>> first = pager.first()
    >>> page = first.parse(httpx.Response(200))
    >>> page.items, pager.next(page) is not None
    ([0, 1], True)
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from itertools import chain
from typing import Any, Generic, Protocol, TypeVar

import attrs

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._records import RefusedRecord
from marketplace_sdk.core._request import Call

__all__ = [
    "OffsetPaginator",
    "Page",
    "PageNumberPaginator",
    "Paginator",
    "RecentIds",
    "TokenPaginator",
]

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


@attrs.frozen
class Page(Generic[T_co]):
    """One page of results, with whatever the marketplace says about the rest.

    Attributes:
        items: the records on this page that were read.
        total: the total number of records, when the marketplace says.
        next_token: the token of the next page (token pagination).
        has_more: whether more pages follow, when the marketplace says.
        cursor: where this page started (offset or page number), set by the paginator.
        refused: the records on this page that their wire model refused, each with its place
            among the page's records and its `RecordError`; the engine's `paginate` raises
            them, or hands them to its `quarantine`, in that place.

    Examples:
        >>> Page(items=[1, 2], total=2).items
        [1, 2]
    """

    items: Sequence[T_co]
    total: int | None = None
    next_token: str | None = None
    has_more: bool | None = None
    cursor: int = 0
    refused: Sequence[RefusedRecord] = ()

    @property
    def size(self) -> int:
        """How many records the marketplace sent on this page: read ones and refused ones.

        Examples:
            >>> Page(items=[1], refused=[RefusedRecord(0, RecordError("x", kind="order"))]).size
            2
        """
        return len(self.items) + len(self.refused)

    def entries(self) -> list[T_co | RecordError]:
        """The page's records in the order they were sent, a refused one as its `RecordError`.

        Examples:
            >>> refused = RefusedRecord(1, RecordError("x", kind="order", record_id="9"))
            >>> [str(entry) for entry in Page(items=[1, 3], refused=[refused]).entries()]
            ['1', 'order 9: x', '3']
        """
        entries: list[T_co | RecordError] = list(self.items)
        for refused in sorted(self.refused, key=lambda item: item.position):
            entries.insert(min(refused.position, len(entries)), refused.error)
        return entries

    @classmethod
    def of_entries(cls, entries: Iterable[T | RecordError], **fields: Any) -> Page[T]:
        """A page of `entries` (as `entries()` gives them), with the other fields as given.

        Examples:
            >>> page = Page.of_entries([1, RecordError("x", kind="order"), 3], total=3)
            >>> page.items, [item.position for item in page.refused], page.total
            ([1, 3], [1], 3)
        """
        items: list[T] = []
        refused: list[RefusedRecord] = []
        for position, entry in enumerate(entries):
            if isinstance(entry, RecordError):
                refused.append(RefusedRecord(position, entry))
            else:
                items.append(entry)
        return Page(items=items, refused=refused, **fields)


class Paginator(Protocol[T]):
    """Which call fetches the first page, and which fetches the page after a given one.

    `OffsetPaginator`, `PageNumberPaginator` and `TokenPaginator` implement it; the engines'
    `paginate` methods drive any of them.

    Examples:
        >>> from marketplace_sdk.core._request import ApiRequest
        >>> pager: Paginator[int] = TokenPaginator(lambda token: Call(
        ...     ApiRequest(method="GET", path="/"), parse=lambda _: Page(items=[1])))
    """

    def first(self) -> Call[Page[T]]:
        """The call for the first page."""
        ...

    def next(self, page: Page[T]) -> Call[Page[T]] | None:
        """The call for the page after `page`, or `None` when `page` is the last."""
        ...


def _with_cursor(call: Call[Page[T]], cursor: int) -> Call[Page[T]]:
    return call.map(lambda page: attrs.evolve(page, cursor=cursor))


class OffsetPaginator(Generic[T]):
    """Offset/limit pagination, optionally capped at a maximum offset.

    The last page is the one that comes back shorter than `limit`, empty, or reaching `total`
    (counting the records it refused: `Page.size`).
    `max_offset` is the largest offset the marketplace accepts (Etsy: 12,000): the paginator stops
    there and sets `truncated`, so the caller can continue by narrower date windows.

    Examples:
        >>> pager = OffsetPaginator(lambda offset, limit: None, limit=100, max_offset=12_000)
        >>> pager.limit
        100
    """

    def __init__(
        self,
        fetch: Callable[[int, int], Call[Page[T]]],
        *,
        limit: int,
        start: int = 0,
        max_offset: int | None = None,
    ) -> None:
        """`fetch(offset, limit)` builds the call for one page."""
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._fetch = fetch
        self.limit = limit
        self._start = start
        self._max_offset = max_offset
        self.truncated = False

    def first(self) -> Call[Page[T]]:
        """The call for the page at the start offset."""
        return _with_cursor(self._fetch(self._start, self.limit), self._start)

    def at(self, offset: int) -> Call[Page[T]]:
        """The call for the page at `offset` (a scan stepping back over a shift, say).

        Examples:
            >>> import httpx
            >>> from marketplace_sdk.core._request import ApiRequest
            >>> def fetch(offset: int, limit: int) -> Call[Page[int]]:
            ...     return Call(ApiRequest(method="GET", path=f"/o?offset={offset}"),
            ...                 parse=lambda _: Page(items=[offset]))
            >>> call = OffsetPaginator(fetch, limit=10).at(30)
            >>> call.request.path, call.parse(httpx.Response(200)).cursor
            ('/o?offset=30', 30)
        """
        return _with_cursor(self._fetch(offset, self.limit), offset)

    def next(self, page: Page[T]) -> Call[Page[T]] | None:
        """The call for the following offset, or `None` after the last page."""
        count = page.size
        if count == 0 or count < self.limit or page.has_more is False:
            return None
        offset = page.cursor + count
        if page.total is not None and offset >= page.total:
            return None
        if self._max_offset is not None and offset > self._max_offset:
            self.truncated = True
            return None
        return _with_cursor(self._fetch(offset, self.limit), offset)


class PageNumberPaginator(Generic[T]):
    """Page-number pagination (1-based by default).

    The last page is an empty one, one with `has_more` False, or the one reaching `total` records
    at `per_page` each.

    Examples:
        >>> PageNumberPaginator(lambda page: None, per_page=50).per_page
        50
    """

    def __init__(
        self,
        fetch: Callable[[int], Call[Page[T]]],
        *,
        per_page: int | None = None,
        start: int = 1,
    ) -> None:
        """`fetch(page_number)` builds the call for one page."""
        self._fetch = fetch
        self.per_page = per_page
        self._start = start

    def first(self) -> Call[Page[T]]:
        """The call for the first page."""
        return _with_cursor(self._fetch(self._start), self._start)

    def next(self, page: Page[T]) -> Call[Page[T]] | None:
        """The call for the next page number, or `None` after the last page."""
        if not page.size or page.has_more is False:
            return None
        if page.total is not None and self.per_page:
            seen = (page.cursor - self._start + 1) * self.per_page
            if seen >= page.total:
                return None
        if self.per_page and page.size < self.per_page and page.has_more is not True:
            return None
        number = page.cursor + 1
        return _with_cursor(self._fetch(number), number)


class TokenPaginator(Generic[T]):
    """Next-token (seek) pagination: each page names the token of the next one.

    Examples:
        >>> TokenPaginator(lambda token: None).first  # doctest: +ELLIPSIS
        <bound method TokenPaginator.first of ...>
    """

    def __init__(self, fetch: Callable[[str | None], Call[Page[T]]]) -> None:
        """`fetch(token)` builds the call for one page; `None` asks for the first."""
        self._fetch = fetch

    def first(self) -> Call[Page[T]]:
        """The call for the first page."""
        return self._fetch(None)

    def next(self, page: Page[T]) -> Call[Page[T]] | None:
        """The call for `page.next_token`, or `None` when there is none."""
        if not page.next_token:
            return None
        return self._fetch(page.next_token)


class RecentIds(Collection[int]):
    """The ids served on the last `pages` pages: what a paginator checks a new page against.

    Offset paging serves a record again when records arrive ahead of it between two requests
    (its page shifts). Remembering every id served would make a long pass grow without bound;
    remembering the last `pages` pages' ids keeps memory flat and still drops every such
    duplicate as long as at most `pages` x page size records arrive ahead of the cursor while a
    pass runs (a record comes back `n` pages later only once more than `(n - 1)` x page size
    records pushed it there).

    Examples:
        >>> recent = RecentIds(pages=2)
        >>> recent.update([1, 2]); recent.update([3]); recent.update([4])
        >>> 1 in recent, 3 in recent, sorted(recent)
        (False, True, [3, 4])
    """

    def __init__(self, pages: int) -> None:
        """Remember the ids of the last `pages` pages (at least 1)."""
        if pages < 1:
            raise ValueError(f"remember at least one page of ids, not {pages}")
        self.pages = pages
        self._pages: deque[frozenset[int]] = deque(maxlen=pages)

    def update(self, ids: Iterable[int]) -> None:
        """Remember the ids of one more page (the oldest page's are forgotten past `pages`)."""
        self._pages.append(frozenset(ids))

    def __contains__(self, ident: object) -> bool:
        return any(ident in page for page in self._pages)

    def __iter__(self) -> Iterator[int]:
        return chain.from_iterable(self._pages)

    def __len__(self) -> int:
        return sum(len(page) for page in self._pages)
