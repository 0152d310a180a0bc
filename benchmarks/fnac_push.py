"""FNAC push of stock and price for 100,000 offers through `StockPusher`, over a loopback socket.

Set-up: a FNAC sandbox shop of 100,000 offers served by `LoopbackServer` on 127.0.0.1, in real
time; it applies an offer batch `BATCH_DELAY` seconds after `offers_update` (FNAC takes longer;
a short delay keeps the benchmark short and still shows whether chunks wait for each other).
The channel polls `batch_status` every `POLL_INTERVAL` seconds. The host reports a new
quantity and a new price for every offer, then flushes the pusher once.

- `offers_update` calls: counted by the sandbox; FNAC takes 10,000 offers a call, so stock and
  price changing together need 10. `batch_status` polls are counted too: the channel keeps
  batches in flight, so each batch is polled about once, when it is done.
- SDK CPU time: the CPU time of the thread that runs the push (request encoding, response
  parsing, the pusher and channel logic); the sandbox's own time is the CPU time its server
  threads spent inside the sandbox app for the same requests, in the same run.

Run with `python -m benchmarks fnac`.
"""

from __future__ import annotations

import math
import time
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from benchmarks._harness import Figure, fnac_channel, report, served
from marketplace_sdk import Money
from marketplace_sdk.core import Clock, SystemClock
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.sync._sync.push import StockPusher

__all__ = ["FnacRun", "figures", "fnac_push", "main"]

OFFERS = 100_000
PER_CALL = 10_000
BATCH_DELAY = 1.0
POLL_INTERVAL = 0.5


@dataclass(frozen=True)
class FnacRun:
    """One push as the sandbox saw it."""

    offers: int
    ok: int
    requests: Counter[str]
    seconds: float
    sdk_cpu: float
    sandbox_cpu: float


def fnac_push(offers: int = OFFERS, clock: Clock | None = None) -> FnacRun:
    """Push a new stock and price for each of `offers` offers.

    `clock` is the time of both the sandbox and the SDK: the system clock for the figures, a
    `FakeClock` for a smoke test.
    """
    clock = clock or SystemClock()
    sandbox = FnacSandbox.seeded(offers=offers, orders=0, batch_delay=BATCH_DELAY, clock=clock)
    skus = sorted(sandbox.state.offers)[:offers]
    with served(sandbox) as server:
        channel = fnac_channel(sandbox, server.url, clock, poll_interval=POLL_INTERVAL)
        pusher = StockPusher(channel, clock=clock)
        for position, sku in enumerate(skus):
            pusher.stock_changed(sku, 1 + position % 50)
            amount = Decimal(10 + position % 90) + Decimal("0.99")
            pusher.price_changed(sku, Money(amount=amount, currency="EUR"))
        sandbox.calls.clear()
        sandbox_before = server.sandbox_cpu
        cpu, wall = time.thread_time(), clock.monotonic()
        result = pusher.flush(force=True)
        cpu, wall = time.thread_time() - cpu, clock.monotonic() - wall
        sandbox_cpu = server.sandbox_cpu - sandbox_before
    return FnacRun(
        offers=len(skus),
        ok=len(result.ok),
        requests=Counter(call.operation or call.path for call in sandbox.calls.calls),
        seconds=wall,
        sdk_cpu=cpu,
        sandbox_cpu=sandbox_cpu,
    )


def figures(run: FnacRun) -> list[Figure]:
    """The push's figures against the issue's goals."""
    updates = run.requests.get("offers_update", 0)
    polls = run.requests.get("batch_status", 0)
    reads = run.requests.get("offers_query", 0)
    needed = math.ceil(run.offers / PER_CALL)
    calls = ", ".join(f"{op} {count}" for op, count in sorted(run.requests.items()))
    ratio = run.sdk_cpu / run.sandbox_cpu if run.sandbox_cpu else math.inf
    return [
        Figure(
            "applied",
            f"{run.ok:,} of {2 * run.offers:,} changes (stock and price) in {run.seconds:.1f} s; "
            f"requests: {calls}",
        ),
        Figure(
            "offers_update calls",
            f"{updates}",
            f"{needed} (stock and price together, {PER_CALL:,} offers a call)",
            updates <= needed,
        ),
        Figure(
            "batch_status polls",
            f"{polls} ({polls / max(updates, 1):.1f} per batch; offers_query {reads})",
            f"about {needed}: batches pipelined, each polled once it is done",
            None,
        ),
        Figure("SDK CPU time", f"{run.sdk_cpu:.2f} s", "<= 1 s", run.sdk_cpu <= 1.0),
        Figure("sandbox CPU time", f"{run.sandbox_cpu:.2f} s (its own work, same run)"),
        Figure(
            "SDK CPU vs the sandbox's own",
            f"{ratio:.2f}x ({run.sdk_cpu:.2f} s / {run.sandbox_cpu:.2f} s)",
            "<= 0.5x",
            ratio <= 0.5,
        ),
    ]


def main() -> None:
    """Print the FNAC push figures."""
    run = fnac_push()
    report(
        f"FNAC stock and price push of {run.offers:,} offers, over loopback (batches applied "
        f"{BATCH_DELAY:g} s after offers_update, polled every {POLL_INTERVAL:g} s)",
        figures(run),
    )


if __name__ == "__main__":
    main()
