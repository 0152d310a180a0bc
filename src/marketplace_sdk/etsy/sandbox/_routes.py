"""What the route modules share: paging and sorting parameters, list pages, look-ups by id.

Examples:
    >>> request = httpx.Request("GET", "http://s/x?limit=2&offset=1")
    >>> page_of([1, 2, 3, 4], paging(request), lambda n: {"n": n})
    {'count': 4, 'results': [{'n': 2}, {'n': 3}]}
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

import httpx

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox._render import page
from marketplace_sdk.etsy.sandbox._wire import JSON, SandboxHTTPError, int_param
from marketplace_sdk.etsy.sandbox._world import World
from marketplace_sdk.testing import Router

__all__ = [
    "MAX_OFFSET",
    "Params",
    "descending",
    "found",
    "page_of",
    "paging",
    "router_for",
]

#: Etsy's documented cap on `offset` for paged collections.
MAX_OFFSET = 12_000

_DESCENDING = ("desc", "descending", "down")
_ASCENDING = ("asc", "ascending", "up")

#: The path parameters a route handler receives.
Params = Mapping[str, str]

T = TypeVar("T")


def router_for(register: Callable[[Router, World], None], world: World | None = None) -> Router:
    """A router holding the routes `register` adds for `world` (by default an empty world).

    Examples:
        >>> from marketplace_sdk.etsy.sandbox._listings import register
        >>> request = httpx.Request("GET", "http://s/v3/application/users/me")
        >>> router_for(register).operation_of(request)
        'getMe'
    """
    router = Router()
    register(router, world if world is not None else World.empty(FakeClock()))
    return router


def paging(request: httpx.Request, *, clamp: bool = False) -> slice:
    """The records `limit` (1-100, default 25) and `offset` (0 to Etsy's cap of 12,000) select.

    With `clamp` a `limit` above 100 is served as 100 without a word, as Etsy does
    (ETSY-Q21); without it, it is a 400.

    Examples:
        >>> paging(httpx.Request("GET", "http://s/x?limit=100&offset=200"))
        slice(200, 300, None)
        >>> paging(httpx.Request("GET", "http://s/x?limit=500"), clamp=True)
        slice(0, 100, None)
    """
    limit = int_param(request, "limit", default=25, minimum=1, maximum=None if clamp else 100)
    offset = int_param(request, "offset", default=0, minimum=0)
    assert limit is not None
    assert offset is not None
    if offset > MAX_OFFSET:
        raise SandboxHTTPError(400, "Offset provided is greater than the maximum offset allowed.")
    return slice(offset, offset + min(limit, 100))


def page_of(records: Sequence[T], window: slice, render: Callable[[T], JSON]) -> JSON:
    """The records in `window`, rendered, in Etsy's envelope counting all of `records`.

    Examples:
        >>> page_of(["a", "b"], slice(0, 1), lambda letter: {"letter": letter})
        {'count': 2, 'results': [{'letter': 'a'}]}
    """
    return page([render(record) for record in records[window]], len(records))


def descending(request: httpx.Request) -> bool:
    """Whether `sort_order` asks for newest/highest first (Etsy's default).

    Examples:
        >>> descending(httpx.Request("GET", "http://s/x?sort_order=asc"))
        False
    """
    order = (request.url.params.get("sort_order") or "desc").lower()
    if order not in _DESCENDING + _ASCENDING:
        raise SandboxHTTPError(400, f"Invalid sort_order {order!r}")
    return order in _DESCENDING


def found(records: Mapping[int, T], record_id: str, what: str) -> T:
    """The record with the id a path segment names, or a 404 saying `what` was not found.

    Examples:
        >>> found({7: "policy"}, "7", "Return policy")
        'policy'
        >>> found({}, "7", "Return policy")
        Traceback (most recent call last):
        ...
        marketplace_sdk.etsy.sandbox._wire.SandboxHTTPError: Return policy not found
    """
    record = records.get(int(record_id))
    if record is None:
        raise SandboxHTTPError(404, f"{what} not found")
    return record
