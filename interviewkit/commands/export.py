"""`interviewkit export`: the bank as an Anki deck, a Markdown sheet or a printable HTML sheet."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from interviewkit.commands._common import add_bank_options, add_filter_options

if TYPE_CHECKING:
    from interviewkit.bank.schema import Bank

_DEFAULT_OUT = {
    "anki": "interviewkit.apkg",
    "markdown": "-",
    "html": "interviewkit-study-sheet.html",
}


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "export",
        help="export the bank to Anki (.apkg), Markdown or a printable HTML study sheet",
        description="Export questions with their answers and explanations: an Anki package "
        "that re-imports as updates, or a study sheet grouped by topic.",
    )
    fmt_sub = parser.add_subparsers(dest="export_format", metavar="FORMAT", required=True)
    helps = {
        "anki": (
            "an Anki package; importing a newer export updates your cards",
            "Write an Anki package (.apkg): one note per question, one note type per kind, "
            "math as MathJax, tags interviewkit::topic::*, ::difficulty::*, ::kind::*. Note ids "
            "are the question ids, so re-importing updates cards and keeps your reviews.",
        ),
        "markdown": (
            "a Markdown study sheet (to stdout unless --out)",
            "Write a Markdown study sheet grouped by topic, math as $...$ LaTeX.",
        ),
        "html": (
            "a self-contained HTML study sheet that renders math offline and prints cleanly",
            "Write one HTML file grouped by topic, with KaTeX inlined (no network needed to "
            "view it) and print styles; open it in a browser, or print it to paper or PDF.",
        ),
    }
    for fmt, (short, long) in helps.items():
        p = fmt_sub.add_parser(fmt, help=short, description=long)
        add_filter_options(p, repeatable=True)
        default = _DEFAULT_OUT[fmt]
        p.add_argument(
            "--out",
            "-o",
            metavar="PATH",
            default=default,
            help=f"output file ('-' for stdout; default: {default})"
            if fmt != "anki"
            else f"output .apkg file (default: {default})",
        )
        add_bank_options(p)
        p.add_argument(
            "--bank-only",
            action="store_true",
            help="export only the --bank files, not the built-in bank or your decks",
        )
        p.set_defaults(func=run)


def _load(args: argparse.Namespace) -> Bank:
    from interviewkit.commands._common import load_bank_from_args
    from interviewkit.export.errors import ExportError

    if args.bank_only and not args.bank:
        raise ExportError("--bank-only needs at least one --bank PATH")
    return load_bank_from_args(args, only_extra=args.bank_only)


def run(args: argparse.Namespace) -> int:
    from interviewkit.export.cards import to_card
    from interviewkit.export.output import check_out_path, write_text
    from interviewkit.export.select import select_questions

    fmt = args.export_format
    out = args.out
    if fmt == "anki" and out == "-":
        from interviewkit.export.errors import ExportError

        raise ExportError("an Anki package is a binary file: give --out FILE.apkg")
    if out != "-":
        check_out_path(out)
    if fmt == "anki" and out.strip() and not out.lower().endswith(".apkg"):
        from interviewkit.export.errors import ExportError

        raise ExportError(
            f"--out {out}: Anki imports a package only from a file ending in .apkg",
            hint=f"use --out {Path(out).with_suffix('.apkg')}",
        )
    questions = select_questions(
        _load(args).questions,
        topics=args.topic,
        kinds=args.kind,
        difficulties=args.difficulty,
        cells=args.cell,
    )
    cards = [to_card(q) for q in questions]
    if fmt == "anki":
        from interviewkit.export.anki import write_apkg

        path = write_apkg(cards, out)
        print(
            f"wrote {len(cards)} notes to {path} (import it in Anki: File > Import)",
            file=sys.stderr,
        )
        return 0
    from interviewkit.export.sheet import render_html, render_markdown

    text = render_markdown(cards) if fmt == "markdown" else render_html(cards)
    if out == "-":
        sys.stdout.write(text)
        return 0
    write_text(out, text)
    print(f"wrote {len(cards)} question{'s' * (len(cards) != 1)} to {out}", file=sys.stderr)
    return 0
