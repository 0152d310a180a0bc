"""Everything the sandbox knows, in one place the handlers share.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> world = World.empty(FakeClock(), seed=1)
    >>> world.new_id() < world.new_id()
    True
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import datetime

import attrs

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.etsy.sandbox._behaviours import ETSY_BEHAVIOURS
from marketplace_sdk.etsy.sandbox._catalog_records import (
    Carrier,
    ProcessingProfile,
    ReturnPolicy,
    ShippingProfile,
    ShopSection,
    TaxonomyNode,
)
from marketplace_sdk.etsy.sandbox._listing_index import ListingTable
from marketplace_sdk.etsy.sandbox._state import Listing, Receipt, SandboxApp, SellerAccount
from marketplace_sdk.etsy.sandbox._wire import SandboxHTTPError
from marketplace_sdk.testing import Behaviours

__all__ = ["World"]

#: The seller's user id; Etsy prefixes every token with it.
DEFAULT_USER_ID = 12345678
DEFAULT_SHOP_ID = 23456789


def _as_table(listings: dict[int, Listing]) -> ListingTable:
    return listings if isinstance(listings, ListingTable) else ListingTable(listings)


@attrs.define
class World:
    """The sandbox's state: the seller, apps, listings, receipts and catalogues.

    Examples:
        >>> from marketplace_sdk.core._clock import FakeClock
        >>> world = World.empty(FakeClock())
        >>> world.seller.user_id, world.listings
        (12345678, {})
    """

    clock: Clock
    rng: random.Random
    seller: SellerAccount
    apps: dict[str, SandboxApp] = attrs.Factory(dict)
    #: Every listing by id, each state's kept in page order on write (`ListingTable`).
    listings: ListingTable = attrs.field(factory=ListingTable, converter=_as_table)
    receipts: dict[int, Receipt] = attrs.Factory(dict)
    profiles: dict[int, ShippingProfile] = attrs.Factory(dict)
    sections: dict[int, ShopSection] = attrs.Factory(dict)
    processing_profiles: dict[int, ProcessingProfile] = attrs.Factory(dict)
    return_policies: dict[int, ReturnPolicy] = attrs.Factory(dict)
    taxonomy: list[TaxonomyNode] = attrs.Factory(list)
    carriers: list[Carrier] = attrs.Factory(list)
    #: Order events waiting for webhook delivery: (event type, receipt id).
    events: list[tuple[str, int]] = attrs.Factory(list)
    #: The user id of the token on the request being served, when it carried one.
    current_user_id: int | None = None
    #: The catalogued behaviours the handlers consult (`behaviours.on("ETSY-Q01")`).
    behaviours: Behaviours = attrs.Factory(lambda: Behaviours(ETSY_BEHAVIOURS))
    _next_id: int = 1_000_000_001

    @classmethod
    def empty(cls, clock: Clock, *, seed: int = 42) -> World:
        """A world with the default seller and nothing else."""
        seller = SellerAccount(
            user_id=DEFAULT_USER_ID,
            shop_id=DEFAULT_SHOP_ID,
            shop_name="SandboxShop",
            login_name="sandbox_seller",
            created=clock.now(),
        )
        return cls(clock=clock, rng=random.Random(seed), seller=seller)

    def now(self) -> datetime:
        """The sandbox's current time."""
        return self.clock.now()

    def start_ids_at(self, first: int) -> None:
        """Give ids from `first` on (never going back below ids already given)."""
        self._next_id = max(self._next_id, first)

    def new_id(self) -> int:
        """A fresh id, unique across every kind of record."""
        value = self._next_id
        self._next_id += 1
        return value

    def listing(self, listing_id: int) -> Listing:
        """The listing, or a 404."""
        found = self.listings.get(listing_id)
        if found is None:
            raise SandboxHTTPError(404, f"Listing with listing_id {listing_id} not found")
        return found

    def shop_listing(self, shop_id: int, listing_id: int) -> Listing:
        """A listing of `shop_id`, or a 404."""
        self.check_shop(shop_id)
        found = self.listing(listing_id)
        if found.shop_id != shop_id:
            raise SandboxHTTPError(404, f"Listing {listing_id} does not belong to shop {shop_id}")
        return found

    def receipt(self, shop_id: int, receipt_id: int) -> Receipt:
        """A receipt of `shop_id`, or a 404."""
        self.check_shop(shop_id)
        found = self.receipts.get(receipt_id)
        if found is None or found.shop_id != shop_id:
            raise SandboxHTTPError(404, f"Receipt with receipt_id {receipt_id} not found")
        return found

    def check_shop(self, shop_id: int) -> None:
        """404 for another shop; 403 when the token's user does not own this one."""
        if shop_id != self.seller.shop_id:
            raise SandboxHTTPError(404, f"Shop with shop_id {shop_id} not found")
        if self.current_user_id is not None and self.current_user_id != self.seller.user_id:
            raise SandboxHTTPError(403, "You do not have permission to access this shop")

    def nodes(self) -> Iterator[TaxonomyNode]:
        """Every taxonomy node, depth first."""
        stack = list(reversed(self.taxonomy))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def node(self, taxonomy_id: int) -> TaxonomyNode | None:
        """The taxonomy node with this id, if any."""
        return next((node for node in self.nodes() if node.id == taxonomy_id), None)

    def emit(self, event_type: str, receipt: Receipt) -> None:
        """Queue an order event for the webhook endpoints."""
        self.events.append((event_type, receipt.receipt_id))
