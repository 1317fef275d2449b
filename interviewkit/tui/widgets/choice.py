"""A multiple-choice question: keys 1-9 (or a click) pick options; Enter submits several.

The options come in a new order each time the question is shown (`bank.shuffle`), lettered as
shown; the feedback names those letters, and the store records the file's.
"""

from __future__ import annotations

from dataclasses import replace
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.events import Click
from textual.widgets import Static

from interviewkit.bank.mathtext import render_math, render_math_markdown
from interviewkit.bank.schema import Choice
from interviewkit.bank.shuffle import shuffled
from interviewkit.tui.outcome import Outcome
from interviewkit.tui.widgets.panel import AnswerPanel
from interviewkit.tui.widgets.prompt import PromptView


def inline_code(text: str) -> Text:
    """Plain text whose `code spans` lose their backticks and read as code (bold)."""
    out = Text()
    for n, part in enumerate(text.split("`")):
        out.append(part, style="bold" if n % 2 else "")
    return out


class ChoiceOption(Horizontal):
    """One option: its key and label in a column, its text wrapped beside them. A click picks it."""

    def __init__(self, index: int, label: str, text: str) -> None:
        super().__init__()
        self.index = index
        self.label = label
        self.text = render_math(text)

    def compose(self) -> ComposeResult:
        yield Static(f"{self.index}  {self.label}.", classes="choice-key", markup=False)
        yield Static(inline_code(self.text), classes="choice-text")

    def on_click(self, event: Click) -> None:
        event.stop()
        panel = self.query_ancestor(ChoicePanel)
        panel.focus()
        panel.pick(self.index)


class ChoicePanel(AnswerPanel):
    """Single answer: the number key answers at once. Several answers: keys toggle, Enter submits."""

    can_focus = True
    BINDINGS: ClassVar[list[BindingType]] = [
        *[
            Binding(str(n), f"pick({n})", "Pick", show=n == 1, key_display="1-9")
            for n in range(1, 10)
        ],
        Binding("enter", "submit", "Submit", show=False),
    ]

    def __init__(self, question: Choice, **kwargs) -> None:
        super().__init__(question, **kwargs)
        self.shown = shuffled(question, self.seed)
        self.choice = self.shown.choice  # lettered as shown: what every line below names
        self.selected: set[str] = set()
        # the footer shows the keys this question has ("1-4 Pick"), not every key bound
        self._bindings.key_to_bindings["1"] = [
            replace(binding, key_display=self.keys)
            for binding in self._bindings.key_to_bindings.get("1", [])
        ]

    @property
    def keys(self) -> str:
        """The number keys that pick an option: "1-4" for four options."""
        count = len(self.choice.options)
        return "1" if count == 1 else f"1-{count}"

    def compose(self) -> ComposeResult:
        yield PromptView(self.choice.prompt)
        if self.choice.multiple:
            yield Static(
                f"Pick {len(self.choice.correct)} options (keys toggle them), then Enter.",
                classes="hint-line",
            )
        for n, (label, text) in enumerate(
            zip(self.choice.labels, self.choice.options, strict=True), 1
        ):
            yield ChoiceOption(n, label, text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.answered:
            return False
        if action == "pick":
            return parameters[0] <= len(self.choice.options)  # type: ignore[operator]
        if action == "submit":
            return self.choice.multiple
        return True

    def action_pick(self, number: int) -> None:
        self.pick(number)

    def pick(self, number: int) -> None:
        if self.answered or not 1 <= number <= len(self.choice.options):
            return
        label = self.choice.labels[number - 1]
        if not self.choice.multiple:
            self.selected = {label}
            self.submit()
            return
        self.selected ^= {label}
        for option in self.query(ChoiceOption):
            option.set_class(option.label in self.selected, "-picked")

    def action_submit(self) -> None:
        if self.selected:
            self.submit()
        else:
            self.notify(f"Pick at least one option first (keys {self.keys}).", severity="warning")

    def submit(self) -> None:
        from interviewkit.study.grading import grade_choice, verdict_to_rating

        graded = grade_choice(sorted(self.selected), self.choice)
        verdict = graded.verdict
        if not self.mock:
            for option in self.query(ChoiceOption):
                option.set_class(option.label in self.choice.correct, "-correct")
                option.set_class(
                    option.label in self.selected and option.label not in self.choice.correct,
                    "-wrong",
                )
        self.finish(
            Outcome(
                question=self.question,
                prompt=self.prompt_text,
                verdict=verdict,
                answer=",".join(self.shown.to_file(self.selected)),
                feedback=self.feedback(graded.message, graded.details),
                suggested=verdict_to_rating(verdict),
                duration_s=self.elapsed(),
            )
        )

    def feedback(self, message: str, details: tuple[str, ...]) -> str:
        lines = [f"**{message[:1].upper()}{message[1:]}.**", ""]
        lines += [f"- {render_math_markdown(d)}" for d in details]
        lines += ["", render_math_markdown(self.choice.explanation.strip())]
        return "\n".join(lines)

    @on(Click)
    def clicked(self) -> None:
        self.focus()
