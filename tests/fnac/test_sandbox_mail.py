"""FNAC sandbox: messages, incidents, client order comments, shop invoices and carriers."""

from __future__ import annotations

import pytest
from tests.fnac.test_sandbox_support import Session, errors, make_sandbox, texts

from marketplace_sdk.fnac._xml import child_text, children
from marketplace_sdk.fnac.sandbox import Codes, FnacSandbox


@pytest.fixture
def sandbox() -> FnacSandbox:
    return make_sandbox(offers=10, orders=30)


@pytest.fixture
def session(sandbox: FnacSandbox) -> Session:
    return Session(sandbox)


def test_messages_are_listed_marked_read_and_answered(session: Session) -> None:
    sandbox = session.sandbox
    listed = session.call("messages_query", "<paging>1</paging>", results_count="100")
    assert child_text(listed, "nb_total_result") == str(len(sandbox.state.messages))
    unread = session.call("messages_query", "<message_state>UNREAD</message_state>")
    message_id = texts(unread, "message/message_id")[0]
    answer = session.call(
        "messages_update",
        f'<message id="{message_id}" action="mark_as_read"><message_to>ALL</message_to></message>',
    )
    assert answer.get("status") == "OK"
    assert sandbox.state.messages[message_id].state == "READ"
    order_id = sandbox.state.messages[message_id].referer
    reply = session.call(
        "messages_update",
        f'<message id="{order_id}" action="create"><message_to>CLIENT</message_to>'
        "<message_subject>shipping_information</message_subject>"
        "<message_description>Parti ce matin</message_description>"
        "<message_type>ORDER</message_type></message>",
    )
    assert reply.get("status") == "OK"
    about_order = session.call("messages_query", f"<order_fnac_id>{order_id}</order_fnac_id>")
    assert "Parti ce matin" in texts(about_order, "message/message_description")


def test_an_unknown_message_is_a_per_message_error(session: Session) -> None:
    answer = session.call("messages_update", '<message id="NOPE" action="archive"/>')
    assert answer.get("status") == "ERROR"
    assert children(answer, "message")[0].get("status") == "ERROR"
    assert errors(answer) == [Codes.MESSAGE_NOT_FOUND]


def test_an_open_incident_is_refunded_and_closed(session: Session) -> None:
    sandbox = session.sandbox
    incident = next(iter(sandbox.state.incidents.values()))
    listed = session.call("incidents_query", f"<order>{incident.order_id}</order>")
    assert texts(listed, "incident/header/status") == ["OPENED"]
    lines = "".join(
        f"<order_detail><order_detail_id>{d}</order_detail_id>"
        "<refund_reason>unreceived_article</refund_reason></order_detail>"
        for d in incident.detail_ids
    )
    answer = session.call(
        "incidents_update", f'<order action="refund" order_id="{incident.order_id}">{lines}</order>'
    )
    assert answer.get("status") == "OK"
    assert texts(answer, "order/state") == ["Refunded"]
    assert incident.status == "CLOSED"
    closed = session.call("incidents_query", f"<order>{incident.order_id}</order>")
    assert texts(
        closed,
        "incident/order_details_incident/order_detail_incident/refunds/refund/product_amount",
    )


def test_refunding_without_an_open_incident_is_refused_as_fnac_does(session: Session) -> None:
    shipped = next(o for o in session.sandbox.state.orders.values() if o.state == "Shipped")
    answer = session.call(
        "incidents_update",
        f'<order action="refund" order_id="{shipped.order_id}"><order_detail>'
        "<order_detail_id>1</order_detail_id><refund_reason>no_stock</refund_reason>"
        "</order_detail></order>",
    )
    assert answer.get("status") == "ERROR"
    assert texts(answer, "order/status") == ["FATAL"]
    assert errors(answer) == [Codes.BAD_STATE]


def test_comments_are_listed_and_answered_once_known(session: Session) -> None:
    sandbox = session.sandbox
    listed = session.call("client_order_comments_query", "<paging>1</paging>")
    comment_id = texts(listed, "client_order_comment/client_order_comment_id")[0]
    answer = session.call(
        "client_order_comments_update",
        f'<comment id="{comment_id}"><comment_reply>Merci !</comment_reply></comment>',
    )
    assert answer.get("status") == "OK"
    assert sandbox.state.comments[comment_id].reply == "Merci !"
    unknown = session.call(
        "client_order_comments_update",
        '<comment id="8D7472DB-7EAF-CE05-A960-FC12B812FA14">'
        "<comment_reply>x</comment_reply></comment>",
    )
    assert unknown.get("status") == "ERROR"
    assert errors(unknown) == [Codes.COMMENT_NOT_FOUND]


def test_shop_invoices_page_and_filter_by_date(session: Session) -> None:
    listed = session.call("shop_invoices_query", "<paging>1</paging>", results_count="2")
    assert child_text(listed, "nb_total_result") == "3"
    assert child_text(listed, "total_paging") == "2"
    assert len(texts(listed, "shop_invoice/invoice_id")) == 2
    newest = max(i.created_at for i in session.sandbox.state.invoices.values())
    recent = session.call("shop_invoices_query", f"<date><min>{newest.isoformat()}</min></date>")
    assert child_text(recent, "nb_total_result") == "1"


def test_carriers_are_the_recorded_list(session: Session) -> None:
    answer = session.call("carriers_query", "<query>all</query>")
    codes = [node.get("code") for node in children(answer, "carrier")]
    assert "LAPOSTE" in codes
    assert "UPS" in codes
    assert texts(answer, "carrier/name")[0] == "Chronopost"
