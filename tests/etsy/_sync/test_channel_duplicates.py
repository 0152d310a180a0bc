# Generated from tests/etsy/_async/test_channel_duplicates.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""A SKU on several Etsy listings is one physical stock: a push reaches every one of them.

The catalogue import keeps one product per duplicated SKU (the lowest listing id) and reports
the others; the stock push must reach them all: a listing left with its old stock goes on
selling what is gone. Every behaviour is on, as by default in the sandbox.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from tests.etsy._sync.harness import load_image, make_channel, secret_of, stored

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import PriceUpdate, ProductDraft, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.etsy import EtsyChannel, EtsyChannelOptions, EtsyClient
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._state import (
    Inventory,
    Listing,
    Offering,
    Product,
    PropertyValue,
)
from marketplace_sdk.testing._faults import Fault

#: The states a listing carrying a duplicated SKU is generated in (`edit`: ETSY-Q02).
STATES = ("active", "inactive", "edit", "sold_out", "draft")

#: Faults of a busy Etsy: 429s, 5xx, and answers lost after Etsy applied the request.
FAULTS = (
    (Fault.rate_limited(retry_after=1), 1.0),
    (Fault.error(503), 1.0),
    (Fault.error(500), 1.0),
    (Fault.timeout_after_apply(), 1.0),
    (Fault.reset(after_apply=True), 1.0),
)
PUSH_OPERATIONS = ("getListingsInventoryByListingIds", "updateListingInventory", "updateListing")


def sandbox_of(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=0, orders=0, clock=clock, seed=5)


def impatient_channel(sandbox: EtsySandbox, clock: FakeClock) -> EtsyChannel:
    """A channel whose client tries each call twice, so faults reach the push's results."""
    client = EtsyClient(
        sandbox.keystring,
        secret_of(sandbox),
        stored(sandbox.connect(), clock),
        transport=sandbox.transport(),
        clock=clock,
        retry=RetryPolicy(max_attempts=2),
    )
    options = EtsyChannelOptions(shipping_profile_id=next(iter(sandbox.world.profiles)))
    return EtsyChannel(
        client, sandbox.shop_id, clock=clock, options=options, image_loader=load_image
    )


def add_in_state(sandbox: EtsySandbox, sku: str, state: str, quantity: int) -> Listing:
    """A one-SKU listing Etsy holds in `state` (a sold-out one at 0, as Etsy holds it)."""
    listing = sandbox.listing(sandbox.add_listing(sku, quantity=quantity))
    if state == "sold_out":
        listing.inventory.products[0].offerings[0].quantity = 0
    listing.state = state
    return listing


def add_variations(sandbox: EtsySandbox, skus: Sequence[str], quantity: int) -> Listing:
    """An active listing with one product per SKU, varying on one property."""
    listing = sandbox.listing(sandbox.add_listing(f"{skus[0]}-BASE", quantity=quantity))
    world = sandbox.world
    products = [
        Product(
            world.new_id(),
            sku,
            [Offering(world.new_id(), Decimal("10.00"), quantity)],
            [PropertyValue(513, "Size", [world.new_id()], [f"size {position}"])],
        )
        for position, sku in enumerate(skus)
    ]
    listing.inventory = Inventory(products, quantity_on_property=[513], sku_on_property=[513])
    return listing


def list_draft(channel: EtsyChannel, sandbox: EtsySandbox, sku: str) -> Listing:
    """A draft the channel listed itself (no image: Etsy keeps it a draft)."""
    draft = ProductDraft(
        sku=sku,
        title=f"Draft of {sku}",
        stock=2,
        category_id="1",
        price=Money(amount="9.90", currency="USD"),
    )
    result = channel.list_product(draft)
    assert result.draft, result
    return sandbox.listing(int(result.marketplace_id or 0))


def quantity_of(listing: Listing, sku: str) -> int:
    return sum(
        offering.quantity
        for product in listing.inventory.products
        if product.sku == sku
        for offering in product.offerings
        if offering.is_enabled
    )


def shows(listing: Listing, sku: str, quantity: int) -> bool:
    """Whether `listing` shows `quantity` of `sku` to buyers: that stock, or off sale at 0."""
    if quantity == 0:
        return listing.state != "active" or quantity_of(listing, sku) == 0
    return quantity_of(listing, sku) == quantity


def check_reported_once(updates: Sequence[StockUpdate], results: Sequence[ItemResult]) -> None:
    assert [result.key for result in results] == [update.sku for update in updates]


def test_a_sold_out_sku_goes_off_sale_on_every_listing_carrying_it(
    clock: FakeClock,
) -> None:
    sandbox = sandbox_of(clock)
    edit = add_in_state(sandbox, "LAMP", "edit", 3)
    active = add_in_state(sandbox, "LAMP", "active", 3)
    inactive = add_in_state(sandbox, "LAMP", "inactive", 3)
    channel = make_channel(sandbox, clock)
    imported = channel.products_deduped()
    [duplicate] = imported.duplicates
    assert duplicate.kept.marketplace_id == str(edit.listing_id)
    assert duplicate.dropped_ids == (str(active.listing_id), str(inactive.listing_id))

    [result] = channel.push_stock([StockUpdate(sku="LAMP", quantity=0)])

    assert (result.outcome, result.marketplace_id) == (Outcome.OK, str(edit.listing_id))
    assert [listing.state for listing in (edit, inactive)] == ["edit", "inactive"]
    assert active.state in ("inactive", "edit")  # taken off sale (ETSY-Q01)
    assert [listing.quantity for listing in (edit, active, inactive)] == [1, 1, 1]

    taken_to = active.state
    [restock] = channel.push_stock([StockUpdate(sku="LAMP", quantity=4)])
    if taken_to == "inactive":
        assert (restock.outcome, active.state) == (Outcome.OK, "active")
    else:  # Etsy left it in `edit` and refuses to re-activate it (ETSY-Q02, Q03)
        assert restock.outcome is Outcome.REJECTED
        assert restock.reason is not None
        assert restock.reason.code == "listing_not_reactivated"
        assert str(active.listing_id) in restock.reason.message
    assert [quantity_of(item, "LAMP") for item in (edit, active, inactive)] == [4, 4, 4]
    # Only the listing the channel took off sale goes back on sale; the others stay the
    # seller's (a listing in `edit` cannot be re-activated: ETSY-Q03).
    assert [edit.state, inactive.state] == ["edit", "inactive"]


def test_a_listing_that_did_not_take_the_stock_is_named_in_the_one_result(
    clock: FakeClock,
) -> None:
    sandbox = sandbox_of(clock)
    first = add_in_state(sandbox, "CUP", "active", 5)
    second = add_in_state(sandbox, "CUP", "active", 5)
    channel = make_channel(sandbox, clock)
    channel.products_deduped()
    refusal = Fault.error(400, {"error": "Invalid inventory"})
    sandbox.faults.add(refusal, path=rf"/listings/{second.listing_id}/inventory$")

    [result] = channel.push_stock([StockUpdate(sku="CUP", quantity=2)])

    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert result.reason.message == (
        f"SKU 'CUP' is on 2 Etsy listings; {first.listing_id} took it, 1 did not: "
        f"listing {second.listing_id}: Invalid inventory"
    )
    assert [quantity_of(first, "CUP"), quantity_of(second, "CUP")] == [2, 5]

    sandbox.faults.add(Fault.error(503), path=rf"/listings/{first.listing_id}/inventory$", count=9)
    [busy] = channel.push_stock([StockUpdate(sku="CUP", quantity=1)])
    assert busy.outcome is Outcome.RETRY_LATER  # a retry sends it to both again: no harm
    assert busy.reason is not None
    assert f"listing {first.listing_id}: " in busy.reason.message
    assert str(second.listing_id) in busy.reason.message.split(";")[1]
    assert [quantity_of(first, "CUP"), quantity_of(second, "CUP")] == [2, 1]


def test_a_listing_the_seller_moved_the_sku_off_does_not_fail_it(clock: FakeClock) -> None:
    sandbox = sandbox_of(clock)
    kept = add_in_state(sandbox, "BOWL", "active", 5)
    moved = add_in_state(sandbox, "BOWL", "active", 5)
    channel = make_channel(sandbox, clock)
    channel.products_deduped()
    moved.inventory.products[0].sku = "BOWL-BLUE"  # the seller, in Shop Manager

    [result] = channel.push_stock([StockUpdate(sku="BOWL", quantity=3)])

    assert (result.outcome, result.marketplace_id) == (Outcome.OK, str(kept.listing_id))
    assert [quantity_of(kept, "BOWL"), quantity_of(moved, "BOWL-BLUE")] == [3, 5]
    writes = sandbox.calls.count("updateListingInventory")
    channel.push_stock([StockUpdate(sku="BOWL", quantity=2)])
    assert sandbox.calls.count("updateListingInventory") == writes + 1  # the index learnt it


def test_a_draft_carrying_a_sold_out_sku_keeps_a_placeholder_and_stays_a_draft(
    clock: FakeClock,
) -> None:
    sandbox = sandbox_of(clock)
    active = add_in_state(sandbox, "VASE", "active", 3)
    channel = make_channel(sandbox, clock)
    draft = list_draft(channel, sandbox, "VASE")

    [result] = channel.push_stock([StockUpdate(sku="VASE", quantity=0)])

    assert (result.outcome, result.marketplace_id) == (Outcome.OK, str(active.listing_id))
    assert active.state in ("inactive", "edit")
    # Etsy refuses zero stock and a draft cannot be set inactive: a placeholder, no state change.
    assert (draft.state, draft.quantity) == ("draft", 1)

    [restock] = channel.push_stock([StockUpdate(sku="VASE", quantity=6)])
    assert restock.outcome is Outcome.OK or restock.reason is not None
    assert (draft.state, quantity_of(draft, "VASE")) == ("draft", 6)  # never published by us
    assert quantity_of(active, "VASE") == 6


def test_a_price_goes_to_the_listing_the_import_keeps_only(clock: FakeClock) -> None:
    sandbox = sandbox_of(clock)
    kept = add_in_state(sandbox, "TEA", "active", 5)
    other = add_in_state(sandbox, "TEA", "active", 5)
    channel = make_channel(sandbox, clock)

    price = Money(amount="12.50", currency="USD")
    [result] = channel.push_prices([PriceUpdate(sku="TEA", price=price)])

    assert (result.outcome, result.marketplace_id) == (Outcome.OK, str(kept.listing_id))
    prices = [item.inventory.products[0].offerings[0].price for item in (kept, other)]
    assert prices == [Decimal("12.50"), Decimal("10.00")]


def test_a_push_costs_one_read_and_one_write_per_listing_carrying_its_skus(
    clock: FakeClock,
) -> None:
    sandbox = sandbox_of(clock)
    for sku in ("A", "B", "C", "A"):
        add_in_state(sandbox, sku, "active", 5)
    channel = make_channel(sandbox, clock)
    channel.products_deduped()
    sandbox.calls.clear()

    results = channel.push_stock(
        [StockUpdate(sku="B", quantity=1), StockUpdate(sku="C", quantity=2)]
    )
    assert [result.outcome for result in results] == [Outcome.OK] * 2
    assert (sandbox.calls.count("getListingsInventoryByListingIds"), sandbox.calls.count()) == (
        1,
        3,
    )

    sandbox.calls.clear()
    results = channel.push_stock([StockUpdate(sku=sku, quantity=3) for sku in "ABC"])
    assert [result.outcome for result in results] == [Outcome.OK] * 3
    assert (sandbox.calls.count("getListingsInventoryByListingIds"), sandbox.calls.count()) == (
        1,
        5,
    )


shops = st.lists(
    st.lists(st.sampled_from(STATES), min_size=1, max_size=3),  # the listings of one SKU
    min_size=1,
    max_size=4,
)
#: Active listings with variations, each carrying two of the SKUs (by number) as well.
pairs = st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), max_size=2)
rounds = st.lists(
    st.dictionaries(st.integers(0, 3), st.integers(0, 4), min_size=1),  # SKU -> quantity
    min_size=1,
    max_size=3,
)


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(shops, pairs, rounds, st.floats(0.0, 0.5), st.integers(0, 2**16))
def test_every_listing_carrying_a_sku_shows_its_pushed_stock_after_faults(
    shop: list[list[str]],
    variations: list[tuple[int, int]],
    pushes: list[dict[int, int]],
    rate: float,
    seed: int,
) -> None:
    clock = FakeClock()
    sandbox = sandbox_of(clock)
    channel = impatient_channel(sandbox, clock)
    holders: dict[str, list[Listing]] = {}
    for number, states in enumerate(shop):
        sku = f"SKU-{number}"
        held = holders.setdefault(sku, [])
        for state in states:
            if state != "draft":
                held.append(add_in_state(sandbox, sku, state, 3))
            elif all(listing.state != "draft" for listing in held):
                # Listing a product again finishes its draft (ETSY-Q10): one draft per SKU.
                held.append(list_draft(channel, sandbox, sku))
    for first, second in variations:
        if first != second and max(first, second) < len(shop):
            skus = [f"SKU-{first}", f"SKU-{second}"]
            listing = add_variations(sandbox, skus, 3)
            for sku in skus:
                holders[sku].append(listing)
    channel.products_deduped()
    pushed: dict[str, int] = {}
    for number, push in enumerate(pushes):
        sandbox.faults.set_random(rate, seed=seed + number, mix=FAULTS, operations=PUSH_OPERATIONS)
        updates = [
            StockUpdate(sku=f"SKU-{n}", quantity=quantity)
            for n, quantity in push.items()
            if n < len(shop)
        ]
        converge(channel, sandbox, updates, holders)
        pushed |= {update.sku: update.quantity for update in updates}
    for sku, quantity in pushed.items():
        for listing in holders[sku]:
            assert shows(listing, sku, quantity), (sku, quantity, listing.listing_id, listing.state)


def converge(
    channel: EtsyChannel,
    sandbox: EtsySandbox,
    updates: list[StockUpdate],
    holders: Mapping[str, Sequence[Listing]],
) -> None:
    """Push `updates`, then again what is to be retried (as `StockPusher` does), the faults
    stopping after a few rounds; each round reports each SKU once, and an ok SKU is on every
    listing carrying it at once."""
    pending = updates
    for attempt in range(6):
        if attempt == 3:
            sandbox.faults.set_random(0, seed=0)
        if not pending:
            return
        results = channel.push_stock(pending)
        check_reported_once(pending, results)
        for update, result in zip(pending, results, strict=True):
            assert result.outcome is not Outcome.UNKNOWN, result
            event(f"{result.outcome.value} on {len(holders[update.sku])} listing(s)")
            if result.is_ok:
                assert all(shows(item, update.sku, update.quantity) for item in holders[update.sku])
            elif len(holders[update.sku]) > 1:
                assert result.reason is not None
                ids = {str(item.listing_id) for item in holders[update.sku]}
                assert any(listing_id in result.reason.message for listing_id in ids), result
        pending = [
            update
            for update, result in zip(pending, results, strict=True)
            if result.outcome is Outcome.RETRY_LATER
        ]
    assert not pending


def test_a_listing_whose_deactivation_answer_was_lost_goes_back_on_sale_on_restock(
    clock: FakeClock,
) -> None:
    sandbox = sandbox_of(clock)
    while sandbox.world.new_id() % 2:  # the next id odd: Etsy sets it inactive, not `edit`
        pass
    listing = add_in_state(sandbox, "MUG", "active", 5)
    channel = make_channel(sandbox, clock)
    channel.products_deduped()
    sandbox.faults.add(Fault.timeout_after_apply(), operation="updateListing")

    [lost] = channel.push_stock([StockUpdate(sku="MUG", quantity=0)])
    assert lost.outcome is Outcome.RETRY_LATER
    assert (listing.state, listing.quantity) == ("inactive", 5)  # its answer never came
    assert sandbox.faults.pending() == 0

    [retried] = channel.push_stock([StockUpdate(sku="MUG", quantity=0)])
    assert (retried.outcome, listing.state, listing.quantity) == (Outcome.OK, "inactive", 1)
    [restock] = channel.push_stock([StockUpdate(sku="MUG", quantity=3)])
    assert (restock.outcome, listing.state, listing.quantity) == (Outcome.OK, "active", 3)
