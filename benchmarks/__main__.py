"""Run every benchmark, or the ones named: `python -m benchmarks [NAME ...]`.

Each benchmark runs in a fresh interpreter, one after the other, so one benchmark's memory
high-water mark (the RSS figures read it) and warmed caches do not colour the next. Inside
that interpreter the module's `main()` prints its figures.

Each benchmark measures 3 runs and reports their medians (`benchmarks._harness.repeat`):
`--quick` (or `MARKETPLACE_SDK_BENCH_RUNS=1`) measures one run instead, `--runs N` N runs.
"""

from __future__ import annotations

import importlib
import os
import platform
import subprocess
import sys
import time

from benchmarks._harness import RUNS_ENV, runs

#: Short names to modules, in the order `python -m benchmarks` runs them.
BENCHMARKS = {
    "loopback": "benchmarks.loopback",
    "stock": "benchmarks.stock_push",
    "catalogue": "benchmarks.catalogue_import",
    "fnac": "benchmarks.fnac_push",
    "parsing": "benchmarks.order_parsing",
    "memory": "benchmarks.order_memory",
    "sold_out": "benchmarks.sold_out",
    "backfill": "benchmarks.backfill_order",
    "latency": "benchmarks.stock_latency",
    "peers": "benchmarks.peers",
    "mirakl_push": "benchmarks.mirakl_push",
    "mirakl_parsing": "benchmarks.mirakl_parsing",
    "mirakl_memory": "benchmarks.mirakl_memory",
    "mirakl_latency": "benchmarks.mirakl_latency",
}
_CHILD = "--in-process"


def resolve(name: str) -> str:
    """The module a short name (`catalogue`) or module name (`catalogue_import`) means."""
    if name in BENCHMARKS:
        return BENCHMARKS[name]
    for module in BENCHMARKS.values():
        if module.rsplit(".", 1)[1] == name or module == name:
            return module
    known = ", ".join(BENCHMARKS)
    raise SystemExit(f"unknown benchmark {name!r}; known: {known}")


def machine() -> str:
    """One line naming the interpreter and the machine the figures come from."""
    load = ""
    if hasattr(os, "getloadavg"):
        one, five, fifteen = os.getloadavg()
        load = f", load average {one:.2f} {five:.2f} {fifteen:.2f}"
    return (
        f"Python {platform.python_version()} ({platform.python_implementation()}) on "
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs{load}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the named benchmarks (all by default), each under a heading."""
    args = list(sys.argv[1:] if argv is None else argv)
    if args[:1] == [_CHILD]:
        importlib.import_module(args[1]).main()
        return 0
    args = _take_runs(args)
    modules = [resolve(name) for name in args] or list(BENCHMARKS.values())
    print(machine(), flush=True)
    count = runs()
    print(f"{count} run{'s' if count > 1 else ''} per benchmark, medians reported", flush=True)
    failed = 0
    for module in modules:
        print(f"\n== {module.rsplit('.', 1)[1]} ==", flush=True)
        started = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "benchmarks", _CHILD, module], check=False)
        took = time.perf_counter() - started
        if done.returncode:
            failed += 1
            print(f"({module} exited with {done.returncode})", flush=True)
        print(f"({took:.1f} s wall for this benchmark)", flush=True)
    return 1 if failed else 0


def _take_runs(args: list[str]) -> list[str]:
    """Drop `--quick` / `--runs N` from `args`, passing the count on to every child."""
    rest: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--quick":
            os.environ[RUNS_ENV] = "1"
        elif word == "--runs":
            os.environ[RUNS_ENV] = next(words, "")
        elif word.startswith("--runs="):
            os.environ[RUNS_ENV] = word.partition("=")[2]
        else:
            rest.append(word)
    return rest


if __name__ == "__main__":
    raise SystemExit(main())
