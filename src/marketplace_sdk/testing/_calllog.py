"""A record of the calls a sandbox served, for tests and the demo's "API calls used" line.

Examples:
    >>> log = CallLog()
    >>> log.record("GET", "/v3/application/users/me", "getMe", 200)
    >>> log.count("getMe"), len(log)
    (1, 1)
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterator

import attrs

__all__ = ["CallLog", "CallRecord"]


@attrs.frozen
class CallRecord:
    """One served call.

    Examples:
        >>> CallRecord("GET", "/ping", None, 200).status
        200
    """

    method: str
    path: str
    operation: str | None
    status: int


class CallLog:
    """Thread-safe, append-only list of `CallRecord`.

    Examples:
        >>> log = CallLog()
        >>> log.record("POST", "/x", "createX", 201)
        >>> [call.operation for call in log]
        ['createX']
    """

    def __init__(self) -> None:
        """Start empty."""
        self._calls: list[CallRecord] = []
        self._lock = threading.Lock()

    def record(self, method: str, path: str, operation: str | None, status: int) -> None:
        """Append one call."""
        with self._lock:
            self._calls.append(CallRecord(method.upper(), path, operation, status))

    @property
    def calls(self) -> list[CallRecord]:
        """A copy of every call so far, oldest first."""
        with self._lock:
            return list(self._calls)

    def count(self, operation: str | None = None) -> int:
        """Calls so far, all of them or those of one operation."""
        with self._lock:
            if operation is None:
                return len(self._calls)
            return sum(1 for call in self._calls if call.operation == operation)

    def by_operation(self) -> Counter[str]:
        """How many times each named operation was called.

        Examples:
            >>> log = CallLog()
            >>> log.record("GET", "/a", "getA", 200)
            >>> log.record("GET", "/a", "getA", 429)
            >>> log.by_operation()
            Counter({'getA': 2})
        """
        with self._lock:
            return Counter(call.operation for call in self._calls if call.operation)

    def clear(self) -> None:
        """Forget every call."""
        with self._lock:
            self._calls.clear()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[CallRecord]:
        return iter(self.calls)
