"""Issue 15, item 9: a line FNAC shows refused is a refused result, never `ok`."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.fnac import AsyncFnacChannel
from marketplace_sdk.fnac.sandbox import FnacSandbox


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(datetime(2026, 3, 1, 12, tzinfo=UTC))


@pytest.fixture
def sandbox(clock: FakeClock) -> FnacSandbox:
    return FnacSandbox.seeded(offers=10, orders=0, clock=clock)


async def test_issue15_item9_refused_fnac_lines_show_refused_with_fnacs_reason(
    channel: AsyncFnacChannel, sandbox: FnacSandbox
) -> None:
    placed = sandbox.place_order(["SKU-00004", "SKU-00005"])
    results = await channel.accept_order(placed.order_id, ["1"])
    by_line = {result.key: result for result in results}
    assert by_line["1"].outcome is Outcome.OK
    refused = by_line["2"]
    assert refused.outcome is Outcome.REJECTED
    assert refused.reason is not None
    assert refused.reason.code == "line_refused"
    assert "refused" in refused.reason.message
    assert [line.state for line in sandbox.order(placed.order_id).lines] == [
        "Accepted",
        "Refused",
    ]
    # read again, the order is already decided: the refused line stays refused
    again = {result.key: result for result in await channel.accept_order(placed.order_id)}
    assert again["2"].outcome is Outcome.REJECTED
    assert again["1"].outcome is Outcome.OK
