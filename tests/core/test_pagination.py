"""Paginator strategies decide the next page from the page in hand."""

from __future__ import annotations

import httpx
import pytest

from marketplace_sdk.core._config import EngineConfig
from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._pagination import (
    OffsetPaginator,
    Page,
    PageNumberPaginator,
    TokenPaginator,
)
from marketplace_sdk.core._records import RefusedRecord
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.core._sync.engine import SyncEngine


def page_of(items: list[int], **kwargs: object) -> Call[Page[int]]:
    return Call(
        ApiRequest(method="GET", path="/"),
        parse=lambda _: Page(items=items, **kwargs),  # type: ignore[arg-type]
    )


def run(call: Call[Page[int]] | None) -> Page[int]:
    assert call is not None
    return call.parse(httpx.Response(200))


def test_offset_paginator_stops_on_a_short_page_or_the_total() -> None:
    offsets: list[int] = []

    def fetch(offset: int, limit: int) -> Call[Page[int]]:
        offsets.append(offset)
        return page_of(list(range(offset, offset + limit)), total=25)

    pager = OffsetPaginator(fetch, limit=10)
    page = run(pager.first())
    page = run(pager.next(page))
    assert page.cursor == 10
    page = run(pager.next(page))
    assert pager.next(page) is None
    assert offsets == [0, 10, 20]
    assert pager.next(Page(items=[1, 2], cursor=0)) is None
    assert pager.next(Page(items=list(range(10)), has_more=False)) is None


def test_page_number_paginator_uses_totals_and_short_pages() -> None:
    numbers: list[int] = []

    def fetch(number: int) -> Call[Page[int]]:
        numbers.append(number)
        return page_of([number] * 2, total=5)

    pager = PageNumberPaginator(fetch, per_page=2)
    page = run(pager.first())
    page = run(pager.next(page))
    page = run(pager.next(page))
    assert pager.next(page) is None
    assert numbers == [1, 2, 3]
    assert PageNumberPaginator(fetch).next(Page(items=[])) is None
    assert PageNumberPaginator(fetch, per_page=5).next(Page(items=[1], cursor=1)) is None
    assert PageNumberPaginator(fetch).next(Page(items=[1], cursor=1, has_more=False)) is None


def test_token_paginator_follows_next_tokens() -> None:
    tokens: list[str | None] = []

    def fetch(token: str | None) -> Call[Page[int]]:
        tokens.append(token)
        return page_of([1], next_token="t2" if token is None else None)

    pager = TokenPaginator(fetch)
    page = run(pager.first())
    page = run(pager.next(page))
    assert pager.next(page) is None
    assert tokens == [None, "t2"]


def refused(position: int, record_id: str | None = None) -> RefusedRecord:
    return RefusedRecord(position, RecordError("refused", kind="order", record_id=record_id))


def test_a_page_keeps_each_refused_record_in_its_place() -> None:
    page = Page(items=[10, 30], refused=[refused(3, "40"), refused(1, "20")])
    assert page.size == 4
    assert [getattr(e, "record_id", e) for e in page.entries()] == [10, "20", 30, "40"]
    again = Page.of_entries(page.entries(), total=9)
    assert (again.items, again.total) == ([10, 30], 9)
    assert [r.position for r in again.refused] == [1, 3]


def test_refused_records_fill_a_page_so_paging_goes_on() -> None:
    full = [refused(4)]
    assert (
        OffsetPaginator(lambda o, n: page_of([], total=99), limit=5).next(
            Page(items=[1, 2, 3, 4], refused=full)
        )
        is not None
    )
    only_refused = Page[int](items=[], refused=full, cursor=1)
    assert PageNumberPaginator(lambda n: page_of([n]), per_page=1).next(only_refused) is not None
    assert PageNumberPaginator(lambda n: page_of([n])).next(Page(items=[], cursor=1)) is None


def test_the_engine_raises_or_sets_aside_a_refused_record_in_its_place() -> None:
    pages = {
        1: Page(items=[1, 3], refused=[refused(1, "2")], has_more=True),
        2: Page(items=[4], has_more=False),
    }
    pager = PageNumberPaginator(
        lambda n: Call(ApiRequest(method="GET", path=f"/{n}"), parse=lambda _: pages[n])
    )
    transport = httpx.MockTransport(lambda request: httpx.Response(200))
    with SyncEngine(
        EngineConfig(marketplace="demo", base_url="https://x"), transport=transport
    ) as engine:
        aside: list[RecordError] = []
        assert list(engine.paginate(pager, quarantine=aside.append)) == [1, 3, 4]
        assert [e.record_id for e in aside] == ["2"]
        got: list[int] = []
        with pytest.raises(RecordError):
            got.extend(engine.paginate(pager))
        assert got == [1]  # the records before it came first
