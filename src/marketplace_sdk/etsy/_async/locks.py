"""Locks by key, so two overlapping pushes for one listing never lose an update.

`holding` takes the locks of several keys in ascending key order (`LockRegistry.in_order`),
so two pushes sharing listings cannot deadlock, and releases them in reverse.

Examples:
    locks = AsyncKeyedLocks()
    async with locks.holding([listing_id, other_id]):
        ...
"""

from __future__ import annotations

import asyncio  # unasync: remove
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager

from marketplace_sdk.etsy._shared.locks import LockRegistry

# unasync: sync-only
# import threading
# unasync: end

__all__ = ["AsyncKeyedLocks"]


class AsyncKeyedLocks(LockRegistry[asyncio.Lock]):
    """A lock per key, made on first use (the tasks of one event loop, or threads, share it).

    Examples:
        locks = AsyncKeyedLocks()
        async with locks.holding([2, 1]):
            ...
    """

    def __init__(self) -> None:
        """Start with no lock; each key gets its own on first use."""
        super().__init__(asyncio.Lock)

    @asynccontextmanager
    async def holding(self, keys: Iterable[int]) -> AsyncIterator[None]:
        """Hold the locks of `keys`, taken in ascending order, released in reverse.

        Examples:
            async with locks.holding(listing_ids):
                ...
        """
        taken: list[asyncio.Lock] = []
        try:
            for lock in self.in_order(keys):
                await lock.acquire()
                taken.append(lock)
            yield
        finally:
            for lock in reversed(taken):
                lock.release()
