"""FNAC orders mapped without `build` (`fnac._mapping.fast`) are the orders `build` maps.

For every wire order (recorded samples and cassettes, the sandbox's seeded orders, generated
orders, generated `<order>` elements) `order_to_canonical`, which takes the fast path when it
is sure, gives the same canonical `Order` as `checked_order_to_canonical`: every record of
the same class, with the same values of the same types, in the same order, the same fields set
and the same `raw`; or the same `RecordError`.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pydantic import BaseModel
from tests.fnac.test_plain_orders import _orders, _sandbox_page, order_nodes
from tests.fuzz.parse_paths import _FNAC_ORDERS

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.fnac._mapping import order_to_canonical
from marketplace_sdk.fnac._mapping.fast import plain_canonical
from marketplace_sdk.fnac._mapping.orders import checked_order_to_canonical
from marketplace_sdk.fnac._models import Address, Order, OrderDetail, OrderDetailState, OrderState


def _deep(value: object) -> object:
    """Everything a reader can see of a value: classes, types, key order and fields set."""
    if isinstance(value, BaseModel):
        return (
            type(value),
            sorted(value.model_fields_set),
            [(name, _deep(item)) for name, item in value.__dict__.items()],
        )
    if isinstance(value, tuple | list):
        return (type(value), [_deep(item) for item in value])
    if isinstance(value, dict):
        return (dict, [(key, _deep(item)) for key, item in value.items()])
    return (type(value), value, getattr(value, "tzinfo", None))


def _mapped(map_order: Any, order: Order) -> object:
    try:
        return _deep(map_order(order))
    except RecordError as error:
        return ("refused", error.record_id, error.kind, str(error), repr(error.raw))


def _same(order: Order) -> None:
    assert _mapped(order_to_canonical, order) == _mapped(checked_order_to_canonical, order)


def test_every_recorded_and_seeded_order_maps_alike_and_fast() -> None:
    orders = [
        Order.from_xml(node) for body in [*_FNAC_ORDERS, _sandbox_page()] for node in _orders(body)
    ]
    assert len(orders) > 100
    for order in orders:
        _same(order)
    fast = [order for order in orders if plain_canonical(order) is not None]
    refunded = [
        order
        for order in orders
        if any(detail.state == OrderDetailState.REFUNDED for detail in order.order_details)
    ]
    # Every order but those with a refunded line (left to the checked path) takes the fast one.
    assert len(fast) >= len(orders) - len(refunded) - 2


_STATES = st.one_of(st.sampled_from(list(OrderState)), st.sampled_from(["Lost", "", "11"]))
_LINE_STATES = st.one_of(
    st.sampled_from(list(OrderDetailState)),
    st.sampled_from([OrderDetailState.SHIPPED, OrderDetailState.ACCEPTED]),
    st.none(),
    st.sampled_from(["Odd"]),
)
_TIMES = st.one_of(
    st.none(),
    st.datetimes(
        min_value=datetime(2000, 1, 1),
        max_value=datetime(2030, 1, 1),
        timezones=st.sampled_from([UTC, timezone(timedelta(hours=2))]),
    ),
)
_AMOUNTS = st.one_of(
    st.decimals(min_value=-5, max_value=10**6, places=2, allow_nan=False),
    st.decimals(min_value=0, max_value=100, places=2, allow_nan=False),
    st.sampled_from([Decimal("0"), Decimal("1E+2"), Decimal("0.333333333333333333333333333331")]),
)
_PRICES = st.one_of(st.none(), *[_AMOUNTS] * 5)
_QUANTITIES = st.one_of(st.none(), st.integers(-1, 0), *[st.integers(1, 4)] * 4)
_TEXTS = st.one_of(st.none(), st.sampled_from(["", " ", "A", " B ", "Zoë"]))
_CODES = st.one_of(st.none(), st.sampled_from(["FRA", "FR", "fr", "BEL", "XX", "", " "]))


@st.composite
def wire_orders(draw: st.DrawFn) -> Order:
    """An FNAC order as its wire model holds it: now and then one the mapping cannot map."""
    details = [
        OrderDetail(
            order_detail_id=draw(st.one_of(st.none(), st.integers(0, 3))),
            state=draw(_LINE_STATES),
            offer_seller_id=draw(_TEXTS),
            product_name=draw(_TEXTS),
            price=draw(st.one_of(_AMOUNTS, _PRICES)),
            quantity=draw(_QUANTITIES),
            shipping_price=draw(_PRICES),
            created_at=draw(_TIMES),
            debited_at=draw(_TIMES),
            received_at=draw(_TIMES),
            refused_at=draw(_TIMES),
            tracking_number=draw(st.one_of(_TEXTS, st.sampled_from(["6A1", "6A2"]))),
            tracking_company=draw(st.one_of(_TEXTS, st.sampled_from(["Colissimo"]))),
        )
        for _ in range(draw(st.integers(0, 3)))
    ]
    address = None
    if draw(st.booleans()):
        address = Address(
            firstname=draw(_TEXTS),
            lastname=draw(_TEXTS),
            company=draw(_TEXTS),
            address1=draw(_TEXTS),
            address2=draw(_TEXTS),
            address3=draw(_TEXTS),
            city=draw(_TEXTS),
            zipcode=draw(_TEXTS),
            country=draw(_CODES),
            phone=draw(_TEXTS),
            mobile=draw(_TEXTS),
        )
    return Order(
        order_id=draw(st.sampled_from(["1A2B3C4D5E6F7"] * 8 + ["", None])),
        state=draw(st.one_of(st.none(), _STATES)),
        created_at=draw(st.one_of(_TIMES, _TIMES.filter(bool))),
        client_firstname=draw(_TEXTS),
        client_lastname=draw(_TEXTS),
        client_email=draw(_TEXTS),
        shipping_address=address,
        order_details=details,
        raw="<order/>",
    )


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(wire_orders())
def test_a_generated_order_maps_alike(order: Order) -> None:
    _same(order)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(order_nodes())
def test_a_generated_order_element_maps_alike(node: etree._Element) -> None:
    try:
        order = Order.validated_xml(node)
    except ValueError:
        return  # refused before any mapping, on both paths
    _same(order)


def test_an_order_the_fast_path_doubts_goes_the_checked_way() -> None:
    dated = datetime(2026, 1, 5, tzinfo=UTC)
    for order in (
        Order(order_id=None, created_at=dated),  # no id
        Order(order_id="1A2B3C4D5E6F7"),  # no date
        Order(
            order_id="1A2B3C4D5E6F7",
            created_at=dated,
            order_details=[OrderDetail(order_detail_id=1, price=None)],  # no price
        ),
    ):
        assert plain_canonical(order) is None
        _same(order)


def test_lines_of_one_price_text_share_their_money_and_keep_its_writing() -> None:
    body = (
        b'<orders_query_response xmlns="http://www.fnac.com/schemas/mp-dialog.xsd" status="OK">'
        + b"".join(
            b"<order><order_id>1A2B3C4D5E6F" + str(number).encode() + b"</order_id>"
            b"<created_at>2026-01-05T10:00:00+01:00</created_at>"
            b"<order_detail><order_detail_id>1</order_detail_id><price>9.90</price></order_detail>"
            b"<order_detail><order_detail_id>2</order_detail_id><price>9.9</price></order_detail>"
            b"</order>"
            for number in range(3)
        )
        + b"</orders_query_response>"
    )
    mapped = [order_to_canonical(Order.from_xml(node)) for node in _orders(body)]
    prices = [[line.unit_price for line in order.lines] for order in mapped]
    assert [[str(price.amount) for price in order] for order in prices] == [["9.90", "9.9"]] * 3
    assert all(order[0] is prices[0][0] and order[1] is prices[0][1] for order in prices)
    for order, node in zip(mapped, _orders(body), strict=True):
        assert _deep(order) == _deep(checked_order_to_canonical(Order.validated_xml(node)))
