"""A short answer: type it, Enter reveals the model answer and key points, then grade yourself."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from interviewkit.bank.mathtext import markdown_escape, render_math_markdown
from interviewkit.bank.schema import Short
from interviewkit.tui.outcome import Outcome
from interviewkit.tui.widgets.panel import TypedAnswerPanel
from interviewkit.tui.widgets.prompt import PromptView


class ShortPanel(TypedAnswerPanel):
    """The learner's words are kept with the review, to compare with the model answer later."""

    def __init__(self, question: Short, **kwargs) -> None:
        super().__init__(question, **kwargs)
        self.short = question

    def compose(self) -> ComposeResult:
        yield PromptView(self.short.prompt)
        yield Input(placeholder="Your answer in a sentence or two, then Enter", id="short-answer")
        hint = (
            "Enter when done, then rate yourself; the model answer comes in the report."
            if self.mock
            else "Enter shows the model answer and its key points (an empty line too)."
        )
        yield Static(hint, classes="hint-line")

    def focus_answer(self) -> None:
        for box in self.query(Input):
            box.focus()

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        event.input.disabled = True
        for line in self.query(".hint-line"):
            line.display = False  # it told what Enter does; Enter is done
        points = "\n".join(f"- {render_math_markdown(p)}" for p in self.short.key_points)
        model = render_math_markdown(self.short.model_answer.strip())
        yours = event.value.strip()
        feedback = f"**Model answer.** {model}\n\n**Key points**\n\n{points}"
        if yours:
            feedback = f"**You wrote:** {markdown_escape(yours)}\n\n{feedback}"
        self.finish(
            Outcome(
                question=self.short,
                prompt=self.prompt_text,
                verdict=None,
                answer=yours or None,
                feedback=feedback,
                suggested=None,
                duration_s=self.elapsed(),
            )
        )
