"""What the learner reads after answering: the verdict, the right answer and why."""

from __future__ import annotations

from textual.widgets import Markdown


class FeedbackView(Markdown):
    """Markdown tinted by verdict (`-correct`, `-incorrect`, `-self` for self-graded kinds)."""

    DEFAULT_CLASSES = "feedback"

    def __init__(self, text: str, verdict: str | None) -> None:
        super().__init__(text)
        self.add_class(
            {"correct": "-correct", "incorrect": "-incorrect"}.get(verdict or "", "-self")
        )
