"""The pusher's changes as values, and as columns for a flush of many.

`PendingChange` (a change waiting or in flight) and `SettledChange` (a change with its final
result) are what the host sees. A flush of 100,000 offers holds 200,000 changes; as one
`PendingChange` and one `SettledChange` each, they were 400,000 objects more for the garbage
collector to walk on every full collection, made whether anyone read them or not. The plan
keeps each change as its update and a tuple of plain values (`Meta`: no object the collector
follows), a send carries its changes as `Changes` (columns: kinds, SKUs, updates, metas) and
its outcomes as `SettledChanges` (the changes and their `ResultColumns`); both are sequences
of the value classes, each item built when read. Nothing is lost: every item is there, typed,
only built later.

Examples:
    >>> from datetime import UTC, datetime
    >>> from marketplace_sdk.core._result_columns import ResultColumns
    >>> t0 = datetime(2026, 1, 1, tzinfo=UTC)
    >>> changes = Changes.of([PendingChange(1, StockUpdate(sku="A", quantity=2), t0)])
    >>> changes[0].update.quantity, changes.skus
    (2, ['A'])
    >>> settled = SettledChanges(changes, ResultColumns(["A"]))
    >>> settled[0].result.outcome.value, settled[0].attempts, settled.failed
    ('ok', 1, ())
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from enum import StrEnum
from typing import Final, TypeVar, overload

import attrs

from marketplace_sdk.core._models import PriceUpdate, StockUpdate
from marketplace_sdk.core._result_columns import ResultColumns
from marketplace_sdk.core._results import ItemResult, Outcome

__all__ = [
    "ChangeKind",
    "Changes",
    "Meta",
    "PendingChange",
    "SettledChange",
    "SettledChanges",
    "Update",
]

T = TypeVar("T")

#: A change the pusher sends: a stock level or a price.
Update = StockUpdate | PriceUpdate
#: A change's bookkeeping as plain values (the collector does not follow such a tuple):
#: sequence number, first seen, sends so far, not before (a retry), last seen.
Meta = tuple[int, datetime, int, datetime | None, datetime | None]
SEQ: Final = 0
FIRST_SEEN: Final = 1
ATTEMPTS: Final = 2
NOT_BEFORE: Final = 3
LAST_SEEN: Final = 4


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


_SETTLED_FIELDS = ("kind", "update", "result", "attempts", "seq")
if tuple(field.name for field in attrs.fields(SettledChange)) != _SETTLED_FIELDS:
    raise TypeError("SettledChange's fields changed: update _settled")
_set_kind, _set_update, _set_result, _set_attempts, _set_seq = (
    getattr(SettledChange, name).__set__ for name in _SETTLED_FIELDS
)
_new = object.__new__


def _settled(
    kind: ChangeKind, update: Update, result: ItemResult, attempts: int, seq: int
) -> SettledChange:
    """`SettledChange(kind, update, result, attempts, seq=seq)`, with its slots filled
    directly: reading a flush's 100,000 settled changes builds one each, and the frozen
    class's `__init__` sets each field through `object.__setattr__`."""
    settled: SettledChange = _new(SettledChange)
    _set_kind(settled, kind)
    _set_update(settled, update)
    _set_result(settled, result)
    _set_attempts(settled, attempts)
    _set_seq(settled, seq)
    return settled


def pending_change(update: Update, meta: Meta) -> PendingChange:
    """The `PendingChange` of `update` with its bookkeeping `meta`.

    Examples:
        >>> from datetime import UTC, datetime
        >>> t0 = datetime(2026, 1, 1, tzinfo=UTC)
        >>> pending_change(StockUpdate(sku="A", quantity=1), (4, t0, 2, None, None)).attempts
        2
    """
    return PendingChange(
        meta[SEQ], update, meta[FIRST_SEEN], meta[ATTEMPTS], meta[NOT_BEFORE], meta[LAST_SEEN]
    )


def meta_of(change: PendingChange) -> Meta:
    """The bookkeeping of `change`, as the plan keeps it.

    Examples:
        >>> from datetime import UTC, datetime
        >>> t0 = datetime(2026, 1, 1, tzinfo=UTC)
        >>> meta_of(PendingChange(3, StockUpdate(sku="A", quantity=1), t0))[0]
        3
    """
    return (change.seq, change.first_seen, change.attempts, change.not_before, change.last_seen)


class _Lazy(Sequence[T]):
    """A sequence whose items are built when read (`_at`), equal to any sequence with the
    same items."""

    __slots__ = ()

    def _at(self, index: int) -> T:
        raise TypeError(f"{type(self).__name__} does not say how to build an item")

    @overload
    def __getitem__(self, index: int) -> T: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[T]: ...

    def __getitem__(self, index: int | slice) -> T | Sequence[T]:
        if isinstance(index, slice):
            return [self._at(position) for position in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(f"{type(self).__name__} index out of range")
        return self._at(index)

    def __iter__(self) -> Iterator[T]:
        return map(self._at, range(len(self)))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(
            mine == theirs for mine, theirs in zip(self, other, strict=True)
        )

    __hash__ = None  # type: ignore[assignment]  # equal to lists, so unhashable as they are

    def __repr__(self) -> str:
        return f"{type(self).__name__}({list(self)!r})"


class Changes(_Lazy[PendingChange]):
    """Changes taken for one send, as columns; each `PendingChange` is built when read.

    Attributes:
        kinds: each change's kind.
        skus: each change's SKU.
        updates: each change's value to send.
        metas: each change's bookkeeping (`Meta`).

    Examples:
        >>> from datetime import UTC, datetime
        >>> t0 = datetime(2026, 1, 1, tzinfo=UTC)
        >>> changes = Changes([ChangeKind.STOCK], ["A"], [StockUpdate(sku="A", quantity=1)],
        ...                   [(7, t0, 0, None, None)])
        >>> changes[0].seq, changes.updates_of(ChangeKind.STOCK)[0].quantity
        (7, 1)
    """

    __slots__ = ("kinds", "metas", "skus", "updates")

    kinds: list[ChangeKind]
    skus: list[str]
    updates: list[Update]
    metas: list[Meta]

    def __init__(
        self,
        kinds: list[ChangeKind],
        skus: list[str],
        updates: list[Update],
        metas: list[Meta],
    ) -> None:
        """Hold the four columns (the same length; kept, not copied)."""
        if not len(kinds) == len(skus) == len(updates) == len(metas):
            raise ValueError("the columns of Changes must have the same length")
        self.kinds, self.skus, self.updates, self.metas = kinds, skus, updates, metas

    @classmethod
    def of(cls, changes: Iterable[PendingChange]) -> Changes:
        """`changes` as columns: itself when it already is.

        Examples:
            >>> Changes.of([]).skus
            []
        """
        if isinstance(changes, Changes):
            return changes
        given = list(changes)
        return cls(
            [change.kind for change in given],
            [change.update.sku for change in given],
            [change.update for change in given],
            [meta_of(change) for change in given],
        )

    def updates_of(self, kind: ChangeKind) -> list[Update]:
        """The updates of the changes of `kind`, in order.

        Examples:
            >>> Changes.of([]).updates_of(ChangeKind.PRICE)
            []
        """
        if self.kinds.count(kind) == len(self.kinds):
            return list(self.updates)
        return [update for of, update in zip(self.kinds, self.updates, strict=True) if of is kind]

    def select(self, positions: Iterable[int]) -> Changes:
        """The changes at `positions`, in that order, still as columns.

        Examples:
            >>> Changes.of([]).select([]).skus
            []
        """
        chosen = list(positions)
        return Changes(
            [self.kinds[index] for index in chosen],
            [self.skus[index] for index in chosen],
            [self.updates[index] for index in chosen],
            [self.metas[index] for index in chosen],
        )

    def __len__(self) -> int:
        return len(self.skus)

    def _at(self, index: int) -> PendingChange:
        return pending_change(self.updates[index], self.metas[index])


class SettledChanges(_Lazy[SettledChange]):
    """Changes of a send with their final results, as columns; each `SettledChange` is built
    when read.

    Args:
        changes: the changes settled.
        results: each one's final result, in the same order.

    Raises:
        ValueError: there are not as many results as changes.

    Examples:
        >>> from datetime import UTC, datetime
        >>> t0 = datetime(2026, 1, 1, tzinfo=UTC)
        >>> changes = Changes.of([PendingChange(1, StockUpdate(sku="A", quantity=2), t0, 4)])
        >>> busy = ItemResult.retry_later("A", message="busy")
        >>> settled = SettledChanges(changes, ResultColumns(["A"], others={0: busy}))
        >>> [(change.update.sku, change.attempts) for change in settled.failed]
        [('A', 5)]
    """

    __slots__ = ("changes", "results")

    changes: Changes
    results: ResultColumns

    def __init__(self, changes: Changes, results: ResultColumns) -> None:
        """Hold `changes` and their `results`."""
        if len(changes) != len(results):
            raise ValueError(f"{len(results)} results for {len(changes)} settled changes")
        self.changes, self.results = changes, results

    @classmethod
    def join(cls, parts: Iterable[SettledChanges]) -> SettledChanges:
        """The settled changes of `parts`, one after the other.

        Examples:
            >>> len(SettledChanges.join([]))
            0
        """
        kinds: list[ChangeKind] = []
        skus: list[str] = []
        updates: list[Update] = []
        metas: list[Meta] = []
        results: list[ResultColumns] = []
        for part in parts:
            kinds += part.changes.kinds
            skus += part.changes.skus
            updates += part.changes.updates
            metas += part.changes.metas
            results.append(part.results)
        return cls(Changes(kinds, skus, updates, metas), ResultColumns.join(results))

    @property
    def failed(self) -> tuple[SettledChange, ...]:
        """The changes given up (their last result retry later), read without building the
        others."""
        return tuple(self._at(index) for index in self.results.positions(Outcome.RETRY_LATER))

    def __len__(self) -> int:
        return len(self.changes)

    def _at(self, index: int) -> SettledChange:
        changes = self.changes
        meta = changes.metas[index]
        return _settled(
            changes.kinds[index],
            changes.updates[index],
            self.results[index],
            meta[ATTEMPTS] + 1,
            meta[SEQ],
        )
