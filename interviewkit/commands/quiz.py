"""`interviewkit quiz`: the Textual app (home screen, quiz, review, mock interview, lab, stats)."""

from __future__ import annotations

import argparse
import os
import sys

from interviewkit.bank.schema import DIFFICULTIES, KINDS, TOPICS
from interviewkit.commands._common import add_bank_options, check_bank_args
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
    parser.add_argument(
        "--topic", choices=list(TOPICS), metavar="TOPIC", help="one of: " + ", ".join(TOPICS)
    )
    parser.add_argument("--kind", choices=KINDS, help="only this kind of question")
    parser.add_argument("--difficulty", choices=DIFFICULTIES, help="only this difficulty")
    parser.add_argument(
        "--mode",
        choices=[m.value for m in Mode],
        help="start this mode instead of the home screen",
    )
    parser.add_argument(
        "--theme",
        choices=("dark", "light"),
        default=None,
        help="the colour theme (switch in the app with Ctrl+T)",
    )
    add_bank_options(parser)
    parser.set_defaults(func=run)


class NoTerminalError(InterviewkitError):
    """The quiz was started where nobody can see or drive it (no terminal on stdin/stderr)."""

    title = "quiz error"


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


def run(args: argparse.Namespace) -> int:
    """Check the options, then run the app; it draws the home screen first and reads the bank
    and the store after (a problem there ends it, reported here in one line, exit code 2)."""
    from interviewkit import paths
    from interviewkit.tui.context import Filters
    from interviewkit.tui.factory import build_app, open_context

    check_bank_args(args)  # bad options (bank, data folder) are reported first
    paths.make_data_dir(paths.data_dir(args.data_dir))
    check_terminal()

    def context():  # in a thread, once the first screen is drawn
        return open_context(
            bank_paths=args.bank,
            data_dir=args.data_dir,
            filters=Filters(args.topic, args.kind, args.difficulty),
            mode=args.mode,
        )

    theme = {"dark": "textual-dark", "light": "textual-light"}.get(args.theme or "")
    app = build_app(context, theme=theme, data_dir=args.data_dir)
    from interviewkit.tui.crash import run_app

    code = run_app(app, debug=getattr(args, "debug", False))
    if isinstance(app.return_value, InterviewkitError):
        raise app.return_value  # cli.main prints it in one line and exits 2
    return code
