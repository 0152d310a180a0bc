"""The benchmarks still run: a tiny version of each, checked on structure and counts, not speed."""

from __future__ import annotations

import httpx
import pytest
from benchmarks import __main__ as runner
from benchmarks import catalogue_import, order_memory, order_parsing, sold_out, stock_push


def test_catalogue_import_reads_every_product_within_the_limits() -> None:
    figures = catalogue_import.run(size=300)

    assert [item.marketplace for item in figures] == ["Etsy", "FNAC"]
    for item in figures:
        assert len(item.runs) == 2  # the marketplace default and the seeds' preset
        for imported in item.runs:
            assert imported.products == 300
            assert imported.categories > 0
            assert imported.requests >= item.minimum
            assert sum(imported.by_operation.values()) == imported.requests
            assert imported.refused == 0
            assert imported.simulated_seconds >= imported.expected_wait.total_seconds()
        assert any("requests used" in line for line in item.lines())
    etsy = figures[0]
    assert etsy.allowed_per_second == 10
    assert all(imported.busiest_second <= 10 for imported in etsy.runs)
    assert etsy.runs[1].simulated_seconds > etsy.runs[0].simulated_seconds  # seeds are stricter


def test_busiest_second_counts_requests_within_one_second() -> None:
    assert catalogue_import.busiest_second([0.0, 0.5, 0.99, 1.0, 1.2, 5.0]) == 4
    assert catalogue_import.busiest_second([]) == 0


def test_stock_push_runs_on_a_few_skus(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(stock_push, "SKUS", 40)

    for figures in (stock_push.etsy_figures(), stock_push.fnac_figures()):
        assert figures.sent == 40
        assert figures.ok == 40
        assert figures.writes >= figures.minimum >= 1
        assert figures.lines()


def test_order_parsing_maps_every_order_of_each_page() -> None:
    figures = order_parsing.run(size=20, seconds=0.01)

    assert [item.marketplace for item in figures] == ["Etsy", "FNAC"]
    for item in figures:
        assert item.page_orders == 20
        assert item.orders == 20 * item.pages >= 20
        assert item.page_bytes > 0
        assert item.orders_per_second > 0
        assert len(item.lines()) == 3


def test_order_memory_streams_and_holds_the_orders_asked_for() -> None:
    figures = order_memory.run(size=250, held=120)

    assert figures.streamed.orders == 250
    assert figures.streamed_traced.orders == figures.held.orders == 120
    assert figures.streamed.requests >= 4  # the was_delivered pass and three pages of 100
    assert figures.streamed.traced_peak is None
    assert (figures.streamed_traced.traced_peak or 0) > 0
    assert (figures.held.traced_kept or 0) > (figures.streamed_traced.traced_kept or 0)
    assert len(figures.lines()) == 6


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
