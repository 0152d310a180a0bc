"""`marketplace-sdk mirakl ...` against a Mirakl sandbox shop on loopback: connect, look-ups,
pushes, order sync and bulk files, with the API key never in the output."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from decimal import Decimal
from pathlib import Path

import attrs
import httpx
import pytest
from tests.cli.support import Cli, assert_no_secret

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.testing import LoopbackServer


@attrs.define
class ServedMirakl:
    sandbox: MiraklSandbox
    server: LoopbackServer

    def connect_args(self, profile: str = "shop") -> list[str]:
        return ["mirakl", "connect", "--profile", profile, "--base-url", self.server.url]

    def env(self) -> dict[str, str]:
        return {"MIRAKL_API_KEY": self.sandbox.api_key}


@pytest.fixture(autouse=True)
def _no_mirakl_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MIRAKL_API_KEY", "MIRAKL_URL", "MIRAKL_SHOP_ID"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def served_mirakl(clock: FakeClock) -> Iterator[ServedMirakl]:
    sandbox = MiraklSandbox(clock=clock, api_key="mirakl-secret-key-7f3a")
    with sandbox.serve() as server:
        yield ServedMirakl(sandbox, server)


@pytest.fixture
def connected(cli: Cli, served_mirakl: ServedMirakl) -> ServedMirakl:
    result = cli.run(*served_mirakl.connect_args(), env=served_mirakl.env())
    assert result.exit_code == 0, result.output
    return served_mirakl


def test_connect_reads_the_shop_and_stores_the_key_privately(
    cli: Cli, served_mirakl: ServedMirakl
) -> None:
    result = cli.run(*served_mirakl.connect_args(), "--json", env=served_mirakl.env())
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["marketplace"] == "mirakl"
    assert summary["shop_id"] == served_mirakl.sandbox.seed.shop_id
    path = Path(summary["profile_file"])
    assert os.stat(path).st_mode & 0o777 == 0o600
    stored = json.loads(path.read_text())
    assert stored["currency"] == "EUR"
    assert stored["send_shop_id"] is False
    profiles = cli.run("profiles", "--json")
    assert [row["marketplace"] for row in json.loads(profiles.stdout)] == ["mirakl"]
    assert_no_secret(cli.outputs, [served_mirakl.sandbox.api_key])


def test_connect_with_a_wrong_key_exits_3_and_stores_nothing(
    cli: Cli, served_mirakl: ServedMirakl
) -> None:
    result = cli.run(*served_mirakl.connect_args(), env={"MIRAKL_API_KEY": "wrong-key-9c1d"})
    assert result.exit_code == 3
    assert "wrong-key-9c1d" not in result.output
    assert not (cli.home / "profiles" / "mirakl-shop.json").exists()


def test_orders_and_products_look_ups(cli: Cli, connected: ServedMirakl) -> None:
    listed = cli.run("mirakl", "orders", "list", "-p", "shop", "--days", "200", "--json")
    assert listed.exit_code == 0, listed.output
    orders = json.loads(listed.stdout)
    assert {order["order_id"] for order in orders} >= {"8580226801-A"}
    shown = cli.run("mirakl", "orders", "show", "8580226801-A", "-p", "shop", "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["order_id"] == "8580226801-A"

    product = cli.run("mirakl", "products", "show", "SKU-MUG", "-p", "shop", "--json")
    assert product.exit_code == 0, product.output
    assert json.loads(product.stdout)["price"] == {"amount": "7.90", "currency": "EUR"}
    unknown = cli.run("mirakl", "products", "show", "NO-SUCH-SKU", "-p", "shop")
    assert unknown.exit_code == 2
    assert_no_secret(cli.outputs, [connected.sandbox.api_key])


def test_stock_and_price_pushes_report_each_sku(
    cli: Cli, connected: ServedMirakl, tmp_path: Path
) -> None:
    pushed = cli.run("mirakl", "stock", "push", "SKU-MUG=3", "GHOST=1", "-p", "shop", "--json")
    assert pushed.exit_code == 1
    outcomes = {item["key"]: item["outcome"] for item in json.loads(pushed.stdout)["results"]}
    assert outcomes == {"SKU-MUG": "ok", "GHOST": "rejected"}
    assert connected.sandbox.offers.offers["SKU-MUG"]["quantity"] == "3"

    prices = tmp_path / "prices.csv"
    prices.write_text("sku,price\nSKU-LAMP,21.50\n")
    priced = cli.run("mirakl", "prices", "push", "--file", str(prices), "-p", "shop")
    assert priced.exit_code == 0, priced.output
    shown = cli.run("mirakl", "products", "show", "SKU-LAMP", "-p", "shop", "--json")
    assert Decimal(json.loads(shown.stdout)["price"]["amount"]) == Decimal("21.50")
    assert_no_secret(cli.outputs, [connected.sandbox.api_key])


def test_sync_orders_writes_the_window_and_resumes_from_its_cursor(
    cli: Cli, connected: ServedMirakl, tmp_path: Path
) -> None:
    out = tmp_path / "orders.jsonl"
    first = cli.run(
        "mirakl", "sync", "orders", "-p", "shop", "--days", "30", "--out", str(out), "--json"
    )
    assert first.exit_code == 0, first.output
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert written
    assert len({order["order_id"] for order in written}) == len(written)
    again = cli.run("mirakl", "sync", "orders", "-p", "shop", "--out", str(out), "--json")
    assert again.exit_code == 0, again.output
    assert_no_secret(cli.outputs, [connected.sandbox.api_key])


def test_bulk_apply_creates_and_updates_offers(
    cli: Cli, connected: ServedMirakl, tmp_path: Path
) -> None:
    create = tmp_path / "new.csv"
    create.write_text(
        "sku,title,price,currency,stock,attribute:product_id\n"
        "RUG-1,Wool rug,59.00,EUR,4,PRD-RUG\n"
        "RUG-2,Ghost rug,59.00,EUR,4,PRD-NONE\n",
        encoding="utf-8",
    )
    created = cli.run("mirakl", "bulk", "apply", str(create), "-p", "shop", "--json")
    assert created.exit_code != 0, created.output  # the product the operator lacks
    counts = json.loads(created.stdout)["counts"]
    assert counts == {"ok": 1, "rejected": 1}
    assert connected.sandbox.offers.offers["RUG-1"]["quantity"] == "4"

    update = tmp_path / "update.csv"
    update.write_text("sku,price,currency,stock,active\nSKU-MUG,8.40,EUR,11,no\n", encoding="utf-8")
    updated = cli.run(
        "mirakl", "bulk", "apply", str(update), "--mode", "update", "-p", "shop", "--json"
    )
    assert updated.exit_code == 0, updated.output
    row = connected.sandbox.offers.offers["SKU-MUG"]
    assert (row["quantity"], row["price"]) == ("11", "8.4")
    shown = cli.run("mirakl", "products", "show", "SKU-MUG", "-p", "shop", "--json")
    assert json.loads(shown.stdout)["active"] is False
    assert_no_secret(cli.outputs, [connected.sandbox.api_key])


def test_sync_orders_with_a_bad_status_exits_2_naming_the_valid_ones(
    cli: Cli, connected: ServedMirakl
) -> None:
    result = cli.run("mirakl", "sync", "orders", "-p", "shop", "-s", "Bogus")
    assert result.exit_code == 2, result.output
    assert "WAITING_ACCEPTANCE" in result.output


def test_sandbox_serve_mirakl_accepts_its_printed_key(cli: Cli) -> None:
    seen: list[int] = []

    def while_serving(details: Mapping[str, object]) -> None:
        account = httpx.get(
            f"{details['base_url']}/api/account",
            headers={"Authorization": str(details["api_key"])},
        )
        offers = httpx.get(
            f"{details['base_url']}/api/offers",
            headers={"Authorization": str(details["api_key"])},
        )
        seen.extend([account.status_code, offers.json()["total_count"]])

    state = cli.state()
    state.serve_until = while_serving
    result = cli.run(
        "sandbox", "serve", "mirakl", "--offers", "7", "--orders", "4", "--json", state=state
    )
    assert result.exit_code == 0, result.output
    assert seen == [200, 7]
    assert (
        "mirakl connect --profile sandbox"
        in cli.run(
            "sandbox", "serve", "mirakl", "--offers", "1", "--orders", "0", state=state
        ).output
    )
