"""A flush's results and settled changes are kept as columns and built when read: as a
property over generated pushes with faults, every change sent is reported exactly once, ok or
not, and what the report's lazy views give is what the channel answered. A change queued
without validation is the update validation builds.

The blocking pusher runs here; the asyncio one shares the same plan and report
(`marketplace_sdk.sync._push_report`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import RateLimitedError, ServerError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._result_columns import ResultColumns
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.sync import InvalidChangeError, PushPolicy, StockPusher
from marketplace_sdk.sync._push_plan import ChangeKind, PendingChange, SettledChange
from marketplace_sdk.sync._push_report import price_update, stock_update

SKUS = ("A", "B", "C", "D")
#: What the shop does with an item: apply it, refuse it, ask for a retry, lose its answer,
#: leave it out of its answer.
ITEM = st.sampled_from(["ok", "ok", "ok", "rejected", "retry", "retry_after", "unknown", "gone"])
#: What the shop does with a whole call: answer, or fail as a whole.
CALL = st.sampled_from(["answer", "answer", "answer", "server_error", "rate_limited"])


class FaultyShop:
    """A channel answering each call from a generated script: per call a fault or an
    answer, per item an outcome; answers as plain lists or as `ResultColumns`, in order or
    reversed."""

    def __init__(self, calls: list[str], items: list[str], columns: bool, reverse: bool) -> None:
        self.calls, self.items = calls, items
        self.columns, self.reverse = columns, reverse
        self.received = 0
        self.answered = 0
        self.turn = 0

    def _answer(self, skus: list[str]) -> Sequence[ItemResult]:
        call = self.calls[self.turn % len(self.calls)] if self.calls else "answer"
        self.turn += 1
        self.received += len(skus)
        if call != "answer":  # the pusher reports each item of a failed call retry later
            self.answered += len(skus)
        if call == "server_error":
            raise ServerError("the shop is down", status=503)
        if call == "rate_limited":
            raise RateLimitedError("slow down", retry_after=2)
        results: list[ItemResult] = []
        for position, sku in enumerate(skus):
            outcome = self.items[(self.turn + position) % len(self.items)] if self.items else "ok"
            if outcome == "ok":
                results.append(ItemResult.ok(sku, marketplace_id=f"id-{sku}"))
            elif outcome == "rejected":
                results.append(ItemResult.rejected(sku, code="E1", message="refused"))
            elif outcome == "retry":
                results.append(ItemResult.retry_later(sku, message="busy"))
            elif outcome == "retry_after":
                results.append(ItemResult.retry_later(sku, message="busy", retry_after=1.5))
            elif outcome == "unknown":
                results.append(ItemResult.unknown(sku, message="answer lost"))
        self.answered += len(results)
        if self.reverse:
            results.reverse()
        if not self.columns:
            return results
        plain = {
            index: result
            for index, result in enumerate(results)
            if not (result.is_ok and result.marketplace_id)
        }
        ids = [None if index in plain else r.marketplace_id for index, r in enumerate(results)]
        return ResultColumns([result.key for result in results], ids, plain)

    def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        return self._answer([update.sku for update in updates])

    def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        return self._answer([update.sku for update in updates])


def value_of(update: StockUpdate | PriceUpdate) -> object:
    return update.quantity if isinstance(update, StockUpdate) else update.price.amount


STEP = st.one_of(
    st.tuples(st.just("stock"), st.sampled_from(SKUS), st.integers(0, 20)),
    st.tuples(st.just("price"), st.sampled_from(SKUS), st.integers(1, 20)),
    st.tuples(st.just("wait"), st.sampled_from([0.1, 0.5, 1.0, 3.0])),
    st.tuples(st.just("flush"), st.booleans()),
)


@settings(max_examples=300, deadline=None)
@given(
    steps=st.lists(STEP, max_size=50),
    calls=st.lists(CALL, max_size=6),
    items=st.lists(ITEM, max_size=8),
    columns=st.booleans(),
    reverse=st.booleans(),
)
def test_every_change_sent_is_reported_exactly_once_ok_or_not(
    steps: list[tuple[object, ...]],
    calls: list[str],
    items: list[str],
    columns: bool,
    reverse: bool,
) -> None:
    clock = FakeClock()
    shop = FaultyShop(calls, items, columns, reverse)
    given_to_host: list[SettledChange] = []
    pusher = StockPusher(
        shop,
        clock=clock,
        policy=PushPolicy(window=1.0, max_batch=3, max_attempts=3),
        on_result=given_to_host.append,
    )
    last: dict[tuple[str, str], object] = {}
    settled: list[SettledChange] = []
    retried: list[PendingChange] = []
    superseded: list[PendingChange] = []
    answered = 0

    def flush(force: bool) -> None:
        nonlocal answered
        report = pusher.flush(force=force)
        answered += report.sent
        # The lazy views give what the materialized ones give, typed.
        results = list(report.results)
        assert [report.results[index] for index in range(report.sent)] == results
        assert report.results == results
        assert report.ok == tuple(r for r in results if r.outcome is Outcome.OK)
        assert report.rejected == tuple(r for r in results if r.outcome is Outcome.REJECTED)
        done = list(report.settled)
        assert all(isinstance(change, SettledChange) for change in done)
        assert report.failed == tuple(change for change in done if change.gave_up)
        for change in done:
            assert change.result.key == change.update.sku
            assert change.kind is ChangeKind.of(change.update)
            assert 1 <= change.attempts <= 3
        settled.extend(done)
        retried.extend(report.retried)
        superseded.extend(report.superseded)

    for step in steps:
        if step[0] == "stock":
            _, sku, quantity = step
            assert isinstance(sku, str)
            assert isinstance(quantity, int)
            pusher.stock_changed(sku, quantity)
            last[("stock", sku)] = quantity
        elif step[0] == "price":
            _, sku, amount = step
            assert isinstance(sku, str)
            assert isinstance(amount, int)
            pusher.price_changed(sku, Money(amount=Decimal(amount), currency="EUR"))
            last[("price", sku)] = Decimal(amount)
        elif step[0] == "wait":
            assert isinstance(step[1], float)
            clock.advance(step[1])
        else:
            flush(bool(step[1]))
    shop.calls, shop.items = [], []  # the shop recovers: everything left goes through
    for _ in range(20):
        if not pusher.pending():
            break
        clock.advance(600)
        flush(True)
    assert pusher.pending() == ()

    # Exactly once: no change settled twice, none both settled and superseded.
    ended = [change.seq for change in settled] + [change.seq for change in superseded]
    assert len(ended) == len(set(ended))
    # Nothing lost: every change queued again ended, settled or superseded.
    assert {change.seq for change in retried} <= set(ended)
    # Each result the shop gave (or a failed call's) is in a report; each item it was
    # handed ended once, as settled, queued again or superseded by a newer value.
    assert answered == shop.answered
    assert len(settled) + len(retried) <= shop.received
    assert shop.received <= len(settled) + len(retried) + len(superseded)
    # The host's callback got each settled change, in the reports' order.
    assert given_to_host == settled
    # The last value of each SKU and kind was reported settled.
    final = {(change.kind.value, change.update.sku): value_of(change.update) for change in settled}
    assert final == last


skus = st.text(st.sampled_from(["A", "b", "-", " ", "\t", "\x85", "\xa0", "\u3000", "\x1c"]))
moneys = st.builds(
    Money, amount=st.decimals("0", "100", places=2), currency=st.sampled_from(["EUR", "USD"])
)


@given(skus, st.integers(0, 50), st.none() | st.text("xy", max_size=2))
def test_a_stock_change_queued_is_the_validated_update(
    sku: str, quantity: int, marketplace_id: str | None
) -> None:
    try:
        expected = StockUpdate(sku=sku, quantity=quantity, marketplace_id=marketplace_id)
    except ValidationError:
        with pytest.raises(InvalidChangeError):
            stock_update(sku, quantity, marketplace_id)
        return
    got = stock_update(sku, quantity, marketplace_id)
    assert got == expected
    assert repr(got) == repr(expected)
    assert got.model_fields_set == expected.model_fields_set


@given(skus, moneys, st.none() | moneys, st.none() | st.text("xy", max_size=2))
def test_a_price_change_queued_is_the_validated_update(
    sku: str, price: Money, selling_price: Money | None, marketplace_id: str | None
) -> None:
    try:
        expected = PriceUpdate(
            sku=sku, price=price, selling_price=selling_price, marketplace_id=marketplace_id
        )
    except ValidationError:
        with pytest.raises(InvalidChangeError):
            price_update(sku, price, selling_price, marketplace_id)
        return
    got = price_update(sku, price, selling_price, marketplace_id)
    assert got == expected
    assert repr(got) == repr(expected)
    assert got.model_fields_set == expected.model_fields_set
