"""Helpers of the Etsy client and channel tests: a connected client or channel on the sandbox.

The client and channel tests are written once, against the async API; tools/unasync.py
generates the sync tests from them, so both APIs run the same tests.
"""

from __future__ import annotations

import asyncio  # unasync: remove
from collections.abc import Awaitable, Callable
from datetime import timedelta
from typing import TypeVar

import httpx

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.etsy import (
    AsyncEtsyChannel,
    AsyncEtsyClient,
    EtsyChannelOptions,
    MemoryTokenStore,
    TokenPair,
)
from marketplace_sdk.etsy.sandbox import EtsySandbox, SandboxTokens

# unasync: sync-only
# from concurrent.futures import ThreadPoolExecutor
# unasync: end

T = TypeVar("T")

#: What the channel's image loader returns for every URL.
JPEG = b"\xff\xd8\xff\xe0fake-jpeg"


def stored(tokens: SandboxTokens, clock: FakeClock) -> MemoryTokenStore:
    """A token store holding the pair the sandbox issued, expiring as the sandbox says."""
    return MemoryTokenStore(
        TokenPair(
            access_token=tokens.access_token,
            refresh_token=tokens.refresh_token,
            expires_at=clock.now() + timedelta(seconds=tokens.expires_in),
        )
    )


def secret_of(sandbox: EtsySandbox) -> str:
    """The app's shared secret (the part of the `x-api-key` after the keystring)."""
    return sandbox.api_key.get_secret_value().split(":", 1)[1]


def make_client(
    sandbox: EtsySandbox,
    store: MemoryTokenStore,
    clock: FakeClock,
    transport: httpx.AsyncBaseTransport | None = None,
) -> AsyncEtsyClient:
    """A client of the sandbox's app (over `transport`, else the sandbox's own)."""
    return AsyncEtsyClient(
        sandbox.keystring,
        secret_of(sandbox),
        store,
        transport=transport or sandbox.transport(),
        clock=clock,
    )


async def load_image(url: str) -> bytes:
    """The channel's image loader: the same small JPEG for every URL."""
    return JPEG


def make_channel(sandbox: EtsySandbox, clock: FakeClock, **options: object) -> AsyncEtsyChannel:
    """A channel on a freshly connected shop, with a shipping profile and an image loader."""
    client = make_client(sandbox, stored(sandbox.connect(), clock), clock)
    profile = next(iter(sandbox.world.profiles))
    return AsyncEtsyChannel(
        client,
        sandbox.shop_id,
        clock=clock,
        options=EtsyChannelOptions(shipping_profile_id=profile, **options),  # type: ignore[arg-type]
        image_loader=load_image,
    )


async def concurrently(*calls: Callable[[], Awaitable[T]]) -> list[T]:
    """Run `calls` at the same time (tasks of one loop; threads when sync), results in order."""
    # unasync: async-only
    return list(await asyncio.gather(*(call() for call in calls)))
    # unasync: end
    # unasync: sync-only
    # with ThreadPoolExecutor(max_workers=len(calls)) as pool:
    #     futures = [pool.submit(call) for call in calls]
    #     return [future.result() for future in futures]
    # unasync: end
