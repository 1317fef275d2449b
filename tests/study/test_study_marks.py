"""Undo, suspend, bury, flag and note in the store: one transaction each, a migration for old
stores, carried by export and import."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewkit.errors import StoreError
from interviewkit.study import migrations
from interviewkit.study.records import Mark
from interviewkit.study.scheduler import StudyScheduler
from interviewkit.study.store import DB_NAME, ProgressStore

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def open_store(path: Path) -> ProgressStore:
    return ProgressStore.open(path, scheduler=StudyScheduler(enable_fuzzing=False))


def answer(store: ProgressStore, qid: str, rating: int, when: datetime, **kw):
    kw.setdefault("kind", "flashcard")
    kw.setdefault("topic", "lstm")
    kw.setdefault("mode", "review")
    return store.record_answer(qid, rating, now=when, **kw)


def test_undo_puts_the_card_back_and_keeps_the_answer_marked(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        first = answer(store, "q", 3, T0)
        answer(store, "q", 1, T0 + timedelta(minutes=5), uid="second")
        undone = store.undo("second", now=T0 + timedelta(minutes=6))
        assert undone.undone_at == T0 + timedelta(minutes=6) and undone.rating == 1
        assert store.card_info("q") == first  # rating, schedule and counts as before
        assert [r.rating for r in store.reviews("q")] == [3]
        assert [r.uid for r in store.reviews("q", undone=True)][-1] == "second"
        with pytest.raises(StoreError, match="undone already"):
            store.undo("second")
        answer(store, "p", 3, T0, uid="only")
        store.undo("only")
        assert store.card_info("p") is None  # never answered again: new
        assert store.seen_ids() == {"q"}


def test_only_the_latest_answer_of_a_card_can_be_undone(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        answer(store, "q", 3, T0, uid="a")
        answer(store, "q", 3, T0 + timedelta(days=1), uid="b")
        with pytest.raises(StoreError, match="only the last answer to q"):
            store.undo("a")
        with pytest.raises(StoreError, match="no answer nope"):
            store.undo("nope")


def test_the_days_new_cards_are_the_ones_review_introduced(tmp_path: Path) -> None:
    """Practice (quiz, mock, lab) used up 'new cards left today'; only Review spends them."""
    with open_store(tmp_path) as store:
        answer(store, "quizzed", 3, T0, mode="quiz")
        answer(store, "mocked", 3, T0, mode="mock")
        answer(store, "reviewed", 3, T0, mode="review", uid="r1")
        answer(store, "reviewed", 3, T0 + timedelta(minutes=2), mode="review")
        assert store.new_introduced_today(T0 + timedelta(minutes=5)) == 1
        answer(store, "quizzed", 3, T0 + timedelta(minutes=3), mode="review")  # not new
        assert store.new_introduced_today(T0 + timedelta(minutes=5)) == 1


def test_marks_are_set_one_transaction_each_for_any_question(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        store.suspend("never-answered", now=T0)
        store.bury("q", T0 + timedelta(days=1), now=T0)
        store.set_flag("q", 2, now=T0 + timedelta(seconds=1))
        store.set_note("q", "  mind the transpose  ", now=T0 + timedelta(seconds=2))
        with pytest.raises(ValueError, match="flag must be one of 0, 1, 2, 3, 4"):
            store.set_flag("q", 7)
        with pytest.raises(StoreError, match="at most 2000 characters"):
            store.set_note("q", "x" * 2001)
        marks = store.marks()
    assert marks["never-answered"].suspended and not marks["q"].suspended
    q = marks["q"]
    assert (q.flag, q.note, q.buried(T0), q.buried(T0 + timedelta(days=2))) == (
        2,
        "mind the transpose",
        True,
        False,
    )
    with open_store(tmp_path) as store:  # durable
        assert store.marks() == marks
        store.suspend("never-answered", False)
        assert not store.mark("never-answered").suspended


def test_a_version_2_store_is_migrated_with_its_history(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        answer(store, "q", 3, T0)
    conn = sqlite3.connect(tmp_path / DB_NAME)
    conn.executescript(
        "ALTER TABLE reviews DROP COLUMN undone_at; ALTER TABLE reviews DROP COLUMN card_before;"
        "DROP TABLE marks; UPDATE schema_version SET version = 2;"
    )
    conn.close()
    with open_store(tmp_path) as store:
        assert store.schema_version() == migrations.CURRENT_VERSION == 3
        assert [r.question_id for r in store.reviews()] == ["q"]
        store.set_flag("q", 1)
        answer(store, "q", 3, T0 + timedelta(days=3), uid="after")
        store.undo("after")
        assert store.card_info("q").reps == 1


def test_export_and_import_carry_marks_and_undos(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as a:
        answer(a, "q", 3, T0, uid="kept")
        answer(a, "q", 1, T0 + timedelta(minutes=1), uid="taken-back")
        a.set_note("q", "older note", now=T0)
        a.suspend("s", now=T0)
        a.undo("taken-back", now=T0 + timedelta(minutes=2))
        data = json.loads(json.dumps(a.export_data()))
        card = a.card_info("q")
    assert {m["question_id"] for m in data["marks"]} == {"q", "s"}
    assert [r["undone_at"] is not None for r in data["reviews"]] == [False, True]
    with open_store(tmp_path / "b") as b:
        b.set_note("q", "newer note", now=T0 + timedelta(hours=1))
        assert b.import_data(data) == 2
        assert b.mark("q").note == "newer note"  # the later change wins
        assert b.mark("s").suspended
        assert [r.uid for r in b.reviews()] == ["kept"]
        assert b.card_info("q").reps == 1 and b.card_info("q").due == card.due


def test_an_import_undoes_here_what_was_undone_there(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as a:
        answer(a, "q", 3, T0, uid="kept")
        answer(a, "q", 1, T0 + timedelta(minutes=1), uid="taken-back")
        before_undo = a.export_data()
        a.undo("taken-back", now=T0 + timedelta(minutes=2))
        after_undo = a.export_data()
        card = a.card_info("q")
    with open_store(tmp_path / "b") as b:
        b.import_data(before_undo)
        assert b.card_info("q").reps == 2
        assert b.import_data(after_undo) == 0  # nothing new, one answer taken back
        assert [r.uid for r in b.reviews()] == ["kept"]
        assert b.card_info("q") == card


@pytest.mark.parametrize(
    ("change", "match"),
    [
        ({"flag": 9}, "field 'flag' must be a whole number from 0 to 4"),
        ({"flag": True}, "field 'flag' must be a whole number from 0 to 4"),
        ({"suspended": "yes"}, "field 'suspended' must be true or false"),
        ({"note": 5}, "field 'note' must be text"),
        ({"updated_at": None}, "bad mark record"),
    ],
)
def test_bad_marks_in_an_import_are_refused_whole(tmp_path: Path, change, match) -> None:
    mark = Mark("q", T0, flag=1).to_dict()
    data = {
        "format": "interviewkit-progress",
        "cards": [],
        "reviews": [],
        "marks": [{**mark, **change}],
    }
    with open_store(tmp_path) as store, pytest.raises(StoreError, match=match):
        store.import_data(data)
    with open_store(tmp_path) as store:
        assert store.marks() == {}
