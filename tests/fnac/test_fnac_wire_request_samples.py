"""The endpoints build the same documents as the recorded client requests in the samples."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from marketplace_sdk.core._request import Call
from marketplace_sdk.fnac import (
    ClientOrderCommentsQueryRequest,
    CommentReply,
    IncidentDetailRefund,
    IncidentsQueryRequest,
    IncidentUpdate,
    MessagesQueryRequest,
    MessageUpdate,
    OffersQueryRequest,
    OfferUpdate,
    OrdersQueryRequest,
    OrderUpdate,
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
    ProductReferenceType,
    ProductState,
    RefundReason,
)

pytestmark = pytest.mark.needs_shared

HEADER = {"partner_id", "shop_id", "token"}
SHIPPING = "New product - 2-3 days shipping, from France"


def _offer(
    ean: str, sku: str, price: str, quantity: int, description: str = SHIPPING
) -> OfferUpdate:
    return OfferUpdate(
        product_reference=ean,
        offer_reference=sku,
        price=Decimal(price),
        product_state=ProductState.NEW,
        quantity=quantity,
        description=description,
    )


#: Recorded request sample -> the call the SDK builds for the same intent.
SAME_AS: dict[str, Call[Any]] = {
    "delete_offers_request.xml": endpoints.offers_update(
        [
            OfferUpdate(offer_reference="B76A-CD5-153", treatment="delete"),
            OfferUpdate(offer_reference="B067-F0D-75E", treatment="delete"),
        ]
    ),
    "update_offers_request.xml": endpoints.offers_update(
        [
            _offer("0711719247159", "B76A-CD5-153", "15", 10),
            _offer("5030917077418", "B067-F0D-75E", "20", 16),
            _offer(
                "5051889022091",
                "561C-385-9BE",
                "10.55",
                16,
                "New product - Blu-ray disc - 2-3 days shipping, from France",
            ),
            _offer("9780262510875", "B76A-CD5-444", "80.0", 10),
            OfferUpdate(
                product_reference="1593275919",
                product_reference_type=ProductReferenceType.ISBN,
                offer_reference="A31F-B6C-95F",
                price=Decimal("30.0"),
                product_state=ProductState.NEW,
                quantity=1,
                description=SHIPPING,
            ),
        ]
    ),
    "get_batch_status_request.xml": endpoints.batch_status("5D239E08-F6C1-8965-F2FA-7EFCC9E7BAD1"),
    "query_batch_request.xml": endpoints.batch_query(),
    "query_carriers_request.xml": endpoints.carriers_query(),
    "query_client_order_comments_request.xml": endpoints.client_order_comments_query(
        ClientOrderCommentsQueryRequest(paging=1)
    ),
    "update_client_order_comments_request.xml": endpoints.client_order_comments_update(
        [CommentReply(comment_id="8D7472DB-7EAF-CE05-A960-FC12B812FA14", reply="Hello")]
    ),
    "query_incidents_request.xml": endpoints.incidents_query(
        IncidentsQueryRequest(paging=1, results_count=100)
    ),
    "update_incidents_request.xml": endpoints.incidents_update(
        [
            IncidentUpdate(
                order_id="57BEAFDA828A8",
                order_details=[
                    IncidentDetailRefund(order_detail_id=2, refund_reason=RefundReason.NO_STOCK)
                ],
            )
        ]
    ),
    "query_messages_request.xml": endpoints.messages_query(
        MessagesQueryRequest(paging=1, results_count=100)
    ),
    "update_messages_request.xml": endpoints.messages_update(
        [
            MessageUpdate(
                message_id="6F9EF013-6387-F433-C3F5-4AAEF32AA317",
                action=MessageAction.MARK_AS_READ,
                message_to=MessageTo.ALL,
                message_subject=MessageSubject.ORDER_INFORMATION,
                message_description="",
                message_type=MessageType.ORDER,
            )
        ]
    ),
    "query_offers_request.xml": endpoints.offers_query(
        OffersQueryRequest(
            results_count=100,
            date_type=OfferDateType.CREATED,
            date_min=datetime(2016, 8, 23, tzinfo=UTC),
            date_max=datetime(2016, 8, 31, tzinfo=UTC),
        )
    ),
    "query_orders_request.xml": endpoints.orders_query(
        OrdersQueryRequest(paging=1, results_count=10)
    ),
    "update_orders_request.xml": endpoints.orders_update(
        [OrderUpdate.accept("57BEAFDA828A8", {1: True, 2: True})]
    ),
    "query_pricing_request.xml": endpoints.pricing_query(
        [
            ProductReference(value="9780262510875"),
            ProductReference(value="2359109693", type=ProductReferenceType.ISBN),
            ProductReference(value="8172119", type=ProductReferenceType.FNAC_ID),
        ]
    ),
    "query_shop_invoices_request.xml": endpoints.shop_invoices_query(
        ShopInvoicesQueryRequest(paging=1, results_count=100)
    ),
}


def canonical(node: etree._Element) -> tuple[Any, ...]:
    """Tag, attributes (without the header), stripped text and children, recursively."""
    attributes = {key: value for key, value in node.attrib.items() if key not in HEADER}
    text = (node.text or "").strip()
    return (node.tag, attributes, text, [canonical(item) for item in node])


@pytest.mark.parametrize("name", sorted(SAME_AS))
def test_request_matches_the_recorded_one(shared_specs: Path, name: str) -> None:
    recorded = (shared_specs / "fnac-legacy" / "samples" / name).read_bytes()
    ours = SAME_AS[name].request.content or b""
    assert canonical(etree.fromstring(ours)) == canonical(etree.fromstring(recorded))
