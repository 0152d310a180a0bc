# Generated from tests/fnac/_async/test_channel.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The FNAC channel against the FNAC sandbox: the issue's flow, typed end to end."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from tests.fnac._sync.support import fnac_channel, fnac_client
from tests.fnac.test_fast_canonical import _deep

from marketplace_sdk import Channel
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError, UnsupportedOperation
from marketplace_sdk.core._models import PriceUpdate, ProductDraft, Shipment, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.core._status import OmsStatus, UnknownStatusError
from marketplace_sdk.fnac import (
    FNAC_STATUS_TABLE,
    PENDING_IMPORT,
    CatalogueNotConfiguredError,
    FnacChannel,
    oms_status,
)
from marketplace_sdk.fnac._mapping import order_to_canonical, seed_status
from marketplace_sdk.fnac._models import IncidentDetailRefund, IncidentUpdate, RefundReason
from marketplace_sdk.fnac._shared.channel import orders_window
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.testing import Fault


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=30, orders=12, clock=clock)


def test_the_channel_implements_the_protocol(channel: FnacChannel) -> None:
    typed: Channel = channel
    assert isinstance(typed, Channel)
    assert typed.marketplace == "fnac"
    assert typed.capabilities.supports("order_acceptance_required")


def test_connect_with_the_credentials_and_list_offers(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    products = [product for product in channel.iter_products()]
    assert sorted(p.sku for p in products) == sorted(sandbox.state.offers)
    first = products[0]
    assert first.price is not None
    assert first.price.currency == "EUR"
    assert first.stock == sandbox.state.offers[first.sku].quantity
    assert "product_fnac_id" in first.marketplace_ids
    assert channel.shop_id == sandbox.credentials.shop_id
    report = channel.products_deduped()
    assert len(report.products) == len(products)
    assert report.duplicates == ()


def test_get_product_by_sku_and_a_missing_one(channel: FnacChannel) -> None:
    for sku in ("SKU-00003", "SKU-00002"):
        product = channel.get_product(sku)
        assert product.sku == sku
    with pytest.raises(NotFoundError):
        channel.get_product("NOPE")


def test_issue15_item3_every_sku_the_listing_api_returns_is_readable(
    channel: FnacChannel,
) -> None:
    products = [product for product in channel.iter_products()]
    assert products
    for product in products:
        assert (channel.get_product(product.sku)).sku == product.sku


@pytest.mark.parametrize(
    ("call", "operation"),
    [
        (lambda channel: channel.delete_product("SKU-00001"), "delete_product"),
        (lambda channel: channel.sync_brands(), "sync_brands"),
        (lambda channel: channel.mark_delivered("1"), "mark_delivered"),
        (lambda channel: channel.split_order("1"), "split_order"),
        (lambda channel: channel.get_shipping_label("1"), "get_shipping_label"),
    ],
)
def test_issue15_item5_refused_operations_raise_unsupported_naming_fnac_and_the_method(
    channel: FnacChannel, sandbox: FnacSandbox, call: object, operation: str
) -> None:
    sandbox.calls.clear()
    with pytest.raises(UnsupportedOperation) as raised:
        call(channel)  # type: ignore[operator]
    assert raised.value.marketplace == "FNAC"
    assert str(raised.value).startswith(f"[FNAC] {operation}: ")
    assert not sandbox.calls  # refused before any call


def test_push_stock_sets_quantities_and_rejects_an_unknown_sku(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    results = channel.push_stock(
        [StockUpdate(sku="SKU-00001", quantity=9), StockUpdate(sku="GHOST", quantity=1)]
    )
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.REJECTED]
    assert sandbox.state.offers["SKU-00001"].quantity == 9


def test_push_25000_stock_updates_in_three_calls_with_per_sku_results(
    clock: FakeClock,
) -> None:
    sandbox = FnacSandbox.seeded(offers=25_000, orders=0, clock=clock)
    channel = fnac_channel(sandbox, clock)
    updates = [StockUpdate(sku=sku, quantity=7) for sku in sorted(sandbox.state.offers)]
    updates[5] = StockUpdate(sku="GHOST-SKU", quantity=1)
    results = channel.push_stock(updates)
    assert sandbox.calls.count("offers_update") == 3
    assert [r.key for r in results] == [u.sku for u in updates]
    bad = [r for r in results if not r.is_ok]
    assert [r.key for r in bad] == ["GHOST-SKU"]
    assert bad[0].reason is not None
    assert bad[0].reason.code == "ERR_026"
    assert sandbox.state.offers[updates[0].sku].quantity == 7


def test_push_prices_rejects_out_of_range_before_sending(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    results = channel.push_prices(
        [
            PriceUpdate(sku="SKU-00001", price=Money(amount="19.99", currency="EUR")),
            PriceUpdate(sku="SKU-00002", price=Money(amount="0.50", currency="EUR")),
        ]
    )
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.REJECTED]
    assert str(sandbox.offer_price("SKU-00001")) == "19.99"


def test_fetch_accept_and_ship_with_tracking(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = sandbox.place_order(["SKU-00002", "SKU-00003"])
    since, until = clock.now() - timedelta(minutes=1), clock.now() + timedelta(minutes=1)
    orders = [o for o in channel.iter_orders(since, until, ["To be Shipped"])]
    assert placed.order_id in [o.order_id for o in orders]
    order = channel.get_order(placed.order_id)
    assert order.marketplace_status == "To be Shipped"
    assert oms_status(order.marketplace_status, all_lines_in_stock=True) is OmsStatus.NEW
    shipment = Shipment(carrier="La Poste", tracking_number="6A42", shipped_at=clock.now())
    early = channel.ready_to_ship(placed.order_id, shipment)
    assert early.outcome is Outcome.REJECTED  # Created: accept first
    results = channel.accept_order(placed.order_id)
    assert [r.key for r in results] == list(order.line_ids())
    assert all(r.is_ok for r in results)
    assert sandbox.order(placed.order_id).state == "Accepted"
    accepted_again = channel.accept_order(placed.order_id)
    assert accepted_again[0].is_ok  # again: no second call
    sandbox.advance(3600)
    shipped = channel.ready_to_ship(placed.order_id, shipment)
    assert shipped.is_ok
    assert sandbox.order(placed.order_id).state == "Shipped"
    assert sandbox.order(placed.order_id).lines[0].tracking_number == "6A42"
    calls = sandbox.calls.count("orders_update")
    again = channel.ready_to_ship(placed.order_id, shipment)
    assert again.is_ok
    assert sandbox.calls.count("orders_update") == calls  # never sent twice
    in_transit = channel.get_order(placed.order_id)
    assert in_transit.oms_status is OmsStatus.IN_TRANSIT


def test_accept_then_ship_through_a_timeout_then_see_a_cancellation(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    since = clock.now()
    placed = sandbox.place_order(["SKU-00003"])
    found = [
        o.order_id
        for o in channel.iter_orders(since, since + timedelta(hours=1), ["To be Shipped"])
    ]
    assert placed.order_id in found
    accepted = channel.accept_order(placed.order_id)
    assert all(r.is_ok for r in accepted)
    sandbox.advance(3600)
    sandbox.faults.add(Fault.timeout_after_apply(), operation="orders_update")
    shipment = Shipment(carrier="UPS", tracking_number="1Z1", shipped_at=clock.now())
    shipped = channel.ready_to_ship(placed.order_id, shipment)
    assert shipped.is_ok
    order = channel.get_order(placed.order_id)
    assert order.marketplace_status == "Shipped"
    other = sandbox.place_order(["SKU-00004"])
    sandbox.cancel_order(other.order_id)
    sandbox.advance(60)
    cancelled = [c.order_id for c in channel.iter_cancellations(since)]
    assert other.order_id in cancelled


def test_accepting_some_lines_refuses_the_others(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    placed = sandbox.place_order(["SKU-00004", "SKU-00005"])
    results = channel.accept_order(placed.order_id, ["1", "9"])
    outcomes = {r.key: r.outcome for r in results}
    assert outcomes["1"] is Outcome.OK
    assert outcomes["9"] is Outcome.REJECTED
    states = [line.state for line in sandbox.order(placed.order_id).lines]
    assert states == ["Accepted", "Refused"]


def test_cancellations_since_a_time(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    since = clock.now()
    placed = sandbox.place_order(["SKU-00006"])
    sandbox.advance(60)
    sandbox.cancel_order(placed.order_id)
    sandbox.advance(60)
    cancellations = [c for c in channel.iter_cancellations(since) if c.order_id == placed.order_id]
    assert len(cancellations) == 1
    assert cancellations[0].marketplace_status == "Cancelled"
    assert cancellations[0].cancelled_at >= since


def test_unsupported_operations_raise_before_any_call(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    before = len(sandbox.calls)
    with pytest.raises(UnsupportedOperation):
        channel.set_active("SKU-00001", False)
    with pytest.raises(UnsupportedOperation):
        channel.set_active("SKU-00001", True)
    draft = ProductDraft(
        sku="V-1",
        title="T-shirt",
        price=Money(amount="10", currency="EUR"),
        stock=1,
        variants=[{"sku": "V-1-S", "attributes": {"Size": "S"}}],
    )
    with pytest.raises(UnsupportedOperation):
        channel.list_product(draft)
    assert len(sandbox.calls) == before


def test_categories_come_from_mirakl(channel: FnacChannel) -> None:
    categories = [c for c in channel.iter_categories()]
    assert categories
    leaf = next(c for c in categories if c.is_leaf)
    assert isinstance(channel.get_category_attributes(leaf.id), list)
    attributes = {a.id: a for a in channel.get_category_attributes("BOOKS-NOVELS")}
    assert attributes["author"].required
    assert attributes["format"].allowed_values == ("PAPERBACK", "HARDCOVER", "EBOOK")
    assert leaf.parent_id is not None
    with pytest.raises(NotFoundError):
        channel.get_category_attributes("NO-SUCH-CATEGORY")


def test_every_leafs_attributes_come_from_one_hourly_pm11_call(
    channel: FnacChannel,
) -> None:
    """Mirakl allows PM11 once an hour: a catalogue import asks for every leaf's attributes in
    a row, so the channel reads PM11 once and applies each attribute to its hierarchy's tree."""
    leaves = [c.id for c in channel.iter_categories() if c.is_leaf]
    assert len(leaves) > 1
    codes: dict[str, set[str]] = {}
    for leaf in leaves:
        codes[leaf] = {a.id for a in channel.get_category_attributes(leaf)}
    assert "author" in codes["BOOKS-NOVELS"]
    assert "author" not in codes["ELECTRONICS-HEADPHONES"]
    shared = set.intersection(*codes.values())
    assert shared  # attributes without a hierarchy apply to every category


def test_categories_without_a_catalogue_client_say_so(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock, catalog=False)
    with pytest.raises(CatalogueNotConfiguredError, match="MiraklCatalogClient"):
        next(channel.iter_categories())
    with pytest.raises(CatalogueNotConfiguredError):
        channel.get_category_attributes("BOOKS-NOVELS")


def test_listing_a_known_ean_creates_the_offer(channel: FnacChannel, sandbox: FnacSandbox) -> None:
    sandbox.add_product("4006381333931", "Stabilo pen")
    draft = ProductDraft(
        sku="NEW-1",
        title="Stabilo pen",
        price=Money(amount="3.50", currency="EUR"),
        stock=4,
        attributes={"ean": "4006381333931"},
    )
    result = channel.list_product(draft)
    assert result.is_ok
    assert sandbox.state.offers["NEW-1"].quantity == 4


def test_listing_without_an_ean_or_out_of_range_is_rejected_before_any_call(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    before = len(sandbox.calls)
    price = Money(amount="3.50", currency="EUR")
    no_ean = channel.list_product(ProductDraft(sku="NEW-4", title="Pen", price=price, stock=1))
    too_many = channel.list_product(
        ProductDraft(
            sku="NEW-5", title="Pen", price=price, stock=10_000, attributes={"ean": "4006381333931"}
        )
    )
    assert no_ean.reason is not None
    assert no_ean.reason.code == "missing_ean"
    assert too_many.reason is not None
    assert too_many.reason.code == "quantity_out_of_range"
    assert len(sandbox.calls) == before


def test_an_unknown_order_is_not_found(channel: FnacChannel) -> None:
    with pytest.raises(NotFoundError):
        channel.get_order("0000000000000")


def test_listing_an_unknown_ean_imports_the_product_first(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    draft = ProductDraft(
        sku="NEW-2",
        title="Unknown book",
        price=Money(amount="12", currency="EUR"),
        stock=2,
        category_id="BOOKS-NOVELS",
        attributes={"ean": "9781234567897"},
    )
    result = channel.list_product(draft)
    assert result.outcome is Outcome.RETRY_LATER
    assert result.reason is not None
    assert result.reason.code == PENDING_IMPORT
    assert result.marketplace_id is not None
    assert "NEW-2" not in sandbox.state.offers


def test_listing_again_after_the_import_is_integrated_creates_the_offer(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    draft = ProductDraft(
        sku="NEW-3",
        title="Imported book",
        price=Money(amount="15", currency="EUR"),
        stock=3,
        category_id="BOOKS-NOVELS",
        attributes={"ean": "9781234567880", "author": "A. Writer", "format": "PAPERBACK"},
    )
    first = channel.list_product(draft)
    assert first.outcome is Outcome.RETRY_LATER
    sandbox.advance(sandbox.mirakl.processing_delay + 1)
    result = channel.list_product(draft)
    assert result.is_ok
    assert sandbox.state.offers["NEW-3"].quantity == 3


def test_shipped_by_fnac_sends_no_tracking(channel: FnacChannel, sandbox: FnacSandbox) -> None:
    order_id = sandbox.place_order(["SKU-00007"]).order_id
    channel.accept_order(order_id)
    sandbox.advance(3600)
    result = channel.ready_to_ship_by_marketplace(order_id)
    assert result.is_ok
    assert sandbox.order(order_id).state == "Shipped"
    assert not sandbox.order(order_id).lines[0].tracking_number


def test_seeded_orders_map_per_the_seed_table(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    since, until = clock.now() - timedelta(days=91), clock.now() + timedelta(minutes=1)
    orders = [o for o in channel.iter_orders(since, until)]
    assert sorted(o.order_id for o in orders) == sorted(sandbox.state.orders)
    for order in orders:
        fnac_state = sandbox.order(order.order_id).state
        assert order.marketplace_status == (seed_status(fnac_state) or fnac_state)
        if order.marketplace_status in FNAC_STATUS_TABLE.marketplace_statuses:
            assert isinstance(
                oms_status(order.marketplace_status, all_lines_in_stock=True), OmsStatus
            )
    cancelled = [o for o in channel.iter_orders(since, until, ["Cancelled"])]
    assert {sandbox.order(o.order_id).state for o in cancelled} <= {
        "Cancelled",
        "Refused",
        "Refunded",
    }
    assert all(o.marketplace_status == "Cancelled" for o in cancelled)


def test_iter_orders_yields_the_orders_the_wire_models_map_to(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    # The channel reads most orders straight to canonical orders, without the wire models:
    # what it yields is what mapping the client's wire orders gives, field for field.
    since, until = clock.now() - timedelta(days=91), clock.now() + timedelta(minutes=1)
    orders = [o for o in channel.iter_orders(since, until)]
    with fnac_client(sandbox, clock) as client:
        wire = client.orders_query(orders_window(since, until, None))
        expected = [order_to_canonical(o) for o in wire]
    assert len(orders) == len(sandbox.state.orders)
    assert [_deep(order) for order in orders] == [_deep(order) for order in expected]


def test_an_error_order_stays_unknown_for_a_person(
    channel: FnacChannel, sandbox: FnacSandbox
) -> None:
    placed = sandbox.place_order(["SKU-00008"])
    sandbox.fail_order(placed.order_id)
    order = channel.get_order(placed.order_id)
    assert order.marketplace_status == "Error"
    assert order.oms_status is None
    with pytest.raises(UnknownStatusError):
        oms_status(order.marketplace_status, all_lines_in_stock=True)


# -- catalogued behaviours (QUIRKS ids), each with the sandbox reproducing it ------------------


def test_fnac_q08_lines_keep_their_own_states_and_a_refused_line_leaves_the_totals(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = sandbox.place_order(["SKU-00004", "SKU-00005"])
    channel.accept_order(placed.order_id, ["1"])  # the other line is refused
    assert [line.state for line in sandbox.order(placed.order_id).lines] == ["Accepted", "Refused"]
    sandbox.advance(3600)
    shipment = Shipment(carrier="La Poste", tracking_number="6A77", shipped_at=clock.now())
    assert (channel.ready_to_ship(placed.order_id, shipment)).is_ok

    order = channel.get_order(placed.order_id)

    assert order.marketplace_status == "Shipped"
    assert [line.marketplace_status for line in order.lines] == ["Shipped", "Refused"]
    kept = order.lines[0]
    assert order.totals.items == kept.line_total
    assert order.paid is True


def test_fnac_q09_an_accepted_order_is_neither_paid_nor_shipped_until_fnac_debits(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = sandbox.place_order(["SKU-00006"])
    assert (channel.get_order(placed.order_id)).paid is False  # Created
    channel.accept_order(placed.order_id)
    order = channel.get_order(placed.order_id)
    assert (order.marketplace_status, order.paid) == ("To be Shipped", False)
    assert order.oms_status is None  # New or Partial by the OMS's stock; never Ready to Ship
    shipment = Shipment(carrier="La Poste", tracking_number="6A78", shipped_at=clock.now())
    sent = sandbox.calls.count("orders_update")

    early = channel.ready_to_ship(placed.order_id, shipment)

    assert early.outcome is Outcome.RETRY_LATER
    assert sandbox.calls.count("orders_update") == sent  # nothing sent to FNAC
    sandbox.advance(3600)
    assert (channel.get_order(placed.order_id)).paid is True
    assert (channel.ready_to_ship(placed.order_id, shipment)).is_ok


def test_fnac_q13_a_refunded_line_reaches_the_order_as_a_whole_line_refund(
    channel: FnacChannel, sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = sandbox.place_order(["SKU-00007", "SKU-00008"])
    channel.accept_order(placed.order_id)
    sandbox.advance(3600)
    shipment = Shipment(carrier="La Poste", tracking_number="6A79", shipped_at=clock.now())
    assert (channel.ready_to_ship(placed.order_id, shipment)).is_ok
    before = channel.get_order(placed.order_id)
    sandbox.mark_not_received(placed.order_id)
    refund = IncidentUpdate(
        order_id=placed.order_id,
        order_details=[
            IncidentDetailRefund(order_detail_id=2, refund_reason=RefundReason.UNRECEIVED_ARTICLE)
        ],
    )
    fnac_client(sandbox, clock).incidents_update([refund])

    order = channel.get_order(placed.order_id)

    line = sandbox.order(placed.order_id).lines[1]
    whole = Money(amount=line.price * line.quantity + line.shipping_price, currency="EUR")
    assert [(r.amount, r.line_ids) for r in order.refunds] == [(whole, ("2",))]
    assert order.totals == before.totals  # what the buyer paid; the refund is beside it
    assert order.refunded() == whole
