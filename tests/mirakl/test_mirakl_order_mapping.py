"""MMP orders to canonical orders and cancellations: money that adds up, nothing lost, every
state kept, properties over many generated orders."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marketplace_sdk.core._errors import RecordError
from marketplace_sdk.core._models import CancelledBy
from marketplace_sdk.mirakl._mapping import order_cancellation, order_to_canonical
from marketplace_sdk.mirakl._models import Order as MiraklOrder
from marketplace_sdk.mirakl._status import (
    MIRAKL_DEPRECATED_STATES,
    MIRAKL_ORDER_STATES,
    known_oms_status,
)

T0 = datetime(2026, 1, 5, 10, 0, tzinfo=UTC)
LINE_STATES = [*MIRAKL_ORDER_STATES, "INCIDENT_OPEN", "REFUNDED", "SOMETHING_NEW"]
ORDER_STATES = [*MIRAKL_ORDER_STATES, *MIRAKL_DEPRECATED_STATES]

cents = st.integers(min_value=0, max_value=999_999).map(lambda n: Decimal(n) / 100)
prices = st.integers(min_value=1, max_value=999_999).map(lambda n: Decimal(n) / 100)


def _stamp(moment: datetime, millis: bool) -> str:
    # MIRAKL-Q14: with and without milliseconds in one payload.
    if millis:
        return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


@st.composite
def wire_lines(draw: st.DrawFn, order_id: str) -> list[dict[str, Any]]:
    lines = []
    for number in range(1, draw(st.integers(min_value=1, max_value=5)) + 1):
        quantity = draw(st.integers(min_value=1, max_value=20))
        unit = draw(prices)
        shipping = draw(cents)
        cancelled = draw(st.integers(min_value=0, max_value=quantity))
        cancelations = (
            [
                {
                    "id": f"C{number}",
                    "quantity": cancelled,
                    "amount": float(unit * cancelled),
                    "shipping_amount": float(draw(st.sampled_from([Decimal(0), shipping]))),
                    "reason_code": "34",
                    "created_date": _stamp(T0, millis=True),
                }
            ]
            if cancelled
            else []
        )
        refunds = [
            {
                "id": f"R{number}-{n}",
                "amount": float(draw(cents)),
                "shipping_amount": float(draw(cents)),
                "reason_code": "15",
                "state": "REFUNDED",
                "created_date": _stamp(T0 + timedelta(hours=n), millis=False),
            }
            for n in range(draw(st.integers(min_value=0, max_value=2)))
        ]
        lines.append(
            {
                "order_line_id": f"{order_id}-{number}",
                "order_line_state": draw(st.sampled_from(LINE_STATES)),
                "offer_sku": f"SKU-{number}",
                "product_title": f"Product {number}",
                "quantity": quantity,
                "price_unit": float(unit),
                "price": float(unit * quantity),
                "shipping_price": float(shipping),
                "taxes": [{"code": "TVA", "amount": float(draw(cents))}],
                "shipping_taxes": [{"code": "TVA", "amount": float(draw(cents))}],
                "cancelations": cancelations,
                "refunds": refunds,
            }
        )
    return lines


@st.composite
def wire_orders(draw: st.DrawFn) -> dict[str, Any]:
    order_id = f"{draw(st.integers(min_value=10**9, max_value=10**10 - 1))}-A"
    created = T0 - timedelta(minutes=draw(st.integers(min_value=0, max_value=100_000)))
    updated = created + timedelta(seconds=draw(st.integers(min_value=0, max_value=10**6)))
    return {
        "order_id": order_id,
        "commercial_id": order_id[:-2],
        "order_state": draw(st.sampled_from([*ORDER_STATES, "ON_HOLD"])),
        "created_date": _stamp(created, millis=draw(st.booleans())),
        "last_updated_date": _stamp(updated, millis=draw(st.booleans())),
        "currency_iso_code": draw(st.sampled_from(["EUR", "GBP", "PLN", "SEK"])),
        "order_tax_mode": draw(st.sampled_from([None, "TAX_INCLUDED", "TAX_EXCLUDED"])),
        "acceptance_decision_date": draw(st.sampled_from([None, _stamp(created, millis=False)])),
        "customer_notification_email": "n+1@notification.mirakl.net",
        "customer": {
            "customer_id": "C1",
            "firstname": "Camille",
            "lastname": "Durand",
            "shipping_address": draw(
                st.sampled_from(
                    [
                        None,
                        {"city": "Lyon", "country_iso_code": "FRA", "street_1": "1 rue X"},
                        {"city": "Gent", "country_iso_code": "BE", "company": "Depot"},
                    ]
                )
            ),
        },
        "order_lines": draw(wire_lines(order_id)),
        "brand_new_field": {"kept": True},
    }


def _expected_total(data: dict[str, Any]) -> Decimal:
    items = shipping = tax = Decimal(0)
    for line in data["order_lines"]:
        left = line["quantity"] - sum(c["quantity"] for c in line["cancelations"])
        if line["order_line_state"] in ("REFUSED", "CANCELED") or left <= 0:
            continue
        items += Decimal(str(line["price_unit"])) * left
        cut = sum((Decimal(str(c["shipping_amount"])) for c in line["cancelations"]), Decimal(0))
        shipping += max(Decimal(str(line["shipping_price"])) - cut, Decimal(0))
        tax += sum(Decimal(str(t["amount"])) for t in line["taxes"] + line["shipping_taxes"])
    return items + shipping + (tax if data["order_tax_mode"] == "TAX_EXCLUDED" else 0)


@settings(max_examples=300)
@given(wire_orders())
def test_every_order_maps_with_totals_that_add_up_and_nothing_lost(data: dict[str, Any]) -> None:
    order = order_to_canonical(MiraklOrder.model_validate(data))
    assert order.totals.total.amount == _expected_total(data)
    assert order.totals.computed_total() == order.totals.total
    assert order.currency == data["currency_iso_code"]
    assert [line.line_id for line in order.lines] == [
        line["order_line_id"] for line in data["order_lines"]
    ]
    assert [line.marketplace_status for line in order.lines] == [
        line["order_line_state"] for line in data["order_lines"]
    ]
    assert all(line.unit_price.currency == order.currency for line in order.lines)
    wire_refunds = [r for line in data["order_lines"] for r in line["refunds"]]
    assert len(order.refunds) == len(wire_refunds)
    refunded = sum(
        (Decimal(str(r["amount"])) + Decimal(str(r["shipping_amount"])) for r in wire_refunds),
        Decimal(0),
    )
    assert order.refunded().amount == refunded
    assert order.marketplace_status == data["order_state"]
    assert order.oms_status == known_oms_status(data["order_state"])
    assert order.created_at.tzinfo is not None
    assert order.updated_at >= order.created_at
    assert isinstance(order.raw, dict)
    assert order.raw["brand_new_field"] == {"kept": True}
    assert order.buyer is not None
    assert order.buyer.email is None  # the relay address stays in raw (MIRAKL-Q14)


@settings(max_examples=200)
@given(wire_orders())
def test_every_cancelled_order_and_line_is_reported(data: dict[str, Any]) -> None:
    cancellation = order_cancellation(MiraklOrder.model_validate(data))
    state = data["order_state"]
    touched = [
        line["order_line_id"]
        for line in data["order_lines"]
        if line["order_line_state"] in ("REFUSED", "CANCELED", "REFUNDED") or line["cancelations"]
    ]
    if state in ("CANCELED", "REFUSED"):
        assert cancellation is not None
        assert cancellation.line_ids == ()
    elif touched:
        assert cancellation is not None
        assert list(cancellation.line_ids) == touched
    else:
        assert cancellation is None
    if cancellation is not None:
        assert cancellation.marketplace_status == state
        if state == "REFUSED":
            decided = data["acceptance_decision_date"] is not None
            expected = CancelledBy.SELLER if decided else CancelledBy.MARKETPLACE
            assert cancellation.cancelled_by == expected


def _order(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "order_id": "8580226802-A",
        "order_state": "SHIPPED",
        "created_date": "2026-01-05T10:00:00Z",
        "last_updated_date": "2026-01-06T10:00:00.250Z",
        "shipped_date": "2026-01-06T09:00:00Z",
        "currency_iso_code": "EUR",
        "shipping_company": "Colissimo",
        "shipping_carrier_code": "COLISSIMO",
        "shipping_tracking": "6A1",
        "customer": {
            "firstname": "Ann",
            "lastname": "Lee",
            "shipping_address": {
                "firstname": "Ann",
                "lastname": "Lee",
                "street_1": "1 rue de Rivoli",
                "zip_code": "75001",
                "city": "Paris",
                "country_iso_code": "FRA",
                "phone": "+33 6 12 34 56 78",
            },
        },
        "order_lines": [
            {
                "order_line_id": "8580226802-A-1",
                "order_line_state": "SHIPPED",
                "offer_sku": " MUG-1 ",
                "quantity": 2,
                "price_unit": 9.95,
                "price": 19.9,
                "shipping_price": 4.9,
            }
        ],
    }
    base.update(changes)
    return base


def test_a_shipped_order_in_the_oms_words() -> None:
    order = order_to_canonical(MiraklOrder.model_validate(_order()))
    assert order.lines[0].sku == "MUG-1"
    assert str(order.totals.total) == "24.80 EUR"
    assert order.shipping_address is not None
    assert order.shipping_address.country_code == "FR"
    assert order.shipping_address.phone == "+33 6 12 34 56 78"
    assert order.buyer is not None
    assert order.buyer.name == "Ann Lee"
    (shipment,) = order.shipments
    assert (shipment.carrier, shipment.tracking_number) == ("Colissimo", "6A1")
    assert shipment.shipped_at == datetime(2026, 1, 6, 9, tzinfo=UTC)
    assert order.updated_at == datetime(2026, 1, 6, 10, 0, 0, 250_000, tzinfo=UTC)
    assert order.paid is True


def test_an_address_hidden_before_shipping_is_none() -> None:
    # MIRAKL-Q10: Mirakl sends the addresses null until the order is shipped (or accepted).
    data = _order(order_state="WAITING_ACCEPTANCE", customer={"shipping_address": None})
    order = order_to_canonical(MiraklOrder.model_validate(data))
    assert order.shipping_address is None
    assert order.paid is False


def test_a_currency_from_the_options_when_the_order_names_none() -> None:
    data = _order(currency_iso_code=None)
    with pytest.raises(RecordError, match="names no currency"):
        order_to_canonical(MiraklOrder.model_validate(data))
    assert order_to_canonical(MiraklOrder.model_validate(data), currency="PLN").currency == "PLN"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"created_date": None, "last_updated_date": None}, "no date"),
        (
            {
                "order_lines": [
                    {"order_line_id": "L1", "order_line_state": "SHIPPED", "quantity": 1}
                ]
            },
            "no price",
        ),
        (
            {
                "order_lines": [
                    {
                        "order_line_id": "L1",
                        "order_line_state": "SHIPPED",
                        "quantity": 0,
                        "price_unit": 1,
                    }
                ]
            },
            "quantity 0",
        ),
        (
            {"customer": {"shipping_address": {"country_iso_code": "XYZ"}}},
            "country",
        ),
    ],
)
def test_an_order_that_cannot_be_mapped_is_its_record_error(
    changes: dict[str, Any], words: str
) -> None:
    data = _order(**changes)
    with pytest.raises(RecordError, match=words) as raised:
        order_to_canonical(MiraklOrder.model_validate(data), marketplace="decathlon")
    assert raised.value.record_id == "8580226802-A"
    assert raised.value.marketplace == "decathlon"
    assert isinstance(raised.value.raw, dict)
    assert raised.value.raw["order_id"] == "8580226802-A"


@given(st.text(min_size=1, max_size=30))
def test_any_state_mirakl_adds_maps_without_raising(state: str) -> None:
    order = order_to_canonical(MiraklOrder.model_validate(_order(order_state=state)))
    assert order.marketplace_status == state
    assert order.oms_status == known_oms_status(state)
