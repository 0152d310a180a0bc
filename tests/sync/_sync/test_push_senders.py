# Generated from tests/sync/_async/test_push_senders.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The pusher keeps sending while a send is on the wire, and its stock pushes are urgent."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Sequence

import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._ratelimit import is_urgent
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.sync import PushPolicy, StockPusher


class HeldShop:
    """A channel whose first stock push stays on the wire until a later push has landed."""

    def __init__(self) -> None:
        self.pushes: list[list[tuple[str, int]]] = []
        self.first_on_wire = threading.Event()
        self.second_landed = threading.Event()
        self.quantity: dict[str, int] = {}
        self.urgent: list[tuple[str, bool]] = []

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        batch = [(update.sku, update.quantity) for update in updates]
        self.urgent.append(("stock", is_urgent()))
        self.pushes.append(batch)
        if len(self.pushes) == 1:
            self.first_on_wire.set()
            self.second_landed.wait()
        else:
            self.second_landed.set()
        self.quantity.update(batch)
        return [ItemResult.ok(sku) for sku, _ in batch]

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        self.urgent.append(("price", is_urgent()))
        return [ItemResult.ok(update.sku) for update in updates]


def test_a_change_made_during_a_send_goes_before_that_send_ends() -> None:
    clock = FakeClock()
    shop = HeldShop()
    pusher = StockPusher(shop, clock=clock)
    stop = threading.Event()
    pusher.stock_changed("A", 1)
    runner = threading.Thread(target=pusher.run, args=(stop,), kwargs={"senders": 2})
    runner.start()
    assert shop.first_on_wire.wait(timeout=10)
    pusher.stock_changed("B", 2)  # due while A's push is still on the wire
    pusher.stock_changed("A", 5)  # A is in flight: its newer value waits for that push
    assert shop.second_landed.wait(timeout=10)
    stop.set()
    runner.join(timeout=10)
    assert not runner.is_alive()
    assert shop.pushes == [[("A", 1)], [("B", 2)], [("A", 5)]]
    assert shop.quantity == {"A": 5, "B": 2}
    assert pusher.pending() == ()


def test_stock_pushes_are_urgent_and_price_pushes_are_not() -> None:
    clock = FakeClock()
    shop = HeldShop()
    shop.second_landed.set()  # nothing is held
    pusher = StockPusher(shop, clock=clock)
    pusher.stock_changed("A", 1)
    pusher.price_changed("A", Money(amount="5.00", currency="EUR"))
    pusher.flush(force=True)
    assert shop.urgent == [("stock", True), ("price", False)]
    assert not is_urgent()


def test_one_sender_sends_one_push_at_a_time() -> None:
    clock = FakeClock()
    shop = HeldShop()
    shop.second_landed.set()
    final: list[object] = []
    stop = threading.Event()

    def record(change: object) -> None:
        final.append(change)
        stop.set()

    pusher = StockPusher(shop, clock=clock, on_result=record, policy=PushPolicy())
    pusher.stock_changed("A", 1)
    pusher.run(stop, senders=1)
    assert shop.pushes == [[("A", 1)]]
    assert len(final) == 1


@pytest.mark.parametrize("senders", [0, -1, True])
def test_bad_senders_are_refused(senders: int) -> None:
    pusher = StockPusher(HeldShop(), clock=FakeClock())
    with pytest.raises(ValueError, match="senders"):
        pusher.run(threading.Event(), senders=senders)
