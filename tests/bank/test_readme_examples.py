"""The examples in questions/README.md are real: every TOML block loads without a problem, together
they show every kind, and as a learner's deck they merge with the built-in bank without a clash."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from interviewkit.bank import schema
from interviewkit.bank.loader import load_bank, load_file

README = Path(__file__).resolve().parents[2] / "questions" / "README.md"
_BLOCK = re.compile(r"^```toml\n(.*?)^```", re.DOTALL | re.MULTILINE)


def toml_blocks() -> list[str]:
    return _BLOCK.findall(README.read_text(encoding="utf-8"))


def question_blocks() -> list[str]:
    """The complete examples (the file-layout sketch with `# ...` is not one)."""
    return [b for b in toml_blocks() if "[[question]]" in b and "kind = " in b]


def test_readme_has_toml_examples() -> None:
    assert len(question_blocks()) >= 5


def with_cells(folder: Path) -> Path:
    """`folder` with the bank's cell files in `cells/`, as the example on `cell_file` names one."""
    shutil.copytree(README.parent / "cells", folder / "cells")
    return folder


@pytest.mark.parametrize("index", range(len(question_blocks())))
def test_each_example_loads_without_problems(tmp_path: Path, index: int) -> None:
    with_cells(tmp_path)
    path = tmp_path / f"example{index}.toml"
    path.write_text(question_blocks()[index], encoding="utf-8")
    questions, problems = load_file(path)
    assert [str(p) for p in problems] == []
    assert len(questions) == 1


def test_examples_cover_every_kind_and_a_computed_number(tmp_path: Path) -> None:
    with_cells(tmp_path)
    path = tmp_path / "all.toml"
    path.write_text("\n".join(question_blocks()), encoding="utf-8")
    questions, problems = load_file(path)
    assert problems == []
    assert {q.kind for q in questions} == set(schema.KINDS)
    numerics = [q for q in questions if isinstance(q, schema.Numeric)]
    assert any(q.compute for q in numerics) and any(q.answer is not None for q in numerics)


def test_examples_as_a_user_deck_merge_with_the_builtin_bank(tmp_path: Path) -> None:
    decks = tmp_path / "data" / "decks"
    decks.mkdir(parents=True)
    with_cells(decks)  # a subfolder of the decks folder: never read as a deck
    (decks / "readme.toml").write_text("\n".join(question_blocks()), encoding="utf-8")
    bank = load_bank(data_dir=tmp_path / "data")
    ids = {q.id for q in bank.questions if q.origin.deck == "readme"}
    assert len(ids) == len(question_blocks())
    assert not [p for p in bank.problems if p.field == "id"]


def test_an_id_clash_with_a_deck_is_reported(tmp_path: Path) -> None:
    """What the README promises: the first loaded question stays, the clash is reported."""
    block = question_blocks()[0]
    decks = tmp_path / "data" / "decks"
    decks.mkdir(parents=True)
    (decks / "a.toml").write_text(block, encoding="utf-8")
    extra = tmp_path / "b.toml"
    extra.write_text(block, encoding="utf-8")
    bank = load_bank([extra], data_dir=tmp_path / "data")
    clashes = [p for p in bank.problems if p.field == "id"]
    assert len(clashes) == 1 and "duplicate id" in clashes[0].message
    assert clashes[0].path.endswith("b.toml")
