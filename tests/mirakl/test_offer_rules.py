"""The Mirakl channel's offer rules without a sandbox: folding updates per SKU, completing
offers, the OF01 file, finding a lost import; properties over many cases with hypothesis."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.mirakl import Offer, OfferImport, OfferUpdate
from marketplace_sdk.mirakl._offer_imports import offer_file_skus
from marketplace_sdk.mirakl._shared.offers import (
    OfferPush,
    complete_updates,
    fits_in_file,
    lost_import,
    offer_file,
)
from marketplace_sdk.mirakl.sandbox._offers import csv_rows

SKUS = st.sampled_from(["A", "B", "C", "D", "E"])
AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("2000"), places=2)
STOCK = st.lists(st.builds(StockUpdate, sku=SKUS, quantity=st.integers(0, 500)), max_size=12)
PRICES = st.lists(
    st.builds(
        PriceUpdate,
        sku=SKUS,
        price=st.builds(Money, amount=AMOUNTS, currency=st.sampled_from(["EUR", "USD"])),
    ),
    max_size=12,
)
T0 = datetime(2026, 1, 1, tzinfo=UTC)


def _offer(sku: str, currency: str = "EUR") -> Offer:
    return Offer(
        offer_id=hash(sku) % 1000,
        shop_sku=sku,
        product_sku=f"P-{sku}",
        quantity=5,
        price="9.90",
        currency_iso_code=currency,
        description=f"{sku} described",
        leadtime_to_ship=3,
    )


@settings(max_examples=300)
@given(stock=STOCK, prices=PRICES)
def test_every_update_gets_one_result_in_input_order_and_each_sku_one_change(
    stock: list[StockUpdate], prices: list[PriceUpdate]
) -> None:
    push = OfferPush.check(stock, prices)
    skus = {update.sku for update in [*stock, *prices]}
    assert set(push.changes) <= skus
    by_sku = {sku: ItemResult.ok(sku) for sku in push.changes}
    stock_results, price_results = push.results(by_sku)
    assert [r.key for r in stock_results] == [u.sku for u in stock]
    assert [r.key for r in price_results] == [u.sku for u in prices]
    for update, result in zip(stock, stock_results, strict=True):
        # The last quantity of a SKU is the one sent.
        last = [u.quantity for u in stock if u.sku == update.sku][-1]
        assert push.changes[update.sku].quantity == last
        assert result.is_ok
    for result in price_results:
        assert result.is_ok or result.reason is not None


@settings(max_examples=300)
@given(stock=STOCK, prices=PRICES, known=st.sets(SKUS))
def test_completing_offers_loses_no_sku_and_keeps_every_field(
    stock: list[StockUpdate], prices: list[PriceUpdate], known: set[str]
) -> None:
    push = OfferPush.check(stock, prices)
    current = {sku: _offer(sku) for sku in known}
    updates, refused, price_only = complete_updates(push.changes, current, push.currencies)
    sent = {update.shop_sku for update in updates}
    assert sent.isdisjoint(refused)
    # Each SKU is sent, refused, or has its price alone refused with nothing else to send.
    for sku, change in push.changes.items():
        assert sku in sent or sku in refused or (sku in price_only and change.quantity is None)
    for update in updates:
        change = push.changes[update.shop_sku]
        assert update.quantity == (5 if change.quantity is None else change.quantity)
        assert (update.description, update.leadtime_to_ship) == (
            f"{update.shop_sku} described",
            3,
        )
        if update.shop_sku in price_only or change.price is None:
            assert update.price == Decimal("9.90")
        else:
            assert update.price == change.price
    assert all(sku not in known for sku in refused)


@settings(max_examples=200)
@given(
    rows=st.lists(
        st.tuples(SKUS, st.integers(0, 999), AMOUNTS, st.text(max_size=20)), max_size=8
    ).map(lambda rows: list({row[0]: row for row in rows}.values()))
)
def test_an_offer_file_carries_every_offer_and_field_on_its_own_line(
    rows: list[tuple[str, int, Decimal, str]],
) -> None:
    updates = [
        OfferUpdate(
            shop_sku=sku,
            product_id=f"P-{sku}",
            product_id_type="SKU",
            price=price,
            quantity=quantity,
            state_code="11",
            description=text or None,
        )
        for sku, quantity, price, text in rows
    ]
    assert all(fits_in_file(update) for update in updates)
    if not updates:
        return
    content = offer_file(updates)
    header, read = csv_rows(content)
    assert {"sku", "product-id", "price", "quantity", "state", "description"} <= set(header)
    assert [row["sku"] for row in read] == [u.shop_sku for u in updates]
    for row, update in zip(read, updates, strict=True):
        assert (Decimal(row["price"]), int(row["quantity"])) == (update.price, update.quantity)
        assert row["description"] == (update.description or "")
    assert list(offer_file_skus(content).values()) == [u.shop_sku for u in updates]


def test_a_lost_import_is_the_one_new_import_since_the_call() -> None:
    listed = [
        OfferImport(import_id=12, status="RUNNING", date_created=T0 + timedelta(seconds=1)),
        OfferImport(import_id=11, status="COMPLETE", date_created=T0 - timedelta(minutes=1)),
        OfferImport(import_id=9, status="COMPLETE", date_created=T0 - timedelta(hours=1)),
    ]
    assert lost_import(listed, {11}, T0) == (12, 1)
    assert lost_import(listed, {11, 12}, T0) == (None, 0)
    assert lost_import(listed, set(), T0) == (None, 2)
    other_origin = [
        OfferImport.model_validate(
            {"import_id": 13, "status": "WAITING", "origin": "FTP", "date_created": T0}
        )
    ]
    assert lost_import(other_origin, set(), T0) == (None, 0)


def test_a_price_in_another_currency_refuses_the_price_alone() -> None:
    push = OfferPush.check(
        [StockUpdate(sku="A", quantity=1)],
        [PriceUpdate(sku="A", price=Money(amount="5", currency="USD"))],
    )
    updates, refused, price_only = complete_updates(
        push.changes, {"A": _offer("A")}, push.currencies
    )
    assert [u.quantity for u in updates] == [1]
    assert refused == {}
    stock, prices = push.results({"A": ItemResult.ok("A")}, price_only)
    assert (stock[0].outcome, prices[0].outcome) == (Outcome.OK, Outcome.REJECTED)
