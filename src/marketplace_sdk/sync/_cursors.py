"""Cursor stores: where each job remembers how far it got, per shop.

The contract (at-least-once):

1. a job reads its `CursorState` before a run;
2. it fetches one slice, hands the records to the host's sink, and only when the sink returns
   (the host has stored them) saves the advanced state — so a crash re-fetches that slice
   rather than losing it;
3. records carry stable ids (`Order.order_id`, a product's SKU) so the host upserts and the
   overlap costs no duplicates.

`SQLiteCursorStore` is the default: embedded, no set-up, a file shared safely by the processes of
one host (or `":memory:"`). `MemoryCursorStore` is for tests.

Examples:
    >>> store = SQLiteCursorStore(":memory:")
    >>> key = CursorKey("etsy", "shop-1", "orders.new")
    >>> store.load(key).watermark is None
    True
"""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

import attrs

from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.sync._windows import IntervalSet

__all__ = [
    "CursorKey",
    "CursorState",
    "CursorStore",
    "MemoryCursorStore",
    "SQLiteCursorStore",
]


@attrs.frozen
class CursorKey:
    """Which cursor: one per marketplace, shop and job.

    Examples:
        >>> str(CursorKey("fnac", "shop-9", "cancellations"))
        'fnac/shop-9/cancellations'
    """

    marketplace: str
    shop_id: str
    job_id: str

    def __str__(self) -> str:
        return f"{self.marketplace}/{self.shop_id}/{self.job_id}"


def _aware(value: datetime | None) -> datetime | None:
    return None if value is None else ensure_utc(value)


@attrs.frozen
class CursorState:
    """What a job stored after its last acknowledged slice.

    Attributes:
        watermark: the end of the last acknowledged window (incremental jobs).
        done: finished intervals (backfills).
        anchor: a fixed reference time (a backfill's connection moment).
        extra: small job-specific data (JSON-serialisable).

    Examples:
        >>> CursorState().watermark is None
        True
    """

    watermark: datetime | None = attrs.field(default=None, converter=_aware)
    done: IntervalSet = attrs.field(factory=IntervalSet)
    anchor: datetime | None = attrs.field(default=None, converter=_aware)
    extra: dict[str, Any] = attrs.field(factory=dict)

    def advance(self, watermark: datetime) -> CursorState:
        """The state with the watermark moved to `watermark`, never backwards."""
        watermark = ensure_utc(watermark)
        if self.watermark is not None and watermark < self.watermark:
            return self
        return attrs.evolve(self, watermark=watermark)

    def to_json(self) -> str:
        """Serialise for a store."""
        return json.dumps(
            {
                "watermark": self.watermark.isoformat() if self.watermark else None,
                "done": self.done.to_json(),
                "anchor": self.anchor.isoformat() if self.anchor else None,
                "extra": self.extra,
            },
            sort_keys=True,
        )

    @classmethod
    def from_json(cls, text: str) -> CursorState:
        """Read what `to_json` wrote."""
        data = json.loads(text)
        return cls(
            watermark=datetime.fromisoformat(data["watermark"]) if data.get("watermark") else None,
            done=IntervalSet.from_json(data.get("done", [])),
            anchor=datetime.fromisoformat(data["anchor"]) if data.get("anchor") else None,
            extra=dict(data.get("extra", {})),
        )


@runtime_checkable
class CursorStore(Protocol):
    """Where jobs keep their cursors; the host may provide its own (its database, say).

    Examples:
        >>> isinstance(MemoryCursorStore(), CursorStore)
        True
    """

    def load(self, key: CursorKey) -> CursorState:
        """The stored state, or an empty `CursorState` when there is none."""
        ...

    def save(self, key: CursorKey, state: CursorState) -> None:
        """Store `state` durably before returning."""
        ...


class MemoryCursorStore:
    """Cursors in a dict; for tests and one-off runs.

    Examples:
        >>> store = MemoryCursorStore()
        >>> store.save(CursorKey("etsy", "1", "j"), CursorState(extra={"n": 1}))
        >>> store.load(CursorKey("etsy", "1", "j")).extra
        {'n': 1}
    """

    def __init__(self) -> None:
        """An empty store."""
        self._data: dict[CursorKey, str] = {}
        self._lock = threading.Lock()

    def load(self, key: CursorKey) -> CursorState:
        """The stored state, or an empty one."""
        with self._lock:
            text = self._data.get(key)
        return CursorState.from_json(text) if text else CursorState()

    def save(self, key: CursorKey, state: CursorState) -> None:
        """Store a copy of `state`."""
        with self._lock:
            self._data[key] = state.to_json()

    def keys(self) -> list[CursorKey]:
        """Every key stored so far."""
        with self._lock:
            return list(self._data)


_SCHEMA = """
CREATE TABLE IF NOT EXISTS cursors (
    marketplace TEXT NOT NULL,
    shop_id     TEXT NOT NULL,
    job_id      TEXT NOT NULL,
    state       TEXT NOT NULL,
    PRIMARY KEY (marketplace, shop_id, job_id)
)
"""


class SQLiteCursorStore:
    """Cursors in a SQLite file (WAL mode), safe for several threads and processes of one host.

    Examples:
        >>> store = SQLiteCursorStore(":memory:")
        >>> store.save(CursorKey("etsy", "1", "j"), CursorState(extra={"page": 3}))
        >>> store.load(CursorKey("etsy", "1", "j")).extra["page"]
        3
    """

    def __init__(self, path: str | Path, *, timeout: float = 30.0) -> None:
        """Open (or create) the store at `path`; `":memory:"` keeps it in this process."""
        self.path = str(path)
        self._lock = threading.Lock()
        self._conn = sqlite3.connect(
            self.path, timeout=timeout, check_same_thread=False, isolation_level=None
        )
        if self.path != ":memory:":
            self._conn.execute("PRAGMA journal_mode=WAL")
        self._conn.execute(
            "PRAGMA synchronous=NORMAL" if self.path != ":memory:" else "PRAGMA synchronous=OFF"
        )
        self._conn.execute(_SCHEMA)

    def __repr__(self) -> str:
        return f"SQLiteCursorStore({self.path!r})"

    def load(self, key: CursorKey) -> CursorState:
        """The stored state, or an empty one."""
        with self._lock:
            row = self._conn.execute(
                "SELECT state FROM cursors WHERE marketplace=? AND shop_id=? AND job_id=?",
                (key.marketplace, key.shop_id, key.job_id),
            ).fetchone()
        return CursorState.from_json(row[0]) if row else CursorState()

    def save(self, key: CursorKey, state: CursorState) -> None:
        """Write `state` in one transaction."""
        with self._lock, self._transaction():
            self._conn.execute(
                "INSERT INTO cursors (marketplace, shop_id, job_id, state) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (marketplace, shop_id, job_id) DO UPDATE SET state=excluded.state",
                (key.marketplace, key.shop_id, key.job_id, state.to_json()),
            )

    def keys(self) -> list[CursorKey]:
        """Every key stored."""
        with self._lock:
            rows = self._conn.execute(
                "SELECT marketplace, shop_id, job_id FROM cursors ORDER BY 1, 2, 3"
            ).fetchall()
        return [CursorKey(*row) for row in rows]

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    def _transaction(self) -> _Transaction:
        return _Transaction(self._conn)


class _Transaction:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def __enter__(self) -> None:
        self._conn.execute("BEGIN IMMEDIATE")

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self._conn.execute("ROLLBACK" if exc_type else "COMMIT")
