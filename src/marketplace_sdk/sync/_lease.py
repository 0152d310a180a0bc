"""A leader lease: of several processes that could schedule the same jobs, only one does.

A lease is held for `ttl` and must be renewed before it runs out; a lease that ran out (its
holder crashed, hung, or lost its disk) can be taken over by anyone. `SQLiteLease` keeps it in a
row of a SQLite file, which is enough for several processes on one host (the embedded runner's
case: a web server's workers each embed the runner, one of them schedules). A host that runs on
several machines plugs its own `Lease` (a Redis key with an expiry, a Postgres row) into the
runner: the protocol is four methods.

Each change happens in a `BEGIN IMMEDIATE` transaction, which takes SQLite's write lock before
reading: two processes can never both read "free" and both write themselves in.

Expiry is judged on wall-clock time (`Clock.now()`), the only time two processes share; clocks
of the processes sharing a file must agree within a small fraction of `ttl`.

Examples:
    >>> import tempfile, pathlib
    >>> from datetime import UTC, datetime, timedelta
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> clock = FakeClock(datetime(2026, 3, 1, tzinfo=UTC))
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "lease.db"
    >>> first = SQLiteLease(path, ttl=timedelta(seconds=30), clock=clock)
    >>> second = SQLiteLease(path, ttl=timedelta(seconds=30), clock=clock)
    >>> first.acquire(), second.acquire()
    (True, False)
    >>> clock.advance(31)  # the first holder stopped renewing
    >>> second.acquire(), first.held, first.renew()
    (True, False, False)
"""

from __future__ import annotations

import logging
import os
import socket
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Protocol, runtime_checkable

import attrs

from marketplace_sdk.core._clock import Clock, SystemClock

__all__ = ["Lease", "LeaseInfo", "SQLiteLease", "default_holder_id"]

logger = logging.getLogger(__name__)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS leases (
    name TEXT PRIMARY KEY,
    holder TEXT NOT NULL,
    expires_at REAL NOT NULL
)
"""


@runtime_checkable
class Lease(Protocol):
    """A lease a runner must hold to schedule (plug your own: Redis, Postgres, ...).

    `acquire` takes the lease when it is free, expired or already ours; `renew` extends it only
    when it is still ours; both return whether we hold it afterwards. `held` is this process's
    belief (true until the `ttl` of the last successful acquire or renew has passed).

    Examples:
        >>> isinstance(SQLiteLease(":memory:"), Lease)
        True
    """

    @property
    def ttl(self) -> timedelta:
        """How long an acquire or renew holds the lease."""
        ...

    @property
    def holder(self) -> str:
        """This process's holder id."""
        ...

    @property
    def held(self) -> bool:
        """Whether this process holds the lease now."""
        ...

    def acquire(self) -> bool:
        """Take the lease if free, expired or ours; whether we hold it."""
        ...

    def renew(self) -> bool:
        """Extend the lease if still ours; whether we hold it."""
        ...

    def release(self) -> None:
        """Give the lease up (no-op when not ours)."""
        ...


@attrs.frozen
class LeaseInfo:
    """Who holds a lease, and until when.

    Examples:
        >>> LeaseInfo("host:1:ab", datetime(2026, 3, 1, tzinfo=UTC)).holder
        'host:1:ab'
    """

    holder: str
    expires_at: datetime


def default_holder_id() -> str:
    """A holder id unique to this process and instance: host, pid and a random part.

    Examples:
        >>> default_holder_id() != default_holder_id()
        True
    """
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def _seconds(value: timedelta | float) -> timedelta:
    return value if isinstance(value, timedelta) else timedelta(seconds=value)


class SQLiteLease:
    """A named lease in a SQLite file, safe for several processes (and threads) on one host.

    Args:
        path: the SQLite file (created with its table when missing); `":memory:"` only makes
            sense within one instance.
        name: the lease's name; one file can hold several leases.
        ttl: how long an acquire or renew holds it (a `timedelta` or seconds). A runner renews
            every `ttl / 3`.
        clock: where wall-clock time is read (a `FakeClock` in tests).
        holder: this instance's holder id (default: host, pid and a random part).

    Examples:
        lease = SQLiteLease("scheduler-lease.db", ttl=timedelta(seconds=30))
        runner = EmbeddedRunner(specs, runtime, lease=lease)
    """

    def __init__(
        self,
        path: str | Path,
        name: str = "scheduler",
        ttl: timedelta | float = timedelta(seconds=30),
        *,
        clock: Clock | None = None,
        holder: str | None = None,
    ) -> None:
        self._path = str(path)
        self._name = name
        self._ttl = _seconds(ttl)
        if self._ttl <= timedelta(0):
            raise ValueError(f"a lease's ttl must be positive, got {self._ttl}")
        self._clock = clock or SystemClock()
        self._holder = holder or default_holder_id()
        self._expires_at: datetime | None = None
        self._lock = threading.Lock()
        # ":memory:" is one database per connection: keep a single one open.
        self._memory = (
            sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
            if self._path == ":memory:"
            else None
        )
        with self._transaction() as db:
            db.execute(_SCHEMA)

    def __repr__(self) -> str:
        return f"SQLiteLease(name={self._name!r}, holder={self._holder!r}, held={self.held})"

    @property
    def name(self) -> str:
        """The lease's name."""
        return self._name

    @property
    def ttl(self) -> timedelta:
        """How long an acquire or renew holds the lease."""
        return self._ttl

    @property
    def holder(self) -> str:
        """This instance's holder id."""
        return self._holder

    @property
    def held(self) -> bool:
        """Whether we hold the lease: the last acquire or renew succeeded and has not run out.

        Examples:
            if not lease.held: pause_scheduling()
        """
        expires_at = self._expires_at
        return expires_at is not None and self._clock.now() < expires_at

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        db = self._memory or sqlite3.connect(self._path, timeout=10.0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")
        finally:
            if db is not self._memory:
                db.close()

    def current(self) -> LeaseInfo | None:
        """Who holds the lease and until when, as stored (expired holders included).

        Examples:
            info = lease.current()
            if info: print(info.holder, info.expires_at)
        """
        with self._lock, self._transaction() as db:
            row = db.execute(
                "SELECT holder, expires_at FROM leases WHERE name = ?", (self._name,)
            ).fetchone()
        if row is None:
            return None
        return LeaseInfo(str(row[0]), datetime.fromtimestamp(float(row[1]), UTC))

    def _take(self, *, only_if_ours: bool) -> bool:
        now = self._clock.now()
        with self._lock, self._transaction() as db:
            row = db.execute(
                "SELECT holder, expires_at FROM leases WHERE name = ?", (self._name,)
            ).fetchone()
            ours = row is not None and row[0] == self._holder
            free = row is None or float(row[1]) <= now.timestamp()
            if not (ours or (free and not only_if_ours)):
                self._expires_at = None
                return False
            expires_at = now + self._ttl
            db.execute(
                "INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?) "
                "ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, "
                "expires_at = excluded.expires_at",
                (self._name, self._holder, expires_at.timestamp()),
            )
            if row is not None and not ours:
                logger.info("lease %r taken over from %s (expired)", self._name, row[0])
            self._expires_at = expires_at
            return True

    def acquire(self) -> bool:
        """Take the lease when it is free, expired, or already ours.

        Examples:
            if lease.acquire(): start_scheduling()
        """
        return self._take(only_if_ours=False)

    def renew(self) -> bool:
        """Extend the lease by `ttl` when it is still ours (false once someone took it over).

        Examples:
            if not lease.renew(): pause_scheduling()
        """
        return self._take(only_if_ours=True)

    def release(self) -> None:
        """Give the lease up so another process takes it at once (no-op when not ours).

        Examples:
            lease.release()
        """
        with self._lock, self._transaction() as db:
            db.execute(
                "DELETE FROM leases WHERE name = ? AND holder = ?", (self._name, self._holder)
            )
            self._expires_at = None
