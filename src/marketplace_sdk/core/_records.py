"""One record at a time: a marketplace record turned into its canonical form, or set aside.

A mapping runs its steps inside `mapping_record`, which turns a data error (a currency that is
not ISO 4217, an amount that is not a decimal, a timestamp past the year 9999, a country code
that does not exist, totals that do not add up) into that record's `RecordError`; a channel
converts each record through `convert_record`, which does the same for anything else one
conversion raises.

A page from a marketplace holds many records, and one of them may be one the mapping cannot
convert (a currency it does not know, a timestamp out of range, a missing id). That record must
not cost the others: a channel converts each record through `convert_record`, which turns any
failure of that one conversion into a `RecordError` naming the record (its kind, its id when it
could be read, its raw payload), the original error chained as its cause.

A record can fail one step earlier, when its wire model refuses it (a string where the
marketplace's schema has a number, an `<order>` element FNAC's schema would not accept). A list
answer is therefore read in two parts (`read_records`): its envelope (the count, the paging
fields) as a whole, where a body cut short or malformed stays an error of the answer (a
transient `ResponseParseError`, asked again, never read as a shorter page), and each record on
its own, where a record its model refuses becomes that record's `RecordError`, kept on the
page in its place (`RefusedRecord`, `Page.refused`) and routed like a mapping failure.

What happens next is the caller's choice (`Quarantine`): a channel's iterators raise the
`RecordError` by default, so someone iterating orders in a notebook sees a typed error on the
record at fault; given a `quarantine` callback, they hand it the error and go on with the next
record, which is how the sync jobs keep a shop's sync moving (`marketplace_sdk.sync`). The
callback's errors become `QuarantinedRecord`s, the canonical item the host's sink stores.

Examples:
    >>> set_aside: list[RecordError] = []
    >>> convert_or_quarantine(int, "12", kind="order", record_id="12", marketplace="demo",
    ...                       quarantine=set_aside.append)
    12
    >>> convert_or_quarantine(int, "x", kind="order", record_id="7", marketplace="demo",
    ...                       quarantine=set_aside.append) is None
    True
    >>> item = QuarantinedRecord.from_error(set_aside[0])
    >>> item.key, item.error_type, item.raw
    ('demo/order/7', 'ValueError', 'x')
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import attrs
from pydantic import BaseModel, Field, JsonValue, ValidationError
from pydantic_core import to_jsonable_python

from marketplace_sdk.core._errors import MarketplaceError, RecordError
from marketplace_sdk.core._models import CanonicalModel
from marketplace_sdk.core._redact import redact_text

__all__ = [
    "DATA_ERRORS",
    "Quarantine",
    "QuarantinedRecord",
    "RefusedRecord",
    "as_kind",
    "convert_or_quarantine",
    "convert_record",
    "mapping_record",
    "raw_payload",
    "read_record",
    "read_records",
    "record_error",
    "set_aside",
]

logger = logging.getLogger(__name__)

W = TypeVar("W")
T = TypeVar("T")
I = TypeVar("I")  # noqa: E741 (an item as received: a JSON value, an XML element)

#: Called with the `RecordError` of each record a channel's iterator sets aside.
Quarantine = Callable[[RecordError], None]

#: How much of a failure's text a `RecordError` built here keeps.
_MESSAGE_CHARS = 1_000


def raw_payload(record: object) -> JsonValue:
    """`record` as JSON-shaped data, for a `RecordError` or a quarantine item.

    A wire model gives its `model_dump(mode="json")` (fields the model does not declare
    included), text stays text, bytes are decoded; anything else that JSON cannot hold is
    written with `repr`.

    Examples:
        >>> raw_payload(b"<order/>"), raw_payload({"id": 1, "at": {2}})
        ('<order/>', {'id': 1, 'at': [2]})
    """
    if isinstance(record, bytes):
        return record.decode("utf-8", errors="replace")
    try:
        if isinstance(record, BaseModel):
            dumped: JsonValue = record.model_dump(mode="json")
            return dumped
        converted: JsonValue = to_jsonable_python(record, fallback=repr)
        return converted
    except Exception:  # a payload too broken to dump is still shown to a person
        return repr(record)


#: What reading bad data raises in Python: a value or type refused (pydantic's
#: `ValidationError` and `decimal.InvalidOperation` are among them), a number out of range
#: (`OverflowError`), an absurdly nested value (`RecursionError`).
DATA_ERRORS: tuple[type[BaseException], ...] = (
    ValueError,
    TypeError,
    ArithmeticError,
    RecursionError,
    MarketplaceError,
)


def _text(error: BaseException) -> str:
    if isinstance(error, ValidationError):
        # Never the input values: a refused field may be a buyer's address.
        parts = [
            f"{'.'.join(str(part) for part in item['loc']) or 'value'}: {item['msg']}"
            for item in error.errors(include_url=False, include_input=False)
        ]
        text = "; ".join(parts)
    elif isinstance(error, MarketplaceError):
        text = error.message
    else:
        text = str(error)
    text = " ".join(text.split()) or "no detail"
    return text if len(text) <= _MESSAGE_CHARS else text[: _MESSAGE_CHARS - 3] + "..."


def _describe(error: BaseException) -> str:
    return f"{type(error).__name__}: {_text(error)}"


def record_error(
    error: BaseException,
    *,
    kind: str,
    record_id: object = None,
    raw: object = None,
    marketplace: str | None = None,
) -> RecordError:
    """The `RecordError` for `error` raised while mapping one record (chain it with `from`).

    Examples:
        >>> record_error(ValueError("no date"), kind="order", record_id="A1").message
        'no date'
    """
    ident = None if record_id is None or str(record_id) == "" else str(record_id)
    return RecordError(_text(error), kind=kind, record_id=ident, raw=raw, marketplace=marketplace)


@contextmanager
def mapping_record(
    kind: str, *, record_id: object = None, raw: object = None, marketplace: str | None = None
) -> Iterator[None]:
    """Run a mapping step; a data error inside becomes this record's `RecordError`.

    A `RecordError` raised inside passes unchanged. A programming error (`AttributeError`,
    `KeyError`, ...) is not data and is not caught here (`convert_record` still turns it into
    the record's `RecordError`, so a page goes on).

    Args:
        kind: what the record is (`"order"`, `"product"`, `"cancellation"`).
        record_id: the marketplace's id of the record, when it could be read.
        raw: the record as received, for the quarantine.
        marketplace: the marketplace's key.

    Examples:
        >>> from marketplace_sdk.core._money import Money
        >>> try:
        ...     with mapping_record("order", record_id=7, raw={"id": 7}, marketplace="etsy"):
        ...         Money(amount="1", currency="EURO")
        ... except RecordError as error:
        ...     print(error.record_id, type(error.__cause__).__name__)
        7 ValidationError
    """
    try:
        yield
    except RecordError:
        raise
    except DATA_ERRORS as error:
        raise record_error(
            error, kind=kind, record_id=record_id, raw=raw, marketplace=marketplace
        ) from error


def convert_record(
    convert: Callable[[W], T],
    record: W,
    *,
    kind: str,
    record_id: str | None,
    marketplace: str,
) -> T:
    """`convert(record)`, or the `RecordError` of that record when the conversion fails.

    Any exception the conversion raises becomes a `RecordError` chained to it (a
    `RecordError` raised by the mapping itself is completed with what it lacks: the
    marketplace, the id, the raw payload).

    Raises:
        RecordError: the record cannot be converted.

    Examples:
        >>> try:
        ...     convert_record(int, "x", kind="order", record_id="7", marketplace="demo")
        ... except RecordError as error:
        ...     error.record_id, error.raw, type(error.__cause__).__name__
        ('7', 'x', 'ValueError')
    """
    try:
        return convert(record)
    except RecordError as error:
        error.marketplace = error.marketplace or marketplace
        error.record_id = error.record_id or record_id
        if error.raw is None:
            error.raw = raw_payload(record)
        raise
    except Exception as error:
        raise RecordError(
            _describe(error),
            kind=kind,
            record_id=record_id,
            raw=raw_payload(record),
            marketplace=marketplace,
        ) from error


def convert_or_quarantine(
    convert: Callable[[W], T],
    record: W,
    *,
    kind: str,
    record_id: str | None,
    marketplace: str,
    quarantine: Quarantine | None,
) -> T | None:
    """`convert_record`, handing a failure to `quarantine` (then `None`) when one is given.

    Raises:
        RecordError: the record cannot be converted and `quarantine` is None.

    Examples:
        >>> convert_or_quarantine(int, "x", kind="order", record_id="7", marketplace="demo",
        ...                       quarantine=lambda error: None) is None
        True
    """
    try:
        return convert_record(
            convert, record, kind=kind, record_id=record_id, marketplace=marketplace
        )
    except RecordError as error:
        set_aside(error, quarantine)
        return None


def set_aside(error: RecordError, quarantine: Quarantine | None) -> None:
    """Hand `error` to `quarantine`, or raise it when there is none (the iterators' default).

    Raises:
        RecordError: `error`, when `quarantine` is None.

    Examples:
        >>> taken: list[RecordError] = []
        >>> set_aside(RecordError("bad", kind="order", record_id="7"), taken.append)
        >>> [error.record_id for error in taken]
        ['7']
    """
    if quarantine is None:
        raise error
    logger.warning("set aside %s", error)
    quarantine(error)


def as_kind(kind: str, quarantine: Quarantine | None) -> Quarantine:
    """A quarantine that names each record `kind` before handing it on (raising without one).

    A record refused while reading an answer is named for the answer (an Etsy receipt is an
    `"order"`); a channel that reads the same answer for something else (cancellations) names
    it for what it was reading, as its mapping would have.

    Examples:
        >>> taken: list[RecordError] = []
        >>> as_kind("cancellation", taken.append)(RecordError("bad", kind="order"))
        >>> taken[0].kind
        'cancellation'
    """

    def route(error: RecordError) -> None:
        error.kind = kind
        set_aside(error, quarantine)

    return route


@attrs.frozen
class RefusedRecord:
    """A record of a list answer that its wire model refused: where it stood, and its error.

    Attributes:
        position: its place among the answer's records (0 for the first), so an iterator
            raises or sets it aside in the order the marketplace sent it.
        error: the record's `RecordError` (its kind, its id when readable, the record as
            received; the model's refusal chained as its cause).

    Examples:
        >>> refused = RefusedRecord(2, RecordError("bad", kind="order", record_id="7"))
        >>> refused.position, refused.error.record_id
        (2, '7')
    """

    position: int
    error: RecordError


def read_record(
    read: Callable[[I], T],
    item: I,
    *,
    kind: str,
    record_id: Callable[[I], str | None],
    raw: Callable[[I], object],
    marketplace: str,
    shape: str,
) -> T:
    """`read(item)`: one record as its wire model, or the `RecordError` of that record.

    Args:
        read: validates one item as received into its wire model.
        item: the item (a JSON value, an XML element).
        kind: what the record is (`"order"`, `"product"`).
        record_id: reads the record's id from the item (`None` when it cannot).
        raw: the item as JSON-shaped data, for the quarantine.
        marketplace: the marketplace's key.
        shape: what the item should have been, for the message (`"an Etsy ShopReceipt"`).

    Raises:
        RecordError: the model refused the item (its refusal chained as the cause).

    Examples:
        >>> try:
        ...     read_record(int, "x", kind="order", record_id=lambda item: None,
        ...                 raw=lambda item: item, marketplace="demo", shape="a number")
        ... except RecordError as error:
        ...     error.message, error.raw, type(error.__cause__).__name__
        ("not a number: invalid literal for int() with base 10: 'x'", 'x', 'ValueError')
    """
    try:
        return read(item)
    except Exception as error:  # any refusal of one item is that record's, not the answer's
        raise _refusal(error, item, kind, record_id, raw, marketplace, shape) from error


def _refusal(
    error: Exception,
    item: I,
    kind: str,
    record_id: Callable[[I], str | None],
    raw: Callable[[I], object],
    marketplace: str,
    shape: str,
) -> RecordError:
    # The `RecordError` of an item `read` refused with `error`.
    return RecordError(
        f"not {shape}: {_text(error)}",
        kind=kind,
        record_id=_safe(record_id, item),
        raw=raw_payload(_safe(raw, item)),
        marketplace=marketplace,
    )


def _safe(read: Callable[[I], W], item: I) -> W | None:
    # Reading an id or a payload out of a refused item must not fail in its turn.
    try:
        return read(item)
    except Exception:
        return None


def read_records(
    items: Iterable[I],
    read: Callable[[I], T],
    *,
    kind: str,
    record_id: Callable[[I], str | None],
    raw: Callable[[I], object],
    marketplace: str,
    shape: str,
) -> tuple[list[T], list[RefusedRecord]]:
    """Each item read on its own (`read_record`): the records read, and those refused.

    Examples:
        >>> records, refused = read_records(["1", "x", "3"], int, kind="order",
        ...     record_id=lambda item: None, raw=lambda item: item, marketplace="demo",
        ...     shape="a number")
        >>> records, [(r.position, r.error.raw) for r in refused]
        ([1, 3], [(1, 'x')])
    """
    records: list[T] = []
    refused: list[RefusedRecord] = []
    # `read_record` per item, its call and keywords spent only on a refusal: a page of a
    # hundred orders reads each in a few microseconds.
    append = records.append
    for position, item in enumerate(items):
        try:
            append(read(item))
        except Exception as error:  # any refusal of one item is that record's, not the answer's
            try:
                raise _refusal(error, item, kind, record_id, raw, marketplace, shape) from error
            except RecordError as refusal:
                refused.append(RefusedRecord(position, refusal))
    return records, refused


class QuarantinedRecord(CanonicalModel):
    """A record the SDK could not convert, set aside for the host instead of stalling a sync.

    Sync jobs hand these to the host's sink (`Sink.quarantine`); the rest of the page is
    delivered and the cursor moves on. The host stores them (upsert by `key`: the same record
    comes again while it cannot be converted) and, after a fix, fetches the records again
    (`marketplace_sdk.sync.refetch_orders`); a record delivered later supersedes its item.

    Attributes:
        marketplace: the marketplace's key (`"etsy"`, `"fnac"`).
        kind: what the record is: `"order"`, `"cancellation"`, `"product"`.
        record_id: the marketplace's id of the record, when it could be read.
        error_type: the class of the error that stopped the conversion (`"ValidationError"`,
            `"OverflowError"`, ...; `"RecordError"` when the mapping raised it itself).
        message: what went wrong, secrets removed.
        raw: the record's payload as received (JSON-shaped), for a person to look at. It holds
            what the marketplace sent about the record (buyer data included, as `Order.raw`
            does), never the shop's credentials, which no record payload carries.

    Examples:
        >>> error = RecordError("bad currency 'EURO'", kind="order", record_id="7",
        ...                     raw={"receipt_id": 7}, marketplace="etsy")
        >>> item = QuarantinedRecord.from_error(error)
        >>> item.key, item.error_type, item.message
        ('etsy/order/7', 'RecordError', "bad currency 'EURO'")
    """

    marketplace: str
    kind: str
    record_id: str | None = None
    error_type: str
    message: str
    raw: JsonValue = Field(default=None, repr=False)

    @classmethod
    def from_error(cls, error: RecordError) -> QuarantinedRecord:
        """The quarantine item of a `RecordError` (its cause's class names the error)."""
        cause = error.__cause__
        return cls(
            marketplace=error.marketplace or "unknown",
            kind=error.kind,
            record_id=error.record_id,
            error_type=type(cause).__name__ if cause is not None else type(error).__name__,
            message=redact_text(error.message),
            raw=raw_payload(error.raw),
        )

    @property
    def key(self) -> str:
        """A stable key to upsert by: `marketplace/kind/id` (a digest of `raw` without an id)."""
        if self.record_id:
            return f"{self.marketplace}/{self.kind}/{self.record_id}"
        text = json.dumps(self.raw, sort_keys=True, default=str)
        digest = hashlib.sha256(text.encode()).hexdigest()[:16]
        return f"{self.marketplace}/{self.kind}/sha256:{digest}"
