"""Batch reports kept as applied offers' ids (`ReportedResults`) give the results a dict of
`ItemResult`s gives, report after report, and the push's results built from them are the same."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from marketplace_sdk.core._models import StockUpdate
from marketplace_sdk.core._result_columns import ResultColumns
from marketplace_sdk.core._results import ItemResult
from marketplace_sdk.fnac._mapping import reported_results, stock_updates
from marketplace_sdk.fnac._mapping.reported import ReportedResults

SKUS = ["A", "B", "C", "D", "E"]
LINE = st.tuples(st.sampled_from(SKUS), st.sampled_from(["applied", "refused"]), st.booleans())
REPORTS = st.lists(st.lists(LINE, max_size=6), max_size=4)


def line_result(sku: str, kind: str, with_id: bool) -> ItemResult:
    if kind == "applied":
        return ItemResult.ok(sku, marketplace_id=f"F-{sku}" if with_id else None)
    return ItemResult.rejected(sku, code="ERR_1", message="bad price")


def as_reported(lines: list[tuple[str, str, bool]]) -> ReportedResults:
    report = ReportedResults()
    for sku, kind, with_id in lines:
        if kind == "applied":
            report.add_applied(sku, f"F-{sku}" if with_id else None)
        else:
            report.add(line_result(sku, kind, with_id))
    return report


@given(REPORTS)
def test_reports_kept_as_ids_give_the_results_a_dict_of_results_gives(
    reports: list[list[tuple[str, str, bool]]],
) -> None:
    eager: dict[str, ItemResult] = {}
    kept = ReportedResults()
    for lines in reports:
        eager.update({sku: line_result(sku, kind, with_id) for sku, kind, with_id in lines})
        kept.update(as_reported(lines))
    assert dict(kept) == eager
    assert kept == eager
    assert len(kept) == len(eager)
    assert sorted(kept) == sorted(eager)


@given(REPORTS, st.lists(st.sampled_from(SKUS), unique=True), st.booleans())
def test_a_pushs_results_are_those_of_the_eager_reports(
    reports: list[list[tuple[str, str, bool]]], skus: list[str], running: bool
) -> None:
    eager: dict[str, ItemResult] = {}
    kept = ReportedResults()
    for lines in reports:
        eager.update({sku: line_result(sku, kind, with_id) for sku, kind, with_id in lines})
        kept.update(as_reported(lines))
    prepared = stock_updates([StockUpdate(sku=sku, quantity=1) for sku in skus])
    from_ids = reported_results(prepared, kept, running=running)
    from_results = reported_results(prepared, eager, running=running)
    assert isinstance(from_ids, ResultColumns)
    assert list(from_ids) == list(from_results)
    assert [result.key for result in from_ids] == skus
