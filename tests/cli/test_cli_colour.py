"""Colour only on a terminal, and never with NO_COLOR set (https://no-color.org): no escape code
reaches a pipe or a file from the plots of `stats` and the demos."""

from __future__ import annotations

import io
import os

import pytest

from interviewkit.cli import main
from interviewkit.terminal import strip_escapes, use_colour

ESC = "\x1b["


class FakeTerminal(io.StringIO):
    """A stdout that says it is a terminal."""

    def isatty(self) -> bool:
        return True


def test_use_colour_follows_the_terminal_and_no_color(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert use_colour(FakeTerminal()) and not use_colour(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_colour(FakeTerminal())
    monkeypatch.setenv("NO_COLOR", "")  # present but empty: no-color.org says ignore it
    assert use_colour(FakeTerminal())


def test_strip_escapes() -> None:
    assert strip_escapes("\x1b[38;5;12mplot\x1b[0m line\x1b[K") == "plot line"


@pytest.fixture
def answered() -> None:
    """One answer in the test's data folder: stats draws no charts of nothing."""
    from interviewkit.study.store import ProgressStore

    with ProgressStore.open(os.environ["INTERVIEWKIT_DATA"]) as store:
        store.record_answer("lstm-cec-origin", 3, kind="flashcard", topic="lstm", mode="quiz")


@pytest.mark.usefixtures("answered")
def test_stats_plot_piped_has_no_escape_codes(capsys) -> None:
    assert main(["stats", "--plot"]) == 0
    out = capsys.readouterr().out
    assert "Reviews per day" in out and ESC not in out


@pytest.mark.usefixtures("answered")
@pytest.mark.parametrize("no_color", [None, "1"])
def test_stats_plot_on_a_terminal_honours_no_color(monkeypatch, no_color) -> None:
    if no_color is None:
        monkeypatch.delenv("NO_COLOR", raising=False)
    else:
        monkeypatch.setenv("NO_COLOR", no_color)
    screen = FakeTerminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main(["stats"]) == 0  # plots by default on a terminal
    out = screen.getvalue()
    assert "Reviews per day" in out
    if no_color:
        assert ESC not in out


DEMO = ["demo", "clip", "--steps", "4", "--hidden", "4", "--device", "cpu"]


def test_demo_plot_is_coloured_on_a_terminal_only_without_no_color(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    screen = FakeTerminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main(DEMO) == 0
    assert ESC in screen.getvalue()  # colour on a terminal

    monkeypatch.setenv("NO_COLOR", "1")
    screen = FakeTerminal()
    monkeypatch.setattr("sys.stdout", screen)
    assert main(DEMO) == 0
    assert ESC not in screen.getvalue()
