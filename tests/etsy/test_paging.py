"""Paging past Etsy's offset cap: date windows, both ends of a list, and each id once."""

from __future__ import annotations

import bisect
import random
from collections.abc import Callable
from urllib.parse import parse_qs

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._pagination import Page, RecentIds
from marketplace_sdk.core._records import RefusedRecord
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._sync.engine import SyncEngine
from marketplace_sdk.etsy._endpoints import (
    DEFAULT_MAX_SPLITS,
    DEFAULT_SEEN_PAGES,
    DateWindowPaginator,
    ListingsOutOfReachError,
    TwoEndedPaginator,
    WindowSplitBudgetError,
    listings_by_shop,
    receipts_by_created,
    split_window,
    transactions_by_listing,
    unseen,
)

T0 = 1_767_225_600  # 2026-01-01


def drive(pager: DateWindowPaginator[int] | TwoEndedPaginator[int]) -> list[int]:
    out: list[int] = []
    call: Call[Page[int]] | None = pager.first()
    while call is not None:
        page = call.parse(httpx.Response(200))
        out.extend(page.items)
        call = pager.next(page)
    return out


def memory_windows(stamps: dict[int, int]) -> Callable[[int, int, int, int], Call[Page[int]]]:
    """Records id -> created second; windows inclusive; a page past offset 50 is refused."""

    def fetch(lo: int, hi: int, offset: int, limit: int) -> Call[Page[int]]:
        assert offset <= 50, "the paginator asked past the cap"
        matching = sorted(i for i, t in stamps.items() if lo <= t <= hi)
        items = matching[offset : offset + limit]
        return Call(
            ApiRequest(method="GET", path="/"),
            parse=lambda _: Page(items=items, total=len(matching)),
        )

    return fetch


@given(
    st.lists(st.tuples(st.integers(1, 5000), st.integers(0, 10_000)), max_size=400),
)
@settings(max_examples=60, deadline=None)
def test_date_windows_return_every_record_once(records: list[tuple[int, int]]) -> None:
    stamps = dict(records)
    pager = DateWindowPaginator(
        memory_windows(stamps), start=0, end=10_000, key=lambda n: n, limit=10, max_offset=50
    )
    got = drive(pager)
    assert len(got) == len(set(got))
    per_second = max((list(stamps.values()).count(t) for t in set(stamps.values())), default=0)
    if per_second <= 60:  # a window of a few seconds can still be paged whole
        assert sorted(got) == sorted(stamps)
        assert not pager.truncated


def test_one_crowded_second_is_reported_truncated() -> None:
    stamps = dict.fromkeys(range(1, 200), 5)
    pager = DateWindowPaginator(
        memory_windows(stamps), start=0, end=10, key=lambda n: n, limit=10, max_offset=50
    )
    got = drive(pager)
    assert len(got) == len(set(got)) == 60
    assert pager.truncated


@given(
    st.sets(st.integers(1, 10_000), max_size=300),
    st.lists(st.tuples(st.integers(0, 299), st.integers(1, 40)), max_size=30),
    st.randoms(use_true_random=False),
)
def test_ids_split_across_overlapping_pages_come_out_once(
    ids: set[int], overlaps: list[tuple[int, int]], rng: random.Random
) -> None:
    ordered = sorted(ids)
    rng.shuffle(ordered)
    pages = [ordered[i : i + 25] for i in range(0, len(ordered), 25)]
    for start, size in overlaps:  # pages that repeat records other pages hold
        pages.insert(rng.randrange(len(pages) + 1), ordered[start : start + size])
    seen: set[int] = set()
    out: list[int] = []
    for page in pages:
        fresh = unseen(page, key=lambda n: n, seen=seen)
        seen.update(fresh)
        out.extend(fresh)
    assert sorted(out) == sorted(ids)
    assert len(out) == len(set(out))


def shifting_window(
    records: int, arrivals: list[list[int]]
) -> Callable[[int, int, int, int], Call[Page[int]]]:
    """One window of `records` receipts (ids 1..records, in order) that shifts under paging.

    Before the page at request `n` (from the second on) is served, receipts arrive ahead of
    the cursor: `arrivals[n - 1]` holds, for each, where it lands among the receipts already
    served (0 is first), pushing served receipts forward onto the pages still to come.
    """
    window = list(range(1, records + 1))
    requests = 0

    def fetch(lo: int, hi: int, offset: int, limit: int) -> Call[Page[int]]:
        nonlocal requests
        if 0 < requests <= len(arrivals):
            for place in arrivals[requests - 1]:
                window.insert(min(place, offset), -len(window))  # a new receipt's own id
        requests += 1
        items = window[offset : offset + limit]
        return Call(
            ApiRequest(method="GET", path="/"),
            parse=lambda _: Page(items=items, total=len(window)),
        )

    return fetch


@given(
    st.integers(0, 300),
    st.integers(1, 6),
    st.lists(st.lists(st.integers(0, 300), max_size=15), max_size=40),
)
@settings(max_examples=200, deadline=None)
def test_a_page_shifted_within_the_seen_window_loses_and_repeats_no_receipt(
    records: int, seen_pages: int, arrivals: list[list[int]]
) -> None:
    limit = 10
    budget = seen_pages * limit  # the bound DateWindowPaginator documents
    kept: list[list[int]] = []
    for batch in arrivals:  # at most `budget` receipts arrive during the pass
        kept.append(batch[: max(0, budget - sum(map(len, kept)))])
    pager = DateWindowPaginator(
        shifting_window(records, kept),
        start=0,
        end=10,
        key=lambda n: n,
        limit=limit,
        max_offset=10**6,
        seen_pages=seen_pages,
    )
    got = drive(pager)
    assert len(got) == len(set(got))  # nothing twice
    assert {n for n in got if n > 0} == set(range(1, records + 1))  # nothing lost


def test_the_seen_window_keeps_the_last_pages_ids_only() -> None:
    recent = RecentIds(pages=3)
    for page in range(1_000):
        recent.update(range(page * 100, page * 100 + 100))
    assert len(recent) == 300
    assert 99_950 in recent
    assert 99_650 not in recent
    with pytest.raises(ValueError, match="at least one page"):
        RecentIds(pages=0)


def test_receipt_pages_remember_a_bounded_number_of_ids_by_default() -> None:
    pager = receipts_by_created(42, T0, T0 + 86_400)
    assert pager.seen_pages == DEFAULT_SEEN_PAGES == 20


@given(st.integers(0, 10**9), st.integers(0, 10**6))
def test_split_windows_shrink_and_cover(start: int, width: int) -> None:
    halves = split_window(start, start + width)
    if width < 3:
        assert halves is None
        return
    assert halves is not None
    (a, b), (c, d) = halves
    assert (a, d) == (start, start + width)
    assert c <= b  # they overlap, so no second falls between them
    assert max(b - a, d - c) < width


@pytest.mark.parametrize("total", [0, 7, 60, 61, 100, 119, 120, 121])
def test_two_ended_listing_pages_meet_in_the_middle(total: int) -> None:
    records = list(range(1, total + 1))

    def fetch(offset: int, limit: int, descending: bool) -> Call[Page[int]]:
        assert offset <= 50
        ordered = records[::-1] if descending else records
        items = ordered[offset : offset + limit]
        return Call(ApiRequest(method="GET", path="/"), parse=lambda _: Page(items, total=total))

    pager = TwoEndedPaginator(fetch, key=lambda n: n, limit=10, max_offset=50)
    reach = 2 * (50 + 10)
    if total > reach:
        with pytest.raises(ListingsOutOfReachError):
            drive(pager)
        assert pager.truncated
        return
    got = drive(pager)
    assert len(got) == len(set(got))
    assert set(got) == set(records)
    assert not pager.truncated


def test_etsy_q21_listings_past_both_ends_of_the_cap_are_read_in_another_ordering() -> None:
    # 150 records, a cap reaching 60 from each end: the middle 30 come from another ordering
    # (here by "price", where they sort cheapest), each record once, none lost.
    records = list(range(1, 151))
    by_price = records[60:90] + records[:60] + records[90:]

    def fetch(offset: int, limit: int, descending: bool) -> Call[Page[int]]:
        assert offset <= 50
        ordered = records[::-1] if descending else records
        items = ordered[offset : offset + limit]
        return Call(ApiRequest(method="GET", path="/"), parse=lambda _: Page(items, total=150))

    def fetch_price(offset: int, limit: int) -> Call[Page[int]]:
        assert offset <= 50
        items = by_price[offset : offset + limit]
        return Call(ApiRequest(method="GET", path="/"), parse=lambda _: Page(items, total=150))

    def fetch_price_desc(offset: int, limit: int) -> Call[Page[int]]:
        assert offset <= 50
        items = by_price[::-1][offset : offset + limit]
        return Call(ApiRequest(method="GET", path="/"), parse=lambda _: Page(items, total=150))

    pager = TwoEndedPaginator(
        fetch, key=lambda n: n, limit=10, max_offset=50, more=[fetch_price, fetch_price_desc]
    )
    got = drive(pager)
    assert sorted(got) == records
    assert not pager.truncated


class FakeReceipts:
    """getShopReceipts over 12,600 receipts in one week, enforcing Etsy's offset cap."""

    def __init__(self) -> None:
        rng = random.Random(7)
        self.created = {
            receipt_id: T0 + rng.randrange(7 * 86_400) for receipt_id in range(1, 12_601)
        }
        self.ordered = sorted((t, i) for i, t in self.created.items())
        self.requests = 0

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests += 1
        q = {key: values[0] for key, values in parse_qs(request.url.query.decode()).items()}
        offset, limit = int(q["offset"]), int(q["limit"])
        if offset > 12_000 or limit > 100:
            return httpx.Response(400, json={"error": "offset must be at most 12000"})
        lo, hi = int(q["min_created"]), int(q["max_created"])
        matching = self.ordered[
            bisect.bisect_left(self.ordered, (lo, 0)) : bisect.bisect_right(
                self.ordered, (hi, 1 << 62)
            )
        ]
        chunk = matching[offset : offset + limit]
        results = [{"receipt_id": i, "created_timestamp": t, "status": "Paid"} for t, i in chunk]
        return httpx.Response(200, json={"count": len(matching), "results": results})


def test_receipts_past_the_offset_cap_are_all_read_through_the_engine() -> None:
    fake = FakeReceipts()
    config = EngineConfig(marketplace="etsy", base_url="https://api.etsy.com")
    pager = receipts_by_created(42, T0, T0 + 7 * 86_400)
    with SyncEngine(config, transport=httpx.MockTransport(fake)) as engine:
        ids = [receipt.receipt_id for receipt in engine.paginate(pager)]

    assert len(ids) == len(set(ids)) == 12_600
    assert pager.windows_split >= 1
    assert not pager.truncated
    assert fake.requests <= 12_600 // 100 + 10


def test_listing_pager_asks_for_images_and_inventory_oldest_first() -> None:
    request = listings_by_shop(42, state="inactive").first().request
    assert request.params["includes"] == "Images,Inventory"
    assert (request.params["sort_order"], request.params["state"]) == ("asc", "inactive")


def test_plain_offset_paging_stops_at_the_cap_and_says_so() -> None:
    offsets: list[int] = []

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        offsets.append(offset)
        if offset > 12_000:
            return httpx.Response(400, json={"error": "offset too large"})
        results = [{"transaction_id": offset + n + 1, "quantity": 1} for n in range(100)]
        return httpx.Response(200, json={"count": 20_000, "results": results})

    pager = transactions_by_listing(42, 9)
    config = EngineConfig(marketplace="etsy", base_url="https://api.etsy.com")
    with SyncEngine(config, transport=httpx.MockTransport(handler)) as engine:
        lines = list(engine.paginate(pager))
    assert len(lines) == 12_100
    assert max(offsets) == 12_000
    assert pager.truncated


def test_a_count_that_does_not_shrink_stops_at_the_split_budget() -> None:
    requests: list[tuple[int, int, int]] = []

    def fetch(lo: int, hi: int, offset: int, limit: int) -> Call[Page[int]]:
        requests.append((lo, hi, offset))
        # Etsy's count ignores the window; the results are right (there are none).
        return Call(
            ApiRequest(method="GET", path="/receipts"),
            parse=lambda response: Page(items=[], total=50_000),
        )

    pager = DateWindowPaginator(fetch, start=T0, end=T0 + 86_400, key=lambda n: n)
    with pytest.raises(WindowSplitBudgetError) as caught:
        drive(pager)
    assert pager.windows_split == DEFAULT_MAX_SPLITS == 188
    assert len(requests) <= 2 * DEFAULT_MAX_SPLITS + 2
    assert caught.value.total == 50_000
    assert caught.value.window == (T0, T0 + 86_400)
    assert caught.value.error_class.value == "system"


def test_the_split_budget_is_a_parameter() -> None:
    stamps = {n: n * 10 for n in range(1, 400)}
    pager = DateWindowPaginator(
        memory_windows(stamps),
        start=0,
        end=10_000,
        key=lambda n: n,
        limit=10,
        max_offset=50,
        max_splits=2,
    )
    with pytest.raises(WindowSplitBudgetError):
        drive(pager)
    roomy = DateWindowPaginator(
        memory_windows(stamps),
        start=0,
        end=10_000,
        key=lambda n: n,
        limit=10,
        max_offset=50,
        max_splits=100,
    )
    assert sorted(drive(roomy)) == sorted(stamps)


def _refused(record_id: int | None) -> RecordError:
    ident = None if record_id is None else str(record_id)
    return RecordError("not an Etsy ShopReceipt", kind="order", record_id=ident)


def drive_entries(pager: DateWindowPaginator[int] | TwoEndedPaginator[int]) -> list[object]:
    out: list[object] = []
    call: Call[Page[int]] | None = pager.first()
    while call is not None:
        page = call.parse(httpx.Response(200))
        out.extend(e if isinstance(e, int) else ("refused", e.record_id) for e in page.entries())
        call = pager.next(page)
    return out


def test_a_refused_record_fills_its_page_and_is_served_once_by_its_id() -> None:
    # 25 records in one window, pages of 10; record 5 is refused on every page it is on, and
    # the second page repeats it (Etsy serves a record on two pages at times).
    pages = {
        0: ([1, 2, 3, 4, 6, 7, 8, 9, 10], [(4, 5)]),
        10: ([11, 12, 13, 14, 15, 16, 17, 18, 19], [(0, 5)]),
        20: ([20, 21, 22, 23, 24, 25], [(0, None)]),
    }

    def fetch(lo: int, hi: int, offset: int, limit: int) -> Call[Page[int]]:
        items, refused = pages[offset]
        page = Page(
            items=items,
            total=26,
            refused=[RefusedRecord(at, _refused(ident)) for at, ident in refused],
        )
        return Call(ApiRequest(method="GET", path="/"), parse=lambda _: page)

    got = drive_entries(DateWindowPaginator(fetch, start=0, end=100, key=lambda n: n, limit=10))
    assert got == [1, 2, 3, 4, ("refused", "5"), 6, 7, 8, 9, 10, *range(11, 20),
                   ("refused", None), *range(20, 26)]  # fmt: skip


def test_two_ends_meet_on_a_refused_record_too() -> None:
    records = list(range(1, 31))  # record 15 is refused wherever it comes

    def fetch(offset: int, limit: int, descending: bool) -> Call[Page[int]]:
        ordered = records[::-1] if descending else records
        chunk = ordered[offset : offset + limit]
        entries = [_refused(n) if n == 15 else n for n in chunk]
        page = Page.of_entries(entries, total=len(records))
        return Call(ApiRequest(method="GET", path="/"), parse=lambda _: page)

    pager = TwoEndedPaginator(fetch, key=lambda n: n, limit=10, max_offset=10)
    got = drive_entries(pager)
    assert sorted(n for n in got if isinstance(n, int)) == [n for n in records if n != 15]
    assert got.count(("refused", "15")) == 1
    assert not pager.truncated
