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
