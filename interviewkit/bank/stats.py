"""Counts over the bank, for `bank stats` and the quiz's home screen."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
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


Filter = str | Collection[str] | None


def _wanted(value: Filter) -> frozenset[str]:
    """One value or several as a set; None (or no values) means no filter."""
    if value is None:
        return frozenset()
    return frozenset((value,)) if isinstance(value, str) else frozenset(value)


def filter_questions(
    questions: Iterable[Question],
    *,
    topic: Filter = None,
    kind: Filter = None,
    difficulty: Filter = None,
    cell: Filter = None,
) -> list[Question]:
    """The questions matching every filter given, in bank order.

    A filter is one value (`bank list --topic`, the quiz's filters) or several, any of which
    may match (`export --topic A --topic B`); None or an empty collection matches all.
    `topic` and `cell` follow what a question is about (`Question.topics`, `Question.cells`):
    its own topic, its tags and its derivation target's cell, so `topic="lstm"` finds the LSTM
    Jacobians filed under `jacobians` too.
    """
    topics, kinds, levels = _wanted(topic), _wanted(kind), _wanted(difficulty)
    cells = _wanted(cell)
    return [
        q
        for q in questions
        if (not topics or not topics.isdisjoint(q.topics))
        and (not kinds or q.kind in kinds)
        and (not levels or q.difficulty in levels)
        and (not cells or not cells.isdisjoint(q.cells))
    ]
