"""The ways of studying that the store records an answer under: quiz, review, mock, lab.

One closed set (`Mode`), so the app, the store and the stats agree on the names; each has the
title the screens show.
"""

from __future__ import annotations

from interviewkit.textenum import TextEnum


class Mode(TextEnum):
    """A session's mode, stored as its text in the review log (`reviews.mode`)."""

    QUIZ = "quiz"
    REVIEW = "review"
    MOCK = "mock"
    LAB = "lab"

    @property
    def label(self) -> str:
        """The title a screen shows: "Mock interview", "Derivation lab"."""
        return _LABELS[self]


_LABELS = {
    Mode.QUIZ: "Quiz",
    Mode.REVIEW: "Review",
    Mode.MOCK: "Mock interview",
    Mode.LAB: "Derivation lab",
}
