"""The benchmarks still run: a tiny version of each, over loopback on a `FakeClock`.

Checked on structure and the sandbox's counts, never on time: the figures' PASS or FAIL marks
depend on the machine, so no test reads them.
"""

from __future__ import annotations

import httpx
import pytest
from benchmarks import __main__ as runner
from benchmarks import (
    catalogue_import,
    fnac_push,
    loopback,
    mirakl_memory,
    mirakl_parsing,
    mirakl_push,
    order_memory,
    order_parsing,
    peers,
    sold_out,
    stock_latency,
    stock_push,
)
from benchmarks._harness import RUNS_ENV, Figure, median, median_figure, repeat, runs

from marketplace_sdk.core import FakeClock


def _marked(figures: list[Figure]) -> None:
    assert figures
    for figure in figures:
        assert figure.mark in {"PASS", "FAIL", "INFO"}
        assert figure.name in figure.line()


def test_a_figure_shows_its_goal_and_mark() -> None:
    met = Figure("requests", "12", "<= 13", True)
    missed = Figure("requests", "14", "<= 13", False)

    assert met.line() == "  PASS  requests: 12  [goal: <= 13]"
    assert missed.mark == "FAIL"
    assert Figure("context", "1").mark == "INFO"
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert median([4.0, 1.0, 2.0, 3.0]) == 2.5


def test_loopback_measures_the_round_trip_and_the_sandbox_pages() -> None:
    _marked(loopback.run(count=3, shops=(100, 200), pages=2))


def test_stock_push_counts_the_sandbox_calls_cold_and_warm() -> None:
    cold, warm, shop = stock_push.etsy_push(listings=12, shop=150, clock=FakeClock())

    assert shop == 150
    for run in (cold, warm):
        assert run.listings == 12
        assert run.ok == run.skus >= 12
        assert run.requests["updateListingInventory"] >= 12
        assert run.refused == 0  # the limiter and the sandbox share the fake clock
    assert cold.requests["getListingsByShop"] >= 1  # the cold push learns the shop
    assert "getListingsByShop" not in warm.requests
    _marked(stock_push.figures(cold, warm, shop))


def test_stock_push_writes_every_listing_of_a_duplicated_sku_and_no_more() -> None:
    _, plain, _ = stock_push.etsy_push(listings=12, shop=150, clock=FakeClock())
    _, twins, _ = stock_push.etsy_push(listings=12, shop=150, clock=FakeClock(), duplicate_skus=5)

    assert (plain.ok, twins.ok) == (plain.skus, twins.skus)
    # Each duplicated SKU among the 12 listings pushed is written to its second listing too.
    assert plain.requests == {"getListingsInventoryByListingIds": 1, "updateListingInventory": 12}
    assert twins.requests == {"getListingsInventoryByListingIds": 1, "updateListingInventory": 15}


def test_catalogue_import_reads_every_listing_over_loopback() -> None:
    run = catalogue_import.etsy_import(size=250, clock=FakeClock())

    assert run.products == 250
    assert run.categories > 0
    assert run.requests["getListingsByShop"] >= 3
    assert run.refused == 0
    _marked(catalogue_import.figures(run))


def test_fast_forward_clock_skips_only_long_waits() -> None:
    clock = catalogue_import.FastForwardClock(threshold=10)
    before = clock.monotonic()

    clock.sleep(900)

    assert clock.skipped == 900
    assert clock.monotonic() - before >= 900


def test_fnac_push_sends_stock_and_price_and_times_both_sides() -> None:
    run = fnac_push.fnac_push(offers=30, clock=FakeClock())

    assert run.offers == 30
    assert run.ok == 60  # a stock and a price for each offer
    assert run.requests["offers_update"] >= 1
    assert run.sdk_cpu > 0
    assert run.sandbox_cpu > 0
    _marked(fnac_push.figures(run))


def test_order_parsing_maps_every_order_of_each_page() -> None:
    figures = order_parsing.run(size=20, seconds=0.01)

    assert [item.marketplace for item in figures] == ["Etsy", "FNAC"]
    for item in figures:
        assert item.page_orders == 20
        assert item.orders == 20 * item.pages >= 20
        assert item.page_bytes > 0
        assert item.orders_per_second > 0
        assert item.raw_seconds > 0
        _marked(item.figures())


def test_order_memory_streams_the_orders_asked_for() -> None:
    small = order_memory.measure(250)
    larger = order_memory.measure(400)

    assert small.orders == 250
    assert larger.orders == 400
    assert small.requests >= 4  # the was_delivered pass and three pages of 100
    _marked(order_memory.figures([small, larger]))


def test_receipt_stream_honours_the_window_and_paging() -> None:
    stream = order_memory.ReceiptStream([{"receipt_id": 1, "grandtotal": None}], 10, 1_000)
    path = f"https://openapi.etsy.com/v3/application/shops/{order_memory.SHOP_ID}/receipts"
    params = {"min_last_modified": 1_003, "max_last_modified": 1_100, "offset": 2, "limit": 5}
    request = httpx.Request("GET", path, params=params)

    body = stream(request).json()

    assert body["count"] == 7  # receipts 3 to 9
    assert [receipt["receipt_id"] for receipt in body["results"]] == [
        10_000_000_005 + n for n in range(5)
    ]


def test_the_runner_names_each_benchmark_and_the_machine() -> None:
    assert runner.resolve("catalogue") == "benchmarks.catalogue_import"
    assert runner.resolve("stock_push") == "benchmarks.stock_push"
    assert runner.resolve("fnac") == "benchmarks.fnac_push"
    assert "CPUs" in runner.machine()
    with pytest.raises(SystemExit, match="unknown benchmark"):
        runner.resolve("nonsense")


def test_sold_out_listings_go_off_sale_without_a_refused_write() -> None:
    figures = sold_out.run(listings=60, share=0.2)

    assert figures.sold_out == 12
    assert figures.refused == 0
    assert figures.still_on_sale == 0
    assert figures.back_on_sale + figures.restock_refused >= 1
    assert figures.lines()


def test_each_figure_is_the_median_of_its_runs_ratios_taken_per_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(RUNS_ENV, raising=False)
    sizes = iter([(9, 10), (30, 20), (10, 10)])  # ratios 0.9, 1.5, 1.0

    results = repeat(lambda: next(sizes))
    figure = median_figure(
        "ratio", results, lambda r: r[0] / r[1], "{:.2f}", goal="<= 1", passes=lambda v: v <= 1
    )

    assert runs() == 3
    assert len(results) == 3
    assert figure.value == "1.00 (median of 3 runs: 0.90, 1.50, 1.00)"
    assert figure.mark == "PASS"  # the median of the ratios, not the ratio of the medians
    assert median_figure("ratio", results[:1], lambda r: r[0] / r[1]).value == "0.900"


def test_quick_runs_each_benchmark_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(RUNS_ENV, raising=False)

    assert runner._take_runs(["--quick", "stock"]) == ["stock"]
    assert runs() == 1
    assert runner._take_runs(["--runs", "5"]) == []
    assert runs() == 5
    monkeypatch.setenv(RUNS_ENV, "none")
    with pytest.raises(SystemExit, match="whole number"):
        runs()
    assert runner.resolve("latency") == "benchmarks.stock_latency"
    assert runner.resolve("peers") == "benchmarks.peers"
    assert runner.resolve("mirakl_parsing") == "benchmarks.mirakl_parsing"
    assert runner.resolve("mirakl_push") == "benchmarks.mirakl_push"
    assert runner.resolve("mirakl_latency") == "benchmarks.mirakl_latency"


def test_sold_out_figures_show_every_shop() -> None:
    results = [sold_out.run(listings=60, share=0.2, seed=seed) for seed in (13, 14)]

    _marked(sold_out.figures(results))


def test_stock_latency_waves_never_change_a_sku_still_waiting() -> None:
    waves = stock_latency.Waves([["A-1", "A-2"], ["B-1"], ["C-1"]], seed=3)

    first = waves.next(lambda sku: False)
    second = waves.next(lambda sku: sku in first)

    assert first
    assert not set(first) & set(second)
    assert all(1 <= quantity <= 40 for quantity in (*first.values(), *second.values()))
    assert stock_latency.percentile([3.0, 1.0, 2.0], 0.99) == 3.0
    assert stock_latency.percentile([3.0, 1.0, 2.0], 0.5) == 2.0


def test_peers_table_marks_a_missing_peer_and_counts_the_sdk() -> None:
    sdk = peers.TaskRun("push stock", "marketplace-sdk", 12, 0, 1.3, 10, 10)
    missing = peers.TaskRun("push stock", "etsyv3 0.0.7", 0, 0, 0.0, 0, 0, "not installed")

    lines = peers.table([[sdk, missing]])

    assert "1.08x" in lines[1]
    assert "10/10" in lines[1]
    assert "not installed" in lines[2]


def test_mirakl_parsing_maps_every_order_of_an_or11_page() -> None:
    run = mirakl_parsing.measure(size=20, seconds=0.01)

    assert run.page_orders == 20
    assert run.orders == 20 * run.pages >= 20
    assert run.page_bytes > 0
    assert run.raw_seconds > 0
    _marked(mirakl_parsing.figures_of([run]))


def test_mirakl_memory_streams_the_orders_asked_for() -> None:
    templates = mirakl_memory.templates()
    small = mirakl_memory.measure(250, templates)
    larger = mirakl_memory.measure(420, templates)

    assert small.orders == 250
    assert larger.orders == 420
    assert larger.requests >= 5  # OR11 pages of 100
    _marked(mirakl_memory.figures_of([[small, larger]]))


def test_or11_stream_honours_the_update_window_and_offset_pages() -> None:
    start = mirakl_memory._START
    stream = mirakl_memory.OrderStream([{"order_id": "X", "order_lines": [{}]}], 10, start)
    params = {
        "start_update_date": "2026-01-01T00:00:03Z",
        "end_update_date": "2026-01-01T00:01:00Z",
        "offset": "2",
        "max": "5",
    }
    request = httpx.Request("GET", "https://acme.mirakl.net/api/orders", params=params)

    body = stream(request).json()

    assert body["total_count"] == 7  # orders 3 to 9
    assert [order["order_id"] for order in body["orders"]] == [
        f"{9100000005 + n}-A" for n in range(5)
    ]
    assert body["orders"][0]["order_lines"][0]["order_line_id"] == "9100000005-A-1"


def test_mirakl_push_counts_every_call_of_the_one_import() -> None:
    run = mirakl_push.mirakl_push(offers=250, clock=FakeClock())

    assert run.offers == run.ok == 250
    assert run.requests["OF21"] >= 3  # one pass over the shop, 100 offers a page
    assert run.imports == 1
    assert 1 <= run.requests["OF02"] <= run.poll_bound
    assert run.refused == 0  # the sandbox's frequencies and the limiter share the fake clock
    assert run.sdk_cpu > 0
    assert run.sandbox_cpu > 0
    _marked(mirakl_push.figures(run))
