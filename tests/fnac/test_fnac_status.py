"""FNAC's seed status table, row by row, and the transitions a FNAC order goes through."""

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
from marketplace_sdk.fnac import (
    FNAC_STATUS_TABLE,
    can_cancel,
    channel_status,
    oms_status,
    transition,
)

S = OmsStatus

# The seed's table, read off the FNAC integration document: (OMS status, FNAC status).
OUTBOUND = [
    (S.NEW, "To be Shipped"),
    (S.PARTIAL, "To be Shipped"),
    (S.IN_TRANSIT, "Shipped"),
    (S.COMPLETE, "Received"),
    (S.RFP, "To be Shipped"),
    (S.CANCELED, "Cancelled"),
    (S.CANCEL_IN_PROCESS, "Cancelled"),
    (S.CANCELLED_BY_SELLER, None),
    (S.CANCELLED_BY_SELLER_IN_PROCESS, None),
    (S.READY_TO_SHIP, None),
]

INBOUND = [
    ("To be Shipped", True, S.NEW),
    ("To be Shipped", False, S.PARTIAL),
    ("Shipped", True, S.IN_TRANSIT),
    ("Shipped", False, S.IN_TRANSIT),
    ("Received", True, S.COMPLETE),
    ("Received", False, S.COMPLETE),
    ("Cancelled", True, S.CANCELED),
    ("Cancelled", False, S.CANCELED),
]


@pytest.mark.parametrize(("oms", "fnac"), OUTBOUND)
def test_outbound_row(oms: OmsStatus, fnac: str | None) -> None:
    assert channel_status(oms) == fnac


@pytest.mark.parametrize(("fnac", "in_stock", "expected"), INBOUND)
def test_inbound_row(fnac: str, in_stock: bool, expected: OmsStatus) -> None:
    assert oms_status(fnac, all_lines_in_stock=in_stock) is expected


@pytest.mark.parametrize("spelling", ["to be shipped", "TO-BE-SHIPPED", "To_be_Shipped", "ToShip"])
def test_to_be_shipped_matches_its_spellings(spelling: str) -> None:
    assert oms_status(spelling, all_lines_in_stock=True) is S.NEW


@pytest.mark.parametrize("raw", ["Created", "Accepted", "NotReceived", "Refunded", "Error"])
def test_states_outside_the_seed_table_are_unknown_with_the_raw_value(raw: str) -> None:
    with pytest.raises(UnknownStatusError) as caught:
        oms_status(raw, all_lines_in_stock=True)
    assert caught.value.raw == raw
    assert transition(None, raw, all_lines_in_stock=True) == UnknownStatus(raw, "FNAC")


def test_table_has_the_seed_rows_in_seed_order() -> None:
    assert [(row.oms_cell, row.marketplace_cell) for row in FNAC_STATUS_TABLE] == [
        ("New", "To be Shipped"),
        ("Partial", "To be Shipped"),
        ("In_transit", "Shipped"),
        ("Complete", "Received"),
        ("RFP", "To be Shipped"),
        ("Canceled/Cancel_in_Process", "Cancelled"),
        ("Cancelled by Seller/Cancelled_by_seller_inprocess", "Not Supported"),
        ("Ready to Ship", "Not Supported"),
    ]


def test_the_table_names_its_seed_and_says_its_details_in_its_own_words(
    shared_seeds: Path,
) -> None:
    source = FNAC_STATUS_TABLE.source
    assert source is not None
    assert "004_d403667e07cf66db.txt" in source
    assert (shared_seeds / "004_d403667e07cf66db.txt").is_file()
    seed = re.sub(r"\s+", " ", (shared_seeds / "004_d403667e07cf66db.txt").read_text("utf-8"))
    for row in FNAC_STATUS_TABLE:
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
        (S.CANCELLED_BY_SELLER, False),
    ],
)
def test_cancellation_only_before_packed_or_ready_to_ship(oms: OmsStatus, allowed: bool) -> None:
    assert can_cancel(oms) is allowed


@pytest.mark.parametrize(
    ("current", "incoming", "in_stock", "expected"),
    [
        (None, "To be Shipped", True, MoveTo(S.NEW)),
        (None, "To be Shipped", False, MoveTo(S.PARTIAL)),
        (S.PARTIAL, "To be Shipped", True, MoveTo(S.NEW)),
        (S.RFP, "To be Shipped", True, NoChange(S.RFP)),
        (S.READY_TO_SHIP, "To be Shipped", True, NoChange(S.READY_TO_SHIP)),
        (S.READY_TO_SHIP, "Shipped", True, MoveTo(S.IN_TRANSIT)),
        (S.IN_TRANSIT, "Received", True, MoveTo(S.COMPLETE)),
        (S.NEW, "Received", True, MoveTo(S.COMPLETE)),
        (S.PARTIAL, "Cancelled", False, MoveTo(S.CANCELED)),
        (S.CANCELED, "Cancelled", True, NoChange(S.CANCELED)),
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
        (S.COMPLETE, "Shipped", ConflictReason.MOVES_BACKWARDS),
        (S.IN_TRANSIT, "To be Shipped", ConflictReason.MOVES_BACKWARDS),
        (S.CANCELED, "Shipped", ConflictReason.REOPENED_AFTER_CANCELLATION),
    ],
)
def test_conflicts_are_reported_not_applied(
    current: OmsStatus, incoming: str, reason: ConflictReason
) -> None:
    decision = transition(current, incoming, all_lines_in_stock=True)
    assert isinstance(decision, Conflict)
    assert decision.reason is reason
    assert decision.proposed is oms_status(incoming, all_lines_in_stock=True)
