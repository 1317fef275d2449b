"""KeyFooter: the keys are rebuilt when they change, and only then (they cost ~4 ms each)."""

from __future__ import annotations

from pathlib import Path

from tuihelpers import Notes, make_app, run

from interviewkit.tui.screens.home import HomeScreen
from interviewkit.tui.screens.session import SessionScreen
from interviewkit.tui.widgets.footer import KeyFooter


def keys(screen) -> list:
    """The footer's keys (Textual's FooterKey widgets, found by their type's name)."""
    return list(screen.query_one(KeyFooter).query("FooterKey"))


def labels(screen) -> list[str]:
    return [key.description for key in keys(screen)]


@run
async def test_same_keys_are_not_rebuilt_and_changed_keys_are(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        before = keys(home)
        assert labels(home)[:1] == ["Filters"]  # the modes: in the line of modes
        home.refresh_bindings()  # what focus moves and screen switches signal
        await pilot.pause()
        assert keys(home) == before  # the very same widgets: nothing was recomposed

        await pilot.press("q")
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        assert "Back" in labels(session)

        await pilot.press("escape")  # leaving asks for confirmation: a modal on top
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        while not isinstance(app.screen, HomeScreen):
            await pilot.press("escape")
            await pilot.pause()
        assert labels(app.screen)[:1] == ["Filters"]


@run
async def test_enter_after_a_flashcard_asks_for_a_rating(data_dir: Path) -> None:
    """Nothing is suggested for a flashcard: Enter was greyed out in the footer and did nothing."""
    from interviewkit.tui.context import Filters

    app = make_app(data_dir, mode="quiz", filters=Filters(kind="flashcard"))
    notes = Notes()
    async with app.run_test(size=(80, 24), message_hook=notes) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        q = session.current
        await pilot.press("space")
        await pilot.pause()
        shown = [b for b in session.active_bindings.values() if b.binding.show]
        assert "Next" in labels(session)
        assert all(b.enabled for b in shown), [(b.binding.key, b.enabled) for b in shown]
        await pilot.press("enter")
        await pilot.pause()
        notes = [n.message for n in notes]
        assert any("Rate yourself with 1-4" in m for m in notes), notes
        assert session.current is q and session.query_one("#rating").display  # still asked
        await pilot.press("3")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen is not session or session.current is not q  # 1-4 still rates


@run
async def test_the_choice_footer_shows_the_keys_the_question_has(data_dir: Path) -> None:
    """The footer said "1-9 Pick" for a question with four options."""
    from interviewkit.tui.context import Filters

    app = make_app(data_dir, mode="quiz", filters=Filters(kind="choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        session = app.screen
        assert isinstance(session, SessionScreen)
        count = len(session.current.options)
        assert 1 < count < 9
        for _ in range(50):  # the footer is composed a moment after the question (a loaded CPU)
            picks = [key for key in keys(session) if key.description == "Pick"]
            if picks:
                break
            await pilot.pause(0.05)
        [pick] = picks
        assert pick.key_display == f"1-{count}"
