"""Where a `RateLimiter` keeps its counts: in memory, in a SQLite file, or in Redis.

Each backend opens one pyrate-limiter bucket per (key, bucket name, window) and says how its
operations are made exclusive (`transaction`). The counting itself (windowed logs, expiry,
SQLite tables, Redis sorted sets with an atomic Lua check) is pyrate-limiter's.

| backend | shared by | atomic reserve over several rates |
|---|---|---|
| `MemoryBackend` | threads and tasks of one process | yes |
| `SQLiteBackend` | processes on one host (one file) | yes (one SQLite write transaction) |
| `RedisBackend` | processes on any hosts | per rate (see `RedisBackend`) |

Examples:
    >>> backend = MemoryBackend()
    >>> backend.wall_clock
    False
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
from contextlib import AbstractContextManager
from inspect import iscoroutinefunction
from types import TracebackType
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from pyrate_limiter import (
    AbstractBucket,
    InMemoryBucket,
    RateItem,
    RedisBucket,
    SQLiteBucket,
    SQLiteQueries,
)
from pyrate_limiter import Rate as PyrateRate

from marketplace_sdk.core._ratelimit.rate import Rate

if TYPE_CHECKING:
    from redis import Redis

__all__ = ["MemoryBackend", "RateLimitBackend", "RedisBackend", "SQLiteBackend"]


@runtime_checkable
class RateLimitBackend(Protocol):
    """Storage for a limiter's counts.

    Examples:
        >>> isinstance(MemoryBackend(), RateLimitBackend)
        True
    """

    @property
    def wall_clock(self) -> bool:
        """Whether timestamps must be wall-clock epoch time (shared with other processes)
        rather than the process's monotonic time."""
        ...

    def open_bucket(self, key: str, bucket: str, rate: Rate) -> AbstractBucket:
        """The pyrate-limiter bucket counting `rate` for `bucket` of `key` (made on first use)."""
        ...

    def transaction(self) -> AbstractContextManager[object]:
        """A reentrant context within which the bucket operations of this thread are exclusive."""
        ...

    def close(self) -> None:
        """Release connections; the backend is unusable afterwards."""
        ...


def _pyrate(rate: Rate) -> PyrateRate:
    return PyrateRate(rate.limit, rate.interval_ms)


def _storage_name(key: str, bucket: str, rate: Rate) -> str:
    # The window identifies the count, not the limit: changing a limit in the configuration keeps
    # the calls already made in the window.
    return f"{key}:{bucket}:{rate.interval_ms}ms"


def _cache_name(key: str, bucket: str, rate: Rate) -> str:
    return f"{_storage_name(key, bucket, rate)}/{rate.limit}"


class MemoryBackend:
    """Counts in this process's memory: shared by every thread and task using the backend.

    The default. Pass one instance to several limiters (or clients) to make them share budgets.

    Examples:
        >>> backend = MemoryBackend()
        >>> a = backend.open_bucket("etsy:app", "default", Rate.per_second(10))
        >>> a is backend.open_bucket("etsy:app", "default", Rate.per_second(10))
        True
    """

    wall_clock = False

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._buckets: dict[str, InMemoryBucket] = {}
        self._items: dict[str, list[RateItem]] = {}

    def __repr__(self) -> str:
        return "MemoryBackend()"

    def open_bucket(self, key: str, bucket: str, rate: Rate) -> AbstractBucket:
        """An `InMemoryBucket` for this window, made on first use.

        Examples:
            >>> MemoryBackend().open_bucket("k", "default", Rate.per_minute(1)).rates[0].limit
            1
        """
        with self._lock:
            found = self._buckets.get(_cache_name(key, bucket, rate))
            if found is None:
                found = InMemoryBucket([_pyrate(rate)])
                # Limiters configured with another limit for the same window share its log.
                storage = self._items.setdefault(_storage_name(key, bucket, rate), found.items)
                found.items = storage
                self._buckets[_cache_name(key, bucket, rate)] = found
            return found

    def transaction(self) -> AbstractContextManager[object]:
        """The backend's reentrant thread lock.

        Examples:
            >>> with MemoryBackend().transaction():
            ...     pass
        """
        return self._lock

    def close(self) -> None:
        """Forget every count.

        Examples:
            >>> MemoryBackend().close()
        """
        with self._lock:
            self._buckets.clear()
            self._items.clear()


class _HoldingConnection(sqlite3.Connection):
    """A connection whose `commit` waits for the end of the outermost limiter transaction.

    pyrate-limiter's `SQLiteBucket` commits after each insert or leak; holding those commits lets
    one reserve over several windows be a single write transaction, so no other process can slip
    between the check of one window and the insert in another.
    """

    held = False

    def commit(self) -> None:
        if not self.held:
            super().commit()


class _SQLiteTransaction:
    """Thread-reentrant lock that, at the outermost level, is a `BEGIN IMMEDIATE` transaction.

    SQLite's own write lock is the cross-process mutex: no file lock or extra package needed.
    """

    def __init__(self, conn: _HoldingConnection) -> None:
        self._conn = conn
        self._lock = threading.RLock()
        self._depth = 0

    def __enter__(self) -> _SQLiteTransaction:
        self._lock.acquire()
        if self._depth == 0:
            try:
                self._conn.execute("BEGIN IMMEDIATE")
            except BaseException:
                self._lock.release()
                raise
            self._conn.held = True
        self._depth += 1
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._depth -= 1
        try:
            if self._depth == 0:
                self._conn.held = False
                if self._conn.in_transaction:
                    if exc_type is None:
                        self._conn.commit()
                    else:
                        self._conn.rollback()
        finally:
            self._lock.release()


class SQLiteBackend:
    """Counts in a SQLite file, shared by every process on the host that opens the same file.

    Each window is one table of pyrate-limiter's `SQLiteBucket`; a reserve runs as one
    `BEGIN IMMEDIATE` transaction, so processes never take more than the budget together.
    Timestamps are wall-clock time (`Clock.now()`), which all processes of a host share.

    Args:
        path: the database file (created when missing).
        timeout: seconds to wait for another process's transaction before failing.

    Examples:
        >>> import tempfile, pathlib
        >>> folder = tempfile.TemporaryDirectory()
        >>> backend = SQLiteBackend(pathlib.Path(folder.name) / "limits.sqlite")
        >>> backend.wall_clock
        True
        >>> backend.close(); folder.cleanup()
    """

    wall_clock = True

    def __init__(self, path: str | os.PathLike[str], *, timeout: float = 30.0) -> None:
        self.path = os.fspath(path)
        conn = sqlite3.connect(
            self.path,
            timeout=timeout,
            isolation_level=None,
            check_same_thread=False,
            factory=_HoldingConnection,
        )
        assert isinstance(conn, _HoldingConnection)
        # WAL lets readers in while one process writes; NORMAL skips the fsync per commit (a
        # power cut may forget the last few calls, never grant more than the file says).
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        self._conn = conn
        self._transaction = _SQLiteTransaction(conn)
        self._buckets: dict[str, SQLiteBucket] = {}

    def __repr__(self) -> str:
        return f"SQLiteBackend({os.path.basename(self.path)!r})"

    def open_bucket(self, key: str, bucket: str, rate: Rate) -> AbstractBucket:
        """A `SQLiteBucket` for this window (its table is made on first use).

        Examples:
            >>> import tempfile, pathlib
            >>> folder = tempfile.TemporaryDirectory()
            >>> backend = SQLiteBackend(pathlib.Path(folder.name) / "limits.sqlite")
            >>> type(backend.open_bucket("k", "default", Rate.per_second(2))).__name__
            'SQLiteBucket'
            >>> backend.close(); folder.cleanup()
        """
        name = _storage_name(key, bucket, rate)
        with self._transaction:
            found = self._buckets.get(_cache_name(key, bucket, rate))
            if found is not None:
                return found
            # A digest keeps any key safe as a table name.
            table = "ratelimit_" + hashlib.sha256(name.encode()).hexdigest()[:24]
            self._conn.execute(SQLiteQueries.CREATE_BUCKET_TABLE.format(table=table))
            self._conn.execute(
                SQLiteQueries.CREATE_INDEX_ON_TIMESTAMP.format(
                    index_name=f"idx_{table}", table_name=table
                )
            )
            made = SQLiteBucket([_pyrate(rate)], self._conn, table, lock=self._transaction)
            self._buckets[_cache_name(key, bucket, rate)] = made
            return made

    def transaction(self) -> AbstractContextManager[object]:
        """One `BEGIN IMMEDIATE` transaction (reentrant per thread).

        Examples:
            >>> import tempfile, pathlib
            >>> folder = tempfile.TemporaryDirectory()
            >>> backend = SQLiteBackend(pathlib.Path(folder.name) / "limits.sqlite")
            >>> with backend.transaction():
            ...     pass
            >>> backend.close(); folder.cleanup()
        """
        return self._transaction

    def close(self) -> None:
        """Close the connection.

        Examples:
            >>> import tempfile, pathlib
            >>> folder = tempfile.TemporaryDirectory()
            >>> SQLiteBackend(pathlib.Path(folder.name) / "limits.sqlite").close()
            >>> folder.cleanup()
        """
        with self._transaction:
            self._buckets.clear()
        self._conn.close()


class RedisBackend:
    """Counts in Redis, shared by every process on any host using the same server and prefix.

    Each window is a sorted set that pyrate-limiter's `RedisBucket` checks and fills with one
    Lua script, so no window ever admits more than its limit, whatever the number of processes.
    A reserve that spans several windows (per second and per day) checks them all first and
    then takes a slot in each; two processes racing for the very last slot of the longer window
    may leave the loser's slot in the shorter window spent without a call (never one call too
    many). Timestamps are wall-clock time: keep the hosts' clocks in sync (NTP).

    The client must be a synchronous `redis.Redis` (the limiter never awaits); `redis` is not a
    dependency of the SDK, the host installs it.

    Args:
        client: a connected `redis.Redis`.
        prefix: prefix of every key the backend writes.

    Examples:
        ```python
        import redis
        backend = RedisBackend(redis.Redis(host="localhost"), prefix="oms:ratelimit")
        limiter = RateLimiter("etsy:app-1", {"default": [Rate.per_second(10)]}, backend=backend)
        ```
    """

    wall_clock = True

    def __init__(self, client: Redis, *, prefix: str = "marketplace_sdk:ratelimit") -> None:
        if iscoroutinefunction(getattr(client, "execute_command", None)):
            raise TypeError(
                "RedisBackend needs a synchronous redis.Redis client, not redis.asyncio"
            )
        self.client = client
        self.prefix = prefix
        self._lock = threading.RLock()
        self._buckets: dict[str, AbstractBucket] = {}

    def __repr__(self) -> str:
        return f"RedisBackend(prefix={self.prefix!r})"

    def open_bucket(self, key: str, bucket: str, rate: Rate) -> AbstractBucket:
        """A `RedisBucket` on the sorted set `<prefix>:<key>:<bucket>:<window>ms`.

        Examples:
            ```python
            backend.open_bucket("etsy:app-1", "default", Rate.per_day(10_000))
            ```
        """
        name = _storage_name(key, bucket, rate)
        with self._lock:
            found = self._buckets.get(_cache_name(key, bucket, rate))
            if found is not None:
                return found
            made = RedisBucket.init([_pyrate(rate)], self.client, f"{self.prefix}:{name}")
            assert isinstance(made, AbstractBucket)
            self._buckets[_cache_name(key, bucket, rate)] = made
            return made

    def transaction(self) -> AbstractContextManager[object]:
        """This process's reentrant thread lock (each Redis operation is atomic by itself).

        Examples:
            ```python
            with backend.transaction():
                ...
            ```
        """
        return self._lock

    def close(self) -> None:
        """Forget the opened buckets (the client belongs to the host, which closes it).

        Examples:
            ```python
            backend.close()
            ```
        """
        with self._lock:
            self._buckets.clear()
