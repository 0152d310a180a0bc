"""Listings a channel took off sale itself, remembered so a restart does not forget them.

Some marketplaces cannot hold a listing at zero stock (Etsy refuses an inventory with no stock:
ETSY-Q01), so a channel takes a sold-out listing off sale by deactivating it and leaving a
placeholder unit behind. It must then remember that it did so, and why: on restock it puts the
listing back on sale, and if the seller re-activates it by hand without real stock, the next
push takes it off sale again. An `OffSaleStore` keeps those records per marketplace and shop;
`MemoryOffSaleStore` holds them for the life of the process, and the sync package's
`CursorOffSaleStore` keeps them in the host's cursor store (SQLite by default).

Examples:
    >>> store = MemoryOffSaleStore()
    >>> store.save("etsy", "42", {"7": OffSale("7", placeholder="MUG", reactivate=True)})
    >>> store.load("etsy", "42")["7"].placeholder
    'MUG'
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any, Protocol, runtime_checkable

import attrs

__all__ = ["MemoryOffSaleStore", "OffSale", "OffSaleStore"]


@attrs.frozen
class OffSale:
    """One listing a channel took off sale.

    Attributes:
        listing_id: the marketplace's listing id, as text.
        placeholder: the SKU holding the placeholder unit (its real stock is 0).
        reactivate: whether the channel put the listing off sale itself (it was on sale), so a
            restock puts it back on sale; false when the seller had deactivated it already.
        extra: small marketplace data to restore on restock (JSON-serialisable), such as
            Etsy's processing profile of each SKU, which Etsy reads back as null once the
            listing is inactive.

    Examples:
        >>> OffSale.from_json(OffSale("7", "MUG", True).to_json()).reactivate
        True
    """

    listing_id: str
    placeholder: str
    reactivate: bool
    extra: Mapping[str, Any] = attrs.field(factory=dict)

    def to_json(self) -> dict[str, Any]:
        """The record as JSON data."""
        return {
            "listing_id": self.listing_id,
            "placeholder": self.placeholder,
            "reactivate": self.reactivate,
            "extra": dict(self.extra),
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> OffSale:
        """Read what `to_json` wrote."""
        return cls(
            listing_id=str(data["listing_id"]),
            placeholder=str(data["placeholder"]),
            reactivate=bool(data["reactivate"]),
            extra=dict(data.get("extra") or {}),
        )


@runtime_checkable
class OffSaleStore(Protocol):
    """Where a channel keeps the listings it took off sale, per marketplace and shop.

    `save` stores the whole map for the shop and must be durable before it returns.

    Examples:
        >>> isinstance(MemoryOffSaleStore(), OffSaleStore)
        True
    """

    def load(self, marketplace: str, shop_id: str) -> dict[str, OffSale]:
        """The shop's records by listing id (empty when there are none)."""
        ...

    def save(self, marketplace: str, shop_id: str, records: Mapping[str, OffSale]) -> None:
        """Replace the shop's records with `records`."""
        ...


class MemoryOffSaleStore:
    """Records in a dict, for the life of the process (the channel's default).

    Examples:
        >>> store = MemoryOffSaleStore()
        >>> store.load("etsy", "1")
        {}
    """

    def __init__(self) -> None:
        """An empty store."""
        self._data: dict[tuple[str, str], dict[str, OffSale]] = {}
        self._lock = threading.Lock()

    def load(self, marketplace: str, shop_id: str) -> dict[str, OffSale]:
        """A copy of the shop's records."""
        with self._lock:
            return dict(self._data.get((marketplace, shop_id), {}))

    def save(self, marketplace: str, shop_id: str, records: Mapping[str, OffSale]) -> None:
        """Keep a copy of `records`."""
        with self._lock:
            self._data[(marketplace, shop_id)] = dict(records)
