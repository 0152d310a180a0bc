# Generated from tests/mirakl/_async/test_channel_offers.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""The Mirakl channel's offers: products from OF21, stock and prices pushed as OF24 or OF01
imports and tracked with OF02/OF03, against the sandbox over loopback."""

from __future__ import annotations

import json
from collections.abc import Iterator
from decimal import Decimal

import pytest
from tests.mirakl._sync.channel_harness import channel_of, served
from tests.mirakl._sync.orders_harness import Served

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import NotFoundError, RecordError, ResponseParseError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.mirakl import MiraklChannel, MiraklChannelOptions, MiraklOfferOptions
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed
from marketplace_sdk.sync._sync.push import StockAndPriceTarget, StockPusher
from marketplace_sdk.testing import Fault

SKUS = ["SKU-CHAIR", "SKU-KETTLE", "SKU-LAMP", "SKU-MUG", "SKU-TOASTER"]


def eur(amount: str) -> Money:
    return Money(amount=amount, currency="EUR")


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklSandbox:
    return MiraklSandbox(clock=clock)


@pytest.fixture
def server(sandbox: MiraklSandbox) -> Iterator[Served]:
    with served(sandbox) as running:
        yield running


@pytest.fixture
def channel(server: Served, clock: FakeClock) -> Iterator[MiraklChannel]:
    with channel_of(server, clock) as opened:
        yield opened


def _of24_bodies(server: Served) -> list[dict[str, object]]:
    return [
        json.loads(request.content)
        for request in server.requests
        if request.method == "POST" and request.url.path == "/api/offers"
    ]


def test_products_are_the_shops_offers_with_their_price_stock_and_ids(
    channel: MiraklChannel, server: Served
) -> None:
    products = [product for product in channel.iter_products()]
    assert sorted(product.sku for product in products) == SKUS
    mug = next(product for product in products if product.sku == "SKU-MUG")
    assert (str(mug.price), mug.stock, mug.active, mug.title) == (
        "7.90 EUR",
        120,
        True,
        "Stoneware mug",
    )
    assert mug.marketplace_ids["product_sku"] == "PRD-MUG"
    assert mug.marketplace_id == mug.marketplace_ids["offer_id"]
    assert server.operations() == ["GET /api/offers"]
    assert channel.marketplace == "mirakl"
    assert channel.shop_id == "2000"


def test_an_offers_page_without_its_list_is_an_error_never_the_last_page(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    # The engine asks again for a page cut short; one that never comes whole is an error.
    sandbox.faults.add(Fault.malformed(b'{"total_count": 5}'), operation="OF21", count=10)
    with pytest.raises(ResponseParseError):
        [product for product in channel.iter_products()]


def test_get_product_reads_one_offer_by_sku(channel: MiraklChannel) -> None:
    assert (channel.get_product("SKU-LAMP")).stock == 40
    with pytest.raises(NotFoundError):
        channel.get_product("SKU-NONE")


def test_push_stock_sends_each_offer_back_whole_and_reads_the_import_to_its_end(
    channel: MiraklChannel, sandbox: MiraklSandbox, server: Served
) -> None:
    before = dict(sandbox.offers.offers["SKU-MUG"])
    results = channel.push_stock([StockUpdate(sku="SKU-MUG", quantity=4)])
    assert [(r.key, r.outcome) for r in results] == [("SKU-MUG", Outcome.OK)]
    after = sandbox.offers.offers["SKU-MUG"]
    assert after["quantity"] == "4"
    # MIRAKL-Q06: every field OF21 returned went back, so nothing was reset (the product is
    # named by its SKU, and the price comes back as the number it is).
    same = {k for k in before if k not in ("quantity", "price", "product-id-type")}
    assert {k: after[k] for k in same} == {k: before[k] for k in same}
    assert Decimal(after["price"]) == Decimal(before["price"])
    (body,) = _of24_bodies(server)
    (sent,) = body["offers"]  # type: ignore[misc]
    assert (sent["quantity"], sent["leadtime_to_ship"]) == (4, 2)
    assert "GET /api/offers/imports/3001" in server.operations()
    assert results[0].marketplace_id == "3001"


def test_stock_and_price_of_one_sku_go_in_one_offer_of_one_import(
    channel: MiraklChannel, sandbox: MiraklSandbox, server: Served
) -> None:
    stock, prices = channel.push_stock_and_prices(
        [StockUpdate(sku="SKU-LAMP", quantity=3), StockUpdate(sku="SKU-MUG", quantity=9)],
        [PriceUpdate(sku="SKU-LAMP", price=eur("30"), selling_price=eur("19.90"))],
    )
    assert [r.outcome for r in [*stock, *prices]] == [Outcome.OK] * 3
    (body,) = _of24_bodies(server)
    sent = {offer["shop_sku"]: offer for offer in body["offers"]}  # type: ignore[attr-defined]
    assert (sent["SKU-LAMP"]["quantity"], sent["SKU-LAMP"]["price"]) == (3, 19.9)
    assert sandbox.offers.offers["SKU-LAMP"]["price"] == "19.9"


def test_a_sku_without_an_offer_and_a_bad_price_are_rejected_without_being_sent(
    channel: MiraklChannel, server: Served
) -> None:
    stock, prices = channel.push_stock_and_prices(
        [StockUpdate(sku="SKU-GHOST", quantity=1)],
        [PriceUpdate(sku="SKU-MUG", price=eur("0.001"))],
    )
    assert (stock[0].outcome, stock[0].reason and stock[0].reason.code) == (
        Outcome.REJECTED,
        "offer_not_found",
    )
    assert (prices[0].outcome, prices[0].reason and prices[0].reason.code) == (
        Outcome.REJECTED,
        "invalid_price",
    )
    assert _of24_bodies(server) == []


def test_a_price_in_another_currency_is_refused_and_the_stock_still_goes(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    stock, prices = channel.push_stock_and_prices(
        [StockUpdate(sku="SKU-MUG", quantity=5)],
        [PriceUpdate(sku="SKU-MUG", price=Money(amount="9", currency="USD"))],
    )
    assert stock[0].outcome is Outcome.OK
    assert prices[0].reason is not None
    assert prices[0].reason.code == "currency_mismatch"
    assert sandbox.offers.offers["SKU-MUG"]["price"] == "7.9"


def test_a_line_refused_in_a_complete_import_is_rejected_and_the_others_ok(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    # MIRAKL-Q07: the import ends COMPLETE; the refused line is only in OF03's report.
    del sandbox.offers.products["PRD-LAMP"]
    results = channel.push_stock(
        [StockUpdate(sku="SKU-LAMP", quantity=1), StockUpdate(sku="SKU-MUG", quantity=2)]
    )
    lamp, mug = results
    assert lamp.outcome is Outcome.REJECTED
    assert lamp.reason is not None
    assert "product does not exist" in lamp.reason.message
    assert mug.outcome is Outcome.OK
    assert sandbox.offers.imports[3001].status(sandbox.clock.monotonic()) == "COMPLETE"


def test_report_lines_tied_to_no_sku_leave_the_others_unknown_never_ok(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    del sandbox.offers.products["PRD-LAMP"]
    report = b'"product-id";"error-message"\n"PRD-LAMP";"The product does not exist"\n'
    sandbox.faults.add(Fault.malformed(report), operation="OF03")
    results = channel.push_stock(
        [StockUpdate(sku="SKU-LAMP", quantity=1), StockUpdate(sku="SKU-MUG", quantity=2)]
    )
    assert [r.outcome for r in results] == [Outcome.UNKNOWN, Outcome.UNKNOWN]


def test_a_large_push_goes_as_one_offer_file_in_normal_mode(
    server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    options = MiraklChannelOptions(offers=MiraklOfferOptions(file_threshold=2))
    before = {sku: dict(row) for sku, row in sandbox.offers.offers.items()}
    with channel_of(server, clock, options=options) as channel:
        results = channel.push_stock(
            [StockUpdate(sku=sku, quantity=n) for n, sku in enumerate(SKUS)]
        )
    assert [r.outcome for r in results] == [Outcome.OK] * 5
    uploads = [
        r for r in server.requests if r.url.path == "/api/offers/imports" and r.method == "POST"
    ]
    (upload,) = uploads
    assert b'name="import_mode"\r\n\r\nNORMAL' in upload.content  # never REPLACE (MIRAKL-Q05)
    assert _of24_bodies(server) == []
    for n, sku in enumerate(SKUS):
        row = sandbox.offers.offers[sku]
        assert row["quantity"] == str(n)
        assert row["description"] == before[sku]["description"]
        assert row["leadtime-to-ship"] == before[sku]["leadtime-to-ship"]


def test_a_lost_import_answer_is_found_again_not_sent_twice(
    channel: MiraklChannel, sandbox: MiraklSandbox, server: Served
) -> None:
    sandbox.faults.add(Fault.timeout_after_apply(), operation="OF24")
    results = channel.push_stock([StockUpdate(sku="SKU-MUG", quantity=3)])
    assert [(r.outcome, r.marketplace_id) for r in results] == [(Outcome.OK, "3001")]
    assert len(_of24_bodies(server)) == 1
    assert "GET /api/offers/imports" in server.operations()
    assert sandbox.offers.offers["SKU-MUG"]["quantity"] == "3"


def test_a_lost_call_that_opened_no_import_is_retry_later(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    sandbox.faults.add(Fault.reset(), operation="OF24")
    results = channel.push_stock([StockUpdate(sku="SKU-MUG", quantity=3)])
    assert results[0].outcome is Outcome.RETRY_LATER
    assert sandbox.offers.imports == {}


def test_an_import_running_past_the_wait_is_retry_later_with_its_id(
    server: Served, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.processing_delay = 4 * 3600.0
    options = MiraklChannelOptions(offers=MiraklOfferOptions(import_timeout=600))
    with channel_of(server, clock, options=options) as channel:
        results = channel.push_stock([StockUpdate(sku="SKU-MUG", quantity=3)])
    assert (results[0].outcome, results[0].marketplace_id) == (Outcome.RETRY_LATER, "3001")
    assert results[0].reason is not None
    assert results[0].reason.code == "import_running"


def test_a_429_on_the_import_call_waits_out_its_retry_after(
    channel: MiraklChannel, sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    sandbox.faults.add(Fault.rate_limited(retry_after=30), operation="OF24")
    start = clock.monotonic()
    results = channel.push_stock([StockUpdate(sku="SKU-MUG", quantity=3)])
    assert results[0].outcome is Outcome.OK
    assert clock.monotonic() - start >= 30
    assert sandbox.throttled == []


def test_two_pushes_in_a_minute_keep_to_of24s_frequency(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    channel.push_stock([StockUpdate(sku="SKU-MUG", quantity=3)])
    channel.push_prices([PriceUpdate(sku="SKU-MUG", price=eur("8.10"))])
    assert sandbox.throttled == []
    assert (
        sandbox.offers.offers["SKU-MUG"]["quantity"],
        sandbox.offers.offers["SKU-MUG"]["price"],
    ) == ("3", "8.1")


def test_the_pusher_sends_a_skus_stock_and_price_changes_in_one_offer_import(
    channel: MiraklChannel, sandbox: MiraklSandbox, server: Served, clock: FakeClock
) -> None:
    assert isinstance(channel, StockAndPriceTarget)
    pusher = StockPusher(channel, clock=clock)
    pusher.stock_changed("SKU-KETTLE", 7)
    pusher.price_changed("SKU-KETTLE", eur("36.00"))
    report = pusher.flush(force=True)
    assert [result.outcome for result in report.results] == [Outcome.OK, Outcome.OK]
    (body,) = _of24_bodies(server)
    (sent,) = body["offers"]  # type: ignore[misc]
    assert (sent["quantity"], sent["price"]) == (7, 36)
    assert sandbox.offers.offers["SKU-KETTLE"]["quantity"] == "7"


FAULTS = {
    "timeout before": ("OF24", Fault.timeout_before(), 1),
    "reset before": ("OF24", Fault.reset(), 1),
    "reset after apply": ("OF24", Fault.reset(after_apply=True), 1),
    "timeout after apply": ("OF24", Fault.timeout_after_apply(), 1),
    "500": ("OF24", Fault.error(500), 1),
    "500 after apply": ("OF24", Fault.error(500, after_apply=True), 1),
    "OF02 down a while": ("OF02", Fault.error(503), 3),
    "OF02 down": ("OF02", Fault.error(503), 99),
    "OF03 down": ("OF03", Fault.error(500), 99),
    "OF04 down too": ("OF24", Fault.timeout_after_apply(), 1),
}


@pytest.mark.parametrize("name", list(FAULTS))
def test_under_a_fault_an_ok_item_is_applied_and_no_push_is_sent_twice(
    channel: MiraklChannel, sandbox: MiraklSandbox, name: str
) -> None:
    operation, fault, count = FAULTS[name]
    sandbox.faults.add(fault, operation=operation, count=count)
    if name == "OF04 down too":
        sandbox.faults.add(Fault.error(503), operation="OF04", count=99)
    results = channel.push_stock(
        [StockUpdate(sku="SKU-MUG", quantity=3), StockUpdate(sku="SKU-LAMP", quantity=8)]
    )
    sandbox.faults.clear()
    sandbox.clock.advance(sandbox.processing_delay)  # let any import opened run to its end
    applied = {sku: sandbox.offers.offers[sku]["quantity"] for sku in ("SKU-MUG", "SKU-LAMP")}
    assert len(sandbox.offers.imports) <= 1
    for result in results:
        wanted = "3" if result.key == "SKU-MUG" else "8"
        if result.is_ok:
            assert applied[result.key] == wanted
        else:
            assert result.reason is not None
        if not sandbox.offers.imports:
            assert result.outcome is Outcome.RETRY_LATER
    if name in ("timeout after apply", "reset after apply", "500 after apply"):
        assert [r.outcome for r in results] == [Outcome.OK, Outcome.OK]  # found with OF04


@pytest.mark.parametrize(
    ("offers", "first", "pushed", "of21_calls"),
    [
        (450, 401, 3, 1 + 3),  # past the first page: 3 calls by SKU beat the 4 pages left
        (450, 401, 8, 5),  # 8 by SKU would not: the pass goes on
        (450, 1, 8, 1),  # all on the first page: the pass ends there
        (450, 95, 8, 1 + 2),  # 2 of them past it
    ],
)
def test_offers_are_read_per_sku_or_in_one_pass_whichever_takes_fewer_calls(
    clock: FakeClock, offers: int, first: int, pushed: int, of21_calls: int
) -> None:
    # The pass's first page stands in for a size probe: its `total_count` says how many pages
    # are left, against one call per SKU it did not hold.
    shop = ShopSeed.generated(clock.now(), offers=offers, orders=0)
    sandbox = MiraklSandbox(clock=clock, shop=shop)
    options = MiraklChannelOptions(offers=MiraklOfferOptions(read_each_below=2))
    with served(sandbox) as server:
        with channel_of(server, clock, options=options) as channel:
            results = channel.push_stock(
                [StockUpdate(sku=f"SKU-{n:05d}", quantity=1) for n in range(first, first + pushed)]
            )
    assert len(results) == pushed
    assert all(result.is_ok for result in results)
    assert (
        len(server.operations("GET", "/api/offers"))
        - len(server.operations("GET", "/api/offers/imports"))
        == of21_calls
    )


def _page_with_a_bad_offer() -> bytes:
    good = {"offer_id": 1, "shop_sku": "SKU-MUG", "product_sku": "PRD-MUG", "quantity": 2}
    bad = {"offer_id": "not-a-number", "shop_sku": "SKU-LAMP", "product_sku": "PRD-LAMP"}
    return json.dumps({"offers": [good, bad], "total_count": 2}).encode()


def test_an_offer_its_model_refuses_is_set_aside_and_the_others_still_come(
    channel: MiraklChannel, sandbox: MiraklSandbox
) -> None:
    sandbox.faults.add(Fault.malformed(_page_with_a_bad_offer()), operation="OF21")
    aside: list[RecordError] = []
    products = [p for p in channel.iter_products(quarantine=aside.append)]
    assert [p.sku for p in products] == ["SKU-MUG"]
    assert [(e.kind, e.record_id) for e in aside] == [("product", "SKU-LAMP")]
    sandbox.faults.add(Fault.malformed(_page_with_a_bad_offer()), operation="OF21")
    seen: list[str] = []

    def read_all() -> None:
        for product in channel.iter_products():
            seen.append(product.sku)

    with pytest.raises(RecordError):
        read_all()
    assert seen == ["SKU-MUG"]


def test_a_push_for_an_offer_of21_cannot_read_is_rejected_not_sent(
    channel: MiraklChannel, sandbox: MiraklSandbox, server: Served
) -> None:
    bad = {"offers": [{"offer_id": "x", "shop_sku": "SKU-LAMP"}], "total_count": 1}
    sandbox.faults.add(Fault.malformed(json.dumps(bad).encode()), operation="OF21")
    (result,) = channel.push_stock([StockUpdate(sku="SKU-LAMP", quantity=1)])
    assert result.outcome is Outcome.REJECTED
    assert result.reason is not None
    assert result.reason.code == "offer_unreadable"
    assert _of24_bodies(server) == []
