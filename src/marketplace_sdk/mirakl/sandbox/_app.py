"""`MiraklCatalogSandbox`: a stateful Mirakl Catalog Manager simulator for tests and demos.

It answers A01, P41, P42, P44-P47, P51, H11, PM11 and VL11 in the shapes of the MCM seller
document, from a seeded catalogue (`CatalogSeed`). A P41 upload is processed at once but becomes
visible step by step on the injected clock (TRANSFORMATION_WAITING ... COMPLETE over
`processing_delay` seconds), with a P47 report for rows the transformation refused and a P44
report for rows the operator refused (`marketplace_sdk.mirakl.sandbox._imports`). It checks the
`Authorization` key and, like Mirakl, answers 429 with `Retry-After` to a call that comes sooner
than its operation's maximum frequency allows (each such refusal is recorded in `throttled`).

Mirakl's catalogued behaviours (`behaviours`, by id) are on by default: call frequencies with a
plain-text 429 (MIRAKL-Q01), imports that end `COMPLETE` with refused rows (MIRAKL-Q07), states
and fields the document does not list (MIRAKL-Q08), the raw key as `Authorization` with no
`Bearer` (MIRAKL-Q13).

Serve it in process with `transport()` or on a loopback port with `serve()`; queue failures on
`faults` (the kit's `FaultPlan`, matched by operation code such as `"P42"`).

Examples:
    >>> import httpx
    >>> from marketplace_sdk.core._clock import FakeClock
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

import math
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import httpx

from marketplace_sdk.core._clock import Clock, FakeClock
from marketplace_sdk.mirakl.sandbox import _render as render
from marketplace_sdk.mirakl.sandbox._behaviours import MIRAKL_BEHAVIOURS
from marketplace_sdk.mirakl.sandbox._behaviours._seller_apis import (
    PLAIN_429,
    UNDOCUMENTED_FIELD,
    UNLISTED_IMPORT_STATE,
    UNLISTED_STATE,
)
from marketplace_sdk.mirakl.sandbox._imports import ImportJob, mirakl_date, process_file
from marketplace_sdk.mirakl.sandbox._render import error_response as _error
from marketplace_sdk.mirakl.sandbox._seed import CatalogSeed
from marketplace_sdk.mirakl.sandbox._wire import MAX_CALL_FREQUENCY, ImportState
from marketplace_sdk.testing import Behaviours, FaultPlan, LoopbackServer, Router, SandboxTransport
from marketplace_sdk.testing import json_response as _json

__all__ = ["MiraklCatalogSandbox"]

_Handler = Callable[[httpx.Request, Mapping[str, str]], httpx.Response]


def _flag(value: str | None) -> bool | None:
    if value is None:
        return None
    return value.strip().lower() == "true"


def _parse_date(value: str) -> datetime:
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def _date_param(query: httpx.QueryParams, name: str) -> datetime | httpx.Response | None:
    """The date query parameter `name` (UTC when it names no zone), or a 400 Mirakl-style."""
    raw = query.get(name)
    if raw is None:
        return None
    try:
        return _parse_date(raw)
    except ValueError:
        return _error(400, f"Invalid date [{raw}] for parameter {name}")


class MiraklCatalogSandbox:
    """A Mirakl catalogue (MCM seller API) simulator.

    Args:
        clock: the time the sandbox lives in (a `FakeClock` by default).
        seed: the catalogue and shop it serves (`CatalogSeed.default()` by default).
        api_key: the key the `Authorization` header must carry.
        processing_delay: seconds from a P41 upload to its `COMPLETE` status.
        enforce_call_frequencies: answer 429 to calls above Mirakl's stated maximum frequency
            (MIRAKL-Q01; `False` switches that behaviour off).
        faults: the fault plan shared by `transport()` and `serve()`.
        behaviours: switches for Mirakl's catalogued behaviours by id, e.g.
            ``{"MIRAKL-Q07": False}``; the rest keep their defaults (see `behaviours`).

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
        behaviours: Mapping[str, bool] | None = None,
    ) -> None:
        self.behaviours = Behaviours(MIRAKL_BEHAVIOURS, behaviours)
        self.clock: Clock = clock or FakeClock()
        self.seed = seed or CatalogSeed.default()
        self.api_key = api_key
        self.processing_delay = processing_delay
        if not enforce_call_frequencies:
            self.behaviours.disable("MIRAKL-Q01")
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

    @property
    def enforce_call_frequencies(self) -> bool:
        """Whether calls above an operation's stated frequency get 429 (MIRAKL-Q01 is on)."""
        return self.behaviours.on("MIRAKL-Q01")

    @enforce_call_frequencies.setter
    def enforce_call_frequencies(self, value: bool) -> None:
        self.behaviours.set("MIRAKL-Q01", value)

    def example_csv(self) -> bytes:
        """A product file every row of which the default catalogue accepts."""
        return render.csv_bytes(
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
            if job.status(now) is ImportState.COMPLETE
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
            ("GET", "/api/mcm/products/sources/status/export", "CM11", self._product_statuses),
        ]
        for method, template, operation, handler in routes:
            self.router.add(
                method, template, self._guarded(operation, handler), operation=operation
            )

    def _guarded(self, operation: str, handler: _Handler) -> _Handler:
        def guarded(request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
            if not self._authorised(request.headers.get("authorization")):
                return _error(401, "Unauthorized: invalid or missing API key")
            shop = request.url.params.get("shop_id")
            if shop is not None and shop != str(self.seed.shop_id):
                return _error(403, f"Access to shop {shop} is denied")
            refused = self._throttle(self._bucket(operation, request))
            if refused is not None:
                return refused
            return handler(request, params)

        return guarded

    def _bucket(self, operation: str, request: httpx.Request) -> str:
        """The call-frequency bucket of a call (CM11 has one per mode)."""
        if operation == "CM11" and "updated_since" not in request.url.params:
            return "CM11-full"
        return operation

    def _authorised(self, header: str | None) -> bool:
        # MIRAKL-Q13: the key itself is the header; with the behaviour off, a "Bearer " prefix
        # is forgiven.
        if header is not None and not self.behaviours.on("MIRAKL-Q13"):
            scheme, _, rest = header.partition(" ")
            if scheme.lower() == "bearer":
                header = rest.strip()
        return header == self.api_key

    def _throttle(self, operation: str) -> httpx.Response | None:
        now = self.clock.monotonic()
        interval = MAX_CALL_FREQUENCY.get(operation)
        last = self._last_call.get(operation)
        if (
            self.behaviours.on("MIRAKL-Q01")
            and interval
            and last is not None
            and now - last < interval
        ):
            self.throttled.append(operation)
            headers = {"retry-after": str(max(1, math.ceil(interval - (now - last))))}
            if self.behaviours.on(PLAIN_429):
                return httpx.Response(
                    429,
                    headers={**headers, "content-type": "text/plain; charset=utf-8"},
                    content=b"Too Many Requests",
                )
            message = f"{operation} called too often: at most once every {interval:g}s"
            return _error(429, message, headers=headers)
        self._last_call[operation] = now
        return None

    def _tracking(self, job: ImportJob) -> dict[str, object]:
        # MIRAKL-Q08: a state and a field the document does not list.
        grows = self.behaviours.on("MIRAKL-Q08")
        unlisted = UNLISTED_STATE if grows and self.behaviours.on(UNLISTED_IMPORT_STATE) else None
        now = self.clock.monotonic()
        extra = {UNDOCUMENTED_FIELD: mirakl_date(job.changed_at(now))} if grows else None
        return render.tracking(job, now, unlisted=unlisted, undocumented=extra)

    # -- handlers -------------------------------------------------------------------------

    def _account(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return _json(200, self.seed.account)

    def _create_import(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        parts = render.read_multipart(request)
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
            uploaded_wall=self.clock.now(),
            delay=self.processing_delay,
            outcome=process_file(content, name, self.seed),
            conversion_type=conversion[1].decode() if conversion else None,
            all_or_nothing=not self.behaviours.on("MIRAKL-Q07"),
        )
        location = f"{request.url.scheme}://{request.url.netloc.decode()}/api/products/imports/"
        return _json(201, {"import_id": import_id}, headers={"location": f"{location}{import_id}"})

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
            shown = {job.import_id: self._tracking(job)["import_status"] for job in jobs}
            jobs = [job for job in jobs if shown[job.import_id] == query["status"]]
        if (wanted := _flag(query.get("has_transformed_file"))) is not None:
            jobs = [
                j for j in jobs if (j.transformed(now) and bool(j.outcome.transformed)) == wanted
            ]
        since = _date_param(query, "last_request_date")
        if isinstance(since, httpx.Response):
            return since
        if since is not None:
            jobs = [job for job in jobs if job.changed_at(now) >= since]
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

    def _report(
        self,
        params: Mapping[str, str],
        ready: Callable[[ImportJob, ImportState], bool],
        render: Callable[[ImportJob], httpx.Response],
        what: str,
    ) -> httpx.Response:
        job = self._job(params)
        if isinstance(job, httpx.Response):
            return job
        if not ready(job, job.status(self.clock.monotonic())):
            return _error(404, f"No {what} for import {job.import_id}")
        return render(job)

    def _p44(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return self._report(
            params,
            lambda job, status: (
                status in (ImportState.COMPLETE, ImportState.FAILED)
                and bool(job.outcome.integration_errors)
            ),
            lambda job: render.error_report(job, job.outcome.integration_errors, "error_report"),
            "error report",
        )

    def _p45(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return self._report(
            params,
            lambda job, status: status is ImportState.COMPLETE and bool(job.outcome.created),
            render.new_product_report,
            "new product report",
        )

    def _p46(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        now = self.clock.monotonic
        return self._report(
            params,
            lambda job, status: job.transformed(now()) and bool(job.outcome.transformed),
            render.transformed_file,
            "transformed file",
        )

    def _p47(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        now = self.clock.monotonic
        return self._report(
            params,
            lambda job, status: job.transformed(now()) and bool(job.outcome.transform_errors),
            lambda job: render.error_report(
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

    def _product_statuses(
        self, request: httpx.Request, params: Mapping[str, str]
    ) -> httpx.Response:
        query = request.url.params
        entries = render.product_statuses(self.jobs.values(), self.clock.monotonic())
        since, to = _date_param(query, "updated_since"), _date_param(query, "updated_to")
        for refused in (since, to):
            if isinstance(refused, httpx.Response):
                return refused
        if isinstance(since, datetime):
            entries = [(changed, entry) for changed, entry in entries if changed >= since]
        if isinstance(to, datetime):
            entries = [(changed, entry) for changed, entry in entries if changed < to]
        if "status" in query:
            entries = [(c, entry) for c, entry in entries if entry["status"] == query["status"]]
        skus = query.get_list("provider_unique_identifier")
        if skus:
            entries = [(c, e) for c, e in entries if e["provider_unique_identifier"] in skus]
        if self.behaviours.on("MIRAKL-Q08"):  # a field the document does not describe
            entries = [(c, {**e, UNDOCUMENTED_FIELD: mirakl_date(c)}) for c, e in entries]
        return _json(200, [entry for _, entry in entries])
