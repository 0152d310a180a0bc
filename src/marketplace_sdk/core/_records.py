"""Mapping one marketplace record: whatever goes wrong is a `RecordError`, never anything else.

A mapping turns one wire record (an Etsy receipt, an FNAC order, an offer) into a canonical one.
When the record cannot be turned (a currency that is not ISO 4217, an amount that is not a
decimal, a timestamp past the year 9999, a country code that does not exist, totals that do
not add up), the failure belongs to that record alone: `mapping_record` raises it as a
`RecordError` carrying the record's kind, id and raw payload, the original exception chained as
`__cause__`, so a sync job can set the record aside and go on with the page.

Examples:
    >>> from marketplace_sdk.core._money import Money
    >>> try:
    ...     with mapping_record("order", record_id=7, raw={"id": 7}, marketplace="etsy"):
    ...         Money(amount="1", currency="EURO")
    ... except RecordError as error:
    ...     print(error.record_id, type(error.__cause__).__name__)
    7 ValidationError
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from marketplace_sdk.core._errors import MarketplaceError, RecordError

__all__ = ["DATA_ERRORS", "mapping_record", "record_error"]

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

_MAX_MESSAGE = 300


def _describe(error: BaseException) -> str:
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
        text = str(error) or type(error).__name__
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 3] + "..."


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
    return RecordError(
        _describe(error), kind=kind, record_id=ident, raw=raw, marketplace=marketplace
    )


@contextmanager
def mapping_record(
    kind: str, *, record_id: object = None, raw: object = None, marketplace: str | None = None
) -> Iterator[None]:
    """Run a mapping step; a data error inside becomes this record's `RecordError`.

    A `RecordError` raised inside passes unchanged. A programming error (`AttributeError`,
    `KeyError`, ...) is not data and is not caught.

    Args:
        kind: what the record is (`"order"`, `"product"`, `"cancellation"`).
        record_id: the marketplace's id of the record, when it could be read.
        raw: the record as received, for the quarantine.
        marketplace: the marketplace's key.

    Examples:
        >>> with mapping_record("order", record_id="A1"):
        ...     pass
    """
    try:
        yield
    except RecordError:
        raise
    except DATA_ERRORS as error:
        raise record_error(
            error, kind=kind, record_id=record_id, raw=raw, marketplace=marketplace
        ) from error
