"""`ResultColumns`: per-item results held as columns, each plain ok result built when read.

A push of 100,000 offers gets 100,000 ok results back, each only a key and perhaps the
marketplace's id for it. As `ItemResult` instances they were 200,000 objects (the model and
its field dict) the garbage collector walked on every full collection while the push's report
was alive, and built whether anyone read them or not. `ResultColumns` keeps each plain ok
result as its key and id, and any other result (rejected, retry later, unknown, an ok one with
a reason or a payload) as the `ItemResult` it is; reading an item builds its plain ok result
then. It is a `Sequence[ItemResult]` like any list of results: nothing is lost or changed, only
built later.

Examples:
    >>> refused = ItemResult.rejected("B", code="ERR_1", message="bad price")
    >>> results = ResultColumns(["A", "B"], ["F1", None], {1: refused})
    >>> [result.outcome.value for result in results], results[0].marketplace_id
    (['ok', 'rejected'], 'F1')
    >>> results == [ItemResult.ok("A", marketplace_id="F1"), refused]
    True
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from operator import attrgetter
from typing import overload

from marketplace_sdk.core._models.trusted import trusted_positional
from marketplace_sdk.core._results import ItemResult, Outcome

__all__ = ["ResultColumns", "plain_ok"]

_plain_ok = trusted_positional(ItemResult, ("key", "outcome", "marketplace_id"))
_OK = Outcome.OK
_KEY = attrgetter("key")


def plain_ok(key: str, marketplace_id: str | None = None) -> ItemResult:
    """`ItemResult.ok(key, marketplace_id=marketplace_id)`, built without validation (both
    values are plain strings): what `ResultColumns` builds for a plain ok item.

    Examples:
        >>> plain_ok("A", "F1") == ItemResult.ok("A", marketplace_id="F1")
        True
    """
    return _plain_ok(key, _OK, marketplace_id)


class ResultColumns(Sequence[ItemResult]):
    """One result per item, in order: plain ok results held as their key and marketplace id,
    the others as given.

    Args:
        keys: each item's key, in order.
        marketplace_ids: the marketplace's id for each plain ok item (`None` for none; all
            `None` when omitted).
        others: the results that are not plain ok, by position (each with its item's key).

    Raises:
        ValueError: the columns differ in length, a position is out of range, or a result's
            key is not its item's.

    Examples:
        >>> results = ResultColumns(["A", "B"])
        >>> len(results), results[1], results.keys()
        (2, ItemResult(key='B', outcome=<Outcome.OK: 'ok'>, reason=None, retry_after=None, marketplace_id=None), ('A', 'B'))
    """  # noqa: E501

    __slots__ = ("_built", "_ids", "_keys")

    _keys: list[str]
    _ids: list[str | None]
    #: The result given for each position, `None` where it is a plain ok one.
    _built: list[ItemResult | None]

    def __init__(
        self,
        keys: Iterable[str],
        marketplace_ids: Iterable[str | None] | None = None,
        others: Mapping[int, ItemResult] | None = None,
    ) -> None:
        """Hold `keys`, `marketplace_ids` and `others` (each iterable read once)."""
        self._keys = list(keys)
        count = len(self._keys)
        self._ids = [None] * count if marketplace_ids is None else list(marketplace_ids)
        if len(self._ids) != count:
            raise ValueError(f"{len(self._ids)} marketplace ids for {count} keys")
        self._built = [None] * count
        for index, result in (others or {}).items():
            if not 0 <= index < count:
                raise ValueError(f"a result at position {index}, out of {count}")
            if result.key != self._keys[index]:
                raise ValueError(
                    f"the result at position {index} is for {result.key!r}, "
                    f"not {self._keys[index]!r}"
                )
            self._built[index] = result

    @classmethod
    def _of_columns(
        cls, keys: list[str], ids: list[str | None], built: list[ItemResult | None]
    ) -> ResultColumns:
        columns = cls.__new__(cls)
        columns._keys, columns._ids, columns._built = keys, ids, built
        return columns

    @classmethod
    def of(cls, results: Iterable[ItemResult]) -> ResultColumns:
        """`results` as columns: itself when it already is, else each result kept as given.

        Examples:
            >>> ResultColumns.of([ItemResult.ok("A")]).keys()
            ('A',)
        """
        if isinstance(results, ResultColumns):
            return results
        built: list[ItemResult | None] = list(results)
        keys: list[str] = list(map(_KEY, built))
        return cls._of_columns(keys, [None] * len(keys), built)

    @classmethod
    def join(cls, parts: Iterable[Iterable[ItemResult]]) -> ResultColumns:
        """The results of `parts`, one after the other.

        Examples:
            >>> joined = ResultColumns.join([ResultColumns(["A"]), [ItemResult.ok("B")]])
            >>> joined.keys()
            ('A', 'B')
        """
        keys: list[str] = []
        ids: list[str | None] = []
        built: list[ItemResult | None] = []
        for part in parts:
            columns = cls.of(part)
            keys += columns._keys
            ids += columns._ids
            built += columns._built
        return cls._of_columns(keys, ids, built)

    def keys(self) -> tuple[str, ...]:
        """Each item's key, in order (read without building any result).

        Examples:
            >>> ResultColumns(["A", "B"]).keys()
            ('A', 'B')
        """
        return tuple(self._keys)

    def positions(self, outcome: Outcome) -> list[int]:
        """The positions of the results with `outcome`, in order; for any outcome but ok,
        read without building a plain ok result.

        Examples:
            >>> results = ResultColumns(["A", "B"], others={1: ItemResult.rejected("B",
            ...     message="no")})
            >>> results.positions(Outcome.REJECTED), results.positions(Outcome.OK)
            ([1], [0])
        """
        built = self._built
        if built.count(None) == len(built):  # every item a plain ok one (a push's usual end)
            return list(range(len(built))) if outcome is _OK else []
        return [
            index
            for index, result in enumerate(built)
            if (_OK if result is None else result.outcome) is outcome
        ]

    def with_outcome(self, outcome: Outcome) -> tuple[ItemResult, ...]:
        """The results with `outcome`, in order (only the plain ok ones are built for ok).

        Examples:
            >>> ResultColumns(["A"]).with_outcome(Outcome.REJECTED)
            ()
        """
        return tuple(self[index] for index in self.positions(outcome))

    def select(self, positions: Iterable[int]) -> ResultColumns:
        """The results at `positions`, in that order, still as columns.

        Examples:
            >>> ResultColumns(["A", "B", "C"]).select([2, 0]).keys()
            ('C', 'A')
        """
        chosen = list(positions)
        keys, ids, built = self._keys, self._ids, self._built
        return self._of_columns(
            [keys[index] for index in chosen],
            [ids[index] for index in chosen],
            [built[index] for index in chosen],
        )

    def _at(self, index: int) -> ItemResult:
        result = self._built[index]
        if result is None:
            return _plain_ok(self._keys[index], _OK, self._ids[index])
        return result

    def __len__(self) -> int:
        return len(self._keys)

    @overload
    def __getitem__(self, index: int) -> ItemResult: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ItemResult]: ...

    def __getitem__(self, index: int | slice) -> ItemResult | Sequence[ItemResult]:
        if isinstance(index, slice):
            return [self._at(position) for position in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("result index out of range")
        return self._at(index)

    def __iter__(self) -> Iterator[ItemResult]:
        new, ok = _plain_ok, _OK
        for key, marketplace_id, result in zip(self._keys, self._ids, self._built, strict=True):
            yield new(key, ok, marketplace_id) if result is None else result

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(
            mine == theirs for mine, theirs in zip(self, other, strict=True)
        )

    __hash__ = None  # type: ignore[assignment]  # equal to lists, so unhashable as they are

    def __repr__(self) -> str:
        return f"ResultColumns({list(self)!r})"
