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


def test_every_data_file_is_carried_by_package_data() -> None:
    """A data file in a folder without __init__.py (the built-in cells) ships only when a
    package-data pattern of its nearest package names it; a missed one breaks the wheel."""
    from fnmatch import fnmatch

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = config["package-data"]
    missed = []
    for path in (ROOT / "interviewkit").rglob("*"):
        if path.suffix not in (".toml", ".json", ".tcss", ".css", ".js", ".md", ".woff2"):
            continue
        if "__pycache__" in path.parts:
            continue
        package = path.parent
        while not (package / "__init__.py").exists():
            package = package.parent
        name = ".".join(package.relative_to(ROOT).parts)
        relative = path.relative_to(package).as_posix()
        globs = [*patterns.get("*", []), *patterns.get(name, [])]
        if not any(fnmatch(relative, g) and ("/" in g) == ("/" in relative) for g in globs):
            missed.append(str(path.relative_to(ROOT)))
    assert missed == [], "add package-data patterns for these"


def test_every_file_of_the_bank_is_carried_by_package_data() -> None:
    """questions/ ships as the package interviewkit.questions: its decks, and the cell files
    its derivations name, kept in subfolders (questions/cells/), which only a pattern with
    the folder carries."""
    from fnmatch import fnmatch

    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    patterns = config["package-data"]
    globs = [*patterns.get("*", []), *patterns.get("interviewkit.questions", [])]
    bank = ROOT / config["package-dir"]["interviewkit.questions"]
    files = [p.relative_to(bank).as_posix() for p in bank.rglob("*") if p.is_file()]
    assert any("/" in f for f in files), "the bank has no cell file in a subfolder any more"
    missed = [
        f for f in files if not any(fnmatch(f, g) and ("/" in g) == ("/" in f) for g in globs)
    ]
    assert missed == [], "add package-data patterns for these"


def test_builtin_bank_location_in_a_checkout() -> None:
    from interviewkit.paths import builtin_bank_dir

    assert any(builtin_bank_dir().glob("*.toml"))


def test_test_module_basenames_are_unique() -> None:
    """pytest imports test modules by basename (no __init__.py here): two alike names break
    collection on a clean checkout, so each test file's name must be unique across tests/."""
    from collections import Counter

    names = Counter(p.name for p in (ROOT / "tests").rglob("test_*.py"))
    assert [n for n, c in names.items() if c > 1] == []
