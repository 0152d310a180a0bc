"""A named Mirakl operator registered as a marketplace of its own ("marketplace = carrefour"):
the CLI, profiles, channels, limits and bulk files know it by its key, with no channel written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from tests.cli.support import Cli, assert_no_secret

import marketplace_sdk
from marketplace_sdk.bulk import template
from marketplace_sdk.core import get_marketplace, unregister_marketplace
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import QuotaExhaustedError, UnsupportedOperation
from marketplace_sdk.core._ratelimit import Rate
from marketplace_sdk.mirakl import MIRAKL, MiraklProfile, register_operator
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.testing import LoopbackServer

KEY = "carrefour-api-key-5e2b9"


@pytest.fixture
def served(clock: FakeClock) -> Iterator[tuple[MiraklSandbox, LoopbackServer]]:
    sandbox = MiraklSandbox(clock=clock, api_key=KEY)
    with sandbox.serve() as server:
        yield sandbox, server


@pytest.fixture
def carrefour(served: tuple[MiraklSandbox, LoopbackServer]) -> Iterator[str]:
    _, server = served
    register_operator(
        "carrefour",
        title="Carrefour",
        base_url=server.url,
        call_frequencies={"OR11": [Rate.every(900)]},
        catalogue=False,
        currency="EUR",
    )
    try:
        yield "carrefour"
    finally:
        unregister_marketplace("carrefour")


def test_an_operator_is_described_under_its_own_key_and_title(carrefour: str) -> None:
    described = get_marketplace(carrefour)
    assert (described.key, described.title, described.currency) == ("carrefour", "Carrefour", "EUR")
    assert described.capabilities.marketplace == described.status_table.marketplace == "Carrefour"
    assert described.price_bounds.marketplace == "Carrefour"
    assert described.profile_model is not MiraklProfile
    assert issubclass(described.profile_model, MiraklProfile)
    assert not described.capabilities.supports("single_listing")
    assert template(carrefour, mode="update").marketplace == "carrefour"
    with pytest.raises(ValueError, match="already registered"):
        register_operator("carrefour", title="Again")
    assert MIRAKL.status_table.marketplace == "Mirakl"


def test_the_cli_connects_and_pushes_to_a_named_operator(
    carrefour: str, served: tuple[MiraklSandbox, LoopbackServer], tmp_path: Path, clock: FakeClock
) -> None:
    sandbox, _ = served
    cli = Cli(home=tmp_path / "home", clock=clock)
    assert "carrefour" in cli.run("--help").output
    connected = cli.run("carrefour", "connect", "--json", env={"CARREFOUR_API_KEY": KEY})
    assert connected.exit_code == 0, connected.output
    assert json.loads(connected.stdout)["marketplace"] == "carrefour"
    profiles = json.loads(cli.run("profiles", "--json").stdout)
    assert [row["marketplace"] for row in profiles] == ["carrefour"]

    pushed = cli.run("carrefour", "stock", "push", "SKU-MUG=5", "--json")
    assert pushed.exit_code == 0, pushed.output
    assert sandbox.offers.offers["SKU-MUG"]["quantity"] == "5"
    listed = cli.run("carrefour", "orders", "list", "--days", "30", "--json")
    assert listed.exit_code == 0, listed.output
    caps = json.loads(cli.run("carrefour", "capabilities", "--json").stdout)
    assert {row["name"]: row["value"] for row in caps}["single_listing"] == "no"
    assert_no_secret(cli.outputs, [KEY])


def test_an_operators_channel_keeps_to_its_own_call_frequencies(
    carrefour: str, served: tuple[MiraklSandbox, LoopbackServer], clock: FakeClock
) -> None:
    sandbox, server = served
    profile = get_marketplace(carrefour).profile_model(
        shop_id=2000, api_key=KEY, base_url=server.url
    )
    channel = marketplace_sdk.open_channel(carrefour, profile, clock=clock)
    try:
        assert (channel.marketplace, channel.capabilities.marketplace) == ("carrefour", "Carrefour")
        now = clock.now()
        list(channel.iter_orders(now - timedelta(days=1), now))
        clock.advance(120)  # Mirakl's stated minute is over, the operator's 15 minutes not
        with pytest.raises(QuotaExhaustedError) as spent:
            list(channel.iter_orders(now - timedelta(days=1), now))
        assert spent.value.retry_after is not None
        assert spent.value.retry_after > 600
        assert sandbox.throttled == []
        with pytest.raises(UnsupportedOperation, match="Carrefour does not let sellers list"):
            list(channel.iter_categories())
    finally:
        marketplace_sdk.close_channel(channel)
    with pytest.raises(TypeError, match="cannot open a mirakl channel"):
        marketplace_sdk.open_channel("mirakl", profile)
