"""The presentation every demo shares (engine/report.py) and the shared setup (device.setup)."""

from __future__ import annotations

import argparse

import pytest
import torch

from interviewkit.engine import device as dev
from interviewkit.engine.report import fmt, prose, run_doc, table
from interviewkit.errors import EngineError


def test_fmt_three_digits_or_scientific():
    assert [fmt(None), fmt(0), fmt(0.5), fmt(0.0012345), fmt(9999.0)] == [
        "-",
        "0",
        "0.5",
        "0.00123",
        "1e+04",
    ]
    assert fmt(1e-5) == "1.00e-05" and fmt(12345.0) == "1.23e+04" and fmt(-2e-4) == "-2.00e-04"


def test_table_first_column_left_the_rest_right():
    text = table(["run", "x"], [["rnn", "1"], ["lstm b_f=1", "0.25"]])
    assert text.splitlines() == [
        "run            x",
        "----------  ----",
        "rnn            1",
        "lstm b_f=1  0.25",
    ]


def test_prose_wraps_to_the_terminal_and_indents_continuations(monkeypatch):
    monkeypatch.setenv("COLUMNS", "41")
    lines = prose(["word " * 20, "short"])
    assert max(map(len, lines)) <= 40 and lines[-1] == "short"
    assert lines[1].startswith("  word") and not lines[0].startswith(" ")


def test_run_doc_leads_with_device_and_seed():
    choice = dev.resolve_device("cpu")
    assert list(run_doc(choice, 4).items()) == [
        ("device", "cpu"),
        ("device_note", "cpu (as asked)"),
        ("seed", 4),
    ]


def _args(**over) -> argparse.Namespace:
    base = dict(device="cpu", seed="5", threads="0", save=None)
    return argparse.Namespace(**{**base, **over})


def test_setup_seeds_and_picks_the_device():
    choice, seed = dev.setup(_args())
    a = torch.randn(3)
    dev.setup(_args())
    assert seed == 5 and choice.name == "cpu" and torch.equal(a, torch.randn(3))


@pytest.mark.parametrize(
    ("over", "match"),
    [
        ({"seed": "-1"}, "--seed must be a whole number from 0 to 4294967295, got -1"),
        ({"threads": "x"}, "--threads must be a whole number"),
        ({"save": "x.txt"}, "must end in .png"),
    ],
)
def test_setup_refuses_bad_shared_options_in_one_line(over, match):
    with pytest.raises(EngineError, match=match):
        dev.setup(_args(**over))


def test_prepare_sets_the_thread_count():
    before = torch.get_num_threads()
    try:
        dev.prepare("cpu", 0, threads=2)
        assert torch.get_num_threads() == 2
    finally:
        torch.set_num_threads(before)


def test_a_wide_table_tightens_its_gaps_to_fit_80_columns(monkeypatch):
    """`demo spectral` at a large T printed an 85-column table that wrapped at 80."""
    monkeypatch.setenv("COLUMNS", "80")
    headers = ["W_h", "σ_max", "ρ", "σ_max^T", "‖∂h_T/∂h_0‖", "rate/step", "peak @ k", "tanh′"]
    row = ["gaussian ×1.2", "2.41", "1.2", "4.89e+114", "1.78e+04", "1.03", "1.78e+04 @ 300", "1"]
    lines = table(headers, [row]).splitlines()
    assert max(len(line) for line in lines) < 80
    assert lines[2].split() == " ".join(row).split()
    narrow = table(["a", "b"], [["x", "1"]]).splitlines()
    assert narrow[0] == "a  b"  # two spaces while they fit
