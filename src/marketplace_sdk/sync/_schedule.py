"""Pure scheduling decisions: which (job, shop) pairs are due at `now`, and when they run next.

No clock reads: the caller passes `now` and the stored state, and gets back what to run, what it
skipped and the new state. The simulated scheduler (`marketplace_sdk.sync._simulate`) and the
tests use it directly; the embedded runner hands the same rules (interval, coalescing, misfire
grace, jitter) to APScheduler.

The rules, per entry (one job for one shop):

- the first run is due at start + jitter (`run_at_start`), else one interval later;
- when due, it runs once; the next due time is the first point of the interval grid after
  `now`, so a scheduler that was down for hours does not fire a burst of runs;
- with `coalesce` off, a run later than `misfire_grace` after its due time is skipped instead
  (the next run's window still covers the gap: the cursor has not moved).

Examples:
    >>> from datetime import UTC, datetime, timedelta
    >>> from marketplace_sdk.sync._specs import JobSpec, ShopRef
    >>> spec = JobSpec("orders.new", "m:f", timedelta(minutes=5), shops=(ShopRef("etsy", "1"),),
    ...                run_at_start=True)
    >>> start = datetime(2026, 3, 1, tzinfo=UTC)
    >>> state = initial_state([spec], start)
    >>> decision = due([spec], state, start + timedelta(minutes=12))
    >>> [name for name, _ in decision.run], decision.state["orders.new@etsy/1"].isoformat()
    (['orders.new@etsy/1'], '2026-03-01T00:15:00+00:00')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import attrs

from marketplace_sdk.core._clock import ensure_utc
from marketplace_sdk.sync._specs import JobSpec, ShopRef

__all__ = ["Decision", "due", "initial_state", "next_due_after"]

#: Next due time of each entry, by `JobSpec.name_for(shop)`.
State = Mapping[str, datetime]


def initial_state(specs: Sequence[JobSpec], start: datetime) -> dict[str, datetime]:
    """The first due time of every entry when a scheduler starts at `start`.

    Examples:
        >>> from datetime import UTC, datetime, timedelta
        >>> from marketplace_sdk.sync._specs import JobSpec, ShopRef
        >>> spec = JobSpec("a", "m:f", timedelta(hours=1), shops=(ShopRef("fnac", "S"),))
        >>> initial_state([spec], datetime(2026, 3, 1, tzinfo=UTC))["a@fnac/S"].hour
        1
    """
    start = ensure_utc(start)
    state: dict[str, datetime] = {}
    for spec in specs:
        for shop in spec.shops:
            first = start if spec.run_at_start else start + spec.interval
            state[spec.name_for(shop)] = first + spec.jitter_for(shop)
    return state


def next_due_after(due_at: datetime, interval_seconds: float, now: datetime) -> datetime:
    """The first point of the grid `due_at + k * interval` strictly after `now`.

    Examples:
        >>> from datetime import UTC, datetime
        >>> at = datetime(2026, 3, 1, tzinfo=UTC)
        >>> next_due_after(at, 300, at.replace(minute=12)).minute
        15
    """
    if now < due_at:
        return due_at
    elapsed = (now - due_at).total_seconds()
    steps = int(elapsed // interval_seconds) + 1
    return due_at + timedelta(seconds=steps * interval_seconds)


@attrs.frozen
class Decision:
    """What to do at `now`.

    Attributes:
        run: the entries to run now, as `(name, (spec, shop))`, in spec order.
        skipped: entries whose run was missed beyond their misfire grace (not coalesced).
        state: the next due time of every entry.
    """

    run: list[tuple[str, tuple[JobSpec, ShopRef]]]
    skipped: list[str]
    state: dict[str, datetime]

    @property
    def next_wakeup(self) -> datetime | None:
        """The earliest next due time, when there is any entry.

        Examples:
            wake = decision.next_wakeup
        """
        return min(self.state.values(), default=None)


def due(specs: Sequence[JobSpec], state: State, now: datetime) -> Decision:
    """Which entries run at `now`, which are skipped, and the next due times.

    Entries missing from `state` (a shop added later) start as if the scheduler started now.

    Examples:
        decision = due(specs, state, now)
        for name, (spec, shop) in decision.run: run_job(spec, shop, runtime)
    """
    now = ensure_utc(now)
    fresh = initial_state(specs, now)
    run: list[tuple[str, tuple[JobSpec, ShopRef]]] = []
    skipped: list[str] = []
    new_state: dict[str, datetime] = {}
    for spec in specs:
        for shop in spec.shops:
            name = spec.name_for(shop)
            due_at = state.get(name, fresh[name])
            if due_at > now:
                new_state[name] = due_at
                continue
            late = now - due_at
            if spec.coalesce or late <= spec.misfire_grace:
                run.append((name, (spec, shop)))
            else:
                skipped.append(name)
            new_state[name] = next_due_after(due_at, spec.interval.total_seconds(), now)
    return Decision(run=run, skipped=skipped, state=new_state)
