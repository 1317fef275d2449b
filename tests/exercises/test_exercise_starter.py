"""Starter files: they compile, name their exercise, refuse to overwrite work, fail the check
as "not written yet", and their public example runs (with a reference solution pasted in) and
shows the shapes and values that torch computes."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from exercisehelpers import solution_text

from interviewkit.engine.exercises import truth
from interviewkit.errors import ExerciseError
from interviewkit.exercises.catalogue import EXERCISES, get
from interviewkit.exercises.grader import check_file
from interviewkit.exercises.runner import RunError
from interviewkit.exercises.starter import exercise_named_in, starter_text, write_starter

MAIN = '\n\nif __name__ == "__main__":'


@pytest.mark.parametrize("name", [e.name for e in EXERCISES])
def test_starter_compiles_and_names_its_exercise(name: str) -> None:
    text = starter_text(get(name))
    compile(text, f"{name}.py", "exec")
    assert exercise_named_in(text) == name
    assert f"def {get(name).signature}:" in text
    for arg in get(name).args:
        assert f"        {arg.name}: " in text  # every argument is described
    assert "import torch" not in text


@pytest.mark.parametrize("name", [e.name for e in EXERCISES])
def test_public_example_runs_with_a_solution(tmp_path: Path, name: str) -> None:
    text = starter_text(get(name)).replace(MAIN, "\n\n" + solution_text(name) + MAIN, 1)
    path = tmp_path / f"{name}.py"
    path.write_text(text, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(path)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    shapes = re.findall(r"shape (\(.*?\)) expected (\(.*?\))", result.stdout)
    assert all(got == want for got, want in shapes), shapes


NUMBER = re.compile(r"-?\d+(?:\.\d*)?(?:e[-+]?\d+)?")


@pytest.mark.parametrize("name", [e.name for e in EXERCISES if e.expected_example])
def test_expected_example_is_what_torch_computes(name: str) -> None:
    exercise = get(name)
    scope: dict = {"np": np}
    exec("\n".join(exercise.example_lines) or "pass", scope)  # our own spec's lines
    inputs = {a.name: scope.get(a.name, exercise.example.get(a.name)) for a in exercise.args}
    values = np.concatenate([np.ravel(v) for v in truth(name, inputs).values()])
    shown = [float(n) for n in NUMBER.findall(exercise.expected_example)]
    np.testing.assert_allclose(shown, values, rtol=1e-4, atol=1e-4)


def test_write_refuses_to_overwrite(tmp_path: Path) -> None:
    path = write_starter(get("logsumexp"), tmp_path / "new")
    path.write_text("my work", encoding="utf-8")
    with pytest.raises(ExerciseError, match="already exists"):
        write_starter(get("logsumexp"), tmp_path / "new")
    assert path.read_text(encoding="utf-8") == "my work"
    write_starter(get("logsumexp"), tmp_path / "new", force=True)
    assert "def logsumexp(x):" in path.read_text(encoding="utf-8")


def test_untouched_starter_is_not_written_yet(tmp_path: Path) -> None:
    path = write_starter(get("rnn_step_backward"), tmp_path)
    with pytest.raises(RunError) as caught:
        check_file(get("rnn_step_backward"), path, seed=1)
    assert caught.value.kind == "todo"
    assert "write its body" in caught.value.one_line()


def test_the_docs_page_lists_every_exercise() -> None:
    page = (Path(__file__).resolve().parents[2] / "docs" / "code.md").read_text(encoding="utf-8")
    for exercise in EXERCISES:
        assert f"| `{exercise.name}` | {exercise.difficulty} | {exercise.summary} |" in page
