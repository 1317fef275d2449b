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
        assert status.startswith("Review now: ")


@run
async def test_every_column_fits_at_80_columns_with_the_builtin_topics(data_dir: Path) -> None:
    """The built-in bank's longest topic pushed the last header off the screen ("Le")."""
    from interviewkit.tui.factory import build_app, open_context

    app = build_app(open_context(data_dir=data_dir))  # the real bank, as `interviewkit quiz`
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.screen.query_one(DeckTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert table.region.right <= 80
        names = [" ".join(str(table.get_row(k)[0]).split()) for k in table.rows]
        assert "Sequence-to-sequence, teacher forcing and attention" in names
        header = [str(c.label) for c in table.columns.values()]
        assert header[-1] == "Learned"
