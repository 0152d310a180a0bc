"""FNAC orders read without validation (`fnac._models.plain`) are the orders validation reads.

For every `<order>` (recorded samples and cassettes, the sandbox's seeded orders, generated
orders, and the fuzz suite's mutations of recorded pages) `Order.from_xml` (which takes the
plain reading when it is sure) gives the same wire model as `Order.validated_xml`, field for
field with the same types and fields set, or the same refusal; and the canonical `Order` mapped
from it, `raw` included, is the same, or the same `RecordError`.
"""

from __future__ import annotations

import gc
import json
from datetime import datetime
from typing import Any

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from tests.fuzz.mutations import nasty_texts, xml_payloads
from tests.fuzz.parse_paths import _FNAC_ORDERS

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.fnac._endpoints import orders_query
from marketplace_sdk.fnac._mapping import order_to_canonical
from marketplace_sdk.fnac._models import Order, OrdersQueryRequest
from marketplace_sdk.fnac._models.plain import plain_order
from marketplace_sdk.fnac._xml import children, parse_xml


def _wire(order: Order) -> tuple[Any, ...]:
    """What a reader sees of a wire order: every model's fields, their types, the fields set."""
    parts = [order, *order.order_details, order.shipping_address, order.billing_address]
    return tuple(
        None
        if part is None
        else (
            type(part),
            part.model_dump(),
            part.model_fields_set,
            [(type(value), getattr(value, "tzinfo", None)) for value in part.__dict__.values()],
        )
        for part in parts
    )


def _read(read: Any, node: etree._Element) -> tuple[Any, ...]:
    try:
        order = read(node)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        return ("refused", type(error), str(error))
    try:
        canonical = order_to_canonical(order)
    except RecordError as error:
        return ("wire", _wire(order), "unmapped", error.record_id, str(error), repr(error.raw))
    return (
        "wire",
        _wire(order),
        canonical.model_dump(),
        json.dumps(canonical.raw),
        [type(value) for value in canonical.__dict__.values()],
    )


def _same(node: etree._Element) -> None:
    assert _read(Order.from_xml, node) == _read(Order.validated_xml, node)


def _orders(body: bytes) -> list[etree._Element]:
    return children(parse_xml(body), "order")


def _sandbox_page() -> bytes:
    from benchmarks.order_parsing import fnac_page

    return fnac_page(100).content


def test_every_recorded_and_seeded_order_reads_alike_and_plainly() -> None:
    nodes = [node for body in [*_FNAC_ORDERS, _sandbox_page()] for node in _orders(body)]
    assert len(nodes) > 100
    for node in nodes:
        _same(node)
    # Every seeded order and the recorded ones take the plain reading.
    assert sum(plain_order(node) is not None for node in nodes) >= len(nodes) - 2


_NUMBER = st.one_of(
    st.sampled_from(["", " ", "0", "7", "12.50", "-1", "+3", "1e3", "1_0", "007", "1.0", "NaN"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
    st.integers(-5, 10**20).map(str),
)
_DATE = st.one_of(
    st.sampled_from(
        [
            "",
            "2026-01-05T10:00:00+01:00",
            "2016-10-28T9:50:04+0100",
            "2026-13-45",
            "x",
            "2026-01-05",
            "9999-12-31T23:59:59-05:00",
            "2026-01-05T10:00:00Z",
        ]
    ),
    st.datetimes(min_value=datetime(1990, 1, 1)).map(lambda value: value.isoformat()),
)
_STATE = st.sampled_from(
    [
        "",
        "Created",
        "Accepted",
        "ToShip",
        "Shipped",
        "Refused",
        "Cancelled",
        "Refunded",
        "ToAccept",
        "Lost",
        "created",
        " Received ",
        "11",
        "3",
        "Ã©t\u00e9",
        "\u00a0",
    ]
)
_TEXT = st.one_of(st.sampled_from(["", " A ", "FRA", "BEL", "Zoë", "reÃ§u", "a&b"]), nasty_texts())


def _leaf(parent: etree._Element, name: str, text: str | None) -> None:
    node = etree.SubElement(parent, name)
    if text is not None:
        node.text = "".join(ch for ch in text if ch.isprintable() or ch in "\t\n")


@st.composite
def order_nodes(draw: st.DrawFn) -> etree._Element:
    """An `<order>` as FNAC could send it: odd numbers, dates and states now and then."""
    order = etree.Element("order")
    leaves: dict[str, st.SearchStrategy[str]] = {
        "order_id": st.sampled_from(["1A2B3C4D5E6F7", "", "X"]),
        "state": _STATE,
        "created_at": _DATE,
        "fees": _NUMBER,
        "vat_rate": _NUMBER,
        "nb_messages": _NUMBER,
        "client_firstname": _TEXT,
        "client_email": _TEXT,
        "unknown": _TEXT,
    }
    for name, values in leaves.items():
        if draw(st.integers(0, 5)):
            _leaf(order, name, draw(st.one_of(st.none(), values)))
    for _ in range(draw(st.integers(0, 3))):
        detail = etree.SubElement(order, "order_detail")
        fields: dict[str, st.SearchStrategy[str]] = {
            "order_detail_id": _NUMBER,
            "state": _STATE,
            "offer_seller_id": _TEXT,
            "product_name": _TEXT,
            "quantity": _NUMBER,
            "price": _NUMBER,
            "shipping_price": _NUMBER,
            "fees": _NUMBER,
            "product_state": _STATE,
            "promotion_type": _NUMBER,
            "debited_at": _DATE,
            "created_at": _DATE,
            "tracking_number": _TEXT,
            "tracking_company": _TEXT,
        }
        for name, values in fields.items():
            if draw(st.integers(0, 4)):
                _leaf(detail, name, draw(values))
    for name in ("shipping_address", "billing_address", "shipping_address"):
        if draw(st.booleans()):
            address = etree.SubElement(order, name)
            for field, values in (
                ("firstname", _TEXT),
                ("country", _TEXT),
                ("fnac_shop_ref", _NUMBER),
                ("mobile", _TEXT),
            ):
                if draw(st.booleans()):
                    _leaf(address, field, draw(values))
    if draw(st.booleans()):
        _leaf(order, "state", draw(_STATE))  # a second one: the first is read
    if draw(st.booleans()):
        # Elements named the same in another namespace, and a comment: read by local name.
        _leaf(order, "{urn:other}nb_messages", draw(_NUMBER))
        position = draw(st.integers(0, len(order)))
        order.insert(position, etree.Comment("note"))
        for detail in order.iterchildren("order_detail"):
            _leaf(detail, "{urn:other}price", draw(_NUMBER))
    return order


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(order_nodes())
def test_a_generated_order_reads_and_maps_alike(node: etree._Element) -> None:
    _same(node)
    # The same element as FNAC's answer carries it: namespaced, serialized and parsed again.
    body = (
        b'<orders_query_response xmlns="http://www.fnac.com/schemas/mp-dialog.xsd" status="OK">'
        + etree.tostring(node)
        + b"</orders_query_response>"
    )
    for again in _orders(body):
        _same(again)


def _page(body: bytes) -> tuple[Any, ...]:
    response = httpx.Response(200, content=body)
    try:
        page = orders_query(OrdersQueryRequest()).parse(response)
    except Exception as error:  # the page's own error
        return ("page refused", type(error), str(error))
    return (
        [_read(lambda order: order, order) for order in page.orders],
        [(r.position, r.error.record_id, str(r.error), repr(r.error.raw)) for r in page.refused],
    )


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(xml_payloads(_FNAC_ORDERS))
def test_a_mutated_order_page_reads_alike(body: bytes) -> None:
    try:
        nodes = _orders(body)
    except Exception:  # not a document: the page's reading refuses it before any order
        return
    for node in nodes:
        _same(node)
    _page(body)  # read whole: every order read or refused on its own, the page goes on


def test_an_odd_order_is_refused_alone_with_validations_error() -> None:
    body = (
        b'<orders_query_response xmlns="http://www.fnac.com/schemas/mp-dialog.xsd" status="OK">'
        b"<order><order_id>1A2B3C4D5E6F7</order_id><created_at>2026-01-05</created_at></order>"
        b"<order><order_id>2A2B3C4D5E6F7</order_id><nb_messages>two</nb_messages></order>"
        b"<order><order_id>3A2B3C4D5E6F7</order_id><created_at>2026-01-06</created_at></order>"
        b"</orders_query_response>"
    )
    page = orders_query(OrdersQueryRequest()).parse(httpx.Response(200, content=body))
    assert [order.order_id for order in page.orders] == ["1A2B3C4D5E6F7", "3A2B3C4D5E6F7"]
    [refused] = page.refused
    assert (refused.position, refused.error.record_id) == (1, "2A2B3C4D5E6F7")
    assert "nb_messages" in str(refused.error)


def test_a_value_validation_would_coerce_is_left_to_it() -> None:
    for leaf in (
        "<nb_messages>1.0</nb_messages>",
        "<fees>1e3</fees>",
        "<fees>+1</fees>",
        "<created_at>someday</created_at>",
        "<nb_messages>07</nb_messages>",
    ):
        assert plain_order(parse_xml(f"<order>{leaf}</order>")) is None


def test_reading_a_page_leaves_no_cycle_for_the_collector() -> None:
    body = _sandbox_page()
    gc.collect()
    gc.disable()
    try:
        page = orders_query(OrdersQueryRequest()).parse(httpx.Response(200, content=body))
        orders = [order_to_canonical(order) for order in page.orders]
        assert len(orders) == 100
        del page, orders
        assert gc.collect() == 0  # everything went with its last reference
    finally:
        gc.enable()


_NUMERIC_TEXT = st.one_of(
    st.text(alphabet="0123456789.", max_size=22),
    st.text(alphabet="0123456789.-+e ²٣", max_size=8),
    st.from_regex(r"[1-9][0-9]{15,19}(\.[0-9]{10,14})?", fullmatch=True),
)


@settings(max_examples=500)
@given(_NUMERIC_TEXT)
def test_a_number_reads_plainly_as_its_pattern_says(text: str) -> None:
    from marketplace_sdk.fnac._models import plain

    for read, pattern in ((plain._int, plain._INT), (plain._decimal, plain._DECIMAL)):
        try:
            value: object = read(text)
        except plain._Doubt:
            value = "doubt"
        expected = None if not text else "doubt" if pattern(text) is None else "read"
        assert (value if value in (None, "doubt") else "read") == expected


@settings(max_examples=300)
@given(st.lists(st.one_of(_NUMERIC_TEXT, _DATE, _STATE), min_size=1, max_size=6))
def test_a_text_read_from_the_memo_reads_as_its_reader_reads_it(texts: list[str]) -> None:
    from marketplace_sdk.fnac._models import plain

    for read in (plain._int, plain._decimal, plain._date, plain._ORDER_STATE):
        memo = plain._Memo(read)
        for text in [*texts, *texts]:  # the second time from the memo, if kept
            try:
                expected: object = read(text)
            except plain._Doubt:
                expected = "doubt"
            try:
                value = memo[text]
            except plain._Doubt:
                value = "doubt"
            assert (type(value), value) == (type(expected), expected)
        assert all(text in texts for text in memo)  # a doubt is never kept


def test_the_memo_keeps_a_bounded_number_of_texts() -> None:
    from marketplace_sdk.fnac._models import plain

    memo = plain._Memo(plain._int)
    for number in range(3 * plain._MEMO_KEPT):
        assert memo[str(number)] == number
        assert len(memo) <= plain._MEMO_KEPT
    assert str(3 * plain._MEMO_KEPT - 1) in memo  # the texts read lately are kept


def test_the_shapes_kept_are_bounded_and_the_latest_kept() -> None:
    from marketplace_sdk.fnac._models import plain

    plain_texts = {key: plain_text for key, (plain_text, _) in _SHAPED_FIELDS}
    for count in range(plain._SHAPES_KEPT + 20):
        node = _shaped_order(plain_texts)
        etree.SubElement(node, "unknown_" + str(count))  # a shape of its own, read element-wise
        assert plain.plain_order(node) is not None
        assert len(plain._SHAPES) <= plain._SHAPES_KEPT
    assert plain.plain_order(_shaped_order(plain_texts)) is not None
    assert isinstance(plain._SHAPES[_shape_key(_shaped_order(plain_texts))], plain._Shape)


def test_every_order_of_a_shape_seen_reads_by_it_as_element_by_element() -> None:
    from marketplace_sdk.fnac._models import plain

    nodes = [node for body in [*_FNAC_ORDERS, _sandbox_page()] for node in _orders(body)]
    shapes: dict[str, Any] = {}
    for node in nodes:
        raw = etree.tostring(node, encoding="unicode")
        tokens = raw.replace(">", "<").split("<")
        key = "<".join(tokens[1::2])
        shape = shapes.setdefault(key, plain._compile(tokens))
        if shape is not None:
            by_shape = plain._from_shape(shape, tokens, raw)
            assert plain._same(by_shape, plain._order(node, raw))
            assert _read(lambda _, read=by_shape: read, node) == _read(Order.validated_xml, node)
    # The seeded orders come in a few shapes, every one of them read by its shape.
    assert sum(shape is not None for shape in shapes.values()) >= len(shapes) - 1
    assert len(shapes) < len(nodes) / 4


_SHAPED_LEAVES: dict[str, tuple[str, st.SearchStrategy[str]]] = {
    "order_id": ("1A2B3C4D5E6F7", st.sampled_from(["1A2B3C4D5E6F7", "", "X", " 1A2B3C4D5E6F7 "])),
    "state": ("Created", _STATE),
    "created_at": ("2026-01-05T10:00:00+01:00", _DATE),
    "fees": ("1.50", _NUMBER),
    "nb_messages": ("0", _NUMBER),
    "client_firstname": ("Ada", _TEXT),
    "client_email": ("a@b.c", _TEXT),
}
_SHAPED_DETAIL: dict[str, tuple[str, st.SearchStrategy[str]]] = {
    "order_detail_id": ("1", _NUMBER),
    "state": ("ToAccept", _STATE),
    "offer_seller_id": ("SKU-1", _TEXT),
    "product_name": ("Mug", _TEXT),
    "quantity": ("2", _NUMBER),
    "price": ("9.90", _NUMBER),
    "created_at": ("2026-01-05T10:00:00+01:00", _DATE),
    "tracking_number": ("6A7", _TEXT),
}
_SHAPED_ADDRESS: dict[str, tuple[str, st.SearchStrategy[str]]] = {
    "firstname": ("Ada", _TEXT),
    "country": ("FRA", _TEXT),
    "fnac_shop_ref": ("7", _NUMBER),
}


def _printable(text: str) -> str:
    return "".join(ch for ch in text if ch.isprintable() or ch in "\t\n\r")


def _shaped_order(texts: dict[tuple[str, str], str]) -> etree._Element:
    """An order of one fixed shape, each leaf's text from `texts` (by record and name)."""
    order = etree.Element("order")
    for name in _SHAPED_LEAVES:
        etree.SubElement(order, name).text = texts[("order", name)]
    address = etree.SubElement(order, "shipping_address")
    for name in _SHAPED_ADDRESS:
        etree.SubElement(address, name).text = texts[("address", name)]
    for line in ("line 1", "line 2"):
        detail = etree.SubElement(order, "order_detail")
        for name in _SHAPED_DETAIL:
            etree.SubElement(detail, name).text = texts[(line, name)]
        etree.SubElement(detail, "received_at")  # written empty: `<received_at/>`
    return order


_SHAPED_FIELDS = [
    *((("order", name), values) for name, values in _SHAPED_LEAVES.items()),
    *((("address", name), values) for name, values in _SHAPED_ADDRESS.items()),
    *(
        ((line, name), values)
        for line in ("line 1", "line 2")
        for name, values in _SHAPED_DETAIL.items()
    ),
]


@st.composite
def shaped_texts(draw: st.DrawFn) -> dict[tuple[str, str], str]:
    """Texts for `_shaped_order`: the plain ones, some replaced by odd ones."""
    texts = {}
    for key, (plain_text, values) in _SHAPED_FIELDS:
        texts[key] = _printable(draw(values)) if draw(st.integers(0, 3)) == 0 else plain_text
    return texts


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(shaped_texts())
def test_an_order_of_a_shape_seen_reads_alike_whatever_its_texts(
    texts: dict[tuple[str, str], str],
) -> None:
    from marketplace_sdk.fnac._models import plain

    plain_texts = {key: plain_text for key, (plain_text, _) in _SHAPED_FIELDS}
    for wrap in (False, True):  # as built, and namespaced, serialized and parsed as FNAC sends it
        first, node = _shaped_order(plain_texts), _shaped_order(texts)
        if wrap:
            [first, node] = _orders(
                b'<orders_query_response xmlns="http://www.fnac.com/schemas/mp-dialog.xsd">'
                + etree.tostring(first)
                + etree.tostring(node)
                + b"</orders_query_response>"
            )
        assert plain.plain_order(first) is not None  # its shape is seen, and read by it
        if _shape_key(node) == _shape_key(first):  # else (an empty text parsed as `<x/>`) it is
            shape = plain._SHAPES[_shape_key(node)]
            assert isinstance(shape, plain._Shape)
            raw = etree.tostring(node, encoding="unicode")
            try:
                by_shape = plain._from_shape(shape, raw.replace(">", "<").split("<"), raw)
            except plain._Doubt:  # a value the plain reading leaves to validation
                pass
            else:
                assert _read(lambda _, read=by_shape: read, node) == _read(
                    Order.validated_xml, node
                )
        _same(node)
        _same(node)  # a shape first seen now is read by it the second time


def _shape_key(node: etree._Element) -> str:
    return "<".join(etree.tostring(node, encoding="unicode").replace(">", "<").split("<")[1::2])
