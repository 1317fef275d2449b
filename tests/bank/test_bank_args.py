"""--bank and --data-dir as a user types them: a path that is not there is an error, not a warning."""

from __future__ import annotations

from pathlib import Path

import pytest

from interviewkit.cli import main

GOOD = """\
[[question]]
id = "my-card"
kind = "flashcard"
topic = "lstm"
difficulty = "easy"
prompt = "What does the forget gate do?"
back = "It scales the old cell state."
explanation = "The cell update multiplies c_{t-1} by f elementwise."
source = "Hochreiter & Schmidhuber (1997)"
"""


def _err(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err


@pytest.mark.parametrize("command", [["bank", "list"], ["bank", "stats"], ["stats"]])
def test_missing_bank_path_is_an_error_with_a_close_match(tmp_path, capsys, command) -> None:
    (tmp_path / "mine.toml").write_text(GOOD)
    argv = [*command, "--data-dir", str(tmp_path / "d"), "--bank", str(tmp_path / "mine.tom")]
    assert main(argv) == 2
    err = _err(capsys)
    assert "no such file or folder" in err and f"did you mean {tmp_path / 'mine.toml'}?" in err


def test_empty_bank_and_data_dir_are_errors(tmp_path: Path, capsys) -> None:
    assert main(["bank", "list", "--bank", ""]) == 2
    assert "--bank is empty" in _err(capsys)
    assert main(["bank", "stats", "--data-dir", ""]) == 2
    assert "--data-dir is empty" in _err(capsys)
    assert main(["stats", "--data-dir", " "]) == 2
    assert "--data-dir is empty" in _err(capsys)


def test_folder_without_question_files_is_an_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    assert main(["bank", "list", "--data-dir", str(tmp_path / "d"), "--bank", str(tmp_path)]) == 2
    assert "no question files (*.toml) in this folder" in _err(capsys)


def test_good_bank_path_still_loads_and_warning_names_the_right_validate(
    tmp_path: Path, capsys
) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text(GOOD + '\n[[question]]\nid = "broken"\n')
    assert (
        main(["bank", "show", "my-card", "--data-dir", str(tmp_path / "d"), "--bank", str(mine)])
        == 0
    )
    captured = capsys.readouterr()
    assert "my-card" in captured.out
    assert f"run `interviewkit bank validate --bank {mine}" in captured.err


def test_validate_refuses_paths_that_hold_no_questions(tmp_path: Path, capsys) -> None:
    """Nothing to validate is a user error (exit 2), as the same path given to --bank is."""
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main(["bank", "validate", str(empty)]) == 2
    assert f"{empty}: no question files (*.toml) in this folder" in _err(capsys)
    assert main(["bank", "validate", "/dev/null"]) == 2
    assert "/dev/null: not a regular file or folder" in _err(capsys)
    assert main(["bank", "validate", str(tmp_path / "missing.toml")]) == 2
    assert "missing.toml: no such file or folder" in _err(capsys)


def test_validate_refuses_an_empty_path(capsys) -> None:
    assert main(["bank", "validate", ""]) == 2
    assert "a PATH is empty" in _err(capsys)


def test_a_huge_unknown_id_is_cut_in_the_error(capsys) -> None:
    assert main(["bank", "show", "x" * 100_000]) == 2
    err = _err(capsys)
    assert "(100,000 characters)" in err and len(err) < 400
