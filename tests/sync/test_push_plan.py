"""The pusher's pure plan: coalescing windows, batches, retries and give-ups, with `now` given."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.sync._push_plan import (
    ChangeKind,
    PendingChange,
    PushPlan,
    PushPolicy,
    SettledChange,
)

T0 = datetime(2026, 3, 1, 12, tzinfo=UTC)


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def stock(sku: str, quantity: int) -> StockUpdate:
    return StockUpdate(sku=sku, quantity=quantity)


def all_ok(changes: Sequence[PendingChange]) -> list[ItemResult]:
    return [ItemResult.ok(change.update.sku) for change in changes]


def retry(changes: Sequence[PendingChange], after: float | None = None) -> list[ItemResult]:
    return [
        ItemResult.retry_later(change.update.sku, message="busy", retry_after=after)
        for change in changes
    ]


def test_a_sku_is_due_when_the_window_since_its_first_change_has_passed() -> None:
    plan = PushPlan(PushPolicy(window=2.0, debounce=None))
    plan.add(stock("MUG", 5), at(0))
    plan.add(stock("MUG", 4), at(1.5))  # does not restart the window
    assert not plan.due(at(1.9))
    assert plan.take(at(1.9)).is_empty
    assert plan.next_due() == at(2)
    batch = plan.take(at(2))
    assert [change.update for change in batch.stock] == [stock("MUG", 4)]
    assert len(plan) == 0
    assert plan.next_due() is None


def test_without_ride_along_only_the_skus_whose_window_passed_are_taken() -> None:
    plan = PushPlan(PushPolicy(window=2.0, ride_along=False, debounce=None))
    plan.add(stock("OLD", 1), at(0))
    plan.add(stock("NEW", 1), at(1))
    assert [change.update.sku for change in plan.take(at(2.5)).stock] == ["OLD"]
    assert [change.update.sku for change in plan] == ["NEW"]


def test_fresh_changes_of_a_kind_ride_along_with_a_due_one_but_retries_wait() -> None:
    plan = PushPlan(PushPolicy(window=2.0))
    plan.add(stock("LATER", 1), at(0))
    sent = plan.take(at(2)).stock
    plan.settle(sent, retry(sent, after=60), at(2))
    plan.add(stock("OLD", 1), at(2))
    plan.add(stock("NEW", 1), at(3.9))
    plan.add(PriceUpdate(sku="NEW", price=Money(amount="5", currency="EUR")), at(3.9))
    batch = plan.take(at(4))
    assert [change.update.sku for change in batch.stock] == ["OLD", "NEW"]
    assert batch.price == ()
    assert sorted(change.key for change in plan) == [("price", "NEW"), ("stock", "LATER")]


def test_a_full_batch_is_due_at_once() -> None:
    plan = PushPlan(PushPolicy(window=60, max_batch=3))
    plan.add(stock("A", 1), at(0))
    plan.add(stock("B", 1), at(0))
    assert not plan.due(at(0))
    plan.add(stock("C", 1), at(0))
    assert plan.due(at(0))
    assert plan.next_due() == at(0)
    assert len(plan.take(at(0)).stock) == 3


def test_stock_and_price_of_one_sku_are_separate_changes() -> None:
    plan = PushPlan()
    price = PriceUpdate(sku="MUG", price=Money(amount="9.90", currency="EUR"))
    plan.add(stock("MUG", 2), at(0))
    plan.add(price, at(0))
    batch = plan.take(at(0), force=True)
    assert [change.update for change in batch.stock] == [stock("MUG", 2)]
    assert [change.update for change in batch.price] == [price]
    assert batch.price[0].kind is ChangeKind.PRICE


def test_force_takes_everything_even_retries_not_yet_due() -> None:
    plan = PushPlan(PushPolicy(window=60))
    plan.add(stock("A", 1), at(0))
    sent = plan.take(at(0), force=True).stock
    plan.settle(sent, retry(sent, after=600), at(0))
    plan.add(stock("B", 1), at(0))
    assert len(plan.take(at(1), force=True)) == 2


def test_a_retry_waits_for_the_marketplaces_retry_after() -> None:
    plan = PushPlan()
    plan.add(stock("A", 1), at(0))
    sent = plan.take(at(2)).stock
    settlement = plan.settle(sent, retry(sent, after=30), at(2))
    assert [change.attempts for change in settlement.retried] == [1]
    assert not plan.due(at(31.9))
    assert plan.next_due() == at(32)
    again = plan.take(at(32)).stock
    assert [(change.update, change.attempts) for change in again] == [(stock("A", 1), 1)]


def test_without_retry_after_the_backoff_doubles_up_to_its_cap() -> None:
    policy = PushPolicy(backoff=1.0, backoff_cap=4.0, max_attempts=10)
    plan = PushPlan(policy)
    plan.add(stock("A", 1), at(0))
    now = at(2)
    delays = []
    for _ in range(5):
        sent = plan.take(now, force=True).stock
        plan.settle(sent, retry(sent), now)
        wake = plan.next_due()
        assert wake is not None
        delays.append((wake - now).total_seconds())
        now = wake
    assert delays == [1.0, 2.0, 4.0, 4.0, 4.0]


def test_after_max_attempts_the_change_is_given_up() -> None:
    plan = PushPlan(PushPolicy(max_attempts=3))
    plan.add(stock("A", 1), at(0))
    settlements = []
    for _ in range(3):
        sent = plan.take(at(0), force=True).stock
        settlements.append(plan.settle(sent, retry(sent), at(0)))
    assert [len(part.retried) for part in settlements] == [1, 1, 0]
    (failed,) = settlements[-1].failed
    assert failed.gave_up
    assert failed.attempts == 3
    assert failed.result.outcome is Outcome.RETRY_LATER
    assert len(plan) == 0


def test_a_newer_change_supersedes_a_queued_retry_and_starts_a_fresh_window() -> None:
    plan = PushPlan(PushPolicy(window=2, debounce=None))
    first = plan.add(stock("A", 1), at(0))
    sent = plan.take(at(2)).stock
    plan.settle(sent, retry(sent, after=100), at(2))
    added = plan.add(stock("A", 7), at(3))
    assert added.superseded_retry is not None
    assert added.superseded_retry.seq == first.seq
    assert added.replaced is None
    assert plan.next_due() == at(5)
    (change,) = plan.take(at(5)).stock
    assert (value(change.update), change.attempts) == (7, 0)


def test_a_change_arriving_while_in_flight_supersedes_the_retry_of_the_older_value() -> None:
    plan = PushPlan()
    plan.add(stock("A", 1), at(0))
    sent = plan.take(at(2)).stock
    plan.add(stock("A", 2), at(2.5))  # arrives while the push is on the wire
    settlement = plan.settle(sent, retry(sent), at(3))
    assert [value(change.update) for change in settlement.superseded] == [1]
    assert settlement.retried == ()
    assert [value(change.update) for change in plan] == [2]


def test_an_ok_result_while_a_newer_value_waits_leaves_the_newer_value_pending() -> None:
    plan = PushPlan()
    plan.add(stock("A", 1), at(0))
    sent = plan.take(at(2)).stock
    plan.add(stock("A", 2), at(2.5))
    settlement = plan.settle(sent, all_ok(sent), at(3))
    assert [value(change.update) for change in settlement.settled] == [1]
    assert [value(change.update) for change in plan] == [2]


def test_results_are_matched_by_sku_and_a_missing_one_is_retried() -> None:
    plan = PushPlan()
    for sku in ("A", "B", "C"):
        plan.add(stock(sku, 1), at(0))
    sent = plan.take(at(0), force=True).stock
    results = [ItemResult.rejected("C", message="unknown SKU"), ItemResult.ok("A")]
    settlement = plan.settle(sent, results, at(0))
    outcomes = {change.update.sku: change.result.outcome for change in settlement.settled}
    assert outcomes == {"A": Outcome.OK, "C": Outcome.REJECTED}
    (retried,) = settlement.retried
    assert retried.update.sku == "B"
    assert [change.update.sku for change in plan] == ["B"]


def test_naive_times_and_bad_policies_are_refused() -> None:
    plan = PushPlan()
    with pytest.raises(ValueError, match="naive"):
        plan.add(stock("A", 1), datetime(2026, 1, 1))
    with pytest.raises(ValueError, match="window"):
        PushPolicy(window=0)
    with pytest.raises(ValueError, match="max_attempts"):
        PushPolicy(max_attempts=0)


# --- properties --------------------------------------------------------------------------------

SKUS = st.sampled_from(["A", "B", "C", "D"])
OUTCOMES = st.sampled_from(["ok", "rejected", "retry", "retry_after"])
STEP = st.one_of(
    st.tuples(st.just("stock"), SKUS, st.integers(0, 999)),
    st.tuples(st.just("price"), SKUS, st.integers(100, 9999)),
    st.tuples(st.just("wait"), st.floats(0, 5)),
    st.tuples(
        st.just("flush"),
        st.lists(OUTCOMES, min_size=1, max_size=8),
        # changes the host makes while the push is on the wire
        st.lists(st.tuples(SKUS, st.integers(0, 999)), max_size=3),
    ),
)


def answer(changes: Sequence[PendingChange], outcomes: Sequence[str]) -> list[ItemResult]:
    results = []
    for position, change in enumerate(changes):
        outcome = outcomes[position % len(outcomes)]
        sku = change.update.sku
        if outcome == "ok":
            results.append(ItemResult.ok(sku))
        elif outcome == "rejected":
            results.append(ItemResult.rejected(sku, message="no"))
        else:
            after = 3.0 if outcome == "retry_after" else None
            results.append(ItemResult.retry_later(sku, message="busy", retry_after=after))
    return results


def value(update: StockUpdate | PriceUpdate) -> object:
    return update.quantity if isinstance(update, StockUpdate) else update.price.amount


class Run:
    """Drives a plan through steps, recording what was sent and where each change ended."""

    def __init__(self, policy: PushPolicy) -> None:
        self.plan = PushPlan(policy)
        self.now = T0
        self.made: dict[int, tuple[str, str, object]] = {}
        self.last: dict[tuple[str, str], object] = {}
        self.sent: list[tuple[tuple[str, str], object]] = []
        self.ended: list[int] = []

    def change(self, kind: str, sku: str, amount: int) -> None:
        update: StockUpdate | PriceUpdate = (
            stock(sku, amount)
            if kind == "stock"
            else PriceUpdate(sku=sku, price=Money(amount=amount, currency="EUR"))
        )
        added = self.plan.add(update, self.now)
        self.made[added.seq] = (kind, sku, value(update))
        self.last[(kind, sku)] = value(update)
        for gone in (added.replaced, added.superseded_retry):
            if gone is not None:
                self.ended.append(gone.seq)

    def flush(
        self,
        outcomes: Sequence[str],
        in_flight: Sequence[tuple[str, int]] = (),
        *,
        force: bool = False,
    ) -> None:
        batch = self.plan.take(self.now, force=force)
        for sku, amount in in_flight:
            self.change("stock", sku, amount)
        for part in (batch.stock, batch.price):
            keys = [change.key for change in part]
            assert len(keys) == len(set(keys)), "a SKU was sent twice in one flush"
            self.sent.extend((change.key, value(change.update)) for change in part)
            settlement = self.plan.settle(part, answer(part, outcomes), self.now)
            self.ended.extend(change.seq for change in settlement.superseded)
            self.ended.extend(change.seq for change in settlement.settled)

    def play(self, steps: Sequence[tuple[object, ...]]) -> None:
        for step in steps:
            if step[0] in ("stock", "price"):
                _, sku, amount = step
                assert isinstance(sku, str)
                assert isinstance(amount, int)
                self.change(str(step[0]), sku, amount)
            elif step[0] == "wait":
                assert isinstance(step[1], float)
                self.now += timedelta(seconds=step[1])
            else:
                _, outcomes, in_flight = step
                assert isinstance(outcomes, list)
                assert isinstance(in_flight, list)
                self.flush(outcomes, in_flight)

    def drain(self, outcomes: Sequence[str]) -> None:
        for _ in range(self.plan.policy.max_attempts * 10):
            if not len(self.plan):
                return
            self.flush(outcomes, force=True)
        raise AssertionError("the plan never emptied")


@settings(max_examples=200, deadline=None)
@given(steps=st.lists(STEP, max_size=60), ride_along=st.booleans())
def test_the_last_value_of_each_sku_is_what_gets_sent_last(
    steps: list[tuple[object, ...]], ride_along: bool
) -> None:
    run = Run(PushPolicy(window=2.0, max_batch=3, ride_along=ride_along))
    outcome_free = [step if step[0] != "flush" else ("flush", ["ok"], step[2]) for step in steps]
    run.play(outcome_free)
    run.drain(["ok"])
    last_sent: dict[tuple[str, str], object] = {}
    for key, sent in run.sent:
        last_sent[key] = sent
    assert last_sent == run.last


@settings(max_examples=200, deadline=None)
@given(
    steps=st.lists(STEP, max_size=60),
    final=st.lists(OUTCOMES, min_size=1, max_size=4),
    ride_along=st.booleans(),
)
def test_every_change_is_sent_superseded_or_reported_exactly_once(
    steps: list[tuple[object, ...]], final: list[str], ride_along: bool
) -> None:
    run = Run(PushPolicy(window=2.0, max_batch=3, max_attempts=3, ride_along=ride_along))
    run.play(steps)
    run.drain(final)
    assert sorted(run.ended) == sorted(run.made)
    assert len(run.plan) == 0
    for key, last in run.last.items():
        assert (key, last) in run.sent


@given(
    st.sampled_from(["A", "B"]),
    st.integers(0, 50),
    st.sampled_from([Outcome.OK, Outcome.REJECTED]),
    st.integers(1, 5),
)
def test_a_settled_change_is_the_one_its_class_builds(
    sku: str, quantity: int, outcome: Outcome, attempts: int
) -> None:
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    change = PendingChange(7, StockUpdate(sku=sku, quantity=quantity), t0, attempts - 1)
    result = ItemResult.ok(sku) if outcome is Outcome.OK else ItemResult.rejected(sku, message="no")
    (settled,) = PushPlan().settle([change], [result], t0).settled
    expected = SettledChange(ChangeKind.STOCK, change.update, result, attempts, seq=7)
    assert settled == expected
    assert repr(settled) == repr(expected)
    assert hash(settled) == hash(expected)
