"""Memory while streaming 10,000, 30,000 and 100,000 Mirakl orders through OR11 pages.

Seeding 100,000 orders in the sandbox would take longer than the measurement, so the pages
come from a generated OR11 stream served over a loopback socket (`OrderStream` behind
`LoopbackServer`): each order a copy of one of a page of 100 orders `MiraklSandbox` rendered,
with its own id, line ids and dates, one updated per second. The stream honours OR11's update
window (`start_update_date`/`end_update_date`), `offset`, `max` (100 at most) and
`total_count`, so the real channel (`MiraklChannel.iter_orders`: its OR11 poll, offset pages
and de-duplication of order versions) and the mapping to `Order` are what is measured. The
stream enforces no call frequency, so the client's limiter runs on a `FakeClock`: memory, not
time, is the figure here.

Each size runs in a fresh interpreter; the figure is the growth of that process's peak RSS
(`ru_maxrss`) over the pass, every order taken and dropped as a sync job hands pages to the
host. Goal, issue 14's for Etsy held for Mirakl: memory flat across pages, 100,000 orders
raising the peak no more than 10,000 do (within 1 MB of noise).

Run with `python -m benchmarks mirakl_memory`.
"""

from __future__ import annotations

import copy
import json
import math
import resource
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from benchmarks._harness import Figure, median_figure, repeat, report
from benchmarks.mirakl_parsing import or11_page
from marketplace_sdk import Order
from marketplace_sdk.core import FakeClock
from marketplace_sdk.mirakl import MiraklChannel, MiraklSellerClient
from marketplace_sdk.testing import LoopbackServer

__all__ = ["MemoryPass", "OrderStream", "figures_of", "main", "measure", "templates"]

SIZES = (10_000, 30_000, 100_000)
FLAT_MB = 1.0
SHOP_ID = 2000
_MB = 1024 * 1024
_START = datetime(2026, 1, 1, tzinfo=UTC)


def _stamp(value: datetime) -> str:
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _date(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


class OrderStream:
    """OR11 answers for `size` generated orders, order `i` updated at `first + i` seconds."""

    def __init__(self, templates: list[dict[str, Any]], size: int, first: datetime) -> None:
        self.templates = templates
        self.size = size
        self.first = first
        self.requests = 0
        self.served = 0

    def order(self, index: int) -> dict[str, Any]:
        """Order number `index`, with its own id, line ids and dates."""
        template = self.templates[index % len(self.templates)]
        body = dict(template)
        order_id = f"{9100000000 + index}-A"
        updated = self.first + timedelta(seconds=index)
        body["order_id"] = order_id
        body["commercial_id"] = str(9100000000 + index)
        body["created_date"] = _stamp(updated - timedelta(hours=1))
        body["last_updated_date"] = _stamp(updated)
        body["order_lines"] = [
            {**line, "order_line_id": f"{order_id}-{number}"}
            for number, line in enumerate(template.get("order_lines", []), start=1)
        ]
        return body

    def _index(self, value: str | None, default: int) -> int:
        if value is None:
            return default
        return math.ceil((_date(value) - self.first).total_seconds())

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """Answer one OR11 request (anything else is not served)."""
        self.requests += 1
        if request.url.path != "/api/orders" or request.method != "GET":
            return httpx.Response(404, json={"status": 404, "message": "not served"})
        params = request.url.params
        lo = max(0, self._index(params.get("start_update_date"), 0))
        hi = min(self.size, self._index(params.get("end_update_date"), self.size))
        count = max(0, hi - lo)
        offset, limit = int(params.get("offset", 0)), min(100, int(params.get("max", 10)))
        start = lo + offset
        stop = min(hi, start + limit)
        orders = [self.order(index) for index in range(start, stop)]
        self.served += len(orders)
        body = json.dumps({"orders": orders, "total_count": count}).encode()
        return httpx.Response(200, content=body, headers={"content-type": "application/json"})


def templates() -> list[dict[str, Any]]:
    """A page of OR11 orders as the Mirakl sandbox renders them."""
    page: dict[str, Any] = json.loads(or11_page().content)
    return [copy.deepcopy(order) for order in page["orders"]]


def _orders(url: str, clock: FakeClock, since: datetime, until: datetime) -> Iterator[Order]:
    """Every order updated in the window, through the channel's `iter_orders` (one OR11 poll,
    offset pages, each order version once)."""
    client = MiraklSellerClient("benchmark-api-key", base_url=url, clock=clock)
    channel = MiraklChannel(client, shop_id=SHOP_ID)
    with client:
        yield from channel.iter_orders(since, until)


@dataclass(frozen=True)
class MemoryPass:
    """One pass over a stream of `orders` orders."""

    orders: int
    requests: int
    rss_growth: int
    wall_seconds: float


def measure(size: int, orders: list[dict[str, Any]] | None = None) -> MemoryPass:
    """Stream `size` orders over loopback and measure this process's peak RSS growth."""
    stream = OrderStream(orders or templates(), size, _START)
    clock = FakeClock(_START + timedelta(seconds=size + 60))
    since = _START
    until = _START + timedelta(seconds=size)
    count = 0
    with LoopbackServer(stream) as server:
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        wall = time.perf_counter()
        for _ in _orders(server.url, clock, since, until):
            count += 1
        took = time.perf_counter() - wall
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, KiB on Linux
    return MemoryPass(
        orders=count,
        requests=stream.requests,
        rss_growth=(rss_after - rss_before) * scale,
        wall_seconds=took,
    )


def _measured_apart(size: int) -> MemoryPass:
    """`measure(size)` in a fresh interpreter, so no earlier pass sets the peak."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.mirakl_memory", "--size", str(size)],
        check=True,
        capture_output=True,
        text=True,
    )
    return MemoryPass(**json.loads(done.stdout.strip().splitlines()[-1]))


def figures_of(runs: Sequence[list[MemoryPass]]) -> list[Figure]:
    """Peak RSS growth per size (last run), and the median over `runs` of how much more the
    largest size grew than the smallest, each difference taken within its own run."""
    passes = runs[-1]
    smallest, largest = passes[0], passes[-1]
    return [
        Figure(
            "Mirakl: peak RSS growth streaming",
            ", ".join(
                f"{item.rss_growth / _MB:.1f} MB at {item.orders:,} "
                f"({item.requests} requests, {item.orders / item.wall_seconds:,.0f} orders/s)"
                for item in passes
            ),
        ),
        median_figure(
            f"Mirakl: memory flat across OR11 pages ({largest.orders:,} vs "
            f"{smallest.orders:,} orders)",
            runs,
            lambda run: (run[-1].rss_growth - run[0].rss_growth) / _MB,
            "{:+.1f} MB",
            goal=f"<= +{FLAT_MB:g} MB",
            passes=lambda value: value <= FLAT_MB,
        ),
    ]


def main() -> None:
    """Print the memory figures, each size measured in its own interpreter."""
    report(
        "memory streaming Mirakl orders through the channel's iter_orders, OR11 pages and mapping "
        "(generated pages over loopback; every size measured, none extrapolated)",
        figures_of(repeat(lambda: [_measured_apart(size) for size in SIZES])),
    )


if __name__ == "__main__":
    if sys.argv[1:2] == ["--size"]:
        print(json.dumps(asdict(measure(int(sys.argv[2])))))
    else:
        main()
