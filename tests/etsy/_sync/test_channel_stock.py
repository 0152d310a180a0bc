# Generated from tests/etsy/_async/test_channel_stock.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""EtsyChannel's stock pushes against Etsy's stock behaviours (ETSY-Q01..Q06, Q12, Q20,
Q33, Q35, Q37), every behaviour on as by default in the sandbox."""

from __future__ import annotations

from decimal import Decimal

import pytest
from tests.etsy._sync.harness import make_channel, make_client, stored

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import PriceUpdate, ProductDraft, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._offsale import MemoryOffSaleStore, OffSaleStore
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.etsy import EtsyChannel, EtsyChannelOptions
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._state import (
    Inventory,
    Listing,
    Offering,
    Product,
    PropertyValue,
)
from marketplace_sdk.sync import CursorOffSaleStore, SQLiteCursorStore
from marketplace_sdk.testing import Fault


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=40, orders=0, clock=clock, seed=3)


def add_listing(sandbox: EtsySandbox, sku: str, *, even: bool, quantity: int = 5) -> Listing:
    """An active one-SKU listing whose id is even (Etsy leaves it in `edit` when deactivated,
    ETSY-Q02) or odd."""
    while (sandbox.world.new_id() + 1) % 2 != (0 if even else 1):
        pass
    return sandbox.listing(sandbox.add_listing(sku, quantity=quantity))


def add_variations(sandbox: EtsySandbox, skus: dict[str, int], *, properties: int = 1) -> Listing:
    """An active listing with one product per SKU, varying on `properties` properties."""
    listing = add_listing(sandbox, f"{next(iter(skus))}-BASE", even=False)
    world = sandbox.world
    products = []
    for position, (sku, quantity) in enumerate(skus.items()):
        values = [
            PropertyValue(513 + n, f"Property {n}", [world.new_id()], [f"{sku}-{n}-{position}"])
            for n in range(properties)
        ]
        offering = Offering(world.new_id(), Decimal("10.00"), quantity)
        products.append(Product(world.new_id(), sku, [offering], values))
    ids = [513 + n for n in range(properties)]
    listing.inventory = Inventory(products, quantity_on_property=ids, sku_on_property=ids)
    return listing


def channel_with(
    sandbox: EtsySandbox, clock: FakeClock, off_sale: OffSaleStore | None
) -> EtsyChannel:
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock)
    profile = next(iter(sandbox.world.profiles))
    return EtsyChannel(
        client,
        sandbox.shop_id,
        clock=clock,
        options=EtsyChannelOptions(shipping_profile_id=profile),
        off_sale=off_sale,
    )


def on_sale(sandbox: EtsySandbox, listing: Listing) -> bool:
    return listing.state == "active" and listing.quantity > 0


def test_etsy_q01_stock_push_takes_a_sold_out_listing_off_sale(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_listing(sandbox, "MUG", even=False)
    store = MemoryOffSaleStore()
    channel = channel_with(sandbox, clock, store)

    [result] = channel.push_stock([StockUpdate(sku="MUG", quantity=0)])

    assert result.outcome is Outcome.OK
    assert listing.state == "inactive"
    assert not on_sale(sandbox, listing)
    assert listing.quantity == 1  # the placeholder Etsy insists on
    record = store.load("etsy", channel.shop_id)[str(listing.listing_id)]
    assert (record.placeholder, record.reactivate) == ("MUG", True)

    [again] = channel.push_stock([StockUpdate(sku="MUG", quantity=0)])
    assert again.outcome is Outcome.OK
    assert listing.state == "inactive"

    [restock] = channel.push_stock([StockUpdate(sku="MUG", quantity=7)])
    assert restock.outcome is Outcome.OK
    assert listing.state == "active"
    assert listing.quantity == 7
    assert store.load("etsy", channel.shop_id) == {}


def test_etsy_q01_sold_out_variants_go_to_zero_while_others_sell(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_variations(sandbox, {"TEE-S": 2, "TEE-M": 3})
    channel = make_channel(sandbox, clock)

    results = channel.push_stock([StockUpdate(sku="TEE-S", quantity=0)])
    assert [r.outcome for r in results] == [Outcome.OK]
    assert listing.state == "active"
    assert {p.sku: p.quantity for p in listing.inventory.products} == {"TEE-S": 0, "TEE-M": 3}

    channel.push_stock([StockUpdate(sku="TEE-M", quantity=0)])
    assert listing.state == "inactive"
    assert listing.quantity == 1
    channel.push_stock([StockUpdate(sku="TEE-M", quantity=4)])
    assert listing.state == "active"
    assert {p.sku: p.quantity for p in listing.inventory.products} == {"TEE-S": 0, "TEE-M": 4}


def test_etsy_q01_the_off_sale_record_survives_a_restart(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_listing(sandbox, "LAMP", even=False)
    cursors = SQLiteCursorStore(":memory:")
    first = channel_with(sandbox, clock, CursorOffSaleStore(cursors))
    first.push_stock([StockUpdate(sku="LAMP", quantity=0)])
    assert listing.state == "inactive"

    restarted = channel_with(sandbox, clock, CursorOffSaleStore(cursors))
    [result] = restarted.push_stock([StockUpdate(sku="LAMP", quantity=2)])
    assert result.outcome is Outcome.OK
    assert listing.state == "active"
    assert listing.quantity == 2


def test_etsy_q01_without_a_store_intent_is_read_from_etsy(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_listing(sandbox, "VASE", even=False)
    channel_with(sandbox, clock, None).push_stock([StockUpdate(sku="VASE", quantity=0)])
    assert listing.state == "inactive"
    assert listing.quantity == 1

    # A new process, nothing remembered: the placeholder-only inactive listing is ours.
    restarted = channel_with(sandbox, clock, None)
    [price] = restarted.push_prices(
        [PriceUpdate(sku="VASE", price=Money(amount="12.00", currency="USD"))]
    )
    assert price.outcome is Outcome.OK
    assert listing.state == "inactive"
    restarted.push_stock([StockUpdate(sku="VASE", quantity=5)])
    assert listing.state == "active"
    assert listing.quantity == 5


def test_etsy_q02_a_listing_reactivated_by_hand_is_taken_off_sale_again(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    sold = add_listing(sandbox, "CUP", even=True)
    other = add_listing(sandbox, "BOWL", even=False)
    channel = make_channel(sandbox, clock)
    channel.push_stock([StockUpdate(sku="CUP", quantity=0)])
    assert sold.state == "edit"  # Etsy's answer to this deactivation
    assert (channel.get_product("CUP")).active is False

    sold.state = "active"  # the seller, in Shop Manager, placeholder and all
    [result] = channel.push_stock([StockUpdate(sku="BOWL", quantity=8)])

    assert result.outcome is Outcome.OK
    assert other.quantity == 8
    assert channel.last_push_watch == (sold.listing_id,)
    assert not on_sale(sandbox, sold)


def test_etsy_q03_a_refused_reactivation_is_a_rejected_result_sent_once(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    edit = add_listing(sandbox, "EDIT-1", even=True)
    sold_out = add_listing(sandbox, "GONE", even=False, quantity=1)
    channel = make_channel(sandbox, clock)
    channel.push_stock([StockUpdate(sku="EDIT-1", quantity=0)])
    assert edit.state == "edit"
    calls = sandbox.calls.count("updateListing")

    [result] = channel.push_stock([StockUpdate(sku="EDIT-1", quantity=6)])

    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert result.reason.code == "listing_not_reactivated"
    assert "Cannot activate a listing in this state" in result.reason.message
    assert edit.quantity == 6  # the stock itself is written
    assert sandbox.calls.count("updateListing") == calls + 1

    sandbox.place_order(sold_out.listing_id)
    assert sold_out.state == "sold_out"
    calls = sandbox.calls.count("updateListing")
    [result] = channel.push_stock([StockUpdate(sku="GONE", quantity=3)])
    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert "Server Error" in result.reason.message
    assert sandbox.calls.count("updateListing") == calls + 1  # a 500 here is not retried


@pytest.mark.parametrize(
    "fault",
    [Fault.error(503, {"error": "Service Unavailable"}), Fault.reset(after_apply=True)],
    ids=["http_503", "reset_after_apply"],
)
def test_a_reactivation_that_meets_a_transient_failure_is_asked_again_by_the_next_push(
    sandbox: EtsySandbox, clock: FakeClock, fault: Fault
) -> None:
    """A 503 or a lost answer is not ETSY-Q03's refusal: the restock is not settled as refused.

    The result is a retryable failure, and the next push of the SKU puts the listing back on
    sale; a refusal (a 4xx or Etsy's 500, the test above) is asked once only.
    """
    vase = add_listing(sandbox, "VASE", even=False)  # left inactive, not in edit
    channel = make_channel(sandbox, clock)
    channel.push_stock([StockUpdate(sku="VASE", quantity=0)])
    assert not on_sale(sandbox, vase)
    sandbox.faults.add(fault, operation="updateListing", count=10)

    [result] = channel.push_stock([StockUpdate(sku="VASE", quantity=4)])

    assert result.outcome in (Outcome.RETRY_LATER, Outcome.UNKNOWN)  # not refused: retried
    assert vase.quantity == 4  # the stock itself is written
    sandbox.faults.clear()
    [again] = channel.push_stock([StockUpdate(sku="VASE", quantity=4)])
    assert again.outcome is Outcome.OK
    assert on_sale(sandbox, vase)
    assert vase.quantity == 4


def test_etsy_q04_q05_a_push_writes_every_product_back_in_the_write_shape(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_variations(sandbox, {"RING-6": 1, "RING-7": 2, "RING-8": 3})
    channel = make_channel(sandbox, clock)

    [result] = channel.push_stock([StockUpdate(sku="RING-7", quantity=9)])

    assert result.outcome is Outcome.OK
    assert {p.sku: p.quantity for p in listing.inventory.products} == {
        "RING-6": 1,
        "RING-7": 9,
        "RING-8": 3,
    }


def test_etsy_q06_arrays_read_in_another_order_are_written_in_the_products_order(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_variations(sandbox, {"A": 1, "B": 2}, properties=2)
    listing.inventory.sku_on_property = [514, 513]  # as Etsy may hold it
    channel = make_channel(sandbox, clock)

    [result] = channel.push_stock([StockUpdate(sku="A", quantity=4)])

    assert result.outcome is Outcome.OK
    assert listing.inventory.sku_on_property == [513, 514]


def test_etsy_q12_a_push_keeps_the_processing_profile(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_listing(sandbox, "KEEP", even=False)
    profile = next(iter(sandbox.world.processing_profiles))
    listing.inventory.products[0].offerings[0].readiness_state_id = profile
    channel = make_channel(sandbox, clock)
    channel.get_product("KEEP")  # a read that shows it (active, single listing)

    def readiness() -> int | None:
        return listing.inventory.products[0].offerings[0].readiness_state_id

    channel.push_stock([StockUpdate(sku="KEEP", quantity=3)])
    assert readiness() == profile
    channel.push_stock([StockUpdate(sku="KEEP", quantity=0)])
    assert listing.state == "inactive"
    assert readiness() == profile
    channel.push_stock([StockUpdate(sku="KEEP", quantity=2)])
    assert listing.state == "active"
    assert readiness() == profile


def test_etsy_q20_get_product_of_a_variation_sku_has_its_variants(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    add_variations(sandbox, {"SOCK-S": 4, "SOCK-M": 0})
    channel = make_channel(sandbox, clock)

    product = channel.get_product("SOCK-S")

    assert {variant.sku: variant.stock for variant in product.variants} == {
        "SOCK-S": 4,
        "SOCK-M": 0,
    }


def test_etsy_q33_a_push_on_a_three_variation_listing_is_accepted(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_variations(sandbox, {"X-1": 1, "X-2": 2}, properties=3)
    channel = make_channel(sandbox, clock)

    [result] = channel.push_stock([StockUpdate(sku="X-2", quantity=5)])

    assert result.outcome is Outcome.OK
    assert [len(p.property_values) for p in listing.inventory.products] == [3, 3]
    assert {p.sku: p.quantity for p in listing.inventory.products} == {"X-1": 1, "X-2": 5}


def test_etsy_q35_deleted_products_are_read_only_when_asked_and_never_written_back(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_variations(sandbox, {"OLD": 1, "NEW": 2})
    old = listing.inventory.products[0]
    listing.inventory.products.remove(old)
    listing.inventory.deleted.append(old)
    channel = make_channel(sandbox, clock)
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock)

    default = client.get_listing_inventory(listing.listing_id)
    shown = client.get_listing_inventory(listing.listing_id, show_deleted=True)
    assert [p.sku for p in default.products] == ["NEW"]
    assert {(p.sku, p.is_deleted) for p in shown.products} == {("NEW", False), ("OLD", True)}

    channel.push_stock([StockUpdate(sku="NEW", quantity=6)])
    assert [p.sku for p in listing.inventory.products] == ["NEW"]
    client.close()


def test_etsy_q37_a_stock_above_the_ceiling_is_rejected_naming_sku_and_bound(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listing = add_listing(sandbox, "BULK", even=False)
    channel = make_channel(sandbox, clock)
    writes = sandbox.calls.count("updateListingInventory")

    [result] = channel.push_stock([StockUpdate(sku="BULK", quantity=1500)])

    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert "'BULK'" in result.reason.message
    assert "999" in result.reason.message
    assert sandbox.calls.count("updateListingInventory") == writes
    assert listing.quantity == 5

    sandbox.behaviours.disable("ETSY-Q37.quantity-ceiling")
    lifted = make_channel(sandbox, clock, max_quantity=None)
    [result] = lifted.push_stock([StockUpdate(sku="BULK", quantity=1500)])
    assert result.outcome is Outcome.OK
    assert listing.quantity == 1500


def test_etsy_q01_a_product_with_no_stock_is_not_listed(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    calls = sandbox.calls.count()
    draft = ProductDraft(
        sku="NONE",
        title="None yet",
        stock=0,
        category_id="1",
        price=Money(amount="9.90", currency="USD"),
    )

    result = channel.list_product(draft)

    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert "no stock" in result.reason.message
    assert sandbox.calls.count() == calls
