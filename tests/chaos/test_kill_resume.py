"""The host process killed mid-sync, again and again, then resumed from what it stored.

A kill is a `BaseException` raised where a SIGKILL would stop the process: before a request
reaches the marketplace, after the marketplace applied it but before its answer is read, and
after the OMS stored a batch but before the job saved its cursor. No handler runs; a new
process starts from what the host stores durably (the OMS's records, the SQLite cursors, the
shop's tokens) and goes on with the schedule. The run ends with the marketplace's orders, all
of them once, at their current state.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.chaos.harness import MARKETPLACES, run_killed
from tests.chaos.shops import ChaosSize


@pytest.mark.parametrize("marketplace", MARKETPLACES)
def test_a_sync_killed_at_random_points_and_resumed_from_its_cursors_loses_nothing(
    marketplace: str, tmp_path: Path
) -> None:
    size = ChaosSize(history_orders=60, listings=30, hours=12)

    figures, killer, restarts = run_killed(marketplace, 3, tmp_path / "cursors.db", size=size)

    assert set(killer.kills) == {
        "before the request was applied",
        "after the request was applied, before the answer",
        "after the sink stored a batch, before its acknowledgement",
    }
    assert restarts == sum(killer.kills.values()) >= 10
    assert (figures.lost, figures.duplicated, figures.stale) == ([], [], [])
    assert figures.orders_in_shop > size.history_orders
