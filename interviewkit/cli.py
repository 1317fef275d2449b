"""The `interviewkit` command tree.

Each command lives in its own module under `interviewkit.commands` and exposes
`register(subparsers)`; this file only wires them and turns errors into one line. Importing it
must stay cheap: argparse and the command modules only, never torch, SymPy or Textual (a test
checks `sys.modules`). Heavy imports happen inside each command's `run`.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import re
import sys
from collections.abc import Sequence
from typing import Any, NoReturn

from interviewkit import __version__
from interviewkit.errors import InterviewkitError

#: Command modules under interviewkit.commands, in the order `--help` lists them.
COMMAND_MODULES: tuple[str, ...] = (
    "quiz",
    "derive",
    "check",
    "code",
    "params",
    "demo",
    "stats",
    "bank",
    "export",
    "serve",
)

DESCRIPTION = """\
Interview preparation for recurrent networks (RNN, LSTM, GRU, BPTT, clipping).

Study with the terminal quiz, derive the cells' Jacobians step by step, have
your own derivation checked, write a cell's backward pass graded by autograd,
and watch the theory happen on real torch modules."""

EPILOG = """\
examples:
  interviewkit quiz                       open the quiz (home screen)
  interviewkit derive lstm --steps        the LSTM Jacobians, path by path
  interviewkit check rnn.dh_dhprev "diag(1 - h**2) @ W_h"
  interviewkit code start lstm_step_backward   a coding-round exercise
  interviewkit params --input 10 --hidden 20
  interviewkit bank stats

Run `interviewkit COMMAND --help` for a command's options."""


_INVALID_CHOICE = re.compile(r"invalid choice: (?P<value>.+?) \(choose from (?P<choices>.+)\)$")


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's help, but an option's help is never broken at a hyphen (`truncated-bptt`
    split over two lines reads as two words)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        import textwrap

        return textwrap.wrap(" ".join(text.split()), width, break_on_hyphens=False)


class _OneLineParser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors are one line on stderr (exit 2), with a close match
    for a mistyped choice and a pointer to `--help` instead of the multi-line usage block.

    Subparsers inherit the class, so every command and subcommand behaves the same."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> NoReturn:
        match = _INVALID_CHOICE.search(message)
        if match:
            value = match.group("value").strip("'\"")
            choices = [c.strip().strip("'\"") for c in match.group("choices").split(",")]
            close = difflib.get_close_matches(value, choices, n=2, cutoff=0.6)
            if close:
                guess = " or ".join(repr(c) for c in close)
                message = (
                    f"{message[: match.start()]}invalid choice: {match.group('value')}; "
                    f"did you mean {guess}? (choose from {match.group('choices')})"
                )
        message = " ".join(message.split())
        self.exit(2, f"{self.prog}: error: {message} (see `{self.prog} --help`)\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole CLI, or, given a known `command`, the CLI with that command alone: importing
    every command module costs ~20 ms, which `interviewkit quiz` pays before its first screen."""
    parser = _OneLineParser(
        prog="interviewkit",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"interviewkit {__version__}")
    parser.add_argument(
        "--debug",
        action="store_true",
        help="also print an error's traceback (the exit code stays the same)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    for name in (command,) if command in COMMAND_MODULES else COMMAND_MODULES:
        importlib.import_module(f"interviewkit.commands.{name}").register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `interviewkit` script; returns the process exit code.

    Ctrl+C is one line and exit 130 wherever it lands: while the commands are imported, inside
    a command, or just after one returns (an interrupted read of stdin can end the read quietly
    and raise only at the next line, outside the command)."""
    try:
        return _main(argv)
    except KeyboardInterrupt:
        print("interviewkit: interrupted", file=sys.stderr)
        return 130


def _utf8_streams() -> None:
    """Read and write UTF-8 whatever the locale says.

    The output is full of ∂, σ, ⊙ and ✓, and JSON and Markdown are UTF-8 by definition; with a
    legacy locale (a Windows pipe or file gets cp1252) printing them failed mid-output with an
    internal UnicodeEncodeError. A console is left as Python set it up; only streams whose
    encoding is not UTF-8 already are switched, before anything was read or written.
    """
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if encoding in ("utf8", "") or not hasattr(stream, "reconfigure"):
            continue
        try:
            stream.reconfigure(encoding="utf-8")
        except (OSError, ValueError):  # not a text stream we may change; keep it as it is
            continue


def _traceback(debug: bool) -> None:
    """Under `--debug`, the traceback of the exception being handled, above its one line: the
    exit code stays what it is without `--debug` (2 for a user error, 1 for a bug)."""
    if debug:
        import traceback

        traceback.print_exc()


def _main(argv: Sequence[str] | None) -> int:
    _utf8_streams()
    words = list(sys.argv[1:] if argv is None else argv)
    end = words.index("--") if "--" in words else len(words)
    # the global options take no value, so the first other word is the command (or a typo)
    parser = build_parser(next((w for w in words[:end] if not w.startswith("-")), None))
    debug = "--debug" in words[:end]  # also after the command: `bank show X --debug`
    if debug:
        words = [w for w in words[:end] if w != "--debug"] + words[end:]
    args = parser.parse_args(words)
    args.debug = args.debug or debug
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        result = args.func(args)
    except InterviewkitError as exc:
        _traceback(args.debug)
        print(f"interviewkit: {exc.title}: {exc.one_line()}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a bug: say so in one line, with the traceback under --debug
        _traceback(args.debug)
        more = "" if args.debug else "run with --debug for the traceback, and "
        print(
            f"interviewkit: internal error: {type(exc).__name__}: {exc} ({more}please report it)",
            file=sys.stderr,
        )
        return 1
    return int(result or 0)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
