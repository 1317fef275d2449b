"""A user error is one line whatever line breaks its message or hint carries."""

from __future__ import annotations

import pytest

from interviewkit.cli import main
from interviewkit.errors import BankError, InterviewkitError


@pytest.mark.parametrize("brk", ["\n", "\r", "\r\n", "\u2028", "\x85", "\x0b"])
def test_one_line_joins_every_kind_of_line_break(brk: str) -> None:
    error = InterviewkitError(f"cannot read a{brk}b{brk}", hint=f"did you mean c{brk}d?")
    assert error.one_line() == "cannot read a b (did you mean c d?)"
    assert len(error.one_line().splitlines()) == 1


def test_one_line_keeps_plain_messages_as_they_are() -> None:
    assert BankError("no question with id 'x'", hint="see list").one_line() == (
        "no question with id 'x' (see list)"
    )
    assert InterviewkitError("  padded  ").one_line() == "padded"


def test_cli_prints_a_path_with_a_carriage_return_on_one_line(capsys) -> None:
    assert main(["bank", "list", "--bank", "no-such\rdeck.toml"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("interviewkit: bank error: ")
    assert len(err.splitlines()) == 1 and "\r" not in err
