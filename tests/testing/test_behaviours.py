"""The behaviour catalogue: complete against QUIRKS.md, switchable by id, printed whole."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from marketplace_sdk.etsy.sandbox import EtsySandbox
from marketplace_sdk.fnac.sandbox import FnacSandbox
from marketplace_sdk.mirakl.sandbox import MiraklCatalogSandbox, MiraklSandbox
from marketplace_sdk.testing import Behaviour, BehaviourError, Behaviours, Switch

TESTS = Path(__file__).resolve().parents[1]


def _catalogues() -> dict[str, Behaviours]:
    return {
        "ETSY": EtsySandbox().behaviours,
        "FNAC": FnacSandbox().behaviours,
        "MIRAKL": MiraklSandbox().behaviours,
    }


def test_both_mirakl_sandboxes_run_on_one_catalogue() -> None:
    assert MiraklCatalogSandbox().behaviours.states() == MiraklSandbox().behaviours.states()


def _test_names() -> set[str]:
    names: set[str] = set()
    for path in TESTS.rglob("test_*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                names.add(node.name.lower())
    return names


def test_every_catalogued_id_is_in_the_sandbox_of_its_marketplace(shared_specs: Path) -> None:
    quirks = (shared_specs / "QUIRKS.md").read_text(encoding="utf-8")
    published = re.findall(r"^### ((?:ETSY|FNAC|MIRAKL)-Q\d+) ", quirks, re.MULTILINE)
    catalogued = [b.id for behaviours in _catalogues().values() for b in behaviours]
    assert sorted(catalogued) == sorted(published)
    unconfirmed = set(
        re.findall(r"^### ((?:ETSY|FNAC|MIRAKL)-Q\d+) .*\[UNCONFIRMED\]$", quirks, re.M)
    )
    for behaviours in _catalogues().values():
        for behaviour in behaviours:
            assert behaviour.confirmed is (behaviour.id not in unconfirmed), behaviour.id


def test_each_reproduced_behaviour_has_a_test_named_after_its_id() -> None:
    names = _test_names()
    missing = [
        behaviour.id
        for behaviours in _catalogues().values()
        for behaviour in behaviours
        if behaviour.reproduced
        and not any(behaviour.id.lower().replace("-", "_") in name for name in names)
    ]
    assert missing == []


def test_a_behaviour_out_of_scope_says_why_and_cannot_be_switched_on() -> None:
    for behaviours in _catalogues().values():
        for behaviour in behaviours:
            if behaviour.reproduced:
                assert behaviours.on(behaviour.id), behaviour.id
                continue
            assert behaviour.out_of_scope.strip()
            assert not behaviours.on(behaviour.id)
            with pytest.raises(BehaviourError, match="not reproduced"):
                behaviours.enable(behaviour.id)


def test_switches_start_at_their_default_and_toggle_by_name() -> None:
    catalogue = (
        Behaviour(
            "X-Q1",
            "Odd",
            reproduced=True,
            switches=(Switch("X-Q1.worse", "The riskier reading.", default=True),),
        ),
    )
    behaviours = Behaviours(catalogue, {"X-Q1": False})
    assert behaviours.states() == {"X-Q1": False, "X-Q1.worse": True}
    assert behaviours.disable("X-Q1.worse").enable("X-Q1").states() == {
        "X-Q1": True,
        "X-Q1.worse": False,
    }


def test_an_unknown_id_is_a_typed_error_naming_the_known_ones() -> None:
    with pytest.raises(BehaviourError, match="ETSY-Q01"):
        EtsySandbox(behaviours={"ETSY-Q99": True})
    with pytest.raises(BehaviourError):
        FnacSandbox().behaviours.on("FNAC-Q99")


def test_a_catalogue_entry_must_be_well_formed() -> None:
    with pytest.raises(ValueError, match="out_of_scope"):
        Behaviour("X-Q1", "Odd", reproduced=False)
    with pytest.raises(ValueError, match="X-Q1"):
        Behaviour("X-Q1", "Odd", reproduced=True, switches=(Switch("Y.z", "no"),))
    with pytest.raises(ValueError, match="twice"):
        Behaviours([Behaviour("X-Q1", "a", reproduced=True)] * 2)


def test_the_docs_page_prints_every_behaviour_of_the_catalogue() -> None:
    for behaviours in _catalogues().values():
        text = behaviours.markdown()
        for behaviour in behaviours:
            assert f"### {behaviour.id} — {behaviour.title}" in text
            verdict = "reproduced, on by default" if behaviour.reproduced else "out of scope"
            section = text.split(f"### {behaviour.id} — ")[1].split("\n### ")[0]
            assert verdict in section
