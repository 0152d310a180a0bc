"""What only the blocking pusher promises: changes from many threads during flushes.

Every other pusher test is written once in `tests/sync/_async/test_push.py` and runs against
both pushers (its blocking twin is generated into `tests/sync/_sync/`).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.sync import PushPolicy, StockPusher


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
