"""Mirakl's catalogued behaviours in the MMP sandbox: on by default, the spec's answer when off.

Each test is named after the behaviour it shows and ends with the behaviour switched off. The
sandbox is driven over raw httpx through its in-process transport, as a client would see it.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl.sandbox import MiraklSandbox

BASE_URL = "https://acme-dev.mirakl.net"
WAITING = "8580226801-A"  # two lines, WAITING_ACCEPTANCE
SHIPPING = "8580226806-A"  # two lines, SHIPPING
SHIPPED = "8580226808-A"
CLOSED = "8580226811-A"
UNPAID = "8580226805-A"  # WAITING_DEBIT_PAYMENT, the customer never pays


def _client(sandbox: MiraklSandbox, key: str | None = None) -> httpx.Client:
    return httpx.Client(
        transport=sandbox.transport(),
        base_url=BASE_URL,
        headers={"Authorization": key if key is not None else sandbox.api_key},
    )


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklSandbox:
    return MiraklSandbox(clock=clock, enforce_call_frequencies=False)


@pytest.fixture
def http(sandbox: MiraklSandbox) -> Iterator[httpx.Client]:
    with _client(sandbox) as client:
        yield client


def _order(http: httpx.Client, order_id: str) -> dict[str, object]:
    orders = http.get("/api/orders", params={"order_ids": order_id}).json()["orders"]
    assert len(orders) == 1
    order: dict[str, object] = orders[0]
    return order


def _accept_all(http: httpx.Client, order_id: str, accepted: bool = True) -> httpx.Response:
    lines = [{"id": f"{order_id}-{n}", "accepted": accepted} for n in (1, 2)]
    return http.put(f"/api/orders/{order_id}/accept", json={"order_lines": lines})


# --- MIRAKL-Q01 ------------------------------------------------------------------------------


def test_mirakl_q01_a_second_order_poll_within_a_minute_gets_429(clock: FakeClock) -> None:
    sandbox = MiraklSandbox(clock=clock)
    with _client(sandbox) as http:
        assert http.get("/api/orders").status_code == 200
        assert http.get("/api/orders", params={"offset": 10}).status_code == 200  # same poll
        clock.advance(20)
        refused = http.get("/api/orders")
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "40"
        # A read of named orders is OR11's synchronous use: not held to the poll's minute,
        # and it takes no slot of the poll's.
        for order_id in (WAITING, SHIPPING, SHIPPED):
            assert http.get("/api/orders", params={"order_ids": order_id}).status_code == 200
        assert http.get("/api/orders").status_code == 429
        offer = {
            "shop_sku": "SKU-MUG",
            "product_id": "PRD-MUG",
            "product_id_type": "SHOP_SKU",
            "price": 8,
            "quantity": 5,
            "state_code": "11",
            "update_delete": "update",
        }
        assert http.post("/api/offers", json={"offers": [offer]}).status_code == 201
        assert http.post("/api/offers", json={"offers": [offer]}).status_code == 429
        files = {"file": ("o.csv", OFFER_FILE, "text/csv")}
        assert http.post(
            "/api/offers/imports", files=files, data={"import_mode": "NORMAL"}
        ).is_success
        with_products = {"import_mode": "NORMAL", "with_products": "true"}
        assert http.post("/api/offers/imports", files=files, data=with_products).is_success
        clock.advance(60)
        assert http.post("/api/offers/imports", files=files, data=with_products).status_code == 429
        assert sandbox.throttled == ["OR11", "OR11", "OF24", "OF01-products"]
        sandbox.behaviours.disable("MIRAKL-Q01")
        assert http.get("/api/orders").status_code == 200


# --- MIRAKL-Q02 ------------------------------------------------------------------------------


def test_mirakl_q02_the_update_filter_returns_orders_updated_just_before_it(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    clock.advance(3600)
    assert _accept_all(http, WAITING).status_code == 204
    clock.advance(120)
    since = clock.now().strftime("%Y-%m-%dT%H:%M:%SZ")
    seen = http.get("/api/orders", params={"start_update_date": since}).json()["orders"]
    assert WAITING in [order["order_id"] for order in seen]  # updated 2 minutes before
    created_since = http.get("/api/orders", params={"start_date": since}).json()
    assert created_since["total_count"] == 0  # a creation filter never sees an update
    sandbox.behaviours.disable("MIRAKL-Q02")
    assert http.get("/api/orders", params={"start_update_date": since}).json()["orders"] == []


# --- MIRAKL-Q03 ------------------------------------------------------------------------------


def test_mirakl_q03_pages_are_10_by_default_cut_to_100_and_id_lists_capped(
    sandbox: MiraklSandbox, http: httpx.Client
) -> None:
    first = http.get("/api/orders").json()
    assert len(first["orders"]) == 10
    assert first["total_count"] == 15
    rest = http.get("/api/orders", params={"offset": 10}).json()["orders"]
    assert len(rest) == 5
    assert len(http.get("/api/orders", params={"paginate": "false"}).json()["orders"]) == 15
    many = ",".join(f"X-{n}" for n in range(101))
    refused = http.get("/api/orders", params={"order_ids": many})
    assert refused.status_code == 400
    assert refused.json()["message"] == "The limit of 100 is exceeded for the parameter : order_ids"
    for n in range(120):  # enough orders to see the cut
        sandbox.book.orders[f"EXTRA-{n}"] = sandbox.book.orders[WAITING]
    assert len(http.get("/api/orders", params={"max": 500}).json()["orders"]) == 100
    sandbox.behaviours.disable("MIRAKL-Q03")
    assert len(http.get("/api/orders", params={"max": 500}).json()["orders"]) == 135
    assert http.get("/api/orders", params={"order_ids": many}).status_code == 200


def test_mirakl_q03_offsets_shift_when_an_order_leaves_the_filter_but_seek_tokens_do_not(
    clock: FakeClock,
) -> None:
    sandbox = MiraklSandbox(clock=clock, enforce_call_frequencies=False, seek_pagination=True)
    with _client(sandbox) as http:
        query = {"order_state_codes": "WAITING_ACCEPTANCE,SHIPPING,STAGING", "max": 2}
        first = [o["order_id"] for o in http.get("/api/orders", params=query).json()["orders"]]
        assert http.put(f"/api/orders/{SHIPPING}/ship").status_code == 204  # leaves the filter
        second = http.get("/api/orders", params={**query, "offset": 2}).json()["orders"]
        seen = first + [o["order_id"] for o in second]
        everything = http.get("/api/orders", params={**query, "paginate": "false"}).json()
        missed = {o["order_id"] for o in everything["orders"]} - set(seen)
        assert missed  # an order slid into the page already read

        seek = {"order_state_codes": "WAITING_ACCEPTANCE,STAGING", "limit": 2}
        page = http.get("/api/orders", params=seek).json()
        ids = [o["order_id"] for o in page["orders"]]
        while "next_page_token" in page:
            page = http.get(
                "/api/orders", params={**seek, "page_token": page["next_page_token"]}
            ).json()
            ids += [o["order_id"] for o in page["orders"]]
        assert len(ids) == len(set(ids)) == 4


# --- MIRAKL-Q05 ------------------------------------------------------------------------------

OFFER_FILE = (
    b"sku;product-id;product-id-type;price;quantity;state;update-delete\n"
    b"SKU-MUG;PRD-MUG;SHOP_SKU;8.50;10;11;update\n"
    b"SKU-RUG;PRD-RUG;SHOP_SKU;149.00;3;11;\n"
)


def _import(http: httpx.Client, content: bytes, mode: str = "NORMAL") -> httpx.Response:
    return http.post(
        "/api/offers/imports",
        files={"file": ("offers.csv", content, "text/csv")},
        data={"import_mode": mode},
    )


def _skus(http: httpx.Client) -> set[str]:
    offers = http.get("/api/offers", params={"max": 100}).json()["offers"]
    return {offer["shop_sku"] for offer in offers}


def test_mirakl_q05_replace_deletes_every_offer_the_file_does_not_name(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    assert _import(http, OFFER_FILE).status_code == 201
    clock.advance(181)
    assert _skus(http) == {
        "SKU-KETTLE",
        "SKU-TOASTER",
        "SKU-LAMP",
        "SKU-CHAIR",
        "SKU-MUG",
        "SKU-RUG",
    }
    replace = _import(http, OFFER_FILE, "REPLACE")
    assert replace.status_code == 201
    clock.advance(181)
    status = http.get(f"/api/offers/imports/{replace.json()['import_id']}").json()
    assert (status["status"], status["mode"], status["offer_deleted"]) == ("COMPLETE", "REPLACE", 4)
    assert _skus(http) == {"SKU-MUG", "SKU-RUG"}
    assert _import(http, OFFER_FILE, "PARTIAL_UPDATE").status_code == 400
    sandbox.behaviours.disable("MIRAKL-Q05")
    assert _import(http, OFFER_FILE, "REPLACE").status_code == 400


# --- MIRAKL-Q06 ------------------------------------------------------------------------------


def test_mirakl_q06_an_offer_sent_without_a_field_has_it_reset(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    price_only = {
        "shop_sku": "SKU-KETTLE",
        "product_id": "PRD-KETTLE",
        "product_id_type": "SHOP_SKU",
        "price": 35.0,
        "state_code": "11",
        "update_delete": "update",
    }
    assert http.post("/api/offers", json={"offers": [price_only]}).status_code == 201
    clock.advance(181)
    kettle = http.get("/api/offers", params={"sku": "SKU-KETTLE"}).json()["offers"][0]
    assert (kettle["price"], kettle["quantity"], kettle["description"]) == (35.0, 0, "")
    assert kettle["leadtime_to_ship"] is None
    bare = http.post("/api/offers", json={"offers": [{"shop_sku": "SKU-KETTLE", "price": 3}]})
    assert bare.status_code == 400
    assert bare.json() == {"status": 400, "message": "Bad Request"}

    sandbox.behaviours.disable("MIRAKL-Q06")
    lamp = {**price_only, "shop_sku": "SKU-LAMP", "product_id": "PRD-LAMP", "price": 20.0}
    assert http.post("/api/offers", json={"offers": [lamp]}).status_code == 201
    clock.advance(181)
    kept = http.get("/api/offers", params={"sku": "SKU-LAMP"}).json()["offers"][0]
    assert (kept["price"], kept["quantity"], kept["leadtime_to_ship"]) == (20.0, 40, 2)


# --- MIRAKL-Q07 ------------------------------------------------------------------------------


def test_mirakl_q07_an_offer_import_with_refused_lines_ends_complete(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    bad = OFFER_FILE + b"SKU-GHOST;PRD-NONE;SHOP_SKU;5;1;11;\nSKU-NOPE;;;;;;delete\n"
    import_id = _import(http, bad).json()["import_id"]
    waiting = http.get(f"/api/offers/imports/{import_id}").json()
    assert (waiting["status"], waiting["lines_in_pending"]) == ("WAITING", 4)
    assert http.get(f"/api/offers/imports/{import_id}/error_report").status_code == 404
    clock.advance(181)
    status = http.get(f"/api/offers/imports/{import_id}").json()
    assert status["status"] == "COMPLETE"
    assert (status["lines_read"], status["lines_in_success"], status["lines_in_error"]) == (4, 2, 2)
    assert status["has_error_report"] is True
    report = http.get(f"/api/offers/imports/{import_id}/error_report").text.splitlines()
    assert report[0].endswith('"error-line";"error-message"')
    assert report[1].endswith('"4";"The product does not exist"')
    assert "does not exist and cannot be deleted" in report[2]
    assert "SKU-RUG" in _skus(http)

    sandbox.behaviours.disable("MIRAKL-Q07")
    failed_id = _import(http, bad.replace(b"SKU-RUG", b"SKU-RUG2")).json()["import_id"]
    clock.advance(181)
    failed = http.get(f"/api/offers/imports/{failed_id}").json()
    assert (failed["status"], failed["lines_in_success"]) == ("FAILED", 0)
    assert "SKU-RUG2" not in _skus(http)


# --- MIRAKL-Q08 ------------------------------------------------------------------------------


def test_mirakl_q08_an_order_in_a_state_the_document_does_not_list(
    sandbox: MiraklSandbox, http: httpx.Client
) -> None:
    states = {
        o["order_state"] for o in http.get("/api/orders", params={"max": 100}).json()["orders"]
    }
    assert "WAITING_REFUND" in states
    assert (
        http.get("/api/orders", params={"order_state_codes": "WAITING_REFUND"}).status_code == 400
    )
    sandbox.behaviours.disable("MIRAKL-Q08.unlisted-order-state")
    listed = http.get("/api/orders", params={"max": 100}).json()
    assert listed["total_count"] == 14
    assert "WAITING_REFUND" not in {o["order_state"] for o in listed["orders"]}


# --- MIRAKL-Q09 ------------------------------------------------------------------------------


def test_mirakl_q09_every_line_must_be_decided_in_one_call(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    one = {"order_lines": [{"id": f"{WAITING}-1", "accepted": True}]}
    refused = http.put(f"/api/orders/{WAITING}/accept", json=one)
    assert refused.status_code == 400
    assert refused.json()["code"] == "ORDER_LINE_ACCEPTANCE_DECISION_MISSING"
    twice = {"order_lines": [{"id": f"{WAITING}-1", "accepted": True}] * 2}
    assert http.put(f"/api/orders/{WAITING}/accept", json=twice).json()["code"] == (
        "ORDER_LINE_DUPLICATE_ID"
    )
    assert _accept_all(http, SHIPPING).json()["code"] == "ORDER_INVALID_STATE"
    assert _order(http, WAITING)["order_state"] == "WAITING_ACCEPTANCE"

    # an order nobody decides is refused by the operator, and its offers' stock zeroed
    clock.advance(3 * 86_400 + 600)
    late = _order(http, WAITING)
    assert late["order_state"] == "REFUSED"
    assert late["acceptance_decision_date"] is None
    mug = http.get("/api/offers", params={"sku": "SKU-MUG"}).json()["offers"][0]
    assert mug["quantity"] == 0

    other = "8580226802-A"  # one line, still waiting in a fresh sandbox below
    later = FakeClock()
    fresh = MiraklSandbox(clock=later, behaviours={"MIRAKL-Q09": False, "MIRAKL-Q01": False})
    with _client(fresh) as kind:
        assert kind.put(f"/api/orders/{WAITING}/accept", json=one).status_code == 204
        assert _order(kind, WAITING)["order_state"] == "WAITING_ACCEPTANCE"
        rest = {"order_lines": [{"id": f"{WAITING}-2", "accepted": True}]}
        assert kind.put(f"/api/orders/{WAITING}/accept", json=rest).status_code == 204
        assert _order(kind, WAITING)["order_state"] == "WAITING_DEBIT"
        later.advance(5 * 86_400)
        assert _order(kind, other)["order_state"] == "WAITING_ACCEPTANCE"


def test_mirakl_q09_an_operator_without_partial_acceptance_refuses_mixed_decisions(
    clock: FakeClock,
) -> None:
    sandbox = MiraklSandbox(clock=clock, enforce_call_frequencies=False, partial_acceptance=False)
    with _client(sandbox) as http:
        mixed = {
            "order_lines": [
                {"id": f"{WAITING}-1", "accepted": True},
                {"id": f"{WAITING}-2", "accepted": False},
            ]
        }
        answer = http.put(f"/api/orders/{WAITING}/accept", json=mixed)
        assert answer.json()["code"] == "ORDER_PARTIAL_ACCEPTANCE_DISABLED"
        assert _accept_all(http, WAITING, accepted=False).status_code == 204
        assert _order(http, WAITING)["order_state"] == "REFUSED"


# --- MIRAKL-Q10 ------------------------------------------------------------------------------


def test_mirakl_q10_debit_wait_hidden_address_and_unpaid_cancel(
    sandbox: MiraklSandbox, http: httpx.Client, clock: FakeClock
) -> None:
    assert _accept_all(http, WAITING).status_code == 204
    accepted = _order(http, WAITING)
    assert accepted["order_state"] == "WAITING_DEBIT"
    assert accepted["customer"]["shipping_address"] is None  # type: ignore[index]
    clock.advance(600)
    assert _order(http, WAITING)["order_state"] == "WAITING_DEBIT_PAYMENT"
    clock.advance(1_800)
    debited = _order(http, WAITING)
    assert debited["order_state"] == "SHIPPING"
    assert debited["customer"]["shipping_address"]["city"] == "Nantes"  # type: ignore[index]
    assert _order(http, UNPAID)["order_state"] == "WAITING_DEBIT_PAYMENT"
    clock.advance(72 * 3_600)
    assert _order(http, UNPAID)["order_state"] == "CANCELED"
    assert _order(http, SHIPPED)["order_state"] == "SHIPPED"
    clock.advance(3 * 86_400)
    assert _order(http, SHIPPED)["order_state"] == "RECEIVED"  # 7 days after shipping

    later = FakeClock()
    fresh = MiraklSandbox(clock=later, behaviours={"MIRAKL-Q10": False, "MIRAKL-Q01": False})
    with _client(fresh) as kind:
        assert _order(kind, WAITING)["customer"]["shipping_address"] is not None  # type: ignore[index]
        later.advance(100 * 3_600)
        assert _order(kind, UNPAID)["order_state"] == "WAITING_DEBIT_PAYMENT"


# --- MIRAKL-Q11 ------------------------------------------------------------------------------


def test_mirakl_q11_ship_outside_shipping_is_a_bare_400_and_tracking_comes_first(
    sandbox: MiraklSandbox, http: httpx.Client
) -> None:
    early = http.put(f"/api/orders/{WAITING}/ship")
    assert (early.status_code, early.json()) == (400, {"status": 400, "message": "Bad Request"})
    tracking = {"carrier_code": "UPS", "tracking_number": "1Z999", "carrier_url": "https://x"}
    assert http.put(f"/api/orders/{SHIPPING}/tracking", json=tracking).status_code == 204
    assert http.put(f"/api/orders/{SHIPPING}/ship").status_code == 204
    shipped = _order(http, SHIPPING)
    assert shipped["order_state"] == "SHIPPED"
    assert shipped["shipping_tracking_url"] == "https://www.ups.com/track?tracknum=1Z999"

    tracked = "8580226807-A"  # SHIPPING, shipping type TRACKED
    refused = http.put(f"/api/orders/{tracked}/ship")
    assert refused.json()["message"] == "Tracking details are mandatory for this shipping method"
    sandbox.behaviours.disable("MIRAKL-Q11.tracking-required")
    assert http.put(f"/api/orders/{tracked}/ship").status_code == 204

    sandbox.behaviours.disable("MIRAKL-Q11")
    kind = http.put(f"/api/orders/{WAITING}/ship")
    assert kind.status_code == 400
    assert kind.json()["code"] == "ORDER_INVALID_STATE"
    assert "WAITING_ACCEPTANCE" in kind.json()["message"]


# --- MIRAKL-Q12 ------------------------------------------------------------------------------


def _refund(http: httpx.Client, line: str, amount: float) -> httpx.Response:
    body = {
        "refunds": [
            {
                "order_line_id": line,
                "amount": amount,
                "reason_code": "DAMAGED",
                "shipping_amount": 0,
            }
        ]
    }
    return http.put("/api/orders/refund", json=body)


def test_mirakl_q12_refunds_and_cancellations_are_per_line_and_gated_by_state(
    sandbox: MiraklSandbox, http: httpx.Client
) -> None:
    cancel = {
        "cancelations": [
            {
                "order_line_id": f"{SHIPPING}-2",
                "amount": 24.99,
                "quantity": 1,
                "reason_code": "OUT_OF_STOCK",
                "shipping_amount": 0,
            }
        ]
    }
    done = http.put("/api/orders/cancel", json=cancel)
    assert done.status_code == 200
    assert done.json()["cancelations"][0]["cancelation_id"]
    order = _order(http, SHIPPING)
    lines = order["order_lines"]
    assert [line["order_line_state"] for line in lines] == ["SHIPPING", "CANCELED"]  # type: ignore[union-attr,index]
    assert order["order_state"] == "SHIPPING"
    assert http.put(f"/api/orders/{WAITING}/cancel").json()["code"] == "ORDER_INVALID_STATE"

    line = f"{SHIPPED}-1"  # 29.50
    assert _refund(http, f"{SHIPPING}-1", 5).json()["code"] == "ORDER_INVALID_STATE"
    assert _refund(http, line, 20).status_code == 200
    assert _refund(http, line, 20).json()["code"] == "VALIDATION_ERROR"  # more than is left
    cancelled_line = f"{SHIPPING}-2"  # its whole price was cancelled above
    assert _refund(http, cancelled_line, 1).json()["code"] == "ORDER_INVALID_STATE"
    assert _refund(http, line, 9.5).status_code == 200
    assert _refund(http, line, 1).json()["code"] == "ORDER_LINE_ALREADY_REFUNDED"
    refunded = _order(http, SHIPPED)["order_lines"][0]  # type: ignore[index]
    assert [r["amount"] for r in refunded["refunds"]] == [20.0, 9.5]
    assert refunded["can_refund"] is False
    assert _refund(http, f"{CLOSED}-1", 5).json()["code"] == "ORDER_INVALID_STATE"

    sandbox.behaviours.disable("MIRAKL-Q12")
    assert _refund(http, f"{CLOSED}-1", 5).status_code == 200
    assert http.put(f"/api/orders/{WAITING}/cancel").status_code == 204


# --- MIRAKL-Q13 ------------------------------------------------------------------------------


def test_mirakl_q13_the_orders_api_wants_the_raw_key(sandbox: MiraklSandbox) -> None:
    with _client(sandbox, key=f"Bearer {sandbox.api_key}") as http:
        assert http.get("/api/orders").status_code == 401
        sandbox.behaviours.disable("MIRAKL-Q13")
        assert http.get("/api/orders").status_code == 200
    with _client(sandbox) as http:
        assert http.get("/api/orders", params={"shop_id": 9}).status_code == 403


# --- MIRAKL-Q14 ------------------------------------------------------------------------------


def test_mirakl_q14_order_ids_relay_mails_and_mixed_date_precision(
    sandbox: MiraklSandbox, http: httpx.Client
) -> None:
    order = _order(http, SHIPPING)
    assert order["order_id"] == f"{order['commercial_id']}-A"
    assert str(order["customer_notification_email"]).endswith("@notification.mirakl.net")
    assert str(order["created_date"]).endswith(".000Z")
    assert len(str(order["last_updated_date"])) == len("2026-01-01T00:00:00Z")
    assert isinstance(order["total_price"], float)
    sandbox.behaviours.disable("MIRAKL-Q14")
    assert len(str(_order(http, SHIPPING)["created_date"])) == len("2026-01-01T00:00:00Z")
