"""Helpers for the CLI tests: a runner with a fixed config directory, served sandboxes."""

from __future__ import annotations

import socket
from collections.abc import Sequence
from pathlib import Path

import attrs
import httpx
from typer.testing import CliRunner, Result

from marketplace_sdk.cli import app
from marketplace_sdk.cli._state import CliState
from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.testing import LoopbackServer


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(url: str) -> None:
    """What a browser does with the consent URL: follow the sandbox's 302 to the callback."""
    httpx.get(url, follow_redirects=True, timeout=10)


@attrs.define
class Cli:
    """Runs `marketplace-sdk` in process with a fixed config directory and clock."""

    home: Path
    clock: FakeClock
    outputs: list[str] = attrs.Factory(list)

    def state(self) -> CliState:
        return CliState(home=self.home, clock=self.clock, opener=fetch, poll_interval=1.0)

    def run(
        self,
        *args: str,
        env: dict[str, str] | None = None,
        state: CliState | None = None,
        input: str | None = None,
    ) -> Result:
        result = CliRunner().invoke(
            app,
            list(args),
            env={"MARKETPLACE_SDK_HOME": str(self.home), **(env or {})},
            obj=state or self.state(),
            input=input,
        )
        self.outputs.append(result.output)
        return result


@attrs.define
class ServedEtsy:
    sandbox: EtsySandbox
    server: LoopbackServer
    redirect_uri: str

    @property
    def secret(self) -> str:
        return self.sandbox.api_key.get_secret_value().split(":", 1)[1]

    def connect_args(self, profile: str = "shop") -> list[str]:
        return [
            "etsy",
            "connect",
            "--profile",
            profile,
            "--base-url",
            self.server.url,
            "--keystring",
            self.sandbox.keystring,
            "--redirect-uri",
            self.redirect_uri,
            "--timeout",
            "20",
        ]


@attrs.define
class ServedFnac:
    sandbox: FnacSandbox
    base_url: str
    mirakl_url: str

    def connect_args(self, profile: str = "shop") -> list[str]:
        creds = self.sandbox.credentials
        return [
            "fnac",
            "connect",
            "--profile",
            profile,
            "--base-url",
            self.base_url,
            "--mirakl-url",
            self.mirakl_url,
            "--partner-id",
            creds.partner_id,
            "--shop-id",
            creds.shop_id,
        ]

    def secrets_env(self) -> dict[str, str]:
        creds = self.sandbox.credentials
        return {"FNAC_KEY": creds.key, "FNAC_MIRAKL_API_KEY": creds.mirakl_api_key}


def assert_no_secret(texts: Sequence[str], secrets: Sequence[str]) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text
