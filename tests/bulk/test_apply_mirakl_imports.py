"""A FNAC bulk file whose product Mirakl's import refused, with Mirakl's behaviours on."""

from __future__ import annotations

from pathlib import Path

from tests.bulk.bulkfiles import FNAC_HEADER, ean13, write_rows
from tests.fnac._sync.support import fnac_channel

from marketplace_sdk.bulk import RowOutcome, apply_bulk, read_bulk_file
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac import IMPORT_REJECTED, PENDING_IMPORT
from marketplace_sdk.fnac.sandbox import FnacSandbox


def test_mirakl_q07_a_row_whose_import_ended_complete_but_refused_it_is_rejected(
    tmp_path: Path, clock: FakeClock
) -> None:
    sandbox = FnacSandbox.seeded(offers=1, orders=0, clock=clock)
    sandbox.add_product(ean13(1), "Pen")
    channel = fnac_channel(sandbox, clock)
    rows = [
        {"sku": "PEN-0001", "ean": ean13(1), "title": "Pen", "price": "2.50", "stock": "4"},
        # FNAC does not know this EAN; Mirakl's transformation refuses the row (no author),
        # and its import still ends COMPLETE.
        {
            "sku": "BOOK-0002",
            "ean": ean13(2),
            "title": "A novel",
            "category_id": "BOOKS-NOVELS",
            "price": "12.00",
            "stock": "1",
        },
    ]
    rows = [{name: row.get(name, "") for name in FNAC_HEADER} for row in rows]
    path = write_rows(tmp_path / "fnac.csv", FNAC_HEADER, rows)

    first = apply_bulk(channel, read_bulk_file(path, "fnac"), results_path=tmp_path / "1.csv")
    assert [row.outcome for row in first.results] == [RowOutcome.OK, RowOutcome.RETRY_LATER]
    assert PENDING_IMPORT in first.results[1].reason

    sandbox.advance(sandbox.mirakl.processing_delay + 1)
    (job,) = sandbox.mirakl.jobs.values()
    assert job.status(clock.monotonic()).value == "COMPLETE"
    second = apply_bulk(channel, read_bulk_file(path, "fnac"), results_path=tmp_path / "2.csv")

    ok, refused = second.results
    assert ok.outcome is RowOutcome.OK
    assert refused.outcome is RowOutcome.REJECTED
    assert IMPORT_REJECTED in refused.reason
    assert "Attribute is required: [author]" in refused.reason
    assert refused.marketplace_id == str(job.import_id)
    assert "BOOK-0002" not in sandbox.state.offers
    assert len(sandbox.mirakl.jobs) == 1


def test_issue15_item2_unknown_categories_are_imported_once_then_refused_for_mirakls_reason(
    tmp_path: Path, clock: FakeClock
) -> None:
    sandbox = FnacSandbox.seeded(offers=1, orders=0, clock=clock)
    rows = [
        {
            "sku": f"NOCAT-{index}",
            "ean": ean13(100 + index),
            "title": f"Thing {index}",
            "category_id": "NO-SUCH-CATEGORY",
            "price": "12.00",
            "stock": "1",
        }
        for index in range(4)
    ]
    rows = [{name: row.get(name, "") for name in FNAC_HEADER} for row in rows]
    path = write_rows(tmp_path / "fnac.csv", FNAC_HEADER, rows)

    def apply(name: str) -> list[tuple[str, str]]:
        # A fresh channel each time, as each `fnac bulk apply` command opens one.
        report = apply_bulk(
            fnac_channel(sandbox, clock), read_bulk_file(path, "fnac"), results_path=tmp_path / name
        )
        return [(row.outcome.value, row.reason) for row in report.results]

    first = apply("1.csv")
    # One Mirakl import for the whole file, no row throttled by P41's 15 minutes.
    assert len(sandbox.mirakl.jobs) == 1
    assert sandbox.mirakl.throttled == []
    assert {outcome for outcome, _ in first} == {"retry_later"}
    assert all(PENDING_IMPORT in reason for _, reason in first)

    again = apply("2.csv")  # while the import runs: no second upload
    assert {outcome for outcome, _ in again} == {"retry_later"}
    assert len(sandbox.mirakl.jobs) == 1

    sandbox.advance(sandbox.mirakl.processing_delay + 1)
    for name in ("3.csv", "4.csv"):
        final = apply(name)
        # Mirakl's reason reaches every row as a final refusal, and nothing is re-imported.
        assert {outcome for outcome, _ in final} == {"rejected"}
        assert all(IMPORT_REJECTED in reason for _, reason in final)
        assert all("The category is unknown: [NO-SUCH-CATEGORY]" in r for _, r in final)
        assert len(sandbox.mirakl.jobs) == 1

    # A corrected row is imported afresh (after P41's 15 minutes); the others stay refused.
    sandbox.advance(900)
    rows[0]["category_id"] = "BOOKS-NOVELS"
    write_rows(path, FNAC_HEADER, rows)
    fixed = apply("5.csv")
    assert fixed[0][0] == "retry_later"
    assert PENDING_IMPORT in fixed[0][1]
    assert [outcome for outcome, _ in fixed[1:]] == ["rejected"] * 3
    assert len(sandbox.mirakl.jobs) == 2
