"""FNAC sandbox answers against FNAC's published contract.

Every answer of a scenario touching every service (OK answers, whole-call errors, per-item
errors, paging) is validated against the one `*Service.xsd` declaring its root; the answers
where FNAC's live server diverges from the 2017 XSDs follow the recorded samples instead (see
`SAMPLE_SHAPED` in `test_sandbox_support`, the one place those exceptions are listed).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree
from tests.fnac.test_sandbox_support import (
    SAMPLE_SHAPED,
    Contract,
    Session,
    make_sandbox,
    texts,
)

from marketplace_sdk.fnac._xml import child_text

pytestmark = pytest.mark.needs_shared


@pytest.fixture(scope="module")
def contract(shared_specs: Path) -> Contract:
    return Contract(shared_specs)


def _offer(sku: str, ean: str = "", price: str = "15", quantity: str = "3") -> str:
    reference = f'<product_reference type="Ean">{ean}</product_reference>' if ean else ""
    return (
        f'<offer>{reference}<offer_reference type="SellerSku">{sku}</offer_reference>'
        f"<price>{price}</price><product_state>11</product_state>"
        f"<quantity>{quantity}</quantity><description>New</description></offer>"
    )


def test_every_answer_of_a_full_scenario_keeps_the_contract(contract: Contract) -> None:
    sandbox = make_sandbox(offers=15, orders=30)
    session = Session(sandbox, contract=contract)
    creds = sandbox.credentials
    # auth: refused, then OK
    session.post(
        "auth",
        f'<auth xmlns="http://www.fnac.com/schemas/mp-dialog.xsd"><partner_id>{creds.partner_id}'
        f"</partner_id><shop_id>{creds.shop_id}</shop_id><key>wrong</key></auth>",
    )
    session.auth()
    # offers: a batch with good and bad offers, its phases, queries, pricing
    batch = session.call(
        "offers_update",
        _offer("SKU-00001", price="9.99")
        + _offer("SKU-00002", price="9.50")
        + _offer("NEW-1", ean=sandbox.catalogue_product(25).ean)
        + _offer("NEW-2", ean="0000000000000")
        + "<offer><offer_reference>SKU-00003</offer_reference>"
        + "<treatment>delete</treatment></offer>",
    )
    batch_id = child_text(batch, "batch_id")
    session.call("batch_status", f"<batch_id>{batch_id}</batch_id>")
    session.call("batch_query")
    sandbox.advance(15)
    session.call("batch_query")
    session.call("batch_status", f"<batch_id>{batch_id}</batch_id>")
    sandbox.advance(15)
    session.call("batch_status", f"<batch_id>{batch_id}</batch_id>")
    session.call("batch_status", "<batch_id>UNKNOWN</batch_id>")
    session.call("offers_update", "<offer><price>1</price></offer>")
    session.call("offers_update", _offer("SKU-00002", price="0.10"))  # FNAC-Q06: refused at once
    session.call("offers_query", "<paging>2</paging>", results_count="5")
    session.call("offers_query", '<quantity mode="LessThan" value="5"/>')
    ean = sandbox.catalogue_product(1).ean
    session.call(
        "pricing_query",
        f'<product_reference type="Ean">{ean}</product_reference>'
        '<product_reference type="Ean">007</product_reference><product_reference type="Ean"/>',
    )
    session.call("pricing_query", '<product_reference type="Ean">1</product_reference>' * 11)
    # orders: every state on the wire, accept / refuse / ship / errors
    session.call("orders_query", "<paging>1</paging>", results_count="100")
    created = [o.order_id for o in sandbox.state.orders.values() if o.state == "Created"]
    session.call(
        "orders_update",
        f'<order order_id="{created[0]}" action="accept_order"><order_detail>'
        "<order_detail_id>1</order_detail_id><action>Accepted</action></order_detail></order>"
        f'<order order_id="{created[1]}" action="accept_all_orders"><order_detail>'
        "<action>Refused</action></order_detail></order>",
    )
    shipped = next(o.order_id for o in sandbox.state.orders.values() if o.state == "Shipped")
    session.call(
        "orders_update",
        f'<order order_id="{shipped}" action="accept_all_orders"><order_detail>'
        "<action>Accepted</action></order_detail></order>",
    )
    session.call("orders_query", "<state>Refused</state>")
    # after-sale services
    session.call("messages_query", "<paging>1</paging>")
    message_id = next(iter(sandbox.state.messages))
    session.call("messages_update", f'<message id="{message_id}" action="mark_as_read"/>')
    session.call("messages_update", '<message id="NOPE" action="archive"/>')
    session.call("incidents_query", "<paging>1</paging>")
    incident = next(iter(sandbox.state.incidents.values()))
    refund = (
        "<order_detail><order_detail_id>1</order_detail_id>"
        "<refund_reason>no_stock</refund_reason></order_detail>"
    )
    session.call(
        "incidents_update",
        f'<order action="refund" order_id="{incident.order_id}">{refund}</order>',
    )
    session.call(
        "incidents_update", f'<order action="refund" order_id="{shipped}">{refund}</order>'
    )
    session.call("client_order_comments_query", "<paging>1</paging>")
    comment_id = next(iter(sandbox.state.comments))
    session.call(
        "client_order_comments_update",
        f'<comment id="{comment_id}"><comment_reply>Merci</comment_reply></comment>',
    )
    session.call(
        "client_order_comments_update",
        '<comment id="8D7472DB-7EAF-CE05-A960-FC12B812FA14"><comment_reply>x</comment_reply>'
        "</comment>",
    )
    session.call("shop_invoices_query", "<paging>1</paging>")
    session.call("carriers_query", "<query>all</query>")
    # a whole-call token error on every kind of answer
    sandbox.expire_tokens()
    for service in ("orders_query", "offers_query", "messages_query", "pricing_query"):
        session.call(service)

    answered = set(contract.checked)
    assert {
        "auth_response",
        "offers_update_response",
        "batch_status_response",
        "batch_query_response",
        "offers_query_response",
        "pricing_query_response",
        "orders_query_response",
        "orders_update_response",
        "messages_query_response",
        "messages_update_response",
        "incidents_query_response",
        "incidents_update_response",
        "client_order_comments_query_response",
        "client_order_comments_update_response",
        "shop_invoices_query_response",
        "carriers_query_response",
    } <= answered
    statuses = {answer.get("status") for answer in session.answers}
    assert {"OK", "ERROR", "ACTIVE", "RUNNING"} <= statuses


def test_the_sample_shaped_answers_are_the_documented_divergences(contract: Contract) -> None:
    # The samples listed as divergent really do fail their XSD (so the exception is needed).
    for root_name, samples in SAMPLE_SHAPED.items():
        failing = [
            name
            for name in samples
            if not contract.schema(root_name).validate(etree.parse(str(contract.samples / name)))
        ]
        assert failing, f"{root_name}: every listed sample validates; drop the exception"


def test_the_recorded_orders_sample_and_a_sandbox_answer_share_their_elements(
    contract: Contract,
) -> None:
    sample = etree.parse(str(contract.samples / "query_orders_response.xml")).getroot()
    session = Session(make_sandbox(offers=5, orders=5))
    answer = session.call("orders_query")
    wanted = {
        "order/order_id",
        "order/state",
        "order/order_detail/offer_seller_id",
        "order/order_detail/quantity",
        "order/order_detail/price",
        "order/created_at",
        "order/shipping_address/city",
        "order/order_detail/tracking_number",
    }
    for path in wanted:
        assert texts(sample, path), path
        assert texts(answer, path), path
