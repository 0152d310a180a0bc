"""Sync jobs and the scheduler helper the host OMS embeds.

It speaks only to the `Channel` protocol and the marketplaces' descriptions
(`marketplace_sdk.core.MarketplaceDescription`), and names no marketplace. The pieces, from
the bottom up:

- pure window and scheduling decisions (`windows`, `schedule`): from `now` and the stored state,
  what a run covers and which runs are due;
- cursors (`CursorStore`, SQLite by default) that move only after the host's `Sink` took the
  records (at least once; records carry stable ids for upserts); a record the SDK cannot
  convert goes to `Sink.quarantine` as a `QuarantinedRecord` instead of stalling the shop, and
  `refetch_orders` fetches such orders again after a fix;
- the jobs: orders (new, by status, 90-day backfill), cancellations, the throttled catalogue
  import, order acceptance, webhook-triggered fetches, and stock and price pushes coalesced per
  SKU (`StockPusher`);
- the standard tasks wrapping them (`new_orders`, `status_orders`, `backfill`, `cancellations`,
  `accept_new_orders`, `catalogue`), which specs name as `marketplace_sdk.sync:new_orders`;
- jobs as data (`JobSpec`, `standard_schedule`) run by `run_job` with the host's `Runtime`, on
  the embedded runner (`EmbeddedRunner`, APScheduler 3 with a SQLite job store and a lease), on
  a simulated clock (`SimulatedScheduler`), or on Celery workers (`marketplace_sdk.sync.celery`,
  with the `celery` extra; not imported here).

Examples:
    >>> from marketplace_sdk.sync import ShopRef, standard_schedule
    >>> sorted(spec.id for spec in standard_schedule([ShopRef("fnac", "S1")]))[:3]
    ['catalogue.import', 'orders.accept', 'orders.backfill']
"""

from typing import TYPE_CHECKING

from marketplace_sdk.sync._accept import (
    AcceptDecision,
    AcceptPolicy,
    AcceptReport,
    OrderAcceptance,
    ShortLine,
    accept_orders,
)
from marketplace_sdk.sync._async.push import AsyncStockPusher
from marketplace_sdk.sync._cancellations import CancellationSink, sync_cancellations
from marketplace_sdk.sync._catalogue import (
    CatalogueThrottle,
    CategoryWithAttributes,
    import_catalogue,
    import_duration,
)
from marketplace_sdk.sync._cursors import (
    CursorKey,
    CursorState,
    CursorStore,
    MemoryCursorStore,
    SQLiteCursorStore,
)
from marketplace_sdk.sync._duplicates import SkuDuplicate
from marketplace_sdk.sync._jobs import (
    OrderSink,
    OrderSource,
    QuarantineSink,
    RunReport,
    SetAside,
    action_statuses,
    backfill_orders,
    sync_orders,
)
from marketplace_sdk.sync._lease import Lease, SQLiteLease
from marketplace_sdk.sync._offsale import CursorOffSaleStore
from marketplace_sdk.sync._push_plan import PushPolicy
from marketplace_sdk.sync._push_report import InvalidChangeError, PushReport
from marketplace_sdk.sync._quarantine import RefetchOutcome, refetch_orders, refetchable_ids
from marketplace_sdk.sync._runner_status import JobAlreadyRunning, RunnerStatus
from marketplace_sdk.sync._runtime import JobContext, JobRun, Runtime, StockLookup, run_job
from marketplace_sdk.sync._simulate import SimulatedScheduler
from marketplace_sdk.sync._sink import MemorySink, Sink
from marketplace_sdk.sync._specs import JobSpec, JobSpecError, ShopRef, resolve_job
from marketplace_sdk.sync._sync.push import StockPusher
from marketplace_sdk.sync._tasks import (
    accept_new_orders,
    backfill,
    cancellations,
    catalogue,
    new_orders,
    refetch,
    standard_schedule,
    status_orders,
)
from marketplace_sdk.sync._webhook import WebhookShopMismatchError, fetch_on_webhook
from marketplace_sdk.sync._windows import IntervalSet, Window

if TYPE_CHECKING:
    from marketplace_sdk.sync._runner import EmbeddedRunner


def __getattr__(name: str) -> object:
    # The embedded runner is the only part on APScheduler: a host that only pushes stock
    # (`StockPusher`) or runs jobs on Celery never loads the scheduler.
    if name == "EmbeddedRunner":
        from marketplace_sdk.sync._runner import EmbeddedRunner

        return EmbeddedRunner
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "AcceptDecision",
    "AcceptPolicy",
    "AcceptReport",
    "AsyncStockPusher",
    "CancellationSink",
    "CatalogueThrottle",
    "CategoryWithAttributes",
    "CursorKey",
    "CursorOffSaleStore",
    "CursorState",
    "CursorStore",
    "EmbeddedRunner",
    "IntervalSet",
    "InvalidChangeError",
    "JobAlreadyRunning",
    "JobContext",
    "JobRun",
    "JobSpec",
    "JobSpecError",
    "Lease",
    "MemoryCursorStore",
    "MemorySink",
    "OrderAcceptance",
    "OrderSink",
    "OrderSource",
    "PushPolicy",
    "PushReport",
    "QuarantineSink",
    "RefetchOutcome",
    "RunReport",
    "RunnerStatus",
    "Runtime",
    "SQLiteCursorStore",
    "SQLiteLease",
    "SetAside",
    "ShopRef",
    "ShortLine",
    "SimulatedScheduler",
    "Sink",
    "SkuDuplicate",
    "StockLookup",
    "StockPusher",
    "WebhookShopMismatchError",
    "Window",
    "accept_new_orders",
    "accept_orders",
    "action_statuses",
    "backfill",
    "backfill_orders",
    "cancellations",
    "catalogue",
    "fetch_on_webhook",
    "import_catalogue",
    "import_duration",
    "new_orders",
    "refetch",
    "refetch_orders",
    "refetchable_ids",
    "resolve_job",
    "run_job",
    "standard_schedule",
    "status_orders",
    "sync_cancellations",
    "sync_orders",
]
