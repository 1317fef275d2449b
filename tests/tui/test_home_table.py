"""The home screen's two due counts say which is which, within 80 columns."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from tuihelpers import make_app, run, seed_history, settle

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


def shown_text(widget) -> str:
    """What the widget puts on the screen, its lines joined: cut text ends in '…'."""
    from textual.geometry import Region

    lines = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    return " ".join(line.text.strip() for line in lines)


@run
async def test_the_filter_line_counts_what_the_topic_filter_draws(data_dir: Path) -> None:
    """`quiz --topic lstm` draws the LSTM Jacobians filed under `jacobians` too, but the line
    above the table counted the 16 filed under `lstm` (cut at 80 columns to '16 …'), and the
    review plan too."""
    from interviewkit.bank.loader import load_bank
    from interviewkit.bank.stats import filter_questions
    from interviewkit.tui.context import Filters
    from interviewkit.tui.factory import build_app, open_context

    lstm = filter_questions(load_bank(include_user_decks=False).questions, topic="lstm")
    app = build_app(open_context(data_dir=data_dir, filters=Filters(topic="lstm")))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = shown_text(app.screen.query_one("#home-filters", Static))
        status = shown_text(app.screen.query_one("#home-status", Static))
    assert f"· {len(lstm)} questions" in line and "…" not in line, line
    assert status.startswith("Review now: 0 due + 20 new"), status


@run
async def test_a_cell_filter_is_shown_counted_and_kept(data_dir: Path) -> None:
    """`quiz --cell rnn`: the home screen counted all 6 questions and never named the cell, and
    applying the filter dialog (or Enter on a topic) dropped the cell without a word."""
    from interviewkit.tui.context import Filters

    app = make_app(data_dir, filters=Filters(cell="rnn"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = shown_text(app.screen.query_one("#home-filters", Static))
        assert "rnn cell" in line and line.endswith("· 1 question"), line
        status = str(app.screen.query_one("#home-status", Static).render())
        assert status.startswith("Review now: 0 due + 1 new"), status
        await pilot.press("f")
        await pilot.pause()
        await pilot.press("ctrl+s")  # nothing changed in the dialog
        await settle(pilot)
        assert app.context.filters == Filters(cell="rnn")
        await pilot.press("enter")  # Enter on the table's first row (all topics)
        await settle(pilot)
        assert app.context.filters.cell == "rnn"
