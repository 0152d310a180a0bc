"""Per-key lock registry: the pure half of the channels' keyed locks.

The channels lock the listings a push writes (and a receipt being shipped), so two
overlapping pushes for one listing never lose an update. Locks for several keys are always
taken in ascending key order, so two pushes sharing listings cannot deadlock; the taking is
in `KeyedLocks` and `AsyncKeyedLocks` (`_async/locks.py` and its generated twin).

Examples:
    >>> import threading
    >>> registry = LockRegistry(threading.Lock)
    >>> registry.lock(1) is registry.lock(1)
    True
    >>> [registry.lock(k) for k in (1, 2)] == registry.in_order([2, 1, 2])
    True
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Iterable
from typing import Generic, TypeVar

__all__ = ["LockRegistry"]

L = TypeVar("L")


class LockRegistry(Generic[L]):
    """The lock of each key, made on first use by `factory`.

    Examples:
        >>> LockRegistry(threading.Lock).lock("a") is LockRegistry(threading.Lock).lock("a")
        False
    """

    def __init__(self, factory: Callable[[], L]) -> None:
        """Start with no lock; `factory` makes one per key."""
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

    def in_order(self, keys: Iterable[int]) -> list[L]:
        """The locks of `keys`, each once, in the order they must be taken (ascending key)."""
        return [self.lock(key) for key in sorted(set(keys))]
