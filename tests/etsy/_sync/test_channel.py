# Generated from tests/etsy/_async/test_channel.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""EtsyChannel's catalogue, stock and prices end to end against the Etsy sandbox."""

from __future__ import annotations

import math
from collections import Counter
from datetime import timedelta
from decimal import Decimal

import pytest
from tests.etsy._sync.harness import concurrently, make_channel

from marketplace_sdk.core._catalog import dedupe_by_sku
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import AuthenticationError, NotFoundError, UnsupportedOperation
from marketplace_sdk.core._models import PriceUpdate, ProductDraft, Shipment, StockUpdate, Variant
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.core._sync.channel import Channel
from marketplace_sdk.etsy import EtsyChannel
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.testing._faults import Fault


@pytest.fixture
def sandbox(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(listings=300, orders=150, days=90, clock=clock, seed=11)


def test_is_a_channel(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel: Channel = make_channel(sandbox, clock)
    assert isinstance(channel, Channel)
    assert isinstance(channel, EtsyChannel)
    assert channel.marketplace == "etsy"
    assert channel.shop_id == str(sandbox.shop_id)
    assert channel.capabilities.marketplace == "Etsy"


def test_import_1000_listings_in_pages_and_report_duplicates(clock: FakeClock) -> None:
    sandbox = EtsySandbox.seeded(listings=1000, orders=0, clock=clock, seed=5, duplicate_skus=5)
    channel = make_channel(sandbox, clock)
    sandbox.calls.clear()

    result = channel.products_deduped()

    listing_calls = sandbox.calls.count("getListingsByShop")
    wanted = [
        item
        for item in sandbox.world.listings.values()
        if item.state in ("active", "inactive", "sold_out")
    ]
    assert listing_calls <= math.ceil(1000 / 100) + 3
    assert len(sandbox.calls) == listing_calls
    single_skus = Counter(
        item.inventory.products[0].sku for item in wanted if len(item.inventory.products) == 1
    )
    assert len(result.duplicates) == sum(1 for n in single_skus.values() if n > 1) >= 1
    assert all(d.dropped for d in channel.last_import_duplicates)
    kept = {p.marketplace_id for p in result.products}
    dropped = {i for d in result.duplicates for i in d.dropped_ids}
    assert len(kept) + len(dropped) == len(wanted)
    groups = [p for p in result.products if p.is_group]
    assert groups
    assert all(len(p.variants) >= 2 for p in groups)
    assert all(v.attributes for p in groups for v in p.variants)
    single = next(p for p in result.products if not p.is_group)
    assert single.price is not None
    assert single.stock is not None
    assert single.image_urls


def test_a_listing_without_sku_is_skipped(clock: FakeClock) -> None:
    sandbox = EtsySandbox.seeded(listings=0, orders=0, clock=clock, seed=2)
    with_sku = sandbox.add_listing("HAS-SKU", quantity=1)
    sandbox.add_listing("", quantity=1)
    channel = make_channel(sandbox, clock)

    products = [product for product in channel.iter_products()]

    assert [p.marketplace_id for p in products] == [str(with_sku)]


def test_get_product_and_unknown_sku(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    listing_id = sandbox.add_listing("MUG-42", price="12.50", quantity=3)
    product = channel.get_product("MUG-42")
    assert product.marketplace_id == str(listing_id)
    assert product.price == Money(
        amount="12.50", currency=product.price.currency if product.price else "USD"
    )
    assert product.stock == 3
    with pytest.raises(NotFoundError):
        channel.get_product("NOPE")


def test_issue15_item3_every_sku_the_listing_api_returns_is_readable(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    listed = make_channel(sandbox, clock)
    listed.list_product(tee_draft())  # one group product at least
    channel = make_channel(sandbox, clock)  # a fresh channel, as a second CLI command is

    products = [product for product in channel.iter_products()]
    groups = [product for product in products if product.is_group]

    assert groups, "the seeded shop has group products"
    kept = {product.sku: product.marketplace_id for product in dedupe_by_sku(products).products}
    for product in products:
        found = channel.get_product(product.sku)
        assert found.sku == product.sku
        assert found.marketplace_id == kept[product.sku]  # a duplicate: the listing kept
    group = groups[0]
    assert [v.sku for v in (channel.get_product(group.sku)).variants] == [
        v.sku for v in group.variants
    ]
    single = next(product for product in products if not product.is_group)
    with pytest.raises(NotFoundError, match="no variations"):
        channel.get_product(f"etsy-listing-{single.marketplace_id}")
    with pytest.raises(NotFoundError):
        channel.get_product("etsy-listing-999999999999")


def test_categories_and_attributes(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    categories = [category for category in channel.iter_categories()]
    assert categories
    leaf = next(c for c in categories if c.is_leaf)
    attributes = channel.get_category_attributes(leaf.id)
    assert all(a.category_id == leaf.id for a in attributes)
    with pytest.raises(NotFoundError):
        channel.get_category_attributes("not-a-node")


def test_push_stock_for_100_listings_one_write_each(clock: FakeClock) -> None:
    sandbox = EtsySandbox.seeded(listings=0, orders=0, clock=clock, seed=2)
    ids = {f"S-{n:03d}": sandbox.add_listing(f"S-{n:03d}", quantity=1) for n in range(100)}
    channel = make_channel(sandbox, clock)
    sandbox.calls.clear()

    results = channel.push_stock(
        [StockUpdate(sku=sku, quantity=7, marketplace_id=str(i)) for sku, i in ids.items()]
        + [StockUpdate(sku="GHOST", quantity=1)]
    )

    assert [r.outcome for r in results[:100]] == [Outcome.OK] * 100
    assert results[100].outcome is Outcome.REJECTED
    assert "GHOST" in str(results[100].reason)
    assert sandbox.calls.count("updateListingInventory") == 100
    assert sandbox.calls.count("getListingsInventoryByListingIds") == 1
    assert all(
        sandbox.listing(i).inventory.products[0].offerings[0].quantity == 7 for i in ids.values()
    )


def test_a_duplicated_sku_gets_its_stock_on_every_listing_and_its_price_on_the_kept_one(
    clock: FakeClock,
) -> None:
    """The seeds sync one product per duplicated SKU, but a SKU is one physical stock: every
    listing carrying it must show it, or the others go on selling stock that is gone."""
    sandbox = EtsySandbox.seeded(listings=0, orders=0, clock=clock, seed=2)
    first = sandbox.add_listing("TWIN", quantity=1)
    second = sandbox.add_listing("TWIN", quantity=1)
    channel = make_channel(sandbox, clock)
    products = [product for product in channel.iter_products()]
    kept = dedupe_by_sku(products).duplicates[0].kept.marketplace_id

    results = channel.push_stock([StockUpdate(sku="TWIN", quantity=9)])

    assert [(r.outcome, r.marketplace_id) for r in results] == [(Outcome.OK, kept)]

    def offering(listing_id: int) -> tuple[int, Decimal]:
        found = sandbox.listing(listing_id).inventory.products[0].offerings[0]
        return found.quantity, found.price

    assert [offering(first)[0], offering(second)[0]] == [9, 9]

    price = Money(amount="12.50", currency="USD")
    [priced] = channel.push_prices([PriceUpdate(sku="TWIN", price=price)])
    assert (priced.outcome, priced.marketplace_id) == (Outcome.OK, kept)
    other = second if str(first) == kept else first
    assert offering(int(kept or 0))[1] == Decimal("12.50")
    assert offering(other)[1] != Decimal("12.50")


def test_revoked_credentials_stop_a_push_instead_of_rejecting_every_item(
    clock: FakeClock,
) -> None:
    """Refused credentials are not about one SKU: the batch raises once, as on FNAC."""
    sandbox = EtsySandbox.seeded(listings=0, orders=0, clock=clock, seed=2)
    skus = [f"R-{n}" for n in range(5)]
    for sku in skus:
        sandbox.add_listing(sku, quantity=1)
    channel = make_channel(sandbox, clock)
    channel.push_stock([StockUpdate(sku=skus[0], quantity=2)])  # learns the listings
    sandbox.change_password()  # the seller's tokens are revoked
    clock.advance(7200)  # and the access token has expired: a refresh is refused

    with pytest.raises(AuthenticationError):
        channel.push_stock([StockUpdate(sku=sku, quantity=3) for sku in skus])


def test_push_keeps_other_variants_and_overlapping_pushes_keep_both(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    group = next(p for p in channel.iter_products() if p.is_group and len(p.variants) >= 2)
    first, second = group.variants[0], group.variants[1]
    before = {v.sku: v.stock for v in group.variants}

    concurrently(
        lambda: channel.push_stock([StockUpdate(sku=first.sku, quantity=91)]),
        lambda: channel.push_stock([StockUpdate(sku=second.sku, quantity=92)]),
    )

    product = channel.get_product(first.sku)
    after = {v.sku: v.stock for v in product.variants}
    assert after[first.sku] == 91
    assert after[second.sku] == 92
    assert {k: v for k, v in after.items() if k not in (first.sku, second.sku)} == {
        k: v for k, v in before.items() if k not in (first.sku, second.sku)
    }


def test_push_prices_uses_selling_price_and_rejects_out_of_range(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    sandbox.add_listing("P-1", price="10.00")
    sandbox.add_listing("P-2", price="10.00")
    product = channel.get_product("P-1")
    currency = product.price.currency  # type: ignore[union-attr]

    results = channel.push_prices(
        [
            PriceUpdate(
                sku="P-1",
                price=Money(amount="25", currency=currency),
                selling_price=Money(amount="19.99", currency=currency),
            ),
            PriceUpdate(sku="P-2", price=Money(amount="0.05", currency=currency)),
        ]
    )

    assert results[0].is_ok
    assert results[1].outcome is Outcome.REJECTED
    first = channel.get_product("P-1")
    second = channel.get_product("P-2")
    assert first.price == Money(amount="19.99", currency=currency)
    assert second.price == Money(amount="10.00", currency=currency)


def test_set_active_round_trip(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)
    listing_id = sandbox.add_listing("ACT-1")
    off = channel.set_active("ACT-1", False)
    assert off.is_ok
    assert sandbox.listing(listing_id).state == "inactive"
    on = channel.set_active("ACT-1", True)
    assert on.is_ok
    assert sandbox.listing(listing_id).state == "active"
    unknown = channel.set_active("NOPE", True)
    assert unknown.outcome is Outcome.REJECTED

    sandbox.faults.add(Fault.error(400, {"error": "Cannot activate"}), operation="updateListing")
    refused = channel.set_active("ACT-1", False)
    assert refused.outcome is Outcome.REJECTED
    assert "Cannot activate" in str(refused.reason)
    assert sandbox.listing(listing_id).state == "active"


def test_unsupported_operations_raise_naming_the_limit(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    with pytest.raises(UnsupportedOperation, match="delete"):
        channel.delete_product("A")
    with pytest.raises(UnsupportedOperation, match="brands"):
        channel.sync_brands()
    with pytest.raises(UnsupportedOperation, match="delivered"):
        channel.mark_delivered("1")
    with pytest.raises(UnsupportedOperation, match="split"):
        channel.split_order("1")
    with pytest.raises(UnsupportedOperation, match="label"):
        channel.get_shipping_label("1")


def tee_draft(**changes: object) -> ProductDraft:
    usd = "USD"
    fields: dict[str, object] = {
        "sku": "TEE",
        "title": "Tee",
        "description": "A tee",
        "price": Money(amount="20", currency=usd),
        "selling_price": Money(amount="18", currency=usd),
        "stock": 0,
        "category_id": "5",
        "image_urls": ("https://img.example/tee.jpg",),
        "variants": (
            Variant(sku="TEE-S", attributes={"Size": "S"}, stock=2),
            Variant(sku="TEE-M", attributes={"Size": "M"}, stock=3),
        ),
    }
    fields.update(changes)
    return ProductDraft(**fields)  # type: ignore[arg-type]


def test_list_variation_product_then_import_it(sandbox: EtsySandbox, clock: FakeClock) -> None:
    channel = make_channel(sandbox, clock)

    result = channel.list_product(tee_draft())

    assert result.is_ok, result.reason
    listing = sandbox.listing(int(result.marketplace_id or 0))
    assert listing.state == "active"
    assert [p.sku for p in listing.inventory.products] == ["TEE-S", "TEE-M"]
    product = channel.get_product("TEE-M")
    assert {v.sku: v.stock for v in product.variants} == {"TEE-S": 2, "TEE-M": 3}
    assert {v.price.amount for v in product.variants if v.price} == {Decimal("18.00")}


def test_list_product_refuses_price_out_of_range_without_a_call(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    sandbox.calls.clear()
    draft = ProductDraft(
        sku="CHEAP",
        title="Cheap",
        price=Money(amount="0.01", currency="USD"),
        stock=1,
        category_id="2",
    )
    result = channel.list_product(draft)
    assert result.outcome is Outcome.REJECTED
    assert len(sandbox.calls) == 0


def test_list_product_reports_a_refusal_before_and_after_the_draft(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    sandbox.faults.add(Fault.error(400, {"error": "Bad title"}), operation="createDraftListing")
    refused = channel.list_product(tee_draft(sku="TEE-1"))
    assert refused.outcome is Outcome.REJECTED
    assert "Bad title" in str(refused.reason)

    sandbox.faults.clear()
    sandbox.faults.add(Fault.error(400, {"error": "Bad image"}), operation="uploadListingImage")
    half = channel.list_product(tee_draft(sku="TEE-2"))
    assert half.outcome is Outcome.REJECTED
    assert "draft listing" in str(half.reason)
    assert "Bad image" in str(half.reason)


@pytest.mark.parametrize(
    "fault",
    [Fault.timeout_after_apply(), Fault.malformed(b'{"listing_id": 12')],
    ids=["timeout", "truncated"],
)
def test_a_draft_created_without_a_usable_answer_is_found_and_finished(
    sandbox: EtsySandbox, clock: FakeClock, fault: Fault
) -> None:
    channel = make_channel(sandbox, clock)
    before = set(sandbox.world.listings)
    sandbox.faults.add(fault, operation="createDraftListing")

    result = channel.list_product(tee_draft(sku="TEE-LOST"))

    created = set(sandbox.world.listings) - before
    assert result.is_ok
    assert created == {int(result.marketplace_id or 0)}
    product = channel.get_product("TEE-S")
    assert product.marketplace_id == result.marketplace_id


def test_a_draft_whose_fate_cannot_be_read_back_is_an_unknown_outcome(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    assert (channel.list_product(tee_draft(sku="TEE-FIRST", title="First"))).is_ok
    sandbox.faults.add(Fault.timeout_after_apply(), operation="createDraftListing")
    sandbox.faults.add(Fault.error(503, {"error": "busy"}), operation="getListingsByShop", count=10)

    result = channel.list_product(tee_draft(sku="TEE-UNSURE"))

    assert result.outcome is Outcome.UNKNOWN
    assert "check before sending it again" in str(result.reason)
    sandbox.faults.clear()
    before = set(sandbox.world.listings)

    again = channel.list_product(tee_draft(sku="TEE-UNSURE"))

    assert again.is_ok
    assert set(sandbox.world.listings) == before  # the lost draft was finished, not remade


def test_push_results_carry_etsys_refusal_or_retry_later(
    sandbox: EtsySandbox, clock: FakeClock
) -> None:
    channel = make_channel(sandbox, clock)
    sandbox.add_listing("E-1", price="10.00")
    sandbox.add_listing("E-2", price="10.00")
    product = channel.get_product("E-1")
    currency = product.price.currency  # type: ignore[union-attr]
    other = "JPY" if currency != "JPY" else "EUR"

    wrong = channel.push_prices([PriceUpdate(sku="E-1", price=Money(amount="500", currency=other))])
    assert wrong[0].outcome is Outcome.REJECTED
    assert currency in str(wrong[0].reason)

    refusal = Fault.error(400, {"error": "Array contains invalid keys"})
    sandbox.faults.add(refusal, operation="updateListingInventory")
    refused = channel.push_stock([StockUpdate(sku="E-1", quantity=3)])
    assert refused[0].outcome is Outcome.REJECTED
    assert "Array contains invalid keys" in str(refused[0].reason)

    busy = Fault.error(503, {"error": "busy"})
    sandbox.faults.add(busy, operation="getListingsInventoryByListingIds", count=50)
    later = channel.push_stock(
        [StockUpdate(sku="E-1", quantity=4), StockUpdate(sku="E-2", quantity=4)]
    )
    assert [r.outcome for r in later] == [Outcome.RETRY_LATER, Outcome.RETRY_LATER]
    sandbox.faults.clear()
    again = channel.push_stock([StockUpdate(sku="E-1", quantity=4)])
    assert [r.is_ok for r in again] == [True]


def test_import_orders_push_and_ship_on_one_channel(clock: FakeClock) -> None:
    sandbox = EtsySandbox.seeded(listings=400, orders=80, days=90, clock=clock, seed=13)
    channel = make_channel(sandbox, clock)
    sandbox.calls.clear()

    imported = channel.products_deduped()

    assert sandbox.calls.count("getListingsByShop") <= math.ceil(400 / 100) + 3
    assert imported.products
    now = clock.now()
    orders = [o for o in channel.iter_orders(now - timedelta(days=91), now + timedelta(1))]
    assert len(orders) == len(sandbox.world.receipts)
    categories = [c for c in channel.iter_categories()]
    assert categories

    group = next(p for p in imported.products if p.is_group and len(p.variants) >= 2)
    first, second = group.variants[0], group.variants[1]
    concurrently(
        lambda: channel.push_stock([StockUpdate(sku=first.sku, quantity=81)]),
        lambda: channel.push_stock([StockUpdate(sku=second.sku, quantity=82)]),
    )
    product = channel.get_product(first.sku)
    after = {v.sku: v.stock for v in product.variants}
    assert after[first.sku] == 81
    assert after[second.sku] == 82

    receipt_id = sandbox.place_order(sandbox.add_listing("ASYNC-SHIP"))
    sandbox.faults.add(Fault.timeout_after_apply(), operation="createReceiptShipment")
    shipment = Shipment(carrier="usps", tracking_number="9400ASYNC", shipped_at=clock.now())
    first_try = channel.ready_to_ship(str(receipt_id), shipment)
    second_try = channel.ready_to_ship(str(receipt_id), shipment)
    assert first_try.is_ok
    assert second_try.is_ok
    assert len(sandbox.receipt(receipt_id).shipments) == 1

    since = clock.now()
    clock.advance(60)
    other = sandbox.place_order(sandbox.add_listing("ASYNC-CANCEL"))
    sandbox.cancel_order(other)
    clock.advance(60)
    cancelled = [c.order_id for c in channel.iter_cancellations(since)]
    assert cancelled == [str(other)]
