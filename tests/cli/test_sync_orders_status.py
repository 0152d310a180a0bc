"""`sync orders --status` keeps its own cursor; `--status` with `--backfill` is bad usage."""

from __future__ import annotations

import json

from tests.cli.support import Cli, ServedEtsy

from marketplace_sdk.cli._sync_cmds import orders_job_id


def test_a_status_filtered_sync_does_not_move_the_unfiltered_cursor(
    cli: Cli, connected_etsy: ServedEtsy
) -> None:
    filtered = cli.run(
        "etsy", "sync", "orders", "-p", "shop", "--days", "30", "-s", "New", "--json"
    )
    assert filtered.exit_code == 0, filtered.output
    new_only = json.loads(filtered.stdout)
    assert new_only["job"] == "orders.updated[New]"
    assert {order["marketplace_status"] for order in new_only["records"]} <= {"New"}

    everything = cli.run("etsy", "sync", "orders", "-p", "shop", "--days", "30", "--json")
    assert everything.exit_code == 0, everything.output
    report = json.loads(everything.stdout)
    assert report["job"] == "orders.updated"
    # its own first run over the 30 days, not from where the filtered run stopped
    assert report["from"][:10] == new_only["from"][:10] < new_only["to"][:10]
    statuses = {order["marketplace_status"] for order in report["records"]}
    assert statuses - {"New"}
    assert report["orders"] > new_only["orders"]


def test_the_job_id_of_a_filtered_run_follows_the_sorted_statuses() -> None:
    assert orders_job_id(["Shipped", "New"]) == orders_job_id(["New", "Shipped", "New"])
    assert orders_job_id(["Shipped", "New"]) == "orders.updated[New,Shipped]"
    assert orders_job_id([]) == orders_job_id(None) == "orders.updated"


def test_status_with_backfill_is_bad_usage(cli: Cli, connected_etsy: ServedEtsy) -> None:
    result = cli.run(
        "etsy", "sync", "orders", "-p", "shop", "--backfill", "--status", "New", "--json"
    )
    assert result.exit_code == 2
    assert "--status" in result.output
    assert "--backfill" in result.output
