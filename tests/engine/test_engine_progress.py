"""The progress bar of long demos: rate and time left on a terminal, nothing in a pipe."""

from __future__ import annotations

import io
import re

import pytest

from interviewkit.cli import main
from interviewkit.engine.progress import ProgressBar

COLOUR = re.compile(r"\x1b\[[0-9;]*m")


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_it_shows_count_rate_time_left_and_values(monkeypatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    monkeypatch.setenv("COLUMNS", "120")
    screen = FakeTerminal()
    with ProgressBar(4, label="lstm T=6", stream=screen) as bar:
        for done in range(1, 5):
            bar.update(done, loss=0.25, eval=0.125)
    text = COLOUR.sub("", screen.getvalue())
    assert "lstm T=6" in text and "4/4" in text
    assert "steps/s" in text  # the rate
    assert re.search(r"\d+:\d\d:\d\d", text)  # time left (0:00:00 at the end)
    assert "loss 0.2500" in text and "eval 0.1250" in text


def test_no_color_keeps_the_bar_without_colour(monkeypatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    screen = FakeTerminal()
    with ProgressBar(3, label="x", stream=screen) as bar:
        bar.update(3)
    assert "3/3" in screen.getvalue() and not COLOUR.search(screen.getvalue())


def test_quiet_when_the_stream_is_not_a_terminal() -> None:
    log = io.StringIO()
    with ProgressBar(10, label="x", stream=log) as bar:
        for done in range(1, 11):
            bar.update(done, loss=1.0)
    assert log.getvalue() == ""


ADDING = ["adding", "--seq-len", "6", "--iters", "4", "--hidden", "4", "--batch", "4"]


@pytest.mark.parametrize(
    "argv",
    [
        [*ADDING, "--eval-size", "16", "--eval-every", "2"],
        ["spectral", "--steps", "5", "--hidden", "4", "--scales", "0.5,1"],
        ["highway", "--steps", "5", "--hidden", "4", "--cells", "rnn,gru"],
    ],
)
def test_long_demos_show_progress_on_a_terminal_only(monkeypatch, capsys, argv) -> None:
    assert main(["demo", *argv, "--json"]) == 0
    assert "/s" not in capsys.readouterr().err  # piped: no progress lines
    screen = FakeTerminal()
    monkeypatch.setattr("sys.stderr", screen)
    assert main(["demo", *argv, "--json"]) == 0
    assert re.search(r"(\d+)/\1 ", COLOUR.sub("", screen.getvalue()))  # all done, of the total
