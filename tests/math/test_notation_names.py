"""`interviewkit check --names`: the notation summary shipped with the package (docs/ is not)."""

from __future__ import annotations

import pytest

from interviewkit.cli import main
from interviewkit.math.cells import builtins
from interviewkit.math.notation import names_summary


def test_summary_lists_every_cells_names_and_aliases_within_80_columns() -> None:
    text = names_summary()
    words = set(text.replace(",", " ").replace(";", " ").split())
    for spec in builtins().values():
        assert spec.label.split()[0] in words
        for name in spec.names().entries:
            assert name in words, (spec.label, name)
        for alias, (target, _) in spec.aliases.items():
            if target in spec.names():
                assert f"{alias}={target}" in text
    assert "sum_t" in text and "\\delta" in text and "outer(u, v)" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_check_names_cli(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "--names"]) == 0
    assert "\\operatorname" in capsys.readouterr().out
    assert main(["check", "--names", "rnn.dh_dx"]) == 2
    assert "--names prints the notation" in capsys.readouterr().err


def test_unknown_name_points_to_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", "rnn.dh_dx", "diag(1 - q) @ W_x"]) == 2
    assert "`interviewkit check --cell rnn --names` lists the names" in capsys.readouterr().out
