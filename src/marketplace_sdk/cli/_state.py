"""What every command of one CLI run shares: the profile store, the clock, the browser opener.

The root command builds a `CliState` from its options; tests pass their own through
`CliRunner.invoke(app, args, obj=CliState(...))` (a `FakeClock`, an opener that fetches the
consent URL instead of a browser).

Examples:
    >>> from pathlib import Path
    >>> state = CliState(home=Path("/cfg"))
    >>> state.store.home.as_posix()
    '/cfg'
"""

from __future__ import annotations

import threading
import webbrowser
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs
import typer

from marketplace_sdk.cli._profiles import ProfileStore, default_home
from marketplace_sdk.core._clock import Clock, SystemClock

__all__ = ["CliState", "get_state", "wait_for_interrupt"]


def _open_browser(url: str) -> None:
    webbrowser.open(url, new=2)


def wait_for_interrupt(details: Mapping[str, object]) -> None:
    """Block until Ctrl-C: how `sandbox serve` waits while its server answers.

    `details` (the served sandbox's URL and credentials) is not used: the parameter is there
    because this is the default `CliState.serve_until`, which is called with them; a test's
    replacement uses them to call the server while it runs.

    Examples:
        wait_for_interrupt({"base_url": server.url})
    """
    stop = threading.Event()
    try:
        while not stop.wait(3600):
            pass
    except KeyboardInterrupt:
        return


@attrs.define
class CliState:
    """Settings shared by the commands of one run.

    Attributes:
        home: the config directory (`default_home()` when `None`).
        clock: the time source.
        opener: opens a consent URL for a `connect` command (the web browser by default).
        poll_interval: seconds between two polls of an offer batch, where the marketplace polls
            its batches (`None`: the client's).
        serve_until: called with the served sandbox's details; the server stops when it returns.

    Examples:
        >>> CliState().clock.now().tzinfo is not None
        True
    """

    home: Path | None = None
    clock: Clock = attrs.field(factory=SystemClock)
    opener: Callable[[str], None] = _open_browser
    poll_interval: float | None = None
    serve_until: Callable[[Mapping[str, object]], None] = wait_for_interrupt

    @property
    def store(self) -> ProfileStore:
        """The profile store in `home`.

        Examples:
            profile = state.store.load("etsy", "default")
        """
        return ProfileStore(self.home if self.home is not None else default_home())


def get_state(ctx: typer.Context) -> CliState:
    """The run's `CliState` (made on first use when the root command did not set one).

    Examples:
        state = get_state(ctx)
    """
    root = ctx.find_root()
    if not isinstance(root.obj, CliState):
        root.obj = CliState()
    return root.obj
