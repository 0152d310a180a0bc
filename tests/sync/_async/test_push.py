"""The stock and price pusher against both sandboxes (in process, FakeClock) and fake channels."""

from __future__ import annotations

import asyncio  # unasync: remove
from collections.abc import Iterable, Sequence
from datetime import timedelta
from decimal import Decimal

import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import RateLimitedError, ServerError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.etsy import (
    AsyncEtsyChannel,
    AsyncEtsyClient,
    EtsyChannelOptions,
    MemoryTokenStore,
    TokenPair,
)
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import AsyncFnacChannel, AsyncFnacClient, FnacCredentials
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.sync import AsyncStockPusher, InvalidChangeError, PushPolicy
from marketplace_sdk.sync._push_plan import ChangeKind, SettledChange
from marketplace_sdk.testing import Fault

# unasync: sync-only
# import threading
# unasync: end


def eur(amount: str) -> Money:
    return Money(amount=amount, currency="EUR")


class FakeShop:
    """A channel that answers from a script: per SKU, a list of outcomes used in turn."""

    def __init__(self, script: dict[str, list[ItemResult]] | None = None) -> None:
        self.script = script or {}
        self.stock_calls: list[list[StockUpdate]] = []
        self.price_calls: list[list[PriceUpdate]] = []

    def _answer(self, sku: str) -> ItemResult:
        queue = self.script.get(sku)
        return queue.pop(0) if queue else ItemResult.ok(sku)

    async def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
        batch = list(updates)
        self.stock_calls.append(batch)
        return [self._answer(update.sku) for update in batch]

    async def push_prices(self, updates: Iterable[PriceUpdate]) -> Sequence[ItemResult]:
        batch = list(updates)
        self.price_calls.append(batch)
        return [self._answer(update.sku) for update in batch]


# --- Etsy ------------------------------------------------------------------------------------


@pytest.fixture
def etsy(clock: FakeClock) -> EtsySandbox:
    return EtsySandbox.seeded(
        listings=30, variation_ratio=1.0, orders=0, clock=clock, seed=3, duplicate_skus=0
    )


def etsy_channel(sandbox: EtsySandbox, clock: FakeClock) -> AsyncEtsyChannel:
    tokens = sandbox.connect()
    store = MemoryTokenStore(
        TokenPair(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=clock.now() + timedelta(seconds=tokens.expires_in),
        )
    )
    secret = sandbox.api_key.get_secret_value().split(":", 1)[1]
    client = AsyncEtsyClient(
        sandbox.keystring, secret, store, transport=sandbox.transport(), clock=clock
    )
    profile = next(iter(sandbox.world.profiles))
    options = EtsyChannelOptions(shipping_profile_id=profile)
    return AsyncEtsyChannel(client, sandbox.shop_id, clock=clock, options=options)


def etsy_quantity(sandbox: EtsySandbox, sku: str) -> int:
    for listing in sandbox.world.listings.values():
        for product in listing.inventory.products if listing.inventory else ():
            if product.sku == sku:
                return product.quantity
    raise KeyError(sku)


def variation_skus(sandbox: EtsySandbox, at_least: int) -> list[str]:
    for listing in sandbox.world.listings.values():
        if listing.state == "active" and listing.inventory is not None:
            skus = [product.sku for product in listing.inventory.products]
            if len(skus) >= at_least and listing.inventory.quantity_on_property:
                return skus
    raise LookupError("no active variation listing with enough SKUs")


async def test_etsy_skus_of_one_listing_coalesce_into_one_inventory_write(
    etsy: EtsySandbox, clock: FakeClock
) -> None:
    channel = etsy_channel(etsy, clock)
    skus = variation_skus(etsy, 3)
    final: list[SettledChange] = []
    pusher = AsyncStockPusher(channel, clock=clock, on_result=final.append)
    for round_ in range(10):
        for position, sku in enumerate(skus):
            pusher.stock_changed(sku, round_ + position)
    pusher.stock_changed("NO-SUCH-SKU", 1)
    etsy.calls.clear()
    early = await pusher.flush()
    assert early.sent == 0  # still inside the window

    clock.advance(2)
    report = await pusher.flush()

    assert etsy.calls.count("updateListingInventory") == 1
    assert report.channel_calls == 1
    assert sorted(result.key for result in report.ok) == sorted(skus)
    assert [result.key for result in report.rejected] == ["NO-SUCH-SKU"]
    for position, sku in enumerate(skus):
        assert etsy_quantity(etsy, sku) == 9 + position
    assert sorted(change.update.sku for change in final) == sorted([*skus, "NO-SUCH-SKU"])
    assert pusher.pending() == ()


async def test_etsy_a_rate_limited_write_is_retried_after_its_retry_after(
    etsy: EtsySandbox, clock: FakeClock
) -> None:
    channel = etsy_channel(etsy, clock)
    skus = variation_skus(etsy, 2)
    pusher = AsyncStockPusher(channel, clock=clock, policy=PushPolicy(backoff=5, backoff_cap=5))
    pusher.stock_changed(skus[0], 11)
    await pusher.flush(force=True)  # warms the SKU index
    etsy.faults.add(Fault.error(500), operation="updateListingInventory", count=10)
    pusher.stock_changed(skus[0], 12)

    first = await pusher.flush(force=True)

    assert [result.outcome for result in first.results] == [Outcome.RETRY_LATER]
    assert [change.update.sku for change in first.retried] == [skus[0]]
    assert etsy_quantity(etsy, skus[0]) == 11
    etsy.faults.clear()
    early = await pusher.flush()
    assert early.sent == 0
    clock.advance(5)
    second = await pusher.flush()
    assert [result.key for result in second.ok] == [skus[0]]
    assert etsy_quantity(etsy, skus[0]) == 12


# --- FNAC ------------------------------------------------------------------------------------


@pytest.fixture
def fnac(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=300, orders=0, clock=clock)


def fnac_channel(sandbox: FnacSandbox, clock: FakeClock) -> AsyncFnacChannel:
    given = sandbox.credentials
    credentials = FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key)
    client = AsyncFnacClient(
        credentials, base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    )
    return AsyncFnacChannel(client)


async def test_fnac_many_skus_go_in_one_offers_update(fnac: FnacSandbox, clock: FakeClock) -> None:
    pusher = AsyncStockPusher(fnac_channel(fnac, clock), clock=clock)
    skus = sorted(fnac.state.offers)[:250]
    for sku in skus:
        pusher.stock_changed(sku, 3)
        pusher.stock_changed(sku, 5)
    pusher.stock_changed("GHOST-SKU", 1)
    fnac.calls.clear()
    clock.advance(2)

    report = await pusher.flush()

    assert fnac.calls.count("offers_update") == 1
    assert report.sent == 251
    assert all(fnac.state.offers[sku].quantity == 5 for sku in skus)
    (ghost,) = report.rejected
    assert ghost.key == "GHOST-SKU"
    assert ghost.reason is not None
    assert ghost.reason.code == "ERR_026"


async def test_fnac_changes_wait_for_the_window_then_go_in_one_offers_update(
    fnac: FnacSandbox, clock: FakeClock
) -> None:
    final: list[SettledChange] = []
    pusher = AsyncStockPusher(fnac_channel(fnac, clock), clock=clock, on_result=final.append)
    for sku in ("SKU-00010", "SKU-00011", "SKU-00012"):
        pusher.stock_changed(sku, 1)
        pusher.stock_changed(sku, 2)
    fnac.calls.clear()
    early = await pusher.flush()
    assert early.sent == 0
    clock.advance(2)

    report = await pusher.flush()

    assert fnac.calls.count("offers_update") == 1
    assert len(report.ok) == 3
    assert [fnac.state.offers[f"SKU-0001{n}"].quantity for n in range(3)] == [2, 2, 2]
    assert {change.kind for change in final} == {ChangeKind.STOCK}


async def test_fnac_one_hundred_changes_to_one_sku_send_one_item(
    fnac: FnacSandbox, clock: FakeClock
) -> None:
    pusher = AsyncStockPusher(fnac_channel(fnac, clock), clock=clock)
    for quantity in range(100):
        pusher.stock_changed("SKU-00007", quantity)
    fnac.calls.clear()

    report = await pusher.flush(force=True)

    assert report.sent == 1
    assert fnac.calls.count("offers_update") == 1
    assert fnac.state.offers["SKU-00007"].quantity == 99


async def test_fnac_stock_and_price_of_one_sku_go_in_one_offer(
    fnac: FnacSandbox, clock: FakeClock
) -> None:
    final: list[SettledChange] = []
    pusher = AsyncStockPusher(fnac_channel(fnac, clock), clock=clock, on_result=final.append)
    pusher.stock_changed("SKU-00001", 8)
    pusher.price_changed("SKU-00001", eur("24.90"))
    pusher.price_changed("SKU-00002", eur("0.10"))  # below FNAC's 0.90 minimum
    fnac.calls.clear()

    report = await pusher.flush(force=True)

    assert report.channel_calls == 1
    assert fnac.calls.count("offers_update") == 1
    assert fnac.calls.count("offers_query") == 0  # no price goes alone: no quantity to read
    assert fnac.state.offers["SKU-00001"].quantity == 8
    assert fnac.offer_price("SKU-00001") == Decimal("24.90")
    assert [result.key for result in report.rejected] == ["SKU-00002"]
    assert sorted(
        (change.kind.value, change.update.sku, change.result.outcome.value) for change in final
    ) == [
        ("price", "SKU-00001", "ok"),
        ("price", "SKU-00002", "rejected"),
        ("stock", "SKU-00001", "ok"),
    ]


async def test_fnac_stock_and_price_together_read_no_quantity(
    fnac: FnacSandbox, clock: FakeClock
) -> None:
    pusher = AsyncStockPusher(fnac_channel(fnac, clock), clock=clock)
    skus = sorted(fnac.state.offers)[:50]
    for sku in skus:
        pusher.stock_changed(sku, 7)
        pusher.price_changed(sku, eur("19.90"))
    fnac.calls.clear()

    report = await pusher.flush(force=True)

    assert fnac.calls.count("offers_update") == 1
    assert fnac.calls.count("offers_query") == 0
    assert len(report.ok) == 100
    assert all(fnac.state.offers[sku].quantity == 7 for sku in skus)
    assert {fnac.offer_price(sku) for sku in skus} == {Decimal("19.90")}


async def test_fnac_a_failed_offers_update_is_retried_until_it_lands(
    fnac: FnacSandbox, clock: FakeClock
) -> None:
    pusher = AsyncStockPusher(fnac_channel(fnac, clock), clock=clock, policy=PushPolicy(backoff=2))
    fnac.faults.add(Fault.error(503, b"Service Unavailable"), operation="offers_update", count=2)
    pusher.stock_changed("SKU-00004", 6)
    first = await pusher.flush(force=True)
    assert [change.update.sku for change in first.retried] == ["SKU-00004"]

    reports = []
    for _ in range(20):
        clock.advance(1)
        reports.append(await pusher.flush())
        if not pusher.pending():
            break

    assert [result.key for report in reports for result in report.ok] == ["SKU-00004"]
    assert fnac.state.offers["SKU-00004"].quantity == 6
    assert fnac.calls.count("offers_update") == 1  # the two faults never reached the sandbox
    assert len(fnac.faults.fired) == 2


# --- retries, give-ups and errors with a scripted channel -----------------------------------


async def test_retry_after_is_honoured_then_the_item_lands(clock: FakeClock) -> None:
    shop = FakeShop({"A": [ItemResult.retry_later("A", message="busy", retry_after=30)]})
    final: list[SettledChange] = []
    pusher = AsyncStockPusher(shop, clock=clock, on_result=final.append)
    pusher.stock_changed("A", 4)
    first = await pusher.flush(force=True)
    assert [change.attempts for change in first.retried] == [1]
    assert final == []
    assert pusher.next_due() == clock.now() + timedelta(seconds=30)
    clock.advance(29)
    early = await pusher.flush()
    assert early.sent == 0
    clock.advance(1)
    second = await pusher.flush()
    assert [result.key for result in second.ok] == ["A"]
    assert [(change.result.outcome, change.attempts) for change in final] == [(Outcome.OK, 2)]
    assert [len(call) for call in shop.stock_calls] == [1, 1]


async def test_after_max_attempts_the_change_is_reported_failed(clock: FakeClock) -> None:
    busy = [ItemResult.retry_later("A", message="busy") for _ in range(10)]
    final: list[SettledChange] = []
    pusher = AsyncStockPusher(
        FakeShop({"A": busy}),
        clock=clock,
        policy=PushPolicy(max_attempts=3),
        on_result=final.append,
    )
    pusher.stock_changed("A", 4)
    reports = [await pusher.flush(force=True) for _ in range(3)]
    assert [len(report.failed) for report in reports] == [0, 0, 1]
    (failed,) = final
    assert failed.gave_up
    assert failed.attempts == 3
    assert pusher.pending() == ()


async def test_a_newer_value_supersedes_a_queued_retry(clock: FakeClock) -> None:
    shop = FakeShop({"A": [ItemResult.retry_later("A", message="busy", retry_after=60)]})
    pusher = AsyncStockPusher(shop, clock=clock)
    pusher.stock_changed("A", 1)
    await pusher.flush(force=True)
    pusher.stock_changed("A", 2)
    clock.advance(2)
    report = await pusher.flush()
    assert [change.update for change in report.superseded] == [StockUpdate(sku="A", quantity=1)]
    assert [call[0].quantity for call in shop.stock_calls] == [1, 2]


async def test_a_whole_push_raising_a_marketplace_error_retries_each_item(
    clock: FakeClock,
) -> None:
    class Limited(FakeShop):
        async def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
            raise RateLimitedError("daily budget spent", retry_after=120)

    pusher = AsyncStockPusher(Limited(), clock=clock)
    pusher.stock_changed("A", 1)
    pusher.stock_changed("B", 1)
    report = await pusher.flush(force=True)
    assert {result.outcome for result in report.results} == {Outcome.RETRY_LATER}
    assert {result.retry_after for result in report.results} == {120.0}
    assert len(pusher.pending()) == 2


async def test_a_bug_in_the_channel_propagates_and_keeps_the_changes(clock: FakeClock) -> None:
    class Broken(FakeShop):
        async def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
            raise KeyError("bug")

    shop = Broken()
    final: list[SettledChange] = []
    pusher = AsyncStockPusher(shop, clock=clock, on_result=final.append)
    pusher.stock_changed("A", 1)
    pusher.price_changed("A", eur("3.00"))
    with pytest.raises(KeyError):
        await pusher.flush(force=True)
    assert [change.key for change in pusher.pending()] == [("stock", "A")]
    assert [(change.kind, change.result.outcome) for change in final] == [
        (ChangeKind.PRICE, Outcome.OK)
    ]
    assert len(shop.price_calls) == 1


async def test_a_push_that_failed_whole_keeps_the_marketplaces_code_on_each_item(
    clock: FakeClock,
) -> None:
    class Down(FakeShop):
        async def push_stock(self, updates: Iterable[StockUpdate]) -> Sequence[ItemResult]:
            raise ServerError("temporarily unavailable", status=503, code="ERR_503X")

    pusher = AsyncStockPusher(Down(), clock=clock)
    pusher.stock_changed("MUG", 2)
    report = await pusher.flush(force=True)
    (item,) = report.results
    assert item.outcome is Outcome.RETRY_LATER
    assert item.reason is not None
    assert item.reason.code == "ERR_503X"


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda p: p.stock_changed("A", -1), ">= 0"),
        (lambda p: p.stock_changed("A", True), "must be an int"),
        (lambda p: p.stock_changed("A", 2.0), "must be an int"),
        (lambda p: p.stock_changed("  ", 2), "invalid stock change"),
        (lambda p: p.price_changed("A", "9.90"), "must be Money"),
        (lambda p: p.price_changed("A", eur("9.90"), 8), "must be Money"),
        (
            lambda p: p.price_changed("A", eur("9.90"), Money(amount="8", currency="USD")),
            "same currency",
        ),
    ],
)
def test_bad_input_is_refused_at_call_time_and_nothing_is_queued(
    clock: FakeClock, call: object, message: str
) -> None:
    pusher = AsyncStockPusher(FakeShop(), clock=clock)
    assert callable(call)
    with pytest.raises(InvalidChangeError, match=message):
        call(pusher)
    assert pusher.pending() == ()


# --- the run loop ------------------------------------------------------------------------------


async def test_run_flushes_when_due_and_stops_when_asked(clock: FakeClock) -> None:
    stop = asyncio.Event()
    final: list[SettledChange] = []

    def record(change: SettledChange) -> None:
        final.append(change)
        stop.set()

    pusher = AsyncStockPusher(FakeShop(), clock=clock, on_result=record)
    start = clock.now()
    pusher.stock_changed("A", 3)
    pusher.price_changed("A", eur("5.00"))
    # unasync: async-only
    await asyncio.wait_for(pusher.run(stop), timeout=10)
    # unasync: end
    # unasync: sync-only
    # runner = threading.Thread(target=pusher.run, args=(stop,))
    # runner.start()
    # runner.join(timeout=10)
    # assert not runner.is_alive()
    # unasync: end
    assert [(change.kind, change.update.sku) for change in final] == [
        (ChangeKind.STOCK, "A"),
        (ChangeKind.PRICE, "A"),
    ]
    assert (clock.now() - start).total_seconds() >= 0.2  # the default debounce
