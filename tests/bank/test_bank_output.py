"""`bank list` and `bank show` read well at 80 columns."""

from __future__ import annotations

import pytest

from interviewkit.cli import main


def test_bank_list_fits_80_columns(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["bank", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) > 20
    assert all(len(line) <= 80 for line in lines), max(lines, key=len)


def test_bank_list_uses_a_wider_terminal(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    assert main(["bank", "list"]) == 0
    assert max(len(line) for line in capsys.readouterr().out.splitlines()) > 100


@pytest.mark.parametrize("qid", ["lstm-equations", "arch-bidirectional-last-step"])
def test_bank_show_header_fits_and_the_file_comes_last(capsys, qid) -> None:
    assert main(["bank", "show", qid]) == 0
    out = capsys.readouterr().out
    head = out.splitlines()[0]
    assert head.startswith(qid) and len(head) <= 80 and ".toml" not in head
    file_block = out.rstrip().split("\n\n")[-1]
    assert file_block.startswith("File\n  ") and ".toml:" in file_block
