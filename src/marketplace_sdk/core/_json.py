"""JSON decoded by orjson, in C, where its reading is the one pydantic_core's would give.

The wire models read a marketplace's JSON by `pydantic_core.from_json` (as
`model_validate_json` does). orjson decodes the same bytes in about two thirds of that time,
and where both read a document they read the same values, but for what the caller must rule
out before taking orjson's document for pydantic_core's:

- An integer outside 64 bits (below -2**63 or above 2**64 - 1) is a `float` for orjson, an
  `int` for pydantic_core: a path that never trusts a `float` it meets (the order paths check
  each value's type) has nothing more to do; any other calls `wide_integer` on its floats.
- pydantic_core refuses nesting a little past `MAX_DEPTH` levels, which orjson reads (up to
  1024): a path that keeps only values of a known shape (and bounds the depth of what it
  keeps as received well within `MAX_DEPTH`) has nothing more to do.
- pydantic_core reads what orjson refuses (`NaN`, `Infinity`, numbers past a double's
  range): `orjson_document` gives `UNREAD` then, and the caller reads the bytes as before.

Duplicate keys (the last one wins), strings, surrogate pairs, invalid UTF-8 (refused by both)
and every other number read alike.

Examples:
    >>> orjson_document(b'{"count": 1, "results": [{"receipt_id": 7}]}')["results"]
    [{'receipt_id': 7}]
    >>> orjson_document(b'{"rate": NaN}') is UNREAD
    True
    >>> wide_integer(orjson_document(b"[123456789012345678901]")[0])
    True
"""

from __future__ import annotations

from typing import Any, Final

import orjson

__all__ = ["MAX_DEPTH", "UNREAD", "orjson_document", "wide_integer"]

#: Nesting `pydantic_core.from_json` always reads (arrays and objects, the document's own
#: included); it refuses 202 levels of arrays, 201 of objects. orjson reads up to 1024.
MAX_DEPTH: Final = 200


class _Unread:
    """orjson refused the bytes (pydantic_core may still read them)."""

    def __repr__(self) -> str:
        return "UNREAD"


#: What `orjson_document` gives for bytes orjson refuses.
UNREAD: Final = _Unread()

_loads = orjson.loads
_Refused = orjson.JSONDecodeError
_BELOW = -(2**63)
_ABOVE = 2**64 - 1


def orjson_document(content: bytes | str) -> Any:
    """The document orjson reads in `content`, or `UNREAD` when it refuses it.

    The same values `pydantic_core.from_json(content)` reads, but for integers outside 64 bits
    (floats here) and nesting past `MAX_DEPTH` (read here, refused there).

    Examples:
        >>> orjson_document(b'{"amount": 5}')
        {'amount': 5}
        >>> orjson_document(b'{"amount": 5') is UNREAD
        True
    """
    try:
        return _loads(content)
    except _Refused:
        return UNREAD


def wide_integer(value: float) -> bool:
    """Whether orjson may have read `value` from an integer outside 64 bits.

    pydantic_core reads such an integer as an `int`; a float that is not integral, or within
    64 bits, reads alike in both.

    Examples:
        >>> wide_integer(1.5), wide_integer(2.0**70), wide_integer(-(2.0**70))
        (False, True, True)
    """
    # -2**63 - 1 and beyond round to -2**63 itself as floats: that bound is in.
    return (value <= _BELOW or value > _ABOVE) and value.is_integer()
