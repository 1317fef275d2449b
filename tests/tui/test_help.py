"""The help screen sends the learner only to things an installed wheel has."""

from __future__ import annotations

import re

import pytest

from interviewkit.cli import main
from interviewkit.tui.screens.help import HELP


def test_help_points_to_no_repository_file() -> None:
    """docs/ is not in the wheel, so a path into it is a dead end for a pip user."""
    assert not re.search(r"docs/\S+\.md", HELP)


def test_the_command_the_help_names_lists_the_notation(capsys: pytest.CaptureFixture[str]) -> None:
    assert "`interviewkit check --names`" in HELP
    assert "## Derivation notation" in HELP  # the in-app summary stays
    assert main(["check", "--names"]) == 0
    out = capsys.readouterr().out
    assert "W_h" in out and "diag" in out
