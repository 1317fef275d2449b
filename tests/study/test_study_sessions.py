"""Session building (quiz, review, mock) and results (summary, mock report)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewkit.bank.schema import KIND_CLASSES, Question
from interviewkit.study.scheduler import StudyScheduler
from interviewkit.study.sessions import (
    Result,
    build_mock,
    build_quiz,
    build_review,
    mock_report,
    summarize,
)
from interviewkit.study.store import ProgressStore

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def q(qid: str, topic: str = "lstm", kind: str = "flashcard") -> Question:
    return KIND_CLASSES[kind](
        id=qid,
        kind=kind,
        topic=topic,
        difficulty="easy",
        prompt="?",
        explanation="",
        tags=(),
        source="",
    )


BANK = [
    q(f"{topic}-{kind}-{i}", topic, kind)
    for topic in ("lstm", "gru", "bptt", "clipping")
    for kind in ("flashcard", "choice", "numeric", "derivation", "short")
    for i in range(2)
]


@pytest.fixture
def store(tmp_path: Path):
    with ProgressStore.open(tmp_path, scheduler=StudyScheduler(enable_fuzzing=False)) as s:
        yield s


def test_build_quiz_draws_n_reproducibly() -> None:
    a = build_quiz(BANK, 7, seed=3)
    assert len(a) == 7 and len({x.id for x in a}) == 7
    assert a == build_quiz(BANK, 7, seed=3)
    assert sorted(x.id for x in build_quiz(BANK, 999, seed=1)) == sorted(x.id for x in BANK)
    assert build_quiz(BANK, 0) == []


def test_build_review_due_first_then_new_up_to_daily_limit(store: ProgressStore) -> None:
    # Three cards answered yesterday; two are due now (Again -> 10 min step), one not (Easy).
    yesterday = T0 - timedelta(days=1)
    for qid, rating, at in (
        ("gru-choice-0", 1, yesterday),
        ("lstm-short-1", 1, yesterday + timedelta(hours=1)),
        ("bptt-numeric-0", 4, yesterday),
    ):
        store.record_answer(qid, rating, kind="x", topic="y", mode="review", now=at)
    store.record_answer("left-the-bank", 1, kind="x", topic="y", mode="review", now=yesterday)
    session = build_review(BANK, store, T0, new_limit=3)
    ids = [x.id for x in session]
    assert ids[:2] == ["gru-choice-0", "lstm-short-1"]  # most overdue first
    assert "left-the-bank" not in ids and "bptt-numeric-0" not in ids
    # new cards in syllabus order (bptt comes before lstm and gru), bank order within a topic
    assert ids[2:] == ["bptt-flashcard-0", "bptt-flashcard-1", "bptt-choice-0"]
    # New cards introduced today count against the limit.
    for new in session[2:4]:
        store.record_answer(new.id, 3, kind=new.kind, topic=new.topic, mode="review", now=T0)
    again = build_review(BANK, store, T0 + timedelta(seconds=1), new_limit=3)
    assert len([x for x in again if x.id not in store.seen_ids()]) == 1
    assert build_review(BANK, store, T0, new_limit=0, review_limit=1) == session[:1]


def test_new_cards_follow_the_syllabus_then_difficulty(store: ProgressStore) -> None:
    # the built-in bank loads its files alphabetically ('architectures' first): a newcomer's
    # first review must start at the start of the syllabus, easy before hard
    def level(qid: str, topic: str, difficulty: str) -> Question:
        return dataclasses.replace(q(qid, topic), difficulty=difficulty)

    bank = [
        level("arch-easy", "architectures", "easy"),
        level("own-deck", "my-own-topic", "easy"),
        level("seq-hard", "sequence-modelling", "hard"),
        level("seq-easy", "sequence-modelling", "easy"),
        level("bptt-medium", "bptt", "medium"),
        level("seq-easy-2", "sequence-modelling", "easy"),
    ]
    ids = [x.id for x in build_review(bank, store, T0, new_limit=10)]
    assert ids == ["seq-easy", "seq-easy-2", "seq-hard", "bptt-medium", "arch-easy", "own-deck"]


def test_build_mock_mixes_topics_and_kinds() -> None:
    mock = build_mock(BANK, 8, minutes=20, seed=5)
    assert len(mock.questions) == 8 and mock.seconds == 1200
    topics = Counter(x.topic for x in mock.questions)
    kinds = Counter(x.kind for x in mock.questions)
    assert set(topics) == {"lstm", "gru", "bptt", "clipping"} and max(topics.values()) == 2
    assert "flashcard" not in kinds and len(kinds) == 4
    assert build_mock(BANK, 8, 20, seed=5) == mock
    small = build_mock(BANK[:3], 3, 5, seed=1)  # too few non-flashcards: flashcards allowed
    assert len(small.questions) == 3
    with pytest.raises(ValueError, match="minutes"):
        build_mock(BANK, 3, 0)


def test_summarize_and_mock_report() -> None:
    results = [
        Result("a", "lstm", "numeric", verdict="correct", duration_s=10),
        Result("b", "lstm", "choice", verdict="incorrect", duration_s=5),
        Result("c", "gru", "short", rating=3),
        Result("d", "bptt", "derivation", verdict="invalid"),
        Result("e", "bptt", "numeric"),  # unanswered when time ran out
        {"question_id": "f", "topic": "gru", "kind": "flashcard", "rating": 1},
    ]
    s = summarize(results)
    assert (s.total.asked, s.total.passed, s.total.skipped) == (6, 2, 1)
    assert list(s.by_topic) == ["bptt", "lstm", "gru"]  # the bank's topic order
    assert s.by_topic["lstm"].accuracy == 0.5 and s.duration_s == 15
    assert s.to_dict()["by_kind"]["numeric"] == {
        "asked": 2,
        "passed": 1,
        "skipped": 1,
        "accuracy": 0.5,
    }
    report = mock_report(results)
    assert [a.topic for a in report.study] == ["bptt", "lstm", "gru"]
    assert report.study[0].missed_ids == ("d", "e")
    md = report.to_markdown()
    assert "**Score: 2 / 6**" in md and "1 question left unanswered." in md
    assert "Backpropagation through time: 0 / 2 right; revisit `d`, `e`" in md
    ended = mock_report([*results, Result("g", "lstm", "short", reached=False)], 51.0)
    assert ended.summary.total.asked == 6 and ended.summary.not_reached == 1
    assert ended.summary.duration_s == 51.0  # the wall time given, not the answers' 15 s
    assert "g" not in {i for a in ended.study for i in a.missed_ids}
    assert "1 question not reached (the mock ended before it); not scored." in ended.to_markdown()
    perfect = mock_report([Result("a", "lstm", "numeric", verdict="correct")])
    assert perfect.study == () and perfect.strong == ("lstm",)
    assert "Solid: LSTM gates and the cell state." in perfect.to_markdown()


def test_home_counts(store: ProgressStore) -> None:
    from interviewkit.study.sessions import home_counts

    store.record_answer("lstm-choice-0", 4, kind="choice", topic="lstm", mode="quiz", now=T0)
    store.record_answer("lstm-choice-1", 1, kind="choice", topic="lstm", mode="quiz", now=T0)
    store.record_answer("gone", 1, kind="choice", topic="lstm", mode="quiz", now=T0)
    for _ in range(7):  # eight Agains in all: a leech
        store.record_answer("lstm-choice-1", 1, kind="choice", topic="lstm", mode="quiz", now=T0)
    counts = home_counts(BANK, store, T0 + timedelta(minutes=1))
    assert list(counts.topics) == ["bptt", "clipping", "lstm", "gru"]
    assert counts.topics["lstm"].to_dict() == {
        "new": 8,
        "due": 1,
        "learned": 1,
        "total": 10,
        "leeches": 1,
        "due_now": 1,  # Again comes back in a minute; Easy in days
        "set_aside": 0,
    }
    assert counts.all.total == len(BANK) and counts.all.new == len(BANK) - 2
    assert list(counts.decks) == ["builtin"] and counts.decks["builtin"] == counts.all
    assert counts.leeches == ("lstm-choice-1",)  # "gone" left the bank: not listed
    assert counts.new_today == 0  # quiz answers: practice does not spend the day's new cards
    store.record_answer("gru-choice-0", 3, kind="choice", topic="gru", mode="review", now=T0)
    store.suspend("lstm-flashcard-0", now=T0)
    store.bury("lstm-numeric-0", T0 + timedelta(hours=2), now=T0)
    counts = home_counts(BANK, store, T0 + timedelta(minutes=1))
    assert counts.new_today == 1
    lstm = counts.topics["lstm"]
    assert (lstm.total, lstm.new, lstm.set_aside) == (10, 6, 2)
    later = home_counts(BANK, store, T0 + timedelta(days=1, hours=1))
    assert later.new_today == 0 and later.topics["lstm"].set_aside == 1  # the burial is over


def test_suspended_and_buried_questions_are_left_out_of_sessions(store: ProgressStore) -> None:
    from interviewkit.study.sessions import studyable

    store.record_answer("lstm-choice-0", 1, kind="choice", topic="lstm", mode="quiz", now=T0)
    store.suspend("lstm-choice-0", now=T0)  # due, but suspended
    store.bury("bptt-choice-0", T0 + timedelta(hours=1), now=T0)
    ids = [q.id for q in build_review(BANK, store, T0 + timedelta(minutes=5), new_limit=100)]
    assert "lstm-choice-0" not in ids and "bptt-choice-0" not in ids
    ids = [q.id for q in build_review(BANK, store, T0 + timedelta(hours=2), new_limit=100)]
    assert "bptt-choice-0" in ids and "lstm-choice-0" not in ids
    left = {q.id for q in studyable(BANK, store.marks(), T0)}
    assert left == {q.id for q in BANK} - {"lstm-choice-0", "bptt-choice-0"}
