"""Issue 15, item 9: a negative stock in a bulk file says it must be 0 or more."""

from __future__ import annotations

from pathlib import Path

from tests.bulk.bulkfiles import ETSY_HEADER, etsy_rows, write_rows

from marketplace_sdk.bulk import read_bulk_file


def test_issue15_item9_negative_stock_says_it_must_be_zero_or_more(tmp_path: Path) -> None:
    rows = etsy_rows(2, category="2")
    rows[0] |= {"stock": "-3"}
    rows[1] |= {"stock": "three"}
    path = write_rows(tmp_path / "e.csv", ETSY_HEADER, rows)

    reasons = {error.line: error.reason for error in read_bulk_file(path, "etsy").errors}

    assert "not a whole number" not in reasons[2]
    assert "'-3'" in reasons[2]
    assert "≥ 0" in reasons[2]
    assert reasons[3] == "not a whole number: 'three'"
