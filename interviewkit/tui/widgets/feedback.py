"""What the learner reads after answering: the verdict, the right answer and why."""

from __future__ import annotations

from textual.widgets import Markdown

from interviewkit.math.verdict import Verdict

#: The class that tints the feedback; self-graded kinds (no verdict) get `-self`.
TINTS = {Verdict.CORRECT: "-correct", Verdict.INCORRECT: "-incorrect"}


class FeedbackView(Markdown):
    """Markdown tinted by verdict (`-correct`, `-incorrect`, `-self` for self-graded kinds)."""

    DEFAULT_CLASSES = "feedback"

    def __init__(self, text: str, verdict: Verdict | None) -> None:
        super().__init__(text)
        self.add_class(TINTS.get(verdict, "-self") if verdict is not None else "-self")
