"""What the sync and async Mirakl order mixins share to read orders: the status filter, the
window rules and the guard of offset scans. Nothing here sends a request (the writes' rules are
in `order_writes`).

Examples:
    >>> StateFilter.of(["shipping", "Shipped"]).codes
    ('SHIPPING', 'SHIPPED')
    >>> StateFilter.of(None).codes
    ()
"""

from __future__ import annotations

import logging
from collections.abc import Collection
from datetime import datetime
from typing import Generic, TypeVar

import attrs

from marketplace_sdk.core._errors import NotFoundError
from marketplace_sdk.core._models import Order
from marketplace_sdk.core._pagination import OffsetPaginator, Page, Paginator
from marketplace_sdk.core._request import Call
from marketplace_sdk.core._status import StatusFilterError, normalize_status
from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._status import MIRAKL_ORDER_STATES, MIRAKL_STATUS_TABLE

__all__ = ["ShiftGuard", "StateFilter", "found_order", "in_window"]

logger = logging.getLogger(__name__)

T = TypeVar("T")


@attrs.frozen
class StateFilter:
    """An `iter_orders` status filter: the OR11 state codes to send, and the states to keep.

    Attributes:
        codes: the `order_state_codes` OR11 is sent (empty: no filter, every order comes).
        keep: the states an order must be in to be yielded, normalized; `None` keeps all,
            states Mirakl added included (MIRAKL-Q08).

    Examples:
        >>> StateFilter.of(list(MIRAKL_ORDER_STATES)).keep is None
        True
        >>> StateFilter.of(["WAITING_REFUND"]).codes
        ()
    """

    codes: tuple[str, ...] = ()
    keep: frozenset[str] | None = None

    @classmethod
    def of(cls, statuses: Collection[str] | None, *, marketplace: str = "mirakl") -> StateFilter:
        """The filter for `statuses` (Mirakl's order states, any case; `None` for all).

        Every OR11 state named means no filter at all: an order in a state Mirakl added is
        kept. A deprecated state (WAITING_REFUND) is kept by reading every order, since OR11
        refuses it as a filter.

        Raises:
            StatusFilterError: a status Mirakl's table does not have (before any request).

        Examples:
            >>> StateFilter.of(["Bogus"])
            Traceback (most recent call last):
            ...
            marketplace_sdk.core._status.StatusFilterError: [mirakl] unknown order status \
'Bogus'; use one of: WAITING_ACCEPTANCE, STAGING, WAITING_DEBIT, WAITING_DEBIT_PAYMENT, \
SHIPPING, SHIPPED, TO_COLLECT, RECEIVED, CLOSED, CANCELED, REFUSED, WAITING_REFUND, \
WAITING_REFUND_PAYMENT
        """
        if statuses is None:
            return cls()
        valid = MIRAKL_STATUS_TABLE.marketplace_statuses
        named: dict[str, None] = {}
        unknown: list[str] = []
        for status in statuses:
            state = MIRAKL_STATUS_TABLE.canonical_status(status)
            if state is None:
                unknown.append(status)
            else:
                named.setdefault(state, None)
        if unknown:
            raise StatusFilterError(unknown, valid, marketplace=marketplace)
        if set(MIRAKL_ORDER_STATES) <= set(named):
            return cls()
        keep = frozenset(normalize_status(state) for state in named)
        if all(state in MIRAKL_ORDER_STATES for state in named):
            return cls(tuple(named), keep)
        return cls((), keep)

    def wants(self, order: Order) -> bool:
        """Whether an order in this filter's states (any order when there is no filter).

        Examples:
            >>> from datetime import UTC
            >>> from marketplace_sdk.core._models import OrderTotals
            >>> from marketplace_sdk.core._money import Money
            >>> order = Order(order_id="O-A", created_at=datetime(2026, 1, 1, tzinfo=UTC),
            ...     updated_at=datetime(2026, 1, 1, tzinfo=UTC), marketplace_status="SHIPPED",
            ...     lines=(), totals=OrderTotals(total=Money(amount=0, currency="EUR")))
            >>> StateFilter.of(["shipped"]).wants(order), StateFilter.of(["CLOSED"]).wants(order)
            (True, False)
        """
        return self.keep is None or normalize_status(order.marketplace_status) in self.keep


def in_window(order: Order, until: datetime) -> bool:
    """Whether an order's last update is before the window's end (`[since, until)`).

    OR11's `end_update_date` includes its bound; an order updated at or after `until` belongs
    to the next window. Orders updated a little before `since` come too (the overlap,
    MIRAKL-Q02): the host upserts by id, so reading one again costs nothing.

    Examples:
        >>> from datetime import UTC
        >>> from marketplace_sdk.core._models import OrderTotals
        >>> from marketplace_sdk.core._money import Money
        >>> at = datetime(2026, 1, 1, tzinfo=UTC)
        >>> order = Order(order_id="O-A", created_at=at, updated_at=at,
        ...     marketplace_status="SHIPPED", lines=(),
        ...     totals=OrderTotals(total=Money(amount=0, currency="EUR")))
        >>> in_window(order, at)
        False
    """
    return order.updated_at < until


class ShiftGuard(Generic[T]):
    """An OR11 offset scan that steps back when orders left the filter during it.

    Offset pages follow creation dates: an order updated while a window is read leaves the
    window's `end_update_date`, and every later order moves up one place, so the first order of
    the next page would never be read (MIRAKL-Q03). A page whose `total_count` is lower than
    the page before shows it: `d` orders left, so no later order moved up more than `d`
    places, and the scan reads on from `d` places before that page (from the first page when
    that is before the start; the caller drops what it reads twice, which it read within the
    last `d` plus a page of orders), at most `restarts` times. A paginator that cannot step
    back (not an `OffsetPaginator`) starts again from its first page. Seek pages carry their
    place in their token and need no guard.

    Examples:
        >>> import httpx
        >>> from marketplace_sdk.core._pagination import OffsetPaginator
        >>> from marketplace_sdk.core._request import ApiRequest
        >>> totals = iter([3, 2, 2, 2])
        >>> def fetch(offset: int, limit: int) -> Call[Page[int]]:
        ...     return Call(ApiRequest(method="GET", path=f"/o?offset={offset}"),
        ...                 parse=lambda _: Page(items=[offset], total=next(totals)))
        >>> guard = ShiftGuard(OffsetPaginator(fetch, limit=1))
        >>> first = guard.first().parse(httpx.Response(200))
        >>> second = guard.next(first).parse(httpx.Response(200))
        >>> guard.next(second).request.path, guard.restarted
        ('/o?offset=0', 1)
    """

    def __init__(self, inner: Paginator[T], *, restarts: int = 3) -> None:
        self._inner = inner
        self._restarts = restarts
        self._total: int | None = None
        self.restarted = 0

    def first(self) -> Call[Page[T]]:
        """The call for the scan's first page."""
        return self._inner.first()

    def next(self, page: Page[T]) -> Call[Page[T]] | None:
        """The next page's call, or one from before this page when orders left the filter."""
        if page.total is not None:
            last, self._total = self._total, page.total
            if last is not None and page.total < last:
                left = last - page.total
                if self.restarted < self._restarts:
                    self.restarted += 1
                    logger.info("%d OR11 orders left the filter during a scan; stepping back", left)
                    back = page.cursor - left
                    if back > 0 and isinstance(self._inner, OffsetPaginator):
                        return self._inner.at(back)
                    return self._inner.first()
                logger.warning("OR11 orders keep leaving the filter; the next window reads them")
        return self._inner.next(page)


def found_order(page: Page[MiraklOrder], order_id: str, *, marketplace: str) -> MiraklOrder:
    """The order `order_id` on an OR11 page asked for it by id.

    Raises:
        RecordError: the page carries the order but its wire model refused it.
        NotFoundError: the page does not carry it.

    Examples:
        >>> page = Page(items=[MiraklOrder(order_id="O-A", order_state="SHIPPED")])
        >>> found_order(page, "O-A", marketplace="mirakl").order_state.value
        'SHIPPED'
    """
    for order in page.items:
        if order.order_id == order_id:
            return order
    for refused in page.refused:
        if refused.error.record_id == order_id:
            raise refused.error
    raise NotFoundError(f"no Mirakl order {order_id!r}", marketplace=marketplace)
