"""Counting and filtering the bank: one filter for `bank list`, the quiz and the exports."""

from __future__ import annotations

from interviewkit.bank import schema
from interviewkit.bank.stats import bank_stats, filter_questions


def _q(qid: str, kind: str, topic: str, difficulty: str) -> schema.Question:
    return schema.KIND_CLASSES[kind](
        id=qid,
        kind=kind,
        topic=topic,
        difficulty=difficulty,
        prompt="?",
        explanation="",
        tags=(),
        source="",
    )


BANK = [
    _q("a", "flashcard", "lstm", "easy"),
    _q("b", "short", "gru", "hard"),
    _q("c", "flashcard", "gru", "easy"),
]


def ids(questions: list[schema.Question]) -> list[str]:
    return [q.id for q in questions]


def test_one_value_or_several() -> None:
    assert ids(filter_questions(BANK)) == ["a", "b", "c"]
    assert ids(filter_questions(BANK, topic="gru")) == ["b", "c"]
    assert ids(filter_questions(BANK, topic="gru", kind="flashcard")) == ["c"]
    assert ids(filter_questions(BANK, topic=["lstm", "gru"], difficulty=("easy",))) == ["a", "c"]
    assert ids(filter_questions(BANK, kind=[])) == ["a", "b", "c"]
    assert filter_questions(BANK, topic="") == []  # an empty name is a value, not "no filter"


def test_stats_keep_the_vocabulary_order() -> None:
    stats = bank_stats(BANK)
    assert stats["total"] == 3
    assert list(stats["by_kind"]) == ["flashcard", "short"]
    assert list(stats["by_topic"]) == ["lstm", "gru"]
    assert stats["by_difficulty"] == {"easy": 2, "hard": 1}
