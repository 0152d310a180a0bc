"""The outside world during the demo's simulated day, and the OMS's own moves in it.

Buyers order and cancel on the sandboxes, the OMS changes its stock (pushed as it changes),
packs and ships what is New (FNAC: once accepted; Mirakl: once the operator has debited the
customer, SHIPPING), carriers deliver, and one buyer cancels after the OMS packed the order.
Each function is one kind of event; the scenario calls them hour by hour between scheduler runs.

Examples:
    shop = DemoShop(ShopRef("etsy", "42"), channel, StockPusher(channel, clock=clock))
    change_stock({"etsy": shop}, oms, random.Random(1), per_hour=40)
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from typing import Any

import attrs

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import Shipment
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.demo._oms import DemoOms
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.sync._accept import AcceptReport
from marketplace_sdk.sync._runtime import JobRun
from marketplace_sdk.sync._specs import ShopRef
from marketplace_sdk.sync._sync.push import StockPusher

__all__ = [
    "DemoShop",
    "DemoWorld",
    "buyer_cancels_a_new_order",
    "buyers_order",
    "change_stock",
    "conflicting_cancellations",
    "deliver_shipped",
    "flush",
    "note_acceptance",
    "ship_ready_orders",
]

_CARRIERS = {"etsy": "ups", "fnac": "La Poste", "mirakl": "UPS"}

#: The Mirakl order state in which the shop may ship (the customer is debited, MIRAKL-Q10).
_MIRAKL_SHIPPABLE = "SHIPPING"


@attrs.frozen
class DemoWorld:
    """The demo's sandboxes: the marketplaces its buyers and carriers act on."""

    etsy: EtsySandbox
    fnac: FnacSandbox
    mirakl: MiraklSandbox


@attrs.define
class DemoShop:
    """One connected shop during the demo, and what the OMS did on it."""

    ref: ShopRef
    channel: Any
    pusher: StockPusher
    changed: dict[str, int] = attrs.Factory(dict)
    shipped: dict[str, str] = attrs.Factory(dict)
    accepted: set[str] = attrs.Factory(set)
    left_partial: set[str] = attrs.Factory(set)
    conflict_orders: set[str] = attrs.Factory(set)
    push_calls: int = 0
    pushed_ok: int = 0
    pushed_rejected: int = 0
    catalogue: JobRun | None = None
    backfill_runs: int = 0


def buyers_order(world: DemoWorld, rng: random.Random, per_hour: int) -> None:
    """Buyers order `per_hour` in-stock products on each marketplace.

    Examples:
        buyers_order(world, random.Random(1), per_hour=2)
    """
    etsy, fnac, mirakl = world.etsy, world.fnac, world.mirakl
    in_stock = [
        listing.listing_id
        for listing in etsy.world.listings.values()
        if listing.state == "active"
        and all(o.quantity > 0 for p in listing.inventory.products for o in p.offerings)
    ]
    for listing_id in rng.sample(in_stock, min(per_hour, len(in_stock))):
        etsy.place_order(listing_id)
    offers = sorted(sku for sku, offer in fnac.state.offers.items() if offer.quantity > 0)
    for sku in rng.sample(offers, min(per_hour, len(offers))):
        fnac.place_order([sku])
    stocked = sorted(sku for sku, row in mirakl.offers.offers.items() if int(row["quantity"]) > 0)
    for sku in rng.sample(stocked, min(per_hour, len(stocked))):
        mirakl.place_order([sku])


def buyer_cancels_a_new_order(shop: DemoShop, oms: DemoOms, world: DemoWorld) -> None:
    """A buyer cancels an order the OMS holds as New or Partial (a clean cancellation).

    On Etsy the buyer cancels; on Mirakl the operator cancels at the customer's request.

    Examples:
        buyer_cancels_a_new_order(shops["etsy"], oms, world)
    """
    for order_id, held in sorted(oms.orders_of(shop.ref).items()):
        if held.status not in (OmsStatus.NEW, OmsStatus.PARTIAL) or order_id in shop.shipped:
            continue
        if shop.ref.marketplace == "etsy":
            world.etsy.cancel_order(int(order_id))
            return
        if held.order.marketplace_status == _MIRAKL_SHIPPABLE:
            continue  # the warehouse may be packing it: a clean cancellation comes earlier
        try:
            world.mirakl.cancel_order(order_id)
        except ValueError:  # moved on since the OMS last synced it
            continue
        return


def conflicting_cancellations(shops: dict[str, DemoShop], oms: DemoOms, world: DemoWorld) -> None:
    """The OMS packs an order (Ready to Ship, not yet sent) and the buyer cancels it then.

    Examples:
        conflicting_cancellations(shops, oms, world)
    """
    for name, shop in shops.items():
        for order_id, held in sorted(oms.orders_of(shop.ref).items(), reverse=True):
            if held.status != OmsStatus.NEW or order_id in shop.shipped:
                continue
            if name == "fnac" and order_id not in shop.accepted:
                continue
            if name == "mirakl" and held.order.marketplace_status != _MIRAKL_SHIPPABLE:
                continue
            if not oms.mark_ready_to_ship(shop.ref, order_id):
                continue
            if name == "etsy":
                world.etsy.cancel_order(int(order_id))
            elif name == "fnac":
                world.fnac.cancel_order(order_id)
            else:
                world.mirakl.cancel_order(order_id)
            shop.conflict_orders.add(order_id)
            break


def change_stock(
    shops: dict[str, DemoShop], oms: DemoOms, rng: random.Random, per_hour: int
) -> None:
    """The OMS's stock of `per_hour` SKUs changes; each change goes to the shop's pusher.

    Examples:
        change_stock(shops, oms, random.Random(1), per_hour=40)
    """
    for shop in shops.values():
        levels = oms.stock_of(shop.ref)
        for sku in rng.sample(sorted(levels), min(per_hour, len(levels))):
            quantity = rng.randint(0, 40)
            oms.set_stock(shop.ref, sku, quantity)
            shop.pusher.stock_changed(sku, quantity)
            shop.changed[sku] = quantity


def flush(shop: DemoShop, *, force: bool = False) -> None:
    """Send what the shop's pusher has due (everything with `force`) and count the results.

    Examples:
        flush(shops["fnac"], force=True)
    """
    report = shop.pusher.flush(force=force)
    shop.push_calls += report.channel_calls
    shop.pushed_ok += len(report.ok)
    shop.pushed_rejected += len(report.rejected)


def note_acceptance(shops: dict[str, DemoShop], runs: list[JobRun]) -> None:
    """Record, on each shop, the orders its acceptance runs accepted or left Partial.

    Examples:
        note_acceptance(shops, accept_runs)
    """
    by_ref = {str(shop.ref): shop for shop in shops.values()}
    while runs:
        run = runs.pop()
        detail = run.report.detail if run.report is not None else None
        shop = by_ref.get(run.shop)
        if shop is not None and isinstance(detail, AcceptReport):
            shop.accepted.update(detail.accepted)
            shop.left_partial.update(detail.partial)


def ship_ready_orders(shops: dict[str, DemoShop], oms: DemoOms, clock: FakeClock) -> None:
    """The warehouse packs and ships what is New and older than an hour.

    Examples:
        ship_ready_orders(shops, oms, clock)
    """
    for name, shop in shops.items():
        for order_id, held in sorted(oms.orders_of(shop.ref).items()):
            if held.status != OmsStatus.NEW or order_id in shop.shipped:
                continue
            if clock.now() - held.order.created_at < timedelta(hours=1):
                continue
            if name == "fnac" and order_id not in shop.accepted:
                continue
            if name == "mirakl" and held.order.marketplace_status != _MIRAKL_SHIPPABLE:
                continue  # accepted, the customer not debited yet: no label (MIRAKL-Q10)
            if not oms.mark_ready_to_ship(shop.ref, order_id):
                continue
            tracking = f"{name.upper()}-TRK-{order_id}"
            shipment = Shipment(
                carrier=_CARRIERS[name], tracking_number=tracking, shipped_at=clock.now()
            )
            result = shop.channel.ready_to_ship(order_id, shipment)
            if result.is_ok:
                oms.record_tracking(shop.ref, order_id, tracking)
                shop.shipped[order_id] = tracking


def deliver_shipped(shops: dict[str, DemoShop], world: DemoWorld, clock: FakeClock) -> None:
    """Carriers deliver about half of what shipped, a few hours later.

    Examples:
        deliver_shipped(shops, world, clock)
    """
    etsy, fnac, mirakl = world.etsy, world.fnac, world.mirakl
    for order_id in list(shops["etsy"].shipped)[::2]:
        receipt = etsy.receipt(int(order_id))
        if (
            receipt.is_shipped
            and not receipt.is_delivered
            and _hours_since(receipt.updated, clock) >= 3
        ):
            etsy.mark_delivered(int(order_id))
    for order_id in list(shops["fnac"].shipped)[::2]:
        order = fnac.order(order_id)
        if order.state == "Shipped" and _hours_since(order.updated_at, clock) >= 3:
            fnac.mark_received(order_id)
    for order_id in list(shops["mirakl"].shipped)[::2]:
        shipped = mirakl.order(order_id)
        if shipped.state == "SHIPPED" and _hours_since(shipped.updated, clock) >= 3:
            mirakl.mark_received(order_id)


def _hours_since(when: datetime, clock: FakeClock) -> float:
    return (clock.now() - when).total_seconds() / 3600
