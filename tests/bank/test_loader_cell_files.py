"""A derivation question may name a cell file kept next to its deck (`cell_file`): it loads and is
graded against that cell; a missing or broken file is one line naming the deck and the line,
and the rest of the bank still loads."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from interviewkit.bank import schema
from interviewkit.bank.cellfiles import question_cell, question_reference
from interviewkit.bank.loader import load_bank, load_file

LEAKY = Path(__file__).resolve().parents[2] / "questions" / "cells" / "leaky.toml"

QUESTION = """\
[[question]]
id = "{qid}"
kind = "derivation"
topic = "jacobians"
difficulty = "medium"
prompt = "Give the one-step Jacobian of the leaky RNN."
explanation = "Derived by the package."
source = "derivation by the package"
target = "{target}"
cell_file = "{cell}"
"""

NEIGHBOUR = """\
[[question]]
id = "plain"
kind = "derivation"
topic = "jacobians"
difficulty = "easy"
prompt = "Give dh/dh_prev of the RNN."
explanation = "Derived by the package."
source = "derivation by the package"
target = "rnn.dh_dhprev"
"""


def deck(tmp_path: Path, *, target: str = "leaky.dh_dhprev", cell: str = "cells/leaky.toml",
         extra: str = "") -> Path:  # fmt: skip
    """A deck of the cell-file question (line 1) and a plain one after it, in `tmp_path`."""
    path = tmp_path / "mine.toml"
    text = QUESTION.format(qid="own-cell", target=target, cell=cell) + extra + "\n" + NEIGHBOUR
    path.write_text(text, encoding="utf-8")
    return path


def with_leaky(tmp_path: Path) -> Path:
    folder = tmp_path / "cells"
    folder.mkdir()
    return Path(shutil.copy(LEAKY, folder / "leaky.toml"))


def test_a_question_on_a_cell_file_loads_and_is_graded_against_that_cell(
    tmp_path: Path,
) -> None:
    from interviewkit.math.check import check

    cell = with_leaky(tmp_path)
    questions, problems = load_file(deck(tmp_path))
    assert problems == []
    q = questions[0]
    assert isinstance(q, schema.Derivation) and q.cell_file == str(cell.resolve())
    spec = question_cell(q)
    assert spec is not None and spec.name == "leaky"
    reference = question_reference(q).ascii
    assert "alpha" in reference
    assert check(q.target, reference, None, spec).verdict == "correct"
    assert check(q.target, "diag(alpha * (1 - h_tilde**2)) @ W_h", None, spec).verdict == (
        "incorrect"
    )
    assert questions[1].cell_file is None  # the built-in question beside it is untouched


@pytest.mark.parametrize(
    ("cell", "says"),
    [
        ("cells/gone.toml", "cells/gone.toml: no such cell file"),
        ("", "must be the path of a cell file (.toml), relative to this deck"),
    ],
)
def test_a_missing_cell_file_is_one_line_and_the_rest_loads(
    tmp_path: Path, cell: str, says: str
) -> None:
    questions, problems = load_file(deck(tmp_path, cell=cell))
    assert [q.id for q in questions] == ["plain"]
    [problem] = problems
    assert problem.path.endswith("mine.toml")
    assert (problem.line, problem.field) == (10, "cell_file")  # the line of `cell_file = ...`
    assert problem.message.endswith(says) and "\n" not in str(problem)


def test_a_broken_cell_file_names_the_deck_line_and_the_cell_files_line(tmp_path: Path) -> None:
    cell = with_leaky(tmp_path)
    cell.write_text(
        cell.read_text(encoding="utf-8").replace("W_x @ x", "W_y @ x"), encoding="utf-8"
    )
    bank = load_bank([deck(tmp_path)], include_builtin=False, include_user_decks=False)
    assert [q.id for q in bank.questions] == ["plain"]
    [problem] = bank.problems
    assert problem.path.endswith("mine.toml") and problem.line == 10
    assert "leaky.toml:13:" in problem.message and "unknown name 'W_y'" in problem.message
    assert "h_tilde = tanh(W_h @ h_prev + W_y @ x + b)" in problem.message
    assert bank.cell_files == [str(cell.resolve())]


def test_a_target_the_cell_does_not_have_is_named_with_a_close_match(tmp_path: Path) -> None:
    with_leaky(tmp_path)
    _, problems = load_file(deck(tmp_path, target="leaky.dh_dhprevv"))
    [problem] = problems
    assert (problem.line, problem.field) == (9, "target")
    assert "did you mean 'leaky.dh_dhprev'?" in problem.message
    assert "--list-targets" in problem.message


def test_a_cell_file_target_takes_no_variant(tmp_path: Path) -> None:
    with_leaky(tmp_path)
    _, problems = load_file(deck(tmp_path, extra='variant = "chung"\n'))
    assert [(p.field, p.message) for p in problems] == [
        ("variant", "a target of a cell file has no variant; leave it out")
    ]


def test_the_shipped_bank_has_a_cell_file_question_that_checks() -> None:
    from interviewkit.math.check import check

    bank = load_bank(include_user_decks=False)
    assert bank.problems == []
    own = [q for q in bank.questions if isinstance(q, schema.Derivation) and q.cell_file]
    assert own, "no question of the built-in bank names a cell file"
    for q in own:
        spec = question_cell(q)
        assert spec is not None and Path(q.cell_file or "").is_file()
        assert check(q.target, question_reference(q).ascii, None, spec).verdict == "correct"


def test_a_cell_file_among_the_decks_says_where_it_belongs(tmp_path: Path) -> None:
    shutil.copy(LEAKY, tmp_path / "leaky.toml")
    bank = load_bank([tmp_path], include_builtin=False, include_user_decks=False)
    assert next((p.field, p.message) for p in bank.problems) == (
        "cell",
        "a cell file, not a question file: keep cell files in a subfolder (cells/)",
    )


def test_bank_validate_derives_each_cell_file_and_show_prints_its_reference(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from interviewkit.cli import main
    from interviewkit.errors import NotationError

    with_leaky(tmp_path)
    path = deck(tmp_path)
    assert main(["bank", "validate", str(path)]) == 0
    assert "ok: 2 questions" in capsys.readouterr().out
    assert main(["bank", "show", "own-cell", "--bank", str(path)]) == 0
    shown = capsys.readouterr().out
    assert "leaky.dh_dhprev = diag(1 - alpha) + diag(alpha * (1 - h_tilde**2)) @ W_h" in shown
    assert "--cell " in shown and "leaky.toml" in shown

    def too_slow(spec):  # what the time limit raises on a file SymPy cannot finish
        raise NotationError("deriving the cell took longer than 20 s and was stopped")

    monkeypatch.setattr("interviewkit.math.reference.references", too_slow)
    assert main(["bank", "validate", str(path)]) == 1
    out, err = capsys.readouterr()
    assert out.strip().endswith(
        "cell_file: deriving the cell took longer than 20 s and was stopped"
    )
    assert "1 problem; 1 question loaded fine" in err
