"""A connected `EtsyChannel` on a sandbox shop, the way a host connects a real one.

It runs the real OAuth 2.0 PKCE flow against the sandbox (consent URL, the seller's approval,
code exchange), so the channel it returns refreshes its tokens, meets the rate limits and sees
faults exactly as it would against Etsy.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> clock = FakeClock()
    >>> sandbox = EtsySandbox.seeded(listings=5, orders=2, clock=clock, seed=3)
    >>> channel = connect_channel(sandbox, clock=clock)
    >>> channel.shop_id == str(sandbox.shop_id), len(list(channel.iter_products())) > 0
    (True, True)
"""

from __future__ import annotations

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.etsy._auth import MemoryTokenStore, start_authorization
from marketplace_sdk.etsy._shared.channel import EtsyChannelOptions
from marketplace_sdk.etsy._sync.channel import EtsyChannel
from marketplace_sdk.etsy._sync.client import EtsyClient
from marketplace_sdk.etsy.sandbox._app import EtsySandbox

# The one bridge from the sandbox package to the client: the server modules never import it.

__all__ = ["connect_channel"]

#: What the sandbox's image downloads return: a few bytes starting like a JPEG.
_FAKE_JPEG = b"\xff\xd8\xff\xe0sandbox-image"


def connect_channel(sandbox: EtsySandbox, *, clock: Clock | None = None) -> EtsyChannel:
    """Connect the sandbox's seller through PKCE and return the shop's channel.

    The channel talks to the sandbox in process (`sandbox.transport()`); its new listings use
    the sandbox's first shipping profile.

    Examples:
        channel = connect_channel(EtsySandbox.seeded(clock=clock), clock=clock)
    """
    client = EtsyClient(
        sandbox.keystring,
        sandbox.app.shared_secret,
        MemoryTokenStore(),
        transport=sandbox.transport(),
        clock=clock,
    )
    flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])
    client.connect(flow, sandbox.approve_consent(flow.url))
    profile = next(iter(sandbox.world.profiles), None)
    return EtsyChannel(
        client,
        sandbox.shop_id,
        clock=clock,
        options=EtsyChannelOptions(shipping_profile_id=profile),
        image_loader=lambda url: _FAKE_JPEG,
    )
