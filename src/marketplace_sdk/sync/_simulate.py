"""Run a schedule on an accelerated clock: days of scheduled jobs in seconds.

`SimulatedScheduler` applies the same rules as the embedded runner (`_schedule`)
to a `FakeClock`: it jumps the clock to the next due time, runs what is due there (one run per
job and shop, in spec order), and repeats until the end. The demo and the end-to-end tests use
it against the sandboxes, whose clocks are the same `FakeClock`, so orders placed "at 14:00"
are seen by the 14:05 run.

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> from marketplace_sdk.core._clock import FakeClock
    >>> from marketplace_sdk.sync._cursors import MemoryCursorStore
    >>> from marketplace_sdk.sync._runtime import Runtime
    >>> from marketplace_sdk.sync._sink import MemorySink
    >>> from marketplace_sdk.sync._specs import JobSpec, ShopRef
    >>> class NoOrders:
    ...     marketplace, shop_id = "etsy", "42"
    ...     def iter_orders(self, since, until, statuses=None, *, quarantine=None):
    ...         return iter(())
    >>> clock = FakeClock(datetime(2026, 3, 1, tzinfo=UTC))
    >>> runtime = Runtime(channel_for=lambda shop: NoOrders(), cursors=MemoryCursorStore(),
    ...                   sink=MemorySink(), clock=clock)
    >>> spec = JobSpec("orders.new", "marketplace_sdk.sync:new_orders",
    ...                timedelta(minutes=5), shops=(ShopRef("etsy", "42"),))
    >>> scheduler = SimulatedScheduler([spec], runtime, clock)
    >>> runs = scheduler.run_for(timedelta(hours=1))
    >>> len(runs), clock.now().isoformat()
    (12, '2026-03-01T01:00:00+00:00')
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta

from marketplace_sdk.core._clock import FakeClock, ensure_utc
from marketplace_sdk.sync._runtime import JobRun, Runtime, run_job
from marketplace_sdk.sync._schedule import due, initial_state
from marketplace_sdk.sync._specs import JobSpec

__all__ = ["SimulatedScheduler"]

logger = logging.getLogger(__name__)


class SimulatedScheduler:
    """The embedded runner's rules on a `FakeClock`, run by hand.

    `on_run` is called with each `JobRun` as it finishes (a progress bar, a log). Runs happen
    one after another; the clock stands still during a run unless the job itself waits on it
    (a throttled import does).

    Examples:
        scheduler = SimulatedScheduler(standard_schedule(shops), runtime, clock)
        runs = scheduler.run_until(clock.now() + timedelta(days=1))
    """

    def __init__(
        self,
        specs: Sequence[JobSpec],
        runtime: Runtime,
        clock: FakeClock,
        *,
        on_run: Callable[[JobRun], object] | None = None,
    ) -> None:
        self.specs = list(specs)
        self.runtime = runtime
        self.clock = clock
        self.on_run = on_run
        self.state = initial_state(self.specs, clock.now())
        self.runs: list[JobRun] = []
        self.skipped: list[tuple[datetime, str]] = []

    def __repr__(self) -> str:
        return f"SimulatedScheduler({len(self.specs)} specs, {len(self.runs)} runs)"

    def next_wakeup(self) -> datetime | None:
        """When the next entry is due.

        Examples:
            when = scheduler.next_wakeup()
        """
        return min(self.state.values(), default=None)

    def run_until(self, end: datetime) -> list[JobRun]:
        """Run every entry due up to `end` (inclusive), then leave the clock at `end`.

        Returns the runs of this call.

        Examples:
            runs = scheduler.run_until(clock.now() + timedelta(hours=6))
        """
        end = ensure_utc(end)
        runs: list[JobRun] = []
        while True:
            wakeup = self.next_wakeup()
            if wakeup is None or wakeup > end:
                break
            if wakeup > self.clock.now():
                self.clock.set(wakeup)
            decision = due(self.specs, self.state, self.clock.now())
            self.state = decision.state
            for name in decision.skipped:
                logger.info("%s: missed its run beyond the misfire grace; skipped", name)
                self.skipped.append((self.clock.now(), name))
            for _name, (spec, shop) in decision.run:
                run = run_job(spec, shop, self.runtime)
                runs.append(run)
                if self.on_run is not None:
                    self.on_run(run)
        if self.clock.now() < end:
            self.clock.set(end)
        self.runs.extend(runs)
        return runs

    def run_for(self, span: timedelta) -> list[JobRun]:
        """Run the schedule for `span` of simulated time from the clock's now.

        Examples:
            runs = scheduler.run_for(timedelta(days=1))
        """
        return self.run_until(self.clock.now() + span)
