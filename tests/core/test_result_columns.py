"""`ResultColumns`: results held as columns are the results they stand for, item by item."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._result_columns import ResultColumns, plain_ok
from marketplace_sdk.core._results import ItemResult, Outcome


def a_result(key: str, kind: str) -> ItemResult:
    if kind == "ok":
        return ItemResult.ok(key)
    if kind == "ok_id":
        return ItemResult.ok(key, marketplace_id=f"M-{key}")
    if kind == "rejected":
        return ItemResult.rejected(key, code="E", message="no")
    if kind == "retry":
        return ItemResult.retry_later(key, message="busy", retry_after=2)
    return ItemResult.unknown(key, message="lost")


ITEMS = st.lists(
    st.tuples(
        st.text("ABC", min_size=1, max_size=3),
        st.sampled_from(["ok", "ok_id", "rejected", "retry", "unknown"]),
        st.booleans(),
    ),
    max_size=30,
)


def columns_of(items: list[tuple[str, str, bool]]) -> tuple[ResultColumns, list[ItemResult]]:
    """The results `items` describe, as columns (plain ok ones as ids unless `kept`) and as
    a list."""
    expected = [a_result(key, kind) for key, kind, _ in items]
    others = {
        index: result
        for index, (result, (_, kind, kept)) in enumerate(zip(expected, items, strict=True))
        if kept or kind not in ("ok", "ok_id")
    }
    ids = [result.marketplace_id for result in expected]
    return ResultColumns([key for key, _, _ in items], ids, others), expected


@given(ITEMS)
def test_columns_give_each_result_they_stand_for(items: list[tuple[str, str, bool]]) -> None:
    columns, expected = columns_of(items)
    assert len(columns) == len(expected)
    assert list(columns) == expected
    assert [columns[index] for index in range(len(columns))] == expected
    assert [columns[-index - 1] for index in range(len(columns))] == expected[::-1]
    assert columns[1:3] == expected[1:3]
    assert columns == expected
    assert expected == columns
    assert columns.keys() == tuple(result.key for result in expected)
    for outcome in Outcome:
        wanted = [index for index, result in enumerate(expected) if result.outcome is outcome]
        assert columns.positions(outcome) == wanted
        assert columns.with_outcome(outcome) == tuple(expected[index] for index in wanted)
    assert ResultColumns.of(expected) == expected
    assert ResultColumns.of(columns) is columns


@given(ITEMS, ITEMS, st.data())
def test_joined_and_selected_columns_keep_every_result(
    first: list[tuple[str, str, bool]], second: list[tuple[str, str, bool]], data: st.DataObject
) -> None:
    left, left_expected = columns_of(first)
    right, right_expected = columns_of(second)
    joined = ResultColumns.join([left, right_expected, right])
    assert list(joined) == left_expected + right_expected + right_expected
    everything = left_expected + right_expected + right_expected
    chosen = data.draw(st.lists(st.integers(0, max(0, len(everything) - 1)), max_size=10))
    if everything:
        assert list(joined.select(chosen)) == [everything[index] for index in chosen]


def test_a_plain_ok_result_is_the_one_its_class_builds() -> None:
    built = plain_ok("SKU-1", "F1")
    expected = ItemResult.ok("SKU-1", marketplace_id="F1")
    assert built == expected
    assert repr(built) == repr(expected)
    assert built.model_dump() == expected.model_dump()


def test_columns_that_do_not_line_up_are_refused() -> None:
    with pytest.raises(ValueError, match="2 marketplace ids for 1 keys"):
        ResultColumns(["A"], ["F1", "F2"])
    with pytest.raises(ValueError, match="is for 'B', not 'A'"):
        ResultColumns(["A"], others={0: ItemResult.ok("B")})
    with pytest.raises(ValueError, match="out of 1"):
        ResultColumns(["A"], others={3: ItemResult.ok("A")})
    with pytest.raises(IndexError):
        ResultColumns(["A"])[1]
