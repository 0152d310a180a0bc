"""Catalogue import of 10,000 products through `import_catalogue`, against each sandbox.

Set-up: in process (each sandbox's httpx transport, no sockets) on a `FakeClock`, so every wait
(the throttle's, a rate limiter's) is simulated time; the wall time is what the run cost this
machine. Each import runs twice on the same shop: with the marketplace's default throttle
(`CatalogueThrottle.for_marketplace`) and with the seeds' preset of 1,000 SKUs per 15 minutes.

- Etsy: 10,000 listings (30 % with variations), all in the states the import reads (`active`,
  `inactive`, `sold_out`). The sandbox enforces Etsy's 10 requests per second and 10,000 per
  rolling day per app (429 past them), and the client's own limiter paces to the same budget
  before sending, so a well-behaved import never sees a 429. `getListingsByShop` serves 100
  listings a page (inventory and images included) for one state at a time, so the minimum is
  ceil(n / 100) pages per state; the category phase adds one `getSellerTaxonomyNodes` and one
  `getPropertiesByTaxonomyId` per leaf of the seller taxonomy.
- FNAC: 10,000 offers read with `offers_query`, 100 a page, so the minimum is ceil(10,000 / 100)
  pages plus one `auth`; the categories come from Mirakl (one H11 for the tree, one PM11 for
  the attributes, one VL11 for the value lists, each allowed once an hour). FNAC publishes no
  request rate; the SDK's default throttle reads one page (100 offers) a second.

The achieved request rate is reported twice: over the whole import on the simulated clock
(which the throttle dominates), and as the busiest one-second window, to compare with the
allowed 10 requests per second. On a `FakeClock` a request takes no time, so only a limiter
spreads requests out: Etsy's busiest second shows the client's pacing, while FNAC's shows a
throttle period's pages (and the token and category calls) sent in the same instant, which
FNAC allows since it publishes no rate.

Run with `python -m benchmarks catalogue`.
"""

from __future__ import annotations

import dataclasses
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import timedelta

import httpx

from marketplace_sdk import Category, Product
from marketplace_sdk.core import Clock, FakeClock
from marketplace_sdk.core._metering import metered
from marketplace_sdk.etsy import (
    EtsyChannel,
    EtsyChannelOptions,
    EtsyClient,
    MemoryTokenStore,
    start_authorization,
)
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import FnacChannel, FnacClient, FnacCredentials
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.fnac.sandbox._connect import MIRAKL_SANDBOX_URL
from marketplace_sdk.mirakl import MiraklCatalogClient
from marketplace_sdk.sync import MemoryCursorStore
from marketplace_sdk.sync._catalogue import (
    CatalogueSource,
    CatalogueThrottle,
    import_catalogue,
    import_duration,
)

__all__ = ["CatalogueFigures", "ImportRun", "main", "run"]

SIZE = 10_000
PAGE = 100
ETSY_ALLOWED_PER_SECOND = 10
ETSY_IMPORT_STATES = ("active", "inactive", "sold_out")


class StampedTransport(httpx.BaseTransport):
    """Passes requests to `inner` and notes when each was sent, on the simulated clock."""

    def __init__(self, inner: httpx.BaseTransport, clock: Clock) -> None:
        self.inner = inner
        self.clock = clock
        self.sent: list[tuple[float, int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        self.sent.append((self.clock.monotonic(), response.status_code))
        return response


def busiest_second(stamps: Sequence[float]) -> int:
    """The most requests sent within any one-second window (times in seconds, sorted)."""
    best, start = 0, 0
    for end, stamp in enumerate(stamps):
        while stamp - stamps[start] >= 1.0:
            start += 1
        best = max(best, end - start + 1)
    return best


@dataclass(frozen=True)
class ImportRun:
    """One import of the whole catalogue with one throttle."""

    throttle: CatalogueThrottle
    products: int
    categories: int
    requests: int
    by_operation: dict[str, int]
    refused: int
    simulated_seconds: float
    expected_wait: timedelta
    busiest_second: int
    wall_seconds: float

    @property
    def rate(self) -> float:
        """Requests per simulated second over the whole import."""
        return self.requests / self.simulated_seconds if self.simulated_seconds else math.inf


@dataclass(frozen=True)
class CatalogueFigures:
    """One marketplace's figures: the minimum the API allows and one run per throttle."""

    marketplace: str
    size: int
    minimum: int
    minimum_detail: str
    allowed: str
    allowed_per_second: float | None
    seed_seconds: float
    runs: list[ImportRun] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The figures as printable lines."""
        out = [
            f"{self.marketplace}: {self.size:,} products "
            f"(sandbox seeded in {self.seed_seconds:.1f} s wall)",
            f"  minimum requests the API allows: {self.minimum} ({self.minimum_detail})",
            f"  allowed rate: {self.allowed}",
        ]
        for item in self.runs:
            calls = ", ".join(
                f"{name} {count}" for name, count in sorted(item.by_operation.items())
            )
            share = (
                f", {item.busiest_second / self.allowed_per_second:.0%} of the allowed"
                if self.allowed_per_second
                else ""
            )
            out += [
                f"  throttle {item.throttle}:",
                f"    {item.products:,} products and {item.categories} categories delivered",
                f"    requests used {item.requests} vs minimum {self.minimum} "
                f"({item.requests / self.minimum:.2f}x): {calls}; refused with 429: "
                f"{item.refused}",
                f"    achieved rate {item.rate:.3f} req/s over the import; busiest second "
                f"{item.busiest_second} req{share}",
                f"    simulated duration {timedelta(seconds=round(item.simulated_seconds))} "
                f"vs import_duration {item.expected_wait} (the throttle's waits)",
                f"    wall time {item.wall_seconds:.1f} s "
                f"({item.products / item.wall_seconds:,.0f} products/s)",
            ]
        return out


def _import(
    channel: CatalogueSource,
    clock: FakeClock,
    stamped: Sequence[StampedTransport],
    throttle: CatalogueThrottle,
) -> ImportRun:
    for transport in stamped:
        transport.sent.clear()
    products: list[int] = [0]
    categories: list[int] = [0]

    def take_products(batch: Sequence[Product]) -> None:
        products[0] += len(batch)

    def take_categories(batch: Sequence[Category]) -> None:
        categories[0] += len(batch)

    wall = time.perf_counter()
    started = clock.monotonic()
    with metered() as meter:
        import_catalogue(
            channel,
            categories_sink=take_categories,
            products_sink=take_products,
            store=MemoryCursorStore(),
            clock=clock,
            throttle=throttle,
        )
    sent = sorted(stamp for transport in stamped for stamp in transport.sent)
    return ImportRun(
        throttle=throttle,
        products=products[0],
        categories=categories[0],
        requests=meter.requests,
        by_operation={},
        refused=sum(1 for _, status in sent if status == 429),
        simulated_seconds=clock.monotonic() - started,
        expected_wait=import_duration(products[0], throttle),
        busiest_second=busiest_second([when for when, _ in sent]),
        wall_seconds=time.perf_counter() - wall,
    )


def _with_calls(item: ImportRun, calls: Counter[str]) -> ImportRun:
    return dataclasses.replace(item, by_operation=dict(calls))


def _throttles(marketplace: str, size: int) -> list[CatalogueThrottle]:
    default = CatalogueThrottle.for_marketplace(marketplace)
    seeds = CatalogueThrottle.seed_preset()
    if size < SIZE:  # a small run keeps the periods' proportion to the catalogue's size
        scale = SIZE // size
        default = CatalogueThrottle(max(1, default.skus // scale), default.per)
        seeds = CatalogueThrottle(max(1, seeds.skus // scale), seeds.per)
    return [default, seeds]


def etsy_figures(size: int = SIZE) -> CatalogueFigures:
    """Import `size` Etsy listings from a sandbox with its rate limits on."""
    wall = time.perf_counter()
    clock = FakeClock()
    sandbox = EtsySandbox.seeded(
        listings=size, variation_ratio=0.3, orders=0, duplicate_skus=0, seed=11, clock=clock
    )
    for listing in sandbox.world.listings.values():
        if listing.state not in ETSY_IMPORT_STATES:  # drafts and expired: make them count
            listing.state = "active"
    seed_seconds = time.perf_counter() - wall
    channel, stamped = _etsy_channel(sandbox, clock)
    states = Counter(listing.state for listing in sandbox.world.listings.values())
    pages = {state: math.ceil(states[state] / PAGE) for state in ETSY_IMPORT_STATES}
    leaves = len(_etsy_leaves(channel))
    figures = CatalogueFigures(
        marketplace="Etsy",
        size=size,
        minimum=sum(pages.values()) + 1 + leaves,
        minimum_detail=" + ".join(f"{pages[s]} {s}" for s in ETSY_IMPORT_STATES)
        + f" listing pages of {PAGE} (one state per call), 1 taxonomy tree, "
        f"{leaves} leaf property lists; token refreshes (oauthToken, one per simulated hour "
        "once the access token expires) come on top",
        allowed=f"{ETSY_ALLOWED_PER_SECOND} req/s and 10,000 req/day per app "
        "(sandbox answers 429 past them; the client's limiter paces to the same budget)",
        allowed_per_second=ETSY_ALLOWED_PER_SECOND,
        seed_seconds=seed_seconds,
    )
    for throttle in _throttles("etsy", size):
        clock.advance(3600)
        channel, stamped = _etsy_channel(sandbox, clock)  # a fresh connection: no warm cache
        sandbox.calls.clear()
        item = _import(channel, clock, [stamped], throttle)
        figures.runs.append(_with_calls(item, sandbox.calls.by_operation()))
    return figures


def _etsy_channel(sandbox: EtsySandbox, clock: FakeClock) -> tuple[EtsyChannel, StampedTransport]:
    """A channel connected through PKCE whose requests are time-stamped."""
    stamped = StampedTransport(sandbox.transport(), clock)
    secret = sandbox.app.shared_secret
    client = EtsyClient(
        sandbox.keystring, secret, MemoryTokenStore(), transport=stamped, clock=clock
    )
    flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])
    client.connect(flow, sandbox.approve_consent(flow.url))
    channel = EtsyChannel(
        client,
        sandbox.shop_id,
        clock=clock,
        options=EtsyChannelOptions(shipping_profile_id=next(iter(sandbox.world.profiles))),
    )
    return channel, stamped


def _fnac_channel(
    sandbox: FnacSandbox, clock: FakeClock
) -> tuple[FnacChannel, StampedTransport, StampedTransport]:
    """A channel (with its Mirakl catalogue client) whose requests are time-stamped."""
    given = sandbox.credentials
    fnac = StampedTransport(sandbox.transport(), clock)
    mirakl = StampedTransport(sandbox.mirakl.transport(), clock)
    channel = FnacChannel(
        FnacClient(
            FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key),
            base_url=sandbox.base_url,
            transport=fnac,
            clock=clock,
        ),
        catalog=MiraklCatalogClient(
            given.mirakl_api_key, base_url=MIRAKL_SANDBOX_URL, transport=mirakl, clock=clock
        ),
    )
    return channel, fnac, mirakl


def _etsy_leaves(channel: EtsyChannel) -> list[str]:
    categories = list(channel.iter_categories())
    parents = {category.parent_id for category in categories if category.parent_id}
    return [
        category.id
        for category in categories
        if category.is_leaf or (category.is_leaf is None and category.id not in parents)
    ]


def fnac_figures(size: int = SIZE) -> CatalogueFigures:
    """Import `size` FNAC offers (and the Mirakl categories) from a sandbox."""
    wall = time.perf_counter()
    clock = FakeClock()
    sandbox = FnacSandbox.seeded(offers=size, orders=0, clock=clock)
    seed_seconds = time.perf_counter() - wall
    figures = CatalogueFigures(
        marketplace="FNAC",
        size=size,
        minimum=math.ceil(size / PAGE) + 1 + 3,
        minimum_detail=f"{math.ceil(size / PAGE)} offers_query pages of {PAGE}, 1 auth, "
        "Mirakl H11 + PM11 + VL11 for the categories; a new token (auth) each time the "
        "sandbox's token expires comes on top",
        allowed="not published by FNAC for its XML services (default throttle: 1 page of "
        "100 offers per second); Mirakl H11/PM11/VL11 once an hour each",
        allowed_per_second=None,
        seed_seconds=seed_seconds,
    )
    for throttle in _throttles("fnac", size):
        clock.advance(3600)  # Mirakl's hourly limits apply per import
        channel, fnac, mirakl = _fnac_channel(sandbox, clock)
        sandbox.calls.clear()
        item = _import(channel, clock, [fnac, mirakl], throttle)
        calls = Counter(sandbox.calls.by_operation())
        calls["mirakl"] = len(mirakl.sent)
        figures.runs.append(_with_calls(item, calls))
    return figures


def run(size: int = SIZE) -> list[CatalogueFigures]:
    """Both marketplaces' figures for a catalogue of `size` products."""
    return [etsy_figures(size), fnac_figures(size)]


def report(figures: Sequence[CatalogueFigures], out: Callable[[str], None] = print) -> None:
    """Print the figures."""
    for item in figures:
        for line in item.lines():
            out(line)


def main() -> None:
    """Print the catalogue import figures for both sandboxes."""
    print(f"catalogue import of {SIZE:,} products (FakeClock, in-process sandboxes, limits on)")
    report(run(SIZE))


if __name__ == "__main__":
    main()
