"""The MMP sandbox: a stateful shop whose every answer holds to Mirakl's MMP seller document.

The sandbox is the marketplace side: these tests speak to it over raw httpx through its
in-process transport (and once over a loopback socket), never through the SDK's client models.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.mirakl.mmp_contract import mmp_path, validate_request, validate_response

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl.sandbox import MiraklSandbox, ShopSeed
from marketplace_sdk.mirakl.sandbox._order_records import OrderState
from marketplace_sdk.mirakl.sandbox._wire import MAX_CALL_FREQUENCY
from marketplace_sdk.testing import Fault

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
    """Every request, and every 2xx answer, against the MMP document."""
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


def test_the_seed_covers_every_order_state_of_the_document(sandbox: MiraklSandbox) -> None:
    listed = {s.value for s in OrderState}
    assert {order.state for order in sandbox.orders.values()} == listed | {"WAITING_REFUND"}


def test_order_lines_name_the_offer_ids_of21_shows(http: httpx.Client) -> None:
    offers = {o["shop_sku"]: o["offer_id"] for o in http.get("/api/offers").json()["offers"]}
    orders = http.get("/api/orders", params={"paginate": "false"}).json()["orders"]
    for line in (line for order in orders for line in order["order_lines"]):
        assert offers[line["offer_sku"]] == line["offer_id"]


@pytest.mark.needs_shared
def test_a_generated_shop_reads_back_whole_and_valid(shared_specs: Path, clock: FakeClock) -> None:
    shop = ShopSeed.generated(clock.now(), offers=120, orders=250, days=150, seed=7)
    assert shop == ShopSeed.generated(clock.now(), offers=120, orders=250, days=150, seed=7)
    sandbox = MiraklSandbox(clock=clock, shop=shop, enforce_call_frequencies=False)
    with _client(sandbox, checked=True) as http:
        seen: list[str] = []
        offset = 0
        while True:
            page = http.get("/api/orders", params={"max": 100, "offset": offset}).json()
            seen += [order["order_id"] for order in page["orders"]]
            offset += 100
            if offset >= page["total_count"]:
                break
        assert len(seen) == len(set(seen)) == 250
        offers = http.get("/api/offers", params={"max": 100, "offset": 100}).json()
        assert (offers["total_count"], len(offers["offers"])) == (120, 20)
    states = {order.state for order in sandbox.orders.values()}
    assert states >= {"WAITING_ACCEPTANCE", "SHIPPING", "SHIPPED", "RECEIVED", "CLOSED"}


def test_accept_debit_track_ship_receive_close(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    order_id = "8580226802-A"
    line = {"order_lines": [{"id": f"{order_id}-1", "accepted": True}]}
    assert http.put(f"/api/orders/{order_id}/accept", json=line).status_code == 204
    states = []
    for _ in range(3):
        states.append(sandbox.orders[order_id].state)
        clock.advance(900)
    assert states == ["WAITING_DEBIT", "WAITING_DEBIT_PAYMENT", "WAITING_DEBIT_PAYMENT"]
    clock.advance(900)
    assert sandbox.orders[order_id].state == "SHIPPING"
    named = {
        "carrier_name": "Coursier Lyon",
        "carrier_url": "https://c.example/1",
        "tracking_number": "1",
    }
    assert http.put(f"/api/orders/{order_id}/tracking", json=named).status_code == 204
    assert http.put(f"/api/orders/{order_id}/ship").status_code == 204
    order = http.get("/api/orders", params={"order_ids": order_id}).json()["orders"][0]
    assert (order["order_state"], order["shipping_company"]) == ("SHIPPED", "Coursier Lyon")
    assert order["shipping_tracking_url"] == "https://c.example/1"
    clock.advance(7 * 86_400)
    assert sandbox.orders[order_id].state == "RECEIVED"
    clock.advance(115 * 86_400)
    assert sandbox.orders[order_id].state == "CLOSED"


def test_or21_errors_leave_the_order_untouched(http: httpx.Client) -> None:
    missing = http.put("/api/orders/NOPE-A/accept", json={"order_lines": []})
    assert (missing.status_code, missing.json()["code"]) == (404, "ORDER_NOT_FOUND")
    stranger = {"order_lines": [{"id": "8580226806-A-1", "accepted": True}]}
    answer = http.put("/api/orders/8580226802-A/accept", json=stranger)
    assert answer.json()["code"] == "ORDER_LINE_NOT_FOUND"
    null = http.put("/api/orders/8580226802-A/accept", json={"order_lines": [None]})
    assert null.json()["code"] == "ORDER_LINE_NULL_ELEMENT"
    silent = {"order_lines": [{"id": "8580226802-A-1"}]}  # no decision is not a refusal
    answer = http.put("/api/orders/8580226802-A/accept", json=silent)
    assert answer.json()["code"] == "VALIDATION_ERROR"
    order = http.get("/api/orders", params={"order_ids": "8580226802-A"}).json()["orders"][0]
    assert order["order_state"] == "WAITING_ACCEPTANCE"


def test_an_unknown_carrier_code_is_refused(http: httpx.Client) -> None:
    answer = http.put("/api/orders/8580226806-A/tracking", json={"carrier_code": "PIGEON"})
    assert answer.status_code == 400
    carriers = http.get("/api/shipping/carriers").json()["carriers"]
    assert [c["code"] for c in carriers] == ["COLISSIMO", "DHL", "UPS"]


def test_of21_pages_and_filters_offers(http: httpx.Client) -> None:
    page = http.get("/api/offers", params={"max": 2, "offset": 1}).json()
    assert page["total_count"] == 5
    assert [o["shop_sku"] for o in page["offers"]] == ["SKU-TOASTER", "SKU-LAMP"]
    mug = http.get("/api/offers", params={"product_id": "PRD-MUG"}).json()["offers"]
    assert [(o["shop_sku"], o["price"], o["quantity"]) for o in mug] == [("SKU-MUG", 7.9, 120)]
    account = http.get("/api/account").json()
    assert (account["shop_id"], account["offers_count"], account["orders_count"]) == (2000, 5, 15)


def test_a_refused_line_leaves_the_money_of_the_order(
    sandbox: MiraklSandbox, http: httpx.Client
) -> None:
    order_id = "8580226803-A"  # toaster 29.50 + kettle 39.90, shipping 4.90 on line 1
    decisions = {
        "order_lines": [
            {"id": f"{order_id}-1", "accepted": False},
            {"id": f"{order_id}-2", "accepted": True},
        ]
    }
    assert http.put(f"/api/orders/{order_id}/accept", json=decisions).status_code == 204
    order = http.get("/api/orders", params={"order_ids": order_id}).json()["orders"][0]
    assert [line["order_line_state"] for line in order["order_lines"]] == [
        "REFUSED",
        "WAITING_DEBIT",
    ]
    assert Decimal(str(order["total_price"])) == Decimal("39.90")


def test_faults_are_injected_by_operation_code(sandbox: MiraklSandbox, http: httpx.Client) -> None:
    sandbox.faults.add(Fault.error(503), operation="OR11")
    assert sandbox.operation_of(httpx.Request("PUT", f"{BASE_URL}/api/orders/refund")) == "OR28"
    assert http.get("/api/orders").status_code == 503
    assert http.get("/api/orders").status_code == 200
    sandbox.faults.add(Fault.timeout_after_apply(), operation="OR24")
    with pytest.raises(httpx.ReadTimeout):
        http.put("/api/orders/8580226806-A/ship")
    assert sandbox.orders["8580226806-A"].state == "SHIPPED"  # the write happened


def test_the_sandbox_serves_orders_on_a_loopback_socket(sandbox: MiraklSandbox) -> None:
    with sandbox.serve() as server:
        answer = httpx.get(f"{server.url}/api/orders", headers={"Authorization": sandbox.api_key})
    assert answer.status_code == 200
    assert answer.json()["total_count"] == 15


# --- the document ---------------------------------------------------------------------------

#: Our bucket: the operation, the words of its stated maximum it stands for, and the seconds.
STATED = {
    "OF01": ("OF01", "Once per minute with offers only", 60.0),
    "OF01-products": ("OF01", "once every 15 minutes with offers and products", 900.0),
    "OF02": ("OF02", "Once per minute", 60.0),
    "OF03": ("OF03", "Once per minute", 60.0),
    "OF24": ("OF24", "Once per minute", 60.0),
    "OR11": ("OR11", "Asynchronous: once per minute", 60.0),
    "SH21": ("SH21", "Once per day", 86_400.0),
    "A01": ("A01", "Once per day", 86_400.0),
}


@pytest.mark.needs_shared
def test_call_frequencies_are_the_documents(shared_specs: Path) -> None:
    document = json.loads(mmp_path().read_text("utf-8"))
    maximum = {}
    for operations in document["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict) and "operationId" in operation:
                text = re.sub(r"<[^>]+>", " ", operation.get("description", ""))
                found = re.search(r"Maximum usage:(.*?)(?:Read More|External|$)", text, re.S)
                if found:
                    maximum[operation["operationId"]] = " ".join(found.group(1).split())
    for bucket, (operation, words, seconds) in STATED.items():
        assert words in maximum[operation], (bucket, maximum[operation])
        assert MAX_CALL_FREQUENCY[bucket] == seconds, bucket
    for operation in ("OF21", "OR21", "OR23", "OR24", "OR28", "OR29", "OR30"):
        assert "Once" not in maximum[operation]
        assert operation not in MAX_CALL_FREQUENCY


_ORDER_IDS = [f"{8580226800 + n}-A" for n in range(15)]
#: The behaviours the property test may switch off (each changes what the shop answers).
_SWITCHES = [
    "MIRAKL-Q02",
    "MIRAKL-Q03",
    "MIRAKL-Q05",
    "MIRAKL-Q06",
    "MIRAKL-Q07",
    "MIRAKL-Q08",
    "MIRAKL-Q09",
    "MIRAKL-Q09.stock-zeroed-on-refusal",
    "MIRAKL-Q10",
    "MIRAKL-Q11",
    "MIRAKL-Q11.tracking-required",
    "MIRAKL-Q12",
    "MIRAKL-Q14",
]
_actions = st.one_of(
    st.tuples(st.just("decide"), st.sampled_from(_ORDER_IDS), st.booleans(), st.booleans()),
    st.tuples(st.just("track"), st.sampled_from(_ORDER_IDS), st.sampled_from(["UPS", ""])),
    st.tuples(st.just("ship"), st.sampled_from(_ORDER_IDS)),
    st.tuples(st.just("cancel"), st.sampled_from(_ORDER_IDS)),
    st.tuples(st.just("cancel_line"), st.sampled_from(_ORDER_IDS), st.integers(1, 2)),
    st.tuples(st.just("refund"), st.sampled_from(_ORDER_IDS), st.sampled_from([1, 5, 500])),
    st.tuples(st.just("advance"), st.sampled_from([60, 900, 3_600, 4 * 86_400, 9 * 86_400])),
    st.tuples(
        st.just("offers"), st.sampled_from(["SKU-MUG", "SKU-NEW", "SKU-LAMP"]), st.booleans()
    ),
    st.tuples(st.just("of24"), st.sampled_from(["SKU-MUG", "SKU-X"]), st.integers(0, 50)),
)


def _act(http: httpx.Client, clock: FakeClock, action: tuple[object, ...]) -> None:
    kind, *args = action
    if kind == "advance":
        clock.advance(float(args[0]))  # type: ignore[arg-type]
        return
    order = str(args[0])
    if kind == "decide":
        lines = [{"id": f"{order}-{n}", "accepted": bool(args[1 + n % 2])} for n in (1, 2)]
        http.put(f"/api/orders/{order}/accept", json={"order_lines": lines})
    elif kind == "track":
        body = (
            {"carrier_code": args[1], "tracking_number": "TN1"}
            if args[1]
            else {"carrier_name": "Local", "tracking_number": "TN2"}
        )
        http.put(f"/api/orders/{order}/tracking", json=body)
    elif kind == "ship":
        http.put(f"/api/orders/{order}/ship")
    elif kind == "cancel":
        http.put(f"/api/orders/{order}/cancel")
    elif kind == "cancel_line":
        item = {
            "order_line_id": f"{order}-{args[1]}",
            "amount": 1.5,
            "quantity": 1,
            "reason_code": "OUT_OF_STOCK",
            "shipping_amount": 0,
        }
        http.put("/api/orders/cancel", json={"cancelations": [item]})
    elif kind == "refund":
        item = {
            "order_line_id": f"{order}-1",
            "amount": args[1],
            "reason_code": "DAMAGED",
            "shipping_amount": 0,
            "quantity": 1,
        }
        http.put("/api/orders/refund", json={"refunds": [item]})
    elif kind == "offers":
        delete = b"delete" if args[1] else b"update"
        content = b"sku;product-id;product-id-type;price;quantity;state;update-delete\n"
        content += order.encode() + b";PRD-MUG;SHOP_SKU;9.90;4;11;" + delete + b"\n"
        http.post(
            "/api/offers/imports",
            files={"file": ("o.csv", content, "text/csv")},
            data={"import_mode": "NORMAL"},
        )
    elif kind == "of24":
        offer = {
            "shop_sku": order,
            "product_id": "PRD-MUG" if order == "SKU-MUG" else "PRD-NONE",
            "product_id_type": "SHOP_SKU",
            "price": 6.5,
            "quantity": args[1],
            "state_code": "11",
            "update_delete": "update",
        }
        http.post("/api/offers", json={"offers": [offer]})


@pytest.mark.needs_shared
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    actions=st.lists(_actions, max_size=12),
    off=st.sets(st.sampled_from(_SWITCHES)),
    seek=st.booleans(),
)
def test_every_answer_validates_against_the_document_in_any_state(
    shared_specs: Path, actions: list[tuple[object, ...]], off: set[str], seek: bool
) -> None:
    clock = FakeClock()
    switches = dict.fromkeys(off | {"MIRAKL-Q01"}, False)
    sandbox = MiraklSandbox(clock=clock, behaviours=switches, seek_pagination=seek)
    with _client(sandbox, checked=True) as http:
        for action in actions:
            _act(http, clock, action)
        clock.advance(300)  # every import ends
        http.get("/api/account")
        http.get("/api/shipping/carriers")
        everything = http.get("/api/orders", params={"paginate": "false"}).json()
        assert everything["total_count"] == 15 - ("MIRAKL-Q08" in off)
        for order in everything["orders"]:  # the money of every order adds up
            price = Decimal(str(order["price"]))
            shipping = Decimal(str(order["shipping_price"]))
            assert Decimal(str(order["total_price"])) == price + shipping
            for line in order["order_lines"]:
                refunded = sum(Decimal(str(r["amount"])) for r in line["refunds"])
                assert refunded <= Decimal(str(line["price"]))
                cancelled = sum(c["quantity"] for c in line["cancelations"])
                assert cancelled <= line["quantity"]
        http.get("/api/orders", params={"max": 3, "offset": 3, "order_state_codes": "SHIPPED"})
        page = http.get("/api/orders", params={"limit": 5}).json()
        if "next_page_token" in page:
            http.get("/api/orders", params={"limit": 5, "page_token": page["next_page_token"]})
        offers = http.get("/api/offers", params={"max": 100}).json()
        assert offers["total_count"] == len(offers["offers"]) == len(sandbox.offers.offers)
        for import_id in sandbox.offers.imports:
            status = http.get(f"/api/offers/imports/{import_id}").json()
            assert status["status"] in ("COMPLETE", "FAILED")
            if status["status"] == "COMPLETE":
                done = status["lines_in_success"] + status["lines_in_error"]
                assert done == status["lines_read"]
            if status["has_error_report"]:
                http.get(f"/api/offers/imports/{import_id}/error_report")
        listed = http.get(  # OF04, how a lost OF01/OF24 answer's import is found again
            "/api/offers/imports", params={"start_date": "2020-01-01T00:00:00Z", "origins": "API"}
        ).json()
        assert len(listed["data"]) == len(sandbox.offers.imports)
