"""The CLI's sandbox server, tables, profiles, manual syncs, demo and exit codes."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import httpx
import pytest
from tests.cli.support import Cli, ServedEtsy, ServedFnac, assert_no_secret, fetch, free_port
from typer.testing import CliRunner, Result

from marketplace_sdk.cli import app
from marketplace_sdk.cli._state import CliState
from marketplace_sdk.etsy import ETSY_STATUS_TABLE
from marketplace_sdk.fnac import FNAC_CAPABILITIES
from marketplace_sdk.fnac._xml import NAMESPACE, parse_xml


def test_sandbox_serve_etsy_prints_what_an_integrator_needs(cli: Cli) -> None:
    seen: dict[str, object] = {}

    def while_serving(details: Mapping[str, object]) -> None:
        key = f"{details['keystring']}:{details['shared_secret']}"
        shop = httpx.get(
            f"{details['base_url']}/v3/application/shops/{details['shop_id']}",
            headers={"x-api-key": key},
        )
        seen["shop"] = shop.json()

    state = cli.state()
    state.serve_until = while_serving
    result = cli.run(
        "sandbox", "serve", "etsy", "--listings", "12", "--orders", "3", "--json", state=state
    )

    assert result.exit_code == 0, result.output
    details = json.loads(result.stdout)
    assert details["base_url"].startswith("http://127.0.0.1:")
    assert details["keystring"] == "sandbox-keystring"
    assert "http://localhost:8765/callback" in details["redirect_uris"]
    assert seen["shop"]["shop_id"] == details["shop_id"]  # type: ignore[index]
    table = cli.run("sandbox", "serve", "etsy", "--listings", "1", "--orders", "0", state=state)
    assert "etsy connect --profile sandbox" in table.output


def test_sandbox_serve_fnac_accepts_its_printed_credentials(cli: Cli) -> None:
    answers: list[str] = []

    def while_serving(details: Mapping[str, object]) -> None:
        body = (
            f'<auth xmlns="{NAMESPACE}"><partner_id>{details["partner_id"]}</partner_id>'
            f"<shop_id>{details['shop_id']}</shop_id><key>{details['key']}</key></auth>"
        )
        answer = httpx.post(f"{details['base_url']}auth", content=body)
        answers.append(str(parse_xml(answer.content).get("status")))
        account = httpx.get(
            f"{details['mirakl_url']}/api/account",
            headers={"Authorization": str(details["mirakl_api_key"])},
        )
        answers.append(str(account.status_code))

    state = cli.state()
    state.serve_until = while_serving
    result = cli.run(
        "sandbox", "serve", "fnac", "--offers", "5", "--orders", "2", "--json", state=state
    )

    assert result.exit_code == 0, result.output
    assert answers == ["OK", "200"]
    assert json.loads(result.stdout)["base_url"].endswith("/api.php/")


@pytest.mark.parametrize("marketplace", ["etsy", "fnac", "mirakl"])
def test_status_map_and_capabilities_need_no_profile(cli: Cli, marketplace: str) -> None:
    status = cli.run(marketplace, "status-map", "--json")
    assert status.exit_code == 0, status.output
    rows = json.loads(status.stdout)
    assert any(row["oms_statuses"][0] == "Complete" for row in rows)
    caps = cli.run(marketplace, "capabilities", "--json")
    assert caps.exit_code == 0
    assert {row["name"] for row in json.loads(caps.stdout)} >= {"price_push", "stock_push"}
    assert "status mapping" in cli.run(marketplace, "status-map").output


def test_status_map_follows_the_seed_table(cli: Cli) -> None:
    rows = json.loads(cli.run("etsy", "status-map", "--json").stdout)
    assert [row["marketplace_status"] for row in rows] == [
        row.marketplace_status for row in ETSY_STATUS_TABLE
    ]
    caps = {
        row["name"]: row for row in json.loads(cli.run("fnac", "capabilities", "--json").stdout)
    }
    assert caps["activate_deactivate"]["explanation"] == FNAC_CAPABILITIES.explain(
        "activate_deactivate"
    )


def test_profiles_lists_shops_without_secrets(
    cli: Cli, connected_etsy: ServedEtsy, connected_fnac: ServedFnac
) -> None:
    result = cli.run("profiles", "--json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(row["marketplace"], row["name"]) for row in rows] == [
        ("etsy", "shop"),
        ("fnac", "shop"),
    ]
    assert "Profiles in" in cli.run("profiles").output
    secrets = [connected_etsy.secret, *(connected_fnac.secrets_env().values())]
    assert_no_secret(cli.outputs, secrets)


def test_sync_orders_resumes_from_its_cursor(
    cli: Cli, connected_etsy: ServedEtsy, tmp_path: Path
) -> None:
    out = tmp_path / "orders.jsonl"
    first = cli.run(
        "etsy", "sync", "orders", "-p", "shop", "--days", "30", "--out", str(out), "--json"
    )
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    lines = out.read_text().splitlines()
    assert report["orders"] == len(lines) > 0
    assert len({json.loads(line)["order_id"] for line in lines}) == len(lines)

    cli.clock.advance(3600)
    listing = next(iter(connected_etsy.sandbox.world.listings))
    receipt_id = connected_etsy.sandbox.place_order(listing)
    second = cli.run("etsy", "sync", "orders", "-p", "shop", "--json")
    assert second.exit_code == 0, second.output
    again = json.loads(second.stdout)
    assert again["from"] < report["to"]  # the lookback overlap
    assert str(receipt_id) in {order["order_id"] for order in again["records"]}
    assert again["orders"] < report["orders"]


def test_sync_products_reports_duplicate_skus(cli: Cli, connected_etsy: ServedEtsy) -> None:
    result = cli.run("etsy", "sync", "products", "-p", "shop", "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["duplicates"]
    assert (
        report["imported"] + sum(len(item["dropped"]) for item in report["duplicates"])
        == report["read"]
    )


def test_demo_is_a_top_level_command() -> None:
    result = CliRunner().invoke(app, ["demo", "--help"])
    assert result.exit_code == 0
    assert "demo" in CliRunner().invoke(app, ["--help"]).output


def test_bulk_commands_are_mounted_under_each_marketplace() -> None:
    for marketplace in ("etsy", "fnac", "mirakl"):
        assert CliRunner().invoke(app, [marketplace, "bulk", "--help"]).exit_code == 0


def test_usage_errors_exit_2(cli: Cli) -> None:
    assert cli.run("etsy", "no-such-command").exit_code == 2
    assert cli.run("fnac", "orders", "show").exit_code == 2
    assert cli.run("etsy", "products", "list", "--limit", "-1").exit_code == 2


def test_sync_orders_backfill_fills_the_days_once(cli: Cli, connected_fnac: ServedFnac) -> None:
    first = cli.run("fnac", "sync", "orders", "-p", "shop", "--backfill", "--days", "30", "--json")
    assert first.exit_code == 0, first.output
    report = json.loads(first.stdout)
    assert report["job"] == "orders.backfill"
    assert report["orders"] == len(report["records"]) > 0
    again = cli.run("fnac", "sync", "orders", "-p", "shop", "--backfill", "--days", "30", "--json")
    assert json.loads(again.stdout)["orders"] == 0  # every slice is done: nothing to fetch


def test_serve_connect_and_look_up_an_order_all_through_the_cli(tmp_path: Path) -> None:
    # A new user: `sandbox serve etsy` in one shell, `etsy connect` and `orders show` in another.
    home = tmp_path / "home"
    redirect_uri = f"http://127.0.0.1:{free_port()}/callback"
    outputs: list[str] = []

    def other_shell(details: Mapping[str, object]) -> None:
        def run(*args: str, env: dict[str, str] | None = None) -> Result:
            state = CliState(home=home, opener=fetch)
            result = CliRunner().invoke(app, list(args), env=env, obj=state)
            outputs.append(result.output)
            return result

        connected = run(
            "etsy", "connect", "--base-url", str(details["base_url"]),
            "--keystring", str(details["keystring"]), "--redirect-uri", redirect_uri,
            env={"ETSY_SHARED_SECRET": str(details["shared_secret"])},
        )  # fmt: skip
        assert connected.exit_code == 0, connected.output
        listed = run("etsy", "orders", "list", "--days", "90", "--limit", "1", "--json")
        order_id = json.loads(listed.stdout)[0]["order_id"]
        shown = run("etsy", "orders", "show", order_id, "--json")
        assert shown.exit_code == 0, shown.output
        assert json.loads(shown.stdout)["order_id"] == order_id

    state = CliState(home=home, serve_until=other_shell)
    served = CliRunner().invoke(
        app,
        ["sandbox", "serve", "etsy", "--orders", "5", "--redirect-uri", redirect_uri],
        obj=state,
    )

    assert served.exit_code == 0, served.output
    assert len(outputs) == 3
    tokens = json.loads((home / "tokens" / "etsy-default.json").read_text())
    assert_no_secret(outputs, [tokens["access_token"], tokens["refresh_token"]])
