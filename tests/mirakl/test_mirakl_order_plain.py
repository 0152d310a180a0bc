"""The OR11 order path without wire models (`mirakl._models.plain`, `mirakl._mapping.fast`)
gives what the validating path gives.

For every order (the recorded OR11 sample, the sandbox's seeded and generated shops, generated
orders odd ones among them, and the fuzz suite's mutations of them) the fast path returns the
same `Order` as `order_to_canonical(Order.model_validate(data))`, field for field and `raw`
included (its JSON text too, so in the same key order), or raises the same `RecordError`; and a
page read as documents holds what `list_orders` reads, refusals in their places included.
"""

from __future__ import annotations

import gc
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic_core import from_json
from tests.fuzz.mutations import json_payloads
from tests.mirakl.test_mirakl_order_fast import MALFORMED, odd_orders
from tests.mirakl.test_mirakl_order_mapping import wire_orders

from marketplace_sdk.core import FakeClock
from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import Order
from marketplace_sdk.mirakl import MiraklSellerClient
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._mapping import order_to_canonical
from marketplace_sdk.mirakl._mapping.fast import (
    _order,
    decoded_order_to_canonical,
    document_to_canonical,
    validated_order,
)
from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._models import plain
from marketplace_sdk.mirakl._models.plain import SCHEMAS, dump, dump_order
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)


def _seen(order: Order) -> tuple[Any, ...]:
    """What a caller sees of an order: its fields, and every part's fields and raw payload."""
    parts = [*order.lines, *order.shipments, *order.refunds]
    return (
        order.model_dump(),
        order.model_fields_set,
        json.dumps(order.raw),
        [
            (type(part), part.model_dump(), part.model_fields_set, json.dumps(part.raw))
            for part in parts
        ],
        [type(part.__dict__[name]) for part in (order, *parts) for name in part.__dict__],
        [
            (type(value), value.model_fields_set)
            for value in (order.buyer, order.shipping_address, order.totals)
            if isinstance(value, BaseModel)
        ],
    )


def _outcome(read: Any, data: object, currency: str | None) -> tuple[Any, ...]:
    try:
        order = read(data, currency)
    except RecordError as error:
        return ("refused", error.record_id, error.kind, str(error), json.dumps(error.raw))
    return ("order", _seen(order))


def _fast(data: object, currency: str | None) -> Order:
    return decoded_order_to_canonical(data, currency=currency)


def _validating(data: object, currency: str | None) -> Order:
    return validated_order(data, currency=currency)


def _same(data: object, currency: str | None = None) -> None:
    assert _outcome(_fast, data, currency) == _outcome(_validating, data, currency)


def _fast_only(data: object) -> Order:
    raw = dump_order(data)
    assert raw is not None
    return _order(raw, None)


@pytest.mark.parametrize("model", list(SCHEMAS))
def test_each_schema_is_its_wire_model_fields(model: type[BaseModel]) -> None:
    assert [name for name, _, _ in SCHEMAS[model]] == list(model.model_fields)
    for name, _, default in SCHEMAS[model]:
        field = model.model_fields[name]
        if field.is_required():
            assert default not in (None, (), "", 0)
        elif field.default_factory is not None:
            assert default == ()
            assert field.default_factory() == []  # type: ignore[call-arg]
        else:
            assert default == field.default


def _sandbox_orders(shop: ShopSeed, clock: FakeClock) -> list[Any]:
    """Every order the sandbox serves for `shop`, as OR11 sends it (page by page)."""
    sandbox = MiraklSandbox(clock=clock, shop=shop, enforce_call_frequencies=False)
    bodies: list[bytes] = []

    def record(request: httpx.Request) -> httpx.Response:
        response = sandbox.transport().handle_request(request)
        response.read()
        bodies.append(response.content)
        return response

    with MiraklSellerClient(
        sandbox.api_key,
        base_url="https://acme-dev.mirakl.net",
        transport=httpx.MockTransport(record),
        clock=clock,
    ) as client:
        count = sum(1 for _ in client.paginate(endpoints.list_orders_paginator()))
    orders = [order for body in bodies for order in from_json(body)["orders"]]
    assert len(orders) == count
    return orders


def test_every_seeded_and_generated_sandbox_order_maps_alike_and_fast() -> None:
    clock = FakeClock(T0)
    orders = [
        *_sandbox_orders(ShopSeed.default(clock.now()), clock),
        *_sandbox_orders(ShopSeed.generated(clock.now(), offers=50, orders=300, seed=3), clock),
    ]
    assert len(orders) > 300
    for data in orders:
        for currency in (None, "EUR"):
            _same(data, currency)
        _fast_only(data)  # every order the sandbox serves takes the fast path


@pytest.mark.needs_shared
def test_the_recorded_or11_sample_maps_alike_and_fast(shared_specs: Path) -> None:
    content = (shared_specs / "mirakl" / "samples" / "mmp_OR11_response_200.json").read_bytes()
    orders = from_json(content)["orders"]
    assert orders
    for data in orders:
        _same(data, "EUR")
        assert dump_order(data) is not None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(odd_orders(), st.sampled_from([None, "EUR"]))
def test_a_generated_order_maps_alike(data: dict[str, Any], currency: str | None) -> None:
    _same(json.loads(json.dumps(data)), currency)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(wire_orders())
def test_a_generated_order_with_a_unit_price_takes_the_fast_path(data: dict[str, Any]) -> None:
    data = json.loads(json.dumps(data))
    assert _seen(_fast_only(data)) == _seen(validated_order(data))


def _seeds() -> list[bytes]:
    clock = FakeClock(T0)
    orders = _sandbox_orders(ShopSeed.generated(clock.now(), offers=20, orders=40, seed=8), clock)
    return [json.dumps(order).encode() for order in orders]


_ORDER_SEEDS = _seeds()
_PAGE_SEEDS = [
    json.dumps({"orders": [json.loads(seed) for seed in _ORDER_SEEDS[i : i + 3]]}).encode()
    for i in range(0, len(_ORDER_SEEDS), 3)
]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_payloads(_ORDER_SEEDS), st.sampled_from([None, "EUR"]))
def test_a_mutated_order_gives_the_same_order_or_error(body: bytes, currency: str | None) -> None:
    try:
        data = from_json(body)
    except ValueError:
        return  # not JSON: the page's own reading refuses it before any order is read
    _same(data, currency)


def _page_outcome(body: bytes, documents: bool, seek: bool = False) -> tuple[Any, ...]:
    response = httpx.Response(200, content=body)
    offset = None if seek else 0
    try:
        if documents:
            page: Any = endpoints.list_order_documents(offset=offset).parse(response)
            read = [
                _outcome(lambda d, c: document_to_canonical(d, currency=c), item, "EUR")
                for item in page.items
            ]
        else:
            page = endpoints.list_orders(offset=offset).parse(response)
            read = [
                _outcome(lambda w, c: order_to_canonical(w, currency=c), item, "EUR")
                for item in page.items
            ]
    except Exception as error:  # the page's own error: the same on both paths
        return ("page refused", type(error), str(error))
    refused = [
        (r.position, r.error.record_id, str(r.error), json.dumps(r.error.raw)) for r in page.refused
    ]
    return (page.total, page.next_token, page.size, refused, read)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(json_payloads(_PAGE_SEEDS), st.booleans())
def test_a_page_read_as_documents_holds_what_reading_orders_gives(body: bytes, seek: bool) -> None:
    assert _page_outcome(body, True, seek) == _page_outcome(body, False, seek)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(wire_orders(), max_size=4),
    st.sampled_from(MALFORMED),
    st.integers(min_value=0, max_value=4),
)
def test_one_malformed_order_is_refused_in_its_place_and_the_page_goes_on(
    orders: list[dict[str, Any]], bad: Any, where: int
) -> None:
    sent = [*orders[:where], bad, *orders[where:]]
    body = json.dumps({"orders": sent, "total_count": 9}).encode()

    page = endpoints.list_order_documents().parse(httpx.Response(200, content=body))

    assert [document.order_id for document in page.items] == [o["order_id"] for o in orders]
    assert [refused.position for refused in page.refused] == [min(where, len(orders))]
    assert page.refused[0].error.raw == bad
    assert page.size == len(sent)
    assert _page_outcome(body, True) == _page_outcome(body, False)


def test_numbers_past_64_bits_read_as_pydantic_s_own_decoder_reads_them() -> None:
    # orjson reads these as floats; the orders holding them are read from pydantic's decoding.
    big = 123456789012345678901234567890
    orders = [
        {"order_id": "O-1", "order_state": "SHIPPED", "price": big, "currency_iso_code": "EUR"},
        {"order_id": "O-2", "order_state": "SHIPPED", "x_count": -big},
        {"order_id": "O-3", "order_state": "SHIPPED", "order_lines": [
            {"order_line_id": "L", "order_line_state": "SHIPPED", "quantity": big}]},
        {"order_id": "O-4", "order_state": "SHIPPED", "price": 1e300},
    ]  # fmt: skip
    for envelope in ({"orders": orders}, {"orders": orders, "total_count": big}):
        body = json.dumps(envelope).encode()
        assert _page_outcome(body, True) == _page_outcome(body, False)
    page = endpoints.list_order_documents().parse(
        httpx.Response(200, content=json.dumps({"orders": orders}).encode())
    )
    assert page.items[0].raw["price"] == str(big)
    assert page.items[1].raw["x_count"] == -big


@settings(max_examples=300, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False))
def test_a_price_dumps_as_the_decimal_pydantic_reads(number: float) -> None:
    text = json.dumps({"order_id": "O-A", "order_state": "SHIPPED", "price": number})
    assert orjson.loads(text) == from_json(text)  # both decoders read the number alike
    expected = MiraklOrder.model_validate(from_json(text)).model_dump(mode="json")
    dumped = dump_order(orjson.loads(text))
    if abs(number) < 2**63:  # larger: may have been a whole number past 64 bits, left to it
        assert dumped == expected
    else:
        assert dumped is None


@pytest.mark.parametrize(
    "stamp",
    [
        "2026-01-05T10:00:00Z",
        "2026-01-05T10:00:00.5Z",
        "2026-01-05T10:00:00.000Z",
        "2026-01-05T10:00:00.123456Z",
        "2026-01-05T10:00:00.1234567Z",
        "2026-01-05T10:00:00+00:00",
        "2026-01-05T10:00:00.5+02:00",
        "2026-01-05 10:00:00Z",
        "2026-W02-1T10:00:00Z",
        "2026-02-30T10:00:00Z",
        "2026-01-05T24:00:00Z",
        "2026-01-05",
        "1767607200",
    ],
)
def test_a_timestamp_dumps_as_pydantic_reads_it_or_is_left_to_it(stamp: str) -> None:
    data = {"order_id": "O-A", "order_state": "SHIPPED", "created_date": stamp}
    dumped = dump_order(data)
    if dumped is not None:
        assert dumped == MiraklOrder.model_validate(data).model_dump(mode="json")
    _same(data, "EUR")


def test_a_value_validation_would_coerce_is_left_to_it() -> None:
    base = {"order_id": "O-A", "order_state": "SHIPPED"}
    for odd in (
        {"price": "12.5"},
        {"price": True},
        {"can_cancel": 1},
        {"order_state": 7},
        {"order_lines": [{"order_line_id": "L", "order_line_state": "X", "quantity": 2.0}]},
        {"customer": {"shipping_address": {"zip_code": 69002}}},
        {"order_lines": None},
    ):
        assert dump_order({**base, **odd}) is None
    assert dump(plain.TaxAmount, {"code": "TVA", "amount": 1}) == {
        "code": "TVA",
        "amount": "1",
        "rate": None,
    }


def test_mapping_a_page_leaves_no_cycle_for_the_collector() -> None:
    from benchmarks.mirakl_parsing import or11_page

    body = or11_page().content
    gc.collect()
    gc.disable()
    try:
        page = endpoints.list_order_documents().parse(httpx.Response(200, content=body))
        orders = [document_to_canonical(document) for document in page.items]
        assert len(orders) == 100
        assert all(document.wire is None for document in page.items)
        del page, orders
        assert gc.collect() == 0  # everything went with its last reference
    finally:
        gc.enable()


def _deep(levels: int) -> Any:
    value: Any = 1
    for _ in range(levels):
        value = [value]
    return value


@pytest.mark.parametrize("levels", [20, 40, 300])
@pytest.mark.parametrize("where", ["order", "line", "envelope"])
def test_nesting_pydantic_s_decoder_refuses_fails_the_page_as_it_always_did(
    levels: int, where: str
) -> None:
    order: dict[str, Any] = {
        "order_id": "O-A",
        "order_state": "SHIPPED",
        "currency_iso_code": "EUR",
    }
    envelope: dict[str, Any] = {"orders": [order], "total_count": 1}
    if where == "order":
        order["x_deep"] = _deep(levels)
    elif where == "line":
        order["order_lines"] = [
            {"order_line_id": "L", "order_line_state": "SHIPPED", "quantity": 1, "price_unit": 2.5,
             "x_deep": _deep(levels)}
        ]  # fmt: skip
    else:
        envelope["x_deep"] = _deep(levels)
    body = json.dumps(envelope).encode()
    assert _page_outcome(body, True) == _page_outcome(body, False)


def test_amounts_read_before_dump_as_read_the_first_time_signed_zeros_apart() -> None:
    for number in (4.9, 4.9, 0.0, -0.0, 1e-07, 1e-07, -0.0, 0.0, 1e16, 1e16):
        data = {"order_id": "O-A", "order_state": "SHIPPED", "price": number}
        expected = MiraklOrder.model_validate(data).model_dump(mode="json")["price"]
        assert dump_order(data)["price"] == expected  # type: ignore[index]
