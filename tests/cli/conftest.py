"""Fixtures for the CLI tests: a config directory, served sandboxes on loopback, a runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.support import Cli, ServedEtsy, ServedFnac, free_port

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac.sandbox import FnacSandbox


@pytest.fixture(autouse=True)
def _no_ambient_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (
        "MARKETPLACE_SDK_HOME",
        "MARKETPLACE_SDK_PROFILE",
        "ETSY_KEYSTRING",
        "ETSY_SHARED_SECRET",
        "ETSY_BASE_URL",
        "FNAC_KEY",
        "FNAC_MIRAKL_API_KEY",
    ):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def cli(tmp_path: Path, clock: FakeClock) -> Cli:
    return Cli(home=tmp_path / "home", clock=clock)


@pytest.fixture
def served_etsy(clock: FakeClock) -> Iterator[ServedEtsy]:
    sandbox = EtsySandbox.seeded(listings=40, orders=20, days=30, clock=clock, seed=7)
    redirect_uri = f"http://127.0.0.1:{free_port()}/callback"
    sandbox.app.redirect_uris.append(redirect_uri)
    with sandbox.serve() as server:
        yield ServedEtsy(sandbox, server, redirect_uri)


@pytest.fixture
def connected_etsy(cli: Cli, served_etsy: ServedEtsy) -> ServedEtsy:
    result = cli.run(*served_etsy.connect_args(), env={"ETSY_SHARED_SECRET": served_etsy.secret})
    assert result.exit_code == 0, result.output
    return served_etsy


@pytest.fixture
def served_fnac(clock: FakeClock) -> Iterator[ServedFnac]:
    sandbox = FnacSandbox.seeded(offers=20, orders=10, days=30, clock=clock, seed=5)
    with sandbox.serve() as server, sandbox.mirakl.serve() as mirakl:
        yield ServedFnac(sandbox, server.url + "/api.php/", mirakl.url)


@pytest.fixture
def connected_fnac(cli: Cli, served_fnac: ServedFnac) -> ServedFnac:
    result = cli.run(*served_fnac.connect_args(), env=served_fnac.secrets_env())
    assert result.exit_code == 0, result.output
    return served_fnac
