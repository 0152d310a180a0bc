"""The duplicate-SKU rule: one product per SKU, every duplicate reported, order-independent."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._catalog import dedupe_by_sku
from marketplace_sdk.core._models import Product


def product(
    sku: str, marketplace_id: str, *, title: str = "", updated_at: datetime | None = None
) -> Product:
    return Product(
        sku=sku, title=title or sku, marketplace_id=marketplace_id, updated_at=updated_at
    )


def test_lowest_numeric_id_wins_as_a_number_not_as_text() -> None:
    result = dedupe_by_sku([product("A", "100"), product("A", "99"), product("A", "1000")])
    assert [p.marketplace_id for p in result.products] == ["99"]
    [duplicate] = result.duplicates
    assert duplicate.sku == "A"
    assert duplicate.kept.marketplace_id == "99"
    assert duplicate.dropped_ids == ("100", "1000")
    assert "kept marketplace id 99, skipped 100, 1000" in duplicate.describe()


def test_numeric_ids_come_before_other_ids() -> None:
    result = dedupe_by_sku([product("A", "abc"), product("A", "5")])
    assert result.products[0].marketplace_id == "5"


def test_same_id_twice_keeps_the_latest_update() -> None:
    old = product("A", "7", title="old", updated_at=datetime(2026, 1, 1, tzinfo=UTC))
    new = product("A", "7", title="new", updated_at=datetime(2026, 2, 1, tzinfo=UTC))
    unknown = product("A", "7", title="unknown")
    assert dedupe_by_sku([old, unknown, new]).products[0].title == "new"


def test_unique_skus_are_kept_and_nothing_reported() -> None:
    result = dedupe_by_sku([product("B", "2"), product("A", "1")])
    assert [p.sku for p in result.products] == ["A", "B"]
    assert result.duplicates == ()


def test_skus_differing_only_by_surrounding_spaces_are_the_same_sku() -> None:
    result = dedupe_by_sku([product(" A", "2"), product("A ", "1")])
    assert len(result.products) == 1
    assert len(result.duplicates) == 1


def test_every_input_product_is_kept_or_reported_once() -> None:
    items = [product("A", "1"), product("A", "2"), product("B", "3"), product("A", "2")]
    result = dedupe_by_sku(items)
    dropped = [p for d in result.duplicates for p in d.dropped]
    assert len(result.products) + len(dropped) == len(items)


ids = st.one_of(
    st.integers(min_value=0, max_value=10**6).map(str),
    st.text(alphabet="abcXYZ-_0123456789", min_size=1, max_size=6),
)
times = st.one_of(
    st.none(),
    st.datetimes(
        min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
    ),
)
products = st.builds(
    product,
    sku=st.sampled_from(["A", "B", "C", "D"]),
    marketplace_id=ids,
    title=st.sampled_from(["x", "y", "z"]),
    updated_at=times,
)


@given(st.lists(products, max_size=12), st.randoms(use_true_random=False))
def test_the_rule_does_not_depend_on_input_order(items: list[Product], rng: object) -> None:
    shuffled = list(items)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    first, second = dedupe_by_sku(items), dedupe_by_sku(shuffled)
    assert first.products == second.products
    assert [(d.sku, d.kept, d.dropped) for d in first.duplicates] == [
        (d.sku, d.kept, d.dropped) for d in second.duplicates
    ]


@given(st.lists(products, max_size=12))
def test_exactly_one_product_per_sku_and_every_duplicate_reported(items: list[Product]) -> None:
    result = dedupe_by_sku(items)
    skus = [p.sku for p in result.products]
    assert sorted(set(skus)) == skus == sorted({p.sku for p in items})
    for duplicate in result.duplicates:
        assert duplicate.kept in result.products
        assert all(p.sku == duplicate.sku for p in duplicate.dropped)
    dropped = sum(len(d.dropped) for d in result.duplicates)
    assert len(result.products) + dropped == len(items)
    duplicated = {sku for sku in skus if sum(p.sku == sku for p in items) > 1}
    assert {d.sku for d in result.duplicates} == duplicated
