"""The wheel must carry every package folder and the built-in bank."""

from __future__ import annotations

import sys
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent


def test_every_package_folder_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    listed = set(config["packages"])
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in (ROOT / "interviewkit").rglob("__init__.py")
        if "__pycache__" not in init.parts
    }
    assert found - listed == set(), "add these to [tool.setuptools] packages"
    assert config["package-dir"]["interviewkit.questions"] == "questions"


def test_builtin_bank_location_in_a_checkout() -> None:
    from interviewkit.paths import builtin_bank_dir

    assert any(builtin_bank_dir().glob("*.toml"))


def test_test_module_basenames_are_unique() -> None:
    """pytest imports test modules by basename (no __init__.py here): two alike names break
    collection on a clean checkout, so each test file's name must be unique across tests/."""
    from collections import Counter

    names = Counter(p.name for p in (ROOT / "tests").rglob("test_*.py"))
    assert [n for n, c in names.items() if c > 1] == []
