"""Issue 15, item 10: Celery set-up failures say what to do, in the error itself."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

from marketplace_sdk.sync.celery import CeleryAdapterError, load_runtime

DOCS = Path(__file__).resolve().parents[2] / "docs"


@pytest.mark.parametrize("missing", ["redis", "celery"])
def test_issue15_item10_without_the_extra_the_import_error_names_it(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    monkeypatch.setitem(sys.modules, missing, None)  # as if it were not installed
    for name in ("marketplace_sdk.sync.celery", "marketplace_sdk.sync.redis_lock"):
        monkeypatch.delitem(sys.modules, name)

    with pytest.raises(ModuleNotFoundError) as caught:
        importlib.import_module("marketplace_sdk.sync.celery")

    message = str(caught.value)
    assert "pip install 'marketplace-sdk[celery]'" in message
    assert missing in message
    assert caught.value.name == missing


def test_issue15_item10_an_unimportable_runtime_carries_its_cause_redacted(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "oms_runtime_i15.py").write_text(
        "raise ConnectionError('cannot reach postgresql://oms:hunter2secret@db.internal/oms')\n"
    )
    (tmp_path / "oms_runtime_i15b.py").write_text("import oms_private_dependency_i15\n")
    monkeypatch.syspath_prepend(str(tmp_path))

    with pytest.raises(CeleryAdapterError) as caught:
        load_runtime("oms_runtime_i15:runtime")
    message = str(caught.value)
    assert "cannot import oms_runtime_i15: ConnectionError: cannot reach" in message
    assert "hunter2secret" not in message
    assert caught.value.error_class.value == "configuration"

    with pytest.raises(CeleryAdapterError) as caught:
        load_runtime("oms_runtime_i15b:runtime")
    assert "ModuleNotFoundError: No module named 'oms_private_dependency_i15'" in str(caught.value)


def test_issue15_item10_a_runtime_off_the_path_points_at_pythonpath() -> None:
    with pytest.raises(CeleryAdapterError) as caught:
        load_runtime("oms_not_on_this_path_i15.marketplaces:runtime")
    assert "PYTHONPATH" in str(caught.value)
    assert "No module named 'oms_not_on_this_path_i15'" in str(caught.value)


def test_issue15_item10_the_docs_say_workers_need_the_hosts_module_on_pythonpath() -> None:
    text = (DOCS / "scheduler.md").read_text(encoding="utf-8")
    celery = text[text.index("## Celery, for many machines") :]
    assert "PYTHONPATH" in celery
