"""The Celery app of the tests that kill workers: `celery -A tests.sync.celery.kill_app worker`.

It differs from `tests.sync.celery.app` in what makes a killed run come back in seconds rather
than minutes: a 3-second lease (so `configure` gives the broker a 4-second visibility
timeout) and workers that look for unacknowledged messages every second. It has its own
queue and lock prefix, and the test session points it at a Redis database of its own.
"""

from __future__ import annotations

import os
from datetime import timedelta

from celery import Celery
from tests.sync.celery.app import BROKER_ENV

from marketplace_sdk.sync.celery import configure

BROKER = os.environ.get(BROKER_ENV, "redis://127.0.0.1:6379/1")
QUEUE = "marketplace-sdk-kill-tests"
LOCK_PREFIX = "kill-lock:"
LEASE = timedelta(seconds=3)

app = Celery(
    "marketplace_sdk_celery_kill_tests", broker=BROKER, backend=BROKER, set_as_current=False
)
app.conf.update(
    task_serializer="json",
    result_serializer="json",
    accept_content=["json"],
    task_default_queue=QUEUE,
    worker_prefetch_multiplier=1,
    worker_hijack_root_logger=False,
    broker_connection_retry_on_startup=False,
    result_expires=timedelta(minutes=10),
    broker_transport_options={"unacked_restore_interval": 1, "unacked_restore_throttle": 1},
)
jobs = configure(
    app,
    [],
    runtime="tests.sync.celery.runtime:build_runtime",
    lock_prefix=LOCK_PREFIX,
    lock_ttl=LEASE,
)
