"""FNAC sandbox: injected faults, the call log, async use and the loopback server."""

from __future__ import annotations

import httpx
import pytest
from lxml import etree
from tests.fnac.test_sandbox_support import Session, errors, make_sandbox, texts

from marketplace_sdk.fnac._xml import NAMESPACE, child_text
from marketplace_sdk.fnac.sandbox import Codes, FnacSandbox
from marketplace_sdk.testing import Fault


@pytest.fixture
def sandbox() -> FnacSandbox:
    return make_sandbox(offers=5, orders=5)


@pytest.fixture
def session(sandbox: FnacSandbox) -> Session:
    session = Session(sandbox)
    session.auth()
    return session


ACCEPT = (
    '<order order_id="{}" action="accept_all_orders">'
    "<order_detail><action>Accepted</action></order_detail></order>"
)


def test_a_5xx_fault_answers_without_touching_the_shop(session: Session) -> None:
    sandbox = session.sandbox
    order = sandbox.place_order(["SKU-00001"])
    sandbox.faults.add(Fault.error(503, b"Service Unavailable"), operation="orders_update")
    body = session.document("orders_update", ACCEPT.format(order.order_id))
    assert session.post("orders_update", body).status_code == 503
    assert sandbox.order(order.order_id).state == "Created"
    assert session.parse(session.post("orders_update", body)).get("status") == "OK"


def test_timeout_before_leaves_the_order_and_timeout_after_applies_it(session: Session) -> None:
    sandbox = session.sandbox
    first, second = sandbox.place_order(["SKU-00001"]), sandbox.place_order(["SKU-00002"])
    sandbox.faults.add(Fault.timeout_before(), operation="orders_update")
    with pytest.raises(httpx.ConnectTimeout):
        session.post(
            "orders_update", session.document("orders_update", ACCEPT.format(first.order_id))
        )
    assert sandbox.order(first.order_id).state == "Created"
    sandbox.faults.add(Fault.timeout_after_apply(), operation="orders_update")
    with pytest.raises(httpx.ReadTimeout):
        session.post(
            "orders_update", session.document("orders_update", ACCEPT.format(second.order_id))
        )
    assert sandbox.order(second.order_id).state == "Accepted"


def test_fail_next_answers_fnac_error_documents_then_recovers(session: Session) -> None:
    session.sandbox.fail_next("orders_query", "ERR_999", "Internal error", count=2)
    for _ in range(2):
        answer = session.call("orders_query")
        assert answer.get("status") == "ERROR"
        assert errors(answer) == ["ERR_999"]
    assert session.call("orders_query").get("status") == "OK"


def test_malformed_next_cuts_the_xml_after_applying(session: Session) -> None:
    sandbox = session.sandbox
    order = sandbox.place_order(["SKU-00001"])
    sandbox.malformed_next("orders_update")
    response = session.post(
        "orders_update", session.document("orders_update", ACCEPT.format(order.order_id))
    )
    assert response.status_code == 200
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring(response.content)
    assert sandbox.order(order.order_id).state == "Accepted"


def test_the_call_log_names_each_service(session: Session) -> None:
    session.call("orders_query")
    session.call("orders_query")
    session.call("carriers_query", "<query>all</query>")
    counts = session.sandbox.calls.by_operation()
    assert counts["auth"] == 1
    assert counts["orders_query"] == 2
    assert counts["carriers_query"] == 1


def test_seeding_is_deterministic() -> None:
    first, second = make_sandbox(), make_sandbox()
    assert sorted(first.state.orders) == sorted(second.state.orders)
    assert [o.state for o in first.state.orders.values()] == [
        o.state for o in second.state.orders.values()
    ]
    assert {s: o.price for s, o in first.state.offers.items()} == {
        s: o.price for s, o in second.state.offers.items()
    }
    assert sorted(make_sandbox(seed=43).state.orders) != sorted(first.state.orders)


def test_seeded_orders_cover_fnac_states_within_the_window() -> None:
    sandbox = make_sandbox(offers=10, orders=20, days=90)
    states = {order.state for order in sandbox.state.orders.values()}
    assert {
        "Created",
        "Accepted",
        "ToShip",
        "Shipped",
        "Received",
        "Refused",
        "Cancelled",
        "NotReceived",
    } <= states
    now = sandbox.state.now()
    assert all(
        0 < (now - o.created_at).days <= 90
        for o in sandbox.state.orders.values()
        if (now - o.created_at).days
    )


async def test_the_transport_serves_an_async_client(sandbox: FnacSandbox) -> None:
    creds = sandbox.credentials
    async with httpx.AsyncClient(
        transport=sandbox.transport(), base_url=sandbox.base_url
    ) as client:
        response = await client.post(
            "auth",
            content=f'<auth xmlns="{NAMESPACE}"><partner_id>{creds.partner_id}</partner_id>'
            f"<shop_id>{creds.shop_id}</shop_id><key>{creds.key}</key></auth>",
        )
    assert b'status="OK"' in response.content


def test_a_loopback_round_trip_with_a_fault(sandbox: FnacSandbox) -> None:
    with sandbox.serve() as server:
        client = httpx.Client(base_url=server.url + "/api.php/")
        session = Session(sandbox, client=client)
        session.auth()
        answer = session.call("orders_query", "<paging>1</paging>", results_count="2")
        assert child_text(answer, "nb_total_result") == "5"
        assert len(texts(answer, "order/order_id")) == 2
        sandbox.faults.add(Fault.error(502, b"Bad Gateway"), operation="orders_query")
        assert session.post("orders_query", session.document("orders_query")).status_code == 502
        sandbox.expire_tokens()
        assert errors(session.call("orders_query")) == [Codes.TOKEN]
        client.close()
