"""Overlapping sends of the pusher's plan: a SKU in flight gets its newer value in a later send,
never an older value after a newer one, and no change is lost, whatever the order sends end in."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._models import StockUpdate
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.sync._push_plan import PendingChange, PushPlan, PushPolicy

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)
SKUS = st.sampled_from(["A", "B", "C"])
STEP = st.one_of(
    st.tuples(st.just("change"), SKUS, st.integers(0, 99)),
    st.tuples(st.just("wait"), st.floats(0, 3)),
    st.tuples(st.just("send")),  # a new send starts with what is due, others still on the wire
    st.tuples(
        st.just("land"),
        st.integers(0, 5),  # which send on the wire ends
        st.sampled_from(["ok", "retry", "rejected"]),
    ),
)


def answer(changes: Sequence[PendingChange], outcome: str) -> list[ItemResult]:
    if outcome == "ok":
        return [ItemResult.ok(change.update.sku) for change in changes]
    if outcome == "rejected":
        return [ItemResult.rejected(change.update.sku, message="no") for change in changes]
    return [ItemResult.retry_later(change.update.sku, message="busy") for change in changes]


class Shop:
    """The plan with sends on the wire, and the marketplace's quantities."""

    def __init__(self, policy: PushPolicy) -> None:
        self.plan = PushPlan(policy)
        self.now = T0
        self.on_wire: list[tuple[PendingChange, ...]] = []
        self.quantity: dict[str, int] = {}
        self.last: dict[str, int] = {}
        self.made: set[int] = set()
        self.ended: list[int] = []
        self.sent_seq: dict[str, list[int]] = {}
        self.last_seq: dict[str, int] = {}
        self.refused: set[int] = set()

    def change(self, sku: str, quantity: int) -> None:
        added = self.plan.add(StockUpdate(sku=sku, quantity=quantity), self.now)
        self.made.add(added.seq)
        self.last[sku] = quantity
        self.last_seq[sku] = added.seq
        for gone in (added.replaced, added.superseded_retry):
            if gone is not None:
                self.ended.append(gone.seq)

    def send(self, *, force: bool = False) -> None:
        batch = self.plan.take(self.now, force=force)
        if batch.is_empty:
            return
        flying = {change.update.sku for part in self.on_wire for change in part}
        for change in batch.stock:
            sku = change.update.sku
            assert sku not in flying, "two values of one SKU in flight"
            earlier = self.sent_seq.setdefault(sku, [])
            assert not earlier or earlier[-1] <= change.seq, "an older value after a newer one"
            earlier.append(change.seq)
        self.on_wire.append(batch.stock)

    def land(self, which: int, outcome: str) -> None:
        if not self.on_wire:
            return
        sent = self.on_wire.pop(which % len(self.on_wire))
        for change in sent:  # the marketplace applies what it accepts
            if outcome == "ok":
                assert isinstance(change.update, StockUpdate)
                self.quantity[change.update.sku] = change.update.quantity
        settlement = self.plan.settle(sent, answer(sent, outcome), self.now)
        self.ended.extend(change.seq for change in settlement.settled)
        self.ended.extend(change.seq for change in settlement.superseded)
        self.refused.update(
            change.seq for change in settlement.settled if change.result.outcome is Outcome.REJECTED
        )

    def drain(self) -> None:
        for _ in range(50):
            while self.on_wire:
                self.land(0, "ok")
            if not len(self.plan):
                return
            self.send(force=True)
        raise AssertionError("the plan never emptied")


@settings(max_examples=300, deadline=None)
@given(steps=st.lists(STEP, max_size=80), debounce=st.sampled_from([None, 0.2]))
def test_overlapping_sends_keep_each_skus_order_and_lose_nothing(
    steps: list[tuple[object, ...]], debounce: float | None
) -> None:
    shop = Shop(PushPolicy(window=1.0, debounce=debounce, max_attempts=50))
    for step in steps:
        if step[0] == "change":
            sku, quantity = step[1], step[2]
            assert isinstance(sku, str)
            assert isinstance(quantity, int)
            shop.change(sku, quantity)
        elif step[0] == "wait":
            assert isinstance(step[1], float)
            shop.now += timedelta(seconds=step[1])
        elif step[0] == "send":
            shop.send()
        else:
            which, outcome = step[1], step[2]
            assert isinstance(which, int)
            assert isinstance(outcome, str)
            shop.land(which, outcome)
    shop.drain()
    # Nothing lost: every change was replaced, superseded or settled, exactly once.
    assert sorted(shop.ended) == sorted(shop.made)
    assert not shop.plan.in_flight
    # The marketplace ends with each SKU's last value (unless that value was refused).
    for sku, last in shop.last.items():
        if shop.last_seq[sku] not in shop.refused:
            assert shop.quantity.get(sku) == last
