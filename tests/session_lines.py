"""Lines a test module prints at the end of the session, whichever process ran its tests.

`make unit` runs the suite on every CPU (pytest-xdist): a module's tests may run in a worker,
whose own terminal summary nobody sees. A module hands its lines to `add`; each worker sends
its lines to the controlling process, which prints them all, by section, in its summary.
`tests/conftest.py` loads this module as a plugin (`pytest_plugins`), in every process.
"""

from __future__ import annotations

import pytest

# section -> [(line, printed only with `-v`)]
_sections: dict[str, list[tuple[str, bool]]] = {}


def add(section: str, line: str, *, verbose_only: bool = False) -> None:
    """Print `line` under `section` at the end of the session (only with `-v` if `verbose_only`)."""
    _sections.setdefault(section, []).append((line, verbose_only))


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a worker: its controller prints the lines
        workeroutput["session_lines"] = {
            section: [list(line) for line in lines] for section, lines in _sections.items()
        }


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: object, error: object) -> None:
    sent = getattr(node, "workeroutput", {}).get("session_lines", {})
    for section, lines in sent.items():
        for line, verbose_only in lines:
            add(section, line, verbose_only=verbose_only)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    for section, lines in _sections.items():
        terminalreporter.section(section)
        for line, verbose_only in lines:
            if not verbose_only or terminalreporter.verbosity > 0:
                terminalreporter.write_line(line)
