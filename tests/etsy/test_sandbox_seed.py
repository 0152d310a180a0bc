"""The seeded sandbox shop: deterministic, shaped as asked, and fit for the channel's rules."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._render import render_listing
from marketplace_sdk.etsy.sandbox._render_orders import render_receipt


def snapshot(sandbox: EtsySandbox) -> list[object]:
    world = sandbox.world
    listings = [
        render_listing(item, "USD", includes=["Inventory", "Images"])
        for item in world.listings.values()
    ]
    receipts = [
        render_receipt(item, seller=world.seller, profiles=world.profiles)
        for item in world.receipts.values()
    ]
    return [*listings, *receipts]


def test_the_same_seed_builds_the_same_shop() -> None:
    first = EtsySandbox.seeded(listings=80, orders=40, clock=FakeClock(), seed=5)
    second = EtsySandbox.seeded(listings=80, orders=40, clock=FakeClock(), seed=5)
    other = EtsySandbox.seeded(listings=80, orders=40, clock=FakeClock(), seed=6)
    assert snapshot(first) == snapshot(second)
    assert snapshot(first) != snapshot(other)


def test_default_shop_has_the_requested_shape() -> None:
    clock = FakeClock()
    sandbox = EtsySandbox.seeded(clock=clock)
    listings = list(sandbox.world.listings.values())
    assert len(listings) == 1000
    variations = sum(listing.has_variations for listing in listings)
    assert 200 <= variations <= 400
    states = Counter(listing.state for listing in listings)
    assert set(states) == {"active", "inactive", "draft", "sold_out", "expired"}
    assert all(listing.images for listing in listings)
    skus = Counter(product.sku for listing in listings for product in listing.inventory.products)
    assert sum(1 for count in skus.values() if count > 1) == 5
    receipts = list(sandbox.world.receipts.values())
    assert len(receipts) == 200
    oldest = min(receipt.created for receipt in receipts)
    assert clock.now() - oldest <= timedelta(days=90)
    statuses = Counter(receipt.status for receipt in receipts)
    assert {"Paid", "Completed", "Canceled"} <= set(statuses)
    assert any(receipt.is_delivered for receipt in receipts)
    # Seeding is history: no webhook is waiting to go out.
    assert sandbox.world.events == []


@settings(max_examples=15, deadline=None)
@given(
    listings=st.integers(min_value=0, max_value=40),
    orders=st.integers(min_value=0, max_value=20),
    ratio=st.floats(min_value=0, max_value=1),
    seed=st.integers(min_value=0, max_value=10_000),
)
def test_seeded_records_keep_their_invariants(
    listings: int, orders: int, ratio: float, seed: int
) -> None:
    sandbox = EtsySandbox.seeded(
        listings=listings, orders=orders, variation_ratio=ratio, seed=seed, clock=FakeClock()
    )
    assert len(sandbox.world.listings) == listings
    for listing in sandbox.world.listings.values():
        products = listing.inventory.products
        order = [[v.property_id for v in p.property_values] for p in products]
        assert all(ids == order[0] for ids in order)
        assert listing.state != "active" or listing.quantity > 0
    for receipt in sandbox.world.receipts.values():
        assert receipt.updated >= receipt.created
        assert receipt.is_shipped == bool(receipt.shipments)
        assert not (receipt.is_canceled and receipt.is_shipped)
