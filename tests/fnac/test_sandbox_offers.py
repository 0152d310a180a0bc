"""FNAC sandbox: offers_update batches, batch_status/batch_query, offers_query, pricing_query."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from tests.fnac.test_sandbox_support import Session, errors, make_sandbox, texts

from marketplace_sdk.fnac._xml import child_text, children
from marketplace_sdk.fnac.sandbox import Codes, FnacSandbox


@pytest.fixture
def sandbox() -> FnacSandbox:
    return make_sandbox(offers=30, orders=0)


@pytest.fixture
def session(sandbox: FnacSandbox) -> Session:
    return Session(sandbox)


def offer(
    sku: str,
    *,
    ean: str | None = None,
    price: str | None = None,
    quantity: str | None = None,
    state: str | None = None,
    extra: str = "",
) -> str:
    parts = [
        f'<product_reference type="Ean">{ean}</product_reference>' if ean else "",
        f'<offer_reference type="SellerSku"><![CDATA[{sku}]]></offer_reference>',
        f"<price>{price}</price>" if price is not None else "",
        f"<product_state>{state}</product_state>" if state else "",
        f"<quantity>{quantity}</quantity>" if quantity is not None else "",
        extra,
    ]
    return "<offer>" + "".join(parts) + "</offer>"


def batch_status(session: Session, batch_id: str) -> etree._Element:
    return session.call("batch_status", f"<batch_id>{batch_id}</batch_id>")


def push(session: Session, *offers: str) -> str:
    answer = session.call("offers_update", "".join(offers))
    assert answer.get("status") == "OK", errors(answer)
    return child_text(answer, "batch_id") or ""


def test_a_batch_is_active_then_running_then_applied_after_its_delay(session: Session) -> None:
    sandbox = session.sandbox
    batch_id = push(session, offer("SKU-00001", quantity="7"))
    assert batch_status(session, batch_id).get("status") == "ACTIVE"
    assert sandbox.state.offers["SKU-00001"].quantity != 7
    sandbox.advance(15)
    assert batch_status(session, batch_id).get("status") == "RUNNING"
    assert sandbox.state.offers["SKU-00001"].quantity != 7
    sandbox.advance(15)
    done = batch_status(session, batch_id)
    assert done.get("status") == "OK"
    assert texts(done, "offer/offer_seller_id") == ["SKU-00001"]
    assert done[1].get("status") == "OK"
    assert sandbox.state.offers["SKU-00001"].quantity == 7


def test_batch_status_reports_per_offer_errors_and_applies_the_good_offers(
    session: Session,
) -> None:
    sandbox = session.sandbox
    sandbox.behaviours.disable("FNAC-Q06")  # bounds checked per offer, not for the whole call
    new_ean = sandbox.catalogue_product(40).ean
    batch_id = push(
        session,
        offer("SKU-00001", price="12.5"),
        offer("NEW-1", ean="0000000000000", price="10", state="11", quantity="3"),
        offer("NEW-2", ean=new_ean, price="10", state="11", quantity="3"),
    )
    sandbox.advance(30)
    done = batch_status(session, batch_id)
    assert done.get("status") == "OK"  # FNAC-Q02: the header hides the failed offers
    by_sku = {child_text(node, "offer_seller_id"): node for node in children(done, "offer")}
    assert by_sku["SKU-00001"].get("status") == "OK"
    assert errors(by_sku["NEW-1"]) == [Codes.PRODUCT_NOT_FOUND]
    assert by_sku["NEW-2"].get("status") == "OK"
    assert child_text(by_sku["NEW-2"], "offer_fnac_id")
    assert sandbox.offer_price("SKU-00001") == Decimal("12.5")
    assert "NEW-2" in sandbox.state.offers
    assert "NEW-1" not in sandbox.state.offers


@pytest.mark.usefixtures("shared_specs")  # the bound is FNAC's XSD
@pytest.mark.parametrize(
    ("bad", "wording"),
    [
        (offer("SKU-00002", price="0.5"), "minExclusive"),
        (offer("SKU-00003", price="20000.01"), "maxInclusive"),
        (offer("SKU-00004", quantity="10000"), "maxInclusive"),
    ],
)
def test_a_value_outside_the_schema_refuses_the_whole_call_at_once(
    session: Session, bad: str, wording: str
) -> None:
    # FNAC validates the document before queueing a batch: one offer out of bounds and no
    # batch is created, not even for the good offers of the same call.
    answer = session.call("offers_update", offer("SKU-00001", price="12.5") + bad)
    assert answer.get("status") == "ERROR"
    assert errors(answer) == [Codes.SCHEMA]
    assert wording in (child_text(answer, "error") or "")
    assert child_text(answer, "batch_id") is None
    assert not session.sandbox.state.batches


@pytest.mark.usefixtures("shared_specs")  # the bound is FNAC's XSD
@given(price=st.decimals(min_value=Decimal("0.01"), max_value=Decimal("30000"), places=2))
def test_a_price_is_accepted_exactly_within_0_90_and_20000(price: Decimal) -> None:
    sandbox = make_sandbox(offers=1, orders=0)
    session = Session(sandbox)
    answer = session.call("offers_update", offer("SKU-00001", price=str(price)))
    accepted = answer.get("status") == "OK"
    assert accepted == (Decimal("0.90") <= price <= Decimal("20000"))
    if accepted:
        sandbox.advance(30)
        assert batch_status(session, child_text(answer, "batch_id") or "").get("status") == "OK"
    else:
        assert errors(answer) == [Codes.SCHEMA]


def test_delete_treatment_removes_the_offer_and_reports_unknown_ones(session: Session) -> None:
    batch_id = push(
        session,
        offer("SKU-00001", extra="<treatment>delete</treatment>"),
        offer("GONE", extra="<treatment>delete</treatment>"),
    )
    session.sandbox.advance(30)
    done = batch_status(session, batch_id)
    assert [node.get("status") for node in children(done, "offer")] == ["OK", "ERROR"]
    assert "SKU-00001" not in session.sandbox.state.offers


def test_an_offer_without_offer_reference_fails_the_whole_call(session: Session) -> None:
    answer = session.call("offers_update", "<offer><price>15</price></offer>")
    assert answer.get("status") == "ERROR"
    assert errors(answer) == [Codes.XML_VALIDATION]


def test_ten_thousand_offers_pass_and_one_more_is_refused(session: Session) -> None:
    many = "".join(offer(f"SKU-{n:05d}", quantity="1") for n in range(1, 10_001))
    assert session.call("offers_update", many).get("status") == "OK"
    refused = session.call("offers_update", many + offer("ONE-MORE", quantity="1"))
    assert refused.get("status") == "ERROR"
    assert errors(refused) == [Codes.TOO_MANY]


def test_batch_query_counts_waiting_batches(session: Session) -> None:
    first = push(session, offer("SKU-00001", quantity="1"))
    session.sandbox.advance(20)
    push(session, offer("SKU-00002", quantity="1"))
    answer = session.call("batch_query")
    assert child_text(answer, "nb_batch_running") == "1"
    assert child_text(answer, "nb_batch_active") == "1"
    assert first in texts(answer, "batch/batch_id")
    session.sandbox.advance(30)
    assert child_text(session.call("batch_query"), "nb_batch_active") == "0"


def test_unknown_batch_is_an_error(session: Session) -> None:
    assert errors(batch_status(session, "NOPE")) == [Codes.BATCH_NOT_FOUND]


def test_offers_query_pages_with_results_count(session: Session) -> None:
    first = session.call("offers_query", "<paging>1</paging>", results_count="20")
    assert child_text(first, "nb_total_result") == "30"
    assert child_text(first, "total_paging") == "2"
    assert len(texts(first, "offer/offer_seller_id")) == 20
    second = session.call("offers_query", "<paging>2</paging>", results_count="20")
    skus = texts(first, "offer/offer_seller_id") + texts(second, "offer/offer_seller_id")
    assert sorted(skus) == sorted(session.sandbox.state.offers)


def test_offers_query_filters_on_seller_sku_quantity_and_dates(session: Session) -> None:
    by_sku = session.call("offers_query", "<offer_seller_id>SKU-00003</offer_seller_id>")
    assert texts(by_sku, "offer/offer_seller_id") == ["SKU-00003"]

    offers = session.sandbox.state.offers.values()
    at_least_ten = session.call(
        "offers_query", '<paging>1</paging><quantity mode="GreaterThanOrEquals" value="10"/>'
    )
    assert child_text(at_least_ten, "nb_total_result") == str(
        sum(1 for o in offers if o.quantity >= 10)
    )

    batch_id = push(session, offer("SKU-00005", quantity="2"))
    session.sandbox.advance(30)
    assert batch_status(session, batch_id).get("status") == "OK"
    session.sandbox.advance(1)
    since = session.sandbox.state.now().isoformat()
    modified = session.call("offers_query", f'<date type="Modified"><min>{since}</min></date>')
    assert texts(modified, "offer/offer_seller_id") == []
    earlier = session.sandbox.state.offers["SKU-00005"].updated_at.isoformat()
    modified = session.call("offers_query", f'<date type="Modified"><min>{earlier}</min></date>')
    assert "SKU-00005" in texts(modified, "offer/offer_seller_id")
    created = session.call("offers_query", f'<date type="Created"><min>{earlier}</min></date>')
    assert texts(created, "offer/offer_seller_id") == []


def test_pricing_query_answers_prices_and_per_product_errors(session: Session) -> None:
    ean = session.sandbox.catalogue_product(1).ean
    answer = session.call(
        "pricing_query",
        f'<product_reference type="Ean">{ean}</product_reference>'
        '<product_reference type="Ean">007</product_reference>',
    )
    assert answer.get("status") == "OK"
    products = list(answer)
    assert texts(products[0], "pricing/price")
    assert errors(products[1]) == [Codes.PRICING_NOT_FOUND]


def test_pricing_query_refuses_more_than_ten_references(session: Session) -> None:
    ten = '<product_reference type="Ean">007</product_reference>' * 10
    assert session.call("pricing_query", ten).get("status") == "OK"
    eleven = session.call(
        "pricing_query", ten + '<product_reference type="Ean">1</product_reference>'
    )
    assert eleven.get("status") == "ERROR"
    assert errors(eleven) == [Codes.TOO_MANY]


def test_pricing_query_refuses_an_unknown_reference_type(session: Session) -> None:
    answer = session.call("pricing_query", '<product_reference type="X">1</product_reference>')
    assert errors(answer) == [Codes.SCHEMA]
