"""docs/architecture.md keeps one line per module: a new module without its line fails here."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_module_has_its_line() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    missing = []
    for path in sorted((ROOT / "interviewkit").rglob("*.py")):
        if path.name == "__init__.py" and path.parent.name != "interviewkit":
            continue
        rel = path.relative_to(ROOT / "interviewkit").as_posix()
        if (
            f"`{rel}`" not in doc
            and f"`interviewkit/{rel}`" not in doc
            and f"`{path.name}`" not in doc
        ):
            missing.append(rel)
    assert missing == [], "describe these modules in docs/architecture.md"
