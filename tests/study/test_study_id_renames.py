"""A renamed question keeps its learner's progress: the store moves cards and reviews to the new id."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

from interviewkit.bank.renames import RENAMES
from interviewkit.study.id_renames import apply_renames
from interviewkit.study.scheduler import StudyScheduler
from interviewkit.study.store import ProgressStore

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)
OLD, NEW = next(iter(RENAMES.items()))


def open_store(path: Path) -> ProgressStore:
    return ProgressStore.open(path, scheduler=StudyScheduler(enable_fuzzing=False))


def answer(store: ProgressStore, qid: str, rating: int, when: datetime) -> None:
    store.record_answer(qid, rating, kind="derivation", topic="jacobians", mode="quiz", now=when)


def test_an_old_store_s_progress_follows_the_renamed_id(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        answer(store, OLD, 1, T0)
        answer(store, OLD, 3, T0 + timedelta(minutes=10))
        before = store.card_info(OLD)
    assert before is not None and before.reps == 2
    with open_store(tmp_path) as store:  # the rename is applied when the store opens
        assert store.card_info(OLD) is None
        after = store.card_info(NEW)
        assert after is not None
        assert (after.reps, after.again_count, after.due) == (2, 1, before.due)
        assert [r.rating for r in store.reviews(NEW)] == [1, 3]
        assert store.reviews(OLD) == []


def test_an_export_from_before_the_rename_imports_under_the_new_id(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as old:
        answer(old, OLD, 3, T0)
        data = old.export_data()
    # an export written before the rename still names the old id
    assert {c["question_id"] for c in data["cards"]} == {OLD}
    with open_store(tmp_path / "b") as store:
        assert store.import_data(data) == 1
        assert store.seen_ids() == {NEW}
        assert len(store.reviews(NEW)) == 1


def test_when_both_ids_have_cards_the_later_card_wins_and_no_review_is_lost(
    tmp_path: Path,
) -> None:
    with open_store(tmp_path) as store:
        answer(store, "old", 3, T0)
        answer(store, "new", 1, T0 + timedelta(days=1))
        answer(store, "new", 3, T0 + timedelta(days=1, minutes=10))
        kept = store.card_info("new")
    conn = sqlite3.connect(tmp_path / "progress.db", isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    assert apply_renames(conn, {"old": "new", "absent": "elsewhere"}) == 1
    conn.execute("COMMIT")
    conn.close()
    with open_store(tmp_path) as store:
        card = store.card_info("new")
        assert store.card_info("old") is None
        assert card is not None and kept is not None
        assert (card.due, card.reps) == (kept.due, 3)
        assert len(store.reviews("new")) == 3


def test_applying_the_renames_twice_changes_nothing(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        answer(store, OLD, 3, T0)
    open_store(tmp_path).close()  # moves the card
    conn = sqlite3.connect(tmp_path / "progress.db", isolation_level=None)
    assert apply_renames(conn) == 0
    conn.close()
    with open_store(tmp_path) as store:
        assert store.seen_ids() == {NEW}
