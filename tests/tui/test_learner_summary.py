"""What the summary tells a learner (issue 14): prompts as shown, questions a mock never
reached, the session's wall time, hints and counts in words."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tuihelpers import choice_keys, make_app, run, settle

from interviewkit.tui.context import Filters, Settings
from interviewkit.tui.screens.session import SessionScreen
from interviewkit.tui.screens.summary import SummaryScreen


@run
async def test_to_revisit_shows_the_numeric_prompt_as_it_was_asked(data_dir: Path) -> None:
    """'To revisit' printed the file's `{input}` and `{hidden}` instead of the numbers drawn."""
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="numeric"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        asked = screen.query_one("NumericPanel").prompt_text
        box = app.focused
        assert isinstance(box, Input)
        box.value = "1"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("enter")  # accept Again
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = app.screen.text()
    assert "{" not in text and "}" not in text
    shown = asked.replace("`", "")
    assert shown.split(" has ")[1][:20] in text.replace("`", "")  # "input size 37 and hidden"


@run
async def test_a_mock_ended_early_leaves_unreached_questions_out_of_the_score(
    data_dir: Path,
) -> None:
    """Escape after one answer scored the question never shown as wrong ("1 / 2") and listed
    it under "Study next"."""
    app = make_app(
        data_dir,
        mode="mock",
        filters=Filters(kind="choice"),
        settings=Settings(mock_size=2, mock_minutes=10),
    )
    async with app.run_test(size=(100, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        first, second = screen.questions
        await pilot.press(*choice_keys(screen, right=False))
        if first.multiple:
            await pilot.press("enter")
        await settle(pilot)
        assert screen.current is second
        await pilot.press("escape", "y")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        text = app.screen.text()
    assert "**Score: 0 / 1**" in text
    assert "1 question not reached (the mock ended before it); not scored." in text
    assert "left unanswered" not in text
    assert first.id in text.split("**Study next:**")[1].split("\n\n")[1]
    assert second.id not in text


@run
async def test_the_summary_time_is_the_sessions_wall_time(data_dir: Path) -> None:
    """It said '0 min 28 s' (the answers' times added up) for a session of 51 s."""
    clock = iter([100.0, 100.0, 110.0, 151.0])
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="flashcard"))
    app.context.timer = lambda: next(clock, 151.0)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("space", "3")
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "in 0 min 51 s" in app.screen.text()


@run
async def test_hints_show_their_math_as_unicode(data_dir: Path) -> None:
    """The fixture's first hint reads `$1 - \\tanh^2$`: the learner saw the dollars."""
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="derivation"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+n")
        await pilot.pause()
        hint = str(app.screen.query_one("#derivation-message", Static).render())
    assert "$" not in hint and "\\tanh" not in hint
    assert "1 − tanh²" in hint or "1 - tanh²" in hint


@run
async def test_the_palette_asks_before_it_ends_a_session(data_dir: Path) -> None:
    """Choosing another mode in the command palette mid-session switched without asking."""
    from interviewkit.tui.screens.confirm import ConfirmScreen

    app = make_app(data_dir, mode="quiz", filters=Filters(kind="choice"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        session = app.screen
        assert isinstance(session, SessionScreen)
        await pilot.press(*choice_keys(session, right=True))  # fx-choice; not rated yet
        await settle(pilot)
        await app.run_action("start('mock')")  # what the palette's "Mock interview" runs
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert str(app.screen.query_one("#confirm-text").render()).startswith(
            "End this session? No answer is saved yet; it ends here."
        )
        await pilot.press("n")
        assert app.screen is session and not session.done  # kept going
        await app.run_action("start('mock')")
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.mode == "mock"
        assert [type(s).__name__ for s in app.screen_stack] == ["HomeScreen", "SessionScreen"]
    from interviewkit.study.store import ProgressStore

    with ProgressStore.open(data_dir) as store:  # the graded answer was kept at its suggestion
        assert [(r.question_id, r.mode) for r in store.reviews()] == [("fx-choice", "quiz")]
