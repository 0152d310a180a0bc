"""Pure window decisions: which time range a sync run must cover.

No clock is read here: every function takes `now` and the stored state, and returns the
windows to fetch. The rules:

- An incremental job (new orders every 5 minutes, updated orders every 30, cancellations hourly)
  covers `[watermark - lookback, now)`: the lookback overlaps the previous run so records that
  became visible late are not missed; the host upserts by stable id, so the overlap costs no
  duplicates.
- The upper bound is fixed when the run starts (`now`), so records changed during the run are
  picked up by the next run, never skipped.
- A job that missed several runs catches up in one wider window, cut into slices of at most
  `max_span`, fetched one after another: not a burst of overdue runs.
- A backfill keeps the finished intervals, merged; a restart plans only the gaps.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> now = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
    >>> plan = incremental_windows(now, watermark=now - timedelta(minutes=5),
    ...                            lookback=timedelta(minutes=2))
    >>> [(w.start.strftime("%H:%M"), w.end.strftime("%H:%M")) for w in plan]
    [('11:53', '12:00')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import attrs

from marketplace_sdk.core._clock import ensure_utc

__all__ = [
    "IntervalSet",
    "Window",
    "backfill_windows",
    "incremental_windows",
    "split_window",
]


def _utc(value: datetime) -> datetime:
    return ensure_utc(value)


@attrs.frozen(order=True)
class Window:
    """A half-open time range `[start, end)`, timezone-aware UTC.

    Examples:
        >>> from datetime import UTC, datetime
        >>> Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)).span
        datetime.timedelta(days=1)
    """

    start: datetime = attrs.field(converter=_utc)
    end: datetime = attrs.field(converter=_utc)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"window ends ({self.end}) before it starts ({self.start})")

    @property
    def span(self) -> timedelta:
        """`end - start`."""
        return self.end - self.start

    def __str__(self) -> str:
        return f"[{self.start.isoformat()}, {self.end.isoformat()})"


def split_window(window: Window, max_span: timedelta | None) -> list[Window]:
    """Cut `window` into consecutive slices of at most `max_span` (all of it when `None`).

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> w = Window(datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 3, 12, tzinfo=UTC))
        >>> len(split_window(w, timedelta(days=1)))
        3
    """
    if max_span is None or window.span <= max_span:
        return [window] if window.span > timedelta(0) else []
    if max_span <= timedelta(0):
        raise ValueError("max_span must be positive")
    slices = []
    start = window.start
    while start < window.end:
        end = min(start + max_span, window.end)
        slices.append(Window(start, end))
        start = end
    return slices


def incremental_windows(
    now: datetime,
    *,
    watermark: datetime | None,
    lookback: timedelta = timedelta(minutes=5),
    initial: timedelta = timedelta(days=1),
    max_span: timedelta | None = timedelta(days=1),
) -> list[Window]:
    """The slices an incremental run covers, oldest first.

    Args:
        now: the run's start; it is the fixed upper bound.
        watermark: the end of the last window whose records the host acknowledged, or `None`
            before the first run.
        lookback: how far each run reaches back before the watermark.
        initial: how far the very first run reaches back from `now`.
        max_span: the longest slice (a job that missed runs catches up slice by slice).

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> now = datetime(2026, 3, 1, tzinfo=UTC)
        >>> len(incremental_windows(now, watermark=now - timedelta(days=3),
        ...                         max_span=timedelta(days=1)))
        4
    """
    now = ensure_utc(now)
    if lookback < timedelta(0):
        raise ValueError("lookback cannot be negative")
    start = now - initial if watermark is None else ensure_utc(watermark) - lookback
    if start >= now:
        return []
    return split_window(Window(start, now), max_span)


@attrs.frozen
class IntervalSet:
    """Finished intervals, kept merged and sorted.

    Examples:
        >>> from datetime import UTC, datetime
        >>> d = lambda day: datetime(2026, 1, day, tzinfo=UTC)
        >>> done = IntervalSet().add(Window(d(1), d(3))).add(Window(d(2), d(5)))
        >>> [str(w) for w in done.intervals]
        ['[2026-01-01T00:00:00+00:00, 2026-01-05T00:00:00+00:00)']
    """

    intervals: tuple[Window, ...] = ()

    @classmethod
    def of(cls, windows: Iterable[Window]) -> IntervalSet:
        """The merged union of `windows`."""
        result = cls()
        for window in windows:
            result = result.add(window)
        return result

    def add(self, window: Window) -> IntervalSet:
        """The union of this set and `window`, merging overlapping and touching intervals."""
        if window.span <= timedelta(0):
            return self
        merged: list[Window] = []
        current = window
        for existing in self.intervals:
            if existing.end < current.start or current.end < existing.start:
                merged.append(existing)
            else:
                current = Window(min(existing.start, current.start), max(existing.end, current.end))
        merged.append(current)
        return IntervalSet(tuple(sorted(merged)))

    def gaps(self, within: Window) -> list[Window]:
        """The parts of `within` that no interval covers, oldest first."""
        gaps: list[Window] = []
        cursor = within.start
        for interval in self.intervals:
            if interval.end <= cursor:
                continue
            if interval.start >= within.end:
                break
            if interval.start > cursor:
                gaps.append(Window(cursor, interval.start))
            cursor = max(cursor, interval.end)
        if cursor < within.end:
            gaps.append(Window(cursor, within.end))
        return gaps

    def covers(self, window: Window) -> bool:
        """Whether `window` lies entirely inside the set."""
        return not self.gaps(window)

    def to_json(self) -> list[list[str]]:
        """The intervals as ISO-8601 pairs, for a cursor store."""
        return [[w.start.isoformat(), w.end.isoformat()] for w in self.intervals]

    @classmethod
    def from_json(cls, data: Sequence[Sequence[str]]) -> IntervalSet:
        """Read what `to_json` wrote."""
        return cls.of(
            Window(datetime.fromisoformat(start), datetime.fromisoformat(end))
            for start, end in data
        )


def backfill_windows(
    now: datetime,
    done: IntervalSet,
    *,
    horizon: timedelta = timedelta(days=90),
    slice_span: timedelta = timedelta(days=1),
    until: datetime | None = None,
) -> list[Window]:
    """The slices a backfill still has to fetch: the gaps of `[until - horizon, until)`.

    `until` defaults to `now`; pass the moment the shop connected so a backfill that resumes
    days later still targets the same range (the incremental jobs cover what came after).

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> now = datetime(2026, 4, 1, tzinfo=UTC)
        >>> len(backfill_windows(now, IntervalSet(), horizon=timedelta(days=90)))
        90
    """
    end = ensure_utc(until or now)
    target = Window(end - horizon, end)
    slices: list[Window] = []
    for gap in done.gaps(target):
        slices.extend(split_window(gap, slice_span))
    return slices
