"""Receipt, transaction and shipment operations of the sandbox.

Examples:
    >>> from marketplace_sdk.etsy.sandbox._routes import router_for
    >>> router = router_for(register)
    >>> router.operation_of(httpx.Request("GET", "http://s/v3/application/shops/1/receipts"))
    'getShopReceipts'
"""

from __future__ import annotations

from collections.abc import Callable

import httpx

from marketplace_sdk.etsy.sandbox._orders import pay_order, ship_order
from marketplace_sdk.etsy.sandbox._render import page, ts
from marketplace_sdk.etsy.sandbox._render_orders import render_receipt, render_transaction
from marketplace_sdk.etsy.sandbox._routes import Params, descending, page_of, paging
from marketplace_sdk.etsy.sandbox._shipping import read_shipment
from marketplace_sdk.etsy.sandbox._state import Receipt, Transaction
from marketplace_sdk.etsy.sandbox._wire import (
    JSON,
    SandboxHTTPError,
    bool_param,
    bool_value,
    form_fields,
    int_param,
    json_body,
)
from marketplace_sdk.etsy.sandbox._world import World
from marketplace_sdk.testing import Router, json_response

__all__ = ["receipt_filter", "register"]

_FIRST_TIMESTAMP = 946_684_800


def receipt_filter(request: httpx.Request) -> Callable[[Receipt], bool]:
    """The predicate `getShopReceipts`' query parameters describe (bounds inclusive).

    Examples:
        >>> keep = receipt_filter(httpx.Request("GET", "http://s/x?was_shipped=false"))
        >>> keep.__name__
        'keep'
    """
    bounds = {
        name: int_param(request, name, minimum=_FIRST_TIMESTAMP)
        for name in ("min_created", "max_created", "min_last_modified", "max_last_modified")
    }
    flags = {
        name: bool_param(request, name)
        for name in ("was_paid", "was_shipped", "was_delivered", "was_canceled")
    }

    def keep(receipt: Receipt) -> bool:
        created, modified = ts(receipt.created), ts(receipt.updated)
        checks = (
            (bounds["min_created"], created, True),
            (bounds["max_created"], created, False),
            (bounds["min_last_modified"], modified, True),
            (bounds["max_last_modified"], modified, False),
        )
        for bound, value, is_min in checks:
            if bound is not None and (value < bound if is_min else value > bound):
                return False
        facts = {
            "was_paid": receipt.is_paid,
            "was_shipped": receipt.is_shipped,
            "was_delivered": receipt.is_delivered,
            "was_canceled": receipt.is_canceled,
        }
        return all(wanted is None or facts[name] == wanted for name, wanted in flags.items())

    return keep


def register(router: Router, world: World) -> None:
    """Add the receipt, transaction and shipment routes for `world` to `router`.

    Examples:
        >>> from marketplace_sdk.etsy.sandbox._routes import router_for
        >>> path = "http://s/v3/application/shops/1/receipts/2/tracking"
        >>> router_for(register).operation_of(httpx.Request("POST", path))
        'createReceiptShipment'
    """

    def receipt_of(params: Params) -> Receipt:
        return world.receipt(int(params["shop_id"]), int(params["receipt_id"]))

    def render(receipt: Receipt) -> JSON:
        return render_receipt(
            receipt,
            seller=world.seller,
            profiles=world.profiles,
            capitalised=world.behaviours.on("ETSY-Q15"),
            withhold_address=world.behaviours.on("ETSY-Q31"),
        )

    def render_line(line: Transaction) -> JSON:
        receipt = world.receipts[line.receipt_id]
        profile = world.profiles.get(line.shipping_profile_id or 0)
        return render_transaction(line, receipt, shipping_profile=profile)

    def all_lines(shop_id: int) -> list[Transaction]:
        world.check_shop(shop_id)
        lines = [line for receipt in world.receipts.values() for line in receipt.transactions]
        return sorted(lines, key=lambda line: (line.created, line.transaction_id), reverse=True)

    @router.route("GET", "/v3/application/shops/{shop_id}/receipts", operation="getShopReceipts")
    def get_shop_receipts(request: httpx.Request, params: Params) -> httpx.Response:
        world.check_shop(int(params["shop_id"]))
        window = paging(request)
        sort_on = request.url.params.get("sort_on") or "created"
        if sort_on not in ("created", "updated", "receipt_id"):
            raise SandboxHTTPError(400, f"Invalid sort_on {sort_on!r}")
        keep = receipt_filter(request)
        matching = [receipt for receipt in world.receipts.values() if keep(receipt)]
        if not world.behaviours.on("ETSY-Q14") and "was_canceled" not in request.url.params:
            # Before Etsy's 2023-05-31 change, a list without the filter hid canceled receipts.
            matching = [receipt for receipt in matching if not receipt.is_canceled]

        def key(receipt: Receipt) -> tuple[int, int]:
            if sort_on == "receipt_id":
                return (receipt.receipt_id, 0)
            when = receipt.updated if sort_on == "updated" else receipt.created
            return (ts(when), receipt.receipt_id)

        matching.sort(key=key, reverse=descending(request))
        return json_response(200, page_of(matching, window, render))

    @router.route(
        "GET", "/v3/application/shops/{shop_id}/receipts/{receipt_id}", operation="getShopReceipt"
    )
    def get_shop_receipt(request: httpx.Request, params: Params) -> httpx.Response:
        receipt = receipt_of(params)
        return json_response(200, render(receipt))

    @router.route(
        "PUT",
        "/v3/application/shops/{shop_id}/receipts/{receipt_id}",
        operation="updateShopReceipt",
    )
    def update_shop_receipt(request: httpx.Request, params: Params) -> httpx.Response:
        receipt = receipt_of(params)
        fields = {name: values[-1] for name, values in form_fields(request).items()}
        changed = False
        wants_paid = bool(fields.get("was_paid")) and bool_value("was_paid", fields["was_paid"])
        if wants_paid and not receipt.is_paid:
            pay_order(world, receipt)  # moves no timestamp while ETSY-Q16 is on
        wants_shipped = bool(fields.get("was_shipped")) and bool_value(
            "was_shipped", fields["was_shipped"]
        )
        # Etsy answers 200 and leaves the receipt unshipped (ETSY-Q29).
        if wants_shipped and not world.behaviours.on("ETSY-Q29"):
            if receipt.is_canceled:
                raise SandboxHTTPError(400, "A canceled receipt cannot be marked as shipped")
            if not receipt.is_shipped:
                receipt.is_shipped, changed = True, True
                if receipt.status == "Paid":
                    receipt.status = "Completed"
                world.emit("order.shipped", receipt)
        if changed:
            receipt.updated = world.now()
        return json_response(200, render(receipt))

    @router.route(
        "POST",
        "/v3/application/shops/{shop_id}/receipts/{receipt_id}/tracking",
        operation="createReceiptShipment",
    )
    def create_receipt_shipment(request: httpx.Request, params: Params) -> httpx.Response:
        receipt = receipt_of(params)
        # Each call adds a shipment and e-mails the buyer again (ETSY-Q29): no de-duplication.
        body = read_shipment(world, json_body(request), receipt)
        ship_order(
            world,
            receipt,
            carrier_name=body.carrier_name,
            tracking_code=body.tracking_code,
            record_shipment=body.tracked,
        )
        return json_response(200, render(receipt))

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/receipts/{receipt_id}/transactions",
        operation="getShopReceiptTransactionsByReceipt",
    )
    def get_transactions_by_receipt(request: httpx.Request, params: Params) -> httpx.Response:
        receipt = receipt_of(params)
        return json_response(200, page([render_line(line) for line in receipt.transactions]))

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/transactions/{transaction_id}",
        operation="getShopReceiptTransaction",
    )
    def get_transaction(request: httpx.Request, params: Params) -> httpx.Response:
        wanted = int(params["transaction_id"])
        for line in all_lines(int(params["shop_id"])):
            if line.transaction_id == wanted:
                return json_response(200, render_line(line))
        raise SandboxHTTPError(404, f"Transaction {wanted} not found")

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/transactions",
        operation="getShopReceiptTransactionsByShop",
    )
    def get_transactions_by_shop(request: httpx.Request, params: Params) -> httpx.Response:
        lines = all_lines(int(params["shop_id"]))
        return json_response(200, page_of(lines, paging(request), render_line))

    @router.route(
        "GET",
        "/v3/application/shops/{shop_id}/listings/{listing_id}/transactions",
        operation="getShopReceiptTransactionsByListing",
    )
    def get_transactions_by_listing(request: httpx.Request, params: Params) -> httpx.Response:
        listing_id = int(params["listing_id"])
        lines = [
            line for line in all_lines(int(params["shop_id"])) if line.listing_id == listing_id
        ]
        return json_response(200, page_of(lines, paging(request), render_line))
