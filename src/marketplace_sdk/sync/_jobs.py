"""Order sync jobs: incremental runs and the 90-day backfill, at least once, resumable.

Each job reads its cursor, asks the pure window functions which slices to fetch, and for each
slice hands the orders to the host's sink in batches. Only when the sink has returned for the
whole slice is the cursor saved past it, so a crash or an error re-fetches that slice instead of
losing it. Orders carry their marketplace id (`Order.order_id`): the host upserts by it, and the
overlap between runs costs no duplicates.

One order the SDK cannot convert does not stall the shop. Given a `quarantine` sink, a job asks
the channel to set such an order aside (`Channel.iter_orders(..., quarantine=...)`), hands it
to that sink as a `QuarantinedRecord` (marketplace, kind, id, raw payload, error), counts it in
`RunReport.quarantined`, delivers the rest of the slice and moves the cursor on. The quarantine
sink acknowledges before the cursor moves too, like the order sink. After a fix,
`refetch_orders` fetches the set-aside orders again by id. Without a `quarantine` sink the
`RecordError` propagates and the cursor stays where it was.

The jobs speak only to the `Channel` protocol.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.sync._cursors import MemoryCursorStore
    >>> class NoOrders:
    ...     marketplace, shop_id = "demo", "shop-1"
    ...     def iter_orders(self, since, until, statuses=None, *, quarantine=None):
    ...         return iter(())
    >>> report = sync_orders(NoOrders(), MemoryCursorStore(), lambda batch: None,
    ...                      now=datetime(2026, 3, 1, tzinfo=UTC))
    >>> report.records, str(report.covered)
    (0, '[2026-02-28T00:00:00+00:00, 2026-03-01T00:00:00+00:00)')
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any, Protocol, TypeVar

import attrs

from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import Order
from marketplace_sdk.core._records import Quarantine, QuarantinedRecord
from marketplace_sdk.core._status import OmsStatus, StatusTable
from marketplace_sdk.sync._cursors import CursorKey, CursorState, CursorStore
from marketplace_sdk.sync._duplicates import SkuDuplicate
from marketplace_sdk.sync._windows import Window, backfill_windows, incremental_windows

__all__ = [
    "OrderSink",
    "OrderSource",
    "QuarantineSink",
    "RunReport",
    "SetAside",
    "ShopSource",
    "backfill_done",
    "backfill_orders",
    "deliver",
    "sync_orders",
]

logger = logging.getLogger(__name__)

T = TypeVar("T")

#: What the host provides: store the batch durably, then return. Raising stops the run.
OrderSink = Callable[[Sequence[Order]], None]
#: Where records set aside go: store them durably (upsert by `QuarantinedRecord.key`), return.
QuarantineSink = Callable[[Sequence[QuarantinedRecord]], None]


class ShopSource(Protocol):
    """What every job reads of a channel to name its cursor: the marketplace and the shop.

    Examples:
        >>> ShopSource.__name__
        'ShopSource'
    """

    @property
    def marketplace(self) -> str:
        """The marketplace's short name."""
        ...

    @property
    def shop_id(self) -> str:
        """The shop's id on the marketplace."""
        ...


class OrderSource(ShopSource, Protocol):
    """The part of `Channel` the order jobs use.

    Examples:
        >>> from marketplace_sdk.core._sync.channel import Channel
        >>> OrderSource.__name__
        'OrderSource'
    """

    def iter_orders(
        self,
        updated_since: datetime,
        updated_until: datetime,
        statuses: Collection[str] | None = None,
        *,
        quarantine: Quarantine | None = None,
    ) -> Iterator[Order]:
        """Orders changed in the window; those that cannot be converted go to `quarantine`."""
        ...


@attrs.define
class RunReport:
    """What one job run did.

    Examples:
        >>> RunReport(job_id="orders.updated", key="etsy/1/orders.updated").records
        0
    """

    job_id: str
    key: str
    windows: list[Window] = attrs.Factory(list)
    records: int = 0
    batches: int = 0
    #: The job's own detailed outcome, when it has one (e.g. an `AcceptReport`).
    detail: object | None = attrs.field(default=None, repr=False)
    #: Categories delivered (the catalogue import).
    categories: int = 0
    #: Records read but not delivered (products the duplicate-SKU rule dropped).
    skipped: int = 0
    #: One entry per duplicated SKU: the SKU, the id kept, the ids left out (`str()` of an
    #: entry is the sentence `DuplicateSku.describe()` gives).
    duplicates: list[SkuDuplicate] = attrs.Factory(list)
    #: Records set aside: handed to the quarantine sink as `QuarantinedRecord`s.
    quarantined: int = 0

    @property
    def covered(self) -> Window | None:
        """From the earliest acknowledged slice's start to the latest one's end (a backfill
        goes newest first)."""
        if not self.windows:
            return None
        return Window(
            min(window.start for window in self.windows), max(window.end for window in self.windows)
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain data (JSON-ready) for a Celery result or a dashboard; `detail` is left out.

        Examples:
            >>> report = RunReport(job_id="catalogue.import", key="etsy/1/catalogue.import",
            ...                    duplicates=[SkuDuplicate("A", kept="1", dropped=("2",))])
            >>> report.to_dict()["duplicates"]
            [{'sku': 'A', 'kept': '1', 'dropped': ['2']}]
            >>> RunReport.from_dict(report.to_dict()).duplicates == report.duplicates
            True
        """
        return {
            "job_id": self.job_id,
            "key": self.key,
            "windows": [[w.start.isoformat(), w.end.isoformat()] for w in self.windows],
            "records": self.records,
            "batches": self.batches,
            "categories": self.categories,
            "skipped": self.skipped,
            "duplicates": [duplicate.to_dict() for duplicate in self.duplicates],
            "quarantined": self.quarantined,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunReport:
        """Read back what `to_dict` wrote (without `detail`, which it leaves out).

        Examples:
            report = RunReport.from_dict(result["report"])
        """
        return cls(
            job_id=str(data["job_id"]),
            key=str(data["key"]),
            windows=[
                Window(datetime.fromisoformat(start), datetime.fromisoformat(end))
                for start, end in data.get("windows", ())
            ],
            records=int(data.get("records", 0)),
            batches=int(data.get("batches", 0)),
            categories=int(data.get("categories", 0)),
            skipped=int(data.get("skipped", 0)),
            duplicates=[SkuDuplicate.from_dict(item) for item in data.get("duplicates", ())],
            quarantined=int(data.get("quarantined", 0)),
        )


def deliver(
    records: Iterable[T], sink: Callable[[Sequence[T]], None], report: RunReport, batch_size: int
) -> None:
    """Hand `records` to `sink` in batches of at most `batch_size`, counted on `report`.

    A batch counts once the sink has returned; an exception from the sink propagates.

    Examples:
        >>> report, batches = RunReport(job_id="j", key="k"), []
        >>> deliver(range(5), batches.append, report, batch_size=2)
        >>> batches, report.records, report.batches
        ([[0, 1], [2, 3], [4]], 5, 3)
    """
    batch: list[T] = []
    for record in records:
        batch.append(record)
        if len(batch) >= batch_size:
            _hand_over(sink, batch, report)
            batch = []
    if batch:
        _hand_over(sink, batch, report)


def _hand_over(sink: Callable[[Sequence[T]], None], batch: list[T], report: RunReport) -> None:
    sink(batch)
    report.records += len(batch)
    report.batches += 1


@attrs.define
class SetAside:
    """Collects the records a channel sets aside during a run, for the host's quarantine sink.

    `callback` is what a job passes to the channel's iterator as `quarantine` (`None` without a
    sink: the `RecordError` then propagates). Items go to the sink in batches of `batch_size`
    and at `flush`, which a job calls before it saves its cursor past the slice; each item the
    sink took is counted on `report.quarantined`.

    Examples:
        >>> report, taken = RunReport(job_id="j", key="k"), []
        >>> aside = SetAside(taken.extend, report)
        >>> aside.add(RecordError("bad date", kind="order", record_id="9", marketplace="demo"))
        >>> aside.flush()
        >>> [item.key for item in taken], report.quarantined
        (['demo/order/9'], 1)
    """

    sink: QuarantineSink | None
    report: RunReport
    batch_size: int = 100
    pending: list[QuarantinedRecord] = attrs.Factory(list)

    @property
    def callback(self) -> Quarantine | None:
        """What to pass a channel's iterator as `quarantine`."""
        return self.add if self.sink is not None else None

    def add(self, error: RecordError) -> None:
        """Keep the record `error` names as a quarantine item; hand a full batch over."""
        self.pending.append(QuarantinedRecord.from_error(error))
        if len(self.pending) >= self.batch_size:
            self.flush()

    def flush(self) -> None:
        """Hand the pending items to the sink (the acknowledgement the cursor waits for)."""
        if self.sink is None or not self.pending:
            return
        batch, self.pending = self.pending, []
        self.sink(batch)
        self.report.quarantined += len(batch)


def _deliver_window(
    source: OrderSource,
    window: Window,
    sink: OrderSink,
    aside: SetAside,
    statuses: Collection[str] | None,
    batch_size: int,
    skip: Callable[[Order], bool] | None = None,
) -> None:
    orders: Iterable[Order] = source.iter_orders(
        window.start, window.end, statuses=statuses, quarantine=aside.callback
    )
    if skip is not None:
        orders = (order for order in orders if not skip(order))
    deliver(orders, sink, aside.report, batch_size)
    aside.flush()


def sync_orders(
    source: OrderSource,
    store: CursorStore,
    sink: OrderSink,
    *,
    now: datetime,
    job_id: str = "orders.updated",
    statuses: Collection[str] | None = None,
    lookback: timedelta = timedelta(minutes=5),
    initial: timedelta = timedelta(days=1),
    max_span: timedelta = timedelta(days=1),
    batch_size: int = 100,
    quarantine: QuarantineSink | None = None,
) -> RunReport:
    """One incremental run: orders changed since the cursor (minus `lookback`) up to `now`.

    `now` is the run's fixed upper bound. Each slice is acknowledged by the sink (and the
    orders set aside by `quarantine`) before the cursor moves past it; an exception from the
    channel or a sink leaves the cursor at the last acknowledged slice and propagates.

    Args:
        quarantine: where orders the SDK cannot convert go (`QuarantinedRecord`s); the rest
            of the slice is delivered and the cursor moves on. Without it such an order
            raises `RecordError` and the cursor stays.

    Examples:
        report = sync_orders(channel, SQLiteCursorStore("cursors.db"), oms.upsert_orders,
                             now=clock.now(), job_id="orders.new",
                             quarantine=oms.store_quarantined)
    """
    key = CursorKey(source.marketplace, source.shop_id, job_id)
    state = store.load(key)
    report = RunReport(job_id=job_id, key=str(key))
    aside = SetAside(quarantine, report, batch_size)
    plan = incremental_windows(
        ensure_utc(now),
        watermark=state.watermark,
        lookback=lookback,
        initial=initial,
        max_span=max_span,
    )
    for window in plan:
        _deliver_window(source, window, sink, aside, statuses, batch_size)
        state = state.advance(window.end)
        store.save(key, state)
        report.windows.append(window)
    _log_run(key, report)
    return report


def _log_run(key: CursorKey, report: RunReport) -> None:
    aside = f", {report.quarantined} set aside" if report.quarantined else ""
    logger.info("%s: %d orders in %d slices%s", key, report.records, len(report.windows), aside)


def backfill_orders(
    source: OrderSource,
    store: CursorStore,
    sink: OrderSink,
    *,
    now: datetime,
    job_id: str = "orders.backfill",
    horizon: timedelta = timedelta(days=90),
    slice_span: timedelta = timedelta(days=1),
    batch_size: int = 100,
    max_slices: int | None = None,
    quarantine: QuarantineSink | None = None,
    action_statuses: Collection[str] | None = None,
    action_slice_span: timedelta = timedelta(days=15),
) -> RunReport:
    """The backfill at connect: every order of the `horizon` before the shop connected.

    The first run fixes the connection moment (the cursor's `anchor`); later runs, after a crash
    or a stop (`max_slices` bounds one run), fetch only the slices not yet finished. Orders
    the SDK cannot convert go to `quarantine`, as in `sync_orders`.

    The orders that need action come first: given `action_statuses` (the marketplace's
    statuses of orders still to accept or ship, in the seed's words: `action_statuses`), a
    first pass fetches only those across the whole horizon, in slices of `action_slice_span`;
    then every order is fetched. Both passes go newest first, keep their finished intervals
    in the cursor store (the first under `<job_id>.action`) and share `max_slices`, so a
    restart resumes each where it stopped. The first pass keeps the ids (and versions) of the
    orders it delivered with its intervals, and the second does not deliver them again unless
    they changed since; the ids are dropped once the backfill is done.

    Examples:
        report = backfill_orders(channel, store, oms.upsert_orders, now=clock.now(),
                                 action_statuses=["New"])
    """
    key = CursorKey(source.marketplace, source.shop_id, job_id)
    state = store.load(key)
    if state.anchor is None:
        state = attrs.evolve(state, anchor=ensure_utc(now))
        store.save(key, state)
    assert state.anchor is not None
    report = RunReport(job_id=job_id, key=str(key))
    aside = SetAside(quarantine, report, batch_size)
    budget = max_slices
    first_key = CursorKey(source.marketplace, source.shop_id, f"{job_id}.action")
    first = store.load(first_key)
    # The first pass's orders as delivered (id to `updated_at`): the second pass skips them
    # unless they changed since, so no order reaches the sink twice.
    delivered: dict[str, str] = dict(first.extra.get(_DELIVERED, {}))
    if action_statuses:
        plan = backfill_windows(
            ensure_utc(now),
            first.done,
            horizon=horizon,
            slice_span=action_slice_span,
            until=state.anchor,
        )
        for window in _newest_first(plan, budget):
            taken: dict[str, str] = {}

            def noted(batch: Sequence[Order], taken: dict[str, str] = taken) -> None:
                sink(batch)
                taken.update((order.order_id, order.updated_at.isoformat()) for order in batch)

            _deliver_window(source, window, noted, aside, action_statuses, batch_size)
            delivered.update(taken)
            first = attrs.evolve(
                first, done=first.done.add(window), extra={_DELIVERED: dict(delivered)}
            )
            store.save(first_key, first)
            report.windows.append(window)
        if budget is not None:
            budget = max(0, budget - len(report.windows))

    def seen(order: Order) -> bool:
        return delivered.get(order.order_id) == order.updated_at.isoformat()

    plan = backfill_windows(
        ensure_utc(now), state.done, horizon=horizon, slice_span=slice_span, until=state.anchor
    )
    for window in _newest_first(plan, budget):
        _deliver_window(source, window, sink, aside, None, batch_size, seen)
        state = attrs.evolve(state, done=state.done.add(window))
        store.save(key, state)
        report.windows.append(window)
    anchor = state.anchor
    if delivered and anchor is not None and state.done.covers(Window(anchor - horizon, anchor)):
        store.save(first_key, attrs.evolve(first, extra={}))  # done: the ids are not needed
    _log_run(key, report)
    return report


#: Where the first pass of a backfill keeps the orders it delivered (its cursor's `extra`).
_DELIVERED = "delivered"
#: The OMS statuses of an order a person still has to act on (accept, pack, ship).
_NEEDS_ACTION = frozenset({OmsStatus.NEW, OmsStatus.PARTIAL, OmsStatus.RFP})


def action_statuses(table: StatusTable) -> tuple[str, ...]:
    """The marketplace's statuses (the seed's words) of orders that still need action: those
    its status table maps to New, Partial or RFP (to accept, pack or ship).

    Examples:
        >>> from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
        >>> from marketplace_sdk.fnac._status import FNAC_STATUS_TABLE
        >>> action_statuses(ETSY_STATUS_TABLE), action_statuses(FNAC_STATUS_TABLE)
        (('New',), ('To be Shipped',))
    """
    found: dict[str, None] = {}
    for row in table:
        if row.marketplace_status is not None and _NEEDS_ACTION & set(row.oms_statuses):
            found.setdefault(row.marketplace_status, None)
    return tuple(found)


def _newest_first(plan: Sequence[Window], budget: int | None) -> list[Window]:
    # The newest orders are the likeliest to need a person: they come first.
    ordered = sorted(plan, key=lambda window: window.start, reverse=True)
    return ordered if budget is None else ordered[:budget]


def backfill_done(store: CursorStore, key: CursorKey, *, horizon: timedelta) -> bool:
    """Whether the backfill of `key` has finished its whole horizon.

    Examples:
        if not backfill_done(store, CursorKey("etsy", shop, "orders.backfill"),
                             horizon=timedelta(days=90)): ...
    """
    state: CursorState = store.load(key)
    if state.anchor is None:
        return False
    return state.done.covers(Window(state.anchor - horizon, state.anchor))
