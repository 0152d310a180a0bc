"""The Celery app the test worker runs: `celery -A tests.sync.celery.app worker`.

The broker, result backend and locks are the test's Redis, named by an environment variable the
worker fixture sets (the test process, which imports this module while collecting, points the
app at it in its `celery_app` fixture).
"""

from __future__ import annotations

import os
from datetime import timedelta

from celery import Celery

from marketplace_sdk.sync._specs import JobSpec, ShopRef
from marketplace_sdk.sync._tasks import standard_schedule
from marketplace_sdk.sync.celery import configure

#: Names the test Redis (broker, results, locks) in the worker's and the jobs' environment.
BROKER_ENV = "MARKETPLACE_SDK_CELERY_TEST_BROKER"
#: Names the SQLite file the worker's sink writes to.
SINK_ENV = "MARKETPLACE_SDK_CELERY_TEST_SINK"

# The runtime (sandboxes, channels, sink) is imported by reference on the first task only, so
# the worker starts without it.
BROKER = os.environ.get(BROKER_ENV, "redis://127.0.0.1:6379/0")
QUEUE = "marketplace-sdk-tests"
LOCK_PREFIX = "test-lock:"
BEAT_SHOPS = (ShopRef("etsy", "beat-etsy"), ShopRef("fnac", "beat-fnac"))
GATED = JobSpec("gated", "tests.sync.celery.runtime:wait_at_gate", timedelta(minutes=1))

app = Celery("marketplace_sdk_celery_tests", broker=BROKER, backend=BROKER, set_as_current=False)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_default_queue=QUEUE,
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=False,
    result_expires=timedelta(minutes=10),
)
jobs = configure(
    app,
    [*standard_schedule(BEAT_SHOPS, jitter=timedelta(0)), GATED],
    runtime="tests.sync.celery.runtime:build_runtime",
    lock_prefix=LOCK_PREFIX,
    lock_ttl=timedelta(seconds=30),
)
