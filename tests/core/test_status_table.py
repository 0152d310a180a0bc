"""The status machinery: OMS spellings, table checks, and properties over both seed tables."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._errors import MarketplaceError
from marketplace_sdk.core._status import (
    Conflict,
    Inbound,
    MoveTo,
    NoChange,
    OmsStatus,
    StatusRow,
    StatusTable,
    UnknownStatus,
    UnknownStatusError,
)
from marketplace_sdk.core._transitions import decide_transition
from marketplace_sdk.etsy import ETSY_STATUS_TABLE
from marketplace_sdk.fnac import FNAC_STATUS_TABLE

TABLES = [ETSY_STATUS_TABLE, FNAC_STATUS_TABLE]
tables = st.sampled_from(TABLES)
oms_statuses = st.sampled_from(list(OmsStatus))


def test_oms_statuses_are_spelled_as_the_oms_spells_them() -> None:
    assert [status.value for status in OmsStatus] == [
        "New",
        "Partial",
        "RFP",
        "Ready to Ship",
        "In_transit",
        "Complete",
        "Canceled",
        "Cancel_in_Process",
        "Cancelled by Seller",
        "Cancelled_by_seller_inprocess",
    ]


def test_a_table_missing_an_oms_status_is_refused() -> None:
    with pytest.raises(ValueError, match="no row for"):
        StatusTable(marketplace="Shop", rows=(StatusRow((OmsStatus.NEW,), "Open", "x"),))


def test_unknown_status_error_is_a_marketplace_error() -> None:
    assert issubclass(UnknownStatusError, MarketplaceError)


@given(tables, oms_statuses)
def test_every_oms_status_has_an_outbound_answer(table: StatusTable, status: OmsStatus) -> None:
    answer = table.channel_status(status)
    assert answer is None or answer in table.marketplace_statuses


@given(tables, st.text(), st.booleans())
def test_inbound_never_raises_an_untyped_error(
    table: StatusTable, text: str, in_stock: bool
) -> None:
    result: OmsStatus | str
    try:
        result = table.oms_status(text, all_lines_in_stock=in_stock)
    except UnknownStatusError as err:
        result = err.raw
    assert isinstance(result, OmsStatus) or result == text


@given(tables, st.one_of(st.none(), oms_statuses), st.text(), st.booleans())
def test_transition_never_raises_on_any_string(
    table: StatusTable, current: OmsStatus | None, text: str, in_stock: bool
) -> None:
    decision = decide_transition(table, current, text, all_lines_in_stock=in_stock)
    assert isinstance(decision, MoveTo | NoChange | Conflict | UnknownStatus)
    if isinstance(decision, UnknownStatus):
        assert decision.raw == text


@st.composite
def respelled(draw: st.DrawFn, name: str) -> str:
    words = name.replace("-", " ").split()
    cased = [
        "".join(c.upper() if draw(st.booleans()) else c.lower() for c in word) for word in words
    ]
    separators = [draw(st.sampled_from([" ", "-", "_", "", "  "])) for _ in words[1:]]
    text = cased[0] + "".join(sep + word for sep, word in zip(separators, cased[1:], strict=True))
    return draw(st.sampled_from(["", " "])) + text + draw(st.sampled_from(["", " "]))


@given(st.data(), tables, st.booleans())
def test_spelling_variants_map_like_the_seed_name(
    data: st.DataObject, table: StatusTable, in_stock: bool
) -> None:
    name = data.draw(st.sampled_from(table.marketplace_statuses))
    variant = data.draw(respelled(name))
    expected = table.oms_status(name, all_lines_in_stock=in_stock)
    assert table.oms_status(variant, all_lines_in_stock=in_stock) is expected


@given(tables, oms_statuses, st.booleans())
def test_a_conflict_is_never_a_silent_move(
    table: StatusTable, current: OmsStatus, in_stock: bool
) -> None:
    for incoming in table.marketplace_statuses:
        decision = decide_transition(table, current, incoming, all_lines_in_stock=in_stock)
        if isinstance(decision, MoveTo) and decision.status is OmsStatus.CANCELED:
            assert table.can_cancel(current) or current is OmsStatus.CANCEL_IN_PROCESS


@given(tables, oms_statuses, st.booleans())
def test_repeating_the_status_an_order_came_from_changes_nothing(
    table: StatusTable, current: OmsStatus, in_stock: bool
) -> None:
    incoming = table.channel_status(current)
    if incoming is None or current in {OmsStatus.CANCEL_IN_PROCESS}:
        return
    decision = decide_transition(table, current, incoming, all_lines_in_stock=in_stock)
    if current in {OmsStatus.NEW, OmsStatus.PARTIAL}:
        # New and Partial share the marketplace status; stock decides between them.
        assert isinstance(decision, MoveTo | NoChange)
    else:
        assert decision == NoChange(current)


def test_inbound_rules() -> None:
    assert Inbound.ALWAYS.applies(all_lines_in_stock=False)
    assert not Inbound.ALL_IN_STOCK.applies(all_lines_in_stock=False)
    assert Inbound.ANY_OUT_OF_STOCK.applies(all_lines_in_stock=False)
    assert not Inbound.NEVER.applies(all_lines_in_stock=True)


@pytest.mark.parametrize("table", TABLES, ids=lambda t: t.marketplace)
def test_markdown_has_every_row_with_its_details(table: StatusTable) -> None:
    text = table.markdown()
    lines = text.splitlines()
    assert len(lines) == 2 + len(table.rows)
    for row, line in zip(table.rows, lines[2:], strict=True):
        assert line.startswith(f"| {row.oms_cell} | {row.marketplace_cell} |")
        assert row.details.replace("*", "\\*") in line
