"""FNAC orders read straight to canonical orders (`fnac._mapping.fast.read_order`) are the
orders the wire models map to.

The channel's `iter_orders` reads each `<order>` of a page with `read_order`: an order of a
shape seen before goes from its text to its canonical `Order` without the wire models, any
other comes as its wire model for `order_to_canonical`. For every `<order>` (recorded samples
and cassettes, seeded sandbox orders, generated orders, orders of one shape with generated
texts, and the fuzz suite's mutations of recorded pages) what the channel gets is what
`order_to_canonical(Order.from_xml(node))` gives: the same `Order` (every record of the same
class, the same values of the same types, the same fields set, `raw` included), or the same
refusal; and a page reads into the same orders and the same refused records.
"""

from __future__ import annotations

import gc
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from tests.fnac.test_fast_canonical import _deep
from tests.fnac.test_plain_orders import (
    _DATE,
    _NUMBER,
    _STATE,
    _TEXT,
    _orders,
    _printable,
    order_nodes,
)
from tests.fuzz.mutations import xml_payloads
from tests.fuzz.parse_paths import _FNAC_ORDERS

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import Order as CanonicalOrder
from marketplace_sdk.fnac._endpoints import orders_query, orders_read_pages
from marketplace_sdk.fnac._mapping import order_to_canonical
from marketplace_sdk.fnac._mapping.fast import read_order, shaped_canonical
from marketplace_sdk.fnac._models import Order, OrdersQueryRequest

_NAMESPACED = (
    b'<orders_query_response xmlns="http://www.fnac.com/schemas/mp-dialog.xsd" status="OK">'
)


def _mapped(item: object) -> object:
    """What the channel yields for a record read: the order as it is, or mapped, or why not."""
    if type(item) is CanonicalOrder:
        return _deep(item)
    assert isinstance(item, Order)
    try:
        return _deep(order_to_canonical(item))
    except RecordError as error:
        return ("unmapped", error.record_id, error.kind, str(error), repr(error.raw))


def _through(read: Any, node: etree._Element) -> object:
    try:
        item = read(node)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        return ("refused", type(error), str(error))
    return _mapped(item)


def _same(node: etree._Element) -> None:
    expected = _through(Order.from_xml, node)
    assert _through(read_order, node) == expected
    straight = shaped_canonical(node)
    if straight is not None:
        assert _deep(straight) == expected


def _sandbox_orders(seed: int) -> list[etree._Element]:
    from benchmarks.order_parsing import fnac_page

    return _orders(fnac_page(100, seed=seed).content)


def test_every_recorded_and_seeded_order_reads_alike_and_straight() -> None:
    nodes = [node for body in _FNAC_ORDERS for node in _orders(body)]
    for seed in (5, 11, 23):
        nodes += _sandbox_orders(seed)
    assert len(nodes) > 300
    for node in [*nodes, *nodes]:  # the second time, every shape was seen
        _same(node)
    # Every order but those with a refunded line (the checked mapping's) goes straight.
    straight = [node for node in nodes if shaped_canonical(node) is not None]
    refunded = [node for node in nodes if b"<state>Refunded</state>" in etree.tostring(node)]
    assert len(straight) >= len(nodes) - len(refunded) - 2


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(order_nodes())
def test_a_generated_order_reads_alike(node: etree._Element) -> None:
    _same(node)
    # The same element as FNAC's answer carries it, namespaced, read twice: the second time
    # by its shape.
    for again in _orders(_NAMESPACED + etree.tostring(node) + b"</orders_query_response>"):
        _same(again)
        _same(again)


# An order of one fixed shape carrying every field the mapping reads, and more.
_ORDER_LEAVES: dict[str, tuple[str, st.SearchStrategy[str]]] = {
    "order_id": ("1A2B3C4D5E6F7", st.sampled_from(["1A2B3C4D5E6F7", "", " 2B ", "X"])),
    "state": ("Accepted", _STATE),
    "created_at": ("2026-01-05T10:00:00+01:00", _DATE),
    "client_firstname": ("Ada", _TEXT),
    "client_lastname": ("Lovelace", _TEXT),
    "client_email": ("ada@example.com", _TEXT),
    "fees": ("1.50", _NUMBER),
    "nb_messages": ("0", _NUMBER),
}
_LINE_LEAVES: dict[str, tuple[str, st.SearchStrategy[str]]] = {
    "product_name": ("Mug", _TEXT),
    "order_detail_id": ("1", _NUMBER),
    "state": ("Accepted", _STATE),
    "quantity": ("2", _NUMBER),
    "price": ("9.90", _NUMBER),
    "fees": ("1.10", _NUMBER),
    "offer_seller_id": ("SKU-1", _TEXT),
    "product_state": ("11", _STATE),
    "shipping_price": ("4.99", _NUMBER),
    "created_at": ("2026-01-05T10:00:00+01:00", _DATE),
    "debited_at": ("2026-01-05T11:00:00+01:00", _DATE),
    "received_at": ("", _DATE),
    "refused_at": ("", _DATE),
    "tracking_number": ("6A7", _TEXT),
    "tracking_company": ("Colissimo", _TEXT),
    "promotion_type": ("", _NUMBER),
}
_ADDRESS_LEAVES: dict[str, tuple[str, st.SearchStrategy[str]]] = {
    "firstname": ("Ada", _TEXT),
    "lastname": ("Lovelace", _TEXT),
    "company": ("", _TEXT),
    "address1": ("1 rue de la Paix", _TEXT),
    "address2": ("", _TEXT),
    "address3": ("Bât B", _TEXT),
    "zipcode": ("33000", _TEXT),
    "city": ("Bordeaux", _TEXT),
    "country": ("FRA", st.one_of(_TEXT, st.sampled_from(["BEL", "FR", "fra", "XXX"]))),
    "phone": ("0102030405", _TEXT),
    "mobile": ("", _TEXT),
    "fnac_shop_ref": ("", _NUMBER),
}
_LINES = ("line 1", "line 2", "line 3")
_ADDRESSES = ("shipping_address", "billing_address")
_FIELDS = [
    *((("order", name), values) for name, values in _ORDER_LEAVES.items()),
    *(((kind, name), values) for kind in _ADDRESSES for name, values in _ADDRESS_LEAVES.items()),
    *(((line, name), values) for line in _LINES for name, values in _LINE_LEAVES.items()),
]
_PLAIN = {key: plain for key, (plain, _) in _FIELDS}
_PLAIN.update({(line, "order_detail_id"): str(number) for number, line in enumerate(_LINES, 1)})


def _order_of(texts: dict[tuple[str, str], str]) -> etree._Element:
    """The order of the fixed shape, each leaf's text from `texts` (by record and name)."""
    order = etree.Element("order")
    for name in _ORDER_LEAVES:
        etree.SubElement(order, name).text = texts[("order", name)]
    for kind in _ADDRESSES:
        address = etree.SubElement(order, kind)
        for name in _ADDRESS_LEAVES:
            etree.SubElement(address, name).text = texts[(kind, name)]
    for line in _LINES:
        detail = etree.SubElement(order, "order_detail")
        for name in _LINE_LEAVES:
            etree.SubElement(detail, name).text = texts[(line, name)]
    return order


@st.composite
def shaped_texts(draw: st.DrawFn) -> dict[tuple[str, str], str]:
    """Texts for `_order_of`: the plain ones, some replaced by odd ones, some by another's."""
    texts = {}
    for key, (_, values) in _FIELDS:
        odd = draw(st.integers(0, 24)) == 0  # a few odd texts an order: most read straight
        texts[key] = _printable(draw(values)) if odd else _PLAIN[key]
    if draw(st.booleans()):  # two lines alike, or one line's tracking number on another
        first, second = draw(st.permutations(_LINES))[:2]
        name = draw(st.sampled_from(["order_detail_id", "tracking_number", "price"]))
        texts[(second, name)] = texts[(first, name)]
    return texts


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(shaped_texts())
def test_an_order_of_a_shape_seen_reads_alike_whatever_its_texts(
    texts: dict[tuple[str, str], str],
) -> None:
    body = (
        _NAMESPACED
        + etree.tostring(_order_of(_PLAIN))
        + etree.tostring(_order_of(texts))
        + b"</orders_query_response>"
    )
    first, node = _orders(body)
    assert shaped_canonical(first) is not None  # its shape is seen, and read straight
    _same(node)
    for built in (_order_of(_PLAIN), _order_of(texts)):  # as built: without a namespace
        _same(built)
        _same(built)


def _page(read: Any, body: bytes) -> object:
    request = OrdersQueryRequest()
    response = httpx.Response(200, content=body)
    try:
        if read is None:
            answer = orders_query(request).parse(response)
            items: list[Any] = answer.orders
            total, more, refused = answer.nb_total_result, answer.has_more, answer.refused
        else:
            page = orders_read_pages(request, read).first().parse(response)
            items, total, more, refused = page.items, page.total, page.has_more, page.refused
    except Exception as error:  # the page's own error
        return ("page refused", type(error), str(error))
    return (
        [_mapped(item) for item in items],
        total,
        more,
        [(r.position, r.error.record_id, str(r.error), repr(r.error.raw)) for r in refused],
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(xml_payloads(_FNAC_ORDERS))
def test_a_mutated_order_page_reads_alike(body: bytes) -> None:
    expected = _page(None, body)
    assert _page(read_order, body) == expected
    assert _page(read_order, body) == expected  # every shape seen now


def test_a_page_reads_alike_its_refused_orders_in_their_place() -> None:
    body = (
        _NAMESPACED
        + b"<page>1</page><total_paging>2</total_paging><nb_total_result>6</nb_total_result>"
        + b"<order><order_id>1A2B3C4D5E6F7</order_id><created_at>2026-01-05</created_at></order>"
        + b"<order><order_id>2A2B3C4D5E6F7</order_id><nb_messages>two</nb_messages></order>"
        + b"<order><order_id>3A2B3C4D5E6F7</order_id></order>"
        + b"</orders_query_response>"
    )
    assert _page(read_order, body) == _page(None, body)
    page = orders_read_pages(None, read_order).first().parse(httpx.Response(200, content=body))
    assert [type(item) for item in page.items] == [CanonicalOrder, Order]  # no date: unmapped
    [refused] = page.refused
    assert (refused.position, refused.error.record_id) == (1, "2A2B3C4D5E6F7")
    assert page.has_more


def test_reading_a_page_straight_leaves_no_cycle_for_the_collector() -> None:
    from benchmarks.order_parsing import fnac_page

    response = fnac_page(100)
    read = orders_read_pages(None, read_order).first()
    read.parse(response)  # every shape seen
    gc.collect()
    gc.disable()
    try:
        page = read.parse(httpx.Response(200, content=response.content))
        assert all(type(item) is CanonicalOrder for item in page.items)
        assert len(page.items) == 100
        del page
        assert gc.collect() == 0  # everything went with its last reference
    finally:
        gc.enable()
