"""Progress of a backfill, read from the cursor store as the job saves its finished slices.

The backfill job checkpoints each finished slice in its cursor (`CursorState.done`); a store
that passes those saves on and measures what of the horizon is done shows real progress in
days, whatever order the job fetches its slices in, and counts the days a resumed backfill
had already done.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> from marketplace_sdk.sync import CursorKey, CursorState, MemoryCursorStore
    >>> from marketplace_sdk.sync._windows import IntervalSet, Window
    >>> bar = Progress(disable=True)
    >>> task = bar.add_task("backfill", total=90)
    >>> store = BackfillProgress(MemoryCursorStore(), bar, task, timedelta(days=90))
    >>> anchor = datetime(2026, 3, 1, tzinfo=UTC)
    >>> done = IntervalSet.of([Window(anchor - timedelta(days=10), anchor)])
    >>> store.save(CursorKey("etsy", "1", "orders.backfill"), CursorState(done=done, anchor=anchor))
    >>> bar.tasks[0].completed
    10.0
"""

from __future__ import annotations

from datetime import timedelta

import attrs
from rich.progress import Progress, TaskID

from marketplace_sdk.sync._cursors import CursorKey, CursorState, CursorStore
from marketplace_sdk.sync._windows import Window

__all__ = ["BackfillProgress"]

_DAY = timedelta(days=1)


@attrs.define
class BackfillProgress:
    """A `CursorStore` that updates a progress bar with the days of the horizon done.

    Attributes:
        store: the real store (every load and save goes to it).
        bar: the progress display.
        task: the bar's task, whose total is the horizon in days.
        horizon: how far before the backfill's anchor it reaches.

    Examples:
        cursors = BackfillProgress(SQLiteCursorStore(path), bar, task, timedelta(days=90))
    """

    store: CursorStore
    bar: Progress
    task: TaskID
    horizon: timedelta

    def load(self, key: CursorKey) -> CursorState:
        """The stored state (and the progress a resumed backfill starts from).

        Examples:
            state = cursors.load(key)
        """
        state = self.store.load(key)
        self._show(state)
        return state

    def save(self, key: CursorKey, state: CursorState) -> None:
        """Store `state`, then show how much of the horizon it has done.

        Examples:
            cursors.save(key, state)
        """
        self.store.save(key, state)
        self._show(state)

    def _show(self, state: CursorState) -> None:
        if state.anchor is None:
            return
        whole = Window(state.anchor - self.horizon, state.anchor)
        missing = sum((gap.span for gap in state.done.gaps(whole)), timedelta())
        self.bar.update(self.task, completed=(self.horizon - missing) / _DAY)
