"""What only the blocking pusher promises: changes from many threads during flushes; and, as
a property over many cases, that stock and prices sent in one call each get their result.

Every other pusher test is written once in `tests/sync/_async/test_push.py` and runs against
both pushers (its blocking twin is generated into `tests/sync/_sync/`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.sync import PushPolicy, StockPusher
from marketplace_sdk.sync._push_plan import SettledChange


class RecordingShop:
    """A channel that accepts everything and records each stock call, from any thread."""

    def __init__(self) -> None:
        self.stock_calls: list[list[StockUpdate]] = []
        self.lock = threading.Lock()

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        batch = list(updates)
        with self.lock:
            self.stock_calls.append(batch)
        return [ItemResult.ok(update.sku) for update in batch]

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        return [ItemResult.ok(update.sku) for update in updates]


def test_changes_from_many_threads_during_flushes_lose_nothing(clock: FakeClock) -> None:
    shop = RecordingShop()
    pusher = StockPusher(shop, clock=clock, policy=PushPolicy(window=0.001))
    done = threading.Event()

    def host(thread: int) -> None:
        for quantity in range(200):
            for sku in range(10):
                pusher.stock_changed(f"T{thread}-{sku}", quantity)

    def flusher() -> None:
        while not done.is_set():
            clock.advance(0.01)
            pusher.flush()

    hosts = [threading.Thread(target=host, args=(n,)) for n in range(6)]
    background = threading.Thread(target=flusher)
    background.start()
    for thread in hosts:
        thread.start()
    for thread in hosts:
        thread.join()
    done.set()
    background.join()
    pusher.flush(force=True)

    last: dict[str, int] = {}
    for call in shop.stock_calls:
        skus = [update.sku for update in call]
        assert len(skus) == len(set(skus))
        for update in call:
            last[update.sku] = update.quantity
    assert last == {f"T{thread}-{sku}": 199 for thread in range(6) for sku in range(10)}


class CombinedShop:
    """A channel taking stock and prices in one call, answering from a per-SKU script."""

    def __init__(self, outcomes: dict[str, str]) -> None:
        self.outcomes = outcomes
        self.calls = 0
        self.single = 0

    def _answer(self, sku: str) -> ItemResult:
        outcome = self.outcomes.get(sku, "ok")
        if outcome == "ok":
            return ItemResult.ok(sku)
        if outcome == "rejected":
            return ItemResult.rejected(sku, message="refused")
        return ItemResult.retry_later(sku, message="busy")

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        self.single += 1
        return [self._answer(update.sku) for update in updates]

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        self.single += 1
        return [self._answer(update.sku) for update in updates]

    def push_stock_and_prices(
        self, stock: Iterable[StockUpdate], prices: Iterable[PriceUpdate]
    ) -> tuple[Sequence[ItemResult], Sequence[ItemResult]]:
        self.calls += 1
        return (
            [self._answer(update.sku) for update in stock],
            [self._answer(update.sku) for update in prices],
        )


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A", "B", "C", "D"]),
            st.sampled_from(["stock", "price"]),
            st.integers(0, 20),
        ),
        min_size=1,
        max_size=30,
    ),
    st.dictionaries(
        st.sampled_from(["A", "B", "C", "D"]), st.sampled_from(["ok", "rejected", "retry"])
    ),
)
def test_stock_and_prices_sent_together_each_get_their_own_result(
    changes: list[tuple[str, str, int]], outcomes: dict[str, str]
) -> None:
    shop = CombinedShop(outcomes)
    final: list[SettledChange] = []
    pusher = StockPusher(shop, clock=FakeClock(), on_result=final.append)
    for sku, kind, value in changes:
        if kind == "stock":
            pusher.stock_changed(sku, value)
        else:
            pusher.price_changed(sku, Money(amount=Decimal(value) + 1, currency="EUR"))
    pending = {(change.kind.value, change.update.sku) for change in pusher.pending()}

    report = pusher.flush(force=True)

    kinds = {kind for kind, _ in pending}
    assert report.channel_calls == 1
    assert (shop.calls, shop.single) == ((1, 0) if kinds == {"stock", "price"} else (0, 1))
    assert report.sent == len(pending)
    accounted = [(c.kind.value, c.update.sku) for c in (*report.settled, *report.retried)]
    assert sorted(accounted) == sorted(pending)  # each change once: nothing lost or doubled
    assert {(c.kind.value, c.update.sku) for c in final} == {
        key for key in pending if outcomes.get(key[1], "ok") != "retry"
    }
