"""The demo's self-check: the OMS's view of each shop against the sandbox's own state.

Each check compares what the OMS holds after the run with what the sandbox holds (its internal
state, not the SDK's reading of it, wherever the sandbox has the fact), and the demo fails when
one disagrees. The figures of the summary come from the same run.

Examples:
    >>> Check("orders", True, "300 of 300").ok
    True
"""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timedelta
from typing import Any

import attrs

from marketplace_sdk.core._catalog import dedupe_by_sku
from marketplace_sdk.core._status import (
    Conflict,
    ConflictReason,
    NoChange,
    OmsStatus,
    UnknownStatus,
)
from marketplace_sdk.core._transitions import decide_transition
from marketplace_sdk.demo._oms import STATUS_TABLES, DemoOms
from marketplace_sdk.etsy._shared.channel import EtsyChannelOptions
from marketplace_sdk.etsy._shared.client import DEFAULT_RATES
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.sync._specs import ShopRef

__all__ = ["ETSY_DAILY_BUDGET", "ChannelSummary", "Check", "check_channel"]

#: Etsy's published budget: 10,000 requests per rolling 24 hours per app.
ETSY_DAILY_BUDGET = next(rate.limit for rate in DEFAULT_RATES if rate.interval == 86_400)

_CANCELLED = {OmsStatus.CANCELED, OmsStatus.CANCELLED_BY_SELLER}

#: A sandbox the demo checks a shop against.
Sandbox = EtsySandbox | FnacSandbox | MiraklSandbox
_IMPORTED_STATES = frozenset(EtsyChannelOptions().import_states)


@attrs.frozen
class Check:
    """One comparison between the OMS and the sandbox.

    Examples:
        >>> Check("stock", False, "SKU-1: OMS 3, sandbox 2").detail
        'SKU-1: OMS 3, sandbox 2'
    """

    name: str
    ok: bool
    detail: str


@attrs.define
class ChannelSummary:
    """What the demo did on one shop, and how the OMS compares with the sandbox.

    Examples:
        summary.ok, summary.orders_by_status.most_common()
    """

    marketplace: str
    shop_id: str
    products: int
    duplicates: list[str]
    categories: int
    orders: int
    orders_by_status: Counter[str]
    conflicts: dict[str, str]
    accepted: int
    left_partial: int
    shipped: int
    stock_pushed: int
    push_calls: int
    pushed_rejected: int
    api_calls: int
    budget: str
    checks: list[Check]

    @property
    def ok(self) -> bool:
        """True when every check passed."""
        return all(check.ok for check in self.checks)

    def to_dict(self) -> dict[str, Any]:
        """Plain data (`--json`).

        Examples:
            json.dumps(summary.to_dict())
        """
        data = attrs.asdict(self)
        data["orders_by_status"] = dict(self.orders_by_status)
        data["ok"] = self.ok
        return data


def _sandbox_orders(sandbox: Sandbox) -> tuple[set[str], set[str]]:
    """All order ids, and the ids the buyer (or the marketplace) cancelled."""
    if isinstance(sandbox, EtsySandbox):
        receipts = sandbox.world.receipts.values()
        return (
            {str(r.receipt_id) for r in receipts},
            {str(r.receipt_id) for r in receipts if r.status == "Canceled"},
        )
    if isinstance(sandbox, MiraklSandbox):
        mmp = sandbox.orders.values()
        return {o.order_id for o in mmp}, {o.order_id for o in mmp if o.state == "CANCELED"}
    orders = sandbox.state.orders.values()
    return {o.order_id for o in orders}, {o.order_id for o in orders if o.state == "Cancelled"}


def _tracking_on_marketplace(sandbox: Sandbox, order_id: str) -> set[str]:
    if isinstance(sandbox, EtsySandbox):
        return {s.tracking_code for s in sandbox.receipt(int(order_id)).shipments}
    if isinstance(sandbox, MiraklSandbox):
        number = sandbox.order(order_id).carrier.get("tracking_number")
        return {number} if number else set()
    return {line.tracking_number for line in sandbox.order(order_id).lines}


def _etsy_holder(sandbox: EtsySandbox, sku: str) -> int | None:
    # A SKU several listings share is the product of the lowest listing id among the
    # listings the import reads (drafts are not), the one the OMS holds (the seeds sync
    # one product per duplicated SKU). A listing Etsy left in `edit` reads as inactive.
    holders = sorted(
        listing.listing_id
        for listing in sandbox.world.listings.values()
        if (listing.state in _IMPORTED_STATES or listing.state == "edit")
        and any(product.sku == sku for product in listing.inventory.products)
    )
    return holders[0] if holders else None


def _stock_on_marketplace(sandbox: Sandbox, sku: str) -> set[int]:
    if isinstance(sandbox, EtsySandbox):
        holder = _etsy_holder(sandbox, sku)
        if holder is None:
            return set()
        return {
            offering.quantity
            for product in sandbox.listing(holder).inventory.products
            if product.sku == sku
            for offering in product.offerings
        }
    if isinstance(sandbox, MiraklSandbox):
        row = sandbox.offers.offers.get(sku)
        return {int(row.get("quantity") or 0)} if row is not None else set()
    offer = sandbox.state.offers.get(sku)
    return {offer.quantity} if offer is not None else set()


def _stock_matches(sandbox: Sandbox, sku: str, quantity: int) -> bool:
    if _stock_on_marketplace(sandbox, sku) == {quantity}:
        return True
    if quantity != 0 or not isinstance(sandbox, EtsySandbox):
        return False
    # Etsy refuses zero stock (ETSY-Q01): a listing sold out in the OMS is off sale instead,
    # holding a placeholder unit buyers cannot order.
    holder = _etsy_holder(sandbox, sku)
    return holder is not None and sandbox.listing(holder).state != "active"


def _mismatches(items: list[str], limit: int = 3) -> str:
    shown = "; ".join(items[:limit])
    return shown + (f"; and {len(items) - limit} more" if len(items) > limit else "")


def check_channel(
    shop: ShopRef,
    oms: DemoOms,
    *,
    channel: Any,
    sandbox: Sandbox,
    facts: dict[str, Any],
    history_days: int,
    now: datetime,
) -> ChannelSummary:
    """Compare the OMS's view of `shop` with the sandbox, and summarise the run.

    Examples:
        summary = check_channel(shop, oms, channel=channel, sandbox=sandbox, facts=facts,
                                history_days=90, now=clock.now())
    """
    checks: list[Check] = []
    held = oms.orders_of(shop)
    all_ids, cancelled_ids = _sandbox_orders(sandbox)

    missing, extra = sorted(all_ids - set(held)), sorted(set(held) - all_ids)
    checks.append(
        Check(
            "every marketplace order is in the OMS, once",
            not missing and not extra,
            f"{len(held)} in the OMS, {len(all_ids)} on the marketplace"
            + (f"; missing {_mismatches(missing)}" if missing else "")
            + (f"; unknown to the marketplace {_mismatches(extra)}" if extra else ""),
        )
    )

    fresh_products = dedupe_by_sku(channel.iter_products())
    expected_skus = {product.sku for product in fresh_products.products}
    imported = set(oms.products_of(shop))
    checks.append(
        Check(
            "one product per SKU, as the marketplace lists them",
            imported == expected_skus,
            f"{len(imported)} imported, {len(expected_skus)} listed",
        )
    )
    checks.append(
        Check(
            "every duplicated SKU reported",
            len(facts["duplicates"]) == len(fresh_products.duplicates),
            f"{len(facts['duplicates'])} reported, {len(fresh_products.duplicates)} on the "
            "marketplace",
        )
    )

    table = STATUS_TABLES[shop.marketplace]
    behind: list[str] = []
    seen = 0
    since = now - timedelta(days=history_days + 2)
    for order in channel.iter_orders(since, now + timedelta(seconds=1)):
        seen += 1
        mine = held.get(order.order_id)
        if mine is None:
            behind.append(f"{order.order_id}: not in the OMS")
            continue
        decision = decide_transition(
            table, mine.status, order.marketplace_status, all_lines_in_stock=mine.in_stock
        )
        settled = (
            isinstance(decision, NoChange)
            or (
                isinstance(decision, Conflict)
                and mine.conflict is not None
                and mine.conflict.reason == decision.reason
            )
            or (isinstance(decision, UnknownStatus) and mine.unknown == decision.raw)
        )
        if not settled:
            behind.append(
                f"{order.order_id}: OMS {mine.status}, marketplace {order.marketplace_status!r}"
            )
    checks.append(
        Check(
            "every OMS status is up to date with the marketplace",
            not behind,
            f"{seen} orders compared" + (f"; behind: {_mismatches(behind)}" if behind else ""),
        )
    )

    conflicts = oms.conflicts(shop)
    not_cancelled = sorted(
        order_id
        for order_id in cancelled_ids
        if order_id in held
        and held[order_id].status not in _CANCELLED
        and order_id not in conflicts
    )
    checks.append(
        Check(
            "every buyer cancellation is Canceled in the OMS or held as a conflict",
            not not_cancelled,
            f"{len(cancelled_ids)} cancelled on the marketplace"
            + (f"; not applied: {_mismatches(not_cancelled)}" if not_cancelled else ""),
        )
    )
    expected_conflicts = set(facts["expected_conflicts"])
    right_reason = all(
        conflict.reason == ConflictReason.CANCELLED_AFTER_READY_TO_SHIP
        for conflict in conflicts.values()
    )
    checks.append(
        Check(
            "the cancellation after Ready to Ship is held for a person, nothing else",
            set(conflicts) == expected_conflicts and right_reason,
            f"conflicts {sorted(conflicts)}, expected {sorted(expected_conflicts)}",
        )
    )

    wrong_tracking = [
        f"{order_id}: {sorted(_tracking_on_marketplace(sandbox, order_id))}"
        for order_id, tracking in sorted(facts["shipped"].items())
        if tracking not in _tracking_on_marketplace(sandbox, order_id)
    ]
    checks.append(
        Check(
            "shipped orders carry the OMS's tracking number on the marketplace",
            not wrong_tracking,
            f"{len(facts['shipped'])} shipped"
            + (f"; wrong: {_mismatches(wrong_tracking)}" if wrong_tracking else ""),
        )
    )

    wrong_stock = [
        f"{sku}: OMS {quantity}, marketplace {sorted(_stock_on_marketplace(sandbox, sku))}"
        for sku, quantity in sorted(facts["pushed"].items())
        if not _stock_matches(sandbox, sku, quantity)
    ]
    checks.append(
        Check(
            "pushed stock is the marketplace's stock",
            not wrong_stock,
            f"{len(facts['pushed'])} SKUs pushed"
            + (f"; differ: {_mismatches(wrong_stock)}" if wrong_stock else ""),
        )
    )

    api_calls = int(facts["api_calls"])
    if isinstance(sandbox, EtsySandbox):
        budget = (
            f"{api_calls:,} of Etsy's {ETSY_DAILY_BUDGET:,} requests per day "
            f"(the sandbox has {sandbox.remaining_today():,} left in its rolling day)"
        )
    elif isinstance(sandbox, MiraklSandbox):
        budget = (
            f"{api_calls:,} requests, each operation within Mirakl's call frequencies "
            f"({sum(1 for call in sandbox.calls if call.status == 429)} answered 429)"
        )
    else:
        budget = f"{api_calls:,} requests (FNAC publishes no daily budget)"
    return ChannelSummary(
        marketplace=shop.marketplace,
        shop_id=shop.shop_id,
        products=len(imported),
        duplicates=list(facts["duplicates"]),
        categories=int(facts["categories"]),
        orders=len(held),
        orders_by_status=oms.status_counts(shop),
        conflicts={order_id: conflict.message for order_id, conflict in conflicts.items()},
        accepted=len(facts["accepted"]),
        left_partial=len(facts["left_partial"]),
        shipped=len(facts["shipped"]),
        stock_pushed=int(facts["pushed_ok"]),
        push_calls=int(facts["push_calls"]),
        pushed_rejected=int(facts["pushed_rejected"]),
        api_calls=api_calls,
        budget=budget,
        checks=checks,
    )
