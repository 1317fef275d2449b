"""`interviewkit code list|start|check`: exit codes, JSON, one-line errors, the status column,
and that listing and starting never import torch."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from interviewkit.cli import main
from interviewkit.exercises.catalogue import EXERCISES

SOLUTIONS = Path(__file__).resolve().parent.parent / "exercises" / "solutions"


def run(capsys, *words: str) -> tuple[int, str, str]:
    code = main(list(words))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_exercise_easy_to_hard(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "code", "list", "--json", "--data-dir", str(tmp_path))
    rows = json.loads(out)
    assert code == 0
    assert [r["name"] for r in rows] == [e.name for e in EXERCISES]
    order = {"easy": 0, "medium": 1, "hard": 2}
    assert [order[r["difficulty"]] for r in rows] == sorted(order[r["difficulty"]] for r in rows)
    assert {r["status"] for r in rows} == {"new"}
    assert not (tmp_path / "progress.db").exists()  # listing creates nothing
    code, out, _ = run(capsys, "code", "list", "--data-dir", str(tmp_path))
    assert "lstm_step_backward" in out and "hard" in out
    assert max(len(line) for line in out.splitlines()) <= 80


def test_list_status_comes_from_recorded_answers(capsys, tmp_path: Path) -> None:
    from interviewkit.study.store import ProgressStore

    with ProgressStore.open(tmp_path) as store:
        store.record_answer(
            "code-lstm-step-backward",
            3,
            kind="code",
            topic="lstm",
            mode="quiz",
            verdict="correct",
        )
        store.record_answer(
            "code-rnn-bptt", 1, kind="code", topic="bptt", mode="quiz", verdict="incorrect"
        )
    _, out, _ = run(capsys, "code", "list", "--json", "--data-dir", str(tmp_path))
    status = {r["name"]: r["status"] for r in json.loads(out)}
    assert status["lstm_step_backward"] == "passed"
    assert status["rnn_bptt"] == "failed"
    assert status["logsumexp"] == "new"


def test_start_writes_once(capsys, tmp_path: Path) -> None:
    code, out, _ = run(capsys, "code", "start", "logsumexp", "--dir", str(tmp_path))
    assert code == 0 and "interviewkit code check" in out
    assert (tmp_path / "logsumexp.py").is_file()
    code, _, err = run(capsys, "code", "start", "logsumexp", "--dir", str(tmp_path))
    assert code == 2 and err.count("\n") == 1 and "already exists" in err and "--force" in err
    code, _, _ = run(capsys, "code", "start", "logsumexp", "--dir", str(tmp_path), "--force")
    assert code == 0


def test_unknown_exercise_suggests_the_close_one(capsys, tmp_path: Path) -> None:
    code, _, err = run(capsys, "code", "start", "lstm_backward", "--dir", str(tmp_path))
    assert code == 2
    assert err == (
        "interviewkit: code: no exercise called 'lstm_backward' "
        "(did you mean lstm_step_backward or rnn_step_backward?)\n"
    )


def test_check_right_wrong_and_broken(capsys, tmp_path: Path) -> None:
    right = tmp_path / "mine.py"
    shutil.copy(SOLUTIONS / "rnn_step_backward.py", right)
    code, out, _ = run(
        capsys, "code", "check", str(right), "--exercise", "rnn_step_backward", "--seed", "1"
    )
    assert code == 0 and out.splitlines()[-1].startswith("Passed: all 5 outputs right")

    wrong = tmp_path / "rnn_step_backward.py"  # found by its name
    wrong.write_text(right.read_text().replace("db = d_a.sum(axis=0)", "db = d_a"))
    code, out, _ = run(capsys, "code", "check", str(wrong), "--seed", "1")
    assert code == 1
    assert "\n✗ db " in out and "sum over the batch (axis 0)" in " ".join(out.split())
    code, out, _ = run(capsys, "code", "check", str(wrong), "--seed", "1", "--json")
    report = json.loads(out)
    assert code == 1 and report["status"] == "failed" and report["wrong"] == ["db"]
    first = report["cases"][0]["outputs"][-1]
    assert first["diagnosis"]["kind"] == "shape" and first["expected_shape"] == [5]

    broken = tmp_path / "broken.py"
    broken.write_text("# interviewkit exercise: rnn_step_backward\ndef f(:\n")
    code, out, err = run(capsys, "code", "check", str(broken))
    assert code == 2 and out == ""
    assert err == "interviewkit: code: broken.py:2: syntax error: invalid syntax\n"
    code, out, _ = run(capsys, "code", "check", str(broken), "--json")
    assert code == 2 and json.loads(out)["error"]["kind"] == "syntax"


def test_check_needs_to_know_the_exercise(capsys, tmp_path: Path) -> None:
    path = tmp_path / "anything.py"
    path.write_text("x = 1\n")
    code, _, err = run(capsys, "code", "check", str(path))
    assert code == 2 and "cannot tell which exercise anything.py solves" in err
    code, _, err = run(capsys, "code", "check", str(tmp_path / "none.py"))
    assert code == 2 and "no such file" in err


@pytest.mark.parametrize("words", [["code", "list"], ["code", "start", "logsumexp", "--dir"]])
def test_list_and_start_import_no_torch(tmp_path: Path, words: list[str]) -> None:
    if words[-1] == "--dir":
        words = [*words, str(tmp_path)]
    probe = (
        "import sys, io, contextlib\nfrom interviewkit.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n    main({words!r})\n"
        "print(' '.join(m for m in ('torch', 'sympy', 'textual') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=60,
        env={**__import__("os").environ, "INTERVIEWKIT_DATA": str(tmp_path)},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
