"""Pure rules of the FNAC wire layer: splitting, paging, the token authenticator, error mapping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree
from pydantic import ValidationError

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import (
    AuthenticationError,
    InvalidRequestError,
    NotFoundError,
    ServerError,
    TokenRevokedError,
)
from marketplace_sdk.core._request import ApiRequest
from marketplace_sdk.fnac import (
    FnacCredentials,
    FnacTokenAuth,
    OffersQueryRequest,
    OfferUpdate,
    OrderUpdate,
    ProductReference,
)
from marketplace_sdk.fnac import _endpoints as endpoints
from marketplace_sdk.fnac._auth import DEFAULT_VALIDITY
from marketplace_sdk.fnac._errors import decode_error, error_class_for
from marketplace_sdk.fnac._models import FnacError, Severity

NS = "http://www.fnac.com/schemas/mp-dialog.xsd"
CREDENTIALS = FnacCredentials(partner_id="P", shop_id="S", key="s3cr3t-key")


@given(st.lists(st.integers(), max_size=60), st.integers(min_value=1, max_value=12))
def test_chunked_keeps_order_and_fills_every_chunk_but_the_last(
    items: list[int], size: int
) -> None:
    chunks = endpoints.chunked(items, size)
    assert [item for chunk in chunks for item in chunk] == items
    assert all(len(chunk) == size for chunk in chunks[:-1])
    assert all(0 < len(chunk) <= size for chunk in chunks)


@pytest.mark.parametrize(("count", "calls"), [(1, 1), (10_000, 1), (10_001, 2), (25_000, 3)])
def test_offers_are_split_by_ten_thousand(count: int, calls: int) -> None:
    offers = [OfferUpdate(offer_reference=f"S{n}", quantity=1) for n in range(count)]
    assert len(endpoints.offers_update_calls(offers)) == calls


def test_a_single_call_refuses_more_than_fnac_accepts() -> None:
    with pytest.raises(ValueError, match="10000"):
        endpoints.offers_update([OfferUpdate(offer_reference="A")] * 10_001)
    with pytest.raises(ValueError, match="25"):
        endpoints.orders_update([OrderUpdate.accept_all("57BEAFDA828A8")] * 26)
    with pytest.raises(ValidationError):
        endpoints.pricing_query([ProductReference(value="1")] * 11)


def test_offer_values_outside_fnac_ranges_are_refused_before_sending() -> None:
    with pytest.raises(ValidationError):
        OfferUpdate(offer_reference="A", quantity=10_000)
    with pytest.raises(ValidationError):
        OfferUpdate(offer_reference="A", price="20000.01")
    with pytest.raises(ValidationError):
        OfferUpdate(offer_reference="")
    with pytest.raises(ValidationError):
        OffersQueryRequest(date_min=datetime(2026, 1, 1, tzinfo=UTC))  # no date_type


def _page(page: int, total_paging: int, count: int) -> httpx.Response:
    offers = "".join(
        f"<offer><offer_seller_id>S{n}</offer_seller_id></offer>" for n in range(count)
    )
    body = (
        f'<offers_query_response status="OK" xmlns="{NS}"><page>{page}</page>'
        f"<total_paging>{total_paging}</total_paging>{offers}</offers_query_response>"
    )
    return httpx.Response(200, content=body.encode())


def test_paging_follows_total_paging() -> None:
    pager = endpoints.offers_pages()
    first = pager.first()
    assert b"<paging>1</paging>" in (first.request.content or b"")
    second = pager.next(first.parse(_page(1, 2, 3)))
    assert second is not None
    assert b"<paging>2</paging>" in (second.request.content or b"")
    assert pager.next(second.parse(_page(2, 2, 1))) is None


def test_paging_stops_on_an_empty_page() -> None:
    pager = endpoints.offers_pages()
    assert pager.next(pager.first().parse(_page(1, 5, 0))) is None


def test_apply_sets_the_header_attributes_and_keeps_the_body() -> None:
    auth = FnacTokenAuth(CREDENTIALS, clock=FakeClock())
    request = endpoints.batch_status("B1").request
    before = auth.apply(request)
    root = etree.fromstring(before.content or b"")
    assert (root.get("partner_id"), root.get("shop_id"), root.get("token")) == ("P", "S", None)
    auth.store_token("TOKEN-1", datetime(2026, 1, 1, 1, tzinfo=UTC))
    after = etree.fromstring(auth.apply(request).content or b"")
    assert after.get("token") == "TOKEN-1"
    assert after.findtext(f"{{{NS}}}batch_id") == "B1"
    assert (auth.apply(request).content or b"").startswith(b"<?xml")


def test_a_request_without_body_is_left_alone() -> None:
    request = ApiRequest(method="GET", path="x")
    assert FnacTokenAuth(CREDENTIALS).apply(request) is request


def test_renewal_window_and_generation() -> None:
    clock = FakeClock()
    auth = FnacTokenAuth(CREDENTIALS, clock=clock, renew_before=timedelta(minutes=5))
    assert auth.needs_refresh(clock.now())
    auth.store_token("T", clock.now() + timedelta(hours=1))
    assert auth.generation == 1
    assert not auth.needs_refresh(clock.now() + timedelta(minutes=54))
    assert auth.needs_refresh(clock.now() + timedelta(minutes=55))


def test_a_validity_already_past_is_trusted_only_briefly() -> None:
    clock = FakeClock()
    auth = FnacTokenAuth(CREDENTIALS, clock=clock)
    auth.store_token("T", datetime(2016, 9, 9, tzinfo=UTC))
    assert auth.validity == clock.now() + DEFAULT_VALIDITY


def test_refresh_call_sends_the_key_and_stores_the_token() -> None:
    clock = FakeClock()
    auth = FnacTokenAuth(CREDENTIALS, clock=clock)
    call = auth.refresh_call()
    assert (call.request.path, call.request.authenticated) == ("auth", False)
    root = etree.fromstring(call.request.content or b"")
    assert root.findtext(f"{{{NS}}}key") == "s3cr3t-key"
    validity = "2026-01-01T02:00:00+0200"
    body = f'<auth_response status="OK" xmlns="{NS}"><token>TOK</token><validity>{validity}'
    call.parse(httpx.Response(200, content=(body + "</validity></auth_response>").encode()))
    assert auth.generation == 1
    assert auth.validity == clock.now() + DEFAULT_VALIDITY  # 00:00 UTC is not in the future
    assert "TOK" not in repr(auth)
    assert "s3cr3t" not in repr(auth) + repr(CREDENTIALS)


@pytest.mark.parametrize(
    "body",
    [
        '<auth_response status="ERROR"><error severity="ERROR" code="ERR_001">no</error>'
        "</auth_response>",
        '<auth_response status="OK"></auth_response>',
    ],
)
def test_a_refused_auth_is_token_revoked(body: str) -> None:
    call = FnacTokenAuth(CREDENTIALS).refresh_call()
    with pytest.raises(TokenRevokedError):
        call.parse(httpx.Response(200, content=body.encode()))


def test_can_recover_only_token_errors() -> None:
    auth = FnacTokenAuth(CREDENTIALS)
    assert auth.can_recover(AuthenticationError("Invalid token"))
    assert not auth.can_recover(TokenRevokedError("refused"))
    assert not auth.can_recover(InvalidRequestError("bad"))


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (FnacError(code="ERR_025", message="whatever"), AuthenticationError),
        (FnacError(code="ERR_777", message="Token expired"), AuthenticationError),
        (FnacError(code="ERR_120", message="Product not found"), NotFoundError),
        (FnacError(code="ERR_777", message="Unknown"), InvalidRequestError),
        (FnacError(code="ERR_777", severity=Severity.FATAL, message="Boom"), ServerError),
    ],
)
def test_error_classes(error: FnacError, expected: type) -> None:
    assert error_class_for(error, service="offers_query") is expected


def test_decode_error_reads_xml_error_bodies_of_http_errors() -> None:
    details = decode_error(
        httpx.Response(503, content=b'<x><error code="ERR_500">maintenance</error></x>')
    )
    assert details is not None
    assert (details.code, details.message) == ("ERR_500", "maintenance")
    assert decode_error(httpx.Response(503, content=b"")) is None


def test_an_answer_without_paging_fields_is_the_only_page() -> None:
    body = f'<offers_query_response status="OK" xmlns="{NS}"><offer/></offers_query_response>'
    pager = endpoints.offers_pages()
    page = pager.first().parse(httpx.Response(200, content=body.encode()))
    assert len(page.items) == 1
    assert pager.next(page) is None


def test_result_counts_decide_when_page_fields_are_missing() -> None:
    body = (
        f'<orders_query_response status="OK" xmlns="{NS}"><page>1</page>'
        "<nb_total_per_page>2</nb_total_per_page><nb_total_result>3</nb_total_result>"
        "<order/><order/></orders_query_response>"
    )
    pager = endpoints.orders_pages()
    assert pager.next(pager.first().parse(httpx.Response(200, content=body.encode()))) is not None
