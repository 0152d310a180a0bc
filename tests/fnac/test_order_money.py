"""Money and identity of FNAC orders mapped to canonical orders (issue 12).

Each test here failed before the fix it pins: a refused line counted in the total, the
shipping company dropped, countries left in alpha-3, tracking numbers left in the XML, and
untyped errors escaping the order and offer mappings.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest

from marketplace_sdk import RecordError
from marketplace_sdk.core._money import Money
from marketplace_sdk.fnac._endpoints import orders_query
from marketplace_sdk.fnac._mapping import offer_to_product, order_cancellation, order_to_canonical
from marketplace_sdk.fnac._models import Address, Offer, OrderDetail, OrdersQueryRequest
from marketplace_sdk.fnac._models import Order as FnacOrder

T0 = datetime(2026, 1, 5, 10, tzinfo=UTC)


def recorded_orders(specs: Path) -> list[FnacOrder]:
    body = (specs / "fnac-legacy/samples/query_orders_response.xml").read_bytes()
    call = orders_query(OrdersQueryRequest())
    return call.parse(httpx.Response(200, content=body)).orders


def eur(amount: str) -> Money:
    return Money(amount=amount, currency="EUR")


def line(detail_id: int, state: str, **fields: object) -> OrderDetail:
    values: dict[str, object] = {
        "order_detail_id": detail_id,
        "offer_seller_id": f"SKU-{detail_id}",
        "quantity": 2,
        "price": Decimal("10.00"),
        "shipping_price": Decimal("3.00"),
        "state": state,
    }
    values.update(fields)
    return OrderDetail.model_validate(values)


def order(*details: OrderDetail, **fields: object) -> FnacOrder:
    values: dict[str, object] = {
        "order_id": "1A2B3C4D5E6F7",
        "state": "Shipped",
        "created_at": T0,
        "shipping_address": Address(firstname="Ada", lastname="L", company="ACME", country="FRA"),
        "order_details": list(details),
    }
    values.update(fields)
    return FnacOrder.model_validate(values)


@pytest.mark.needs_shared
def test_the_recorded_refused_line_stays_but_leaves_the_total(shared_specs: Path) -> None:
    first = recorded_orders(shared_specs)[0]
    mapped = order_to_canonical(first)
    assert [(ln.line_id, ln.marketplace_status) for ln in mapped.lines] == [
        ("2", "Refused"),
        ("1", "NotReceived"),
    ]
    # Only line 1 is charged: 13 x 20 EUR, shipping 16 EUR.
    assert mapped.totals.items == eur("260")
    assert mapped.totals.shipping == eur("16")
    assert mapped.totals.total == eur("276")


@pytest.mark.parametrize("state", ["Refused", "Cancelled"])
def test_refused_and_cancelled_lines_are_kept_out_of_the_totals(state: str) -> None:
    mapped = order_to_canonical(order(line(1, "Shipped"), line(2, state)))
    assert [ln.marketplace_status for ln in mapped.lines] == ["Shipped", state]
    assert (mapped.totals.items, mapped.totals.shipping) == (eur("20.00"), eur("3.00"))
    assert mapped.totals.total == eur("23.00")


def test_a_refunded_line_was_charged_and_stays_in_the_totals() -> None:
    mapped = order_to_canonical(order(line(1, "Shipped"), line(2, "Refunded")))
    assert mapped.totals.total == eur("46.00")


@pytest.mark.needs_shared
def test_the_recorded_company_and_country_reach_the_address(shared_specs: Path) -> None:
    mapped = order_to_canonical(recorded_orders(shared_specs)[0])
    address = mapped.shipping_address
    assert address is not None
    assert (address.name, address.company) == ("Laurent SIQUIER", "FNAC.COM")
    assert address.country_code == "FR"
    assert "FNAC.COM" not in repr(address)  # masked like a name


def test_an_unknown_country_is_a_record_error_not_a_guess() -> None:
    bad = order(line(1, "Shipped"), shipping_address=Address(firstname="A", country="ZZZ"))
    with pytest.raises(RecordError, match="ZZZ") as caught:
        order_to_canonical(bad)
    assert (caught.value.kind, caught.value.record_id) == ("order", "1A2B3C4D5E6F7")


def test_tracking_numbers_become_the_orders_shipments() -> None:
    mapped = order_to_canonical(
        order(
            line(1, "Shipped", tracking_number="6A1", tracking_company="LAPOSTE"),
            line(2, "Shipped", tracking_number="6A1", tracking_company="LAPOSTE"),
            line(3, "Shipped", tracking_number="6A2"),
            line(4, "ToShip", tracking_number=""),
        )
    )
    assert [(s.carrier, s.tracking_number, s.line_ids) for s in mapped.shipments] == [
        ("LAPOSTE", "6A1", ("1", "2")),
        (None, "6A2", ("3",)),
    ]


@pytest.mark.parametrize(
    "wire",
    [
        pytest.param(order(line(1, "Shipped"), order_id=None), id="no order id"),
        pytest.param(order(line(1, "Shipped"), created_at=None), id="no date"),
        pytest.param(order(line(1, "Shipped", price=None)), id="line without a price"),
        pytest.param(order(line(1, "Shipped", quantity=-2)), id="negative quantity"),
    ],
)
def test_every_order_mapping_failure_is_a_record_error(wire: FnacOrder) -> None:
    with pytest.raises(RecordError) as caught:
        order_to_canonical(wire)
    assert (caught.value.kind, caught.value.marketplace) == ("order", "fnac")
    assert caught.value.raw == {"order_state": "Shipped", "xml": wire.raw}
    assert isinstance(caught.value.__cause__, ValueError)


def test_a_cancellation_without_an_id_is_a_record_error() -> None:
    with pytest.raises(RecordError) as caught:
        order_cancellation(order(line(1, "Cancelled"), order_id=None, state="Cancelled"))
    assert caught.value.kind == "cancellation"


def test_an_offer_with_a_negative_stock_is_a_record_error() -> None:
    with pytest.raises(RecordError) as caught:
        offer_to_product(Offer(offer_seller_id="SKU-1", offer_fnac_id="F1", quantity=-1))
    assert (caught.value.kind, caught.value.record_id, caught.value.marketplace) == (
        "product",
        "SKU-1",
        "fnac",
    )
    assert caught.value.raw["quantity"] == -1
