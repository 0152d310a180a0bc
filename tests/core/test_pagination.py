"""Paginator strategies decide the next page from the page in hand."""

from __future__ import annotations

import httpx

from marketplace_sdk.core._pagination import (
    OffsetPaginator,
    Page,
    PageNumberPaginator,
    TokenPaginator,
)
from marketplace_sdk.core._request import ApiRequest, Call


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
