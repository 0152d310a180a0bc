"""What every benchmark shares: a sandbox served over a loopback socket, and figures with goals.

The SDK under measurement talks to the sandbox the way it talks to a marketplace: over TCP on
127.0.0.1, in real time (`SystemClock` on both sides), with the sandbox enforcing the
marketplace's limits and counting every request it answers in its call log. Counts come from
that log, never from the SDK's own arithmetic.

- `Served`: a sandbox behind a `LoopbackServer`, with the CPU time its server thread spent
  inside the sandbox app (`sandbox_cpu`), so a figure can set the SDK's cost against the
  sandbox's own, and every request the app answered by operation and status (`answered`),
  for the sandboxes that keep no call log of their own (Mirakl's).
- `Figure`: one measured value beside its goal and a PASS / FAIL mark (`INFO` when the issue
  sets no goal for it); `report` prints a benchmark's figures.
- `etsy_channel` / `fnac_channel` / `mirakl_channel`: channels connected to a served sandbox
  the way a host connects a shop.
- `repeat` / `Spread` / `median_figure`: the issue's figures are medians of 3 runs, each ratio
  taken within one run. `repeat(measure)` runs a measurement `runs()` times (3, or the
  `MARKETPLACE_SDK_BENCH_RUNS` environment variable; `python -m benchmarks --quick` sets it to
  1); `median_figure` computes a value per run (a ratio of that run's own numbers), and shows
  the median beside every run's value, the mark judged on the median.
"""

from __future__ import annotations

import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

import httpx

from marketplace_sdk.core import Clock, RateLimiter, SystemClock
from marketplace_sdk.etsy import (
    EtsyChannel,
    EtsyChannelOptions,
    EtsyClient,
    MemoryTokenStore,
    start_authorization,
)
from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac import FnacChannel, FnacClient, FnacCredentials
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl import MiraklChannel, MiraklChannelOptions, MiraklSellerClient
from marketplace_sdk.mirakl.sandbox import MiraklSandbox
from marketplace_sdk.testing import LoopbackServer

__all__ = [
    "RUNS_ENV",
    "Figure",
    "Served",
    "Spread",
    "etsy_channel",
    "etsy_client",
    "fnac_channel",
    "median",
    "median_figure",
    "mirakl_channel",
    "repeat",
    "report",
    "runs",
    "served",
    "spread",
]

T = TypeVar("T")

#: The environment variable naming how many runs each benchmark measures (3 by default).
RUNS_ENV = "MARKETPLACE_SDK_BENCH_RUNS"
#: Runs per figure when the environment names none: the issue's figures are medians of 3.
DEFAULT_RUNS = 3

#: What the sandbox's image downloads return: a few bytes starting like a JPEG.
FAKE_JPEG = b"\xff\xd8\xff\xe0sandbox-image"


@dataclass(frozen=True)
class Figure:
    """One measured figure, the goal it is held to, and whether it meets it.

    `passed` is `None` for a figure reported for context, with no goal of its own.
    """

    name: str
    value: str
    goal: str = ""
    passed: bool | None = None

    @property
    def mark(self) -> str:
        """`PASS`, `FAIL` or `INFO`."""
        if self.passed is None:
            return "INFO"
        return "PASS" if self.passed else "FAIL"

    def line(self) -> str:
        """The figure as one printable line."""
        goal = f"  [goal: {self.goal}]" if self.goal else ""
        return f"  {self.mark:4}  {self.name}: {self.value}{goal}"


def report(title: str, figures: Sequence[Figure], notes: Sequence[str] = ()) -> None:
    """Print a benchmark's figures under `title`, then its notes."""
    print(title)
    for figure in figures:
        print(figure.line())
    for note in notes:
        print(f"        {note}")


def median(values: Sequence[float]) -> float:
    """The median of `values` (the mean of the two middle ones for an even count)."""
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def runs() -> int:
    """How many times each benchmark runs its measurement: `MARKETPLACE_SDK_BENCH_RUNS`, else 3.

    Examples:
        runs()  # 3; 1 under `python -m benchmarks --quick`
    """
    given = os.environ.get(RUNS_ENV, "").strip()
    if not given:
        return DEFAULT_RUNS
    try:
        count = int(given)
    except ValueError:
        raise SystemExit(f"{RUNS_ENV} must be a whole number of runs, not {given!r}") from None
    if count < 1:
        raise SystemExit(f"{RUNS_ENV} must be at least 1, not {count}")
    return count


def repeat(measure: Callable[[], T], count: int | None = None) -> list[T]:
    """Run `measure` `count` times (`runs()` by default), each on its own, and return every result.

    Each run should set up its own sandbox and server, so one run's state never colours the
    next; a short line marks each run, the long ones take minutes.

    Examples:
        pushes = repeat(lambda: etsy_push())
        figure = median_figure("share of rate", pushes, lambda run: run.share_of_rate, ...)
    """
    count = runs() if count is None else count
    results: list[T] = []
    for number in range(1, count + 1):
        if count > 1:
            print(f"  (run {number} of {count})", flush=True)
        results.append(measure())
    return results


@dataclass(frozen=True)
class Spread:
    """One figure's value in each run, and their median (what the figure is judged on)."""

    values: tuple[float, ...]

    @property
    def median(self) -> float:
        """The median of the runs' values."""
        return median(self.values)

    def show(self, fmt: str = "{:.3f}") -> str:
        """`median (runs: a, b, c)`, each formatted with `fmt`; just the value for one run.

        Examples:
            >>> Spread((0.97, 0.99, 0.98)).show("{:.1%}")
            '98.0% (median of 3 runs: 97.0%, 99.0%, 98.0%)'
        """
        shown = fmt.format(self.median)
        if len(self.values) == 1:
            return shown
        each = ", ".join(fmt.format(value) for value in self.values)
        return f"{shown} (median of {len(self.values)} runs: {each})"


def spread(results: Sequence[T], value: Callable[[T], float]) -> Spread:
    """`value` of each run's result (a ratio computed within that run), as a `Spread`."""
    if not results:
        raise ValueError("a spread needs at least one run")
    return Spread(tuple(float(value(result)) for result in results))


def median_figure(
    name: str,
    results: Sequence[T],
    value: Callable[[T], float],
    fmt: str = "{:.3f}",
    *,
    goal: str = "",
    passes: Callable[[float], bool] | None = None,
    detail: str = "",
) -> Figure:
    """A figure whose value is the median over `results` of `value` (computed per run).

    `passes` judges the median (no goal: an INFO figure); `detail` follows the values.

    Examples:
        >>> runs_ = [{"ok": 9, "sent": 10}, {"ok": 10, "sent": 10}, {"ok": 8, "sent": 10}]
        >>> median_figure("ok share", runs_, lambda r: r["ok"] / r["sent"], "{:.0%}",
        ...               goal=">= 90 %", passes=lambda v: v >= 0.9).line()
        '  PASS  ok share: 90% (median of 3 runs: 90%, 100%, 80%)  [goal: >= 90 %]'
    """
    values = spread(results, value)
    shown = values.show(fmt) + (f"; {detail}" if detail else "")
    passed = None if passes is None else bool(passes(values.median))
    return Figure(name, shown, goal, passed)


#: A sandbox app a benchmark serves.
Sandbox = EtsySandbox | FnacSandbox | MiraklSandbox


class _TimedApp:
    """Passes each request to the sandbox, adds up the CPU time the sandbox spent on it and
    counts the answers by operation and status."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.sandbox = sandbox
        self.cpu = 0.0
        self.wall = 0.0
        self.answered: Counter[tuple[str, int]] = Counter()
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        cpu, wall = time.thread_time(), time.perf_counter()
        response = self.sandbox(request)
        response.read()
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        operation = self.sandbox.operation_of(request) or request.url.path
        with self._lock:
            self.cpu += cpu
            self.wall += wall
            self.answered[operation, response.status_code] += 1
        return response

    def operation_of(self, request: httpx.Request) -> str | None:
        return self.sandbox.operation_of(request)


@dataclass
class Served:
    """A sandbox answering on `url`; `sandbox_cpu` is its app's CPU time so far."""

    url: str
    app: _TimedApp

    @property
    def sandbox_cpu(self) -> float:
        """CPU seconds the server threads spent inside the sandbox app."""
        return self.app.cpu

    @property
    def answered(self) -> Counter[tuple[str, int]]:
        """Every request the sandbox app answered so far, by operation and status."""
        return self.app.answered


@contextmanager
def served(sandbox: Sandbox) -> Iterator[Served]:
    """Serve `sandbox` on a free loopback port for the duration of the block."""
    app = _TimedApp(sandbox)
    with LoopbackServer(app, faults=sandbox.faults, serialize=False) as server:
        yield Served(server.url, app)


def etsy_client(
    sandbox: EtsySandbox,
    url: str,
    clock: Clock | None = None,
    *,
    limiter: RateLimiter | None = None,
) -> EtsyClient:
    """A client of the sandbox's app over `url`, connected through the real PKCE flow.

    Clients given one `limiter` share the app's budget, as the clients of one app must.
    """
    client = EtsyClient(
        sandbox.keystring,
        sandbox.app.shared_secret,
        MemoryTokenStore(),
        base_url=url,
        clock=clock or SystemClock(),
        limiter=limiter,
    )
    flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])
    client.connect(flow, sandbox.approve_consent(flow.url))
    return client


def etsy_channel(
    sandbox: EtsySandbox,
    url: str,
    clock: Clock | None = None,
    *,
    limiter: RateLimiter | None = None,
) -> EtsyChannel:
    """The sandbox shop's channel over `url`, connected through the real PKCE flow."""
    client = etsy_client(sandbox, url, clock, limiter=limiter)
    return EtsyChannel(
        client,
        sandbox.shop_id,
        clock=clock or SystemClock(),
        options=EtsyChannelOptions(shipping_profile_id=next(iter(sandbox.world.profiles), None)),
        image_loader=lambda url: FAKE_JPEG,
    )


def fnac_channel(
    sandbox: FnacSandbox, url: str, clock: Clock | None = None, *, poll_interval: float
) -> FnacChannel:
    """The sandbox shop's channel over `url` (no Mirakl catalogue client)."""
    given = sandbox.credentials
    credentials = FnacCredentials(partner_id=given.partner_id, shop_id=given.shop_id, key=given.key)
    client = FnacClient(credentials, base_url=url + "/api.php/", clock=clock or SystemClock())
    return FnacChannel(client, poll_interval=poll_interval)


def mirakl_channel(sandbox: MiraklSandbox, url: str, clock: Clock | None = None) -> MiraklChannel:
    """The sandbox shop's channel over `url`: its API key, its shop id, no catalogue client."""
    client = MiraklSellerClient(sandbox.api_key, base_url=url, clock=clock or SystemClock())
    options = MiraklChannelOptions(seek_pagination=sandbox.seek_pagination)
    return MiraklChannel(client, shop_id=sandbox.seed.shop_id, options=options)
