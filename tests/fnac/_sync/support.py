# Generated from tests/fnac/_async/support.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""A sandbox shop's FNAC client and channel, for the client and channel tests (and others')."""

from __future__ import annotations

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.fnac import FnacChannel, FnacClient, FnacCredentials
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl import MiraklCatalogClient

MIRAKL_URL = "https://fnac-dev.mirakl.net"


def credentials(sandbox: FnacSandbox) -> FnacCredentials:
    """The client's credentials for the sandbox's shop."""
    creds = sandbox.credentials
    return FnacCredentials(partner_id=creds.partner_id, shop_id=creds.shop_id, key=creds.key)


def fnac_client(sandbox: FnacSandbox, clock: FakeClock) -> FnacClient:
    """A client of the sandbox's shop, in process, on `clock`."""
    return FnacClient(
        credentials(sandbox), base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    )


def fnac_channel(sandbox: FnacSandbox, clock: FakeClock, *, catalog: bool = True) -> FnacChannel:
    """The sandbox's shop as a channel, with its Mirakl catalogue unless `catalog` is False."""
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
    return FnacChannel(fnac_client(sandbox, clock), catalog=mirakl)
