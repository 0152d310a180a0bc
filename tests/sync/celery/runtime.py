"""The Runtime the Celery test worker loads: in-process sandboxes and a SQLite sink.

The worker and the test process share two things only, both named by environment variables:
the Redis URL (broker, results and locks) and a SQLite file the sink writes to, so a test reads
what the worker delivered. Every shop gets its own sandbox, seeded the same way, so a test can
build the same shop in its own process and compare.
"""

from __future__ import annotations

import json
import os
import sqlite3
import zlib
from collections.abc import Iterator, Sequence
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from typing import Any

import redis
from tests.etsy._sync.harness import make_channel
from tests.fnac._sync.support import fnac_channel as sync_channel
from tests.sync.celery.app import BROKER_ENV, SINK_ENV

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._models import Cancellation, Category, Order, Product
from marketplace_sdk.core._records import QuarantinedRecord
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.etsy.sandbox._app import SandboxTokens
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.sync._cursors import MemoryCursorStore
from marketplace_sdk.sync._jobs import RunReport
from marketplace_sdk.sync._runtime import JobContext, Runtime
from marketplace_sdk.sync._sink import Sink
from marketplace_sdk.sync._specs import ShopRef
from marketplace_sdk.sync._tasks import new_orders

START = datetime(2026, 3, 1, 12, tzinfo=UTC)

_SCHEMA = """
CREATE TABLE IF NOT EXISTS records (
    kind TEXT, marketplace TEXT, shop_id TEXT, record_id TEXT, payload TEXT,
    PRIMARY KEY (kind, marketplace, shop_id, record_id)
);
CREATE TABLE IF NOT EXISTS secrets (value TEXT PRIMARY KEY);
"""


@contextmanager
def connect(path: str) -> Iterator[sqlite3.Connection]:
    with closing(sqlite3.connect(path, timeout=10)) as connection, connection:
        connection.executescript(_SCHEMA)
        yield connection


class SQLiteSink:
    """A sink that upserts into a SQLite file (the worker's side of the test's eyes)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def _upsert(self, kind: str, shop: ShopRef, rows: list[tuple[str, str]]) -> None:
        with connect(self.path) as db:
            db.executemany(
                "INSERT OR REPLACE INTO records VALUES (?, ?, ?, ?, ?)",
                [(kind, shop.marketplace, shop.shop_id, key, payload) for key, payload in rows],
            )

    def orders(self, shop: ShopRef, batch: Sequence[Order]) -> None:
        self._upsert("order", shop, [(o.order_id, o.model_dump_json()) for o in batch])

    def cancellations(self, shop: ShopRef, batch: Sequence[Cancellation]) -> None:
        self._upsert("cancellation", shop, [(c.order_id, c.model_dump_json()) for c in batch])

    def products(self, shop: ShopRef, batch: Sequence[Product]) -> None:
        self._upsert("product", shop, [(p.sku, p.model_dump_json()) for p in batch])

    def categories(self, shop: ShopRef, batch: Sequence[Category]) -> None:
        self._upsert("category", shop, [(c.id, c.model_dump_json()) for c in batch])

    def quarantine(self, shop: ShopRef, batch: Sequence[QuarantinedRecord]) -> None:
        self._upsert("quarantined", shop, [(q.key, q.model_dump_json()) for q in batch])


def delivered_orders(path: str, shop: ShopRef) -> set[str]:
    """The order ids the worker's sink stored for `shop`."""
    with connect(path) as db:
        rows = db.execute(
            "SELECT record_id FROM records WHERE kind = 'order' AND marketplace = ? "
            "AND shop_id = ?",
            (shop.marketplace, shop.shop_id),
        )
        return {row[0] for row in rows}


def known_secrets(path: str) -> set[str]:
    """Every credential the worker's channels were opened with."""
    with connect(path) as db:
        return {row[0] for row in db.execute("SELECT value FROM secrets")}


def _remember(path: str | None, *values: str) -> None:
    if path is None:
        return
    with connect(path) as db:
        db.executemany("INSERT OR IGNORE INTO secrets VALUES (?)", [(v,) for v in values])


class NamedShop:
    """A sandbox channel answering to the test's shop id, so every test shop has its own cursors
    (the sandboxes' own shop ids are the same for every seed)."""

    def __init__(self, channel: object, shop_id: str) -> None:
        self._channel, self.shop_id = channel, shop_id

    def __getattr__(self, name: str) -> object:
        return getattr(self._channel, name)


def open_channel(shop: ShopRef, clock: FakeClock, secrets_file: str | None = None) -> object:
    """A channel on a fresh sandbox shop, the same for the same `shop` in every process.

    Each shop id seeds its own sandbox, so two shops have different marketplace shop ids (which
    key their cursors) and a test can rebuild a worker's shop in its own process.
    """
    seed = zlib.crc32(shop.shop_id.encode())
    if shop.marketplace == "etsy":
        etsy = EtsySandbox.seeded(listings=20, orders=40, days=90, clock=clock, seed=seed)
        connect_shop = etsy.connect

        def connect_and_remember(*args: Any, **kwargs: Any) -> SandboxTokens:
            tokens = connect_shop(*args, **kwargs)
            _remember(secrets_file, tokens.access_token, tokens.refresh_token)
            return tokens

        etsy.connect = connect_and_remember  # type: ignore[method-assign]
        _remember(secrets_file, etsy.api_key.get_secret_value().split(":", 1)[1])
        return NamedShop(make_channel(etsy, clock), shop.shop_id)
    fnac = FnacSandbox.seeded(offers=10, orders=12, days=90, clock=clock, seed=seed)
    _remember(
        secrets_file,
        fnac.credentials.key,
        fnac.credentials.mirakl_api_key,
    )
    return NamedShop(sync_channel(fnac, clock), shop.shop_id)


def build_runtime() -> Runtime:
    """The worker's Runtime (loaded by reference, once per worker process)."""
    clock = FakeClock(START)
    sink_file = os.environ[SINK_ENV]
    sink: Sink = SQLiteSink(sink_file)
    return Runtime(
        channel_for=lambda shop: open_channel(shop, clock, sink_file),
        cursors=MemoryCursorStore(),
        sink=sink,
        clock=clock,
    )


def wait_at_gate(ctx: JobContext, *, gate: str, started: str, timeout: float = 20) -> RunReport:
    """A job that says it started, then blocks until the test opens its gate (a Redis list)."""
    client = redis.Redis.from_url(os.environ[BROKER_ENV])
    client.rpush(started, json.dumps({"shop": str(ctx.shop), "pid": os.getpid()}))
    if client.blpop([gate], timeout=timeout) is None:
        raise TimeoutError(f"nobody opened the gate {gate} in {timeout}s")
    return RunReport(job_id=ctx.spec.id, key=str(ctx.cursor_key()))


def new_orders_after_gate(
    ctx: JobContext, *, gate: str, started: str, timeout: float = 20, **kwargs: Any
) -> RunReport:
    """The standard `new_orders` job, once the test has opened its gate (see `wait_at_gate`)."""
    wait_at_gate(ctx, gate=gate, started=started, timeout=timeout)
    return new_orders(ctx, **kwargs)
