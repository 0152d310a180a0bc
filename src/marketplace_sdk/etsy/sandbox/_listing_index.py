"""The shop's listings by id, with each state's listings kept in page order as they change.

`getListingsByShop` serves a state's listings sorted by creation or update time. Filtering
and sorting the whole shop for every page made reading a shop quadratic, and even checking
that nothing had changed since the last sort cost a pass over the shop per page. The
`ListingTable` (the world's `listings`) keeps, for each set of states and sort field a page
asked for, the matching listings in ascending order, and updates it on write: a listing
added, replaced or removed, and a listing of the table whose `state`, `created`, `updated`
or `listing_id` is set (`Listing` tells its table before the change), moves in or out of
each order by bisection. A page is then a slice, whatever the shop's size. The order is the
one a fresh sort gives: (time as a Unix timestamp, listing id).

Examples:
    >>> from marketplace_sdk.etsy.sandbox._state import Inventory
    >>> from datetime import UTC, datetime
    >>> table = ListingTable()
    >>> when = datetime(2026, 1, 1, tzinfo=UTC)
    >>> for number in (3, 1, 2):
    ...     table[number] = Listing(number, 1, 1, "", "", "active", when, when, Inventory([]))
    >>> [item.listing_id for item in table.ordered(frozenset({"active"}), "created")]
    [1, 2, 3]
    >>> table[2].state = "inactive"
    >>> [item.listing_id for item in table.ordered(frozenset({"active"}), "created")]
    [1, 3]
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from decimal import Decimal
from typing import overload

from marketplace_sdk.etsy.sandbox._state import Listing

__all__ = ["SORTED_FIELDS", "Descending", "ListingTable"]

#: The fields a page can be sorted on that the table keeps orders for.
SORTED_FIELDS = ("created", "updated")
#: The listing fields whose change moves a listing within, into or out of an order.
_WATCHED = frozenset({"state", "listing_id", *SORTED_FIELDS})

_Key = tuple[Decimal, int]


def _key(when: datetime, listing_id: int) -> _Key:
    return (Decimal(when.timestamp()), listing_id)


class _Order:
    """The listings of some states in ascending (time, id) order, with their keys beside."""

    def __init__(self, states: frozenset[str], field: str, listings: Iterable[Listing]) -> None:
        self.states = states
        self.field = field
        pairs = sorted(
            ((_key(getattr(item, field), item.listing_id), item) for item in listings),
            key=lambda pair: pair[0],
        )
        self.keys = [key for key, _ in pairs]
        self.listings = [item for _, item in pairs]

    def add(self, key: _Key, listing: Listing) -> None:
        at = bisect_left(self.keys, key)
        self.keys.insert(at, key)
        self.listings.insert(at, listing)

    def remove(self, key: _Key, listing: Listing) -> None:
        at = bisect_left(self.keys, key)
        while at < len(self.keys) and self.keys[at] == key:
            if self.listings[at] is listing:
                del self.keys[at]
                del self.listings[at]
                return
            at += 1


class Descending(Sequence[Listing]):
    """An ascending list read backwards, without copying it (only what a page slices is).

    Examples:
        >>> list(Descending([1, 2, 3, 4])[1:3])  # type: ignore[list-item]
        [3, 2]
    """

    def __init__(self, ascending: list[Listing]) -> None:
        self._items = ascending

    def __len__(self) -> int:
        return len(self._items)

    @overload
    def __getitem__(self, index: int) -> Listing: ...

    @overload
    def __getitem__(self, index: slice) -> list[Listing]: ...

    def __getitem__(self, index: int | slice) -> Listing | list[Listing]:
        size = len(self._items)
        if isinstance(index, int):
            if not -size <= index < size:
                raise IndexError("listing index out of range")
            return self._items[size - 1 - (index % size)]
        start, stop, step = index.indices(size)
        if step != 1:
            return [self[number] for number in range(start, stop, step)]
        if stop <= start:
            return []
        return self._items[size - stop : size - start][::-1]


class ListingTable(dict[int, Listing]):
    """The world's listings by id, keeping page orders up to date on every write (see module).

    Examples:
        >>> ListingTable().ordered(frozenset({"active"}), "updated")
        []
    """

    def __init__(self, listings: Mapping[int, Listing] | None = None) -> None:
        super().__init__()
        self._orders: dict[tuple[frozenset[str], str], _Order] = {}
        if listings:
            self.update(listings)

    # -- reading -------------------------------------------------------------------------------

    def ordered(self, states: frozenset[str], field: str) -> list[Listing]:
        """The listings in any of `states`, ascending by (`field` time, id); do not change it.

        Examples:
            >>> ListingTable().ordered(frozenset({"draft"}), "created")
            []
        """
        if field not in SORTED_FIELDS:
            raise ValueError(f"no listing order on {field!r}")
        order = self._orders.get((states, field))
        if order is None:
            members = (item for item in self.values() if item.state in states)
            order = self._orders[(states, field)] = _Order(states, field, members)
        return order.listings

    # -- keeping the orders ----------------------------------------------------------------------

    def _join(self, listing: Listing) -> None:
        listing.table = self
        for order in self._orders.values():
            if listing.state in order.states:
                order.add(_key(getattr(listing, order.field), listing.listing_id), listing)

    def _leave(self, listing: Listing) -> None:
        for order in self._orders.values():
            if listing.state in order.states:
                order.remove(_key(getattr(listing, order.field), listing.listing_id), listing)
        if listing.table is self:
            listing.table = None

    def changing(self, listing: Listing, name: str, value: object) -> None:
        """`listing` is about to have `name` set to `value`: move it where it will belong.

        Examples:
            >>> ListingTable().changing(None, "title", "Mug")  # type: ignore[arg-type]
        """
        if name not in _WATCHED or not self._orders:
            return
        state = value if name == "state" else listing.state
        listing_id = value if name == "listing_id" else listing.listing_id
        for order in self._orders.values():
            if name not in ("state", "listing_id", order.field):
                continue
            if listing.state in order.states:
                order.remove(_key(getattr(listing, order.field), listing.listing_id), listing)
            if state in order.states:
                when = value if name == order.field else getattr(listing, order.field)
                assert isinstance(when, datetime)
                assert isinstance(listing_id, int)
                order.add(_key(when, listing_id), listing)

    # -- every way a dict changes ------------------------------------------------------------------

    def __setitem__(self, listing_id: int, listing: Listing) -> None:
        old = self.get(listing_id)
        if old is listing:
            return
        if old is not None:
            self._leave(old)
        super().__setitem__(listing_id, listing)
        self._join(listing)

    def __delitem__(self, listing_id: int) -> None:
        self._leave(self[listing_id])
        super().__delitem__(listing_id)

    def pop(self, listing_id: int, *default: Listing) -> Listing:  # type: ignore[override]
        if listing_id not in self:
            if default:
                return default[0]
            raise KeyError(listing_id)
        listing = self[listing_id]
        del self[listing_id]
        return listing

    def popitem(self) -> tuple[int, Listing]:
        listing_id, listing = next(reversed(self.items()))
        del self[listing_id]
        return listing_id, listing

    def clear(self) -> None:
        for listing in self.values():
            if listing.table is self:
                listing.table = None
        super().clear()
        self._orders.clear()

    def setdefault(self, listing_id: int, listing: Listing) -> Listing:
        if listing_id not in self:
            self[listing_id] = listing
        return self[listing_id]

    def update(  # type: ignore[override]
        self, listings: Mapping[int, Listing] | Iterable[tuple[int, Listing]] = ()
    ) -> None:
        pairs = listings.items() if isinstance(listings, Mapping) else listings
        for listing_id, listing in pairs:
            self[listing_id] = listing

    def __ior__(self, listings: Mapping[int, Listing]) -> ListingTable:  # type: ignore[override,misc]
        self.update(listings)
        return self
