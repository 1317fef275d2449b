"""`interviewkit bank`: validate, count, list and show the questions."""

from __future__ import annotations

import argparse
import difflib
import sys

from interviewkit.bank.schema import TOPICS
from interviewkit.commands._common import (
    add_bank_options,
    add_filter_options,
    check_bank_args,
    check_question_paths,
    load_bank_from_args,
)
from interviewkit.engine.cliargs import seed_option
from interviewkit.errors import BankError, shown
from interviewkit.jsonout import print_json
from interviewkit.wording import plural


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser(
        "bank",
        help="validate, count, list and show the question bank",
        description="Work with the question bank: the built-in questions, your decks in the "
        "data folder, and any --bank files.",
    )
    bank_sub = parser.add_subparsers(dest="bank_command", metavar="ACTION", required=True)

    p = bank_sub.add_parser(
        "validate",
        help="check question files and print every problem as file:line: field: message",
        description="Load the bank (by default the built-in bank plus your own decks) and print "
        "every problem. Exit status 1 if any problem was found, 2 for a path that gives "
        "nothing to read (missing, not a file, a folder without *.toml files).",
    )
    p.add_argument("paths", nargs="*", metavar="PATH", help="only these files or folders")
    add_bank_options(p)
    p.set_defaults(func=run_validate)

    p = bank_sub.add_parser(
        "stats",
        help="count questions by kind, topic and difficulty",
        description="Count the questions of the merged bank by kind, difficulty, topic and deck.",
    )
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_bank_options(p)
    p.set_defaults(func=run_stats)

    p = bank_sub.add_parser(
        "list",
        help="list questions, optionally filtered",
        description="List the questions (id, kind, difficulty, start of the prompt), filtered "
        "by topic, cell, kind and difficulty. A question is about its own topic and about "
        "every topic or cell its tags or its derivation target name, so --topic lstm also "
        "lists the LSTM Jacobians filed under jacobians. The count goes to stderr.",
    )
    add_filter_options(p)
    p.add_argument("--json", action="store_true", help="print JSON instead of a table")
    add_bank_options(p)
    p.set_defaults(func=run_list)

    p = bank_sub.add_parser(
        "show",
        help="show one question with its answer and explanation",
        description="Show one question with its answer, explanation, source and tags. "
        "Numeric questions with drawn parameters use --seed.",
    )
    p.add_argument("id", metavar="ID", help="the question's id (see `interviewkit bank list`)")
    p.add_argument(
        "--seed",
        type=seed_option,
        default=None,
        metavar="N",
        help="seed for drawn numeric parameters (0 to 4294967295; default: a new draw each time)",
    )
    add_bank_options(p)
    p.set_defaults(func=run_show)

    p = bank_sub.add_parser(
        "topics",
        help="list the topics a question may use",
        description="List the topic slugs a question file may use, with their titles.",
    )
    p.set_defaults(func=run_topics)

    p = bank_sub.add_parser(
        "paths",
        help="show where the built-in bank, your decks and your progress live",
        description="Show where the built-in bank, your own decks (*.toml files merged "
        "with the bank) and your progress database live.",
    )
    add_bank_options(p)
    p.set_defaults(func=run_paths)


def run_validate(args: argparse.Namespace) -> int:
    """Exit 1 when the files hold problems; a path that gives nothing to read (missing, empty
    folder, not a file) is a user error, exit 2, as it is for `--bank` everywhere."""
    from interviewkit.bank.loader import load_bank

    check_question_paths(args.paths)
    check_bank_args(args)
    if args.paths:
        bank = load_bank([*args.paths, *args.bank], include_builtin=False, include_user_decks=False)
    else:
        bank = load_bank(args.bank, data_dir=args.data_dir)
    from interviewkit.bank.cellfiles import derivation_problems

    underived = derivation_problems(bank.questions)  # the cell files' SymPy derivations
    gone = {(p.path, p.line) for p in underived}
    bank.questions = [q for q in bank.questions if (q.origin.path, q.origin.line) not in gone]
    bank.problems += underived
    for problem in bank.problems:
        print(problem)
    n = len(bank.questions)
    if bank.problems:
        loaded = plural(n, "question")
        print(f"{plural(len(bank.problems), 'problem')}; {loaded} loaded fine", file=sys.stderr)
        return 1
    print(f"ok: {plural(n, 'question')}, no problems")
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from interviewkit.bank.stats import bank_stats

    stats = bank_stats(load_bank_from_args(args).questions)
    if args.json:
        print_json(stats)
        return 0
    print(f"{stats['total']} questions")
    for title, key, names in (
        ("by kind", "by_kind", None),
        ("by difficulty", "by_difficulty", None),
        ("by topic", "by_topic", TOPICS),
        ("by deck", "by_deck", None),
    ):
        print(f"\n{title}:")
        for name, count in stats[key].items():
            label = f"{name} ({names[name]})" if names else name
            print(f"  {count:4d}  {label}")
    return 0


def run_list(args: argparse.Namespace) -> int:
    from interviewkit.bank.render import prompt_text
    from interviewkit.bank.stats import filter_questions

    questions = filter_questions(
        load_bank_from_args(args).questions,
        topic=args.topic,
        kind=args.kind,
        difficulty=args.difficulty,
        cell=args.cell,
    )
    if args.json:
        print_json(
            [
                {
                    "id": q.id,
                    "kind": q.kind,
                    "topic": q.topic,
                    "difficulty": q.difficulty,
                    "topics": list(q.topics),
                    "cells": list(q.cells),
                }
                for q in questions
            ]
        )
        return 0
    import shutil

    width = max((len(q.id) for q in questions), default=2)
    # the prompt gets what is left of the terminal (80 columns when piped), at least 20
    room = max(20, shutil.get_terminal_size((80, 24)).columns - 1 - (width + 21))
    for q in questions:
        first = " ".join(prompt_text(q).split())
        first = first if len(first) <= room else first[: room - 1] + "…"
        print(f"{q.id:<{width}}  {q.kind:<10} {q.difficulty:<6}  {first}")
    print(plural(len(questions), "question"), file=sys.stderr)
    return 0


def run_show(args: argparse.Namespace) -> int:
    from interviewkit.bank.render import render_question_text

    bank = load_bank_from_args(args)
    question = bank.get(args.id)
    if question is None:
        close = difflib.get_close_matches(args.id, [q.id for q in bank.questions], n=3)
        hint = f"did you mean {', '.join(close)}?" if close else "see `interviewkit bank list`"
        raise BankError(f"no question with id {shown(args.id)}", hint=hint)
    print(render_question_text(question, seed=args.seed))
    return 0


def run_topics(args: argparse.Namespace) -> int:
    for slug, title in TOPICS.items():
        print(f"{slug:<20} {title}")
    return 0


def run_paths(args: argparse.Namespace) -> int:
    from interviewkit import paths

    decks = paths.user_decks_dir(args.data_dir)
    print(f"built-in bank   {paths.builtin_bank_dir()}")
    print(f"your decks      {decks}{'' if decks.is_dir() else '  (create it to add your own)'}")
    print(f"progress        {paths.progress_db(args.data_dir)}")
    return 0
