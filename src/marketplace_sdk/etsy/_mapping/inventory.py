"""Canonical stock and price updates planned as one `updateListingInventory` write per listing.

`updateListingInventory` replaces the whole inventory, so a push reads it, changes the offerings
of the SKUs asked for and writes everything back (`InventoryUpdate.from_inventory`), keeping the
other products and offerings intact.

Etsy only lets a value differ between products along the properties its `*_on_property` array
names: products with the same values of those properties share one price (or quantity). Setting
one SKU's price therefore sets it on every product of its group; two updates that ask different
values for one group are both rejected.

Examples:
    >>> read = ListingInventory.model_validate({"products": [
    ...     {"sku": "A", "offerings": [{"quantity": 1, "price":
    ...         {"amount": 500, "divisor": 100, "currency_code": "EUR"}}]}]})
    >>> plan = plan_inventory_write(1, read, stock={"A": 9})
    >>> plan.update.products[0].offerings[0].quantity, plan.rejected
    (9, {})
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import TypeVar

import attrs

from marketplace_sdk.core._records import DATA_ERRORS, record_error
from marketplace_sdk.etsy._models import InventoryProductWrite, InventoryUpdate, ListingInventory

__all__ = ["InventoryPlan", "plan_inventory_write"]

V = TypeVar("V", int, Decimal)


@attrs.frozen
class InventoryPlan:
    """What to write to one listing, and why some SKUs cannot be written.

    Attributes:
        listing_id: the listing.
        update: the whole inventory to write; `None` when nothing is left to change.
        applied: the SKUs the write sets.
        rejected: the SKUs refused, each with the reason.

    Examples:
        >>> InventoryPlan(1, None, frozenset(), {"X": "unknown"}).rejected
        {'X': 'unknown'}
    """

    listing_id: int
    update: InventoryUpdate | None
    applied: frozenset[str]
    rejected: Mapping[str, str]


def _group_key(product: InventoryProductWrite, property_ids: list[int]) -> tuple[object, ...]:
    return tuple(
        tuple(value.values)
        for value in product.property_values
        if value.property_id in property_ids
    )


def _apply(
    listing_id: int,
    products: list[InventoryProductWrite],
    property_ids: list[int],
    wanted: Mapping[str, V],
    field: str,
    rejected: dict[str, str],
) -> set[str]:
    groups: dict[tuple[object, ...], dict[str, V]] = {}
    for product in products:
        sku = (product.sku or "").strip()
        if sku in wanted:
            groups.setdefault(_group_key(product, property_ids), {})[sku] = wanted[sku]
    applied: set[str] = set()
    for key, asked in groups.items():
        if len(set(asked.values())) > 1:
            reason = (
                f"listing {listing_id} has one {field} for SKUs {', '.join(sorted(asked))} "
                f"(it does not vary on their properties); they were sent different values"
            )
            rejected.update(dict.fromkeys(asked, reason))
            continue
        value = next(iter(asked.values()))
        for product in products:
            if _group_key(product, property_ids) == key:
                for offering in product.offerings:
                    setattr(offering, field, value)
        applied.update(asked)
    return applied


def plan_inventory_write(
    listing_id: int,
    inventory: ListingInventory,
    *,
    stock: Mapping[str, int] | None = None,
    prices: Mapping[str, Decimal] | None = None,
) -> InventoryPlan:
    """Plan the read-modify-write of one listing's inventory for new stock levels and prices.

    Args:
        listing_id: the listing (for reasons).
        inventory: the inventory just read.
        stock: new quantities by SKU.
        prices: new prices by SKU (already resolved and checked, in the listing's currency).

    Raises:
        RecordError: the inventory read cannot be written back as it is (a negative quantity,
            say), so no write can be planned on it.

    Examples:
        >>> plan = plan_inventory_write(4, ListingInventory(), stock={"B": 1})
        >>> plan.update is None, plan.rejected["B"]
        (True, "SKU 'B' is not on listing 4")
    """
    stock = dict(stock or {})
    prices = dict(prices or {})
    try:
        update = InventoryUpdate.from_inventory(inventory)
    except DATA_ERRORS as error:
        raw = inventory.model_dump(mode="json")
        raise record_error(
            error, kind="inventory", record_id=listing_id, raw=raw, marketplace="etsy"
        ) from error
    present = {(product.sku or "").strip() for product in update.products}
    rejected: dict[str, str] = {
        sku: f"SKU {sku!r} is not on listing {listing_id}"
        for sku in {*stock, *prices}
        if sku not in present
    }
    applied = _apply(
        listing_id,
        update.products,
        update.quantity_on_property,
        {k: v for k, v in stock.items() if k in present},
        "quantity",
        rejected,
    )
    applied |= _apply(
        listing_id,
        update.products,
        update.price_on_property,
        {k: v for k, v in prices.items() if k in present},
        "price",
        rejected,
    )
    applied -= set(rejected)
    return InventoryPlan(
        listing_id=listing_id,
        update=update if applied else None,
        applied=frozenset(applied),
        rejected=rejected,
    )
