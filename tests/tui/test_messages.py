"""What the learner reads under a typed answer: errors about old text go, hints stay."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from tuihelpers import make_app, run, settle

from interviewkit.tui.context import Filters
from interviewkit.tui.widgets.derivation import answer_placeholder, verdict_markdown


async def start(pilot, kind: str) -> None:
    await pilot.pause()
    assert isinstance(pilot.app.focused, Input), kind


async def type_text(pilot, text: str) -> None:
    box = pilot.app.focused
    assert isinstance(box, Input)
    box.value = text
    await pilot.pause()


async def checked(pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def shown(app, selector: str) -> tuple[str, bool]:
    line = app.screen.query_one(selector, Static)
    return str(line.render()), line.has_class("-error")


@run
async def test_a_numeric_error_goes_when_the_text_changes(data_dir: Path) -> None:
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="numeric"))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "numeric")
        await type_text(pilot, "abc")
        await pilot.press("enter")
        await pilot.pause()
        text, error = shown(app, "#numeric-message")
        assert error and "abc" in text
        await type_text(pilot, "12")
        assert shown(app, "#numeric-message") == ("", False)


@run
async def test_a_derivation_error_goes_and_the_hints_come_back(data_dir: Path) -> None:
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="derivation"))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "derivation")
        await pilot.press("ctrl+n")
        await pilot.pause()
        hint, _ = shown(app, "#derivation-message")
        assert hint.startswith("Hint 1:")
        await type_text(pilot, "diag(1 - h**2 @")
        await pilot.press("enter")
        await checked(pilot)
        text, error = shown(app, "#derivation-message")
        assert error and "diag(1 - h**2 @" in text  # the error, with a caret under the text
        await type_text(pilot, "diag(1 - h**2) @ W_h")
        assert shown(app, "#derivation-message") == (hint, False)
        await pilot.press("ctrl+n", "ctrl+n")  # past the last hint: the hints stay listed
        await pilot.pause()
        text, _ = shown(app, "#derivation-message")
        assert text.startswith("Hint 1:") and "Hint 2:" in text
        assert text.endswith("No more hints for this one.")


class _Result:
    verdict = "incorrect"
    feedback = "incorrect: not equal to ∂h_t/∂h_{t-1} at the test points"
    parsed_unicode = "W_h"
    shape = expected_shape = None


def test_the_verdict_is_not_said_twice_and_jacobians_read_as_in_prompts() -> None:
    text = verdict_markdown(_Result())
    assert text.startswith("✗ **Incorrect**: not equal to ∂hₜ/∂hₜ₋₁ at the test points")
    assert "Not equal to the Jacobian" not in text


@run
async def test_the_short_answer_hint_goes_once_the_answer_is_in(data_dir: Path) -> None:
    app = make_app(data_dir, mode="quiz", filters=Filters(kind="short"))
    async with app.run_test(size=(80, 24)) as pilot:
        await start(pilot, "short")
        hint = app.screen.query_one(".hint-line")
        assert hint.display
        await type_text(pilot, "products of Jacobians shrink")
        await pilot.press("enter")
        await settle(pilot)  # one pause was not always enough on a loaded machine
        assert not hint.display


def test_the_answer_box_asks_for_a_gradient_where_the_question_asks_for_one() -> None:
    """A backward-pass or BPTT question asks for a gradient (a vector, or a weight's shape), not
    a Jacobian; the example in the box is no question's answer."""
    assert "Jacobian" in answer_placeholder("rnn.dh_dhprev")
    assert "Jacobian" in answer_placeholder("gru.dh_dx:chung")
    for target in ("rnn.dL_da", "gru.dL_db_hn:pytorch", "lstm.bptt_d_c", "mingru.bptt_dU_h"):
        text = answer_placeholder(target)
        assert "gradient" in text and "Jacobian" not in text and "F1: notation" in text
        assert len(text) <= 72  # fits the box at 80 columns


def test_the_leave_question_counts_answers_in_words() -> None:
    from interviewkit.tui.screens.session import answers_saved

    assert answers_saved(0) == "No answer is saved yet"
    assert answers_saved(1) == "1 answer is saved"
    assert answers_saved(3) == "3 answers are saved"


def test_preview_gives_every_name_its_step_in_a_recursion() -> None:
    """A bare g beside δ_aₜ₊₁ reads as another quantity; weights carry no step."""
    from interviewkit.tui.widgets.derivation import preview

    assert preview("g + (1 - z) * d_h_{t+1}") == (True, "gₜ + (1 − zₜ) ⊙ δ_hₜ₊₁")
    assert preview("W_h.T @ d_a_{t+1}") == (True, "W_hᵀ · δ_aₜ₊₁")
    assert preview("diag(1 - h**2) @ W_h") == (True, "diag(1 − h²) · W_h")
