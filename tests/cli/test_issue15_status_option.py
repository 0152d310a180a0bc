"""Issue 15, item 4: an unknown `--status` is a usage error (exit 2) naming the valid ones."""

from __future__ import annotations

import re

import pytest
from tests.cli.support import Cli, ServedEtsy, ServedFnac


def _assert_usage_error(output: str, *valid: str) -> None:
    # rich wraps the message in a box: read it as one line of words
    output = " ".join(re.sub("[│╭╮╰╯─]", " ", output).split())
    assert "Traceback" not in output
    assert "Invalid value for '--status'" in output
    assert "'Bogus'" in output
    for status in valid:
        assert status in output


def test_issue15_item4_fnac_orders_list_with_a_bad_status_exits_2(
    cli: Cli, connected_fnac: ServedFnac
) -> None:
    calls = len(connected_fnac.sandbox.calls)
    result = cli.run("fnac", "orders", "list", "-p", "shop", "--status", "Bogus")
    assert result.exit_code == 2, result.output
    _assert_usage_error(result.output, "To be Shipped", "Received", "Cancelled", "ToShip")
    assert len(connected_fnac.sandbox.calls) == calls  # refused before any order query


def test_issue15_item4_etsy_orders_list_with_a_bad_status_exits_2(
    cli: Cli, connected_etsy: ServedEtsy
) -> None:
    result = cli.run("etsy", "orders", "list", "-p", "shop", "--status", "Bogus")
    assert result.exit_code == 2, result.output
    _assert_usage_error(result.output, "New", "In-transit", "Delivered", "Cancelled")


@pytest.mark.parametrize("marketplace", ["etsy", "fnac"])
def test_issue15_item4_sync_orders_with_a_bad_status_exits_2(
    cli: Cli, connected_etsy: ServedEtsy, connected_fnac: ServedFnac, marketplace: str
) -> None:
    result = cli.run(marketplace, "sync", "orders", "-p", "shop", "-s", "Bogus")
    assert result.exit_code == 2, result.output
    _assert_usage_error(result.output)


def test_issue15_item4_valid_statuses_still_filter(cli: Cli, connected_etsy: ServedEtsy) -> None:
    result = cli.run("etsy", "orders", "list", "-p", "shop", "--days", "30", "-s", "new", "--json")
    assert result.exit_code == 0, result.output
