"""`marketplace-sdk --help` loads no sandbox, testing or demo module: they load when used."""

from __future__ import annotations

import subprocess
import sys

_PROBE = """
import sys
from typer.testing import CliRunner
from marketplace_sdk.cli import app
result = CliRunner().invoke(app, [*sys.argv[1:], "--help"])
assert result.exit_code == 0, result.output
print(sorted(m for m in sys.modules if m.startswith("marketplace_sdk")
             and any(k in m for k in ("sandbox", "testing", "demo"))))
"""


def _loaded(*args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_help_loads_no_sandbox_testing_or_demo_module() -> None:
    assert _loaded() == "[]"
    assert _loaded("sandbox", "serve", "etsy") == "[]"
    assert _loaded("etsy", "connect") == "[]"


def test_the_demo_loads_when_asked_for() -> None:
    assert "marketplace_sdk.demo._command" in _loaded("demo")


def test_the_listed_demo_summary_is_the_demo_command_s() -> None:
    from marketplace_sdk.cli._app import _DEMO_SUMMARY
    from marketplace_sdk.demo._command import demo

    assert (demo.__doc__ or "").strip().splitlines()[0] == _DEMO_SUMMARY
