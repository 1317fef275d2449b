"""Undo the last answer, and suspend, bury, flag and note a question from a session (issue 14)."""

from __future__ import annotations

from pathlib import Path

from tuihelpers import Notes, choice_keys, make_app, run, session_on_screen, settle

from interviewkit.study.store import ProgressStore
from interviewkit.tui.context import Filters
from interviewkit.tui.screens.card import CardScreen
from interviewkit.tui.screens.note import NoteScreen
from interviewkit.tui.screens.session import SessionScreen


@run
async def test_ctrl_z_takes_back_the_last_answer_and_asks_it_again(data_dir: Path) -> None:
    notes = Notes()
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="choice"))
    async with app.run_test(size=(80, 24), message_hook=notes) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        first = screen.current
        await pilot.press(*choice_keys(screen, right=False))
        if first.multiple:
            await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # Again, by mistake
        await settle(pilot)
        assert screen.current is not first
        assert not screen.query_one("#rating").display  # no "Saving…" left under the next one
        with ProgressStore.open(data_dir) as store:
            assert store.card_info(first.id) is not None
        await pilot.press("ctrl+z")
        await settle(pilot)
        assert screen.current is first and screen.results == []  # asked again
        assert any("taken back: answer it again" in n.message for n in notes)
        with ProgressStore.open(data_dir) as store:
            assert store.card_info(first.id) is None  # new again: rating and schedule undone
            assert [r.question_id for r in store.reviews(undone=True)] == [first.id]
        await pilot.press(*choice_keys(screen, right=True))
        if first.multiple:
            await pilot.press("enter")
        await settle(pilot)
        await pilot.press("4")
        await settle(pilot)
    with ProgressStore.open(data_dir) as store:
        [review] = store.reviews()
    assert (review.question_id, int(review.rating)) == (first.id, 4)


@run
async def test_the_card_menu_flags_notes_and_suspends_the_question(data_dir: Path) -> None:
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await session_on_screen(pilot)
        first, second = screen.questions
        await pilot.press("ctrl+o")
        assert isinstance(app.screen, CardScreen)
        await pilot.press("1")  # red flag
        await settle(pilot)
        assert app.screen is screen
        assert "red flag" in str(screen.query_one("#session-progress").render())
        await pilot.press("ctrl+o", "n")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press("f")
        app.screen.query_one("Input").value = "forget gate: the old cell"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        note = str(screen.query(".note-line").last().render())
        assert note == "Your note: forget gate: the old cell"
        await pilot.press("ctrl+o", "s")  # suspended: the session moves past it
        await settle(pilot)
        assert screen.current is second and screen.questions == [second]
    with ProgressStore.open(data_dir) as store:
        mark = store.mark(first.id)
        assert (mark.flag, mark.note, mark.suspended) == (1, "forget gate: the old cell", True)
        assert store.reviews() == []
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert [q.id for q in app.screen.questions] == [second.id]  # left out from now on


@run
async def test_ctrl_q_after_the_verdict_saves_the_answer_at_the_suggested_rating(
    data_dir: Path,
) -> None:
    """Quitting while the rating is asked used to drop an answer already graded; the help
    promises that quitting loses at most the answer being typed."""
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        first = screen.current
        await pilot.press(*choice_keys(screen, right=True))
        if first.multiple:
            await pilot.press("enter")
        await settle(pilot)
        assert screen.pending is not None and screen.pending.suggested is not None
        suggested = screen.pending.suggested
        await pilot.press("ctrl+q")
        await settle(pilot)
    assert app.return_code == 0
    with ProgressStore.open(data_dir) as store:
        [review] = store.reviews()
    assert (review.question_id, review.rating) == (first.id, suggested)
