"""Helpers of the code-exercise tests: the reference solutions (kept here, never shipped) and
variants of them with some lines changed (the typical wrong solutions)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

SOLUTIONS = Path(__file__).resolve().parent / "solutions"


def solution_text(name: str) -> str:
    return (SOLUTIONS / f"{name}.py").read_text(encoding="utf-8")


def variant(folder: Path, name: str, edits: Sequence[tuple[str, str]]) -> Path:
    """The reference solution of `name` with each `old` replaced by `new` (each must occur)."""
    text = solution_text(name)
    for old, new in edits:
        assert old in text, f"{old!r} is not in the reference {name}.py"
        text = text.replace(old, new)
    path = folder / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    return path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path
