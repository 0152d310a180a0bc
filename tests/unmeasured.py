"""Run a repeat of work the suite has already measured with the coverage tracer off.

`make unit` runs under pytest-cov with branch coverage, which costs pure-Python code about 2.5
times its own CPU time. Some tests repeat one path many times over: the chaos runs (the same
sync, seed after seed), the fuzz paths (the same parse path, payload after payload). The first
run is measured; the others run, and are asserted on, exactly as before, untraced.

Outside a coverage run (no tracer started) `unmeasured` does nothing.

Examples:
    >>> with unmeasured():
    ...     total = sum(range(10))
    >>> total
    45
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["unmeasured"]


@contextmanager
def unmeasured() -> Iterator[None]:
    """The coverage tracer of this process stopped for the block, then started again."""
    import coverage

    cov = coverage.Coverage.current()
    if cov is None:
        yield
        return
    cov.stop()
    try:
        yield
    finally:
        cov.start()
