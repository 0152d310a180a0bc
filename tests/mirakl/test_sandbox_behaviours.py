"""Mirakl's catalogued behaviours in the catalogue sandbox: on by default, off by id.

Each test is named after the behaviour it shows; the SDK's side of each is in
`tests/mirakl/_async/test_behaviours.py` and the FNAC channel's listing tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from tests.mirakl.openapi_contract import validate_request, validate_response

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl.sandbox import MiraklCatalogSandbox

BASE_URL = "https://fnac-dev.mirakl.net"
#: One good row, one row the transformation refuses (no author), one the operator refuses.
MIXED_FILE = (
    b"category;shop-sku;title;author;format;ean\n"
    b"BOOKS-NOVELS;B-1;Dune;Frank Herbert;PAPERBACK;9780441013593\n"
    b"BOOKS-NOVELS;B-2;Emma;;HARDCOVER;\n"
    b"BOOKS-NOVELS;B-3;Hamlet;Shakespeare;PAPERBACK;12345\n"
)


def _client(sandbox: MiraklCatalogSandbox, key: str | None = None) -> httpx.Client:
    return httpx.Client(
        transport=sandbox.transport(),
        base_url=BASE_URL,
        headers={"Authorization": key if key is not None else sandbox.api_key},
    )


@pytest.fixture
def http(clock: FakeClock) -> Iterator[httpx.Client]:
    with _client(MiraklCatalogSandbox(clock=clock, processing_delay=180)) as client:
        yield client


def _upload(http: httpx.Client, content: bytes = MIXED_FILE) -> int:
    response = http.post("/api/products/imports", files={"file": ("p.csv", content, "text/csv")})
    assert response.status_code == 201, response.text
    return int(response.json()["import_id"])


def _finished(http: httpx.Client, clock: FakeClock, import_id: int) -> dict[str, object]:
    clock.advance(181)
    body: dict[str, object] = http.get(f"/api/products/imports/{import_id}").json()
    return body


# --- MIRAKL-Q01: call frequencies, 429 with Retry-After ------------------------------------


def test_mirakl_q01_a_call_above_its_frequency_gets_a_plain_429_with_retry_after(
    clock: FakeClock,
) -> None:
    sandbox = MiraklCatalogSandbox(clock=clock)
    with _client(sandbox) as http:
        assert http.get("/api/hierarchies").status_code == 200
        clock.advance(600)
        refused = http.get("/api/hierarchies")
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "3000"
        assert refused.text == "Too Many Requests"  # no JSON body: the 429 body is unconfirmed
        assert sandbox.throttled == ["H11"]

        sandbox.behaviours.disable("MIRAKL-Q01.plain-text-429")
        json_refusal = http.get("/api/hierarchies")
        assert json_refusal.status_code == 429
        assert json_refusal.json()["status"] == 429

        sandbox.behaviours.disable("MIRAKL-Q01")
        assert http.get("/api/hierarchies").status_code == 200
        assert not sandbox.enforce_call_frequencies


def test_mirakl_q01_the_old_flag_is_the_behaviour_switch(clock: FakeClock) -> None:
    sandbox = MiraklCatalogSandbox(clock=clock, enforce_call_frequencies=False)
    assert not sandbox.behaviours.on("MIRAKL-Q01")
    sandbox.enforce_call_frequencies = True
    assert sandbox.behaviours.on("MIRAKL-Q01")


# --- MIRAKL-Q07: COMPLETE with refused rows -------------------------------------------------


def test_mirakl_q07_an_import_with_refused_rows_ends_complete(
    http: httpx.Client, clock: FakeClock
) -> None:
    import_id = _upload(http)
    status = _finished(http, clock, import_id)
    assert status["import_status"] == "COMPLETE"
    assert status["has_error_report"] is True
    assert status["has_transformation_error_report"] is True
    p47 = http.get(f"/api/products/imports/{import_id}/transformation_error_report")
    p44 = http.get(f"/api/products/imports/{import_id}/error_report")
    assert "Attribute is required: [author]" in p47.text
    assert "Invalid EAN [12345]" in p44.text
    p45 = http.get(f"/api/products/imports/{import_id}/new_product_report")
    assert "B-1" in p45.text
    assert "B-2" not in p45.text


def test_mirakl_q07_off_an_import_with_refused_rows_fails_whole(clock: FakeClock) -> None:
    sandbox = MiraklCatalogSandbox(clock=clock, processing_delay=180)
    sandbox.behaviours.disable("MIRAKL-Q07")
    with _client(sandbox) as http:
        import_id = _upload(http)
        status = _finished(http, clock, import_id)
        assert status["import_status"] == "FAILED"
        assert "nothing was imported" in str(status["reason_status"])
        assert http.get(f"/api/products/imports/{import_id}/error_report").status_code == 200
        assert sandbox.products == []
        clock.advance(900)
        good = _upload(http, b"".join(MIXED_FILE.splitlines(keepends=True)[:2]))
        assert _finished(http, clock, good)["import_status"] == "COMPLETE"


# --- MIRAKL-Q08: states and fields the document does not list ------------------------------


@pytest.mark.needs_shared
def test_mirakl_q08_answers_carry_an_unlisted_state_and_an_undocumented_field(
    shared_specs: Path, clock: FakeClock
) -> None:
    sandbox = MiraklCatalogSandbox(clock=clock, processing_delay=360)

    def check(response: httpx.Response) -> None:
        response.read()
        validate_request(response.request)
        if response.is_success:
            validate_response(response.request, response)

    document = json.loads(
        (shared_specs / "mirakl" / "mirakl-mcm-seller-openapi.json").read_text("utf-8")
    )
    described = document["components"]["schemas"]["P42_Response_200"]["properties"]
    with _client(sandbox) as http:
        http.event_hooks["response"] = [check]
        import_id = _upload(http)
        clock.advance(300)
        status = http.get(f"/api/products/imports/{import_id}").json()
        assert status["import_status"] == "WAITING_SYNCHRONIZATION_PRODUCT"
        assert status["import_status"] not in described["import_status"]["description"]
        assert "last_updated_date" in status
        assert "last_updated_date" not in described
        clock.advance(60)
        done = http.get(f"/api/products/imports/{import_id}").json()
        assert done["import_status"] == "COMPLETE"

        sandbox.behaviours.disable("MIRAKL-Q08.unlisted-import-state")
        clock.advance(900)
        second = _upload(http)
        clock.advance(300)
        assert http.get(f"/api/products/imports/{second}").json()["import_status"] == "SENT"

        sandbox.behaviours.disable("MIRAKL-Q08")
        clock.advance(60)
        assert "last_updated_date" not in http.get(f"/api/products/imports/{second}").json()


# --- MIRAKL-Q13: the raw key, no Bearer -----------------------------------------------------


def test_mirakl_q13_a_bearer_prefixed_key_is_refused(clock: FakeClock) -> None:
    sandbox = MiraklCatalogSandbox(clock=clock)
    with _client(sandbox, key=f"Bearer {sandbox.api_key}") as bearer:
        assert bearer.get("/api/values_lists").status_code == 401
        sandbox.behaviours.disable("MIRAKL-Q13")
        assert bearer.get("/api/values_lists").status_code == 200
    with _client(sandbox) as raw:
        clock.advance(3600)
        assert raw.get("/api/values_lists").status_code == 200
