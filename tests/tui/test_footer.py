"""KeyFooter: the keys are rebuilt when they change, and only then (they cost ~4 ms each)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets._footer import FooterKey
from tuihelpers import make_app, run

from interviewkit.tui.screens.home import HomeScreen
from interviewkit.tui.screens.session import SessionScreen
from interviewkit.tui.widgets.footer import KeyFooter


def keys(screen) -> list[FooterKey]:
    return list(screen.query_one(KeyFooter).query(FooterKey))


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
        assert labels(home)[:6] == ["Quiz", "Review", "Mock", "Lab", "Stats", "Filters"]
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
        assert labels(app.screen)[:6] == ["Quiz", "Review", "Mock", "Lab", "Stats", "Filters"]
