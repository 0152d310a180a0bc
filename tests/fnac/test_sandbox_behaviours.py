"""FNAC sandbox: the catalogued offer-batch and platform behaviours, on by default, by id.

Each test shows what FNAC does, then that switching the behaviour off gives the kinder reading.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from lxml import etree
from tests.fnac.test_sandbox_support import Session, errors, make_sandbox, texts

from marketplace_sdk.fnac._xml import child_text, children
from marketplace_sdk.fnac.sandbox import Codes


def offer(sku: str, inner: str = "", *, ean: str = "") -> str:
    product = f'<product_reference type="Ean">{ean}</product_reference>' if ean else ""
    return f"<offer>{product}<offer_reference>{sku}</offer_reference>{inner}</offer>"


def push(session: Session, *offers: str) -> str:
    answer = session.call("offers_update", "".join(offers))
    assert answer.get("status") == "OK", errors(answer)
    return child_text(answer, "batch_id") or ""


def status(session: Session, batch_id: str) -> etree._Element:
    return session.call("batch_status", f"<batch_id>{batch_id}</batch_id>")


@pytest.fixture
def session() -> Session:
    return Session(make_sandbox(offers=5, orders=0))


# FNAC-Q01 ---------------------------------------------------------------------------------


def test_fnac_q01_offers_update_only_queues_a_batch(session: Session) -> None:
    sandbox = session.sandbox
    batch_id = push(session, offer("SKU-00001", "<quantity>42</quantity>"))
    assert sandbox.state.offers["SKU-00001"].quantity != 42
    assert status(session, batch_id).get("status") == "ACTIVE"
    assert child_text(session.call("batch_query"), "nb_batch_active") == "1"
    sandbox.advance(15)
    assert status(session, batch_id).get("status") == "RUNNING"
    sandbox.advance(15)
    assert status(session, batch_id).get("status") == "OK"
    assert sandbox.state.offers["SKU-00001"].quantity == 42


def test_fnac_q01_switched_off_a_batch_is_applied_at_once(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q01")
    batch_id = push(session, offer("SKU-00001", "<quantity>42</quantity>"))
    assert session.sandbox.state.offers["SKU-00001"].quantity == 42
    assert status(session, batch_id).get("status") == "OK"


# FNAC-Q02 ---------------------------------------------------------------------------------


def test_fnac_q02_an_ok_batch_hides_an_unknown_product(session: Session) -> None:
    batch_id = push(
        session,
        offer("SKU-00001", "<quantity>3</quantity>"),
        offer("NEW-1", "<price>10</price><product_state>11</product_state>", ean="0000000000000"),
    )
    session.sandbox.advance(30)
    done = status(session, batch_id)
    assert done.get("status") == "OK"
    by_sku = {child_text(node, "offer_seller_id"): node for node in children(done, "offer")}
    assert by_sku["SKU-00001"].get("status") == "OK"
    assert by_sku["NEW-1"].get("status") == "ERROR"
    assert errors(by_sku["NEW-1"]) == [Codes.PRODUCT_NOT_FOUND]
    assert child_text(by_sku["NEW-1"], "error") == "Product not found: 0000000000000"


def test_fnac_q02_switched_off_the_header_says_error(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q02")
    batch_id = push(
        session,
        offer("NEW-1", "<price>10</price><product_state>11</product_state>", ean="0000000000000"),
    )
    session.sandbox.advance(30)
    assert status(session, batch_id).get("status") == "ERROR"


# FNAC-Q03 ---------------------------------------------------------------------------------


def test_fnac_q03_the_per_offer_detail_is_answered_once(session: Session) -> None:
    batch_id = push(session, offer("SKU-00001", "<quantity>3</quantity>"))
    session.sandbox.advance(30)
    first = status(session, batch_id)
    assert texts(first, "offer/offer_seller_id") == ["SKU-00001"]
    later = status(session, batch_id)
    assert later.get("status") == "OK"
    assert child_text(later, "batch_id") == batch_id
    assert children(later, "offer") == []


def test_fnac_q03_without_its_switch_the_detail_lasts_an_hour(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q03.details-read-once")
    batch_id = push(session, offer("SKU-00001", "<quantity>3</quantity>"))
    session.sandbox.advance(30)
    assert len(children(status(session, batch_id), "offer")) == 1
    assert len(children(status(session, batch_id), "offer")) == 1
    session.sandbox.advance(3600)
    session.auth()  # the token died meanwhile (FNAC-Q14)
    bare = status(session, batch_id)
    assert (bare.get("status"), children(bare, "offer")) == ("OK", [])


def test_fnac_q03_switched_off_the_detail_is_kept(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q03")
    batch_id = push(session, offer("SKU-00001", "<quantity>3</quantity>"))
    session.sandbox.advance(30)
    for _ in range(2):
        assert len(children(status(session, batch_id), "offer")) == 1
    session.sandbox.advance(7200)
    session.auth()  # the token died meanwhile (FNAC-Q14)
    assert len(children(status(session, batch_id), "offer")) == 1


# FNAC-Q04 ---------------------------------------------------------------------------------


def test_fnac_q04_oversize_calls_are_refused_with_err_105(session: Session) -> None:
    many = "".join(offer(f"S{n}", "<quantity>1</quantity>") for n in range(10_001))
    refused = session.call("offers_update", many)
    assert (refused.get("status"), errors(refused)) == ("ERROR", [Codes.TOO_MANY])
    eleven = '<product_reference type="Ean">1</product_reference>' * 11
    assert errors(session.call("pricing_query", eleven)) == [Codes.TOO_MANY]
    orders = "".join(
        f'<order order_id="{n:013d}" action="accept_all_orders"><order_detail>'
        "<action>Accepted</action></order_detail></order>"
        for n in range(26)
    )
    assert errors(session.call("orders_update", orders)) == [Codes.TOO_MANY]


def test_fnac_q04_switched_off_any_size_is_taken(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q04")
    many = "".join(offer(f"S{n}", "<quantity>1</quantity>") for n in range(10_001))
    assert session.call("offers_update", many).get("status") == "OK"
    eleven = '<product_reference type="Ean">1</product_reference>' * 11
    assert session.call("pricing_query", eleven).get("status") == "OK"


# FNAC-Q05 ---------------------------------------------------------------------------------


def test_fnac_q05_offers_left_out_of_a_feed_stay_on_sale(session: Session) -> None:
    sandbox = session.sandbox
    before = {sku: offer.quantity for sku, offer in sandbox.state.offers.items()}
    push(session, offer("SKU-00001", "<quantity>0</quantity>"))
    sandbox.advance(30)
    assert sandbox.state.offers["SKU-00001"].quantity == 0
    assert "SKU-00001" in sandbox.state.offers  # quantity 0 keeps the offer, off sale
    for sku in sorted(before)[1:]:
        assert sandbox.state.offers[sku].quantity == before[sku] > 0


def test_fnac_q05_switched_off_a_feed_replaces_the_catalogue(session: Session) -> None:
    sandbox = session.sandbox
    sandbox.behaviours.disable("FNAC-Q05")
    push(session, offer("SKU-00001", "<quantity>4</quantity>"))
    sandbox.advance(30)
    assert sandbox.state.offers["SKU-00001"].quantity == 4
    assert {o.quantity for sku, o in sandbox.state.offers.items() if sku != "SKU-00001"} == {0}


# FNAC-Q06 ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "inner",
    [
        "<price>0.89</price>",
        "<price>20000.01</price>",
        "<quantity>10000</quantity>",
        "<adherent_price>0.10</adherent_price>",
        f"<description>{'x' * 256}</description>",
    ],
)
def test_fnac_q06_a_value_out_of_bounds_fails_the_whole_call_at_once(
    session: Session, inner: str
) -> None:
    # One offer a line: FNAC's message ends with the line of the element at fault.
    answer = session.call(
        "offers_update",
        "\n" + offer("SKU-00001", "<quantity>5</quantity>") + "\n" + offer("SKU-00002", inner),
    )
    assert (answer.get("status"), errors(answer)) == ("ERROR", [Codes.SCHEMA])
    assert (child_text(answer, "error") or "").endswith("line: 3")
    assert child_text(answer, "batch_id") is None
    session.sandbox.advance(30)
    assert session.sandbox.state.offers["SKU-00001"].quantity != 5  # nothing applied


def test_fnac_q06_switched_off_only_the_bad_offer_fails_in_the_batch(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q06")
    batch_id = push(
        session,
        offer("SKU-00001", "<quantity>5</quantity>"),
        offer("SKU-00002", "<price>0.89</price>"),
    )
    session.sandbox.advance(30)
    outcomes = [node.get("status") for node in children(status(session, batch_id), "offer")]
    assert outcomes == ["OK", "ERROR"]
    assert session.sandbox.state.offers["SKU-00001"].quantity == 5


def test_fnac_q06_an_update_without_quantity_resets_the_stock_to_one(session: Session) -> None:
    sandbox = session.sandbox
    assert sandbox.state.offers["SKU-00001"].quantity > 1
    push(session, offer("SKU-00001", "<price>12.5</price>"))
    sandbox.advance(30)
    assert sandbox.state.offers["SKU-00001"].quantity == 1
    assert sandbox.offer_price("SKU-00001") == Decimal("12.5")
    sandbox.behaviours.disable("FNAC-Q06.omitted-quantity-resets")
    quantity = sandbox.state.offers["SKU-00002"].quantity
    push(session, offer("SKU-00002", "<price>12.5</price>"))
    sandbox.advance(30)
    assert sandbox.state.offers["SKU-00002"].quantity == quantity


# FNAC-Q07 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["9", "0", "12", "new"])
def test_fnac_q07_an_unknown_product_state_is_refused(session: Session, state: str) -> None:
    answer = session.call(
        "offers_update", offer("SKU-00001", f"<product_state>{state}</product_state>")
    )
    assert errors(answer) == [Codes.SCHEMA]
    session.sandbox.behaviours.disable("FNAC-Q06")  # then in the batch report
    batch_id = push(session, offer("SKU-00001", f"<product_state>{state}</product_state>"))
    session.sandbox.advance(30)
    assert errors(children(status(session, batch_id), "offer")[0]) == [Codes.MISSING_FIELD]


@pytest.mark.parametrize("state", ["1", "4", "5", "8", "10", "11"])
def test_fnac_q07_every_catalogued_state_is_accepted(session: Session, state: str) -> None:
    push(session, offer("SKU-00001", f"<product_state>{state}</product_state>"))
    session.sandbox.advance(30)
    assert session.sandbox.state.offers["SKU-00001"].product_state == state


def test_fnac_q07_switched_off_any_state_is_taken(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q07")
    session.sandbox.behaviours.disable("FNAC-Q06")  # the XSD's enumeration refuses 9 first
    push(session, offer("SKU-00001", "<product_state>9</product_state>"))
    session.sandbox.advance(30)
    assert session.sandbox.state.offers["SKU-00001"].product_state == "9"


# FNAC-Q14 ---------------------------------------------------------------------------------


def test_fnac_q14_a_token_dies_halfway_to_its_announced_validity(session: Session) -> None:
    session.auth()
    session.sandbox.advance(1799)
    assert session.call("batch_query").get("status") == "OK"
    session.sandbox.advance(1)
    dead = session.call("batch_query")
    assert (dead.get("status"), errors(dead)) == ("ERROR", [Codes.TOKEN])
    session.auth()
    assert session.call("batch_query").get("status") == "OK"


def test_fnac_q14_switched_off_a_token_never_expires(session: Session) -> None:
    session.sandbox.behaviours.disable("FNAC-Q14")
    session.auth()
    session.sandbox.advance(86_400)
    assert session.call("batch_query").get("status") == "OK"
    session.sandbox.expire_tokens()  # expiring on purpose still works
    assert errors(session.call("batch_query")) == [Codes.TOKEN]


# FNAC-Q15 ---------------------------------------------------------------------------------


def _orders_bytes(session: Session) -> bytes:
    session.auth()
    return session.post("orders_query", session.document("orders_query")).content


def test_fnac_q15_buyer_text_is_sent_encoded_twice() -> None:
    sandbox = make_sandbox(offers=2, orders=0)
    sandbox.place_order(["SKU-00001"], firstname="Hélène", lastname="Françoise")
    body = _orders_bytes(Session(sandbox))
    assert "HÃ©lÃ¨ne".encode() in body
    assert "FranÃ§oise".encode() in body
    sandbox.behaviours.disable("FNAC-Q15")
    assert "Hélène".encode() in _orders_bytes(Session(sandbox))


def test_fnac_q15_bad_bytes_and_empty_answers_can_be_injected() -> None:
    sandbox = make_sandbox(offers=2, orders=1)
    session = Session(sandbox)
    sandbox.garble_next("orders_query")
    body = _orders_bytes(session)
    with pytest.raises(UnicodeDecodeError, match="invalid continuation byte"):
        body.decode("utf-8")
    sandbox.empty_next("orders_query")
    assert session.post("orders_query", session.document("orders_query")).content == b""
    assert session.call("orders_query").get("status") == "OK"


# FNAC-Q16 ---------------------------------------------------------------------------------


def test_fnac_q16_dates_are_paris_time_and_a_lone_order_is_not_wrapped() -> None:
    sandbox = make_sandbox(offers=2, orders=0)
    sandbox.place_order({"SKU-00001": 2})
    answer = Session(sandbox).call("orders_query")
    (order,) = children(answer, "order")  # straight under the root, no list element
    created = child_text(order, "created_at") or ""
    assert created.endswith(("+01:00", "+02:00"))
    (line,) = children(order, "order_detail")
    assert child_text(line, "received_at") == ""  # an empty element, not left out
    assert Decimal(child_text(line, "price") or "") == sandbox.offer_price("SKU-00001")
    assert child_text(line, "quantity") == "2"  # the price is per unit
    sandbox.behaviours.disable("FNAC-Q16")
    utc = Session(sandbox).call("orders_query")
    assert (child_text(children(utc, "order")[0], "created_at") or "").endswith("+00:00")


# FNAC-Q17 ---------------------------------------------------------------------------------


def test_fnac_q17_an_offer_cannot_create_a_product(session: Session) -> None:
    new = offer("NEW-1", "<price>10</price><product_state>11</product_state>", ean="9781234567897")
    batch_id = push(session, new)
    session.sandbox.advance(30)
    assert errors(children(status(session, batch_id), "offer")[0]) == [Codes.PRODUCT_NOT_FOUND]
    assert "9781234567897" not in session.sandbox.state.products
    session.sandbox.behaviours.disable("FNAC-Q17")
    push(session, new)
    session.sandbox.advance(30)
    assert session.sandbox.state.offers["NEW-1"].product.ean == "9781234567897"
