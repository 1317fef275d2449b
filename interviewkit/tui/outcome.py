"""What one answer produced, before the learner settles the rating.

Panels (one per question kind) produce an `Outcome`; once the rating is final and the store has
recorded it, the session screen keeps it as a `study.sessions.Result` for the summary.
"""

from __future__ import annotations

from dataclasses import dataclass

from fsrs import Rating

from interviewkit.bank.schema import Question
from interviewkit.math.verdict import Verdict

#: FSRS ratings as the learner sees them (keys 1-4: Again, Hard, Good, Easy).
RATINGS: tuple[Rating, ...] = tuple(Rating)


@dataclass(frozen=True)
class Outcome:
    """The answer to one question.

    `verdict` is correct / incorrect for the kinds the app can grade, None for the self-graded
    ones (flashcard, short answer). `feedback` is Markdown shown after answering (not in a mock).
    `suggested` is the rating the verdict maps to; the learner may raise or lower it. `prompt`
    is the prompt as it was shown (a numeric one with its drawn numbers filled in).
    """

    question: Question
    prompt: str
    verdict: Verdict | None
    answer: str | None
    feedback: str
    suggested: Rating | None
    duration_s: float | None = None
    reason: str = ""  # why the suggestion differs from the verdict's usual rating
