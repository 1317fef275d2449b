"""Each exercise's status from the progress store: the verdict of the latest recorded attempt.

Attempts are recorded when a `code` question of the quiz is answered (one review, scheduled by
FSRS like any answer); `code check` on the command line records nothing, since a learner runs it
many times while working. An exercise no question points to, or none answered, is `new`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from interviewkit.bank.schema import Code, Question

STATUS = {"correct": "passed", "incorrect": "failed"}


def statuses(questions: Iterable[Question], store: Any | None) -> dict[str, str]:
    """`{exercise: "passed" | "failed"}` for every exercise with a recorded attempt."""
    exercise_of = {q.id: q.exercise for q in questions if isinstance(q, Code)}
    if store is None or not exercise_of:
        return {}
    latest: dict[str, str] = {}
    for review in store.reviews():  # oldest first: the last one wins
        name = exercise_of.get(review.question_id)
        if name and review.verdict in STATUS:
            latest[name] = STATUS[review.verdict]
    return latest
