"""What a Mirakl channel keeps of the orders awaiting acceptance it read: the ids and states a
decision needs, for a bounded number of orders."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._shared.order_writes import (
    AWAITING_CAPACITY,
    AwaitingAcceptance,
    accept_plan,
)


def _waiting(number: int, lines: int = 2, state: str = "WAITING_ACCEPTANCE") -> MiraklOrder:
    order_id = f"{8580000000 + number}-A"
    return MiraklOrder.model_validate(
        {
            "order_id": order_id,
            "order_state": state,
            "customer": {"firstname": "Ada", "lastname": "Lovelace"},
            "order_lines": [
                {
                    "order_line_id": f"{order_id}-{n}",
                    "order_line_state": state,
                    "offer_sku": f"SKU-{n}",
                    "quantity": 1,
                    "product_title": "A mug " * 40,
                }
                for n in range(1, lines + 1)
            ],
        }
    )


def test_a_kept_order_decides_as_the_whole_order_would() -> None:
    kept = AwaitingAcceptance()
    order = _waiting(1, lines=3)
    kept.remember(order)
    slim = kept.take(order.order_id)
    assert slim is not None
    assert slim.customer is None  # ids and states only
    assert slim.order_lines[0].offer_sku is None
    for lines in (None, [f"{order.order_id}-2"], ["nope"]):
        assert accept_plan(slim, lines) == accept_plan(order, lines)


@settings(max_examples=200, deadline=None)
@given(
    capacity=st.integers(min_value=1, max_value=20),
    reads=st.lists(
        st.tuples(st.integers(0, 30), st.sampled_from(["WAITING_ACCEPTANCE", "SHIPPING"])),
        max_size=80,
    ),
)
# Found by hypothesis: one pushed out by a newer order stays out once that one moves on.
@example(capacity=1, reads=[(1, "WAITING_ACCEPTANCE"), (0, "WAITING_ACCEPTANCE"), (0, "SHIPPING")])
def test_the_last_orders_read_waiting_are_kept_and_no_more_than_the_bound(
    capacity: int, reads: list[tuple[int, str]]
) -> None:
    kept = AwaitingAcceptance(capacity)
    for number, state in reads:
        kept.remember(_waiting(number, state=state))
    assert len(kept) <= capacity
    # The orders whose last read showed them waiting, most recent first.
    last: dict[int, int] = {}  # order -> position of its last read
    for position, (number, _state) in enumerate(reads):
        last[number] = position
    waiting = sorted(
        (n for n, at in last.items() if reads[at][1] == "WAITING_ACCEPTANCE"),
        key=lambda n: -last[n],
    )
    # One is surely kept while fewer than `capacity` other orders were read waiting after it
    # (each such read may have pushed the oldest out, even one read in another state later).
    for number in waiting:
        after = {n for n, state in reads[last[number] + 1 :] if state == "WAITING_ACCEPTANCE"}
        if len(after) < capacity:
            assert kept.take(_waiting(number).order_id) is not None
    # Nothing else is kept but the most recent waiting ones, up to the bound.
    for number in waiting[:capacity]:
        kept.take(_waiting(number).order_id)
    assert len(kept) == 0


def test_a_long_poll_keeps_memory_bounded() -> None:
    kept = AwaitingAcceptance()
    for number in range(3 * AWAITING_CAPACITY):
        kept.remember(_waiting(number))
    assert len(kept) == AWAITING_CAPACITY
    assert kept.take(_waiting(0).order_id) is None  # the oldest read are forgotten
    assert kept.take(_waiting(3 * AWAITING_CAPACITY - 1).order_id) is not None
