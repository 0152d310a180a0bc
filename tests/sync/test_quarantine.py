"""One record the SDK cannot convert never stalls a shop: it is set aside, the rest delivered.

And the order of things a crash could cut apart: the sink acknowledges, then the cursor is
saved; a crash between the two delivers the slice again, never loses it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import pytest
from tests.answers import AlteringTransport, etsy_record_altered, xml_record_altered
from tests.etsy._sync.harness import make_channel, make_client, secret_of, stored
from tests.fnac._sync.support import credentials

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import Order
from marketplace_sdk.etsy import EtsyChannel
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import FnacChannel, FnacClient
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.sync import (
    AcceptDecision,
    CursorKey,
    CursorState,
    JobSpec,
    MemoryCursorStore,
    MemorySink,
    Runtime,
    ShopRef,
    Window,
    accept_orders,
    import_catalogue,
    run_job,
    sync_cancellations,
    sync_orders,
)

NEW_ORDERS = JobSpec("orders.new", "marketplace_sdk.sync:new_orders", timedelta(minutes=5))
REFETCH = JobSpec("orders.refetch", "marketplace_sdk.sync:refetch", timedelta(days=1))


def runtime_for(channel: object, clock: FakeClock) -> tuple[Runtime, MemorySink, ShopRef]:
    sink = MemorySink()
    runtime = Runtime(
        channel_for=lambda shop: channel, cursors=MemoryCursorStore(), sink=sink, clock=clock
    )
    shop = ShopRef(channel.marketplace, channel.shop_id)  # type: ignore[attr-defined]
    return runtime, sink, shop


def refetch_spec(*order_ids: str) -> JobSpec:
    return JobSpec(REFETCH.id, REFETCH.func, REFETCH.interval, kwargs={"order_ids": order_ids})


# --- Etsy: a receipt in a currency the SDK does not know ---------------------------------------


def etsy_shop_with_a_bad_order(clock: FakeClock) -> tuple[EtsySandbox, EtsyChannel, list[int]]:
    """Six new receipts; the third is in a currency the SDK does not know."""
    sandbox = EtsySandbox.seeded(listings=3, orders=0, clock=clock, seed=5)
    channel = make_channel(sandbox, clock)
    listing = sandbox.add_listing("Q-1", quantity=50)
    placed = []
    for _ in range(6):
        clock.advance(60)
        placed.append(sandbox.place_order(listing))
    sandbox.receipt(placed[2]).currency = "EURO"
    return sandbox, channel, placed


def test_a_bad_etsy_order_is_set_aside_and_the_five_others_delivered_over_three_runs(
    clock: FakeClock,
) -> None:
    sandbox, channel, placed = etsy_shop_with_a_bad_order(clock)
    bad = str(placed[2])
    runtime, sink, shop = runtime_for(channel, clock)

    runs = []
    for _ in range(3):
        clock.advance(300)
        runs.append(run_job(NEW_ORDERS, shop, runtime))

    assert [(run.ok, run.error) for run in runs] == [(True, None)] * 3
    assert (runs[0].records, runs[0].quarantined) == (5, 1)
    assert runs[0].to_dict()["quarantined"] == 1
    assert set(sink.orders_of(shop)) == {str(receipt) for receipt in placed} - {bad}
    (item,) = sink.quarantined_of(shop).values()
    assert (item.marketplace, item.kind, item.record_id) == ("etsy", "order", bad)
    assert item.error_type == "ValidationError"
    assert "EURO" in item.message
    assert isinstance(item.raw, dict)
    assert item.raw["receipt_id"] == placed[2]
    # the cursor moved past the bad order: the last run covered up to its own start
    cursor = runtime.cursors.load(CursorKey("etsy", shop.shop_id, "orders.new"))
    assert cursor.watermark == clock.now()
    # nothing secret rides along with the payload
    text = item.model_dump_json()
    assert secret_of(sandbox) not in text
    assert sandbox.keystring not in text

    # after a fix, fetching the set-aside order again delivers it
    sandbox.receipt(placed[2]).currency = "EUR"
    refetched = run_job(refetch_spec(bad), shop, runtime)
    assert (refetched.ok, refetched.records, refetched.quarantined) == (True, 1, 0)
    assert refetched.report is not None
    assert refetched.report.detail.delivered == (bad,)  # type: ignore[union-attr]
    assert set(sink.orders_of(shop)) == {str(receipt) for receipt in placed}
    assert sink.quarantined_of(shop) == {}


def test_a_refetch_before_the_fix_sets_the_order_aside_again(clock: FakeClock) -> None:
    _, channel, placed = etsy_shop_with_a_bad_order(clock)
    runtime, sink, shop = runtime_for(channel, clock)
    run_job(NEW_ORDERS, shop, runtime)
    run = run_job(refetch_spec(str(placed[2]), str(placed[0])), shop, runtime)
    assert (run.ok, run.records, run.quarantined) == (True, 1, 1)
    assert run.report is not None
    assert run.report.detail.still_failing == (str(placed[2]),)  # type: ignore[union-attr]
    assert list(sink.quarantined_of(shop)) == [f"etsy/order/{placed[2]}"]


def test_without_a_quarantine_sink_the_job_raises_the_typed_error_and_keeps_its_cursor(
    clock: FakeClock,
) -> None:
    _, channel, _ = etsy_shop_with_a_bad_order(clock)
    store, delivered = MemoryCursorStore(), []
    with pytest.raises(RecordError):
        sync_orders(channel, store, delivered.extend, now=clock.now())
    assert store.load(CursorKey("etsy", channel.shop_id, "orders.updated")).watermark is None


# --- a record the marketplace's schema refuses: that record's error, not its page's -----------


def test_a_receipt_etsys_schema_refuses_is_set_aside_and_the_five_others_delivered(
    clock: FakeClock,
) -> None:
    sandbox = EtsySandbox.seeded(listings=3, orders=0, clock=clock, seed=5)
    listing = sandbox.add_listing("W-1", quantity=50)
    placed = []
    for _ in range(6):
        clock.advance(60)
        placed.append(sandbox.place_order(listing))
    bad = placed[2]
    odd = {"grandtotal": {"amount": "twelve", "divisor": 100, "currency_code": "EUR"}}
    transport = AlteringTransport(
        sandbox.transport(),
        ("/receipts", f"/receipts/{bad}"),
        etsy_record_altered("receipt_id", bad, **odd),
    )
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock, transport=transport)
    channel = EtsyChannel(client, sandbox.shop_id, clock=clock)
    runtime, sink, shop = runtime_for(channel, clock)

    runs = []
    for _ in range(3):
        clock.advance(300)
        runs.append(run_job(NEW_ORDERS, shop, runtime))

    assert [(run.ok, run.error) for run in runs] == [(True, None)] * 3
    assert (runs[0].records, runs[0].quarantined) == (5, 1)
    assert set(sink.orders_of(shop)) == {str(receipt) for receipt in placed} - {str(bad)}
    (item,) = sink.quarantined_of(shop).values()
    assert (item.key, item.error_type) == (f"etsy/order/{bad}", "ValidationError")
    assert "grandtotal.amount" in item.message
    assert isinstance(item.raw, dict)
    assert item.raw["receipt_id"] == bad
    assert secret_of(sandbox) not in item.model_dump_json()
    cursor = runtime.cursors.load(CursorKey("etsy", shop.shop_id, "orders.new"))
    assert cursor.watermark == clock.now()

    transport.active = False  # Etsy sends the receipt in its documented shape again
    refetched = run_job(refetch_spec(str(bad)), shop, runtime)
    assert (refetched.ok, refetched.records, refetched.quarantined) == (True, 1, 0)
    assert set(sink.orders_of(shop)) == {str(receipt) for receipt in placed}
    assert sink.quarantined_of(shop) == {}


def test_an_order_fnacs_schema_refuses_is_set_aside_and_the_five_others_delivered(
    clock: FakeClock,
) -> None:
    sandbox = FnacSandbox.seeded(offers=10, orders=0, clock=clock)
    placed = []
    for n in range(6):
        clock.advance(60)
        placed.append(sandbox.place_order([f"SKU-{n + 1:05d}"]).order_id)
    bad = placed[3]
    alter = xml_record_altered(
        "order", f">{bad}<", "<quantity>1</quantity>", "<quantity>one</quantity>"
    )
    transport = AlteringTransport(sandbox.transport(), "orders_query", alter)
    client = FnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=transport, clock=clock
    )
    runtime, sink, shop = runtime_for(FnacChannel(client), clock)

    runs = []
    for _ in range(3):
        clock.advance(300)
        runs.append(run_job(NEW_ORDERS, shop, runtime))

    assert [(run.ok, run.error) for run in runs] == [(True, None)] * 3
    assert (runs[0].records, runs[0].quarantined) == (5, 1)
    assert set(sink.orders_of(shop)) == set(placed) - {bad}
    (item,) = sink.quarantined_of(shop).values()
    assert (item.key, item.error_type) == (f"fnac/order/{bad}", "ValidationError")
    assert isinstance(item.raw, dict)
    assert "<quantity>one</quantity>" in item.raw["xml"]
    text = item.model_dump_json()
    assert sandbox.credentials.key not in text
    assert sandbox.credentials.partner_id not in text
    cursor = runtime.cursors.load(CursorKey("fnac", shop.shop_id, "orders.new"))
    assert cursor.watermark == clock.now()

    transport.active = False
    refetched = run_job(refetch_spec(bad), shop, runtime)
    assert (refetched.ok, refetched.records) == (True, 1)
    assert set(sink.orders_of(shop)) == set(placed)
    assert sink.quarantined_of(shop) == {}


# --- FNAC: an order without any date -----------------------------------------------------------

_DATES = re.compile(r"<(created_at|debited_at|received_at|refused_at)>[^<]*</\1>")


def without_dates(order_id: str) -> Callable[[bytes], bytes]:
    def alter(body: bytes) -> bytes:
        def strip(block: re.Match[str]) -> str:
            text = block.group(0)
            return _DATES.sub("", text) if f">{order_id}<" in text else text

        return re.sub(r"<order>.*?</order>", strip, body.decode(), flags=re.S).encode()

    return alter


def test_a_bad_fnac_order_is_set_aside_and_the_five_others_delivered_over_three_runs(
    clock: FakeClock,
) -> None:
    sandbox = FnacSandbox.seeded(offers=10, orders=0, clock=clock)
    placed = []
    for n in range(6):
        clock.advance(60)
        placed.append(sandbox.place_order([f"SKU-{n + 1:05d}"]).order_id)
    bad = placed[3]
    transport = AlteringTransport(sandbox.transport(), "orders_query", without_dates(bad))
    client = FnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=transport, clock=clock
    )
    channel = FnacChannel(client)
    runtime, sink, shop = runtime_for(channel, clock)

    runs = []
    for _ in range(3):
        clock.advance(300)
        runs.append(run_job(NEW_ORDERS, shop, runtime))

    assert [(run.ok, run.error) for run in runs] == [(True, None)] * 3
    assert (runs[0].records, runs[0].quarantined) == (5, 1)
    assert set(sink.orders_of(shop)) == set(placed) - {bad}
    (item,) = sink.quarantined_of(shop).values()
    assert (item.key, item.error_type) == (f"fnac/order/{bad}", "ValueError")
    assert "carries no date" in item.message
    text = item.model_dump_json()
    assert sandbox.credentials.key not in text
    assert sandbox.credentials.partner_id not in text
    assert isinstance(item.raw, dict)
    assert bad in str(item.raw)  # the order as FNAC sent it

    transport.active = False  # FNAC sends the order whole again
    refetched = run_job(refetch_spec(bad), shop, runtime)
    assert (refetched.ok, refetched.records) == (True, 1)
    assert set(sink.orders_of(shop)) == set(placed)
    assert sink.quarantined_of(shop) == {}


def test_acceptance_fails_the_order_it_cannot_read_and_decides_the_others(
    clock: FakeClock,
) -> None:
    sandbox = FnacSandbox.seeded(offers=10, orders=0, clock=clock)
    start = clock.now()
    placed = [sandbox.place_order([f"SKU-{n + 1:05d}"]).order_id for n in range(4)]
    transport = AlteringTransport(sandbox.transport(), "orders_query", without_dates(placed[1]))
    client = FnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=transport, clock=clock
    )
    clock.advance(60)
    report = accept_orders(FnacChannel(client), Window(start, clock.now()), stock=lambda sku: 100)
    assert report.failed == [placed[1]]
    assert "carries no date" in report.get(placed[1]).note
    assert sorted(report.accepted) == sorted(set(placed) - {placed[1]})
    assert report.get(placed[0]).decision is AcceptDecision.ACCEPTED


def test_a_cancellation_the_sdk_cannot_convert_is_set_aside(clock: FakeClock) -> None:
    sandbox = FnacSandbox.seeded(offers=10, orders=0, clock=clock)
    cancelled = []
    for n in range(3):
        order = sandbox.place_order([f"SKU-{n + 1:05d}"])
        sandbox.cancel_order(order.order_id)
        cancelled.append(order.order_id)
    transport = AlteringTransport(sandbox.transport(), "orders_query", without_dates(cancelled[1]))
    client = FnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=transport, clock=clock
    )
    channel = FnacChannel(client)
    clock.advance(60)
    applied: list[object] = []
    aside: list[object] = []
    report = sync_cancellations(
        channel, MemoryCursorStore(), applied.extend, now=clock.now(), quarantine=aside.extend
    )
    assert (report.records, report.quarantined) == (2, 1)
    assert [item.key for item in aside] == [f"fnac/cancellation/{cancelled[1]}"]  # type: ignore[attr-defined]


def test_a_product_the_sdk_cannot_convert_is_set_aside_and_the_import_finishes(
    clock: FakeClock,
) -> None:
    sandbox = FnacSandbox.seeded(offers=12, orders=0, clock=clock)
    sandbox.state.offers["SKU-00005"].quantity = -1
    client = FnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    )
    channel = FnacChannel(client)

    class NoCategories:
        marketplace, shop_id = channel.marketplace, channel.shop_id

        def iter_categories(self) -> list[object]:
            return []

        def get_category_attributes(self, category_id: str) -> list[object]:
            return []

        def iter_products(self, *, quarantine: object = None) -> object:
            return channel.iter_products(quarantine=quarantine)  # type: ignore[arg-type]

    products: list[object] = []
    aside: list[object] = []
    report = import_catalogue(
        NoCategories(),  # type: ignore[arg-type]
        categories_sink=lambda batch: None,
        products_sink=products.extend,
        store=MemoryCursorStore(),
        clock=clock,
        quarantine=aside.extend,
    )
    assert (report.records, report.quarantined) == (11, 1)
    assert [item.key for item in aside] == ["fnac/product/SKU-00005"]  # type: ignore[attr-defined]


# --- the sink's acknowledgement comes before the cursor save -----------------------------------


class Crash(BaseException):
    """The process dies (not an error any code path would catch)."""


class CrashingStore(MemoryCursorStore):
    """A cursor store whose process dies in the `crash_at`-th save, before it is written."""

    def __init__(self, crash_at: int | None) -> None:
        super().__init__()
        self.crash_at = crash_at
        self.saves = 0

    def save(self, key: CursorKey, state: CursorState) -> None:
        self.saves += 1
        if self.saves == self.crash_at:
            raise Crash(f"killed before save {self.saves}")
        super().save(key, state)


class RecordingSink:
    """The host: upserts orders and quarantine items, and notes what it had at each save."""

    def __init__(self) -> None:
        self.orders: dict[str, Order] = {}
        self.aside: dict[str, object] = {}
        self.received = 0

    def take_orders(self, batch: list[Order]) -> None:
        self.received += len(batch)
        for order in batch:
            known = self.orders.get(order.order_id)
            if known is None or order.updated_at >= known.updated_at:
                self.orders[order.order_id] = order

    def take_aside(self, batch: list[object]) -> None:
        for item in batch:
            self.aside[item.key] = item  # type: ignore[attr-defined]


@pytest.mark.parametrize("crash_at", [1, 2, 3, 4])
def test_a_crash_between_the_sinks_acknowledgement_and_the_cursor_save_delivers_again(
    clock: FakeClock, crash_at: int
) -> None:
    sandbox = EtsySandbox.seeded(listings=5, orders=0, clock=clock, seed=9)
    channel = make_channel(sandbox, clock)
    start = clock.now()
    listing = sandbox.add_listing("C-1", quantity=500)
    placed = []
    for _ in range(3 * 8):  # three days of orders
        clock.advance(3 * 3600)
        placed.append(sandbox.place_order(listing))
    sandbox.receipt(placed[10]).currency = "EURO"
    clock.advance(3600)
    expected = {str(receipt) for receipt in placed} - {str(placed[10])}
    key = CursorKey("etsy", channel.shop_id, "orders.updated")
    store, host = CrashingStore(crash_at), RecordingSink()
    # from a known watermark: the run catches up in four slices (three days and an hour)
    MemoryCursorStore.save(store, key, CursorState(watermark=start))
    now = clock.now()

    def run() -> None:
        sync_orders(
            channel,
            store,
            host.take_orders,
            now=now,
            lookback=timedelta(0),
            quarantine=host.take_aside,
        )

    with pytest.raises(Crash):
        run()
    # the crash came after the sink took the slice: what it holds is what the next run repeats
    acknowledged = dict(host.orders)
    assert acknowledged
    assert store.load(key).watermark < now  # type: ignore[operator]

    store.crash_at = None  # the process restarts
    run()
    assert set(host.orders) == expected  # nothing lost
    assert set(acknowledged) <= set(host.orders)
    assert host.received > len(expected)  # the slice cut by the crash came again, upserted
    assert list(host.aside) == [f"etsy/order/{placed[10]}"]
    assert store.load(key).watermark == now
