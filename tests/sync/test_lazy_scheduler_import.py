"""APScheduler loads only with the embedded runner: a host that pushes stock never pays for it."""

from __future__ import annotations

import subprocess
import sys

import pytest

_PROBE = """
import sys
import marketplace_sdk.sync
from marketplace_sdk.sync import StockPusher, AsyncStockPusher, JobAlreadyRunning, RunnerStatus
before = sorted(name for name in sys.modules if name.split(".")[0] == "apscheduler")
from marketplace_sdk.sync import EmbeddedRunner
after = any(name.split(".")[0] == "apscheduler" for name in sys.modules)
print(before, after, EmbeddedRunner.__name__)
"""


def test_importing_sync_for_the_stock_pusher_leaves_apscheduler_unloaded() -> None:
    # A fresh interpreter: this one has loaded the runner for other tests already.
    done = subprocess.run(
        [sys.executable, "-c", _PROBE], capture_output=True, text=True, check=True
    )

    assert done.stdout.split() == ["[]", "True", "EmbeddedRunner"]


def test_an_unknown_name_is_still_an_attribute_error() -> None:
    import marketplace_sdk.sync as sync

    with pytest.raises(AttributeError, match="NoSuchThing"):
        sync.NoSuchThing  # type: ignore[attr-defined]  # noqa: B018
