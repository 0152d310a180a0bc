"""Catalogue import of 10,000 Etsy listings through `import_catalogue`, over a loopback socket.

Set-up: an Etsy sandbox shop of 10,000 listings (30 % with variations, every one in a state the
import reads) served by `LoopbackServer` on 127.0.0.1, enforcing Etsy's 10 requests per second
and its daily budget on the system clock. The channel runs on the system clock; the import runs
with its default throttle (`CatalogueThrottle.for_marketplace("etsy")`) on a clock that is the
system clock except for one thing: a throttle wait longer than `FAST_FORWARD` seconds is not
slept but added to the clock (and to the reported time), so a throttle that would hold the
import for 45 minutes shows as 45 minutes without keeping the benchmark that long. Waits for
the rate limit are always real.

Every count is the sandbox's call log. The goals: at most ceil(N / 100) + 3 requests, and a
wall time of at most 1.1 x requests / rate.

Run with `python -m benchmarks catalogue`.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from benchmarks._harness import Figure, etsy_channel, median_figure, repeat, report, served
from marketplace_sdk import Category, Product
from marketplace_sdk.core import Clock, SystemClock
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.sync import MemoryCursorStore
from marketplace_sdk.sync._catalogue import CatalogueThrottle, import_catalogue

__all__ = ["FastForwardClock", "ImportRun", "etsy_import", "figures", "figures_of", "main"]

SIZE = 10_000
PAGE = 100
ALLOWED_PER_SECOND = 10
IMPORT_STATES = ("active", "inactive", "sold_out")
#: The reads that import categories (the taxonomy tree and each leaf's properties).
TAXONOMY_OPERATIONS = frozenset({"getSellerTaxonomyNodes", "getPropertiesByTaxonomyId"})
#: Waits longer than this (a throttle's period, not a rate limit) are skipped, not slept.
FAST_FORWARD = 30.0


class FastForwardClock:
    """The system clock, except that a sleep over `threshold` seconds moves it instead."""

    def __init__(self, threshold: float = FAST_FORWARD) -> None:
        self.threshold = threshold
        self.skipped = 0.0
        self._system = SystemClock()

    def now(self) -> datetime:
        return datetime.now(UTC) + timedelta(seconds=self.skipped)

    def monotonic(self) -> float:
        return time.monotonic() + self.skipped

    def sleep(self, seconds: float) -> None:
        if seconds > self.threshold:
            self.skipped += seconds
        elif seconds > 0:
            time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        if seconds > self.threshold:
            self.skipped += seconds
        elif seconds > 0:
            await asyncio.sleep(seconds)


@dataclass(frozen=True)
class ImportRun:
    """One import as the sandbox saw it."""

    size: int
    products: int
    categories: int
    requests: Counter[str]
    refused: int
    seconds: float
    skipped: float
    throttle: CatalogueThrottle
    #: The fewest requests Etsy's API allows for this shop, and how they add up.
    floor: tuple[int, str] = (0, "")
    #: CPU seconds of the import's thread (the SDK) and of the sandbox app, during the import.
    cpu: tuple[float, float] = (0.0, 0.0)

    @property
    def total(self) -> int:
        """Every request the sandbox answered during the import."""
        return sum(self.requests.values())

    @property
    def listing_requests(self) -> int:
        """The requests that read listings, their stock and images: every one but the
        taxonomy reads, which import the shop's categories, not its listings."""
        return sum(count for op, count in self.requests.items() if op not in TAXONOMY_OPERATIONS)


def etsy_import(size: int = SIZE, clock: Clock | None = None) -> ImportRun:
    """Import a `size`-listing shop with the default throttle, over loopback.

    Without `clock`, the sandbox and the channel run on the system clock and the import on a
    `FastForwardClock`; a smoke test gives one `FakeClock` to all three.
    """
    channel_clock: Clock = clock or SystemClock()
    import_clock: Clock = clock or FastForwardClock()
    sandbox = EtsySandbox.seeded(
        listings=size,
        variation_ratio=0.3,
        orders=0,
        duplicate_skus=0,
        seed=11,
        clock=channel_clock,
    )
    for listing in sandbox.world.listings.values():
        if listing.state not in IMPORT_STATES:  # drafts and expired: make them count
            listing.state = "active"
    throttle = CatalogueThrottle.for_marketplace("etsy")
    floor = _floor(sandbox)
    with served(sandbox) as server:
        channel = etsy_channel(sandbox, server.url, channel_clock)
        sandbox.calls.clear()
        channel_clock.sleep(1.1)  # start on a fresh per-second window
        products, categories = [0], [0]

        def take_products(batch: Sequence[Product]) -> None:
            products[0] += len(batch)

        def take_categories(batch: Sequence[Category]) -> None:
            categories[0] += len(batch)

        started = import_clock.monotonic()
        sdk_cpu, sandbox_cpu = time.thread_time(), server.sandbox_cpu
        import_catalogue(
            channel,
            categories_sink=take_categories,
            products_sink=take_products,
            store=MemoryCursorStore(),
            clock=import_clock,
            throttle=throttle,
        )
        seconds = import_clock.monotonic() - started
        cpu = (time.thread_time() - sdk_cpu, server.sandbox_cpu - sandbox_cpu)
    calls = sandbox.calls.calls
    return ImportRun(
        size=size,
        products=products[0],
        categories=categories[0],
        requests=Counter(call.operation or call.path for call in calls),
        refused=sum(1 for call in calls if call.status == 429),
        seconds=seconds,
        skipped=getattr(import_clock, "skipped", 0.0),
        throttle=throttle,
        floor=floor,
        cpu=cpu,
    )


def _floor(sandbox: EtsySandbox) -> tuple[int, str]:
    """Etsy's fewest requests for importing this shop: a listing page of 100 per state read
    (one state a call, ETSY-Q22), the taxonomy tree, and one properties read per leaf."""
    states = Counter(listing.state for listing in sandbox.world.listings.values())
    pages = {state: math.ceil(states[state] / PAGE) for state in IMPORT_STATES}
    leaves = sum(1 for node in sandbox.world.nodes() if not node.children)
    detail = " + ".join(f"{count} {state}" for state, count in pages.items())
    return (
        sum(pages.values()) + 1 + leaves,
        f"listing pages {detail} (one state a call, ETSY-Q22); 1 taxonomy tree; "
        f"{leaves} leaf properties",
    )


def figures(run: ImportRun) -> list[Figure]:
    """The figures of a single import against the issue's goals."""
    return figures_of([run])


def figures_of(runs: Sequence[ImportRun]) -> list[Figure]:
    """The import's figures against the issue's goals: the median over `runs` of each value,
    every ratio taken within its own run (request counts are the same in every run)."""
    run = runs[-1]
    budget = math.ceil(run.size / PAGE) + 3
    calls = ", ".join(f"{op} {count}" for op, count in sorted(run.requests.items()))
    return [
        Figure(
            "delivered",
            f"{run.products:,} products, {run.categories} categories; "
            f"default throttle {run.throttle}",
        ),
        median_figure(
            "requests for the listings with stock and first image",
            runs,
            lambda one: one.listing_requests,
            "{:.0f}",
            goal=f"<= ceil({run.size:,} / {PAGE}) + 3 = {budget}",
            passes=lambda value: value <= budget,
            detail=f"of {run.total} ({calls}; the taxonomy reads import categories)",
        ),
        Figure("fewest requests Etsy's API allows", f"{run.floor[0]} ({run.floor[1]})"),
        median_figure(
            "HTTP 429 received",
            runs,
            lambda one: one.refused,
            "{:.0f}",
            goal="0",
            passes=lambda value: value == 0,
        ),
        median_figure(
            "CPU per request, SDK",
            runs,
            lambda one: one.cpu[0] / one.total * 1000,
            "{:.0f} ms",
            detail=(
                f"sandbox {run.cpu[1] / run.total * 1000:.0f} ms (last run), of the "
                f"{1000 / ALLOWED_PER_SECOND:.0f} ms between two requests (a loaded machine "
                "stretches them, and the wall time with them)"
            ),
        ),
        median_figure(
            "wall time vs requests / rate",
            runs,
            lambda one: one.seconds / (one.total / ALLOWED_PER_SECOND),
            "{:.2f}x",
            goal="<= 1.1x",
            passes=lambda value: value <= 1.1,
            detail=(
                f"last run {run.seconds:,.1f} s"
                + (
                    f", of which {run.skipped:,.0f} s throttle waits fast-forwarded"
                    if run.skipped
                    else ""
                )
                + f"; ideal {run.total / ALLOWED_PER_SECOND:.1f} s"
            ),
        ),
    ]


def main() -> None:
    """Print the catalogue-import figures."""
    runs = repeat(etsy_import)
    run = runs[-1]
    report(
        f"Etsy catalogue import of {run.size:,} listings with stock and first image, over "
        f"loopback at {ALLOWED_PER_SECOND} req/s (sandbox-enforced, counted by the sandbox)",
        figures_of(runs),
    )


if __name__ == "__main__":
    main()
