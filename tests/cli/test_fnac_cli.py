"""`marketplace-sdk fnac ...` against the FNAC sandbox and its Mirakl catalogue on loopback."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

from tests.cli.support import Cli, ServedFnac, assert_no_secret

from marketplace_sdk.fnac.sandbox import FnacSandbox


def _secrets(sandbox: FnacSandbox) -> list[str]:
    return [sandbox.credentials.key, sandbox.credentials.mirakl_api_key]


def test_connect_checks_both_credentials_and_stores_them_privately(
    cli: Cli, served_fnac: ServedFnac
) -> None:
    result = cli.run(*served_fnac.connect_args(), "--json", env=served_fnac.secrets_env())

    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["shop_id"] == served_fnac.sandbox.credentials.shop_id
    assert summary["mirakl_shop_id"] == served_fnac.sandbox.mirakl.seed.shop_id
    assert served_fnac.sandbox.calls.count("auth") == 1
    path = Path(summary["profile_file"])
    assert os.stat(path).st_mode & 0o777 == 0o600
    assert_no_secret(cli.outputs, _secrets(served_fnac.sandbox))


def test_connect_with_a_wrong_key_exits_3_and_stores_nothing(
    cli: Cli, served_fnac: ServedFnac
) -> None:
    env = {**served_fnac.secrets_env(), "FNAC_KEY": "wrong-key"}
    result = cli.run(*served_fnac.connect_args(), env=env)

    assert result.exit_code == 3
    assert "fnac connect --profile shop" in result.output
    assert "wrong-key" not in result.output
    assert not (cli.home / "profiles" / "fnac-shop.json").exists()


def test_connect_with_a_wrong_mirakl_key_exits_3(cli: Cli, served_fnac: ServedFnac) -> None:
    env = {**served_fnac.secrets_env(), "FNAC_MIRAKL_API_KEY": "wrong-mirakl-key"}
    result = cli.run(*served_fnac.connect_args(), env=env)
    assert result.exit_code == 3
    assert "wrong-mirakl-key" not in result.output


def test_orders_and_products_look_ups(cli: Cli, connected_fnac: ServedFnac) -> None:
    listed = cli.run("fnac", "orders", "list", "-p", "shop", "--days", "60", "--json")
    assert listed.exit_code == 0, listed.output
    orders = json.loads(listed.stdout)
    assert orders
    order_id = orders[0]["order_id"]
    shown = cli.run("fnac", "orders", "show", order_id, "-p", "shop", "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["order_id"] == order_id

    product = cli.run("fnac", "products", "show", "SKU-00001", "-p", "shop", "--json")
    assert product.exit_code == 0, product.output
    assert json.loads(product.stdout)["price"]["currency"] == "EUR"
    unknown = cli.run("fnac", "products", "show", "NO-SUCH-SKU", "-p", "shop")
    assert unknown.exit_code == 2
    assert_no_secret(cli.outputs, _secrets(connected_fnac.sandbox))


def test_stock_sync_from_a_file_reports_each_sku(
    cli: Cli, connected_fnac: ServedFnac, tmp_path: Path
) -> None:
    stock = tmp_path / "stock.json"
    stock.write_text(
        json.dumps([{"sku": "SKU-00002", "quantity": 9}, {"sku": "GHOST", "quantity": 1}])
    )

    result = cli.run("fnac", "sync", "stock", str(stock), "-p", "shop", "--json")

    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["summary"] == {"ok": 1, "rejected": 1, "retry_later": 0, "unknown": 0}
    outcomes = {item["key"]: item["outcome"] for item in report["results"]}
    assert outcomes == {"SKU-00002": "ok", "GHOST": "rejected"}
    shown = cli.run("fnac", "products", "show", "SKU-00002", "-p", "shop", "--json")
    assert json.loads(shown.stdout)["stock"] == 9


def test_prices_push_in_euros(cli: Cli, connected_fnac: ServedFnac, tmp_path: Path) -> None:
    prices = tmp_path / "prices.csv"
    prices.write_text("sku,price\nSKU-00003,19.90\n")
    result = cli.run("fnac", "prices", "push", "--file", str(prices), "-p", "shop")
    assert result.exit_code == 0, result.output
    shown = cli.run("fnac", "products", "show", "SKU-00003", "-p", "shop", "--json")
    price = json.loads(shown.stdout)["price"]
    assert (Decimal(price["amount"]), price["currency"]) == (Decimal("19.90"), "EUR")

    too_cheap = cli.run("fnac", "prices", "push", "SKU-00003=0.10", "-p", "shop", "--json")
    assert too_cheap.exit_code == 1
    assert json.loads(too_cheap.stdout)["summary"]["rejected"] == 1


def test_malformed_price_file_names_the_line(
    cli: Cli, connected_fnac: ServedFnac, tmp_path: Path
) -> None:
    prices = tmp_path / "prices.csv"
    prices.write_text("sku,price\nSKU-00003,19.90\nSKU-00004,twelve\n")
    result = cli.run("fnac", "prices", "push", "--file", str(prices), "-p", "shop")
    assert result.exit_code == 2
    assert "line 3" in result.output
