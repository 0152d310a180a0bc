"""The Mirakl catalogue sandbox answers in the shapes of the MCM seller document, statefully."""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.mirakl.call_frequencies import read_stated_maximums, stated_buckets
from tests.mirakl.openapi_contract import validate_request, validate_response

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl._models import (
    Attribute,
    Hierarchies,
    ProductAttributes,
    ProductImport,
    ValueLists,
)
from marketplace_sdk.mirakl._reports import parse_error_report
from marketplace_sdk.mirakl.sandbox import CatalogSeed, MiraklCatalogSandbox
from marketplace_sdk.mirakl.sandbox._imports import ImportJob, process_file, read_table
from marketplace_sdk.mirakl.sandbox._wire import MAX_CALL_FREQUENCY, ImportState

BAD_FILE = (
    b"category;shop-sku;title;author;format;ean\n"
    b"BOOKS-NOVELS;B-1;Dune;Frank Herbert;PAPERBACK;9780441013593\n"
    b"BOOKS-NOVELS;B-2;Emma;;HARDCOVER;\n"
    b"GARDEN;G-1;Rake;;;\n"
    b"BOOKS-NOVELS;B-1;Dune again;Frank Herbert;EBOOK;\n"
    b"BOOKS-NOVELS;B-3;Ulysses;James Joyce;SCROLL;\n"
    b"BOOKS-NOVELS;B-4;Hamlet;Shakespeare;PAPERBACK;12345\n"
)


@pytest.fixture
def sandbox(clock: FakeClock) -> MiraklCatalogSandbox:
    return MiraklCatalogSandbox(clock=clock, processing_delay=180)


@pytest.fixture
def http(sandbox: MiraklCatalogSandbox) -> Iterator[httpx.Client]:
    with httpx.Client(
        transport=sandbox.transport(),
        base_url="https://fnac-dev.mirakl.net",
        headers={"Authorization": sandbox.api_key},
    ) as client:
        yield client


@pytest.fixture
def checked(shared_specs: object, http: httpx.Client) -> httpx.Client:
    """The client, with every request and 2xx response checked against the document."""

    def check(response: httpx.Response) -> None:
        response.read()
        validate_request(response.request)
        if response.is_success:
            validate_response(response.request, response)

    http.event_hooks["response"] = [check]
    return http


def _upload(http: httpx.Client, content: bytes, name: str = "products.csv") -> int:
    response = http.post("/api/products/imports", files={"file": (name, content, "text/csv")})
    assert response.status_code == 201
    return int(response.json()["import_id"])


@pytest.mark.needs_shared
def test_catalogue_reads_validate_and_parse(checked: httpx.Client) -> None:
    tree = Hierarchies.model_validate(checked.get("/api/hierarchies").json()).hierarchies
    assert [(h.code, h.parent_code) for h in tree] == [
        ("BOOKS", None),
        ("BOOKS-NOVELS", "BOOKS"),
        ("ELECTRONICS", None),
        ("ELECTRONICS-HEADPHONES", "ELECTRONICS"),
    ]
    attributes = ProductAttributes.model_validate(checked.get("/api/products/attributes").json())
    assert {a.code for a in attributes.attributes} >= {"shop-sku", "format", "connectivity"}
    lists = ValueLists.model_validate(checked.get("/api/values_lists").json()).values_lists
    assert {vl.code: vl.codes for vl in lists}["book-formats"] == [
        "PAPERBACK",
        "HARDCOVER",
        "EBOOK",
    ]
    assert checked.get("/api/account").json()["shop_id"] == 2000


@pytest.mark.needs_shared
def test_import_lifecycle_validates_at_every_step(
    checked: httpx.Client, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    sandbox.processing_delay = 360  # a status change per minute: P42's own maximum frequency
    import_id = _upload(checked, BAD_FILE)
    seen = []
    for _ in range(7):
        status = ProductImport.model_validate(
            checked.get(f"/api/products/imports/{import_id}").json()
        )
        seen.append(str(status.import_status))
        clock.advance(60)
    assert seen == [
        "TRANSFORMATION_WAITING",
        "TRANSFORMATION_RUNNING",
        "WAITING",
        "RUNNING",
        "SENT",
        "WAITING_SYNCHRONIZATION_PRODUCT",  # MIRAKL-Q08: a state the document does not list
        "COMPLETE",
    ]
    assert status.is_final
    assert (status.transform_lines_read, status.transform_lines_in_error) == (6, 3)
    assert status.has_error_report
    assert status.has_new_product_report
    for suffix in (
        "error_report",
        "new_product_report",
        "transformed_file",
        "transformation_error_report",
    ):
        assert checked.get(f"/api/products/imports/{import_id}/{suffix}").status_code == 200
    page = checked.get("/api/products/imports", params={"max": 10, "offset": 0}).json()
    assert page["total_count"] == 1
    assert [p["shop-sku"] for p in sandbox.products] == ["B-1"]


def test_bad_rows_land_in_the_right_report(http: httpx.Client, clock: FakeClock) -> None:
    import_id = _upload(http, BAD_FILE)
    clock.advance(180)
    p47 = http.get(f"/api/products/imports/{import_id}/transformation_error_report")
    transform = parse_error_report(p47.content)
    assert [(line.line, line.message) for line in transform] == [
        (3, "Attribute is required: [author]"),
        (4, "The category is unknown: [GARDEN]"),
        (6, "Value [SCROLL] is not in the list [book-formats]"),
    ]
    assert transform[0].fields["shop-sku"] == "B-2"
    p44 = parse_error_report(http.get(f"/api/products/imports/{import_id}/error_report").content)
    assert [(line.line, line.message) for line in p44] == [
        (5, "Duplicate product: shop-sku [B-1] already on line 2"),
        (7, "Invalid EAN [12345]"),
    ]
    added = http.get(f"/api/products/imports/{import_id}/new_product_report").text
    assert added.splitlines()[1].startswith("B-1;")


def test_reports_are_not_there_before_their_step(http: httpx.Client, clock: FakeClock) -> None:
    import_id = _upload(http, BAD_FILE)
    assert http.get(f"/api/products/imports/{import_id}/error_report").status_code == 404
    clock.advance(60)  # transformed, not yet integrated
    assert http.get(f"/api/products/imports/{import_id}/transformed_file").status_code == 200
    assert http.get(f"/api/products/imports/{import_id}/error_report").status_code == 404


def test_unreadable_file_fails_the_transformation(http: httpx.Client, clock: FakeClock) -> None:
    import_id = _upload(http, b"\xff\xfe\x00garbage", "products.csv")
    clock.advance(3600)
    body = http.get(f"/api/products/imports/{import_id}").json()
    assert body["import_status"] == "TRANSFORMATION_FAILED"
    assert body["reason_status"] == "the file is not UTF-8 text"


def _xlsx(rows: list[list[str]]) -> bytes:
    cells = "".join(
        "<row>"
        + "".join(
            f'<c r="{chr(65 + col)}{line + 1}" t="inlineStr"><is><t>{value}</t></is></c>'
            for col, value in enumerate(row)
        )
        + "</row>"
        for line, row in enumerate(rows)
    )
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{cells}</sheetData></worksheet>"
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
    return buffer.getvalue()


def test_xlsx_uploads_are_read(http: httpx.Client, clock: FakeClock) -> None:
    rows = [
        ["category", "shop-sku", "title", "connectivity"],
        ["ELECTRONICS-HEADPHONES", "H-1", "Buds", "BT"],
    ]
    assert read_table(_xlsx(rows), "p.xlsx") == rows
    response = http.post(
        "/api/products/imports",
        files={"file": ("p.xlsx", _xlsx(rows), "application/octet-stream")},
    )
    clock.advance(180)
    status = http.get(f"/api/products/imports/{response.json()['import_id']}").json()
    assert (status["import_status"], status["transform_lines_in_success"]) == ("COMPLETE", 1)


def test_wrong_key_and_wrong_shop_are_refused(http: httpx.Client) -> None:
    assert http.get("/api/account", headers={"Authorization": "nope"}).status_code == 401
    assert http.get("/api/account", params={"shop_id": 1}).status_code == 403


def test_calls_above_the_stated_frequency_get_429(
    http: httpx.Client, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    _upload(http, BAD_FILE)
    clock.advance(600)
    refused = http.post("/api/products/imports", files={"file": ("p.csv", BAD_FILE)})
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "300"
    assert refused.text == "Too Many Requests"  # MIRAKL-Q01's body switch, on by default
    assert sandbox.throttled == ["P41"]
    clock.advance(300)
    assert http.post("/api/products/imports", files={"file": ("p.csv", BAD_FILE)}).is_success


def test_p51_filters_and_pages(http: httpx.Client, clock: FakeClock) -> None:
    sandbox_ids = []
    for _ in range(3):
        sandbox_ids.append(_upload(http, BAD_FILE))
        clock.advance(900)
    clock.advance(60)
    first = http.get("/api/products/imports", params={"max": 2, "offset": 0}).json()
    assert [t["import_id"] for t in first["product_import_trackings"]] == sandbox_ids[:2]
    assert first["total_count"] == 3
    clock.advance(60)
    second = http.get("/api/products/imports", params={"max": 2, "offset": 2}).json()
    assert [t["import_id"] for t in second["product_import_trackings"]] == sandbox_ids[2:]
    clock.advance(60)
    complete = http.get("/api/products/imports", params={"status": "COMPLETE"}).json()
    assert complete["total_count"] == 3


def test_pm11_for_a_category_includes_parents_and_shared(http: httpx.Client) -> None:
    body = http.get("/api/products/attributes", params={"hierarchy": "BOOKS-NOVELS"}).json()
    codes = {Attribute.model_validate(a).code for a in body["attributes"]}
    assert {"author", "format", "shop-sku"} <= codes
    assert "connectivity" not in codes


def test_custom_seed(clock: FakeClock) -> None:
    seed = CatalogSeed.default(shop_id=42)
    sandbox = MiraklCatalogSandbox(clock=clock, seed=seed, api_key="k")
    with httpx.Client(transport=sandbox.transport(), base_url="https://x") as client:
        assert client.get("/api/account", headers={"Authorization": "k"}).json()["shop_id"] == 42


@pytest.mark.needs_shared
def test_cm11_reports_live_and_refused_products(checked: httpx.Client, clock: FakeClock) -> None:
    _upload(checked, BAD_FILE)
    assert checked.get("/api/mcm/products/sources/status/export").json() == []
    clock.advance(180)
    since = "2026-01-01T00:00:00Z"
    statuses = checked.get(
        "/api/mcm/products/sources/status/export", params={"updated_since": since}
    ).json()
    assert [(s["provider_unique_identifier"], s["status"]) for s in statuses] == [
        ("B-1", "LIVE"),
        ("B-4", "NOT_LIVE"),
    ]
    assert statuses[1]["errors"][0]["integration_details"][0]["message"] == "Invalid EAN [12345]"
    clock.advance(300)
    later = checked.get(
        "/api/mcm/products/sources/status/export",
        params={"updated_since": "2026-01-01T00:04:00Z", "status": "LIVE"},
    ).json()
    assert later == []


def test_cm11_full_and_differential_have_their_own_frequencies(
    http: httpx.Client, sandbox: MiraklCatalogSandbox, clock: FakeClock
) -> None:
    path = "/api/mcm/products/sources/status/export"
    assert http.get(path).is_success
    assert http.get(path, params={"updated_since": "2026-01-01T00:00:00Z"}).is_success
    clock.advance(300)
    assert http.get(path, params={"updated_since": "2026-01-01T00:00:00Z"}).is_success
    refused = http.get(path)
    assert refused.status_code == 429
    assert sandbox.throttled == ["CM11-full"]


def test_p51_last_request_date_selects_changed_imports(
    http: httpx.Client, clock: FakeClock
) -> None:
    first = _upload(http, BAD_FILE)
    clock.advance(180)  # the first import completes at 00:03:00
    clock.advance(900)
    second = _upload(http, BAD_FILE)  # uploaded at 00:18:00
    changed = http.get(
        "/api/products/imports", params={"last_request_date": "2026-01-01T00:10:00Z"}
    ).json()
    assert [t["import_id"] for t in changed["product_import_trackings"]] == [second]
    clock.advance(60)
    everything = http.get("/api/products/imports").json()
    assert [t["import_id"] for t in everything["product_import_trackings"]] == [first, second]


@pytest.mark.needs_shared
def test_p51_lookup_after_a_lost_upload_validates(checked: httpx.Client, clock: FakeClock) -> None:
    # What a client whose P41 answer was lost asks: the imports changed since its send, in
    # the document's request and response shapes, each with its creation date.
    earlier = _upload(checked, BAD_FILE)
    clock.advance(900)
    sent_at = "2026-01-01T00:15:00Z"
    lost = _upload(checked, BAD_FILE)
    page = checked.get("/api/products/imports", params={"last_request_date": sent_at}).json()
    trackings = [ProductImport.model_validate(t) for t in page["product_import_trackings"]]
    assert [(t.import_id, t.date_created) for t in trackings] == [
        (lost, datetime(2026, 1, 1, 0, 15, tzinfo=UTC))
    ]
    assert page["total_count"] == 1
    clock.advance(60)
    waiting = {"last_request_date": "2026-01-01T00:00:00Z", "status": "COMPLETE"}
    done = checked.get("/api/products/imports", params=waiting).json()
    assert [t["import_id"] for t in done["product_import_trackings"]] == [earlier]


def test_p51_refuses_a_date_it_cannot_read(http: httpx.Client) -> None:
    refused = http.get("/api/products/imports", params={"last_request_date": "yesterday"})
    assert refused.status_code == 400
    assert "last_request_date" in refused.json()["message"]


_values = st.sampled_from(["", "BOOKS-NOVELS", "BOOKS", "GARDEN", "PAPERBACK", "SCROLL", "X"])


@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["BOOKS-NOVELS", "BOOKS", "ELECTRONICS-HEADPHONES", "GARDEN", ""]),
            st.sampled_from(["S-1", "S-2", "S-3", ""]),
            _values,
            _values,
            st.sampled_from(["", "9780441013593", "123", "12345678"]),
        ).filter(any),  # a blank line is not a row
        max_size=15,
    )
)
def test_every_row_ends_in_exactly_one_place(rows: list[tuple[str, ...]]) -> None:
    header = ["category", "shop-sku", "author", "format", "ean"]
    data = ";".join(header) + "\n" + "".join(";".join(row) + "\n" for row in rows)
    outcome = process_file(data.encode(), "p.csv", CatalogSeed.default())
    assert len(outcome.transform_errors) + len(outcome.transformed) == len(rows)
    assert len(outcome.integration_errors) + len(outcome.created) == len(outcome.transformed)
    refused = [error.line for error in outcome.transform_errors + outcome.integration_errors]
    assert len(refused) == len(set(refused))  # no row is refused twice
    assert all(2 <= line <= len(rows) + 1 for line in refused)
    skus = [row["shop-sku"] for row in outcome.created]
    assert len(skus) == len(set(skus))  # the operator never creates a SKU twice


@given(delay=st.floats(1, 10_000), times=st.lists(st.floats(0, 20_000), min_size=2, max_size=10))
def test_import_statuses_only_move_forward(delay: float, times: list[float]) -> None:
    outcome = process_file(b"category\n", "p.csv", CatalogSeed.default())
    job = ImportJob(
        import_id=1,
        shop_id=1,
        filename="p.csv",
        uploaded_at=0.0,
        uploaded_wall=datetime(2026, 1, 1, tzinfo=UTC),
        delay=delay,
        outcome=outcome,
    )
    order = list(ImportState)
    seen = [order.index(job.status(t)) for t in sorted(times)]
    assert seen == sorted(seen)
    assert job.status(delay) is ImportState.COMPLETE


# --- the sandbox's own reading of the document ----------------------------------------------


@pytest.mark.needs_shared
def test_the_sandbox_enforces_each_stated_maximum(shared_specs: Path) -> None:
    stated = read_stated_maximums(shared_specs)
    served = {"A01", "P41", "P42", "P44", "P45", "P46", "P47", "P51", "H11", "PM11", "VL11", "CM11"}
    limited = {}
    for operation in served:
        for bucket, rate in stated_buckets(operation, stated[operation]).items():
            if rate is not None:
                limited[bucket] = rate.interval
    catalogue = {b: s for b, s in MAX_CALL_FREQUENCY.items() if b.split("-")[0] in served}
    assert catalogue == limited  # the MMP buckets: tests/mirakl/test_mmp_sandbox.py


@pytest.mark.needs_shared
def test_the_sandbox_import_states_are_mirakls(shared_specs: Path) -> None:
    document = json.loads(
        (shared_specs / "mirakl" / "mirakl-mcm-seller-openapi.json").read_text("utf-8")
    )
    described = document["components"]["schemas"]["P42_Response_200"]["properties"]
    enum = re.findall(r'`"(\w+)"`', described["import_status"]["description"])
    assert [state.value for state in ImportState] == [s for s in enum if s != "CANCELLED"]
