"""The Mirakl shop under faults aimed by operation code, beyond the mixed faults of every shop.

The Mirakl sandbox names each request by its operation code (`OR11`, `OR21`, `OF24`...), so a
fault plan can aim at one kind of call. Three aims, each at a rate no random mix reaches:

- lost answers to writes: OR21 (accept), OR23 (tracking), OR24 (ship), and OF24/OF01 (offer
  imports) applied by Mirakl, then their answer lost (timeout or reset after the server applied
  them, or a 5xx in place of the answer): nothing is lost, no order is shipped twice, and stock
  still converges, the channel finding a lost import again (OF04) instead of sending it twice;
- unreadable pages: OR11 and OF21 pages truncated, malformed (not JSON) or answered 5xx: no
  order lost or stale, no stock left behind;
- held back: OR11, OF24 and OF02 answered 429 with `Retry-After`, on top of the sandbox's own
  429s for calls above an operation's frequency (MIRAKL-Q01).
"""

from __future__ import annotations

import pytest
from tests.chaos.harness import ChaosSize, run_chaos, run_stock_chaos

from marketplace_sdk.testing import Fault

LOST_ANSWERS = (
    (Fault.timeout_after_apply(), 1.0),
    (Fault.reset(after_apply=True), 1.0),
    (Fault.error(500, after_apply=True), 1.0),
    (Fault.error(504, after_apply=True), 1.0),
)
UNREADABLE = (
    (Fault.truncated(0.3), 1.0),
    (Fault.truncated(0.8), 1.0),
    (Fault.malformed(b'{"orders": [{"order_id": '), 1.0),
    (Fault.error(502), 1.0),
    (Fault.error(503), 1.0),
)
HELD_BACK = (
    (Fault.rate_limited(retry_after=1), 1.0),
    (Fault.rate_limited(retry_after=60), 1.0),
)
ORDER_WRITES = ("OR21", "OR23", "OR24")
OFFER_WRITES = ("OF24", "OF01")
SIZE = ChaosSize(history_orders=40, listings=20, hours=12, orders_per_hour=2)


def _clean(marketplace: str, seed: int, **faults: object) -> None:
    figures = run_chaos(marketplace, seed, size=SIZE, **faults)  # type: ignore[arg-type]
    assert sum(figures.injected.values()) > 0, figures.row()
    assert (figures.lost, figures.duplicated, figures.stale) == ([], [], []), figures.row()


@pytest.mark.parametrize("seed", [1, 2])
def test_lost_answers_to_order_writes_lose_nothing_and_ship_once(seed: int) -> None:
    _clean("mirakl", seed, rate=0.5, mix=LOST_ANSWERS, operations=ORDER_WRITES)


@pytest.mark.parametrize("seed", [1, 2])
def test_unreadable_or11_pages_lose_no_order(seed: int) -> None:
    _clean("mirakl", seed, rate=0.3, mix=UNREADABLE, operations=("OR11",))


@pytest.mark.parametrize("seed", [1, 2])
def test_429s_on_polls_and_imports_lose_no_order(seed: int) -> None:
    _clean("mirakl", seed, rate=0.4, mix=HELD_BACK, operations=("OR11", "OF24", "OF02"))


@pytest.mark.parametrize(
    ("mix", "operations"),
    [
        (LOST_ANSWERS, OFFER_WRITES),
        (UNREADABLE, ("OF21", "OF02", "OF03")),
        (HELD_BACK, ("OF24", "OF01", "OF02")),
    ],
    ids=["lost-import-answers", "unreadable-reads", "held-back"],
)
@pytest.mark.parametrize("seed", [1, 2])
def test_stock_converges_under_faults_aimed_at_offer_calls(
    mix: tuple[tuple[Fault, float], ...], operations: tuple[str, ...], seed: int
) -> None:
    figures = run_stock_chaos("mirakl", seed, rate=0.5, mix=mix, operations=operations)

    assert sum(figures.injected.values()) > 0, figures.row()
    assert figures.false_ok == [], figures.row()
    assert figures.diverged == [], figures.row()
