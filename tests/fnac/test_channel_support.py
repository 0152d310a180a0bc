"""Fixtures' helpers for the FNAC channel tests: a sandbox shop and channels on it."""

from __future__ import annotations

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac import (
    AsyncFnacChannel,
    AsyncFnacClient,
    FnacChannel,
    FnacClient,
    FnacCredentials,
)
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl import AsyncMiraklCatalogClient, MiraklCatalogClient

MIRAKL_URL = "https://fnac-dev.mirakl.net"


def credentials(sandbox: FnacSandbox) -> FnacCredentials:
    creds = sandbox.credentials
    return FnacCredentials(partner_id=creds.partner_id, shop_id=creds.shop_id, key=creds.key)


def sync_channel(sandbox: FnacSandbox, clock: FakeClock, *, catalog: bool = True) -> FnacChannel:
    client = FnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    )
    mirakl = (
        MiraklCatalogClient(
            sandbox.credentials.mirakl_api_key,
            base_url=MIRAKL_URL,
            transport=sandbox.mirakl.transport(),
            clock=clock,
        )
        if catalog
        else None
    )
    return FnacChannel(client, catalog=mirakl)


def async_channel(sandbox: FnacSandbox, clock: FakeClock) -> AsyncFnacChannel:
    client = AsyncFnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    )
    mirakl = AsyncMiraklCatalogClient(
        sandbox.credentials.mirakl_api_key,
        base_url=MIRAKL_URL,
        transport=sandbox.mirakl.transport(),
        clock=clock,
    )
    return AsyncFnacChannel(client, catalog=mirakl)
