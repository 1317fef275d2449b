"""`bank list` and `bank show` read well at 80 columns."""

from __future__ import annotations

import re

import pytest

from interviewkit.bank.computations import draw_params
from interviewkit.bank.loader import load_bank
from interviewkit.bank.render import numeric_seed
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


#: What a terminal must not show of a question's source text: a `{placeholder}` or a doubled
#: brace left by str.format, raw `$...$` math, or a LaTeX command.
RAW_MARKUP = re.compile(r"\{[A-Za-z_]\w*\}|\{\{|\}\}|\$|\\[A-Za-z]+")


def test_bank_list_shows_prompts_as_text_not_markup(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # whole prompts
    assert main(["bank", "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    raw = [line for line in lines if RAW_MARKUP.search(line)]
    assert raw == [], raw[:3]
    by_id = {line.split()[0]: line for line in lines}
    q = load_bank([], include_user_decks=False).get("clip-scale-factor")
    drawn = draw_params(q.params, numeric_seed(q.id))
    assert f"norm over all parameters is {drawn['norm']}." in by_id["clip-scale-factor"]
    assert "h̃ₜ" in by_id["gru-update-gate-decay"] and "hₜ₋₁" in by_id["gru-update-gate-decay"]


def test_bank_list_fills_the_same_example_values_each_time(monkeypatch, capsys) -> None:
    monkeypatch.setenv("COLUMNS", "1000")
    assert main(["bank", "list", "--kind", "numeric"]) == 0
    first = capsys.readouterr().out
    assert main(["bank", "list", "--kind", "numeric"]) == 0
    assert capsys.readouterr().out == first


def test_bank_show_shows_no_markup_for_any_question(capsys) -> None:
    from interviewkit.bank.render import render_question_text

    for q in load_bank([], include_user_decks=False).questions:
        text = render_question_text(q, seed=1)
        shown = text[: text.rindex("\nFile\n")]  # the file path may hold anything
        assert not RAW_MARKUP.search(shown), (q.id, RAW_MARKUP.search(shown))


def _answer_block(out: str) -> str:
    return out.split("\nAnswer\n", 1)[1].split("\nWhy\n", 1)[0]


def test_bank_show_says_how_a_computed_answer_is_worked_out_in_words(capsys) -> None:
    """No registry name or Python dict; the GRU question's gate is not the LSTM's `f`."""
    assert main(["bank", "show", "gru-update-gate-decay", "--seed", "3"]) == 0
    answer = " ".join(_answer_block(capsys.readouterr().out).split())
    assert "computed by `" not in answer and "{'" not in answer and "f = " not in answer
    assert "gate^k" in answer and "gate = " in answer and "k = " in answer
    assert "--seed 3" in answer


def test_bank_show_names_no_internals_for_any_computed_question(capsys) -> None:
    from interviewkit.bank.schema import Numeric

    for q in load_bank([], include_user_decks=False).questions:
        if isinstance(q, Numeric) and q.compute:
            assert main(["bank", "show", q.id]) == 0
            answer = " ".join(_answer_block(capsys.readouterr().out).split())
            assert q.compute not in answer and "{" not in answer, answer
            assert "drawn afresh" in answer


def test_bank_show_derivation_answer_is_a_check_command_line(capsys) -> None:
    """The answer line of a derivation is `TARGET[:variant] = ANSWER`, which `check` grades
    correct as it stands (it once said "(variant cho)", which check does not read)."""
    from interviewkit.math.check import check

    bank = load_bank()
    chosen = [q for q in bank.questions if q.kind == "derivation" and q.variant][:3]
    chosen += [q for q in bank.questions if q.kind == "derivation" and not q.variant][:2]
    assert len(chosen) == 5
    for q in chosen:
        assert main(["bank", "show", q.id]) == 0
        out = capsys.readouterr().out
        answer_block = out.split("\nAnswer\n", 1)[1].split("\n\n", 1)[0]
        line = " ".join(x.strip() for x in answer_block.splitlines())
        target, _, answer = line.partition(" = ")
        assert target == q.target + (f":{q.variant}" if q.variant else "")
        assert check(target, answer).verdict == "correct", line
