"""The sandbox's listing table keeps page orders on write: always what a fresh sort gives."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox._listing_index import Descending, ListingTable
from marketplace_sdk.etsy.sandbox._state import Inventory, Listing
from marketplace_sdk.etsy.sandbox._world import World

STATES = ("active", "inactive", "sold_out", "draft", "expired", "edit")
START = datetime(2026, 1, 1, tzinfo=UTC)
QUERIES = [
    (frozenset({"active"}), "created"),
    (frozenset({"inactive", "edit"}), "updated"),
    (frozenset({"sold_out"}), "updated"),
    (frozenset({"draft", "expired"}), "created"),
]


def listing(number: int, state: str, minute: int) -> Listing:
    when = START + timedelta(minutes=minute)
    return Listing(number, 1, 1, f"#{number}", "", state, when, when, Inventory([]))


def fresh(table: dict[int, Listing], states: frozenset[str], field: str) -> list[Listing]:
    matching = [item for item in table.values() if item.state in states]
    matching.sort(key=lambda item: (Decimal(getattr(item, field).timestamp()), item.listing_id))
    return matching


ids = st.integers(min_value=1, max_value=30)
minutes = st.integers(min_value=0, max_value=20)  # few distinct times: ties on time are common
operations = st.lists(
    st.one_of(
        st.tuples(st.just("put"), ids, st.sampled_from(STATES), minutes),
        st.tuples(st.just("delete"), ids),
        st.tuples(st.just("state"), ids, st.sampled_from(STATES)),
        st.tuples(st.just("updated"), ids, minutes),
        st.tuples(st.just("created"), ids, minutes),
        st.tuples(st.just("renumber"), ids, st.integers(min_value=31, max_value=60)),
        st.tuples(st.just("read"), st.integers(min_value=0, max_value=len(QUERIES) - 1)),
        st.tuples(st.just("pop"), ids),
        st.tuples(st.just("clear")),
    ),
    max_size=60,
)


@settings(max_examples=300)
@given(operations)
def test_every_page_order_is_a_fresh_sort_after_any_writes(steps: list[tuple[Any, ...]]) -> None:
    table = ListingTable()
    for step in steps:
        kind, *args = step
        if kind == "put":
            number, state, minute = args
            table[number] = listing(number, state, minute)
        elif kind == "delete" and args[0] in table:
            del table[args[0]]
        elif kind == "pop":
            table.pop(args[0], None)
        elif kind == "clear":
            table.clear()
        elif kind == "read":
            table.ordered(*QUERIES[args[0]])
        elif args[0] in table:
            item = table[args[0]]
            if kind == "state":
                item.state = args[1]
            elif kind == "renumber":
                if all(other.listing_id != args[1] for other in table.values()):
                    item.listing_id = args[1]  # listing ids stay unique, as Etsy's
            else:
                setattr(item, kind, START + timedelta(minutes=args[1]))
        for states, field in QUERIES:
            assert table.ordered(states, field) == fresh(table, states, field)


def test_a_listing_out_of_the_table_no_longer_moves_its_orders() -> None:
    table = ListingTable({1: listing(1, "active", 0), 2: listing(2, "active", 1)})
    assert [item.listing_id for item in table.ordered(frozenset({"active"}), "created")] == [1, 2]
    gone = table.pop(1)
    gone.state = "inactive"  # a listing the table let go of changes nothing in it
    replaced = table[2]
    table[2] = listing(2, "active", 5)
    replaced.created = START
    assert [item.title for item in table.ordered(frozenset({"active"}), "created")] == ["#2"]
    assert table[2] is not replaced


def test_the_world_keeps_a_table_whatever_it_is_given() -> None:
    world = World.empty(FakeClock())
    world.listings = {7: listing(7, "active", 0)}  # type: ignore[assignment]
    assert isinstance(world.listings, ListingTable)
    assert [
        item.listing_id for item in world.listings.ordered(frozenset({"active"}), "created")
    ] == [7]


@given(st.lists(st.integers(), max_size=20), st.integers(-25, 25), st.integers(-25, 25))
def test_a_descending_view_slices_like_the_reversed_list(
    items: list[int], start: int, stop: int
) -> None:
    view = Descending(items)  # type: ignore[arg-type]
    backwards = items[::-1]
    assert view[start:stop] == backwards[start:stop]
    assert view[start:stop:2] == backwards[start:stop:2]
    assert len(view) == len(items)
    if -len(items) <= start < len(items):
        assert view[start] == backwards[start]
