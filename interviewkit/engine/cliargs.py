"""Command-line values for the engine commands, parsed here so that a bad value is one line.

argparse would print its usage block for `--hidden abc`; these helpers raise `EngineError`
instead, which the CLI prints as one line with exit code 2. Stdlib only: the CLI imports this.
"""

from __future__ import annotations

import argparse
import difflib
import math
import re

from interviewkit.errors import EngineError

# a negative number, or a comma list that starts with one: -1, -.5, -1e-3, -1,0
NEGATIVE_VALUE = re.compile(r"^-\.?\d[\d.,eE+-]*$")


def positive_int(text: str | int | None, option: str) -> int:
    try:
        value = int(str(text).strip())
    except ValueError:
        raise EngineError(f"{option} must be a whole number, got {text!r}") from None
    if value <= 0:
        raise EngineError(f"{option} must be positive, got {value}")
    return value


def number(text: str | float, option: str, *, positive: bool = False) -> float:
    try:
        value = float(str(text).strip())
    except ValueError:
        raise EngineError(f"{option} must be a number, got {text!r}") from None
    if not math.isfinite(value):
        raise EngineError(f"{option} must be a finite number, got {text!r}")
    if positive and value <= 0:
        raise EngineError(f"{option} must be positive, got {value:g}")
    return value


def number_list(
    text: str, option: str, *, positive: bool = False, example: str = "0,1"
) -> list[float]:
    parts = [p for p in str(text).split(",") if p.strip()]
    if not parts:
        raise EngineError(f"{option} needs at least one number, e.g. {example}")
    return [number(p, option, positive=positive) for p in parts]


def name_list(text: str, option: str, allowed: tuple[str, ...]) -> list[str]:
    names = [p.strip().lower() for p in str(text).split(",") if p.strip()]
    bad = [n for n in names if n not in allowed]
    if bad or not names:
        raise EngineError(
            f"{option}: unknown {', '.join(map(_with_guess(allowed), bad)) or 'empty list'}; "
            f"choose from {', '.join(allowed)}"
        )
    return names


def _with_guess(allowed: tuple[str, ...]):
    """`lstmm` becomes `lstmm (did you mean lstm?)` when difflib finds a close name."""

    def show(name: str) -> str:
        close = difflib.get_close_matches(name, allowed, n=1)
        return f"{name} (did you mean {close[0]}?)" if close else name

    return show


def add_engine_options(p: argparse.ArgumentParser) -> None:
    """--device, --seed, --threads, --json, --save, --no-plot: shared by every demo.

    Also lets values such as `-1,0` or `-1e-3` follow an option: argparse takes only `-1` and
    `-0.5` for negative numbers and reads `--scales -1,0` as a missing value."""
    p._negative_number_matcher = NEGATIVE_VALUE  # no demo has an option that looks like this
    p.add_argument(
        "--device",
        choices=("auto", "cpu", "cuda"),
        default="auto",
        help="auto (default): CUDA when available, else CPU; the output says which",
    )
    p.add_argument(
        "--seed", type=seed_option, default=0, metavar="N", help="random seed (default %(default)s)"
    )
    p.add_argument(
        "--threads",
        default="0",
        metavar="N",
        help="CPU threads for torch (default %(default)s: torch's choice; 1 is often faster on "
        "a busy machine)",
    )
    p.add_argument("--json", action="store_true", help="print JSON (schema in docs/engine.md)")
    p.add_argument("--save", metavar="FILE.png", help="also write the figure as a PNG (matplotlib)")
    p.add_argument("--no-plot", action="store_true", help="table only, no terminal plot")


#: The largest seed: numpy, torch and `random` all take 0 to 2**32 - 1.
SEED_MAX = 2**32 - 1


def seed_value(text: str | int) -> int:
    """One rule for every `--seed` (the demos, `bank show`): a whole number from 0 to SEED_MAX."""
    try:
        value = int(str(text).strip())
    except ValueError:
        value = None
    if value is None or not 0 <= value <= SEED_MAX:
        raise EngineError(f"--seed must be a whole number from 0 to {SEED_MAX}, got {text}")
    return value


def seed_option(text: str) -> int:
    """`seed_value` as an argparse `type`, so every command refuses a bad seed alike, as a
    usage error (exit 2) naming the option once."""
    try:
        return seed_value(text)
    except EngineError as exc:
        raise argparse.ArgumentTypeError(exc.message.removeprefix("--seed ")) from None


def threads_value(text: str) -> int:
    """0 means torch's default."""
    try:
        value = int(str(text).strip())
    except ValueError:
        raise EngineError(f"--threads must be a whole number, got {text!r}") from None
    if value < 0:
        raise EngineError(f"--threads must be zero (torch's default) or positive, got {value}")
    return value


def save_target(text: str | None) -> str | None:
    """Check --save before the run, so a long run does not end on a bad file name."""
    if text is None:
        return None
    import os

    if not text.lower().endswith(".png"):
        raise EngineError(f"--save writes a PNG, so the name must end in .png, got {text!r}")
    folder = os.path.dirname(os.path.abspath(text))
    if not os.path.isdir(folder):
        raise EngineError(f"--save: the folder {folder} does not exist")
    return text
