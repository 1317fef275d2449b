"""Answer every kind end to end in every mode with the keyboard, then find it in the database."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from textual.widgets import Input
from tuihelpers import (
    NOW,
    RIGHT_DERIVATION,
    Notes,
    choice_keys,
    make_app,
    run,
    seed_history,
    settle,
)

from interviewkit.bank import schema
from interviewkit.study.store import ProgressStore
from interviewkit.tui.screens.home import HomeScreen
from interviewkit.tui.screens.lab import LabScreen
from interviewkit.tui.screens.session import SessionScreen
from interviewkit.tui.screens.summary import SummaryScreen
from interviewkit.tui.widgets.feedback import FeedbackView
from interviewkit.tui.widgets.numeric import NumericPanel

SIZE = (100, 40)


async def type_text(pilot, text: str) -> None:
    """Type into the focused input: the first key pressed for real, the rest set at once (fast)."""
    focused = pilot.app.focused
    assert isinstance(focused, Input), focused
    await pilot.press(text[0])
    focused.value = text
    focused.cursor_position = len(text)
    await pilot.pause()


async def answer(pilot, screen: SessionScreen, *, right: bool) -> schema.Question:
    """Answer the question on screen right (or wrong) with keys only."""
    q = screen.current
    assert q is not None
    if isinstance(q, schema.Choice):
        keys = choice_keys(screen, right=right)
        await pilot.press(*keys, *(["enter"] if q.multiple else []))
    elif isinstance(q, schema.Numeric):
        panel = screen.query_one(NumericPanel)
        await type_text(pilot, f"{panel.expected:g}" if right else "1")
        await pilot.press("enter")
    elif isinstance(q, schema.Flashcard):
        await pilot.press("space")
    elif isinstance(q, schema.Short):
        await type_text(pilot, "products of Jacobians shrink")
        await pilot.press("enter")
    elif isinstance(q, schema.Derivation):
        await type_text(pilot, RIGHT_DERIVATION if right else "W_h")
        await pilot.press("enter")
        await settle(pilot)
    await pilot.pause()
    return q


async def run_session(pilot, *, right: bool, rating_key: str | None = None) -> list[str]:
    """Answer until the summary appears; returns the ids in the order asked."""
    asked: list[str] = []
    await settle(pilot)
    while isinstance(pilot.app.screen, SessionScreen):
        screen = pilot.app.screen
        q = await answer(pilot, screen, right=right)
        asked.append(q.id)
        if screen.current is q and not screen.done:  # waiting for a rating
            self_graded = q.kind in ("flashcard", "short")
            await pilot.press(rating_key or ("3" if self_graded else "enter"))
        await settle(pilot)
    return asked


def reviews(data_dir: Path):
    with ProgressStore.open(data_dir) as store:
        return store.reviews()


@pytest.mark.parametrize("mode", ["quiz", "mock"])
@run
async def test_every_kind_is_answered_and_stored(data_dir: Path, mode: str) -> None:
    app = make_app(data_dir, mode=mode)
    async with app.run_test(size=SIZE) as pilot:
        asked = await run_session(pilot, right=True)
        assert isinstance(app.screen, SummaryScreen)
        assert "6 of 6 right" in app.screen.text() or "Score: 6 / 6" in app.screen.text()
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)  # with its counts re-read from the store
        row = app.screen.query_one("#decks").get_row("__all__")
        # questions, new, due today, learned: a first right answer is still in the learning
        # steps (back in minutes), so all six are due again today and none is learned yet
        assert row[1:] == [6, 0, 6, 0]
    assert sorted(asked) == sorted(q for q in _fixture_ids())
    stored = reviews(data_dir)
    assert sorted(r.question_id for r in stored) == sorted(asked)
    assert {r.mode for r in stored} == {mode}
    graded = {r.question_id: r for r in stored if r.kind not in ("flashcard", "short")}
    assert all(r.verdict == "correct" and r.rating == 3 for r in graded.values())
    short = next(r for r in stored if r.kind == "short")
    assert short.answer == "products of Jacobians shrink"


@run
async def test_wrong_answers_are_stored_as_again_and_the_rating_can_be_raised(
    data_dir: Path,
) -> None:
    app = make_app(data_dir, mode="quiz")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        q = await answer(pilot, screen, right=False)
        if q.kind in ("flashcard", "short"):
            await pilot.press("1")
        else:
            await pilot.press("enter")  # accept the suggested Again
        await settle(pilot)
        q2 = await answer(pilot, screen, right=False)
        await pilot.press("right", "right", "enter")  # raise Again to Good
        await settle(pilot)
    by_id = {r.question_id: r for r in reviews(data_dir)}
    assert by_id[q.id].rating == 1
    assert by_id[q2.id].rating == 3
    if q2.kind not in ("flashcard", "short"):
        assert by_id[q2.id].verdict == "incorrect"


@run
async def test_review_serves_due_cards_and_records_them(data_dir: Path) -> None:
    seed_history(data_dir)
    with ProgressStore.open(data_dir) as store:
        due = store.due_ids(NOW)
    assert due
    app = make_app(data_dir, mode="review")
    async with app.run_test(size=SIZE) as pilot:
        asked = await run_session(pilot, right=True)
    assert set(due) <= set(asked)
    new = [r for r in reviews(data_dir) if r.mode == "review" and r.question_id in asked]
    assert len(new) >= len(asked)


@run
async def test_lab_records_the_first_try_at_a_bank_question(data_dir: Path) -> None:
    app = make_app(data_dir, mode="lab")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LabScreen)
        await type_text(pilot, "W_h")
        await pilot.press("enter")
        await settle(pilot)
        app.screen.query_one(Input).value = ""
        await type_text(pilot, RIGHT_DERIVATION)
        await pilot.press("enter")
        await settle(pilot)
        text = app.screen.query_one(FeedbackView).source
        assert "Correct" in text
    stored = reviews(data_dir)
    assert [(r.question_id, r.mode, r.verdict) for r in stored] == [
        ("fx-derivation", "lab", "incorrect")
    ]


@run
async def test_a_lab_answer_that_fails_to_save_says_so_after_the_lab_is_left(
    data_dir: Path,
) -> None:
    """The save runs in a thread; when it fails after the learner has left the lab, the
    error still reaches them (it was dropped with the screen that asked)."""
    import threading

    from interviewkit.errors import StoreError

    notes = Notes()
    app = make_app(data_dir, mode="lab")
    release = threading.Event()

    def failing(*args, **kwargs) -> None:
        release.wait(10)
        raise StoreError("cannot write the progress database: disk full")

    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        app.context.store.record_answer = failing
        await type_text(pilot, "W_h")
        await pilot.press("enter")
        await pilot.pause(0.2)
        await pilot.press("escape")  # the lab is left while the answer is being saved
        await pilot.pause(0.2)
        assert not isinstance(app.screen, LabScreen)
        release.set()
        await settle(pilot)
        assert any("disk full" in str(n.message) for n in notes), [n.message for n in notes]


def _fixture_ids() -> list[str]:
    return [
        "fx-choice",
        "fx-choice-multi",
        "fx-numeric",
        "fx-flashcard",
        "fx-short",
        "fx-derivation",
    ]


@run
async def test_a_corrupt_database_is_reported_as_a_notification(data_dir: Path) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "progress.db").write_bytes(b"this is not sqlite " * 500)
    app = make_app(data_dir)
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        notes = [(n.severity, n.message) for n in notes]
        assert any(sev == "warning" and "corrupt" in msg for sev, msg in notes), notes
    assert list(data_dir.glob("progress.db.corrupt-*"))


@run
async def test_a_failed_write_is_shown_once_and_the_session_goes_on(data_dir: Path) -> None:
    app = make_app(data_dir, mode="quiz")
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        app.context.store.close()  # every write now fails
        q = await answer(pilot, screen, right=True)
        await pilot.press("3" if q.kind in ("flashcard", "short") else "enter")
        await settle(pilot)
        errors = [n for n in notes if n.severity == "error"]
        assert len(errors) == 1 and errors[0].title
        assert app.screen is screen and screen.current is q  # nothing lost, nothing crashed
        assert screen.query_one("#rating").display  # the rating can be given again


@run
async def test_review_respects_the_daily_new_card_limit(data_dir: Path) -> None:
    from interviewkit.tui.context import Settings

    app = make_app(data_dir, mode="review", settings=Settings(new_limit=2))
    notes = Notes()
    async with app.run_test(size=SIZE, message_hook=notes) as pilot:
        asked = await run_session(pilot, right=False, rating_key="1")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")  # the two new cards are not due yet, and the limit is used up
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert any("Nothing to review" in n.message for n in notes)
    assert len(asked) == 2
    assert [r.rating for r in reviews(data_dir)] == [1, 1]


@run
async def test_leeches_are_flagged_on_the_home_screen(data_dir: Path) -> None:
    with ProgressStore.open(data_dir) as store:
        for n in range(8):
            store.record_answer(
                "fx-choice", 1, kind="choice", topic="lstm", mode="review",
                now=NOW - timedelta(days=20 - n),
            )  # fmt: skip
    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        status = str(app.screen.query_one("#home-status").render())
        assert "1 leech" in status and "fx-choice" in status


@run
async def test_the_mock_ends_when_time_is_up_and_reports_unanswered(data_dir: Path) -> None:
    from interviewkit.tui.context import Settings

    app = make_app(data_dir, mode="mock", settings=Settings(mock_size=6, mock_minutes=3 / 60))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen)
        assert "⏱ 00:0" in str(app.screen.query_one("#countdown").render())
        await pilot.press("f1")  # the time runs out under the help screen
        from interviewkit.tui.screens.help import HelpScreen

        assert isinstance(app.screen, HelpScreen)
        for _ in range(300):  # the 3 s clock is real: allow a loaded machine up to 30 s
            await pilot.pause(0.1)
            if isinstance(app.screen, SummaryScreen):
                break
        assert isinstance(app.screen, SummaryScreen)
        text = app.screen.text()
        assert "1 question left unanswered." in text  # on screen when the time ran out
        assert "5 questions not reached (the mock ended before them); not scored." in text
    assert reviews(data_dir) == []


@pytest.mark.parametrize("debug", [False, True])
def test_a_bug_ends_the_app_with_one_line_and_a_crash_log(
    data_dir: Path, capfd, monkeypatch: pytest.MonkeyPatch, debug: bool
) -> None:
    """Run as the CLI runs it (`tui.crash.run_app`); `--debug` keeps Textual's traceback."""
    from interviewkit.tui.crash import run_app

    def boom(self, counts) -> None:
        raise RuntimeError("kaboom " + "x" * 120)  # longer than the terminal is wide

    monkeypatch.setattr(HomeScreen, "show_counts", boom)
    assert run_app(make_app(data_dir), debug=debug, headless=True) == 1
    shown = capfd.readouterr().err
    if debug:
        assert "Traceback" in shown and not (data_dir / "crash.log").exists()
        return
    assert shown == (
        f"interviewkit: internal error: RuntimeError: kaboom {'x' * 120} "
        f"(the details are in {data_dir / 'crash.log'}; please report it)\n"
    )
    log = (data_dir / "crash.log").read_text()
    assert "Traceback" in log and "boom" in log and "x" * 60 in log


@run
async def test_after_a_derivation_s_opens_the_step_by_step_page(data_dir: Path) -> None:
    from interviewkit.tui.context import Filters
    from interviewkit.tui.screens.steps import StepsScreen

    app = make_app(data_dir, mode="quiz", filters=Filters(kind="derivation"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SessionScreen)
        await answer(pilot, screen, right=False)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StepsScreen)
        page = str(app.screen.query_one("#steps-page").render())
        assert "∂hₜ/∂hₜ₋₁" in page and "diag(1 − h²) · W_h" in page
        await pilot.press("escape", "enter")  # back to the question, accept the rating
        await settle(pilot)
    assert [r.verdict for r in reviews(data_dir)] == ["incorrect"]


@run
async def test_the_step_by_step_page_of_a_gradient_is_the_backward_pass(data_dir: Path) -> None:
    """A backward-pass or BPTT question's steps page goes back from the loss, as
    `derive --backward --steps` does, not forward from the state as a Jacobian's does."""
    from interviewkit.tui.screens.steps import StepsScreen

    app = make_app(data_dir)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for target, expected in (
            ("rnn.dL_da", "one step of the backward pass"),
            ("lstm.bptt_d_c", "backpropagation through time"),
        ):
            app.push_screen(StepsScreen(target, None))
            await settle(pilot)
            page = " ".join(str(app.screen.query_one("#steps-page").render()).split())
            assert expected in page and "Every path from" not in page, page
            await pilot.press("escape")
            await settle(pilot)


@run
async def test_the_mouse_answers_and_rates_too(data_dir: Path) -> None:
    from interviewkit.tui.context import Filters
    from interviewkit.tui.widgets.choice import ChoiceOption
    from interviewkit.tui.widgets.rating import RatingChoice

    app = make_app(data_dir, mode="quiz", filters=Filters(topic="lstm", kind="choice"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        forget_gate = next(o for o in app.screen.query(ChoiceOption) if "forget" in o.text)
        await pilot.click(forget_gate)  # the right one, wherever the shuffle put it
        await settle(pilot)
        easy = next(c for c in app.screen.query(RatingChoice) if c.rating == 4)
        await pilot.click(easy)
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
    [stored] = reviews(data_dir)
    assert (stored.question_id, stored.verdict, stored.rating) == ("fx-choice", "correct", 4)


@run
async def test_help_theme_filters_and_escape(data_dir: Path) -> None:
    from interviewkit.tui.screens.confirm import ConfirmScreen
    from interviewkit.tui.screens.filters import FilterScreen
    from interviewkit.tui.screens.help import HelpScreen

    app = make_app(data_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, HomeScreen)
        dark = app.current_theme.dark
        await pilot.press("ctrl+t")
        assert app.current_theme.dark is not dark
        await pilot.press("f")
        assert isinstance(app.screen, FilterScreen)
        await pilot.press("enter", "down", "enter")  # open the topic list, take the first topic
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        assert app.context.filters.topic == "bptt"  # the first topic of the fixture bank
        await pilot.press("escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, HomeScreen)


@run
async def test_leaving_before_rating_keeps_a_graded_answer_at_its_suggestion(
    data_dir: Path,
) -> None:
    from interviewkit.tui.context import Filters

    app = make_app(data_dir, mode="quiz", filters=Filters(kind="numeric"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        await answer(pilot, screen, right=False)
        await pilot.press("escape", "y")  # end the session with the rating not given yet
        await settle(pilot)
        assert isinstance(app.screen, SummaryScreen)
        assert "0 of 1 right" in app.screen.text()
    [stored] = reviews(data_dir)
    assert (stored.question_id, stored.verdict, stored.rating) == ("fx-numeric", "incorrect", 1)


@run
async def test_ctrl_r_on_the_summary_starts_another_round(data_dir: Path) -> None:
    """The binding called the async run_action without awaiting it: nothing happened."""
    from interviewkit.tui.context import Filters

    app = make_app(data_dir, mode="quiz", filters=Filters(kind="numeric"))
    async with app.run_test(size=SIZE) as pilot:
        await run_session(pilot, right=True)
        assert isinstance(app.screen, SummaryScreen)
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert isinstance(app.screen, SessionScreen) and app.screen.mode == "quiz"
        assert len(app.screen_stack) == 2  # home, then the new round
