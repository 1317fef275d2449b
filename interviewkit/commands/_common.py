"""Options and helpers shared by several commands (bank location, data directory, JSON output)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def add_bank_options(parser: argparse.ArgumentParser) -> None:
    """`--bank PATH` (repeatable) and `--data-dir DIR`, for every command that reads the bank."""
    parser.add_argument(
        "--bank",
        metavar="PATH",
        action="append",
        default=[],
        help="an extra question file or folder, merged with the built-in bank (repeatable)",
    )
    add_data_dir_option(parser)


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="where progress and your own decks live (default: the platform's user data "
        "folder; INTERVIEWKIT_DATA overrides it too)",
    )


def load_bank_from_args(args: argparse.Namespace, *, report: bool = True):
    """Load the merged bank; problems are warned about on stderr (one line each) unless silenced."""
    from interviewkit.bank.loader import load_bank

    bank = load_bank(args.bank, data_dir=args.data_dir)
    if report and bank.problems:
        print(
            f"interviewkit: warning: {len(bank.problems)} problem(s) in the question files were "
            "skipped; run `interviewkit bank validate` to see them",
            file=sys.stderr,
        )
    return bank


def print_json(data: Any) -> None:
    json.dump(data, sys.stdout, indent=2, ensure_ascii=False)
    sys.stdout.write("\n")
