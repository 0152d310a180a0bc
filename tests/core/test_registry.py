"""The marketplace registry: every description complete and self-consistent, and a third
marketplace offered everywhere once registered, without touching sync/, bulk/ or cli/."""

from __future__ import annotations

import importlib
import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from tests.core import acme
from typer.testing import CliRunner

import marketplace_sdk
from marketplace_sdk.bulk import read_bulk_file, template, write_template
from marketplace_sdk.cli import app
from marketplace_sdk.cli._state import CliState
from marketplace_sdk.core import (
    ChannelSetup,
    MarketplaceDescription,
    ProfileFiles,
    ShopProfile,
    UnknownMarketplaceError,
    get_marketplace,
    marketplaces,
    register_marketplace,
    unregister_marketplace,
)
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import StockUpdate
from marketplace_sdk.core._money import Money
from marketplace_sdk.core._pricing import PriceError
from marketplace_sdk.core._registry import registered
from marketplace_sdk.core._status import OmsStatus
from marketplace_sdk.fnac import FnacProfile
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.sync import CatalogueThrottle, ShopRef, standard_schedule

DESCRIPTIONS = marketplaces()


def test_the_packages_register_etsy_fnac_and_mirakl() -> None:
    assert [d.key for d in DESCRIPTIONS] == ["etsy", "fnac", "mirakl"]
    assert marketplace_sdk.get_marketplace(" FNAC ") is get_marketplace("fnac")
    with pytest.raises(UnknownMarketplaceError, match="use one of etsy, fnac, mirakl"):
        get_marketplace("amazon")


@pytest.mark.parametrize("description", DESCRIPTIONS, ids=lambda d: d.key)
def test_a_description_is_complete_and_self_consistent(
    description: MarketplaceDescription,
) -> None:
    key, title = description.key, description.title
    assert title == description.capabilities.marketplace == description.status_table.marketplace
    assert description.price_bounds.marketplace == title
    assert description.summary.startswith(title.split()[0])
    # Every synced status is one of the table's, spelled as the table spells it.
    table = description.status_table
    assert description.synced_statuses
    assert all(table.canonical_status(s) == s for s in description.synced_statuses)
    assert {row.oms_statuses[0] for row in table} <= set(OmsStatus)
    budget = description.catalogue_budget
    assert 0 < budget.daily_share <= 1
    assert budget.skus is None or budget.skus >= 1
    # The price rule applies the bounds.
    currency = description.currency or "USD"
    lowest = Money(amount=description.price_bounds.minimum, currency=currency)
    assert description.price_rule(lowest, None) == lowest
    with pytest.raises(PriceError):
        description.price_rule(Money(amount=lowest.amount / 2, currency=currency), None)
    # The bulk layout is the marketplace's, with its price rule and the reader's columns.
    layout = description.bulk_layout
    assert layout is not None
    assert [t.mode for t in layout.templates] == ["create", "update"]
    for chosen in layout.templates:
        assert chosen.marketplace == key
        assert chosen.resolve_price is description.price_rule
        assert {"sku", "price", "selling_price", "currency", "stock"} <= set(chosen.names)
        assert chosen.max_stock >= 1
        if description.currency is not None:
            assert chosen.default_currency == description.currency
    # Profiles, connect, sandbox and webhooks.
    model = description.profile_model
    assert issubclass(model, ShopProfile)
    assert model.model_fields["marketplace"].default == key
    names = [option.name for option in description.connect.command.options]
    assert len(names) == len(set(names))
    assert not {"profile", "as_json", "ctx"} & set(names)
    assert all(o.required or not o.prompt for o in description.connect.command.options)
    assert description.connect.command.help.splitlines()[0].endswith((".", ")"))
    assert description.sandbox is not None
    module, _, attribute = description.sandbox.server.partition(":")
    assert callable(getattr(importlib.import_module(module), attribute))
    if description.webhook is not None:
        assert callable(description.webhook.shop_id)


def test_acceptance_comes_from_the_capabilities() -> None:
    accepting = [d.key for d in DESCRIPTIONS if d.order_acceptance_required]
    assert accepting == ["fnac", "mirakl"]
    schedule = standard_schedule([ShopRef("etsy", "1"), ShopRef("fnac", "2")])
    (accept,) = [spec for spec in schedule if spec.id == "orders.accept"]
    assert [shop.marketplace for shop in accept.shops] == ["fnac"]
    assert all(spec.func.startswith("marketplace_sdk.sync:") for spec in schedule)


def test_open_channel_by_key_from_a_profile_or_a_mapping(clock: FakeClock) -> None:
    sandbox = FnacSandbox.seeded(offers=3, orders=1, clock=clock)
    creds = sandbox.credentials
    fields = {
        "partner_id": creds.partner_id,
        "shop_id": creds.shop_id,
        "key": creds.key,
        "mirakl_api_key": creds.mirakl_api_key,
        "mirakl_url": "https://fnac.mirakl.example",
        "base_url": sandbox.base_url,
    }
    transports = {"api": sandbox.transport(), "catalog": sandbox.mirakl.transport()}
    for profile in (fields, FnacProfile.model_validate(fields)):
        channel = marketplace_sdk.open_channel(
            "fnac", profile, clock=clock, transports=transports, options={"poll_interval": 1}
        )
        (result,) = channel.push_stock([StockUpdate(sku="SKU-00001", quantity=2)])
        assert result.is_ok
        assert (channel.marketplace, channel.shop_id) == ("fnac", creds.shop_id)
        marketplace_sdk.close_channel(channel)
    with pytest.raises(TypeError, match="cannot open a etsy channel"):
        marketplace_sdk.open_channel("etsy", FnacProfile.model_validate(fields))


@pytest.mark.parametrize("key", ["etsy", "fnac", "mirakl"])
def test_a_channel_factory_refuses_another_marketplaces_profile(key: str, clock: FakeClock) -> None:
    description = get_marketplace(key)
    other = acme.AcmeProfile(shop_id="7", api_key="k")
    with pytest.raises(TypeError, match=f"opens from {description.profile_model.__name__}, not"):
        description.open_channel(other, ChannelSetup(clock=clock))
    with pytest.raises(TypeError, match="not AcmeProfile"):
        description.open_async_channel(other, ChannelSetup(clock=clock))


def test_an_etsy_channel_needs_where_its_tokens_live(tmp_path: Path) -> None:
    profile = get_marketplace("etsy").profile_model.model_validate(
        {"keystring": "k", "shared_secret": "s", "shop_id": 7}
    )
    with pytest.raises(ValueError, match="keeps its tokens in a file"):
        marketplace_sdk.open_channel("etsy", profile)
    channel = marketplace_sdk.open_channel("etsy", profile, home=tmp_path)
    assert channel.shop_id == "7"
    assert (tmp_path / "tokens").is_dir()
    marketplace_sdk.close_channel(channel)


def test_in_process_registration_is_refused_twice_and_undone() -> None:
    with registered(acme.ACME):
        with pytest.raises(ValueError, match="already registered"):
            register_marketplace(acme.ACME)
        assert [d.key for d in marketplaces()] == ["acme", "etsy", "fnac", "mirakl"]
    assert "acme" not in [d.key for d in marketplaces()]
    fnac = unregister_marketplace("fnac")
    try:
        assert [d.key for d in marketplaces()] == ["etsy", "mirakl"]
    finally:
        register_marketplace(fnac)
    assert get_marketplace("fnac") is fnac


def _cli(home: Path, *args: str, env: dict[str, str] | None = None, state: CliState | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        app,
        list(args),
        env={"MARKETPLACE_SDK_HOME": str(home), **(env or {})},
        obj=state or CliState(home=home, clock=FakeClock()),
    )


def test_a_third_marketplace_is_offered_everywhere_once_registered(tmp_path: Path) -> None:
    home = tmp_path / "home"
    with registered(acme.ACME):
        listed = _cli(home, "--help")
        assert "acme" in listed.output
        assert "(Acme, Etsy, FNAC, Mirakl)" in listed.output
        assert "(acme, etsy, fnac or mirakl)" in _cli(home, "sandbox", "serve", "--help").output

        connected = _cli(home, "acme", "connect", "--shop", "7", env={"ACME_KEY": "k-123"})
        assert connected.exit_code == 0, connected.output
        assert "Connected Acme shop 7" in connected.output
        assert "k-123" not in connected.output
        assert _cli(home, "profiles", "--json").stdout.count('"acme"') == 1

        pushed = _cli(home, "acme", "stock", "push", "MUG=3", "--json")
        assert pushed.exit_code == 0, pushed.output
        assert acme.OPENED[-1].pushed == [StockUpdate(sku="MUG", quantity=3)]
        assert acme.OPENED[-1].closed
        assert json.loads(_cli(home, "acme", "orders", "list", "--json").stdout) == []
        caps = json.loads(_cli(home, "acme", "capabilities", "--json").stdout)
        assert {row["name"]: row["value"] for row in caps}["order_acceptance_required"] == "yes"

        state = CliState(home=home, clock=FakeClock())
        seen: list[object] = []
        state.serve_until = seen.append
        served = _cli(home, "sandbox", "serve", "acme", "--seed", "5", "--json", state=state)
        assert served.exit_code == 0, served.output
        assert json.loads(served.stdout)["seed"] == 5 == seen[0]["seed"]  # type: ignore[index]

        # The library layers read its description too.
        channel = marketplace_sdk.open_channel("acme", {"shop_id": "9", "api_key": "k"})
        assert channel.shop_id == "9"
        schedule = standard_schedule([ShopRef("acme", "9")])
        assert "orders.accept" in {spec.id for spec in schedule}
        assert CatalogueThrottle.for_marketplace("acme") == CatalogueThrottle(
            10, timedelta(minutes=1)
        )
        path = write_template("acme", tmp_path / "acme.csv", mode="update")
        path.write_text("sku,price,stock\nA,5,3\nB,500,1\n", encoding="utf-8")
        bulk = read_bulk_file(path, "acme", mode="update")
        assert [update.sku for update in bulk.updates] == ["A"]
        assert [error.column for error in bulk.errors] == ["price"]
        assert template("acme").default_currency == "EUR"
        assert acme.BOUNDS.maximum == Decimal("100")

    assert "acme" not in _cli(home, "--help").output
    assert _cli(home, "acme", "capabilities").exit_code == 2


def test_profile_files_are_named_by_marketplace_and_profile(tmp_path: Path) -> None:
    files = ProfileFiles(tmp_path, "acme", "shop-a")
    path = files.prepare("tokens")
    assert path == tmp_path / "tokens" / "acme-shop-a.json"
    assert path.parent.is_dir()
    assert not path.exists()
