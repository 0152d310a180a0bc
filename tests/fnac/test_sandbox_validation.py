"""FNAC sandbox: every request is validated against FNAC's XSD, and refused as FNAC refuses it."""

from __future__ import annotations

from pathlib import Path

from tests.fnac.xsd_contract import xsd_dir

from marketplace_sdk.fnac.sandbox._schemas import SCHEMA_FILES, XSD_DIR


def test_the_sandbox_schemas_are_fnacs_published_ones_unchanged(shared_specs: Path) -> None:
    published = xsd_dir(shared_specs)
    shipped = sorted(path.name for path in XSD_DIR.glob("*.xsd"))
    assert set(SCHEMA_FILES.values()) <= set(shipped)
    for name in shipped:
        assert (XSD_DIR / name).read_bytes() == (published / name).read_bytes(), name
