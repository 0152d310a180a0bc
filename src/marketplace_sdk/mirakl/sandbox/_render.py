"""How the sandbox writes its answers: JSON bodies, report files, multipart reading. Pure.

The report files are `;`-separated CSV (Mirakl's default): the error reports carry `error-line`
and `error-message` followed by the uploaded columns, which is the SDK's choice where the MCM
document does not describe the files.

Examples:
    >>> error_response(404, "Import 1 not found").json()
    {'status': 404, 'message': 'Import 1 not found'}
"""

from __future__ import annotations

import csv
import email.parser
import email.policy
import io
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

import httpx

from marketplace_sdk.mirakl.sandbox._imports import ImportJob, RowError
from marketplace_sdk.mirakl.sandbox._wire import ImportState
from marketplace_sdk.testing import json_response

__all__ = [
    "csv_bytes",
    "error_report",
    "error_response",
    "file_response",
    "new_product_report",
    "product_statuses",
    "read_multipart",
    "shown_status",
    "tracking",
    "transformed_file",
]

Json = dict[str, Any]


def error_response(
    status: int, message: str, headers: Mapping[str, str] | None = None
) -> httpx.Response:
    """Mirakl's error body: `{"status": ..., "message": ...}`."""
    return json_response(status, {"status": status, "message": message}, headers=headers)


def csv_bytes(headers: list[str], rows: Iterable[list[str]]) -> bytes:
    """`;`-separated UTF-8 CSV with a header line.

    Examples:
        >>> csv_bytes(["a", "b"], [["1", "x;y"]])
        b'a;b\\n1;"x;y"\\n'
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def file_response(content: bytes, filename: str, content_type: str) -> httpx.Response:
    """A file download, as the report operations answer."""
    disposition = f'attachment; filename="{filename}"'
    return httpx.Response(
        200,
        content=content,
        headers={"content-type": content_type, "content-disposition": disposition},
    )


def read_multipart(request: httpx.Request) -> dict[str, tuple[str | None, bytes]]:
    """A multipart/form-data body's parts: name to (file name, content)."""
    content_type = request.headers.get("content-type", "")
    if not content_type.startswith("multipart/form-data"):
        return {}
    raw = f"Content-Type: {content_type}\r\n\r\n".encode() + request.content
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(raw)
    parts: dict[str, tuple[str | None, bytes]] = {}
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            parts[name] = (part.get_filename(), payload)
    return parts


def shown_status(job: ImportJob, now: float, *, unlisted: str | None = None) -> str:
    """The `import_status` P42 shows: the job's state, or `unlisted` while it is integrating.

    `unlisted` is a state the P42 document does not list (MIRAKL-Q08's switch), shown in the
    last part of `SENT`, while the operator synchronises the products.
    """
    if unlisted is not None and job.integrating(now):
        return unlisted
    return job.status(now).value


def tracking(
    job: ImportJob,
    now: float,
    *,
    unlisted: str | None = None,
    undocumented: Mapping[str, Any] | None = None,
) -> Json:
    """P42's body (and a P51 entry) for `job` at monotonic time `now`.

    `unlisted` is shown as the status while the import integrates, and `undocumented` is
    added to the body (MIRAKL-Q08: Mirakl's answers grow states and fields without notice).
    """
    status = job.status(now)
    outcome = job.outcome
    transformed = job.transformed(now)
    complete = status is ImportState.COMPLETE
    integrated = job.integrated(now)
    body: Json = {
        "import_id": job.import_id,
        "import_status": shown_status(job, now, unlisted=unlisted),
        "shop_id": job.shop_id,
        "date_created": job.created_at,
        "has_error_report": integrated and bool(outcome.integration_errors),
        "has_new_product_report": complete and bool(outcome.created),
        "has_transformed_file": transformed and bool(outcome.transformed),
        "has_transformation_error_report": transformed and bool(outcome.transform_errors),
        "transform_lines_read": outcome.lines_read if transformed else 0,
        "transform_lines_in_success": len(outcome.transformed) if transformed else 0,
        "transform_lines_in_error": len(outcome.transform_errors) if transformed else 0,
        "transform_lines_with_warning": 0,
    }
    if job.conversion_type:
        body["conversion_type"] = job.conversion_type
    if status is ImportState.TRANSFORMATION_FAILED:
        body["reason_status"] = outcome.failure or "The file could not be read"
    if status is ImportState.FAILED:
        refused = len(outcome.transform_errors) + len(outcome.integration_errors)
        body["reason_status"] = f"{refused} line(s) in error: nothing was imported"
    if complete:
        body["integration_details"] = {
            "invalid_products": len(outcome.integration_errors),
            "products_successfully_synchronized": len(outcome.created),
            "rejected_products": 0,
            "products_with_wrong_identifiers": 0,
        }
    body.update(undocumented or {})
    return body


def error_report(job: ImportJob, errors: list[RowError], name: str) -> httpx.Response:
    """P44 or P47: the refused rows with their line and message, then the uploaded columns."""
    columns = job.outcome.headers
    rows = (
        [str(error.line), error.message, *(error.row.get(column, "") for column in columns)]
        for error in errors
    )
    content = csv_bytes(["error-line", "error-message", *columns], rows)
    return file_response(content, f"{name}_{job.import_id}.csv", "application/octet-stream")


def new_product_report(job: ImportJob) -> httpx.Response:
    """P45: the products the import created, with the operator's product id."""
    rows = (
        [row["shop-sku"], f"MCM-{job.import_id}-{index + 1}", row.get("category", "")]
        for index, row in enumerate(job.outcome.created)
    )
    content = csv_bytes(["shop-sku", "product-sku", "category"], rows)
    return file_response(content, f"new_products_{job.import_id}.csv", "application/octet-stream")


def transformed_file(job: ImportJob) -> httpx.Response:
    """P46: the rows that passed the transformation, in the operator's columns."""
    columns = job.outcome.headers
    rows = ([row.get(column, "") for column in columns] for row in job.outcome.transformed)
    return file_response(csv_bytes(columns, rows), f"transformed_{job.import_id}.csv", "text/csv")


def _identifiers(row: Mapping[str, str]) -> list[Json]:
    ean = row.get("ean", "").strip()
    return [{"code": "EAN", "value": ean}] if ean else []


def product_statuses(jobs: Iterable[ImportJob], now: float) -> list[tuple[datetime, Json]]:
    """CM11's entries, each with the time it last changed: the latest import wins per SKU.

    Created products are `LIVE`; rows the operator refused are `NOT_LIVE` with the reason (a
    row refused as a duplicate of a row the same file created leaves that product `LIVE`).
    """
    latest: dict[str, tuple[datetime, Json]] = {}
    for job in jobs:
        if job.status(now) is not ImportState.COMPLETE:
            continue  # a FAILED import (MIRAKL-Q07 off) created nothing
        changed = job.completes_at
        for error in job.outcome.integration_errors:
            sku = error.row.get("shop-sku", "").strip()
            latest[sku] = (
                changed,
                {
                    "provider_unique_identifier": sku,
                    "status": "NOT_LIVE",
                    "unique_identifiers": _identifiers(error.row),
                    "errors": [
                        {
                            "code": "MCM-04000",
                            "message": "The product integration contains errors.",
                            "integration_details": [
                                {
                                    "attribute_code": "shop-sku",
                                    "code": "ERROR",
                                    "message": error.message,
                                }
                            ],
                        }
                    ],
                },
            )
        for row in job.outcome.created:
            sku = row["shop-sku"].strip()
            latest[sku] = (
                changed,
                {
                    "provider_unique_identifier": sku,
                    "status": "LIVE",
                    "unique_identifiers": _identifiers(row),
                },
            )
    return sorted(
        latest.values(), key=lambda item: (item[0], item[1]["provider_unique_identifier"])
    )
