"""`interviewkit check --names`: the notation summary shipped with the package (docs/ is not)."""

from __future__ import annotations

import pytest

from interviewkit.cli import main
from interviewkit.math.notation import CANONICAL_NAMES, NAME_ALIASES, names_summary


def test_summary_lists_every_name_and_alias_within_80_columns() -> None:
    text = names_summary()
    for name in CANONICAL_NAMES:
        assert f" {name}," in text or f" {name}\n" in text or text.endswith(f" {name}")
    for alias in NAME_ALIASES:
        assert f"{alias}={NAME_ALIASES[alias]}" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_check_names_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--names"]) == 0
    assert "\\operatorname" in capsys.readouterr().out
    assert main(["check", "--names", "rnn.dh_dx"]) == 2
    assert "--names prints the notation" in capsys.readouterr().err


def test_unknown_name_points_to_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "rnn.dh_dx", "diag(1 - q) @ W_x"]) == 2
    assert "`interviewkit check --names` lists the names" in capsys.readouterr().out
