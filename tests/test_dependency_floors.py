"""The dependency bounds stay true: CI's lowest-versions run can read them, the README states them.

`.ci/floors.py` turns each lower bound into the exact version CI installs (`.ci/lowest`); these
tests keep pyproject.toml in the shape it needs and the README's table equal to pyproject.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

#: upper bounds, each with the release that broke the package; add one only for a known break
KNOWN_BREAKS: dict[str, str] = {}


def _load_floors():
    spec = importlib.util.spec_from_file_location("ci_floors", ROOT / ".ci" / "floors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


floors_script = _load_floors()


def _pyproject(tmp_path: Path, deps: list[str], extras: dict[str, list[str]] | None = None) -> Path:
    lines = ["[project]", f"dependencies = {json.dumps(deps)}", ""]
    lines += ["[project.optional-dependencies]"]
    lines += [f"{k} = {json.dumps(v)}" for k, v in (extras or {}).items()]
    path = tmp_path / "pyproject.toml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _readme_floors() -> dict[str, str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Supported versions", 1)[1].split("\n## ", 1)[0]
    rows = re.findall(r"^\| `([^`]+)`[^|]*\| ([0-9][^ |]*) \|", section, flags=re.M)
    return dict(rows)


def test_every_dependency_and_extra_has_one_floor() -> None:
    found = floors_script.floors(all_markers=True)
    names = {floors_script.canonicalize_name(r.name) for _, r in floors_script.requirements()}
    assert set(found) == names


def test_the_readme_states_every_floor() -> None:
    found = {name: str(v) for name, v in floors_script.floors(all_markers=True).items()}
    assert _readme_floors() == found


def test_upper_bounds_only_where_a_release_broke_the_package() -> None:
    capped = {
        floors_script.canonicalize_name(r.name)
        for _, r in floors_script.requirements()
        if any(s.operator in {"<", "<=", "~=", "!="} for s in r.specifier)
    }
    assert capped == set(KNOWN_BREAKS)


def test_torch_is_a_plain_lower_bound() -> None:
    """A cap or a pin on torch would make pip replace a user's CUDA build with a download."""
    torch = [r for _, r in floors_script.requirements() if r.name == "torch"]
    assert [[s.operator for s in r.specifier] for r in torch] == [[">="]]


def test_ci_runs_the_lowest_versions() -> None:
    assert "bash .ci/lowest" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_floors_lists_each_floor_and_leaves_pins_to_the_runtime_floor(tmp_path: Path) -> None:
    path = _pyproject(
        tmp_path,
        ["Textual>=8.0", "tomli>=2.0; python_version < '3'"],
        {"dev": ["textual==8.2.8", "ruff>=0.9,<1"]},
    )
    assert {k: str(v) for k, v in floors_script.floors(path).items()} == {
        "textual": "8.0",
        "ruff": "0.9",
    }
    assert "tomli" in floors_script.floors(path, all_markers=True)


@pytest.mark.parametrize(
    ("deps", "extras", "message"),
    [
        (["numpy"], {}, "no lower bound"),
        (["numpy<2"], {}, "no lower bound"),
        (["numpy>=1.23"], {"plot": ["numpy>=1.24"]}, "two lower bounds"),
        (["sympy>=1.12"], {"dev": ["textual==8.2.8"]}, "pinned but without a lower bound"),
    ],
)
def test_floors_refuses_what_the_lowest_run_could_not_install(
    tmp_path: Path, deps: list[str], extras: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        floors_script.floors(_pyproject(tmp_path, deps, extras))


def test_check_names_what_is_not_at_its_floor() -> None:
    pytest_version = floors_script.Version(pytest.__version__)
    assert floors_script.check({"pytest": pytest_version}) == []
    wrong = floors_script.check({"pytest": floors_script.Version("1.0"), "no-such-dist": "1"})
    assert wrong == [
        "no-such-dist: not installed (floor 1)",
        f"pytest: {pytest_version} installed, floor 1.0",
    ]


def test_torchs_floor_runs_with_the_numpy_that_pip_installs() -> None:
    """The exercises pass tensors to NumPy (`.numpy()`), and `numpy>=1.23.2` lets pip install
    NumPy 2 beside any torch; torch before 2.3 was built against NumPy 1 only, and there
    `.numpy()` raises "Numpy is not available"."""
    sources = (ROOT / "interviewkit").rglob("*.py")
    to_numpy = sorted(p.name for p in sources if ".numpy()" in p.read_text(encoding="utf-8"))
    floor = floors_script.floors(all_markers=True)["torch"]
    assert not to_numpy or floor >= floors_script.Version("2.3"), to_numpy
