"""Generate the sync twin of every hand-written async module, or check that each is fresh.

The async half of a client, a channel or a test module is written once, in a folder named
`_async`; its sync twin is generated into the sibling `_sync` folder by rewriting tokens
(`async def` -> `def`, `await x` -> `x`, `AsyncEtsyClient` -> `EtsyClient`, ...), the way
httpcore keeps its sync code. Each generated file says so in its first lines and names its
source. `make generate` rewrites them; `make lint` runs `--check`, which fails on a twin that is
stale, edited by hand, or left behind by a deleted source.

Writing the source so it reads well on both sides:
- a line ending in `# unasync: remove` is left out of the sync twin;
- lines between `# unasync: async-only` and `# unasync: end` are left out of the sync twin;
- lines between `# unasync: sync-only` and `# unasync: end` are commented out in the source
  (`# ` before each) and come back, uncommented, in the sync twin.

The twin is then put through `ruff check --fix` and `ruff format`, so an import only the async
side needs disappears and the layout is the project's.

Usage:
    python tools/unasync.py                # regenerate every twin
    python tools/unasync.py --check        # exit 1 naming every stale or orphaned twin
    python tools/unasync.py src/marketplace_sdk/etsy   # only the sources under a folder
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: Where `_async` folders are looked for.
TREES = ("src", "tests")

HEADER = (
    "# Generated from {source} by tools/unasync.py: do not edit.\n"
    "# Edit the async source and run `make generate`; `make lint` fails when this file is stale.\n"
)

# Whole-word names and the name each stands for on the sync side. Anything else spelled
# `Async<Name>` loses its prefix (`AsyncEtsyClient` -> `EtsyClient`, `httpx.AsyncClient` ->
# `httpx.Client`), so only the exceptions to that rule are listed.
NAMES = {
    "AsyncEngine": "SyncEngine",
    "AsyncIterator": "Iterator",
    "AsyncIterable": "Iterable",
    "AsyncGenerator": "Generator",
    "AsyncExitStack": "ExitStack",
    "asynccontextmanager": "contextmanager",
    "StopAsyncIteration": "StopIteration",
    "__aenter__": "__enter__",
    "__aexit__": "__exit__",
    "__aiter__": "__iter__",
    "__anext__": "__next__",
    "aclose": "close",
    "asleep": "sleep",
    "aiter": "iter",
    "anext": "next",
    "_async": "_sync",
    "async_only": "sync_only",
    # marketplace_sdk's own pair of top-level functions
    "open_async_channel": "open_channel",
    "aclose_channel": "close_channel",
}

_Rule = tuple[re.Pattern[str], str | Callable[[re.Match[str]], str]]


def _unwrap_awaitable(text: str) -> str:
    """`Awaitable[X]` -> `X`, brackets inside `X` included."""
    out, pos = [], 0
    for match in re.finditer(r"\bAwaitable\[", text):
        if match.start() < pos:
            continue
        depth, end = 1, match.end()
        while depth and end < len(text):
            depth += {"[": 1, "]": -1}.get(text[end], 0)
            end += 1
        out.append(text[pos : match.start()])
        out.append(text[match.end() : end - 1])
        pos = end
    out.append(text[pos:])
    return "".join(out)


RULES: tuple[_Rule, ...] = (
    (re.compile(r"\basync (def|with|for)\b"), r"\1"),
    (re.compile(r"\bawait "), ""),
    (re.compile(r"\basyncio\.run\((.*)\)$", re.MULTILINE), r"\1"),
    (re.compile(r"\basyncio\.Lock\b"), "threading.Lock"),
    (re.compile(r"\basyncio\.Event\b"), "threading.Event"),
    (re.compile(r"\b(" + "|".join(map(re.escape, NAMES)) + r")\b"), lambda m: NAMES[m[1]]),
    (re.compile(r"\bAsync(?=[A-Z])"), ""),
    (re.compile(r"/_async/"), "/_sync/"),
)

_REMOVE = "# unasync: remove"
_ASYNC_ONLY = "# unasync: async-only"
_SYNC_ONLY = "# unasync: sync-only"
_END = "# unasync: end"


class UnasyncError(Exception):
    """A source the tool cannot rewrite (an unclosed block, a bad `sync-only` line)."""


def _directives(source: str, name: str) -> str:
    lines: list[str] = []
    mode = None
    for number, line in enumerate(source.splitlines(keepends=True), start=1):
        marker = line.strip()
        if marker in (_ASYNC_ONLY, _SYNC_ONLY):
            if mode is not None:
                raise UnasyncError(f"{name}:{number}: a block opens inside another")
            mode = marker
            continue
        if marker == _END:
            if mode is None:
                raise UnasyncError(f"{name}:{number}: `{_END}` closes no block")
            mode = None
            continue
        if mode == _ASYNC_ONLY or line.rstrip().endswith(_REMOVE):
            continue
        if mode == _SYNC_ONLY:
            indent = line[: len(line) - len(line.lstrip())]
            body = line.lstrip()
            if body.strip() and not body.startswith("#"):
                raise UnasyncError(f"{name}:{number}: a sync-only line must be commented out")
            body = body[2:] if body.startswith("# ") else body[1:]
            line = indent + body if body.strip() else "\n"
        lines.append(line)
    if mode is not None:
        raise UnasyncError(f"{name}: `{mode}` is never closed by `{_END}`")
    return "".join(lines)


def rewrite(source: str, name: str = "<source>") -> str:
    """The sync text of an async source, before the header and ruff.

    Example:
        >>> rewrite("async def f(c: AsyncEtsyClient) -> None:\\n    await c.aclose()\\n")
        'def f(c: EtsyClient) -> None:\\n    c.close()\\n'
    """
    text = _unwrap_awaitable(_directives(source, name))
    for pattern, replacement in RULES:
        text = pattern.sub(replacement, text)
    return text


def _ruff(args: list[str], text: str, filename: Path) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", *args, "--stdin-filename", str(filename), "-"],
        input=text,
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    if done.returncode not in (0, 1) or not done.stdout:
        raise UnasyncError(f"ruff {args[0]} failed on {filename}: {done.stderr.strip()}")
    return done.stdout


def generate(source_path: Path) -> tuple[Path, str]:
    """The twin's path and its full text (header, rewritten source, ruff-fixed and formatted)."""
    target = twin_of(source_path)
    relative = source_path.relative_to(ROOT).as_posix()
    text = HEADER.format(source=relative) + rewrite(source_path.read_text("utf-8"), relative)
    text = _ruff(["check", "--fix", "--quiet", "--exit-zero"], text, target)
    return target, _ruff(["format", "--quiet"], text, target)


def twin_of(source_path: Path) -> Path:
    """`.../_async/x.py` -> `.../_sync/x.py`."""
    parts = list(source_path.parts)
    index = len(parts) - 1 - parts[::-1].index("_async")
    parts[index] = "_sync"
    return Path(*parts)


def sources(trees: Sequence[Path]) -> Iterator[Path]:
    """Every hand-written async module under `trees`."""
    for tree in trees:
        yield from sorted(tree.rglob("_async/*.py"))


def orphans(trees: Sequence[Path], expected: set[Path]) -> Iterator[Path]:
    """Generated twins under `trees` whose source is gone."""
    for tree in trees:
        for path in sorted(tree.rglob("_sync/*.py")):
            if path not in expected and path.read_text("utf-8").startswith("# Generated from"):
                yield path


def main(argv: list[str] | None = None) -> int:
    """Regenerate (default) or check (`--check`) every sync twin; the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail on a stale twin")
    parser.add_argument("paths", nargs="*", type=Path, help="folders to look in (default: all)")
    args = parser.parse_args(argv)
    check = args.check
    trees = [path.resolve() for path in args.paths] or [ROOT / tree for tree in TREES]
    stale: list[str] = []
    expected: set[Path] = set()
    for source in sources(trees):
        target, text = generate(source)
        expected.add(target)
        if target.exists() and target.read_text("utf-8") == text:
            continue
        stale.append(target.relative_to(ROOT).as_posix())
        if not check:
            target.parent.mkdir(exist_ok=True)
            target.write_text(text, "utf-8")
    left = [path.relative_to(ROOT).as_posix() for path in orphans(trees, expected)]
    if check and (stale or left):
        for name in stale:
            print(f"stale: {name} (run `make generate`)", file=sys.stderr)
        for name in left:
            print(f"orphaned: {name} (its _async source is gone; delete it)", file=sys.stderr)
        return 1
    if not check:
        for name in left:
            (ROOT / name).unlink()
        for name in stale + left:
            print(("removed " if name in left else "wrote ") + name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
