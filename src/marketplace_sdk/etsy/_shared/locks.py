"""Per-key locks, so two overlapping pushes for one listing never lose an update.

Locks for several keys are always taken in ascending key order, so two pushes sharing
listings cannot deadlock.

Example:
    >>> import threading
    >>> locks = KeyedLocks(threading.Lock)
    >>> with locks.holding([2, 1]):
    ...     locks.lock(1).locked()
    True
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Callable, Hashable, Iterable, Iterator
from contextlib import ExitStack, asynccontextmanager, contextmanager
from typing import Generic, TypeVar

__all__ = ["AsyncKeyedLocks", "KeyedLocks"]

L = TypeVar("L")


class _Registry(Generic[L]):
    def __init__(self, factory: Callable[[], L]) -> None:
        self._factory = factory
        self._locks: dict[Hashable, L] = {}
        self._guard = threading.Lock()

    def lock(self, key: Hashable) -> L:
        """The lock of `key` (made on first use)."""
        with self._guard:
            found = self._locks.get(key)
            if found is None:
                found = self._locks[key] = self._factory()
            return found


class KeyedLocks(_Registry[threading.Lock]):
    """Thread locks by key.

    Example:
        >>> KeyedLocks(threading.Lock).lock("a") is KeyedLocks(threading.Lock).lock("a")
        False
    """

    @contextmanager
    def holding(self, keys: Iterable[int]) -> Iterator[None]:
        """Hold the locks of `keys`, taken in ascending order."""
        with ExitStack() as stack:
            for key in sorted(set(keys)):
                stack.enter_context(self.lock(key))
            yield


class AsyncKeyedLocks(_Registry[asyncio.Lock]):
    """asyncio locks by key (one event loop).

    Example:
        >>> AsyncKeyedLocks(asyncio.Lock).lock(1) is not None
        True
    """

    @asynccontextmanager
    async def holding(self, keys: Iterable[int]) -> AsyncIterator[None]:
        """Hold the locks of `keys`, taken in ascending order."""
        taken: list[asyncio.Lock] = []
        try:
            for key in sorted(set(keys)):
                lock = self.lock(key)
                await lock.acquire()
                taken.append(lock)
            yield
        finally:
            for lock in reversed(taken):
                lock.release()
