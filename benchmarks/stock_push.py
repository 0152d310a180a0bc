"""Stock push of 5,000 SKUs through `StockPusher` against each sandbox, rate limits on.

Set-up: FakeClock-driven and in process (each sandbox's httpx transport, no sockets). The host
reports 5,000 stock changes (a "Sync Stock" of 5,000 SKUs, each SKU changed twice so coalescing
has work to do), the pusher's window passes and one flush sends them. Time spent waiting for a
rate limit or for FNAC's batch processing is fake time, so the achieved rate is measured on the
fake clock; the wall time is what the run cost this machine.

- Etsy: the sandbox enforces Etsy's 10 requests per second and 10,000 per day (429 past them)
  and the client's limiter paces itself to the same budget. The write minimum is one
  `updateListingInventory` per listing touched; a write replaces the whole inventory, so the
  channel also reads the inventories (100 listings per read) and, once, the shop's listings to
  learn which listing holds which SKU.
- FNAC: the binding limit is 10,000 offers per `offers_update`, so the minimum is
  ceil(5000 / 10000) = 1 call; FNAC publishes no request rate and the sandbox enforces none. The
  channel then polls `batch_status` until the batch is applied (30 s on the sandbox).

Run with `python -c "from benchmarks.stock_push import main; main()"`.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

import attrs

from marketplace_sdk.core import FakeClock, SystemClock
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._connect import connect_channel as connect_etsy
from marketplace_sdk.fnac._endpoints import MAX_OFFERS_PER_UPDATE
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.fnac.sandbox._connect import connect_channel as connect_fnac
from marketplace_sdk.sync._sync.push import PushTarget, StockPusher
from marketplace_sdk.testing import CallLog

SKUS = 5_000
ETSY_ALLOWED_PER_SECOND = 10
IMPORT_STATES = ("active", "inactive", "sold_out")


@attrs.frozen
class Figures:
    """One marketplace's figures."""

    name: str
    requests: Counter[str]
    writes: int
    minimum: int
    refused: int
    fake_seconds: float
    wall_seconds: float
    allowed: str
    allowed_per_second: float | None
    ok: int
    sent: int

    def lines(self) -> list[str]:
        total = sum(self.requests.values())
        rate = total / self.fake_seconds if self.fake_seconds else float("inf")
        calls = ", ".join(f"{name} {count}" for name, count in sorted(self.requests.items()))
        share = f" ({rate / self.allowed_per_second:.0%} of it)" if self.allowed_per_second else ""
        return [
            f"{self.name}: {self.sent} SKUs sent, {self.ok} applied",
            f"  writes used {self.writes} vs minimum {self.minimum} "
            f"({self.writes / self.minimum:.2f}x)",
            f"  all requests {total} ({calls}); refused with 429: {self.refused}",
            f"  achieved rate {rate:.2f} req/s over {self.fake_seconds:.1f} s of simulated time "
            f"vs allowed {self.allowed}{share}",
            f"  wall time {self.wall_seconds:.2f} s",
        ]


def _push(
    target: PushTarget,
    clock: FakeClock,
    skus: list[str],
    log: CallLog,
    quantity: Callable[[int], int],
) -> tuple[int, int, float, float]:
    wall = SystemClock()
    started = wall.monotonic()
    pusher = StockPusher(target, clock=clock)
    for position, sku in enumerate(skus):
        pusher.stock_changed(sku, 0)
        pusher.stock_changed(sku, quantity(position))
    clock.advance(2)
    log.clear()
    before = clock.monotonic()
    report = pusher.flush()
    fake = clock.monotonic() - before
    return len(report.ok), report.sent, fake, wall.monotonic() - started


def etsy_figures() -> Figures:
    """Push 5,000 SKUs to a seeded Etsy sandbox."""
    clock = FakeClock()
    sandbox = EtsySandbox.seeded(
        listings=3_300, variation_ratio=0.3, orders=0, seed=7, clock=clock, duplicate_skus=0
    )
    holders: dict[str, int] = {}
    for listing in sandbox.world.listings.values():
        if listing.state in IMPORT_STATES and listing.inventory is not None:
            for product in listing.inventory.products:
                holders[product.sku] = listing.listing_id
    skus = sorted(holders)[:SKUS]
    channel = connect_etsy(sandbox, clock=clock)
    sandbox.calls.clear()  # count the push, not the connection
    ok, sent, fake, wall = _push(channel, clock, skus, sandbox.calls, lambda n: 1 + n % 50)
    return Figures(
        name="Etsy",
        requests=Counter(sandbox.calls.by_operation()),
        writes=sandbox.calls.count("updateListingInventory"),
        minimum=len({holders[sku] for sku in skus}),
        refused=sum(1 for call in sandbox.calls if call.status == 429),
        fake_seconds=fake,
        wall_seconds=wall,
        allowed=f"{ETSY_ALLOWED_PER_SECOND} req/s (and 10,000 per day)",
        allowed_per_second=ETSY_ALLOWED_PER_SECOND,
        ok=ok,
        sent=sent,
    )


def fnac_figures() -> Figures:
    """Push 5,000 SKUs to a seeded FNAC sandbox."""
    clock = FakeClock()
    sandbox = FnacSandbox.seeded(offers=SKUS, orders=0, clock=clock)
    skus = sorted(sandbox.state.offers)[:SKUS]
    ok, sent, fake, wall = _push(
        connect_fnac(sandbox, clock=clock, catalog=False),
        clock,
        skus,
        sandbox.calls,
        lambda n: 1 + n % 50,
    )
    return Figures(
        name="FNAC",
        requests=Counter(sandbox.calls.by_operation()),
        writes=sandbox.calls.count("offers_update"),
        minimum=math.ceil(len(skus) / MAX_OFFERS_PER_UPDATE),
        refused=sum(1 for call in sandbox.calls if call.status == 429),
        fake_seconds=fake,
        wall_seconds=wall,
        allowed="not published by FNAC (no request rate; 10,000 offers per call)",
        allowed_per_second=None,
        ok=ok,
        sent=sent,
    )


def main() -> None:
    """Print the stock-push figures for both sandboxes."""
    print(f"stock push of {SKUS:,} SKUs (FakeClock, in-process sandboxes, rate limits on)")
    for figures in (etsy_figures(), fnac_figures()):
        for line in figures.lines():
            print(line)


if __name__ == "__main__":
    main()
