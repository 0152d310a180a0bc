"""A small stand-in for a Mirakl seller (MMP) API, for the seller client's tests only.

Not a sandbox (the stateful, contract-checked one is `marketplace_sdk.mirakl.sandbox`'s): it keeps
just enough state to drive the client through every operation, records every request, and answers
the way the MMP document and MIRAKL-Q01..Q11 say (offset and seek pages, an update filter that
overlaps earlier polls, OF24 imports that COMPLETE with refused lines, OR21 codes, OR24's bare
400 outside SHIPPING, 429 with Retry-After).

Example:
    stub = MmpStub(clock)
    client = AsyncMiraklSellerClient("key", base_url=BASE_URL, transport=stub.transport(),
                                     clock=clock)
"""

from __future__ import annotations

import csv
import email.parser
import email.policy
import io
import json
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

import httpx

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.testing import FaultPlan, Router, SandboxTransport, json_response

__all__ = ["MmpStub"]

#: How far before `start_update_date` the stub still returns orders (Mirakl's own overlap).
MIRAKL_DELTA = timedelta(minutes=2)


def _offer(number: int) -> dict[str, Any]:
    sku, quantity, price = f"SKU-{number}", number, 10.0 + number
    return {
        "offer_id": 1000 + number,
        "shop_sku": sku,
        "product_sku": f"MKP-{sku}",
        "quantity": quantity,
        "price": price,
        "state_code": "11",
        "leadtime_to_ship": 3,
        "max_order_quantity": 5,
        "description": f"{sku} description",
        "logistic_class": {"code": "S", "label": "Small"},
        "discount": {"discount_price": price - 1, "origin_price": price},
        "all_prices": [
            {
                "channel_code": None,
                "price": price,
                "unit_origin_price": price,
                "volume_prices": [{"quantity_threshold": 1, "unit_origin_price": price}],
            }
        ],
    }


class MmpStub:
    """The stub shop: offers, orders, offer imports, and the requests it was sent."""

    def __init__(self, clock: FakeClock, *, offers: int = 3) -> None:
        self.clock = clock
        self.offers = {f"SKU-{n}": _offer(n) for n in range(offers)}
        self.orders: list[dict[str, Any]] = []
        self.imports: dict[int, dict[str, Any]] = {}
        self.requests: list[httpx.Request] = []
        self.refuse_skus: set[str] = set()
        self.throttle_next: dict[str, float] = {}  # path -> Retry-After of one 429
        self.router = Router()
        route = self.router.route
        route("GET", "/api/offers", operation="OF21")(self._list_offers)
        route("POST", "/api/offers", operation="OF24")(self._update_offers)
        route("POST", "/api/offers/imports", operation="OF01")(self._import_offers)
        route("GET", "/api/offers/imports/{import_id}", operation="OF02")(self._import)
        route("GET", "/api/offers/imports/{import_id}/error_report", operation="OF03")(
            self._error_report
        )
        route("GET", "/api/orders", operation="OR11")(self._list_orders)
        route("PUT", "/api/orders/{order_id}/accept", operation="OR21")(self._accept)
        route("PUT", "/api/orders/{order_id}/tracking", operation="OR23")(self._tracking)
        route("PUT", "/api/orders/{order_id}/ship", operation="OR24")(self._ship)

    def transport(self) -> SandboxTransport:
        """An in-process transport onto the stub (every request recorded first); its `faults`
        match the stub's operation names (`"OF24"`...)."""
        self._transport = SandboxTransport(self)
        return self._transport

    @property
    def faults(self) -> FaultPlan:
        """The fault plan of the last transport made."""
        return self._transport.faults

    def operation_of(self, request: httpx.Request) -> str | None:
        """The MMP operation code of `request` (the fault plan matches on it)."""
        return self.router.operation_of(request)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        retry_after = self.throttle_next.pop(request.url.path, None)
        if retry_after is not None:
            return json_response(
                429,
                {"status": 429, "message": "Too Many Requests"},
                headers={"Retry-After": str(int(retry_after))},
            )
        return self.router(request)

    def add_order(self, order_id: str, state: str, updated: datetime, lines: int = 1) -> None:
        """Add (or replace) an order with `lines` lines, updated at `updated`."""
        self.orders = [order for order in self.orders if order["order_id"] != order_id]
        stamp = updated.isoformat().replace("+00:00", "Z")
        self.orders.append(
            {
                "order_id": order_id,
                "commercial_id": order_id.rsplit("-", 1)[0],
                "order_state": state,
                "created_date": stamp,
                "last_updated_date": stamp,
                "price": 10,
                "total_price": 12,
                "can_cancel": True,
                "order_lines": [
                    {
                        "order_line_id": f"{order_id}-{n}",
                        "order_line_state": state,
                        "offer_sku": "SKU-1",
                        "quantity": 1,
                        "price": 10,
                    }
                    for n in range(1, lines + 1)
                ],
            }
        )

    # --- offers ---

    def _list_offers(self, request: httpx.Request, _: Mapping[str, str]) -> httpx.Response:
        params = request.url.params
        offers = [o for sku, o in sorted(self.offers.items()) if params.get("sku") in (None, sku)]
        offset, size = int(params.get("offset", 0)), int(params.get("max", 10))
        return json_response(
            200, {"offers": offers[offset : offset + size], "total_count": len(offers)}
        )

    def _update_offers(self, request: httpx.Request, _: Mapping[str, str]) -> httpx.Response:
        sent = json.loads(request.content)["offers"]
        import_id = 2000 + len(self.imports)
        refused = [o["shop_sku"] for o in sent if o["shop_sku"] in self.refuse_skus]
        for offer in sent:
            if offer["shop_sku"] not in refused:
                self.offers[offer["shop_sku"]].update(
                    quantity=offer["quantity"], price=offer["price"]
                )
        self.imports[import_id] = {"polls": 0, "lines": len(sent), "refused": refused}
        return json_response(201, {"import_id": import_id})

    def _import_offers(self, request: httpx.Request, _: Mapping[str, str]) -> httpx.Response:
        raw = b"Content-Type: " + request.headers["content-type"].encode() + b"\r\n\r\n"
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            raw + request.content
        )
        parts = {
            str(part.get_param("name", header="content-disposition")): part.get_payload(decode=True)
            for part in message.iter_parts()
        }
        assert parts["import_mode"] == b"NORMAL"
        file = parts["file"]
        assert isinstance(file, bytes)
        rows = list(csv.DictReader(io.StringIO(file.decode()), delimiter=";"))
        import_id = 2000 + len(self.imports)
        refused = [row["sku"] for row in rows if row["sku"] in self.refuse_skus]
        self.imports[import_id] = {
            "polls": 0,
            "lines": len(rows),
            "refused": refused,
            "untied": True,
        }
        return json_response(201, {"import_id": import_id})

    def _import(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        state = self.imports[int(params["import_id"])]
        state["polls"] += 1
        done = state["polls"] > 1
        refused = len(state["refused"])
        return json_response(
            200,
            {
                "import_id": int(params["import_id"]),
                "status": "COMPLETE" if done else "RUNNING",
                "mode": "NORMAL",
                "has_error_report": done and refused > 0,
                "lines_read": state["lines"],
                "lines_in_error": refused if done else 0,
                "lines_in_success": state["lines"] - refused if done else 0,
                "lines_in_pending": 0,
            },
        )

    def _error_report(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        refused = self.imports[int(params["import_id"])]["refused"]
        rows = "".join(f"{sku};0;Price must be positive\n" for sku in refused)
        return httpx.Response(
            200,
            headers={"content-type": "text/csv"},
            content=f"sku;price;error-message\n{rows}".encode(),
        )

    # --- orders ---

    def _list_orders(self, request: httpx.Request, _: Mapping[str, str]) -> httpx.Response:
        params = request.url.params
        orders = sorted(self.orders, key=lambda order: order["created_date"])
        if "start_update_date" in params:
            start = datetime.fromisoformat(params["start_update_date"]) - MIRAKL_DELTA
            orders = [o for o in orders if datetime.fromisoformat(o["last_updated_date"]) >= start]
        if "order_ids" in params:
            wanted = params["order_ids"].split(",")
            orders = [o for o in orders if o["order_id"] in wanted]
        if "limit" in params:  # seek pagination
            size, start_at = int(params["limit"]), int(params.get("page_token", "0"))
            page: dict[str, Any] = {"orders": orders[start_at : start_at + size]}
            if start_at + size < len(orders):
                page["next_page_token"] = str(start_at + size)
            return json_response(200, page)
        offset, size = int(params.get("offset", 0)), int(params.get("max", 10))
        return json_response(
            200, {"orders": orders[offset : offset + size], "total_count": len(orders)}
        )

    def _order(self, order_id: str) -> dict[str, Any] | None:
        return next((o for o in self.orders if o["order_id"] == order_id), None)

    def _accept(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        order = self._order(params["order_id"])
        if order is None:
            return json_response(404, {"status": 404, "message": "ORDER_NOT_FOUND"})
        if order["order_state"] != "WAITING_ACCEPTANCE":
            return json_response(400, {"status": 400, "message": "ORDER_INVALID_STATE"})
        decided = {line["id"] for line in json.loads(request.content)["order_lines"]}
        if decided != {line["order_line_id"] for line in order["order_lines"]}:
            message = "ORDER_LINE_ACCEPTANCE_DECISION_MISSING: every line must be decided"
            return json_response(400, {"status": 400, "message": message})
        order["order_state"] = "SHIPPING"
        return httpx.Response(204)

    def _tracking(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        order = self._order(params["order_id"])
        assert order is not None
        order["shipping_tracking"] = json.loads(request.content).get("tracking_number")
        return httpx.Response(204)

    def _ship(self, request: httpx.Request, params: Mapping[str, str]) -> httpx.Response:
        order = self._order(params["order_id"])
        assert order is not None
        if order["order_state"] != "SHIPPING":
            return json_response(400, {"status": 400, "message": "Bad Request"})
        order["order_state"] = "SHIPPED"
        return httpx.Response(204)
