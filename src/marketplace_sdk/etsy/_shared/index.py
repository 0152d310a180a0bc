"""Which listing holds which SKU, learnt from every listing the channel reads.

Etsy cannot look a listing up by SKU, so the channel remembers the SKUs of the listings it has
read; a miss before the index is complete triggers one full read of the shop's listings. A
listing Etsy's schema refused is remembered too, from the SKUs it carries as received, so
looking its SKU up reaches that listing (and its typed error) rather than "no such SKU".

Examples:
    >>> from marketplace_sdk.etsy._models import Listing
    >>> index = SkuIndex()
    >>> index.remember(Listing(listing_id=5, skus=["MUG"]))
    >>> index.remember(Listing(listing_id=3, skus=["MUG"]))  # a duplicate: the import keeps 3
    >>> index.remember(Listing(listing_id=9, skus=["MUG"]))
    >>> index.get("MUG"), index.complete
    (3, False)
"""

from __future__ import annotations

import threading

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.etsy._mapping import listing_skus
from marketplace_sdk.etsy._models import Listing

__all__ = ["SkuIndex"]


class SkuIndex:
    """A thread-safe map from SKU to listing id.

    A SKU several listings share maps to the listing the catalogue import keeps for it
    (`marketplace_sdk.core._catalog.dedupe_by_sku`: the lowest listing id), so stock and prices
    pushed for that SKU reach the product the OMS holds, whatever order listings are read in.

    Examples:
        >>> SkuIndex().get("X") is None
        True
    """

    def __init__(self) -> None:
        """Start empty and incomplete."""
        self._by_sku: dict[str, int] = {}
        self._lock = threading.Lock()
        self._complete = False

    def remember(self, listing: Listing) -> None:
        """Record the SKUs of `listing`."""
        with self._lock:
            for sku in listing_skus(listing):
                self._keep(sku, listing.listing_id)

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
            for sku in _raw_skus(error.raw):
                self._keep(sku, listing_id)

    def add(self, sku: str, listing_id: int) -> None:
        """Record one SKU (a listing the channel just created)."""
        with self._lock:
            self._keep(sku, listing_id)

    def _keep(self, sku: str, listing_id: int) -> None:
        known = self._by_sku.get(sku)
        self._by_sku[sku] = listing_id if known is None else min(known, listing_id)

    def get(self, sku: str) -> int | None:
        """The listing holding `sku`, if known."""
        with self._lock:
            return self._by_sku.get(sku)

    def snapshot(self) -> dict[str, int]:
        """A copy of the whole map."""
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
