"""The browser's search: words, tag:, topic:, kind:, is: (the learner's query is only text)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from interviewkit.bank.schema import Flashcard
from interviewkit.study.browse import parse_query, search
from interviewkit.study.scheduler import StudyScheduler
from interviewkit.study.store import ProgressStore

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def card(qid: str, topic: str, prompt: str, tags: tuple[str, ...] = ()) -> Flashcard:
    return Flashcard(qid, "flashcard", topic, "easy", prompt, "", tags, "", back="b")


BANK = [
    card("f1", "lstm", "What does the forget gate keep?", ("gates",)),
    card("f2", "lstm", "Why does the cell state carry gradients?"),
    card("g1", "gru", "What does the update gate mix?", ("gates", "GRU")),
    card("b1", "bptt", "How far does truncated BPTT look back?"),
]


@pytest.fixture
def store(tmp_path: Path):
    with ProgressStore.open(tmp_path, scheduler=StudyScheduler(enable_fuzzing=False)) as s:
        yield s


def ids(store: ProgressStore, text: str, now: datetime = T0) -> list[str]:
    cards = {c.question_id: c for c in store.cards()}
    rows = search(BANK, cards, store.marks(), parse_query(text), now)
    return [r.question.id for r in rows]


def test_words_and_facets(store: ProgressStore) -> None:
    assert ids(store, "") == ["f1", "f2", "g1", "b1"]
    assert ids(store, "MIX") == ["g1"]  # any case, in the prompt
    assert ids(store, "gates") == ["f1", "f2", "g1"]  # tags and topic titles too
    assert ids(store, "keep topic:lstm") == ["f1"]
    assert ids(store, "tag:gru") == ["g1"] and ids(store, "tag:gates") == ["f1", "g1"]
    assert ids(store, "kind:flashcard topic:bptt") == ["b1"]
    assert ids(store, "kind:choice") == []
    assert ids(store, "Update Gate") == ["g1"]  # every word must match


def test_states_and_marks(store: ProgressStore) -> None:
    store.record_answer("f1", 1, kind="flashcard", topic="lstm", mode="quiz", now=T0)
    store.record_answer("f2", 4, kind="flashcard", topic="lstm", mode="quiz", now=T0)
    store.suspend("g1", now=T0)
    store.set_flag("b1", 3, now=T0)
    store.set_note("b1", "look back k1 steps", now=T0)
    later = T0 + timedelta(minutes=5)
    assert ids(store, "is:new", later) == ["g1", "b1"]
    assert ids(store, "is:learning", later) == ["f1"]
    assert ids(store, "is:review", later) == ["f2"]
    assert ids(store, "is:due", later) == ["f1"]
    assert ids(store, "is:suspended", later) == ["g1"]
    assert ids(store, "is:flagged is:noted", later) == ["b1"]
    assert ids(store, "k1", later) == ["b1"]  # the note is searched too


def test_what_is_not_understood_is_said_and_ignored() -> None:
    q = parse_query("forget colour:red is:soon topic:")
    assert q.words == ("forget",) and q.states == () and q.topics == ()
    assert q.problems[0] == "unknown colour:; try tag:, topic:, kind:, is:"
    assert q.problems[1].startswith("unknown is:soon; try is:new, learning, review")


@given(st.text(max_size=200))
def test_any_text_parses(text: str) -> None:
    q = parse_query(text)
    assert all(w == w.lower() for w in q.words)
