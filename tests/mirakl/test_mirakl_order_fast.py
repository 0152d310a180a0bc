"""OR11's quick reading gives what the checked reading gives: the page validated at once is
each order validated on its own, the mapping's records built without validating again are the
records the validating constructors build, and a malformed order is still set aside with its
`RecordError`, never failing the page. Over generated orders, odd ones among them, and the
recorded OR11 sample."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any
from unittest import mock

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.mirakl.test_mirakl_order_mapping import wire_orders

import marketplace_sdk.mirakl._mapping.orders as mapping
from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import Order, OrderTotals
from marketplace_sdk.core._models import OrderLine as CanonicalLine
from marketplace_sdk.core._money import Money
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._mapping import order_to_canonical
from marketplace_sdk.mirakl._models import Order as MiraklOrder


def _checked_build(model: Any, **fields: Any) -> Any:
    return model(**fields)


def _validating(model: Any, names: tuple[str, ...]) -> Any:
    def construct(*values: Any) -> Any:
        return model(**dict(zip(names, values, strict=True)))

    return construct


#: The mapping's trusted constructors, and the fields each takes in order.
TRUSTED = {
    "_new_money": (Money, ("amount", "currency")),
    "_new_line": (
        CanonicalLine,
        ("line_id", "sku", "quantity", "unit_price", "title", "marketplace_status"),
    ),
    "_new_totals": (OrderTotals, ("items", "shipping", "tax", "total")),
    "new_order": (Order, mapping.ORDER_FIELDS),
}


@contextmanager
def _checked_path() -> Iterator[None]:
    # The mapping as it was before its records were built unchecked: every record validated.
    with ExitStack() as stack:
        stack.enter_context(mock.patch.object(mapping, "build", _checked_build))
        for name, (model, names) in TRUSTED.items():
            stack.enter_context(mock.patch.object(mapping, name, _validating(model, names)))
        yield


def _canonical(wire: MiraklOrder, currency: str | None) -> Order | str:
    try:
        return order_to_canonical(wire, currency=currency)
    except RecordError as error:
        return f"RecordError: {error}"


#: Changes that make an order odd: values the quick path must doubt (and the checked path
#: decides), or that no path can map.
ODDITIES: list[tuple[str, Any]] = [
    ("currency_iso_code", None),
    ("currency_iso_code", "euro"),
    ("currency_iso_code", "eur"),
    ("created_date", None),
    ("last_updated_date", None),
    ("order_id", ""),
    ("order_state", " "),
    ("shipping_tracking", "  "),
    ("shipping_company", " Colissimo "),
    ("shipping_tracking_url", "https://t.example/1"),
    ("shipped_date", "2026-01-06T08:00:00Z"),
    ("shipped_date", "not a date"),
    ("customer_debited_date", "2026-01-05T11:00:00.5+02:00"),
]
LINE_ODDITIES: list[tuple[str, Any]] = [
    ("quantity", 0),
    ("quantity", -1),
    ("price_unit", None),
    ("price_unit", 1e400),
    ("price", 10.0),
    ("offer_sku", "  "),
    ("offer_sku", " SKU "),
    ("order_line_id", "DUP"),
    ("product_title", None),
]


@st.composite
def odd_orders(draw: st.DrawFn) -> dict[str, Any]:
    data = draw(wire_orders())
    for name, value in draw(st.lists(st.sampled_from(ODDITIES), max_size=2)):
        data[name] = value
    for name, value in draw(st.lists(st.sampled_from(LINE_ODDITIES), max_size=2)):
        for line in data["order_lines"][: draw(st.integers(min_value=1, max_value=2))]:
            line[name] = value
    if draw(st.booleans()):
        data["customer"]["shipping_address"] = {
            "city": " Lyon ",
            "country_iso_code": draw(st.sampled_from(["FRA", "FR", "XXX", "", None])),
            "firstname": draw(st.sampled_from(["", " Ann ", None])),
            "company": draw(st.sampled_from(["", "Depot", None])),
            "phone": "+33 1",
        }
    return data


def _validated(order: Any) -> MiraklOrder | None:
    try:
        return MiraklOrder.model_validate(order)
    except ValidationError:
        return None


def _dumps(orders: Any) -> list[Any]:
    # Every value as read, to the digit: 10.0 is Decimal("10.0"), not an equal Decimal("10").
    return [order.model_dump(mode="json") for order in orders]


def _page(orders: list[Any], *, seek: bool = False) -> httpx.Response:
    body: dict[str, Any] = (
        {"data": orders, "next_page_token": "t2"} if seek else {"orders": orders, "total_count": 9}
    )
    return httpx.Response(200, content=json.dumps(body).encode())


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(odd_orders(), min_size=1, max_size=4), st.sampled_from([None, "EUR"]))
def test_the_quick_path_gives_the_checked_path_s_orders(
    orders: list[dict[str, Any]], currency: str | None
) -> None:
    page = endpoints.list_orders().parse(_page(orders))
    one_by_one = [_validated(order) for order in orders]

    assert list(page.items) == [order for order in one_by_one if order is not None]
    assert _dumps(page.items) == _dumps([order for order in one_by_one if order is not None])
    assert [item.position for item in page.refused] == [
        place for place, order in enumerate(one_by_one) if order is None
    ]
    quick = [_canonical(wire, currency) for wire in page.items]
    with _checked_path():
        checked = [_canonical(wire, currency) for wire in page.items]
    assert quick == checked
    for order, wire in zip(quick, page.items, strict=True):
        if isinstance(order, Order):
            assert order.raw == mapping.order_raw(wire)


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(wire_orders(), min_size=1, max_size=3))
def test_a_seek_page_under_data_reads_the_same_orders(orders: list[dict[str, Any]]) -> None:
    offset = endpoints.list_orders().parse(_page(orders))
    seek = endpoints.list_orders(offset=None).parse(_page(orders, seek=True))

    assert _dumps(seek.items) == _dumps(offset.items)
    assert seek.next_token == "t2"
    assert offset.total == 9


MALFORMED: list[Any] = [
    {"order_state": "SHIPPING"},
    {"order_id": "BAD-1", "order_state": "SHIPPING", "order_lines": "none"},
    {"order_id": "BAD-2", "order_state": "SHIPPING", "price": "twelve"},
    {"order_id": "BAD-3", "order_state": "SHIPPING", "created_date": "yesterday"},
    {"order_id": "BAD-4", "order_state": 7},
    {"order_id": "BAD-5", "order_state": "SHIPPING", "order_lines": [{"quantity": 1}]},
    "not an order",
    None,
]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(wire_orders(), max_size=4),
    st.sampled_from(MALFORMED),
    st.integers(min_value=0, max_value=4),
)
def test_one_malformed_order_is_set_aside_and_never_fails_the_page(
    orders: list[dict[str, Any]], bad: Any, where: int
) -> None:
    sent = [*orders[:where], bad, *orders[where:]]

    page = endpoints.list_orders().parse(_page(sent))

    assert _dumps(page.items) == _dumps([MiraklOrder.model_validate(order) for order in orders])
    assert [refused.position for refused in page.refused] == [min(where, len(orders))]
    error = page.refused[0].error
    assert isinstance(error, RecordError)
    assert error.raw == bad
    if isinstance(bad, dict) and "order_id" in bad and isinstance(bad["order_id"], str):
        assert error.record_id == bad["order_id"]
    assert page.size == len(sent)


def test_a_page_that_is_not_json_still_fails() -> None:
    with pytest.raises(ValidationError, match="json_invalid"):
        endpoints.list_orders().parse(httpx.Response(200, content=b'{"orders": [}'))


@pytest.mark.needs_shared
def test_the_recorded_or11_sample_maps_as_the_checked_path_maps(shared_specs: Path) -> None:
    content = (shared_specs / "mirakl" / "samples" / "mmp_OR11_response_200.json").read_bytes()

    page = endpoints.list_orders().parse(httpx.Response(200, content=content))
    sent = json.loads(content)["orders"]

    assert len(page.items) == len(sent) >= 1
    assert _dumps(page.items) == _dumps([MiraklOrder.model_validate(order) for order in sent])
    quick = [_canonical(wire, "EUR") for wire in page.items]
    with _checked_path():
        checked = [_canonical(wire, "EUR") for wire in page.items]
    assert quick == checked
