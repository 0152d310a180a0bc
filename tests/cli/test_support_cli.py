"""`marketplace-sdk support record|replay`: a seller's case, scrubbed, replayed with no server."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.support import Cli, ServedEtsy, ServedFnac, assert_no_secret

from marketplace_sdk.cli._profiles import ProfileStore
from marketplace_sdk.cli._support_cmds import profile_secrets


def _order_id(cli: Cli, profile: str, marketplace: str) -> str:
    listed = cli.run(marketplace, "orders", "list", "--profile", profile, "--days", "30", "--json")
    assert listed.exit_code == 0, listed.output
    return str(json.loads(listed.stdout)[0]["order_id"])


def test_an_etsy_case_is_recorded_scrubbed_and_replays_with_the_sandbox_gone(
    cli: Cli, connected_etsy: ServedEtsy, tmp_path: Path
) -> None:
    order_id = _order_id(cli, "shop", "etsy")
    case = tmp_path / "case.yaml"
    show = ["etsy", "orders", "show", order_id, "--profile", "shop", "--json"]
    recorded = cli.run("support", "record", str(case), "--", *show)
    assert recorded.exit_code == 0, recorded.output
    assert "recorded" in recorded.stderr

    secrets = list(profile_secrets(ProfileStore(cli.home)))
    assert len(secrets) >= 3  # the shared secret and both tokens
    receipt = connected_etsy.sandbox.receipt(int(order_id))
    text = case.read_text(encoding="utf-8")
    assert_no_secret([text], [*secrets, receipt.buyer_email, receipt.name])

    connected_etsy.server.stop()  # the marketplace is gone: the case must answer alone
    replayed = cli.run("support", "replay", str(case), "--", *show)
    assert replayed.exit_code == 0, replayed.output
    original, again = json.loads(recorded.stdout), json.loads(replayed.stdout)
    assert again["order_id"] == original["order_id"] == order_id
    assert again["marketplace_status"] == original["marketplace_status"]


def test_an_fnac_case_holds_none_of_the_shops_credentials(
    cli: Cli, connected_fnac: ServedFnac, tmp_path: Path
) -> None:
    case = tmp_path / "fnac.yaml"
    listed = ["fnac", "orders", "list", "--profile", "shop", "--days", "30", "--json"]
    recorded = cli.run("support", "record", str(case), "--", *listed)
    assert recorded.exit_code == 0, recorded.output
    creds = connected_fnac.sandbox.credentials
    assert_no_secret(
        [case.read_text(encoding="utf-8")],
        [creds.key, creds.mirakl_api_key, creds.partner_id, creds.shop_id],
    )
    replayed = cli.run("support", "replay", str(case), "--", *listed)
    assert replayed.exit_code == 0, replayed.output

    def shape(orders: list[dict[str, object]]) -> list[tuple[object, ...]]:
        # Buyers' names and addresses come back as placeholders: compare the rest.
        return [(o["order_id"], o["marketplace_status"], o["lines"], o["totals"]) for o in orders]

    assert shape(json.loads(replayed.stdout)) == shape(json.loads(recorded.stdout))


def test_replaying_a_different_command_says_the_case_does_not_hold_it(
    cli: Cli, connected_etsy: ServedEtsy, tmp_path: Path
) -> None:
    case = tmp_path / "case.yaml"
    order_id = _order_id(cli, "shop", "etsy")
    cli.run(
        "support",
        "record",
        str(case),
        "--",
        "etsy",
        "orders",
        "show",
        order_id,
        "--profile",
        "shop",
    )
    other = cli.run(
        "support", "replay", str(case), "--", "etsy", "products", "list", "--profile", "shop"
    )
    assert other.exit_code in (1, 2), other.output
    assert "is not in the case" in other.stderr


def test_bad_uses_exit_2(cli: Cli, tmp_path: Path) -> None:
    assert cli.run("support", "record", str(tmp_path / "c.yaml")).exit_code == 2  # no command
    missing = cli.run("support", "replay", str(tmp_path / "none.yaml"), "--", "etsy", "--help")
    assert missing.exit_code == 2
    existing = tmp_path / "exists.yaml"
    existing.write_text("interactions: []\n", encoding="utf-8")
    again = cli.run("support", "record", str(existing), "--", "etsy", "--help")
    assert again.exit_code == 2
    assert "--overwrite" in again.stderr


def test_the_recorded_commands_exit_code_is_the_cases_exit_code(cli: Cli, tmp_path: Path) -> None:
    """A script must see the inner command fail: no profile is exit 3, recorded or not."""
    inner = ["etsy", "orders", "show", "1", "--profile", "nope"]
    assert cli.run(*inner).exit_code == 3
    recorded = cli.run("support", "record", str(tmp_path / "c.yaml"), "--", *inner)
    assert recorded.exit_code == 3
