"""Sync jobs and the scheduler helper the host OMS embeds.

It speaks only to the `Channel` protocol. Window decisions are pure
(`marketplace_sdk.sync.windows`).

Examples:
    >>> from marketplace_sdk.sync import incremental_windows
"""

from marketplace_sdk.sync.cursors import (
    CursorKey,
    CursorState,
    CursorStore,
    MemoryCursorStore,
    SQLiteCursorStore,
)
from marketplace_sdk.sync.jobs import (
    OrderSink,
    OrderSource,
    RunReport,
    backfill_done,
    backfill_orders,
    sync_orders,
)
from marketplace_sdk.sync.windows import (
    IntervalSet,
    Window,
    backfill_windows,
    incremental_windows,
    split_window,
)

__all__ = [
    "CursorKey",
    "CursorState",
    "CursorStore",
    "IntervalSet",
    "MemoryCursorStore",
    "OrderSink",
    "OrderSource",
    "RunReport",
    "SQLiteCursorStore",
    "Window",
    "backfill_done",
    "backfill_orders",
    "backfill_windows",
    "incremental_windows",
    "split_window",
    "sync_orders",
]
