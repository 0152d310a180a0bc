"""Peak memory while iterating 100,000 Etsy orders through `EtsyChannel.iter_orders`.

Seeding 100,000 receipts in the sandbox would take longer than the measurement, so the pages
come from an `httpx.MockTransport` that generates `getShopReceipts` answers on the fly: 100,000
receipts, one modified per second, each a copy of one of a page of 100 receipts the Etsy sandbox
rendered (transactions included) with its own id and timestamps. The transport honours the
window (`min_last_modified`/`max_last_modified`, bounds inclusive), `limit` and `offset`, so the
real client, its date-window paginator (which splits the window where Etsy's 12,000 offset cap
would bind and remembers the ids it has yielded), its rate limiter (on a `FakeClock`) and the
mapping to `Order` are what is measured.

Three passes, the full-size one first (peak RSS only shows growth past the high-water mark
already reached):

- streamed, 100,000 orders: every order is taken and dropped, as a sync job hands pages to the
  host; measured as the growth of the process's peak RSS (`resource.getrusage(...).ru_maxrss`)
  and wall time, without tracemalloc, which slows this allocation-heavy code several times over;
- streamed under tracemalloc, 10,000 orders: tracemalloc's peak of Python allocations above
  the pass's start, per 1,000 orders;
- held under tracemalloc, 10,000 orders kept in a list, extrapolated to 100,000 linearly (an
  order held costs the same whatever the number of others held).

Run with `python -m benchmarks memory`.
"""

from __future__ import annotations

import copy
import json
import resource
import sys
import time
import tracemalloc
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from benchmarks.order_parsing import etsy_page
from marketplace_sdk import Order
from marketplace_sdk.core import FakeClock
from marketplace_sdk.etsy import EtsyChannel, EtsyClient, MemoryTokenStore, TokenPair

__all__ = ["MemoryFigures", "ReceiptStream", "main", "run"]

SIZE = 100_000
HELD = 10_000
SHOP_ID = 424242
_MB = 1024 * 1024
_START = datetime(2026, 1, 1, tzinfo=UTC)


class ReceiptStream:
    """`getShopReceipts` answers for `size` generated receipts, one modified per second.

    Receipt `i` (0-based) is modified at `first + i` seconds and copies `templates[i % n]`.
    """

    def __init__(self, templates: list[dict[str, Any]], size: int, first: int) -> None:
        self.templates = templates
        self.size = size
        self.first = first
        self.requests = 0
        self.served = 0

    def receipt(self, index: int) -> dict[str, Any]:
        """Receipt number `index`, with its own id and timestamps."""
        body = dict(self.templates[index % len(self.templates)])
        modified = self.first + index
        body["receipt_id"] = 10_000_000_000 + index
        for name in ("create_timestamp", "created_timestamp"):
            body[name] = modified - 3600
        for name in ("update_timestamp", "updated_timestamp"):
            body[name] = modified
        return body

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (only `getShopReceipts` is served)."""
        self.requests += 1
        if not request.url.path.endswith(f"/shops/{SHOP_ID}/receipts"):
            return httpx.Response(404, json={"error": "not served by this stream"})
        params = request.url.params
        if params.get("was_delivered") == "true":  # none delivered: the pass finds nothing
            return httpx.Response(200, json={"count": 0, "results": []})
        lo = max(0, int(params.get("min_last_modified", self.first)) - self.first)
        hi = min(self.size - 1, int(params.get("max_last_modified", 0)) - self.first)
        count = max(0, hi - lo + 1)
        offset, limit = int(params.get("offset", 0)), int(params.get("limit", 25))
        start = lo + offset
        stop = min(hi + 1, start + limit)
        results = [self.receipt(index) for index in range(start, stop)]
        self.served += len(results)
        body = json.dumps({"count": count, "results": results}).encode()
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})


def templates() -> list[dict[str, Any]]:
    """A page of receipts as the Etsy sandbox renders them."""
    page: dict[str, Any] = json.loads(etsy_page().content)
    return [copy.deepcopy(receipt) for receipt in page["results"]]


def _channel(stream: ReceiptStream, clock: FakeClock) -> EtsyChannel:
    store = MemoryTokenStore(
        TokenPair(
            access_token="12345678.benchmark-access",
            refresh_token="12345678.benchmark-refresh",
            expires_at=clock.now() + timedelta(days=1),
        )
    )
    client = EtsyClient(
        "benchmarkkeystring",
        "benchmarksecret",
        store,
        transport=httpx.MockTransport(stream),
        clock=clock,
    )
    return EtsyChannel(client, SHOP_ID, clock=clock)


@dataclass(frozen=True)
class Pass:
    """One pass over a stream of orders (`traced_*` are None when tracemalloc was off)."""

    orders: int
    requests: int
    traced_peak: int | None
    traced_kept: int | None
    rss_growth: int
    wall_seconds: float


def _iterate(
    size: int, receipts: list[dict[str, Any]], *, hold: bool, traced: bool
) -> tuple[Pass, list[Order]]:
    first = int(_START.timestamp())
    stream = ReceiptStream(receipts, size, first)
    clock = FakeClock(_START + timedelta(seconds=size + 60))
    channel = _channel(stream, clock)
    since = _START - timedelta(seconds=1)
    until = _START + timedelta(seconds=size + 1)
    held: list[Order] = []
    count = 0
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    already = tracemalloc.is_tracing()  # someone else's trace is left running
    if traced:
        if not already:
            tracemalloc.start()
        tracemalloc.reset_peak()
        base, _ = tracemalloc.get_traced_memory()
    wall = time.perf_counter()
    for order in channel.iter_orders(since, until):
        count += 1
        if hold:
            held.append(order)
    took = time.perf_counter() - wall
    peak = kept = None
    if traced:
        now, high = tracemalloc.get_traced_memory()
        peak, kept = high - base, now - base
        if not already:
            tracemalloc.stop()
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    figures = Pass(
        orders=count,
        requests=stream.requests,
        traced_peak=peak,
        traced_kept=kept,
        rss_growth=(rss_after - rss_before) * scale,
        wall_seconds=took,
    )
    return figures, held


def _mb(value: int | None) -> float:
    return (value or 0) / _MB


@dataclass(frozen=True)
class MemoryFigures:
    """Memory for iterating orders: streamed at full size, streamed and held under trace."""

    streamed: Pass
    streamed_traced: Pass
    held: Pass
    page_bytes: int

    def per_thousand_streamed(self) -> float:
        """Peak traced MB per 1,000 orders streamed."""
        return _mb(self.streamed_traced.traced_peak) / (self.streamed_traced.orders / 1000)

    def per_thousand_held(self) -> float:
        """Traced MB per 1,000 orders held in a list."""
        return _mb(self.held.traced_kept) / (self.held.orders / 1000)

    def lines(self) -> list[str]:
        """The figures as printable lines."""
        full, traced, held = self.streamed, self.streamed_traced, self.held
        extrapolated = self.per_thousand_held() * full.orders / 1000
        return [
            f"Etsy iter_orders over generated getShopReceipts pages "
            f"(~{self.page_bytes / 1024:,.0f} KiB of JSON a page of 100)",
            f"  streamed {full.orders:,} orders in {full.requests} requests, "
            f"{full.wall_seconds:.1f} s wall ({full.orders / full.wall_seconds:,.0f} orders/s), "
            f"no trace: peak RSS growth {_mb(full.rss_growth):.1f} MB",
            f"  streamed {traced.orders:,} orders under tracemalloc: peak "
            f"{_mb(traced.traced_peak):.1f} MB, left after the pass "
            f"{_mb(traced.traced_kept):.1f} MB",
            f"  held {held.orders:,} orders in a list under tracemalloc: "
            f"{_mb(held.traced_kept):.1f} MB kept (peak {_mb(held.traced_peak):.1f} MB), "
            f"peak RSS growth {_mb(held.rss_growth):.1f} MB",
            f"  MB per 1,000 orders: streamed {self.per_thousand_streamed():.3f} "
            f"(traced peak / orders), held {self.per_thousand_held():.2f}",
            f"  holding {full.orders:,} would take ~{extrapolated:,.0f} MB (extrapolated from "
            f"{held.orders:,} held); streaming them raised peak RSS by "
            f"{_mb(full.rss_growth):.1f} MB",
        ]


def run(size: int = SIZE, held: int = HELD) -> MemoryFigures:
    """Stream `size` orders (RSS only), then stream and hold `held` orders under tracemalloc.

    tracemalloc slows allocation-heavy code several times over, so the full-size pass runs
    without it and shows the memory it needs as the growth of the process's peak RSS.
    """
    receipts = templates()
    page_bytes = len(json.dumps({"count": size, "results": receipts}).encode())
    streamed, _ = _iterate(size, receipts, hold=False, traced=False)
    streamed_traced, _ = _iterate(held, receipts, hold=False, traced=True)
    holding, kept = _iterate(held, receipts, hold=True, traced=True)
    del kept
    return MemoryFigures(
        streamed=streamed, streamed_traced=streamed_traced, held=holding, page_bytes=page_bytes
    )


def main() -> None:
    """Print the memory figures."""
    print(
        f"memory iterating {SIZE:,} orders through the real Etsy client, paginator and mapping "
        f"(generated pages; tracemalloc figures on {HELD:,}, held figures extrapolated)"
    )
    for line in run().lines():
        print(line)


if __name__ == "__main__":
    main()
