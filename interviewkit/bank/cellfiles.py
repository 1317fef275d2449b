"""Cell files named by derivation questions: a deck may keep a learner's own cell next to it.

A question says `cell_file = "cells/leaky.toml"` (relative to its deck's folder) and a target of
that cell (`target = "leaky.dh_dhprev"`). The loader reads the file here, once, to validate the
question; the quiz, `bank show` and the exports load it again through `question_cell` (cached
by content in `math.cells`), so an edit to the file is seen without reloading the bank.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from interviewkit.bank.schema import Derivation, Problem, Question

if TYPE_CHECKING:
    from interviewkit.math.cellspec import CellSpec
    from interviewkit.math.reference import Reference
    from interviewkit.math.targets import Target


def cell_path(folder: Path, written: str) -> Path:
    """Where `written` (as the deck spells it, relative to the deck's folder) points."""
    return (folder / Path(written).expanduser()).resolve()


def shown_path(path: str | Path) -> str:
    """`path` as messages show it (deck files and cell files alike): relative to the working
    folder when it is under it, else as it is."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def read_cell(path: str | Path) -> CellSpec:
    """The cell file at `path`, named in every error as the loader names files; a CellError
    (one line: the file, the line, the equation) when it is missing or wrong."""
    from interviewkit.math.cells import cell_file

    return cell_file(shown_path(path))


def question_cell(q: Derivation) -> CellSpec | None:
    """The cell `q` is graded against: its cell file's, or None for a built-in cell's target.
    Raises CellError when the file has gone or broken since the bank was loaded."""
    return read_cell(q.cell_file) if q.cell_file else None


def question_target(q: Derivation) -> tuple[Target, CellSpec]:
    """The target `q` asks for and the cell (and variant) it is derived in."""
    from interviewkit.math.targets import resolve

    return resolve(q.target, q.variant, question_cell(q))


def question_reference(q: Derivation) -> Reference:
    """The derived answer of `q` (for a cell file: derived by SymPy on first use)."""
    from interviewkit.math.reference import reference

    return reference(*question_target(q))


def cell_label(q: Derivation) -> str:
    """The cell file as `bank show` and the exports name it, relative to the working folder."""
    return shown_path(q.cell_file) if q.cell_file else ""


#: Seconds SymPy may take to derive one cell file's targets in `bank validate` (as `check`).
DERIVE_SECONDS = 20


def derivation_problems(questions: list[Question]) -> list[Problem]:
    """Derive (SymPy) every cell file the questions name, once each: what loading cannot see,
    a file whose algebra keeps SymPy busy past the time limit. One problem per question on a
    file that fails. For `bank validate`."""
    from interviewkit.errors import InterviewkitError
    from interviewkit.math.reference import references
    from interviewkit.math.timelimit import time_limit

    failed: dict[str, str | None] = {}  # cell file -> why it cannot be derived (None: it can)
    problems: list[Problem] = []
    for q in questions:
        if not isinstance(q, Derivation) or not q.cell_file:
            continue
        if q.cell_file not in failed:
            failed[q.cell_file] = None
            try:
                spec = read_cell(q.cell_file)
                with time_limit(DERIVE_SECONDS, f"deriving the cell in {shown_path(q.cell_file)}"):
                    references(spec)
            except InterviewkitError as exc:
                failed[q.cell_file] = exc.one_line()
        why = failed[q.cell_file]
        if why is not None:
            problems.append(Problem(q.origin.path, q.origin.line, "cell_file", why))
    return problems
