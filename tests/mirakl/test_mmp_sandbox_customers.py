"""The MMP sandbox's customers: they order, cancel and confirm receipt on the operator's side.

The shop sees these only through the seller API, so each test acts as a customer on the sandbox
and then reads the shop over raw httpx (in process, and once over a loopback socket), as the
other sandbox tests do.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.mirakl.mmp_contract import validate_request, validate_response

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed

BASE_URL = "https://acme-dev.mirakl.net"


def _client(sandbox: MiraklSandbox, *, checked: bool = False) -> httpx.Client:
    hooks = {"response": [_check]} if checked else {}
    return httpx.Client(
        transport=sandbox.transport(),
        base_url=BASE_URL,
        headers={"Authorization": sandbox.api_key},
        event_hooks=hooks,
    )


def _check(response: httpx.Response) -> None:
    response.read()
    validate_request(response.request)
    if response.is_success:
        validate_response(response.request, response)


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklSandbox:
    return MiraklSandbox(clock=clock, enforce_call_frequencies=False)


@pytest.fixture
def http(sandbox: MiraklSandbox) -> Iterator[httpx.Client]:
    with _client(sandbox) as client:
        yield client


def _read(http: httpx.Client, order_id: str) -> dict[str, Any]:
    orders: list[dict[str, Any]] = http.get("/api/orders", params={"order_ids": order_id}).json()[
        "orders"
    ]
    assert len(orders) == 1
    return orders[0]


def _stock(http: httpx.Client, sku: str) -> int:
    offers = http.get("/api/offers", params={"sku": sku}).json()["offers"]
    return int(offers[0]["quantity"])


def test_a_placed_order_waits_for_the_shop_and_takes_the_stock(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    before = {sku: _stock(http, sku) for sku in ("SKU-KETTLE", "SKU-MUG")}
    order = sandbox.place_order({"SKU-KETTLE": 1, "SKU-MUG": 3})
    shown = _read(http, order.order_id)
    assert shown["order_state"] == "WAITING_ACCEPTANCE"
    assert shown["commercial_id"] + "-A" == order.order_id  # ids as in production (Q14)
    assert shown["created_date"].startswith(clock.now().strftime("%Y-%m-%dT%H:%M:%S"))
    lines = [(x["offer_sku"], x["quantity"], x["order_line_state"]) for x in shown["order_lines"]]
    assert lines == [("SKU-KETTLE", 1, "WAITING_ACCEPTANCE"), ("SKU-MUG", 3, "WAITING_ACCEPTANCE")]
    assert Decimal(str(shown["total_price"])) == Decimal("39.90") + 3 * Decimal("7.90") + Decimal(
        "4.90"
    )
    assert _stock(http, "SKU-KETTLE") == before["SKU-KETTLE"] - 1
    assert _stock(http, "SKU-MUG") == before["SKU-MUG"] - 3
    # It is new to a poll of the orders changed since it was placed.
    since = clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    polled = http.get("/api/orders", params={"start_update_date": since}).json()["orders"]
    assert order.order_id in {o["order_id"] for o in polled}


def test_a_placed_order_moves_on_the_clock_once_accepted(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    order_id = sandbox.place_order(["SKU-LAMP"]).order_id
    decision = {"order_lines": [{"id": f"{order_id}-1", "accepted": True}]}
    assert http.put(f"/api/orders/{order_id}/accept", json=decision).status_code == 204
    clock.advance(2_400)  # the debit is requested, then taken
    assert _read(http, order_id)["order_state"] == "SHIPPING"
    tracking = {"carrier_code": "UPS", "tracking_number": "1Z999"}
    assert http.put(f"/api/orders/{order_id}/tracking", json=tracking).status_code == 204
    assert http.put(f"/api/orders/{order_id}/ship").status_code == 204
    clock.advance(3_600)
    assert sandbox.mark_received(order_id).state == "RECEIVED"
    shown = _read(http, order_id)
    assert (shown["order_state"], shown["shipping_tracking"]) == ("RECEIVED", "1Z999")
    clock.advance(115 * 86_400)
    assert sandbox.order(order_id).state == "CLOSED"  # closes on the operator's delay


def test_an_order_left_unanswered_is_refused_and_its_stock_zeroed(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    order_id = sandbox.place_order({"SKU-TOASTER": 2}).order_id
    clock.advance(3 * 86_400 + 601)
    assert _read(http, order_id)["order_state"] == "REFUSED"  # MIRAKL-Q09
    assert _stock(http, "SKU-TOASTER") == 0


def test_a_customer_cancels_before_shipment(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    waiting = sandbox.place_order({"SKU-CHAIR": 2}).order_id
    clock.advance(60)
    assert sandbox.cancel_order(waiting).state == "CANCELED"
    shown = _read(http, waiting)
    assert shown["order_state"] == "CANCELED"
    assert shown["last_updated_date"] == clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    [line] = shown["order_lines"]
    assert line["order_line_state"] == "CANCELED"
    [record] = line["cancelations"]
    assert (record["quantity"], record["amount"], record["reason_code"]) == (2, 178.0, "CUSTOMER")
    # An order the shop is about to ship may still be cancelled: the shop finds out by polling.
    shipping = "8580226807-A"
    assert sandbox.cancel_order(shipping).state == "CANCELED"
    answer = http.put(f"/api/orders/{shipping}/ship")
    assert answer.status_code == 400  # MIRAKL-Q11: OR24 outside SHIPPING


def test_what_a_customer_cannot_do_changes_nothing(
    sandbox: MiraklSandbox, http: httpx.Client
) -> None:
    count = http.get("/api/orders").json()["total_count"]
    mugs = _stock(http, "SKU-MUG")
    with pytest.raises(KeyError, match="SKU-NONE"):
        sandbox.place_order(["SKU-MUG", "SKU-NONE"])
    with pytest.raises(ValueError, match="in stock"):
        sandbox.place_order({"SKU-MUG": 1, "SKU-CHAIR": 99})
    with pytest.raises(ValueError, match="cannot order"):
        sandbox.place_order({"SKU-MUG": 0})
    with pytest.raises(ValueError, match="at least one"):
        sandbox.place_order([])
    assert (http.get("/api/orders").json()["total_count"], _stock(http, "SKU-MUG")) == (
        count,
        mugs,
    )
    shipped = "8580226808-A"
    with pytest.raises(ValueError, match="SHIPPED"):
        sandbox.cancel_order(shipped)
    with pytest.raises(ValueError, match="nothing to receive"):
        sandbox.mark_received("8580226802-A")
    with pytest.raises(KeyError, match="NOPE"):
        sandbox.cancel_order("NOPE-A")
    assert _read(http, shipped)["order_state"] == "SHIPPED"
    assert _read(http, "8580226802-A")["order_state"] == "WAITING_ACCEPTANCE"


def test_customers_order_while_the_shop_polls_over_a_loopback_socket(
    sandbox: MiraklSandbox,
) -> None:
    with sandbox.serve() as server:
        placed = sandbox.place_order(["SKU-MUG"]).order_id
        answer = httpx.get(
            f"{server.url}/api/orders",
            params={"order_ids": placed},
            headers={"Authorization": sandbox.api_key},
        )
        sandbox.cancel_order(placed)
        again = httpx.get(
            f"{server.url}/api/orders",
            params={"order_ids": placed},
            headers={"Authorization": sandbox.api_key},
        )
    assert answer.json()["orders"][0]["order_state"] == "WAITING_ACCEPTANCE"
    assert again.json()["orders"][0]["order_state"] == "CANCELED"


_ACTIONS = st.one_of(
    st.tuples(st.just("place"), st.lists(st.integers(0, 7), min_size=1, max_size=3)),
    st.tuples(st.just("cancel"), st.integers(0, 40)),
    st.tuples(st.just("receive"), st.integers(0, 40)),
    st.tuples(st.just("accept"), st.integers(0, 40)),
    st.tuples(st.just("ship"), st.integers(0, 40)),
    st.tuples(st.just("wait"), st.integers(60, 4 * 86_400)),
)


def _act(sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock, action: Any) -> None:
    kind, arg = action
    orders = sorted(sandbox.orders)
    if kind == "place":
        skus = sorted(sandbox.offers.offers)
        wanted = {skus[i % len(skus)]: 1 for i in arg}
        stock = {sku: sandbox.offers.offers[sku]["quantity"] for sku in wanted}
        try:
            sandbox.place_order(wanted)
        except ValueError:  # out of stock: nothing placed, no stock taken
            assert sorted(sandbox.orders) == orders
            assert stock == {sku: sandbox.offers.offers[sku]["quantity"] for sku in wanted}
    elif kind == "wait":
        clock.advance(arg)
    else:
        order_id = orders[arg % len(orders)]
        order = sandbox.order(order_id)
        if kind == "cancel":
            try:
                sandbox.cancel_order(order_id)
            except ValueError:
                assert order.state not in ("WAITING_ACCEPTANCE", "SHIPPING")
        elif kind == "receive":
            try:
                sandbox.mark_received(order_id)
            except ValueError:
                assert order.state != "SHIPPED"
        elif kind == "accept":
            lines = [{"id": x.line_id, "accepted": True} for x in order.lines]
            http.put(f"/api/orders/{order_id}/accept", json={"order_lines": lines})
        else:
            http.put(f"/api/orders/{order_id}/tracking", json={"carrier_code": "DHL"})
            http.put(f"/api/orders/{order_id}/ship")


@pytest.mark.needs_shared
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(actions=st.lists(_ACTIONS, max_size=15))
def test_customers_never_lose_an_order_and_the_money_adds_up(
    shared_specs: Path, actions: list[Any]
) -> None:
    clock = FakeClock()
    shop = ShopSeed.generated(clock.now(), offers=8, orders=20, days=30, seed=5)
    sandbox = MiraklSandbox(clock=clock, shop=shop, enforce_call_frequencies=False)
    placed_before = len(sandbox.orders)
    with _client(sandbox, checked=True) as http:
        for action in actions:
            _act(sandbox, http, clock, action)
        shown = http.get("/api/orders", params={"paginate": "false"}).json()["orders"]
    ids = [order["order_id"] for order in shown]
    assert len(ids) == len(set(ids)) == len(sandbox.orders) >= placed_before
    for order in shown:
        price = Decimal(str(order["price"]))
        assert Decimal(str(order["total_price"])) == price + Decimal(str(order["shipping_price"]))
        for line in order["order_lines"]:
            assert sum(c["quantity"] for c in line["cancelations"]) <= line["quantity"]
        if order["order_state"] == "CANCELED":  # a cancelled order has no live line left
            states = {line["order_line_state"] for line in order["order_lines"]}
            assert states <= {"CANCELED", "REFUSED"}
    assert all(int(row["quantity"]) >= 0 for row in sandbox.offers.offers.values())


def test_the_sandbox_logs_every_call_it_answers(clock: FakeClock) -> None:
    sandbox = MiraklSandbox(clock=clock)  # call frequencies enforced (MIRAKL-Q01)
    with _client(sandbox) as http:
        http.get("/api/orders")
        http.get("/api/orders")  # a second poll inside the minute: 429
        http.get("/api/offers")
        http.get("/api/nowhere")
    assert [(call.operation, call.status) for call in sandbox.calls] == [
        ("OR11", 200),
        ("OR11", 429),
        ("OF21", 200),
        (None, 404),
    ]
    assert sandbox.calls.count("OR11") == 2


def _reason(http: httpx.Client, order_id: str) -> tuple[str, str | None, str | None]:
    shown = _read(http, order_id)
    return shown["order_state"], shown["order_state_reason_code"], shown["order_state_reason_label"]


def test_each_refusal_and_cancellation_carries_the_reason_its_side_gave(
    sandbox: MiraklSandbox, clock: FakeClock
) -> None:
    with _client(sandbox, checked=True) as http:
        # The customer, through the operator's front office, with its own reason.
        mind = sandbox.place_order({"SKU-CHAIR": 1}).order_id
        sandbox.cancel_order(mind, reason_code="CHANGED_MIND")
        assert _reason(http, mind) == (
            "CANCELED",
            "CHANGED_MIND",
            "Canceled at the customer's request",
        )
        [line] = _read(http, mind)["order_lines"]
        assert line["cancelations"][0]["reason_code"] == "CHANGED_MIND"
        # The shop: OR29 takes no reason, so the order says the shop cancelled it.
        assert http.put("/api/orders/8580226806-A/cancel").status_code == 204
        assert _reason(http, "8580226806-A") == ("CANCELED", "SHOP", "Canceled by the shop")
        # The shop cancels the last line with OR30: its reason code is the order's.
        item = {
            "order_line_id": "8580226807-A-1",
            "quantity": 6,
            "amount": 284.4,
            "shipping_amount": 0,
            "reason_code": "34",
        }
        assert http.put("/api/orders/cancel", json={"cancelations": [item]}).is_success
        assert _reason(http, "8580226807-A")[:2] == ("CANCELED", "34")
        # The shop refuses every line (OR21).
        refused = sandbox.place_order({"SKU-MUG": 1}).order_id
        clock.advance(601)  # out of STAGING
        decision = [{"id": f"{refused}-1", "accepted": False}]
        accept = http.put(f"/api/orders/{refused}/accept", json={"order_lines": decision})
        assert accept.status_code == 204
        assert _reason(http, refused) == ("REFUSED", "SHOP", "Refused by the shop")
        # The operator by itself: an order never debited (MIRAKL-Q10), one never decided (Q09).
        unpaid = sandbox.place_order({"SKU-LAMP": 1}, pays=False).order_id
        clock.advance(601)
        decision = [{"id": f"{unpaid}-1", "accepted": True}]
        assert http.put(f"/api/orders/{unpaid}/accept", json={"order_lines": decision}).is_success
        clock.advance(3 * 86_400 + 1)
        assert _reason(http, unpaid)[:2] == ("CANCELED", "OPERATOR")
        assert _reason(http, "8580226802-A")[:2] == ("REFUSED", "OPERATOR")
