"""Sold-out listings on Etsy (ETSY-Q01): does a stock push take them off sale?

Set-up: a seeded 1,000-listing Etsy sandbox with every catalogued behaviour on (FakeClock, in
process). The OMS sells out 10% of the listings (every SKU of each goes to 0, variations
included) and pushes the new stock in one `push_stock`. Then half of those are restocked, and a
seller re-activates by hand one listing the push took off sale before the next push.

Figures: how many pushed SKUs Etsy refused, and how many sold-out listings are still on sale
(state `active` with stock a buyer can order) after the push; then how many restocked listings
are back on sale, and whether the hand re-activation was caught.

Each count is the median over 3 shops seeded differently (`--quick`: 1), each run's beside it.

Run with `python -m benchmarks sold_out`.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import attrs

from benchmarks._harness import Figure, median_figure, repeat, report
from marketplace_sdk.core import FakeClock
from marketplace_sdk.core._models import StockUpdate
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._connect import connect_channel

LISTINGS = 1_000
SOLD_OUT_SHARE = 0.10


@attrs.frozen
class Figures:
    """What the two pushes did."""

    listings: int
    sold_out: int
    skus_pushed: int
    refused: int
    still_on_sale: int
    restocked: int
    back_on_sale: int
    restock_refused: int
    hand_reactivated_caught: bool

    def lines(self) -> list[str]:
        return [
            f"Etsy shop of {self.listings} listings, {self.sold_out} sold out "
            f"({self.skus_pushed} SKUs pushed at 0)",
            f"  SKUs refused by Etsy: {self.refused}",
            f"  sold-out listings still on sale after the push: {self.still_on_sale}",
            f"  restocked listings: {self.restocked}, back on sale: {self.back_on_sale}, "
            f"refused re-activation (ETSY-Q03): {self.restock_refused}",
            f"  a listing re-activated by hand was taken off sale again: "
            f"{self.hand_reactivated_caught}",
        ]


def _on_sale(sandbox: EtsySandbox, listing_id: int) -> bool:
    listing = sandbox.listing(listing_id)
    return listing.state == "active" and listing.quantity > 0


def run(listings: int = LISTINGS, share: float = SOLD_OUT_SHARE, seed: int = 13) -> Figures:
    """Seed a shop, sell out `share` of its listings, push, restock half, push again."""
    clock = FakeClock()
    sandbox = EtsySandbox.seeded(listings=listings, orders=0, clock=clock, seed=seed)
    channel = connect_channel(sandbox, clock=clock)
    active = sorted(
        listing.listing_id
        for listing in sandbox.world.listings.values()
        if listing.state == "active" and all(product.sku for product in listing.inventory.products)
    )
    rng = random.Random(seed)
    chosen = sorted(rng.sample(active, min(len(active), int(listings * share))))
    skus = {
        listing_id: [p.sku for p in sandbox.listing(listing_id).inventory.products]
        for listing_id in chosen
    }
    updates = [StockUpdate(sku=sku, quantity=0) for ids in chosen for sku in skus[ids]]
    results = channel.push_stock(updates)
    refused = sum(1 for result in results if result.outcome is not Outcome.OK)
    still = sum(1 for listing_id in chosen if _on_sale(sandbox, listing_id))

    restocked = chosen[::2]
    results = channel.push_stock(
        [StockUpdate(sku=sku, quantity=3) for ids in restocked for sku in skus[ids]]
    )
    back = sum(1 for listing_id in restocked if _on_sale(sandbox, listing_id))
    restock_refused = len({result.key for result in results if result.outcome is not Outcome.OK})

    caught = False
    still_off = [i for i in chosen[1::2] if sandbox.listing(i).state in ("inactive", "edit")]
    if still_off:
        # The seller re-activates one by hand in Shop Manager (placeholder stock and all).
        victim = sandbox.listing(still_off[0])
        victim.state = "active"
        other = restocked[0]
        channel.push_stock([StockUpdate(sku=skus[other][0], quantity=4)])
        caught = not _on_sale(sandbox, victim.listing_id)
    return Figures(
        listings=listings,
        sold_out=len(chosen),
        skus_pushed=len(updates),
        refused=refused,
        still_on_sale=still,
        restocked=len(restocked),
        back_on_sale=back,
        restock_refused=restock_refused,
        hand_reactivated_caught=caught,
    )


def figures(results: Sequence[Figures]) -> list[Figure]:
    """The median over `results` (one shop each) of every count, each run's beside it."""
    first = results[0]
    return [
        Figure(
            "shop",
            f"{first.listings} listings, {first.sold_out} sold out "
            f"({first.skus_pushed} SKUs pushed at 0)",
        ),
        median_figure("SKUs refused by Etsy", results, lambda r: r.refused, "{:.0f}"),
        median_figure(
            "sold-out listings still on sale after the push",
            results,
            lambda r: r.still_on_sale,
            "{:.0f}",
        ),
        median_figure(
            "restocked listings back on sale",
            results,
            lambda r: r.back_on_sale / r.restocked if r.restocked else 1.0,
            "{:.0%}",
            detail=f"{first.restocked} restocked",
        ),
        median_figure(
            "restocks refused re-activation (ETSY-Q03)",
            results,
            lambda r: r.restock_refused,
            "{:.0f}",
        ),
        median_figure(
            "a listing re-activated by hand was taken off sale again",
            results,
            lambda r: float(r.hand_reactivated_caught),
            "{:.0f}",
            detail="1 = yes",
        ),
    ]


def main() -> None:
    """Print the figures: medians over `runs()` shops, each seeded differently."""
    seeds = iter(range(13, 10_000))
    results = repeat(lambda: run(seed=next(seeds)))
    report("Sold-out listings on Etsy (ETSY-Q01), in process on a FakeClock", figures(results))


if __name__ == "__main__":
    main()
