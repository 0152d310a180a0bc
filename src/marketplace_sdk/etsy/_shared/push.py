"""The pure planning of stock and price pushes: which listing, which write, which result.

Examples:
    >>> from marketplace_sdk.core._models import StockUpdate
    >>> plan_targets([StockUpdate(sku="A", quantity=1)], {"A": 7}).listing_ids
    [7]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TypeVar

import attrs

from marketplace_sdk.core._errors import MarketplaceError
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.etsy._mapping import InventoryPlan, plan_inventory_write
from marketplace_sdk.etsy._models import Listing
from marketplace_sdk.etsy._pricing import resolve_price
from marketplace_sdk.etsy._shared.channel import error_result

__all__ = [
    "PushTargets",
    "merge_last",
    "plan_listing",
    "plan_targets",
    "readiness_of",
    "reject_over_ceiling",
    "resolve_prices",
    "settle",
]

T = TypeVar("T")


@attrs.frozen
class PushTargets:
    """A push resolved to listings: the updates per listing id and the unknown SKUs' results.

    Examples:
        >>> PushTargets({}, {}).listing_ids
        []
    """

    by_listing: Mapping[int, list[int]]
    results: dict[int, ItemResult]

    @property
    def listing_ids(self) -> list[int]:
        """The listings to write, in ascending order (the order locks are taken in)."""
        return sorted(self.by_listing)


def plan_targets(
    updates: Sequence[StockUpdate | PriceUpdate], index: Mapping[str, int]
) -> PushTargets:
    """Group updates by the listing holding their SKU (`marketplace_id` wins when given).

    An update whose SKU no listing holds gets a rejected result now.

    Examples:
        >>> targets = plan_targets([StockUpdate(sku="A", quantity=1),
        ...                         StockUpdate(sku="Z", quantity=1)], {"A": 7})
        >>> dict(targets.by_listing), targets.results[1].reason.message
        ({7: [0]}, "unknown SKU 'Z': no Etsy listing has it")
    """
    by_listing: dict[int, list[int]] = {}
    results: dict[int, ItemResult] = {}
    for position, update in enumerate(updates):
        listing_id: int | None = index.get(update.sku)
        if update.marketplace_id is not None and update.marketplace_id.isdigit():
            listing_id = int(update.marketplace_id)
        if listing_id is None:
            results[position] = ItemResult.rejected(
                update.sku, message=f"unknown SKU {update.sku!r}: no Etsy listing has it"
            )
            continue
        by_listing.setdefault(listing_id, []).append(position)
    return PushTargets(by_listing, results)


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
