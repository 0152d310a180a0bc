"""The seeded FNAC shop: its whole history happened before the sandbox's now."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac.sandbox import FnacSandbox


def _dates(value: object) -> list[datetime]:
    return [
        getattr(value, name)
        for name in dir(value)
        if name.endswith("_at") and isinstance(getattr(value, name, None), datetime)
    ]


@settings(max_examples=10, deadline=None)
@given(seed=st.integers(min_value=0, max_value=10_000), days=st.integers(min_value=1, max_value=90))
def test_nothing_seeded_is_dated_after_now(seed: int, days: int) -> None:
    """A client reading windows up to now must see every seeded change: an order shipped
    "in two hours" would be invisible to the backfill and to every run until then."""
    clock = FakeClock()
    sandbox = FnacSandbox.seeded(offers=30, orders=40, days=days, seed=seed, clock=clock)
    now = clock.now()
    for order in sandbox.state.orders.values():
        dates = _dates(order) + [d for line in order.lines for d in _dates(line)]
        assert all(when <= now for when in dates), order.order_id
        assert order.created_at <= order.updated_at
    for offer in sandbox.state.offers.values():
        assert offer.created_at <= offer.updated_at <= now
