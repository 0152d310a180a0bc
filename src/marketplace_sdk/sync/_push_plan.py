"""The pure core of the stock and price pusher: coalescing, due times, retries, give-ups.

`PushPlan` holds the changes waiting to be sent, one per (kind, SKU): a newer change replaces
the value of a pending one (the last value wins) but keeps its first-seen time, so a SKU that
changes constantly is still sent once its coalescing window has passed. A SKU quiet for
`PushPolicy.debounce` seconds goes sooner: a burst of changes coalesces, a lone change waits
that long only. A price change and a
stock change of the same SKU are two kinds and never replace each other.

The plan never reads a clock: every decision takes `now` (a timezone-aware datetime). Its life
cycle is `add` (a change arrives), `take` (the changes due now leave the plan, to be sent),
then `settle` (the channel's per-item results come back): ok and rejected results are final,
retry-later ones come back into the plan after the marketplace's `retry_after` (or an
exponential backoff, capped) until `PushPolicy.max_attempts`, after which they are given up.
A change that arrives for a SKU while its previous value is in flight or waiting for a retry
supersedes that retry. A SKU in flight is not taken again until its send is settled, so several
sends may run at once (the pushers' `run(senders=...)`) and a SKU still never has two values in
flight: its newer value goes in a later send, never an older value after a newer one.

Every change gets a sequence number, and ends in exactly one place: replaced by a newer change
before it was sent (`Added.replaced`), settled with a result (`Settlement.settled`, including the
given-up ones), or superseded while waiting for a retry (`Settlement.superseded`).

A change is kept as its update and its bookkeeping as plain values, and a send's changes and
outcomes as columns (`Changes`, `SettledChanges` in `marketplace_sdk.sync._push_changes`): a
push of 100,000 offers makes no `PendingChange` or `SettledChange` until one is read.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> from marketplace_sdk.core._models import StockUpdate
    >>> from marketplace_sdk.core._results import ItemResult
    >>> t0 = datetime(2026, 1, 1, tzinfo=UTC)
    >>> plan = PushPlan(PushPolicy(window=2.0, debounce=None))
    >>> for quantity in (5, 4, 3):
    ...     _ = plan.add(StockUpdate(sku="MUG", quantity=quantity), t0)
    >>> plan.due(t0), plan.next_due()
    (False, datetime.datetime(2026, 1, 1, 0, 0, 2, tzinfo=datetime.timezone.utc))
    >>> batch = plan.take(t0 + timedelta(seconds=2))
    >>> [(change.update.sku, change.update.quantity) for change in batch.stock]
    [('MUG', 3)]
    >>> settlement = plan.settle(batch.stock, [ItemResult.ok("MUG")], t0)
    >>> [change.result.outcome.value for change in settlement.settled], len(plan)
    (['ok'], 0)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timedelta

import attrs

from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.core._result_columns import ResultColumns
from marketplace_sdk.core._results import ItemResult, Outcome
from marketplace_sdk.sync._push_changes import (
    ATTEMPTS,
    FIRST_SEEN,
    LAST_SEEN,
    NOT_BEFORE,
    SEQ,
    ChangeKind,
    Changes,
    Meta,
    PendingChange,
    SettledChange,
    SettledChanges,
    Update,
    pending_change,
)

__all__ = [
    "Added",
    "ChangeKind",
    "PendingChange",
    "PushBatch",
    "PushPlan",
    "PushPolicy",
    "SettledChange",
    "Settlement",
]


@attrs.frozen
class PushPolicy:
    """How long changes coalesce, when a batch is full, and how retries back off.

    Attributes:
        window: the longest a SKU's changes coalesce, in seconds from its first pending change
            (a SKU that keeps changing is still sent this often).
        debounce: seconds without a newer change after which a SKU is sent before its window
            ends (`None`: wait for the window). The defaults, 0.2 s quiet within at most 1 s,
            send a lone change a fifth of a second after it is made while a burst of changes
            to one SKU still coalesces into one write per second.
        max_batch: pending changes (of one kind) that make a flush due at once.
        ride_along: when some change of a kind is due, send the kind's other fresh changes
            in the same call too, window passed or not: the call is made anyway, and the next
            call waits for the next window instead of the next scheduler tick. Retries still
            wait for their delay. Off, each SKU waits for its own window.
        max_attempts: sends of one value before a retry-later result is given up.
        backoff: seconds before the first retry when the marketplace names no `retry_after`;
            doubled on each further attempt.
        backoff_cap: the longest backoff, in seconds.

    Examples:
        >>> policy = PushPolicy(backoff=1.0, backoff_cap=5.0)
        >>> [policy.retry_delay(attempt, None) for attempt in (1, 2, 3, 4)]
        [1.0, 2.0, 4.0, 5.0]
        >>> policy.retry_delay(1, 30.0)
        30.0
    """

    window: float = attrs.field(default=1.0, validator=attrs.validators.gt(0))
    debounce: float | None = attrs.field(default=0.2)
    max_batch: int = attrs.field(default=1000, validator=attrs.validators.gt(0))
    ride_along: bool = True
    max_attempts: int = attrs.field(default=5, validator=attrs.validators.gt(0))
    backoff: float = attrs.field(default=1.0, validator=attrs.validators.gt(0))
    backoff_cap: float = attrs.field(default=300.0, validator=attrs.validators.gt(0))

    @debounce.validator
    def _check_debounce(
        self, _attribute: attrs.Attribute[float | None], value: float | None
    ) -> None:
        if value is not None and not value > 0:
            raise ValueError(
                f"debounce must be a positive number of seconds or None, not {value!r}"
            )

    def retry_delay(self, attempts: int, retry_after: float | None) -> float:
        """Seconds to wait after `attempts` sends: the marketplace's `retry_after` when it gave
        one, else the capped exponential backoff."""
        if retry_after is not None:
            return retry_after
        return float(min(self.backoff_cap, self.backoff * 2 ** max(0, attempts - 1)))


@attrs.frozen
class Added:
    """What `PushPlan.add` did.

    Attributes:
        seq: the new change's sequence number.
        replaced: the pending change it replaced (never sent), if any.
        superseded_retry: the queued retry it replaced (sent before, not applied), if any.

    Examples:
        >>> Added(3).replaced is None
        True
    """

    seq: int
    replaced: PendingChange | None = None
    superseded_retry: PendingChange | None = None


@attrs.frozen
class PushBatch:
    """The changes one flush sends, one per SKU in each kind (as `Changes`: each
    `PendingChange` built when read).

    Examples:
        >>> PushBatch((), ()).is_empty
        True
    """

    stock: Sequence[PendingChange]
    price: Sequence[PendingChange]

    @property
    def is_empty(self) -> bool:
        """Whether nothing is to be sent."""
        return not self.stock and not self.price

    def __len__(self) -> int:
        return len(self.stock) + len(self.price)


@attrs.frozen
class Settlement:
    """What became of the changes of one send.

    Attributes:
        settled: final results (ok, rejected, or given up after the last attempt); from
            `PushPlan.settle`, a `SettledChanges` (each built when read).
        retried: changes queued again for a later send.
        superseded: retry-later changes dropped because a newer value is pending.

    Examples:
        >>> Settlement((), (), ()).failed
        ()
    """

    settled: Sequence[SettledChange]
    retried: tuple[PendingChange, ...]
    superseded: tuple[PendingChange, ...]

    @property
    def failed(self) -> tuple[SettledChange, ...]:
        """The changes given up after `PushPolicy.max_attempts` sends."""
        if isinstance(self.settled, SettledChanges):
            return self.settled.failed
        return tuple(change for change in self.settled if change.gave_up)


def _missing_result(sku: str) -> ItemResult:
    return ItemResult.retry_later(
        sku, code="no_result", message="the channel returned no result for it"
    )


def _match(sent: Changes, results: Sequence[ItemResult]) -> ResultColumns:
    """One result per sent change: by position, by SKU when the positions disagree."""
    columns = ResultColumns.of(results)
    if len(columns) == len(sent) and columns.keys() == tuple(sent.skus):
        return columns
    by_key = {result.key: result for result in columns}
    return ResultColumns.of(by_key.get(sku) or _missing_result(sku) for sku in sent.skus)


class _Queue:
    """The pending changes of one kind, by SKU: each one's update, and its bookkeeping as
    plain values (`Meta`), in arrival order; and the SKUs of the kind in flight."""

    __slots__ = ("in_flight", "metas", "updates")

    def __init__(self) -> None:
        self.updates: dict[str, Update] = {}
        self.metas: dict[str, Meta] = {}
        self.in_flight: set[str] = set()

    def put(self, sku: str, update: Update, meta: Meta) -> None:
        self.updates[sku] = update
        self.metas[sku] = meta

    def change(self, sku: str) -> PendingChange:
        return pending_change(self.updates[sku], self.metas[sku])

    def waiting(self) -> Iterator[tuple[str, Meta]]:
        """The pending SKUs that may be taken (none in flight), with their bookkeeping."""
        in_flight = self.in_flight
        if not in_flight:
            return iter(self.metas.items())
        return ((sku, meta) for sku, meta in self.metas.items() if sku not in in_flight)

    def take(self, kind: ChangeKind, skus: list[str]) -> Changes:
        """Remove `skus` (pending) and hold them in flight, as a send's `Changes`."""
        if len(skus) == len(self.metas):  # everything (a forced flush): take the dicts whole
            updates, metas = list(self.updates.values()), list(self.metas.values())
            self.updates, self.metas = {}, {}
        else:
            updates = [self.updates.pop(sku) for sku in skus]
            metas = [self.metas.pop(sku) for sku in skus]
        self.in_flight.update(skus)
        return Changes([kind] * len(skus), skus, updates, metas)


class PushPlan:
    """The changes waiting to be sent, with the rules that decide when and what to send.

    Not thread-safe: the pushers' `PusherCore` (`marketplace_sdk.sync._push_report`) guards it
    with a lock.

    Examples:
        >>> from datetime import UTC, datetime
        >>> from marketplace_sdk.core._models import StockUpdate
        >>> plan = PushPlan()
        >>> _ = plan.add(StockUpdate(sku="A", quantity=1), datetime(2026, 1, 1, tzinfo=UTC))
        >>> len(plan), plan.policy.window
        (1, 1.0)
    """

    def __init__(self, policy: PushPolicy | None = None) -> None:
        """Start empty, with `policy` (the defaults when omitted)."""
        self.policy = policy or PushPolicy()
        # Changes are kept per kind as their update and plain bookkeeping, not as a
        # `PendingChange` each: a host queueing 200,000 changes made that many more objects
        # for every full garbage collection to walk.
        self._queues = {kind: _Queue() for kind in ChangeKind}
        self._seq = 0
        self._window = timedelta(seconds=self.policy.window)
        debounce = self.policy.debounce
        self._debounce = None if debounce is None else timedelta(seconds=debounce)

    @property
    def in_flight(self) -> frozenset[tuple[str, str]]:
        """The (kind, SKU) keys taken and not settled yet.

        Examples:
            busy = ("stock", "MUG") in plan.in_flight
        """
        return frozenset(
            (kind.value, sku) for kind, queue in self._queues.items() for sku in queue.in_flight
        )

    def __len__(self) -> int:
        return sum(len(queue.metas) for queue in self._queues.values())

    def __iter__(self) -> Iterator[PendingChange]:
        """The pending changes (stock first, then prices), each built now."""
        return iter(
            tuple(queue.change(sku) for queue in self._queues.values() for sku in queue.metas)
        )

    def add(self, update: Update, now: datetime) -> Added:
        """Queue `update`; a pending value for the same kind and SKU is replaced.

        A replaced fresh change keeps its first-seen time (the window runs from the first
        change); a replaced retry is superseded and the new value starts a fresh window.

        Examples:
            added = plan.add(StockUpdate(sku="MUG", quantity=3), now)
        """
        now = ensure_utc(now)
        self._seq += 1
        seq = self._seq
        queue = self._queues[ChangeKind.of(update)]
        sku = update.sku
        previous = queue.metas.get(sku)
        if previous is None:
            queue.put(sku, update, (seq, now, 0, None, None))
            return Added(seq)
        replaced = queue.change(sku)
        if previous[NOT_BEFORE] is not None:
            queue.put(sku, update, (seq, now, 0, None, None))
            return Added(seq, superseded_retry=replaced)
        queue.put(sku, update, (seq, previous[FIRST_SEEN], 0, None, now))
        return Added(seq, replaced=replaced)

    def _ready_at(self, meta: Meta) -> datetime:
        not_before = meta[NOT_BEFORE]
        if not_before is not None:
            return not_before
        first_seen = meta[FIRST_SEEN]
        ready = first_seen + self._window
        if self._debounce is None:
            return ready
        return min(ready, (meta[LAST_SEEN] or first_seen) + self._debounce)

    def _waiting(self) -> Iterator[tuple[ChangeKind, str, Meta]]:
        """The pending changes that may be taken: none whose SKU is in flight."""
        for kind, queue in self._queues.items():
            for sku, meta in queue.waiting():
                yield kind, sku, meta

    def _full_kinds(self) -> set[ChangeKind]:
        full: set[ChangeKind] = set()
        for kind, queue in self._queues.items():
            fresh = sum(1 for _, meta in queue.waiting() if meta[NOT_BEFORE] is None)
            if fresh >= self.policy.max_batch:
                full.add(kind)
        return full

    def _is_due(self, kind: ChangeKind, meta: Meta, now: datetime, full: set[ChangeKind]) -> bool:
        if meta[NOT_BEFORE] is None and kind in full:
            return True
        return self._ready_at(meta) <= now

    def due(self, now: datetime) -> bool:
        """Whether some change should be sent at `now` (its window or retry delay has passed,
        or a kind has `max_batch` fresh changes pending).

        Examples:
            if plan.due(now):
                batch = plan.take(now)
        """
        now = ensure_utc(now)
        full = self._full_kinds()
        return any(self._is_due(kind, meta, now, full) for kind, _, meta in self._waiting())

    def next_due(self) -> datetime | None:
        """The earliest time a change becomes due (`None` when nothing is pending).

        When a kind is already full this is the earliest first-seen time: due now. A change
        whose SKU is in flight is not counted: it waits for that send's settlement.

        Examples:
            wake = plan.next_due()
        """
        full = self._full_kinds()
        return min(
            (
                meta[FIRST_SEEN]
                if meta[NOT_BEFORE] is None and kind in full
                else self._ready_at(meta)
                for kind, _, meta in self._waiting()
            ),
            default=None,
        )

    def take(self, now: datetime, *, force: bool = False) -> PushBatch:
        """Remove and return the changes due at `now` (every change when `force`), with the
        fresh changes riding along when `PushPolicy.ride_along` is on. A SKU in flight is not
        taken, forced or not: it goes once its send is settled. The changes taken are in flight
        until `settle`.

        Examples:
            batch = plan.take(now)
            results = channel.push_stock(change.update for change in batch.stock)
        """
        now = ensure_utc(now)
        full = set() if force else self._full_kinds()
        taken: dict[ChangeKind, Changes] = {}
        for kind, queue in self._queues.items():
            if force:
                skus = [sku for sku, _ in queue.waiting()] if queue.in_flight else [*queue.metas]
            else:
                due = {sku for sku, meta in queue.waiting() if self._is_due(kind, meta, now, full)}
                riding = bool(due) and self.policy.ride_along
                skus = [
                    sku
                    for sku, meta in queue.waiting()
                    if sku in due or (riding and meta[NOT_BEFORE] is None)
                ]
            taken[kind] = queue.take(kind, skus)
        return PushBatch(stock=taken[ChangeKind.STOCK], price=taken[ChangeKind.PRICE])

    def settle(
        self, sent: Iterable[PendingChange], results: Sequence[ItemResult], now: datetime
    ) -> Settlement:
        """Record the channel's `results` for the changes `sent` (one per change, in order, keyed
        by SKU; a change the channel gave no result for counts as retry later).

        The settled changes come back as `SettledChanges`: columns, each `SettledChange`
        built when read.

        Examples:
            settlement = plan.settle(batch.stock, results, now)
        """
        now = ensure_utc(now)
        changes = Changes.of(sent)
        matched = _match(changes, results)
        kinds, skus = changes.kinds, changes.skus
        if kinds and kinds.count(kinds[0]) == len(kinds):  # one kind (a pusher's send)
            self._queues[kinds[0]].in_flight.difference_update(skus)
        else:
            for kind, sku in zip(kinds, skus, strict=True):
                self._queues[kind].in_flight.discard(sku)
        retried: list[PendingChange] = []
        superseded: list[PendingChange] = []
        left: set[int] = set()
        # Only the retry-later results need a look: the others are final as they are.
        for index in matched.positions(Outcome.RETRY_LATER):
            queue = self._queues[kinds[index]]
            sku, update, meta = skus[index], changes.updates[index], changes.metas[index]
            attempts = meta[ATTEMPTS] + 1
            if sku in queue.metas:
                superseded.append(pending_change(update, meta))
                left.add(index)
            elif attempts < self.policy.max_attempts:
                delay = self.policy.retry_delay(attempts, matched[index].retry_after)
                again = (
                    meta[SEQ],
                    meta[FIRST_SEEN],
                    attempts,
                    now + timedelta(seconds=delay),
                    meta[LAST_SEEN],
                )
                queue.put(sku, update, again)
                retried.append(pending_change(update, again))
                left.add(index)
        if left:
            kept = [index for index in range(len(changes)) if index not in left]
            changes, matched = changes.select(kept), matched.select(kept)
        return Settlement(SettledChanges(changes, matched), tuple(retried), tuple(superseded))
