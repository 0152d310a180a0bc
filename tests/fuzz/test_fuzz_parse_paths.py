"""Fuzz: malformed payloads down every public parse path end in typed errors, never in silent loss.

Twelve paths (`tests/fuzz/parse_paths.py`), each sent `MARKETPLACE_SDK_FUZZ_EXAMPLES` payloads
(1,700 by default: 20,400 in all) built by hypothesis from recorded answers
(`tests/fuzz/mutations.py`). A run must end with:

- only typed SDK errors (`MarketplaceError`): no `ValueError`, `OverflowError`, `RecursionError`,
  `csv.Error` or pydantic `ValidationError` escapes a parse path or a mapping;
- no silent loss: every field the OMS uses (`OMS_FIELDS`), present and valid in the input, is in
  the output.

In CI the run is bounded: a fixed number of payloads, derandomized (the same payloads every
run, so a red build is reproducible), within `MARKETPLACE_SDK_FUZZ_SECONDS` per path. On
demand, a larger and random run: `make fuzz` (20,000 payloads per path), or

    MARKETPLACE_SDK_FUZZ_EXAMPLES=5000 MARKETPLACE_SDK_FUZZ_RANDOM=1 \\
        .venv/bin/python -m pytest tests/fuzz

`MARKETPLACE_SDK_FUZZ_REPORT=<file.json>` counts instead of failing at the first bad payload,
and writes the counts per path (untyped errors by kind, silent losses by field): that is how
the before and after figures of issue 12 were measured.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from tests.fuzz.parse_paths import OMS_FIELDS, PATHS, run_case

EXAMPLES = int(os.environ.get("MARKETPLACE_SDK_FUZZ_EXAMPLES", "1700"))
SECONDS = float(os.environ.get("MARKETPLACE_SDK_FUZZ_SECONDS", "120"))
RANDOM = os.environ.get("MARKETPLACE_SDK_FUZZ_RANDOM") == "1"
REPORT = os.environ.get("MARKETPLACE_SDK_FUZZ_REPORT")


def test_the_suite_sends_at_least_twenty_thousand_payloads() -> None:
    assert len(PATHS) == 12
    assert EXAMPLES * len(PATHS) >= 20_000 or "MARKETPLACE_SDK_FUZZ_EXAMPLES" in os.environ
    assert {path.kind for path in PATHS.values()} <= set(OMS_FIELDS)


def _write_report(name: str, counts: dict[str, Any]) -> None:
    assert REPORT is not None
    report = Path(REPORT)
    data = json.loads(report.read_text()) if report.is_file() else {}
    data[name] = counts
    report.write_text(json.dumps(data, indent=1, sort_keys=True))


@pytest.mark.parametrize("name", sorted(PATHS))
def test_malformed_payloads_end_in_typed_errors_and_lose_nothing(name: str) -> None:
    path = PATHS[name]
    counts: Counter[str] = Counter()
    untyped: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    typed: Counter[str] = Counter()
    started = time.monotonic()

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(path.payloads())
    def send(payload: Any) -> None:
        counts["payloads"] += 1
        result = run_case(path, payload)
        if result.typed:
            typed[result.typed] += 1
        if REPORT is not None:
            if result.untyped:
                untyped[result.untyped] += 1
            lost.update(result.lost)
            counts["payloads with a loss"] += bool(result.lost)
            return
        assert result.untyped is None, f"{result.untyped} escaped {name} on {payload!r:.300}"
        assert not result.lost, f"{name} silently lost {result.lost} from {payload!r:.300}"

    send()
    elapsed = time.monotonic() - started
    if REPORT is not None:
        _write_report(
            name,
            {
                "payloads": counts["payloads"],
                "untyped errors": dict(untyped),
                "untyped total": sum(untyped.values()),
                "silent losses": dict(lost),
                "payloads with a loss": counts["payloads with a loss"],
                "typed errors": dict(typed),
                "seconds": round(elapsed, 1),
            },
        )
    assert counts["payloads"] >= EXAMPLES
    assert elapsed < SECONDS, f"{name} took {elapsed:.0f}s for {EXAMPLES} payloads"
