"""The chaos runs, made once per session and shared by the tests that read their figures.

The figures of every run are printed at the end of the session, one line per marketplace and
seed (what the OMS holds against the sandbox, retries, quarantined records, failed runs,
reconnects, and the faults on the token endpoint), with the fault classes fired and seen (`-v`).

Under pytest-xdist (`make unit`) the tests reading one marketplace's figures share a worker
(`tests/conftest.py` groups them): each worker would otherwise run every seed again.
Under coverage the first seed is measured; the others run the same sync again untraced
(`tests.unmeasured`), which makes the chaos tests about half as costly in CPU.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from tests import session_lines
from tests.chaos.harness import ChaosFigures, run_chaos, seeds
from tests.unmeasured import unmeasured

_figures: dict[str, list[ChaosFigures]] = {}
_SECTION = "chaos: 20 % mixed faults, backfill and a simulated day"


def chaos_figures(marketplace: str) -> list[ChaosFigures]:
    """The figures of every seed for `marketplace`, run on first use."""
    if marketplace not in _figures:
        # Thousands of faults: the SDK's retry warnings would drown the test output.
        sdk = logging.getLogger("marketplace_sdk")
        level, sdk.level = sdk.level, logging.ERROR
        try:
            first, *others = seeds()
            _figures[marketplace] = [run_chaos(marketplace, first)]
            with unmeasured():
                _figures[marketplace] += [run_chaos(marketplace, seed) for seed in others]
        finally:
            sdk.setLevel(level)
        for figures in _figures[marketplace]:
            session_lines.add(_SECTION, figures.row())
            session_lines.add(_SECTION, figures.detail(), verbose_only=True)
    return _figures[marketplace]


@pytest.fixture(autouse=True)
def _quiet_sdk() -> Iterator[None]:
    """Hundreds of faults a test: the SDK's retry warnings would drown the test output."""
    sdk = logging.getLogger("marketplace_sdk")
    level, sdk.level = sdk.level, logging.ERROR
    yield
    sdk.setLevel(level)


@pytest.fixture
def etsy_chaos() -> list[ChaosFigures]:
    """Every seed's figures on Etsy."""
    return chaos_figures("etsy")


@pytest.fixture
def fnac_chaos() -> list[ChaosFigures]:
    """Every seed's figures on FNAC."""
    return chaos_figures("fnac")
