"""The cancellation job: buyer cancellations since the last run, at least once.

Every run asks the channel for the cancellations reported since the cursor's watermark minus a
lookback (`Channel.iter_cancellations(since)`), hands them to the host's sink in batches, and
only once the sink has taken all of them moves the watermark to the run's fixed `now`. A run
that fails (the channel or the sink raising) leaves the watermark where it was, so the next run
asks again from the same point; the host applies cancellations idempotently by order id. A
cancellation the SDK cannot convert goes to the `quarantine` sink, when given, and the run goes
on (see `marketplace_sdk.sync._jobs`).

What "since" means differs per marketplace, and the job inherits it:

- **Etsy** does not count a cancellation as a change of the receipt, so its last-modified
  filter never returns one (ETSY-Q13). The channel lists the canceled receipts created within
  its `cancellation_reach` (90 days by default) and those modified since `since`, so an order
  placed weeks ago and cancelled today is reported by the next run: within the hour. The seeds'
  limit ("only orders created in the last 5 days are seen as cancelled") does not apply. The
  limits that remain: `cancelled_at` is the time of the refund Etsy records with the
  cancellation, and an unpaid order's cancellation, which has none, is reported by every run
  while its order is within the reach (the idempotent sink absorbs it); Etsy does not say who
  cancelled; and a cancellation older than the first run's `initial` reach is not reported as
  such (the 90-day order backfill carries those orders with status Cancelled).
- **FNAC** reads orders by their cancellation date (`CancelledAt`), Cancelled, Refused (the
  seller refused every line) and Refunded alike; FNAC sends no cancellation time either, so
  `cancelled_at` is the latest date the order carries, raised to the window's start.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.sync._cursors import MemoryCursorStore
    >>> class NoCancellations:
    ...     marketplace, shop_id = "demo", "shop-1"
    ...     def iter_cancellations(self, since, *, quarantine=None):
    ...         return iter(())
    >>> report = sync_cancellations(NoCancellations(), MemoryCursorStore(), lambda batch: None,
    ...                             now=datetime(2026, 3, 1, tzinfo=UTC))
    >>> report.records, str(report.covered)
    (0, '[2026-02-28T00:00:00+00:00, 2026-03-01T00:00:00+00:00)')
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from datetime import datetime, timedelta
from typing import Protocol

from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.core._models import Cancellation
from marketplace_sdk.core._records import Quarantine
from marketplace_sdk.sync._cursors import CursorKey, CursorStore
from marketplace_sdk.sync._jobs import QuarantineSink, RunReport, SetAside, ShopSource, deliver
from marketplace_sdk.sync._windows import incremental_windows

__all__ = ["CancellationSink", "CancellationSource", "sync_cancellations"]

logger = logging.getLogger(__name__)

#: What the host provides: apply the batch durably (idempotent by order id), then return.
CancellationSink = Callable[[Sequence[Cancellation]], None]


class CancellationSource(ShopSource, Protocol):
    """The part of `Channel` the cancellation job uses.

    Examples:
        >>> CancellationSource.__name__
        'CancellationSource'
    """

    def iter_cancellations(
        self, since: datetime, *, quarantine: Quarantine | None = None
    ) -> Iterator[Cancellation]:
        """Cancellations reported since `since`; those not converted go to `quarantine`."""
        ...


def sync_cancellations(
    source: CancellationSource,
    store: CursorStore,
    sink: CancellationSink,
    *,
    now: datetime,
    job_id: str = "orders.cancellations",
    lookback: timedelta = timedelta(minutes=10),
    initial: timedelta = timedelta(days=1),
    batch_size: int = 100,
    quarantine: QuarantineSink | None = None,
) -> RunReport:
    """One run of the hourly cancellation job (see the module for each marketplace's meaning).

    Args:
        source: the channel (anything with `iter_cancellations`, `marketplace`, `shop_id`).
        store: where the job's watermark lives (key `marketplace/shop/job_id`).
        sink: the host's callable; it returns once the batch is stored.
        now: the run's fixed end; the watermark moves to it when the sink took everything.
        job_id: the cursor's job name.
        lookback: how far before the watermark each run reaches again, so cancellations
            the marketplace made visible late are not missed.
        initial: how far the very first run reaches back from `now`.
        batch_size: the most cancellations per sink call.
        quarantine: where cancellations the SDK cannot convert go (`QuarantinedRecord`s),
            acknowledged before the watermark moves; without it they raise `RecordError`.

    Returns:
        The report: one window `[since, now)`, the cancellations and batches delivered, the
        records set aside.

    Raises:
        ValueError: `lookback` is negative or `batch_size` below 1.

    Examples:
        report = sync_cancellations(channel, SQLiteCursorStore("cursors.db"),
                                    oms.apply_cancellations, now=clock.now())
    """
    if batch_size < 1:
        raise ValueError("batch_size must be at least 1")
    now = ensure_utc(now)
    key = CursorKey(source.marketplace, source.shop_id, job_id)
    state = store.load(key)
    report = RunReport(job_id=job_id, key=str(key))
    # One window (the channel reads cancellations from a start time, not in slices).
    plan = incremental_windows(
        now, watermark=state.watermark, lookback=lookback, initial=initial, max_span=None
    )
    if not plan:
        return report
    since = plan[0].start
    aside = SetAside(quarantine, report, batch_size)
    deliver(source.iter_cancellations(since, quarantine=aside.callback), sink, report, batch_size)
    aside.flush()
    store.save(key, state.advance(now))
    report.windows.append(plan[0])
    logger.info("%s: %d cancellations since %s", key, report.records, since.isoformat())
    return report
