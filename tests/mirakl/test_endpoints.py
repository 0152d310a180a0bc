"""Every request the Mirakl endpoints build validates against the MCM seller document."""

from __future__ import annotations

import email.parser
import email.policy
import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest
from openapi_core.exceptions import OpenAPIError
from tests.mirakl.openapi_contract import validate_request, validate_response

from marketplace_sdk.core._auth import StaticHeaderAuth
from marketplace_sdk.core._request import ApiRequest, Call
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._models import ConversionOption, ConversionOptions, ImportStatus

pytestmark = pytest.mark.needs_shared

BASE_URL = "https://acme-dev.mirakl.net"
AUTH = StaticHeaderAuth({"Authorization": "0a1b2c3d-api-key"})


@pytest.fixture(autouse=True)
def _specs(shared_specs: object) -> None:
    """Skip (or fail in CI) when the published document is absent."""


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(base_url=BASE_URL) as http:
        yield http


def _wire(client: httpx.Client, request: ApiRequest) -> httpx.Request:
    return AUTH.apply(request).to_httpx(client)


ALL_CALLS: dict[str, Call[object]] = {
    "A01": endpoints.get_account(),
    "A01-shop": endpoints.get_account(shop_id=2000),
    "P41-csv": endpoints.import_products(b"sku;title\nA;Mug\n", filename="p.csv"),
    "P41-xlsx-options": endpoints.import_products(
        b"PK\x03\x04",
        filename="products.xlsx",
        operator_format=True,
        conversion_type="AI_CONVERTER",
        conversion_options=ConversionOptions(ai_rewrite=ConversionOption(status="ENABLED")),
        shop_id=2000,
    ),
    "P42": endpoints.get_import(2005, shop_id=2000),
    "P44": endpoints.get_error_report(2005),
    "P45": endpoints.get_new_product_report(2005),
    "P46": endpoints.get_transformed_file(2005),
    "P47": endpoints.get_transformation_error_report(2005, shop_id=1),
    "P51": endpoints.list_imports(),
    "P51-filters": endpoints.list_imports(
        offset=200,
        limit=50,
        last_request_date=datetime(2026, 1, 1, 12, tzinfo=UTC),
        status=ImportStatus.COMPLETE,
        has_transformed_file=True,
        shop_id=2000,
    ),
    "H11": endpoints.list_hierarchies(hierarchy="59", max_level=2, shop_id=2000),
    "PM11": endpoints.list_attributes(
        hierarchy="3012", max_level=1, all_operator_attributes=True, with_roles=False
    ),
    "VL11": endpoints.list_value_lists(code="Jewellery"),
    "CM11-differential": endpoints.export_product_statuses(
        updated_since=datetime(2026, 1, 1, tzinfo=UTC),
        updated_to=datetime(2026, 1, 2, tzinfo=UTC),
        status="NOT_LIVE",
        provider_unique_identifiers=["SKU-1", "SKU-2"],
        unique_identifiers=[("EAN", "9780441013593")],
    ),
    "CM11-full": endpoints.export_product_statuses(shop_id=2000),
}


@pytest.mark.parametrize("name", sorted(ALL_CALLS))
def test_request_validates_against_the_document(client: httpx.Client, name: str) -> None:
    validate_request(_wire(client, ALL_CALLS[name].request))


@pytest.mark.parametrize("name", sorted(ALL_CALLS))
def test_bucket_is_the_operation_code(name: str) -> None:
    request = ALL_CALLS[name].request
    assert request.operation == name.split("-")[0]
    assert request.bucket == ("CM11-full" if name == "CM11-full" else request.operation)


def test_the_contract_check_can_fail(client: httpx.Client) -> None:
    unsigned = endpoints.get_import(1).request.to_httpx(client)  # no Authorization header
    with pytest.raises(OpenAPIError):
        validate_request(unsigned)
    wrong = httpx.Request(
        "GET", f"{BASE_URL}/api/products/imports/abc", headers={"Authorization": "k"}
    )
    with pytest.raises(OpenAPIError):
        validate_request(wrong)


def test_api_key_header_is_sent_verbatim(client: httpx.Client) -> None:
    wire = _wire(client, endpoints.get_account().request)
    assert wire.headers["Authorization"] == "0a1b2c3d-api-key"  # no "Bearer" prefix
    assert "0a1b2c3d" not in repr(AUTH)


def _multipart(request: httpx.Request) -> dict[str, tuple[str | None, str, bytes]]:
    raw = b"Content-Type: " + request.headers["content-type"].encode() + b"\r\n\r\n"
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw + request.read())
    parts = {}
    for part in message.iter_parts():
        payload = part.get_payload(decode=True)
        assert isinstance(payload, bytes)
        parts[str(part.get_param("name", header="content-disposition"))] = (
            part.get_filename(),
            part.get_content_type(),
            payload,
        )
    return parts


def test_p41_uploads_the_file_and_form_fields(client: httpx.Client) -> None:
    wire = _wire(client, ALL_CALLS["P41-xlsx-options"].request)
    assert wire.method == "POST"
    assert wire.url.params["shop_id"] == "2000"
    parts = _multipart(wire)
    assert parts["file"] == ("products.xlsx", endpoints.XLSX, b"PK\x03\x04")
    assert parts["operator_format"][2] == b"true"
    assert parts["conversion_type"][2] == b"AI_CONVERTER"
    assert json.loads(parts["conversion_options"][2]) == {"ai_rewrite": {"status": "ENABLED"}}


def test_p41_is_never_blindly_retried() -> None:
    assert not ALL_CALLS["P41-csv"].request.is_idempotent
    assert ALL_CALLS["P42"].request.is_idempotent


def test_p41_content_type_from_extension_or_argument() -> None:
    xml = endpoints.import_products(b"<a/>", filename="Products.XML")
    assert xml.request.files is not None
    assert xml.request.files["file"][2] == "application/xml"
    with pytest.raises(ValueError, match="content type"):
        endpoints.import_products(b"x", filename="products.txt")
    given = endpoints.import_products(b"x", filename="products.txt", content_type="text/csv")
    assert given.request.files is not None
    assert given.request.files["file"][2] == "text/csv"


def test_p51_offset_pagination_parameters(client: httpx.Client) -> None:
    wire = _wire(client, ALL_CALLS["P51-filters"].request)
    params = dict(wire.url.params)
    assert params["offset"] == "200"
    assert params["max"] == "50"
    assert params["paginate"] == "true"
    assert params["last_request_date"] == "2026-01-01T12:00:00Z"
    assert params["status"] == "COMPLETE"
    assert params["has_transformed_file"] == "true"


def test_p51_dates_are_sent_in_utc() -> None:
    paris = timezone(timedelta(hours=2))
    call = endpoints.list_imports(last_request_date=datetime(2026, 6, 1, 14, tzinfo=paris))
    assert dict(call.request.query_params())["last_request_date"] == "2026-06-01T12:00:00Z"
    with pytest.raises(ValueError, match="naive"):
        endpoints.list_imports(last_request_date=datetime(2026, 6, 1))


@pytest.mark.parametrize("limit", [0, 101])
def test_p51_page_size_bounds(limit: int) -> None:
    with pytest.raises(ValueError, match="limit"):
        endpoints.list_imports(limit=limit)


def test_p51_paginator_walks_offsets() -> None:
    pager = endpoints.list_imports_paginator(page_size=2)
    first = pager.first()
    body = {
        "product_import_trackings": [
            {"import_id": 1, "import_status": "COMPLETE"},
            {"import_id": 2, "import_status": "SENT"},
        ],
        "total_count": 3,
    }
    page = first.parse(httpx.Response(200, json=body))
    assert [item.import_id for item in page.items] == [1, 2]
    following = pager.next(page)
    assert following is not None
    assert dict(following.request.query_params())["offset"] == "2"
    last = following.parse(
        httpx.Response(
            200,
            json={
                "product_import_trackings": [{"import_id": 3, "import_status": "RUNNING"}],
                "total_count": 3,
            },
        )
    )
    assert pager.next(last) is None


def test_report_parse_keeps_bytes_and_type() -> None:
    call = endpoints.get_error_report(5)
    report = call.parse(
        httpx.Response(
            200,
            content=b"sku;errors\nA;bad\n",
            headers={
                "Content-Type": "text/csv;charset=UTF-8",
                "Content-Disposition": 'attachment; filename="errors_5.csv"',
            },
        )
    )
    assert (report.content, report.content_type, report.filename) == (
        b"sku;errors\nA;bad\n",
        "text/csv",
        "errors_5.csv",
    )


def test_sample_responses_validate_as_mirakl_answers(client: httpx.Client) -> None:
    # The document's own examples for P42 and P51 satisfy its schemas; our models read them.
    request = _wire(client, endpoints.get_import(2005).request)
    body = {
        "date_created": "2019-04-05T12:56:21Z",
        "has_error_report": False,
        "has_new_product_report": False,
        "has_transformation_error_report": False,
        "has_transformed_file": True,
        "import_id": 2005,
        "import_status": "SENT",
        "shop_id": 2000,
        "transform_lines_in_error": 0,
        "transform_lines_in_success": 1,
        "transform_lines_read": 1,
        "transform_lines_with_warning": 0,
    }
    response = httpx.Response(200, json=body, request=request)
    validate_response(request, response)
    with pytest.raises(OpenAPIError):
        validate_response(request, httpx.Response(200, json={"import_id": 1}, request=request))


def test_cm11_filters_repeat_and_are_bounded(client: httpx.Client) -> None:
    wire = _wire(client, ALL_CALLS["CM11-differential"].request)
    assert wire.url.params.get_list("provider_unique_identifier") == ["SKU-1", "SKU-2"]
    assert wire.url.params["updated_since"] == "2026-01-01T00:00:00Z"
    with pytest.raises(ValueError, match="at most 100"):
        endpoints.export_product_statuses(provider_unique_identifiers=[str(n) for n in range(101)])


def test_cm11_sample_parses(shared_specs: Path) -> None:
    sample = (shared_specs / "mirakl" / "samples" / "mcm_CM11_response_200.json").read_bytes()
    statuses = endpoints.export_product_statuses().parse(httpx.Response(200, content=sample))
    assert [(s.provider_unique_identifier, s.is_live) for s in statuses] == [
        ("shopSku1", False),
        ("shopSku2", True),
    ]
    rejected = statuses[0].errors[0]
    assert rejected.code == "MCM-04012"
    assert rejected.rejection_details is not None
    assert (
        rejected.rejection_details.reason_label == "The product does not fit the targeted audience"
    )
    assert statuses[0].errors[3].integration_details[0].attribute_code == "color"
    assert [u.value for u in statuses[0].unique_identifiers] == ["EAN1", "EAN2", "ISBN1"]
    assert statuses[1].warnings[0].attribute_code == "productTitle_fr"


def test_mirakl_q15_no_operation_or_parameter_the_sdk_sends_is_deprecated(
    shared_specs: Path, client: httpx.Client
) -> None:
    document = json.loads(
        (shared_specs / "mirakl" / "mirakl-mcm-seller-openapi.json").read_text("utf-8")
    )
    operations = {
        operation["operationId"]: operation
        for methods in document["paths"].values()
        for operation in methods.values()
    }
    for name, call in ALL_CALLS.items():
        described = operations[str(call.request.operation)]
        assert not described.get("deprecated"), name
        assert "deprecated" not in described.get("description", "").lower(), name
        deprecated = {p["name"] for p in described.get("parameters", []) if p.get("deprecated")}
        sent = set(_wire(client, call.request).url.params)
        assert not sent & deprecated, name
