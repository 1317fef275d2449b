"""The progress database's schema, by version, and the steps from each version to the next.

A fresh database is created at version 1 and migrated like any old one, so the path an old
user's file takes is the path every test takes. Every step runs inside the caller's
transaction (`BEGIN IMMEDIATE`): a migration either completes or leaves the file untouched.

Version 1 kept the FSRS card as a JSON blob and only the rating and time of each review.
Version 2 keeps the card's fields as columns (the due date is indexed), a review's context
(kind, topic, mode, verdict, answer), the card state before and after it, a unique id per review
(so an import never counts one twice), and a `meta` table.
Version 3 lets an answer be undone (`reviews.undone_at`, and `card_before`: the card as it was,
to put back) and keeps the learner's marks on a question (`marks`: suspended, buried until,
flag, note), for questions never answered too.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable

from interviewkit.study.records import STATE_NEW
from interviewkit.study.scheduler import Card, Rating, State, StudyScheduler, iso, parse_iso

CURRENT_VERSION = 3

SCHEMA_V1: tuple[str, ...] = (
    "CREATE TABLE schema_version (version INTEGER NOT NULL)",
    "INSERT INTO schema_version (version) VALUES (1)",
    "CREATE TABLE cards (question_id TEXT PRIMARY KEY, card TEXT NOT NULL)",
    """CREATE TABLE reviews (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        question_id TEXT NOT NULL,
        rating INTEGER NOT NULL,
        reviewed_at TEXT NOT NULL,
        duration_s REAL
    )""",
    "CREATE INDEX reviews_question ON reviews (question_id)",
)

_V2_STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE cards RENAME TO cards_v1",
    """CREATE TABLE cards (
        question_id TEXT PRIMARY KEY,
        card_id INTEGER NOT NULL,
        state INTEGER NOT NULL,
        step INTEGER,
        stability REAL,
        difficulty REAL,
        due TEXT NOT NULL,
        last_review TEXT,
        kind TEXT,
        topic TEXT,
        reps INTEGER NOT NULL DEFAULT 0,
        lapses INTEGER NOT NULL DEFAULT 0,
        again_count INTEGER NOT NULL DEFAULT 0,
        introduced_at TEXT
    )""",
    "CREATE INDEX cards_due ON cards (due)",
    "CREATE INDEX cards_introduced ON cards (introduced_at)",
    "ALTER TABLE reviews ADD COLUMN uid TEXT",
    "ALTER TABLE reviews ADD COLUMN kind TEXT",
    "ALTER TABLE reviews ADD COLUMN topic TEXT",
    "ALTER TABLE reviews ADD COLUMN mode TEXT",
    "ALTER TABLE reviews ADD COLUMN verdict TEXT",
    "ALTER TABLE reviews ADD COLUMN answer TEXT",
    "ALTER TABLE reviews ADD COLUMN state_before INTEGER",
    "ALTER TABLE reviews ADD COLUMN state_after INTEGER",
    "ALTER TABLE reviews ADD COLUMN stability_after REAL",
    "ALTER TABLE reviews ADD COLUMN difficulty_after REAL",
    "ALTER TABLE reviews ADD COLUMN due_after TEXT",
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)

_V3_STATEMENTS: tuple[str, ...] = (
    "ALTER TABLE reviews ADD COLUMN undone_at TEXT",
    "ALTER TABLE reviews ADD COLUMN card_before TEXT",
    """CREATE TABLE marks (
        question_id TEXT PRIMARY KEY,
        suspended INTEGER NOT NULL DEFAULT 0,
        buried_until TEXT,
        flag INTEGER NOT NULL DEFAULT 0,
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    )""",
)

#: The reviews that count: an undone answer stays in the log, marked, and counts nowhere.
KEPT = "r.undone_at IS NULL"

RECOUNT_SQL = f"""
UPDATE cards SET
    reps = (SELECT COUNT(*) FROM reviews r WHERE r.question_id = cards.question_id AND {KEPT}),
    again_count = (SELECT COUNT(*) FROM reviews r
                   WHERE r.question_id = cards.question_id AND r.rating = {int(Rating.Again)}
                   AND {KEPT}),
    lapses = (SELECT COUNT(*) FROM reviews r
              WHERE r.question_id = cards.question_id AND r.rating = {int(Rating.Again)}
              AND r.state_before = {int(State.Review)} AND {KEPT}),
    introduced_at = (SELECT MIN(reviewed_at) FROM reviews r
                     WHERE r.question_id = cards.question_id AND {KEPT})
"""


def create_v1(conn: sqlite3.Connection) -> None:
    """Write the version-1 schema into an empty database (inside the caller's transaction)."""
    for statement in SCHEMA_V1:
        conn.execute(statement)


def _v1_to_v2(conn: sqlite3.Connection) -> None:
    for statement in _V2_STATEMENTS:
        conn.execute(statement)
    for question_id, blob in conn.execute("SELECT question_id, card FROM cards_v1").fetchall():
        stored = Card.from_dict(json.loads(blob))
        conn.execute(
            "INSERT INTO cards (question_id, card_id, state, step, stability, difficulty, due, "
            "last_review) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                question_id,
                stored.card_id,
                int(stored.state),
                stored.step,
                stored.stability,
                stored.difficulty,
                iso(stored.due),
                iso(stored.last_review) if stored.last_review else None,
            ),
        )
    conn.execute("DROP TABLE cards_v1")
    # Version 1 did not keep the state around each review: replay the log (without fuzzing;
    # states and stabilities do not depend on it) to recover it, so retention counts them.
    replay = StudyScheduler(enable_fuzzing=False)
    rows = conn.execute(
        "SELECT id, question_id, rating, reviewed_at FROM reviews ORDER BY question_id, "
        "reviewed_at, id"
    ).fetchall()
    current = None
    for review_id, question_id, rating, reviewed_at in rows:
        when = parse_iso(reviewed_at)
        if question_id != current:  # rows come grouped by question: a new one starts afresh
            current, card = question_id, replay.new_card(question_id, when)
            before = STATE_NEW
        else:
            before = int(card.state)
        card, _ = replay.review(card, Rating(rating), when)
        conn.execute(
            "UPDATE reviews SET uid = ?, state_before = ?, state_after = ?, stability_after = ?, "
            "difficulty_after = ?, due_after = ? WHERE id = ?",
            (
                uuid.uuid4().hex,
                before,
                int(card.state),
                card.stability,
                card.difficulty,
                iso(card.due),
                review_id,
            ),
        )
    conn.execute("CREATE UNIQUE INDEX reviews_uid ON reviews (uid)")
    conn.execute("CREATE INDEX reviews_time ON reviews (reviewed_at)")
    conn.execute(RECOUNT_SQL.replace(f"AND {KEPT}", ""))  # version 2 has no undone_at yet


def _v2_to_v3(conn: sqlite3.Connection) -> None:
    for statement in _V3_STATEMENTS:
        conn.execute(statement)


#: version -> the step that takes a database from that version to the next.
MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def schema_version(conn: sqlite3.Connection) -> int:
    """The database's version; 0 when it has no schema yet."""
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, target: int = CURRENT_VERSION) -> int:
    """Bring the database to `target` (creating it at version 1 if empty); returns the old version.

    Call inside a write transaction. A database newer than `target` is left alone; the caller
    decides what to say about it.
    """
    start = version = schema_version(conn)
    if version == 0:
        create_v1(conn)
        version = 1
    while version < target:
        MIGRATIONS[version](conn)
        version += 1
        conn.execute("UPDATE schema_version SET version = ?", (version,))
    return start
