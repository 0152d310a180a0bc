"""Mirakl's published examples parse into the wire models and keep what the SDK uses."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._errors import ResponseParseError
from marketplace_sdk.mirakl._models import (
    Account,
    Attribute,
    Hierarchies,
    ImportCreated,
    ImportStatus,
    ProductAttributes,
    ProductImport,
    ProductImportList,
    ValueLists,
)
from marketplace_sdk.mirakl._reports import ReportFile, ReportParseError, parse_error_report

pytestmark = pytest.mark.needs_shared


def _sample(specs: Path, name: str) -> Any:
    return json.loads((specs / "mirakl" / "samples" / name).read_text(encoding="utf-8"))


def _spec_example(specs: Path, operation: str, status: str = "200", key: str = "0") -> Any:
    spec = json.loads((specs / "mirakl" / "mirakl-mcm-seller-openapi.json").read_text("utf-8"))
    for item in spec["paths"].values():
        for op in item.values():
            if isinstance(op, dict) and op.get("operationId") == operation:
                content = op["responses"][status]["content"]["application/json"]
                return content["examples"][f"application/json-{key}"]["value"]
    raise LookupError(operation)


def test_h11_sample_keeps_codes_levels_and_parents(shared_specs: Path) -> None:
    tree = Hierarchies.model_validate(_sample(shared_specs, "mcm_H11_response_200.json"))
    assert [(h.code, h.level, h.parent_code) for h in tree.hierarchies] == [
        ("5911111", 2, "59"),
        ("5911112", 2, "59"),
        ("5911113", 2, "59"),
    ]
    assert tree.hierarchies[0].label == "Suncare"
    assert tree.hierarchies[2].label_translations[1].value == "Épilation Femmes"


def test_vl11_sample_lists_allowed_codes(shared_specs: Path) -> None:
    lists = ValueLists.model_validate(_sample(shared_specs, "mcm_VL11_response_200.json"))
    (jewellery,) = lists.values_lists
    assert jewellery.code == "Jewellery"
    assert jewellery.codes == ["Accessories", "Bracelets", "Necklaces", "Rings"]


def test_pm11_spec_example_reads_requirement_and_value_list(shared_specs: Path) -> None:
    attrs = ProductAttributes.model_validate(_spec_example(shared_specs, "PM11")).attributes
    washing, tools = attrs
    assert (washing.code, washing.hierarchy_code, washing.is_required) == (
        "washingInstructions3",
        "3012",
        False,
    )
    assert washing.default_value is None  # the example sends null for a string field
    assert tools.type == "LIST"
    assert tools.values_list_code == "Boolean"
    assert [c["code"] for c in tools.channels] == ["WEBSITE_FR", "WEBSITE_EN"]


@pytest.mark.parametrize("key", ["0", "auto"])
def test_pm11_both_examples_parse(shared_specs: Path, key: str) -> None:
    assert ProductAttributes.model_validate(_spec_example(shared_specs, "PM11", key=key))


def test_p41_sample_gives_the_import_id(shared_specs: Path) -> None:
    created = ImportCreated.model_validate(_sample(shared_specs, "mmp_P41_response_201.json"))
    assert created.import_id == 2035
    assert ImportCreated.model_validate(_spec_example(shared_specs, "P41", "201")).import_id == 2035


def test_p42_sample_gives_status_counts_and_utc_date(shared_specs: Path) -> None:
    status = ProductImport.model_validate(_sample(shared_specs, "mmp_P42_response_200.json"))
    assert status.import_id == 2005
    assert status.import_status is ImportStatus.SENT
    assert not status.is_final
    assert status.date_created == datetime(2019, 4, 5, 12, 56, 21, tzinfo=UTC)
    assert (status.transform_lines_read, status.transform_lines_in_success) == (1, 1)
    assert status.has_transformed_file is True


def test_p42_auto_example_reads_integration_details(shared_specs: Path) -> None:
    status = ProductImport.model_validate(_spec_example(shared_specs, "P42", key="auto"))
    assert status.import_status is ImportStatus.TRANSFORMATION_WAITING
    assert status.integration_details is not None
    assert status.integration_details.rejected_products == 0
    assert status.conversion_options is not None
    assert status.conversion_options.ai_rewrite is not None
    assert status.conversion_options.ai_rewrite.status == "ENABLED"


def test_p51_sample_lists_imports_and_total(shared_specs: Path) -> None:
    page = ProductImportList.model_validate(_sample(shared_specs, "mmp_P51_response_200.json"))
    assert page.total_count == 2
    assert [(i.import_id, i.import_status) for i in page.product_import_trackings] == [
        (2008, ImportStatus.COMPLETE),
        (2009, ImportStatus.SENT),
    ]
    assert page.product_import_trackings[0].is_final
    assert page.product_import_trackings[0].transform_lines_in_error == 5


@pytest.mark.parametrize(
    "source", ["mmp_A01_response_200.json", "mcm-spec"], ids=["mmp-sample", "mcm-example"]
)
def test_a01_parses_and_keeps_personal_data_out_of_repr(shared_specs: Path, source: str) -> None:
    data = (
        _spec_example(shared_specs, "A01")
        if source == "mcm-spec"
        else _sample(shared_specs, source)
    )
    shop = Account.model_validate(data)
    assert shop.shop_id == data["shop_id"]
    assert shop.shop_name == data["shop_name"]
    assert shop.currency_iso_code == data["currency_iso_code"]
    assert shop.grade == Decimal(str(data["grade"]))
    assert shop.contact_informations is not None
    assert shop.contact_informations.email == data["contact_informations"]["email"]
    text = repr(shop)
    for secret in (
        data["contact_informations"]["email"],
        data["contact_informations"]["phone"],
        data["payment_info"]["bank_account_number"],
    ):
        assert secret not in text
    assert shop.model_extra is not None
    assert "payment_info" in shop.model_extra  # kept for support, one attribute away


def test_unknown_import_status_is_kept_and_never_final() -> None:
    status = ProductImport.model_validate({"import_id": 1, "import_status": "ARCHIVED"})
    assert status.import_status == "ARCHIVED"
    assert not status.is_final


@pytest.mark.parametrize(
    ("status", "final"),
    [
        ("TRANSFORMATION_WAITING", False),
        ("TRANSFORMATION_RUNNING", False),
        ("WAITING", False),
        ("RUNNING", False),
        ("SENT", False),
        ("TRANSFORMATION_FAILED", True),
        ("COMPLETE", True),
        ("CANCELLED", True),
        ("FAILED", True),
    ],
)
def test_final_statuses(status: str, final: bool) -> None:
    assert ProductImport(import_id=1, import_status=status).is_final is final


def test_attribute_value_list_prefers_type_parameters() -> None:
    attr = Attribute.model_validate(
        {
            "code": "color",
            "type": "LIST",
            "type_parameter": "old",
            "type_parameters": [{"name": "LIST_CODE", "value": "colors"}],
        }
    )
    assert attr.values_list_code == "colors"
    assert Attribute(code="title", type="TEXT", type_parameter="x").values_list_code is None


def test_deprecated_required_flag_used_without_requirement_level() -> None:
    assert Attribute(code="a", required=True).is_required
    assert not Attribute(code="a", required=True, requirement_level="OPTIONAL").is_required


# --- error reports -------------------------------------------------------------------------


def test_error_report_with_semicolons_and_bom() -> None:
    data = "\ufeffsku;title;error-line;error-message\nA-1;Mug;2;The category is unknown.\n"
    (line,) = parse_error_report(data.encode("utf-8"))
    assert (line.line, line.message) == (2, "The category is unknown.")
    assert line.fields == {"sku": "A-1", "title": "Mug"}


def test_error_report_with_errors_and_warnings_columns() -> None:
    data = b"sku,errors,warnings\nA,1000|Attribute is required,\nB,,2001|Value truncated\n"
    first, second = parse_error_report(data)
    assert first.line is None
    assert first.message == "1000|Attribute is required"
    assert first.warnings is None
    assert (second.message, second.warnings) == ("", "2001|Value truncated")


def test_error_report_quoted_multiline_message() -> None:
    data = b'sku;error-message\nA;"line one\nline two; still one cell"\n'
    (line,) = parse_error_report(data)
    assert line.message == "line one\nline two; still one cell"


def test_error_report_without_message_column_is_refused() -> None:
    with pytest.raises(ValueError, match="no error message column"):
        parse_error_report(b"sku;title\nA;B\n")


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"sku;error-message\nA;caf\xe9\n", id="not UTF-8"),
        pytest.param(b"sku;error-message\nA;" + b"y" * 200_000 + b"\n", id="field past the limit"),
    ],
)
def test_an_unreadable_error_report_is_a_typed_parse_error(data: bytes) -> None:
    # Issue 12: UnicodeDecodeError and csv.Error escaped the parser untyped.
    with pytest.raises(ReportParseError) as caught:
        parse_error_report(data)
    assert isinstance(caught.value, ResponseParseError)
    assert caught.value.marketplace == "mirakl"


def test_a_line_number_in_other_digits_is_no_line_number() -> None:
    # Issue 12: "²" passed str.isdigit() and int() raised ValueError.
    (line,) = parse_error_report("error-line;error-message\n²;bad\n".encode())
    assert (line.line, line.message) == (None, "bad")


def test_empty_error_report_has_no_lines() -> None:
    assert parse_error_report(b"") == []


_cell = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")), min_size=0, max_size=20
).map(str.strip)


@given(
    rows=st.lists(st.tuples(st.integers(1, 10_000), _cell, _cell), max_size=20),
    delimiter=st.sampled_from([";", ",", "\t", "|"]),
)
def test_error_report_round_trip(rows: list[tuple[int, str, str]], delimiter: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(["error-line", "error-message", "shop-sku"])
    writer.writerows(rows)
    parsed = parse_error_report(buffer.getvalue().encode(), delimiter=delimiter)
    assert [(p.line, p.message, p.fields["shop-sku"]) for p in parsed] == [
        (line, message, sku) for line, message, sku in rows
    ]


def test_report_file_from_headers() -> None:
    report = ReportFile.from_headers(
        b"a;b\n",
        {
            "content-type": "application/octet-stream",
            "content-disposition": "attachment; filename=error_report_12.csv",
        },
    )
    assert report.content_type == "application/octet-stream"
    assert report.filename == "error_report_12.csv"
    assert report.is_csv
    assert "a;b" not in repr(report)
    xlsx = ReportFile(b"PK", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    assert not xlsx.is_csv


@pytest.mark.parametrize(
    ("content", "content_type", "filename", "is_csv"),
    [
        (b"a;b\n", "text/csv", None, True),
        (b"a;b\n", "application/octet-stream", None, True),
        ("\ufeffréf;erreur\n".encode(), "application/octet-stream", None, True),
        (b"a;b\n", "application/octet-stream", "report.xlsx", False),
        (b"PK\x03\x04rest", "application/octet-stream", None, False),
        (b"<?xml version='1.0'?><r/>", "application/octet-stream", None, False),
        (b"\xff\xfe\x00\x01", "application/octet-stream", None, False),
        (b"a;b\n", "application/vnd.ms-excel", None, False),
    ],
)
def test_report_file_csv_detection(
    content: bytes, content_type: str, filename: str | None, is_csv: bool
) -> None:
    assert ReportFile(content, content_type, filename).is_csv is is_csv
