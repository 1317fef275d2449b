"""The oldest versions pyproject.toml allows, for CI's lowest-versions run.

A lower bound is a promise: "this version works". pip keeps whatever version a user already has
if it meets the bound, so every bound must be one the suite has passed on. This script turns each
`name>=X` of the dependencies and of every extra into `name==X`; CI installs exactly those and
runs the suite (.ci/lowest). The dev extra's exact pins (textual, which draws the SVG snapshots)
are not floors: there the runtime floor wins and the snapshot tests are left out.

    python .ci/floors.py [--skip NAME ...]         # `name==floor` lines, for pip install -r
    python .ci/floors.py --names [--skip NAME ...] # the bare names
    python .ci/floors.py --check [--skip NAME ...] # exit 1 unless each installed version is its floor

Markers are evaluated for the running interpreter (tomli only below Python 3.11).
Needs `packaging` (pytest depends on it).
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"


def requirements(pyproject: Path = PYPROJECT) -> list[tuple[str, Requirement]]:
    """Every requirement of the project as (group, requirement); group is "" or the extra."""
    project = tomllib.loads(pyproject.read_text(encoding="utf-8"))["project"]
    out = [("", Requirement(r)) for r in project.get("dependencies", [])]
    for extra, reqs in project.get("optional-dependencies", {}).items():
        out += [(extra, Requirement(r)) for r in reqs]
    return out


def lower_bound(req: Requirement) -> Version | None:
    """The version of the requirement's `>=`, or None when it has none."""
    bounds = [Version(s.version) for s in req.specifier if s.operator == ">="]
    if len(bounds) > 1:
        raise ValueError(f"{req}: more than one lower bound")
    return bounds[0] if bounds else None


def is_pin(req: Requirement) -> bool:
    """True for `name==X` (an exact pin, like the dev extra's snapshot textual)."""
    return [s.operator for s in req.specifier] == ["=="]


def floors(pyproject: Path = PYPROJECT, *, all_markers: bool = False) -> dict[str, Version]:
    """Each dependency's lowest allowed version, by canonical name.

    Raises ValueError for a requirement that has neither a lower bound nor (as an exact pin) a
    lower bound elsewhere, and for two different floors of one name: both would leave the
    lowest-versions run guessing.
    """
    found: dict[str, Version] = {}
    pinned: set[str] = set()
    for group, req in requirements(pyproject):
        if req.marker is not None and not all_markers and not req.marker.evaluate({"extra": group}):
            continue
        name = canonicalize_name(req.name)
        if is_pin(req):
            pinned.add(name)
            continue
        bound = lower_bound(req)
        if bound is None:
            raise ValueError(f"{req} ({group or 'dependencies'}): no lower bound (name>=X)")
        if found.setdefault(name, bound) != bound:
            raise ValueError(f"{name}: two lower bounds, {found[name]} and {bound}")
    if missing := sorted(pinned - found.keys()):
        raise ValueError(f"pinned but without a lower bound elsewhere: {', '.join(missing)}")
    return found


def check(wanted: dict[str, Version]) -> list[str]:
    """One line per dependency whose installed version is not its floor."""
    problems = []
    for name, floor in sorted(wanted.items()):
        try:
            have = Version(metadata.version(name))
        except metadata.PackageNotFoundError:
            problems.append(f"{name}: not installed (floor {floor})")
            continue
        if have != floor:
            problems.append(f"{name}: {have} installed, floor {floor}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", action="append", default=[], help="leave this name out")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--names", action="store_true", help="print the bare names")
    mode.add_argument("--check", action="store_true", help="check the installed versions")
    args = parser.parse_args(argv)
    skip = {canonicalize_name(n) for n in args.skip}
    wanted = {n: v for n, v in floors().items() if n not in skip}
    if args.check:
        problems = check(wanted)
        for line in problems:
            print(f"not at its floor: {line}", file=sys.stderr)
        if not problems:
            print(f"{len(wanted)} dependencies at their declared floors")
        return 1 if problems else 0
    for name, floor in sorted(wanted.items()):
        print(name if args.names else f"{name}=={floor}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
