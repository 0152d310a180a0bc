"""Issue 15, item 12: the cancellation and acceptance jobs from the CLI, and backfill progress."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.support import Cli, ServedEtsy, ServedFnac

TERMINAL = {"TTY_COMPATIBLE": "1"}  # rich then treats the captured stderr as a terminal


def _stock_file(path: Path, skus: list[str], quantity: int) -> Path:
    path.write_text("sku,quantity\n" + "".join(f"{sku},{quantity}\n" for sku in skus))
    return path


def test_issue15_item12_fnac_sync_accept_accepts_orders_in_stock(
    cli: Cli, connected_fnac: ServedFnac, tmp_path: Path
) -> None:
    sandbox = connected_fnac.sandbox
    placed = sandbox.place_order(["SKU-00003"])
    stock = _stock_file(tmp_path / "stock.csv", list(sandbox.state.offers), 500)

    result = cli.run("fnac", "sync", "accept", "-p", "shop", "--stock", str(stock), "--json")

    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["job"] == "orders.accept"
    decisions = {item["order_id"]: item["decision"] for item in report["orders"]}
    assert decisions[placed.order_id] == "accepted"
    assert sandbox.order(placed.order_id).state == "Accepted"

    again = cli.run("fnac", "sync", "accept", "-p", "shop", "--stock", str(stock), "--json")
    assert again.exit_code == 0, again.output
    assert placed.order_id not in {  # the cursor moved on: the next run starts where it stopped
        item["order_id"]
        for item in json.loads(again.stdout)["orders"]
        if item["decision"] == "accepted"
    }


def test_issue15_item12_fnac_sync_accept_without_stock_sends_nothing(
    cli: Cli, connected_fnac: ServedFnac
) -> None:
    sandbox = connected_fnac.sandbox
    placed = sandbox.place_order(["SKU-00003"])

    result = cli.run("fnac", "sync", "accept", "-p", "shop")

    assert result.exit_code == 0, result.output
    assert placed.order_id in result.stdout
    assert "accepted" not in result.stdout.split("acceptance", 1)[1]
    assert sandbox.order(placed.order_id).state == "Created"


def test_issue15_item12_sync_cancellations_writes_them_as_json_lines(
    cli: Cli, connected_fnac: ServedFnac, tmp_path: Path
) -> None:
    sandbox = connected_fnac.sandbox
    placed = sandbox.place_order(["SKU-00002"])
    sandbox.advance(60)
    sandbox.cancel_order(placed.order_id)
    sandbox.advance(60)
    out = tmp_path / "cancellations.jsonl"

    result = cli.run("fnac", "sync", "cancellations", "-p", "shop", "--out", str(out))

    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert placed.order_id in {line["order_id"] for line in lines}
    assert "cancellations synced" in result.stderr


def test_issue15_item12_the_backfill_shows_a_progress_bar_in_days_on_a_terminal(
    cli: Cli, connected_etsy: ServedEtsy, tmp_path: Path
) -> None:
    out = str(tmp_path / "backfill.jsonl")
    result = cli.run(
        "etsy", "sync", "orders", "-p", "shop", "--backfill", "--days", "30", "-o", out,
        env=TERMINAL,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "backfill: days done" in result.stderr
    assert "30/30" in result.stderr


@pytest.mark.parametrize(
    ("flags", "env"),
    [((), {}), (("--json",), TERMINAL), (("--quiet",), TERMINAL)],
    ids=["not-a-terminal", "json", "quiet"],
)
def test_issue15_item12_no_progress_bar_off_a_terminal_or_with_json_or_quiet(
    cli: Cli,
    connected_etsy: ServedEtsy,
    tmp_path: Path,
    flags: tuple[str, ...],
    env: dict[str, str],
) -> None:
    out = str(tmp_path / "backfill.jsonl")
    result = cli.run(
        "etsy", "sync", "orders", "-p", "shop", "--backfill", "--days", "30", "-o", out, *flags,
        env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "days done" not in result.stderr
