"""Memory while streaming 10,000, 30,000 and 100,000 Etsy orders through `EtsyChannel.iter_orders`.

Seeding 100,000 receipts in the sandbox would take longer than the measurement, so the pages
come from a generated `getShopReceipts` stream served over a loopback socket (`ReceiptStream`
behind `LoopbackServer`): each receipt a copy of one of a page of 100 receipts the Etsy sandbox
rendered (transactions included) with its own id and timestamps, one modified per second. The
stream honours the window (`min_last_modified`/`max_last_modified`, bounds inclusive), `limit`
and `offset`, so the real client, its date-window paginator (which splits the window where
Etsy's 12,000 offset cap would bind and remembers the ids it has yielded) and the mapping to
`Order` are what is measured. The stream enforces no rate, so the client's limiter runs on a
`FakeClock`: memory, not time, is the figure here.

Each size is measured, not extrapolated: it runs in a fresh interpreter, and the figure is the
growth of that process's peak RSS (`ru_maxrss`) over the pass, every order taken and dropped as
a sync job hands pages to the host. Memory is flat across pages when 100,000 orders raise the
peak no more than 10,000 do (within 1 MB of noise).

Run with `python -m benchmarks memory`.
"""

from __future__ import annotations

import copy
import json
import resource
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from benchmarks._harness import Figure, median_figure, repeat, report
from benchmarks.order_parsing import etsy_page
from marketplace_sdk.core import FakeClock
from marketplace_sdk.etsy import EtsyChannel, EtsyClient, MemoryTokenStore, TokenPair
from marketplace_sdk.testing import LoopbackServer

__all__ = ["Pass", "ReceiptStream", "figures", "figures_of", "main", "measure"]

SIZES = (10_000, 30_000, 100_000)
SHOP_ID = 424242
_MB = 1024 * 1024
_START = datetime(2026, 1, 1, tzinfo=UTC)
#: Peak RSS growth this close to the smallest size's counts as flat (allocator noise).
FLAT_MB = 1.0


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
        """Answer one request (`getShopReceipts`, and an empty payment ledger)."""
        self.requests += 1
        if request.url.path.endswith("/payment-account/ledger-entries"):  # no refunds
            return httpx.Response(200, json={"count": 0, "results": []})
        if not request.url.path.endswith(f"/shops/{SHOP_ID}/receipts"):
            return httpx.Response(404, json={"error": "not served by this stream"})
        params = request.url.params
        if params.get("was_delivered") == "true" or params.get("was_canceled") == "true":
            # none delivered or cancelled: those passes find nothing
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


def _channel(url: str, clock: FakeClock) -> EtsyChannel:
    store = MemoryTokenStore(
        TokenPair(
            access_token="12345678.benchmark-access",
            refresh_token="12345678.benchmark-refresh",
            expires_at=clock.now() + timedelta(days=1),
        )
    )
    client = EtsyClient("benchmarkkeystring", "benchmarksecret", store, base_url=url, clock=clock)
    return EtsyChannel(client, SHOP_ID, clock=clock)


@dataclass(frozen=True)
class Pass:
    """One pass over a stream of `orders` orders."""

    orders: int
    requests: int
    rss_growth: int
    wall_seconds: float


def measure(size: int, receipts: list[dict[str, Any]] | None = None) -> Pass:
    """Stream `size` orders over loopback and measure this process's peak RSS growth."""
    receipts = receipts or templates()
    first = int(_START.timestamp())
    stream = ReceiptStream(receipts, size, first)
    clock = FakeClock(_START + timedelta(seconds=size + 60))
    since = _START - timedelta(seconds=1)
    until = _START + timedelta(seconds=size + 1)
    count = 0
    with LoopbackServer(stream) as server:
        channel = _channel(server.url, clock)
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        wall = time.perf_counter()
        for _ in channel.iter_orders(since, until):
            count += 1
        took = time.perf_counter() - wall
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return Pass(
        orders=count,
        requests=stream.requests,
        rss_growth=(rss_after - rss_before) * scale,
        wall_seconds=took,
    )


def _measured_apart(size: int) -> Pass:
    """`measure(size)` in a fresh interpreter, so no earlier pass sets the high-water mark."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.order_memory", "--size", str(size)],
        check=True,
        capture_output=True,
        text=True,
    )
    return Pass(**json.loads(done.stdout.strip().splitlines()[-1]))


def figures(passes: list[Pass]) -> list[Figure]:
    """Peak RSS growth per size, and whether it stays flat (one run of every size)."""
    return figures_of([passes])


def figures_of(runs: Sequence[list[Pass]]) -> list[Figure]:
    """Peak RSS growth per size (last run), and the median over `runs` of how much more the
    largest size grew than the smallest, each difference taken within its own run."""
    passes = runs[-1]
    smallest, largest = passes[0], passes[-1]
    return [
        Figure(
            "peak RSS growth streaming",
            ", ".join(
                f"{item.rss_growth / _MB:.1f} MB at {item.orders:,} "
                f"({item.requests} requests, {item.orders / item.wall_seconds:,.0f} orders/s)"
                for item in passes
            ),
        ),
        median_figure(
            f"memory flat across pages ({largest.orders:,} vs {smallest.orders:,} orders)",
            runs,
            lambda run: (run[-1].rss_growth - run[0].rss_growth) / _MB,
            "{:+.1f} MB",
            goal=f"<= +{FLAT_MB:g} MB",
            passes=lambda value: value <= FLAT_MB,
        ),
    ]


def main() -> None:
    """Print the memory figures, each size measured in its own interpreter."""
    if sys.argv[1:2] == ["--size"]:
        print(json.dumps(asdict(measure(int(sys.argv[2])))))
        return
    report(
        "memory streaming Etsy orders through the real client, paginator and mapping "
        "(generated pages over loopback; every size measured, none extrapolated)",
        figures_of(repeat(lambda: [_measured_apart(size) for size in SIZES])),
    )


if __name__ == "__main__":
    main()
