"""The stats plots count reviews and cards: their y axis shows whole numbers only."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from textual_plotext import PlotextPlot
from tuihelpers import make_app, run, seed_history

from interviewkit.tui.screens.stats import StatsScreen, count_ticks


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=2, max_value=8))
def test_ticks_are_whole_evenly_spaced_and_reach_the_top(top: int, most: int) -> None:
    ticks = count_ticks(top, most)
    assert ticks[0] == 0 and ticks[-1] >= top and 2 <= len(ticks) <= most
    assert all(isinstance(t, int) for t in ticks)
    assert len({b - a for a, b in pairwise(ticks)}) == 1
    assert ticks[-2] < max(top, 1)  # no tick past the first one at or over the top


@run
async def test_the_plots_label_their_y_axis_with_whole_numbers(data_dir: Path) -> None:
    seed_history(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, StatsScreen)
        for plot in app.screen.query(PlotextPlot):
            text = plot.render().plain
            labels = re.findall(r"^\s*(\S+)\s*┤", text, flags=re.MULTILINE)
            assert labels, text
            assert all(label.isdigit() for label in labels), labels


def test_one_review_is_said_in_the_singular(data_dir: Path) -> None:
    """The stats screen and `interviewkit stats` said "1 reviews"."""
    from tuihelpers import BANK, NOW

    from interviewkit.bank.loader import load_bank
    from interviewkit.commands.stats import render_text
    from interviewkit.study.stats import compute_stats
    from interviewkit.study.store import ProgressStore
    from interviewkit.tui.screens.stats import stats_lines

    questions = load_bank([BANK], include_builtin=False, include_user_decks=False).questions
    with ProgressStore.open(data_dir) as store:
        store.record_answer("fx-choice", 3, kind="choice", topic="lstm", mode="review", now=NOW)
        stats = compute_stats(store, questions, NOW)
    head, _ = stats_lines(stats)
    text = head + "\n" + render_text(stats)
    assert "1 reviews" not in text and "0 reviews" not in text.replace("(0 reviews)", "")
    assert "1 review, 1 today" in head
