"""The card browser: search by text and facets, see a card's history, suspend, bury, flag, note
and open a card, all with the keyboard (issue 14)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from textual.events import Key
from tuihelpers import NOW, Notes, make_app, run, seed_history, settle

from interviewkit.study.store import ProgressStore
from interviewkit.tui.screens.browser import BrowserScreen
from interviewkit.tui.screens.home import HomeScreen
from interviewkit.tui.screens.note import NoteScreen
from interviewkit.tui.screens.session import SessionScreen
from interviewkit.tui.screens.summary import SummaryScreen


def listed(screen: BrowserScreen) -> list[str]:
    return [row.question.id for row in screen.rows]


async def open_browser(pilot) -> BrowserScreen:
    """From the home screen, with its key."""
    await settle(pilot)
    await pilot.press("b")
    await settle(pilot)
    assert isinstance(pilot.app.screen, BrowserScreen)
    return pilot.app.screen


async def search(pilot, text: str) -> None:
    await pilot.press("slash")
    box = pilot.app.focused
    box.value = text
    await pilot.press("enter")  # back to the list
    await settle(pilot)


@run
async def test_search_history_and_marks_with_the_keyboard(data_dir: Path) -> None:
    seed_history(data_dir)
    notes = Notes()
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24), message_hook=notes) as pilot:
        screen = await open_browser(pilot)
        assert len(listed(screen)) == 6
        await search(pilot, "forget topic:lstm")
        assert listed(screen) == ["fx-choice"]
        detail = str(screen.query_one("#browse-detail").render())
        assert "Which gate of an LSTM" in detail and "next due" in detail
        assert "Latest answers:" in detail and "(review)" in detail
        await pilot.press("s", "1")  # suspend it, flag it red
        await settle(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one("Input").value = "B, the forget gate"
        await pilot.press("enter")
        await settle(pilot)
        detail = str(screen.query_one("#browse-detail").render())
        assert "Marks: suspended · red flag · note" in detail
        assert "Note: B, the forget gate" in detail
        await search(pilot, "is:suspended")
        assert listed(screen) == ["fx-choice"]
        await search(pilot, "is:flagged kind:choice")
        assert listed(screen) == ["fx-choice"]
        await search(pilot, "is:soon")
        assert "unknown is:soon" in str(screen.query_one("#session-progress").render())
        assert listed(screen) == ["fx-choice", "fx-choice-multi", "fx-numeric", "fx-flashcard",
                                  "fx-short", "fx-derivation"]  # fmt: skip
        await search(pilot, "")
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
    with ProgressStore.open(data_dir) as store:
        mark = store.mark("fx-choice")
    assert (mark.suspended, mark.flag, mark.note) == (True, 1, "B, the forget gate")


@run
async def test_enter_opens_the_card_and_the_browser_shows_its_new_answer(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        await search(pilot, "kind:flashcard")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert [q.id for q in app.screen.questions] == ["fx-flashcard"]
        await pilot.press("space", "3")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen  # back in the browser, the card read again
        assert [r.state for r in screen.rows] == ["learning"]
        assert "1 answer" in str(screen.query_one("#browse-detail").render())


@run
async def test_bury_lasts_until_the_end_of_the_day(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        await search(pilot, "kind:numeric")
        await pilot.press("b")
        await settle(pilot)
    with ProgressStore.open(data_dir) as store:
        mark = store.mark("fx-numeric")
    assert mark.buried(NOW) and not mark.buried(NOW + timedelta(days=1))


@run
async def test_a_numeric_card_shows_its_prompt_with_numbers(data_dir: Path) -> None:
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_browser(pilot)
        await search(pilot, "kind:numeric")
        detail = str(app.screen.query_one("#browse-detail").render())
    assert "{" not in detail and "input size" in detail


@run
async def test_the_detail_pane_shows_code_spans_without_their_backticks(
    data_dir: Path, tmp_path: Path
) -> None:
    """As on the question screens: `torch.nn.LSTM` reads as code, not as text in backticks."""
    deck = tmp_path / "deck.toml"
    deck.write_text(
        '[[question]]\nid = "bt-card"\nkind = "flashcard"\ntopic = "lstm"\ndifficulty = "easy"\n'
        'prompt = "What does `torch.nn.LSTM` return?"\nback = "output, (h_n, c_n)"\n'
        'explanation = "The outputs of every step and the last states."\n'
        'source = "PyTorch documentation"\n',
        encoding="utf-8",
    )
    app = make_app(data_dir, bank=deck)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        detail = str(screen.query_one("#browse-detail").render())
        assert "What does torch.nn.LSTM return?" in detail, detail


@run
async def test_a_key_right_after_enter_in_the_search_goes_to_the_list(data_dir: Path) -> None:
    """Enter in the search box hands the keys to the list at once: an `s` typed right after it
    suspends the card instead of landing in the search text."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        await pilot.press("slash")
        box = app.focused
        box.value = "forget"
        app.post_message(Key("enter", "\r"))  # queued together, as from a fast typist
        app.post_message(Key("s", "s"))
        await settle(pilot)
        assert box.value == "forget"
        assert "Marks: suspended" in str(screen.query_one("#browse-detail").render())


@run
async def test_words_typed_right_after_the_slash_go_into_the_search(data_dir: Path) -> None:
    """`/` then `forget`, typed in one go: every letter lands in the search box (they went to
    the list, which the slash had not yet left, and the search stayed empty)."""
    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_browser(pilot)
        for key, char in [("slash", "/"), *[(c, c) for c in "forget"]]:
            app.post_message(Key(key, char))
        await settle(pilot)
        assert screen.query_one("#browse-search").value == "forget"
        assert listed(screen) == ["fx-choice"]
