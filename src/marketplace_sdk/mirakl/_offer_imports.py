"""Per-offer results of an offer import (OF01 or OF24), from OF02's status and OF03's report.

A COMPLETE import can still have refused lines (MIRAKL-Q07); their reasons are only in the
OF03 error report. `offer_import_results` gives each SKU sent its own outcome:

- the import FAILED: every SKU rejected with Mirakl's `reason_status`;
- a SKU on an error report line: rejected with that line's message;
- the import is not final: every SKU retry later (ask again);
- COMPLETE with lines still pending, or error lines the report does not tie to a SKU: the
  SKUs not named are `unknown` (applied or not, the report cannot tell), never reported ok;
- otherwise: ok.

Examples:
    >>> from marketplace_sdk.mirakl._reports import parse_error_report
    >>> done = OfferImport(import_id=7, status="COMPLETE", lines_read=2, lines_in_success=1,
    ...                    lines_in_error=1, has_error_report=True)
    >>> errors = parse_error_report(b"sku;price;error-message\\nB;-1;Price is invalid\\n")
    >>> [(r.key, r.outcome.value) for r in offer_import_results(done, ["A", "B"], errors)]
    [('A', 'ok'), ('B', 'rejected')]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from marketplace_sdk.core._result_columns import plain_ok
from marketplace_sdk.core._results import BatchResult, ItemResult
from marketplace_sdk.mirakl._models import OfferImport, OfferImportStatus
from marketplace_sdk.mirakl._reports import ErrorReportLine, errors_by_product
from marketplace_sdk.mirakl._reports import _delimiter as guess_delimiter

__all__ = [
    "OFFER_SKU_COLUMN",
    "offer_file_skus",
    "offer_import_outcomes",
    "offer_import_results",
]

#: The SKU column of Mirakl's offer import file and of its error report.
OFFER_SKU_COLUMN = "sku"


def offer_file_skus(content: bytes | str, *, delimiter: str | None = None) -> dict[int, str]:
    """The SKU of each data line of an offer CSV, by line number (the header is line 1).

    Used to tie an error report line without a SKU to its offer by its line number. The
    delimiter is guessed from the header line (Mirakl's default is `;`) unless given.

    Raises:
        ValueError: the file is not UTF-8 or has no `sku` column.

    Examples:
        >>> offer_file_skus(b"sku;price\\nA;5\\nB;6\\n")
        {2: 'A', 3: 'B'}
    """
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content
    first_line = text.splitlines()[0] if text.strip() else ""
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter or guess_delimiter(first_line))
    column = next(
        (name for name in reader.fieldnames or [] if name.strip().lower() == OFFER_SKU_COLUMN),
        None,
    )
    if column is None:
        raise ValueError(f"the offer file has no {OFFER_SKU_COLUMN!r} column")
    return {
        number: (row.get(column) or "").strip()
        for number, row in enumerate(reader, start=2)
        if (row.get(column) or "").strip()
    }


def offer_import_results(
    status: OfferImport,
    skus: Sequence[str],
    errors: Iterable[ErrorReportLine] = (),
    *,
    skus_by_line: dict[int, str] | None = None,
) -> BatchResult:
    """One result per SKU sent, in the order given (see the module for the rules).

    Args:
        status: the import's OF02 status.
        skus: the shop SKUs the import carried.
        errors: the OF03 report's lines (empty when the import has no error report).
        skus_by_line: the file's SKU by line number, for report lines that name no SKU.

    Examples:
        >>> failed = OfferImport(import_id=7, status="FAILED", reason_status="Bad header")
        >>> offer_import_results(failed, ["A"])[0].reason.message
        'Bad header'
    """
    ok_id, others = offer_import_outcomes(status, skus, errors, skus_by_line=skus_by_line)
    return BatchResult(others.get(sku) or plain_ok(sku, ok_id) for sku in skus)


def offer_import_outcomes(
    status: OfferImport,
    skus: Sequence[str],
    errors: Iterable[ErrorReportLine] = (),
    *,
    skus_by_line: dict[int, str] | None = None,
) -> tuple[str, dict[str, ItemResult]]:
    """`offer_import_results` without an object per ok SKU: the import id every ok SKU gets
    as its `marketplace_id`, and the results of the SKUs that are not ok, by SKU.

    Examples:
        >>> from marketplace_sdk.mirakl._reports import parse_error_report
        >>> done = OfferImport(import_id=7, status="COMPLETE", lines_in_error=1,
        ...                    has_error_report=True)
        >>> errors = parse_error_report(b"sku;error-message\\nB;Price is invalid\\n")
        >>> ok_id, others = offer_import_outcomes(done, ["A", "B"], errors)
        >>> ok_id, sorted(others)
        ('7', ['B'])
    """
    marketplace_id = str(status.import_id)
    if status.status == OfferImportStatus.FAILED:
        message = status.reason_status or "the offer import failed"
        return marketplace_id, {
            sku: ItemResult.rejected(sku, code="IMPORT_FAILED", message=message) for sku in skus
        }
    if not status.is_final:
        message = f"offer import {status.import_id} is still {status.status}"
        return marketplace_id, {sku: ItemResult.retry_later(sku, message=message) for sku in skus}
    found = errors_by_product(errors, sku_column=OFFER_SKU_COLUMN, skus_by_line=skus_by_line)
    untied = found.pop(None, [])
    reported = sum(len(lines) for lines in found.values()) + len(untied)
    doubt = None
    if untied:
        doubt = f"{len(untied)} error line(s) of import {status.import_id} name no SKU"
    elif status.lines_in_pending:
        doubt = f"{status.lines_in_pending} line(s) of import {status.import_id} still pending"
    elif status.lines_in_error and status.lines_in_error > reported:
        doubt = (
            f"import {status.import_id} has {status.lines_in_error} error line(s), "
            f"its report {reported}"
        )
    others: dict[str, ItemResult] = {}
    for sku, lines in found.items():
        if lines and sku is not None:
            message = "; ".join(line.message for line in lines if line.message) or "refused"
            others[sku] = ItemResult.rejected(sku, message=message)
    if doubt is not None:
        for sku in skus:
            if sku not in others:
                others[sku] = ItemResult.unknown(sku, message=doubt)
    return marketplace_id, {sku: others[sku] for sku in dict.fromkeys(skus) if sku in others}
