"""Order actions in the sandbox, answered the way FNAC does (FNAC-Q10, FNAC-Q11, FNAC-Q12)."""

from __future__ import annotations

import pytest
from lxml import etree
from tests.fnac.test_sandbox_support import Session, errors, make_sandbox, texts

from marketplace_sdk.fnac._xml import child_text, children
from marketplace_sdk.fnac.sandbox import FnacSandbox


@pytest.fixture
def sandbox() -> FnacSandbox:
    return make_sandbox(offers=10, orders=0)


@pytest.fixture
def session(sandbox: FnacSandbox) -> Session:
    return Session(sandbox)


def update(session: Session, order_id: str, action: str, *details: str) -> etree._Element:
    inner = f'<order order_id="{order_id}" action="{action}">{"".join(details)}</order>'
    return session.call("orders_update", inner)


def detail(action: str, detail_id: int | None = None, **fields: str) -> str:
    parts = [f"<order_detail_id>{detail_id}</order_detail_id>" if detail_id else ""]
    parts.append(f"<action>{action}</action>")
    parts += [f"<{name}>{value}</{name}>" for name, value in fields.items()]
    return "<order_detail>" + "".join(parts) + "</order_detail>"


def to_ship(session: Session, *skus: str) -> str:
    order = session.sandbox.place_order(list(skus))
    update(session, order.order_id, "accept_all_orders", detail("Accepted"))
    session.sandbox.advance(60)
    return order.order_id


def test_fnac_q10_a_wrong_state_action_is_200_error_with_fatal_order_and_lines(
    session: Session,
) -> None:
    order_id = to_ship(session, "SKU-00001", "SKU-00002")
    update(session, order_id, "confirm_all_to_send", detail("Shipped", tracking_number="T1"))
    answer = update(session, order_id, "accept_all_orders", detail("Accepted"))
    (order,) = children(answer, "order")
    assert answer.get("status") == "ERROR"
    assert child_text(order, "status") == "FATAL"
    assert errors(order)[0] == "ERR_003"
    assert texts(order, "order_detail/status") == ["FATAL", "FATAL"]
    assert "not valid for action accept_all_orders" in texts(order, "error")[0]


def test_fnac_q10_off_the_order_says_error_with_the_state_code(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q10")
    order_id = to_ship(session, "SKU-00001")
    update(session, order_id, "confirm_all_to_send", detail("Shipped", tracking_number="T1"))
    answer = update(session, order_id, "accept_all_orders", detail("Accepted"))
    (order,) = children(answer, "order")
    assert (answer.get("status"), child_text(order, "status")) == ("ERROR", "ERROR")
    assert errors(order) == ["ERR_109"]


def test_fnac_q11_an_order_whose_lines_partly_fail_still_says_ok(session: Session) -> None:
    order = session.sandbox.place_order(["SKU-00001"])
    answer = update(
        session, order.order_id, "accept_order", detail("Accepted", 1), detail("Accepted", 9)
    )
    (node,) = children(answer, "order")
    assert (answer.get("status"), child_text(node, "status")) == ("OK", "OK")
    assert texts(node, "order_detail/status") == ["OK", "ERROR"]
    assert errors(answer) == ["ERR_111"]  # only inside the failed line

    session.sandbox.behaviours.disable("FNAC-Q11.partial-order-ok")
    other = session.sandbox.place_order(["SKU-00002"])
    answer = update(
        session, other.order_id, "accept_order", detail("Accepted", 1), detail("Accepted", 9)
    )
    (node,) = children(answer, "order")
    assert (answer.get("status"), child_text(node, "status")) == ("ERROR", "ERROR")


def test_fnac_q11_pricing_errors_sit_inside_an_ok_answer(session: Session) -> None:
    answer = session.call(
        "pricing_query", '<product_reference type="Ean">0000000000000</product_reference>'
    )
    assert answer.get("status") == "OK"
    assert errors(answer) == ["ERR_120"]


def test_fnac_q12_an_unknown_carrier_is_refused_inside_an_ok_answer(session: Session) -> None:
    order_id = to_ship(session, "SKU-00001")
    shipped = detail("Shipped", tracking_number="T1", tracking_company="Track Inc.")
    answer = update(session, order_id, "confirm_all_to_send", shipped)
    (node,) = children(answer, "order")
    assert (answer.get("status"), child_text(node, "status")) == ("OK", "OK")
    assert texts(node, "order_detail/status") == ["ERROR"]
    assert errors(answer) == ["ERR_031"]
    assert session.sandbox.order(order_id).state == "ToShip"

    known = detail("Shipped", tracking_number="T1", tracking_company="LAPOSTE")
    assert update(session, order_id, "confirm_all_to_send", known).get("status") == "OK"
    assert session.sandbox.order(order_id).state == "Shipped"


def test_fnac_q12_readings_a_whole_call_refusal_or_free_text(session: Session) -> None:
    sandbox = session.sandbox
    order_id = to_ship(session, "SKU-00001")
    shipped = detail("Shipped", tracking_number="T1", tracking_company="Track Inc.")
    sandbox.behaviours.disable("FNAC-Q12.refused-in-line")
    answer = update(session, order_id, "confirm_all_to_send", shipped)
    assert answer.get("status") == "ERROR"
    assert errors(answer) == ["ERR_146"]
    assert not children(answer, "order")

    sandbox.behaviours.disable("FNAC-Q12")  # FNAC's old test platform: free text taken
    assert update(session, order_id, "confirm_all_to_send", shipped).get("status") == "OK"
    assert sandbox.order(order_id).lines[0].tracking_company == "Track Inc."
