"""One record at a time: a marketplace record turned into its canonical form, or set aside.

A page from a marketplace holds many records, and one of them may be one the mapping cannot
convert (a currency it does not know, a timestamp out of range, a missing id). That record must
not cost the others: a channel converts each record through `convert_record`, which turns any
failure of that one conversion into a `RecordError` naming the record (its kind, its id when it
could be read, its raw payload), the original error chained as its cause.

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
import re
from collections.abc import Callable
from typing import TypeVar

from pydantic import BaseModel, Field, JsonValue
from pydantic_core import to_jsonable_python

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import CanonicalModel
from marketplace_sdk.core._redact import redact_text

__all__ = [
    "Quarantine",
    "QuarantinedRecord",
    "convert_or_quarantine",
    "convert_record",
    "raw_payload",
]

logger = logging.getLogger(__name__)

W = TypeVar("W")
T = TypeVar("T")

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


# pydantic ends every error with a link to its documentation, which says nothing of the record.
_PYDANTIC_LINK = re.compile(r"\s*For further information visit \S+")


def _describe(error: BaseException) -> str:
    text = " ".join(_PYDANTIC_LINK.sub("", str(error)).split()) or "no detail"
    return f"{type(error).__name__}: {text}"[:_MESSAGE_CHARS]


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
        if quarantine is None:
            raise
        logger.warning("set aside %s", error)
        quarantine(error)
        return None


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
