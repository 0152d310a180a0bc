"""Every request the Mirakl seller (MMP) endpoints build validates against the MMP document."""

from __future__ import annotations

import email.parser
import email.policy
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import httpx
import pytest
from openapi_core.exceptions import OpenAPIError
from tests.mirakl.mmp_contract import SERVED, validate_request

from marketplace_sdk.core._auth import StaticHeaderAuth
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._models import (
    CancelationRequest,
    LineDecision,
    Offer,
    OfferList,
    OfferUpdate,
    RefundRequest,
    TaxAmount,
    Tracking,
)

BASE_URL = "https://acme-dev.mirakl.net"
AUTH = StaticHeaderAuth({"Authorization": "0a1b2c3d-api-key"})

UPDATE = OfferUpdate(
    shop_sku="MUG-1",
    product_id="MKP1",
    product_id_type="SKU",
    price=Decimal("12.90"),
    quantity=4,
    state_code="11",
    leadtime_to_ship=2,
    logistic_class="M",
)

ALL_CALLS: dict[str, Call[object]] = {
    "A01": endpoints.get_account(shop_id=2000),
    "OF21": endpoints.list_offers(),
    "OF21-filters": endpoints.list_offers(
        offset=100, limit=50, sku="MUG-1", offer_state_codes=["11"], shop_id=2000
    ),
    "OF24": endpoints.update_offers([UPDATE], shop_id=2000),
    "OF01": endpoints.import_offers(b"sku;price;quantity\nMUG-1;12.90;4\n", filename="o.csv"),
    "OF01-products": endpoints.import_offers(
        b"sku;price\n", filename="o.csv", with_products=True, operator_format=False
    ),
    "OF02": endpoints.get_offer_import(2035, shop_id=2000),
    "OF03": endpoints.get_offer_error_report(2035),
    "OF04": endpoints.list_offer_imports(
        start_date=datetime(2026, 1, 1, 12, tzinfo=UTC), origins=["API"], shop_id=2000
    ),
    "OR11": endpoints.list_orders(
        start_update_date=datetime(2026, 1, 1, 12, tzinfo=UTC),
        end_update_date=datetime(2026, 1, 2, tzinfo=UTC),
        order_state_codes=["WAITING_ACCEPTANCE", "SHIPPING"],
        shop_id=2000,
    ),
    "OR11-seek": endpoints.list_orders(offset=None, page_token="tok-2", first_page=False),
    "OR11-ids": endpoints.list_orders(order_ids=["O-1-A", "O-2-A"]),
    "OR21": endpoints.accept_order(
        "O-1-A",
        [LineDecision(id="O-1-A-1", accepted=True), LineDecision(id="O-1-A-2", accepted=False)],
    ),
    "OR23": endpoints.update_tracking("O-1-A", Tracking(carrier_code="UPS", tracking_number="1Z")),
    "OR23-unregistered": endpoints.update_tracking(
        "O-1-A",
        Tracking(carrier_name="Coursier", carrier_url="https://c.example/t/9", tracking_number="9"),
    ),
    "OR24": endpoints.ship_order("O-1-A", shop_id=2000),
    "OR29": endpoints.cancel_order("O-1-A"),
    "OR30": endpoints.cancel_lines(
        [
            CancelationRequest(
                order_line_id="O-1-A-1",
                amount=Decimal("12.90"),
                shipping_amount=0,
                quantity=1,
                reason_code="34",
                taxes=[TaxAmount(code="TVA", amount=Decimal("2.15"))],
            )
        ],
        order_tax_mode="TAX_INCLUDED",
    ),
    "OR28": endpoints.refund_lines(
        [
            RefundRequest(
                order_line_id="O-1-A-1",
                amount=Decimal("5.50"),
                shipping_amount=Decimal("1.99"),
                reason_code="15",
                quantity=1,
            )
        ]
    ),
    "SH21": endpoints.list_carriers(),
}


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(base_url=BASE_URL) as http:
        yield http


def _wire(client: httpx.Client, request: ApiRequest) -> httpx.Request:
    return AUTH.apply(request).to_httpx(client)


@pytest.mark.needs_shared
@pytest.mark.parametrize("name", sorted(ALL_CALLS))
def test_request_validates_against_the_mmp_document(
    shared_specs: Path, client: httpx.Client, name: str
) -> None:
    validate_request(_wire(client, ALL_CALLS[name].request))


@pytest.mark.needs_shared
def test_the_mmp_contract_check_can_fail(shared_specs: Path, client: httpx.Client) -> None:
    body = {"order_lines": [{"id": "O-1-A-1"}]}  # no "accepted"
    wrong = httpx.Request(
        "PUT", f"{BASE_URL}/api/orders/O-1-A/accept", json=body, headers={"Authorization": "k"}
    )
    with pytest.raises(OpenAPIError):
        validate_request(wrong)
    with pytest.raises(OpenAPIError):
        validate_request(endpoints.list_carriers().request.to_httpx(client))  # unsigned


@pytest.mark.needs_shared
def test_a_null_the_client_sends_still_breaks_the_contract(shared_specs: Path) -> None:
    # The contract lets answers carry nulls (Mirakl writes an absent value so); never requests.
    body = {"carrier_code": None, "tracking_number": "1Z999"}
    sent = httpx.Request(
        "PUT", f"{BASE_URL}/api/orders/O-1-A/tracking", json=body, headers={"Authorization": "k"}
    )
    with pytest.raises(OpenAPIError):
        validate_request(sent)


def test_every_operation_the_client_sends_is_in_the_contract() -> None:
    assert {name.split("-")[0] for name in ALL_CALLS} <= SERVED


@pytest.mark.needs_shared
def test_a_complete_update_of_the_published_offer_validates(
    shared_specs: Path, client: httpx.Client
) -> None:
    sample = json.loads((shared_specs / "mirakl/samples/mmp_OF21_response_200.json").read_text())
    offer = OfferList.model_validate(sample).offers[0]
    channel_priced = offer.model_copy(
        update={
            "all_prices": [
                p for p in offer.all_prices if p.context is None or p.context.is_channel_only
            ]
        }
    )
    call = endpoints.update_offers([OfferUpdate.from_offer(channel_priced, quantity=7)])
    validate_request(_wire(client, call.request))


@pytest.mark.parametrize("name", sorted(ALL_CALLS))
def test_bucket_is_the_operation_code(name: str) -> None:
    request = ALL_CALLS[name].request
    assert request.operation == name.split("-")[0]
    expected = {
        "OF01-products": "OF01-products",
        "OR11-seek": "OR11-page",
        "OR11-ids": "OR11-ids",  # named orders: OR11's synchronous use
    }.get(name)
    assert request.bucket == (expected or request.operation)


def test_writes_that_move_an_order_or_money_are_never_blindly_retried() -> None:
    for name in ("OF24", "OF01", "OR21", "OR24", "OR29", "OR30", "OR28"):
        assert not ALL_CALLS[name].request.is_idempotent, name
    assert ALL_CALLS["OR23"].request.is_idempotent  # setting the same tracking twice is harmless


def test_offer_import_is_normal_mode_only(client: httpx.Client) -> None:
    wire = _wire(client, ALL_CALLS["OF01"].request)
    raw = b"Content-Type: " + wire.headers["content-type"].encode() + b"\r\n\r\n" + wire.read()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    parts = {
        str(part.get_param("name", header="content-disposition")): part.get_payload(decode=True)
        for part in message.iter_parts()
    }
    assert parts["import_mode"] == b"NORMAL"
    assert parts["file"] == b"sku;price;quantity\nMUG-1;12.90;4\n"


def test_of24_sends_money_as_json_numbers() -> None:
    body = ALL_CALLS["OF24"].request.json
    assert body["offers"][0]["price"] == 12.9
    assert body["offers"][0]["quantity"] == 4
    assert body["offers"][0]["update_delete"] == "update"


def test_or11_offset_and_seek_parameters() -> None:
    offset = dict(ALL_CALLS["OR11"].request.query_params())
    assert (offset["max"], offset["offset"], offset["sort"]) == ("100", "0", "dateCreated")
    assert offset["start_update_date"] == "2026-01-01T12:00:00Z"
    assert offset["order_state_codes"] == "WAITING_ACCEPTANCE,SHIPPING"
    seek = dict(ALL_CALLS["OR11-seek"].request.query_params())
    assert seek == {"limit": "100", "page_token": "tok-2"}


def test_bad_input_is_refused_before_anything_is_sent() -> None:
    with pytest.raises(ValueError, match="at most 100 order ids"):
        endpoints.list_orders(order_ids=[f"O-{n}" for n in range(101)])
    with pytest.raises(ValueError, match="limit"):
        endpoints.list_offers(limit=101)
    with pytest.raises(ValueError, match="decided twice"):
        endpoints.accept_order("O", [LineDecision(id="L", accepted=True)] * 2)
    with pytest.raises(ValueError, match="sent twice"):
        endpoints.update_offers([UPDATE, UPDATE])
    with pytest.raises(ValueError, match="carrier"):
        endpoints.update_tracking("O", Tracking(tracking_number="1"))
    with pytest.raises(ValueError, match="naive"):
        endpoints.list_orders(start_update_date=datetime(2026, 1, 1))


def test_order_ids_are_escaped_in_paths() -> None:
    assert endpoints.ship_order("A/B 1").request.path == "/api/orders/A%2FB%201/ship"


def test_from_offer_keeps_the_fields_of24_would_reset() -> None:
    offer = Offer.model_validate(
        {
            "offer_id": 1,
            "shop_sku": "MUG-1",
            "product_sku": "MKP1",
            "quantity": 5,
            "price": 10,
            "state_code": "11",
            "leadtime_to_ship": 3,
            "min_order_quantity": 1,
            "max_order_quantity": 4,
            "description": "Blue mug",
            "logistic_class": {"code": "S", "label": "Small"},
            "discount": {
                "discount_price": 8,
                "origin_price": 10,
                "start_date": "2026-01-01T00:00:00Z",
            },
        }
    )
    wire = OfferUpdate.from_offer(offer, quantity=0).wire()
    assert wire["quantity"] == 0
    for field, value in {
        "leadtime_to_ship": 3,
        "max_order_quantity": 4,
        "price": 10,
        "description": "Blue mug",
        "logistic_class": "S",
    }.items():
        assert wire[field] == value
    assert wire["discount"] == {"price": 8, "start_date": "2026-01-01T00:00:00Z"}
