"""Progress statistics computed from a store with a known history."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

from interviewkit.bank.schema import KIND_CLASSES
from interviewkit.study.scheduler import StudyScheduler
from interviewkit.study.stats import FORECAST_DAYS, compute_stats
from interviewkit.study.store import ProgressStore

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def q(qid: str, topic: str):
    return KIND_CLASSES["flashcard"](
        id=qid,
        kind="flashcard",
        topic=topic,
        difficulty="easy",
        prompt="?",
        explanation="",
        tags=(),
        source="",
    )


BANK = [q("l1", "lstm"), q("l2", "lstm"), q("g1", "gru"), q("never", "gru")]


def test_compute_stats(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path, scheduler=StudyScheduler(enable_fuzzing=False)) as store:

        def ans(qid: str, rating: int, at: datetime) -> None:
            store.record_answer(qid, rating, kind="flashcard", topic="t", mode="review", now=at)

        start = NOW - timedelta(days=10)
        for qid in ("l1", "l2", "g1"):
            ans(qid, 4, start)  # Easy: straight to Review
        ans("l1", 3, store.card_info("l1").due)  # a review card recalled
        ans("l2", 1, store.card_info("l2").due)  # a review card forgotten (a lapse)
        ans("g1", 3, NOW - timedelta(hours=1))  # early review, still in Review state
        ans("gone", 1, NOW - timedelta(minutes=5))  # a question since removed from the bank
        stats = compute_stats(store, BANK, NOW, days=14)

    json.dumps(stats)  # plain data
    t = stats["totals"]
    assert t == {
        "questions": 4,
        "seen": 3,
        "new": 1,
        "due_now": 1,
        "learned": 2,
        "reviews": 7,
        "reviews_today": 2,
        "reviews_in_window": 7,
        "leeches": 0,
        "not_in_bank": 1,
    }
    per_day = stats["reviews_per_day"]
    assert len(per_day) == 14 and per_day[-1]["date"] == NOW.astimezone().date().isoformat()
    assert sum(d["reviews"] for d in per_day) == 7 and sum(d["again"] for d in per_day) == 2
    assert stats["retention"]["all_time"] == {"reviews": 3, "passed": 2, "rate": 2 / 3}
    forecast = stats["due_forecast"]
    assert len(forecast) == FORECAST_DAYS and forecast[0]["due"] == 1  # l2, relearning
    assert sum(d["due"] for d in forecast) <= 3
    weakest = stats["weakest_topics"]
    # "gone" left the bank but keeps the topic it was answered under.
    assert [(w["topic"], w["accuracy"]) for w in weakest] == [("t", 0), ("lstm", 3 / 4), ("gru", 1)]
    assert stats["leeches"] == []


def test_stats_of_an_empty_store(tmp_path: Path) -> None:
    with ProgressStore.open(tmp_path) as store:
        stats = compute_stats(store, BANK, NOW, days=3)
    assert stats["totals"]["new"] == 4 and stats["retention"]["window"]["rate"] is None
    assert [d["reviews"] for d in stats["reviews_per_day"]] == [0, 0, 0]
    assert stats["weakest_topics"] == []


def test_leeches_come_from_the_same_snapshot_as_the_cards(tmp_path: Path) -> None:
    """Another app may make a new leech between two reads; the stats must not mix the reads."""
    with ProgressStore.open(tmp_path, scheduler=StudyScheduler(enable_fuzzing=False)) as store:
        for i in range(9):
            store.record_answer(
                "l1", 1, kind="flashcard", topic="lstm", mode="review", now=NOW - timedelta(i)
            )

        class Racing:  # what a second app's answer between the reads would look like
            def cards(self):
                return store.cards()

            def reviews(self):
                return store.reviews()

            def leeches(self):
                return ["made-by-another-app", *store.leeches()]

        stats = compute_stats(Racing(), BANK, now=NOW)
    assert [leech["id"] for leech in stats["leeches"]] == ["l1"]
    assert stats["leeches"][0] == {"id": "l1", "again_count": 9, "topic": "lstm", "in_bank": True}
