"""`make demo`: the full scenario against the three sandboxes, checked against them."""

from __future__ import annotations

import json
from collections.abc import Sequence

import attrs
import pytest

from marketplace_sdk.core._models import Order
from marketplace_sdk.core._status import ConflictReason
from marketplace_sdk.demo import DemoOptions, DemoResult, main, run_demo
from marketplace_sdk.demo._oms import DemoOms
from marketplace_sdk.sync._specs import ShopRef


@pytest.fixture(scope="module")
def result() -> DemoResult:
    return run_demo(DemoOptions.small())  # the full simulated day


def test_the_demo_agrees_with_every_sandbox(result: DemoResult) -> None:
    assert result.ok, [
        (summary.marketplace, check)
        for summary in result.channels
        for check in summary.checks
        if not check.ok
    ]
    assert [summary.marketplace for summary in result.channels] == ["etsy", "fnac", "mirakl"]
    assert all(run.ok for run in result.runs)
    assert result.simulated >= result.simulated.__class__(hours=24)


def test_every_step_of_the_scenario_shows_in_the_summary(result: DemoResult) -> None:
    etsy, fnac, mirakl = result.channels
    assert etsy.products > 0
    assert fnac.products > 0
    assert mirakl.products > 0
    assert len(etsy.duplicates) == 3  # the seeded shop's duplicated SKUs, one line each
    assert fnac.accepted > 0  # FNAC orders accepted with every line in stock
    assert mirakl.accepted > 0  # and Mirakl's
    for summary in (etsy, fnac, mirakl):
        assert summary.shipped > 0
        assert summary.stock_pushed > 0
        assert summary.push_calls > 0
        assert {"Complete", "In_transit", "Canceled"} <= set(summary.orders_by_status)
        assert len(summary.conflicts) == 1  # the buyer cancelled after the OMS packed it
        assert "Ready to Ship" in next(iter(summary.conflicts.values()))
        assert summary.api_calls > 0
    assert "of Etsy's 10,000 requests per day" in etsy.budget
    assert "Mirakl's call frequencies" in mirakl.budget


def test_the_mirakl_shop_runs_every_step_and_checks_itself(result: DemoResult) -> None:
    mirakl = result.channels[2]
    assert mirakl.marketplace == "mirakl"
    checks = {check.name: check for check in mirakl.checks}
    assert all(check.ok for check in checks.values()), mirakl.checks
    assert len(checks) == 8  # the same checks as the other two shops
    ran = {run.job_id for run in result.runs if run.shop.startswith("mirakl/")}
    # the scheduler's jobs ran for the Mirakl shop, acceptance included
    assert {"orders.new", "orders.status", "orders.cancellations", "orders.accept"} <= ran
    imported = checks["one product per SKU, as the marketplace lists them"]
    assert imported.detail == f"{mirakl.products} imported, {mirakl.products} listed"
    assert mirakl.orders >= DemoOptions.small().mirakl_orders  # backfilled, then a day's more
    assert mirakl.shipped > 0
    assert mirakl.stock_pushed > 0
    cancelled = checks["every buyer cancellation is Canceled in the OMS or held as a conflict"]
    assert not cancelled.detail.startswith("0 ")  # the customer's cancellations were seen


def test_the_scenarios_conflict_is_the_seeds_rule(result: DemoResult) -> None:
    assert ConflictReason.CANCELLED_AFTER_READY_TO_SHIP.value == "cancelled_after_ready_to_ship"
    for summary in result.channels:
        named = [check for check in summary.checks if "Ready to Ship" in check.name]
        assert named
        assert named[0].ok


def test_an_oms_that_loses_an_order_makes_the_demo_fail(monkeypatch: pytest.MonkeyPatch) -> None:
    original = DemoOms.orders
    lost: dict[str, str] = {}  # one order lost on FNAC, one on Mirakl, every time it comes

    def lossy(self: DemoOms, shop: ShopRef, batch: Sequence[Order]) -> None:
        if shop.marketplace in ("fnac", "mirakl") and shop.marketplace not in lost and batch:
            lost[shop.marketplace] = batch[0].order_id
        batch = [order for order in batch if order.order_id != lost.get(shop.marketplace)]
        original(self, shop, batch)

    monkeypatch.setattr(DemoOms, "orders", lossy)
    result = run_demo(attrs.evolve(DemoOptions.small(), simulated_hours=6))
    assert not result.ok
    etsy, fnac, mirakl = result.channels
    assert etsy.ok
    for summary in (fnac, mirakl):
        failed = [check for check in summary.checks if not check.ok]
        assert any(lost[summary.marketplace] in check.detail for check in failed)


def test_the_command_prints_json_and_exits_0_when_it_agrees(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["--small", "--hours", "6", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is True
    assert [channel["marketplace"] for channel in data["channels"]] == ["etsy", "fnac", "mirakl"]


def test_bad_options_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--hours", "0"]) == 2
    assert main(["--no-such-option"]) == 2


def test_the_terminal_summary_shows_each_channel_and_the_verdict(result: DemoResult) -> None:
    from io import StringIO

    from rich.console import Console

    from marketplace_sdk.demo._console import render_summary

    out = StringIO()
    render_summary(result, Console(file=out, width=140))
    text = out.getvalue()
    assert "etsy shop" in text
    assert "fnac shop" in text
    assert "mirakl shop" in text
    assert "duplicated SKUs reported" in text
    assert "the OMS agrees with every sandbox" in text
    assert "✗" not in text


def test_a_longer_history_is_backfilled_whole() -> None:
    """The backfill covers the seeded history even past the default 90 days."""
    result = run_demo(attrs.evolve(DemoOptions.small(), history_days=120, simulated_hours=2))
    assert result.ok
