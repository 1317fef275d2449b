"""`interviewkit quiz`: the Textual app (home screen, quiz, review, mock interview, lab, stats)."""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from interviewkit.commands._common import add_bank_options, add_filter_options, check_bank_args
from interviewkit.errors import InterviewkitError
from interviewkit.study.modes import Mode


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "quiz",
        help="open the quiz app: quiz, spaced-repetition review, mock interview, derivation lab",
        description="Open the terminal app. The home screen shows the topics with their new, due "
        "and learned cards; pick a mode there, or start one directly with --mode. Press ? in "
        "the app for every key.",
    )
    from interviewkit.bank.vocabulary import CELLS

    add_filter_options(
        parser,
        cell_help="questions about this cell (its topic, a tag or a derivation's target names "
        f"it): one of {', '.join(CELLS)}; with --mode lab, the lab offers that cell's targets, "
        "or those of your own cell file (FILE.toml, as `interviewkit derive FILE.toml` reads it)",
    )
    parser.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        help="start this mode instead of the home screen (lab: the derivation lab)",
    )
    parser.add_argument(
        "--theme",
        choices=("dark", "light"),
        default=None,
        help="the colour theme (switch in the app with Ctrl+T)",
    )
    add_bank_options(parser)
    parser.set_defaults(func=run)


class QuizError(InterviewkitError):
    """The quiz cannot start as asked."""

    title = "quiz error"


class NoTerminalError(QuizError):
    """The quiz was started where nobody can see or drive it (no terminal on stdin/stderr)."""


def lab_cell(args: argparse.Namespace) -> Any:
    """The learner's cell file `--cell FILE` names (a `CellSpec`, read and registered under
    its name), or None when --cell is a built-in cell or left out. A file without `--mode lab`,
    or one that cannot be read, is a one-line error (`CellError`: the file, the line, the
    equation), as `interviewkit derive FILE` gives."""
    if not args.cell:
        return None  # the quiz's start imports nothing of `math` (10 ms)
    from interviewkit.math.cells import is_cell_file

    if not is_cell_file(args.cell):
        return None
    if args.mode != Mode.LAB.value:
        raise QuizError(
            f"--cell {args.cell}: a cell file opens the derivation lab on its targets, so it "
            "needs --mode lab",
            hint="add --mode lab; to filter questions, give a built-in cell: --cell lstm",
        )
    from interviewkit.math.cells import cell_file, register
    from interviewkit.math.reference import references
    from interviewkit.math.timelimit import time_limit

    spec = cell_file(args.cell)
    register(spec)
    # derived here, under the time limit a signal gives only the main thread: a file that would
    # keep SymPy busy is one line before the app starts, not a lab that never answers
    with time_limit(20, f"deriving the cell in {args.cell}"):
        references(spec)
    return spec


def _is_terminal(stream: object) -> bool:
    try:
        return bool(stream is not None and stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):  # closed or replaced streams
        return False


def check_terminal() -> None:
    """Refuse to start without a terminal: Textual's terminal driver reads keys from stdin and
    draws on stderr, so with either redirected it writes escape codes nobody sees and waits
    for keys that never come, until killed. A driver named in TEXTUAL_DRIVER (textual-serve's
    web driver, which talks over pipes) needs no terminal, so `interviewkit serve` still works.
    Stdout alone may be piped (`interviewkit quiz | cat` works): Textual does not draw on it.
    """
    if os.environ.get("TEXTUAL_DRIVER"):
        return
    missing = [
        name
        for name, stream in (("stdin", sys.__stdin__), ("stderr", sys.__stderr__))
        if not _is_terminal(stream)
    ]
    if missing:
        raise NoTerminalError(
            f"the quiz needs a terminal, but {' and '.join(missing)} "
            f"{'is' if len(missing) == 1 else 'are'} not one",
            hint="run it in a terminal, or `interviewkit serve` to use it in a web browser",
        )


def open_quiz(args: argparse.Namespace, cell: Any = None) -> Any:
    """The session context the options ask for (a `tui.context.StudyContext`), or a one-line
    error: a bad --bank or --data-dir, a cell file that cannot be used, or filters that no
    question matches (the app would open on an empty screen; the lab needs no question).
    Everything `run` checks before it needs a terminal, so the README's quiz commands are
    tested without one. `cell`: the cell file `lab_cell` read already."""
    from interviewkit.errors import BankError
    from interviewkit.tui.context import Filters
    from interviewkit.tui.factory import open_context

    check_bank_args(args)
    cell = cell or lab_cell(args)
    filters = Filters(args.topic, args.kind, args.difficulty, None if cell else args.cell)
    context = open_context(  # bad options (bank, data folder) are reported first
        bank_paths=args.bank,
        data_dir=args.data_dir,
        filters=filters,
        mode=args.mode,
        lab_cell=cell,
    )
    if cell is not None:
        context.warnings += [f"cell file: {warning}" for warning in cell.warnings]
    if args.mode != Mode.LAB.value and not context.selected():
        context.store.close()
        given = " ".join(
            f"--{name} {getattr(args, name)}"
            for name in ("topic", "cell", "kind", "difficulty")
            if getattr(args, name)
        )
        raise BankError(
            f"no question matches {given}", hint="`interviewkit bank list` takes the same filters"
        )
    return context


def run(args: argparse.Namespace) -> int:
    """Check the options, then run the app: it draws the home screen first and reads the bank
    and the store after it, in a thread (`open_quiz`; a problem there ends the app and is
    reported here in one line, exit code 2)."""
    from interviewkit import paths
    from interviewkit.tui.crash import run_app
    from interviewkit.tui.factory import build_app

    check_bank_args(args)  # bad options (bank, data folder, cell file) are reported first
    cell = lab_cell(args)
    paths.make_data_dir(paths.data_dir(args.data_dir))
    check_terminal()
    theme = {"dark": "textual-dark", "light": "textual-light"}.get(args.theme or "")
    app = build_app(lambda: open_quiz(args, cell), theme=theme, data_dir=args.data_dir)
    code = run_app(app, debug=getattr(args, "debug", False))
    if isinstance(app.return_value, InterviewkitError):
        raise app.return_value  # cli.main prints it in one line and exits 2
    return code
