"""Cursor stores keep what jobs acknowledged, across restarts and processes."""

from __future__ import annotations

import multiprocessing
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from marketplace_sdk.sync._cursors import (
    CursorKey,
    CursorState,
    CursorStore,
    MemoryCursorStore,
    SQLiteCursorStore,
)
from marketplace_sdk.sync._windows import IntervalSet, Window

T0 = datetime(2026, 3, 1, tzinfo=UTC)
KEY = CursorKey("etsy", "shop-1", "orders.backfill")


def full_state() -> CursorState:
    done = IntervalSet.of(
        [Window(T0, T0 + timedelta(days=2)), Window(T0 + timedelta(days=5), T0 + timedelta(days=6))]
    )
    return CursorState(watermark=T0, done=done, anchor=T0 + timedelta(days=90), extra={"pages": 4})


@pytest.mark.parametrize("make", [MemoryCursorStore, lambda: SQLiteCursorStore(":memory:")])
def test_stores_round_trip_every_field(make: type[CursorStore]) -> None:
    store = make()
    assert store.load(KEY) == CursorState()
    store.save(KEY, full_state())
    assert store.load(KEY) == full_state()
    assert store.load(CursorKey("etsy", "shop-2", "orders.backfill")) == CursorState()


def test_sqlite_store_survives_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "cursors.db"
    store = SQLiteCursorStore(path)
    store.save(KEY, full_state())
    store.close()
    reopened = SQLiteCursorStore(path)
    assert reopened.load(KEY) == full_state()
    assert reopened.keys() == [KEY]
    assert "cursors.db" in repr(reopened)


def test_watermarks_never_move_backwards() -> None:
    state = CursorState().advance(T0)
    assert state.advance(T0 - timedelta(minutes=1)).watermark == T0
    assert state.advance(T0 + timedelta(minutes=1)).watermark == T0 + timedelta(minutes=1)
    with pytest.raises(ValueError, match="naive"):
        CursorState(watermark=datetime(2026, 1, 1))


def _writer(path: str, worker: int, count: int) -> None:
    store = SQLiteCursorStore(path)
    for n in range(count):
        key = CursorKey("fnac", f"shop-{worker}", f"job-{n}")
        store.save(key, CursorState(watermark=T0 + timedelta(minutes=n), extra={"w": worker}))
    store.close()


def test_several_processes_share_one_sqlite_file(tmp_path: Path) -> None:
    path = str(tmp_path / "shared.db")
    SQLiteCursorStore(path).close()
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_writer, args=(path, w, 40)) for w in range(3)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    store = SQLiteCursorStore(path)
    assert len(store.keys()) == 120
    assert store.load(CursorKey("fnac", "shop-2", "job-39")).extra == {"w": 2}
