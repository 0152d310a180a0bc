"""`MiraklCatalogSandbox`: a stateful Mirakl Catalog Manager simulator for tests and demos.

It answers A01, P41, P42, P44-P47, P51, H11, PM11 and VL11 in the shapes of the MCM seller
document, from a seeded catalogue (`CatalogSeed`). A P41 upload is processed at once but becomes
visible step by step on the injected clock (TRANSFORMATION_WAITING ... COMPLETE over
`processing_delay` seconds), with a P47 report for rows the transformation refused and a P44
report for rows the operator refused (`marketplace_sdk.mirakl.sandbox.imports`). It checks the
`Authorization` key and, like Mirakl, answers 429 with `Retry-After` to a call that comes sooner
than its operation's maximum frequency allows (each such refusal is recorded in `throttled`).

Serve it in process with `transport()` or on a loopback port with `serve()`; queue failures on
`faults` (the kit's `FaultPlan`, matched by operation code such as `"P42"`).

Examples:
    >>> import httpx
    >>> from marketplace_sdk.core.clock import FakeClock
    >>> sandbox = MiraklCatalogSandbox(clock=FakeClock())
    >>> http = httpx.Client(transport=sandbox.transport(), base_url="https://x.mirakl.net",
    ...                     headers={"Authorization": sandbox.api_key})
    >>> http.post("/api/products/imports", files={"file": ("p.csv", sandbox.example_csv())}).json()
    {'import_id': 3001}
    >>> http.get("/api/products/imports/3001").json()["import_status"]
    'TRANSFORMATION_WAITING'
    >>> sandbox.clock.advance(sandbox.processing_delay)
    >>> http.get("/api/products/imports/3001").json()["import_status"]
    'COMPLETE'
"""

from __future__ import annotations

import csv
import email.parser
import email.policy
import io
import math
from collections.abc import Callable, Mapping
from datetime import timedelta
from typing import Any

import httpx

from marketplace_sdk.core.clock import Clock, FakeClock
from marketplace_sdk.mirakl.limits import MCM_CALL_FREQUENCIES
from marketplace_sdk.mirakl.models import ImportStatus
from marketplace_sdk.mirakl.sandbox.imports import ImportJob, RowError, process_file
from marketplace_sdk.mirakl.sandbox.seed import CatalogSeed
from marketplace_sdk.testing import FaultPlan, LoopbackServer, Router, SandboxTransport
from marketplace_sdk.testing import json_response as _json

__all__ = ["MiraklCatalogSandbox"]

Json = dict[str, Any]
_Handler = Callable[[httpx.Request, Mapping[str, str]], httpx.Response]

_FINAL = {ImportStatus.COMPLETE, ImportStatus.TRANSFORMATION_FAILED}


def _error(status: int, message: str, headers: Mapping[str, str] | None = None) -> httpx.Response:
    return _json(status, {"status": status, "message": message}, headers=headers)


def _csv(headers: list[str], rows: list[list[str]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\n")
    writer.writerow(headers)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _file(content: bytes, filename: str, content_type: str) -> httpx.Response:
    disposition = f'attachment; filename="{filename}"'
    return httpx.Response(
        200,
        content=content,
        headers={"content-type": content_type, "content-disposition": disposition},
    )


def _multipart(request: httpx.Request) -> dict[str, tuple[str | None, bytes]]:
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


def _flag(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() == "true"


class MiraklCatalogSandbox:
    """A Mirakl catalogue (MCM seller API) simulator.

    Args:
        clock: the time the sandbox lives in (a `FakeClock` by default).
        seed: the catalogue and shop it serves (`CatalogSeed.default()` by default).
        api_key: the key the `Authorization` header must carry.
        processing_delay: seconds from a P41 upload to its `COMPLETE` status.
        enforce_call_frequencies: answer 429 to calls above Mirakl's stated maximum frequency.
        faults: the fault plan shared by `transport()` and `serve()`.

    Examples:
        >>> MiraklCatalogSandbox().seed.shop_id
        2000
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        seed: CatalogSeed | None = None,
        api_key: str = "sandbox-mirakl-api-key",
        processing_delay: float = 180.0,
        enforce_call_frequencies: bool = True,
        faults: FaultPlan | None = None,
    ) -> None:
        self.clock: Clock = clock or FakeClock()
        self.seed = seed or CatalogSeed.default()
        self.api_key = api_key
        self.processing_delay = processing_delay
        self.enforce_call_frequencies = enforce_call_frequencies
        self.faults = faults if faults is not None else FaultPlan()
        self.throttled: list[str] = []
        self.jobs: dict[int, ImportJob] = {}
        self._next_import_id = 3001
        self._last_call: dict[str, float] = {}
        self.router = Router()
        self._routes()

    def __repr__(self) -> str:
        return f"MiraklCatalogSandbox(shop_id={self.seed.shop_id}, imports={len(self.jobs)})"

    # -- serving --------------------------------------------------------------------------

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """The app: route `request` and answer it."""
        return self.router(request)

    def operation_of(self, request: httpx.Request) -> str | None:
        """The MCM operation code of `request` (for fault rules), if it has one."""
        return self.router.operation_of(request)

    def transport(self) -> SandboxTransport:
        """An in-process httpx transport (sync and async) serving this sandbox."""
        return SandboxTransport(self, faults=self.faults)

    def serve(self, host: str = "127.0.0.1", port: int = 0) -> LoopbackServer:
        """A loopback HTTP server for this sandbox (use it as a context manager)."""
        return LoopbackServer(self, host=host, port=port, faults=self.faults)

    def example_csv(self) -> bytes:
        """A product file every row of which the default catalogue accepts."""
        return _csv(
            ["category", "shop-sku", "title", "author", "format", "ean"],
            [
                ["BOOKS-NOVELS", "BOOK-001", "Dune", "Frank Herbert", "PAPERBACK", "9780441013593"],
                ["BOOKS-NOVELS", "BOOK-002", "Emma", "Jane Austen", "HARDCOVER", ""],
            ],
        )

    @property
    def products(self) -> list[dict[str, str]]:
        """Products created by imports that have completed (P45's rows), oldest first."""
        now = self.clock.monotonic()
        return [
            row
            for job in self.jobs.values()
            if job.status(now) is ImportStatus.COMPLETE
            for row in job.outcome.created
        ]

    # -- routing --------------------------------------------------------------------------

    def _routes(self) -> None:
        routes: list[tuple[str, str, str, _Handler]] = [
            ("GET", "/api/account", "A01", self._account),
            ("POST", "/api/products/imports", "P41", self._create_import),
            ("GET", "/api/products/imports", "P51", self._list_imports),
            ("GET", "/api/products/imports/{import_id}", "P42", self._import_status),
            ("GET", "/api/products/imports/{import_id}/error_report", "P44", self._p44),
            ("GET", "/api/products/imports/{import_id}/new_product_report", "P45", self._p45),
            ("GET", "/api/products/imports/{import_id}/transformed_file", "P46", self._p46),
            (
                "GET",
                "/api/products/imports/{import_id}/transformation_error_report",
                "P47",
                self._p47,
            ),
            ("GET", "/api/hierarchies", "H11", self._hierarchies),
            ("GET", "/api/products/attributes", "PM11", self._attributes),
            ("GET", "/api/values_lists", "VL11", self._value_lists),
        ]
        for method, template, operation, handler in routes:
            self.router.add(
                method, template, self._guarded(operation, handler), operation=operation
            )

    def _guarded(self, operation: str, handler: _Handler) -> _Handler:
        def guarded(request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
            if request.headers.get("authorization") != self.api_key:
                return _error(401, "Unauthorized: invalid or missing API key")
            shop = request.url.params.get("shop_id")
            if shop is not None and shop != str(self.seed.shop_id):
                return _error(403, f"Access to shop {shop} is denied")
            refused = self._throttle(operation)
            if refused is not None:
                return refused
            return handler(request, params)

        return guarded

    def _throttle(self, operation: str) -> httpx.Response | None:
        now = self.clock.monotonic()
        rates = MCM_CALL_FREQUENCIES.get(operation, ())
        last = self._last_call.get(operation)
        if self.enforce_call_frequencies and rates and last is not None:
            interval = rates[0].interval
            if now - last < interval:
                self.throttled.append(operation)
                retry_after = str(max(1, math.ceil(interval - (now - last))))
                return _error(
                    429,
                    f"{operation} called too often: at most once every {interval:g}s",
                    headers={"retry-after": retry_after},
                )
        self._last_call[operation] = now
        return None

    # -- handlers -------------------------------------------------------------------------

    def _account(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return _json(200, self.seed.account)

    def _create_import(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        parts = _multipart(request)
        if "file" not in parts:
            return _error(400, "The file to import is missing (multipart part 'file')")
        filename, content = parts["file"]
        operator_format = parts.get("operator_format", (None, b"false"))[1].decode().strip()
        if operator_format not in ("true", "false"):
            return _error(400, f"operator_format must be true or false, not {operator_format!r}")
        conversion = parts.get("conversion_type")
        import_id = self._next_import_id
        self._next_import_id += 1
        name = filename or "products.csv"
        self.jobs[import_id] = ImportJob(
            import_id=import_id,
            shop_id=self.seed.shop_id,
            filename=name,
            uploaded_at=self.clock.monotonic(),
            created_at=self.clock.now().strftime("%Y-%m-%dT%H:%M:%SZ"),
            delay=self.processing_delay,
            outcome=process_file(content, name, self.seed),
            conversion_type=conversion[1].decode() if conversion else None,
        )
        location = f"{request.url.scheme}://{request.url.netloc.decode()}/api/products/imports/"
        return _json(201, {"import_id": import_id}, headers={"location": f"{location}{import_id}"})

    def _tracking(self, job: ImportJob) -> Json:
        now = self.clock.monotonic()
        status = job.status(now)
        outcome = job.outcome
        transformed = job.transformed(now)
        complete = status is ImportStatus.COMPLETE
        body: Json = {
            "import_id": job.import_id,
            "import_status": status.value,
            "shop_id": job.shop_id,
            "date_created": job.created_at,
            "has_error_report": complete and bool(outcome.integration_errors),
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
        if status is ImportStatus.TRANSFORMATION_FAILED:
            body["reason_status"] = outcome.failure or "The file could not be read"
        if complete:
            body["integration_details"] = {
                "invalid_products": len(outcome.integration_errors),
                "products_successfully_synchronized": len(outcome.created),
                "rejected_products": 0,
                "products_with_wrong_identifiers": 0,
            }
        return body

    def _job(self, params: Mapping[str, str]) -> ImportJob | httpx.Response:
        raw = params["import_id"]
        if not raw.isdigit():
            return _error(400, f"Invalid import identifier [{raw}]")
        job = self.jobs.get(int(raw))
        if job is None:
            return _error(404, f"Import {raw} not found")
        return job

    def _import_status(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        job = self._job(params)
        return job if isinstance(job, httpx.Response) else _json(200, self._tracking(job))

    def _list_imports(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        query = request.url.params
        now = self.clock.monotonic()
        jobs = list(self.jobs.values())
        if "status" in query:
            jobs = [job for job in jobs if job.status(now).value == query["status"]]
        if (wanted := _flag(query.get("has_transformed_file"))) is not None:
            jobs = [
                j for j in jobs if (j.transformed(now) and bool(j.outcome.transformed)) == wanted
            ]
        if "last_request_date" in query:
            since = query["last_request_date"]
            jobs = [j for j in jobs if self._changed_iso(j, now) >= since.replace("+00:00", "Z")]
        if query.get("order", "asc") == "desc":
            jobs.reverse()
        offset = int(query.get("offset", "0"))
        size = int(query.get("max", "10"))
        if size < 1 or size > 100 or offset < 0:
            return _error(400, "max must be between 1 and 100 and offset not negative")
        page = jobs if _flag(query.get("paginate")) is False else jobs[offset : offset + size]
        return _json(
            200,
            {
                "product_import_trackings": [self._tracking(job) for job in page],
                "total_count": len(jobs),
            },
        )

    def _changed_iso(self, job: ImportJob, now: float) -> str:
        # The wall time of the job's latest status change, as Mirakl writes dates.
        seconds = job.changed_at(now) - now
        changed = self.clock.now() + timedelta(seconds=seconds)
        return changed.strftime("%Y-%m-%dT%H:%M:%SZ")

    def _report(
        self,
        params: Mapping[str, str],
        ready: Callable[[ImportJob, ImportStatus], bool],
        render: Callable[[ImportJob], httpx.Response],
        what: str,
    ) -> httpx.Response:
        job = self._job(params)
        if isinstance(job, httpx.Response):
            return job
        if not ready(job, job.status(self.clock.monotonic())):
            return _error(404, f"No {what} for import {job.import_id}")
        return render(job)

    def _error_rows(self, job: ImportJob, errors: list[RowError], name: str) -> httpx.Response:
        headers = ["error-line", "error-message", *job.outcome.headers]
        rows = [
            [str(error.line), error.message, *(error.row.get(h, "") for h in job.outcome.headers)]
            for error in errors
        ]
        return _file(_csv(headers, rows), f"{name}_{job.import_id}.csv", "application/octet-stream")

    def _p44(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return self._report(
            params,
            lambda job, status: (
                status is ImportStatus.COMPLETE and bool(job.outcome.integration_errors)
            ),
            lambda job: self._error_rows(job, job.outcome.integration_errors, "error_report"),
            "error report",
        )

    def _p45(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        def render(job: ImportJob) -> httpx.Response:
            rows = [
                [row["shop-sku"], f"MCM-{job.import_id}-{index + 1}", row.get("category", "")]
                for index, row in enumerate(job.outcome.created)
            ]
            content = _csv(["shop-sku", "product-sku", "category"], rows)
            return _file(content, f"new_products_{job.import_id}.csv", "application/octet-stream")

        return self._report(
            params,
            lambda job, status: status is ImportStatus.COMPLETE and bool(job.outcome.created),
            render,
            "new product report",
        )

    def _p46(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        def render(job: ImportJob) -> httpx.Response:
            columns = job.outcome.headers
            rows = [[row.get(h, "") for h in columns] for row in job.outcome.transformed]
            return _file(_csv(columns, rows), f"transformed_{job.import_id}.csv", "text/csv")

        now = self.clock.monotonic
        return self._report(
            params,
            lambda job, status: job.transformed(now()) and bool(job.outcome.transformed),
            render,
            "transformed file",
        )

    def _p47(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        now = self.clock.monotonic
        return self._report(
            params,
            lambda job, status: job.transformed(now()) and bool(job.outcome.transform_errors),
            lambda job: self._error_rows(
                job, job.outcome.transform_errors, "transformation_error_report"
            ),
            "transformation error report",
        )

    def _hierarchies(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        query = request.url.params
        code = query.get("hierarchy")
        if code is not None and self.seed.hierarchy(code) is None:
            return _error(404, f"Hierarchy [{code}] not found")
        level = query.get("max_level")
        selected = self.seed.subtree(code, int(level) if level else None)
        return _json(200, {"hierarchies": selected})

    def _attributes(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        query = request.url.params
        code = query.get("hierarchy")
        if code is None:
            return _json(200, {"attributes": list(self.seed.attributes)})
        if self.seed.hierarchy(code) is None:
            return _error(404, f"Hierarchy [{code}] not found")
        level = query.get("max_level")
        related = set(self.seed.lineage(code))
        related |= {h["code"] for h in self.seed.subtree(code, int(level) if level else None)}
        chosen = [
            a
            for a in self.seed.attributes
            if not a["hierarchy_code"] or a["hierarchy_code"] in related
        ]
        return _json(200, {"attributes": chosen})

    def _value_lists(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        code = request.url.params.get("code")
        lists = [vl for vl in self.seed.value_lists if code is None or vl["code"] == code]
        if code is not None and not lists:
            return _error(404, f"Values list [{code}] not found")
        return _json(200, {"values_lists": lists})
