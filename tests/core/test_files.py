"""`write_private`: the one writer of files that hold secrets (profiles, token pairs)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from marketplace_sdk.core._files import write_private


def test_a_new_file_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    path = tmp_path / "etsy-shop-a.json"

    write_private(path, b'{"key": "secret"}')

    assert path.read_bytes() == b'{"key": "secret"}'
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(tmp_path.iterdir()) == [path]


def test_an_existing_file_is_replaced_whole_and_made_private(tmp_path: Path) -> None:
    path = tmp_path / "etsy-shop-a.json"
    path.write_bytes(b"old contents, longer than the new ones")
    path.chmod(0o644)
    with path.open("rb") as reader:
        write_private(path, b"new")
        # A reader of the old file keeps the old file: the new one was renamed over it,
        # never written in place.
        assert reader.read() == b"old contents, longer than the new ones"

    assert path.read_bytes() == b"new"
    assert path.stat().st_mode & 0o777 == 0o600
    assert sorted(tmp_path.iterdir()) == [path]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "etsy-shop-a.json"
    path.write_bytes(b"old")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space left"):
        write_private(path, b"new")

    assert path.read_bytes() == b"old"
    assert sorted(tmp_path.iterdir()) == [path]


def test_an_interrupted_write_leaves_no_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "etsy-shop-a.json"

    def interrupted(source: str, target: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_private(path, b"new")

    assert list(tmp_path.iterdir()) == []


def test_the_folder_must_exist(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_private(tmp_path / "missing" / "etsy-shop-a.json", b"new")

    assert list(tmp_path.iterdir()) == []
