"""Stock and price push as they change: coalesced per SKU, batched per flush, retried per item.

The host tells a pusher what changed, from any thread, as often as it likes::

    pusher = StockPusher(channel, clock=SystemClock(), on_result=record_in_oms)
    pusher.stock_changed("MUG-RED", 4)
    pusher.price_changed("MUG-RED", Money(amount="12.90", currency="EUR"))

Changes wait in the pusher, one per SKU and kind (stock, price): a newer value replaces a
pending one, so 100 changes to one SKU inside the window send one item, its last value. A SKU is
sent once its coalescing window (`PushPolicy.window`, 2 s by default) has passed since its first
pending change, or at once when `PushPolicy.max_batch` changes of a kind are pending. When a
call is made for a kind, that kind's other pending changes ride along in it
(`PushPolicy.ride_along`, on by default), so a steady trickle of changes costs about one call
per window rather than one per scheduler tick.

`flush()` sends what is due: every due stock change in one `Channel.push_stock` call and every
due price change in one `Channel.push_prices` call. The pusher knows nothing about
marketplaces; each channel batches its one call as its API allows (Etsy writes each listing's
inventory once, whatever number of its SKUs changed; FNAC sends up to 10,000 offers per
`offers_update`). The channel's per-item results come back in a `PushReport`:

- ok and rejected items are final (an unknown SKU is rejected by the channel) and go to the
  `on_result` callback;
- retry-later items are queued again, after the marketplace's `retry_after` or an exponential
  backoff (`PushPolicy.backoff`, capped by `PushPolicy.backoff_cap`), until
  `PushPolicy.max_attempts` sends, after which they are reported as failed (`gave_up`);
- a newer value for a SKU waiting for a retry supersedes the retry (the newer value is sent).

A whole push that raises `MarketplaceError` (the marketplace down, the rate limit spent) counts
as retry later for each of its items. Any other exception is a bug: the items are queued for a
retry and the exception propagates.

Bad input is refused when the change is made, before anything is queued:
`stock_changed("MUG", -1)` raises `InvalidChangeError`.

Driving the flushes: call `flush()` from the host's scheduler (a job every second), ask
`next_due()` when the next change becomes due, or give a thread to `run(stop_event)`, which
flushes and sleeps on the injected clock until the next due time. `flush(force=True)` sends
everything pending at once (at shutdown, or for a manual "Sync Stock").

`AsyncStockPusher` is the same for an `AsyncChannel`: the `*_changed` methods are plain calls,
`flush` and `run` are awaited.

Examples:
    A pusher over a channel (here a stand-in that accepts everything):

    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.core._results import ItemResult
    >>> class Shop:
    ...     calls = 0
    ...     def push_stock(self, updates):
    ...         Shop.calls += 1
    ...         return [ItemResult.ok(update.sku) for update in updates]
    ...     def push_prices(self, updates):
    ...         return [ItemResult.ok(update.sku) for update in updates]
    >>> clock = FakeClock()
    >>> pusher = StockPusher(Shop(), clock=clock)
    >>> for quantity in range(100):
    ...     pusher.stock_changed("MUG-RED", quantity)
    >>> pusher.stock_changed("MUG-BLUE", 3)
    >>> pusher.flush().sent, len(pusher.pending())
    (0, 2)
    >>> clock.advance(2)
    >>> report = pusher.flush()
    >>> report.sent, report.channel_calls, Shop.calls, [r.key for r in report.ok]
    (2, 1, 1, ['MUG-RED', 'MUG-BLUE'])
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterable, Sequence
from datetime import datetime
from typing import Protocol

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._errors import MarketplaceError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.sync._push_plan import (
    ChangeKind,
    PendingChange,
    PushPolicy,
    SettledChange,
    Settlement,
)
from marketplace_sdk.sync._push_report import (
    InvalidChangeError,
    PusherCore,
    PushReport,
    ResultCallback,
    failure_results,
    price_update,
    stock_update,
)

__all__ = [
    "AsyncPushTarget",
    "AsyncStockPusher",
    "ChangeKind",
    "InvalidChangeError",
    "PendingChange",
    "PushPolicy",
    "PushReport",
    "PushTarget",
    "ResultCallback",
    "SettledChange",
    "StockPusher",
]


_Push = Callable[[Sequence[PendingChange]], Sequence[ItemResult]]
_AsyncPush = Callable[[Sequence[PendingChange]], Awaitable[Sequence[ItemResult]]]


class PushTarget(Protocol):
    """The part of `Channel` a `StockPusher` uses.

    Examples:
        >>> from marketplace_sdk.core._sync.channel import Channel
        >>> PushTarget.__name__
        'PushTarget'
    """

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        """Set stock levels; one result per update, in order."""
        ...

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        """Set prices; one result per update, in order."""
        ...


class AsyncPushTarget(Protocol):
    """The part of `AsyncChannel` an `AsyncStockPusher` uses.

    Examples:
        >>> AsyncPushTarget.__name__
        'AsyncPushTarget'
    """

    async def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        """Set stock levels; one result per update, in order."""
        ...

    async def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        """Set prices; one result per update, in order."""
        ...


class _ChangeMethods:
    """The host-facing `*_changed` methods, shared by both pushers."""

    _state: PusherCore

    def stock_changed(self, sku: str, quantity: int, *, marketplace_id: str | None = None) -> None:
        """Queue a new stock level for `sku` (the last one before the flush wins).

        Raises:
            InvalidChangeError: `quantity` is not an int >= 0, or `sku` is empty.

        Example:
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

        Example:
            pusher.price_changed("MUG-RED", Money(amount="14", currency="EUR"),
                                 selling_price=Money(amount="12.90", currency="EUR"))
        """
        self._state.add(price_update(sku, price, selling_price, marketplace_id))

    def pending(self) -> tuple[PendingChange, ...]:
        """The changes waiting to be sent (fresh ones and retries).

        Example:
            waiting = {change.update.sku for change in pusher.pending()}
        """
        return self._state.pending()

    def next_due(self) -> datetime | None:
        """When the next change becomes due (`None` when nothing is pending).

        Example:
            wake = pusher.next_due()  # schedule the next flush then
        """
        return self._state.next_due()


class StockPusher(_ChangeMethods):
    """Pushes stock and price changes to one `Channel`, coalesced and batched. Thread-safe.

    Args:
        channel: the shop's channel (anything with `push_stock` and `push_prices`).
        clock: where the pusher reads the time and sleeps.
        policy: the coalescing window, batch size and retry rules.
        on_result: called with each change's final result, after the flush that settled it.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> from marketplace_sdk.core._results import ItemResult
        >>> class Shop:
        ...     def push_stock(self, updates):
        ...         return [ItemResult.rejected(u.sku, message="unknown SKU") for u in updates]
        ...     def push_prices(self, updates):
        ...         return []
        >>> final = []
        >>> pusher = StockPusher(Shop(), clock=FakeClock(), on_result=final.append)
        >>> pusher.stock_changed("GHOST", 1)
        >>> [r.key for r in pusher.flush(force=True).rejected], final[0].result.outcome.value
        (['GHOST'], 'rejected')
    """

    def __init__(
        self,
        channel: PushTarget,
        *,
        clock: Clock,
        policy: PushPolicy | None = None,
        on_result: ResultCallback | None = None,
    ) -> None:
        """Push to `channel`, on `clock`, with `policy`."""
        self._channel = channel
        self._state = PusherCore(clock, policy, on_result)
        self._flushing = threading.Lock()

    def _send(
        self,
        changes: Sequence[PendingChange],
        push: _Push,
    ) -> tuple[list[ItemResult], Settlement]:
        try:
            results = list(push(changes))
        except MarketplaceError as error:
            results = failure_results(changes, error)
        except Exception as error:
            self._state.settle(changes, failure_results(changes, error))
            raise
        return results, self._state.settle(changes, results)

    def flush(self, now: datetime | None = None, *, force: bool = False) -> PushReport:
        """Send the changes due at `now` (the clock's time by default; all when `force`).

        One flush runs at a time: a second caller waits for the first, so two values of a SKU
        are never in flight together.

        Example:
            report = pusher.flush()
            for change in report.failed:
                alert(change.update.sku, change.result.reason)
        """
        with self._flushing:
            batch = self._state.take(self._state.now(now), force)
            pushes: list[tuple[tuple[PendingChange, ...], _Push]] = [
                (batch.stock, lambda changes: self._channel.push_stock(_stock(changes))),
                (batch.price, lambda changes: self._channel.push_prices(_prices(changes))),
            ]
            results: list[ItemResult] = []
            settlements: list[Settlement] = []
            calls = 0
            bug: Exception | None = None
            for changes, push in pushes:
                if not changes:
                    continue
                calls += 1
                try:
                    sent, settled = self._send(changes, push)
                except Exception as error:  # queued again by _send; raised once both ran
                    bug = bug or error
                    continue
                results.extend(sent)
                settlements.append(settled)
            report = self._state.report(results, settlements, calls)
        if bug is not None:
            raise bug
        return report

    def run(self, stop: threading.Event, *, poll: float = 1.0) -> None:
        """Flush until `stop` is set, sleeping on the clock until the next due time (at most
        `poll` seconds, so new changes are picked up). Flushes everything pending on the way out.

        Example:
            stop = threading.Event()
            threading.Thread(target=pusher.run, args=(stop,), daemon=True).start()
        """
        while not stop.is_set():
            self.flush()
            delay = self._state.delay(poll)
            if delay > 0 and not stop.is_set():
                self._state.clock.sleep(delay)
        self.flush(force=True)


class AsyncStockPusher(_ChangeMethods):
    """`StockPusher` for an `AsyncChannel`: `flush` and `run` are awaited; the `*_changed`
    methods are plain calls, safe from any thread or task.

    Examples:
        >>> import asyncio
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> from marketplace_sdk.core._results import ItemResult
        >>> class Shop:
        ...     async def push_stock(self, updates):
        ...         return [ItemResult.ok(u.sku) for u in updates]
        ...     async def push_prices(self, updates):
        ...         return [ItemResult.ok(u.sku) for u in updates]
        >>> pusher = AsyncStockPusher(Shop(), clock=FakeClock())
        >>> pusher.stock_changed("MUG", 2)
        >>> asyncio.run(pusher.flush(force=True)).sent
        1
    """

    def __init__(
        self,
        channel: AsyncPushTarget,
        *,
        clock: Clock,
        policy: PushPolicy | None = None,
        on_result: ResultCallback | None = None,
    ) -> None:
        """Push to `channel`, on `clock`, with `policy`."""
        self._channel = channel
        self._state = PusherCore(clock, policy, on_result)
        self._flushing: asyncio.Lock | None = None

    async def _send(
        self,
        changes: Sequence[PendingChange],
        push: _AsyncPush,
    ) -> tuple[list[ItemResult], Settlement]:
        try:
            results = list(await push(changes))
        except MarketplaceError as error:
            results = failure_results(changes, error)
        except Exception as error:
            self._state.settle(changes, failure_results(changes, error))
            raise
        return results, self._state.settle(changes, results)

    async def flush(self, now: datetime | None = None, *, force: bool = False) -> PushReport:
        """Send the changes due at `now` (the clock's time by default; all when `force`).

        One flush runs at a time (per event loop).

        Example:
            report = await pusher.flush(force=True)
        """
        if self._flushing is None:
            self._flushing = asyncio.Lock()
        async with self._flushing:
            batch = self._state.take(self._state.now(now), force)
            pushes: list[tuple[tuple[PendingChange, ...], _AsyncPush]] = [
                (batch.stock, lambda changes: self._channel.push_stock(_stock(changes))),
                (batch.price, lambda changes: self._channel.push_prices(_prices(changes))),
            ]
            results: list[ItemResult] = []
            settlements: list[Settlement] = []
            calls = 0
            bug: Exception | None = None
            for changes, push in pushes:
                if not changes:
                    continue
                calls += 1
                try:
                    sent, settled = await self._send(changes, push)
                except Exception as error:  # queued again by _send; raised once both ran
                    bug = bug or error
                    continue
                results.extend(sent)
                settlements.append(settled)
            report = self._state.report(results, settlements, calls)
        if bug is not None:
            raise bug
        return report

    async def run(self, stop: asyncio.Event, *, poll: float = 1.0) -> None:
        """Flush until `stop` is set, sleeping on the clock until the next due time (at most
        `poll` seconds). Flushes everything pending on the way out.

        Example:
            stop = asyncio.Event()
            task = asyncio.create_task(pusher.run(stop))
        """
        while not stop.is_set():
            await self.flush()
            delay = self._state.delay(poll)
            if not stop.is_set():
                await self._state.clock.asleep(delay)
        await self.flush(force=True)


def _stock(changes: Sequence[PendingChange]) -> list[StockUpdate]:
    return [change.update for change in changes if isinstance(change.update, StockUpdate)]


def _prices(changes: Sequence[PendingChange]) -> list[PriceUpdate]:
    return [change.update for change in changes if isinstance(change.update, PriceUpdate)]
