# Generated from tests/fnac/_async/test_channel_behaviours.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The FNAC client and channel survive FNAC's catalogued behaviours, with each one on.

Every test runs against the sandbox with its default behaviours (FNAC's real answers), in
process and on a fake clock.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from pydantic import ValidationError
from tests.fnac._sync.support import credentials, fnac_channel, fnac_client

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import AuthenticationError, ResponseParseError
from marketplace_sdk.core._models import PriceUpdate, ProductDraft, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.fnac import FnacClient, OfferUpdate
from marketplace_sdk.fnac._endpoints import TEST_URL
from marketplace_sdk.fnac._mapping import PreparedUpdates
from marketplace_sdk.fnac._models import ProductReference
from marketplace_sdk.fnac.sandbox import Codes, FnacSandbox
from marketplace_sdk.testing import Fault

START = datetime(2026, 3, 1, 12, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=30, orders=0, clock=clock)


def _stock(**quantities: int) -> list[StockUpdate]:
    return [StockUpdate(sku=sku.replace("_", "-"), quantity=q) for sku, q in quantities.items()]


# FNAC-Q01 ---------------------------------------------------------------------------------


def test_fnac_q01_a_push_is_ok_only_once_the_batch_is_applied(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    (result,) = channel.push_stock(_stock(SKU_00001=17))
    assert result.outcome is Outcome.OK
    assert sandbox.state.offers["SKU-00001"].quantity == 17
    assert sandbox.calls.count("batch_status") >= 2  # polled past ACTIVE / RUNNING
    assert clock.now() - START >= timedelta(seconds=30)


def test_fnac_q01_a_batch_still_running_at_the_deadline_is_retry_later(
    clock: FakeClock,
) -> None:
    sandbox = FnacSandbox.seeded(offers=3, orders=0, clock=clock, batch_delay=7200)
    channel = fnac_channel(sandbox, clock)
    (result,) = channel.push_stock(_stock(SKU_00001=17))
    assert result.outcome is Outcome.RETRY_LATER
    assert result.reason is not None
    assert "still" in result.reason.message


# FNAC-Q02 ---------------------------------------------------------------------------------


def test_fnac_q02_a_failed_offer_in_an_ok_batch_is_a_rejected_item(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    results = channel.push_stock(_stock(SKU_00001=4, GHOST=1))
    assert [r.outcome for r in results] == [Outcome.OK, Outcome.REJECTED]
    reason = results[1].reason
    assert reason is not None
    assert reason.code == Codes.PRODUCT_NOT_FOUND
    assert "Product not found" in reason.message


# FNAC-Q03 ---------------------------------------------------------------------------------


def _lose_the_detailed_report(sandbox: FnacSandbox) -> None:
    # The batch is applied at once (FNAC-Q01 off, to reach it in one poll); the poll reading
    # its detail loses its answer, and the retried poll gets the bare header (FNAC-Q03).
    sandbox.behaviours.disable("FNAC-Q01")
    sandbox.faults.add(Fault.timeout_after_apply(), operation="batch_status")


def test_fnac_q03_offers_a_bare_report_leaves_out_are_read_back(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    _lose_the_detailed_report(sandbox)
    channel = fnac_channel(sandbox, clock)
    results = channel.push_stock(_stock(SKU_00001=6, GHOST=2))
    assert sandbox.calls.count("batch_status") == 2
    assert results[0].outcome is Outcome.OK  # read back: FNAC shows 6
    assert results[0].marketplace_id == sandbox.state.offers["SKU-00001"].fnac_id
    assert results[1].outcome is Outcome.RETRY_LATER  # never ok unread
    assert results[1].reason is not None
    assert results[1].reason.code == "batch_detail_missing"


def test_fnac_q03_many_offers_are_read_back_in_one_pass(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    _lose_the_detailed_report(sandbox)
    channel = fnac_channel(sandbox, clock)
    updates = [StockUpdate(sku=sku, quantity=3) for sku in sorted(sandbox.state.offers)]
    results = channel.push_stock(updates)
    assert {r.outcome for r in results} == {Outcome.OK}
    assert sandbox.calls.count("offers_query") == 1  # 30 offers: one page of 100


def test_fnac_q03_an_offer_showing_another_value_is_retry_later(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    _lose_the_detailed_report(sandbox)
    sandbox.behaviours.disable("FNAC-Q06")  # FNAC refuses the offer in the lost report only
    channel = fnac_channel(sandbox, clock)
    before = sandbox.state.offers["SKU-00001"].quantity
    too_many = OfferUpdate.model_construct(offer_reference="SKU-00001", quantity=10_000)
    (result,) = channel._send(PreparedUpdates(("SKU-00001",), {0: too_many}, {}))
    assert sandbox.state.offers["SKU-00001"].quantity == before
    assert result.outcome is Outcome.RETRY_LATER
    assert result.reason is not None
    assert f"shows quantity {before}, not 10000" in result.reason.message


# FNAC-Q04 ---------------------------------------------------------------------------------


def test_fnac_q04_pushes_and_pricing_queries_are_split_within_the_limits(
    clock: FakeClock,
) -> None:
    sandbox = FnacSandbox.seeded(offers=10_001, orders=0, clock=clock)
    channel = fnac_channel(sandbox, clock)
    updates = [StockUpdate(sku=sku, quantity=2) for sku in sorted(sandbox.state.offers)]
    results = channel.push_stock(updates)
    assert sandbox.calls.count("offers_update") == 2
    assert {r.outcome for r in results} == {Outcome.OK}
    with fnac_client(sandbox, clock) as client:
        references = [ProductReference(value=sandbox.catalogue_product(n).ean) for n in range(11)]
        products = client.pricing_query(references)
    assert len(products) == 11
    assert sandbox.calls.count("pricing_query") == 2


# FNAC-Q05 ---------------------------------------------------------------------------------


def test_fnac_q05_a_sold_out_sku_is_pushed_as_quantity_zero(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    others = {sku: o.quantity for sku, o in sandbox.state.offers.items() if sku != "SKU-00001"}
    (result,) = channel.push_stock(_stock(SKU_00001=0))
    assert result.outcome is Outcome.OK
    assert sandbox.state.offers["SKU-00001"].quantity == 0  # off sale, said explicitly
    assert {sku: o.quantity for sku, o in sandbox.state.offers.items() if sku in others} == others


# FNAC-Q06 ---------------------------------------------------------------------------------


def test_fnac_q06_out_of_bounds_values_are_rejected_before_sending(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    stock = channel.push_stock(_stock(SKU_00001=10_000))
    prices = channel.push_prices(
        [PriceUpdate(sku="SKU-00002", price=Money(amount="0.89", currency="EUR"))]
    )
    assert [r.outcome for r in [*stock, *prices]] == [Outcome.REJECTED, Outcome.REJECTED]
    assert sandbox.calls.count("offers_update") == 0


def test_fnac_q06_a_call_refused_at_once_rejects_only_the_offer_at_fault(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    bad = OfferUpdate.model_construct(offer_reference="SKU-00002", quantity=10_000)
    prepared = PreparedUpdates(
        ("SKU-00001", "SKU-00002"),
        {0: OfferUpdate(offer_reference="SKU-00001", quantity=5), 1: bad},
        {},
    )
    good, refused = channel._send(prepared)
    assert refused.outcome is Outcome.REJECTED
    assert refused.reason is not None
    assert refused.reason.code == Codes.SCHEMA
    assert good.outcome is Outcome.RETRY_LATER


def test_fnac_q06_a_price_push_keeps_the_stock(sandbox: FnacSandbox, clock: FakeClock) -> None:
    assert sandbox.behaviours.on("FNAC-Q06.omitted-quantity-resets")
    channel = fnac_channel(sandbox, clock)
    stock = {sku: sandbox.state.offers[sku].quantity for sku in ("SKU-00001", "SKU-00002")}
    results = channel.push_prices(
        [
            PriceUpdate(sku="SKU-00001", price=Money(amount="13.90", currency="EUR")),
            PriceUpdate(sku="SKU-00002", price=Money(amount="8.50", currency="EUR")),
        ]
    )
    assert {r.outcome for r in results} == {Outcome.OK}
    assert sandbox.offer_price("SKU-00001") == Decimal("13.90")
    assert {sku: sandbox.state.offers[sku].quantity for sku in stock} == stock


# FNAC-Q07 ---------------------------------------------------------------------------------


def test_fnac_q07_an_unknown_condition_is_refused_before_sending() -> None:
    for code in ("9", "0", "12"):
        with pytest.raises(ValidationError, match="product_state"):
            OfferUpdate(offer_reference="A", product_state=code)  # type: ignore[arg-type]


def test_fnac_q07_a_listing_is_offered_as_new(sandbox: FnacSandbox, clock: FakeClock) -> None:
    channel = fnac_channel(sandbox, clock)
    ean = sandbox.catalogue_product(40).ean
    draft = ProductDraft(
        sku="NEW-7",
        title="Known product",
        price=Money(amount="15", currency="EUR"),
        stock=2,
        category_id="BOOKS-NOVELS",
        attributes={"ean": ean},
    )
    assert (channel.list_product(draft)).outcome is Outcome.OK
    assert sandbox.state.offers["NEW-7"].product_state == "11"


# FNAC-Q14 ---------------------------------------------------------------------------------


def test_fnac_q14_a_token_dying_early_is_renewed_once(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    with fnac_client(sandbox, clock) as client:
        client.batch_query()
        clock.advance(1900)  # past half the validity FNAC announced: dead on FNAC's side
        client.batch_query()
    assert sandbox.calls.count("auth") == 2
    assert sandbox.calls.count("batch_query") == 3  # the refused call, sent once more


def test_fnac_q14_a_push_after_the_token_died_is_sent_once_and_applied(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    channel.push_stock(_stock(SKU_00001=5))
    clock.advance(1900)
    (result,) = channel.push_stock(_stock(SKU_00001=6))
    assert result.outcome is Outcome.OK
    assert sandbox.state.offers["SKU-00001"].quantity == 6
    assert sandbox.calls.count("auth") == 2
    assert len(sandbox.state.batches) == 2  # the refused call opened no batch


def test_fnac_q14_a_lagging_clock_is_survived_by_one_renewal(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    lagging = FakeClock(START - timedelta(hours=2))
    with FnacClient(
        credentials(sandbox),
        base_url=sandbox.base_url,
        transport=sandbox.transport(),
        clock=lagging,
    ) as client:
        client.batch_query()
        clock.advance(3000)  # FNAC's time moves; the host's clock does not
        assert (client.batch_query()).nb_batch_active == 0
    assert sandbox.calls.count("auth") == 2


def test_fnac_q14_a_token_refused_again_is_an_error_not_a_loop(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    sandbox.fail_next("batch_query", Codes.TOKEN, "Invalid token", count=10)
    with fnac_client(sandbox, clock) as client:
        with pytest.raises(AuthenticationError):
            client.batch_query()
    assert sandbox.calls.count("auth") == 2
    assert len(sandbox.faults.fired) == 2  # the call, and the one resend after renewal


# FNAC-Q15 ---------------------------------------------------------------------------------


@pytest.fixture
def two_line_orders(sandbox: FnacSandbox) -> list[str]:
    return [
        sandbox.place_order(["SKU-00001", "SKU-00002"], firstname="Hélène").order_id,
        sandbox.place_order(["SKU-00003", "SKU-00004"], lastname="Françoise").order_id,
        sandbox.place_order(["SKU-00005", "SKU-00006"]).order_id,
    ]


def _orders(sandbox: FnacSandbox, clock: FakeClock) -> dict[str, int]:
    channel = fnac_channel(sandbox, clock)
    since = START - timedelta(days=1)
    return {
        order.order_id: len(order.lines)
        for order in channel.iter_orders(since, START + timedelta(days=1))
    }


def test_fnac_q15_text_encoded_twice_is_repaired(
    sandbox: FnacSandbox, clock: FakeClock, two_line_orders: list[str]
) -> None:
    channel = fnac_channel(sandbox, clock)
    first = channel.get_order(two_line_orders[0])
    second = channel.get_order(two_line_orders[1])
    assert first.buyer is not None
    assert first.buyer.name is not None
    assert "Hélène" in first.buyer.name
    assert second.buyer is not None
    assert second.buyer.name is not None
    assert "Françoise" in second.buyer.name


def test_fnac_q15_bad_bytes_and_empty_answers_lose_no_order(
    sandbox: FnacSandbox, clock: FakeClock, two_line_orders: list[str]
) -> None:
    sandbox.garble_next("orders_query")
    assert _orders(sandbox, clock) == dict.fromkeys(two_line_orders, 2)
    sandbox.empty_next("orders_query")
    assert _orders(sandbox, clock) == dict.fromkeys(two_line_orders, 2)


def test_fnac_q15_a_truncated_orders_answer_never_yields_a_short_order(
    sandbox: FnacSandbox, clock: FakeClock, two_line_orders: list[str]
) -> None:
    sandbox.faults.add(Fault.truncated(0.6), operation="orders_query")
    assert _orders(sandbox, clock) == dict.fromkeys(two_line_orders, 2)  # read again
    sandbox.faults.add(Fault.truncated(0.6), operation="orders_query", count=50)
    channel = fnac_channel(sandbox, clock)
    seen: list[int] = []

    def drain() -> None:
        for order in channel.iter_orders(START - timedelta(days=1), START + timedelta(1)):
            seen.append(len(order.lines))

    with pytest.raises(ResponseParseError):
        drain()
    assert seen == []  # an error, never a shorter page


# FNAC-Q16 ---------------------------------------------------------------------------------


def test_fnac_q16_a_lone_order_and_line_read_as_lists_in_utc_and_decimal(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    placed = sandbox.place_order({"SKU-00001": 3})
    channel = fnac_channel(sandbox, clock)
    order = channel.get_order(placed.order_id)
    (line,) = order.lines
    assert order.created_at == START
    assert order.created_at.utcoffset() == timedelta(0)
    assert line.quantity == 3
    assert line.unit_price.amount == sandbox.offer_price("SKU-00001")
    assert order.totals.items is not None
    assert order.totals.items.amount == sandbox.offer_price("SKU-00001") * 3
    fnac = channel._fnac_order(placed.order_id)
    assert fnac.order_details[0].received_at is None  # the empty element


# FNAC-Q17 ---------------------------------------------------------------------------------


def test_fnac_q17_an_unknown_ean_is_imported_through_mirakl_not_offered(
    sandbox: FnacSandbox, clock: FakeClock
) -> None:
    channel = fnac_channel(sandbox, clock)
    draft = ProductDraft(
        sku="NEW-9",
        title="Unknown book",
        price=Money(amount="12", currency="EUR"),
        stock=2,
        category_id="BOOKS-NOVELS",
        attributes={"ean": "9781234567897"},
    )
    result = channel.list_product(draft)
    assert result.outcome is Outcome.RETRY_LATER
    assert result.reason is not None
    assert result.reason.code == "pending_product_import"
    assert "NEW-9" not in sandbox.state.offers
    assert result.marketplace_id  # the Mirakl import's id
    assert TEST_URL == "https://partners-test.mp.fnacdarty.com/api.php/"
