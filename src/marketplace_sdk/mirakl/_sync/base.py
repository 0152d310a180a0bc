# Generated from src/marketplace_sdk/mirakl/_async/base.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""`MiraklBaseClient`: what the Mirakl catalogue and seller clients set up alike.

Both take the same keywords (the key, the operator's base URL, the shop, the transport, the
clock, the limiter or its rate overrides and storage, the longest wait, the retry policy, the
marketplace name) and build their engine the same way; they differ in the API they speak, which
each names once as its `api` (`MCM_API`: Catalog Manager's call frequencies, errors classed by
status; `MMP_API`: the seller API's per-operation frequencies and typed order errors).

Examples:
    >>> import asyncio
    >>> client = MiraklBaseClient("key", base_url="https://acme.mirakl.net")
    >>> client.limiter.buckets["P41"]
    (Rate(limit=1, interval=900.0),)
    >>> client.close()
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

import httpx
from pydantic import SecretStr

from marketplace_sdk.core._clock import Clock
from marketplace_sdk.core._ratelimit import Rate, RateLimitBackend, RateLimiter
from marketplace_sdk.core._retry import RetryPolicy
from marketplace_sdk.core._sync.client import ApiClient
from marketplace_sdk.core._sync.engine import SyncEngine
from marketplace_sdk.mirakl import _endpoints as endpoints
from marketplace_sdk.mirakl._models import Account
from marketplace_sdk.mirakl._shared.client import (
    DEFAULT_MAX_WAIT,
    MCM_API,
    ClientBase,
    MiraklApi,
    engine_config,
)

__all__ = ["MiraklBaseClient"]


class MiraklBaseClient(ClientBase, ApiClient):
    """A Mirakl client for one shop's key on one operator's instance, speaking `api`.

    Subclasses set `api` and add their operations; the keywords are documented on each of them
    (`MiraklCatalogClient`, `MiraklSellerClient`).

    Examples:
        >>> import asyncio
        >>> client = MiraklBaseClient("key", base_url="https://acme.mirakl.net", shop_id=2)
        >>> client
        MiraklBaseClient(base_url='https://acme.mirakl.net', shop_id=2)
        >>> client.close()
    """

    #: The Mirakl API the client speaks: its call frequencies and its error reading.
    api: ClassVar[MiraklApi] = MCM_API

    def __init__(
        self,
        api_key: str | SecretStr,
        *,
        base_url: str,
        shop_id: int | None = None,
        transport: httpx.BaseTransport | None = None,
        clock: Clock | None = None,
        limiter: RateLimiter | None = None,
        rate_overrides: Mapping[str, Sequence[Rate]] | None = None,
        rate_backend: RateLimitBackend | None = None,
        max_wait: float = DEFAULT_MAX_WAIT,
        retry: RetryPolicy | None = None,
        marketplace: str = "mirakl",
    ) -> None:
        config = engine_config(
            api_key,
            base_url=base_url,
            shop_id=shop_id,
            clock=clock,
            limiter=limiter,
            rate_overrides=rate_overrides,
            rate_backend=rate_backend,
            max_wait=max_wait,
            retry=retry,
            marketplace=marketplace,
            api=self.api,
        )
        ClientBase.__init__(self, config, shop_id=shop_id)
        ApiClient.__init__(self, SyncEngine(config, transport=transport))

    def get_account(self) -> Account:
        """A01: the shop (once per day at most).

        Examples:
            shop = client.get_account()
        """
        return self._engine.call(endpoints.get_account(shop_id=self.shop_id))
