"""A derivation: typed in the answer notation, previewed live in Unicode, checked in a worker.

The preview shows how the answer was understood while it is typed (or where it stops making
sense); Enter runs `check` in a thread so the screen never freezes. An answer that cannot be read
is not counted: the learner fixes it and tries again.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from fsrs import Rating
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input, Static

from interviewkit.bank.mathtext import render_math, render_math_markdown
from interviewkit.bank.schema import Derivation
from interviewkit.math.verdict import Verdict
from interviewkit.tui.errors import show_error
from interviewkit.tui.outcome import Outcome
from interviewkit.tui.widgets.panel import TypedAnswerPanel
from interviewkit.tui.widgets.prompt import PromptView


def preview(text: str) -> tuple[bool, str]:
    """`(ok, line)`: the parsed answer in Unicode, or where parsing stopped and why."""
    from interviewkit.errors import NotationError
    from interviewkit.math.notation import parse
    from interviewkit.math.printer import to_unicode

    if not text.strip():
        return True, ""
    try:
        e = parse(text)
    except NotationError as exc:
        where = f" (at column {exc.position + 1})" if exc.position is not None else ""
        return False, f"{exc.message}{where}"
    return True, to_unicode(e, _timed(e))


def _timed(e: object) -> tuple[str, ...]:
    """Every name with its step once any name is at another step: g_t + W_hᵀ δ_aₜ₊₁, not a bare
    g beside δ_aₜ₊₁."""
    from interviewkit.math.expr import SumSteps, Sym, walk

    nodes = list(walk(e))  # type: ignore[arg-type]
    syms = [n for n in nodes if isinstance(n, Sym)]
    if any(n.step for n in syms) or any(isinstance(n, SumSteps) for n in nodes):
        from interviewkit.math.cells import builtins

        weights = {p for cell in builtins().values() for p in cell.params} | {"I"}
        return tuple(dict.fromkeys(n.name for n in syms if n.name not in weights))
    return ()


def answer_placeholder(target: str) -> str:
    """What the answer box asks for. NOTATION.md names every gradient target `CELL.dL_X` (one
    step of the backward pass) or `CELL.bptt_X` (through time); the rest are Jacobians. The
    examples are the notation's, and no question's answer."""
    short = target.split(":", 1)[0].partition(".")[2]
    if short.startswith(("dL_", "bptt_")):
        return "the gradient, e.g. W_f.T @ (d_c * i), then Enter (F1: notation)"
    return "the Jacobian, e.g. diag(f) @ W_o + I, then Enter (F1: notation)"


#: A Jacobian as `check` names it, in the ASCII of its CLI: ∂h_t/∂h_{t-1}, ∂c_t/∂x_t, ...
_JACOBIAN = re.compile(r"∂[\w{}+\-]+/∂[\w{}+\-]+")


def _unicode_jacobians(text: str) -> str:
    """∂h_t/∂h_{t-1} written as the prompts write it, ∂hₜ/∂hₜ₋₁."""
    return _JACOBIAN.sub(lambda m: render_math_markdown(f"${m.group(0)}$"), text)


#: The verdict as the learner reads it, before check's line that says why.
HEADS = {
    Verdict.CORRECT: "✓ **Correct**",
    Verdict.INCORRECT: "✗ **Incorrect**",
    Verdict.INVALID: "**Could not read the answer**",
}


def verdict_markdown(result: Any) -> str:
    """A check result as the lines the learner reads after answering."""
    verdict = Verdict(result.verdict)
    feedback = str(result.feedback or "")
    said = f"{verdict.value}:"  # check's line may open with its verdict: not said twice
    if feedback.lower().startswith(said):
        feedback = feedback[len(said) :].strip()
    feedback = _unicode_jacobians(feedback)
    lines = [f"{HEADS[verdict]}: {feedback}"]
    if result.parsed_unicode and result.parsed_unicode not in (result.feedback or ""):
        lines.append(f"Read as: `{result.parsed_unicode}`")
    if result.shape and result.expected_shape and result.shape != result.expected_shape:
        lines.append(f"Shape {result.shape}, expected {result.expected_shape}.")
    return "\n\n".join(lines)


class DerivationPanel(TypedAnswerPanel):
    """`lab=True` keeps the input open after a verdict, for another try."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "hint", "Hint"),
        Binding("f1", "app.help('derivation-notation')", "Help"),
    ]

    @dataclass
    class Checked(Message):
        """A readable answer was checked (every try, in the lab too)."""

        result: Any
        answer: str

    class Unreadable(Message):
        """An answer could not be read: a verdict still on screen is about an older answer."""

    def __init__(self, question: Derivation, *, lab: bool = False, **kwargs) -> None:
        super().__init__(question, **kwargs)
        self.derivation = question
        self.lab = lab
        self.hints_shown = 0
        self.checking = False
        self.stop_warming: Callable[[], None] = lambda: None

    def compose(self) -> ComposeResult:
        yield PromptView(self.derivation.prompt)
        yield Input(placeholder=answer_placeholder(self.derivation.target), id="derivation-answer")
        yield Static("", classes="preview-line", id="derivation-preview", markup=False)
        yield Static("", classes="message-line", id="derivation-message", markup=False)

    def on_mount(self) -> None:
        from interviewkit.tui import warmup

        # the first wrong answer finds its tables built; stopped when the panel goes
        self.stop_warming = warmup.start(self, self.derivation)

    def on_unmount(self) -> None:
        self.stop_warming()

    def focus_answer(self) -> None:
        for box in self.query(Input):
            box.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hint":
            return not self.mock and (not self.answered or self.lab)
        return True

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        event.stop()
        line = self.query_one("#derivation-preview", Static)
        try:
            ok, text = preview(event.value)
        except Exception as exc:  # the preview must never take the screen down
            ok, text = False, f"(no preview: {type(exc).__name__})"
        line.update(f"→ {text}" if text else "")
        line.set_class(not ok, "-error")
        message = self.query_one("#derivation-message", Static)
        if message.has_class("-error"):  # the last check's error is about the old text
            message.remove_class("-error")
            message.update(self.hint_text())

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.checking or not event.value.strip():
            return
        self.checking = True
        self.query_one("#derivation-message", Static).update("checking…")
        self.run_check(event.value)

    @work(thread=True, exclusive=True, group="check", exit_on_error=False)
    def run_check(self, answer: str) -> None:
        try:
            from interviewkit.bank.cellfiles import question_cell
            from interviewkit.math.check import check

            q = self.derivation
            result = check(q.target, answer, q.variant, question_cell(q))
        except Exception as exc:
            self.app.call_from_thread(self.failed, exc)
        else:
            self.app.call_from_thread(self.show_result, result, answer)

    def failed(self, exc: Exception) -> None:
        self.checking = False
        self.query_one("#derivation-message", Static).update("")
        show_error(self.app, exc)

    def show_result(self, result: Any, answer: str) -> None:
        from interviewkit.study.grading import verdict_to_rating

        self.checking = False
        message = self.query_one("#derivation-message", Static)
        verdict = Verdict(result.verdict)
        message.set_class(verdict is Verdict.INVALID, "-error")
        if verdict is Verdict.INVALID:
            where = ""
            if result.position is not None:
                from interviewkit.math.notation import caret

                where = "\n" + textwrap.indent(caret(answer, result.position), "  ")
            message.update(f"{result.feedback}{where}")
            self.post_message(self.Unreadable())
            return
        message.update("")
        self.post_message(self.Checked(result, answer))
        if not self.lab:
            self.query_one(Input).disabled = True
        suggested = verdict_to_rating(verdict)
        reason = ""
        if verdict is Verdict.CORRECT and self.hints_shown:
            suggested, reason = min(suggested, Rating.Hard), "hint used"  # the line has 80 columns
        feedback = verdict_markdown(result)
        explanation = render_math_markdown(self.derivation.explanation.strip())
        self.finish(
            Outcome(
                question=self.derivation,
                prompt=self.prompt_text,
                verdict=verdict,
                answer=answer,
                feedback=f"{feedback}\n\n{explanation}\n\nPress **s** for the derivation, step by step.",
                suggested=suggested,
                duration_s=self.elapsed(),
                reason=reason,
            )
        )

    def action_hint(self) -> None:
        hints = self.derivation.hints
        message = self.query_one("#derivation-message", Static)
        message.remove_class("-error")
        if self.hints_shown >= len(hints):
            last = "No more hints for this one." if hints else "No hint for this one."
            message.update("\n".join(filter(None, [self.hint_text(), last])))  # keep them
            return
        self.hints_shown += 1
        message.update(self.hint_text())

    def hint_text(self) -> str:
        """The hints asked for so far, one a line."""
        hints = self.derivation.hints[: self.hints_shown]
        return "\n".join(f"Hint {n}: {render_math(h)}" for n, h in enumerate(hints, 1))
