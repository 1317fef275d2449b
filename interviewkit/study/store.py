"""The progress store: every answer and every card's schedule, in SQLite, never lost.

Why it is built this way:
- WAL mode and `synchronous=FULL`: a committed answer survives the process being killed (and a
  power cut); readers never block the writer, so two open apps both work.
- One `BEGIN IMMEDIATE` transaction per answer: it takes the write lock *before* reading the
  card, so two apps answering the same card queue up instead of overwriting each other, and
  the review-log row and the new card state are written together or not at all.
- A busy timeout, so the second app waits for the first instead of failing.
- A file SQLite cannot read is moved aside (`progress.db.corrupt-TIME`, with its -wal/-shm) and a
  fresh database is started, with a one-line warning in `ProgressStore.warnings`.
- Rows are never deleted: a question that left the bank keeps its history, and an undone answer
  stays in the log, marked `undone_at`, counted nowhere (its card is put back as it was).
- The learner's marks (suspended, buried, flag, note) live in `marks`, one row per question,
  answered or not; each change is one transaction.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from interviewkit import paths
from interviewkit.bank.vocabulary import Kind
from interviewkit.errors import StoreError
from interviewkit.math.verdict import Verdict
from interviewkit.study import migrations
from interviewkit.study.backup import EXPORT_FORMAT, Backup, check_backup
from interviewkit.study.id_renames import apply_renames
from interviewkit.study.modes import Mode
from interviewkit.study.records import (
    LEECH_THRESHOLD,
    STATE_NEW,
    CardInfo,
    Mark,
    ReviewRecord,
)
from interviewkit.study.scheduler import Card, Rating, State, StudyScheduler, iso, parse_iso, to_utc

DB_NAME = paths.PROGRESS_DB
BUSY_TIMEOUT_S = 15.0

_CARD_COLUMNS = (
    "question_id, card_id, state, step, stability, difficulty, due, last_review, kind, topic, "
    "reps, lapses, again_count, introduced_at"
)
_REVIEW_COLUMNS = (
    "uid, question_id, rating, reviewed_at, duration_s, kind, topic, mode, verdict, answer, "
    "state_before, state_after, stability_after, difficulty_after, due_after, undone_at"
)
_REVIEW_SLOTS = ", ".join("?" * len(_REVIEW_COLUMNS.split(",")))
_MARK_COLUMNS = "question_id, updated_at, suspended, buried_until, flag, note"
_KEPT = "undone_at IS NULL"
_CORRUPT_MARKERS = ("not a database", "malformed", "corrupt", "file is encrypted")


class _Corrupt(Exception):
    """SQLite cannot read the file as a database."""


def day_start(now: datetime) -> datetime:
    """Midnight of `now`'s day in the learner's local time zone, as a UTC datetime.

    Built from the local date rather than by zeroing the clock at `now`'s UTC offset: on the day
    daylight saving time begins or ends, midnight had another offset than the afternoon.
    """
    return _local_midnight(to_utc(now).astimezone().date())


def day_end(now: datetime) -> datetime:
    """The local midnight that ends `now`'s day, as a UTC datetime (a day may last 23 or 25
    hours, so this is not `day_start(now) + 1 day`)."""
    return _local_midnight(to_utc(now).astimezone().date() + timedelta(days=1))


def _local_midnight(day: date) -> datetime:
    # a naive datetime's astimezone() reads it as local time, with that moment's DST rules
    return datetime(day.year, day.month, day.day).astimezone(timezone.utc)


class ProgressStore:
    """The learner's progress in `<data dir>/progress.db`; open it with `ProgressStore.open()`.

    Safe to share between threads (one lock around the connection) and between processes
    (SQLite locking). Use it as a context manager, or call `close()`.
    """

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        scheduler: StudyScheduler,
        warnings: list[str] | None = None,
        *,
        found: bool = True,
    ) -> None:
        self.path = path
        self.scheduler = scheduler
        self.warnings: list[str] = list(warnings or [])
        #: False when there was no progress file: an empty store in memory stands in for it.
        self.found = found
        self._conn: sqlite3.Connection | None = conn
        self._lock = threading.RLock()

    # ----------------------------------------------------------------------------- opening
    @classmethod
    def open(
        cls,
        data_dir: str | Path | None = None,
        *,
        scheduler: StudyScheduler | None = None,
        readonly: bool = False,
    ) -> ProgressStore:
        """Open (creating or migrating) the database in the data folder.

        A damaged file is moved aside with its -wal and -shm before SQLite opens it for
        writing (see `_check_before_writing`), and a fresh database is started.

        `readonly` (`stats`, `stats --export`): create no folder and no database; without a
        progress file the store is an empty one in memory with `found` False. Works on a
        read-only folder and file; a file of an older schema is migrated in a copy in memory,
        never on disk; a damaged file is moved aside, as above, and reads as no progress.

        Raises:
            StoreError: the folder or file cannot be created or written, the disk is full, or
                another program holds the database locked for longer than the busy timeout.
        """
        path = paths.progress_db(data_dir)
        _refuse_what_is_no_file(path)
        sched = scheduler or StudyScheduler()
        if readonly:
            return cls._open_readonly(path, sched)
        paths.make_data_dir(path.parent)
        warnings: list[str] = []
        try:
            checked = _check_before_writing(path)
            conn = _connect(path, check=not checked)
        except _Corrupt:
            moved = _move_aside(path)
            warnings.append(f"{path.name} was corrupt; moved to {moved.name}; starting fresh")
            try:
                conn = _connect(path)
            except _Corrupt:  # pragma: no cover - a fresh file cannot be corrupt
                raise StoreError(f"cannot start a fresh progress database at {path}") from None
        return cls(path, conn, sched, warnings)

    @classmethod
    def _open_readonly(cls, path: Path, scheduler: StudyScheduler) -> ProgressStore:
        if not path.exists():
            return cls(path, _memory_database(), scheduler, found=False)
        try:
            conn = _connect_readonly(path)
        except _Corrupt:
            moved = _move_aside(path)
            warning = f"{path.name} was corrupt; moved to {moved.name}"
            return cls(path, _memory_database(), scheduler, [warning], found=False)
        return cls(path, conn, scheduler)

    def close(self) -> None:
        with self._lock:
            if self._conn is not None:
                self._conn.close()
                self._conn = None

    def __enter__(self) -> ProgressStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------------- writing
    def record_answer(
        self,
        question_id: str,
        rating: Rating,
        *,
        kind: Kind,
        topic: str,
        mode: Mode,
        verdict: Verdict | None = None,
        answer: str | None = None,
        duration_s: float | None = None,
        now: datetime | None = None,
        uid: str | None = None,
    ) -> CardInfo:
        """Schedule `question_id` after an answer rated `rating` (Again .. Easy).

        `uid` names the answer in the log (a fresh one by default): the caller that keeps it
        can `undo` the answer later.

        One transaction reads the card, applies FSRS, and writes the review-log row and the new
        card state together: after it returns, the answer survives anything. The closed sets
        are checked at this door too (`Mode("quiz")` from text), so the log holds no other names.
        """
        try:
            rating = Rating(rating)
        except ValueError:
            raise ValueError(f"rating must be 1 (Again) .. 4 (Easy), not {rating!r}") from None
        mode = Mode(mode)
        verdict = None if verdict is None else Verdict(verdict)
        if not question_id:
            raise ValueError("question_id must be a non-empty string")
        when = to_utc(now) if now is not None else None
        with self._write() as conn:
            # Without an explicit time, read the clock once the write lock is ours, so the log's
            # order (by time) is the order answers were applied in, even with two apps open.
            when = when or to_utc(None)
            existing = self._card_row(conn, question_id)
            if existing is None:
                card, before = self.scheduler.new_card(question_id, when), STATE_NEW
            else:
                card = existing.to_card()
                before = int(card.state)
            card_before = None if existing is None else json.dumps(card.to_dict())
            new_card, _log = self.scheduler.review(card, rating, when, duration_s)
            review = ReviewRecord(
                uid=uid or uuid.uuid4().hex,
                question_id=question_id,
                rating=rating,
                reviewed_at=when,
                duration_s=duration_s,
                kind=kind,
                topic=topic,
                mode=mode,
                verdict=verdict,
                answer=answer,
                state_before=before,
                state_after=int(new_card.state),
                stability_after=new_card.stability,
                difficulty_after=new_card.difficulty,
                due_after=new_card.due,
            )
            _insert_review(conn, review)
            conn.execute(
                "UPDATE reviews SET card_before = ? WHERE uid = ?", (card_before, review.uid)
            )
            _upsert_card(conn, question_id, new_card, kind=kind, topic=topic)
            conn.execute(migrations.RECOUNT_SQL + " WHERE question_id = ?", (question_id,))
            info = self._card_row(conn, question_id)
        assert info is not None
        return info

    def undo(self, uid: str, now: datetime | None = None) -> ReviewRecord:
        """Take back the answer `uid`: its card goes back to what it was before it (its rating
        and its schedule), and the answer stays in the log, marked undone, counting nowhere.

        Only a card's latest answer can be undone (a later one was scheduled from it).

        Raises:
            StoreError: no such answer, undone already, or not the card's latest.
        """
        with self._write() as conn:
            row = conn.execute(
                f"SELECT {_REVIEW_COLUMNS}, card_before FROM reviews WHERE uid = ?", (uid,)
            ).fetchone()
            if row is None:
                raise StoreError(f"no answer {uid} in the progress database")
            review, card_before = _review_from_row(row[:-1]), row[-1]
            if review.undone_at is not None:
                raise StoreError(f"that answer to {review.question_id} was undone already")
            latest = conn.execute(
                f"SELECT uid FROM reviews WHERE question_id = ? AND {_KEPT} "
                "ORDER BY reviewed_at DESC, id DESC LIMIT 1",
                (review.question_id,),
            ).fetchone()
            if latest is None or latest[0] != uid:
                raise StoreError(
                    f"only the last answer to {review.question_id} can be undone",
                    hint="a later answer was scheduled from this one",
                )
            when = to_utc(now)
            conn.execute("UPDATE reviews SET undone_at = ? WHERE uid = ?", (iso(when), uid))
            self._put_back(conn, review.question_id, card_before)
        return replace(review, undone_at=when)

    def _put_back(self, conn: sqlite3.Connection, question_id: str, card_json: str | None) -> None:
        """The card as it was before its latest answer (`card_json`, None: never answered)."""
        if card_json is None:
            remaining = conn.execute(
                f"SELECT COUNT(*) FROM reviews WHERE question_id = ? AND {_KEPT}", (question_id,)
            ).fetchone()[0]
            if remaining:  # an import brought answers without their cards: replay them
                self._rebuild_card(conn, question_id)
            else:
                conn.execute("DELETE FROM cards WHERE question_id = ?", (question_id,))
                return
        else:
            card = Card.from_dict(json.loads(card_json))
            _upsert_card(conn, question_id, card, kind=None, topic=None)
        conn.execute(migrations.RECOUNT_SQL + " WHERE question_id = ?", (question_id,))

    # ----------------------------------------------------------------------------- marks
    def marks(self) -> dict[str, Mark]:
        """The learner's marks by question id (questions with none are left out)."""
        with self._read() as conn:
            rows = conn.execute(f"SELECT {_MARK_COLUMNS} FROM marks").fetchall()
        return {r[0]: _mark_from_row(r) for r in rows}

    def mark(self, question_id: str) -> Mark | None:
        with self._read() as conn:
            return _mark_row(conn, question_id)

    def suspend(
        self, question_id: str, suspended: bool = True, now: datetime | None = None
    ) -> Mark:
        """Take the question out of every session (or put it back); one transaction."""
        return self._set_mark(question_id, now, suspended=bool(suspended))

    def bury(self, question_id: str, until: datetime | None, now: datetime | None = None) -> Mark:
        """Keep the question out of review until `until` (None: unbury); one transaction."""
        return self._set_mark(
            question_id, now, buried_until=None if until is None else to_utc(until)
        )

    def set_flag(self, question_id: str, flag: int, now: datetime | None = None) -> Mark:
        """Flag the question (`records.FLAGS`: 0 none, 1 red, 2 orange, 3 green, 4 blue)."""
        from interviewkit.study.records import FLAGS

        if isinstance(flag, bool) or flag not in FLAGS:
            raise ValueError(f"flag must be one of {', '.join(map(str, FLAGS))}, not {flag!r}")
        return self._set_mark(question_id, now, flag=int(flag))

    def set_note(self, question_id: str, note: str, now: datetime | None = None) -> Mark:
        """The learner's own note on the question ("" removes it)."""
        from interviewkit.study.records import MAX_NOTE

        note = note.strip()
        if len(note) > MAX_NOTE:
            raise StoreError(f"a note holds at most {MAX_NOTE} characters, not {len(note)}")
        return self._set_mark(question_id, now, note=note)

    def _set_mark(self, question_id: str, now: datetime | None, **change: Any) -> Mark:
        if not question_id:
            raise ValueError("question_id must be a non-empty string")
        with self._write() as conn:
            old = _mark_row(conn, question_id) or Mark(question_id, to_utc(now))
            new = replace(old, updated_at=to_utc(now), **change)
            _upsert_mark(conn, new)
        return new

    # ----------------------------------------------------------------------------- reading
    def card_info(self, question_id: str) -> CardInfo | None:
        """The card of `question_id`, or None if it was never answered."""
        with self._read() as conn:
            return self._card_row(conn, question_id)

    def cards(self) -> list[CardInfo]:
        """Every card ever answered, including those whose question left the bank."""
        with self._read() as conn:
            rows = conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards ORDER BY question_id")
            return [_card_from_row(r) for r in rows.fetchall()]

    def reviews(
        self, question_id: str | None = None, *, undone: bool = False
    ) -> list[ReviewRecord]:
        """The review log, oldest first (of one question, or all); the undone answers too
        with `undone`."""
        where = [] if undone else [_KEPT]
        params: tuple[Any, ...] = ()
        if question_id is not None:
            where.append("question_id = ?")
            params = (question_id,)
        sql = f"SELECT {_REVIEW_COLUMNS} FROM reviews"
        if where:
            sql += " WHERE " + " AND ".join(where)
        with self._read() as conn:
            rows = conn.execute(sql + " ORDER BY reviewed_at, id", params).fetchall()
        return [_review_from_row(r) for r in rows]

    def due_ids(self, now: datetime | None = None) -> set[str]:
        """Ids of the cards due at `now` (default: now)."""
        with self._read() as conn:
            rows = conn.execute("SELECT question_id FROM cards WHERE due <= ?", (iso(to_utc(now)),))
            return {r[0] for r in rows.fetchall()}

    def seen_ids(self) -> set[str]:
        """Ids of every question answered at least once."""
        with self._read() as conn:
            return {r[0] for r in conn.execute("SELECT question_id FROM cards").fetchall()}

    def new_introduced_today(self, now: datetime | None = None) -> int:
        """How many new cards Review introduced today (local day), for the daily new limit.

        Only Review spends the day's new cards: a question first answered in a quiz, a mock or
        the lab is scheduled too, but it does not count here (docs/progress.md).
        """
        when = to_utc(now)
        with self._read() as conn:
            row = conn.execute(
                f"SELECT COUNT(*) FROM reviews WHERE {_KEPT} AND mode = ? AND state_before = ? "
                "AND reviewed_at >= ? AND reviewed_at <= ?",
                (Mode.REVIEW.value, STATE_NEW, iso(day_start(when)), iso(when)),
            ).fetchone()
        return int(row[0])

    def leeches(self) -> list[str]:
        """Ids of the cards rated Again `LEECH_THRESHOLD` (8) times or more, worst first."""
        with self._read() as conn:
            rows = conn.execute(
                "SELECT question_id FROM cards WHERE again_count >= ? "
                "ORDER BY again_count DESC, question_id",
                (LEECH_THRESHOLD,),
            )
            return [r[0] for r in rows.fetchall()]

    def schema_version(self) -> int:
        with self._read() as conn:
            return migrations.schema_version(conn)

    # ----------------------------------------------------------------------------- export
    def export_data(self) -> dict[str, Any]:
        """The whole history as plain JSON-able data: cards, the review log (undone answers
        too, marked) and the learner's marks."""
        with self._read() as conn:
            conn.execute("BEGIN")  # one consistent snapshot of the tables
            try:
                cards = conn.execute(f"SELECT {_CARD_COLUMNS} FROM cards ORDER BY question_id")
                card_dicts = [_card_from_row(r).to_dict() for r in cards.fetchall()]
                reviews = conn.execute(
                    f"SELECT {_REVIEW_COLUMNS} FROM reviews ORDER BY reviewed_at, id"
                )
                review_dicts = [_review_from_row(r).to_dict() for r in reviews.fetchall()]
                marks = conn.execute(f"SELECT {_MARK_COLUMNS} FROM marks ORDER BY question_id")
                mark_dicts = [_mark_from_row(r).to_dict() for r in marks.fetchall()]
            finally:
                conn.execute("COMMIT")
        return {
            "format": EXPORT_FORMAT,
            "schema_version": migrations.CURRENT_VERSION,
            "exported_at": iso(datetime.now(timezone.utc)),
            "cards": card_dicts,
            "reviews": review_dicts,
            "marks": mark_dicts,
        }

    def import_data(self, data: dict[str, Any]) -> int:
        """Merge an export (parsed JSON) into this store; returns how many reviews were new.

        Every field is checked first (`study.backup.check_backup`): a bad file is refused whole.
        """
        return self.import_backup(check_backup(data))

    def import_backup(self, backup: Backup) -> int:
        """Merge a checked backup into this store, in one transaction; returns how many reviews
        were new.

        Reviews already present (same uid) are skipped, so importing twice changes nothing; one
        undone there is undone here. A card takes the imported state when that state is from a
        later review than ours, a mark when it was changed later than ours.
        """
        reviews, cards, marks = backup.reviews, backup.cards, backup.marks
        added = 0
        touched: set[str] = set()
        with self._write() as conn:
            for review in reviews:
                cur = conn.execute(
                    f"INSERT OR IGNORE INTO reviews ({_REVIEW_COLUMNS}) VALUES ({_REVIEW_SLOTS})",
                    _review_params(review),
                )
                if cur.rowcount:
                    added += 1
                    touched.add(review.question_id)
                elif review.undone_at is not None:
                    self._undone_elsewhere(conn, review)
            for mark in marks:
                held = _mark_row(conn, mark.question_id)
                if held is None or mark.updated_at > held.updated_at:
                    _upsert_mark(conn, mark)
            for info in cards:
                mine = self._card_row(conn, info.question_id)
                if mine is None or _later(info.last_review, mine.last_review):
                    _upsert_card(
                        conn, info.question_id, info.to_card(), kind=info.kind, topic=info.topic
                    )
                touched.add(info.question_id)
            for question_id in sorted(touched):
                if self._card_row(conn, question_id) is None:
                    self._rebuild_card(conn, question_id)
                conn.execute(migrations.RECOUNT_SQL + " WHERE question_id = ?", (question_id,))
            apply_renames(conn)  # an export from before a rename
        return added

    # ----------------------------------------------------------------------------- internals
    def _undone_elsewhere(self, conn: sqlite3.Connection, review: ReviewRecord) -> None:
        """An imported answer we hold was undone in the other store: undo it here too, and put
        its card back when it was the card's latest answer."""
        row = conn.execute(
            f"SELECT card_before FROM reviews WHERE uid = ? AND {_KEPT}", (review.uid,)
        ).fetchone()
        if row is None:
            return  # undone here already
        latest = conn.execute(
            f"SELECT uid FROM reviews WHERE question_id = ? AND {_KEPT} "
            "ORDER BY reviewed_at DESC, id DESC LIMIT 1",
            (review.question_id,),
        ).fetchone()
        conn.execute(
            "UPDATE reviews SET undone_at = ? WHERE uid = ?",
            (iso(review.undone_at or to_utc(None)), review.uid),
        )
        if latest is not None and latest[0] == review.uid:
            self._put_back(conn, review.question_id, row[0])
        else:
            conn.execute(migrations.RECOUNT_SQL + " WHERE question_id = ?", (review.question_id,))

    def _rebuild_card(self, conn: sqlite3.Connection, question_id: str) -> None:
        """A card from its review log alone (an import that carried reviews but no card)."""
        rows = conn.execute(
            "SELECT rating, reviewed_at, kind, topic FROM reviews WHERE question_id = ? "
            f"AND {_KEPT} ORDER BY reviewed_at, id",
            (question_id,),
        ).fetchall()
        if not rows:
            return
        card = self.scheduler.new_card(question_id, parse_iso(rows[0][1]))
        for rating, reviewed_at, _kind, _topic in rows:
            card, _ = self.scheduler.review(card, Rating(rating), parse_iso(reviewed_at))
        _upsert_card(conn, question_id, card, kind=rows[-1][2], topic=rows[-1][3])

    @staticmethod
    def _card_row(conn: sqlite3.Connection, question_id: str) -> CardInfo | None:
        row = conn.execute(
            f"SELECT {_CARD_COLUMNS} FROM cards WHERE question_id = ?", (question_id,)
        ).fetchone()
        return None if row is None else _card_from_row(row)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError("the progress store is closed")
        return self._conn

    @contextlib.contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._lock, _sqlite_errors(self.path):
            yield self._connection()

    @contextlib.contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        with self._lock, _sqlite_errors(self.path), _transaction(self._connection()) as conn:
            yield conn


# --------------------------------------------------------------------------------- helpers
@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """`BEGIN IMMEDIATE` (the write lock before any read) ... `COMMIT`; `ROLLBACK` on any
    exception, so a write, an import or a migration is all there or not at all."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _refuse_what_is_no_file(path: Path) -> None:
    """A folder, a named pipe or a device where the database or its -wal/-shm file belongs:
    say so, not SQLite's words (nor wait for ever on a pipe nobody writes to)."""
    for place in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if place.is_dir():
            raise StoreError(
                f"{place} is a folder, where interviewkit keeps its progress database",
                hint="move that folder away, or pass --data-dir or set INTERVIEWKIT_DATA",
            )
        if place.exists() and not place.is_file():
            what = "a named pipe" if place.is_fifo() else "a device or socket"
            raise StoreError(
                f"{place} is not a regular file ({what}), where interviewkit keeps its "
                "progress database",
                hint="move it away, or pass --data-dir or set INTERVIEWKIT_DATA",
            )


def _readonly_uri(path: Path, *, immutable: bool = False) -> str:
    """The SQLite URI that opens `path` read-only (percent-encoded: a `?` or `#` in a folder
    name must not end the path)."""
    return path.absolute().as_uri() + ("?mode=ro&immutable=1" if immutable else "?mode=ro")


def _check_before_writing(path: Path) -> bool:
    """Check an existing database read-only before it is opened for writing; `_Corrupt` if it
    is damaged. Returns whether the check ran.

    Why first and read-only: a writing connection replays the -wal file into the database
    when it closes, so a damaged file moved aside afterwards would no longer be the bytes it
    was. A read-only connection never writes the database or the -wal (at most it rebuilds the
    -shm index), so the three files are moved aside as they were.
    """
    if not path.is_file() or path.stat().st_size == 0:
        return False
    conn: sqlite3.Connection | None = None
    try:
        conn = sqlite3.connect(_readonly_uri(path), uri=True, timeout=BUSY_TIMEOUT_S)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as exc:
        if _is_corrupt(exc):
            raise _Corrupt(str(exc)) from None
        return False  # locked, or no right to make the -shm: the writing open says why
    finally:
        if conn is not None:
            conn.close()
    if check != "ok":
        raise _Corrupt(check)
    return True


def _connect_readonly(path: Path) -> sqlite3.Connection:
    """A read-only connection to `path`, checked, at the current schema; `_Corrupt` if damaged.

    In a folder it may not write, SQLite cannot make the -shm file WAL mode reads through;
    when no -wal file exists there is nothing such a file would add, and the database is read
    as immutable instead.
    """
    with _opening(path) as opened:
        try:
            opened.append(_readonly(path, immutable=False))
        except sqlite3.OperationalError as exc:
            wal = path.with_name(path.name + "-wal")
            if _is_corrupt(exc) or wal.exists() or not _cannot_write(exc):
                raise
            opened.append(_readonly(path, immutable=True))
        old = _refuse_newer(opened[-1], path) < migrations.CURRENT_VERSION
        if old or _renames_pending(opened[-1]):
            opened.append(_memory_database(copy_of=opened[-1]))
        return opened[-1]


def _renames_pending(conn: sqlite3.Connection) -> bool:
    """Whether a renamed question's old id still has progress here (`study.id_renames`)."""
    from interviewkit.bank.renames import RENAMES

    return any(
        conn.execute(f"SELECT 1 FROM {table} WHERE question_id = ? LIMIT 1", (old,)).fetchone()
        for old in RENAMES
        for table in ("cards", "reviews")
    )


def _readonly(path: Path, *, immutable: bool) -> sqlite3.Connection:
    conn = sqlite3.connect(
        _readonly_uri(path, immutable=immutable),
        uri=True,
        timeout=BUSY_TIMEOUT_S,
        isolation_level=None,
        check_same_thread=False,
    )
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except BaseException:
        conn.close()
        raise
    if check != "ok":
        conn.close()
        raise _Corrupt(check)
    return conn


def _cannot_write(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "readonly" in text or "read-only" in text or "unable to open" in text


def _memory_database(copy_of: sqlite3.Connection | None = None) -> sqlite3.Connection:
    """An in-memory database at the current schema: empty, or a copy of `copy_of` (which is
    closed) migrated and with renamed ids moved, so that reading never writes the file."""
    conn = sqlite3.connect(":memory:", isolation_level=None, check_same_thread=False)
    if copy_of is not None:
        copy_of.backup(conn)
        copy_of.close()
    with _transaction(conn):
        migrations.migrate(conn)
        apply_renames(conn)
    return conn


def _connect(path: Path, *, check: bool = True) -> sqlite3.Connection:
    """Open, configure, check (unless `check` is False: `_check_before_writing` did) and
    migrate the database; `_Corrupt` if SQLite cannot read it."""
    with _opening(path) as opened:
        conn = sqlite3.connect(
            path, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        opened.append(conn)
        conn.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        mode = _wal_mode(conn)
        if str(mode).lower() != "wal":
            raise StoreError(f"cannot use WAL mode for {path} (got {mode!r})")
        # The opening write below needs no fsync (~15 ms before the first screen): in WAL mode
        # a transaction is all there or not at all whatever this setting, and losing a
        # migration or the time of opening to a power cut only means doing it again next time.
        # Every answer after it is written with FULL (set at the end).
        conn.execute("PRAGMA synchronous = NORMAL")
        result = conn.execute("PRAGMA quick_check").fetchone()[0] if check else "ok"
        if result != "ok":
            raise _Corrupt(result)
        with _transaction(conn):
            migrations.migrate(conn)
            _refuse_newer(conn, path)
            apply_renames(conn)  # progress follows a renamed question
            # A write on every open: an unwritable file fails here, not mid-session.
            conn.execute(
                "INSERT OR REPLACE INTO meta (key, value) VALUES ('last_opened', ?)",
                (iso(datetime.now(timezone.utc)),),
            )
        conn.execute("PRAGMA synchronous = FULL")
    return conn


@contextlib.contextmanager
def _opening(path: Path) -> Iterator[list[sqlite3.Connection]]:
    """Around opening `path`: the connections added to the yielded list are closed if anything
    fails; SQLite's words for a damaged file become `_Corrupt`, its other errors StoreError."""
    opened: list[sqlite3.Connection] = []
    try:
        with _sqlite_errors(path):
            try:
                yield opened
            except sqlite3.DatabaseError as exc:
                if _is_corrupt(exc):
                    raise _Corrupt(str(exc)) from None
                raise
    except BaseException:
        for conn in opened:
            conn.close()
        raise


def _refuse_newer(conn: sqlite3.Connection, path: Path) -> int:
    """The database's schema version; a StoreError if a newer interviewkit wrote it."""
    version = migrations.schema_version(conn)
    if version > migrations.CURRENT_VERSION:
        raise StoreError(
            f"{path} was written by a newer interviewkit (schema {version}, "
            f"this one knows {migrations.CURRENT_VERSION})",
            hint="upgrade interviewkit",
        )
    return version


def _wal_mode(conn: sqlite3.Connection) -> str:
    """`PRAGMA journal_mode = WAL`, retried until the busy timeout: when two programs open a
    new file at once, the switch can deadlock, and SQLite then answers 'database is locked'
    at once instead of waiting, so the second interviewkit would fail to start."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc).lower() or time.monotonic() >= deadline:
                raise
            time.sleep(0.01)


def _is_corrupt(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return isinstance(exc, sqlite3.DatabaseError) and any(m in text for m in _CORRUPT_MARKERS)


@contextlib.contextmanager
def _sqlite_errors(path: Path) -> Iterator[None]:
    """Turn SQLite's errors into a StoreError a person can act on."""
    try:
        yield
    except sqlite3.DatabaseError as exc:
        if _is_corrupt(exc):
            raise StoreError(
                f"the progress database {path} is damaged: {exc}",
                hint="restart interviewkit: it moves the file aside and starts a fresh one",
            ) from None
        text = str(exc).lower()
        if "disk is full" in text or "disk full" in text:
            raise StoreError(
                f"the disk holding {path} is full: this could not be saved",
                hint="free some space and try again; what was saved before is kept",
            ) from None
        if "disk i/o error" in text:
            raise StoreError(
                f"cannot read or write {path}: the disk reported an input/output error",
                hint="check the disk, or pass --data-dir to use another folder",
            ) from None
        if "locked" in text or "busy" in text:
            raise StoreError(
                f"{path} is locked by another program for more than {BUSY_TIMEOUT_S:.0f} s",
                hint="close the other interviewkit and try again",
            ) from None
        if "readonly" in text or "read-only" in text or "unable to open" in text:
            raise StoreError(
                f"cannot write the progress database {path}: {exc}",
                hint="pass --data-dir or set INTERVIEWKIT_DATA to a folder you can write",
            ) from None
        raise StoreError(f"progress database {path}: {exc}") from None


def _move_aside(path: Path) -> Path:
    """Rename a corrupt database (and its -wal/-shm) to `NAME.corrupt-TIME`; return the new path."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        # The side files first: were we killed between the renames, no stale WAL would be
        # left to be replayed into the fresh database (the corrupt file is found again).
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
        path.rename(target)
    except OSError as exc:
        raise StoreError(
            f"{path} is corrupt and could not be moved aside: {exc.strerror or exc}",
            hint="move or delete it yourself",
        ) from None
    return target


def _later(a: datetime | None, b: datetime | None) -> bool:
    if a is None:
        return False
    return b is None or a > b


def _upsert_card(
    conn: sqlite3.Connection, question_id: str, card: Card, *, kind: Kind | None, topic: str | None
) -> None:
    conn.execute(
        "INSERT INTO cards (question_id, card_id, state, step, stability, difficulty, due, "
        "last_review, kind, topic) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT (question_id) DO UPDATE SET card_id = excluded.card_id, "
        "state = excluded.state, step = excluded.step, stability = excluded.stability, "
        "difficulty = excluded.difficulty, due = excluded.due, "
        "last_review = excluded.last_review, kind = COALESCE(excluded.kind, cards.kind), "
        "topic = COALESCE(excluded.topic, cards.topic)",
        (
            question_id,
            card.card_id,
            int(card.state),
            card.step,
            card.stability,
            card.difficulty,
            iso(card.due),
            iso(card.last_review) if card.last_review else None,
            kind,
            topic,
        ),
    )


def _review_params(r: ReviewRecord) -> tuple[Any, ...]:
    return (
        r.uid,
        r.question_id,
        r.rating,
        iso(r.reviewed_at),
        r.duration_s,
        r.kind,
        r.topic,
        r.mode,
        r.verdict,
        r.answer,
        r.state_before,
        r.state_after,
        r.stability_after,
        r.difficulty_after,
        iso(r.due_after) if r.due_after else None,
        iso(r.undone_at) if r.undone_at else None,
    )


def _insert_review(conn: sqlite3.Connection, review: ReviewRecord) -> None:
    conn.execute(
        f"INSERT INTO reviews ({_REVIEW_COLUMNS}) VALUES ({_REVIEW_SLOTS})",
        _review_params(review),
    )


def _card_from_row(row: tuple[Any, ...]) -> CardInfo:
    (qid, card_id, state, step, stab, diff, due, last, kind, topic, reps, lapses, again, intro) = (
        row
    )
    return CardInfo(
        question_id=qid,
        card_id=int(card_id),
        state=State(int(state)),
        step=step,
        stability=stab,
        difficulty=diff,
        due=parse_iso(due),
        last_review=parse_iso(last) if last else None,
        kind=kind,
        topic=topic,
        reps=int(reps),
        lapses=int(lapses),
        again_count=int(again),
        introduced_at=parse_iso(intro) if intro else None,
    )


def _review_from_row(row: tuple[Any, ...]) -> ReviewRecord:
    return ReviewRecord(
        uid=row[0],
        question_id=row[1],
        rating=Rating(row[2]),
        reviewed_at=parse_iso(row[3]),
        duration_s=row[4],
        kind=row[5],
        topic=row[6],
        mode=Mode(row[7]) if row[7] else None,
        verdict=Verdict(row[8]) if row[8] else None,
        answer=row[9],
        state_before=row[10],
        state_after=row[11],
        stability_after=row[12],
        difficulty_after=row[13],
        due_after=parse_iso(row[14]) if row[14] else None,
        undone_at=parse_iso(row[15]) if row[15] else None,
    )


def _mark_from_row(row: tuple[Any, ...]) -> Mark:
    qid, updated, suspended, buried, flag, note = row
    return Mark(
        question_id=qid,
        updated_at=parse_iso(updated),
        suspended=bool(suspended),
        buried_until=parse_iso(buried) if buried else None,
        flag=int(flag),
        note=note or "",
    )


def _mark_row(conn: sqlite3.Connection, question_id: str) -> Mark | None:
    row = conn.execute(
        f"SELECT {_MARK_COLUMNS} FROM marks WHERE question_id = ?", (question_id,)
    ).fetchone()
    return None if row is None else _mark_from_row(row)


def _upsert_mark(conn: sqlite3.Connection, mark: Mark) -> None:
    conn.execute(
        f"INSERT OR REPLACE INTO marks ({_MARK_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
        (
            mark.question_id,
            iso(mark.updated_at),
            int(mark.suspended),
            iso(mark.buried_until) if mark.buried_until else None,
            mark.flag,
            mark.note,
        ),
    )


__all__ = [
    "BUSY_TIMEOUT_S",
    "DB_NAME",
    "CardInfo",
    "ProgressStore",
    "ReviewRecord",
    "day_end",
    "day_start",
]
