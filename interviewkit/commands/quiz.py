"""`interviewkit quiz`: the Textual app (home screen, quiz, review, mock interview, lab, stats)."""

from __future__ import annotations

import argparse

from interviewkit.bank.schema import DIFFICULTIES, KINDS, TOPICS
from interviewkit.commands._common import add_bank_options, check_bank_args

MODES = ("quiz", "review", "mock", "lab")


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
    parser.add_argument("--mode", choices=MODES, help="start this mode instead of the home screen")
    parser.add_argument(
        "--theme",
        choices=("dark", "light"),
        default=None,
        help="the colour theme (switch in the app with Ctrl+T)",
    )
    add_bank_options(parser)
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from interviewkit.tui.context import Filters
    from interviewkit.tui.factory import build_app, open_context

    check_bank_args(args)
    context = open_context(  # bad options (bank, data folder) are reported first
        bank_paths=args.bank,
        data_dir=args.data_dir,
        filters=Filters(args.topic, args.kind, args.difficulty),
        mode=args.mode,
    )
    theme = {"dark": "textual-dark", "light": "textual-light"}.get(args.theme or "")
    app = build_app(context, theme=theme, debug=getattr(args, "debug", False))
    app.run()
    return app.return_code or 0
