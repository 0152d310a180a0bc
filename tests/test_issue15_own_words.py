"""Issue 15, item 13: the docs, the status data and the capability tables use our own words.

The seed documents are the source of the status tables and of much of the docs, and are named
as such; no run of 8 words or more of theirs is copied into a docs page or a table's details.
Skipped, with the reason, when `../shared` (where the seeds live) is absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from marketplace_sdk.etsy import ETSY_CAPABILITIES, ETSY_STATUS_TABLE
from marketplace_sdk.fnac import FNAC_CAPABILITIES, FNAC_STATUS_TABLE

ROOT = Path(__file__).resolve().parents[1]
#: The shortest run of words that counts as copied.
RUN = 8
_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.translate(_QUOTES).lower())


def _runs(words: list[str]) -> Iterator[tuple[int, str]]:
    for start in range(len(words) - RUN + 1):
        yield start, " ".join(words[start : start + RUN])


@pytest.fixture(scope="module")
def seed_runs(shared_seeds: Path) -> set[str]:
    runs: set[str] = set()
    seeds = sorted(shared_seeds.glob("0*.txt"))
    assert seeds, f"no seed documents in {shared_seeds}"
    for seed in seeds:
        runs.update(run for _, run in _runs(_words(seed.read_text("utf-8"))))
    return runs


def _copied(text: str, seed_runs: set[str]) -> list[str]:
    words = _words(text)
    passages: list[list[int]] = []  # [first, last] starts of each copied passage
    for start, run in _runs(words):
        if run not in seed_runs:
            continue
        if passages and start <= passages[-1][1] + 1:
            passages[-1][1] = start
        else:
            passages.append([start, start])
    return [" ".join(words[first : last + RUN]) for first, last in passages]


def _texts() -> Iterator[tuple[str, str]]:
    for page in sorted((ROOT / "docs").rglob("*.md")):
        yield str(page.relative_to(ROOT)), page.read_text("utf-8")
    for table in (ETSY_STATUS_TABLE, FNAC_STATUS_TABLE):
        for row in table:
            yield f"{table.marketplace} status row {row.oms_cell}", row.details
    for capabilities in (ETSY_CAPABILITIES, FNAC_CAPABILITIES):
        # Printed into docs/capabilities.md at build time and carried by UnsupportedOperation.
        yield f"{capabilities.marketplace} capabilities", capabilities.markdown()
        yield f"{capabilities.marketplace} refused operations", capabilities.operations_markdown()


def test_issue15_item13_no_seed_passage_is_copied_into_the_docs_or_status_data(
    seed_runs: set[str],
) -> None:
    copied = {where: passages for where, text in _texts() if (passages := _copied(text, seed_runs))}
    assert not copied, f"seed text copied word for word (say it in our own words): {copied}"


def test_issue15_item13_the_status_tables_name_their_seed(shared_seeds: Path) -> None:
    for table in (ETSY_STATUS_TABLE, FNAC_STATUS_TABLE):
        assert table.source is not None
        named = re.search(r"\d{3}_[0-9a-f]{16}\.txt", table.source)
        assert named is not None, table.source
        assert (shared_seeds / named.group(0)).is_file()
    page = (ROOT / "docs" / "status-mapping.md").read_text("utf-8")
    assert "word for word" not in page
    assert "STATUS_TABLE.source" in page


def test_issue15_item13_the_site_has_a_light_dark_toggle() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text("utf-8"), Loader=_IgnoreTags)
    palette = config["theme"]["palette"]
    assert isinstance(palette, list)
    assert len(palette) == 2
    schemes = {entry["scheme"] for entry in palette}
    assert schemes == {"default", "slate"}
    for entry in palette:
        assert entry["toggle"]["icon"]
        assert entry["toggle"]["name"]
        assert entry["media"]


class _IgnoreTags(yaml.SafeLoader):
    """A loader that reads mkdocs.yml's `!!python/name:` and `!ENV` tags as plain values."""


_IgnoreTags.add_multi_constructor("", lambda loader, suffix, node: None)
