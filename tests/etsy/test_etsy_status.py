"""Etsy's seed status table, row by row, and the transitions an Etsy order goes through."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marketplace_sdk.core._status import (
    Conflict,
    ConflictReason,
    MoveTo,
    NoChange,
    OmsStatus,
    UnknownStatus,
    UnknownStatusError,
)
from marketplace_sdk.etsy import (
    ETSY_STATUS_TABLE,
    can_cancel,
    channel_status,
    oms_status,
    transition,
)

S = OmsStatus

# The seed's table, read off the Etsy integration document: (OMS status, Etsy status).
OUTBOUND = [
    (S.NEW, "New"),
    (S.PARTIAL, "New"),
    (S.IN_TRANSIT, "In-transit"),
    (S.COMPLETE, "Delivered"),
    (S.RFP, "New"),
    (S.CANCELED, "Cancelled"),
    (S.CANCEL_IN_PROCESS, "Cancelled"),
    (S.CANCELLED_BY_SELLER, None),
    (S.CANCELLED_BY_SELLER_IN_PROCESS, None),
    (S.READY_TO_SHIP, "New"),
]

INBOUND = [
    ("New", True, S.NEW),
    ("New", False, S.PARTIAL),
    ("In-transit", True, S.IN_TRANSIT),
    ("In-transit", False, S.IN_TRANSIT),
    ("Delivered", True, S.COMPLETE),
    ("Delivered", False, S.COMPLETE),
    ("Cancelled", True, S.CANCELED),
    ("Cancelled", False, S.CANCELED),
]


@pytest.mark.parametrize(("oms", "etsy"), OUTBOUND)
def test_outbound_row(oms: OmsStatus, etsy: str | None) -> None:
    assert channel_status(oms) == etsy


@pytest.mark.parametrize(("etsy", "in_stock", "expected"), INBOUND)
def test_inbound_row(etsy: str, in_stock: bool, expected: OmsStatus) -> None:
    assert oms_status(etsy, all_lines_in_stock=in_stock) is expected


@pytest.mark.parametrize("spelling", ["in transit", "IN-TRANSIT", "In_Transit", " in-transit "])
def test_statuses_match_whatever_the_case_and_separators(spelling: str) -> None:
    assert oms_status(spelling, all_lines_in_stock=True) is S.IN_TRANSIT


def test_the_api_spelling_canceled_is_a_cancellation() -> None:
    assert oms_status("canceled", all_lines_in_stock=True) is S.CANCELED


@pytest.mark.parametrize("raw", ["Paid", "Pre-transit", "", "Refunded"])
def test_unknown_status_is_a_typed_error_keeping_the_raw_value(raw: str) -> None:
    with pytest.raises(UnknownStatusError) as caught:
        oms_status(raw, all_lines_in_stock=True)
    assert caught.value.raw == raw
    assert caught.value.marketplace == "Etsy"
    assert transition(S.NEW, raw, all_lines_in_stock=True) == UnknownStatus(raw, "Etsy")


def test_table_has_the_seed_rows_in_seed_order() -> None:
    assert [row.oms_cell for row in ETSY_STATUS_TABLE] == [
        "New",
        "Partial",
        "In_transit",
        "Complete",
        "RFP",
        "Canceled/Cancel_in_Process",
        "Cancelled by Seller/Cancelled_by_seller_inprocess",
        "Ready to Ship",
    ]


def test_the_table_names_its_seed_and_says_its_details_in_its_own_words(
    shared_seeds: Path,
) -> None:
    source = ETSY_STATUS_TABLE.source
    assert source is not None
    assert "000_7939bc9825f0bff7.txt" in source
    assert (shared_seeds / "000_7939bc9825f0bff7.txt").is_file()
    seed = re.sub(r"\s+", " ", (shared_seeds / "000_7939bc9825f0bff7.txt").read_text("utf-8"))
    for row in ETSY_STATUS_TABLE:
        assert row.details
        assert row.details not in seed, row.oms_cell


@pytest.mark.parametrize(
    ("oms", "allowed"),
    [
        (S.NEW, True),
        (S.PARTIAL, True),
        (S.RFP, True),
        (S.READY_TO_SHIP, False),
        (S.IN_TRANSIT, False),
        (S.COMPLETE, False),
        (S.CANCELED, False),
        (S.CANCEL_IN_PROCESS, False),
        (S.CANCELLED_BY_SELLER, False),
        (S.CANCELLED_BY_SELLER_IN_PROCESS, False),
    ],
)
def test_cancellation_only_before_packed_or_ready_to_ship(oms: OmsStatus, allowed: bool) -> None:
    assert can_cancel(oms) is allowed


@pytest.mark.parametrize(
    ("current", "incoming", "in_stock", "expected"),
    [
        (None, "New", True, MoveTo(S.NEW)),
        (None, "New", False, MoveTo(S.PARTIAL)),
        (None, "Delivered", True, MoveTo(S.COMPLETE)),
        (S.NEW, "New", True, NoChange(S.NEW)),
        (S.NEW, "New", False, MoveTo(S.PARTIAL)),
        (S.PARTIAL, "New", True, MoveTo(S.NEW)),
        (S.RFP, "New", True, NoChange(S.RFP)),
        (S.READY_TO_SHIP, "New", False, NoChange(S.READY_TO_SHIP)),
        (S.READY_TO_SHIP, "In-transit", True, MoveTo(S.IN_TRANSIT)),
        (S.IN_TRANSIT, "Delivered", True, MoveTo(S.COMPLETE)),
        (S.COMPLETE, "Delivered", True, NoChange(S.COMPLETE)),
        (S.NEW, "Cancelled", True, MoveTo(S.CANCELED)),
        (S.RFP, "Cancelled", True, MoveTo(S.CANCELED)),
        (S.CANCEL_IN_PROCESS, "Cancelled", True, MoveTo(S.CANCELED)),
        (S.CANCEL_IN_PROCESS, "New", True, NoChange(S.CANCEL_IN_PROCESS)),
        (S.CANCELLED_BY_SELLER_IN_PROCESS, "Cancelled", True, MoveTo(S.CANCELLED_BY_SELLER)),
        (S.CANCELLED_BY_SELLER, "Cancelled", True, NoChange(S.CANCELLED_BY_SELLER)),
    ],
)
def test_transition(
    current: OmsStatus | None, incoming: str, in_stock: bool, expected: object
) -> None:
    assert transition(current, incoming, all_lines_in_stock=in_stock) == expected


@pytest.mark.parametrize(
    ("current", "incoming", "reason"),
    [
        (S.READY_TO_SHIP, "Cancelled", ConflictReason.CANCELLED_AFTER_READY_TO_SHIP),
        (S.IN_TRANSIT, "Cancelled", ConflictReason.CANCELLED_AFTER_READY_TO_SHIP),
        (S.COMPLETE, "Cancelled", ConflictReason.CANCELLED_AFTER_READY_TO_SHIP),
        (S.COMPLETE, "New", ConflictReason.MOVES_BACKWARDS),
        (S.COMPLETE, "In-transit", ConflictReason.MOVES_BACKWARDS),
        (S.IN_TRANSIT, "New", ConflictReason.MOVES_BACKWARDS),
        (S.CANCELED, "New", ConflictReason.REOPENED_AFTER_CANCELLATION),
        (S.CANCELED, "Delivered", ConflictReason.REOPENED_AFTER_CANCELLATION),
        (S.CANCEL_IN_PROCESS, "In-transit", ConflictReason.REOPENED_AFTER_CANCELLATION),
    ],
)
def test_conflicts_are_reported_not_applied(
    current: OmsStatus, incoming: str, reason: ConflictReason
) -> None:
    decision = transition(current, incoming, all_lines_in_stock=True)
    assert isinstance(decision, Conflict)
    assert decision.reason is reason
    assert decision.current is current
    assert decision.incoming == incoming
    assert current.value in decision.message
