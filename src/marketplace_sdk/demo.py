"""The demo: a real flow against the embedded sandboxes, with no credentials and no network.

Run it with `make demo` (or `python -m marketplace_sdk.demo`). Every figure it prints is
measured from the calls it made, and it checks the SDK's view against the sandbox's own state:
it exits with status 1 when they disagree.

This is the flow the SDK can run today through its typed clients; the scheduled sync jobs and
the channel-level summary join it as they land.

Example:
    >>> from marketplace_sdk.demo import run_etsy
    >>> report = run_etsy(listings=40, orders=20)
    >>> report.ok
    True
"""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import attrs

from marketplace_sdk.core.clock import FakeClock
from marketplace_sdk.etsy.auth import MemoryTokenStore, start_authorization
from marketplace_sdk.etsy.client import EtsyClient
from marketplace_sdk.etsy.models import (
    InventoryUpdate,
    Listing,
    ReceiptShipmentRequest,
    ReceiptStatus,
)
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac.auth import FnacCredentials
from marketplace_sdk.fnac.client import FnacClient
from marketplace_sdk.fnac.models import OfferUpdate, OrderState
from marketplace_sdk.fnac.sandbox import FnacSandbox

__all__ = ["DemoReport", "main", "run_etsy", "run_fnac"]

#: The demo's simulated "now": fixed, so every run prints the same figures.
DEMO_START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@attrs.define
class DemoReport:
    """What one marketplace's part of the demo did, and whether it agreed with the sandbox.

    Example:
        >>> DemoReport("etsy").ok
        True
    """

    marketplace: str
    lines: list[str] = attrs.Factory(list)
    mismatches: list[str] = attrs.Factory(list)

    @property
    def ok(self) -> bool:
        """True when every check agreed with the sandbox."""
        return not self.mismatches

    def say(self, text: str) -> None:
        """Record a line of the summary."""
        self.lines.append(text)

    def check(self, what: str, sdk_value: object, sandbox_value: object) -> None:
        """Compare the SDK's figure with the sandbox's; a difference is a mismatch."""
        if sdk_value != sandbox_value:
            self.mismatches.append(f"{what}: SDK saw {sdk_value!r}, sandbox has {sandbox_value!r}")


def run_etsy(*, listings: int = 1000, orders: int = 300, days: int = 90) -> DemoReport:
    """Connect a seeded Etsy sandbox shop through PKCE and run the client-level flow.

    Example:
        >>> run_etsy(listings=30, orders=10).marketplace
        'etsy'
    """
    report = DemoReport("etsy")
    clock = FakeClock(DEMO_START)
    sandbox = EtsySandbox.seeded(listings=listings, orders=orders, days=days, clock=clock, seed=42)
    secret = sandbox.api_key.get_secret_value().split(":", 1)[1]
    store = MemoryTokenStore()
    with EtsyClient(
        sandbox.keystring, secret, store, transport=sandbox.transport(), clock=clock
    ) as client:
        flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])
        client.connect(flow, sandbox.approve_consent(flow.url))
        report.say(f"connected shop {sandbox.shop_id} through OAuth 2.0 with PKCE")

        before = len(sandbox.calls)
        active = list(client.iter_listings(sandbox.shop_id))
        used = len(sandbox.calls) - before
        variations = sum(1 for item in active if item.has_variations)
        skus = Counter(
            product.sku
            for item in active
            if item.inventory is not None
            for product in item.inventory.products
            if product.sku
        )
        duplicates = sorted(sku for sku, count in skus.items() if count > 1)
        report.say(
            f"imported {len(active)} active listings ({variations} with variations) with their "
            f"inventory and images in {used} requests; {len(duplicates)} SKUs appear more than once"
        )
        expected = sorted(
            item.listing_id for item in sandbox.world.listings.values() if item.state == "active"
        )
        report.check("active listings", sorted(item.listing_id for item in active), expected)

        pushed = _push_stock(client, active[:100], quantity=7)
        report.say(f"pushed stock 7 to the first product of {pushed} listings (read-modify-write)")
        for item in active[:100]:
            world = sandbox.listing(item.listing_id).inventory.products[0].offerings[0]
            report.check(f"stock of listing {item.listing_id}", 7, world.quantity)

        since = clock.now() - timedelta(days=days)
        receipts = list(client.iter_receipts_by_created(sandbox.shop_id, since, clock.now()))
        by_status = Counter(receipt.status for receipt in receipts)
        report.say(
            f"read {len(receipts)} receipts of the last {days} days: "
            + ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
        )
        in_window = sum(1 for r in sandbox.world.receipts.values() if r.created >= since)
        report.check("receipts in the window", len(receipts), in_window)

        to_ship = next(
            (r for r in receipts if r.status == ReceiptStatus.PAID and not r.is_shipped),
            None,
        )
        if to_ship is not None:
            tracking = "1Z999AA10123456784"
            shipment = ReceiptShipmentRequest(tracking_code=tracking, carrier_name="ups")
            client.create_receipt_shipment(sandbox.shop_id, to_ship.receipt_id, shipment)
            shipped = sandbox.receipt(to_ship.receipt_id)
            report.say(
                f"shipped receipt {to_ship.receipt_id} with UPS tracking {tracking}: "
                f"Etsy now shows it as {shipped.status}"
            )
            report.check("receipt shipped", True, shipped.is_shipped)

        remaining = client.remaining_daily_budget
        report.say(
            f"API calls: {len(sandbox.calls)} in all; daily budget left as Etsy reports it: "
            f"{remaining if remaining is not None else 'unknown'}"
        )
    return report


def _push_stock(client: EtsyClient, listings: list[Listing], quantity: int) -> int:
    count = 0
    for item in listings:
        inventory = client.get_listing_inventory(item.listing_id)
        update = InventoryUpdate.from_inventory(inventory)
        update.products[0].offerings[0].quantity = quantity
        client.update_listing_inventory(item.listing_id, update)
        count += 1
    return count


def run_fnac(*, offers: int = 2000, orders: int = 200, days: int = 90) -> DemoReport:
    """Connect a seeded FNAC sandbox shop with the seller's credentials and run the client flow.

    Example:
        >>> run_fnac(offers=30, orders=10).ok
        True
    """
    report = DemoReport("fnac")
    clock = FakeClock(DEMO_START)
    sandbox = FnacSandbox.seeded(offers=offers, orders=orders, days=days, clock=clock, seed=42)
    given = sandbox.credentials
    credentials = FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key)
    with FnacClient(
        credentials, base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    ) as client:
        listed = list(client.offers())
        report.say(
            f"authenticated with Partner ID, Shop ID and Key; listed {len(listed)} offers in "
            f"{sandbox.calls.count('offers_query')} offers_query pages"
        )
        report.check(
            "offers", sorted(o.offer_seller_id or "" for o in listed), sorted(sandbox.state.offers)
        )

        updates = [OfferUpdate(offer_reference=sku, quantity=4) for sku in sandbox.state.offers]
        statuses = client.update_offers_and_wait(updates, poll_interval=10)
        results = [offer for status in statuses for offer in status.offers]
        rejected = [offer for offer in results if offer.errors]
        report.say(
            f"pushed stock for {len(updates)} SKUs in {sandbox.calls.count('offers_update')} "
            f"offers_update call(s): {len(results) - len(rejected)} applied, "
            f"{len(rejected)} rejected"
        )
        report.check(
            "stock after the push",
            {4},
            {offer.quantity for offer in sandbox.state.offers.values()},
        )

        fetched = list(client.orders())
        by_state = Counter(str(order.state) for order in fetched)
        report.say(
            f"read {len(fetched)} orders: "
            + ", ".join(f"{count} {state}" for state, count in sorted(by_state.items()))
        )
        report.check("orders", len(fetched), len(sandbox.state.orders))

        waiting = [o.order_id for o in fetched if o.state == OrderState.CREATED and o.order_id]
        if waiting:
            order_id = waiting[0]
            client.accept_order(order_id)
            sandbox.advance(60)  # FNAC moves an accepted order to ToShip shortly after
            shipped = client.confirm_to_send(
                order_id, tracking_number="6A12345678901", carrier="LAPOSTE"
            )
            report.say(
                f"accepted order {order_id} and confirmed it shipped with La Poste "
                f"tracking 6A12345678901: FNAC now shows it as {shipped.state}"
            )
            report.check("order shipped", "Shipped", sandbox.order(order_id).state)
        report.say(f"API calls: {len(sandbox.calls)} in all")
    return report


def main(out: Callable[[str], object] = print) -> int:
    """Run every marketplace's part, print the summary, and return the exit status.

    Example:
        python -m marketplace_sdk.demo
    """
    status = 0
    for run in (run_etsy, run_fnac):
        report = run()
        out(f"== {report.marketplace} ==")
        for line in report.lines:
            out(f"  {line}")
        if report.ok:
            out("  check: the SDK's view agrees with the sandbox")
        else:
            status = 1
            for mismatch in report.mismatches:
                out(f"  MISMATCH {mismatch}")
    return status


if __name__ == "__main__":
    sys.exit(main())
