"""Mirakl order parsing rate: OR11 pages to canonical `Order`s, against the raw decode.

The payload is a real OR11 page of 100 orders served by `MiraklSandbox` (a generated shop:
lines, customers, and refunds or cancellations where the orders have them), recorded once
through the seller client, then read over and over as the channel's `iter_orders` reads it:
the endpoint's own parser (`list_order_documents(...).parse`: the page decoded once, each order
checked and dumped as its wire model would, without building it), then each order mapped
straight to `Order` by `document_to_canonical` (`mirakl._mapping.fast`, the validating
`order_to_canonical` its fallback in doubt). The figures are orders taken
from wire bytes to canonical `Order`s per second, and how many times slower than `json.loads`
of the same bytes that is, each ratio taken within one run. They are measured as
`benchmarks.order_parsing` measures Etsy and FNAC (its `measure`): each stage timed by this
thread's CPU time (the machine may be shared; wall time is shown beside), the raw decode of the
same page in the same loop, right before the SDK's stages, with the collector paused during the
decode only, and the setup's garbage collected before timing starts.

Goals, issue 14's for Etsy and FNAC held for Mirakl too: at least 20,000 orders/s, at most 3x
the raw decode of the same bytes.

Run with `python -m benchmarks mirakl_parsing`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime

import httpx

from benchmarks._harness import Figure, median_figure, repeat, report
from benchmarks.order_parsing import ParsingFigures, RecordingTransport
from benchmarks.order_parsing import measure as measure_parsing
from marketplace_sdk.core import FakeClock
from marketplace_sdk.mirakl import MiraklSellerClient
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._endpoints import OrderDocument
from marketplace_sdk.mirakl._mapping.fast import document_to_canonical
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed

__all__ = ["MiraklParsing", "figures_of", "main", "measure", "or11_page"]

PAGE = 100
SECONDS = 4.0
BASE_URL = "https://acme-dev.mirakl.net"
_START = datetime(2026, 1, 1, tzinfo=UTC)


def _copy(response: httpx.Response) -> httpx.Response:
    return httpx.Response(
        response.status_code,
        headers=response.headers,
        content=response.content,
        request=response.request,
    )


def or11_page(size: int = PAGE) -> httpx.Response:
    """An OR11 answer of `size` orders (at most 100), served by a generated Mirakl shop."""
    clock = FakeClock(_START)
    shop = ShopSeed.generated(clock.now(), offers=200, orders=max(size, PAGE), seed=5)
    sandbox = MiraklSandbox(clock=clock, shop=shop)
    recorder = RecordingTransport(sandbox.transport())
    with MiraklSellerClient(
        sandbox.api_key, base_url=BASE_URL, transport=recorder, clock=clock
    ) as client:
        page = client.call(endpoints.list_orders(limit=min(size, PAGE)))
    if len(page.items) != min(size, PAGE):
        raise RuntimeError(f"the sandbox served {len(page.items)} orders, not {size}")
    return _copy(recorder.responses[-1])


def _records(response: httpx.Response) -> Sequence[OrderDocument]:
    return endpoints.list_order_documents().parse(response).items


#: One run's figures (`benchmarks.order_parsing.ParsingFigures`).
MiraklParsing = ParsingFigures


def measure(size: int = PAGE, seconds: float = SECONDS) -> MiraklParsing:
    """Parse an OR11 page and map its orders again and again, for at least `seconds` of CPU."""
    return measure_parsing(
        "Mirakl", "OR11 JSON", or11_page(size), _records, document_to_canonical, seconds, json.loads
    )


def figures_of(runs: Sequence[MiraklParsing]) -> list[Figure]:
    """The parsing rate as the median over `runs`, every ratio taken within its run."""
    last = runs[-1]
    return [
        median_figure(
            "Mirakl: canonical orders/s",
            runs,
            lambda run: run.orders_per_second,
            "{:,.0f}",
            goal=">= 20,000",
            passes=lambda value: value >= 20_000,
            detail=(
                f"OR11 JSON, {last.page_orders} orders a page "
                f"({last.page_bytes / 1024:,.0f} KiB), {last.orders:,} orders in the last run; "
                f"wire to dump {last.parse_seconds / last.seconds:.0%}, dump to Order "
                f"{last.map_seconds / last.seconds:.0%}; CPU time, wall "
                f"{last.wall_per_second:,.0f}/s"
            ),
        ),
        median_figure(
            "Mirakl: times slower than json.loads of the same bytes",
            runs,
            lambda run: run.times_raw,
            "{:.1f}x",
            goal="<= 3x",
            passes=lambda value: value <= 3.0,
            detail=f"raw {last.raw_per_second:,.0f} orders/s in the last run",
        ),
    ]


def main() -> None:
    """Print the parsing figures."""
    report(
        f"Mirakl order parsing, OR11 pages of {PAGE} orders to canonical Orders, "
        f"~{SECONDS:.0f} s a run (the page the sandbox serves, recorded once; parsing is "
        "CPU only, timed by CPU time, the raw decode beside it on the same page)",
        figures_of(repeat(measure)),
    )


if __name__ == "__main__":
    main()
