"""The outcome of applying a bulk file: one `RowResult` per row, and the result file.

The result file has one row per row of the bulk file (bad rows too), in line order, with the
columns `line, sku, outcome, reason, marketplace_id`. Outcomes: `ok`, `rejected` (the
marketplace refused it), `retry_later` (not applied for a temporary reason: send it again),
`unknown` (perhaps applied: the answer was lost and reading back could not tell; check the
marketplace before sending it again), `draft` (listed, but the marketplace holds it as an
unpublished draft, not for sale: the reason says why; `publish=True` publishes it),
`invalid` (the row is bad; the reason says why), `held`
(valid, but not applied because another row of its Etsy group is bad), `not_sent` (the run
stopped before it, on an error that needs a person, such as revoked credentials).

Examples:
    >>> result = RowResult(line=2, sku="MUG-01", outcome=RowOutcome.OK, marketplace_id="123")
    >>> result.cells()
    ['2', 'MUG-01', 'ok', '', '123']
"""

from __future__ import annotations

from collections import Counter
from enum import StrEnum
from pathlib import Path

import attrs
from pydantic import BaseModel, ConfigDict

from marketplace_sdk.bulk._sheets import write_sheet
from marketplace_sdk.core._errors import MarketplaceError

__all__ = ["RESULT_COLUMNS", "BulkReport", "RowOutcome", "RowResult", "write_results"]

#: The result file's header.
RESULT_COLUMNS = ("line", "sku", "outcome", "reason", "marketplace_id")


class RowOutcome(StrEnum):
    """What happened to one row of a bulk file.

    Examples:
        >>> RowOutcome("held").applied
        False
    """

    OK = "ok"
    DRAFT = "draft"
    REJECTED = "rejected"
    RETRY_LATER = "retry_later"
    UNKNOWN = "unknown"
    INVALID = "invalid"
    HELD = "held"
    NOT_SENT = "not_sent"

    @property
    def applied(self) -> bool:
        """Whether the marketplace applied the row."""
        return self is RowOutcome.OK


class RowResult(BaseModel):
    """One row's outcome, as the result file has it.

    Attributes:
        line: the row's line in the bulk file.
        sku: the row's SKU (empty when the row had none).
        outcome: see `RowOutcome`.
        reason: why it is not ok (the marketplace's code and message, or the row's errors).
        marketplace_id: the id the marketplace gave (a listing id, an import id), if any.

    Examples:
        >>> RowResult(line=3, sku="A", outcome="rejected", reason="ERR: no").outcome.value
        'rejected'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    line: int
    sku: str
    outcome: RowOutcome
    reason: str = ""
    marketplace_id: str = ""

    def cells(self) -> list[str]:
        """The row of the result file."""
        return [str(self.line), self.sku, self.outcome.value, self.reason, self.marketplace_id]


@attrs.frozen
class BulkReport:
    """What `apply_bulk` did: one result per row of the file, and where the result file is.

    Attributes:
        marketplace: the channel's marketplace.
        mode: `"create"` or `"update"`.
        results: one `RowResult` per row, in line order.
        results_path: the result file written.
        stopped_by: the error that stopped the run (revoked credentials, a channel not
            configured), when one did; the rows after it are `not_sent`.

    Examples:
        >>> report = BulkReport("fnac", "update", (
        ...     RowResult(line=2, sku="A", outcome="ok"),
        ...     RowResult(line=3, sku="B", outcome="invalid", reason="stock: not a number")),
        ...     Path("results.csv"))
        >>> report.counts, report.lines(RowOutcome.INVALID), report.all_ok, report.stopped_by
        ({'ok': 1, 'invalid': 1}, (3,), False, None)
    """

    marketplace: str
    mode: str
    results: tuple[RowResult, ...]
    results_path: Path
    stopped_by: MarketplaceError | None = None

    @property
    def counts(self) -> dict[str, int]:
        """How many rows had each outcome (outcomes with none left out)."""
        counted = Counter(result.outcome for result in self.results)
        return {outcome.value: counted[outcome] for outcome in RowOutcome if counted[outcome]}

    def lines(self, outcome: RowOutcome) -> tuple[int, ...]:
        """The lines with `outcome`."""
        return tuple(result.line for result in self.results if result.outcome is outcome)

    @property
    def all_ok(self) -> bool:
        """Whether every row was applied (a `draft` row is not: it is not for sale)."""
        return all(result.outcome.applied for result in self.results)

    @property
    def drafts(self) -> tuple[int, ...]:
        """The lines listed as unpublished drafts."""
        return self.lines(RowOutcome.DRAFT)


def write_results(path: Path, results: tuple[RowResult, ...]) -> None:
    """Write the result file (CSV, or `.xlsx` by the path's suffix).

    Examples:
        >>> import tempfile
        >>> path = Path(tempfile.mkdtemp()) / "results.csv"
        >>> write_results(path, (RowResult(line=2, sku="A", outcome="ok"),))
        >>> path.read_text().splitlines()
        ['line,sku,outcome,reason,marketplace_id', '2,A,ok,,']
    """
    write_sheet(path, RESULT_COLUMNS, [result.cells() for result in results])
