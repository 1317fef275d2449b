"""A `code` question in the quiz: the starter file appears in the data folder, Enter runs the
check in a worker, a file that cannot run is not counted, a graded check is recorded like any
answer; the editor key says what it can; a browser session leaves code questions out."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from textual.widgets import Static
from tuihelpers import NOW, run

from interviewkit.study.modes import Mode
from interviewkit.study.store import ProgressStore
from interviewkit.tui.context import Filters, Settings
from interviewkit.tui.factory import build_app, open_context
from interviewkit.tui.launch import draw
from interviewkit.tui.screens.session import SessionScreen
from interviewkit.tui.widgets.code import CodePanel
from interviewkit.tui.widgets.feedback import FeedbackView

SOLUTION = Path(__file__).resolve().parent.parent / "exercises" / "solutions"
QUESTION = """\
[[question]]
id = "t-code"
kind = "code"
topic = "bptt"
difficulty = "easy"
prompt = "Write one RNN step."
exercise = "rnn_step_forward"
explanation = "It is one affine map and a tanh. Read next: the docs."
source = "Derivation by the package"
"""


def context(tmp_path: Path, data_dir: Path):
    bank = tmp_path / "bank.toml"
    bank.write_text(QUESTION, encoding="utf-8")
    return open_context(
        bank_paths=[bank],
        include_builtin=False,
        data_dir=data_dir,
        filters=Filters(kind="code"),
        settings=Settings(quiz_size=1),
        mode="quiz",
        clock=lambda: NOW,
        timer=lambda: 0.0,
        seed=1,
    )


def message(app) -> str:
    return str(app.screen.query_one("#code-message", Static).render())


@run
async def test_check_in_the_quiz_is_recorded(tmp_path: Path, data_dir: Path) -> None:
    app = build_app(context(tmp_path, data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        panel = app.screen.query_one(CodePanel)
        mine = data_dir / "exercises" / "rnn_step_forward.py"
        assert panel.path == mine.resolve() and mine.is_file()
        assert str(mine.resolve()) in str(app.screen.query_one("#code-file", Static).render())

        await pilot.press("enter")  # the untouched starter: not counted
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "not written yet" in message(app) and not panel.answered

        await pilot.press("e")  # headless: no terminal to hand over to an editor
        assert "$EDITOR" in message(app) or "another window" in message(app)

        shutil.copy(SOLUTION / "rnn_step_forward.py", mine)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        feedback = app.screen.query_one(FeedbackView)
        assert "Passed" in feedback.source
        await pilot.press("enter")  # accept the suggested rating
        await pilot.pause()
    with ProgressStore.open(data_dir) as store:
        [review] = store.reviews("t-code")
    assert (review.kind, review.verdict, review.rating) == ("code", "correct", 3)
    assert review.answer.endswith("all outputs right")


@run
async def test_editor_problems_are_one_line(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("VISUAL", raising=False)
    monkeypatch.delenv("EDITOR", raising=False)
    app = build_app(context(tmp_path, data_dir))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("e")
        assert message(app).startswith("Set $EDITOR")


def test_a_browser_session_leaves_code_out(
    tmp_path: Path, data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TEXTUAL_DRIVER", "textual.drivers.web_driver:WebDriver")
    ctx = context(tmp_path, data_dir)
    try:
        result = draw(ctx, Mode.QUIZ, seed=1)
    finally:
        ctx.store.close()
    assert isinstance(result, str) and "would run code on this machine" in result
