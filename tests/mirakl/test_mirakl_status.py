"""Mirakl's order status table: every OR11 state maps, unknown states are tolerated, and the
rendered table names every state."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.mirakl.mmp_contract import mmp_path

from marketplace_sdk.core._status import (
    Conflict,
    ConflictReason,
    MoveTo,
    NoChange,
    OmsStatus,
    UnknownStatus,
    UnknownStatusError,
)
from marketplace_sdk.core._transitions import decide_transition
from marketplace_sdk.mirakl import (
    MIRAKL_ORDER_STATES,
    MIRAKL_STATUS_TABLE,
    MIRAKL_SYNCED_STATUSES,
    OrderState,
    can_cancel,
    channel_status,
    oms_status,
    transition,
)
from marketplace_sdk.mirakl._status import MIRAKL_DEPRECATED_STATES, known_oms_status

S = OmsStatus
KNOWN = MIRAKL_ORDER_STATES + MIRAKL_DEPRECATED_STATES

INBOUND = [
    ("STAGING", S.NEW, S.PARTIAL),
    ("WAITING_ACCEPTANCE", S.NEW, S.PARTIAL),
    ("WAITING_DEBIT", S.NEW, S.PARTIAL),
    ("WAITING_DEBIT_PAYMENT", S.NEW, S.PARTIAL),
    ("SHIPPING", S.NEW, S.PARTIAL),
    ("SHIPPED", S.IN_TRANSIT, S.IN_TRANSIT),
    ("TO_COLLECT", S.IN_TRANSIT, S.IN_TRANSIT),
    ("RECEIVED", S.COMPLETE, S.COMPLETE),
    ("CLOSED", S.COMPLETE, S.COMPLETE),
    ("REFUSED", S.CANCELED, S.CANCELED),
    ("CANCELED", S.CANCELED, S.CANCELED),
    ("WAITING_REFUND", S.CANCEL_IN_PROCESS, S.CANCEL_IN_PROCESS),
    ("WAITING_REFUND_PAYMENT", S.CANCEL_IN_PROCESS, S.CANCEL_IN_PROCESS),
]


def _or11_enum() -> list[str]:
    document = json.loads(mmp_path().read_text(encoding="utf-8"))
    parameters = document["paths"]["/api/orders"]["get"]["parameters"]
    codes = next(p for p in parameters if p["name"] == "order_state_codes")
    return list(codes["schema"]["enum"])


def test_the_table_has_every_state_of_or11s_enum_in_the_published_document() -> None:
    enum = _or11_enum()
    assert list(MIRAKL_ORDER_STATES) == enum
    assert set(enum) <= set(MIRAKL_STATUS_TABLE.marketplace_statuses)


def test_the_table_has_every_order_state_the_client_knows() -> None:
    line_only = {"INCIDENT_OPEN", "REFUNDED"}
    assert {s.value for s in OrderState} - line_only == set(KNOWN)
    assert set(MIRAKL_STATUS_TABLE.marketplace_statuses) == set(KNOWN)


@pytest.mark.parametrize(("state", "in_stock", "short"), INBOUND)
def test_inbound_row(state: str, in_stock: OmsStatus, short: OmsStatus) -> None:
    assert oms_status(state, all_lines_in_stock=True) == in_stock
    assert oms_status(state, all_lines_in_stock=False) == short
    assert known_oms_status(state) == (in_stock if in_stock == short else None)


def test_outbound_statuses() -> None:
    assert channel_status(S.NEW) == "WAITING_ACCEPTANCE"
    assert channel_status(S.RFP) == channel_status(S.READY_TO_SHIP) == "SHIPPING"
    assert channel_status(S.IN_TRANSIT) == "SHIPPED"
    assert channel_status(S.COMPLETE) == "RECEIVED"
    assert channel_status(S.CANCELED) == channel_status(S.CANCEL_IN_PROCESS) == "CANCELED"
    assert channel_status(S.CANCELLED_BY_SELLER) is None


def test_synced_statuses_are_every_or11_state() -> None:
    assert MIRAKL_SYNCED_STATUSES == MIRAKL_ORDER_STATES


def test_a_refused_order_cancels_an_order_not_yet_packed_and_conflicts_after() -> None:
    assert transition(S.NEW, "REFUSED", all_lines_in_stock=True) == MoveTo(S.CANCELED)
    after = transition(S.READY_TO_SHIP, "CANCELED", all_lines_in_stock=True)
    assert isinstance(after, Conflict)
    assert after.reason == ConflictReason.CANCELLED_AFTER_READY_TO_SHIP


def test_shipping_while_the_oms_is_ahead_is_no_change() -> None:
    assert transition(S.READY_TO_SHIP, "SHIPPING", all_lines_in_stock=True) == NoChange(
        S.READY_TO_SHIP
    )
    assert transition(S.READY_TO_SHIP, "SHIPPED", all_lines_in_stock=True) == MoveTo(S.IN_TRANSIT)


def test_a_refund_in_process_then_cancelled_completes_the_cancellation() -> None:
    assert transition(S.NEW, "WAITING_REFUND", all_lines_in_stock=True) == MoveTo(
        S.CANCEL_IN_PROCESS
    )
    assert transition(S.CANCEL_IN_PROCESS, "CANCELED", all_lines_in_stock=True) == MoveTo(
        S.CANCELED
    )


def test_states_match_ignoring_case_and_separators() -> None:
    assert oms_status("waiting acceptance", all_lines_in_stock=True) == S.NEW
    assert oms_status("Cancelled", all_lines_in_stock=True) == S.CANCELED
    assert can_cancel(S.NEW)
    assert not can_cancel(S.READY_TO_SHIP)


@given(
    st.sampled_from(KNOWN),
    st.sampled_from([None, *OmsStatus]),
    st.booleans(),
)
def test_every_state_maps_and_every_transition_is_an_answer(
    state: str, current: OmsStatus | None, in_stock: bool
) -> None:
    assert oms_status(state, all_lines_in_stock=in_stock) in OmsStatus
    decision = decide_transition(MIRAKL_STATUS_TABLE, current, state, all_lines_in_stock=in_stock)
    assert isinstance(decision, MoveTo | NoChange | Conflict)


_KEYS = {state.replace("_", "").casefold() for state in KNOWN} | {"cancelled"}


@given(st.text(max_size=40), st.sampled_from([None, *OmsStatus]), st.booleans())
def test_an_unknown_state_never_raises_from_transition(
    state: str, current: OmsStatus | None, in_stock: bool
) -> None:
    decision = transition(current, state, all_lines_in_stock=in_stock)
    key = "".join(state.split()).replace("_", "").replace("-", "").casefold()
    if key not in _KEYS:
        assert decision == UnknownStatus(state, "Mirakl")
        assert known_oms_status(state) is None
        with pytest.raises(UnknownStatusError) as raised:
            oms_status(state, all_lines_in_stock=in_stock)
        assert raised.value.raw == state


@given(st.sampled_from(KNOWN))
def test_the_markdown_names_every_state(state: str) -> None:
    markdown = MIRAKL_STATUS_TABLE.markdown()
    assert f"| {state} |" in markdown
    assert markdown.splitlines()[0] == "| OMS status | Mirakl status | Inbound rule | Details |"
