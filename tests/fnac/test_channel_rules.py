"""The FNAC channel's shared pure decisions: windows, acceptance plans, shipping prechecks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._carriers import UnknownCarrierError
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.fnac import FNAC_CARRIERS, OrderState
from marketplace_sdk.fnac._models import Carrier, FnacError, OrderDetail, OrderUpdateResult
from marketplace_sdk.fnac._models import Order as FnacOrder
from marketplace_sdk.fnac._shared.channel import (
    accept_plan,
    carrier_code,
    order_result,
    orders_window,
    ship_precheck,
)

T0 = datetime(2026, 1, 1, tzinfo=UTC)
T1 = datetime(2026, 1, 2, tzinfo=UTC)


def order(state: str, lines: int = 3) -> FnacOrder:
    return FnacOrder(
        order_id="1A2B3C4D5E6F7",
        state=state,
        order_details=[
            OrderDetail(order_detail_id=i, state="ToAccept") for i in range(1, lines + 1)
        ],
    )


def test_a_window_must_be_aware_and_not_empty() -> None:
    with pytest.raises(ValueError, match="timezone"):
        orders_window(datetime(2026, 1, 1), T1)
    with pytest.raises(ValueError, match="empty"):
        orders_window(T1, T0)
    assert orders_window(T0, T1).states == []


@given(st.sets(st.integers(min_value=1, max_value=3)))
def test_given_lines_are_accepted_and_the_others_refused(chosen: set[int]) -> None:
    plan = accept_plan(order("Created"), [str(i) for i in chosen])
    assert plan.send
    assert plan.decisions == {i: i in chosen for i in (1, 2, 3)}


def test_all_lines_accept_the_whole_order_in_one_action() -> None:
    plan = accept_plan(order("Created"), None)
    assert plan.send
    assert plan.decisions is None


@pytest.mark.parametrize("state", ["Accepted", "ToShip", "Shipped", "Received"])
def test_an_order_already_accepted_needs_no_call(state: str) -> None:
    plan = accept_plan(order(state), None)
    assert not plan.send
    assert all(plan.results[key].is_ok for key in plan.lines)


@pytest.mark.parametrize("state", ["Cancelled", "Refused", "Refunded", "Error"])
def test_an_order_past_acceptance_is_rejected_per_line(state: str) -> None:
    plan = accept_plan(order(state), ["1", "7"])
    assert not plan.send
    assert plan.lines == ("1", "2", "3", "7")
    assert all(plan.results[key].outcome is Outcome.REJECTED for key in plan.lines)


@pytest.mark.parametrize(
    ("state", "outcome"),
    [
        (OrderState.CREATED, Outcome.REJECTED),
        (OrderState.ACCEPTED, Outcome.RETRY_LATER),
        (OrderState.SHIPPED, Outcome.OK),
        (OrderState.RECEIVED, Outcome.OK),
        (OrderState.CANCELLED, Outcome.REJECTED),
    ],
)
def test_shipping_is_decided_by_fnacs_state(state: OrderState, outcome: Outcome) -> None:
    result = ship_precheck(order(state.value))
    assert result is not None
    assert result.outcome is outcome
    assert ship_precheck(order("ToShip")) is None


def test_fnac_q12_carriers_map_through_the_table_and_fnacs_list_or_are_refused() -> None:
    known = [Carrier(code="LAPOSTE", name="La Poste"), Carrier(code="UPS", name="UPS")]
    assert carrier_code("la poste", known) == "LAPOSTE"
    assert carrier_code("ups", known) == "UPS"
    assert carrier_code("LaPoste", []) == "LAPOSTE"  # by the table when FNAC lists nothing
    with pytest.raises(UnknownCarrierError, match="Chronopost"):
        carrier_code("Chronopost", known)  # in the table, but not in this shop's list
    with pytest.raises(UnknownCarrierError, match="Track Inc"):
        carrier_code("Track Inc.", known)
    own = FNAC_CARRIERS.extend({"Poste FR": "LAPOSTE"})
    assert carrier_code("Poste FR", known, own) == "LAPOSTE"


def test_a_refused_update_carries_fnacs_code() -> None:
    answer = OrderUpdateResult(
        status="ERROR", errors=[FnacError(code="ERR_109", message="bad state")]
    )
    result = order_result("1A2B3C4D5E6F7", answer)
    assert result.reason is not None
    assert (result.reason.code, result.reason.message) == ("ERR_109", "bad state")
