"""Every request the FNAC endpoint functions build validates against FNAC's official XSD."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from tests.fnac.xsd_contract import TEST_UUID, assert_valid, validation_errors, xsd_dir

from marketplace_sdk.core._request import Call
from marketplace_sdk.fnac import (
    ClientOrderCommentsQueryRequest,
    CommentReply,
    FnacCredentials,
    FnacTokenAuth,
    IncidentDetailRefund,
    IncidentsQueryRequest,
    IncidentUpdate,
    MessagesQueryRequest,
    MessageUpdate,
    OffersQueryRequest,
    OfferUpdate,
    OrdersQueryRequest,
    OrderState,
    OrderUpdate,
    PricingSellers,
    ProductReference,
    ShopInvoicesQueryRequest,
)
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac._models import (
    MessageAction,
    MessageSubject,
    MessageTo,
    MessageType,
    OfferDateType,
    OrderDateType,
    OrderDetailAction,
    OrderDetailUpdate,
    OrderUpdateAction,
    ProductReferenceType,
    ProductState,
    QuantityMode,
    RefundReason,
    SortOrder,
)

T = TypeVar("T")

ORDER_ID = "57BEAFDA828A8"
START = datetime(2026, 1, 1, tzinfo=UTC)
END = datetime(2026, 1, 31, 23, 59, 59, tzinfo=UTC)
CREDENTIALS = FnacCredentials(partner_id=TEST_UUID, shop_id=TEST_UUID, key="the-key")

FULL_OFFER = OfferUpdate(
    offer_reference="SKU-1",
    product_reference="0711719247159",
    product_reference_type=ProductReferenceType.EAN,
    price=Decimal("15.90"),
    product_state=ProductState.NEW,
    quantity=10,
    description="New product - 2-3 days shipping, from France",
    internal_comment="shelf B2",
    showcase=1,
    instead_of_price=Decimal("19.90"),
    adherent_price=Decimal("14.90"),
    is_shipping_free=True,
    pictures=["https://img.example/1.jpg", "https://img.example/2.jpg"],
    logistic_type_id="LT1",
    time_to_ship=3,
)


def _authenticated(call: Call[object]) -> bytes:
    auth = FnacTokenAuth(CREDENTIALS)
    auth.store_token(TEST_UUID, validity=datetime(2099, 1, 1, tzinfo=UTC))
    content = auth.apply(call.request).content
    assert content is not None
    return content


REQUESTS: dict[str, Call[object]] = {
    "offers_update full offer": endpoints.offers_update([FULL_OFFER]),
    "offers_update stock only": endpoints.offers_update(
        [OfferUpdate(offer_reference="SKU-2", quantity=0)]
    ),
    "offers_update delete": endpoints.offers_update(
        [OfferUpdate(offer_reference="SKU-3", treatment="delete")]
    ),
    "batch_status": endpoints.batch_status("5D239E08-F6C1-8965-F2FA-7EFCC9E7BAD1"),
    "batch_query": endpoints.batch_query(),
    "batch_query window": endpoints.batch_query(START, END),
    "offers_query plain": endpoints.offers_query(OffersQueryRequest()),
    "offers_query filtered": endpoints.offers_query(
        OffersQueryRequest(
            paging=2,
            results_count=50,
            date_type=OfferDateType.MODIFIED,
            date_min=START,
            date_max=END,
            quantity_mode=QuantityMode.GREATER_THAN,
            quantity_value=0,
            offer_seller_id="SKU-1",
            with_fees=True,
        )
    ),
    "offers_query created, by product": endpoints.offers_query(
        OffersQueryRequest(date_type=OfferDateType.CREATED, date_min=START, product_fnac_id="1")
    ),
    "orders_query plain": endpoints.orders_query(OrdersQueryRequest(paging=1, results_count=10)),
    "orders_query one state and window": endpoints.orders_query(
        OrdersQueryRequest(
            paging=1,
            date_type=OrderDateType.UPDATED_AT,
            date_min=START,
            date_max=END,
            states=[OrderState.CREATED],
            sort_by=SortOrder.ASC,
        )
    ),
    "orders_query states and ids": endpoints.orders_query(
        OrdersQueryRequest(
            states=[OrderState.ACCEPTED, OrderState.TO_SHIP, OrderState.SHIPPED],
            order_fnac_ids=[ORDER_ID, "57BEB008B27C6"],
            offer_seller_id="SKU-1",
            offer_fnac_id="8D7472DB-7EAF-CE05-A960-FC12B812FA14",
            product_fnac_id="2703768",
        )
    ),
    "orders_query cancelled window": endpoints.orders_query(
        OrdersQueryRequest(date_type=OrderDateType.CANCELLED_AT, date_min=START)
    ),
    "orders_update accept per line": endpoints.orders_update(
        [OrderUpdate.accept(ORDER_ID, {1: True, 2: False})]
    ),
    "orders_update accept all": endpoints.orders_update([OrderUpdate.accept_all(ORDER_ID)]),
    "orders_update confirm to send": endpoints.orders_update(
        [OrderUpdate.confirm_to_send(ORDER_ID, [1, 2], "1Z999AA10123456784", "UPS")]
    ),
    "orders_update confirm all to send": endpoints.orders_update(
        [OrderUpdate.confirm_all_to_send(ORDER_ID, "TRACK1", "LAPOSTE")]
    ),
    "orders_update update tracking": endpoints.orders_update(
        [OrderUpdate.update(ORDER_ID, [1], "TRACK2", "DHL")]
    ),
    "orders_update update all": endpoints.orders_update([OrderUpdate.update_all(ORDER_ID, "T3")]),
    "orders_update refund": endpoints.orders_update(
        [
            OrderUpdate(
                order_id=ORDER_ID,
                action=OrderUpdateAction.REFUND_ORDER,
                order_details=[
                    OrderDetailUpdate(
                        order_detail_id=1,
                        action=OrderDetailAction.REFUNDED,
                        refund_reason=RefundReason.NO_STOCK,
                    )
                ],
            )
        ]
    ),
    "carriers_query": endpoints.carriers_query(),
    "pricing_query": endpoints.pricing_query(
        [
            ProductReference(value="9780262510875"),
            ProductReference(value="2359109693", type=ProductReferenceType.ISBN),
            ProductReference(value="8172119", type=ProductReferenceType.FNAC_ID),
        ],
        sellers=PricingSellers.OTHERS,
    ),
    "client_order_comments_query": endpoints.client_order_comments_query(
        ClientOrderCommentsQueryRequest(
            paging=1,
            results_count=20,
            date_type="Created",
            date_min=START,
            date_max=END,
            rate_mode=QuantityMode.LESS_THAN,
            rate_value=3,
            order_fnac_id=ORDER_ID,
        )
    ),
    "client_order_comments_update": endpoints.client_order_comments_update(
        [CommentReply(comment_id="8D7472DB-7EAF-CE05-A960-FC12B812FA14", reply="Merci !")]
    ),
    "messages_query": endpoints.messages_query(
        MessagesQueryRequest(
            paging=1,
            results_count=100,
            date_type="CreatedAt",
            date_min=START,
            message_type=MessageType.ORDER,
            message_archived=False,
            message_state="UNREAD",
            order_fnac_id=ORDER_ID,
            sort_by="CREATED_AT",
            sort_order=SortOrder.ASC,
            from_types=["CLIENT", "CALLCENTER"],
        )
    ),
    "messages_update": endpoints.messages_update(
        [
            MessageUpdate(
                message_id="6F9EF013-6387-F433-C3F5-4AAEF32AA317",
                action=MessageAction.REPLY,
                message_to=MessageTo.CLIENT,
                message_subject=MessageSubject.ORDER_INFORMATION,
                message_description="Your parcel left today.",
                message_type=MessageType.ORDER,
            ),
            MessageUpdate(message_id="M2", action=MessageAction.MARK_AS_READ),
        ]
    ),
    "incidents_query": endpoints.incidents_query(
        IncidentsQueryRequest(
            paging=1,
            results_count=100,
            date_type="UpdatedAt",
            date_min=START,
            date_max=END,
            status="OPENED",
            types=["8"],
            waiting_for_seller_answer=True,
            opened_by="client",
            sort_by=SortOrder.DESC,
            order_ids=[ORDER_ID],
        )
    ),
    "incidents_update": endpoints.incidents_update(
        [
            IncidentUpdate(
                order_id=ORDER_ID,
                order_details=[
                    IncidentDetailRefund(order_detail_id=2, refund_reason=RefundReason.NO_STOCK)
                ],
            )
        ]
    ),
    "shop_invoices_query": endpoints.shop_invoices_query(
        ShopInvoicesQueryRequest(paging=1, results_count=100, date_min=START, date_max=END)
    ),
}


@pytest.mark.needs_shared
@pytest.mark.parametrize("name", sorted(REQUESTS))
def test_request_validates_against_its_xsd(shared_specs: Path, name: str) -> None:
    assert_valid(xsd_dir(shared_specs), _authenticated(REQUESTS[name]))


@pytest.mark.needs_shared
def test_auth_request_validates_against_its_xsd(shared_specs: Path) -> None:
    content = FnacTokenAuth(CREDENTIALS).refresh_call().request.content
    assert content is not None
    assert_valid(xsd_dir(shared_specs), content)


@pytest.mark.needs_shared
def test_every_paginated_page_validates(shared_specs: Path) -> None:
    pagers = [
        endpoints.offers_pages(OffersQueryRequest(results_count=10)),
        endpoints.orders_pages(OrdersQueryRequest(states=[OrderState.CREATED])),
        endpoints.messages_pages(),
        endpoints.incidents_pages(),
        endpoints.client_order_comments_pages(),
        endpoints.shop_invoices_pages(),
    ]
    for pager in pagers:
        assert_valid(xsd_dir(shared_specs), _authenticated(pager.first()))


@pytest.mark.needs_shared
def test_a_request_without_header_is_rejected_by_the_xsd(shared_specs: Path) -> None:
    # The validator itself must catch a missing header, or the tests above prove nothing.
    content = endpoints.carriers_query().request.content
    assert content is not None
    assert validation_errors(xsd_dir(shared_specs), content)


def test_every_service_of_the_issue_is_covered() -> None:
    services = {call.request.path for call in REQUESTS.values()}
    assert services == {
        "offers_update",
        "batch_status",
        "batch_query",
        "offers_query",
        "orders_query",
        "orders_update",
        "carriers_query",
        "pricing_query",
        "client_order_comments_query",
        "client_order_comments_update",
        "messages_query",
        "messages_update",
        "incidents_query",
        "incidents_update",
        "shop_invoices_query",
    }


def test_requests_are_posted_as_text_xml_in_the_fnac_namespace() -> None:
    for call in REQUESTS.values():
        assert call.request.method == "POST"
        assert call.request.headers["Content-Type"].startswith("text/xml")
        assert call.request.content is not None
        root = etree.fromstring(call.request.content)
        assert root.tag == f"{{http://www.fnac.com/schemas/mp-dialog.xsd}}{call.request.path}"


def test_header_attributes_are_added_on_the_root() -> None:
    root = etree.fromstring(_authenticated(endpoints.carriers_query()))
    assert {key: root.get(key) for key in ("partner_id", "shop_id", "token")} == {
        "partner_id": TEST_UUID,
        "shop_id": TEST_UUID,
        "token": TEST_UUID,
    }


def test_queries_are_idempotent_and_updates_are_not() -> None:
    for call in REQUESTS.values():
        is_update = call.request.path.endswith("_update")
        assert call.request.is_idempotent is not is_update, call.request.path


def _maybe(strategy: st.SearchStrategy[T]) -> st.SearchStrategy[T | None]:
    return st.none() | strategy


OFFERS = st.builds(
    OfferUpdate,
    offer_reference=st.text(min_size=1, max_size=40),
    product_reference=_maybe(st.text(alphabet="0123456789", min_size=8, max_size=13)),
    price=_maybe(st.decimals(min_value=Decimal("0.90"), max_value=Decimal("20000"), places=2)),
    product_state=_maybe(st.sampled_from(ProductState)),
    quantity=_maybe(st.integers(min_value=0, max_value=9999)),
    description=_maybe(st.text(max_size=255)),
    internal_comment=_maybe(st.text(max_size=255)),
    treatment=_maybe(st.just("delete")),
)


@pytest.mark.needs_shared
@settings(max_examples=60, deadline=None)
@given(offers=st.lists(OFFERS, min_size=1, max_size=5))
def test_any_valid_offer_update_validates(shared_specs: Path, offers: list[OfferUpdate]) -> None:
    # Any text a catalogue holds (control characters included) still makes a valid document.
    assert_valid(xsd_dir(shared_specs), _authenticated(endpoints.offers_update(offers)))
