"""Every recorded FNAC response parses through the endpoint functions and keeps what the OMS uses.

The samples are real sandbox traffic (see `specs/fnac-legacy/README.md`); several of them break
FNAC's own XSD, which is why the parser is lenient.
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pytest

from marketplace_sdk.core._errors import ApiError, InvalidRequestError, ResponseParseError
from marketplace_sdk.core._request import Call
from marketplace_sdk.fnac import (
    ClientOrderCommentsQueryRequest,
    CommentReply,
    FnacCredentials,
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
    ProductReference,
    ShopInvoicesQueryRequest,
)
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac._models import (
    MessageAction,
    OrderDetailState,
    ProductState,
    ResponseStatus,
)

pytestmark = pytest.mark.needs_shared

ORDER_ID = "57BEAFDA828A8"

#: Sample file -> the call whose `parse` reads it.
CALL_FOR_SAMPLE: dict[str, Call[Any]] = {
    "auth_response.xml": endpoints.auth(FnacCredentials(partner_id="p", shop_id="s", key="k")),
    "delete_offers_response.xml": endpoints.offers_update([OfferUpdate(offer_reference="A")]),
    "update_offers_response.xml": endpoints.offers_update([OfferUpdate(offer_reference="A")]),
    "update_offers_without_offer_reference_response.xml": endpoints.offers_update(
        [OfferUpdate(offer_reference="A")]
    ),
    "get_batch_status_response.xml": endpoints.batch_status("B"),
    "query_batch_response.xml": endpoints.batch_query(),
    "query_carriers_response.xml": endpoints.carriers_query(),
    "query_client_order_comments_response.xml": endpoints.client_order_comments_query(
        ClientOrderCommentsQueryRequest()
    ),
    "update_client_order_comments_response.xml": endpoints.client_order_comments_update(
        [CommentReply(comment_id="C", reply="r")]
    ),
    "query_incidents_response.xml": endpoints.incidents_query(IncidentsQueryRequest()),
    "update_incidents_response.xml": endpoints.incidents_update(
        [IncidentUpdate(order_id=ORDER_ID, order_details=[IncidentDetailRefund()])]
    ),
    "query_messages_response.xml": endpoints.messages_query(MessagesQueryRequest()),
    "messages_sample.xml": endpoints.messages_query(MessagesQueryRequest()),
    "update_messages_response.xml": endpoints.messages_update(
        [MessageUpdate(message_id="M", action=MessageAction.MARK_AS_READ)]
    ),
    "query_offers_response.xml": endpoints.offers_query(OffersQueryRequest()),
    "query_orders_response.xml": endpoints.orders_query(OrdersQueryRequest()),
    "update_orders_response.xml": endpoints.orders_update([OrderUpdate.accept_all(ORDER_ID)]),
    "query_pricing_response.xml": endpoints.pricing_query([ProductReference(value="1")]),
    "query_pricing_more_than_ten_eans_response.xml": endpoints.pricing_query(
        [ProductReference(value="1")]
    ),
    "query_pricing_with_invalid_code_type_response.xml": endpoints.pricing_query(
        [ProductReference(value="1")]
    ),
    "query_pricing_with_invalid_ean_response.xml": endpoints.pricing_query(
        [ProductReference(value="1")]
    ),
    "query_pricing_with_no_ean_response.xml": endpoints.pricing_query(
        [ProductReference(value="1")]
    ),
    "query_shop_invoices_response.xml": endpoints.shop_invoices_query(ShopInvoicesQueryRequest()),
    "empty_response.xml": endpoints.orders_query(OrdersQueryRequest()),
}

#: Samples that are FNAC errors at the root: (code, class, start of the message).
ERROR_SAMPLES = {
    "query_pricing_more_than_ten_eans_response.xml": (
        "ERR_105",
        InvalidRequestError,
        "The limit of requested elements is reached",
    ),
    "query_pricing_with_invalid_code_type_response.xml": (
        "ERR_146",
        InvalidRequestError,
        "XML Schema Validation failed",
    ),
    "update_offers_without_offer_reference_response.xml": (
        "ERR_096",
        InvalidRequestError,
        "XML Validation failed",
    ),
}


def samples(shared_specs: Path) -> Path:
    return shared_specs / "fnac-legacy" / "samples"


def parse(shared_specs: Path, name: str) -> Any:
    body = (samples(shared_specs) / name).read_bytes()
    return CALL_FOR_SAMPLE[name].parse(httpx.Response(200, content=body))


def test_every_response_sample_is_covered(shared_specs: Path) -> None:
    files = {path.name for path in samples(shared_specs).glob("*.xml")}
    responses = {name for name in files if not name.endswith("_request.xml")}
    assert responses == set(CALL_FOR_SAMPLE)


@pytest.mark.parametrize("name", sorted(set(CALL_FOR_SAMPLE) - set(ERROR_SAMPLES)))
def test_sample_parses(shared_specs: Path, name: str) -> None:
    if name == "empty_response.xml":
        with pytest.raises(ResponseParseError):
            parse(shared_specs, name)
    else:
        assert parse(shared_specs, name) is not None


@pytest.mark.parametrize("name", sorted(ERROR_SAMPLES))
def test_error_samples_raise_typed_errors(shared_specs: Path, name: str) -> None:
    code, cls, message = ERROR_SAMPLES[name]
    with pytest.raises(cls) as caught:
        parse(shared_specs, name)
    assert isinstance(caught.value, ApiError)
    assert caught.value.code == code
    assert caught.value.message.startswith(message)
    assert caught.value.marketplace == "fnac"


def test_auth_sample_gives_token_and_validity(shared_specs: Path) -> None:
    answer = parse(shared_specs, "auth_response.xml")
    assert answer.token.get_secret_value() == "61DF8A84-4465-7D36-20A4-00F941207026"
    assert answer.validity == datetime(2016, 9, 8, 22, 0, tzinfo=UTC)
    assert answer.version == "2.4.0"
    assert "61DF8A84" not in repr(answer)


def test_offers_update_samples_give_the_batch(shared_specs: Path) -> None:
    assert parse(shared_specs, "update_offers_response.xml").batch_id == (
        "201B37C5-FD24-3DB8-4EE0-07602B05353E"
    )
    assert parse(shared_specs, "delete_offers_response.xml").batch_id == (
        "82E17744-B56F-A6B5-4A63-670CB2EA1552"
    )


def test_batch_samples(shared_specs: Path) -> None:
    status = parse(shared_specs, "get_batch_status_response.xml")
    assert (status.batch_id, status.is_done, status.offers) == (
        "5D239E08-F6C1-8965-F2FA-7EFCC9E7BAD1",
        True,
        [],
    )
    batches = parse(shared_specs, "query_batch_response.xml")
    assert (batches.nb_batch_running, batches.nb_batch_active, batches.batches) == (0, 0, [])


def test_offers_sample_keeps_sku_price_quantity_and_image(shared_specs: Path) -> None:
    page = parse(shared_specs, "query_offers_response.xml")
    assert [(o.sku, o.price, o.quantity) for o in page.offers] == [
        ("B76A-CD5-153", Decimal("80"), 1),
        ("B067-F0D-75E", Decimal("20"), 16),
    ]
    first = page.offers[0]
    assert first.product_state is ProductState.NEW
    assert first.product_fnac_id == "20005761"
    assert first.offer_fnac_id == "32C1E9FC-8011-0C1B-F0F3-EC3414BCBBD0"
    assert first.image is not None
    assert first.image.endswith("0711719247159.jpg")
    assert first.showcase is None  # <showcase></showcase>
    assert first.internal_comment == ""
    assert first.product_name is not None
    assert first.product_name.startswith("MotorStorm")


def test_orders_sample_keeps_what_the_oms_uses(shared_specs: Path) -> None:
    page = parse(shared_specs, "query_orders_response.xml")
    assert (page.page, page.total_paging, page.nb_total_per_page, page.nb_total_result) == (
        1,
        1,
        10,
        7,
    )
    assert len(page.orders) == 7
    first = page.orders[0]
    assert first.order_id == ORDER_ID
    assert first.state is OrderState.SHIPPED
    assert first.created_at == datetime(2016, 8, 25, 8, 44, 25, tzinfo=UTC)
    assert first.client_id == "cccac40a-dd89-4b32-a5a0-d719b1f8066f"
    assert first.fees == Decimal("33.12")
    for address in (first.shipping_address, first.billing_address):
        assert address is not None
        assert (address.firstname, address.lastname, address.company) == (
            "Laurent",
            "SIQUIER",
            "FNAC.COM",
        )
        assert (address.address1, address.zipcode, address.city, address.country) == (
            "52 ROUTE DU PAVE DES GARDES",
            "92310",
            "SEVRES",
            "FRA",
        )
    refused, not_received = first.order_details
    assert refused.order_detail_id == 2
    assert refused.state is OrderDetailState.REFUSED
    assert refused.sku == "B067-F0D-75E"
    assert refused.offer_fnac_id == "8D7472DB-7EAF-CE05-A960-FC12B812FA14"
    assert refused.product_name is not None
    assert refused.product_name.startswith("Call of Duty")
    assert (refused.quantity, refused.price, refused.shipping_price) == (
        13,
        Decimal("20"),
        Decimal("13"),
    )
    assert refused.received_at is None  # <received_at></received_at>
    assert refused.refused_at == datetime(2016, 8, 25, 14, 59, 31, tzinfo=UTC)
    assert refused.tracking_number == ""
    assert not_received.state is OrderDetailState.NOT_RECEIVED
    assert not_received.debited_at == datetime(2016, 8, 29, 9, 41, 12, tzinfo=UTC)
    for order in page.orders:
        assert order.order_id
        assert isinstance(order.state, OrderState)
        assert order.created_at is not None
        assert order.shipping_address is not None
        for line in order.order_details:
            assert line.sku
            assert line.quantity
            assert line.price is not None
            assert isinstance(line.state, OrderDetailState)
    assert "SIQUIER" not in repr(first)
    assert "SIQUIER" not in repr(first.shipping_address)
    assert ORDER_ID in first.raw


def test_orders_update_sample(shared_specs: Path) -> None:
    answer = parse(shared_specs, "update_orders_response.xml")
    (order,) = answer.orders
    assert (order.order_id, order.state, order.ok) == (ORDER_ID, OrderState.ACCEPTED, True)
    assert [(d.order_detail_id, d.state) for d in order.order_details] == [
        (1, OrderDetailState.ACCEPTED),
        (2, OrderDetailState.ACCEPTED),
    ]


def test_carriers_sample(shared_specs: Path) -> None:
    carriers = parse(shared_specs, "query_carriers_response.xml").carriers
    assert len(carriers) == 9
    assert (carriers[4].code, carriers[4].name, carriers[4].is_global) == (
        "LAPOSTE",
        "La Poste",
        True,
    )


def test_pricing_sample(shared_specs: Path) -> None:
    products = parse(shared_specs, "query_pricing_response.xml").products
    assert [(p.product_reference, p.product_reference_type) for p in products] == [
        ("9780262510875", "Ean"),
        ("2359109693", "Isbn"),
        ("8172119", "FnacId"),
    ]
    first = products[0].pricings[0]
    assert (first.type, first.price, first.shipping_price, first.offer_status) == (
        "professional",
        Decimal("41.48"),
        Decimal("4.99000"),
        ProductState.NEW,
    )
    assert products[1].image_url == ""


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("query_pricing_with_invalid_ean_response.xml", "Service Pricing : Product not found."),
        ("query_pricing_with_no_ean_response.xml", "Service Pricing : No prices found."),
    ],
)
def test_pricing_product_errors_stay_on_the_product(
    shared_specs: Path, name: str, message: str
) -> None:
    answer = parse(shared_specs, name)
    (product,) = answer.products
    assert [(e.code, e.message) for e in product.errors] == [("ERR_120", message)]


def test_messages_samples(shared_specs: Path) -> None:
    page = parse(shared_specs, "query_messages_response.xml")
    (message,) = page.messages
    assert (message.message_id, message.state, message.archived) == (
        "6F9EF013-6387-F433-C3F5-4AAEF32AA317",
        "READ",
        False,
    )
    assert (message.message_referer, message.message_referer_type) == (ORDER_ID, "ORDER")
    assert (message.message_from, message.message_from_type) == ("testfnac", "CLIENT")
    assert message.updated_at == datetime(2016, 8, 30, 11, 57, 1, tzinfo=UTC)
    assert page.nb_total_result == 1
    older = parse(shared_specs, "messages_sample.xml").messages
    assert len(older) == 3
    # One-digit hours ("T9:50:04+01:00") are read, not dropped.
    assert older[0].created_at == datetime(2016, 10, 28, 8, 50, 4, tzinfo=UTC)
    assert older[0].message_subject == "Délai plus long qu'annoncé"


def test_messages_update_sample(shared_specs: Path) -> None:
    (item,) = parse(shared_specs, "update_messages_response.xml").messages
    assert (item.id, item.ok) == ("6F9EF013-6387-F433-C3F5-4AAEF32AA317", True)


def test_comment_errors_stay_on_the_comment(shared_specs: Path) -> None:
    answer = parse(shared_specs, "update_client_order_comments_response.xml")
    assert answer.status is ResponseStatus.ERROR
    (comment,) = answer.comments
    assert comment.ok is False
    assert [(e.code, e.message) for e in comment.errors] == [
        ("ERR_128", "[ClientOrderComment Update] Comment not found")
    ]
    page = parse(shared_specs, "query_client_order_comments_response.xml")
    assert (page.page, page.nb_total_result, page.comments) == (1, 0, [])


def test_incidents_samples(shared_specs: Path) -> None:
    (incident,) = parse(shared_specs, "query_incidents_response.xml").incidents
    assert (incident.id, incident.order_id, incident.status, incident.opened_by) == (
        "7525927C-6FDC-CD2C-2DBA-6E669C5045AF",
        ORDER_ID,
        "OPENED",
        "client",
    )
    assert incident.waiting_for_seller_answer is False
    assert [(d.order_detail_id, d.status) for d in incident.details] == [
        (2, "OPENED"),
        (1, "CLOSED"),
    ]
    (refund,) = incident.details[1].refunds
    assert (refund.product_amount, refund.shipping_amount, refund.fee_ht_amount) == (
        Decimal("260"),
        Decimal("16"),
        Decimal("33.12"),
    )
    (result,) = parse(shared_specs, "update_incidents_response.xml").orders
    assert (result.status, result.order_id, result.incident_status, result.ok) == (
        ResponseStatus.FATAL,
        ORDER_ID,
        "OPEN",
        False,
    )
    assert [e.code for e in result.errors] == ["ERR_109"]


def test_invoices_sample(shared_specs: Path) -> None:
    page = parse(shared_specs, "query_shop_invoices_response.xml")
    assert (page.page, page.total_paging, page.invoices, page.has_more) == (1, 0, [], False)
