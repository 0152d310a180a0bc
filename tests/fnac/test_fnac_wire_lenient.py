"""The FNAC response parser is lenient where the live service is sloppy, and safe against XXE.

Lenient, not forgiving: the schemas' gaps, control characters and bad bytes are survived, but
an answer that is not well-formed (cut short above all) is refused, never read as a shorter one.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._errors import ErrorClass, ResponseParseError
from marketplace_sdk.fnac import OrdersQueryRequest, OrderState
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac._models import Order, OrderDetailState
from marketplace_sdk.fnac._xml import parse_datetime, parse_xml, strip_invalid_xml_chars

NS = 'xmlns="http://www.fnac.com/schemas/mp-dialog.xsd"'


def orders(body: str | bytes) -> list[Order]:
    content = body.encode() if isinstance(body, str) else body
    call = endpoints.orders_query(OrdersQueryRequest())
    return list(call.parse(httpx.Response(200, content=content)).orders)


def order_xml(inner: str) -> str:
    return f'<orders_query_response status="OK" {NS}><order>{inner}</order></orders_query_response>'


def test_invalid_xml_characters_are_survived() -> None:
    body = order_xml(
        "<order_id>57BEAFDA828A8</order_id>"
        "<client_firstname>Ma\x01rie\x0b</client_firstname>"
        "<client_lastname>Du&#x1F;pont&#2;</client_lastname>"
    ).encode()
    (order,) = orders(body)
    assert (order.client_firstname, order.client_lastname) == ("Marie", "Dupont")


def test_latin1_documents_are_decoded_by_their_declaration() -> None:
    body = (
        '<?xml version="1.0" encoding="ISO-8859-1"?>'
        + order_xml("<order_id>57BEAFDA828A8</order_id><client_lastname>Lefèvre</client_lastname>")
    ).encode("latin-1")
    (order,) = orders(body)
    assert order.client_lastname == "Lefèvre"


def test_empty_dates_are_none() -> None:
    (order,) = orders(
        order_xml(
            "<created_at></created_at><order_detail><received_at/>"
            "<refused_at>  </refused_at></order_detail>"
        )
    )
    assert order.created_at is None
    assert order.order_details[0].received_at is None
    assert order.order_details[0].refused_at is None


@pytest.mark.parametrize(
    "text",
    [
        "2026-03-01T10:00:00+02:00",
        "2026-03-01T10:00:00+0200",
        "2026-03-01T08:00:00Z",
        "2026-03-01T8:00:00+00:00",
        "2026-03-01T10:00:00",  # no offset: Paris time (UTC+1 in March before DST)
    ],
)
def test_date_offsets(text: str) -> None:
    expected = datetime(2026, 3, 1, 8 if text != "2026-03-01T10:00:00" else 9, tzinfo=UTC)
    (order,) = orders(order_xml(f"<created_at>{text}</created_at>"))
    assert order.created_at == expected
    assert order.created_at is not None
    assert order.created_at.tzinfo is UTC


@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)),
    st.integers(min_value=-12 * 60, max_value=14 * 60),
    st.booleans(),
)
def test_any_offset_in_either_spelling_reads_as_the_same_instant(
    moment: datetime, offset_minutes: int, with_colon: bool
) -> None:
    moment = moment.replace(microsecond=0)
    zone = timezone(timedelta(minutes=offset_minutes))
    aware = moment.replace(tzinfo=zone)
    text = aware.isoformat()
    if not with_colon:
        text = text[:-3] + text[-2:]
    assert parse_datetime(text) == aware.astimezone(UTC)


def test_an_unreadable_order_date_refuses_that_order_not_the_answer() -> None:
    # Read as empty, the date would silently become another one (the order's latest line date).
    body = (
        f'<orders_query_response status="OK" {NS}>'
        "<order><order_id>57BEAFDA828A8</order_id><created_at>not a date</created_at></order>"
        "<order><order_id>57BEAFDA828A9</order_id><created_at>2026-03-01T10:00:00Z</created_at>"
        "</order></orders_query_response>"
    )
    call = endpoints.orders_query(OrdersQueryRequest())
    answer = call.parse(httpx.Response(200, content=body.encode()))
    assert [order.order_id for order in answer.orders] == ["57BEAFDA828A9"]
    (refused,) = answer.refused
    assert (refused.position, refused.error.kind, refused.error.record_id) == (
        0,
        "order",
        "57BEAFDA828A8",
    )
    assert "created_at" in refused.error.message
    assert "not a date" in refused.error.raw["xml"]


def test_unknown_elements_and_states_are_tolerated() -> None:
    (order,) = orders(
        order_xml(
            "<order_id>57BEAFDA828A8</order_id><state>OnHold</state>"
            "<brand_new_field><nested>x</nested></brand_new_field><loyalty>gold</loyalty>"
            "<order_detail><state>Teleported</state><offer_seller_id>S</offer_seller_id>"
            "<quantity>2</quantity></order_detail>"
        )
    )
    assert order.state == "OnHold"
    assert not isinstance(order.state, OrderState)
    assert order.order_details[0].state == "Teleported"
    assert order.order_details[0].sku == "S"


def test_missing_elements_read_as_none() -> None:
    (order,) = orders(order_xml("<order_id>57BEAFDA828A8</order_id>"))
    assert (order.state, order.created_at, order.shipping_address, order.order_details) == (
        None,
        None,
        None,
        [],
    )


def test_known_states_become_enums() -> None:
    (order,) = orders(
        order_xml("<state>ToShip</state><order_detail><state>ToShip</state></order_detail>")
    )
    assert order.state is OrderState.TO_SHIP
    assert order.order_details[0].state is OrderDetailState.TO_SHIP


def test_a_document_without_namespace_is_read_too() -> None:
    body = (
        "<orders_query_response status='OK'><order><order_id>X</order_id></order>"
        "</orders_query_response>"
    )
    assert [order.order_id for order in orders(body)] == ["X"]


def orders_page(count: int) -> str:
    """A whole `orders_query` answer holding `count` orders."""
    body = "".join(
        f"<order><order_id>ORDER{n:08d}</order_id><state>Created</state>"
        f"<order_detail><order_detail_id>1</order_detail_id><quantity>1</quantity>"
        f"<price>9.90</price></order_detail></order>"
        for n in range(count)
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?><orders_query_response status="OK" {NS}>'
        f"<nb_total_result>{count}</nb_total_result>{body}</orders_query_response>"
    )


def test_an_answer_cut_in_half_is_a_transient_error_not_a_shorter_page() -> None:
    body = orders_page(20).encode()
    assert len(orders(body)) == 20
    with pytest.raises(ResponseParseError) as caught:
        orders(body[: len(body) // 2])
    assert caught.value.error_class is ErrorClass.TRANSIENT


@given(st.data())
def test_no_cut_of_an_answer_reads_as_a_page(data: st.DataObject) -> None:
    body = orders_page(data.draw(st.integers(min_value=1, max_value=5))).encode()
    cut = data.draw(st.integers(min_value=1, max_value=len(body) - 1))
    with pytest.raises(ResponseParseError) as caught:
        orders(body[:cut])
    assert caught.value.error_class is ErrorClass.TRANSIENT


def test_broken_markup_is_an_error_not_recovered() -> None:
    body = order_xml("<order_id>57BEAFDA828A8</order_id><state>Created</state>")
    broken = body.replace("</state>", "</stat>")
    with pytest.raises(ResponseParseError, match="cut short or not XML"):
        orders(broken)


def test_bytes_invalid_in_utf8_are_read_as_replacement_characters() -> None:
    # FNAC-Q15: FNAC has sent bytes that are not UTF-8; the rest of the answer is still read.
    body = order_xml(
        "<order_id>57BEAFDA828A8</order_id><client_lastname>Fran\xc2ois</client_lastname>"
        "<state>Created</state>"
    ).encode("latin-1")
    (order,) = orders(body)
    assert order.client_lastname == "Fran\ufffdois"
    assert order.state is OrderState.CREATED


def test_bytes_invalid_in_utf8_do_not_hide_a_cut() -> None:
    body = order_xml("<client_lastname>Fran\xc2ois</client_lastname>").encode("latin-1")
    with pytest.raises(ResponseParseError):
        orders(body[:-20])


@pytest.mark.parametrize("body", [b"", b"   ", b"Service Unavailable"])
def test_empty_or_non_xml_bodies_are_parse_errors(body: bytes) -> None:
    with pytest.raises(ResponseParseError):
        orders(body)


def test_the_answer_of_another_service_is_a_parse_error() -> None:
    with pytest.raises(ResponseParseError, match="expected <orders_query_response>"):
        orders(f'<offers_query_response status="OK" {NS}/>')


def test_internal_entities_are_not_expanded() -> None:
    body = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY boom "EXPANDED">]>' + order_xml(
        "<order_id>&boom;</order_id>"
    )
    (order,) = orders(body)
    assert "EXPANDED" not in (order.order_id or "")


def test_external_entities_are_never_read() -> None:
    body = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/hostname">]>'
        + order_xml("<order_id>&xxe;</order_id>")
    )
    (order,) = orders(body)
    assert order.order_id in {None, ""}


@given(st.binary(max_size=200))
def test_stripping_leaves_no_forbidden_control_bytes(data: bytes) -> None:
    cleaned = strip_invalid_xml_chars(data)
    assert not any(byte < 0x20 and byte not in (0x09, 0x0A, 0x0D) for byte in cleaned)


def test_parse_xml_refuses_nothing_but_emptiness() -> None:
    with pytest.raises(ValueError, match="empty"):
        parse_xml(b"\x00\x01")
