"""The Etsy sandbox: a stateful, offline simulator of Etsy Open API v3 for OMS integrations.

It simulates the operations an order management system uses (user and shop, listings with
variations, images and inventory, receipts through their lifecycle, shipments, carriers, the
seller taxonomy, shipping profiles and sections), OAuth 2.0 with PKCE and rotating refresh
tokens on an injectable clock, Etsy's per-second and per-day limits with its headers and 429s,
signed order webhooks to loopback URLs, and faults on demand. Its answers follow the shapes of
Etsy's published OpenAPI document.

Examples:
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> sandbox = EtsySandbox.seeded(listings=50, orders=10, clock=FakeClock(), seed=7)
    >>> len(sandbox.world.listings), len(sandbox.world.receipts)
    (50, 10)
"""

from marketplace_sdk.etsy.sandbox._app import ETSY_API_URL, EtsySandbox, SandboxTokens
from marketplace_sdk.etsy.sandbox._connect import connect_channel
from marketplace_sdk.etsy.sandbox._operations import OMS_SCOPES, OPERATION_SCOPES
from marketplace_sdk.etsy.sandbox._orders import OrderLine
from marketplace_sdk.etsy.sandbox._ratelimit import RateLimits
from marketplace_sdk.etsy.sandbox._webhooks import WebhookDelivery, WebhookEndpoint, sign

__all__ = [
    "ETSY_API_URL",
    "OMS_SCOPES",
    "OPERATION_SCOPES",
    "EtsySandbox",
    "OrderLine",
    "RateLimits",
    "SandboxTokens",
    "WebhookDelivery",
    "WebhookEndpoint",
    "connect_channel",
    "sign",
]
