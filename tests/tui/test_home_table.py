"""The home screen's two due counts say which is which, within 80 columns."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from tuihelpers import make_app, run, seed_history

from interviewkit.tui.screens.home import HomeScreen
from interviewkit.tui.widgets.deck_table import DeckTable


@run
async def test_the_table_says_due_today_and_the_status_line_due_now(data_dir: Path) -> None:
    """A bare "Due" column beside a "Due now" line puzzled a newcomer: two numbers, one word."""
    seed_history(data_dir)
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(DeckTable)
        titles = [str(column.label) for column in table.columns.values()]
        assert titles == ["Deck / topic", "Qs", "New", "Due today", "Learned"]
        assert table.virtual_size.width <= 80  # no sideways scrolling at 80 columns
        status = str(app.screen.query_one("#home-status", Static).render())
        assert status.startswith("Due now ")
