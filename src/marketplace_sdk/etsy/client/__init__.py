"""Etsy clients: `EtsyClient` (sync) and `AsyncEtsyClient`, thin executors of the endpoints.

Example:
    >>> from marketplace_sdk.etsy.auth import MemoryTokenStore
    >>> with EtsyClient("keystring", "shared-secret", MemoryTokenStore()) as client:
    ...     client.remaining_daily_budget
    10000
"""

from marketplace_sdk.etsy.client.async_client import AsyncEtsyClient
from marketplace_sdk.etsy.client.setup import (
    DEFAULT_BASE_URL,
    DEFAULT_RATES,
    EtsySetup,
    default_rate_limiter,
    etsy_setup,
)
from marketplace_sdk.etsy.client.sync_client import EtsyClient

__all__ = [
    "DEFAULT_BASE_URL",
    "DEFAULT_RATES",
    "AsyncEtsyClient",
    "EtsyClient",
    "EtsySetup",
    "default_rate_limiter",
    "etsy_setup",
]
