"""Options and helpers shared by the commands that read the bank (location, data dir, filters)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from interviewkit.wording import plural

if TYPE_CHECKING:
    from interviewkit.bank.schema import Bank


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


def add_filter_options(
    parser: argparse.ArgumentParser, *, repeatable: bool = False, cell_help: str | None = None
) -> None:
    """`--topic`, `--cell`, `--kind`, `--difficulty`: the filters of `bank.stats.filter_questions`,
    worded alike in `bank list`, `quiz` and `export` (`repeatable`: any of several values).
    `cell_help`: `--cell` also takes a cell file (.toml), checked by the command, with this
    help (the quiz's lab)."""
    from interviewkit.bank.vocabulary import CELLS, DIFFICULTIES, KINDS, TOPICS

    extra: dict[str, Any] = {"action": "append", "default": []} if repeatable else {}
    again = " (repeatable)" if repeatable else ""
    parser.add_argument(
        "--topic",
        choices=list(TOPICS),
        metavar="TOPIC",
        help=f"questions about this topic: filed under it or tagged with it (a derivation "
        f"counts as tagged with its cell){again}; one of: {', '.join(TOPICS)}",
        **extra,
    )
    cell_filter = (
        f"questions about this cell: its topic, a tag or a derivation's target names it{again}; "
        f"one of: {', '.join(CELLS)}"
    )
    cell_options: dict[str, Any] = {"choices": CELLS, "metavar": "CELL", "help": cell_filter}
    if cell_help is not None:
        cell_options = {"type": cell_or_file, "metavar": "CELL|FILE", "help": cell_help}
    parser.add_argument("--cell", **cell_options, **extra)
    parser.add_argument(
        "--kind",
        choices=KINDS,
        metavar="KIND",
        help=f"only this kind{again}; one of: {', '.join(KINDS)}",
        **extra,
    )
    parser.add_argument(
        "--difficulty",
        choices=DIFFICULTIES,
        metavar="LEVEL",
        help=f"only this difficulty{again}; one of: {', '.join(DIFFICULTIES)}",
        **extra,
    )


def cell_or_file(value: str) -> str:
    """`--cell`'s value where a cell file is welcome too: a built-in cell's name, or anything
    that names a file (`.toml`, a path); argparse's one line for anything else."""
    from interviewkit.bank.vocabulary import CELLS

    if value in CELLS:
        return value
    from interviewkit.math.cells import is_cell_file

    if is_cell_file(value):
        return value
    raise argparse.ArgumentTypeError(
        f"invalid choice: {value!r} (choose from {', '.join(CELLS)}, or a cell file .toml)"
    )


def add_data_dir_option(parser: argparse.ArgumentParser) -> None:
    """`--data-dir DIR` alone, for commands that keep progress but read no bank."""
    parser.add_argument(
        "--data-dir",
        metavar="DIR",
        default=None,
        help="where progress and your own decks live (default: the platform's user data "
        "folder; INTERVIEWKIT_DATA overrides it too)",
    )


def check_bank_args(args: argparse.Namespace) -> None:
    """Refuse a `--bank` path that is empty, missing or holds no question files, and an empty
    `--data-dir`: the user named them, so silently loading without them would mislead."""
    from interviewkit.errors import BankError

    if getattr(args, "data_dir", None) is not None and not args.data_dir.strip():
        raise BankError("--data-dir is empty", hint="give a folder, or leave the option out")
    check_question_paths(getattr(args, "bank", None) or (), "--bank")


def check_question_paths(names: Iterable[str], option: str = "") -> None:
    """Refuse, as a user error, a question path named on the command line (`option` names it
    in the message, `--bank`, or nothing for `bank validate PATH`) that is empty, missing,
    neither a file nor a folder (a device, a pipe), or a folder without question files."""
    from pathlib import Path

    from interviewkit.errors import BankError
    from interviewkit.paths import question_files

    for name in names:
        if not name.strip():
            raise BankError(f"{option or 'a PATH'} is empty", hint="give a question file or folder")
        said = f"{option} {name}" if option else name
        path = Path(name).expanduser()
        if not path.exists():
            raise BankError(f"{said}: no such file or folder", hint=_nearby(path))
        if not (path.is_dir() or path.is_file()):
            raise BankError(f"{said}: not a regular file or folder", hint="give a .toml file")
        if not question_files(path):
            raise BankError(
                f"{said}: no question files (*.toml) in this folder",
                hint="question files end in .toml",
            )


def _nearby(path: Any) -> str:
    """A close match among the files beside a mistyped path, or where to look."""
    import difflib

    parent = path.parent if path.parent.is_dir() else None
    if parent is not None:
        names = [p.name for p in parent.iterdir() if p.is_dir() or p.suffix == ".toml"]
        close = difflib.get_close_matches(path.name, names, n=1)
        if close:
            return f"did you mean {parent / close[0]}?"
    return "check the path"


def load_bank_from_args(
    args: argparse.Namespace, *, report: bool = True, only_extra: bool = False
) -> Bank:
    """Load the merged bank (or, with `only_extra`, the `--bank` files alone); problems are
    warned about on stderr in one line unless silenced."""
    import shlex

    from interviewkit.bank.loader import load_bank

    check_bank_args(args)
    if only_extra:
        bank = load_bank(args.bank, include_builtin=False, include_user_decks=False)
    else:
        bank = load_bank(args.bank, data_dir=args.data_dir)
    if report and bank.problems:
        extra = "".join(f" --bank {shlex.quote(name)}" for name in args.bank)
        if args.data_dir:
            extra += f" --data-dir {shlex.quote(args.data_dir)}"
        were = "was" if len(bank.problems) == 1 else "were"
        print(
            f"interviewkit: warning: {plural(len(bank.problems), 'problem')} in the question "
            f"files {were} skipped; run `interviewkit bank validate{extra}` to see them",
            file=sys.stderr,
        )
    return bank
