"""A bank question on a cell file kept next to its deck is asked, graded and explained step by
step against that cell in a quiz, as a built-in cell's question is."""

from __future__ import annotations

import shutil
from pathlib import Path

from textual.widgets import Input, Static
from tuihelpers import make_app, run, settle

from interviewkit.study.store import ProgressStore
from interviewkit.tui.context import Filters
from interviewkit.tui.screens.steps import StepsScreen
from interviewkit.tui.widgets.feedback import FeedbackView

ROOT = Path(__file__).resolve().parents[2]


def deck_with_the_leaky_question(folder: Path) -> Path:
    """The shipped question on the leaky RNN, alone in a deck, its cell file beside it."""
    from interviewkit.bank.loader import load_bank

    bank = load_bank(include_user_decks=False)
    [q] = [q for q in bank.questions if q.id == "jac-leaky-rnn-dh-dhprev"]
    lines = (ROOT / q.origin.path).read_text(encoding="utf-8").split("\n")
    end = next(
        (n for n in range(q.origin.line, len(lines)) if lines[n].startswith("[[question]]")),
        len(lines),
    )
    text = "\n".join(lines[q.origin.line - 1 : end])
    (folder / "cells").mkdir(parents=True)
    shutil.copy(ROOT / "questions" / "cells" / "leaky.toml", folder / "cells" / "leaky.toml")
    (folder / "own.toml").write_text(f'topic = "jacobians"\n\n{text}', encoding="utf-8")
    return folder


@run
async def test_a_cell_file_question_is_graded_against_its_cell_and_shows_its_steps(
    data_dir: Path, tmp_path: Path
) -> None:
    bank = deck_with_the_leaky_question(tmp_path / "deck")
    app = make_app(data_dir, mode="quiz", bank=bank, filters=Filters(kind="derivation"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        box = app.screen.query_one("#derivation-answer", Input)
        box.value = "diag(1 - alpha) + diag(alpha * (1 - h_tilde**2)) @ W_h"
        box.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Correct" in app.screen.query_one(FeedbackView).source
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StepsScreen)
        page = str(app.screen.query_one("#steps-page", Static).render())
        assert page.startswith("∂hₜ/∂hₜ₋₁ of the leaky RNN")
        await pilot.press("escape", "enter")  # close the page, accept the suggested rating
        await settle(pilot)
    with ProgressStore.open(data_dir) as store:
        [review] = store.reviews()
    assert (review.question_id, review.verdict) == ("jac-leaky-rnn-dh-dhprev", "correct")
