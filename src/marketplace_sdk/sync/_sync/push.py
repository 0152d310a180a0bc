# Generated from src/marketplace_sdk/sync/_async/push.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Stock and price push as they change: coalesced per SKU, batched per flush, retried per item.

The host tells a pusher what changed, from any thread, as often as it likes::

    pusher = StockPusher(channel, clock=SystemClock(), on_result=record_in_oms)
    pusher.stock_changed("MUG-RED", 4)
    pusher.price_changed("MUG-RED", Money(amount="12.90", currency="EUR"))

Changes wait in the pusher, one per SKU and kind (stock, price): a newer value replaces a
pending one, so 100 changes to one SKU inside the window send one item, its last value. A SKU is
sent once it has been quiet for `PushPolicy.debounce` (0.2 s by default), at the latest once its
coalescing window (`PushPolicy.window`, 1 s by default) has passed since its first pending
change, or at once when `PushPolicy.max_batch` changes of a kind are pending. When a
call is made for a kind, that kind's other pending changes ride along in it
(`PushPolicy.ride_along`, on by default), so a steady trickle of changes costs about one call
per window rather than one per scheduler tick.

`flush()` sends what is due: every due stock change in one `Channel.push_stock` call and
every due price change in one `Channel.push_prices` call, or both in one
`push_stock_and_prices` call when the channel offers it (`StockAndPriceTarget`: FNAC sends a
SKU's stock and price in the same offer). The pusher knows nothing about marketplaces; each
channel batches its call as its API allows (Etsy writes each listing's inventory once,
whatever number of its SKUs changed; FNAC sends up to 10,000 offers per `offers_update`). The
channel's per-item results come back in a `PushReport`, one per change (a SKU whose stock and
price went together has two):

- ok and rejected items are final (an unknown SKU is rejected by the channel) and go to the
  `on_result` callback;
- retry-later items are queued again, after the marketplace's `retry_after` or an exponential
  backoff (`PushPolicy.backoff`, capped by `PushPolicy.backoff_cap`), until
  `PushPolicy.max_attempts` sends, after which they are reported as failed (`gave_up`);
- a newer value for a SKU waiting for a retry supersedes the retry (the newer value is sent).

Stock pushes are urgent (`marketplace_sdk.core.urgent`): on a channel whose client shares a
`RateLimiter` with the app's other work (an order poller), a stock write waiting for a slot goes
before the background calls waiting in the same process. An oversell costs money; a late order
poll costs nothing.

Sends may overlap: a SKU in flight is never taken again until its send is settled (its newer
value goes in a later send), so `flush()` may be called from several threads or tasks at once,
and `run(senders=2)` starts a new send for changes that become due while a send is still on the
wire instead of waiting for it to end.

A whole push that raises `MarketplaceError` (the marketplace down, the rate limit spent) counts
as retry later for each of its items. Any other exception is a bug: the items are queued for a
retry and the exception propagates.

Bad input is refused when the change is made, before anything is queued:
`stock_changed("MUG", -1)` raises `InvalidChangeError`.

Driving the flushes: call `flush()` from the host's scheduler (a job every second), ask
`next_due()` when the next change becomes due, or give `run(stop_event)` a thread (blocking
pusher) or a task (asyncio pusher): it sends what is due, with up to `senders` sends at once
(threads or tasks of its own), and sleeps on the injected clock until the next due time.
`flush(force=True)` sends everything pending at once (at shutdown, or for a manual "Sync
Stock"). The pusher comes in both forms, for a blocking channel and for an asyncio one;
in both the `*_changed` methods are plain calls.

Examples:
    A pusher over a channel (here a stand-in that accepts everything):

    >>> import asyncio
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
    >>> early = pusher.flush()
    >>> early.sent, len(pusher.pending())
    (0, 2)
    >>> clock.advance(1)
    >>> report = pusher.flush()
    >>> report.sent, report.channel_calls, Shop.calls, [r.key for r in report.ok]
    (2, 1, 1, ['MUG-RED', 'MUG-BLUE'])
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager, nullcontext
from datetime import datetime
from functools import partial
from typing import Protocol, cast, runtime_checkable

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._errors import MarketplaceError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._ratelimit import urgent
from marketplace_sdk.core._result_columns import ResultColumns
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.sync._push_plan import PendingChange, PushBatch, PushPolicy, Settlement
from marketplace_sdk.sync._push_report import (
    ChangeMethods,
    PusherCore,
    PushReport,
    ResultCallback,
    failure_results,
    price_updates,
    stock_updates,
)

__all__ = ["PushTarget", "StockAndPriceTarget", "StockPusher"]


_Push = Callable[[Sequence[PendingChange]], Sequence[ItemResult]]
#: A send's results (one sequence per channel call) and its settlements.
_Sent = tuple[list[Sequence[ItemResult]], list[Settlement]]
#: How often a run loop looks for settled SKUs' newer values while a send is on the wire.
_BUSY_POLL = 0.05


def _priority(stock: Sequence[PendingChange]) -> AbstractContextManager[None]:
    """Stock goes urgently (ahead of background calls on a shared limiter), oldest change first
    (a send carrying older changes takes slots before one carrying newer); prices do not."""
    if not stock:
        return nullcontext()
    return urgent(since=min(change.first_seen for change in stock).timestamp())


class _Sender(threading.Thread):
    """One send of a run loop, in a thread of its own; keeps a bug to raise in the loop."""

    def __init__(self, pusher: StockPusher, batch: PushBatch) -> None:
        super().__init__(name="stock-pusher-send", daemon=True)
        self.pusher = pusher
        self.batch = batch
        self.error: Exception | None = None

    def run(self) -> None:
        try:
            self.pusher._push(self.batch)
        except Exception as error:  # raised by the run loop
            self.error = error

    def finished(self) -> bool:
        """Whether the send is over; raises its bug if it had one."""
        if self.is_alive():
            return False
        if self.error is not None:
            raise self.error
        return True

    def wait(self) -> None:
        self.join()
        self.finished()


class PushTarget(Protocol):
    """The part of `Channel` the `StockPusher` uses.

    Examples:
        >>> PushTarget.__name__
        'PushTarget'
    """

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        """Set stock levels; one result per update, in order."""
        ...

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        """Set prices; one result per update, in order."""
        ...


@runtime_checkable
class StockAndPriceTarget(PushTarget, Protocol):
    """A push target that sends stock and prices in one call (FNAC's channel).

    When a flush has both kinds due, the `StockPusher` hands them to
    `push_stock_and_prices` at once instead of one `push_stock` and one `push_prices` call.

    Examples:
        >>> from marketplace_sdk.fnac import FnacChannel
        >>> hasattr(FnacChannel, "push_stock_and_prices")
        True
    """

    def push_stock_and_prices(
        self, stock: Iterable[StockUpdate], prices: Iterable[PriceUpdate]
    ) -> tuple[Sequence[ItemResult], Sequence[ItemResult]]:
        """Set stock levels and prices together: one result per stock update and one per
        price update, each list in its input order."""
        ...


class StockPusher(ChangeMethods):
    """Pushes stock and price changes to one channel, coalesced and batched.

    The `*_changed` methods are safe from any thread; flushes may overlap (a SKU is in one
    send at a time).

    Args:
        channel: the shop's channel (anything with `push_stock` and `push_prices`).
        clock: where the pusher reads the time and sleeps.
        policy: the coalescing window, batch size and retry rules.
        on_result: called with each change's final result, after the flush that settled it.

    Examples:
        >>> import asyncio
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
        >>> report = pusher.flush(force=True)
        >>> [r.key for r in report.rejected], final[0].result.outcome.value
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

    def _send(self, changes: Sequence[PendingChange], push: _Push, *, stock: bool = False) -> _Sent:
        try:
            with _priority(changes if stock else ()):
                # Kept as the channel's columns when it gives them: no result built per item.
                results: Sequence[ItemResult] = ResultColumns.of(push(changes))
        except MarketplaceError as error:
            results = failure_results(changes, error)
        except BaseException as error:  # a bug, or the send cancelled: nothing is lost
            self._state.settle(changes, failure_results(changes, _as_exception(error)))
            raise
        return [results], [self._state.settle(changes, results)]

    def _send_both(self, stock: Sequence[PendingChange], price: Sequence[PendingChange]) -> _Sent:
        # Settled kind by kind: a SKU has one result per kind, so the two lists are matched to
        # their changes apart.
        channel = cast(StockAndPriceTarget, self._channel)
        try:
            with _priority(stock):
                answered = channel.push_stock_and_prices(stock_updates(stock), price_updates(price))
            stock_results: Sequence[ItemResult] = ResultColumns.of(answered[0])
            price_results: Sequence[ItemResult] = ResultColumns.of(answered[1])
        except MarketplaceError as error:
            stock_results = failure_results(stock, error)
            price_results = failure_results(price, error)
        except BaseException as error:  # a bug, or the send cancelled: nothing is lost
            self._state.settle(stock, failure_results(stock, _as_exception(error)))
            self._state.settle(price, failure_results(price, _as_exception(error)))
            raise
        settlements = [
            self._state.settle(stock, stock_results),
            self._state.settle(price, price_results),
        ]
        return [stock_results, price_results], settlements

    def flush(self, now: datetime | None = None, *, force: bool = False) -> PushReport:
        """Send the changes due at `now` (the clock's time by default; all when `force`).

        Flushes may overlap (from several threads, tasks or scheduler jobs): a SKU still in
        flight in another flush stays out of this one, and its newer value goes once that send
        is settled, so two values of a SKU are never in flight together.

        Examples:
            report = pusher.flush()
            for change in report.failed:
                alert(change.update.sku, change.result.reason)
        """
        return self._push(self._state.take(self._state.now(now), force))

    def _push(self, batch: PushBatch) -> PushReport:
        sends: list[Callable[[], _Sent]]
        if batch.stock and batch.price and isinstance(self._channel, StockAndPriceTarget):
            sends = [partial(self._send_both, batch.stock, batch.price)]
        else:
            sends = []
            if batch.stock:
                sends.append(partial(self._send, batch.stock, self._push_stock, stock=True))
            if batch.price:
                sends.append(partial(self._send, batch.price, self._push_prices))
        results: list[Sequence[ItemResult]] = []
        settlements: list[Settlement] = []
        bug: Exception | None = None
        for send in sends:
            try:
                sent, settled = send()
            except Exception as error:  # queued again by _send; raised once all ran
                bug = bug or error
                continue
            results.extend(sent)
            settlements.extend(settled)
        report = self._state.report(results, settlements, len(sends))
        if bug is not None:
            raise bug
        return report

    def _push_stock(self, changes: Sequence[PendingChange]) -> Sequence[ItemResult]:
        return self._channel.push_stock(stock_updates(changes))

    def _push_prices(self, changes: Sequence[PendingChange]) -> Sequence[ItemResult]:
        return self._channel.push_prices(price_updates(changes))

    def run(self, stop: threading.Event, *, poll: float = 1.0, senders: int = 2) -> None:
        """Send what is due until `stop` is set, sleeping on the clock until the next due time
        (at most `poll` seconds, so new changes are picked up). Flushes everything pending on
        the way out.

        Up to `senders` sends run at once: changes that become due while a send is on the
        wire go in a new one (a SKU in flight waits for its send to settle, then its newer
        value goes). With `senders=1` each send ends before the next begins.

        Raises:
            ValueError: `senders` is not a positive integer.

        Examples:
            stop = threading.Event()
            pusher.run(stop)  # returns once `stop` is set elsewhere
        """
        if isinstance(senders, bool) or not isinstance(senders, int) or senders < 1:
            raise ValueError(f"senders must be a positive integer, not {senders!r}")
        sending: list[_Sender] = []
        try:
            while not stop.is_set():
                sending = [sender for sender in sending if not sender.finished()]
                if senders == 1:
                    self.flush()
                elif len(sending) < senders:
                    batch = self._state.take(self._state.clock.now(), False)
                    if not batch.is_empty:
                        sender = _Sender(self, batch)
                        sender.start()
                        sending.append(sender)
                        continue
                delay = self._state.delay(poll)
                if sending:
                    delay = min(delay, _BUSY_POLL)
                if delay > 0 and not stop.is_set():
                    self._state.clock.sleep(delay)
        finally:
            for sender in sending:
                sender.join()
        for sender in sending:
            sender.finished()
        self.flush(force=True)


def _as_exception(error: BaseException) -> Exception:
    """`error` as the failure a change was not sent for (a cancelled send is one too)."""
    if isinstance(error, Exception):
        return error
    return RuntimeError(f"the push was interrupted ({type(error).__name__})")
