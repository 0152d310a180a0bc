"""orjson's reading of a document is pydantic_core's, but for what `core._json` names."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from pydantic_core import from_json

from marketplace_sdk.core._json import MAX_DEPTH, UNREAD, orjson_document, wide_integer

_SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**63), 2**64 - 1),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(),
)
_DOCUMENTS = st.recursive(
    _SCALARS,
    lambda inner: st.one_of(st.lists(inner), st.dictionaries(st.text(), inner)),
    max_leaves=30,
)


@given(_DOCUMENTS)
def test_a_document_within_64_bit_integers_reads_alike(document: Any) -> None:
    body = json.dumps(document, ensure_ascii=False).encode()
    assert orjson_document(body) == from_json(body)
    assert json.dumps(orjson_document(body)) == json.dumps(from_json(body))


@given(st.one_of(st.integers(max_value=-(2**63) - 1), st.integers(min_value=2**64)))
def test_an_integer_past_64_bits_is_a_float_said_to_be_wide(value: int) -> None:
    read = orjson_document(f"[{value}]".encode())[0]
    assert type(read) is float
    assert wide_integer(read)
    assert from_json(f"[{value}]".encode()) == [value]


@given(st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.integers(-(2**62), 2**62)))
def test_a_float_within_64_bits_or_with_a_fraction_is_not_wide(value: float) -> None:
    number = float(value)
    if not number.is_integer() or -(2**63) < number < 2**64:
        assert not wide_integer(number)


def test_what_orjson_refuses_is_unread_and_duplicate_keys_read_alike() -> None:
    for body in (b"[NaN]", b"[Infinity]", b"[1e400]", b'{"a": 1', b"", b"\xef\xbb\xbf[]"):
        assert orjson_document(body) is UNREAD
    assert orjson_document(b'{"a": 1, "b": 2, "a": 3}') == from_json(b'{"a": 1, "b": 2, "a": 3}')
    assert list(orjson_document(b'{"a": 1, "b": 2, "a": 3}')) == ["a", "b"]


def test_nesting_past_max_depth_reads_in_orjson_only() -> None:
    deep = b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1)
    assert orjson_document(deep) is not UNREAD
    try:
        from_json(deep)
    except ValueError:
        pass
    else:  # pragma: no cover - pydantic_core now reads deeper: MAX_DEPTH is to raise
        raise AssertionError("pydantic_core read past MAX_DEPTH")
    for within in (
        b"[" * MAX_DEPTH + b"]" * MAX_DEPTH,
        b'{"a":' * MAX_DEPTH + b"1" + b"}" * MAX_DEPTH,
    ):
        assert from_json(within) == orjson_document(within)
