"""A flashcard: recall the answer, Space reveals the back, then the learner rates it 1-4."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from interviewkit.bank.mathtext import render_math_markdown
from interviewkit.bank.schema import Flashcard
from interviewkit.tui.outcome import Outcome
from interviewkit.tui.widgets.panel import AnswerPanel
from interviewkit.tui.widgets.prompt import PromptView


class FlashcardPanel(AnswerPanel):
    """The front; Space (or a click on the line below) shows the back and asks for a rating."""

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "reveal", "Reveal")]

    def __init__(self, question: Flashcard, **kwargs) -> None:
        super().__init__(question, **kwargs)
        self.card = question

    def compose(self) -> ComposeResult:
        yield PromptView(self.card.prompt)
        text = "Answer in your head, then press Space" + (
            " and rate yourself." if self.mock else " to see the back."
        )
        yield Static(text, classes="hint-line", id="reveal-line")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not self.answered if action == "reveal" else True

    def on_click(self) -> None:
        self.focus()
        if not self.answered:
            self.action_reveal()

    def action_reveal(self) -> None:
        self.query_one("#reveal-line", Static).display = False
        back = render_math_markdown(self.card.back.strip())
        why = render_math_markdown(self.card.explanation.strip())
        self.finish(
            Outcome(
                question=self.card,
                prompt=self.prompt_text,
                verdict=None,
                answer=None,
                feedback=f"{back}\n\n---\n\n{why}",
                suggested=None,
                duration_s=self.elapsed(),
            )
        )
