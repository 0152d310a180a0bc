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

from collections.abc import Iterator, Sequence
from datetime import datetime, timedelta
from enum import StrEnum
from operator import attrgetter

import attrs

from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._results import ItemResult, Outcome

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

#: A change the pusher sends: a stock level or a price.
Update = StockUpdate | PriceUpdate


class ChangeKind(StrEnum):
    """Which push a change goes through (`Channel.push_stock` or `Channel.push_prices`).

    Examples:
        >>> ChangeKind.of(StockUpdate(sku="A", quantity=1))
        <ChangeKind.STOCK: 'stock'>
    """

    STOCK = "stock"
    PRICE = "price"

    @classmethod
    def of(cls, update: Update) -> ChangeKind:
        """The kind of `update`."""
        return cls.STOCK if isinstance(update, StockUpdate) else cls.PRICE


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
class PendingChange:
    """One change waiting in the plan, or in flight.

    Attributes:
        seq: the change's sequence number in its plan (increasing).
        update: the value to send.
        first_seen: when the first change still pending for this SKU arrived.
        attempts: sends of this value so far.
        not_before: for a retry, the earliest time it may be sent again.
        last_seen: when the latest change for this SKU arrived (`None`: at `first_seen`).

    Examples:
        >>> from datetime import UTC, datetime
        >>> change = PendingChange(1, StockUpdate(sku="A", quantity=2), datetime(2026, 1, 1,
        ...                        tzinfo=UTC))
        >>> change.kind.value, change.key, change.is_retry
        ('stock', ('stock', 'A'), False)
    """

    seq: int
    update: Update
    first_seen: datetime
    attempts: int = 0
    not_before: datetime | None = None
    last_seen: datetime | None = None
    #: Stock or price (worked out once: a flush reads it for every change).
    kind: ChangeKind = attrs.field(init=False, eq=False, repr=False)
    #: (kind, SKU): the plan holds at most one change per key.
    key: tuple[str, str] = attrs.field(init=False, eq=False, repr=False)

    @kind.default
    def _kind_of_update(self) -> ChangeKind:
        return ChangeKind.of(self.update)

    @key.default
    def _key_of_update(self) -> tuple[str, str]:
        return (self.kind.value, self.update.sku)

    @property
    def is_retry(self) -> bool:
        """Whether this value was already sent and is waiting to be sent again."""
        return self.not_before is not None


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
    """The changes one flush sends, one per SKU in each kind.

    Examples:
        >>> PushBatch((), ()).is_empty
        True
    """

    stock: tuple[PendingChange, ...]
    price: tuple[PendingChange, ...]

    @property
    def is_empty(self) -> bool:
        """Whether nothing is to be sent."""
        return not self.stock and not self.price

    def __len__(self) -> int:
        return len(self.stock) + len(self.price)


@attrs.frozen
class SettledChange:
    """A change's final result.

    Attributes:
        kind: stock or price.
        update: the value sent.
        result: the marketplace's last result for it; a retry-later result here means the
            pusher gave up after `attempts` sends.
        attempts: how many times it was sent.
        seq: the change's sequence number in its plan.

    Examples:
        >>> settled = SettledChange(ChangeKind.STOCK, StockUpdate(sku="A", quantity=1),
        ...                         ItemResult.ok("A"), 1, seq=7)
        >>> settled.gave_up
        False
    """

    kind: ChangeKind
    update: Update
    result: ItemResult
    attempts: int
    seq: int = attrs.field(kw_only=True)

    @property
    def gave_up(self) -> bool:
        """Whether the marketplace kept asking to retry until the pusher stopped trying."""
        return self.result.outcome is Outcome.RETRY_LATER


@attrs.frozen
class Settlement:
    """What became of the changes of one send.

    Attributes:
        settled: final results (ok, rejected, or given up after the last attempt).
        retried: changes queued again for a later send.
        superseded: retry-later changes dropped because a newer value is pending.

    Examples:
        >>> Settlement((), (), ()).failed
        ()
    """

    settled: tuple[SettledChange, ...]
    retried: tuple[PendingChange, ...]
    superseded: tuple[PendingChange, ...]

    @property
    def failed(self) -> tuple[SettledChange, ...]:
        """The changes given up after `PushPolicy.max_attempts` sends."""
        return tuple(change for change in self.settled if change.gave_up)


def _missing_result(change: PendingChange) -> ItemResult:
    return ItemResult.retry_later(
        change.update.sku, code="no_result", message="the channel returned no result for it"
    )


_SETTLED_FIELDS = ("kind", "update", "result", "attempts", "seq")
if tuple(field.name for field in attrs.fields(SettledChange)) != _SETTLED_FIELDS:
    raise TypeError("SettledChange's fields changed: update _settled")
_set_kind, _set_update, _set_result, _set_attempts, _set_seq = (
    getattr(SettledChange, name).__set__ for name in _SETTLED_FIELDS
)
_new = object.__new__


def _settled(change: PendingChange, result: ItemResult, attempts: int) -> SettledChange:
    """`SettledChange(change.kind, change.update, result, attempts, seq=change.seq)`, with its
    slots filled directly: a flush of 100,000 changes makes one each, and the frozen class's
    `__init__` sets each field through `object.__setattr__`."""
    settled: SettledChange = _new(SettledChange)
    _set_kind(settled, change.kind)
    _set_update(settled, change.update)
    _set_result(settled, result)
    _set_attempts(settled, attempts)
    _set_seq(settled, change.seq)
    return settled


_KEY = attrgetter("key")
_SKU = attrgetter("update.sku")


def _match(sent: Sequence[PendingChange], results: Sequence[ItemResult]) -> list[ItemResult]:
    """One result per sent change: by position, by SKU when the positions disagree."""
    # Compared key by key in C (`attrgetter`): a flush of 100,000 changes asks it of each.
    if len(results) == len(sent) and list(map(_KEY, results)) == list(map(_SKU, sent)):
        return list(results)
    by_key = {result.key: result for result in results}
    return [by_key.get(change.update.sku) or _missing_result(change) for change in sent]


class PushPlan:
    """The changes waiting to be sent, with the rules that decide when and what to send.

    Not thread-safe: the pushers' `PusherCore` (`marketplace_sdk.sync._push_report`) guards it
    with a lock.

    Examples:
        >>> from datetime import UTC, datetime
        >>> plan = PushPlan()
        >>> _ = plan.add(StockUpdate(sku="A", quantity=1), datetime(2026, 1, 1, tzinfo=UTC))
        >>> len(plan), plan.policy.window
        (1, 1.0)
    """

    def __init__(self, policy: PushPolicy | None = None) -> None:
        """Start empty, with `policy` (the defaults when omitted)."""
        self.policy = policy or PushPolicy()
        self._pending: dict[tuple[str, str], PendingChange] = {}
        # Keys taken and not settled yet: their pending newer values wait for the settlement.
        self._in_flight: set[tuple[str, str]] = set()
        self._seq = 0

    @property
    def in_flight(self) -> frozenset[tuple[str, str]]:
        """The (kind, SKU) keys taken and not settled yet.

        Examples:
            busy = ("stock", "MUG") in plan.in_flight
        """
        return frozenset(self._in_flight)

    def __len__(self) -> int:
        return len(self._pending)

    def __iter__(self) -> Iterator[PendingChange]:
        return iter(tuple(self._pending.values()))

    def add(self, update: Update, now: datetime) -> Added:
        """Queue `update`; a pending value for the same kind and SKU is replaced.

        A replaced fresh change keeps its first-seen time (the window runs from the first
        change); a replaced retry is superseded and the new value starts a fresh window.

        Examples:
            added = plan.add(StockUpdate(sku="MUG", quantity=3), now)
        """
        now = ensure_utc(now)
        self._seq += 1
        change = PendingChange(self._seq, update, now)
        previous = self._pending.get(change.key)
        if previous is not None and previous.is_retry:
            self._pending[change.key] = change
            return Added(change.seq, superseded_retry=previous)
        if previous is not None:
            change = attrs.evolve(change, first_seen=previous.first_seen, last_seen=now)
        self._pending[change.key] = change
        return Added(change.seq, replaced=previous)

    def _ready_at(self, change: PendingChange) -> datetime:
        if change.not_before is not None:
            return change.not_before
        ready = change.first_seen + timedelta(seconds=self.policy.window)
        if self.policy.debounce is None:
            return ready
        quiet = (change.last_seen or change.first_seen) + timedelta(seconds=self.policy.debounce)
        return min(ready, quiet)

    def _waiting(self) -> Iterator[PendingChange]:
        """The pending changes that may be taken: none whose SKU is in flight."""
        in_flight = self._in_flight
        return (change for change in self._pending.values() if change.key not in in_flight)

    def _full_kinds(self) -> set[ChangeKind]:
        counts: dict[ChangeKind, int] = {}
        for change in self._waiting():
            if not change.is_retry:
                counts[change.kind] = counts.get(change.kind, 0) + 1
        return {kind for kind, count in counts.items() if count >= self.policy.max_batch}

    def _is_due(self, change: PendingChange, now: datetime, full: set[ChangeKind]) -> bool:
        if not change.is_retry and change.kind in full:
            return True
        return self._ready_at(change) <= now

    def due(self, now: datetime) -> bool:
        """Whether some change should be sent at `now` (its window or retry delay has passed,
        or a kind has `max_batch` fresh changes pending).

        Examples:
            if plan.due(now):
                batch = plan.take(now)
        """
        now = ensure_utc(now)
        full = self._full_kinds()
        return any(self._is_due(change, now, full) for change in self._waiting())

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
                change.first_seen
                if not change.is_retry and change.kind in full
                else self._ready_at(change)
                for change in self._waiting()
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
        if force:
            taken = list(self._waiting())
        else:
            full = self._full_kinds()
            due = [change for change in self._waiting() if self._is_due(change, now, full)]
            due_keys = {change.key for change in due}
            riding = {change.kind for change in due} if self.policy.ride_along else set()
            taken = [
                change
                for change in self._waiting()
                if change.key in due_keys or (change.kind in riding and not change.is_retry)
            ]
        for change in taken:
            del self._pending[change.key]
            self._in_flight.add(change.key)
        stock = ChangeKind.STOCK
        return PushBatch(
            stock=tuple(change for change in taken if change.kind is stock),
            price=tuple(change for change in taken if change.kind is not stock),
        )

    def settle(
        self, sent: Sequence[PendingChange], results: Sequence[ItemResult], now: datetime
    ) -> Settlement:
        """Record the channel's `results` for the changes `sent` (one per change, in order, keyed
        by SKU; a change the channel gave no result for counts as retry later).

        Examples:
            settlement = plan.settle(batch.stock, results, now)
        """
        now = ensure_utc(now)
        settled: list[SettledChange] = []
        retried: list[PendingChange] = []
        superseded: list[PendingChange] = []
        retry_later = Outcome.RETRY_LATER
        for change, result in zip(sent, _match(sent, results), strict=True):
            self._in_flight.discard(change.key)
            attempts = change.attempts + 1
            if result.outcome is not retry_later:
                settled.append(_settled(change, result, attempts))
            elif change.key in self._pending:
                superseded.append(change)
            elif attempts >= self.policy.max_attempts:
                settled.append(_settled(change, result, attempts))
            else:
                delay = self.policy.retry_delay(attempts, result.retry_after)
                retry = attrs.evolve(
                    change, attempts=attempts, not_before=now + timedelta(seconds=delay)
                )
                self._pending[retry.key] = retry
                retried.append(retry)
        return Settlement(tuple(settled), tuple(retried), tuple(superseded))
