"""Keeping a sold-out Etsy listing off sale in a way Etsy accepts (ETSY-Q01, Q02, Q03).

Etsy refuses any inventory whose enabled offerings all have quantity 0, so "stock 0 for every
SKU of a listing" cannot be written as such. The channel decides, per listing, from the
inventory it is about to write (the pushed stock applied), the listing's state on Etsy, and
what it recorded earlier:

- while some enabled offering has real stock, the inventory is written as it is (the sold-out
  variants at 0); a listing the channel took off sale itself is activated again after the
  write (a restock), as is a listing Etsy sold out (a restock does not renew it);
- when none has, the listing is deactivated first (unless it is off sale already, or a draft),
  the write keeps one placeholder unit on one offering, and an `OffSale` record says which SKU
  holds it and whether a restock should put the listing back on sale (never a draft's: a draft
  is published by its seller alone).

The placeholder's real stock is 0: it stays 0 until a push sets that SKU. Without a store
that outlives the process, a listing read inactive (or `edit`) whose only stock is one unit on
one offering is taken to be one the channel took off sale.

Examples:
    >>> from decimal import Decimal
    >>> from marketplace_sdk.etsy._models import InventoryProductWrite
    >>> from marketplace_sdk.etsy._models import InventoryOfferingWrite as Offer
    >>> update = InventoryUpdate(products=[
    ...     InventoryProductWrite(sku="MUG", offerings=[Offer(price=Decimal("9"), quantity=0)])])
    >>> step = plan_stock_state(7, "active", update, pushed={"MUG"}, record=None)
    >>> step.deactivate, step.update.products[0].offerings[0].quantity, step.record.placeholder
    (True, 1, 'MUG')
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

import attrs

from marketplace_sdk.core._offsale import OffSale
from marketplace_sdk.etsy._models import InventoryUpdate, ListingInventory

__all__ = [
    "NOT_FOR_SALE_STATES",
    "OFF_SALE_STATES",
    "REACTIVATION_REFUSED",
    "REFUSED",
    "StockStep",
    "fill_readiness",
    "placeholder_of",
    "plan_stock_state",
    "real_stock",
]

#: States in which a listing is off sale but could be put back on sale by the seller or us.
OFF_SALE_STATES = frozenset({"inactive", "edit"})

#: States in which a listing is not for sale: the off-sale ones, and a draft, which only its
#: seller publishes (Etsy refuses to set a draft inactive, and the channel never publishes one
#: on a restock).
NOT_FOR_SALE_STATES = OFF_SALE_STATES | {"draft"}

#: The per-item result code of a restock whose listing Etsy refused to re-activate (ETSY-Q03).
REACTIVATION_REFUSED = "listing_not_reactivated"

#: The key of `OffSale.extra` saying Etsy refused to re-activate the listing: not asked again.
REFUSED = "activation_refused"


@attrs.frozen
class StockStep:
    """What to send for one listing, in order: deactivate, write, activate; and what to record.

    Attributes:
        update: the inventory to write (`None`: nothing to write).
        deactivate: set the listing inactive before writing.
        activate: set the listing active after writing.
        record: the record to keep for the listing (`None`: drop any).

    Examples:
        >>> StockStep(None, deactivate=False, activate=False, record=None).update is None
        True
    """

    update: InventoryUpdate | None
    deactivate: bool
    activate: bool
    record: OffSale | None


def placeholder_of(inventory: ListingInventory | InventoryUpdate) -> str | None:
    """The SKU of the only stock of a listing left as a placeholder: one enabled offering
    with quantity 1, every other enabled offering at 0. `None` when it does not look so.

    Examples:
        >>> read = ListingInventory.model_validate({"products": [
        ...     {"sku": "A", "offerings": [{"quantity": 1}]},
        ...     {"sku": "B", "offerings": [{"quantity": 0}]}]})
        >>> placeholder_of(read)
        'A'
    """
    holding = [
        (product.sku or "").strip()
        for product in inventory.products
        for offering in product.offerings
        if offering.is_enabled and offering.quantity > 0
    ]
    quantities = [
        offering.quantity
        for product in inventory.products
        for offering in product.offerings
        if offering.is_enabled and offering.quantity > 0
    ]
    return holding[0] if quantities == [1] else None


def real_stock(update: InventoryUpdate, placeholder: str | None, pushed: Collection[str]) -> int:
    """Units for sale across enabled offerings, the placeholder counting 0 unless pushed.

    Examples:
        >>> from decimal import Decimal
        >>> from marketplace_sdk.etsy._models import InventoryProductWrite
        >>> from marketplace_sdk.etsy._models import InventoryOfferingWrite as Offer
        >>> update = InventoryUpdate(products=[InventoryProductWrite(sku="A",
        ...     offerings=[Offer(price=Decimal("1"), quantity=1)])])
        >>> real_stock(update, "A", pushed=()), real_stock(update, "A", pushed={"A"})
        (0, 1)
    """
    total = 0
    for product in update.products:
        sku = (product.sku or "").strip()
        for offering in product.offerings:
            if not offering.is_enabled:
                continue
            if placeholder is not None and sku == placeholder and sku not in pushed:
                continue
            total += offering.quantity
    return total


def _zero_placeholder(update: InventoryUpdate, placeholder: str, pushed: Collection[str]) -> None:
    if placeholder in pushed:
        return
    for product in update.products:
        if (product.sku or "").strip() == placeholder:
            for offering in product.offerings:
                offering.quantity = 0


def _put_placeholder(update: InventoryUpdate, wanted: str | None) -> str:
    enabled = [
        product
        for product in update.products
        if any(offering.is_enabled for offering in product.offerings)
    ]
    candidates = enabled or list(update.products)
    chosen = next((p for p in candidates if (p.sku or "").strip() == wanted), candidates[0])
    offering = next((o for o in chosen.offerings if o.is_enabled), chosen.offerings[0])
    offering.is_enabled = True
    offering.quantity = 1
    return (chosen.sku or "").strip()


def plan_stock_state(
    listing_id: int,
    state: str,
    update: InventoryUpdate,
    *,
    pushed: Collection[str],
    record: OffSale | None,
    derive: bool = False,
    readiness: Mapping[str, int] | None = None,
) -> StockStep:
    """Decide how to write `update` (the pushed stock applied) to a listing read in `state`.

    Args:
        listing_id: the listing.
        state: its state as Etsy read it (`active`, `inactive`, `edit`, `sold_out`...).
        update: the whole inventory to write, the pushed stock and prices applied.
        pushed: the SKUs whose stock this push sets.
        record: what the channel recorded when it took the listing off sale, if it did.
        derive: no record outlives the process: read a placeholder-looking inactive listing
            as one the channel took off sale.
        readiness: processing profiles by SKU to keep with a new record.

    Examples:
        >>> from decimal import Decimal
        >>> from marketplace_sdk.etsy._models import InventoryProductWrite
        >>> from marketplace_sdk.etsy._models import InventoryOfferingWrite as Offer
        >>> update = InventoryUpdate(products=[InventoryProductWrite(sku="MUG",
        ...     offerings=[Offer(price=Decimal("9"), quantity=4)])])
        >>> record = OffSale("7", placeholder="MUG", reactivate=True)
        >>> step = plan_stock_state(7, "inactive", update, pushed={"MUG"}, record=record)
        >>> step.activate, step.record
        (True, None)
    """
    state = state.lower()
    if record is None and derive and state in OFF_SALE_STATES:
        derived = placeholder_of(update)
        if derived is not None and derived not in pushed:
            record = OffSale(str(listing_id), placeholder=derived, reactivate=True)
    placeholder = record.placeholder if record is not None and record.placeholder else None
    if real_stock(update, placeholder, pushed) > 0:
        if placeholder is not None:
            _zero_placeholder(update, placeholder, pushed)
        refused = record is not None and bool(record.extra.get(REFUSED))
        activate = not refused and (
            (record is not None and record.reactivate and state in OFF_SALE_STATES)
            or state == "sold_out"
        )
        # A refused activation is asked once: the record stays until the seller acts.
        kept = record if refused and state != "active" else None
        return StockStep(update, deactivate=False, activate=activate, record=kept)
    if state == "sold_out":
        # Buyers sold it out on Etsy: it is off sale already, and Etsy holds it at 0.
        return StockStep(None, deactivate=False, activate=False, record=None)
    if placeholder is not None:
        _zero_placeholder(update, placeholder, pushed)
    held = _put_placeholder(update, placeholder)
    on_sale = state not in NOT_FOR_SALE_STATES
    reactivate = on_sale or (record is not None and record.reactivate and state != "draft")
    extra: dict[str, Any] = dict(record.extra) if record is not None else {}
    extra.pop(REFUSED, None)
    if readiness:
        extra["readiness"] = {**(extra.get("readiness") or {}), **readiness}
    return StockStep(
        update,
        deactivate=on_sale,
        activate=False,
        record=OffSale(str(listing_id), placeholder=held, reactivate=reactivate, extra=extra),
    )


def fill_readiness(update: InventoryUpdate, known: Mapping[str, int]) -> None:
    """Give back each offering read with a null `readiness_state_id` the last one seen for its
    SKU (ETSY-Q12: Etsy reads null for inactive listings and on the batch endpoint, and a null
    written clears it).

    Examples:
        >>> from decimal import Decimal
        >>> from marketplace_sdk.etsy._models import InventoryProductWrite
        >>> from marketplace_sdk.etsy._models import InventoryOfferingWrite as Offer
        >>> update = InventoryUpdate(products=[InventoryProductWrite(sku="A",
        ...     offerings=[Offer(price=Decimal("1"), quantity=1)])])
        >>> fill_readiness(update, {"A": 55})
        >>> update.products[0].offerings[0].readiness_state_id
        55
    """
    for product in update.products:
        sku = (product.sku or "").strip()
        for offering in product.offerings:
            if offering.readiness_state_id is None and sku in known:
                offering.readiness_state_id = known[sku]
