"""Counts over the bank, for `bank stats` and the quiz's home screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from interviewkit.bank.schema import DIFFICULTIES, KINDS, TOPICS, Question


def bank_stats(questions: Iterable[Question]) -> dict[str, Any]:
    """`{"total", "by_kind", "by_topic", "by_difficulty", "by_deck"}`, keys in a stable order."""
    qs = list(questions)
    kinds = Counter(q.kind for q in qs)
    topics = Counter(q.topic for q in qs)
    levels = Counter(q.difficulty for q in qs)
    decks = Counter(q.origin.deck for q in qs)
    return {
        "total": len(qs),
        "by_kind": {k: kinds[k] for k in KINDS if kinds[k]},
        "by_topic": {t: topics[t] for t in TOPICS if topics[t]},
        "by_difficulty": {d: levels[d] for d in DIFFICULTIES if levels[d]},
        "by_deck": dict(sorted(decks.items())),
    }


def filter_questions(
    questions: Iterable[Question],
    *,
    topic: str | None = None,
    kind: str | None = None,
    difficulty: str | None = None,
) -> list[Question]:
    """The questions matching every filter given (None matches all)."""
    return [
        q
        for q in questions
        if (topic is None or q.topic == topic)
        and (kind is None or q.kind == kind)
        and (difficulty is None or q.difficulty == difficulty)
    ]
