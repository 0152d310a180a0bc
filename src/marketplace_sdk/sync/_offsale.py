"""`CursorOffSaleStore`: the listings a channel took off sale, kept in the host's cursor store.

A channel that cannot hold a listing at zero stock takes it off sale itself and records that
(`marketplace_sdk.core._offsale`). Keeping the records next to the jobs' cursors means they
live where the host already persists sync state (SQLite by default, or the host's own
`CursorStore`), and survive a restart of the worker.

Examples:
    >>> from marketplace_sdk.core._offsale import OffSale
    >>> from marketplace_sdk.sync._cursors import MemoryCursorStore
    >>> cursors = MemoryCursorStore()
    >>> store = CursorOffSaleStore(cursors)
    >>> store.save("etsy", "42", {"7": OffSale("7", placeholder="MUG", reactivate=True)})
    >>> CursorOffSaleStore(cursors).load("etsy", "42")["7"].placeholder
    'MUG'
"""

from __future__ import annotations

from collections.abc import Mapping

from marketplace_sdk.core._offsale import OffSale
from marketplace_sdk.sync._cursors import CursorKey, CursorState, CursorStore

__all__ = ["OFF_SALE_JOB", "CursorOffSaleStore"]

#: The cursor job id the records are kept under, one cursor per marketplace and shop.
OFF_SALE_JOB = "stock.off_sale"


class CursorOffSaleStore:
    """An `OffSaleStore` over a `CursorStore` (one cursor per shop, job `stock.off_sale`).

    Args:
        cursors: the host's cursor store.

    Examples:
        store = CursorOffSaleStore(SQLiteCursorStore("cursors.db"))
        channel = EtsyChannel(client, shop_id, off_sale=store)
    """

    def __init__(self, cursors: CursorStore) -> None:
        """Keep records in `cursors`."""
        self._cursors = cursors

    def load(self, marketplace: str, shop_id: str) -> dict[str, OffSale]:
        """The shop's records by listing id."""
        state = self._cursors.load(CursorKey(marketplace, shop_id, OFF_SALE_JOB))
        listings = state.extra.get("listings") or {}
        return {str(key): OffSale.from_json(value) for key, value in listings.items()}

    def save(self, marketplace: str, shop_id: str, records: Mapping[str, OffSale]) -> None:
        """Replace the shop's records, durably (the cursor store's `save`)."""
        listings = {key: record.to_json() for key, record in records.items()}
        self._cursors.save(
            CursorKey(marketplace, shop_id, OFF_SALE_JOB), CursorState(extra={"listings": listings})
        )
