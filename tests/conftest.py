"""Shared fixtures.

`shared_specs` points at the marketplaces' published specs in `../shared/specs` (next to the
repository). Without them the tests that need them skip with a reason; CI sets
`MARKETPLACE_SDK_REQUIRE_SHARED=1`, which turns that skip into a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from marketplace_sdk.core._clock import FakeClock

REPO_ROOT = Path(__file__).resolve().parent.parent

# No test asserts on time: hypothesis's per-example deadline (200 ms) and its too-slow health
# check are timings, and on a shared machine running the suite on every CPU an example that
# takes 250 ms is load, not a bug (a sandbox property failed so once). Tests that settle their
# own settings keep them; the rest run without a clock.
settings.register_profile("suite", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("suite")

# End-of-session lines of the modules whose tests may run in an xdist worker.
pytest_plugins = ["tests.session_lines"]


def _shared_root() -> Path:
    override = os.environ.get("MARKETPLACE_SDK_SHARED")
    return Path(override) if override else REPO_ROOT.parent / "shared"


def _require_shared(sub: str) -> Path:
    path = _shared_root() / sub
    if path.is_dir():
        return path
    reason = (
        f"{path} is absent: the published marketplace specs live in ../shared next to the "
        "repository (set MARKETPLACE_SDK_SHARED to point elsewhere)"
    )
    if os.environ.get("MARKETPLACE_SDK_REQUIRE_SHARED") == "1":
        pytest.fail(reason)
    pytest.skip(reason)


# The FNAC sandbox validates requests against FNAC's XSDs, read where they are published.
_FNAC_XSD = _shared_root() / "specs" / "fnac-legacy" / "xsd"
if _FNAC_XSD.is_dir():
    os.environ.setdefault("MARKETPLACE_SDK_FNAC_XSD", str(_FNAC_XSD))


@pytest.fixture(scope="session")
def shared_specs() -> Path:
    """`../shared/specs`, or a skip (a failure in CI) when it is absent."""
    return _require_shared("specs")


@pytest.fixture(scope="session")
def shared_seeds() -> Path:
    """`../shared/seeds`, or a skip (a failure in CI) when it is absent."""
    return _require_shared("seeds")


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock starting 2026-01-01T00:00:00Z; sleeping on it returns at once."""
    return FakeClock()


# --- the suite on every CPU ------------------------------------------------------------------
# `make unit` runs the suite under pytest-xdist with `--dist loadgroup`: each test goes to
# whichever worker is free, except tests sharing something costly made once per process, which
# go to one worker so that it is made once:
# - `tests/chaos/test_chaos.py`: one marketplace's chaos figures (five seeded runs,
#   `tests/chaos/conftest.py`), grouped by marketplace;
# - `tests/demo/test_demo.py`: its module's `result`, the demo's whole simulated day;
# - the Mirakl MMP contract tests: the published document, loaded and checked as an OpenAPI
#   document once per process (`tests/mirakl/mmp_contract.py`).
# xdist's `xdist_group` mark would say so by a suffix to the node id, which pytest 9 no longer
# lets a plugin change; the scheduler below reads the group from the node id instead.

_FILE_GROUPS = {
    "tests/demo/test_demo.py": "demo",
    "tests/mirakl/test_mmp_endpoints.py": "mmp-document",
    "tests/mirakl/test_mmp_sandbox.py": "mmp-document",
    "tests/mirakl/test_mmp_sandbox_customers.py": "mmp-document",
}


def _group_of(nodeid: str) -> str | None:
    path, _, rest = nodeid.partition("::")
    if path == "tests/chaos/test_chaos.py" and rest.endswith("]"):
        return "chaos-" + rest[rest.rindex("[") + 1 : -1]
    return _FILE_GROUPS.get(path)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: object) -> object:
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class Scheduling(LoadGroupScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return _group_of(nodeid) or super()._split_scope(nodeid)

    return Scheduling(config, log)  # type: ignore[arg-type]


# --- real time slept by the whole suite -------------------------------------------------------
# No test may wait for real time: every wait goes through a FakeClock. This guard counts the real
# sleeps the suite does anyway and fails the run past one second in all. Under pytest-xdist
# (`make unit`) each worker counts its own sleeps and sends them to the controlling process,
# which adds them up and holds the whole suite to the one budget.

_REAL_SLEEP_BUDGET = 1.0
_slept = [0.0]


def pytest_configure(config: pytest.Config) -> None:
    import asyncio
    import time

    real_sleep, real_async_sleep = time.sleep, asyncio.sleep

    def counting_sleep(seconds: float) -> None:
        _slept[0] += max(0.0, seconds)
        real_sleep(seconds)

    async def counting_async_sleep(delay: float, result: object = None) -> object:
        _slept[0] += max(0.0, delay)
        return await real_async_sleep(delay, result)

    time.sleep = counting_sleep
    asyncio.sleep = counting_async_sleep  # type: ignore[assignment]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    _slept[0] += getattr(node, "workeroutput", {}).get("real_time_slept", 0.0)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    terminalreporter.write_line(f"real time slept by the suite: {_slept[0]:.3f}s")


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a worker: the controlling process judges the total
        workeroutput["real_time_slept"] = _slept[0]
        return
    if _slept[0] > _REAL_SLEEP_BUDGET and exitstatus == 0:
        session.exitstatus = 1
        print(f"\nthe suite slept {_slept[0]:.3f}s of real time (budget {_REAL_SLEEP_BUDGET}s)")
