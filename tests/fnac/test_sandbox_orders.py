"""FNAC sandbox: the order life cycle, orders_update actions and limits, orders_query."""

from __future__ import annotations

from datetime import timedelta

import pytest
from lxml import etree
from tests.fnac.test_sandbox_support import Session, errors, make_sandbox, texts

from marketplace_sdk.fnac._xml import child_text, children
from marketplace_sdk.fnac.sandbox import Codes, FnacSandbox


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


def order_state(session: Session, order_id: str) -> tuple[str, list[str]]:
    answer = session.call("orders_query", f"<order_fnac_id>{order_id}</order_fnac_id>")
    (order,) = children(answer, "order")
    return child_text(order, "state") or "", texts(order, "order_detail/state")


def test_an_order_goes_created_accepted_toship_shipped_received(session: Session) -> None:
    sandbox = session.sandbox
    order = sandbox.place_order(["SKU-00001", "SKU-00002"])
    assert order_state(session, order.order_id) == ("Created", ["ToAccept", "ToAccept"])

    accepted = update(
        session, order.order_id, "accept_order", detail("Accepted", 1), detail("Accepted", 2)
    )
    assert accepted.get("status") == "OK"
    assert texts(accepted, "order/state") == ["Accepted"]
    assert texts(accepted, "order/order_detail/state") == ["Accepted", "Accepted"]

    sandbox.advance(59)
    assert order_state(session, order.order_id)[0] == "Accepted"
    sandbox.advance(1)
    assert order_state(session, order.order_id) == ("ToShip", ["ToShip", "ToShip"])

    shipped = update(
        session,
        order.order_id,
        "confirm_to_send",
        detail("Shipped", 1, tracking_number="6A123", tracking_company="LAPOSTE"),
        detail("Shipped", 2, tracking_number="6A123", tracking_company="LAPOSTE"),
    )
    assert texts(shipped, "order/state") == ["Shipped"]
    answer = session.call("orders_query", f"<order_fnac_id>{order.order_id}</order_fnac_id>")
    assert texts(answer, "order/order_detail/tracking_number") == ["6A123", "6A123"]
    assert sandbox.order(order.order_id).lines[0].tracking_company == "LAPOSTE"

    sandbox.mark_received(order.order_id)
    assert order_state(session, order.order_id) == ("Received", ["Received", "Received"])


def test_refusing_one_line_keeps_the_order_and_refusing_all_refuses_it(session: Session) -> None:
    sandbox = session.sandbox
    partly = sandbox.place_order(["SKU-00001", "SKU-00002"])
    answer = update(
        session, partly.order_id, "accept_order", detail("Accepted", 1), detail("Refused", 2)
    )
    assert texts(answer, "order/state") == ["Accepted"]
    sandbox.advance(60)
    assert order_state(session, partly.order_id) == ("ToShip", ["ToShip", "Refused"])

    refused = sandbox.place_order(["SKU-00003"])
    answer = update(session, refused.order_id, "accept_all_orders", detail("Refused"))
    assert texts(answer, "order/state") == ["Refused"]
    assert sandbox.order(refused.order_id).refused_at is not None


def test_accepting_a_shipped_order_is_a_per_order_error(session: Session) -> None:
    sandbox = session.sandbox
    shipped = sandbox.place_order(["SKU-00001"])
    fresh = sandbox.place_order(["SKU-00002"])
    update(session, shipped.order_id, "accept_all_orders", detail("Accepted"))
    sandbox.advance(60)
    update(
        session,
        shipped.order_id,
        "confirm_all_to_send",
        detail("Shipped", tracking_number="T1", tracking_company="UPS"),
    )
    accept_line = detail("Accepted", 1)
    answer = session.call(
        "orders_update",
        f'<order order_id="{shipped.order_id}" action="accept_order">{accept_line}</order>'
        f'<order order_id="{fresh.order_id}" action="accept_order">{accept_line}</order>',
    )
    assert answer.get("status") == "ERROR"
    bad, good = children(answer, "order")
    assert child_text(bad, "status") == "FATAL"  # FNAC-Q10
    assert child_text(bad, "state") == "Shipped"
    assert "ERR_003" in errors(bad)
    assert child_text(good, "status") == "OK"
    assert child_text(good, "state") == "Accepted"


def test_update_changes_the_tracking_of_a_shipped_order(session: Session) -> None:
    sandbox = session.sandbox
    order = sandbox.place_order(["SKU-00001"])
    update(session, order.order_id, "accept_all_orders", detail("Accepted"))
    sandbox.advance(60)
    update(
        session,
        order.order_id,
        "confirm_all_to_send",
        detail("Shipped", tracking_number="OLD", tracking_company="UPS"),
    )
    answer = update(
        session,
        order.order_id,
        "update_all",
        detail("Updated", tracking_number="NEW", tracking_company="DHL"),
    )
    assert answer.get("status") == "OK"
    assert sandbox.order(order.order_id).lines[0].tracking_number == "NEW"
    assert sandbox.order(order.order_id).state == "Shipped"


def test_confirm_to_send_before_debit_is_refused(session: Session) -> None:
    order = session.sandbox.place_order(["SKU-00001"])
    update(session, order.order_id, "accept_all_orders", detail("Accepted"))
    answer = update(
        session,
        order.order_id,
        "confirm_all_to_send",
        detail("Shipped", tracking_number="T", tracking_company="UPS"),
    )
    assert answer.get("status") == "ERROR"
    assert set(errors(answer)) == {"ERR_003"}  # FNAC-Q10: the order and its line are FATAL


def test_tracked_shipping_needs_a_tracking_number(session: Session) -> None:
    order = session.sandbox.place_order(["SKU-00001"], shipping_method="21")
    update(session, order.order_id, "accept_all_orders", detail("Accepted"))
    session.sandbox.advance(60)
    answer = update(session, order.order_id, "confirm_to_send", detail("Shipped", 1))
    assert errors(answer) == [Codes.MISSING_FIELD, Codes.MISSING_FIELD]
    assert session.sandbox.order(order.order_id).state == "ToShip"


def test_unknown_order_and_unknown_line_are_reported(session: Session) -> None:
    answer = update(session, "0000000000000", "accept_all_orders", detail("Accepted"))
    assert errors(answer) == [Codes.ORDER_NOT_FOUND]
    order = session.sandbox.place_order(["SKU-00001"])
    answer = update(session, order.order_id, "accept_order", detail("Accepted", 9))
    assert Codes.LINE_NOT_FOUND in errors(answer)


def test_twenty_five_orders_pass_and_twenty_six_are_refused(session: Session) -> None:
    sandbox = session.sandbox
    for offer in sandbox.state.offers.values():
        offer.quantity = 10
    ids = [sandbox.place_order([f"SKU-{n % 10 + 1:05d}"]).order_id for n in range(26)]
    accept = [
        f'<order order_id="{i}" action="accept_all_orders">{detail("Accepted")}</order>'
        for i in ids
    ]
    refused = session.call("orders_update", "".join(accept))
    assert refused.get("status") == "ERROR"
    assert errors(refused) == [Codes.TOO_MANY]
    assert all(sandbox.order(i).state == "Created" for i in ids)
    assert session.call("orders_update", "".join(accept[:25])).get("status") == "OK"


def test_buyer_cancellation_before_shipping_and_not_after(session: Session) -> None:
    sandbox = session.sandbox
    stock = sandbox.state.offers["SKU-00001"].quantity
    order = sandbox.place_order(["SKU-00001"])
    assert sandbox.state.offers["SKU-00001"].quantity == stock - 1
    sandbox.cancel_order(order.order_id)
    assert order_state(session, order.order_id) == ("Cancelled", ["Cancelled"])
    assert sandbox.state.offers["SKU-00001"].quantity == stock

    shipped = sandbox.place_order(["SKU-00002"])
    update(session, shipped.order_id, "accept_all_orders", detail("Accepted"))
    sandbox.advance(60)
    update(session, shipped.order_id, "confirm_all_to_send", detail("Shipped", tracking_number="T"))
    with pytest.raises(ValueError, match="Shipped"):
        sandbox.cancel_order(shipped.order_id)


def test_not_received_opens_an_incident_and_error_state_is_reachable(session: Session) -> None:
    sandbox = session.sandbox
    order = sandbox.place_order(["SKU-00001"])
    update(session, order.order_id, "accept_all_orders", detail("Accepted"))
    sandbox.advance(60)
    update(session, order.order_id, "confirm_all_to_send", detail("Shipped", tracking_number="T"))
    incident = sandbox.mark_not_received(order.order_id)
    assert order_state(session, order.order_id) == ("NotReceived", ["NotReceived"])
    assert incident.order_id == order.order_id
    other = sandbox.place_order(["SKU-00002"])
    sandbox.fail_order(other.order_id)
    assert order_state(session, other.order_id)[0] == "Error"


def test_place_order_refuses_missing_stock(sandbox: FnacSandbox) -> None:
    stock = sandbox.state.offers["SKU-00001"].quantity
    with pytest.raises(ValueError, match="in stock"):
        sandbox.place_order({"SKU-00001": stock + 1})
    with pytest.raises(KeyError):
        sandbox.place_order(["NO-SUCH-SKU"])


@pytest.fixture
def busy() -> Session:
    return Session(make_sandbox(offers=10, orders=40, days=90))


def test_orders_query_pages_newest_first(busy: Session) -> None:
    first = busy.call("orders_query", "<paging>1</paging>", results_count="15")
    assert child_text(first, "nb_total_result") == "40"
    assert child_text(first, "total_paging") == "3"
    ids: list[str] = []
    for page in (1, 2, 3):
        answer = busy.call("orders_query", f"<paging>{page}</paging>", results_count="15")
        ids += texts(answer, "order/order_id")
    assert sorted(ids) == sorted(busy.sandbox.state.orders)
    created = [busy.sandbox.order(i).created_at for i in ids]
    assert created == sorted(created, reverse=True)


@pytest.mark.usefixtures("shared_specs")  # FNAC's XSD decides
def test_orders_query_filters_on_states_and_ids(busy: Session) -> None:
    orders = busy.sandbox.state.orders.values()
    to_ship = busy.call("orders_query", "<state>ToShip</state>")
    assert set(texts(to_ship, "order/state")) == {"ToShip"}
    assert child_text(to_ship, "nb_total_result") == str(
        sum(1 for o in orders if o.state == "ToShip")
    )
    several = busy.call(
        "orders_query", "<states><state>Received</state><state>Cancelled</state></states>"
    )
    assert set(texts(several, "order/state")) == {"Received", "Cancelled"}
    wanted = sorted(busy.sandbox.state.orders)[:2]
    ids = "".join(f"<order_fnac_id>{i}</order_fnac_id>" for i in wanted)
    by_id = busy.call("orders_query", f"<orders_fnac_id>{ids}</orders_fnac_id>")
    assert sorted(texts(by_id, "order/order_id")) == wanted
    assert errors(busy.call("orders_query", "<state>Lost</state>")) == [Codes.SCHEMA]


@pytest.mark.parametrize(
    ("kind", "attribute"),
    [
        ("CreatedAt", "created_at"),
        ("UpdatedAt", "updated_at"),
        ("AcceptedAt", "accepted_at"),
        ("ShippedAt", "shipped_at"),
        ("ReceivedAt", "received_at"),
        ("CancelledAt", "cancelled_at"),
        ("RefusedAt", "refused_at"),
        ("DebitedAt", "debited_at"),
    ],
)
def test_orders_query_filters_on_each_date_type(busy: Session, kind: str, attribute: str) -> None:
    now = busy.sandbox.state.now()
    low = now - timedelta(days=45)
    answer = busy.call(
        "orders_query",
        f'<date type="{kind}"><min>{low.isoformat()}</min><max>{now.isoformat()}</max></date>',
        results_count="100",
    )
    expected = sorted(
        o.order_id
        for o in busy.sandbox.state.orders.values()
        if getattr(o, attribute) is not None and low <= getattr(o, attribute) <= now
    )
    assert sorted(texts(answer, "order/order_id")) == expected
    if kind in ("CreatedAt", "UpdatedAt"):
        assert 0 < len(expected) < len(busy.sandbox.state.orders)


@pytest.mark.usefixtures("shared_specs")  # FNAC's XSD decides
def test_an_unknown_date_type_is_refused(busy: Session) -> None:
    answer = busy.call("orders_query", '<date type="LostAt"><min>2026-01-01T00:00:00Z</min></date>')
    assert errors(answer) == [Codes.SCHEMA]


# -- catalogued behaviours (QUIRKS ids) ----------------------------------------------------------


def ship(session: Session, order_id: str, *detail_ids: int) -> etree._Element:
    tracking = {"tracking_number": "6A9", "tracking_company": "LAPOSTE"}
    details = (detail("Shipped", d, **tracking) for d in detail_ids)
    return update(session, order_id, "confirm_to_send", *details)


def test_fnac_q08_an_order_and_its_lines_speak_apart_and_diverge(session: Session) -> None:
    sandbox = session.sandbox
    order = sandbox.place_order(["SKU-00001", "SKU-00002"])
    assert order_state(session, order.order_id) == ("Created", ["ToAccept", "ToAccept"])
    update(session, order.order_id, "accept_order", detail("Accepted", 1), detail("Refused", 2))
    assert order_state(session, order.order_id) == ("Accepted", ["Accepted", "Refused"])
    sandbox.advance(sandbox.orders.debit_delay)
    ship(session, order.order_id, 1)
    assert order_state(session, order.order_id) == ("Shipped", ["Shipped", "Refused"])

    other = sandbox.place_order(["SKU-00003"])
    sandbox.fail_order(other.order_id)  # Error: a state of orders only
    assert order_state(session, other.order_id) == ("Error", ["ToAccept"])
    sandbox.behaviours.disable("FNAC-Q08")
    with pytest.raises(ValueError, match="FNAC-Q08"):
        sandbox.fail_order(other.order_id)


def test_fnac_q09_an_accepted_order_waits_for_the_debit_before_it_can_ship(
    session: Session,
) -> None:
    sandbox = session.sandbox
    order = sandbox.place_order(["SKU-00001"])
    update(session, order.order_id, "accept_order", detail("Accepted", 1))
    early = ship(session, order.order_id, 1)
    assert early.get("status") == "ERROR"
    assert order_state(session, order.order_id) == ("Accepted", ["Accepted"])
    sandbox.advance(sandbox.orders.debit_delay)
    assert order_state(session, order.order_id) == ("ToShip", ["ToShip"])

    sandbox.behaviours.disable("FNAC-Q09")  # debited at acceptance
    other = sandbox.place_order(["SKU-00002"])
    update(session, other.order_id, "accept_order", detail("Accepted", 1))
    assert order_state(session, other.order_id) == ("ToShip", ["ToShip"])


def test_fnac_q13_a_refund_is_the_whole_line_with_its_shipping(session: Session) -> None:
    sandbox = session.sandbox
    refund_path = "incident/order_details_incident/order_detail_incident/refunds/refund/"

    def refunded(order_id: str) -> tuple[list[str], list[str]]:
        update(session, order_id, "accept_order", detail("Accepted", 1))
        sandbox.advance(sandbox.orders.debit_delay)
        ship(session, order_id, 1)
        sandbox.mark_not_received(order_id)
        answer = session.call(
            "incidents_update",
            f'<order action="refund" order_id="{order_id}"><order_detail>'
            "<order_detail_id>1</order_detail_id><refund_reason>unreceived_article"
            "</refund_reason></order_detail></order>",
        )
        assert answer.get("status") == "OK"
        listed = session.call("incidents_query", f"<order>{order_id}</order>")
        return texts(listed, refund_path + "product_amount"), texts(
            listed, refund_path + "shipping_amount"
        )

    order = sandbox.place_order(["SKU-00001"])
    line = sandbox.order(order.order_id).lines[0]
    assert line.shipping_price > 0
    product, shipping = refunded(order.order_id)
    assert product == [f"{line.price * line.quantity:f}".rstrip("0").rstrip(".")]
    assert shipping == [f"{line.shipping_price:f}".rstrip("0").rstrip(".")]
    assert order_state(session, order.order_id) == ("Refunded", ["Refunded"])

    sandbox.behaviours.disable("FNAC-Q13")
    _, shipping = refunded(sandbox.place_order(["SKU-00002"]).order_id)
    assert shipping == ["0"]
