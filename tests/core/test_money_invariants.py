"""The money and identity invariants of canonical orders, over every recorded and generated
payload of both marketplaces (issue 12, DESIGN "Money and identity invariants").

On every order a mapping returns:

- items + shipping + tax - discount = total, in the order's one currency;
- refused and cancelled lines are on the order with their status, and out of `items`;
- the address keeps the company the marketplace sent;
- countries are ISO 3166-1 alpha-2;
- the marketplace's shipments (carrier, tracking) are on the order.

The recorded payloads are the published samples (`../shared/specs/*/samples`) and the answers in
the committed cassettes; the generated ones are built by hypothesis, by the marketplaces' own
rules for their fields (Etsy's `grandtotal = total_price - discount + shipping + tax`, FNAC's
unit prices times quantities).
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from iso3166 import countries
from pydantic import ValidationError
from tests.recorded_payloads import etsy_receipt_pages, fnac_order_pages

from marketplace_sdk import Address, Money, Order, OrderTotals
from marketplace_sdk.core._countries import country_alpha2, is_alpha2
from marketplace_sdk.etsy import ShopReceipt
from marketplace_sdk.etsy._mapping import receipt_to_order
from marketplace_sdk.etsy._models import EtsyList
from marketplace_sdk.fnac._endpoints import orders_query
from marketplace_sdk.fnac._mapping import order_to_canonical
from marketplace_sdk.fnac._models import Order as FnacOrder
from marketplace_sdk.fnac._models import OrdersQueryRequest

UNCHARGED = {"Refused", "Cancelled"}


def check_invariants(order: Order) -> None:
    """Assert the invariants that hold on any canonical order."""
    totals = order.totals
    assert totals.items is not None, "a mapped order always says its items"
    amounts = [m for m in (totals.items, totals.shipping, totals.tax, totals.discount) if m]
    assert {m.currency for m in amounts} <= {totals.total.currency}
    computed = sum((m.amount for m in (totals.items, totals.shipping, totals.tax) if m), Decimal(0))
    computed -= totals.discount.amount if totals.discount is not None else Decimal(0)
    assert computed == totals.total.amount, totals
    charged = [line for line in order.lines if line.marketplace_status not in UNCHARGED]
    assert {line.unit_price.currency for line in order.lines} <= {totals.total.currency}
    assert sum((line.line_total.amount for line in charged), Decimal(0)) == totals.items.amount
    address = order.shipping_address
    if address is not None and address.country_code is not None:
        assert is_alpha2(address.country_code)


# --- the recorded payloads -----------------------------------------------------------------------


def etsy_recorded(specs: Path | None) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{name} receipt {payload['receipt_id']}", payload)
        for name, body in etsy_receipt_pages(specs).items()
        for payload in json.loads(body)["results"]
    ]


def fnac_recorded(specs: Path | None) -> list[tuple[str, FnacOrder]]:
    call = orders_query(OrdersQueryRequest())
    return [
        (f"{name} order {order.order_id}", order)
        for name, body in fnac_order_pages(specs).items()
        for order in call.parse(httpx.Response(200, content=body)).orders
    ]


@pytest.mark.needs_shared
def test_every_recorded_etsy_receipt_holds_the_invariants(shared_specs: Path) -> None:
    recorded = etsy_recorded(shared_specs)
    assert len(recorded) >= 10
    for name, payload in recorded:
        receipt = ShopReceipt.model_validate(payload)
        order = receipt_to_order(receipt)
        check_invariants(order)
        assert order.totals.total.amount * 100 == payload["grandtotal"]["amount"], name
        tracking = [s["tracking_code"] for s in payload["shipments"]]
        assert [s.tracking_number for s in order.shipments] == tracking, name
        assert order.shipping_address is not None
        assert order.shipping_address.country_code == payload["country_iso"], name


@pytest.mark.needs_shared
def test_every_recorded_fnac_order_holds_the_invariants(shared_specs: Path) -> None:
    recorded = fnac_recorded(shared_specs)
    assert len(recorded) >= 10
    for name, wire in recorded:
        order = order_to_canonical(wire)
        check_invariants(order)
        if wire.shipping_address is not None and wire.shipping_address.company:
            assert order.shipping_address is not None
            assert order.shipping_address.company == wire.shipping_address.company, name
        numbers = {d.tracking_number for d in wire.order_details if d.tracking_number}
        assert {s.tracking_number for s in order.shipments} == numbers, name
        assert [line.marketplace_status for line in order.lines] == [
            str(d.state) for d in wire.order_details
        ], name


# --- generated payloads --------------------------------------------------------------------------

ALPHA2 = sorted(country.alpha2 for country in countries)
ALPHA3 = sorted(country.alpha3 for country in countries)
CURRENCIES = ["EUR", "USD", "GBP", "CAD", "JPY", "AUD"]
cents = st.integers(min_value=0, max_value=10_000_000)


def etsy_money(amount: int, currency: str) -> dict[str, object]:
    divisor = 1 if currency == "JPY" else 100
    return {"amount": amount, "divisor": divisor, "currency_code": currency}


@st.composite
def etsy_receipts(draw: st.DrawFn) -> dict[str, Any]:
    currency = draw(st.sampled_from(CURRENCIES))
    lines = draw(
        st.lists(st.tuples(st.integers(1, 9), st.integers(0, 500_000)), min_size=1, max_size=5)
    )
    total_price = sum(quantity * price for quantity, price in lines)
    discount = draw(st.integers(0, total_price))
    shipping, tax, vat, wrap = (draw(cents) for _ in range(4))
    vat_in_total = draw(st.booleans())
    grandtotal = total_price - discount + shipping + tax + wrap + (vat if vat_in_total else 0)
    shipments = draw(
        st.lists(
            st.tuples(
                st.sampled_from(["USPS", "UPS", "DHL", "YT-EXPRESS", ""]),
                st.text(alphabet="0123456789ABCDEF", max_size=22),
            ),
            max_size=3,
        )
    )
    country = draw(st.sampled_from(ALPHA2))
    return {
        "receipt_id": draw(st.integers(1, 2**62)),
        "status": draw(
            st.sampled_from(
                [
                    "Paid",
                    "Completed",
                    "Open",
                    "Canceled",
                    "Fully Refunded",
                    "Partially Refunded",
                    "payment processing",
                ]
            )
        ),
        "is_shipped": bool(shipments) or draw(st.booleans()),
        "created_timestamp": draw(st.integers(0, 4_000_000_000)),
        "country_iso": draw(st.sampled_from([country, country.lower(), f" {country} "])),
        "total_price": etsy_money(total_price, currency),
        "subtotal": etsy_money(total_price - discount, currency),
        "discount_amt": etsy_money(discount, currency),
        "total_shipping_cost": etsy_money(shipping, currency),
        "total_tax_cost": etsy_money(tax, currency),
        "total_vat_cost": etsy_money(vat, currency),
        "gift_wrap_price": etsy_money(wrap, currency),
        "grandtotal": etsy_money(grandtotal, currency),
        "transactions": [
            {"transaction_id": index + 1, "quantity": q, "price": etsy_money(p, currency)}
            for index, (q, p) in enumerate(lines)
        ],
        "shipments": [
            {"receipt_shipping_id": index, "carrier_name": carrier, "tracking_code": code}
            for index, (carrier, code) in enumerate(shipments)
        ],
    }


@settings(max_examples=300, deadline=None)
@given(etsy_receipts())
def test_every_generated_etsy_receipt_holds_the_invariants(payload: dict[str, Any]) -> None:
    page = EtsyList[ShopReceipt].model_validate_json(json.dumps({"count": 1, "results": [payload]}))
    order = receipt_to_order(page.results[0])
    check_invariants(order)
    assert (
        order.totals.total.amount
        == Decimal(payload["grandtotal"]["amount"]) / (payload["grandtotal"]["divisor"])
    )
    assert order.totals.discount is not None
    assert (
        order.totals.discount.amount * payload["discount_amt"]["divisor"]
        == (payload["discount_amt"]["amount"])
    )
    assert [(s.carrier or "", s.tracking_number or "") for s in order.shipments] == [
        (s["carrier_name"], s["tracking_code"]) for s in payload["shipments"]
    ]
    assert order.shipping_address is not None
    assert order.shipping_address.country_code == payload["country_iso"].strip().upper()


LINE_STATES = [
    "ToAccept", "Accepted", "Refused", "ToShip", "Shipped", "NotReceived", "Received",
    "Refunded", "Cancelled",
]  # fmt: skip
prices = st.decimals(min_value="0.01", max_value="5000", places=2)


@st.composite
def fnac_orders_xml(draw: st.DrawFn) -> tuple[bytes, dict[str, Any]]:
    details = draw(
        st.lists(
            st.tuples(
                st.sampled_from(LINE_STATES),
                st.integers(1, 20),
                prices,
                st.one_of(st.none(), prices),
                st.sampled_from(["", "6A1", "6A2", "6A3"]),
                st.sampled_from(["", "LAPOSTE", "COLISSIMO"]),
            ),
            min_size=1,
            max_size=6,
        )
    )
    company = draw(st.sampled_from(["", "FNAC.COM", "ACME & Fils", "Relais <Colis>"]))
    country = draw(st.sampled_from(ALPHA3))
    lines_xml = "".join(
        f"<order_detail><order_detail_id>{index + 1}</order_detail_id><state>{state}</state>"
        f"<quantity>{quantity}</quantity><price>{price}</price>"
        + (f"<shipping_price>{shipping}</shipping_price>" if shipping is not None else "")
        + f"<offer_seller_id><![CDATA[SKU-{index}]]></offer_seller_id>"
        f"<tracking_number><![CDATA[{tracking}]]></tracking_number>"
        + (f"<tracking_company>{carrier}</tracking_company>" if carrier else "")
        + "</order_detail>"
        for index, (state, quantity, price, shipping, tracking, carrier) in enumerate(details)
    )
    escaped = company.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    body = (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<orders_query_response status="OK" xmlns="http://www.fnac.com/schemas/mp-dialog.xsd">'
        "<page>1</page><total_paging>1</total_paging>"
        "<order><order_id>1A2B3C4D5E6F7</order_id><state>Shipped</state>"
        "<created_at>2026-01-05T10:00:00+01:00</created_at>"
        "<shipping_address><firstname>Ada</firstname><lastname>L</lastname>"
        f"<company>{escaped}</company><country>{country}</country></shipping_address>"
        f"{lines_xml}</order></orders_query_response>"
    )
    facts = {"company": company, "country": country, "details": details}
    return body.encode(), facts


@settings(max_examples=300, deadline=None)
@given(fnac_orders_xml())
def test_every_generated_fnac_order_holds_the_invariants(
    case: tuple[bytes, dict[str, Any]],
) -> None:
    body, facts = case
    [wire] = orders_query(OrdersQueryRequest()).parse(httpx.Response(200, content=body)).orders
    order = order_to_canonical(wire)
    check_invariants(order)
    charged = [d for d in facts["details"] if d[0] not in UNCHARGED]
    expected = sum((q * p + (s or 0) for _, q, p, s, _, _ in charged), Decimal(0))
    assert order.totals.total == Money(amount=expected, currency="EUR")
    assert [line.marketplace_status for line in order.lines] == [d[0] for d in facts["details"]]
    assert order.shipping_address is not None
    assert order.shipping_address.company == (facts["company"] or None)
    assert order.shipping_address.country_code == country_alpha2(facts["country"])
    tracked = {d[4] for d in facts["details"] if d[4]}
    assert {s.tracking_number for s in order.shipments if s.tracking_number} == tracked


# --- the canonical models enforce them too -------------------------------------------------------


def test_every_iso_alpha3_code_converts_to_its_alpha2() -> None:
    for country in countries:
        assert country_alpha2(country.alpha3) == country.alpha2
        assert country_alpha2(country.alpha3.lower()) == country.alpha2
        assert country_alpha2(country.alpha2) == country.alpha2
    for unknown in ("UK", "ZZ", "ZZZ", "FRAN", "F"):
        with pytest.raises(ValueError, match="unknown ISO 3166-1"):
            country_alpha2(unknown)


@pytest.mark.parametrize("code", ["FRA", "fr", "UK", "XX", ""])
def test_an_address_refuses_a_country_that_is_not_alpha_2(code: str) -> None:
    with pytest.raises(ValidationError, match="alpha-2"):
        Address(country_code=code)


def test_an_address_keeps_its_company_beside_the_name() -> None:
    address = Address(name="Laurent Siquier", company="FNAC.COM", country_code="FR")
    assert (address.name, address.company) == ("Laurent Siquier", "FNAC.COM")
    assert "company='F***'" in repr(address)
    assert Address.model_validate_json(address.model_dump_json()) == address


def test_totals_that_do_not_add_up_are_refused() -> None:
    def eur(amount: str) -> Money:
        return Money(amount=amount, currency="EUR")

    with pytest.raises(ValidationError, match="do not add up"):
        OrderTotals(items=eur("240"), discount=eur("60"), total=eur("240"))
    assert OrderTotals(items=eur("240"), discount=eur("60"), total=eur("180.00")).total
