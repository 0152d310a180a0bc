"""What the embedded runner reports about itself, and the errors it raises.

Examples:
    >>> RunnerStatus("leader", None, ()).role
    'leader'
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import attrs

from marketplace_sdk.core._errors import ErrorClass, MarketplaceError
from marketplace_sdk.sync._runtime import JobRun

__all__ = ["EntryStatus", "JobAlreadyRunning", "Role", "RunnerError", "RunnerStatus"]

#: A runner's part: scheduling (`leader`), waiting for the lease (`standby`) or `stopped`.
Role = Literal["stopped", "standby", "leader"]


class RunnerError(MarketplaceError):
    """The runner was used out of order (started twice, started after shutdown).

    Examples:
        >>> RunnerError("already started").error_class.value
        'system'
    """


class JobAlreadyRunning(RunnerError):
    """A manual run was asked for a job already running for that shop; try again after it.

    Examples:
        >>> JobAlreadyRunning("orders.new@etsy/42 is already running").error_class.value
        'transient'
    """

    default_class = ErrorClass.TRANSIENT


@attrs.frozen
class EntryStatus:
    """One scheduled entry (a job for a shop), as `EmbeddedRunner.status()` sees it.

    Attributes:
        name: `job@marketplace/shop`.
        next_run_at: when it runs next (`None` while this process does not schedule).
        running: whether a run is in progress here.
        last_run: the last finished run in this process, if any.

    Examples:
        >>> EntryStatus("orders.new@etsy/42", "orders.new", "etsy/42", None, False, None).running
        False
    """

    name: str
    job_id: str
    shop: str
    next_run_at: datetime | None
    running: bool
    last_run: JobRun | None


@attrs.frozen
class RunnerStatus:
    """What a runner is doing: its role, its lease holder and every entry.

    Attributes:
        role: `leader` (schedules), `standby` (waits for the lease) or `stopped`.
        lease_holder: this process's lease holder id (`None` without a lease).
        entries: one per job and shop, in spec order.

    Examples:
        >>> RunnerStatus("standby", "host:1:ab", ()).running
        ()
    """

    role: Role
    lease_holder: str | None
    entries: tuple[EntryStatus, ...]

    @property
    def running(self) -> tuple[str, ...]:
        """Names of the entries with a run in progress."""
        return tuple(entry.name for entry in self.entries if entry.running)
