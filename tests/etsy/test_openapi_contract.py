"""The contract helper itself: it accepts what the document allows and refuses the rest."""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from openapi_core.exceptions import OpenAPIError
from tests.etsy.openapi_contract import validate_request, validate_response

API = "https://api.etsy.com/v3/application"
AUTH = {"x-api-key": "keystring:secret", "Authorization": "Bearer 12345678.token"}


@pytest.fixture
def samples(shared_specs: Path) -> Path:
    return shared_specs / "etsy" / "samples"


def test_sample_receipts_validate_with_capitalised_statuses(samples: Path) -> None:
    request = httpx.Request("GET", f"{API}/shops/1/receipts", params={"limit": 100}, headers=AUTH)
    body = json.loads((samples / "getShopReceipts.response.json").read_text())
    validate_request(request)
    validate_response(request, httpx.Response(200, json=body))


def test_sample_inventory_validates_with_null_listing(samples: Path) -> None:
    request = httpx.Request("GET", f"{API}/listings/5/inventory", headers=AUTH)
    body = json.loads((samples / "getListingInventory.response.json").read_text())
    validate_response(request, httpx.Response(200, json=body))


@pytest.mark.usefixtures("shared_specs")
@pytest.mark.parametrize(
    "request_",
    [
        httpx.Request("GET", f"{API}/users/me"),
        httpx.Request("GET", f"{API}/users/me", headers={"x-api-key": "keystring:secret"}),
        httpx.Request("GET", f"{API}/shops/1/receipts", params={"limit": 101}, headers=AUTH),
        httpx.Request("GET", f"{API}/shops/1/listings", params={"state": "gone"}, headers=AUTH),
        httpx.Request("GET", f"{API}/no/such/path", headers=AUTH),
    ],
    ids=["no-credentials", "no-bearer", "limit-over-100", "unknown-state", "unknown-path"],
)
def test_requests_outside_the_document_are_refused(request_: httpx.Request) -> None:
    with pytest.raises(OpenAPIError):
        validate_request(request_)


@pytest.mark.usefixtures("shared_specs")
def test_a_response_off_schema_is_refused() -> None:
    request = httpx.Request("GET", f"{API}/users/me", headers=AUTH)
    with pytest.raises(OpenAPIError):
        validate_response(request, httpx.Response(200, json={"user_id": "not-a-number"}))


@pytest.mark.usefixtures("shared_specs")
def test_a_receipt_status_outside_any_spelling_is_refused() -> None:
    request = httpx.Request("GET", f"{API}/shops/1/receipts/2", headers=AUTH)
    with pytest.raises(OpenAPIError):
        validate_response(request, httpx.Response(200, json={"receipt_id": 2, "status": "lost"}))
