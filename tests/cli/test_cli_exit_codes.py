"""One rule for exit codes across the commands: 0 fine, 1 "problems found" (an incorrect answer,
a bank with problems), 2 a user error (bad option or value, missing path), and `--debug` changes
nothing but adding the traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from interviewkit.cli import main

BAD_TOML = """\
[[question]]
id = "bad"
kind = "flashcard"
"""

OK, PROBLEMS, USER_ERROR = 0, 1, 2

#: (arguments, expected code); `{tmp}` is a fresh folder holding bad.toml.
MATRIX: list[tuple[list[str], int]] = [
    (["bank", "validate"], OK),
    (["bank", "validate", "{tmp}/bad.toml"], PROBLEMS),
    (["bank", "validate", "/nonexistent/path"], USER_ERROR),
    (["bank", "validate", "{tmp}/empty"], USER_ERROR),
    (["bank", "validate", ""], USER_ERROR),
    (["bank", "list", "--bank", "/nonexistent/path"], USER_ERROR),
    (["bank", "show", "no-such-question"], USER_ERROR),
    (["bank", "show", "clip-scale-factor", "--seed", "5"], OK),
    (["bank", "show", "clip-scale-factor", "--seed", "-5"], USER_ERROR),
    (["bank", "show", "clip-scale-factor", "--seed", "4294967296"], USER_ERROR),
    (["bank", "show", "clip-scale-factor", "--seed", "x"], USER_ERROR),
    (["demo", "clip", "--seed", "-1"], USER_ERROR),
    (["demo", "clip", "--seed", "99999999999999999999"], USER_ERROR),
    (["demo", "spectral", "--steps", "0"], USER_ERROR),
    (["check", "rnn.dh_dhprev", "diag(1 - h**2) @ W_h"], OK),
    (["check", "rnn.dh_dhprev", "W_h"], PROBLEMS),
    (["check", "rnn.dh_dhprev", "(("], USER_ERROR),
    (["check", "rnn.dh_dhprev"], USER_ERROR),
    (["derive", "lstmm"], USER_ERROR),
    (["params", "--input", "0", "--hidden", "3"], USER_ERROR),
    (["stats", "--days", "0"], USER_ERROR),
    (["stats", "--import", "/nonexistent/backup.json"], USER_ERROR),
    (["export", "html", "--out", "/nonexistent/sheet.html"], USER_ERROR),
    (["quiz", "--topic", "hardware", "--kind", "derivation"], USER_ERROR),
    (["quiz"], USER_ERROR),  # no terminal under pytest
    (["serve", "--port", "0"], USER_ERROR),
]


def _argv(args: list[str], tmp: Path) -> list[str]:
    (tmp / "bad.toml").write_text(BAD_TOML, encoding="utf-8")
    (tmp / "empty").mkdir(exist_ok=True)
    return [a.replace("{tmp}", str(tmp)) for a in args]


def _run(argv: list[str]) -> int:
    try:
        return main(argv)
    except SystemExit as exc:  # argparse's usage errors
        return int(exc.code or 0)


@pytest.mark.parametrize(("args", "expected"), MATRIX, ids=[" ".join(a) for a, _ in MATRIX])
def test_exit_code_is_the_same_with_and_without_debug(
    args: list[str], expected: int, tmp_path: Path, capsys
) -> None:
    argv = _argv(args, tmp_path)
    assert _run(argv) == expected, capsys.readouterr().err
    plain = capsys.readouterr().err
    assert "Traceback" not in plain
    if expected == USER_ERROR and not plain.startswith(f"interviewkit {args[0]}"):
        assert len(plain.strip().splitlines()) <= 1, plain  # one line, not a usage block
    assert _run(["--debug", *argv]) == expected
    debug = capsys.readouterr().err
    if expected == USER_ERROR and plain.startswith("interviewkit: "):  # a raised user error
        assert "Traceback" in debug and plain.strip() in debug


def test_debug_keeps_exit_code_2_in_a_real_process() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "interviewkit", "--debug", "bank", "show", "no-such-question"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert "Traceback" in result.stderr
    assert result.stderr.rstrip().endswith(
        "interviewkit: bank error: no question with id 'no-such-question' "
        "(see `interviewkit bank list`)"
    )


def test_one_seed_rule_for_every_command(capsys) -> None:
    """The demos and `bank show` word a bad seed alike."""
    assert _run(["bank", "show", "clip-scale-factor", "--seed", "-5"]) == 2
    bank = capsys.readouterr().err
    assert _run(["demo", "clip", "--seed", "-5"]) == 2
    demo = capsys.readouterr().err
    rule = "argument --seed: must be a whole number from 0 to 4294967295, got -5"
    assert rule in bank and rule in demo
