"""`ReportedResults`: the offers' results of FNAC batch reports, by SKU, the applied ones kept
as their FNAC offer id.

A push of 100,000 offers reads 100,000 applied offers from its batch reports. As an ok
`ItemResult` each, they were 200,000 objects (the model and its field dict) made while the
push ran and walked by every garbage collection after, whether anyone read them or not.
`ReportedResults` keeps an applied offer as its SKU and FNAC offer id, and any other offer's
result (refused, with FNAC's errors) as the `ItemResult` it is; reading a SKU builds its ok
result then, and `results_for` turns a push's SKUs into `ResultColumns` without building any.

Examples:
    >>> reported = ReportedResults({"A": "F1"})
    >>> reported.add(ItemResult.rejected("B", code="ERR_1", message="bad price"))
    >>> reported["A"].marketplace_id, reported["B"].outcome.value, len(reported)
    ('F1', 'rejected', 2)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from itertools import repeat
from typing import cast

from marketplace_sdk.core._result_columns import ResultColumns, plain_ok
from marketplace_sdk.core._results import ItemResult

__all__ = ["ReportedResults"]

#: Stands for a SKU no report names (`None` is an applied offer without an id).
_UNREPORTED: object = object()


class ReportedResults(Mapping[str, ItemResult]):
    """The result of each offer FNAC's batch reports name, by SKU (a SKU's last line wins).

    Args:
        applied: the FNAC offer id (`None` when the report gave none) of each offer FNAC
            applied, by SKU: each is an ok result with that `marketplace_id`.

    Examples:
        >>> reported = ReportedResults()
        >>> reported.add_applied("A", None)
        >>> reported == {"A": ItemResult.ok("A")}
        True
    """

    __slots__ = ("applied", "others")

    def __init__(self, applied: Mapping[str, str | None] | None = None) -> None:
        """Start with the `applied` offers, and no other result."""
        #: The applied offers' FNAC ids, by SKU.
        self.applied: dict[str, str | None] = dict(applied or {})
        #: Every other offer's result, by SKU (never a SKU of `applied`).
        self.others: dict[str, ItemResult] = {}

    def add_applied(self, sku: str, fnac_id: str | None) -> None:
        """Record that FNAC applied the offer `sku` (its offer id `fnac_id`).

        Examples:
            >>> reported = ReportedResults()
            >>> reported.add_applied("A", "F1")
            >>> reported["A"].is_ok
            True
        """
        if self.others:
            self.others.pop(sku, None)
        self.applied[sku] = fnac_id

    def add(self, result: ItemResult) -> None:
        """Record `result` for its SKU (`result.key`).

        Examples:
            >>> reported = ReportedResults({"A": "F1"})
            >>> reported.add(ItemResult.rejected("A", message="refused later"))
            >>> reported["A"].outcome.value
            'rejected'
        """
        self.applied.pop(result.key, None)
        self.others[result.key] = result

    def update(self, results: Mapping[str, ItemResult]) -> None:
        """Record `results` (a later report's, which wins over what is here).

        Examples:
            >>> reported = ReportedResults({"A": "F1"})
            >>> reported.update(ReportedResults({"A": "F2"}))
            >>> reported["A"].marketplace_id
            'F2'
        """
        if isinstance(results, ReportedResults):
            if self.others:
                for sku in results.applied:
                    self.others.pop(sku, None)
            if self.applied:
                for sku in results.others:
                    self.applied.pop(sku, None)
            self.applied.update(results.applied)
            self.others.update(results.others)
            return
        for result in results.values():
            self.add(result)

    def results_for(self, keys: Sequence[str]) -> ResultColumns | None:
        """The result of each of `keys`, in order, as columns (no result built), when every
        one is an applied offer; `None` otherwise.

        Examples:
            >>> ReportedResults({"A": "F1"}).results_for(["A"])[0].marketplace_id
            'F1'
            >>> ReportedResults({"A": "F1"}).results_for(["A", "B"]) is None
            True
        """
        ids = list(map(self.applied.get, keys, repeat(_UNREPORTED)))
        if _UNREPORTED in ids:
            return None
        return ResultColumns(keys, cast(list[str | None], ids))

    def __getitem__(self, sku: str) -> ItemResult:
        other = self.others.get(sku)
        if other is not None:
            return other
        if sku in self.applied:
            return plain_ok(sku, self.applied[sku])
        raise KeyError(sku)

    def __iter__(self) -> Iterator[str]:
        yield from self.applied
        yield from self.others

    def __len__(self) -> int:
        return len(self.applied) + len(self.others)

    def __repr__(self) -> str:
        return f"ReportedResults({dict(self)!r})"
