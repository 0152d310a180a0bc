"""Converting one record at a time, and the quarantine item a host stores for one that fails."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk import QuarantinedRecord, RecordError
from marketplace_sdk.core._records import convert_or_quarantine, convert_record, raw_payload
from marketplace_sdk.sync import MemorySink, ShopRef


def test_a_record_error_from_the_mapping_is_completed_not_wrapped_again() -> None:
    def mapping(record: dict[str, int]) -> int:
        raise RecordError("no currency", kind="order")

    with pytest.raises(RecordError) as caught:
        convert_record(mapping, {"id": 7}, kind="order", record_id="7", marketplace="etsy")
    error = caught.value
    assert (error.message, error.marketplace, error.record_id, error.raw) == (
        "no currency",
        "etsy",
        "7",
        {"id": 7},
    )
    assert error.__cause__ is None
    assert QuarantinedRecord.from_error(error).error_type == "RecordError"


def test_any_error_of_one_conversion_becomes_that_records_error() -> None:
    aside: list[RecordError] = []
    converted = [
        convert_or_quarantine(
            lambda text: 100 // int(text),
            text,
            kind="order",
            record_id=text,
            marketplace="demo",
            quarantine=aside.append,
        )
        for text in ("4", "0", "x", "5")
    ]
    assert converted == [25, None, None, 20]
    assert [(e.record_id, type(e.__cause__).__name__) for e in aside] == [
        ("0", "ZeroDivisionError"),
        ("x", "ValueError"),
    ]


def test_a_payload_json_cannot_hold_is_shown_as_its_repr() -> None:
    class Odd:
        def __repr__(self) -> str:
            return "<odd>"

    assert raw_payload({"a": Odd()}) == {"a": "<odd>"}


def test_the_message_of_a_quarantine_item_carries_no_secret() -> None:
    error = RecordError(
        'refused {"access_token": "tok-123"} with Bearer abc.def', kind="order", record_id="1"
    )
    item = QuarantinedRecord.from_error(error)
    assert "tok-123" not in item.message
    assert "abc.def" not in item.message


@given(st.dictionaries(st.text(max_size=5), st.integers(), max_size=4))
def test_an_item_without_an_id_has_a_stable_key_of_its_payload(raw: dict[str, int]) -> None:
    def item(payload: object) -> QuarantinedRecord:
        return QuarantinedRecord(
            marketplace="fnac", kind="order", error_type="ValueError", message="m", raw=payload
        )

    key = item(raw).key
    assert key.startswith("fnac/order/sha256:")
    assert item(json.loads(json.dumps(raw))).key == key
    assert item({**raw, "extra-field": 1}).key != key


def test_the_memory_sink_keeps_items_by_key_until_their_order_arrives() -> None:
    sink, shop = MemorySink(), ShopRef("etsy", "1")
    error = RecordError("bad", kind="order", record_id="7", raw={}, marketplace="etsy")
    sink.quarantine(shop, [QuarantinedRecord.from_error(error)] * 2)
    assert list(sink.quarantined_of(shop)) == ["etsy/order/7"]
    assert "quarantined=1" in repr(sink)
