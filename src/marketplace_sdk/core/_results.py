"""Per-item outcomes of a batch: `ItemResult` and the `BatchResult` sequence.

A batch call (push stock, push prices, accept lines) never succeeds or fails as a whole: each
item is ok, rejected with the marketplace's reason, to be retried later, or of unknown outcome
(a write that cannot safely be repeated lost its answer, and reading back could not tell).

Examples:
    >>> batch = BatchResult([
    ...     ItemResult.ok("SKU-1"),
    ...     ItemResult.rejected("SKU-2", code="ERR_105", message="price out of range"),
    ...     ItemResult.retry_later("SKU-3", message="rate limited", retry_after=2.0),
    ... ])
    >>> [r.key for r in batch.ok], [r.key for r in batch.rejected], batch.all_ok
    (['SKU-1'], ['SKU-2'], False)
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING, Self, overload

import attrs
from pydantic import BaseModel, ConfigDict, Field, JsonValue, model_validator

from marketplace_sdk.core._models import Record

if TYPE_CHECKING:  # rendering is loaded only when a record is shown
    from rich.table import Table

__all__ = ["BatchResult", "ItemResult", "Outcome", "Reason"]


class Outcome(StrEnum):
    """What happened to one item of a batch.

    Examples:
        >>> Outcome("retry_later") is Outcome.RETRY_LATER
        True
    """

    OK = "ok"
    """The marketplace applied it."""
    REJECTED = "rejected"
    """The marketplace refused it; resending the same item will not help."""
    RETRY_LATER = "retry_later"
    """Not applied for a temporary reason (rate limit, server busy, batch still running)."""
    UNKNOWN = "unknown"
    """Perhaps applied, perhaps not: the answer was lost and reading back could not tell.

    Sending it again may apply it twice (a second draft listing, say): check on the
    marketplace first."""


class Reason(BaseModel):
    """The marketplace's own code and message for an outcome.

    Examples:
        >>> str(Reason(code="ERR_105", message="price out of range"))
        'ERR_105: price out of range'
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    code: str | None = None
    message: str

    def __str__(self) -> str:
        return f"{self.code}: {self.message}" if self.code else self.message


class ItemResult(Record):
    """The outcome for one item of a batch.

    Attributes:
        key: the item's key as the caller sent it (a SKU, an order line id).
        outcome: ok, rejected, retry later or unknown.
        reason: the marketplace's code and message; required unless ok.
        retry_after: seconds to wait before retrying, when known (retry later only).
        marketplace_id: an id the marketplace gave the item (a new listing's id, an import id).
        draft: an ok listing the marketplace holds as an unpublished draft, not for sale (its
            reason says why and how to publish it).
        raw: the marketplace's payload for this item (not in repr, equality or JSON).

    Examples:
        >>> ItemResult.rejected("SKU-2", code="ERR_105", message="price out of range")
        ItemResult(key='SKU-2', outcome=<Outcome.REJECTED: 'rejected'>, reason=Reason(code='ERR_105', message='price out of range'), retry_after=None, marketplace_id=None)
    """  # noqa: E501

    key: str
    outcome: Outcome
    reason: Reason | None = None
    retry_after: float | None = Field(default=None, ge=0)
    marketplace_id: str | None = None
    draft: bool = False

    @model_validator(mode="after")
    def _reason_when_not_ok(self) -> Self:
        if self.outcome is not Outcome.OK and self.reason is None:
            raise ValueError(f"a {self.outcome.value} result needs the marketplace's reason")
        if self.draft and (self.outcome is not Outcome.OK or self.reason is None):
            raise ValueError("a draft is an ok result whose reason says why it is not published")
        if self.outcome is not Outcome.RETRY_LATER and self.retry_after is not None:
            raise ValueError("retry_after only goes with a retry_later outcome")
        return self

    @classmethod
    def ok(
        cls, key: str, *, marketplace_id: str | None = None, raw: JsonValue = None
    ) -> ItemResult:
        """An applied item.

        Examples:
            >>> ItemResult.ok("SKU-1", marketplace_id="1234").is_ok
            True
        """
        return cls(key=key, outcome=Outcome.OK, marketplace_id=marketplace_id, raw=raw)

    @classmethod
    def rejected(
        cls, key: str, *, message: str, code: str | None = None, raw: JsonValue = None
    ) -> ItemResult:
        """An item the marketplace refused, with its code and message.

        Examples:
            >>> str(ItemResult.rejected("SKU-9", message="unknown SKU").reason)
            'unknown SKU'
        """
        return cls(
            key=key, outcome=Outcome.REJECTED, reason=Reason(code=code, message=message), raw=raw
        )

    @classmethod
    def retry_later(
        cls,
        key: str,
        *,
        message: str,
        code: str | None = None,
        retry_after: float | None = None,
        raw: JsonValue = None,
    ) -> ItemResult:
        """An item not applied for a temporary reason.

        Examples:
            >>> ItemResult.retry_later("SKU-3", message="busy", retry_after=5).retry_after
            5.0
        """
        return cls(
            key=key,
            outcome=Outcome.RETRY_LATER,
            reason=Reason(code=code, message=message),
            retry_after=retry_after,
            raw=raw,
        )

    @classmethod
    def unknown(
        cls, key: str, *, message: str, code: str | None = None, raw: JsonValue = None
    ) -> ItemResult:
        """An item that may or may not have been applied: check before sending it again.

        Examples:
            >>> ItemResult.unknown("MUG", message="createDraftListing: answer lost").outcome.value
            'unknown'
        """
        return cls(
            key=key, outcome=Outcome.UNKNOWN, reason=Reason(code=code, message=message), raw=raw
        )

    def __repr_args__(self) -> Iterator[tuple[str | None, object]]:
        # `draft` is shown only when set: a stock push's results are never drafts.
        for name, value in super().__repr_args__():
            if name != "draft" or value:
                yield name, value

    @classmethod
    def listed_as_draft(
        cls, key: str, *, marketplace_id: str, message: str, raw: JsonValue = None
    ) -> ItemResult:
        """A listing created on the marketplace but left an unpublished draft (not for sale).

        Examples:
            >>> result = ItemResult.listed_as_draft("MUG", marketplace_id="7", message="no image")
            >>> result.is_ok, result.draft, str(result.reason)
            (True, True, 'draft: no image')
        """
        return cls(
            key=key,
            outcome=Outcome.OK,
            reason=Reason(code="draft", message=message),
            marketplace_id=marketplace_id,
            draft=True,
            raw=raw,
        )

    @property
    def is_ok(self) -> bool:
        """Whether the marketplace applied the item."""
        return self.outcome is Outcome.OK


@attrs.frozen(init=False)
class BatchResult(Sequence[ItemResult]):
    """The results of a batch, one per item in the order sent, with views by outcome.

    Examples:
        >>> batch = BatchResult([ItemResult.ok("A"), ItemResult.ok("B")])
        >>> len(batch), batch[0].key, batch.all_ok, batch.keys()
        (2, 'A', True, ('A', 'B'))
    """

    items: tuple[ItemResult, ...]

    def __init__(self, items: Iterable[ItemResult] = ()) -> None:
        """Hold `items` (consumed once, kept in order)."""
        self.__attrs_init__(tuple(items))

    @overload
    def __getitem__(self, index: int) -> ItemResult: ...

    @overload
    def __getitem__(self, index: slice) -> Sequence[ItemResult]: ...

    def __getitem__(self, index: int | slice) -> ItemResult | Sequence[ItemResult]:
        return self.items[index]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[ItemResult]:
        return iter(self.items)

    def _with(self, outcome: Outcome) -> tuple[ItemResult, ...]:
        return tuple(item for item in self.items if item.outcome is outcome)

    @property
    def ok(self) -> tuple[ItemResult, ...]:
        """The items applied."""
        return self._with(Outcome.OK)

    @property
    def rejected(self) -> tuple[ItemResult, ...]:
        """The items refused."""
        return self._with(Outcome.REJECTED)

    @property
    def retry_later(self) -> tuple[ItemResult, ...]:
        """The items to send again later."""
        return self._with(Outcome.RETRY_LATER)

    @property
    def unknown(self) -> tuple[ItemResult, ...]:
        """The items that may or may not have been applied (check before resending)."""
        return self._with(Outcome.UNKNOWN)

    @property
    def all_ok(self) -> bool:
        """Whether every item was applied (true for an empty batch)."""
        return all(item.is_ok for item in self.items)

    def keys(self) -> tuple[str, ...]:
        """The items' keys, in order."""
        return tuple(item.key for item in self.items)

    def __rich__(self) -> Table:
        """One row per item (key, outcome, reason, ...) in a rich console."""
        from marketplace_sdk.core._display import records_table

        return records_table(self.items, title=f"BatchResult: {len(self.items)} items")

    def _repr_html_(self) -> str:
        """One row per item (key, outcome, reason, ...) in Jupyter."""
        from marketplace_sdk.core._display import records_html

        return records_html(self.items, title=f"BatchResult: {len(self.items)} items")
