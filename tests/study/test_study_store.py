"""The progress store in one process: answers, counts, leeches, export/import, migrations."""

from __future__ import annotations

import json
import sqlite3
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from interviewkit.errors import StoreError
from interviewkit.study import migrations
from interviewkit.study.records import LEECH_THRESHOLD, CardInfo, ReviewRecord
from interviewkit.study.scheduler import Card, State, StudyScheduler, iso
from interviewkit.study.store import DB_NAME, ProgressStore, day_end, day_start

T0 = datetime(2026, 11, 25, 12, 0, tzinfo=timezone.utc)


def open_store(path: Path) -> ProgressStore:
    return ProgressStore.open(path, scheduler=StudyScheduler(enable_fuzzing=False))


def answer(store: ProgressStore, qid: str, rating: int, when: datetime, **kw) -> CardInfo:
    kw.setdefault("kind", "flashcard")
    kw.setdefault("topic", "lstm")
    kw.setdefault("mode", "review")
    return store.record_answer(qid, rating, now=when, **kw)


def test_open_creates_wal_database_at_current_version(tmp_path: Path) -> None:
    with open_store(tmp_path / "data") as store:
        assert store.path == tmp_path / "data" / DB_NAME
        assert store.schema_version() == migrations.CURRENT_VERSION
        assert store.warnings == []
    conn = sqlite3.connect(tmp_path / "data" / DB_NAME)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_open_uses_env_data_dir_when_no_override(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("INTERVIEWKIT_DATA", str(tmp_path / "env"))
    with ProgressStore.open() as store:
        assert store.path == tmp_path / "env" / DB_NAME


def test_record_answer_schedules_with_fsrs_and_logs(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        assert store.card_info("q") is None
        info = answer(store, "q", 3, T0, verdict="correct", answer="42", duration_s=4.5)
        # Same result as fsrs itself on a fresh card, without fuzzing.
        expected, _ = StudyScheduler(enable_fuzzing=False).review(
            Card(card_id=info.card_id, due=T0), 3, T0
        )
        assert info.due == expected.due
        assert info.stability == pytest.approx(expected.stability)
        assert info.state == int(State.Learning)
        assert info.reps == 1 and info.lapses == 0 and not info.is_leech
        assert info.introduced_at == T0 and info.last_review == T0
        assert store.card_info("q") == info
        [review] = store.reviews("q")
        assert (review.rating, review.verdict, review.answer, review.duration_s) == (
            3,
            "correct",
            "42",
            4.5,
        )
        assert review.state_before == 0 and review.state_after == int(State.Learning)
        assert review.due_after == info.due


def test_record_answer_rejects_bad_input(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        with pytest.raises(ValueError, match="rating"):
            answer(store, "q", 5, T0)
        with pytest.raises(ValueError, match="naive"):
            answer(store, "q", 3, datetime(2026, 1, 1))
        with pytest.raises(ValueError, match="'party' is not a valid Mode"):
            store.record_answer("q", 3, kind="short", topic="gru", mode="party", now=T0)
        with pytest.raises(ValueError, match="'maybe' is not a valid Verdict"):
            store.record_answer(
                "q", 3, kind="short", topic="gru", mode="quiz", verdict="maybe", now=T0
            )
        assert store.seen_ids() == set()


def test_closed_sets_read_back_as_members(tmp_path: Path) -> None:
    """Ratings, modes and verdicts come back from the store as Rating, Mode and Verdict."""
    from interviewkit.math.verdict import Verdict
    from interviewkit.study.modes import Mode
    from interviewkit.study.scheduler import Rating

    with open_store(tmp_path) as store:
        store.record_answer(
            "q", 3, kind="numeric", topic="gru", mode="mock", verdict="correct", now=T0
        )
        [review] = store.reviews()
    assert review.rating is Rating.Good
    assert review.mode is Mode.MOCK and review.verdict is Verdict.CORRECT
    assert json.loads(json.dumps(review.to_dict()))["verdict"] == "correct"


def test_due_seen_and_new_today(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        answer(store, "a", 3, T0)
        answer(store, "b", 4, T0)  # Easy graduates straight to review, due days later
        answer(store, "old", 3, T0 - timedelta(days=3))
        assert store.seen_ids() == {"a", "b", "old"}
        assert store.due_ids(T0) == {"old"}
        assert store.due_ids(T0 + timedelta(minutes=11)) == {"a", "old"}
        assert "b" in store.due_ids(T0 + timedelta(days=60))
        assert store.new_introduced_today(T0 + timedelta(minutes=1)) == 2
        assert store.new_introduced_today(T0 + timedelta(days=1)) == 0


def test_day_start_is_local_midnight(monkeypatch) -> None:
    start = day_start(T0)
    assert start <= T0 < start + timedelta(days=1)
    assert start.tzinfo == timezone.utc
    assert start.astimezone().hour == 0


@pytest.mark.skipif(not hasattr(time, "tzset"), reason="needs time.tzset (POSIX)")
@pytest.mark.parametrize(
    ("now", "start", "end"),
    [  # Europe/Berlin: summer time from 2026-03-29 01:00 UTC, winter time from 10-25 01:00 UTC
        ("2026-03-29T12:00:00+00:00", "2026-03-28T23:00:00+00:00", "2026-03-29T22:00:00+00:00"),
        ("2026-10-25T12:00:00+00:00", "2026-10-24T22:00:00+00:00", "2026-10-25T23:00:00+00:00"),
        ("2026-07-01T12:00:00+00:00", "2026-06-30T22:00:00+00:00", "2026-07-01T22:00:00+00:00"),
    ],
)
def test_day_bounds_across_daylight_saving_changes(monkeypatch, now, start, end) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    time.tzset()
    try:
        moment = datetime.fromisoformat(now)
        assert day_start(moment) == datetime.fromisoformat(start)
        assert day_end(moment) == datetime.fromisoformat(end)
    finally:
        monkeypatch.undo()
        time.tzset()


def test_lapses_and_leeches(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        when = T0
        info = answer(store, "hard", 4, when)  # straight to Review
        assert info.state == int(State.Review)
        for _ in range(LEECH_THRESHOLD - 1):
            when = info.due + timedelta(minutes=1)
            info = answer(store, "hard", 1, when)
        assert info.again_count == LEECH_THRESHOLD - 1 and not info.is_leech
        assert info.lapses == 1  # only the first Again hit a card in Review
        assert store.leeches() == []
        info = answer(store, "hard", 1, info.due)
        assert info.is_leech and store.leeches() == ["hard"]


def test_history_of_removed_question_is_kept(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        answer(store, "gone-from-bank", 2, T0)
    with open_store(tmp_path) as store:
        assert store.card_info("gone-from-bank") is not None
        assert [r.question_id for r in store.reviews()] == ["gone-from-bank"]
        assert store.export_data()["cards"][0]["question_id"] == "gone-from-bank"


def test_records_round_trip() -> None:
    info = CardInfo("q", 7, State.Review, None, 3.5, 4.25, T0, T0, "numeric", "gru", 3, 1, 2, T0)
    assert CardInfo.from_dict(info.to_dict()) == info
    assert CardInfo.from_dict(json.loads(json.dumps(info.to_dict()))) == info
    assert CardInfo.from_dict(info.to_dict()).state is State.Review  # the enum, not an int
    rev = ReviewRecord("u1", "q", 1, T0, 2.5, "choice", "bptt", "quiz", "incorrect", "B", 0, 1)
    assert ReviewRecord.from_dict(json.loads(json.dumps(rev.to_dict()))) == rev
    with pytest.raises(StoreError, match="'rating' must be a whole number from 1 to 4, not 9"):
        ReviewRecord.from_dict({**rev.to_dict(), "rating": 9})
    with pytest.raises(StoreError, match="field 'rating' must be a whole number from 1 to 4"):
        ReviewRecord.from_dict({**rev.to_dict(), "rating": 2.5})
    with pytest.raises(StoreError, match="field 'mode' must be one of quiz, review, mock, lab"):
        ReviewRecord.from_dict({**rev.to_dict(), "mode": "party"})
    with pytest.raises(
        StoreError, match="field 'verdict' must be one of correct, incorrect, invalid"
    ):
        ReviewRecord.from_dict({**rev.to_dict(), "verdict": "sort of"})
    with pytest.raises(StoreError, match="field 'due' is missing"):
        CardInfo.from_dict({k: v for k, v in info.to_dict().items() if k != "due"})


def test_export_import_round_trip(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as a:
        info = answer(a, "x", 3, T0, verdict="correct")
        answer(a, "x", 1, info.due, verdict="incorrect", answer="wrong")
        answer(a, "y", 4, T0, kind="numeric", topic="parameters", mode="quiz")
        exported = json.loads(json.dumps(a.export_data()))
    with open_store(tmp_path / "b") as b:
        assert b.import_data(exported) == 3
        again = b.export_data()
        assert b.import_data(exported) == 0  # idempotent
        assert b.export_data()["reviews"] == again["reviews"]
    for key in ("cards", "reviews", "format", "schema_version"):
        assert again[key] == exported[key]


def test_import_merges_and_keeps_later_card_state(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as a:
        answer(a, "x", 3, T0)
        early = a.export_data()
    with open_store(tmp_path / "b") as b:
        b.import_data(early)
        later = answer(b, "x", 3, T0 + timedelta(hours=1))
        answer(b, "z", 3, T0)
        late = b.export_data()
    with open_store(tmp_path / "a") as a:
        assert a.import_data(late) == 2
        assert a.card_info("x") == later
        assert a.import_data(early) == 0
        assert a.card_info("x") == later  # an older state never overwrites a newer one


def test_import_reviews_without_cards_rebuilds_them(tmp_path: Path) -> None:
    with open_store(tmp_path / "a") as a:
        answer(a, "x", 3, T0)
        answer(a, "x", 3, T0 + timedelta(minutes=1))
        data = a.export_data()
        want = a.card_info("x")
    with open_store(tmp_path / "b") as b:
        assert b.import_data({**data, "cards": []}) == 2
        got = b.card_info("x")
        assert got is not None and want is not None
        assert (got.due, got.state, got.reps) == (want.due, want.state, want.reps)


@pytest.mark.parametrize(
    ("data", "match"),
    [
        ({"cards": []}, "not an interviewkit progress export"),
        ([], "not an interviewkit progress export"),
        ({"format": "interviewkit-progress", "cards": [], "reviews": {}}, "must be a list"),
        ({"format": "interviewkit-progress", "reviews": []}, "'cards' is missing"),
        (
            {
                "format": "interviewkit-progress",
                "cards": [],
                "reviews": [{"uid": "u", "question_id": "q"}],
            },
            "field 'rating' is missing",
        ),
        (
            {"format": "interviewkit-progress", "schema_version": 99, "reviews": []},
            "newer than this interviewkit understands",
        ),
        (
            {"format": "interviewkit-progress", "schema_version": "2"},
            'schema_version must be a whole number from 1 to 3, not "2"',
        ),
        (
            {
                "format": "interviewkit-progress",
                "cards": [],
                "reviews": [
                    {
                        "uid": "u",
                        "question_id": "q",
                        "rating": 3,
                        "reviewed_at": "2026-01-01T00:00:00+00:00",
                        "kind": {"a": 1},
                    }
                ],
            },
            "bad review record \"q\": field 'kind' must be one of flashcard, choice, numeric",
        ),
    ],
)
def test_import_rejects_bad_data(tmp_path: Path, data, match) -> None:
    with open_store(tmp_path) as store, pytest.raises(StoreError, match=match):
        store.import_data(data)


def _write_v1_database(path: Path) -> None:
    """A database exactly as version 1 wrote it: card JSON blobs and bare review rows."""
    conn = sqlite3.connect(path, isolation_level=None)
    for statement in migrations.SCHEMA_V1:
        conn.execute(statement)
    sched = StudyScheduler(enable_fuzzing=False)
    card = sched.new_card("v1-q", T0)
    times = [T0, T0 + timedelta(minutes=1), T0 + timedelta(minutes=12)]
    for when, rating in zip(times, (1, 3, 3), strict=True):
        card, _ = sched.review(card, rating, when)
        conn.execute(
            "INSERT INTO reviews (question_id, rating, reviewed_at, duration_s) VALUES (?,?,?,?)",
            ("v1-q", rating, when.isoformat(), 2.0),
        )
    # json.dumps(to_dict()), not Card.to_json(): the same text, and to_json is newer than fsrs 6.2.
    blob = json.dumps(card.to_dict())
    conn.execute("INSERT INTO cards (question_id, card) VALUES (?, ?)", ("v1-q", blob))
    conn.close()


def test_migrates_a_version_1_database(tmp_path: Path) -> None:
    _write_v1_database(tmp_path / DB_NAME)
    with open_store(tmp_path) as store:
        assert store.schema_version() == migrations.CURRENT_VERSION
        info = store.card_info("v1-q")
        assert info is not None
        assert (info.reps, info.again_count, info.lapses) == (3, 1, 0)
        assert info.state == int(State.Review)
        assert info.introduced_at == T0
        logs = store.reviews("v1-q")
        assert [r.state_before for r in logs] == [0, int(State.Learning), int(State.Learning)]
        assert [r.rating for r in logs] == [1, 3, 3]
        assert len({r.uid for r in logs}) == 3
        # ... and it keeps working after the migration.
        after = answer(store, "v1-q", 3, info.due)
        assert after.reps == 4 and after.last_review == info.due


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    open_store(tmp_path).close()
    conn = sqlite3.connect(tmp_path / DB_NAME, isolation_level=None)
    conn.execute("UPDATE schema_version SET version = 99")
    conn.close()
    with pytest.raises(StoreError, match="newer interviewkit"):
        open_store(tmp_path)


def test_closed_store_says_so(tmp_path: Path) -> None:
    store = open_store(tmp_path)
    store.close()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.seen_ids()


def test_stored_times_are_utc_iso(tmp_path: Path) -> None:
    with open_store(tmp_path) as store:
        answer(store, "q", 3, T0.astimezone(timezone(timedelta(hours=5))))
    row = sqlite3.connect(tmp_path / DB_NAME).execute("SELECT reviewed_at FROM reviews").fetchone()
    assert row[0] == iso(T0) and row[0].endswith("+00:00")


@pytest.mark.parametrize("below", ["", "sub/dir"])
def test_a_file_where_the_data_folder_goes_is_named_plainly(tmp_path: Path, below) -> None:
    blocker = tmp_path / "progress-file"
    blocker.write_text("not a folder")
    target = blocker / below if below else blocker
    with pytest.raises(StoreError, match=f"{blocker} is a file, not a folder"):
        ProgressStore.open(target)


def test_two_programs_opening_a_new_file_at_once_both_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two fresh opens racing to switch to WAL deadlock, and SQLite answers 'database is
    locked' at once, not after the busy timeout; the open retries instead of failing (the
    two-writer durability test hit this about once in 15 runs)."""
    real_connect = sqlite3.connect
    asked: list[str] = []

    class LockedAtFirst:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self._conn = conn

        def execute(self, sql: str, *args):
            if "journal_mode" in sql:
                asked.append(sql)
                if len(asked) <= 2:
                    raise sqlite3.OperationalError("database is locked")
            return self._conn.execute(sql, *args)

        def __getattr__(self, name: str):
            return getattr(self._conn, name)

    monkeypatch.setattr(sqlite3, "connect", lambda *a, **k: LockedAtFirst(real_connect(*a, **k)))
    with ProgressStore.open(tmp_path) as store:
        store.record_answer("q", 3, kind="flashcard", topic="lstm", mode="review")
    monkeypatch.undo()
    assert len(asked) == 3
    with ProgressStore.open(tmp_path) as store:
        assert store.seen_ids() == {"q"}
