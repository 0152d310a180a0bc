"""A profile file that cannot be read is a `ProfileError`, and `profiles` says which one."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.cli.support import Cli

from marketplace_sdk.cli._profiles import ProfileError, ProfileStore


def test_load_turns_a_refused_read_into_a_profile_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ProfileStore(tmp_path)
    path = store.path_of("etsy", "shop")
    path.parent.mkdir(parents=True)
    path.write_text("{}", encoding="utf-8")

    def refused(self: Path, *args: object, **kwargs: object) -> str:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", refused)
    with pytest.raises(ProfileError, match="cannot be read"):
        store.load("etsy", "shop")


def test_load_turns_an_unreadable_file_into_a_profile_error(tmp_path: Path) -> None:
    store = ProfileStore(tmp_path)
    store.path_of("fnac", "folder").mkdir(parents=True)  # a directory where the file should be
    binary = store.path_of("fnac", "binary")
    binary.write_bytes(b"\xff\xfe\x00garbage")
    for name in ("folder", "binary"):
        with pytest.raises(ProfileError, match=f"'{name}' cannot be read"):
            store.load("fnac", name)


def test_profiles_warns_about_a_profile_it_cannot_read(cli: Cli) -> None:
    store = ProfileStore(cli.home)
    corrupt = store.path_of("etsy", "corrupt")
    corrupt.parent.mkdir(parents=True)
    corrupt.write_text("{not json", encoding="utf-8")
    store.path_of("fnac", "folder").mkdir()

    result = cli.run("profiles", "--json")

    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert [(row["name"], row["shop_id"]) for row in rows] == [("corrupt", None), ("folder", None)]
    assert "'corrupt' is unreadable" in result.stderr
    assert "'folder' cannot be read" in result.stderr
