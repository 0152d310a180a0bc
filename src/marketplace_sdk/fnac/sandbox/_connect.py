"""A connected `FnacChannel` on a sandbox shop, with its Mirakl catalogue client.

The channel authenticates with the shop's Partner ID, Shop ID and Key and talks to the sandbox
in process, so tokens expire, limits apply and faults show exactly as against FNAC.

It is the one bridge from the sandbox package to the client: the server modules never import it.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> clock = FakeClock()
    >>> sandbox = FnacSandbox.seeded(offers=5, orders=2, clock=clock, seed=3)
    >>> channel = connect_channel(sandbox, clock=clock)
    >>> channel.shop_id == sandbox.credentials.shop_id, len(list(channel.iter_products()))
    (True, 5)
"""

from __future__ import annotations

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.fnac._auth import FnacCredentials
from marketplace_sdk.fnac._sync.channel import FnacChannel
from marketplace_sdk.fnac._sync.client import FnacClient
from marketplace_sdk.fnac.sandbox._app import FnacSandbox
from marketplace_sdk.mirakl import MiraklCatalogClient

__all__ = ["MIRAKL_SANDBOX_URL", "connect_channel"]

#: The Mirakl base URL the sandbox's catalogue answers for.
MIRAKL_SANDBOX_URL = "https://fnac-dev.mirakl.net"


def connect_channel(
    sandbox: FnacSandbox, *, clock: Clock | None = None, catalog: bool = True
) -> FnacChannel:
    """The sandbox shop's channel (with the Mirakl catalogue client unless `catalog=False`).

    Examples:
        channel = connect_channel(FnacSandbox.seeded(clock=clock), clock=clock)
    """
    given = sandbox.credentials
    credentials = FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key)
    client = FnacClient(
        credentials, base_url=sandbox.base_url, transport=sandbox.transport(), clock=clock
    )
    mirakl = (
        MiraklCatalogClient(
            given.mirakl_api_key,
            base_url=MIRAKL_SANDBOX_URL,
            transport=sandbox.mirakl.transport(),
            clock=clock,
        )
        if catalog
        else None
    )
    return FnacChannel(client, catalog=mirakl)
