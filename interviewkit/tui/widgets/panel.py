"""The base of the per-kind question panels: each shows one question and posts `Answered`."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message

from interviewkit.bank.schema import Question
from interviewkit.tui.outcome import Outcome


class AnswerPanel(Vertical):
    """One question on screen. `mock` hides every verdict until the end of the session."""

    DEFAULT_CLASSES = "answer-panel"

    @dataclass
    class Answered(Message):
        """The learner answered; the session decides what to show and what to record."""

        outcome: Outcome

    def __init__(
        self,
        question: Question,
        *,
        mock: bool = False,
        seed: int | None = None,
        timer: Callable[[], float] = time.monotonic,
    ) -> None:
        super().__init__()
        self.question = question
        self.mock = mock
        self.seed = seed
        self.timer = timer
        self.started = timer()
        self.answered = False
        #: The prompt as shown; a numeric question fills in the numbers it drew.
        self.prompt_text = question.prompt

    def elapsed(self) -> float:
        return round(self.timer() - self.started, 1)

    def finish(self, outcome: Outcome) -> None:
        """Post the outcome once; later calls are ignored (a double Enter records once)."""
        if self.answered:
            return
        self.answered = True
        self.post_message(self.Answered(outcome))

    def focus_answer(self) -> None:
        """Put the keyboard where the answer is typed or picked."""
        self.focus()


class TypedAnswerPanel(AnswerPanel):
    """A panel whose answer is typed: `?` goes into the text, so F1 is the help key here."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("f1", "app.help", "Help")]
