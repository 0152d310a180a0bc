"""The test harness itself: the loopback server's cost per request, the sandbox's listing pages.

Every other benchmark runs over `LoopbackServer` against a sandbox, so neither may decide a
figure: the server must add well under the 100 ms a request may take at Etsy's 10 requests per
second, and a sandbox page must cost the same whatever the shop's size.

- Loopback round trip: sequential GETs on one keep-alive connection (httpx, as the SDK sends
  them) to an app that answers a small JSON body at once; the median round trip is the server's
  and the socket's cost per request.
- Etsy listing pages: `getListingsByShop` pages of 100 (`state=active`, inventory and images
  included) served in process by shops of 100, 1,000 and 10,000 listings; the median time per
  page, and the largest shop's time over the smallest's (1.0 when a page's cost does not grow
  with the shop).

Each figure is the median of 3 runs (`--quick`: 1); the page growth is taken within each run.

Run with `python -m benchmarks loopback`.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import httpx

from benchmarks._harness import Figure, median, median_figure, repeat, report, spread
from marketplace_sdk.core import FakeClock
from marketplace_sdk.etsy import EtsyClient, MemoryTokenStore, start_authorization
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.testing import LoopbackServer

__all__ = ["HarnessRun", "listing_page_ms", "main", "measure", "round_trip_ms", "run"]

ROUND_TRIPS = 300
SHOPS = (100, 1_000, 10_000)
PAGES = 10


def _answer(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, json={"ok": True, "path": request.url.path})


def round_trip_ms(count: int = ROUND_TRIPS) -> float:
    """Median milliseconds of one GET over a keep-alive loopback connection."""
    samples: list[float] = []
    with LoopbackServer(_answer) as server, httpx.Client(base_url=server.url) as client:
        client.get("/warm-up")
        for number in range(count):
            started = time.perf_counter()
            client.get(f"/ping/{number}")
            samples.append((time.perf_counter() - started) * 1000)
    return median(samples)


class _Timed(httpx.BaseTransport):
    """Times the sandbox's own handling of each request (no client work included)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        self.samples: list[float] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = self.inner.handle_request(request)
        response.read()
        self.samples.append((time.perf_counter() - started) * 1000)
        return response


def listing_page_ms(listings: int, pages: int = PAGES) -> float:
    """Median milliseconds the Etsy sandbox takes to serve one page of 100 active listings."""
    clock = FakeClock()
    sandbox = EtsySandbox.seeded(listings=listings, orders=0, duplicate_skus=0, seed=3, clock=clock)
    for listing in sandbox.world.listings.values():
        listing.state = "active"
    timed = _Timed(sandbox.transport())
    client = EtsyClient(
        sandbox.keystring,
        sandbox.app.shared_secret,
        MemoryTokenStore(),
        transport=timed,
        clock=clock,
    )
    flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])
    client.connect(flow, sandbox.approve_consent(flow.url))
    last = max(0, listings - 100)
    timed.samples.clear()
    for number in range(pages):
        offset = (number * 100) % (last + 1) if last else 0
        clock.advance(1)
        client.get_listings_by_shop(
            sandbox.shop_id,
            state="active",
            limit=100,
            offset=offset,
            includes=["Inventory", "Images"],
        )
    return median(timed.samples)


@dataclass(frozen=True)
class HarnessRun:
    """One run: the median round trip, and the median page time at each shop size."""

    trip_ms: float
    page_ms: dict[int, float]

    @property
    def growth(self) -> float:
        """The largest shop's page time over the smallest's."""
        return self.page_ms[max(self.page_ms)] / self.page_ms[min(self.page_ms)]


def measure(
    count: int = ROUND_TRIPS, shops: Sequence[int] = SHOPS, pages: int = PAGES
) -> HarnessRun:
    """One run of the harness's measurements."""
    return HarnessRun(round_trip_ms(count), {size: listing_page_ms(size, pages) for size in shops})


def run(
    count: int = ROUND_TRIPS,
    shops: Sequence[int] = SHOPS,
    pages: int = PAGES,
    repeats: int | None = None,
) -> list[Figure]:
    """The harness's figures: medians over `repeats` runs (`runs()` by default)."""
    results = repeat(lambda: measure(count, shops, pages), repeats)

    def page_ms(size: int) -> float:
        return spread(results, lambda result: result.page_ms[size]).median

    pages_shown = ", ".join(f"{page_ms(size):.1f} ms at {size:,} listings" for size in shops)
    return [
        median_figure(
            "loopback round trip per request",
            results,
            lambda result: result.trip_ms,
            "{:.2f} ms",
            goal="<= 2 ms: a small share of the 100 ms between two Etsy requests",
            passes=lambda value: value <= 2.0,
            detail=f"each the median of {count}",
        ),
        median_figure(
            f"Etsy sandbox listing page, {max(shops):,} vs {min(shops):,} listings",
            results,
            lambda result: result.growth,
            "{:.2f}x",
            goal="page cost flat in the shop's size (<= 2x)",
            passes=lambda value: value <= 2.0,
            detail=pages_shown,
        ),
    ]


def main() -> None:
    """Print the harness's figures."""
    report("loopback server and sandbox pages", run())


if __name__ == "__main__":
    main()
