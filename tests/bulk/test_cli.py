"""`marketplace-sdk <marketplace> bulk`: template, validate and apply, as a person runs them."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from click.testing import Result
from pydantic import SecretStr
from tests.bulk.bulkfiles import FNAC_HEADER, fnac_file_with_bad_rows, fnac_rows, write_rows
from typer.testing import CliRunner

from marketplace_sdk.cli import app
from marketplace_sdk.cli._bulk import bulk_commands
from marketplace_sdk.cli._profiles import ProfileStore
from marketplace_sdk.cli._state import CliState
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac import FnacProfile
from marketplace_sdk.fnac.sandbox import FnacSandbox


def run(marketplace: str, *args: str, obj: object = None) -> Result:
    return CliRunner().invoke(bulk_commands(marketplace), list(args), obj=obj)


@pytest.fixture
def served(tmp_path: Path, clock: FakeClock) -> Iterator[tuple[FnacSandbox, SimpleNamespace]]:
    """An FNAC sandbox on loopback, and a CLI state whose default profile points at it."""
    sandbox = FnacSandbox.seeded(offers=2, orders=0, clock=clock)
    creds = sandbox.credentials
    store = ProfileStore(tmp_path / "home")
    with sandbox.serve() as server, sandbox.mirakl.serve() as mirakl:
        store.save(
            FnacProfile(
                partner_id=creds.partner_id,
                shop_id=creds.shop_id,
                key=creds.key,
                mirakl_api_key=creds.mirakl_api_key,
                mirakl_url=mirakl.url,
                base_url=server.url + "/api.php/",
            )
        )
        yield sandbox, SimpleNamespace(store=store, clock=clock, poll_interval=30.0)


@pytest.mark.parametrize("suffix", ["csv", "xlsx"])
def test_template_writes_the_file(tmp_path: Path, suffix: str) -> None:
    result = run("etsy", "template", str(tmp_path / f"t.{suffix}"), "--mode", "update")
    assert result.exit_code == 0, result.output
    assert (tmp_path / f"t.{suffix}").stat().st_size > 0
    assert "etsy update template" in result.output


def test_template_format_option_wins_over_the_suffix(tmp_path: Path) -> None:
    result = run("fnac", "template", str(tmp_path / "t.txt"), "--format", "xlsx")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "t.txt").read_bytes().startswith(b"PK")


def test_validate_a_good_file_exits_0(tmp_path: Path) -> None:
    path = write_rows(tmp_path / "f.csv", FNAC_HEADER, fnac_rows(5))
    result = run("fnac", "validate", str(path))
    assert result.exit_code == 0, result.output
    assert "5 row(s): 5 ready, 0 bad" in result.output


def test_validate_names_every_bad_row_and_exits_2(tmp_path: Path) -> None:
    rows, bad = fnac_file_with_bad_rows(500)
    path = write_rows(tmp_path / "f.csv", FNAC_HEADER, rows)

    result = run("fnac", "validate", str(path), "--json")

    assert result.exit_code == 2
    report = json.loads(result.stdout)
    assert report["bad_lines"] == sorted(bad)
    assert {e["line"]: e["column"] for e in report["errors"]} == bad
    assert report["ready"] == 480

    table = run("fnac", "validate", str(path))
    assert table.exit_code == 2
    assert "20 bad row(s)" in table.output
    assert "not a valid EAN" in table.output


def test_validate_an_unreadable_file_exits_2_with_the_reason(tmp_path: Path) -> None:
    path = tmp_path / "f.csv"
    path.write_text("sku,title\nA,B\n", encoding="utf-8")
    result = run("fnac", "validate", str(path))
    assert result.exit_code == 2
    assert "lacks the required column(s) ean, price, stock" in result.output


def test_apply_lists_the_valid_rows_and_writes_the_result_file(
    tmp_path: Path, served: tuple[FnacSandbox, SimpleNamespace]
) -> None:
    sandbox, state = served
    rows = fnac_rows(6)
    rows[2]["price"] = "0.10"
    for row in rows:
        sandbox.add_product(row["ean"], row["title"])
    path = write_rows(tmp_path / "offers.csv", FNAC_HEADER, rows)

    result = run("fnac", "apply", str(path), "--json", obj=state)

    assert result.exit_code == 2, result.output  # one bad row; the others are listed
    report = json.loads(result.stdout)
    assert report["counts"] == {"ok": 5, "invalid": 1}
    assert Path(report["results_path"]) == tmp_path / "offers.results.csv"
    with (tmp_path / "offers.results.csv").open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    assert [r["outcome"] for r in written] == ["ok", "ok", "invalid", "ok", "ok", "ok"]
    assert "outside the accepted range" in written[2]["reason"]
    assert {row["sku"] for row in rows} - {"PEN-0003"} <= set(sandbox.state.offers)
    assert "PEN-0003" not in sandbox.state.offers


def test_apply_a_valid_update_file_exits_0(
    tmp_path: Path, served: tuple[FnacSandbox, SimpleNamespace]
) -> None:
    sandbox, state = served
    sku = sorted(sandbox.state.offers)[0]
    path = tmp_path / "stock.csv"
    path.write_text(f"sku,stock\n{sku},42\n", encoding="utf-8")
    results = tmp_path / "out.xlsx"

    result = run(
        "fnac", "apply", str(path), "--mode", "update", "--results", str(results), obj=state
    )

    assert result.exit_code == 0, result.output
    assert sandbox.state.offers[sku].quantity == 42
    assert results.read_bytes().startswith(b"PK")
    assert "ok" in result.output


def test_apply_only_if_valid_sends_nothing_when_a_row_is_bad(
    tmp_path: Path, served: tuple[FnacSandbox, SimpleNamespace]
) -> None:
    sandbox, state = served
    rows = fnac_rows(3)
    rows[0]["stock"] = "x"
    path = write_rows(tmp_path / "offers.csv", FNAC_HEADER, rows)
    before = set(sandbox.state.offers)

    result = run("fnac", "apply", str(path), "--only-if-valid", obj=state)

    assert result.exit_code == 2
    assert "nothing sent" in result.output
    assert set(sandbox.state.offers) == before


def test_apply_without_a_profile_exits_3(tmp_path: Path, clock: FakeClock) -> None:
    path = write_rows(tmp_path / "offers.csv", FNAC_HEADER, fnac_rows(1))
    state = SimpleNamespace(store=ProfileStore(tmp_path / "empty"), clock=clock)
    result = run("fnac", "apply", str(path), "--profile", "nobody", obj=state)
    assert result.exit_code == 3
    assert "nobody" in result.output


def test_the_cli_mounts_bulk_under_each_marketplace_and_shares_its_state(
    tmp_path: Path, served: tuple[FnacSandbox, SimpleNamespace]
) -> None:
    sandbox, namespace = served
    state = CliState(home=namespace.store.home, clock=namespace.clock, poll_interval=30.0)
    sku = sorted(sandbox.state.offers)[0]
    path = tmp_path / "stock.csv"
    path.write_text(f"sku,stock\n{sku},17\n", encoding="utf-8")

    for marketplace in ("etsy", "fnac"):
        shown = CliRunner().invoke(app, [marketplace, "bulk", "--help"], obj=state)
        assert shown.exit_code == 0, shown.output
        assert "template" in shown.output
    result = CliRunner().invoke(
        app, ["fnac", "bulk", "apply", str(path), "--mode", "update", "--json"], obj=state
    )

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"] == {"ok": 1}
    assert sandbox.state.offers[sku].quantity == 17


def test_apply_with_refused_credentials_exits_3_and_says_what_to_do(
    tmp_path: Path, served: tuple[FnacSandbox, SimpleNamespace]
) -> None:
    _, state = served
    good = state.store.load("fnac", "default")
    state.store.save(good.model_copy(update={"key": SecretStr("wrong-key"), "name": "shop-b"}))
    path = write_rows(tmp_path / "offers.csv", FNAC_HEADER, fnac_rows(3))

    result = run("fnac", "apply", str(path), "--profile", "shop-b", "--json", obj=state)

    assert result.exit_code == 3, result.output
    assert json.loads(result.stdout)["counts"] == {"rejected": 1, "not_sent": 2}
    assert "Authentication failed" in result.stderr
    assert "marketplace-sdk fnac connect --profile shop-b" in result.stderr


def test_apply_takes_the_profile_as_p_like_the_other_commands(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = write_rows(tmp_path / "offers.csv", FNAC_HEADER, fnac_rows(1))
    state = SimpleNamespace(store=ProfileStore(tmp_path / "empty"), clock=clock)
    result = run("fnac", "apply", str(path), "-p", "nobody", obj=state)
    assert result.exit_code == 3, result.output
    assert "nobody" in result.output
