"""The pure planning of stock and price pushes: which listing, which write, which result.

Examples:
    >>> from marketplace_sdk.core._models import StockUpdate
    >>> plan_targets([StockUpdate(sku="A", quantity=1)], {"A": (7, 9)}).holders
    [(7, 9)]
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

import attrs

from marketplace_sdk.core._errors import MarketplaceError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.etsy._mapping import InventoryPlan, listing_skus, plan_inventory_write
from marketplace_sdk.etsy._models import Listing
from marketplace_sdk.etsy._pricing import resolve_price
from marketplace_sdk.etsy._shared.channel import error_result

__all__ = [
    "PushSlots",
    "PushTargets",
    "combine",
    "merge_last",
    "plan_listing",
    "plan_targets",
    "readiness_of",
    "reject_over_ceiling",
    "resolve_prices",
    "settle",
    "spread_slots",
]

T = TypeVar("T")


@attrs.frozen
class PushTargets:
    """A push resolved to listings: the listings carrying each update's SKU, and the results
    known before anything is sent (an unknown SKU), by position in the push.

    A stock update reaches every listing carrying its SKU (a SKU is one physical stock); a
    price update, or an update naming its listing (`marketplace_id`), reaches one listing: the
    one the catalogue import keeps for the SKU (the lowest id), or the one named.

    Examples:
        >>> PushTargets((), {}).holders
        ()
    """

    holders: Sequence[tuple[int, ...]]
    results: dict[int, ItemResult]


def plan_targets(
    updates: Sequence[StockUpdate | PriceUpdate], index: Mapping[str, Sequence[int]]
) -> PushTargets:
    """Find the listings each update goes to (`marketplace_id` wins when given).

    `index` gives each SKU's listings in ascending order. An update whose SKU no listing holds
    gets a rejected result now.

    Examples:
        >>> targets = plan_targets([StockUpdate(sku="A", quantity=1),
        ...                         PriceUpdate(sku="A", price=Money(amount="2", currency="USD")),
        ...                         StockUpdate(sku="Z", quantity=1)], {"A": (7, 9)})
        >>> targets.holders[:2], targets.results[2].reason.message
        ([(7, 9), (7,)], "unknown SKU 'Z': no Etsy listing has it")
    """
    holders: list[tuple[int, ...]] = []
    results: dict[int, ItemResult] = {}
    for position, update in enumerate(updates):
        held = tuple(index.get(update.sku, ()))
        if update.marketplace_id is not None and update.marketplace_id.isdigit():
            held = (int(update.marketplace_id),)
        elif held and not isinstance(update, StockUpdate):
            held = held[:1]
        if not held:
            results[position] = ItemResult.rejected(
                update.sku, message=f"unknown SKU {update.sku!r}: no Etsy listing has it"
            )
        holders.append(held)
    return PushTargets(holders, results)


@attrs.frozen
class PushSlots:
    """A push spread over listings: one slot per (update, listing) write, each with its own
    result, combined back into one result per update by `combine`.

    Slot `p` is update `p` on its first listing (for every update, so positions and slots
    agree when no SKU sits on two listings); the slots from `len(updates)` on are the other
    listings of updates whose SKU several listings carry.

    Attributes:
        updates: how many updates the push has.
        items: the update of each slot.
        by_listing: the slots to write on each listing.
        origin: the update (position) of each slot.
        listing_of: the listing of each slot.
        shared: the slots of updates that go to more than one listing.

    Examples:
        >>> slots = spread_slots([StockUpdate(sku="A", quantity=1)], PushTargets([(7, 9)], {}))
        >>> dict(slots.by_listing), slots.origin, slots.listing_ids
        ({7: [0], 9: [1]}, [0, 0], [7, 9])
    """

    updates: int
    items: Sequence[StockUpdate | PriceUpdate]
    by_listing: Mapping[int, list[int]]
    origin: Sequence[int]
    listing_of: Mapping[int, int]
    shared: frozenset[int]

    @property
    def listing_ids(self) -> list[int]:
        """The listings to write, in ascending order (the order locks are taken in)."""
        return sorted(self.by_listing)

    def absent_from(self, listing: Listing | None, slots: Iterable[int]) -> list[int]:
        """The shared `slots` whose SKU `listing` (as read for the push; `None`: gone) does
        not carry: the index knew it there, but the seller has moved it since.

        Examples:
            >>> slots = spread_slots([StockUpdate(sku="A", quantity=1)], PushTargets([(7, 9)], {}))
            >>> slots.absent_from(Listing(listing_id=9, skus=["B"]), [1])
            [1]
        """
        shared = [slot for slot in slots if slot in self.shared]
        if not shared:
            return []
        carried = set(listing_skus(listing)) if listing is not None else set()
        return [slot for slot in shared if self.items[slot].sku.strip() not in carried]


def spread_slots(
    updates: Sequence[StockUpdate | PriceUpdate],
    targets: PushTargets,
    settled: Collection[int] = (),
) -> PushSlots:
    """One slot per listing each update goes to; updates already `settled` go nowhere.

    Examples:
        >>> updates = [StockUpdate(sku="A", quantity=1), StockUpdate(sku="B", quantity=2)]
        >>> slots = spread_slots(updates, PushTargets([(7, 9), (7,)], {}), settled={1})
        >>> dict(slots.by_listing), sorted(slots.shared)
        ({7: [0], 9: [2]}, [0, 2])
    """
    items = list(updates)
    origin = list(range(len(updates)))
    by_listing: dict[int, list[int]] = {}
    listing_of: dict[int, int] = {}
    shared: set[int] = set()
    for position, held in enumerate(targets.holders):
        if position in settled or not held:
            continue
        slots = [position]
        for _ in held[1:]:
            slots.append(len(items))
            items.append(updates[position])
            origin.append(position)
        if len(slots) > 1:
            shared.update(slots)
        for slot, listing_id in zip(slots, held, strict=True):
            by_listing.setdefault(listing_id, []).append(slot)
            listing_of[slot] = listing_id
    return PushSlots(len(updates), items, by_listing, origin, listing_of, frozenset(shared))


def combine(
    slots: PushSlots, results: Mapping[int, ItemResult], absent: Collection[int] = ()
) -> list[ItemResult]:
    """One result per update, in the updates' order, from the results of its slots.

    An update written to several listings is ok when every listing took it; otherwise its one
    result names the listings that did not, with each one's reason: retry later when any of
    them may succeed on a retry (the whole update is sent again, to every listing: a stock
    level is set, not added), else unknown when any outcome is unknown, else rejected. A slot
    in `absent` (its listing, read for the push, no longer carries the SKU) counts only when no
    listing still carries it.

    Examples:
        >>> updates = [StockUpdate(sku="A", quantity=1)]
        >>> slots = spread_slots(updates, PushTargets([(7, 9)], {}))
        >>> both = {0: ItemResult.ok("A", marketplace_id="7"),
        ...         1: ItemResult.retry_later("A", message="busy")}
        >>> [result] = combine(slots, both)
        >>> result.outcome.value, result.reason.message
        ('retry_later', "SKU 'A' is on 2 Etsy listings; 7 took it, 1 did not: listing 9: busy")
    """
    by_update: dict[int, list[int]] = {}
    for slot, position in enumerate(slots.origin):
        if slot in results:
            by_update.setdefault(position, []).append(slot)
    combined: list[ItemResult] = []
    for position in range(slots.updates):
        own = by_update[position]
        if len(own) == 1:
            combined.append(results[own[0]])
            continue
        live = [slot for slot in own if slot not in absent] or own[:1]
        combined.append(_combined(slots, live, results))
    return combined


def _combined(
    slots: PushSlots, live: Sequence[int], results: Mapping[int, ItemResult]
) -> ItemResult:
    ordered = sorted(live, key=lambda slot: slots.listing_of[slot])
    if len(ordered) == 1:
        return results[ordered[0]]
    sku = slots.items[ordered[0]].sku
    took = [str(slots.listing_of[slot]) for slot in ordered if results[slot].is_ok]
    failed = [
        (slots.listing_of[slot], results[slot]) for slot in ordered if not results[slot].is_ok
    ]
    if not failed:
        return ItemResult.ok(sku, marketplace_id=str(slots.listing_of[ordered[0]]))
    reasons = "; ".join(f"listing {listing_id}: {result.reason}" for listing_id, result in failed)
    tally = f"{', '.join(took)} took it, {len(failed)} did not" if took else "none took it"
    message = f"SKU {sku!r} is on {len(ordered)} Etsy listings; {tally}: {reasons}"
    codes = {result.reason.code if result.reason else None for _, result in failed}
    code = codes.pop() if len(codes) == 1 else None
    outcomes = {result.outcome for _, result in failed}
    if Outcome.RETRY_LATER in outcomes:
        waits = [result.retry_after for _, result in failed if result.retry_after is not None]
        return ItemResult.retry_later(
            sku, message=message, code=code, retry_after=max(waits) if waits else None
        )
    if Outcome.UNKNOWN in outcomes:
        return ItemResult.unknown(sku, message=message, code=code)
    return ItemResult.rejected(sku, message=message, code=code)


def _money_or_rejection(update: PriceUpdate) -> Money | ItemResult:
    try:
        return resolve_price(update.price, update.selling_price)
    except (MarketplaceError, ValueError) as error:
        return ItemResult.rejected(update.sku, message=str(error))


def resolve_prices(
    updates: Sequence[StockUpdate | PriceUpdate], results: dict[int, ItemResult]
) -> dict[int, Money]:
    """Each price update's Etsy price (`resolve_price`), by position; a refused price is a
    rejected result. Stock updates have no price.

    Examples:
        >>> results = {}
        >>> prices = resolve_prices([PriceUpdate(sku="A", price=Money(amount="0.01",
        ...     currency="USD"))], results)
        >>> prices, results[0].outcome.value
        ({}, 'rejected')
    """
    prices: dict[int, Money] = {}
    for position, update in enumerate(updates):
        if position in results or not isinstance(update, PriceUpdate):
            continue
        outcome = _money_or_rejection(update)
        if isinstance(outcome, ItemResult):
            results[position] = outcome
        else:
            prices[position] = outcome
    return prices


def merge_last(pairs: Iterable[tuple[str, T]]) -> dict[str, T]:
    """Updates by SKU, the last one for a SKU winning (a batch is applied in order).

    Examples:
        >>> merge_last([("A", 1), ("A", 2)])
        {'A': 2}
    """
    return dict(pairs)


def plan_listing(
    listing_id: int,
    listing: Listing | None,
    positions: Sequence[int],
    items: Sequence[StockUpdate | PriceUpdate],
    prices: Mapping[int, Money],
    results: dict[int, ItemResult],
) -> InventoryPlan | None:
    """Plan one listing's write for the updates at `positions`; refusals go into `results`.

    Returns `None` when nothing is left to write.

    Examples:
        >>> results = {}
        >>> plan_listing(9, None, [0], [StockUpdate(sku="A", quantity=1)], {}, results)
        >>> results[0].reason.message
        'Etsy listing 9 not found'
    """
    if listing is None or listing.inventory is None:
        for position in positions:
            results.setdefault(
                position,
                ItemResult.rejected(
                    items[position].sku, message=f"Etsy listing {listing_id} not found"
                ),
            )
        return None
    pending = [position for position in positions if position not in results]
    stock: dict[str, int] = {}
    amounts: dict[str, Decimal] = {}
    currency = _listing_currency(listing)
    for position in pending:
        item = items[position]
        if isinstance(item, StockUpdate):
            stock[item.sku] = item.quantity
            continue
        price = prices[position]
        if currency is not None and price.currency != currency:
            results[position] = ItemResult.rejected(
                item.sku,
                message=f"price in {price.currency} but Etsy listing {listing_id} is in {currency}",
            )
            continue
        amounts[item.sku] = price.amount
    plan = plan_inventory_write(listing_id, listing.inventory, stock=stock, prices=amounts)
    for position in pending:
        reason = plan.rejected.get(items[position].sku)
        if reason is not None:
            results[position] = ItemResult.rejected(items[position].sku, message=reason)
    return plan if plan.update is not None else None


def _listing_currency(listing: Listing) -> str | None:
    assert listing.inventory is not None
    for product in listing.inventory.products:
        for offering in product.offerings:
            if offering.price is not None:
                return offering.price.currency_code.upper()
    return listing.price.currency_code.upper() if listing.price is not None else None


def settle(
    listing_id: int,
    positions: Sequence[int],
    items: Sequence[StockUpdate | PriceUpdate],
    results: dict[int, ItemResult],
    error: MarketplaceError | None = None,
) -> None:
    """Give every still-open update at `positions` its result: ok, or the write's error.

    Examples:
        >>> results = {}
        >>> settle(9, [0], [StockUpdate(sku="A", quantity=1)], results)
        >>> results[0].marketplace_id
        '9'
    """
    for position in positions:
        if position in results:
            continue
        sku = items[position].sku
        results[position] = (
            error_result(sku, error)
            if error is not None
            else ItemResult.ok(sku, marketplace_id=str(listing_id))
        )


def reject_over_ceiling(
    updates: Sequence[StockUpdate | PriceUpdate],
    results: dict[int, ItemResult],
    maximum: int | None,
) -> None:
    """Reject, before anything is sent, each stock update above `maximum` units (ETSY-Q37).

    Examples:
        >>> results = {}
        >>> reject_over_ceiling([StockUpdate(sku="MUG", quantity=1500)], results, 999)
        >>> results[0].reason.message
        "SKU 'MUG': Etsy takes at most 999 units per offering, not 1500"
    """
    if maximum is None:
        return
    for position, update in enumerate(updates):
        if position in results or not isinstance(update, StockUpdate):
            continue
        if update.quantity > maximum:
            results[position] = ItemResult.rejected(
                update.sku,
                code="quantity_above_ceiling",
                message=(
                    f"SKU {update.sku!r}: Etsy takes at most {maximum} units per offering, "
                    f"not {update.quantity}"
                ),
            )


def readiness_of(listing: Listing) -> dict[str, int]:
    """The processing profile (`readiness_state_id`) of each SKU of `listing`, where the read
    shows one (Etsy shows it only on some reads: ETSY-Q12).

    Examples:
        >>> from marketplace_sdk.etsy._models import ListingInventory
        >>> inventory = ListingInventory.model_validate({"products": [{"sku": "A",
        ...     "offerings": [{"quantity": 1, "readiness_state_id": 55}]}]})
        >>> readiness_of(Listing(listing_id=1, inventory=inventory))
        {'A': 55}
    """
    found: dict[str, int] = {}
    if listing.inventory is None:
        return found
    for product in listing.inventory.products:
        sku = (product.sku or "").strip()
        for offering in product.offerings:
            if sku and offering.readiness_state_id is not None:
                found[sku] = offering.readiness_state_id
    return found
