"""`interviewkit code list|start|check`: write a cell's forward or backward pass, checked by autograd.

A thin shell over `interviewkit.exercises`: the specs, the starter files, the child-process
runner and the grader live there. Exit status of `check`: 0 every output right, 1 some wrong,
2 the file could not run (one line says why).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from interviewkit.commands._common import add_bank_options

DESCRIPTION = """\
Coding-round practice: implement a cell's step, its backward pass, BPTT,
clipping, a masked loss, ... in NumPy. `code start NAME` writes a starter file
(signature, docstring with shapes, a public example); `code check FILE` runs
your function in a separate process (time and memory limited) on hidden random
cases and compares every returned array with torch autograd in float64 (max
relative error at most 1e-7, as in CS231n's gradient checks). A wrong array is
diagnosed: wrong shape, transposed, off by a factor, a known mistake (a missing
path, a wrong slope), NaN."""

EPILOG = """\
examples:
  interviewkit code list
  interviewkit code start lstm_step_backward --dir ~/practice
  python ~/practice/lstm_step_backward.py          # the public example
  interviewkit code check ~/practice/lstm_step_backward.py
Exit status of check: 0 all right, 1 some output wrong, 2 could not run."""


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "code",
        help="code exercises: write a cell's forward/backward pass, graded by autograd",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser(
        "list",
        help="the exercises, easy to hard, with your status",
        description="The exercises, easy to hard. The status is the verdict of your latest "
        "answer to a quiz question that points to the exercise (passed, failed), else new.",
    )
    add_bank_options(p)
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(func=run_list)

    p = actions.add_parser(
        "start",
        help="write an exercise's starter file",
        description="Write NAME.py: the signature, a docstring with the equations and every "
        "shape, and a __main__ block that runs one public example. An existing file is kept "
        "unless --force.",
    )
    p.add_argument("name", metavar="NAME", help="the exercise (see `code list`)")
    p.add_argument("--dir", default=".", metavar="DIR", help="where to write NAME.py (default: .)")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    p.set_defaults(func=run_start)

    p = actions.add_parser(
        "check",
        help="run your file on hidden cases and grade every output",
        description="Run FILE's function in a separate process (time and memory limited) on "
        "hidden random cases and compare every returned array with torch autograd in float64. "
        "Exit status: 0 all right, 1 some output wrong, 2 the file could not run.",
    )
    p.add_argument("file", metavar="FILE", help="your solution (a starter file, filled in)")
    p.add_argument(
        "--exercise",
        metavar="NAME",
        help="which exercise FILE solves (default: the file's `# interviewkit exercise:` line, "
        "else its name)",
    )
    p.add_argument("--seed", type=int, help="draw the hidden cases from this seed (reproducible)")
    p.add_argument(
        "--time", type=float, default=10.0, metavar="S", help="CPU seconds allowed (default 10)"
    )
    p.add_argument(
        "--memory", type=int, default=2048, metavar="MB", help="memory allowed (default 2048)"
    )
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(func=run_check)


def run_list(args: argparse.Namespace) -> int:
    from interviewkit import paths
    from interviewkit.commands._common import load_bank_from_args
    from interviewkit.exercises.catalogue import EXERCISES
    from interviewkit.exercises.progress import statuses
    from interviewkit.jsonout import print_json
    from interviewkit.study.store import ProgressStore

    bank = load_bank_from_args(args, report=False)
    found: dict[str, str] = {}
    if paths.progress_db(args.data_dir).exists():  # listing never creates a database
        with ProgressStore.open(args.data_dir) as store:
            found = statuses(bank.questions, store)
    rows = [
        {
            "name": e.name,
            "title": e.title,
            "difficulty": e.difficulty,
            "topic": e.topic,
            "summary": e.summary,
            "from_scratch": e.from_scratch,
            "status": found.get(e.name, "new"),
        }
        for e in EXERCISES
    ]
    if args.json:
        print_json(rows)
        return 0
    width = min(shutil.get_terminal_size((80, 24)).columns, 120)
    name_w = max(len(str(r["name"])) for r in rows) + 2
    print(f"{'exercise':<{name_w}}{'level':<8}{'status':<8}what")
    for r in rows:
        line = f"{r['name']:<{name_w}}{r['difficulty']:<8}{r['status']:<8}{r['summary']}"
        print(line if len(line) <= width else line[: width - 1] + "…")
    print("Start one: interviewkit code start NAME; then: interviewkit code check NAME.py")
    return 0


def run_start(args: argparse.Namespace) -> int:
    from interviewkit.exercises.catalogue import get
    from interviewkit.exercises.starter import write_starter

    exercise = get(args.name)
    path = write_starter(exercise, args.dir, force=args.force)
    shown = str(path)
    print(f"wrote {shown}: {exercise.title} ({exercise.difficulty})")
    print(f"  edit it, run `python {shown}` for the public example,")
    print(f"  then `interviewkit code check {shown}` for the hidden cases.")
    return 0


def which_exercise(path: Path, name: str | None) -> str:
    """The exercise FILE solves: --exercise, else its marker line, else its file name."""
    from interviewkit.errors import ExerciseError
    from interviewkit.exercises.catalogue import BY_NAME, get
    from interviewkit.exercises.starter import exercise_named_in

    if name:
        return get(name).name
    if not path.is_file():
        raise ExerciseError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise ExerciseError(f"cannot read {path}: {exc.strerror or exc}") from None
    marked = exercise_named_in(text)
    if marked:
        return get(marked).name
    if path.stem in BY_NAME:
        return path.stem
    raise ExerciseError(
        f"cannot tell which exercise {path.name} solves",
        hint="add --exercise NAME; `interviewkit code list` names them",
    )


def run_check(args: argparse.Namespace) -> int:
    from interviewkit.errors import ExerciseError
    from interviewkit.exercises.catalogue import get
    from interviewkit.exercises.grader import check_file
    from interviewkit.exercises.report import error_dict, report_dict, text_lines
    from interviewkit.exercises.runner import Limits, RunError
    from interviewkit.jsonout import print_json

    if not args.time > 0 or args.memory < 64:
        raise ExerciseError("--time must be above 0 and --memory at least 64 (MB)")
    path = Path(args.file).expanduser()
    name = which_exercise(path, args.exercise)
    try:
        report = check_file(get(name), path, seed=args.seed, limits=Limits(args.time, args.memory))
    except RunError as exc:
        if not args.json:
            raise
        print_json(error_dict(name, str(path), exc.kind, exc.one_line()))
        return 2
    if args.json:
        print_json(report_dict(report))
    else:
        width = min(shutil.get_terminal_size((80, 24)).columns, 120)
        sys.stdout.write("\n".join(text_lines(report, width)) + "\n")
    return 0 if report.passed else 1
