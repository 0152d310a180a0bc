"""OMS statuses, the seed status tables as data, and the pure rules over them.

Each marketplace package holds its seed table as a `StatusTable` and exports the table's four
rules under the same names (`oms_status`, `channel_status`, `can_cancel`, `transition`); this
module holds the machinery.

- Inbound (`StatusTable.oms_status`): a marketplace status maps to one OMS status, chosen by
  the facts given, never guessed ("New" becomes New when every line is in stock and Partial
  when one is not). Marketplace statuses are matched ignoring case, spaces, hyphens and
  underscores. An unknown status raises `UnknownStatusError`, which keeps the raw value.
- Outbound (`StatusTable.channel_status`): the marketplace status the table pairs with an OMS
  status, or `None` where the table says "Not Supported".
- `StatusTable.can_cancel`: cancellation is allowed only before Packed / Ready to Ship. RFP
  ("ready to be packed") has not reached Packed yet, so an RFP order can still be cancelled.
- The decisions an incoming status leads to are data: `MoveTo`, `NoChange`, `Conflict` (for a
  person to resolve, never applied) and `UnknownStatus`; `StatusTable.transition` answers
  with one, by the rules of `marketplace_sdk.core._transitions`.

Examples:
    >>> table = StatusTable(
    ...     marketplace="Shop",
    ...     rows=(
    ...         StatusRow((OmsStatus.NEW,), "Open", "all in stock", Inbound.ALL_IN_STOCK),
    ...         StatusRow((OmsStatus.PARTIAL,), "Open", "one out of stock",
    ...                   Inbound.ANY_OUT_OF_STOCK),
    ...         StatusRow((OmsStatus.RFP,), "Open", "ready to be packed", Inbound.NEVER),
    ...         StatusRow((OmsStatus.READY_TO_SHIP,), None, "packed", Inbound.NEVER),
    ...         StatusRow((OmsStatus.IN_TRANSIT,), "Sent", "shipped"),
    ...         StatusRow((OmsStatus.COMPLETE,), "Done", "delivered"),
    ...         StatusRow((OmsStatus.CANCELED, OmsStatus.CANCEL_IN_PROCESS), "Void", "buyer"),
    ...         StatusRow((OmsStatus.CANCELLED_BY_SELLER,
    ...                    OmsStatus.CANCELLED_BY_SELLER_IN_PROCESS), None, "seller",
    ...                   Inbound.NEVER),
    ...     ),
    ... )
    >>> table.oms_status("open", all_lines_in_stock=False)
    <OmsStatus.PARTIAL: 'Partial'>
    >>> table.channel_status(OmsStatus.READY_TO_SHIP) is None
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from enum import Enum, StrEnum
from types import MappingProxyType

import attrs

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError

__all__ = [
    "Conflict",
    "ConflictReason",
    "Inbound",
    "MoveTo",
    "NoChange",
    "OmsStatus",
    "StatusFilterError",
    "StatusRow",
    "StatusTable",
    "Transition",
    "UnknownStatus",
    "UnknownStatusError",
    "normalize_status",
]


class OmsStatus(StrEnum):
    """The OMS's order statuses, spelled as the OMS spells them.

    Examples:
        >>> OmsStatus("Ready to Ship") is OmsStatus.READY_TO_SHIP
        True
        >>> str(OmsStatus.IN_TRANSIT)
        'In_transit'
    """

    NEW = "New"
    PARTIAL = "Partial"
    RFP = "RFP"
    READY_TO_SHIP = "Ready to Ship"
    IN_TRANSIT = "In_transit"
    COMPLETE = "Complete"
    CANCELED = "Canceled"
    CANCEL_IN_PROCESS = "Cancel_in_Process"
    CANCELLED_BY_SELLER = "Cancelled by Seller"
    CANCELLED_BY_SELLER_IN_PROCESS = "Cancelled_by_seller_inprocess"


#: Before Packed / Ready to Ship: the only statuses from which an order may be cancelled.
_CANCELLABLE = frozenset({OmsStatus.NEW, OmsStatus.PARTIAL, OmsStatus.RFP})

_SEPARATORS = re.compile(r"[\s_\-]+")


def normalize_status(value: str) -> str:
    """The form statuses are compared in: case, spaces, hyphens and underscores ignored.

    Examples:
        >>> normalize_status(" In-Transit "), normalize_status("in_transit")
        ('intransit', 'intransit')
    """
    return _SEPARATORS.sub("", value).casefold()


class Inbound(Enum):
    """When a table row applies to an incoming marketplace status.

    Examples:
        >>> Inbound.ALL_IN_STOCK.applies(all_lines_in_stock=True)
        True
    """

    ALWAYS = "always"
    """The row's first OMS status is the inbound answer."""
    ALL_IN_STOCK = "all lines in stock"
    """Applies when every line of the order is in stock."""
    ANY_OUT_OF_STOCK = "any line out of stock"
    """Applies when at least one line is out of stock."""
    NEVER = "outbound only"
    """A status the OMS reaches on its own; the marketplace never sends the order there."""

    def applies(self, *, all_lines_in_stock: bool) -> bool:
        """Whether a row with this rule applies, given the stock fact.

        Examples:
            >>> Inbound.NEVER.applies(all_lines_in_stock=True)
            False
        """
        if self is Inbound.ALWAYS:
            return True
        if self is Inbound.ALL_IN_STOCK:
            return all_lines_in_stock
        if self is Inbound.ANY_OUT_OF_STOCK:
            return not all_lines_in_stock
        return False


@attrs.frozen
class StatusRow:
    """One row of a seed status table.

    Attributes:
        oms_statuses: the OMS statuses of the row (the seed's "Anchanto APP Status" cell; some
            cells name two, such as "Canceled/Cancel_in_Process"). The first is the inbound
            answer.
        marketplace_status: the marketplace's status as the seed names it, or `None` for
            "Not Supported".
        details: what the row means, in the SDK's own words, after the seed's "Details"
            column (the table's `source` names the seed).
        inbound: when an incoming `marketplace_status` maps to this row.

    Examples:
        >>> StatusRow((OmsStatus.IN_TRANSIT,), "Shipped", "in transit").oms_cell
        'In_transit'
    """

    oms_statuses: tuple[OmsStatus, ...] = attrs.field(validator=attrs.validators.min_len(1))
    marketplace_status: str | None
    details: str
    inbound: Inbound = Inbound.ALWAYS

    @property
    def oms_cell(self) -> str:
        """The OMS status cell as the seed writes it ("Canceled/Cancel_in_Process")."""
        return "/".join(str(status) for status in self.oms_statuses)

    @property
    def marketplace_cell(self) -> str:
        """The marketplace status cell ("Not Supported" for `None`)."""
        return self.marketplace_status if self.marketplace_status is not None else "Not Supported"


class UnknownStatusError(MarketplaceError):
    """A marketplace status that the status table does not know; `raw` keeps it as received.

    Examples:
        >>> err = UnknownStatusError("On hold", marketplace="Etsy")
        >>> err.raw, str(err)
        ('On hold', "[Etsy] unknown order status 'On hold'")
    """

    def __init__(self, raw: str, *, marketplace: str | None = None) -> None:
        super().__init__(f"unknown order status {raw!r}", marketplace=marketplace)
        self.raw = raw


class StatusFilterError(MarketplaceError, ValueError):
    """A status filter (`iter_orders(statuses=...)`) names a status the marketplace lacks.

    Raised before any request. `unknown` holds the statuses not understood, `valid` the ones
    the channel accepts; the class is `client` (fix the call: retrying gives the same answer).
    It is a `ValueError` too, for callers that caught the bare one before.

    Examples:
        >>> error = StatusFilterError(["Bogus"], ["New", "Shipped"], marketplace="etsy")
        >>> str(error)
        "[etsy] unknown order status 'Bogus'; use one of: New, Shipped"
        >>> error.error_class.value, error.valid
        ('client', ('New', 'Shipped'))
    """

    default_class = ErrorClass.CLIENT

    def __init__(
        self, unknown: Iterable[str], valid: Iterable[str], *, marketplace: str | None = None
    ) -> None:
        self.unknown = tuple(unknown)
        self.valid = tuple(valid)
        names = ", ".join(repr(status) for status in self.unknown)
        plural = "statuses" if len(self.unknown) > 1 else "status"
        super().__init__(
            f"unknown order {plural} {names}; use one of: {', '.join(self.valid)}",
            marketplace=marketplace,
        )


class ConflictReason(StrEnum):
    """Why an incoming status is not applied automatically.

    Examples:
        >>> ConflictReason("moves_backwards") is ConflictReason.MOVES_BACKWARDS
        True
    """

    CANCELLED_AFTER_READY_TO_SHIP = "cancelled_after_ready_to_ship"
    """The buyer cancelled an order that is already Ready to Ship or later."""
    MOVES_BACKWARDS = "moves_backwards"
    """The incoming status would move the order back (Complete, then In-transit)."""
    REOPENED_AFTER_CANCELLATION = "reopened_after_cancellation"
    """A cancelled order comes back as active."""


@attrs.frozen
class MoveTo:
    """Decision: move the order to `status`.

    Examples:
        >>> MoveTo(OmsStatus.COMPLETE).status
        <OmsStatus.COMPLETE: 'Complete'>
    """

    status: OmsStatus


@attrs.frozen
class NoChange:
    """Decision: the incoming status says nothing new; keep `status`.

    Examples:
        >>> NoChange(OmsStatus.RFP).status
        <OmsStatus.RFP: 'RFP'>
    """

    status: OmsStatus


@attrs.frozen
class Conflict:
    """Decision: a person must decide; nothing is applied.

    Attributes:
        current: the OMS status now.
        incoming: the marketplace status as received.
        proposed: the OMS status the incoming status maps to.
        reason: why it is not applied.
        message: a sentence for the person who resolves it.

    Examples:
        >>> Conflict(OmsStatus.COMPLETE, "New", OmsStatus.NEW,
        ...          ConflictReason.MOVES_BACKWARDS, "...").reason.value
        'moves_backwards'
    """

    current: OmsStatus
    incoming: str
    proposed: OmsStatus
    reason: ConflictReason
    message: str


@attrs.frozen
class UnknownStatus:
    """Decision: the marketplace status is not in the table; `raw` keeps it for the report.

    Examples:
        >>> UnknownStatus("On hold", marketplace="Etsy").raw
        'On hold'
    """

    raw: str
    marketplace: str


#: What `marketplace_sdk.core._transitions.decide_transition` answers.
Transition = MoveTo | NoChange | Conflict | UnknownStatus


def _check_rows(
    table: StatusTable, _: attrs.Attribute[tuple[StatusRow, ...]], rows: tuple[StatusRow, ...]
) -> None:
    covered = {status for row in rows for status in row.oms_statuses}
    missing = [status.value for status in OmsStatus if status not in covered]
    if missing:
        raise ValueError(f"{table.marketplace} status table has no row for {missing}")


def _read_only(aliases: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType({normalize_status(key): value for key, value in aliases.items()})


@attrs.frozen
class StatusTable:
    """A marketplace's seed status table, with the pure rules over it.

    Every `OmsStatus` must appear in some row (so every OMS status has an outbound answer).

    Attributes:
        marketplace: the marketplace's display name.
        rows: the seed table's rows, in the seed's order.
        aliases: other spellings of the seed's marketplace statuses (normalized form to the
            seed's name), such as the marketplace API's own word for a seed status.
        source: the seed document the table is read from (the rows' details say it in the
            SDK's own words).

    Examples:
        See the module docstring; `marketplace_sdk.etsy._status.ETSY_STATUS_TABLE` is a real one.
    """

    marketplace: str
    rows: tuple[StatusRow, ...] = attrs.field(validator=_check_rows)
    aliases: Mapping[str, str] = attrs.field(factory=dict, converter=_read_only)
    source: str | None = None

    def __iter__(self) -> Iterator[StatusRow]:
        return iter(self.rows)

    @property
    def marketplace_statuses(self) -> tuple[str, ...]:
        """The marketplace statuses the table names, in table order, without repeats.

        Examples:
            >>> from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
            >>> ETSY_STATUS_TABLE.marketplace_statuses
            ('New', 'In-transit', 'Delivered', 'Cancelled')
        """
        seen: dict[str, None] = {}
        for row in self.rows:
            if row.marketplace_status is not None:
                seen.setdefault(row.marketplace_status, None)
        return tuple(seen)

    def canonical_status(self, marketplace_status: str) -> str | None:
        """The seed's spelling of `marketplace_status`, or `None` when the table lacks it.

        Examples:
            >>> from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
            >>> ETSY_STATUS_TABLE.canonical_status("IN TRANSIT")
            'In-transit'
        """
        key = normalize_status(marketplace_status)
        for name in self.marketplace_statuses:
            if normalize_status(name) == key:
                return name
        alias = self.aliases.get(key)
        return alias if alias in self.marketplace_statuses else None

    def oms_status(self, marketplace_status: str, *, all_lines_in_stock: bool) -> OmsStatus:
        """The OMS status an incoming marketplace status maps to.

        Raises:
            UnknownStatusError: the table does not know `marketplace_status` (`raw` keeps it).

        Examples:
            >>> from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
            >>> ETSY_STATUS_TABLE.oms_status("new", all_lines_in_stock=True)
            <OmsStatus.NEW: 'New'>
        """
        name = self.canonical_status(marketplace_status)
        if name is not None:
            for row in self.rows:
                if row.marketplace_status == name and row.inbound.applies(
                    all_lines_in_stock=all_lines_in_stock
                ):
                    return row.oms_statuses[0]
        raise UnknownStatusError(marketplace_status, marketplace=self.marketplace)

    def row_for(self, oms_status: OmsStatus) -> StatusRow:
        """The row that names `oms_status` (every status has one).

        Examples:
            >>> from marketplace_sdk.fnac._status import FNAC_STATUS_TABLE
            >>> FNAC_STATUS_TABLE.row_for(OmsStatus.RFP).marketplace_status
            'To be Shipped'
        """
        status = OmsStatus(oms_status)
        return next(row for row in self.rows if status in row.oms_statuses)

    def channel_status(self, oms_status: OmsStatus) -> str | None:
        """The marketplace status paired with `oms_status`; `None` where it is "Not Supported".

        Examples:
            >>> from marketplace_sdk.fnac._status import FNAC_STATUS_TABLE
            >>> FNAC_STATUS_TABLE.channel_status(OmsStatus.READY_TO_SHIP) is None
            True
        """
        return self.row_for(oms_status).marketplace_status

    @staticmethod
    def can_cancel(oms_status: OmsStatus) -> bool:
        """Whether an order in `oms_status` may still be cancelled (before Packed/Ready to Ship).

        New, Partial and RFP can; Ready to Ship and later cannot, and an order already
        cancelled or being cancelled has nothing left to cancel.

        Examples:
            >>> StatusTable.can_cancel(OmsStatus.RFP), StatusTable.can_cancel(OmsStatus.IN_TRANSIT)
            (True, False)
        """
        return OmsStatus(oms_status) in _CANCELLABLE

    def transition(
        self, current: OmsStatus | None, incoming: str, *, all_lines_in_stock: bool
    ) -> Transition:
        """What an incoming marketplace status does to an order now at `current`.

        Never raises: the answer is `MoveTo`, `NoChange`, `Conflict` or `UnknownStatus`, by
        the rules of `marketplace_sdk.core._transitions.decide_transition`.

        Examples:
            >>> from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
            >>> ETSY_STATUS_TABLE.transition(OmsStatus.NEW, "In-transit", all_lines_in_stock=True)
            MoveTo(status=<OmsStatus.IN_TRANSIT: 'In_transit'>)
        """
        # The transition rules are built on this module's types, hence the late import.
        from marketplace_sdk.core._transitions import decide_transition

        return decide_transition(self, current, incoming, all_lines_in_stock=all_lines_in_stock)

    def markdown(self) -> str:
        """The table as Markdown, with the seed's columns and the inbound rule.

        Examples:
            >>> from marketplace_sdk.etsy._status import ETSY_STATUS_TABLE
            >>> print(ETSY_STATUS_TABLE.markdown().splitlines()[0])
            | OMS status | Etsy status | Inbound rule | Details |
        """
        lines = [
            f"| OMS status | {self.marketplace} status | Inbound rule | Details |",
            "|---|---|---|---|",
        ]
        for row in self.rows:
            details = row.details.replace("|", "\\|").replace("*", "\\*").replace("\n", " ")
            lines.append(
                f"| {row.oms_cell} | {row.marketplace_cell} | {row.inbound.value} | {details} |"
            )
        return "\n".join(lines)
