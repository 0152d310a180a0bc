"""Mirakl stock push of 10,000 offers through `StockPusher` and the Mirakl channel, over loopback.

Set-up: a `MiraklSandbox` shop of 10,000 offers (`ShopSeed.generated`) served by
`LoopbackServer` on 127.0.0.1, enforcing each operation's call frequency (MIRAKL-Q01: OF01,
OF24, OF02 and OF03 once a minute, 429 with Retry-After sooner) and processing each offer
import in its default 180 s. The host reports a new quantity for every offer and flushes the
pusher once: the channel reads the shop's offers (OF21, 100 a page: Mirakl resets the fields an
update leaves out, MIRAKL-Q06, so each offer goes back whole), sends them as one OF01 file in
NORMAL mode (or OF24 calls when few), polls OF02 once a minute until the import ends and reads
its error report (OF03) when it has one.

The sandbox and the SDK share one clock, the system clock except that a wait longer than
`FAST_FORWARD` seconds (a once-a-minute slot, the next OF02 poll) is not slept but added to it
(`FastForwardClock`): both sides see the minutes pass, the sandbox's frequencies and import
processing hold exactly, and a push that takes four minutes of Mirakl's time does not keep the
benchmark that long. Transit, encoding and parsing are real. The push time is reported in that
clock's seconds, skipped ones included.

Every count is the sandbox app's: each request it answered, by operation and status, 429s
included. SDK CPU is the CPU time of the thread that runs the push; the sandbox's is the CPU time
its server threads spent in the sandbox app for the same requests.

Goals, derived from issue 14's for Etsy and FNAC:
- 0 HTTP 429 received (Etsy's stock push);
- OF21 reads at most ceil(N_shop / 100) (the reads a cold Etsy push may add to index the shop);
- the fewest import calls the API allows: one OF01 file (FNAC's 10 `offers_update` calls for
  100,000 offers, the fewest its 10,000-a-call limit allows);
- OF02 polls at most ceil(processing / 60 s) + 1: once a minute, Mirakl's stated maximum, from
  the upload to the end; OF03 at most once per import;
- requests per offer at most the sum of those bounds over N;
- SDK CPU at most 0.5x the sandbox's own in the same run, and at most 1 s per 100,000 offers
  (FNAC's push: 1 s for 100,000 offers).

Each figure is the median of 3 runs (`--quick`: 1), each on a freshly seeded shop, every ratio
taken within its own run.

Run with `python -m benchmarks mirakl_push`.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from benchmarks._harness import Figure, median_figure, mirakl_channel, repeat, report, served
from benchmarks.catalogue_import import FastForwardClock
from marketplace_sdk.core import Clock
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed
from marketplace_sdk.sync._sync.push import StockPusher

__all__ = ["MiraklPushRun", "figures", "figures_of", "main", "mirakl_push"]

OFFERS = 10_000
PAGE = 100
POLL = 60.0
#: Waits longer than this (a once-a-minute slot, an OF02 poll) move the clock instead.
FAST_FORWARD = 5.0


@dataclass(frozen=True)
class MiraklPushRun:
    """One push as the sandbox saw it."""

    offers: int
    shop: int
    ok: int
    #: Requests the sandbox answered, by operation; and the 429s among them.
    requests: Counter[str]
    refused: int
    #: The push in the shared clock's seconds (skipped waits included), and the skipped part.
    seconds: float
    skipped: float
    processing: float
    sdk_cpu: float
    sandbox_cpu: float

    @property
    def total(self) -> int:
        """Every request the sandbox answered during the push, 429s included."""
        return sum(self.requests.values())

    @property
    def imports(self) -> int:
        """The import calls: OF01 files and OF24 batches."""
        return self.requests.get("OF01", 0) + self.requests.get("OF24", 0)

    @property
    def read_bound(self) -> int:
        """The most OF21 reads the goal allows: one pass over the shop, 100 a page."""
        return math.ceil(self.shop / PAGE)

    @property
    def poll_bound(self) -> int:
        """The most OF02 polls the goal allows per import: once a minute to the end."""
        return math.ceil(self.processing / POLL) + 1

    @property
    def request_bound(self) -> int:
        """The most requests the goals allow in total."""
        return self.read_bound + 1 + self.poll_bound + 1

    @property
    def cpu_ratio(self) -> float:
        """The SDK's CPU time over the sandbox's own, in this run."""
        return self.sdk_cpu / self.sandbox_cpu if self.sandbox_cpu else math.inf


def mirakl_push(offers: int = OFFERS, clock: Clock | None = None) -> MiraklPushRun:
    """Push a new stock for each of `offers` offers of a shop of as many.

    `clock` is the time of both the sandbox and the SDK: a `FastForwardClock` for the figures,
    a `FakeClock` for a smoke test.
    """
    forward = FastForwardClock(FAST_FORWARD)
    clock = clock or forward
    shop = ShopSeed.generated(clock.now(), offers=offers, orders=0, seed=7)
    sandbox = MiraklSandbox(clock=clock, shop=shop)
    skus = sorted(sandbox.offers.offers)
    with served(sandbox) as server:
        channel = mirakl_channel(sandbox, server.url, clock)
        pusher = StockPusher(channel, clock=clock)
        for position, sku in enumerate(skus):
            pusher.stock_changed(sku, 1 + position % 50)
        server.answered.clear()
        sandbox_cpu, skipped = server.sandbox_cpu, forward.skipped
        cpu, started = time.thread_time(), clock.monotonic()
        result = pusher.flush(force=True)
        cpu, seconds = time.thread_time() - cpu, clock.monotonic() - started
        answered = Counter(server.answered)
        sandbox_cpu = server.sandbox_cpu - sandbox_cpu
    requests: Counter[str] = Counter()
    for (operation, _status), count in answered.items():
        requests[operation] += count
    return MiraklPushRun(
        offers=len(skus),
        shop=len(sandbox.offers.offers),
        ok=len(result.ok),
        requests=requests,
        refused=sum(count for (_, status), count in answered.items() if status == 429),
        seconds=seconds,
        skipped=forward.skipped - skipped,
        processing=sandbox.processing_delay,
        sdk_cpu=cpu,
        sandbox_cpu=sandbox_cpu,
    )


def figures(run: MiraklPushRun) -> list[Figure]:
    """The figures of a single push against the goals."""
    return figures_of([run])


def figures_of(runs: Sequence[MiraklPushRun]) -> list[Figure]:
    """The push's figures against the goals: the median over `runs` of each value, every
    ratio taken within its own run."""
    run = runs[-1]
    calls = ", ".join(f"{op} {count}" for op, count in sorted(run.requests.items()))
    last = " (last run)" if len(runs) > 1 else ""
    cpu_goal = run.offers / 100_000
    return [
        Figure(
            "applied",
            f"{run.ok:,} of {run.offers:,} stock changes in {run.seconds:.0f} s of Mirakl's "
            f"time ({run.skipped:.0f} s of it waits skipped); requests: {calls}{last}",
        ),
        median_figure(
            "HTTP 429 received",
            runs,
            lambda one: one.refused,
            "{:.0f}",
            goal="0",
            passes=lambda value: value == 0,
        ),
        median_figure(
            "OF21 reads",
            runs,
            lambda one: one.requests.get("OF21", 0),
            "{:.0f}",
            goal=f"<= ceil({run.shop:,} / {PAGE}) = {run.read_bound}",
            passes=lambda value: value <= run.read_bound,
        ),
        median_figure(
            "import calls (OF01 files + OF24 batches)",
            runs,
            lambda one: one.imports,
            "{:.0f}",
            goal="1 (the whole push in one import)",
            passes=lambda value: value <= 1,
            detail=f"OF01 {run.requests.get('OF01', 0)}, OF24 {run.requests.get('OF24', 0)}{last}",
        ),
        median_figure(
            "OF02 polls",
            runs,
            lambda one: one.requests.get("OF02", 0),
            "{:.0f}",
            goal=(
                f"<= ceil({run.processing:.0f} s processing / {POLL:.0f} s) + 1 = "
                f"{run.poll_bound} per import"
            ),
            passes=lambda value: value <= run.poll_bound,
            detail=f"OF03 {run.requests.get('OF03', 0)} (at most 1 per import){last}",
        ),
        median_figure(
            "requests per offer",
            runs,
            lambda one: one.total / one.offers,
            "{:.4f}",
            goal=f"<= {run.request_bound} / {run.offers:,} = {run.request_bound / run.offers:.4f}",
            passes=lambda value: value <= run.request_bound / run.offers,
            detail=f"{run.total} requests{last}",
        ),
        median_figure(
            "SDK CPU time",
            runs,
            lambda one: one.sdk_cpu,
            "{:.2f} s",
            goal=f"<= {cpu_goal:g} s (1 s per 100,000 offers)",
            passes=lambda value: value <= cpu_goal,
        ),
        median_figure(
            "sandbox CPU time",
            runs,
            lambda one: one.sandbox_cpu,
            "{:.2f} s",
            detail="its own work (OF21 pages, the file, the import), same run",
        ),
        median_figure(
            "SDK CPU vs the sandbox's own",
            runs,
            lambda one: one.cpu_ratio,
            "{:.2f}x",
            goal="<= 0.5x",
            passes=lambda value: value <= 0.5,
        ),
    ]


def main() -> None:
    """Print the Mirakl push figures, medians of `runs()` runs."""
    runs = repeat(mirakl_push)
    run = runs[-1]
    report(
        f"Mirakl stock push of {run.offers:,} offers through the channel, over loopback to a "
        f"sandbox enforcing each operation's call frequency (imports processed in "
        f"{run.processing:.0f} s; waits over {FAST_FORWARD:g} s fast-forwarded on both sides)",
        figures_of(runs),
    )


if __name__ == "__main__":
    main()
