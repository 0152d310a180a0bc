"""What every benchmark shares: a sandbox served over a loopback socket, and figures with goals.

The SDK under measurement talks to the sandbox the way it talks to a marketplace: over TCP on
127.0.0.1, in real time (`SystemClock` on both sides), with the sandbox enforcing the
marketplace's limits and counting every request it answers in its call log. Counts come from
that log, never from the SDK's own arithmetic.

- `Served`: a sandbox behind a `LoopbackServer`, with the CPU time its server thread spent
  inside the sandbox app (`sandbox_cpu`), so a figure can set the SDK's cost against the
  sandbox's own.
- `Figure`: one measured value beside its goal and a PASS / FAIL mark (`INFO` when the issue
  sets no goal for it); `report` prints a benchmark's figures.
- `etsy_channel` / `fnac_channel`: channels connected to a served sandbox the way a host
  connects a shop.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import httpx

from marketplace_sdk.core import Clock, SystemClock
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
from marketplace_sdk.testing import LoopbackServer

__all__ = [
    "Figure",
    "Served",
    "etsy_channel",
    "fnac_channel",
    "median",
    "report",
    "served",
]

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


class _TimedApp:
    """Passes each request to the sandbox and adds up the CPU time the sandbox spent on it."""

    def __init__(self, sandbox: EtsySandbox | FnacSandbox) -> None:
        self.sandbox = sandbox
        self.cpu = 0.0
        self.wall = 0.0
        self._lock = threading.Lock()

    def __call__(self, request: httpx.Request) -> httpx.Response:
        cpu, wall = time.thread_time(), time.perf_counter()
        response = self.sandbox(request)
        response.read()
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        with self._lock:
            self.cpu += cpu
            self.wall += wall
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


@contextmanager
def served(sandbox: EtsySandbox | FnacSandbox) -> Iterator[Served]:
    """Serve `sandbox` on a free loopback port for the duration of the block."""
    app = _TimedApp(sandbox)
    with LoopbackServer(app, faults=sandbox.faults, serialize=False) as server:
        yield Served(server.url, app)


def etsy_channel(sandbox: EtsySandbox, url: str, clock: Clock | None = None) -> EtsyChannel:
    """The sandbox shop's channel over `url`, connected through the real PKCE flow."""
    client = EtsyClient(
        sandbox.keystring,
        sandbox.app.shared_secret,
        MemoryTokenStore(),
        base_url=url,
        clock=clock or SystemClock(),
    )
    flow = start_authorization(sandbox.keystring, sandbox.app.redirect_uris[0])
    client.connect(flow, sandbox.approve_consent(flow.url))
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
