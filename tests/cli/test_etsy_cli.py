"""`marketplace-sdk etsy ...` against the Etsy sandbox served on loopback."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

import pytest
from tests.cli.support import Cli, ServedEtsy, assert_no_secret

from marketplace_sdk.cli._profiles import ProfileStore
from marketplace_sdk.etsy import AuthorizationRequest, start_authorization
from marketplace_sdk.etsy import _connect as etsy_cli
from marketplace_sdk.etsy._auth import DEFAULT_SCOPES
from marketplace_sdk.testing import Fault


def _stored_tokens(cli: Cli, profile: str = "shop") -> list[str]:
    data = json.loads((cli.home / "tokens" / f"etsy-{profile}.json").read_text())
    return [data["access_token"], data["refresh_token"]]


def test_connect_then_look_up_an_order_like_a_new_user(cli: Cli, served_etsy: ServedEtsy) -> None:
    connected = cli.run(*served_etsy.connect_args(), env={"ETSY_SHARED_SECRET": served_etsy.secret})
    assert connected.exit_code == 0, connected.output
    assert "/oauth/connect?response_type=code" in connected.output
    assert f"({served_etsy.sandbox.shop_id})" in connected.output

    receipt_id = str(next(iter(served_etsy.sandbox.world.receipts)))
    shown = cli.run("etsy", "orders", "show", receipt_id, "--profile", "shop", "--json")

    assert shown.exit_code == 0, shown.output
    order = json.loads(shown.stdout)
    assert order["order_id"] == receipt_id
    assert order["lines"]
    assert order["totals"]["total"]["currency"]
    table = cli.run("etsy", "orders", "show", receipt_id, "--profile", "shop")
    assert table.exit_code == 0
    assert f"Order {receipt_id}" in table.output
    assert_no_secret(cli.outputs, [served_etsy.secret, *_stored_tokens(cli)])


def test_credentials_and_tokens_are_readable_only_by_their_owner(
    cli: Cli, connected_etsy: ServedEtsy
) -> None:
    token_file = cli.home / "tokens" / "etsy-shop.json"
    profile_file = cli.home / "profiles" / "etsy-shop.json"
    assert os.stat(token_file).st_mode & 0o777 == 0o600
    assert os.stat(profile_file).st_mode & 0o777 == 0o600
    assert os.stat(cli.home).st_mode & 0o777 == 0o700
    # Each secret lives in its one file only.
    for token in _stored_tokens(cli):
        assert token not in profile_file.read_text()
    assert connected_etsy.secret not in token_file.read_text()


def test_connect_with_a_wrong_shared_secret_exits_3_and_stores_nothing(
    cli: Cli, served_etsy: ServedEtsy
) -> None:
    result = cli.run(*served_etsy.connect_args(), env={"ETSY_SHARED_SECRET": "not-the-secret"})

    assert result.exit_code == 3, result.output
    assert "etsy connect --profile shop" in result.output
    assert "not-the-secret" not in result.output
    assert not (cli.home / "profiles" / "etsy-shop.json").exists()


def test_consent_denied_exits_3(cli: Cli, served_etsy: ServedEtsy) -> None:
    state = cli.state()
    state.opener = lambda url: __import__("httpx").get(
        url + "&sandbox_decision=deny", follow_redirects=True
    )
    result = cli.run(
        *served_etsy.connect_args(), env={"ETSY_SHARED_SECRET": served_etsy.secret}, state=state
    )
    assert result.exit_code == 3
    assert "did not authorize" in result.output


def test_redirect_uri_off_this_machine_is_bad_input(cli: Cli, served_etsy: ServedEtsy) -> None:
    args = served_etsy.connect_args()
    args[args.index("--redirect-uri") + 1] = "https://oms.example/callback"
    result = cli.run(*args, env={"ETSY_SHARED_SECRET": served_etsy.secret})
    assert result.exit_code == 2
    assert "not on this machine" in result.output


def test_products_list_and_show_print_json(cli: Cli, connected_etsy: ServedEtsy) -> None:
    listed = cli.run("etsy", "products", "list", "-p", "shop", "--limit", "5", "--json")
    assert listed.exit_code == 0, listed.output
    products = json.loads(listed.stdout)
    assert len(products) == 5
    sku = products[0]["sku"]

    shown = cli.run("etsy", "products", "show", sku, "-p", "shop", "--json", "--raw")
    assert shown.exit_code == 0, shown.output
    product = json.loads(shown.stdout)
    assert product["sku"] == sku
    assert product["raw"]["listing_id"] == int(product["marketplace_id"])
    assert "etsy products" in cli.run("etsy", "products", "list", "-p", "shop").output


def test_unknown_sku_exits_2_saying_what_to_do(cli: Cli, connected_etsy: ServedEtsy) -> None:
    result = cli.run("etsy", "products", "show", "NO-SUCH-SKU", "-p", "shop")
    assert result.exit_code == 2
    assert "NO-SUCH-SKU" in result.output
    assert "What to do" in result.output
    for order_id in ("999999", "not-an-id"):
        unknown_order = cli.run("etsy", "orders", "show", order_id, "-p", "shop")
        assert unknown_order.exit_code == 2
        assert order_id in unknown_order.output


def test_orders_list_by_window_and_status(cli: Cli, connected_etsy: ServedEtsy) -> None:
    everything = cli.run("etsy", "orders", "list", "-p", "shop", "--days", "60", "--json")
    assert everything.exit_code == 0, everything.output
    orders = json.loads(everything.stdout)
    assert orders
    new = cli.run(
        "etsy", "orders", "list", "-p", "shop", "--days", "60", "--status", "New", "--json"
    )
    assert new.exit_code == 0, new.output
    filtered = json.loads(new.stdout)
    assert {order["marketplace_status"] for order in filtered} <= {"New"}
    assert len(filtered) < len(orders)

    backwards = cli.run(
        "etsy", "orders", "list", "-p", "shop", "--since", "2026-02-01", "--until", "2026-01-01"
    )
    assert backwards.exit_code == 2
    assert "must be before" in backwards.output


def test_stock_push_from_arguments_and_file(
    cli: Cli, connected_etsy: ServedEtsy, tmp_path: Path
) -> None:
    sku = json.loads(
        cli.run("etsy", "products", "list", "-p", "shop", "--limit", "1", "--json").stdout
    )[0]["sku"]

    pushed = cli.run("etsy", "stock", "push", f"{sku}=7", "-p", "shop", "--json")
    assert pushed.exit_code == 0, pushed.output
    assert json.loads(pushed.stdout)["summary"] == {
        "ok": 1,
        "rejected": 0,
        "retry_later": 0,
        "unknown": 0,
    }
    shown = cli.run("etsy", "products", "show", sku, "-p", "shop", "--json")
    assert json.loads(shown.stdout)["stock"] == 7

    stock_file = tmp_path / "stock.csv"
    stock_file.write_text(f"sku,quantity\n{sku},3\nNO-SUCH-SKU,1\n")
    partial = cli.run("etsy", "stock", "push", "--file", str(stock_file), "-p", "shop")
    assert partial.exit_code == 1
    assert "1 ok, 1 rejected" in partial.output
    assert (
        json.loads(cli.run("etsy", "products", "show", sku, "-p", "shop", "--json").stdout)["stock"]
        == 3
    )


def test_bad_stock_input_exits_2_before_any_call(
    cli: Cli, connected_etsy: ServedEtsy, tmp_path: Path
) -> None:
    connected_etsy.sandbox.calls.clear()
    assert cli.run("etsy", "stock", "push", "MUG=lots", "-p", "shop").exit_code == 2
    assert cli.run("etsy", "stock", "push", "MUG", "-p", "shop").exit_code == 2
    assert cli.run("etsy", "stock", "push", "-p", "shop").exit_code == 2
    broken = tmp_path / "stock.csv"
    broken.write_text("sku,quantity\nMUG-1,4\nMUG-2,-1\n")
    result = cli.run("etsy", "stock", "push", "--file", str(broken), "-p", "shop")
    assert result.exit_code == 2
    assert "line 3" in result.output
    assert "negative" in result.output
    missing = cli.run("etsy", "stock", "push", "--file", str(tmp_path / "nope.csv"), "-p", "shop")
    assert missing.exit_code == 2
    assert "no such file" in missing.output
    assert len(connected_etsy.sandbox.calls) == 0


def test_prices_push_sends_the_selling_price(cli: Cli, connected_etsy: ServedEtsy) -> None:
    sku = json.loads(
        cli.run("etsy", "products", "list", "-p", "shop", "--limit", "1", "--json").stdout
    )[0]["sku"]
    result = cli.run("etsy", "prices", "push", f"{sku}=30.00:24.50", "-p", "shop", "--json")
    assert result.exit_code == 0, result.output
    shown = json.loads(cli.run("etsy", "products", "show", sku, "-p", "shop", "--json").stdout)
    assert shown["price"] == {"amount": "24.50", "currency": "USD"}
    assert cli.run("etsy", "prices", "push", f"{sku}=abc", "-p", "shop").exit_code == 2


def test_revoked_token_exits_3_and_says_to_reconnect(cli: Cli, connected_etsy: ServedEtsy) -> None:
    connected_etsy.sandbox.change_password()
    cli.clock.advance(7200)  # the access token has expired too: a refresh is needed

    result = cli.run("etsy", "orders", "list", "-p", "shop")

    assert result.exit_code == 3
    assert "marketplace-sdk etsy connect --profile shop" in result.output


def test_expired_access_token_is_refreshed_silently(cli: Cli, connected_etsy: ServedEtsy) -> None:
    before = _stored_tokens(cli)
    connected_etsy.sandbox.expire_access_tokens()
    result = cli.run("etsy", "orders", "list", "-p", "shop", "--json")
    assert result.exit_code == 0, result.output
    assert _stored_tokens(cli) != before  # the rotated pair was saved
    assert_no_secret(cli.outputs, [*before, *_stored_tokens(cli)])


def test_marketplace_down_exits_4(cli: Cli, connected_etsy: ServedEtsy) -> None:
    connected_etsy.sandbox.faults.add(Fault.error(503), operation="getShopReceipts", count=20)
    result = cli.run("etsy", "orders", "list", "-p", "shop")
    assert result.exit_code == 4
    assert "retry later" in result.output


def test_missing_profile_exits_3(cli: Cli) -> None:
    result = cli.run("etsy", "orders", "show", "1", "-p", "nobody")
    assert result.exit_code == 3
    assert "marketplace-sdk etsy connect --profile nobody" in result.output
    assert cli.run("etsy", "orders", "show", "1", "-p", "../x").exit_code == 2


def test_log_file_holds_no_secret(cli: Cli, served_etsy: ServedEtsy, tmp_path: Path) -> None:
    log = tmp_path / "cli.log"
    connected = cli.run(
        "--log-file",
        str(log),
        "-vv",
        *served_etsy.connect_args(),
        env={"ETSY_SHARED_SECRET": served_etsy.secret},
    )
    assert connected.exit_code == 0, connected.output
    served_etsy.sandbox.expire_access_tokens()
    listed = cli.run("--log-file", str(log), "-vv", "etsy", "orders", "list", "-p", "shop")
    assert listed.exit_code == 0, listed.output
    text = log.read_text()
    assert text.count("Etsy token pair saved") >= 2  # the connect, then the refresh
    assert_no_secret([text, *cli.outputs], [served_etsy.secret, *_stored_tokens(cli)])


def test_paste_mode_connects_without_a_listener(
    cli: Cli, served_etsy: ServedEtsy, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The browser runs elsewhere: the seller copies the address Etsy redirected to.
    def fixed(keystring: str, redirect_uri: str, scopes: Sequence[str]) -> AuthorizationRequest:
        return start_authorization(
            keystring, redirect_uri, scopes, state="fixed-state", verifier="v" * 43
        )

    monkeypatch.setattr(etsy_cli, "start_authorization", fixed)
    flow = fixed(served_etsy.sandbox.keystring, "http://localhost:8765/callback", DEFAULT_SCOPES)
    redirected = served_etsy.sandbox.approve_consent(flow.url)
    args = [*served_etsy.connect_args(), "--paste", "--no-open", "--json"]
    args[args.index("--redirect-uri") + 1] = "http://localhost:8765/callback"

    result = cli.run(*args, env={"ETSY_SHARED_SECRET": served_etsy.secret}, input=redirected + "\n")

    assert result.exit_code == 0, result.output
    # CliRunner echoes the typed input on stdout; a terminal shows it on the terminal.
    summary = json.loads(result.stdout[result.stdout.index("{") :])
    assert summary["shop_id"] == served_etsy.sandbox.shop_id
    tampered = redirected.replace("fixed-state", "other-state")
    again = cli.run(*args, env={"ETSY_SHARED_SECRET": served_etsy.secret}, input=tampered + "\n")
    assert again.exit_code == 3
    assert "state does not match" in again.output


def test_issue15_item1_bulk_apply_says_draft_and_publish_reports_etsys_refusal(
    cli: Cli, connected_etsy: ServedEtsy, tmp_path: Path
) -> None:
    sandbox = connected_etsy.sandbox
    store = ProfileStore(cli.home)
    profile = store.load("etsy", "shop")
    shipping = next(iter(sandbox.world.profiles))
    store.save(profile.model_copy(update={"shipping_profile_id": shipping}))
    category = 2  # a leaf of the sandbox's seller taxonomy
    path = tmp_path / "new.csv"
    path.write_text(
        "sku,title,category_id,price,currency,stock\n"
        f"CLI-DRAFT-1,Cup,{category},9.00,{sandbox.world.seller.currency},3\n",
        encoding="utf-8",
    )

    drafted = cli.run("etsy", "bulk", "apply", str(path), "-p", "shop", "--json")
    assert drafted.exit_code == 0, drafted.output  # a draft is what was asked for
    assert json.loads(drafted.stdout)["counts"] == {"draft": 1}
    shown = cli.run("etsy", "products", "show", "CLI-DRAFT-1", "-p", "shop", "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout)["draft"] is True

    published = cli.run("etsy", "bulk", "apply", str(path), "-p", "shop", "--publish", "--json")
    assert published.exit_code == 1, published.output  # Etsy refused: no image
    (row,) = json.loads(published.stdout)["results"]
    assert row["outcome"] == "draft"
    assert "publishing it was refused" in row["reason"]
    assert len([item for item in sandbox.world.listings.values() if item.title == "Cup"]) == 1
