"""The seller (MMP) wire models read every published example of their operations, and hold
Mirakl's behaviours: unknown states kept, money as Decimal, timestamps aware UTC."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter

from marketplace_sdk.core._errors import UnsupportedOperation
from marketplace_sdk.core._results import Outcome
from marketplace_sdk.mirakl import (
    Account,
    LineDecision,
    OfferImport,
    OfferImportCreated,
    OfferImportStatus,
    OfferUpdate,
    Order,
    OrderDeduplicator,
    OrderState,
    RefundRequest,
    Tracking,
    decisions_for,
    offer_file_skus,
    offer_import_results,
)
from marketplace_sdk.mirakl._models import (
    CancelationRequest,
    CancelationsCreated,
    CarrierList,
    OfferList,
    OffersUpdate,
    OrderList,
    RefundsCreated,
)
from marketplace_sdk.mirakl._models.offers import json_numbers
from marketplace_sdk.mirakl._reports import ErrorReportLine

#: Each MMP example of an operation the seller client speaks, and the model that reads it.
SAMPLES: dict[str, type[BaseModel]] = {
    "mmp_A01_response_200.json": Account,
    "mmp_OF01_response_201.json": OfferImportCreated,
    "mmp_OF02_response_200.json": OfferImport,
    "mmp_OF21_response_200.json": OfferList,
    "mmp_OF24_request.json": OffersUpdate,
    "mmp_OF24_response_201.json": OfferImportCreated,
    "mmp_OR11_response_200.json": OrderList,
    "mmp_OR23_request.json": Tracking,
    "mmp_OR28_response_200.json": RefundsCreated,
    "mmp_OR30_response_200.json": CancelationsCreated,
    "mmp_SH21_response_200.json": CarrierList,
}


def _sample(shared_specs: Path, name: str) -> Any:
    return json.loads((shared_specs / "mirakl" / "samples" / name).read_text("utf-8"))


@pytest.mark.needs_shared
def test_every_mmp_sample_of_the_client_operations_is_covered(shared_specs: Path) -> None:
    in_scope = (
        "A01",
        "OF01",
        "OF02",
        "OF21",
        "OF24",
        "OR11",
        "OR21",
        "OR23",
        "OR28",
        "OR30",
        "SH21",
    )
    names = {path.name for path in (shared_specs / "mirakl" / "samples").glob("mmp_*.json")}
    ours = {name for name in names if name.split("_")[1] in in_scope}
    special = {
        "mmp_OF01_request_multipart_fields.json",
        "mmp_OR21_request.json",
        "mmp_OR28_request.json",
        "mmp_OR30_request.json",
    }
    assert ours == set(SAMPLES) | special


@pytest.mark.needs_shared
@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_sample_parses(shared_specs: Path, name: str) -> None:
    SAMPLES[name].model_validate(_sample(shared_specs, name))


@pytest.mark.needs_shared
def test_request_samples_parse_as_the_client_models(shared_specs: Path) -> None:
    decisions = TypeAdapter(list[LineDecision]).validate_python(
        _sample(shared_specs, "mmp_OR21_request.json")["order_lines"]
    )
    assert decisions == [LineDecision(id="Order_00012-B-1", accepted=True)]
    refund = RefundRequest.model_validate(
        _sample(shared_specs, "mmp_OR28_request.json")["refunds"][0]
    )
    assert (refund.amount, refund.shipping_amount) == (Decimal("1.5"), Decimal("2"))
    cancel = CancelationRequest.model_validate(
        _sample(shared_specs, "mmp_OR30_request.json")["cancelations"][0]
    )
    assert cancel.reason_code == "34"  # sent as a number in Mirakl's example
    fields = _sample(shared_specs, "mmp_OF01_request_multipart_fields.json")
    assert fields["import_mode"] == "NORMAL"
    skus = offer_file_skus(fields["file"])
    assert skus == {2: "OFFER_SKU_004"}


@pytest.mark.needs_shared
def test_the_published_order_reads_as_typed_values(shared_specs: Path) -> None:
    order = OrderList.model_validate(_sample(shared_specs, "mmp_OR11_response_200.json")).orders[0]
    assert order.order_state is OrderState.RECEIVED
    assert order.commercial_id == "Order_00010"
    assert order.order_id == "Order_00010-A"
    assert order.total_price == Decimal("173")
    assert order.customer_debited_date == datetime(2019, 4, 2, 14, 58, 22, 460000, tzinfo=UTC)
    line = order.order_lines[0]
    assert line.refunds
    assert line.refunds[0].amount == Decimal("6.82")
    assert "Taylor" not in repr(order)
    assert "MacDougal" not in repr(order.customer)


@pytest.mark.needs_shared
def test_the_published_offer_round_trips_except_customer_prices(shared_specs: Path) -> None:
    offer = OfferList.model_validate(_sample(shared_specs, "mmp_OF21_response_200.json")).offers[0]
    with pytest.raises(UnsupportedOperation, match="PRI01"):
        OfferUpdate.from_offer(offer, quantity=1)
    kept = [p for p in offer.all_prices if p.context is None or p.context.is_channel_only]
    update = OfferUpdate.from_offer(offer.model_copy(update={"all_prices": kept}), quantity=1)
    wire = update.wire()
    assert wire["quantity"] == 1
    assert wire["price"] == 49
    assert wire["leadtime_to_ship"] == 10
    assert wire["logistic_class"] == "M"
    assert wire["discount"]["ranges"][1] == {"price": 44, "quantity_threshold": 50}
    assert [item.get("channel_code") for item in wire["all_prices"]] == [None, "US"]
    assert {field["code"] for field in wire["offer_additional_fields"]} == {
        "ecotax",
        "gift-wrap",
        "min-quantity-ordered",
    }


def test_unknown_states_are_kept_raw() -> None:
    order = Order.model_validate(
        {
            "order_id": "O-A",
            "order_state": "WAITING_SCORING",
            "order_lines": [{"order_line_id": "O-A-1", "order_line_state": "WAITING_SCORING"}],
        }
    )
    assert order.unknown_state == "WAITING_SCORING"
    assert order.order_lines[0].unknown_state == "WAITING_SCORING"
    status = OfferImport.model_validate({"import_id": 1, "status": "QUEUED"})
    assert status.status == "QUEUED"
    assert not status.is_final


def test_timestamps_with_and_without_milliseconds() -> None:
    a = Order.model_validate(
        {
            "order_id": "A",
            "order_state": "SHIPPING",
            "last_updated_date": "2025-05-12T11:30:25.040Z",
        }
    )
    b = Order.model_validate(
        {"order_id": "A", "order_state": "SHIPPING", "last_updated_date": "2025-05-12T11:30:25Z"}
    )
    assert a.last_updated_date is not None
    assert a.last_updated_date.tzinfo is not None
    assert a.dedupe_key != b.dedupe_key


_ORDER = st.builds(
    lambda order_id, second: Order(
        order_id=f"O-{order_id}-A",
        order_state="SHIPPING",
        last_updated_date=datetime(2026, 1, 1, 0, 0, second, tzinfo=UTC),
    ),
    st.integers(0, 5),
    st.integers(0, 3),
)


@given(st.lists(_ORDER, max_size=40))
def test_dedupe_hands_out_each_version_once_and_loses_none(orders: list[Order]) -> None:
    seen = OrderDeduplicator()
    handed = [order for order in orders if seen.is_new(order)]
    assert len({order.dedupe_key for order in handed}) == len(handed)
    assert {order.dedupe_key for order in handed} == {order.dedupe_key for order in orders}


@given(
    st.lists(st.sampled_from(["A", "B", "C", "D", "E"]), unique=True, min_size=1),
    st.sets(st.sampled_from(["A", "B", "C", "D", "E", "Z"])),
    st.sampled_from(list(OfferImportStatus)),
    st.integers(0, 2),
    st.booleans(),
)
def test_every_sku_gets_one_result_and_none_is_ok_when_the_report_cannot_tell(
    skus: list[str], refused: set[str], state: OfferImportStatus, pending: int, untied: bool
) -> None:
    errors = [
        ErrorReportLine(line=None, message=f"bad {sku}", fields={"sku": sku})
        for sku in sorted(refused)
    ]
    if untied:
        errors.append(ErrorReportLine(line=9, message="no sku"))
    status = OfferImport(
        import_id=3,
        status=state,
        lines_in_pending=pending,
        lines_in_error=len(errors),
        has_error_report=bool(errors),
    )
    results = offer_import_results(status, skus, errors)
    assert [result.key for result in results] == skus
    for result in results:
        if result.key in refused and state.is_final:
            assert result.outcome is Outcome.REJECTED
        if result.outcome is Outcome.OK:
            assert state is OfferImportStatus.COMPLETE
            assert not pending
            assert not untied
            assert result.key not in refused


def test_decisions_cover_every_line() -> None:
    order = Order.model_validate(
        {
            "order_id": "O",
            "order_state": "WAITING_ACCEPTANCE",
            "order_lines": [{"order_line_id": "O-1", "order_line_state": "WAITING_ACCEPTANCE"}],
        }
    )
    assert decisions_for(order, accept=False) == [LineDecision(id="O-1", accepted=False)]
    with pytest.raises(ValueError, match="no line"):
        decisions_for(order, refuse=["O-2"])


#: OF21 field -> the OF24 field that carries it back (MIRAKL-Q06: a field not sent is reset).
_KEPT = {
    "description": "description",
    "internal_description": "internal_description",
    "price_additional_info": "price_additional_info",
    "leadtime_to_ship": "leadtime_to_ship",
    "min_order_quantity": "min_order_quantity",
    "max_order_quantity": "max_order_quantity",
    "min_quantity_alert": "min_quantity_alert",
    "package_quantity": "package_quantity",
    "allow_quote_requests": "allow_quote_requests",
    "product_tax_code": "product_tax_code",
    "msrp": "msrp",
}
_VALUES = {
    "description": st.text(min_size=1, max_size=5),
    "internal_description": st.text(min_size=1, max_size=5),
    "price_additional_info": st.text(min_size=1, max_size=5),
    "leadtime_to_ship": st.integers(0, 30),
    "min_order_quantity": st.integers(1, 5),
    "max_order_quantity": st.integers(1, 50),
    "min_quantity_alert": st.integers(0, 9),
    "package_quantity": st.integers(1, 6),
    "allow_quote_requests": st.booleans(),
    "product_tax_code": st.text(min_size=1, max_size=5),
    "msrp": st.decimals(min_value=1, max_value=999, places=2),
}
_PRICES = st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2)


@given(
    st.fixed_dictionaries({}, optional=_VALUES),
    st.none() | st.integers(0, 999),
    st.none() | _PRICES,
    _PRICES,
)
def test_a_complete_update_loses_no_field_of_the_offer(
    fields: dict[str, Any], quantity: int | None, price: Decimal | None, current: Decimal
) -> None:
    offer = OfferList.model_validate(
        {
            "offers": [
                {
                    "offer_id": 1,
                    "shop_sku": "A",
                    "product_sku": "P",
                    "quantity": 5,
                    "price": current,
                    "state_code": "11",
                    **fields,
                }
            ]
        }
    ).offers[0]
    wire = OfferUpdate.from_offer(offer, quantity=quantity, price=price).wire()
    for field, value in fields.items():
        sent = wire[_KEPT[field]]
        assert (Decimal(str(sent)) if isinstance(value, Decimal) else sent) == value
    assert wire["quantity"] == (5 if quantity is None else quantity)
    assert Decimal(str(wire["price"])) == (current if price is None else price)
    assert wire["update_delete"] == "update"


@given(st.decimals(min_value=Decimal("-1e9"), max_value=Decimal("1e9"), places=2))
def test_money_goes_out_as_the_exact_json_number(amount: Decimal) -> None:
    text = json.dumps(json_numbers({"amount": amount}))
    assert json.loads(text, parse_float=Decimal)["amount"] == amount
