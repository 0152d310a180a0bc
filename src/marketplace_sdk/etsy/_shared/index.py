"""Which listing holds which SKU, learnt from every listing the channel reads.

Etsy cannot look a listing up by SKU, so the channel remembers the SKUs of the listings it has
read; a miss before the index is complete triggers one full read of the shop's listings. A
listing Etsy's schema refused is remembered too, from the SKUs it carries as received, so
looking its SKU up reaches that listing (and its typed error) rather than "no such SKU".

A SKU can sit on several listings. The index keeps all of them: a SKU is one physical stock,
so a stock push writes it to every listing carrying it (`holders`), while a look-up by SKU
(`get`) gives the listing the catalogue import keeps. Reading a listing again replaces the SKUs
remembered for it, so a SKU the seller moved off a listing stops pointing at it.

Examples:
    >>> from marketplace_sdk.etsy._models import Listing
    >>> index = SkuIndex()
    >>> index.remember(Listing(listing_id=5, skus=["MUG"]))
    >>> index.remember(Listing(listing_id=3, skus=["MUG"]))  # a duplicate: the import keeps 3
    >>> index.remember(Listing(listing_id=9, skus=["MUG"]))
    >>> index.get("MUG"), index.holders("MUG"), index.complete
    (3, (3, 5, 9), False)
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.etsy._mapping import listing_skus
from marketplace_sdk.etsy._models import Listing

__all__ = ["SkuIndex"]


class SkuIndex:
    """A thread-safe map from SKU to the ids of the listings carrying it, in ascending order.

    The first of them is the listing the catalogue import keeps for the SKU
    (`marketplace_sdk.core._catalog.dedupe_by_sku`: the lowest listing id), whatever order
    listings are read in: `get` gives it, so a look-up and a price push reach the product the
    OMS holds. A stock push goes to every one of them (`holders`, `snapshot`).

    Examples:
        >>> SkuIndex().get("X") is None
        True
    """

    def __init__(self) -> None:
        """Start empty and incomplete."""
        self._by_sku: dict[str, tuple[int, ...]] = {}
        self._skus_of: dict[int, frozenset[str]] = {}
        self._lock = threading.Lock()
        self._complete = False

    def remember(self, listing: Listing) -> None:
        """Record the SKUs of `listing`, in place of any recorded for it before.

        Examples:
            >>> index = SkuIndex()
            >>> index.remember(Listing(listing_id=4, skus=["OLD"]))
            >>> index.remember(Listing(listing_id=4, skus=["NEW"]))
            >>> index.get("OLD"), index.get("NEW")
            (None, 4)
        """
        with self._lock:
            self._replace(listing.listing_id, listing_skus(listing))

    def remember_refused(self, error: RecordError) -> None:
        """Record the SKUs a listing Etsy's schema refused carries as received (`error.raw`).

        Examples:
            >>> index = SkuIndex()
            >>> index.remember_refused(RecordError("no", kind="product", record_id="7",
            ...     raw={"listing_id": 7, "quantity": "x", "skus": ["MUG "]}))
            >>> index.get("MUG")
            7
        """
        if error.record_id is None or not error.record_id.isdigit():
            return
        listing_id = int(error.record_id)
        with self._lock:
            self._replace(listing_id, _raw_skus(error.raw))

    def add(self, sku: str, listing_id: int) -> None:
        """Record one more SKU on a listing (a listing the channel just created)."""
        with self._lock:
            self._replace(listing_id, {*self._skus_of.get(listing_id, ()), sku})

    def _replace(self, listing_id: int, skus: Iterable[str]) -> None:
        now = frozenset(skus)
        before = self._skus_of.get(listing_id, frozenset())
        if now == before:
            return
        for sku in before - now:
            left = tuple(held for held in self._by_sku[sku] if held != listing_id)
            if left:
                self._by_sku[sku] = left
            else:
                del self._by_sku[sku]
        for sku in now - before:
            known = self._by_sku.get(sku, ())
            self._by_sku[sku] = (listing_id,) if not known else tuple(sorted({*known, listing_id}))
        if now:
            self._skus_of[listing_id] = now
        else:
            self._skus_of.pop(listing_id, None)

    def get(self, sku: str) -> int | None:
        """The listing the catalogue import keeps for `sku` (the lowest id), if known."""
        with self._lock:
            held = self._by_sku.get(sku)
            return held[0] if held else None

    def holders(self, sku: str) -> tuple[int, ...]:
        """Every listing known to carry `sku`, in ascending order (empty when none is).

        Examples:
            >>> SkuIndex().holders("X")
            ()
        """
        with self._lock:
            return self._by_sku.get(sku, ())

    def snapshot(self) -> dict[str, tuple[int, ...]]:
        """A copy of the whole map: each SKU's listings, in ascending order."""
        with self._lock:
            return dict(self._by_sku)

    def mark_complete(self) -> None:
        """Every listing of the import states has been read."""
        with self._lock:
            self._complete = True

    @property
    def complete(self) -> bool:
        """Whether a full read has finished."""
        with self._lock:
            return self._complete

    def missing(self, skus: set[str]) -> bool:
        """Whether a full read is needed to find some of `skus`."""
        with self._lock:
            return not self._complete and bool(skus - self._by_sku.keys())


def _raw_skus(raw: object) -> list[str]:
    # The SKUs of a listing as received: its inventory products', else its `skus`.
    if not isinstance(raw, dict):
        return []
    inventory = raw.get("inventory")
    products = inventory.get("products") if isinstance(inventory, dict) else None
    found = (
        [p.get("sku") for p in products if isinstance(p, dict)]
        if isinstance(products, list)
        else []
    )
    if not any(isinstance(sku, str) and sku.strip() for sku in found):
        skus = raw.get("skus")
        found = list(skus) if isinstance(skus, list) else []
    return [sku.strip() for sku in found if isinstance(sku, str) and sku.strip()]
