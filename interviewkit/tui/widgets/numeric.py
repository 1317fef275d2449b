"""A numeric question: parameters drawn afresh each time, the answer typed and graded with tolerance."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from interviewkit.bank.mathtext import render_math_markdown
from interviewkit.bank.render import numeric_instance
from interviewkit.bank.schema import Numeric
from interviewkit.tui.outcome import Outcome
from interviewkit.tui.widgets.panel import TypedAnswerPanel
from interviewkit.tui.widgets.prompt import PromptView


class NumericPanel(TypedAnswerPanel):
    """A number that cannot be read (`abc`) is explained and not counted as an answer."""

    def __init__(self, question: Numeric, **kwargs) -> None:
        super().__init__(question, **kwargs)
        self.numeric = question
        self.prompt_text, self.expected, self.params = numeric_instance(question, self.seed)

    def compose(self) -> ComposeResult:
        yield PromptView(self.prompt_text)
        unit = f" (in {self.numeric.unit})" if self.numeric.unit else ""
        yield Input(placeholder=f"A number{unit}, then Enter", id="numeric-answer")
        yield Static("", classes="message-line", id="numeric-message")

    def focus_answer(self) -> None:
        for box in self.query(Input):
            box.focus()

    @on(Input.Changed)
    def changed(self, event: Input.Changed) -> None:
        """An error about the text that was submitted goes once the text changes."""
        event.stop()
        message = self.query_one("#numeric-message", Static)
        if message.has_class("-error"):
            message.update("")
            message.remove_class("-error")

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        from interviewkit.study.grading import grade_numeric, verdict_to_rating

        event.stop()
        q = self.numeric
        graded = grade_numeric(
            event.value, self.expected, q.tolerance, q.rel_tolerance, unit=q.unit
        )
        message = self.query_one("#numeric-message", Static)
        if graded.invalid:
            message.update(graded.message or "Type a number, e.g. 2560 or 2.5e3.")
            message.add_class("-error")
            return
        event.input.disabled = True
        message.update("")
        verdict = graded.verdict
        self.finish(
            Outcome(
                question=q,
                prompt=self.prompt_text,
                verdict=verdict,
                answer=event.value.strip(),
                feedback=self.feedback(graded.message),
                suggested=verdict_to_rating(verdict),
                duration_s=self.elapsed(),
            )
        )

    def feedback(self, message: str) -> str:
        """The grader's line (it names the expected value and the tolerance), then why."""
        head = f"**{message[:1].upper()}{message[1:]}.**"
        return f"{head}\n\n{render_math_markdown(self.numeric.explanation.strip())}"
