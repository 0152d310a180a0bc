"""`MiraklSandbox`: a Mirakl operator's seller side, Catalog Manager plus MMP offers and orders.

On top of everything `MiraklCatalogSandbox` answers, it serves a seeded shop (`ShopSeed`):
OF21/OF24/OF01/OF02/OF03 for offers, OR11/OR21/OR23/OR24/OR28/OR29/OR30 for orders and SH21
for carriers, in the shapes of Mirakl's MMP seller document. Offer imports run on the clock
(`_offers`), orders move through Mirakl's workflow on the clock (`_orders`), and every call is
held to its operation's maximum frequency (429 with Retry-After, MIRAKL-Q01: an OR11 poll once
a minute, a read of named orders by `order_ids`, OR11's synchronous use, not limited); `calls`
records every call it answered (a `CallLog`). The
operator's customers order, cancel and confirm receipt with `place_order`, `cancel_order` and
`mark_received` (`_customers`), as the FNAC and Etsy sandboxes' buyers do.

Mirakl's behaviours are reproduced by default and switch off by id (`behaviours`): the update
filter of OR11 overlaps earlier polls (Q02); OR11 pages 10 orders by default and 100 at most,
and refuses id lists above 100 (Q03); REPLACE imports delete what the file does not name (Q05);
OF24 resets omitted fields (Q06); imports end COMPLETE with refused lines (Q07); OR21 must
decide every line and unanswered orders are refused (Q09); addresses are hidden and unpaid
orders cancelled before SHIPPING (Q10); OR24 outside SHIPPING is a bare 400 (Q11); refunds and
cancellations are per line and per state (Q12); order ids, e-mails and dates look as in
production (Q14).

Examples:
    >>> import httpx
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> sandbox = MiraklSandbox(clock=FakeClock())
    >>> http = httpx.Client(transport=sandbox.transport(), base_url="https://x.mirakl.net",
    ...                     headers={"Authorization": sandbox.api_key})
    >>> http.get("/api/orders", params={"order_state_codes": "SHIPPING"}).json()["total_count"]
    2
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import httpx

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.mirakl.sandbox import _render as render
from marketplace_sdk.mirakl.sandbox._app import MiraklCatalogSandbox
from marketplace_sdk.mirakl.sandbox._behaviours._seller_apis import UNLISTED_ORDER_SWITCH
from marketplace_sdk.mirakl.sandbox._customers import Customers
from marketplace_sdk.mirakl.sandbox._offers import OfferImport, OfferStore, csv_rows, json_rows
from marketplace_sdk.mirakl.sandbox._order_list import (
    QueryError,
    offset_page,
    seek_page,
    select_orders,
)
from marketplace_sdk.mirakl.sandbox._order_records import (
    CUSTOMER_REASON,
    Order,
    OrderError,
    Timings,
)
from marketplace_sdk.mirakl.sandbox._orders import OrderBook
from marketplace_sdk.mirakl.sandbox._render import error_response as _error
from marketplace_sdk.mirakl.sandbox._render_shop import render_offer, render_order, stamp
from marketplace_sdk.mirakl.sandbox._seed import CatalogSeed
from marketplace_sdk.mirakl.sandbox._shop_seed import ShopSeed
from marketplace_sdk.testing import CallLog, FaultPlan
from marketplace_sdk.testing import json_response as _json

__all__ = ["MiraklSandbox"]

_Handler = Callable[[httpx.Request, Mapping[str, str]], httpx.Response]

#: OF24's required offer fields (a missing one is a bare 400, MIRAKL-Q06).
_OF24_REQUIRED = (
    "shop_sku",
    "product_id",
    "product_id_type",
    "price",
    "state_code",
    "update_delete",
)
_BARE_400 = "Bad Request"


def _refusal(error: OrderError) -> httpx.Response:
    if not error.code:
        return _error(error.status, error.message)
    body = {"status": error.status, "message": error.message, "code": error.code}
    return _json(error.status, body)


class MiraklSandbox(MiraklCatalogSandbox):
    """A Mirakl marketplace (MMP seller API) simulator: a shop's offers and orders.

    Args:
        clock: the time the sandbox lives in (a `FakeClock` by default).
        seed: the catalogue side (`CatalogSeed.default()` by default).
        shop: the shop's products, offers, orders and carriers (`ShopSeed.default` by default).
        api_key: the key the `Authorization` header must carry.
        processing_delay: seconds from a P41, OF01 or OF24 upload to its end.
        timings: the operator's workflow delays (`Timings()` by default).
        partial_acceptance: whether OR21 may accept some lines and refuse others.
        seek_pagination: whether this operator offers seek pagination on OR11
            (`limit`/`page_token`, answered with `next_page_token`).
        update_overlap: seconds OR11 moves `start_update_date` back (MIRAKL-Q02).
        faults: the fault plan shared by `transport()` and `serve()`.
        behaviours: switches for Mirakl's catalogued behaviours by id.

    Examples:
        >>> MiraklSandbox().orders["8580226801-A"].state
        'WAITING_ACCEPTANCE'
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        seed: CatalogSeed | None = None,
        shop: ShopSeed | None = None,
        api_key: str = "sandbox-mirakl-api-key",
        processing_delay: float = 180.0,
        timings: Timings | None = None,
        partial_acceptance: bool = True,
        seek_pagination: bool = False,
        update_overlap: float = 300.0,
        enforce_call_frequencies: bool = True,
        faults: FaultPlan | None = None,
        behaviours: Mapping[str, bool] | None = None,
    ) -> None:
        super().__init__(
            clock=clock,
            seed=seed,
            api_key=api_key,
            processing_delay=processing_delay,
            enforce_call_frequencies=enforce_call_frequencies,
            faults=faults,
            behaviours=behaviours,
        )
        self.shop = shop or ShopSeed.default(self.clock.now())
        self.seek_pagination = seek_pagination
        self.update_overlap = update_overlap
        self.offers = OfferStore(
            {sku: product[0] for sku, product in self.shop.products.items()}, self.behaviours.on
        )
        for row in self.shop.offers:
            self.offers.put(dict(row))
        self.book = OrderBook(
            self.shop.orders,
            timings or Timings(),
            self.behaviours.on,
            on_refusal=self.offers.zero,
            partial_acceptance=partial_acceptance,
        )
        self.customers = Customers(self.book, self.offers, self.shop.products)
        self.calls = CallLog()
        self._lock = threading.RLock()

    def __repr__(self) -> str:
        return (
            f"MiraklSandbox(shop_id={self.seed.shop_id}, offers={len(self.offers.offers)}, "
            f"orders={len(self.book.orders)})"
        )

    @property
    def orders(self) -> dict[str, Order]:
        """The shop's orders by id, as of the sandbox clock."""
        self.settle()
        return self.book.orders

    def settle(self) -> None:
        """Apply every import and workflow step that fell due on the clock.

        A product a P41 import created joins the operator's catalogue: an offer may name it
        by the shop SKU it was created with.
        """
        for product in self.products:
            self.offers.products.setdefault(product["shop-sku"], product.get("title", ""))
        self.offers.settle(self.clock.monotonic())
        self.book.settle(self.clock.now())

    def __call__(self, request: httpx.Request) -> httpx.Response:
        """The app: bring the shop up to the clock, then route `request`."""
        with self._lock:
            self.settle()
            response = self.router(request)
        operation = self.router.operation_of(request)
        self.calls.record(request.method, request.url.path, operation, response.status_code)
        return response

    # -- the operator's front office (`_customers`) ---------------------------------------

    def place_order(self, skus: Sequence[str] | Mapping[str, int], *, pays: bool = True) -> Order:
        """A customer orders the offers `skus` (a list, or SKU to quantity) now.

        The order waits for the shop's decision (WAITING_ACCEPTANCE) and moves on the clock
        like a seeded one; the offers' stock goes down by the quantities ordered.

        Examples:
            order_id = sandbox.place_order({"SKU-MUG": 2}).order_id
        """
        with self._lock:
            self.settle()
            return self.customers.place_order(skus, self.clock.now(), pays=pays)

    def cancel_order(self, order_id: str, *, reason_code: str = CUSTOMER_REASON) -> Order:
        """The operator cancels the order at the customer's request (until it is shipped),
        for the customer's `reason_code` (OR11's `order_state_reason_code` and each line's
        cancellation's `reason_code`).

        Examples:
            sandbox.cancel_order("8580226802-A").state  # 'CANCELED'
        """
        with self._lock:
            self.settle()
            return self.customers.cancel_order(order_id, self.clock.now(), reason_code=reason_code)

    def mark_received(self, order_id: str) -> Order:
        """The customer confirms receipt of a shipped order (RECEIVED now).

        Examples:
            sandbox.mark_received("8580226809-A").state  # 'RECEIVED'
        """
        with self._lock:
            self.settle()
            return self.customers.mark_received(order_id, self.clock.now())

    def order(self, order_id: str) -> Order:
        """The order `order_id` as of the clock (raises `KeyError` when unknown).

        Examples:
            sandbox.order("8580226802-A").state
        """
        with self._lock:
            self.settle()
            return self.customers.order(order_id)

    # -- routing --------------------------------------------------------------------------

    def _routes(self) -> None:
        super()._routes()
        routes: list[tuple[str, str, str, _Handler]] = [
            ("GET", "/api/offers", "OF21", self._of21),
            ("POST", "/api/offers", "OF24", self._of24),
            ("POST", "/api/offers/imports", "OF01", self._of01),
            ("GET", "/api/offers/imports", "OF04", self._of04),
            ("GET", "/api/offers/imports/{import}", "OF02", self._of02),
            ("GET", "/api/offers/imports/{import}/error_report", "OF03", self._of03),
            ("GET", "/api/orders", "OR11", self._or11),
            ("PUT", "/api/orders/refund", "OR28", self._or28),
            ("PUT", "/api/orders/cancel", "OR30", self._or30),
            ("PUT", "/api/orders/{order_id}/accept", "OR21", self._or21),
            ("PUT", "/api/orders/{order_id}/tracking", "OR23", self._or23),
            ("PUT", "/api/orders/{order_id}/ship", "OR24", self._or24),
            ("PUT", "/api/orders/{order_id}/cancel", "OR29", self._or29),
            ("GET", "/api/shipping/carriers", "SH21", self._sh21),
        ]
        for method, template, operation, handler in routes:
            self.router.add(
                method, template, self._guarded(operation, handler), operation=operation
            )

    def _bucket(self, operation: str, request: httpx.Request) -> str:
        query = request.url.params
        if operation == "OR11" and query.get("order_ids"):
            return "OR11-ids"  # named orders read for a user's action: OR11's synchronous use
        if operation == "OR11" and (query.get("offset", "0") != "0" or "page_token" in query):
            return "OR11-page"  # the next page of a poll, not a new poll
        if operation == "OF01" and b'name="with_products"\r\n\r\ntrue' in request.content:
            return "OF01-products"
        return super()._bucket(operation, request)

    def _account(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        counts = {"offers_count": len(self.offers.offers), "orders_count": len(self.book.orders)}
        return _json(200, {**self.seed.account, **counts})

    # -- offers ---------------------------------------------------------------------------

    def _of21(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        query = request.url.params
        rows = list(self.offers.offers.values())
        if "sku" in query:
            rows = [row for row in rows if row["sku"] == query["sku"]]
        if "product_id" in query:
            rows = [row for row in rows if row["product-id"] == query["product_id"]]
        if "offer_state_codes" in query:
            states = query["offer_state_codes"].split(",")
            rows = [row for row in rows if row.get("state") in states]
        page = self._page(query, len(rows))
        if isinstance(page, httpx.Response):
            return page
        offers = [
            render_offer(
                self.offers.offer_ids[row["sku"]],
                row,
                self.shop.products.get(row["product-id"], (row["product-id"], "UNKNOWN")),
                active=(row.get("quantity") or "0") != "0" and not self._ended(row),
            )
            for row in rows[page]
        ]
        return _json(200, {"offers": offers, "total_count": len(rows)})

    def _ended(self, row: Mapping[str, str]) -> bool:
        """Whether the offer's availability ended (its end date is past): it is off sale."""
        end = row.get("available-end-date") or ""
        if not end:
            return False
        try:
            return datetime.fromisoformat(end.replace("Z", "+00:00")) <= self.clock.now()
        except ValueError:
            return False

    def _queue(
        self, mode: str, header: list[str], rows: list[dict[str, str]], partial: bool
    ) -> int:
        import_id = self._next_import_id
        self._next_import_id += 1
        self.offers.imports[import_id] = OfferImport(
            import_id=import_id,
            mode=mode,
            created=self.clock.now(),
            started=self.clock.monotonic(),
            delay=self.processing_delay,
            header=header,
            rows=rows,
            partial=partial,
            all_or_nothing=not self.behaviours.on("MIRAKL-Q07"),
        )
        return import_id

    def _of24(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        try:
            body = json.loads(request.content or b"null")
        except ValueError:
            return _error(400, _BARE_400)
        offers = body.get("offers") if isinstance(body, dict) else None
        if not isinstance(offers, list) or not all(
            isinstance(offer, dict) and all(offer.get(f) is not None for f in _OF24_REQUIRED)
            for offer in offers
        ):
            return _error(400, _BARE_400)  # MIRAKL-Q06: a bad OF24 says no more than this
        rows = json_rows(offers)
        header = sorted({column for row in rows for column in row})
        return _json(201, {"import_id": self._queue("NORMAL", header, rows, partial=True)})

    def _of01(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        parts = render.read_multipart(request)
        if "file" not in parts:
            return _error(400, "The file to import is missing (multipart part 'file')")
        mode = parts.get("import_mode", (None, b""))[1].decode().strip()
        allowed = ("NORMAL", "REPLACE") if self.behaviours.on("MIRAKL-Q05") else ("NORMAL",)
        if mode not in allowed:
            return _error(400, f"import_mode must be {' or '.join(allowed)}, not {mode!r}")
        header, rows = csv_rows(parts["file"][1])
        if "sku" not in header:
            return _error(400, "The file has no 'sku' column")
        return _json(201, {"import_id": self._queue(mode, header, rows, partial=False)})

    def _offer_import(self, params: Mapping[str, str]) -> OfferImport | httpx.Response:
        raw = params["import"]
        job = self.offers.imports.get(int(raw)) if raw.isdigit() else None
        if job is None:
            return _error(404, f"Import {raw} not found")
        return job

    def _of02(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        job = self._offer_import(params)
        if isinstance(job, httpx.Response):
            return job
        return _json(200, job.tracking(self.clock.monotonic(), lambda d: stamp(d) or ""))

    def _of04(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        query = request.url.params
        jobs = sorted(self.offers.imports.values(), key=lambda job: job.import_id, reverse=True)
        try:
            if "start_date" in query:
                since = datetime.fromisoformat(query["start_date"].replace("Z", "+00:00"))
                jobs = [job for job in jobs if job.created >= since]
            if "end_date" in query:
                until = datetime.fromisoformat(query["end_date"].replace("Z", "+00:00"))
                jobs = [job for job in jobs if job.created < until]
        except ValueError as error:
            return _error(400, f"Invalid date: {error}")
        now = self.clock.monotonic()
        if "status" in query:
            jobs = [job for job in jobs if job.status(now) == query["status"]]
        if "mode" in query:
            jobs = [job for job in jobs if job.mode == query["mode"]]
        shop = self.seed.shop_id  # OF04 names each import's shop (a required field)
        origins = query.get_list("origins")
        if origins and "API" not in origins:  # every import of the sandbox came through the API
            jobs = []
        data = [
            {**job.tracking(now, lambda d: stamp(d) or ""), "origin": "API", "shop_id": shop}
            for job in jobs[:100]
        ]
        return _json(200, {"data": data, "next_page_token": None, "previous_page_token": None})

    def _of03(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        job = self._offer_import(params)
        if isinstance(job, httpx.Response):
            return job
        if not (job.applied and job.errors):
            return _error(404, f"No error report for import {job.import_id}")
        return render.file_response(
            job.error_report(), f"error_report_{job.import_id}.csv", "application/octet-stream"
        )

    # -- orders ---------------------------------------------------------------------------

    def _page(self, query: httpx.QueryParams, total: int) -> slice | httpx.Response:
        try:
            return offset_page(query, total, capped=self.behaviours.on("MIRAKL-Q03"))
        except QueryError as error:
            return _error(400, str(error))

    def _or11(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        query = request.url.params
        try:
            orders = select_orders(
                self.book.orders.values(),
                query,
                capped=self.behaviours.on("MIRAKL-Q03"),
                overlap=self.update_overlap if self.behaviours.on("MIRAKL-Q02") else 0.0,
                unlisted=self.behaviours.on("MIRAKL-Q08")
                and self.behaviours.on(UNLISTED_ORDER_SWITCH),
            )
            extra: dict[str, object] = {}
            if self.seek_pagination and ("page_token" in query or "limit" in query):
                page, extra = seek_page(query, orders)
            else:
                capped = self.behaviours.on("MIRAKL-Q03")
                page = orders[offset_page(query, len(orders), capped)]
        except QueryError as error:
            return _error(400, str(error))
        rendered = [
            render_order(
                order,
                can_cancel=self.book.can_cancel(order),
                hide_address=self.behaviours.on("MIRAKL-Q10"),
                mixed_precision=self.behaviours.on("MIRAKL-Q14"),
            )
            for order in page
        ]
        return _json(200, {"orders": rendered, "total_count": len(orders), **extra})

    def _body(self, request: httpx.Request, key: str) -> list[Any] | httpx.Response:
        try:
            body = json.loads(request.content or b"null")
        except ValueError:
            return _error(400, _BARE_400)
        items = body.get(key) if isinstance(body, dict) else None
        if not isinstance(items, list):
            return _error(400, f"The request body must carry a list '{key}'")
        return items

    def _done(self, error: OrderError | None) -> httpx.Response:
        return _refusal(error) if error is not None else httpx.Response(204)

    def _or21(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        lines = self._body(request, "order_lines")
        if isinstance(lines, httpx.Response):
            return lines
        return self._done(self.book.decide(params["order_id"], lines, self.clock.now()))

    def _or23(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        try:
            body = json.loads(request.content or b"null")
        except ValueError:
            return _error(400, _BARE_400)
        if not isinstance(body, dict):
            return _error(400, _BARE_400)
        code = body.get("carrier_code")
        number = body.get("tracking_number")
        if code:
            carrier = next((c for c in self.shop.carriers if c["code"] == code), None)
            if carrier is None:
                return _error(400, f"Unknown carrier code [{code}]")
            # a registered carrier: Mirakl computes the URL and ignores carrier_url
            url = carrier["tracking_url"].replace("{trackingId}", str(number or ""))
            tracking = {
                "carrier_code": code,
                "carrier_name": carrier["label"],
                "carrier_url": url if number else None,
                "tracking_number": number,
            }
        elif body.get("carrier_name"):
            tracking = {
                "carrier_code": None,
                "carrier_name": body["carrier_name"],
                "carrier_url": body.get("carrier_url"),
                "tracking_number": number,
            }
        else:
            return _error(400, "carrier_code or carrier_name is required")
        return self._done(self.book.track(params["order_id"], tracking, self.clock.now()))

    def _or24(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return self._done(self.book.ship(params["order_id"], self.clock.now()))

    def _or29(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return self._done(self.book.cancel_order(params["order_id"], self.clock.now()))

    def _money_call(
        self,
        request: httpx.Request,
        key: str,
        act: Callable[[list[Any], datetime], list[dict[str, Any]] | OrderError],
        required: tuple[str, ...],
        id_key: str,
    ) -> httpx.Response:
        items = self._body(request, key)
        if isinstance(items, httpx.Response):
            return items
        for item in items:
            if not isinstance(item, dict) or any(item.get(f) is None for f in required):
                return _error(400, f"Each of '{key}' needs {', '.join(required)}")
        done = act(items, self.clock.now())
        if isinstance(done, OrderError):
            return _refusal(done)
        answered = [
            {
                **{k: v for k, v in record.items() if k not in ("id", "created_date")},
                id_key: record["id"],
                "amount": float(record["amount"]),
                "shipping_amount": float(record["shipping_amount"]),
                "currency_iso_code": "EUR",
                "taxes": [],
                "shipping_taxes": [],
            }
            for record in done
        ]
        return _json(200, {key: answered, "order_tax_mode": "TAX_INCLUDED"})

    def _or28(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return self._money_call(
            request,
            "refunds",
            self.book.refund,
            ("order_line_id", "amount", "reason_code", "shipping_amount"),
            "refund_id",
        )

    def _or30(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return self._money_call(
            request,
            "cancelations",
            self.book.cancel_lines,
            ("order_line_id", "amount", "quantity", "reason_code", "shipping_amount"),
            "cancelation_id",
        )

    def _sh21(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        return _json(200, {"carriers": [dict(c) for c in self.shop.carriers]})
