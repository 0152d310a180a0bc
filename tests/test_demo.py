"""`make demo` runs a real flow and checks itself against the sandbox."""

from __future__ import annotations

from marketplace_sdk import demo


def test_the_demo_agrees_with_the_sandbox_and_says_what_it_did() -> None:
    lines: list[str] = []
    assert demo.main(out=lines.append) == 0
    text = "\n".join(lines)
    assert "connected shop" in text
    assert "imported 778 active listings" in text
    assert "shipped receipt" in text
    assert "pushed stock for 2000 SKUs in 1 offers_update call(s): 2000 applied" in text
    assert "confirmed it shipped with La Poste" in text
    assert text.count("check: the SDK's view agrees with the sandbox") == 2


def test_a_disagreement_makes_the_demo_fail() -> None:
    report = demo.DemoReport("etsy")
    report.check("stock", 7, 6)
    assert not report.ok
    assert report.mismatches == ["stock: SDK saw 7, sandbox has 6"]
