# Generated from src/marketplace_sdk/etsy/_async/locks.py by tools/unasync.py: do not edit.
# Edit the async source and run `make generate`; `make lint` fails when this file is stale.
"""Locks by key, so two overlapping pushes for one listing never lose an update.

`holding` takes the locks of several keys in ascending key order (`LockRegistry.in_order`),
so two pushes sharing listings cannot deadlock, and releases them in reverse.

Examples:
    locks = KeyedLocks()
    with locks.holding([listing_id, other_id]):
        ...
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from marketplace_sdk.etsy._shared.locks import LockRegistry

__all__ = ["KeyedLocks"]


class KeyedLocks(LockRegistry[threading.Lock]):
    """A lock per key, made on first use (the tasks of one event loop, or threads, share it).

    Examples:
        locks = KeyedLocks()
        with locks.holding([2, 1]):
            ...
    """

    def __init__(self) -> None:
        """Start with no lock; each key gets its own on first use."""
        super().__init__(threading.Lock)

    @contextmanager
    def holding(self, keys: Iterable[int]) -> Iterator[None]:
        """Hold the locks of `keys`, taken in ascending order, released in reverse.

        Examples:
            with locks.holding(listing_ids):
                ...
        """
        taken: list[threading.Lock] = []
        try:
            for lock in self.in_order(keys):
                lock.acquire()
                taken.append(lock)
            yield
        finally:
            for lock in reversed(taken):
                lock.release()
