"""The sync-twin generator: its rewriting rules, its directives and its staleness check."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

_TOOL = Path(__file__).resolve().parents[2] / "tools" / "unasync.py"
_spec = importlib.util.spec_from_file_location("unasync_tool", _TOOL)
assert _spec is not None
assert _spec.loader is not None
unasync = importlib.util.module_from_spec(_spec)
sys.modules["unasync_tool"] = unasync
_spec.loader.exec_module(unasync)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("async def f() -> None:\n", "def f() -> None:\n"),
        ("    async with lock:\n", "    with lock:\n"),
        ("    async for item in items:\n", "    for item in items:\n"),
        ("x = await client.get_me()\n", "x = client.get_me()\n"),
        ("c: AsyncEtsyClient\n", "c: EtsyClient\n"),
        ("e = AsyncEngine(config)\n", "e = SyncEngine(config)\n"),
        ("t: httpx.AsyncBaseTransport\n", "t: httpx.BaseTransport\n"),
        ("await engine.aclose()\n", "engine.close()\n"),
        ("await clock.asleep(1)\n", "clock.sleep(1)\n"),
        ("def __aenter__(self): ...\n", "def __enter__(self): ...\n"),
        ("it: AsyncIterator[int]\n", "it: Iterator[int]\n"),
        ("f: Callable[[str], Awaitable[list[int]]]\n", "f: Callable[[str], list[int]]\n"),
        ("lock = asyncio.Lock()\n", "lock = threading.Lock()\n"),
        (
            "c = open_async_channel(k)\nawait aclose_channel(c)\n",
            "c = open_channel(k)\nclose_channel(c)\n",
        ),
        ("    >>> asyncio.run(main())\n", "    >>> main()\n"),
        (
            "from marketplace_sdk.core._async.engine import AsyncEngine\n",
            "from marketplace_sdk.core._sync.engine import SyncEngine\n",
        ),
        # Words that merely contain the names stay as they are.
        ("asynchronous = awaited = Asynchronously = 1\n",) * 2,
    ],
)
def test_each_rule_rewrites_the_async_spelling(source: str, expected: str) -> None:
    assert unasync.rewrite(source) == expected


def test_directives_drop_async_only_lines_and_restore_sync_only_ones() -> None:
    source = (
        "import asyncio  # unasync: remove\n"
        "# unasync: sync-only\n"
        "# import threading\n"
        "# unasync: end\n"
        "# unasync: async-only\n"
        "LOOP_ONLY = True\n"
        "# unasync: end\n"
        "x = 1\n"
    )
    assert unasync.rewrite(source) == "import threading\nx = 1\n"


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("# unasync: sync-only\nx = 1\n# unasync: end\n", "must be commented out"),
        ("# unasync: async-only\nx = 1\n", "never closed"),
        ("# unasync: end\n", "closes no block"),
        ("# unasync: sync-only\n# unasync: async-only\n", "inside another"),
    ],
)
def test_a_malformed_directive_is_refused_with_its_line(source: str, problem: str) -> None:
    with pytest.raises(unasync.UnasyncError, match=problem):
        unasync.rewrite(source, "x.py")


def test_a_hand_edited_twin_is_reported_stale(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setattr(unasync, "ROOT", tmp_path)
    source = tmp_path / "pkg" / "_async" / "mod.py"
    source.parent.mkdir(parents=True)
    source.write_text('"""Doc."""\n\n\nasync def f() -> int:\n    return 1\n')
    assert unasync.main([str(tmp_path / "pkg")]) == 0
    twin = tmp_path / "pkg" / "_sync" / "mod.py"
    assert "def f() -> int:" in twin.read_text()
    assert twin.read_text().startswith("# Generated from pkg/_async/mod.py")
    assert unasync.main(["--check", str(tmp_path / "pkg")]) == 0

    twin.write_text(twin.read_text() + "# edited by hand\n")
    assert unasync.main(["--check", str(tmp_path / "pkg")]) == 1
    assert "stale: pkg/_sync/mod.py" in capsys.readouterr().err

    source.unlink()
    assert unasync.main(["--check", str(tmp_path / "pkg")]) == 1
    assert "orphaned: pkg/_sync/mod.py" in capsys.readouterr().err
