"""The pushers' bookkeeping: input checks, the report of a flush, and the locked plan.

The two pushers (`marketplace_sdk.sync._async.push`, and its generated blocking twin in
`marketplace_sdk.sync._sync.push`) are built on what is here: `PusherCore` holds the `PushPlan`
behind a lock, turns settlements into a `PushReport` and calls the host's `on_result` callback;
`ChangeMethods` gives both the host-facing `*_changed`, `pending` and `next_due` methods.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> core = PusherCore(FakeClock(), None, None)
    >>> core.add(stock_update("MUG", 3, None))
    >>> [change.update.quantity for change in core.pending()]
    [3]
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from itertools import chain
from typing import cast

import attrs
from pydantic import ValidationError

from marketplace_sdk.core._clock import Clock, ensure_utc
from marketplace_sdk.core._errors import MarketplaceError, RateLimitedError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._result_columns import ResultColumns
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.core._unchecked import unchecked
from marketplace_sdk.sync._push_changes import ChangeKind, Changes, SettledChanges
from marketplace_sdk.sync._push_plan import (
    PendingChange,
    PushBatch,
    PushPlan,
    PushPolicy,
    SettledChange,
    Settlement,
)

__all__ = [
    "ChangeMethods",
    "InvalidChangeError",
    "PushReport",
    "PusherCore",
    "ResultCallback",
    "failure_results",
    "price_update",
    "price_updates",
    "stock_update",
    "stock_updates",
]

logger = logging.getLogger(__name__)

#: Called once per change with its final result (ok, rejected, or given up).
ResultCallback = Callable[[SettledChange], None]


class InvalidChangeError(MarketplaceError, ValueError):
    """A stock or price change the pusher refuses (negative quantity, a price that is not
    `Money`, an empty SKU); nothing was queued.

    Examples:
        >>> InvalidChangeError("quantity must be >= 0").error_class.value
        'system'
    """


@attrs.frozen
class PushReport:
    """What one flush did.

    A flush of many changes keeps its results and settled changes as columns
    (`ResultColumns`, `SettledChanges`): each `ItemResult` and `SettledChange` is built when
    read, so a flush nobody reads in full makes none of them.

    Attributes:
        results: every result the channel gave, in the order sent (stock first).
        settled: the changes that got their final result in this flush (also given to
            `on_result`).
        retried: the changes queued again for a later flush.
        superseded: retries dropped since the last flush because a newer value came.
        channel_calls: push calls handed to the channel (one per kind, or one for both when
            it takes them together); the channel turns each into as few marketplace requests
            as its API allows.

    Examples:
        >>> report = PushReport(results=(ItemResult.ok("A"),), settled=(), retried=(),
        ...                     superseded=(), channel_calls=1)
        >>> report.sent, [r.key for r in report.ok], report.failed
        (1, ['A'], ())
    """

    results: Sequence[ItemResult]
    settled: Sequence[SettledChange]
    retried: tuple[PendingChange, ...]
    superseded: tuple[PendingChange, ...]
    channel_calls: int

    @property
    def sent(self) -> int:
        """Items sent in this flush."""
        return len(self.results)

    def _with(self, outcome: Outcome) -> tuple[ItemResult, ...]:
        if isinstance(self.results, ResultColumns):
            return self.results.with_outcome(outcome)
        return tuple(result for result in self.results if result.outcome is outcome)

    @property
    def ok(self) -> tuple[ItemResult, ...]:
        """Items the marketplace applied."""
        return self._with(Outcome.OK)

    @property
    def rejected(self) -> tuple[ItemResult, ...]:
        """Items the marketplace refused."""
        return self._with(Outcome.REJECTED)

    @property
    def failed(self) -> tuple[SettledChange, ...]:
        """Changes given up after the last attempt the policy allows."""
        if isinstance(self.settled, SettledChanges):
            return self.settled.failed
        retry_later = Outcome.RETRY_LATER  # `SettledChange.gave_up`, read without a call each
        return tuple(change for change in self.settled if change.result.outcome is retry_later)


def stock_update(sku: str, quantity: int, marketplace_id: str | None) -> StockUpdate:
    """A checked `StockUpdate`.

    Raises:
        InvalidChangeError: `quantity` is not an int >= 0, or `sku` is empty.

    Examples:
        >>> stock_update("MUG", 2, None).quantity
        2
        >>> try:
        ...     stock_update("MUG", -1, None)
        ... except InvalidChangeError as error:
        ...     print(error)
        quantity for 'MUG' must be >= 0, got -1
    """
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise InvalidChangeError(f"quantity for {sku!r} must be an int, got {quantity!r}")
    if quantity < 0:
        raise InvalidChangeError(f"quantity for {sku!r} must be >= 0, got {quantity}")
    if type(quantity) is int and _plain_sku(sku) and _plain_id(marketplace_id):
        # What validation would build, without it: a host queues changes by the hundred
        # thousand, and each validated model had a field-name set of its own.
        return unchecked(
            StockUpdate, {"sku": sku, "quantity": quantity, "marketplace_id": marketplace_id}
        )
    try:
        return StockUpdate(sku=sku, quantity=quantity, marketplace_id=marketplace_id)
    except ValidationError as error:
        raise InvalidChangeError(f"invalid stock change for {sku!r}: {error}") from None


def price_update(
    sku: str, price: Money, selling_price: Money | None, marketplace_id: str | None
) -> PriceUpdate:
    """A checked `PriceUpdate`.

    Raises:
        InvalidChangeError: a price is not `Money`, the currencies differ, or `sku` is empty.

    Examples:
        >>> price_update("MUG", Money(amount="9.90", currency="EUR"), None, None).price.amount
        Decimal('9.90')
        >>> try:
        ...     price_update("MUG", "9.90", None, None)
        ... except InvalidChangeError as error:
        ...     print(error)
        price for 'MUG' must be Money, got '9.90'
    """
    for name, value in (("price", price), ("selling_price", selling_price)):
        if value is not None and not isinstance(value, Money):
            raise InvalidChangeError(f"{name} for {sku!r} must be Money, got {value!r}")
    if not isinstance(price, Money):
        raise InvalidChangeError(f"price for {sku!r} must be Money, got {price!r}")
    if (
        type(price) is Money
        and (
            selling_price is None
            or (type(selling_price) is Money and selling_price.currency == price.currency)
        )
        and _plain_sku(sku)
        and _plain_id(marketplace_id)
    ):  # what validation would build (it keeps a `Money` as it is), without it
        return unchecked(
            PriceUpdate,
            {
                "sku": sku,
                "price": price,
                "selling_price": selling_price,
                "marketplace_id": marketplace_id,
            },
        )
    try:
        return PriceUpdate(
            sku=sku, price=price, selling_price=selling_price, marketplace_id=marketplace_id
        )
    except ValidationError as error:
        raise InvalidChangeError(f"invalid price change for {sku!r}: {error}") from None


def _plain_sku(sku: object) -> bool:
    """Whether `sku` is a str validation keeps as it is: not empty, no space to strip."""
    return type(sku) is str and sku != "" and not sku[0].isspace() and not sku[-1].isspace()


def _plain_id(marketplace_id: object) -> bool:
    return marketplace_id is None or type(marketplace_id) is str


def failure_results(changes: Sequence[PendingChange], error: Exception) -> list[ItemResult]:
    """Retry-later results for every change of a push that raised `error` as a whole.

    Examples:
        >>> from datetime import UTC, datetime
        >>> change = PendingChange(1, StockUpdate(sku="A", quantity=1),
        ...                        datetime(2026, 1, 1, tzinfo=UTC))
        >>> (result,) = failure_results([change], RateLimitedError("slow down", retry_after=3))
        >>> result.outcome.value, result.retry_after, result.reason.code
        ('retry_later', 3.0, 'RateLimitedError')
    """
    retry_after = error.retry_after if isinstance(error, RateLimitedError) else None
    skus = changes.skus if isinstance(changes, Changes) else [c.update.sku for c in changes]
    return [
        ItemResult.retry_later(
            sku,
            # The marketplace's own code when it gave one, else the kind of failure.
            code=getattr(error, "code", None) or type(error).__name__,
            message=f"the push failed: {error}",
            retry_after=retry_after,
        )
        for sku in skus
    ]


class PusherCore:
    """What the sync and async pushers share: the plan behind a lock, and the reporting.

    Args:
        clock: where the time is read.
        policy: the plan's rules (the defaults when `None`).
        on_result: called with each settled change when a report is made.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> core = PusherCore(FakeClock(), PushPolicy(window=5, debounce=None), None)
        >>> core.add(stock_update("MUG", 3, None))
        >>> core.next_due().second
        5
    """

    def __init__(
        self, clock: Clock, policy: PushPolicy | None, on_result: ResultCallback | None
    ) -> None:
        """Start with an empty plan."""
        self.clock = clock
        self.plan = PushPlan(policy)
        self.on_result = on_result
        self.lock = threading.Lock()
        self.superseded: list[PendingChange] = []

    def add(self, update: StockUpdate | PriceUpdate) -> None:
        """Queue `update` at the clock's time."""
        now = self.clock.now()
        with self.lock:
            added = self.plan.add(update, now)
            if added.superseded_retry is not None:
                self.superseded.append(added.superseded_retry)

    def pending(self) -> tuple[PendingChange, ...]:
        """The changes waiting, fresh and retries."""
        with self.lock:
            return tuple(self.plan)

    def next_due(self) -> datetime | None:
        """When the next change becomes due, if any."""
        with self.lock:
            return self.plan.next_due()

    def now(self, now: datetime | None) -> datetime:
        """`now` in UTC, or the clock's time when `None`."""
        return self.clock.now() if now is None else ensure_utc(now)

    def take(self, now: datetime, force: bool) -> PushBatch:
        """Remove and return what is due at `now` (everything when `force`)."""
        with self.lock:
            return self.plan.take(now, force=force)

    def settle(self, sent: Sequence[PendingChange], results: Sequence[ItemResult]) -> Settlement:
        """Record the channel's results for `sent`, at the clock's time."""
        now = self.clock.now()
        with self.lock:
            return self.plan.settle(sent, results, now)

    def report(
        self,
        results: Iterable[Sequence[ItemResult]],
        settlements: Sequence[Settlement],
        calls: int,
    ) -> PushReport:
        """The flush's report of the channel's `results` (one sequence per call, in order) and
        the `settlements`; logs give-ups and calls `on_result` for each settled change."""
        with self.lock:
            superseded, self.superseded = self.superseded, []
        report = PushReport(
            results=ResultColumns.join(results),
            settled=_joined(part.settled for part in settlements),
            retried=tuple(chain.from_iterable(part.retried for part in settlements)),
            superseded=(
                *superseded,
                *(change for part in settlements for change in part.superseded),
            ),
            channel_calls=calls,
        )
        for change in report.failed:
            logger.warning(
                "gave up %s push of %s after %d attempts: %s",
                change.kind.value,
                change.update.sku,
                change.attempts,
                change.result.reason,
            )
        logger.debug(
            "push flush: %d sent in %d calls, %d retried", report.sent, calls, len(report.retried)
        )
        if self.on_result is not None:
            for change in report.settled:
                self.on_result(change)
        return report

    def delay(self, poll: float) -> float:
        """Seconds a run loop may sleep: until the next due time, at most `poll`."""
        wake = self.next_due()
        if wake is None:
            return poll
        return max(0.0, min(poll, (wake - self.clock.now()).total_seconds()))


class ChangeMethods:
    """The host-facing methods both pushers share: queue a change, look at what waits.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> class Pusher(ChangeMethods):
        ...     def __init__(self) -> None:
        ...         self._state = PusherCore(FakeClock(), None, None)
        >>> pusher = Pusher()
        >>> pusher.stock_changed("MUG", 3)
        >>> [change.update.sku for change in pusher.pending()]
        ['MUG']
    """

    _state: PusherCore

    def stock_changed(self, sku: str, quantity: int, *, marketplace_id: str | None = None) -> None:
        """Queue a new stock level for `sku` (the last one before the flush wins).

        Raises:
            InvalidChangeError: `quantity` is not an int >= 0, or `sku` is empty.

        Examples:
            pusher.stock_changed("MUG-RED", 4)
        """
        self._state.add(stock_update(sku, quantity, marketplace_id))

    def price_changed(
        self,
        sku: str,
        price: Money,
        selling_price: Money | None = None,
        *,
        marketplace_id: str | None = None,
    ) -> None:
        """Queue a new price for `sku` (the OMS's price and selling price; the channel picks
        the one its marketplace takes).

        Raises:
            InvalidChangeError: a price is not `Money`, the two currencies differ, or `sku`
                is empty.

        Examples:
            pusher.price_changed("MUG-RED", Money(amount="14", currency="EUR"),
                                 selling_price=Money(amount="12.90", currency="EUR"))
        """
        self._state.add(price_update(sku, price, selling_price, marketplace_id))

    def pending(self) -> tuple[PendingChange, ...]:
        """The changes waiting to be sent (fresh ones and retries).

        Examples:
            waiting = {change.update.sku for change in pusher.pending()}
        """
        return self._state.pending()

    def next_due(self) -> datetime | None:
        """When the next change becomes due (`None` when nothing is pending).

        Examples:
            wake = pusher.next_due()  # schedule the next flush then
        """
        return self._state.next_due()


def _joined(parts: Iterable[Sequence[SettledChange]]) -> Sequence[SettledChange]:
    """The settled changes of `parts`, one after the other: still columns when they are."""
    given = list(parts)
    if all(isinstance(part, SettledChanges) for part in given):
        return SettledChanges.join(part for part in given if isinstance(part, SettledChanges))
    return tuple(chain.from_iterable(given))


def stock_updates(changes: Sequence[PendingChange]) -> list[StockUpdate]:
    """The stock updates among `changes`, in order.

    Examples:
        >>> from datetime import UTC, datetime
        >>> change = PendingChange(1, StockUpdate(sku="A", quantity=1),
        ...                        datetime(2026, 1, 1, tzinfo=UTC))
        >>> [update.sku for update in stock_updates([change])]
        ['A']
    """
    if isinstance(changes, Changes):
        # A change's kind is its update's class (`ChangeKind.of`).
        return cast(list[StockUpdate], changes.updates_of(ChangeKind.STOCK))
    return [change.update for change in changes if isinstance(change.update, StockUpdate)]


def price_updates(changes: Sequence[PendingChange]) -> list[PriceUpdate]:
    """The price updates among `changes`, in order.

    Examples:
        >>> price_updates([])
        []
    """
    if isinstance(changes, Changes):
        return cast(list[PriceUpdate], changes.updates_of(ChangeKind.PRICE))
    return [change.update for change in changes if isinstance(change.update, PriceUpdate)]
