"""FNAC push of stock and price for 100,000 offers through `StockPusher`, over a loopback socket.

Set-up: a FNAC sandbox shop of 100,000 offers served by `LoopbackServer` on 127.0.0.1, in real
time; it applies an offer batch `BATCH_DELAY` seconds after `offers_update` (FNAC takes longer;
a short delay keeps the benchmark short and still shows whether chunks wait for each other).
The channel polls `batch_status` every `POLL_INTERVAL` seconds. The host reports a new
quantity and a new price for every offer, then flushes the pusher once.

- `offers_update` calls: counted by the sandbox; FNAC takes 10,000 offers a call, so stock and
  price changing together need 10. `batch_status` polls are counted too: the channel keeps
  batches in flight, so each batch is polled about once, when it is done.
- SDK CPU time: the CPU time of the thread that runs the push (request encoding, response
  parsing, the pusher and channel logic, and the garbage collections it triggers); the
  sandbox's own time is the CPU time its server threads spent inside the sandbox app for the
  same requests, in the same run.

The sandbox is served from a process of its own, as FNAC is: in the benchmark's process its
100,000 offers and each batch's 10,000 lines were objects the SDK's garbage collections walked
and its allocations triggered, a cost no user pays. The socket is still a real loopback one,
and the requests are still counted by the sandbox, in its process. With a `FakeClock` (the
smoke test) both sides share the clock, so the sandbox is served in-process.

Run with `python -m benchmarks fnac`.
"""

from __future__ import annotations

import math
import multiprocessing
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from multiprocessing.connection import Connection
from typing import Protocol

from benchmarks._harness import Figure, Served, median_figure, repeat, report, served
from marketplace_sdk import Money
from marketplace_sdk.core import Clock, SystemClock
from marketplace_sdk.fnac import FnacChannel, FnacClient, FnacCredentials
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.sync._sync.push import StockPusher

__all__ = ["FnacRun", "figures", "figures_of", "fnac_push", "main"]

OFFERS = 100_000
PER_CALL = 10_000
BATCH_DELAY = 1.0
POLL_INTERVAL = 0.5


@dataclass(frozen=True)
class FnacRun:
    """One push as the sandbox saw it."""

    offers: int
    ok: int
    requests: Counter[str]
    seconds: float
    sdk_cpu: float
    sandbox_cpu: float


def fnac_push(offers: int = OFFERS, clock: Clock | None = None) -> FnacRun:
    """Push a new stock and price for each of `offers` offers.

    `clock` is the time of both the sandbox and the SDK: the system clock for the figures, a
    `FakeClock` for a smoke test.
    """
    if clock is None:
        with _SandboxProcess(offers) as remote:
            return _push(remote, SystemClock())
    sandbox = FnacSandbox.seeded(offers=offers, orders=0, batch_delay=BATCH_DELAY, clock=clock)
    with served(sandbox) as server:
        return _push(_InProcess(sandbox, server), clock)


def _push(shop: _Shop, clock: Clock) -> FnacRun:
    partner_id, shop_id, key = shop.credentials
    client = FnacClient(
        FnacCredentials(partner_id=partner_id, shop_id=shop_id, key=key),
        base_url=shop.url + "/api.php/",
        clock=clock,
    )
    pusher = StockPusher(FnacChannel(client, poll_interval=POLL_INTERVAL), clock=clock)
    for position, sku in enumerate(shop.skus):
        pusher.stock_changed(sku, 1 + position % 50)
        amount = Decimal(10 + position % 90) + Decimal("0.99")
        pusher.price_changed(sku, Money(amount=amount, currency="EUR"))
    shop.start()
    cpu, wall = time.thread_time(), clock.monotonic()
    result = pusher.flush(force=True)
    cpu, wall = time.thread_time() - cpu, clock.monotonic() - wall
    sandbox_cpu, requests = shop.stop()
    return FnacRun(
        offers=len(shop.skus),
        ok=len(result.ok),
        requests=requests,
        seconds=wall,
        sdk_cpu=cpu,
        sandbox_cpu=sandbox_cpu,
    )


class _Shop(Protocol):
    """A served sandbox shop as the push sees it: where it answers, and what it counted."""

    url: str
    credentials: tuple[str, str, str]
    skus: list[str]

    def start(self) -> None:
        """Forget the requests so far and start counting the sandbox's CPU time."""

    def stop(self) -> tuple[float, Counter[str]]:
        """The sandbox's CPU time since `start`, and the requests it answered, by operation."""


def _counted(sandbox: FnacSandbox) -> Counter[str]:
    return Counter(call.operation or call.path for call in sandbox.calls.calls)


class _InProcess:
    """The sandbox served by a thread of this process (with a `FakeClock` shared by both)."""

    def __init__(self, sandbox: FnacSandbox, server: Served) -> None:
        given = sandbox.credentials
        self.url = server.url
        self.credentials = (given.partner_id, given.shop_id, given.key)
        self.skus = sorted(sandbox.state.offers)
        self._sandbox, self._server, self._before = sandbox, server, 0.0

    def start(self) -> None:
        self._sandbox.calls.clear()
        self._before = self._server.sandbox_cpu

    def stop(self) -> tuple[float, Counter[str]]:
        return self._server.sandbox_cpu - self._before, _counted(self._sandbox)


def _serve(connection: Connection, offers: int) -> None:
    """The sandbox process: seed, serve, count between the parent's `start` and `stop`."""
    sandbox = FnacSandbox.seeded(offers=offers, orders=0, batch_delay=BATCH_DELAY)
    with served(sandbox) as server:
        shop = _InProcess(sandbox, server)
        connection.send((shop.url, shop.credentials, shop.skus))
        while (command := connection.recv()) != "quit":
            if command == "start":
                shop.start()
                connection.send(None)
            else:
                connection.send(shop.stop())


class _SandboxProcess:
    """The sandbox served by a process of its own, on the system clock."""

    url: str
    credentials: tuple[str, str, str]
    skus: list[str]

    def __init__(self, offers: int) -> None:
        context = multiprocessing.get_context("spawn")
        self._connection, theirs = context.Pipe()
        self._process = context.Process(target=_serve, args=(theirs, offers), daemon=True)

    def __enter__(self) -> _SandboxProcess:
        self._process.start()
        self.url, self.credentials, self.skus = self._connection.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self._connection.send("quit")
        self._process.join(timeout=30)

    def start(self) -> None:
        self._connection.send("start")
        self._connection.recv()

    def stop(self) -> tuple[float, Counter[str]]:
        self._connection.send("stop")
        answer: tuple[float, Counter[str]] = self._connection.recv()
        return answer


def figures(run: FnacRun) -> list[Figure]:
    """The figures of a single push against the issue's goals."""
    return figures_of([run])


def _ratio(run: FnacRun) -> float:
    return run.sdk_cpu / run.sandbox_cpu if run.sandbox_cpu else math.inf


def figures_of(runs: Sequence[FnacRun]) -> list[Figure]:
    """The push's figures against the issue's goals: the median over `runs` of each value,
    every ratio taken within its own run."""
    run = runs[-1]
    needed = math.ceil(run.offers / PER_CALL)
    calls = ", ".join(f"{op} {count}" for op, count in sorted(run.requests.items()))
    last = " (last run)" if len(runs) > 1 else ""
    return [
        Figure(
            "applied",
            f"{run.ok:,} of {2 * run.offers:,} changes (stock and price) in {run.seconds:.1f} s; "
            f"requests: {calls}{last}",
        ),
        median_figure(
            "offers_update calls",
            runs,
            lambda one: one.requests.get("offers_update", 0),
            "{:.0f}",
            goal=f"{needed} (stock and price together, {PER_CALL:,} offers a call)",
            passes=lambda value: value <= needed,
        ),
        median_figure(
            "batch_status polls",
            runs,
            lambda one: one.requests.get("batch_status", 0),
            "{:.0f}",
            goal=f"about {needed}: batches pipelined, each polled once it is done",
            detail=f"offers_query {run.requests.get('offers_query', 0)}{last}",
        ),
        median_figure(
            "push wall time", runs, lambda one: one.seconds, "{:.1f} s", detail="batches included"
        ),
        median_figure(
            "SDK CPU time",
            runs,
            lambda one: one.sdk_cpu,
            "{:.2f} s",
            goal="<= 1 s",
            passes=lambda value: value <= 1.0,
        ),
        median_figure(
            "sandbox CPU time",
            runs,
            lambda one: one.sandbox_cpu,
            "{:.2f} s",
            detail="its own work, in its own process",
        ),
        median_figure(
            "SDK CPU vs the sandbox's own",
            runs,
            _ratio,
            "{:.2f}x",
            goal="<= 0.5x",
            passes=lambda value: value <= 0.5,
        ),
    ]


def main() -> None:
    """Print the FNAC push figures."""
    runs = repeat(fnac_push)
    run = runs[-1]
    report(
        f"FNAC stock and price push of {run.offers:,} offers, over loopback to a sandbox in its "
        f"own process (batches applied {BATCH_DELAY:g} s after offers_update, polled every "
        f"{POLL_INTERVAL:g} s)",
        figures_of(runs),
    )


if __name__ == "__main__":
    main()
