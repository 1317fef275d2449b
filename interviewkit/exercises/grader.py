"""Checking a learner's file: hidden cases in, a `Report` out (every output of every case).

The child process starts first; while it runs, this process imports torch and computes the
truth (`engine.exercises`) in a thread, so a check costs little more than importing torch.
Only when an output is wrong are the known mistakes evaluated, on that case's inputs, and
handed to `diagnosis.diagnose`.
"""

from __future__ import annotations

import secrets
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from interviewkit.exercises import runner
from interviewkit.exercises.diagnosis import TOLERANCE, Diagnosis, diagnose, relative_error
from interviewkit.exercises.spec import Exercise, Sizes


@dataclass(frozen=True)
class OutputResult:
    """One output of one case: right or not, its max relative error, and why not."""

    label: str
    right: bool
    error: float | None
    shape: tuple[int, ...]
    expected_shape: tuple[int, ...]
    diagnosis: Diagnosis | None = None


@dataclass(frozen=True)
class CaseResult:
    number: int
    sizes: Sizes
    outputs: tuple[OutputResult, ...]


@dataclass(frozen=True)
class Report:
    """A whole check. `passed` when every output of every case is right."""

    exercise: Exercise
    path: str
    seed: int
    cases: tuple[CaseResult, ...]
    tolerance: float = TOLERANCE

    @property
    def labels(self) -> list[str]:
        return [o.label for o in self.cases[0].outputs] if self.cases else []

    @property
    def wrong(self) -> list[str]:
        """The labels wrong in at least one case, in the exercise's order."""
        bad = {o.label for c in self.cases for o in c.outputs if not o.right}
        return [label for label in self.labels if label in bad]

    @property
    def passed(self) -> bool:
        return bool(self.cases) and not self.wrong


def new_seed() -> int:
    return secrets.randbelow(2**31)


def _truths(name: str, cases: list[runner.Case], box: dict[str, Any]) -> None:
    try:
        from interviewkit.engine.exercises import truth

        box["truth"] = [truth(name, case.inputs) for case in cases]
    except BaseException as exc:  # handed to the caller's thread
        box["error"] = exc


def check_file(
    exercise: Exercise,
    path: str | Path,
    *,
    seed: int | None = None,
    limits: runner.Limits | None = None,
) -> Report:
    """Run `path`'s function on the hidden cases and grade every output.

    Raises:
        RunError: the file could not run to the end (one line says why).
    """
    seed = new_seed() if seed is None else seed
    cases = runner.make_cases(exercise, seed)
    running = runner.start(exercise, path, cases, limits or runner.Limits())
    box: dict[str, Any] = {}
    worker = threading.Thread(target=_truths, args=(exercise.name, cases, box), daemon=True)
    worker.start()
    got = running.collect()
    labels = [exercise.labels(case.inputs) for case in cases]
    if len(got) != len(cases) or any(set(w) - set(g) for w, g in zip(labels, got, strict=False)):
        raise runner.RunError("crash", running.unreadable())
    overflowed = running.overflowed or [False] * len(cases)
    worker.join()
    if "error" in box:
        raise box["error"]
    results = tuple(
        grade_case(exercise, case, truth, outputs, overflowed=over)
        for case, truth, outputs, over in zip(cases, box["truth"], got, overflowed, strict=True)
    )
    return Report(exercise, str(path), seed, results)


def grade_case(
    exercise: Exercise,
    case: runner.Case,
    truth: dict[str, Any],
    got: dict[str, Any],
    *,
    overflowed: bool = False,
) -> CaseResult:
    """Every output of one case against the truth; wrong ones diagnosed. In a `no_overflow`
    exercise, right values from a case that overflowed are wrong: avoiding it is the task."""
    from interviewkit.exercises.diagnosis import is_right

    candidates: dict[str, Any] | None = None
    outputs = []
    for label in exercise.labels(case.inputs):
        mine, right = got[label], truth[label]
        error = relative_error(mine, right) if mine.shape == right.shape else None
        if error is not None and error != error:
            error = None  # NaN: no number to show
        if is_right(mine, right):
            if overflowed:
                why = Diagnosis(
                    "overflow", f"right values, but exp overflowed on the way: {exercise.nan_hint}"
                )
                outputs.append(OutputResult(label, False, error, mine.shape, right.shape, why))
            else:
                outputs.append(OutputResult(label, True, error, mine.shape, right.shape))
            continue
        if candidates is None:
            from interviewkit.engine.exercises import candidates as known

            candidates = known(exercise.name, case.inputs)
        found = diagnose(
            mine,
            right,
            candidates.get(label, []),
            sizes=case.sizes,
            shape_text=exercise.shape_text(label),
            nan_hint=exercise.nan_hint,
            locate=_locator(exercise, case, right.shape),
        )
        outputs.append(OutputResult(label, False, error, mine.shape, right.shape, found))
    return CaseResult(case.number, case.sizes, tuple(outputs))


def _locator(exercise: Exercise, case: runner.Case, shape: tuple[int, ...]) -> Any:
    """For an elementwise exercise, name the input at a wrong entry (` where x = -40`)."""
    import numpy as np

    name = exercise.elementwise
    value = case.inputs.get(name) if name else None
    if value is None or np.shape(value) != shape:
        return None
    return lambda index: f" where {name} = {float(value[index]):g}"
