"""The store off the event loop: another program holds the database, and the app still answers."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tuihelpers import answer_choice, choice_keys, make_app, run, session_on_screen, settle

from interviewkit.study.store import DB_NAME, ProgressStore
from interviewkit.tui.context import Filters
from interviewkit.tui.screens.help import HelpScreen
from interviewkit.tui.screens.session import SessionScreen
from interviewkit.tui.screens.summary import SummaryScreen


@run
async def test_keys_are_answered_while_a_write_waits_for_the_lock(data_dir: Path) -> None:
    """A second program holds the write lock (BEGIN EXCLUSIVE): the rating waits for it, the
    help opens and closes meanwhile, and once the lock goes the answer is saved and the
    session moves on. Before, the write ran on the event loop and froze the screen."""
    app = make_app(data_dir, mode="quiz", filters=Filters(topic="lstm", kind="choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        other = sqlite3.connect(data_dir / DB_NAME, isolation_level=None, timeout=0)
        other.execute("BEGIN EXCLUSIVE")
        try:
            await pilot.press(*choice_keys(screen, right=True), "enter")  # then accept Good
            await pilot.pause(0.3)
            assert app.screen is screen
            assert str(screen.query_one(".rating-prompt").render()) == "Saving your answer…"
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)  # the app answers while the write waits
            await pilot.press("escape")
            assert app.screen is screen
            assert other.execute("SELECT COUNT(*) FROM reviews").fetchone() == (0,)
        finally:
            other.execute("COMMIT")
            other.close()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, SummaryScreen)  # fx-choice was the only question
        assert "1 of 1 right" in app.screen.text()
    with ProgressStore.open(data_dir) as store:
        assert [(r.question_id, int(r.rating)) for r in store.reviews()] == [("fx-choice", 3)]


@run
async def test_an_undo_waiting_for_the_lock_takes_no_answer_meanwhile(data_dir: Path) -> None:
    """Ctrl+Z while another program holds the database: until the undo is in, the question on
    screen takes no answer. Before, the learner could answer it meanwhile; that answer was
    saved, the undo's result then removed it from the session instead of the one taken back,
    and the question taken back was shown and skipped at once."""
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_on_screen(pilot)
        first, second = screen.questions
        await answer_choice(pilot, screen)
        await settle(pilot)
        await pilot.press("enter")  # the suggested rating
        await settle(pilot)
        assert screen.current is second
        other = sqlite3.connect(data_dir / DB_NAME, isolation_level=None, timeout=0)
        other.execute("BEGIN EXCLUSIVE")
        try:
            await pilot.press("ctrl+z")
            await pilot.pause(0.2)
            await answer_choice(pilot, screen)  # too soon: the undo is still waiting
            await pilot.pause(0.2)
            await pilot.press("enter")
            await pilot.pause(0.2)
            assert screen.pending is None
        finally:
            other.execute("COMMIT")
            other.close()
        await settle(pilot)
        assert app.screen is screen and screen.current is first and screen.results == []
    with ProgressStore.open(data_dir) as store:
        assert store.reviews() == []
        assert [r.question_id for r in store.reviews(undone=True)] == [first.id]
