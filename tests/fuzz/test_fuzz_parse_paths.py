"""Fuzz: malformed payloads down every public parse path end in typed errors, never in silent loss.

Seventeen paths, each sent `MARKETPLACE_SDK_FUZZ_EXAMPLES` payloads (1,200 by default: 20,400
in all, the issue's 20,000 and more) built by hypothesis from recorded answers: thirteen send
damaged answers (`tests/fuzz/parse_paths.py`, `tests/fuzz/mutations.py`), four send an
otherwise good page of receipts, listings, FNAC orders or offers holding one record its wire
model refuses (`tests/fuzz/odd_records.py`). A run must end with:

- only typed SDK errors (`MarketplaceError`): no `ValueError`, `OverflowError`, `RecursionError`,
  `csv.Error` or pydantic `ValidationError` escapes a parse path or a mapping;
- no silent loss: every field the OMS uses (`OMS_FIELDS`), present and valid in the input, is in
  the output; on a page with one odd record, that record is its `RecordError`, in its place,
  and every other record is delivered.

In CI the run is bounded: a fixed number of payloads, derandomized (the same payloads every
run, so a red build is reproducible), within `MARKETPLACE_SDK_FUZZ_SECONDS` per path. Under
coverage (`make unit`) the first `MEASURED` payloads of a path are traced, the others run
untraced (`tests.unmeasured`): the same parse path again, at less than half the CPU. On
demand, a larger and random run: `make fuzz` (20,000 payloads per path), or

    MARKETPLACE_SDK_FUZZ_EXAMPLES=5000 MARKETPLACE_SDK_FUZZ_RANDOM=1 \\
        .venv/bin/python -m pytest tests/fuzz

`MARKETPLACE_SDK_FUZZ_REPORT=<file.json>` counts instead of failing at the first bad payload,
and writes the counts per path (untyped errors by kind, silent losses by field, typed errors,
records set aside as their `RecordError`): that is how the before and after figures of issue
12 were measured.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from tests.fuzz.odd_records import ODD_RECORD_PATHS
from tests.fuzz.parse_paths import OMS_FIELDS, run_case
from tests.fuzz.parse_paths import PATHS as BODY_PATHS
from tests.unmeasured import unmeasured

EXAMPLES = int(os.environ.get("MARKETPLACE_SDK_FUZZ_EXAMPLES", "1200"))
#: Payloads of a path traced under coverage; the rest run untraced.
MEASURED = 400
SECONDS = float(os.environ.get("MARKETPLACE_SDK_FUZZ_SECONDS", "120"))
RANDOM = os.environ.get("MARKETPLACE_SDK_FUZZ_RANDOM") == "1"
REPORT = os.environ.get("MARKETPLACE_SDK_FUZZ_REPORT")

PATHS = {**BODY_PATHS, **ODD_RECORD_PATHS}


def test_the_suite_sends_at_least_twenty_thousand_payloads() -> None:
    assert (len(BODY_PATHS), len(ODD_RECORD_PATHS)) == (13, 4)
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
    untraced = contextlib.ExitStack()

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
        if counts["payloads"] == MEASURED + 1:
            untraced.enter_context(unmeasured())
        result = run_case(path, payload)
        if result.typed:
            typed[result.typed] += 1
        counts["records set aside"] += result.set_aside
        if REPORT is not None:
            if result.untyped:
                untyped[result.untyped] += 1
            lost.update(result.lost)
            counts["payloads with a loss"] += bool(result.lost)
            return
        assert result.untyped is None, f"{result.untyped} escaped {name} on {payload!r:.300}"
        assert not result.lost, f"{name} silently lost {result.lost} from {payload!r:.300}"

    with untraced:
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
                "records set aside": counts["records set aside"],
                "seconds": round(elapsed, 1),
            },
        )
    assert counts["payloads"] >= EXAMPLES
    assert elapsed < SECONDS, f"{name} took {elapsed:.0f}s for {EXAMPLES} payloads"
